/*
 * Delivery and backlog-health figures (see prio/stats.h).
 *
 * One walk of history (prio_history_walk) fills a timeline per story ID
 * and the last change of each story file; the figures are then computed
 * from the timelines and the backlog at the commit.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prio/buf.h"
#include "prio/config.h"
#include "prio/date.h"
#include "prio/error.h"
#include "prio/history.h"
#include "prio/object.h"
#include "prio/rank.h"
#include "prio/stats.h"
#include "smap.h"
#include "util.h"

#define DAY PRIO_DAY_SECONDS
#define STALE_DAYS 90
#define PACE_WEEKS 6
#define TOP 20
#define MAX_WEEKS 520     /* ten years of weeks at most */

/* --- Timelines ---------------------------------------------------------- */

struct first {
	char *status;
	int64_t time;
	prio_day day;
};

struct timeline {
	char *id;
	bool has_added;
	int64_t added;
	prio_day added_day;
	struct first *firsts;
	size_t nfirsts, cfirsts;
	bool has_newest;
	int64_t newest;
	bool has_effort;
	double effort;
	char *goal;
};

struct collect {
	/* The statuses that play each role (NULL: none does; the figures
	 * that need it are not computed). */
	const char *role[PRIO_ROLE_COUNT];
	struct smap ids;            /* ID -> index into stories */
	struct timeline *stories;
	size_t n, cap;
	struct smap paths;          /* path -> its last change, a time */
};

static struct timeline *
timeline_of(struct collect *c, const char *id)
{
	size_t i = *smap_at(&c->ids, id, c->n);

	if (i == c->n) {
		prio_xgrow(&c->stories, &c->cap, c->n + 1,
		    sizeof(*c->stories));
		memset(&c->stories[c->n], 0, sizeof(*c->stories));
		c->stories[c->n++].id = prio_xstrdup(id);
	}
	return &c->stories[i];
}

static void
note_first(struct timeline *t, const char *status, int64_t time,
    prio_day day)
{
	size_t i;

	for (i = 0; i < t->nfirsts; i++)
		if (strcmp(t->firsts[i].status, status) == 0) {
			if (time < t->firsts[i].time) {
				t->firsts[i].time = time;
				t->firsts[i].day = day;
			}
			return;
		}
	prio_xgrow(&t->firsts, &t->cfirsts, t->nfirsts + 1,
	    sizeof(*t->firsts));
	t->firsts[t->nfirsts].status = prio_xstrdup(status);
	t->firsts[t->nfirsts].time = time;
	t->firsts[t->nfirsts++].day = day;
}

static const struct first *
first_of(const struct timeline *t, const char *status)
{
	size_t i;

	for (i = 0; status && i < t->nfirsts; i++)
		if (strcmp(t->firsts[i].status, status) == 0)
			return &t->firsts[i];
	return NULL;
}

static int
on_file(const struct prio_history_file *f, void *payload)
{
	struct collect *c = payload;
	struct timeline *t;
	prio_day day = prio_day_of(f->time, f->offset);
	const char *effort;
	bool appeared;
	size_t *last;

	if (f->changed && f->new.path) {
		last = smap_at(&c->paths, f->new.path, (size_t)f->time);
		if ((int64_t)*last < f->time)
			*last = (size_t)f->time;
	}
	if (f->new.id == NULL)
		return 0;
	t = timeline_of(c, f->new.id);
	/* At a shallow clone's boundary a story did not appear: it was
	 * there before, for an unknown time. */
	appeared = !f->cut && (f->old.id == NULL ||
	    strcmp(f->old.id, f->new.id) != 0);
	if (appeared && (!t->has_added || f->time < t->added)) {
		t->has_added = true;
		t->added = f->time;
		t->added_day = day;
	}
	if (f->new.status && !f->cut && (appeared || f->old.status == NULL ||
	    strcmp(f->old.status, f->new.status) != 0))
		note_first(t, f->new.status, f->time, day);
	if ((f->changed || appeared || f->cut) && (!t->has_newest ||
	    f->time >= t->newest)) {
		t->has_newest = true;
		t->newest = f->time;
		effort = prio_history_value(&f->new, "effort");
		t->has_effort = effort && prio_parse_number(effort,
		    &t->effort);
		free(t->goal);
		t->goal = prio_history_value(&f->new, "goal") ?
		    prio_xstrdup(prio_history_value(&f->new, "goal")) : NULL;
	}
	return 0;
}

