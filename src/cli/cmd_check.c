/* prio check — validate the backlog (SPEC §3.4). */
#include <string.h>

#include "cli.h"
#include "cli_out.h"

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

static int
run(struct cli *cli, int argc, char **argv)
{
	struct cli_getopt g = { 0 };
	enum cli_check_format format = CHECK_TEXT;
	const char *rev = NULL, *format_arg = NULL;
	bool staged = false, json = false, all = false;
	int c, rc;

	while ((c = cli_getopt(cli, &g, argc, argv)) != -1) {
		if (c == OPT_FORMAT && parse_format(optarg, &format) != 0)
			return cli_usage_error(cli, "unknown format '%s'; use "
			    "text, json, github or codequality", optarg);
		else if (c == OPT_JSON)
			json = true;
		else if (c == OPT_STAGED)
			staged = true;
		else if (c == OPT_ALL)
			all = true;
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
	return cli_check_since(cli, rev, staged, staged && !all ? "HEAD" :
	    NULL, format, NULL);
}

static const struct cli_opt opts[] = {
	{ OPT_STAGED, 0, "staged", CLI_ARG_NONE, NULL,
	    .help = "check the index (what is about to be committed)" },
	{ OPT_ALL, 0, "all", CLI_ARG_NONE, NULL,
	    .help = "with --staged: every problem fails the check, not only\n"
	    "those in the stories the commit changes or that it brings" },
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
	.usage = "[--staged [--all] | --rev <rev>] "
	    "[--format text|json|github|codequality]",
	.summary = "Validate every story: front matter, criteria, ranks, "
	    "dependencies",
	.help =
	    "Prints one diagnostic per line, sorted by file and line:\n"
	    "  path:line:column: severity: message [rule]\n"
	    "and a summary on stderr.  Exits 1 when there is an error; "
	    "warnings alone\nexit 0.  Rules can be turned off or changed "
	    "in backlog/prio.yml (rules:).\n"
	    "\n"
	    "--staged holds a commit to the problems it brings or touches:\n"
	    "those in the story files it changes, and errors it causes in\n"
	    "others.  Problems HEAD already had in other stories are counted\n"
	    "in one line, not failed; --all fails on them too.\n",
	.opts = opts,
	.args_order = CLI_ARGS_OPTIONS_FIRST,
	.flags = CMD_NEEDS_REPO,
	.run = run,
};
