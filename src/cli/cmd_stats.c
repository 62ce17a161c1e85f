/* prio stats — delivery and backlog-health figures from history. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_out.h"
#include "prio/json.h"
#include "prio/stats.h"

/* Long-only options of this command (getopt values need only differ
 * within one command). */
enum { OPT_SINCE = 0x200 };

/* The most recent weeks a sparkline shows. */
#define SPARK_WEEKS 26

/* Whether the locale's character set is UTF-8 (LC_ALL, else LC_CTYPE,
 * else LANG, as setlocale reads them). */
static bool
utf8_locale(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_CTYPE", "LANG" };
	const char *v = NULL, *p;
	char norm[16];
	size_t i, n;

	for (i = 0; i < 3 && (v == NULL || *v == '\0'); i++)
		v = getenv(vars[i]);
	if (v == NULL || (p = strchr(v, '.')) == NULL)
		return false;
	for (n = 0, p++; *p && *p != '@' && n + 1 < sizeof(norm); p++)
		if (*p != '-')
			norm[n++] = (char)tolower((unsigned char)*p);
	norm[n] = '\0';
	return strcmp(norm, "utf8") == 0;
}

/* A sparkline of the n values into b: eight levels, the lowest for 0,
 * the highest for the largest value. */
static void
sparkline(struct prio_buf *b, const double *v, size_t n, bool utf8)
{
	static const char *const blocks[] = { "▁", "▂", "▃", "▄", "▅", "▆",
	    "▇", "█" };
	static const char ascii[] = "_.:-=+*#";
	double max = 0;
	size_t i;
	int level;

	for (i = 0; i < n; i++)
		if (v[i] > max)
			max = v[i];
	for (i = 0; i < n; i++) {
		level = max > 0 && v[i] > 0 ?
		    1 + (int)(v[i] * 6.999 / max) : 0;
		if (utf8)
			prio_buf_adds(b, blocks[level]);
		else
			prio_buf_addch(b, ascii[level]);
	}
}

static void
put_number(FILE *out, double d)
{
	struct prio_buf b = PRIO_BUF_INIT;

	prio_format_number(&b, d);
	fputs(b.ptr, out);
	prio_buf_free(&b);
}

static void
put_figure(FILE *out, const char *name, const struct prio_stats_figure *f)
{
	fprintf(out, "%-15s", name);
	if (f->count == 0) {
		fputs("no stories yet\n", out);
		return;
	}
	fprintf(out, "%zu stor%s, median %.1f days, p85 %.1f, mean %.1f\n",
	    f->count, f->count == 1 ? "y" : "ies", f->median, f->p85, f->mean);
}

static void
put_throughput(FILE *out, const struct prio_stats *st, bool utf8)
{
	struct prio_buf b = PRIO_BUF_INIT;
	size_t n = st->nthroughput, first, i, stories = 0;
	double *v, effort = 0;

	fprintf(out, "%-15s", "throughput");
	if (n == 0) {
		fputs("nothing accepted yet\n", out);
		return;
	}
	first = n > SPARK_WEEKS ? n - SPARK_WEEKS : 0;
	v = prio_xcalloc(n - first + 1, sizeof(*v));
	for (i = first; i < n; i++) {
		v[i - first] = (double)st->throughput[i].accepted;
		stories += st->throughput[i].accepted;
		effort += st->throughput[i].effort;
	}
	sparkline(&b, v, n - first, utf8);
	fprintf(out, "%s  %s..%s: %zu stor%s accepted, effort ", b.ptr,
	    st->throughput[first].name, st->throughput[n - 1].name, stories,
	    stories == 1 ? "y" : "ies");
	put_number(out, effort);
	fputc('\n', out);
	free(v);
	prio_buf_free(&b);
}

static void
put_health(FILE *out, const struct prio_stats_health *h)
{
	fprintf(out, "%-15s%zu open, %zu ready (%zu without criteria), "
	    "%zu unestimated,\n%-15s%zu stale (unchanged for 90 days), "
	    "%zu rank tie%s\n", "health", h->open, h->ready,
	    h->ready_without_criteria, h->unestimated, "", h->stale,
	    h->rank_ties, h->rank_ties == 1 ? "" : "s");
	fprintf(out, "%-15s", "ready work");
	if (h->has_ready_weeks)
		fprintf(out, "%.1f weeks at the pace of the last 6 weeks\n",
		    h->ready_weeks);
	else
		fputs("no pace: nothing accepted in the last 6 weeks\n", out);
}

