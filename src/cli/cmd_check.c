/* prio check — validate the backlog (SPEC §3.4). */
#include <string.h>

#include "cli.h"
#include "prio/buf.h"
#include "prio/check.h"
#include "prio/json.h"

static void
print_text(struct cli *cli)
{
	const struct prio_diags *d = &cli->diags;
	size_t i;

	for (i = 0; i < d->count; i++) {
		fprintf(cli->out, "%s:%u:%u: %s: ", d->items[i].path,
		    d->items[i].line, d->items[i].column,
		    prio_severity_name(d->items[i].severity));
		cli_puts(cli->out, d->items[i].message);
		fprintf(cli->out, " [%s]\n", d->items[i].rule);
	}
}

static void
print_json(struct cli *cli)
{
	const struct prio_diags *d = &cli->diags;
	struct prio_buf out = PRIO_BUF_INIT;
	struct prio_json j;
	size_t i;

	cli_json_list_begin(&j, &out, "prio.check", "diagnostics");
	for (i = 0; i < d->count; i++) {
		prio_json_object_begin(&j);
		prio_json_key(&j, "path");
		prio_json_string(&j, d->items[i].path);
		prio_json_key(&j, "line");
		prio_json_int(&j, d->items[i].line);
		prio_json_key(&j, "column");
		prio_json_int(&j, d->items[i].column);
		prio_json_key(&j, "severity");
		prio_json_string(&j, prio_severity_name(d->items[i].severity));
		prio_json_key(&j, "rule");
		prio_json_string(&j, d->items[i].rule);
		prio_json_key(&j, "message");
		prio_json_string(&j, d->items[i].message);
		prio_json_object_end(&j);
	}
	cli_json_list_end(cli, &j);
}

/* GitHub's workflow commands escape %, CR and LF in the message, and
 * also ',' and ':' in properties. */
static void
github_escape(FILE *out, const char *s, bool property)
{
	for (; *s; s++) {
		if (*s == '%')
			fputs("%25", out);
		else if (*s == '\r')
			fputs("%0D", out);
		else if (*s == '\n')
			fputs("%0A", out);
		else if (property && *s == ':')
			fputs("%3A", out);
		else if (property && *s == ',')
			fputs("%2C", out);
		else
			fputc(*s, out);
	}
}

static void
print_github(struct cli *cli)
{
	const struct prio_diags *d = &cli->diags;
	size_t i;

	for (i = 0; i < d->count; i++) {
		fprintf(cli->out, "::%s file=",
		    d->items[i].severity == PRIO_SEV_ERROR ? "error" :
		    "warning");
		github_escape(cli->out, d->items[i].path, true);
		fprintf(cli->out, ",line=%u,col=%u,title=", d->items[i].line,
		    d->items[i].column);
		github_escape(cli->out, d->items[i].rule, true);
		fputs("::", cli->out);
		github_escape(cli->out, d->items[i].message, false);
		fprintf(cli->out, " [%s]\n", d->items[i].rule);
	}
}

/*
 * GitLab's Code Quality report (the Code Climate issue format, as GitLab
 * reads it): a bare JSON array, not prio's versioned envelope, because
 * GitLab parses it.  An error is "major" and a warning "minor": an error
 * fails `prio check`, a warning does not, and GitLab shows both.
 * Line 0 (the whole file) is reported on line 1, as GitLab needs a line.
 */
static const char *
codequality_severity(enum prio_severity sev)
{
	return sev == PRIO_SEV_ERROR ? "major" : "minor";
}

/*
 * How many diagnostics before i (in the same file: the list is sorted by
 * path) have the same path, rule and message.
 */
static unsigned
codequality_repeat(const struct prio_diags *d, size_t i)
{
	const struct prio_diag *a = &d->items[i];
	unsigned n = 0;
	size_t k;

	for (k = i; k > 0; k--) {
		const struct prio_diag *b = &d->items[k - 1];

		if (strcmp(b->path, a->path) != 0)
			break;
		if (strcmp(b->rule, a->rule) == 0 &&
		    strcmp(b->message, a->message) == 0)
			n++;
	}
	return n;
}

