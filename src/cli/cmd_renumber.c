/* prio renumber — rewrite the ranks as 1..N, the order unchanged. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
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
	char rank[32];
	int rc;

	if ((rc = cli_change_begin(cli, &change)) != EXIT_OK)
		return rc;
	if ((rc = cli_load_backlog(cli, NULL, false)) != EXIT_OK)
		goto out;
	n = prio_reorder_ranked_count(cli->backlog);
	for (i = 0; i < n && rc == EXIT_OK; i++) {
		const struct prio_story *s = cli->backlog->stories[i];

		snprintf(rank, sizeof(rank), "%zu", i + 1);
		if (strcmp(s->rank_text, rank) == 0)
			continue;
		rc = cli_change_rank(cli, &change, s, rank);
		changed++;
	}
	if (rc == EXIT_OK && changed == 0)
		fprintf(stderr, "prio: the ranks are already 1..%zu; nothing "
		    "to change\n", n);
	else if (rc == EXIT_OK) {
		prio_buf_addf(&change.summary, "renumber ranks 1..%zu (%zu "
		    "changed, order unchanged)", n, changed);
		rc = cli_change_commit(cli, &change, message, no_commit);
	}
out:
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
	    "unranked.\n",
	.opts = opts,
	.args_order = CLI_ARGS_OPTIONS_FIRST,
	.flags = CMD_NEEDS_REPO,
	.run = run,
};
