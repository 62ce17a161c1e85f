/* prio list — the ranked backlog. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "prio/json.h"

struct list_opts {
	const char **statuses;
	size_t nstatuses;
	const char *label;
	const char *owner;
	const char *rev;
	bool all;
	bool json;
};

static bool
has_label(const struct prio_story *s, const char *label)
{
	size_t i;

	for (i = 0; i < s->nlabels; i++)
		if (strcmp(s->labels[i], label) == 0)
			return true;
	return false;
}

/* Terminal stories show with --all, or when --status names theirs. */
static bool
selected(const struct list_opts *o, const struct prio_story *s)
{
	size_t i;
	bool status_ok = o->nstatuses == 0;

	if (!s->readable || s->id == NULL)
		return false;
	for (i = 0; i < o->nstatuses; i++)
		if (s->status && strcmp(s->status, o->statuses[i]) == 0)
			status_ok = true;
	if (!status_ok || (s->terminal && !o->all && o->nstatuses == 0))
		return false;
	if (o->label && !has_label(s, o->label))
		return false;
	return o->owner == NULL || (s->owner && strcmp(s->owner,
	    o->owner) == 0);
}

static void
print_json(struct cli *cli, const struct list_opts *o)
{
	const struct prio_backlog *b = cli->backlog;
	struct prio_buf out = PRIO_BUF_INIT;
	struct prio_json j;
	size_t i;

	cli_json_list_begin(&j, &out, "stories");
	for (i = 0; i < b->count; i++)
		if (selected(o, b->stories[i]))
			cli_story_json(&j, b->stories[i]);
	cli_json_list_end(cli, &j);
}

static void
print_text(struct cli *cli, const struct list_opts *o)
{
	const struct prio_backlog *b = cli->backlog;
	size_t i, wid = 2, wstatus = 6, wpos = 1, wscore = 5;
	char pos[32], score[32];

	for (i = 0; i < b->count; i++) {
		const struct prio_story *s = b->stories[i];

		if (!selected(o, s))
			continue;
		if (cli_width(s->id) > wid)
			wid = cli_width(s->id);
		if (s->status && cli_width(s->status) > wstatus)
			wstatus = cli_width(s->status);
		snprintf(pos, sizeof(pos), "%zu", s->position);
		if (strlen(pos) > wpos)
			wpos = strlen(pos);
		cli_score_text(score, sizeof(score), s);
		if (strlen(score) > wscore)
			wscore = strlen(score);
	}
	fprintf(cli->out, "%s", cli_bold(cli));
	cli_pad(cli->out, "#", wpos, true);
	fprintf(cli->out, "  ");
	cli_pad(cli->out, "ID", wid, false);
	fprintf(cli->out, "  ");
	cli_pad(cli->out, "STATUS", wstatus, false);
	fprintf(cli->out, "  ");
	cli_pad(cli->out, "SCORE", wscore, true);
	fprintf(cli->out, "  TITLE%s\n", cli_reset(cli));
	for (i = 0; i < b->count; i++) {
		const struct prio_story *s = b->stories[i];

		if (!selected(o, s))
			continue;
		if (s->position)
			snprintf(pos, sizeof(pos), "%zu", s->position);
		else
			snprintf(pos, sizeof(pos), "-");
		cli_score_text(score, sizeof(score), s);
		cli_pad(cli->out, pos, wpos, true);
		fprintf(cli->out, "  ");
		cli_pad(cli->out, s->id, wid, false);
		fprintf(cli->out, "  ");
		cli_pad(cli->out, s->status ? s->status : "?", wstatus, false);
		fprintf(cli->out, "  ");
		cli_pad(cli->out, score, wscore, true);
		fprintf(cli->out, "  ");
		cli_puts(cli->out, s->title ? s->title : "");
		fputc('\n', cli->out);
	}
}

