/* prio list — the ranked backlog. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_out.h"
#include "prio/json.h"

/* list's own long options, past the shared ones of cli.h. */
enum {
	OPT_NEXT = 0x200,
	OPT_LIMIT,
	OPT_OFFSET,
	OPT_ROLE
};

struct list_opts {
	const char **statuses; /* --status, then the statuses of --role */
	size_t nstatuses;
	enum prio_role *roles; /* --role */
	size_t nroles;
	const char *label;
	const char *owner;
	const char *rev;
	const struct prio_config *cfg;
	bool all;
	bool next;              /* only the first story to work on */
	size_t offset;          /* skip this many of the selected */
	size_t limit;           /* at most this many (0: all) */
	enum { LIST_TEXT, LIST_JSON, LIST_CSV } format;
};

/* Terminal stories show with --all, or when --status names theirs. */
static bool
selected(const struct list_opts *o, const struct prio_story *s)
{
	size_t i;
	bool status_ok = o->nstatuses == 0;

	if (!s->readable || s->id == NULL)
		return false;
	for (i = 0; i < o->nstatuses; i++)
		if (s->status && strcmp(s->status, o->statuses[i]) == 0)
			status_ok = true;
	if (!status_ok || (s->terminal && !o->all && o->nstatuses == 0))
		return false;
	if (o->label && !prio_strv_has(s->labels, s->nlabels, o->label))
		return false;
	return o->owner == NULL || prio_story_owned_by(s, o->cfg, o->owner);
}

/* Whether s is ready and waits for nothing: each story it depends on
 * is done or accepted (a missing one is not). */
static bool
workable(const struct prio_backlog *b, const struct prio_story *s)
{
	const struct prio_config *cfg = b->config;
	const struct prio_story *d;
	const char *ready = prio_config_role(cfg, PRIO_ROLE_READY);
	size_t i;

	/* With no status in the ready role, as plan: the first status
	 * that needs criteria. */
	if (ready == NULL)
		ready = cfg->statuses[cfg->criteria_from];
	if (s->terminal || s->status == NULL || strcmp(s->status, ready) != 0)
		return false;
	for (i = 0; i < s->ndepends_on; i++) {
		d = prio_backlog_find(b, s->depends_on[i]);
		if (d == NULL || !(prio_config_is_role(cfg, d->status,
		    PRIO_ROLE_DONE) || prio_config_is_role(cfg, d->status,
		    PRIO_ROLE_ACCEPTED)))
			return false;
	}
	return true;
}

/*
 * The stories to show, in backlog order: those the filters select,
 * with --next the first workable one, then --offset and --limit.
 * Returns an allocated array of *n borrowed pointers.
 */
static const struct prio_story **
pick(const struct prio_backlog *b, const struct list_opts *o, size_t *n)
{
	const struct prio_story **v = prio_xcalloc(b->count + 1, sizeof(*v));
	size_t i, seen = 0;

	*n = 0;
	for (i = 0; i < b->count; i++) {
		const struct prio_story *s = b->stories[i];

		if (!selected(o, s) || (o->next && !workable(b, s)))
			continue;
		if (seen++ < o->offset)
			continue;
		v[(*n)++] = s;
		if ((o->limit && *n == o->limit) || o->next)
			break;
	}
	return v;
}

static void
print_json(struct cli *cli, const struct list_opts *o)
{
	const struct prio_backlog *b = cli->backlog;
	struct prio_buf out = PRIO_BUF_INIT;
	struct prio_json j;
	size_t i, n;
	const struct prio_story **v = pick(b, o, &n);

	cli_json_list_begin(&j, &out, "prio.list", "stories");
	for (i = 0; i < n; i++)
		cli_story_json(&j, v[i]);
	cli_json_list_end(cli, &j);
	free(v);
}

/*
 * One RFC 4180 field and its comma: quoted when it holds a comma, a
 * quote, CR or LF (quotes doubled), else as it is.  NULL is the empty
 * field.  A number prio formats itself goes straight here (csv_number);
 * text from a story goes through csv_text.
 */
