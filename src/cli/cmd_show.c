/* prio show — one story, for the terminal or as JSON. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_out.h"
#include "prio/json.h"
#include "prio/score.h"

static void
row(struct cli *cli, int w, const char *name, const char *value)
{
	fprintf(cli->out, "  %s%-*s%s ", cli_dim(cli), w, name,
	    cli_reset(cli));
	cli_puts(cli->out, value);
	fputc('\n', cli->out);
}

static void
joined(struct prio_buf *b, char *const *v, size_t n)
{
	size_t i;

	prio_buf_clear(b);
	for (i = 0; i < n; i++)
		prio_buf_addf(b, "%s%s", i ? ", " : "", v[i]);
}

/*
 * Whether the story has field key as a number the score can read: an
 * optional '-', digits, and optionally '.' and more digits.
 */
static bool
has_number(const struct prio_story *s, const char *key)
{
	const struct prio_field *f = prio_story_field(s, key);
	const char *p;

	if (f == NULL || f->kind != PRIO_FIELD_SCALAR)
		return false;
	p = f->value + (f->value[0] == '-');
	if (!isdigit((unsigned char)*p))
		return false;
	while (isdigit((unsigned char)*p))
		p++;
	if (*p == '.' && isdigit((unsigned char)p[1]))
		for (p++; isdigit((unsigned char)*p); p++)
			;
	return *p == '\0';
}

/*
 * "3.20 = (value + urgency + risk) / effort", or why there is no score:
 * "- (missing value, effort: ...)" or "- (divides by zero or overflows:
 * ...)".
 */
static void
score_text(struct prio_buf *b, const struct prio_config *cfg,
    const struct prio_story *s)
{
	size_t i, n = prio_score_field_count(cfg->score), missing = 0;
	const char *name;
	char score[32];

	prio_buf_clear(b);
	if (s->has_score) {
		cli_score_text(score, sizeof(score), s);
		prio_buf_addf(b, "%s = %s", score, cfg->score_formula);
		return;
	}
	if (cfg->dialect->foreign) {
		prio_buf_addf(b, "- (a %s task has no score inputs)",
		    cfg->dialect->name);
		return;
	}
	for (i = 0; i < n; i++) {
		name = prio_score_field(cfg->score, i);
		if (!has_number(s, name))
			prio_buf_addf(b, "%s%s", missing++ ? ", " :
			    "- (missing ", name);
	}
	if (missing)
		prio_buf_addf(b, ": %s)", cfg->score_formula);
	else
		prio_buf_addf(b, "- (divides by zero or overflows: %s)",
		    cfg->score_formula);
}

/* prio's own names for its rows; a dialect that spells a key its way
 * gets its name ("ordinal", "assignee", "dependencies"). */
static const char *
row_name(const struct prio_dialect *d, enum prio_key k, const char *own)
{
	return d->foreign && prio_dialect_key(d, k) ? prio_dialect_key(d, k) :
	    own;
}

/* The width of the names column: the longest name show prints. */
static int
names_width(const struct prio_dialect *d)
{
	const char *names[] = { row_name(d, PRIO_KEY_RANK, "rank"),
		row_name(d, PRIO_KEY_OWNER, "owner"),
		row_name(d, PRIO_KEY_DEPENDS_ON, "depends") };
	size_t i, w = 9;
	const char *k;

	for (i = 0; i < 3; i++)
		if (strlen(names[i]) > w)
			w = strlen(names[i]);
	for (i = 0; d->shown[i] != PRIO_KEY_COUNT; i++)
		if ((k = prio_dialect_key(d, d->shown[i])) && strlen(k) > w)
			w = strlen(k);
	return (int)w;
}