/* A --status the config does not know is a typo: say which exist. */
static int
check_statuses(struct cli *cli, const struct list_opts *o)
{
	const struct prio_config *cfg = cli->backlog->config;
	struct prio_buf known = PRIO_BUF_INIT;
	const char *unknown = NULL;
	size_t i;

	for (i = 0; i < o->nstatuses && unknown == NULL; i++)
		if (prio_config_status_index(cfg, o->statuses[i]) < 0)
			unknown = o->statuses[i];
	if (unknown == NULL)
		return EXIT_OK;
	for (i = 0; i < cfg->nstatuses; i++)
		prio_buf_addf(&known, "%s%s", i ? ", " : "", cfg->statuses[i]);
	cli_error("unknown status '%s'; the backlog's statuses are %s",
	    unknown, known.ptr);
	prio_buf_free(&known);
	return EXIT_USAGE;
}

static int
run(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "status", required_argument, NULL, OPT_STATUS },
		{ "label", required_argument, NULL, OPT_LABEL },
		{ "owner", required_argument, NULL, OPT_OWNER },
		{ "all", no_argument, NULL, 'a' },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "rev", required_argument, NULL, OPT_REV },
		{ NULL, 0, NULL, 0 }
	};
	struct list_opts o = { 0 };
	int c, rc;

	o.statuses = prio_xcalloc((size_t)argc, sizeof(*o.statuses));
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:a", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_STATUS:
			o.statuses[o.nstatuses++] = optarg;
			break;
		case OPT_LABEL:
			o.label = optarg;
			break;
		case OPT_OWNER:
			o.owner = optarg;
			break;
		case 'a':
			o.all = true;
			break;
		case OPT_JSON:
			o.json = true;
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "json") == 0)
				o.json = true;
			else if (strcmp(optarg, "text") != 0) {
				free(o.statuses);
				return cli_usage_error(cli, "unknown format "
				    "'%s'; use text or json", optarg);
			}
			break;
		case OPT_REV:
			o.rev = optarg;
			break;
		default:
			free(o.statuses);
			return cli_bad_option(cli, c, argv, "a");
		}
	}
	if (optind < argc) {
		free(o.statuses);
		return cli_usage_error(cli, "unexpected argument '%s'",
		    argv[optind]);
	}
	rc = cli_load_backlog(cli, o.rev, false);
	if (rc == EXIT_OK)
		rc = check_statuses(cli, &o);
	if (rc == EXIT_OK) {
		if (o.json)
			print_json(cli, &o);
		else
			print_text(cli, &o);
		cli_note_problems(cli);
	}
	free(o.statuses);
	return rc;
}

const struct cmd cmd_list = {
	.name = "list",
	.usage = "[--status <s>]... [--label <l>] [--owner <o>] [--all] "
	    "[--json | --format <f>] [--rev <rev>]",
	.summary = "Show the ranked backlog: position, ID, status, score, "
	    "title",
	.help =
	    "Stories appear in backlog order: ranked stories by rank, then "
	    "unranked\nstories by score, then ID.  Positions count every "
	    "open story, whatever\nthe filters show.\n\n"
	    "Options:\n"
	    "  --status <s>     only stories with this status (repeatable); "
	    "naming a\n"
	    "                   terminal status shows those stories too\n"
	    "  --label <l>      only stories with this label\n"
	    "  --owner <o>      only stories with this owner\n"
	    "  -a, --all        also show terminal stories (accepted, "
	    "dropped)\n"
	    "  --json           {\"version\": 1, \"stories\": [...]}, each "
	    "with id, title,\n"
	    "                   status, rank, score, position, path, owner, "
	    "goal,\n"
	    "                   labels, depends_on, criteria {total, met}\n"
	    "  --format <f>     text (default) or json\n"
	    "  --rev <rev>      the backlog as it was at a commit, branch "
	    "or tag\n",
	.flags = CMD_NEEDS_REPO | CMD_PAGED,
	.run = run,
};