static void
csv_cell(struct prio_buf *b, const char *s, bool neutralise)
{
	bool quote = s && (s[strcspn(s, ",\"\r\n")] != '\0' ||
	    (neutralise && s[0] == '\t'));

	if (quote)
		prio_buf_addch(b, '"');
	/* OWASP's CSV injection: a spreadsheet runs a cell that starts
	 * with = + - @ (or a TAB or CR before one) as a formula, so a
	 * title from a pull request could run one on the reader's
	 * machine.  A leading ' makes the cell text. */
	if (neutralise && s && *s && strchr("=+-@\t\r", *s))
		prio_buf_addch(b, '\'');
	if (quote) {
		for (; *s; s++) {
			if (*s == '"')
				prio_buf_addch(b, '"');
			prio_buf_addch(b, *s);
		}
		prio_buf_addch(b, '"');
	} else if (s)
		prio_buf_adds(b, s);
	prio_buf_addch(b, ',');
}

/* A field of text from a story file: neutralised (csv_cell). */
static void
csv_field(struct prio_buf *b, const char *s)
{
	csv_cell(b, s, true);
}

/* A number prio wrote: a score of -3 stays the number -3. */
static void
csv_number(struct prio_buf *b, const char *s)
{
	csv_cell(b, s, false);
}

/* A list field: the items joined with ';'. */
static void
csv_list(struct prio_buf *b, char *const *v, size_t n)
{
	struct prio_buf joined = PRIO_BUF_INIT;
	size_t i;

	for (i = 0; i < n; i++)
		prio_buf_addf(&joined, "%s%s", i ? ";" : "", v[i]);
	csv_field(b, joined.ptr);
	prio_buf_free(&joined);
}

/* The fields of list --json, flat, in the same order. */
static void
print_csv(struct cli *cli, const struct list_opts *o)
{
	const struct prio_backlog *b = cli->backlog;
	struct prio_buf out = PRIO_BUF_INIT, num = PRIO_BUF_INIT;
	size_t i, n;
	const struct prio_story **v = pick(b, o, &n);

	prio_buf_adds(&out, "id,title,status,rank,score,position,path,owner,"
	    "goal,labels,depends_on,criteria_total,criteria_met\r\n");
	for (i = 0; i < n; i++) {
		const struct prio_story *s = v[i];

		csv_field(&out, s->id);
		csv_field(&out, s->title);
		csv_field(&out, s->status);
		csv_field(&out, s->rank_text);
		prio_buf_clear(&num);
		if (s->has_score && isfinite(s->score))
			prio_format_number(&num, s->score == 0 ? 0 : s->score);
		csv_number(&out, num.ptr);
		prio_buf_clear(&num);
		if (s->position)
			prio_buf_addf(&num, "%zu", s->position);
		csv_number(&out, num.ptr);
		csv_field(&out, s->path);
		csv_field(&out, s->owner);
		csv_field(&out, s->goal);
		csv_list(&out, s->labels, s->nlabels);
		csv_list(&out, s->depends_on, s->ndepends_on);
		prio_buf_addf(&out, "%zu,%zu\r\n", s->ncriteria,
		    s->criteria_met);
	}
	fwrite(out.ptr, 1, out.len, cli->out);
	prio_buf_free(&num);
	prio_buf_free(&out);
	free(v);
}