static void
put_goals(FILE *out, const struct prio_stats *st)
{
	size_t i, w = 0;

	for (i = 0; i < st->ngoals; i++)
		if (cli_width(st->goals[i].goal) > w)
			w = cli_width(st->goals[i].goal);
	for (i = 0; i < st->ngoals; i++) {
		const struct prio_stats_goal *g = &st->goals[i];

		fprintf(out, "%-15s", i ? "" : "goals");
		cli_pad(out, g->goal, w, false);
		fputs("  open effort ", out);
		put_number(out, g->open_effort);
		fputs(", accepted ", out);
		put_number(out, g->accepted_effort);
		fprintf(out, ", %.0f%% of the top 20\n", g->top20_share * 100);
	}
}

static void
print_text(struct cli *cli, const struct prio_stats *st, const char *rev)
{
	FILE *out = cli->out;
	char day[16];

	prio_day_format(st->today, day, sizeof(day));
	fprintf(out, "%sFigures from the history of %s (%.7s, %s)", cli_bold(cli),
	    rev, st->commit, day);
	if (st->since != PRIO_NO_DAY) {
		prio_day_format(st->since, day, sizeof(day));
		fprintf(out, ", done since %s", day);
	}
	fprintf(out, "%s\n\n", cli_reset(cli));
	put_figure(out, "cycle time", &st->cycle);
	put_figure(out, "lead time", &st->lead);
	if (st->one_step)
		fputs("approval time  none: one status is both done and "
		    "accepted\n", out);
	else
		put_figure(out, "approval time", &st->approval);
	put_throughput(out, st, utf8_locale());
	put_health(out, &st->health);
	put_goals(out, st);
}

static void
json_figure(struct prio_json *j, const char *key,
    const struct prio_stats_figure *f)
{
	prio_json_key(j, key);
	prio_json_object_begin(j);
	prio_json_key(j, "count");
	prio_json_int(j, (long long)f->count);
	prio_json_key(j, "median");
	if (f->count)
		prio_json_number(j, f->median);
	else
		prio_json_null(j);
	prio_json_key(j, "p85");
	if (f->count)
		prio_json_number(j, f->p85);
	else
		prio_json_null(j);
	prio_json_key(j, "mean");
	if (f->count)
		prio_json_number(j, f->mean);
	else
		prio_json_null(j);
	prio_json_object_end(j);
}

static void
json_count(struct prio_json *j, const char *key, size_t n)
{
	prio_json_key(j, key);
	prio_json_int(j, (long long)n);
}

static void
print_json(struct cli *cli, const struct prio_stats *st)
{
	const struct prio_stats_health *h = &st->health;
	struct prio_buf out = PRIO_BUF_INIT;
	struct prio_json j;
	size_t i;

	cli_json_begin(&j, &out, "prio.stats");
	json_figure(&j, "cycle_time_days", &st->cycle);
	json_figure(&j, "lead_time_days", &st->lead);
	json_figure(&j, "approval_time_days", &st->approval);
	prio_json_key(&j, "throughput");
	prio_json_array_begin(&j);
	for (i = 0; i < st->nthroughput; i++) {
		prio_json_object_begin(&j);
		prio_json_key(&j, "week");
		prio_json_string(&j, st->throughput[i].name);
		json_count(&j, "accepted", st->throughput[i].accepted);
		prio_json_key(&j, "effort");
		prio_json_number(&j, st->throughput[i].effort);
		prio_json_object_end(&j);
	}
	prio_json_array_end(&j);
	prio_json_key(&j, "health");
	prio_json_object_begin(&j);
	json_count(&j, "open", h->open);
	json_count(&j, "ready", h->ready);
	json_count(&j, "ready_without_criteria", h->ready_without_criteria);
	json_count(&j, "unestimated", h->unestimated);
	json_count(&j, "stale", h->stale);
	json_count(&j, "rank_ties", h->rank_ties);
	prio_json_key(&j, "ready_weeks");
	if (h->has_ready_weeks)
		prio_json_number(&j, h->ready_weeks);
	else
		prio_json_null(&j);
	prio_json_object_end(&j);
	prio_json_key(&j, "goals");
	prio_json_array_begin(&j);
	for (i = 0; i < st->ngoals; i++) {
		prio_json_object_begin(&j);
		prio_json_key(&j, "goal");
		prio_json_string(&j, st->goals[i].goal);
		prio_json_key(&j, "open_effort");
		prio_json_number(&j, st->goals[i].open_effort);
		prio_json_key(&j, "accepted_effort");
		prio_json_number(&j, st->goals[i].accepted_effort);
		prio_json_key(&j, "top20_share");
		prio_json_number(&j, st->goals[i].top20_share);
		prio_json_object_end(&j);
	}
	prio_json_array_end(&j);
	prio_json_object_end(&j);
	cli_write_json(cli, &out);
	prio_buf_free(&out);
}

