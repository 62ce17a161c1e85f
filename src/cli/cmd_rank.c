/* prio rank — the order with ranks and scores; --by score proposes one. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_out.h"
#include "prio/json.h"

/*
 * Both --json forms carry the same facts, in the order shown: position
 * now, and proposed_position, the place the score proposes
 * (proposed[position - 1]).
 */
static void
print_json(struct cli *cli, struct prio_story **order, size_t n,
    const size_t *proposed)
{
	struct prio_buf out = PRIO_BUF_INIT;
	struct prio_json j;
	size_t i;

	cli_json_list_begin(&j, &out, "prio.rank", "stories");
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
		prio_json_int(&j, (long long)proposed[order[i]->position - 1]);
		prio_json_object_end(&j);
	}
	cli_json_list_end(cli, &j);
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
score_width(struct prio_story **order, size_t n)
{
	size_t i, w = 5;
	char score[32];

	for (i = 0; i < n; i++) {
		cli_score_text(score, sizeof(score), order[i]);
		if (strlen(score) > w)
			w = strlen(score);
	}
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
	size_t wscore = score_width(order, n);
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
	fputs("  ", cli->out);
	cli_pad(cli->out, "SCORE", wscore, true);
	fprintf(cli->out, "  TITLE%s\n", cli_reset(cli));
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
		cli_pad(cli->out, score, wscore, true);
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
	size_t wmove = 2 * wpos + 5, wscore = score_width(order, n);
	char pos[32], score[32], move[80];

	fputs(cli_bold(cli), cli->out);
	cli_pad(cli->out, "#", wpos, true);
	fputs("  ", cli->out);
	cli_pad(cli->out, "ID", wid, false);
	fputs("  ", cli->out);
	cli_pad(cli->out, "SCORE", wscore, true);
	fputs("  ", cli->out);
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
		cli_pad(cli->out, score, wscore, true);
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
	struct cli_getopt g = { 0 };
	struct prio_story **order = NULL, **proposal = NULL;
	size_t i, n, *proposed;
	const char *rev = NULL;
	bool by_score = false, json = false, silent;
	int c, rc;

	while ((c = cli_getopt(cli, &g, argc, argv)) != -1) {
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
			return cli_bad_option(cli, c, argv);
	}
	if (optind < argc)
		return cli_usage_error(cli, "unexpected argument '%s'",
		    argv[optind]);
	if ((rc = cli_load_backlog(cli, rev, false)) != EXIT_OK)
		return rc;
	n = cli->backlog->open_count;
	prio_backlog_score_order(cli->backlog, &proposal);
	proposed = prio_xcalloc(n + 1, sizeof(*proposed));
	for (i = 0; i < n; i++)
		proposed[proposal[i]->position - 1] = i + 1;
	/* The backlog's open stories come first, in backlog order. */
	order = by_score ? proposal : cli->backlog->stories;
	/* With no scores the score proposes nothing: said in words, and
	 * in the JSON each story keeps its place (proposed_position is
	 * position). */
	silent = by_score && n > 0 && !cli_any_score(cli->backlog);
	if (silent)
		cli_error("no open story has a score, so the score proposes "
		    "no order; give stories what the score reads: %s",
		    cli->backlog->config->score_formula);
	if (json)
		print_json(cli, order, n, proposed);
	else if (by_score && !silent)
		print_proposed(cli, order, n);
	else if (!by_score)
		print_current(cli, order, n);
	free(proposed);
	free(proposal);
	cli_note_problems(cli);
	return EXIT_OK;
}

static const struct cli_opt opts[] = {
	{ OPT_BY, 0, "by", CLI_ARG_REQUIRED, "score",
	    .help = "show the order the score proposes",
	    .complete = CLI_COMPLETE_WORDS, .words = "score" },
	{ OPT_JSON, 0, "json", CLI_ARG_NONE, NULL,
	    .help = "{\"version\": 1, \"kind\": \"prio.rank\",\n"
	    "\"stories\": [{id, title, rank, score,\n"
	    "position, proposed_position}]} in the order shown;\n"
	    "proposed_position is the place the score proposes" },
	{ OPT_REV, 0, "rev", CLI_ARG_REQUIRED, "<rev>",
	    .help = "the backlog as it was at a commit, branch or tag",
	    .complete = CLI_COMPLETE_REF },
	{ 0 }
};

const struct cmd cmd_rank = {
	.name = "rank",
	.usage = "[--by score] [--json] [--rev <rev>]",
	.summary = "Show the order with ranks and scores, or the order "
	    "scores propose",
	.help =
	    "Without --by, lists the open stories in backlog order with "
	    "their rank and\nscore.  With --by score, lists them in the "
	    "order the score proposes\n(highest first, ties by ID, then the "
	    "unscored ones in their current\norder) and each story's move, "
	    "such as '#9 → #3'; with no scores at all,\nnothing is "
	    "proposed.  Nothing is changed: 'prio rerank --by score'\n"
	    "applies it.\n",
	.opts = opts,
	.args_order = CLI_ARGS_OPTIONS_FIRST,
	.flags = CMD_NEEDS_REPO | CMD_PAGED,
	.run = run,
};
