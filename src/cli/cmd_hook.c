/*
 * prio hook — install, remove and run the git hooks (SPEC §3.5).  The
 * hooks themselves are cli_hooks.c's; what they run is hook_run.c's.
 */
#include <string.h>

#include "cli.h"

/* The hooks, then the merge driver for stories (cli_merge_driver.c),
 * which a work tree's merges use whichever hooks are named. */
static int
manage_all(struct cli *cli, bool add, bool force, int argc, char **argv)
{
	int rc = cli_hook_manage(cli, add, force, argc, argv), driver;

	if (rc == EXIT_USAGE)
		return rc;
	driver = cli_merge_driver_setup(cli, add);
	return driver > rc ? driver : rc;
}

static int
run(struct cli *cli, int argc, char **argv)
{
	struct cli_getopt g = { 0 };
	bool force = false, changed = false, all = false;
	int c;

	while ((c = cli_getopt(cli, &g, argc, argv)) != -1) {
		if (c == 'f')
			force = true;
		else if (c == OPT_CHANGED)
			changed = true;
		else if (c == OPT_ALL)
			all = true;
		else
			return cli_bad_option(cli, c, argv);
	}
	argc -= optind, argv += optind;
	if (argc == 0)
		return cli_usage_error(cli, "say what to do: install, "
		    "uninstall or run");
	if (changed && strcmp(argv[0], "run") != 0)
		return cli_usage_error(cli, "--changed goes with 'run "
		    "pre-commit'");
	if (all && strcmp(argv[0], "run") != 0)
		return cli_usage_error(cli, "--all goes with 'run'");
	if (strcmp(argv[0], "install") == 0 ||
	    strcmp(argv[0], "uninstall") == 0)
		return manage_all(cli, argv[0][0] == 'i', force, argc - 1,
		    argv + 1);
	if (strcmp(argv[0], "run") == 0)
		return cli_hook_run(cli, argc - 1, argv + 1, changed, all);
	return cli_usage_error(cli, "unknown hook action '%s'; use install, "
	    "uninstall or run", argv[0]);
}

static const struct cli_opt opts[] = {
	{ 'f', 'f', "force", CLI_ARG_NONE, NULL,
	    .help = "replace a hook prio did not write" },
	{ OPT_CHANGED, 0, "changed", CLI_ARG_NONE, NULL,
	    .help = "with 'run pre-commit': the caller has found that the index\n"
	    "changes backlog/ (the installed hook asks git first, which\n"
	    "is cheaper when it does not), so check without comparing" },
	{ OPT_ALL, 0, "all", CLI_ARG_NONE, NULL,
	    .help = "with 'run': fail on every problem, not only on those the\n"
	    "commit or push brings or touches (as git config\n"
	    "prio.strictHooks=true does)" },
	{ 0 }
};

static const struct cli_operand operands[] = {
	{ "action", .complete = CLI_COMPLETE_WORDS,
	    .words = "install uninstall run" },
	{ "hook", .complete = CLI_COMPLETE_WORDS,
	    .words = "pre-commit pre-receive", .more = true },
	{ 0 }
};

const struct cmd cmd_hook = {
	.name = "hook",
	.usage = "install [--force] [pre-commit|pre-receive]...\n"
	    "       prio hook uninstall [pre-commit|pre-receive]...\n"
	    "       prio hook run [--all] pre-commit [--changed] | pre-receive",
	.summary = "Install or remove the git hooks that check stories",
	.help =
	    "install writes the hooks into the repository's hooks folder "
	    "(core.hooksPath\nwhen set): pre-commit refuses a commit that "
	    "stages an invalid story;\npre-receive, for the server, refuses "
	    "a push whose branch tips hold an\ninvalid backlog.  Without a "
	    "name: pre-receive in a bare repository,\npre-commit otherwise.  "
	    "The hooks record where this prio is and fall\nback to PATH.  "
	    "A hook prio did not write is never replaced or removed;\n"
	    "--force replaces it and keeps it as <hook>.prio-saved, which "
	    "uninstall\nputs back.  In a work tree, install also sets up "
	    "the merge driver for stories\n(.gitattributes and "
	    "merge.prio.driver, see prio merge-file); uninstall\nremoves "
	    "it.\n\n"
	    "run is what the installed hooks call: 'run pre-commit' checks "
	    "the index when\nit changes backlog/; 'run pre-receive' reads "
	    "git's '<old> <new> <ref>' lines\nand checks each new tip whose "
	    "backlog/ changed (deletions are let through).  Both fail only "
	    "on the problems\nthe commit or push brings or touches: those "
	    "in the stories it changes, and\nerrors it causes in others; "
	    "older ones are counted in one line.  --all, or\ngit config "
	    "prio.strictHooks true, fails on every problem.\n",
	.opts = opts,
	.operands = operands,
	.args_order = CLI_ARGS_PERMUTE,
	.flags = CMD_NEEDS_REPO,
	.run = run,
};
