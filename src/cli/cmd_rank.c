/* prio rank — the order with ranks and scores; --by score proposes one. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "prio/json.h"

static void
print_json(struct cli *cli, struct prio_story **order, size_t n)
{
	struct prio_buf out = PRIO_BUF_INIT;
	struct prio_json j;
	size_t i;

	prio_json_init(&j, &out);
	prio_json_object_begin(&j);
	prio_json_key(&j, "version");
	prio_json_int(&j, 1);
	prio_json_key(&j, "stories");
	prio_json_array_begin(&j);
	for (i = 0; i < n; i++) {
		prio_json_object_begin(&j);
		prio_json_key(&j, "id");
		prio_json_string(&j, order[i]->id);
		prio_json_key(&j, "title");
		prio_json_string(&j, order[i]->title);
		prio_json_key(&j, "rank");
		prio_json_string(&j, order[i]->rank_text);
		prio_json_key(&j, "score");
		if (order[i]->has_score)
			prio_json_number(&j, order[i]->score);
		else
			prio_json_null(&j);
		prio_json_key(&j, "position");
		prio_json_int(&j, (long long)order[i]->position);
		prio_json_key(&j, "proposed_position");
		prio_json_int(&j, (long long)i + 1);
		prio_json_object_end(&j);
	}
	prio_json_array_end(&j);
	prio_json_object_end(&j);
	cli_write_json(cli, &out);
	prio_buf_free(&out);
}

static size_t
id_width(struct prio_story **order, size_t n)
{
	size_t i, w = 2;

	for (i = 0; i < n; i++)
		if (cli_width(order[i]->id) > w)
			w = cli_width(order[i]->id);
	return w;
}

static size_t
number_width(size_t n)
{
	size_t w = 1;

	while (n >= 10)
		n /= 10, w++;
	return w;
}

/* Current order: position, ID, rank, score, title. */
static void
print_current(struct cli *cli, struct prio_story **order, size_t n)
{
	size_t i, wid = id_width(order, n), wpos = number_width(n), wrank = 4;
	char pos[32], score[32];

	for (i = 0; i < n; i++)
		if (order[i]->rank_text && cli_width(order[i]->rank_text) > wrank)
			wrank = cli_width(order[i]->rank_text);
	fputs(cli_bold(cli), cli->out);
	cli_pad(cli->out, "#", wpos, true);
	fputs("  ", cli->out);
	cli_pad(cli->out, "ID", wid, false);
	fputs("  ", cli->out);
	cli_pad(cli->out, "RANK", wrank, false);
	fprintf(cli->out, "  SCORE  TITLE%s\n", cli_reset(cli));
	for (i = 0; i < n; i++) {
		snprintf(pos, sizeof(pos), "%zu", order[i]->position);
		cli_score_text(score, sizeof(score), order[i]);
		cli_pad(cli->out, pos, wpos, true);
		fputs("  ", cli->out);
		cli_pad(cli->out, order[i]->id, wid, false);
		fputs("  ", cli->out);
		cli_pad(cli->out, order[i]->rank_text ? order[i]->rank_text :
		    "-", wrank, false);
		fputs("  ", cli->out);
		cli_pad(cli->out, score, 5, true);
		fputs("  ", cli->out);
		cli_puts(cli->out, order[i]->title ? order[i]->title : "");
		fputc('\n', cli->out);
	}
}

/* Proposed order: new position, ID, score, the move, title. */
static void
print_proposed(struct cli *cli, struct prio_story **order, size_t n)
{
	size_t i, wid = id_width(order, n), wpos = number_width(n);
	size_t wmove = 2 * wpos + 5;
	char pos[32], score[32], move[80];

	fputs(cli_bold(cli), cli->out);
	cli_pad(cli->out, "#", wpos, true);
	fputs("  ", cli->out);
	cli_pad(cli->out, "ID", wid, false);
	fputs("  SCORE  ", cli->out);
	cli_pad(cli->out, "MOVE", wmove, false);
	fprintf(cli->out, "  TITLE%s\n", cli_reset(cli));
	for (i = 0; i < n; i++) {
		snprintf(pos, sizeof(pos), "%zu", i + 1);
		cli_score_text(score, sizeof(score), order[i]);
		if (order[i]->position == i + 1)
			snprintf(move, sizeof(move), "=");
		else
			snprintf(move, sizeof(move), "#%zu → #%zu",
			    order[i]->position, i + 1);
		cli_pad(cli->out, pos, wpos, true);
		fputs("  ", cli->out);
		cli_pad(cli->out, order[i]->id, wid, false);
		fputs("  ", cli->out);
		cli_pad(cli->out, score, 5, true);
		fputs("  ", cli->out);
		cli_pad(cli->out, move, wmove, false);
		fputs("  ", cli->out);
		cli_puts(cli->out, order[i]->title ? order[i]->title : "");
		fputc('\n', cli->out);
	}
}

static int
run(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "by", required_argument, NULL, OPT_BY },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "rev", required_argument, NULL, OPT_REV },
		{ NULL, 0, NULL, 0 }
	};
	struct prio_story **order = NULL;
	const char *rev = NULL;
	bool by_score = false, json = false;
	int c, rc;

	optind = 0;
	while ((c = getopt_long(argc, argv, "+", longopts, NULL)) != -1) {
		if (c == OPT_BY && strcmp(optarg, "score") == 0)
			by_score = true;
		else if (c == OPT_BY)
			return cli_usage_error(cli, "cannot rank by '%s'; "
			    "only --by score is known", optarg);
		else if (c == OPT_JSON)
			json = true;
		else if (c == OPT_REV)
			rev = optarg;
		else
			return cli_usage_error(cli, "see 'prio rank --help'");
	}
	if (optind < argc)
		return cli_usage_error(cli, "unexpected argument '%s'",
		    argv[optind]);
	if ((rc = cli_load_backlog(cli, rev, false)) != EXIT_OK)
		return rc;
	if (by_score)
		prio_backlog_score_order(cli->backlog, &order);
	else {
		order = prio_xcalloc(cli->backlog->open_count + 1,
		    sizeof(*order));
		memcpy(order, cli->backlog->stories,
		    cli->backlog->open_count * sizeof(*order));
	}
	if (json)
		print_json(cli, order, cli->backlog->open_count);
	else if (by_score)
		print_proposed(cli, order, cli->backlog->open_count);
	else
		print_current(cli, order, cli->backlog->open_count);
	free(order);
	cli_note_problems(cli);
	return EXIT_OK;
}

const struct cmd cmd_rank = {
	.name = "rank",
	.usage = "[--by score] [--json] [--rev <rev>]",
	.summary = "Show the order with ranks and scores, or the order "
	    "scores propose",
	.help =
	    "Without --by, lists the open stories in backlog order with "
	    "their rank and\nscore.  With --by score, lists them in the "
	    "order the score proposes\n(highest first, unscored last, ties "
	    "by ID) and each story's move, such\nas '#9 → #3'.  Nothing is "
	    "changed: 'prio rerank --by score' applies it.\n\n"
	    "Options:\n"
	    "  --by score       show the order the score proposes\n"
	    "  --json           {\"version\": 1, \"stories\": [{id, title, "
	    "rank, score,\n"
	    "                   position, proposed_position}]} in the "
	    "order shown\n"
	    "  --rev <rev>      the backlog as it was at a commit, branch "
	    "or tag\n",
	.flags = CMD_NEEDS_REPO | CMD_PAGED,
	.run = run,
};
