/* prio rerank --by score — apply the order the score proposes. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_change.h"

/*
 * Every open story gets the rank of its place in the score's order
 * (1, 2, 3, ...), so the backlog follows the score until someone moves a
 * story again.  Stories whose rank is already that number keep their
 * file untouched.
 */
static int
rerank(struct cli *cli, const char *message, bool no_commit)
{
	struct prio_story **order = NULL;
	struct cli_change change;
	size_t i, changed = 0;
	char rank[32];
	int rc;

	if ((rc = cli_change_begin(cli, &change, !no_commit)) != EXIT_OK)
		return rc;
	if ((rc = cli_load_backlog(cli, NULL, false)) != EXIT_OK)
		goto out;
	if (prio_config_foreign_dir(cli->backlog->config)) {
		/* Its order is ordinal, then priority: nothing to score. */
		cli_error("a Backlog.md task has no score, so there is no score "
		    "order to apply; place tasks with 'prio move', or space "
		    "the ordinals with 'prio renumber'");
		rc = EXIT_REFUSED;
		goto out;
	}
	if (cli->backlog->open_count > 0 && !cli_any_score(cli->backlog)) {
		/* Ranking them 1..N in their current order would apply no
		 * score at all, only freeze the unranked ones. */
		cli_error("no open story has a score, so there is no score "
		    "order to apply; give stories what the score reads: %s",
		    cli->backlog->config->score_formula);
		rc = EXIT_REFUSED;
		goto out;
	}
	prio_backlog_score_order(cli->backlog, &order);
	for (i = 0; i < cli->backlog->open_count && rc == EXIT_OK; i++) {
		snprintf(rank, sizeof(rank), "%zu", i + 1);
		if (order[i]->rank && strcmp(prio_rank_str(order[i]->rank),
		    rank) == 0)
			continue;
		rc = cli_change_rank(cli, &change, order[i], rank);
		changed++;
	}
	if (rc == EXIT_OK && changed == 0)
		fprintf(stderr, "prio: the ranks already follow the score; "
		    "nothing to change\n");
	else if (rc == EXIT_OK) {
		prio_buf_addf(&change.summary, "rerank %zu of %zu stories by "
		    "score", changed, cli->backlog->open_count);
		rc = cli_change_commit(cli, &change, message, no_commit);
	}
out:
	free(order);
	cli_change_free(&change);
	return rc;
}

static int
run(struct cli *cli, int argc, char **argv)
{
	struct cli_getopt g = { 0 };
	const char *message = NULL;
	bool by_score = false, no_commit = false;
	int c;

	while ((c = cli_getopt(cli, &g, argc, argv)) != -1) {
		if (c == OPT_BY && strcmp(optarg, "score") == 0)
			by_score = true;
		else if (c == OPT_BY)
			return cli_usage_error(cli, "cannot rerank by '%s'; "
			    "only --by score is known", optarg);
		else if (c == 'm')
			message = optarg;
		else if (c == OPT_NO_COMMIT)
			no_commit = true;
		else if (!cli_commit_option(cli, c, optarg))
			return cli_bad_option(cli, c, argv);
	}
	if (optind < argc)
		return cli_usage_error(cli, "unexpected argument '%s'",
		    argv[optind]);
	if (!by_score)
		return cli_usage_error(cli, "say what to rerank by: --by "
		    "score");
	return rerank(cli, message, no_commit);
}

static const struct cli_opt opts[] = {
	{ OPT_BY, 0, "by", CLI_ARG_REQUIRED, "score",
	    .help = "the order to apply (the only one so far)",
	    .complete = CLI_COMPLETE_WORDS, .words = "score" },
	{ .include = cli_rationale_opts },
	{ .include = cli_no_commit_opts },
	{ .include = cli_commit_opts },
	{ 0 }
};

const struct cmd cmd_rerank = {
	.name = "rerank",
	.usage = "--by score -m <why> [--no-commit]",
	.summary = "Apply the order the score proposes, as one commit",
	.help =
	    "Ranks every open story 1, 2, 3, ... in the order 'prio rank "
	    "--by score'\nshows (highest score first, ties by ID, then the "
	    "unscored ones in their\ncurrent order), and commits the "
	    "changed files with one\nPrio-Story/Prio-Change trailer set "
	    "per story.  With no scores at all there\nis no order to "
	    "apply: it refuses.\n",
	.opts = opts,
	.args_order = CLI_ARGS_OPTIONS_FIRST,
	.flags = CMD_NEEDS_REPO,
	.run = run,
};