static void
print_text(struct cli *cli, const struct list_opts *o)
{
	const struct prio_backlog *b = cli->backlog;
	size_t i, n, wid = 2, wstatus = 6, wpos = 1, wscore = 5;
	char pos[32], score[32];
	const struct prio_story **v = pick(b, o, &n);

	for (i = 0; i < n; i++) {
		const struct prio_story *s = v[i];

		if (cli_width(s->id) > wid)
			wid = cli_width(s->id);
		if (s->status && cli_width(s->status) > wstatus)
			wstatus = cli_width(s->status);
		snprintf(pos, sizeof(pos), "%zu", s->position);
		if (strlen(pos) > wpos)
			wpos = strlen(pos);
		cli_score_text(score, sizeof(score), s);
		if (strlen(score) > wscore)
			wscore = strlen(score);
	}
	fprintf(cli->out, "%s", cli_bold(cli));
	cli_pad(cli->out, "#", wpos, true);
	fprintf(cli->out, "  ");
	cli_pad(cli->out, "ID", wid, false);
	fprintf(cli->out, "  ");
	cli_pad(cli->out, "STATUS", wstatus, false);
	fprintf(cli->out, "  ");
	cli_pad(cli->out, "SCORE", wscore, true);
	fprintf(cli->out, "  TITLE%s\n", cli_reset(cli));
	for (i = 0; i < n; i++) {
		const struct prio_story *s = v[i];

		if (s->position)
			snprintf(pos, sizeof(pos), "%zu", s->position);
		else
			snprintf(pos, sizeof(pos), "-");
		cli_score_text(score, sizeof(score), s);
		cli_pad(cli->out, pos, wpos, true);
		fprintf(cli->out, "  ");
		cli_pad(cli->out, s->id, wid, false);
		fprintf(cli->out, "  ");
		cli_pad(cli->out, s->status ? s->status : "?", wstatus, false);
		fprintf(cli->out, "  ");
		cli_pad(cli->out, score, wscore, true);
		fprintf(cli->out, "  ");
		cli_puts(cli->out, s->title ? s->title : "");
		fputc('\n', cli->out);
	}
	free(v);
}

/* A count for --limit (at least 1) or --offset (0 too). */
static int
parse_count(struct cli *cli, const char *opt, const char *arg, size_t min,
    size_t *out)
{
	char *end;
	unsigned long n;

	if (*arg < '0' || *arg > '9' || (n = strtoul(arg, &end, 10),
	    *end != '\0') || n < min || n > 100000000ul)
		return cli_usage_error(cli, "%s needs a whole number such as "
		    "%s, not '%s'", opt, min ? "20" : "0", arg);
	*out = (size_t)n;
	return EXIT_OK;
}

/* A --status the config does not know is a typo: say which exist. */
static int
check_statuses(struct cli *cli, const struct list_opts *o)
{
	const struct prio_config *cfg = cli->backlog->config;
	struct prio_buf known = PRIO_BUF_INIT;
	const char *unknown = NULL;
	size_t i;

	for (i = 0; i < o->nstatuses && unknown == NULL; i++)
		if (prio_config_status_index(cfg, o->statuses[i]) < 0)
			unknown = o->statuses[i];
	if (unknown == NULL)
		return EXIT_OK;
	for (i = 0; i < cfg->nstatuses; i++)
		prio_buf_addf(&known, "%s%s", i ? ", " : "", cfg->statuses[i]);
	cli_error("unknown status '%s'; the backlog's statuses are %s",
	    unknown, known.ptr);
	prio_buf_free(&known);
	return EXIT_USAGE;
}

/* The role --role names, in *r; an unknown one is a usage error, said
 * before anything is loaded. */
static int
parse_role(const char *name, enum prio_role *r)
{
	struct prio_buf known = PRIO_BUF_INIT;
	int i;

	for (i = 0; i < PRIO_ROLE_COUNT; i++)
		if (strcmp(name, prio_role_name((enum prio_role)i)) == 0) {
			*r = (enum prio_role)i;
			return EXIT_OK;
		}
	for (i = 0; i < PRIO_ROLE_COUNT; i++)
		prio_buf_addf(&known, "%s%s", i ? ", " : "",
		    prio_role_name((enum prio_role)i));
	cli_error("unknown role '%s'; the roles are %s", name, known.ptr);
	prio_buf_free(&known);
	return EXIT_USAGE;
}

