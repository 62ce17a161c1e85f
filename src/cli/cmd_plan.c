/* prio plan — fill a sprint from the top of the backlog. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_out.h"
#include "prio/error.h"
#include "prio/json.h"

/* Capacities and efforts above this are refused as typos. */
#define PLAN_MAX 1e9

enum plan_why { PLAN_TAKEN, PLAN_NO_EFFORT, PLAN_TOO_BIG, PLAN_WAITS };

/* One ready story the walk looked at. */
struct plan_item {
	const struct prio_story *story;
	enum plan_why why;
	bool has_effort;
	double effort;
	char *bad_effort;       /* the effort as written, when no number */
	const char **waits;     /* open dependencies not taken (borrowed) */
	size_t nwaits;
};

struct plan {
	double capacity, used;
	struct plan_item *items;
	size_t n, cap;
	size_t ntaken;
};

/*
 * A plain non-negative decimal ("5", "0.5", "13"): digits, at most one
 * '.', digits on both sides of it.  No signs, exponents, "inf" or hex,
 * so what the user reads is the number prio uses.
 */
static bool
parse_amount(const char *s, double *out)
{
	size_t i, dots = 0;
	char *end;

	if (s == NULL || *s == '\0' || *s == '.')
		return false;
	for (i = 0; s[i]; i++) {
		if (s[i] == '.' && dots++ == 0 && s[i + 1] != '\0')
			continue;
		if (s[i] < '0' || s[i] > '9')
			return false;
	}
	*out = strtod(s, &end);
	return *end == '\0' && isfinite(*out) && *out <= PLAN_MAX;
}

/* A sum of decimals without binary noise: 0.1 + 0.2 shows as 0.3. */
static double
tidy(double d)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%.10g", d);
	return strtod(buf, NULL);
}

static void
amount_text(char *buf, size_t size, double d)
{
	snprintf(buf, size, "%.10g", tidy(d));
}

/* The status plan draws from: the ready role's, or the first status
 * that needs criteria when no status plays it (as before roles). */
static const char *
ready_status(const struct prio_config *cfg)
{
	const char *ready = prio_config_role(cfg, PRIO_ROLE_READY);

	return ready ? ready : cfg->statuses[cfg->criteria_from];
}

/*
 * The bytes of a story file up to and including the line that closes its
 * front matter ("---" or "..."), or all len when there is none: effort
 * is a front-matter field, and parsing the body too (its Markdown) would
 * cost most of the time of a plan.
 */
static size_t
front_matter_len(const char *data, size_t len)
{
	const char *p = memchr(data, '\n', len), *end = data + len, *nl;
	size_t n;

	while (p && p + 1 < end) {
		p++;
		nl = memchr(p, '\n', (size_t)(end - p));
		n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		while (n > 0 && (p[n - 1] == '\r' || p[n - 1] == ' ' ||
		    p[n - 1] == '\t'))
			n--;
		if (n == 3 && (memcmp(p, "---", 3) == 0 ||
		    memcmp(p, "...", 3) == 0))
			return nl ? (size_t)(nl - data) + 1 : len;
		p = nl;
	}
	return len;
}

/* Reads s's effort from its file (the backlog keeps no fields). */
static int
read_effort(struct cli *cli, struct prio_story_parser *p,
    struct plan_item *it)
{
	const struct prio_story *s = it->story;
	struct prio_diags ignored = PRIO_DIAGS_INIT;
	struct prio_buf data = PRIO_BUF_INIT;
	const struct prio_field *f;
	struct prio_story *full;
	char *why = NULL;

	if (prio_source_read(cli->source, s->path,
	    cli->backlog->config->max_file_size, &data, &why) != PRIO_OK) {
		cli_error("cannot read %s (%s): %s; run the command again",
		    s->id, s->path, why ? why : "unknown error");
		free(why);
		prio_buf_free(&data);
		return EXIT_FAILURE_;
	}
	full = prio_story_parser_parse(p, s->path, data.ptr,
	    front_matter_len(data.ptr, data.len), &ignored);
	f = prio_story_field(full, "effort");
	if (f && f->kind == PRIO_FIELD_SCALAR && f->value && *f->value) {
		if (parse_amount(f->value, &it->effort))
			it->has_effort = true;
		else
			it->bad_effort = prio_xstrdup(f->value);
	} else if (f)
		it->bad_effort = prio_xstrdup(f->kind == PRIO_FIELD_SCALAR ?
		    "" : "a list");
	prio_story_free(full);
	prio_diags_free(&ignored);
	prio_buf_free(&data);
	return EXIT_OK;
}

