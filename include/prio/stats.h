/*
 * prio/stats.h — delivery and backlog-health figures read from git
 * history (SPEC §3, `prio stats` and `prio report`).
 *
 * A story's timeline comes from the non-merge commits of the history of
 * a commit (prio_history_walk), dated by their committer dates: when
 * its file was added (the first commit that has it in the backlog), when
 * its status first became each status, and when its file last changed.
 * Hand edits count the same as prio's own commits.  A story is known by
 * its ID: a renamed file is the same story.  Of several commits on
 * different branches the earliest date counts.
 *
 * The figures:
 *   cycle time      first "in-progress" -> first "done"
 *   lead time       file added -> first "accepted"
 *   approval time   first "done" -> first "accepted"
 * over the stories that have both ends (and whose end is not before its
 * start); with a since day, only those whose end is on or after it.
 * median: of an even count, the mean of the middle two; p85: the
 * nearest rank, the ceil(0.85 n)-th smallest value; mean: arithmetic.
 * Days are in 86,400-second days, rounded to 0.1.
 *
 * Weeks are ISO 8601 weeks ("2026-W02", Monday to Sunday) of the
 * committer's local date (the commit's own UTC offset).  A story's
 * effort and goal are those of its newest version in history (the
 * latest committer date that changed its file); an effort that is not a
 * number counts as none.  "in-progress", "done", "accepted" and
 * "ready" above are roles (prio_config_role): the statuses of the
 * backlog's config at rev that play them, by default the statuses of
 * those names; a status is matched by its name in each version of
 * history.  A config where no status plays a role has no figures that
 * need it.
 */
#ifndef PRIO_STATS_H
#define PRIO_STATS_H

#include <git2.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "prio/backlog.h"
#include "prio/date.h"
#include "prio/shallow.h"
#include "prio/diag.h"

struct prio_stats_figure {
	size_t count;
	double median, p85, mean;   /* days, rounded to 0.1; 0 when count
	                             * is 0 */
};

struct prio_stats_week {
	prio_day monday;        /* the week's Monday */
	char name[16];          /* "2026-W02" */
	size_t accepted;        /* stories first accepted that week */
	double effort;          /* the sum of their effort */
};

struct prio_stats_health {
	size_t open;            /* open stories: the ranked order */
	size_t ready;           /* of them, in the ready role's status */
	size_t ready_without_criteria;
	size_t unestimated;     /* open, without a numeric effort */
	size_t stale;           /* open, file unchanged for 90 days before
	                         * the commit */
	size_t rank_ties;       /* open stories whose rank equals the one
	                         * before (as `prio check` warns) */
	double ready_effort;    /* the effort of the ready stories */
	double pace;            /* effort first accepted in the 42 days up
	                         * to the commit, over 6 */
	bool has_ready_weeks;   /* pace is not 0 */
	double ready_weeks;     /* ready_effort / pace, rounded to 0.1 */
};

struct prio_stats_goal {
	char *goal;
	double open_effort;     /* of the open stories with this goal */
	double accepted_effort; /* of the stories first accepted (since
	                         * the since day) with this goal */
	double top20_share;     /* the share of the top 20 open stories
	                         * (or all, when fewer) with this goal,
	                         * rounded to 0.01 */
};

/* A story done, for the cycle-time scatter. */
struct prio_stats_point {
	char *id;
	prio_day day;           /* first done */
	double days;            /* its cycle time, unrounded */
};

struct prio_stats {
	char commit[GIT_OID_HEXSZ + 1];
	int64_t time;           /* the commit's committer date */
	int offset;
	prio_day today;         /* its local day */
	prio_day since;         /* the since day, or PRIO_NO_DAY */

	struct prio_stats_figure cycle, lead, approval;
	/* One status plays both done and accepted (a Backlog.md project
	 * whose last status is Done): there is no approval step, and
	 * approval stays empty rather than a row of zero days. */
	bool one_step;
	struct prio_stats_week *throughput;   /* from the first week with
	                                       * an acceptance (or the since
	                                       * day's week) to the last; at
	                                       * most the last 520 weeks */
	size_t nthroughput;
	struct prio_stats_health health;
	struct prio_stats_goal *goals;        /* by goal, natural order */
	size_t ngoals;

	/* For charts.  The weeks from the first story's (or the since
	 * day's) to the last, at most 520; for each, at its end (Sunday
	 * night): */
	struct prio_stats_week *weeks;        /* accepted, effort as above */
	size_t nweeks;
	char **statuses;        /* the config's statuses, in order */
	size_t nstatuses;
	size_t *flow;           /* [week * nstatuses + status]: stories
	                         * whose furthest status reached is that
	                         * one (cumulative flow) */
	double *scope;          /* effort of the stories added and not
	                         * dropped (a terminal status other than
	                         * the accepted role's) */
	double *done;           /* effort of the stories first accepted */
	struct prio_stats_point *points;      /* by day, then ID */
	size_t npoints;

	/* In a shallow clone: where the history read is cut (count 0: it
	 * is whole).  Stories that exist at the boundary have no timeline
	 * before it: when they were added and reached their statuses is
	 * not known, so they count in no duration that needs it. */
	struct prio_shallow_cut cut;
};

/*
 * Reads the history of rev (NULL: HEAD) and computes the figures; b is
 * the backlog at rev (for health, goals and the config's statuses).
 * since is a day or PRIO_NO_DAY.  Returns PRIO_OK and *out (free with
 * prio_stats_free), or an error of prio_history_walk() with a
 * diagnostic.
 */
int prio_stats_compute(struct prio_stats **out, git_repository *repo,
    const char *rev, const struct prio_backlog *b, prio_day since,
    struct prio_diags *diags);

void prio_stats_free(struct prio_stats *s);

#endif