static int
run(struct cli *cli, int argc, char **argv)
{
	struct cli_getopt g = { 0 };
	struct prio_stats *st = NULL;
	const char *rev = NULL, *since = NULL;
	bool json = false;
	int c, rc;

	while ((c = cli_getopt(cli, &g, argc, argv)) != -1) {
		if (c == OPT_JSON)
			json = true;
		else if (c == OPT_REV)
			rev = optarg;
		else if (c == OPT_SINCE)
			since = optarg;
		else
			return cli_bad_option(cli, c, argv);
	}
	if (optind < argc)
		return cli_usage_error(cli, "unexpected argument '%s'",
		    argv[optind]);
	if ((rc = cli_load_stats(cli, rev, since, &st)) != EXIT_OK)
		return rc;
	if (json)
		print_json(cli, st);
	else
		print_text(cli, st, rev ? rev : "HEAD");
	cli_note_problems(cli);
	prio_stats_free(st);
	return EXIT_OK;
}

static const struct cli_opt opts[] = {
	{ OPT_SINCE, 0, "since", CLI_ARG_REQUIRED, "<date>",
	    .help = "count only work done or accepted on or after the date\n"
	    "(YYYY-MM-DD, the committer's local date)" },
	{ OPT_JSON, 0, "json", CLI_ARG_NONE, NULL,
	    .help = "{\"version\": 1, \"kind\": \"prio.stats\",\n"
	    "\"cycle_time_days\", \"lead_time_days\",\n"
	    "\"approval_time_days\": {count, median, p85, mean},\n"
	    "\"throughput\": [{week, accepted, effort}], \"health\": {open,\n"
	    "ready, ready_without_criteria, unestimated, stale,\n"
	    "rank_ties, ready_weeks}, \"goals\": [{goal, open_effort,\n"
	    "accepted_effort, top20_share}]}" },
	{ OPT_REV, 0, "rev", CLI_ARG_REQUIRED, "<rev>",
	    .help = "the figures as they were at a commit, branch or tag",
	    .complete = CLI_COMPLETE_REF },
	{ 0 }
};

const struct cmd cmd_stats = {
	.name = "stats",
	.usage = "[--since <date>] [--json] [--rev <rev>]",
	.summary = "Show delivery and backlog-health figures from history",
	.help =
	    "Reads each story's timeline from the history of HEAD (or "
	    "--rev): when its\n"
	    "file was added and when its status first became each status, "
	    "dated by\n"
	    "the committer dates of non-merge commits (hand edits count as "
	    "prio's own\n"
	    "commits do).  Health is that of the backlog committed at HEAD; "
	    "uncommitted\n"
	    "edits are not counted.\n\n"
	    "  cycle time     first in-progress -> first done\n"
	    "  lead time      file added -> first accepted\n"
	    "  approval time  first done -> first accepted\n"
	    "                 over the stories with both ends: count, median, "
	    "p85 (the\n"
	    "                 nearest rank: the ceil(0.85 n)-th smallest) and "
	    "mean, in\n"
	    "                 days rounded to 0.1\n"
	    "  throughput     stories first accepted per ISO week (of the "
	    "committer's\n"
	    "                 local date) and the sum of their effort; a "
	    "sparkline of\n"
	    "                 the last 26 weeks\n"
	    "  health         open, ready, ready without criteria, "
	    "unestimated (open\n"
	    "                 without effort), stale (open, file unchanged "
	    "for 90 days\n"
	    "                 before the commit), rank ties, and ready work "
	    "in weeks: the\n"
	    "                 effort of ready stories over the mean weekly "
	    "effort\n"
	    "                 accepted in the last 42 days\n"
	    "  goals          for each goal: open effort, accepted effort, "
	    "and its share\n"
	    "                 of the top 20 open stories\n\n"
	    "A story's effort and goal are those of its newest version.\n",
	.opts = opts,
	.args_order = CLI_ARGS_PERMUTE,
	.flags = CMD_NEEDS_REPO | CMD_PAGED,
	.run = run,
};