/* The open dependencies of it's story that the plan has not taken. */
static void
find_waits(const struct prio_backlog *b, const bool *taken,
    struct plan_item *it)
{
	const struct prio_story *s = it->story, *d;
	size_t i;

	it->waits = prio_xcalloc(s->ndepends_on + 1, sizeof(*it->waits));
	for (i = 0; i < s->ndepends_on; i++) {
		d = prio_backlog_find(b, s->depends_on[i]);
		if (d && d->terminal)
			continue;
		if (d && d->position && taken[d->position - 1])
			continue;
		it->waits[it->nwaits++] = s->depends_on[i];
	}
}

/*
 * Walks the open stories in backlog order and takes each ready one
 * whose effort fits what is left and whose open dependencies are taken
 * already.  The walk ends when nothing is left.
 */
static int
make_plan(struct cli *cli, struct plan *pl)
{
	const struct prio_backlog *b = cli->backlog;
	const char *ready = ready_status(b->config);
	struct prio_story_parser *p;
	bool *taken = prio_xcalloc(b->open_count + 1, sizeof(*taken));
	size_t i;
	int rc = EXIT_OK;

	p = prio_story_parser_new(b->config, PRIO_PARSE_FULL);
	for (i = 0; i < b->open_count && rc == EXIT_OK; i++) {
		const struct prio_story *s = b->stories[i];
		struct plan_item *it;

		if (tidy(pl->capacity - pl->used) <= 0)
			break;
		if (s->status == NULL || strcmp(s->status, ready) != 0)
			continue;
		prio_xgrow(&pl->items, &pl->cap, pl->n + 1, sizeof(*pl->items));
		it = &pl->items[pl->n++];
		memset(it, 0, sizeof(*it));
		it->story = s;
		if ((rc = read_effort(cli, p, it)) != EXIT_OK)
			break;
		find_waits(b, taken, it);
		if (!it->has_effort)
			it->why = PLAN_NO_EFFORT;
		else if (it->nwaits > 0)
			it->why = PLAN_WAITS;
		else if (tidy(pl->used + it->effort) > pl->capacity)
			it->why = PLAN_TOO_BIG;
		else {
			it->why = PLAN_TAKEN;
			pl->used = tidy(pl->used + it->effort);
			pl->ntaken++;
			taken[i] = true;
		}
	}
	prio_story_parser_free(p);
	free(taken);
	return rc;
}

static void
plan_free(struct plan *pl)
{
	size_t i;

	for (i = 0; i < pl->n; i++) {
		free(pl->items[i].bad_effort);
		free(pl->items[i].waits);
	}
	free(pl->items);
}

static const char *
why_name(enum plan_why why)
{
	switch (why) {
	case PLAN_NO_EFFORT:
		return "no-effort";
	case PLAN_TOO_BIG:
		return "too-big";
	case PLAN_WAITS:
		return "waits";
	default:
		return "taken";
	}
}