/*
 * Adds the status that plays each --role to the statuses shown, so that
 * `--role done` means whatever the backlog calls done (status-roles, or
 * a Backlog.md project's last status).  A role no status plays selects
 * nothing and is said.
 */
static int
add_roles(const struct prio_config *cfg, struct list_opts *o)
{
	const char *status, *name;
	size_t i;

	for (i = 0; i < o->nroles; i++) {
		name = prio_role_name(o->roles[i]);
		if ((status = prio_config_role(cfg, o->roles[i])) == NULL) {
			if (cfg->dialect->foreign)
				cli_error("no status plays the '%s' role in "
				    "this backlog", name);
			else
				cli_error("no status plays the '%s' role; add "
				    "'status-roles: {%s: <status>}' to %s",
				    name, name, PRIO_CONFIG_PATH);
			return EXIT_REFUSED;
		}
		o->statuses[o->nstatuses++] = status;
	}
	return EXIT_OK;
}

static int
run(struct cli *cli, int argc, char **argv)
{
	struct cli_getopt g = { 0 };
	struct list_opts o = { 0 };
	const char *format = NULL;
	bool json = false;
	int c, rc;

	o.statuses = prio_xcalloc((size_t)argc, sizeof(*o.statuses));
	o.roles = prio_xcalloc((size_t)argc, sizeof(*o.roles));
	while ((c = cli_getopt(cli, &g, argc, argv)) != -1) {
		switch (c) {
		case OPT_STATUS:
			o.statuses[o.nstatuses++] = optarg;
			break;
		case OPT_ROLE:
			if ((rc = parse_role(optarg,
			    &o.roles[o.nroles++])) != EXIT_OK) {
				free(o.statuses);
				free(o.roles);
				return rc;
			}
			break;
		case OPT_LABEL:
			o.label = optarg;
			break;
		case OPT_OWNER:
			o.owner = optarg;
			break;
		case 'a':
			o.all = true;
			break;
		case OPT_JSON:
			json = true;
			o.format = LIST_JSON;
			break;
		case OPT_FORMAT:
			format = optarg;
			if (strcmp(optarg, "json") == 0)
				o.format = LIST_JSON;
			else if (strcmp(optarg, "csv") == 0)
				o.format = LIST_CSV;
			else if (strcmp(optarg, "text") == 0)
				o.format = LIST_TEXT;
			else {
				free(o.statuses);
				free(o.roles);
				return cli_usage_error(cli, "unknown format "
				    "'%s'; use text, json or csv", optarg);
			}
			break;
		case OPT_REV:
			o.rev = optarg;
			break;
		case OPT_NEXT:
			o.next = true;
			break;
		case OPT_LIMIT:
		case OPT_OFFSET:
			if ((rc = parse_count(cli, c == OPT_LIMIT ? "--limit" :
			    "--offset", optarg, c == OPT_LIMIT, c == OPT_LIMIT ?
			    &o.limit : &o.offset)) != EXIT_OK) {
				free(o.statuses);
				free(o.roles);
				return rc;
			}
			break;
		default:
			free(o.statuses);
			free(o.roles);
			return cli_bad_option(cli, c, argv);
		}
	}
	if (optind < argc) {
		free(o.statuses);
		free(o.roles);
		return cli_usage_error(cli, "unexpected argument '%s'",
		    argv[optind]);
	}
	if (o.next && (o.nstatuses || o.nroles || o.all)) {
		free(o.statuses);
		free(o.roles);
		return cli_usage_error(cli, "--next takes the ready stories; "
		    "leave out --%s", o.all ? "all" : o.nstatuses ? "status" :
		    "role");
	}
	if ((rc = cli_format_conflict(cli, json, format)) != EXIT_OK) {
		free(o.statuses);
		free(o.roles);
		return rc;
	}
	if (json)
		o.format = LIST_JSON;
	rc = cli_load_backlog(cli, o.rev, false);
	if (rc == EXIT_OK) {
		o.cfg = cli->backlog->config;
		if ((rc = check_statuses(cli, &o)) == EXIT_OK)
			rc = add_roles(o.cfg, &o);
	}
	if (rc == EXIT_OK) {
		if (o.format == LIST_JSON)
			print_json(cli, &o);
		else if (o.format == LIST_CSV)
			print_csv(cli, &o);
		else
			print_text(cli, &o);
		cli_note_problems(cli);
	}
	free(o.statuses);
	free(o.roles);
	return rc;
}

