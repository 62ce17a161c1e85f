/* prio move — re-rank one story and commit it (SPEC §3.1). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_change.h"
#include "prio/backlogmd_write.h"
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

/*
 * Every ranked task renumbered 1000 apart in the order the move makes
 * (v with s at index at), as Backlog.md's reorder does when no ordinal
 * fits between the neighbours (resolveOrdinalConflicts with
 * forceSequential): the tasks whose ordinal changes are written.
 */
static int
renumber_bmd(struct cli *cli, struct cli_change *c,
    const struct prio_story *s, const struct prio_story **v, size_t n,
    size_t at, size_t *changed)
{
	struct prio_edit edit = { .key = "rank" };
	const struct prio_story *t;
	char *ord, *from;
	size_t i;
	int rc = EXIT_OK;

	*changed = 0;
	for (i = 0; i <= n && rc == EXIT_OK; i++) {
		t = i < at ? v[i] : i == at ? s : v[i - 1];
		ord = prio_bmdw_ordinal_nth(i);
		if (t->rank_text == NULL || strcmp(t->rank_text, ord) != 0) {
			edit.value = ord;
			from = t->rank_text;
			rc = cli_change_edit(cli, c, t, &edit, 1, &from);
			++*changed;
		}
		free(ord);
	}
	return rc;
}

/* Whether s is in the Backlog.md project's drafts folder. */
static bool
is_draft(const struct cli *cli, const struct prio_story *s)
{
	const char *dir = prio_config_foreign_dir(cli->backlog->config);
	size_t n = strlen(dir);

	return strncmp(s->path, dir, n) == 0 &&
	    strncmp(s->path + n, "/drafts/", 8) == 0;
}

/*
 * A move in a Backlog.md project: the ordinal Backlog.md's reorder
 * gives a task dropped between its new neighbours (one file changes),
 * or, when none fits, every ranked task renumbered as it does (said).
 */
static int
move_bmd(struct cli *cli, struct prio_story *s, struct move_opts *o,
    struct cli_change *c, struct prio_buf *note)
{
	const struct prio_story **v = NULL, *lo, *hi;
	struct prio_edit edit = { .key = "rank" };
	struct prio_rank *rank = NULL;
	char *err = NULL, *ord = NULL, *from = s->rank_text;
	size_t n, at, changed;
	int rc;

	if (is_draft(cli, s)) {
		cli_error("cannot move %s: it is a draft, and Backlog.md "
		    "orders tasks only; make it a task first ('backlog draft "
		    "promote %s')", s->id, s->id);
		return EXIT_REFUSED;
	}
	if (prio_reorder_slot(cli->backlog, s, &o->move, &v, &n, &at, &err) !=
	    PRIO_OK) {
		cli_error("cannot move %s: %s", s->id, err);
		free(err);
		return EXIT_REFUSED;
	}
	lo = at > 0 ? v[at - 1] : NULL;
	hi = at < n ? v[at] : NULL;
	rc = prio_bmdw_ordinal_between(lo ? lo->rank_text : NULL,
	    hi ? hi->rank_text : NULL, &ord);
	if (rc == PRIO_OK) {
		prio_rank_parse(&rank, ord, strlen(ord));
		prio_buf_addf(&c->summary, "move %s to #%zu (was #%zu)", s->id,
		    rank ? new_position(cli->backlog, s, rank) : at + 1,
		    s->position);
		edit.value = ord;
		rc = cli_change_edit(cli, c, s, &edit, 1, &from);
	} else if ((rc = renumber_bmd(cli, c, s, v, n, at, &changed)) ==
	    EXIT_OK) {
		prio_buf_addf(&c->summary, "move %s to #%zu (was #%zu), "
		    "renumbering %zu task%s", s->id, at + 1, s->position,
		    changed, changed == 1 ? "" : "s");
		prio_buf_addf(note, "prio: no ordinal fits between %s (%s) and "
		    "%s (%s), so the ranked tasks are renumbered %d apart, as "
		    "Backlog.md's reorder does: %zu file%s changed\n", lo ?
		    lo->id : "the top", lo ? lo->rank_text : "0", hi ? hi->id :
		    "the bottom", hi ? hi->rank_text : "-",
		    PRIO_BMDW_ORDINAL_STEP, changed, changed == 1 ? "" : "s");
	}
	prio_rank_free(rank);
	free(ord);
	free(v);
	return rc;
}

static int
move(struct cli *cli, const char *id, struct move_opts *o)
{
	struct prio_story *s, *anchor = NULL;
	struct prio_rank *rank = NULL;
	struct prio_edit edit = { .key = "rank" };
	struct cli_change change;
	struct prio_buf note = PRIO_BUF_INIT;
	char *err = NULL, *from;
	size_t to;
	int rc;

	if ((rc = cli_change_begin(cli, &change, !o->no_commit)) != EXIT_OK)
		return rc;
	if ((rc = cli_load_backlog(cli, NULL, false)) != EXIT_OK ||
	    (rc = cli_find_story(cli, id, &s)) != EXIT_OK ||
	    (o->anchor_id && (rc = cli_find_story(cli, o->anchor_id,
	    &anchor)) != EXIT_OK))
		goto out;
	o->move.anchor = anchor;
	if (prio_config_foreign_dir(cli->backlog->config)) {
		if ((rc = move_bmd(cli, s, o, &change, &note)) == EXIT_OK &&
		    (rc = cli_change_commit(cli, &change, o->message,
		    o->no_commit)) == EXIT_OK)
			fputs(note.ptr, stderr);
		goto out;
	}
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
	prio_buf_free(&note);
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
	    "that two\nfiles carry is refused.\n\n"
	    "In a Backlog.md project the rank is the ordinal, chosen as "
	    "Backlog.md's\nreorder chooses it (halfway between the "
	    "neighbours); when none fits, the\nranked tasks are renumbered "
	    "1000 apart, and prio says so.\n",
	.opts = opts,
	.operands = operands,
	.args_order = CLI_ARGS_INLINE,
	.epilog =
	    "PRIO_RANK_SEED=<n> fixes the random part of the chosen rank.\n",
	.flags = CMD_NEEDS_REPO,
	.run = run,
};