static void
print_json(struct cli *cli, const struct plan *pl)
{
	struct prio_buf out = PRIO_BUF_INIT;
	struct prio_json j;
	size_t i, k;

	cli_json_begin(&j, &out, "prio.plan");
	prio_json_key(&j, "capacity");
	prio_json_number(&j, pl->capacity);
	prio_json_key(&j, "used");
	prio_json_number(&j, pl->used);
	prio_json_key(&j, "left");
	prio_json_number(&j, tidy(pl->capacity - pl->used));
	prio_json_key(&j, "stories");
	prio_json_array_begin(&j);
	for (i = 0; i < pl->n; i++) {
		if (pl->items[i].why != PLAN_TAKEN)
			continue;
		prio_json_object_begin(&j);
		cli_story_json_members(&j, pl->items[i].story);
		prio_json_key(&j, "effort");
		prio_json_number(&j, pl->items[i].effort);
		prio_json_object_end(&j);
	}
	prio_json_array_end(&j);
	prio_json_key(&j, "skipped");
	prio_json_array_begin(&j);
	for (i = 0; i < pl->n; i++) {
		const struct plan_item *it = &pl->items[i];

		if (it->why == PLAN_TAKEN)
			continue;
		prio_json_object_begin(&j);
		prio_json_key(&j, "id");
		prio_json_string(&j, it->story->id);
		prio_json_key(&j, "title");
		prio_json_string(&j, it->story->title);
		prio_json_key(&j, "position");
		prio_json_int(&j, (long long)it->story->position);
		prio_json_key(&j, "effort");
		if (it->has_effort)
			prio_json_number(&j, it->effort);
		else
			prio_json_null(&j);
		prio_json_key(&j, "reason");
		prio_json_string(&j, why_name(it->why));
		prio_json_key(&j, "waits_for");
		prio_json_array_begin(&j);
		for (k = 0; k < it->nwaits; k++)
			prio_json_string(&j, it->waits[k]);
		prio_json_array_end(&j);
		prio_json_object_end(&j);
	}
	prio_json_array_end(&j);
	prio_json_object_end(&j);
	cli_write_json(cli, &out);
	prio_buf_free(&out);
}

static void
print_skipped(struct cli *cli, const struct plan_item *it, double left)
{
	char a[64], b[64];
	size_t k;

	fprintf(cli->out, "skipped %s: ", it->story->id);
	if (it->why == PLAN_NO_EFFORT && it->bad_effort == NULL)
		fprintf(cli->out, "no effort");
	else if (it->why == PLAN_NO_EFFORT) {
		fprintf(cli->out, "effort '");
		cli_puts(cli->out, it->bad_effort);
		fprintf(cli->out, "' is not a number");
	} else if (it->why == PLAN_WAITS) {
		fprintf(cli->out, "waits for ");
		for (k = 0; k < it->nwaits; k++) {
			fprintf(cli->out, "%s", k == 0 ? "" :
			    k + 1 == it->nwaits ? " and " : ", ");
			cli_puts(cli->out, it->waits[k]);
		}
		fprintf(cli->out, ", not planned");
	} else {
		amount_text(a, sizeof(a), it->effort);
		amount_text(b, sizeof(b), left);
		fprintf(cli->out, "effort %s, only %s left", a, b);
	}
	fputc('\n', cli->out);
}

static void
print_text(struct cli *cli, const struct plan *pl)
{
	size_t i, wid = 2, wpos = 1, weff = 6;
	char pos[32], eff[64], used[64], cap[64], left[64];
	double before = 0;
	const struct prio_dialect *d = cli->backlog->config->dialect;
	bool no_effort_key = prio_dialect_key(d, PRIO_KEY_EFFORT) == NULL;
	size_t unsized = 0;

	for (i = 0; i < pl->n; i++) {
		const struct plan_item *it = &pl->items[i];

		if (it->why != PLAN_TAKEN)
			continue;
		if (cli_width(it->story->id) > wid)
			wid = cli_width(it->story->id);
		snprintf(pos, sizeof(pos), "%zu", it->story->position);
		if (strlen(pos) > wpos)
			wpos = strlen(pos);
		amount_text(eff, sizeof(eff), it->effort);
		if (strlen(eff) > weff)
			weff = strlen(eff);
	}
	fprintf(cli->out, "%s", cli_bold(cli));
	cli_pad(cli->out, "#", wpos, true);
	fprintf(cli->out, "  ");
	cli_pad(cli->out, "ID", wid, false);
	fprintf(cli->out, "  ");
	cli_pad(cli->out, "EFFORT", weff, true);
	fprintf(cli->out, "  TITLE%s\n", cli_reset(cli));
	for (i = 0; i < pl->n; i++) {
		const struct plan_item *it = &pl->items[i];

		if (it->why != PLAN_TAKEN)
			continue;
		snprintf(pos, sizeof(pos), "%zu", it->story->position);
		amount_text(eff, sizeof(eff), it->effort);
		cli_pad(cli->out, pos, wpos, true);
		fprintf(cli->out, "  ");
		cli_pad(cli->out, it->story->id, wid, false);
		fprintf(cli->out, "  ");
		cli_pad(cli->out, eff, weff, true);
		fprintf(cli->out, "  ");
		cli_puts(cli->out, it->story->title ? it->story->title : "");
		fputc('\n', cli->out);
	}
	amount_text(used, sizeof(used), pl->used);
	amount_text(cap, sizeof(cap), pl->capacity);
	amount_text(left, sizeof(left), pl->capacity - pl->used);
	fprintf(cli->out, "total: %zu stor%s, effort %s of %s, %s left\n",
	    pl->ntaken, pl->ntaken == 1 ? "y" : "ies", used, cap, left);
	for (i = 0; i < pl->n; i++) {
		const struct plan_item *it = &pl->items[i];

		if (it->why == PLAN_TAKEN)
			before = tidy(before + it->effort);
		else if (it->why == PLAN_NO_EFFORT && it->bad_effort == NULL &&
		    no_effort_key)
			unsized++;
		else
			print_skipped(cli, it, pl->capacity - before);
	}
	/* A format without an effort key: one line, not one per story. */
	if (unsized)
		fprintf(cli->out, "skipped %zu stor%s without effort: %s "
		    "tasks have none; add 'effort: <n>' to those to plan\n",
		    unsized, unsized == 1 ? "y" : "ies", d->name);
}

