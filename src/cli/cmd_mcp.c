/* prio mcp — the backlog as a Model Context Protocol server on stdio. */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli.h"
#include "mcp.h"

enum { OPT_READ_ONLY = 0x200 };

/*
 * stdin and stdout carry the protocol, so nothing else may touch them:
 * each moves to a private descriptor (closed in programs prio starts),
 * fd 0 becomes /dev/null and fd 1 the log (fd 2).  A hook or signing
 * program a write starts can then neither read a message nor write
 * into the answers, and no command sees a terminal to start an editor
 * on.  Returns false, after saying why, when that cannot be done.
 */
static bool
take_stdio(int *in, int *out)
{
	int null;

	*in = fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 3);
	*out = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
	null = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (*in < 0 || *out < 0 || null < 0 ||
	    dup2(null, STDIN_FILENO) < 0 ||
	    dup2(STDERR_FILENO, STDOUT_FILENO) < 0) {
		cli_error("mcp: cannot set up stdin and stdout");
		return false;
	}
	close(null);
	return true;
}

static int
run(struct cli *cli, int argc, char **argv)
{
	struct cli_getopt g = { 0 };
	struct mcp_opts o = { .version = PRIO_VERSION };
	int c, rc, in, out;

	while ((c = cli_getopt(cli, &g, argc, argv)) != -1) {
		switch (c) {
		case OPT_READ_ONLY:
			o.read_only = true;
			break;
		default:
			return cli_bad_option(cli, c, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error(cli, "unexpected argument '%s'",
		    argv[optind]);
	/* A server for no backlog would only ever say so: say it now. */
	if ((rc = cli_load_backlog(cli, NULL, false)) != EXIT_OK)
		return rc;
	cli_unload_backlog(cli);
	if (!take_stdio(&in, &out))
		return EXIT_FAILURE_;
	rc = mcp_serve(&o, in, out);
	close(in);
	close(out);
	return rc;
}

static const struct cli_opt opts[] = {
	{ OPT_READ_ONLY, 0, "read-only", CLI_ARG_NONE, NULL,
	    .help = "offer only the tools that read: list, show, next,\n"
	    "plan, check, log, diff" },
	{ 0 }
};

const struct cmd cmd_mcp = {
	.name = "mcp",
	.usage = "[--read-only]",
	.summary = "Serve the backlog to coding agents (Model Context "
	    "Protocol, stdio)",
	.help =
	    "Reads JSON-RPC 2.0 messages on stdin, one per line, and answers "
	    "on stdout;\nlogs go to stderr.  Speaks the protocol revisions "
	    "2026-07-28 (stateless),\n2025-11-25 and 2025-06-18.  Tools: "
	    "list, show, next, plan, check, log, diff,\nand the writes move, "
	    "set, new, accept, reject, tick: each runs the prio\ncommand of "
	    "its name, so every write needs a rationale, obeys the "
	    "backlog's\nrules and hooks, and is one commit.  Every call reads "
	    "the repository afresh.\nSee prio-mcp(1) to register it with a "
	    "coding agent.\n",
	.opts = opts,
	.args_order = CLI_ARGS_OPTIONS_FIRST,
	.flags = CMD_NEEDS_REPO,
	.run = run,
};
