/* prio accept — accept done work against its criteria, and commit. */
#include "cli.h"
#include "cli_change.h"

static const struct cli_review accept = {
	.verb = "accept",
	.done_verb = "accepted",
	.from = PRIO_ROLE_DONE,
	.to = PRIO_ROLE_ACCEPTED,
	.stamp = true,
	.need_met = true,
	.rationale = CLI_RATIONALE_OPTIONAL,
};

static const struct cli_opt opts[] = {
	{ 'm', 'm', "message", CLI_ARG_REQUIRED, "<note>",
	    .help = "a note for the commit (optional; no editor opens)" },
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
	return cli_review_main(cli, argc, argv, &accept);
}

const struct cmd cmd_accept = {
	.name = "accept",
	.usage = "<id> [-m <note>] [--no-commit]",
	.summary = "Accept done work whose every criterion is met, and "
	    "commit",
	.help =
	    "Only a story whose status is done can be accepted, and only "
	    "when it has\nacceptance criteria and every one is met ('- [x]'); "
	    "otherwise nothing\nchanges, the open criteria are listed and "
	    "the exit status is 1.  Sets\nstatus: accepted and accepted: "
	    "<today> (the local date; PRIO_TODAY=<yyyy-mm-dd>\npins it) and "
	    "commits with Prio-Story and Prio-Change trailers.\n\n"
	    "done and accepted are the statuses that play those roles: "
	    "'status-roles'\nin backlog/prio.yml names them (such as "
	    "{done: Done, accepted: Accepted});\nby default, the statuses "
	    "of those names.  In a Backlog.md project accepted is\na status "
	    "after Done in its config's statuses (such as [To Do, In "
	    "Progress,\nDone, Accepted]), and updated_date is stamped; "
	    "without one accept refuses.\n",
	.opts = opts,
	.operands = operands,
	.args_order = CLI_ARGS_INLINE,
	.flags = CMD_NEEDS_REPO,
	.run = run,
};