static const struct cli_opt opts[] = {
	{ OPT_STATUS, 0, "status", CLI_ARG_REQUIRED, "<s>",
	    .help = "only stories with this status (repeatable); naming a\n"
	    "terminal status shows those stories too",
	    .complete = CLI_COMPLETE_STATUS, .repeat = true },
	{ OPT_ROLE, 0, "role", CLI_ARG_REQUIRED, "<r>",
	    .help = "only stories whose status plays this role: ready,\n"
	    "in-progress, done or accepted (repeatable), whatever\n"
	    "the backlog calls that status (status-roles)",
	    .complete = CLI_COMPLETE_WORDS, .repeat = true,
	    .words = "ready in-progress done accepted" },
	{ OPT_LABEL, 0, "label", CLI_ARG_REQUIRED, "<l>",
	    .help = "only stories with this label" },
	{ OPT_OWNER, 0, "owner", CLI_ARG_REQUIRED, "<o>",
	    .help = "only stories with this owner" },
	{ 'a', 'a', "all", CLI_ARG_NONE, NULL,
	    .help = "also show terminal stories (accepted, dropped)" },
	{ OPT_JSON, 0, "json", CLI_ARG_NONE, NULL,
	    .help = "{\"version\": 1, \"kind\": \"prio.list\",\n"
	    "\"stories\": [...]}, each with id, title,\n"
	    "status, rank, score, position, path, owner, goal,\n"
	    "labels, depends_on, criteria {total, met}" },
	{ OPT_FORMAT, 0, "format", CLI_ARG_REQUIRED, "<f>",
	    .help = "text (default), json (--json) or csv: RFC 4180, CRLF\n"
	    "line ends, a header row, the --json fields flat\n"
	    "(criteria_total, criteria_met; list items joined\n"
	    "with ';'; no value is an empty field; text that\n"
	    "starts with = + - @ TAB or CR gets a leading ')",
	    .complete = CLI_COMPLETE_WORDS, .words = "text json csv" },
	{ OPT_REV, 0, "rev", CLI_ARG_REQUIRED, "<rev>",
	    .help = "the backlog as it was at a commit, branch or tag",
	    .complete = CLI_COMPLETE_REF },
	{ OPT_NEXT, 0, "next", CLI_ARG_NONE, NULL,
	    .help = "only the story to work on next: the first ready one\n"
	    "whose dependencies are all done or accepted" },
	{ OPT_LIMIT, 0, "limit", CLI_ARG_REQUIRED, "<n>",
	    .help = "at most n stories" },
	{ OPT_OFFSET, 0, "offset", CLI_ARG_REQUIRED, "<n>",
	    .help = "leave out the first n of those selected (for pages)" },
	{ 0 }
};

const struct cmd cmd_list = {
	.name = "list",
	.usage = "[--status <s>]... [--role <r>]... [--label <l>] [--owner <o>] [--all] "
	    "[--json | --format <f>] [--rev <rev>]",
	.summary = "Show the ranked backlog: position, ID, status, score, "
	    "title",
	.help =
	    "Stories appear in backlog order: ranked stories by rank, then "
	    "unranked\nstories by score, then ID.  Positions count every "
	    "open story, whatever\nthe filters show.\n",
	.opts = opts,
	.args_order = CLI_ARGS_OPTIONS_FIRST,
	.flags = CMD_NEEDS_REPO | CMD_PAGED,
	.run = run,
};
