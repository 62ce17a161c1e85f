/* prio reject — send done work back to in-progress, with the reason. */
#include "cli.h"
#include "cli_change.h"

static const struct cli_review reject = {
	.verb = "reject",
	.done_verb = "sent back",
	.from = PRIO_ROLE_DONE,
	.to = PRIO_ROLE_IN_PROGRESS,
	.rationale = CLI_RATIONALE_ALWAYS,
};

static const struct cli_opt opts[] = {
	{ 'm', 'm', "message", CLI_ARG_REQUIRED, "<why>",
	    .help = "the reason; without it, the editor opens on a terminal" },
	{ .include = cli_no_commit_opts },
	{ .include = cli_commit_opts },
	{ 0 }
};

static const struct cli_operand operands[] = {
	{ "story", .complete = CLI_COMPLETE_DONE_ID },
	{ 0 }
};

static int
run(struct cli *cli, int argc, char **argv)
{
	return cli_review_main(cli, argc, argv, &reject);
}

const struct cmd cmd_reject = {
	.name = "reject",
	.usage = "<id> -m <why> [--no-commit]",
	.summary = "Send done work back to in-progress with the reason, and "
	    "commit",
	.help =
	    "Only a story whose status is done can be rejected.  Sets "
	    "status:\nin-progress and commits with the reason and Prio-Story "
	    "and Prio-Change\ntrailers.  The reason is required, whatever "
	    "rationale-required says.\n\n"
	    "done and in-progress are the statuses that play those roles: "
	    "'status-roles'\nin backlog/prio.yml names them (such as "
	    "{in-progress: active}); by default,\nthe statuses of those "
	    "names.\n",
	.opts = opts,
	.operands = operands,
	.args_order = CLI_ARGS_INLINE,
	.flags = CMD_NEEDS_REPO,
	.run = run,
};