/*
 * GitLab matches issues between the base and the head of a merge request
 * by fingerprint, so it leaves out the line: a story that moves down its
 * file keeps its issue.  It is the git blob ID of path, rule and message
 * (NUL-separated), plus how many identical issues come before it in the
 * file, so two identical problems in one story still differ.
 */
static void
codequality_fingerprint(const struct prio_diags *d, size_t i,
    char hex[GIT_OID_HEXSZ + 1])
{
	const struct prio_diag *dg = &d->items[i];
	struct prio_buf key = PRIO_BUF_INIT;
	unsigned repeat = codequality_repeat(d, i);
	git_oid oid;

	prio_buf_adds(&key, dg->path);
	prio_buf_addch(&key, '\0');
	prio_buf_adds(&key, dg->rule);
	prio_buf_addch(&key, '\0');
	prio_buf_adds(&key, dg->message);
	if (repeat > 0)
		prio_buf_addf(&key, "%c%u", '\0', repeat);
	/* Hashing a buffer in memory fails only on a libgit2 bug. */
	if (git_odb_hash(&oid, key.ptr, key.len, GIT_OBJECT_BLOB) != 0)
		memset(&oid, 0, sizeof(oid));
	git_oid_tostr(hex, GIT_OID_HEXSZ + 1, &oid);
	prio_buf_free(&key);
}

static void
print_codequality(struct cli *cli)
{
	const struct prio_diags *d = &cli->diags;
	struct prio_buf out = PRIO_BUF_INIT;
	char hex[GIT_OID_HEXSZ + 1];
	struct prio_json j;
	size_t i;

	prio_json_init(&j, &out);
	prio_json_array_begin(&j);
	for (i = 0; i < d->count; i++) {
		codequality_fingerprint(d, i, hex);
		prio_json_object_begin(&j);
		prio_json_key(&j, "description");
		prio_json_string(&j, d->items[i].message);
		prio_json_key(&j, "check_name");
		prio_json_string(&j, d->items[i].rule);
		prio_json_key(&j, "fingerprint");
		prio_json_string(&j, hex);
		prio_json_key(&j, "severity");
		prio_json_string(&j, codequality_severity(d->items[i].severity));
		prio_json_key(&j, "location");
		prio_json_object_begin(&j);
		prio_json_key(&j, "path");
		prio_json_string(&j, d->items[i].path);
		prio_json_key(&j, "lines");
		prio_json_object_begin(&j);
		prio_json_key(&j, "begin");
		prio_json_int(&j, d->items[i].line ? d->items[i].line : 1);
		prio_json_object_end(&j);
		prio_json_object_end(&j);
		prio_json_object_end(&j);
	}
	prio_json_array_end(&j);
	cli_write_json(cli, &out);
	prio_buf_free(&out);
}

