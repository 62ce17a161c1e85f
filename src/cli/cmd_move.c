/* prio move — re-rank one story and commit it (SPEC §3.1). */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "prio/edit.h"
#include "prio/error.h"
#include "prio/reorder.h"

struct move_opts {
	struct prio_move move;
	const char *anchor_id;
	const char *message;
	int wheres;
	bool no_commit;
};

/* The position s will have once it holds rank: ranked stories first. */
static size_t
new_position(const struct prio_backlog *b, const struct prio_story *s,
    const struct prio_rank *rank)
{
	size_t i, pos = 1;

	for (i = 0; i < b->open_count && b->stories[i]->rank; i++)
		if (b->stories[i] != s &&
		    prio_rank_cmp(b->stories[i]->rank, rank) < 0)
			pos++;
	return pos;
}

static int
move(struct cli *cli, const char *id, struct move_opts *o)
{
	struct prio_story *s, *anchor = NULL;
	struct prio_rank *rank = NULL;
	struct prio_edit edit = { .key = "rank" };
	struct cli_change change;
	char *err = NULL, *from;
	size_t to;
	int rc;

	if ((rc = cli_change_begin(cli, &change)) != EXIT_OK)
		return rc;
	if ((rc = cli_load_backlog(cli, NULL, false)) != EXIT_OK ||
	    (rc = cli_find_story(cli, id, &s)) != EXIT_OK ||
	    (o->anchor_id && (rc = cli_find_story(cli, o->anchor_id,
	    &anchor)) != EXIT_OK))
		goto out;
	o->move.anchor = anchor;
	if (prio_reorder_move(cli->backlog, s, &o->move, cli_entropy(), &rank,
	    &err) != PRIO_OK) {
		cli_error("cannot move %s: %s", s->id, err);
		rc = EXIT_REFUSED;
		goto out;
	}
	to = new_position(cli->backlog, s, rank);
	edit.value = prio_rank_str(rank);
	from = s->rank_text;
	prio_buf_addf(&change.summary, "move %s to #%zu (was #%zu)", s->id, to,
	    s->position);
	if ((rc = cli_change_edit(cli, &change, s, &edit, 1, &from)) ==
	    EXIT_OK)
		rc = cli_change_commit(cli, &change, o->message, o->no_commit);
out:
	free(err);
	prio_rank_free(rank);
	cli_change_free(&change);
	return rc;
}

static int
parse_to(struct cli *cli, const char *arg, size_t *to)
{
	char *end;
	unsigned long n = strtoul(arg, &end, 10);

	if (*arg < '1' || *arg > '9' || *end != '\0' || n > 100000000ul)
		return cli_usage_error(cli, "--to needs a position such as 3, "
		    "not '%s'", arg);
	*to = (size_t)n;
	return EXIT_OK;
}

static int
run(struct cli *cli, int argc, char **argv)
{
	struct cli_getopt g = { 0 };
	struct move_opts o = { 0 };
	const char *id = NULL;
	int c, rc;

	while ((c = cli_getopt(cli, &g, argc, argv)) != -1) {
		switch (c) {
		case 1:
			if (id)
				return cli_usage_error(cli, "name one story to "
				    "move, not '%s' too", optarg);
			id = optarg;
			break;
		case OPT_TOP:
			o.move.where = PRIO_MOVE_TOP, o.wheres++;
			break;
		case OPT_BOTTOM:
			o.move.where = PRIO_MOVE_BOTTOM, o.wheres++;
			break;
		case OPT_BEFORE:
		case OPT_AFTER:
			o.move.where = c == OPT_BEFORE ? PRIO_MOVE_BEFORE :
			    PRIO_MOVE_AFTER;
			o.anchor_id = optarg, o.wheres++;
			break;
		case OPT_TO:
			if ((rc = parse_to(cli, optarg, &o.move.to)) != 0)
				return rc;
			o.move.where = PRIO_MOVE_TO, o.wheres++;
			break;
		case 'm':
			o.message = optarg;
			break;
		case OPT_NO_COMMIT:
			o.no_commit = true;
			break;
		default:
			if (cli_commit_option(cli, c, optarg))
				break;
			return cli_bad_option(cli, c, argv);
		}
	}
	if (id == NULL)
		return cli_usage_error(cli, "name the story to move, such as "
		    "S-42");
	if (o.wheres != 1)
		return cli_usage_error(cli, "say where with exactly one of "
		    "--top, --bottom, --before <id>, --after <id>, --to <n>");
	return move(cli, id, &o);
}

static const struct cli_opt opts[] = {
	{ OPT_TOP, 0, "top", CLI_ARG_NONE, NULL, .help = "first in the backlog" },
	{ OPT_BOTTOM, 0, "bottom", CLI_ARG_NONE, NULL,
	    .help = "after the last ranked story (rank: the last rank + 1)" },
	{ OPT_BEFORE, 0, "before", CLI_ARG_REQUIRED, "<id>",
	    .help = "just before that ranked story", .complete = CLI_COMPLETE_ID },
	{ OPT_AFTER, 0, "after", CLI_ARG_REQUIRED, "<id>",
	    .help = "just after that ranked story", .complete = CLI_COMPLETE_ID },
	{ OPT_TO, 0, "to", CLI_ARG_REQUIRED, "<n>",
	    .help = "at position n among the ranked stories" },
	{ .include = cli_rationale_opts },
	{ .include = cli_no_commit_opts },
	{ .include = cli_commit_opts },
	{ 0 }
};

static const struct cli_operand operands[] = {
	{ "story", .complete = CLI_COMPLETE_ID },
	{ 0 }
};

const struct cmd cmd_move = {
	.name = "move",
	.usage = "<id> --top|--bottom|--before <id>|--after <id>|--to <n> "
	    "-m <why> [--no-commit]",
	.summary = "Re-rank one story and commit the decision with its "
	    "rationale",
	.help =
	    "Gives the story one new rank between its new neighbours', so "
	    "exactly one\nfile changes, and commits it with the rationale "
	    "and Prio-Story and\nPrio-Change trailers.  Ranked stories come "
	    "before unranked ones, so\n--bottom means after the last ranked "
	    "story, and --before/--after need a\nranked story to stand "
	    "next to; --bottom never moves a story up.\n\n"
	    "A story is named by its ID or by the path of its file; an ID "
	    "that two\nfiles carry is refused.\n",
	.opts = opts,
	.operands = operands,
	.args_order = CLI_ARGS_INLINE,
	.epilog =
	    "PRIO_RANK_SEED=<n> fixes the random part of the chosen rank.\n",
	.flags = CMD_NEEDS_REPO,
	.run = run,
};
