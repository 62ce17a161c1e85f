/* prio renumber — rewrite the ranks as 1..N, the order unchanged. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_change.h"
#include "prio/backlogmd_write.h"
#include "prio/reorder.h"

/*
 * Ranked open stories get 1..N in their current order; ties (ordered by
 * ID) are thereby resolved as they stand.  Unranked stories stay
 * unranked: giving them ranks would freeze their score order.
 */
static int
renumber(struct cli *cli, const char *message, bool no_commit)
{
	struct cli_change change;
	size_t i, n, changed = 0;
	char rank[32], *last = NULL;
	bool bmd;
	int rc;

	if ((rc = cli_change_begin(cli, &change, !no_commit)) != EXIT_OK)
		return rc;
	if ((rc = cli_load_backlog(cli, NULL, false)) != EXIT_OK)
		goto out;
	/* A Backlog.md project: its ordinals 1000 apart, as its reorder
	 * renumbers them. */
	bmd = prio_config_foreign_dir(cli->backlog->config) != NULL;
	n = prio_reorder_ranked_count(cli->backlog);
	for (i = 0; i < n && rc == EXIT_OK; i++) {
		const struct prio_story *s = cli->backlog->stories[i];

		snprintf(rank, sizeof(rank), "%zu", bmd ? (i + 1) *
		    PRIO_BMDW_ORDINAL_STEP : i + 1);
		if (strcmp(s->rank_text, rank) == 0)
			continue;
		rc = cli_change_rank(cli, &change, s, rank);
		changed++;
	}
	last = bmd ? prio_bmdw_ordinal_nth(n ? n - 1 : 0) :
	    prio_xasprintf("%zu", n);
	if (rc == EXIT_OK && changed == 0)
		fprintf(stderr, "prio: the %s are already %s..%s; nothing "
		    "to change\n", bmd ? "ordinals" : "ranks", bmd ? "1000" :
		    "1", last);
	else if (rc == EXIT_OK) {
		prio_buf_addf(&change.summary, "renumber %s %s..%s (%zu "
		    "changed, order unchanged)", bmd ? "ordinals" : "ranks",
		    bmd ? "1000" : "1", last, changed);
		rc = cli_change_commit(cli, &change, message, no_commit);
	}
out:
	free(last);
	cli_change_free(&change);
	return rc;
}

static int
run(struct cli *cli, int argc, char **argv)
{
	struct cli_getopt g = { 0 };
	const char *message = NULL;
	bool no_commit = false;
	int c;

	while ((c = cli_getopt(cli, &g, argc, argv)) != -1) {
		if (c == 'm')
			message = optarg;
		else if (c == OPT_NO_COMMIT)
			no_commit = true;
		else if (!cli_commit_option(cli, c, optarg))
			return cli_bad_option(cli, c, argv);
	}
	if (optind < argc)
		return cli_usage_error(cli, "unexpected argument '%s'",
		    argv[optind]);
	return renumber(cli, message, no_commit);
}

static const struct cli_opt opts[] = {
	{ .include = cli_rationale_opts },
	{ .include = cli_no_commit_opts },
	{ .include = cli_commit_opts },
	{ 0 }
};

const struct cmd cmd_renumber = {
	.name = "renumber",
	.usage = "-m <why> [--no-commit]",
	.summary = "Rewrite the ranks as 1..N, keeping the order, as one "
	    "commit",
	.help =
	    "Gives the ranked open stories the ranks 1, 2, 3, ... in their "
	    "current\norder (stories tied on a rank keep their ID order), "
	    "so long ranks\nbecome short again.  Unranked stories stay "
	    "unranked.  In a Backlog.md\nproject the ordinals become 1000, "
	    "2000, 3000, ..., as Backlog.md's reorder\nrenumbers them.\n",
	.opts = opts,
	.args_order = CLI_ARGS_OPTIONS_FIRST,
	.flags = CMD_NEEDS_REPO,
	.run = run,
};
