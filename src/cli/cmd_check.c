/* prio check — validate the backlog (SPEC §3.4). */
#include <string.h>

#include "cli.h"
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
	const char *rev = NULL;
	bool staged = false;
	int c;

	while ((c = cli_getopt(cli, &g, argc, argv)) != -1) {
		if (c == OPT_FORMAT && parse_format(optarg, &format) != 0)
			return cli_usage_error(cli, "unknown format '%s'; use "
			    "text, json or github", optarg);
		else if (c == OPT_JSON)
			format = CHECK_JSON;
		else if (c == OPT_STAGED)
			staged = true;
		else if (c == OPT_REV)
			rev = optarg;
		else if (c != OPT_FORMAT)
			return cli_bad_option(cli, c, argv);
	}
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
	    "github: GitHub Actions annotations",
	    .complete = CLI_COMPLETE_WORDS, .words = "text json github" },
	{ OPT_JSON, 0, "json", CLI_ARG_NONE, NULL,
	    .help = "the same as --format json" },
	{ 0 }
};

const struct cmd cmd_check = {
	.name = "check",
	.usage = "[--staged | --rev <rev>] [--format text|json|github]",
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