static int
run(struct cli *cli, int argc, char **argv)
{
	struct cli_getopt g = { 0 };
	struct plan pl = { 0 };
	const char *rev = NULL, *capacity = NULL;
	bool json = false;
	int c, rc;

	while ((c = cli_getopt(cli, &g, argc, argv)) != -1) {
		switch (c) {
		case 'c':
			capacity = optarg;
			break;
		case OPT_JSON:
			json = true;
			break;
		case OPT_REV:
			rev = optarg;
			break;
		default:
			return cli_bad_option(cli, c, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error(cli, "unexpected argument '%s'",
		    argv[optind]);
	if (capacity == NULL)
		return cli_usage_error(cli, "say how much effort the sprint "
		    "holds with --capacity <n>");
	if (!parse_amount(capacity, &pl.capacity) || pl.capacity <= 0)
		return cli_usage_error(cli, "capacity '%s' is not a positive "
		    "number; write it like 13 or 20.5", capacity);
	if ((rc = cli_load_backlog(cli, rev, false)) != EXIT_OK)
		return rc;
	if ((rc = make_plan(cli, &pl)) == EXIT_OK) {
		if (json)
			print_json(cli, &pl);
		else
			print_text(cli, &pl);
		cli_note_problems(cli);
	}
	plan_free(&pl);
	return rc;
}

static const struct cli_opt opts[] = {
	{ 'c', 'c', "capacity", CLI_ARG_REQUIRED, "<n>",
	    .help = "the effort the sprint holds: a positive number, such\n"
	    "as 13 or 20.5" },
	{ OPT_JSON, 0, "json", CLI_ARG_NONE, NULL,
	    .help = "{\"version\": 1, \"kind\": \"prio.plan\",\n"
	    "\"capacity\", \"used\", \"left\", \"stories\":\n"
	    "[...], \"skipped\": [...]}; stories as in list --json,\n"
	    "with their effort" },
	{ OPT_REV, 0, "rev", CLI_ARG_REQUIRED, "<rev>",
	    .help = "the backlog as it was at a commit, branch or tag",
	    .complete = CLI_COMPLETE_REF },
	{ 0 }
};

const struct cmd cmd_plan = {
	.name = "plan",
	.usage = "--capacity <n> [--json] [--rev <rev>]",
	.summary = "Fill a sprint from the top of the backlog, honouring "
	    "dependencies",
	.help =
	    "Walks the open stories in backlog order and takes each ready "
	    "story whose\neffort fits the capacity left and whose open "
	    "dependencies are taken\nalready; others are skipped, with the "
	    "reason, and the walk goes on\nuntil no capacity is left.  "
	    "Stories without a numeric effort are skipped.\n",
	.opts = opts,
	.args_order = CLI_ARGS_OPTIONS_FIRST,
	.flags = CMD_NEEDS_REPO | CMD_PAGED,
	.run = run,
};