static void
print_facts(struct cli *cli, const struct prio_story *s)
{
	const struct prio_dialect *d = cli->backlog->config->dialect;
	const struct prio_field *f;
	struct prio_buf b = PRIO_BUF_INIT;
	int w = names_width(d);
	size_t i;

	row(cli, w, "status", s->status ? s->status : "?");
	if (s->position)
		prio_buf_addf(&b, "#%zu of %zu", s->position,
		    cli->backlog->open_count);
	else
		prio_buf_adds(&b, s->terminal ? "- (terminal)" : "-");
	row(cli, w, "position", b.ptr);
	row(cli, w, row_name(d, PRIO_KEY_RANK, "rank"),
	    s->rank_text ? s->rank_text : "-");
	score_text(&b, cli->backlog->config, s);
	row(cli, w, "score", b.ptr);
	if (s->owner)
		row(cli, w, row_name(d, PRIO_KEY_OWNER, "owner"), s->owner);
	if (s->goal)
		row(cli, w, "goal", s->goal);
	if (s->nlabels) {
		joined(&b, s->labels, s->nlabels);
		row(cli, w, "labels", b.ptr);
	}
	if (s->ndepends_on) {
		joined(&b, s->depends_on, s->ndepends_on);
		row(cli, w, row_name(d, PRIO_KEY_DEPENDS_ON, "depends"),
		    b.ptr);
	}
	for (i = 0; d->shown[i] != PRIO_KEY_COUNT; i++) {
		const char *k = prio_dialect_key(d, d->shown[i]);

		if (k && (f = prio_story_field(s, k)) != NULL &&
		    f->kind == PRIO_FIELD_SCALAR && f->value[0])
			row(cli, w, k, f->value);
	}
	prio_buf_clear(&b);
	prio_buf_addf(&b, "%zu of %zu met", s->criteria_met, s->ncriteria);
	row(cli, w, "criteria", b.ptr);
	row(cli, w, "path", s->path);
	prio_buf_free(&b);
}

/*
 * The body as written, without the blank lines around it; CRLF line
 * ends print as LF (cli_puts would show the CR as '?').
 */
static void
print_body(struct cli *cli, const char *body, size_t len,
    const char *hidden)
{
	char *text;
	size_t i, n = 0, hl = hidden ? strlen(hidden) : 0;

	while (len && (*body == '\n' || *body == '\r'))
		body++, len--;
	while (len && (body[len - 1] == '\n' || body[len - 1] == '\r' ||
	    body[len - 1] == ' '))
		len--;
	if (len == 0)
		return;
	text = prio_xmalloc(len + 1);
	for (i = 0; i < len; i++) {
		/* A marker line of the dialect's (Backlog.md's section
		 * markers) is for its tool, not the reader. */
		if (hl && (i == 0 || body[i - 1] == '\n') && len - i >= hl &&
		    memcmp(body + i, hidden, hl) == 0) {
			while (i < len && body[i] != '\n')
				i++;
			continue;
		}
		if (body[i] != '\r' || i + 1 == len || body[i + 1] != '\n')
			text[n++] = body[i];
	}
	text[n] = '\0';
	fputc('\n', cli->out);
	cli_puts(cli->out, text);
	fputc('\n', cli->out);
	free(text);
}

static void
print_json(struct cli *cli, const struct prio_story *s, const char *body)
{
	const struct prio_dialect *d = cli->backlog->config->dialect;
	struct prio_buf out = PRIO_BUF_INIT;
	struct prio_json j;
	size_t i;

	cli_json_begin(&j, &out, "prio.show");
	prio_json_key(&j, "story");
	cli_story_json(&j, s);
	out.len--;   /* reopen the story object to add the long fields */
	prio_json_key(&j, "criteria_items");
	prio_json_array_begin(&j);
	for (i = 0; i < s->ncriteria; i++) {
		prio_json_object_begin(&j);
		prio_json_key(&j, "text");
		prio_json_string(&j, s->criteria[i].text);
		prio_json_key(&j, "met");
		prio_json_bool(&j, s->criteria[i].met);
		prio_json_key(&j, "line");
		prio_json_int(&j, s->criteria[i].line);
		prio_json_object_end(&j);
	}
	prio_json_array_end(&j);
	for (i = 0; d->shown[i] != PRIO_KEY_COUNT; i++) {
		const char *k = prio_dialect_key(d, d->shown[i]);
		const struct prio_field *f = k ? prio_story_field(s, k) : NULL;

		if (k == NULL)
			continue;
		prio_json_key(&j, k);
		prio_json_string(&j, f && f->kind == PRIO_FIELD_SCALAR &&
		    f->value[0] ? f->value : NULL);
	}
	prio_json_key(&j, "body");
	prio_json_string(&j, body);
	prio_buf_addch(&out, '}');
	prio_json_object_end(&j);
	cli_write_json(cli, &out);
	prio_buf_free(&out);
}