static void
collect_free(struct collect *c)
{
	size_t i, k;

	for (i = 0; i < c->n; i++) {
		for (k = 0; k < c->stories[i].nfirsts; k++)
			free(c->stories[i].firsts[k].status);
		free(c->stories[i].firsts);
		free(c->stories[i].id);
		free(c->stories[i].goal);
	}
	free(c->stories);
	smap_free(&c->ids);
	smap_free(&c->paths);
}

/* --- Figures ------------------------------------------------------------ */

/* x rounded to 1/per: per 10 gives 0.1 steps ("0.6", not
 * "0.6000000000000001"). */
static double
round_to(double x, double per)
{
	return round(x * per) / per;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The figure of n durations in seconds (sorted here). */
static void
figure(struct prio_stats_figure *f, double *v, size_t n)
{
	double sum = 0;
	size_t i;

	memset(f, 0, sizeof(*f));
	if ((f->count = n) == 0)
		return;
	qsort(v, n, sizeof(*v), cmp_double);
	for (i = 0; i < n; i++)
		sum += v[i];
	f->median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	f->p85 = v[(85 * n + 99) / 100 - 1];
	f->mean = sum / (double)n;
	f->median = round_to(f->median / DAY, 10);
	f->p85 = round_to(f->p85 / DAY, 10);
	f->mean = round_to(f->mean / DAY, 10);
}

/* Durations from status a (NULL: the file added) to status b (not
 * NULL), over the stories whose end is on or after since. */
static void
durations(struct prio_stats_figure *f, const struct collect *c,
    const char *a, const char *b, prio_day since, struct prio_stats *st)
{
	double *v = prio_xcalloc(c->n + 1, sizeof(*v));
	const struct first *start, *end;
	int64_t from;
	size_t i, n = 0;

	if (st)     /* at most one point per story */
		st->points = prio_xcalloc(c->n + 1, sizeof(*st->points));
	for (i = 0; i < c->n; i++) {
		const struct timeline *t = &c->stories[i];

		if ((end = first_of(t, b)) == NULL || end->day < since)
			continue;
		if (a) {
			if ((start = first_of(t, a)) == NULL)
				continue;
			from = start->time;
		} else if (t->has_added)
			from = t->added;
		else
			continue;
		if (end->time < from)
			continue;
		v[n++] = (double)(end->time - from);
		if (st) {
			st->points[st->npoints].id = prio_xstrdup(t->id);
			st->points[st->npoints].day = end->day;
			st->points[st->npoints++].days =
			    (double)(end->time - from) / DAY;
		}
	}
	figure(f, v, n);
	free(v);
}

static int
cmp_point(const void *pa, const void *pb)
{
	const struct prio_stats_point *a = pa, *b = pb;
	unsigned long x, y;

	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	x = strtoul(strchr(a->id, '-') ? strchr(a->id, '-') + 1 : a->id,
	    NULL, 10);
	y = strtoul(strchr(b->id, '-') ? strchr(b->id, '-') + 1 : b->id,
	    NULL, 10);
	if (x != y)
		return x < y ? -1 : 1;
	return strcmp(a->id, b->id);
}

static double
effort_of(const struct timeline *t)
{
	return t->has_effort ? t->effort : 0;
}

/* Fills weeks [first, last] (Mondays) with what was accepted in each. */
static struct prio_stats_week *
weeks_between(const struct collect *c, prio_day first, prio_day last,
    prio_day since, size_t *nout)
{
	struct prio_stats_week *w;
	const struct first *acc;
	size_t n, i, k;

	/* A commit dated centuries away must not make millions of weeks. */
	if ((last - first) / 7 + 1 > MAX_WEEKS)
		first = last - 7 * (MAX_WEEKS - 1);
	n = (size_t)((last - first) / 7 + 1);

	w = prio_xcalloc(n + 1, sizeof(*w));
	for (k = 0; k < n; k++) {
		w[k].monday = first + 7 * (prio_day)k;
		prio_week_name(w[k].monday, w[k].name, sizeof(w[k].name));
	}
	for (i = 0; i < c->n; i++) {
		if ((acc = first_of(&c->stories[i],
		    c->role[PRIO_ROLE_ACCEPTED])) == NULL ||
		    acc->day < since || acc->day < first ||
		    acc->day >= last + 7)
			continue;
		k = (size_t)((prio_week_monday(acc->day) - first) / 7);
		w[k].accepted++;
		w[k].effort += effort_of(&c->stories[i]);
	}
	*nout = n;
	return w;
}

static void
throughput(struct prio_stats *st, const struct collect *c, prio_day since)
{
	prio_day first = PRIO_NO_DAY, last = prio_week_monday(st->today), m;
	const struct first *acc;
	size_t i;

	for (i = 0; i < c->n; i++) {
		if ((acc = first_of(&c->stories[i],
		    c->role[PRIO_ROLE_ACCEPTED])) == NULL || acc->day < since)
			continue;
		m = prio_week_monday(acc->day);
		if (first == PRIO_NO_DAY || m < first)
			first = m;
		if (m > last)
			last = m;
	}
	if (since != PRIO_NO_DAY)
		first = prio_week_monday(since);
	if (first == PRIO_NO_DAY || first > last)
		return;
	st->throughput = weeks_between(c, first, last, since,
	    &st->nthroughput);
}

/* The status index of t's furthest status reached before day end
 * (exclusive), or -1. */
static int
state_at(const struct timeline *t, const struct prio_backlog *b,
    prio_day end)
{
	int best = -1, k;
	size_t i;

	if (!t->has_added || t->added_day >= end)
		return -1;
	for (i = 0; i < t->nfirsts; i++) {
		if (t->firsts[i].day >= end)
			continue;
		k = prio_config_status_index(b->config, t->firsts[i].status);
		if (k > best)
			best = k;
	}
	return best;
}

static void
charts(struct prio_stats *st, const struct collect *c,
    const struct prio_backlog *b, prio_day since)
{
	prio_day first = PRIO_NO_DAY, last = prio_week_monday(st->today), m;
	const struct first *acc;
	size_t i, k, w;
	int s;

	st->nstatuses = b->config->nstatuses;
	st->statuses = prio_xcalloc(st->nstatuses + 1, sizeof(char *));
	for (k = 0; k < st->nstatuses; k++)
		st->statuses[k] = prio_xstrdup(b->config->statuses[k]);
	for (i = 0; i < c->n; i++) {
		const struct timeline *t = &c->stories[i];

		if (!t->has_added)
			continue;
		m = prio_week_monday(t->added_day);
		if (first == PRIO_NO_DAY || m < first)
			first = m;
		for (k = 0; k < t->nfirsts; k++)
			if (prio_week_monday(t->firsts[k].day) > last)
				last = prio_week_monday(t->firsts[k].day);
	}
	if (since != PRIO_NO_DAY)
		first = prio_week_monday(since);
	if (first == PRIO_NO_DAY || first > last)
		return;
	st->weeks = weeks_between(c, first, last, since, &st->nweeks);
	st->flow = prio_xcalloc(st->nweeks * st->nstatuses + 1,
	    sizeof(*st->flow));
	st->scope = prio_xcalloc(st->nweeks + 1, sizeof(*st->scope));
	st->done = prio_xcalloc(st->nweeks + 1, sizeof(*st->done));
	for (w = 0; w < st->nweeks; w++)
		for (i = 0; i < c->n; i++) {
			const struct timeline *t = &c->stories[i];
			prio_day end = st->weeks[w].monday + 7;

			if ((s = state_at(t, b, end)) < 0)
				continue;
			st->flow[w * st->nstatuses + (size_t)s]++;
			if ((acc = first_of(t, c->role[PRIO_ROLE_ACCEPTED])) &&
			    acc->day < end)
				st->done[w] += effort_of(t);
			if (!b->config->terminal[s] || prio_config_is_role(
			    b->config, st->statuses[s], PRIO_ROLE_ACCEPTED))
				st->scope[w] += effort_of(t);
		}
}

/* An open story's effort: that of its newest version in history (the
 * backlog keeps no fields; normally the version at the commit). */
static bool
story_effort(const struct collect *c, const struct prio_story *s,
    double *out)
{
	const size_t *i = s->id ? smap_get(&c->ids, s->id) : NULL;

	if (i == NULL || !c->stories[*i].has_effort)
		return false;
	*out = c->stories[*i].effort;
	return true;
}

static void
health(struct prio_stats *st, const struct collect *c,
    const struct prio_backlog *b)
{
	struct prio_stats_health *h = &st->health;
	const struct prio_story *s, *prev;
	const struct first *acc;
	const size_t *last;
	double e, accepted = 0;
	size_t i;

	h->open = b->open_count;
	for (i = 0; i < b->open_count; i++) {
		s = b->stories[i];
		if (prio_config_is_role(b->config, s->status,
		    PRIO_ROLE_READY)) {
			h->ready++;
			if (s->ncriteria == 0)
				h->ready_without_criteria++;
			if (story_effort(c, s, &e))
				h->ready_effort += e;
		}
		if (!story_effort(c, s, &e))
			h->unestimated++;
		last = smap_get(&c->paths, s->path);
		if (last && st->time - (int64_t)*last >=
		    (int64_t)STALE_DAYS * DAY)
			h->stale++;
		prev = i > 0 ? b->stories[i - 1] : NULL;
		if (prev && s->rank && prev->rank &&
		    prio_rank_cmp(s->rank, prev->rank) == 0)
			h->rank_ties++;
	}
	for (i = 0; i < c->n; i++)
		if ((acc = first_of(&c->stories[i],
		    c->role[PRIO_ROLE_ACCEPTED])) && acc->time <= st->time && st->time - acc->time <
		    (int64_t)PACE_WEEKS * 7 * DAY)
			accepted += effort_of(&c->stories[i]);
	h->pace = accepted / PACE_WEEKS;
	h->has_ready_weeks = h->pace > 0;
	if (h->has_ready_weeks)
		h->ready_weeks = round_to(h->ready_effort / h->pace, 10);
}

/* Natural order: runs of digits compare as numbers ("G-2" < "G-10"). */
static int
natural_cmp(const char *a, const char *b)
{
	const char *x, *y;
	size_t la, lb;
	int c;

	while (*a && *b) {
		if (*a >= '0' && *a <= '9' && *b >= '0' && *b <= '9') {
			while (*a == '0' && a[1] >= '0' && a[1] <= '9')
				a++;
			while (*b == '0' && b[1] >= '0' && b[1] <= '9')
				b++;
			for (x = a; *x >= '0' && *x <= '9'; x++)
				;
			for (y = b; *y >= '0' && *y <= '9'; y++)
				;
			la = (size_t)(x - a), lb = (size_t)(y - b);
			if (la != lb)
				return la < lb ? -1 : 1;
			if ((c = strncmp(a, b, la)) != 0)
				return c;
			a = x, b = y;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		a++, b++;
	}
	return *a ? 1 : *b ? -1 : 0;
}

static int
cmp_goal(const void *pa, const void *pb)
{
	const struct prio_stats_goal *a = pa, *b = pb;
	int c = natural_cmp(a->goal, b->goal);

	return c ? c : strcmp(a->goal, b->goal);
}

static struct prio_stats_goal *
goal_of(struct prio_stats *st, struct smap *m, size_t *cap, const char *goal)
{
	size_t i = *smap_at(m, goal, st->ngoals);

	if (i == st->ngoals) {
		prio_xgrow(&st->goals, cap, st->ngoals + 1, sizeof(*st->goals));
		memset(&st->goals[i], 0, sizeof(*st->goals));
		st->goals[st->ngoals++].goal = prio_xstrdup(goal);
	}
	return &st->goals[i];
}

static void
goals(struct prio_stats *st, const struct collect *c,
    const struct prio_backlog *b, prio_day since)
{
	struct smap m = SMAP_INIT;
	struct prio_stats_goal *g;
	const struct first *acc;
	size_t i, cap = 0, top = b->open_count < TOP ? b->open_count : TOP;
	double e;

	for (i = 0; i < b->open_count; i++) {
		const struct prio_story *s = b->stories[i];

		if (s->goal == NULL)
			continue;
		g = goal_of(st, &m, &cap, s->goal);
		if (story_effort(c, s, &e))
			g->open_effort += e;
		if (i < top)
			g->top20_share += 1;
	}
	for (i = 0; i < c->n; i++) {
		const struct timeline *t = &c->stories[i];

		if (t->goal == NULL || (acc = first_of(t,
		    c->role[PRIO_ROLE_ACCEPTED])) == NULL || acc->day < since)
			continue;
		goal_of(st, &m, &cap, t->goal)->accepted_effort +=
		    effort_of(t);
	}
	for (i = 0; i < st->ngoals; i++)
		st->goals[i].top20_share = top ?
		    round_to(st->goals[i].top20_share / (double)top, 100) : 0;
	if (st->ngoals > 1)
		qsort(st->goals, st->ngoals, sizeof(*st->goals), cmp_goal);
	smap_free(&m);
}

static int
resolve(struct prio_stats *st, git_repository *repo, const char *rev,
    struct prio_diags *diags)
{
	git_object *obj = NULL, *peeled = NULL;
	int rc = PRIO_OK;

	if (prio_object_rev_guard(repo, rev ? rev : "HEAD",
	    PRIO_MAX_FILE_SIZE_LIMIT, diags) != PRIO_OK)
		return PRIO_EINVAL;
	if (git_revparse_single(&obj, repo, rev ? rev : "HEAD") < 0 ||
	    git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT) < 0) {
		prio_diags_add(diags, PRIO_SEV_ERROR, "git", NULL, 0, 0,
		    "unknown revision '%s': %s%s", rev ? rev : "HEAD",
		    prio_git_message(), prio_shallow_revision_hint(repo));
		git_error_clear();
		rc = PRIO_EINVAL;
		goto out;
	}
	git_oid_tostr(st->commit, sizeof(st->commit), git_object_id(peeled));
	st->time = (int64_t)git_commit_time((git_commit *)peeled);
	st->offset = git_commit_time_offset((git_commit *)peeled);
	st->today = prio_day_of(st->time, st->offset);
out:
	git_object_free(peeled);
	git_object_free(obj);
	return rc;
}

int
prio_stats_compute(struct prio_stats **out, git_repository *repo,
    const char *rev, const struct prio_backlog *b, prio_day since,
    struct prio_diags *diags)
{
	struct collect c;
	struct prio_stats *st = prio_xcalloc(1, sizeof(*st));
	int rc, r;

	*out = NULL;
	memset(&c, 0, sizeof(c));
	for (r = 0; r < PRIO_ROLE_COUNT; r++)
		c.role[r] = prio_config_role(b->config, (enum prio_role)r);
	st->since = since;
	if ((rc = resolve(st, repo, rev, diags)) != PRIO_OK ||
	    (rc = prio_history_walk(repo, st->commit, on_file, &c, &st->cut,
	    diags)) != PRIO_OK) {
		collect_free(&c);
		prio_stats_free(st);
		return rc;
	}
	/* A figure whose roles no status plays stays 0 (st is zeroed). */
	if (c.role[PRIO_ROLE_IN_PROGRESS] && c.role[PRIO_ROLE_DONE]) {
		durations(&st->cycle, &c, c.role[PRIO_ROLE_IN_PROGRESS],
		    c.role[PRIO_ROLE_DONE], since, st);
		qsort(st->points, st->npoints, sizeof(*st->points),
		    cmp_point);
	}
	if (c.role[PRIO_ROLE_ACCEPTED])
		durations(&st->lead, &c, NULL, c.role[PRIO_ROLE_ACCEPTED],
		    since, NULL);
	st->one_step = c.role[PRIO_ROLE_DONE] && c.role[PRIO_ROLE_ACCEPTED] &&
	    strcmp(c.role[PRIO_ROLE_DONE], c.role[PRIO_ROLE_ACCEPTED]) == 0;
	if (c.role[PRIO_ROLE_DONE] && c.role[PRIO_ROLE_ACCEPTED] &&
	    !st->one_step)
		durations(&st->approval, &c, c.role[PRIO_ROLE_DONE],
		    c.role[PRIO_ROLE_ACCEPTED], since, NULL);
	throughput(st, &c, since);
	charts(st, &c, b, since);
	health(st, &c, b);
	goals(st, &c, b, since);
	collect_free(&c);
	*out = st;
	return PRIO_OK;
}

void
prio_stats_free(struct prio_stats *st)
{
	size_t i;

	if (st == NULL)
		return;
	free(st->throughput);
	for (i = 0; i < st->ngoals; i++)
		free(st->goals[i].goal);
	free(st->goals);
	free(st->weeks);
	prio_strv_free(st->statuses, st->nstatuses);
	free(st->flow);
	free(st->scope);
	free(st->done);
	for (i = 0; i < st->npoints; i++)
		free(st->points[i].id);
	free(st->points);
	free(st);
}