static void
print_summary(const struct cli *cli)
{
	size_t errors = prio_diags_count(&cli->diags, PRIO_SEV_ERROR);
	size_t warnings = prio_diags_count(&cli->diags, PRIO_SEV_WARNING);
	size_t files = cli->backlog->count;

	if (errors + warnings == 0)
		fprintf(stderr, "prio: %zu stor%s checked, no problems\n",
		    files, files == 1 ? "y" : "ies");
	else
		fprintf(stderr, "prio: %zu stor%s checked: %zu error%s, %zu "
		    "warning%s\n", files, files == 1 ? "y" : "ies", errors,
		    errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
}

static int
parse_format(const char *s, enum cli_check_format *f)
{
	if (strcmp(s, "text") == 0)
		*f = CHECK_TEXT;
	else if (strcmp(s, "json") == 0)
		*f = CHECK_JSON;
	else if (strcmp(s, "github") == 0)
		*f = CHECK_GITHUB;
	else if (strcmp(s, "codequality") == 0)
		*f = CHECK_CODEQUALITY;
	else
		return -1;
	return 0;
}

int
cli_check(struct cli *cli, const char *rev, bool staged,
    enum cli_check_format format)
{
	int rc;

	if ((rc = cli_load_backlog(cli, rev, staged)) != EXIT_OK)
		return rc;
	prio_check_backlog(cli->backlog, &cli->diags);
	prio_diags_sort(&cli->diags);
	if (format == CHECK_JSON)
		print_json(cli);
	else if (format == CHECK_GITHUB)
		print_github(cli);
	else if (format == CHECK_CODEQUALITY)
		print_codequality(cli);
	else
		print_text(cli);
	fflush(cli->out);
	print_summary(cli);
	return prio_diags_count(&cli->diags, PRIO_SEV_ERROR) ? EXIT_REFUSED :
	    EXIT_OK;
}

static int
run(struct cli *cli, int argc, char **argv)
{
	struct cli_getopt g = { 0 };
	enum cli_check_format format = CHECK_TEXT;
	const char *rev = NULL, *format_arg = NULL;
	bool staged = false, json = false;
	int c, rc;

	while ((c = cli_getopt(cli, &g, argc, argv)) != -1) {
		if (c == OPT_FORMAT && parse_format(optarg, &format) != 0)
			return cli_usage_error(cli, "unknown format '%s'; use "
			    "text, json, github or codequality", optarg);
		else if (c == OPT_JSON)
			json = true;
		else if (c == OPT_STAGED)
			staged = true;
		else if (c == OPT_REV)
			rev = optarg;
		else if (c != OPT_FORMAT)
			return cli_bad_option(cli, c, argv);
		else
			format_arg = optarg;
	}
	if ((rc = cli_format_conflict(cli, json, format_arg)) != EXIT_OK)
		return rc;
	if (json)
		format = CHECK_JSON;
	if (optind < argc)
		return cli_usage_error(cli, "unexpected argument '%s'",
		    argv[optind]);
	if (staged && rev)
		return cli_usage_error(cli, "--staged and --rev cannot be "
		    "used together");
	return cli_check(cli, rev, staged, format);
}

static const struct cli_opt opts[] = {
	{ OPT_STAGED, 0, "staged", CLI_ARG_NONE, NULL,
	    .help = "check the index (what is about to be committed)" },
	{ OPT_REV, 0, "rev", CLI_ARG_REQUIRED, "<rev>",
	    .help = "check a commit's tree",
	    .complete = CLI_COMPLETE_REF },
	{ OPT_FORMAT, 0, "format", CLI_ARG_REQUIRED, "<f>",
	    .help = "text (default); json: {\"version\": 1,\n"
	    "\"kind\": \"prio.check\", \"diagnostics\": [{path, line,\n"
	    "column, severity, rule, message}]};\n"
	    "github: GitHub Actions annotations;\n"
	    "codequality: GitLab's Code Quality report (a JSON array;\n"
	    "error is severity major, warning minor)",
	    .complete = CLI_COMPLETE_WORDS,
	    .words = "text json github codequality" },
	{ OPT_JSON, 0, "json", CLI_ARG_NONE, NULL,
	    .help = "the same as --format json" },
	{ 0 }
};

const struct cmd cmd_check = {
	.name = "check",
	.usage = "[--staged | --rev <rev>] "
	    "[--format text|json|github|codequality]",
	.summary = "Validate every story: front matter, criteria, ranks, "
	    "dependencies",
	.help =
	    "Prints one diagnostic per line, sorted by file and line:\n"
	    "  path:line:column: severity: message [rule]\n"
	    "and a summary on stderr.  Exits 1 when there is an error; "
	    "warnings alone\nexit 0.  Rules can be turned off or changed "
	    "in backlog/prio.yml (rules:).\n",
	.opts = opts,
	.args_order = CLI_ARGS_OPTIONS_FIRST,
	.flags = CMD_NEEDS_REPO,
	.run = run,
};