static int
show(struct cli *cli, const char *id, bool json)
{
	const struct prio_config *cfg = cli->backlog->config;
	struct prio_story *s;
	struct prio_story *full = NULL;
	struct prio_diags ignored = PRIO_DIAGS_INIT;
	struct prio_buf data = PRIO_BUF_INIT;
	char *why = NULL;
	const char *body = "";
	int rc;

	if ((rc = cli_find_story(cli, id, &s)) != EXIT_OK)
		return rc;
	/* The backlog keeps only what listing needs; re-read this one story
	 * in full for its fields, criteria texts and body. */
	if (prio_source_read(cli->source, s->path, cfg->max_file_size, &data,
	    &why) == 0) {
		full = prio_story_parse(s->path, data.ptr, data.len, cfg,
		    &ignored);
		if (full->readable && full->id && strcmp(full->id, s->id) == 0) {
			full->position = s->position;
			s = full;
			body = data.ptr + s->body_offset;
		}
	}
	if (json)
		print_json(cli, s, body);
	else {
		fprintf(cli->out, "%s", cli_bold(cli));
		cli_puts(cli->out, s->id);
		fputs("  ", cli->out);
		cli_puts(cli->out, s->title ? s->title : "");
		fprintf(cli->out, "%s\n\n", cli_reset(cli));
		print_facts(cli, s);
		print_body(cli, body, strlen(body), cfg->dialect->hidden_marker);
	}
	free(why);
	prio_story_free(full);
	prio_diags_free(&ignored);
	prio_buf_free(&data);
	return EXIT_OK;
}

static int
run(struct cli *cli, int argc, char **argv)
{
	struct cli_getopt g = { 0 };
	const char *rev = NULL, *id = NULL;
	bool json = false;
	int c, rc, nargs = 0;

	/* "-": options may follow the ID (show S-42 --json), and no
	 * environment variable changes that. */
	while ((c = cli_getopt(cli, &g, argc, argv)) != -1) {
		if (c == 1) {
			id = optarg;
			nargs++;
		} else if (c == OPT_JSON)
			json = true;
		else if (c == OPT_REV)
			rev = optarg;
		else
			return cli_bad_option(cli, c, argv);
	}
	for (; optind < argc; optind++, nargs++)
		id = argv[optind];
	if (nargs != 1)
		return cli_usage_error(cli, "name one story, such as S-42");
	if ((rc = cli_load_backlog(cli, rev, false)) != EXIT_OK)
		return rc;
	return show(cli, id, json);
}

static const struct cli_opt opts[] = {
	{ OPT_JSON, 0, "json", CLI_ARG_NONE, NULL,
	    .help = "{\"version\": 1, \"kind\": \"prio.show\",\n"
	    "\"story\": {...}}: the fields of 'list\n"
	    "--json', plus criteria_items [{text, met, line}] and\n"
	    "body (the Markdown after the front matter)" },
	{ OPT_REV, 0, "rev", CLI_ARG_REQUIRED, "<rev>",
	    .help = "the story as it was at a commit, branch or tag",
	    .complete = CLI_COMPLETE_REF },
	{ 0 }
};

static const struct cli_operand operands[] = {
	{ "story", .complete = CLI_COMPLETE_ID },
	{ 0 }
};

const struct cmd cmd_show = {
	.name = "show",
	.usage = "<id> [--json] [--rev <rev>]",
	.summary = "Show one story: its facts, criteria and text",
	.help =
	    "The story is named by its ID or by the path of its file (from "
	    "the current\ndirectory or the top of the repository); an ID "
	    "that two files carry is\nrefused, with both paths named.\n",
	.opts = opts,
	.operands = operands,
	.args_order = CLI_ARGS_INLINE,
	.flags = CMD_NEEDS_REPO | CMD_PAGED,
	.run = run,
};
