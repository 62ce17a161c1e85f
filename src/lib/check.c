/* Rules between stories (see prio/check.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "prio/buf.h"
#include "prio/check.h"
#include "prio/rules.h"

/*
 * What a problem is, apart from where it is printed: for telling the
 * problems a write brings from those that were there (prio_check_write).
 * One string per reported diagnostic, in the order of the diagnostics.
 */
struct keys {
	char **v;
	size_t n, cap;
};

/* A renamed story: the path it is written at, and the one it had. */
struct renamed {
	const struct prio_story *s;
	const char *from;
};

struct view;
struct frame;

struct checker {
	const struct prio_backlog *b;
	struct prio_diags *diags;
	/* A backlog as a write leaves it (prio_check_write): the stories'
	 * own position fields hold their places before it. */
	bool view;
	unsigned rules;             /* which rules run: 1 << PRIO_RULE_... */
	struct keys *keys;          /* NULL: no keys wanted */
	const struct renamed *ren;  /* keys name a renamed story by the
	                             * path it had */
	const struct view *v;       /* the write, for a view; else NULL */
};

static const char *
origin(const struct checker *c, const struct prio_story *s)
{
	if (c->ren && c->ren->s == s)
		return c->ren->from;
	return s->path;
}

static void
keys_add(struct keys *k, char *key)
{
	prio_xgrow(&k->v, &k->cap, k->n + 1, sizeof(*k->v));
	k->v[k->n++] = key;
}

static void
keys_free(struct keys *k)
{
	prio_strv_free(k->v, k->n);
	memset(k, 0, sizeof(*k));
}

/*
 * Reports a problem of rule at story s.  key says what the problem is,
 * wherever it is printed ("<rule>\n<what>", made only when keys are
 * wanted; NULL otherwise), and is taken over.
 */
__attribute__((format(printf, 6, 7)))
static void
report(struct checker *c, enum prio_rule rule, const struct prio_story *s,
    char *key, const struct prio_pos *at, const char *fmt, ...)
{
	enum prio_severity sev = c->b->config->severity[rule];
	va_list ap;

	if (sev == PRIO_SEV_OFF) {
		free(key);
		return;
	}
	va_start(ap, fmt);
	prio_diags_vadd(c->diags, sev, prio_rule_name(rule), s->path,
	    at->line ? at->line : 1, at->line ? at->column : 1, fmt, ap);
	va_end(ap);
	if (c->keys)
		keys_add(c->keys, key);
}

/* The key of a problem of rule at s about what (an id or a path). */
static char *
key_of(const struct checker *c, enum prio_rule rule,
    const struct prio_story *s, const char *what)
{
	if (c->keys == NULL)
		return NULL;
	return prio_xasprintf("%s\n%s\n%s", prio_rule_name(rule),
	    origin(c, s), what);
}

/* Where s stands in the order (0: not open). */
static size_t position(const struct checker *c, const struct prio_story *s);

/* Whether d stands behind s, which is at position at. */
static bool
behind(const struct checker *c, const struct prio_story *d,
    const struct prio_story *s, size_t at)
{
	struct prio_order_key k;

	if (!c->view)
		return d->position > at;
	prio_order_key_of(&k, d);
	return k.group < 2 && prio_backlog_cmp(d, s) > 0;
}

static void
check_duplicates(struct checker *c)
{
	const struct prio_backlog *b = c->b;
	size_t i, j;

	for (i = 0; i < b->nby_id; i = j) {
		for (j = i + 1; j < b->nby_id &&
		    b->by_id[j]->id_num == b->by_id[i]->id_num; j++)
			;
		if (j - i < 2)
			continue;
		for (size_t k = i; k < j; k++) {
			const struct prio_story *s = b->by_id[k];

			/* An archived file takes its ID but is not the one
			 * to change: the listed story is reported. */
			if (s->archived)
				continue;
			report(c, PRIO_RULE_DUPLICATE_ID, s, key_of(c,
			    PRIO_RULE_DUPLICATE_ID, s, s->id), &s->id_pos,
			    "id '%s' is also used by %s; give one of them a "
			    "new id with 'prio reid'", s->id,
			    b->by_id[k == i ? i + 1 : i]->path);
		}
	}
}

static void
check_missing(struct checker *c, const struct prio_story *s)
{
	size_t i;

	for (i = 0; i < s->ndepends_on; i++)
		if (prio_backlog_find(c->b, s->depends_on[i]) == NULL)
			report(c, PRIO_RULE_MISSING_DEPENDENCY, s,
			    key_of(c, PRIO_RULE_MISSING_DEPENDENCY, s,
			    s->depends_on[i]), &s->depends_on_pos,
			    "depends on '%s', which is not a story in this "
			    "backlog; correct the id or remove it from "
			    "%s", s->depends_on[i], prio_dialect_key(
			    c->b->config->dialect, PRIO_KEY_DEPENDS_ON));
}

/*
 * Positions compare open stories; a ranked one is ahead of any unranked.
 * at is s's position.
 */
static void
check_rank_before(struct checker *c, const struct prio_story *s, size_t at)
{
	const struct prio_story *d;
	size_t i;

	if (at == 0 || s->rank == NULL)
		return;
	for (i = 0; i < s->ndepends_on; i++) {
		d = prio_backlog_find(c->b, s->depends_on[i]);
		if (d && behind(c, d, s, at))
			report(c, PRIO_RULE_RANK_BEFORE_DEPENDENCY, s,
			    key_of(c, PRIO_RULE_RANK_BEFORE_DEPENDENCY, s,
			    origin(c, d)), &s->rank_pos,
			    "%s (#%zu) is ranked ahead of %s (#%zu), which it "
			    "depends on; move %s up or %s down", s->id,
			    at, d->id, position(c, d), d->id, s->id);
	}
}

static void
check_ties(struct checker *c)
{
	const struct prio_backlog *b = c->b;
	const struct prio_story *s, *prev;
	size_t i;

	for (i = 1; i < b->open_count; i++) {
		s = b->stories[i], prev = b->stories[i - 1];
		if (s->rank && prev->rank &&
		    prio_rank_cmp(s->rank, prev->rank) == 0)
			/* A tie is a story's, at its rank: moving a story
			 * out of a three-way tie leaves the other two a
			 * tie, not a new one. */
			report(c, PRIO_RULE_RANK_TIE, s, key_of(c,
			    PRIO_RULE_RANK_TIE, s, prio_rank_str(s->rank)),
			    &s->rank_pos, "%s %s ties with %s; the tie is "
			    "ordered by %s until you run 'prio renumber' or "
			    "move one", prio_dialect_key(b->config->dialect,
			    PRIO_KEY_RANK), s->rank_text, prev->id,
			    b->config->dialect->order == PRIO_ORDER_PRIORITY ?
			    "priority, then id," : "id");
	}
}

/*
 * Dependency cycles, by an iterative depth-first search (a chain of
 * 100,000 stories must not exhaust the C stack).  Each back edge closes
 * one cycle, reported at the story where the search found it.  Where a
 * cycle starts on the stack is remembered per story, and a long cycle
 * is printed shortened: a backlog in which every story closes a cycle
 * through all the others must not cost time or output quadratic in
 * its size.
 */
enum { WHITE, GREY, BLACK };
/* A cycle of more than CYCLE_LONG stories is printed as its first and
 * last CYCLE_ENDS. */
#define CYCLE_LONG	20
#define CYCLE_ENDS	5

struct frame {
	size_t node;    /* index into by_id */
	size_t next;    /* next depends-on entry to follow */
};

static size_t
node_of(const struct prio_backlog *b, const char *id)
{
	const struct prio_story *d = prio_backlog_find(b, id);
	size_t lo = 0, hi = b->nby_id, mid;

	if (d == NULL)
		return (size_t)-1;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (b->by_id[mid]->id_num < d->id_num)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * A cycle is the same cycle whichever story the search entered it by:
 * its key lists the stories' paths from the least one on.
 */
static char *
cycle_key(const struct checker *c, const struct frame *stack, size_t depth,
    size_t from)
{
	const struct prio_backlog *b = c->b;
	struct prio_buf key = PRIO_BUF_INIT;
	size_t i, least = from, n = depth - from;

	if (c->keys == NULL)
		return NULL;
	for (i = from; i < depth; i++)
		if (strcmp(origin(c, b->by_id[stack[i].node]),
		    origin(c, b->by_id[stack[least].node])) < 0)
			least = i;
	prio_buf_adds(&key, prio_rule_name(PRIO_RULE_DEPENDENCY_CYCLE));
	for (i = 0; i < n; i++)
		prio_buf_addf(&key, "\n%s", origin(c,
		    b->by_id[stack[from + (least - from + i) % n].node]));
	return prio_buf_detach(&key, NULL);
}

static bool cycle_is_old(const struct checker *c, const struct frame *stack,
    size_t depth, size_t from);

static void
report_cycle(struct checker *c, const struct frame *stack, size_t depth,
    size_t from)
{
	const struct prio_backlog *b = c->b;
	struct prio_buf path = PRIO_BUF_INIT;
	size_t i;

	if (c->v && cycle_is_old(c, stack, depth, from))
		return;

	for (i = from; i < depth; i++) {
		if (depth - from > CYCLE_LONG && i == from + CYCLE_ENDS) {
			prio_buf_addf(&path, "... %zu more ... -> ", depth -
			    from - 2 * CYCLE_ENDS);
			i = depth - CYCLE_ENDS;
		}
		prio_buf_addf(&path, "%s -> ", b->by_id[stack[i].node]->id);
	}
	prio_buf_adds(&path, b->by_id[stack[from].node]->id);
	report(c, PRIO_RULE_DEPENDENCY_CYCLE, b->by_id[stack[depth - 1].node],
	    cycle_key(c, stack, depth, from),
	    &b->by_id[stack[depth - 1].node]->depends_on_pos,
	    "dependency cycle: %s; remove one of these "
	    "dependencies", path.ptr);
	prio_buf_free(&path);
}

static void
search_from(struct checker *c, size_t root, unsigned char *color,
    struct frame *stack, size_t *at)
{
	const struct prio_backlog *b = c->b;
	size_t depth = 0;

	at[root] = depth;
	stack[depth++] = (struct frame){ root, 0 };
	color[root] = GREY;
	while (depth > 0) {
		struct frame *f = &stack[depth - 1];
		const struct prio_story *s = b->by_id[f->node];
		size_t next;

		if (f->next == s->ndepends_on) {
			color[f->node] = BLACK;
			depth--;
			continue;
		}
		next = node_of(b, s->depends_on[f->next++]);
		if (next == (size_t)-1 || color[next] == BLACK)
			continue;
		if (color[next] == GREY) {
			report_cycle(c, stack, depth, at[next]);
			continue;
		}
		color[next] = GREY;
		at[next] = depth;
		stack[depth++] = (struct frame){ next, 0 };
	}
}

static void
check_cycles(struct checker *c)
{
	size_t n = c->b->nby_id, i;
	unsigned char *color = prio_xcalloc(n + 1, 1);
	struct frame *stack = prio_xcalloc(n + 1, sizeof(*stack));
	size_t *at = prio_xcalloc(n + 1, sizeof(*at));

	for (i = 0; i < n; i++)
		if (color[i] == WHITE && c->b->by_id[i]->ndepends_on)
			search_from(c, i, color, stack, at);
	free(at);
	free(stack);
	free(color);
}

/* In a view, by a binary search of the open stories. */
static size_t
position(const struct checker *c, const struct prio_story *s)
{
	size_t lo = 0, hi = c->b->open_count, mid;
	int cmp;

	if (!c->view)
		return s->position;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((cmp = prio_backlog_cmp(c->b->stories[mid], s)) == 0)
			return mid + 1;
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

#define RULE(r)		(1u << (r))
#define CROSS_RULES	(RULE(PRIO_RULE_DUPLICATE_ID) | \
			    RULE(PRIO_RULE_MISSING_DEPENDENCY) | \
			    RULE(PRIO_RULE_DEPENDENCY_CYCLE) | \
			    RULE(PRIO_RULE_RANK_BEFORE_DEPENDENCY) | \
			    RULE(PRIO_RULE_RANK_TIE))

static void
check_all(struct checker *c)
{
	const struct prio_backlog *b = c->b;
	bool missing = c->rules & RULE(PRIO_RULE_MISSING_DEPENDENCY);
	bool before = c->rules & RULE(PRIO_RULE_RANK_BEFORE_DEPENDENCY);
	size_t i;

	if (c->rules & RULE(PRIO_RULE_DUPLICATE_ID))
		check_duplicates(c);
	for (i = 0; (missing || before) && i < b->count; i++) {
		if (missing)
			check_missing(c, b->stories[i]);
		if (before)
			check_rank_before(c, b->stories[i], !c->view ?
			    b->stories[i]->position : i < b->open_count ?
			    i + 1 : 0);
	}
	if (c->rules & RULE(PRIO_RULE_DEPENDENCY_CYCLE))
		check_cycles(c);
	if (c->rules & RULE(PRIO_RULE_RANK_TIE))
		check_ties(c);
}

void
prio_check_backlog(const struct prio_backlog *b, struct prio_diags *diags)
{
	struct checker c = { b, diags, false, CROSS_RULES, NULL, NULL, NULL };

	check_all(&c);
}

/*
 * Checking a write (prio_check_write).  The backlog as the write leaves
 * it is a view of b: b's arrays less the stories at the paths written
 * or removed, merged with the new versions, which are few (one for
 * move and set) or come sorted.  Nothing of b changes.
 *
 * Which rules between stories run.  Only errors refuse a write, so a
 * rule that is a warning or off (rank-before-dependency and rank-tie
 * by default) does not run.  Of the others, only those whose inputs
 * the write changes: the ids, the dependencies and the order.  A
 * problem between stories that the write did not touch is made of the
 * same ids, dependencies and relative order before and after, so it is
 * not new; a problem the write could bring involves a story it wrote
 * or removed:
 *   - duplicate-id: a new id (a new file, a changed id, a removal);
 *   - missing-dependency, dependency-cycle: a new id or a changed
 *     depends-on;
 *   - rank-before-dependency, rank-tie: any of those, or a story that
 *     moved in the order (rank, status, score).
 * A rule that runs runs whole, before and after, so its diagnostics are
 * what prio check prints; a move or a set of an owner, with the
 * default severities, runs none, and costs the parse of one file and
 * a binary search for its old version.
 */
struct view {
	struct prio_backlog b;
	struct renamed ren;
	const struct prio_story *ren_old;  /* the renamed story before */
	const struct prio_story *removed;  /* b's story at the one path
	                                    * removed, if one is */
	struct prio_story **fresh;  /* the new versions, by path */
	const struct prio_story **old;   /* by fresh: b's at its path */
	const char **paths;         /* paths written or removed, sorted */
	const struct prio_story **gone;  /* b's stories at those, sorted */
	size_t nfresh, npaths, ngone;
};

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int
cmp_path(const void *a, const void *b)
{
	return strcmp((*(struct prio_story *const *)a)->path,
	    (*(struct prio_story *const *)b)->path);
}

static int
cmp_order(const void *a, const void *b)
{
	return prio_backlog_cmp(*(struct prio_story *const *)a,
	    *(struct prio_story *const *)b);
}

static int
cmp_id(const void *a, const void *b)
{
	const struct prio_story *x = *(struct prio_story *const *)a;
	const struct prio_story *y = *(struct prio_story *const *)b;

	if (x->id_num != y->id_num)
		return x->id_num < y->id_num ? -1 : 1;
	return strcmp(x->path, y->path);
}

static int
cmp_ptr(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)*(const void *const *)a;
	uintptr_t y = (uintptr_t)*(const void *const *)b;

	return x < y ? -1 : x > y;
}

/* Whether the write replaces or removes s, a story of b. */
static bool
is_gone(const struct view *v, const struct prio_story *s)
{
	return bsearch(&s, v->gone, v->ngone, sizeof(*v->gone),
	    cmp_ptr) != NULL;
}

static bool
is_gone_path(const struct view *v, const char *path)
{
	return bsearch(&path, v->paths, v->npaths, sizeof(*v->paths),
	    cmp_str) != NULL;
}

/*
 * Merges the n sorted stories of add into the sorted stories of from
 * (nfrom, less those is_gone), into out: each of add goes where a binary
 * search puts it, so the stories of from are not compared.
 */
static size_t
merge(const struct view *v, struct prio_story *const *from, size_t nfrom,
    struct prio_story **add, size_t n, int (*cmp)(const void *,
    const void *), struct prio_story **out)
{
	size_t i = 0, j, k = 0, lo, hi, mid;

	for (j = 0; j <= n; j++) {
		/* The first of from that goes after add[j]. */
		lo = i, hi = nfrom;
		while (j < n && lo < hi) {
			mid = lo + (hi - lo) / 2;
			if (cmp(&from[mid], &add[j]) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (; i < (j < n ? lo : nfrom); i++)
			if (!is_gone(v, from[i]))
				out[k++] = from[i];
		if (j < n)
			out[k++] = add[j];
	}
	return k;
}

static void
view_order(struct view *v, const struct prio_backlog *b)
{
	struct prio_story **add = prio_xcalloc(v->nfresh + 1, sizeof(*add));
	struct prio_order_key key;
	size_t i, n = 0;

	memcpy(add, v->fresh, v->nfresh * sizeof(*add));
	qsort(add, v->nfresh, sizeof(*add), cmp_order);
	v->b.stories = prio_xcalloc(b->count + v->nfresh + 1,
	    sizeof(*v->b.stories));
	v->b.count = merge(v, b->stories, b->count, add, v->nfresh,
	    cmp_order, v->b.stories);
	for (i = 0; i < v->b.count; i++) {
		prio_order_key_of(&key, v->b.stories[i]);
		if (key.group >= 2)
			break;
	}
	v->b.open_count = i;
	for (i = 0; i < v->nfresh; i++)
		if (v->fresh[i]->id)
			add[n++] = v->fresh[i];
	qsort(add, n, sizeof(*add), cmp_id);
	v->b.by_id = prio_xcalloc(b->nby_id + n + 1, sizeof(*v->b.by_id));
	v->b.nby_id = merge(v, b->by_id, b->nby_id, add, n, cmp_id,
	    v->b.by_id);
	free(add);
}

/* b's story at s's path when it has s's id, by a binary search. */
static const struct prio_story *
old_by_id(const struct prio_backlog *b, const struct prio_story *s)
{
	size_t node;

	if (s->id == NULL || (node = node_of(b, s->id)) == (size_t)-1)
		return NULL;
	for (; node < b->nby_id && b->by_id[node]->id_num == s->id_num;
	    node++)
		if (strcmp(b->by_id[node]->path, s->path) == 0)
			return b->by_id[node];
	return NULL;
}

/*
 * The stories of b the write replaces (old, by fresh) and removes
 * (gone has both).  Most writes keep their stories' ids, so each is
 * found by id; only when one is not (a new file, a new id, a removal)
 * are b's paths all compared, once.
 */
static void
view_find_old(struct view *v, const struct prio_backlog *b, size_t nremoves)
{
	struct prio_story **f;
	size_t i, unfound = 0;

	for (i = 0; i < v->nfresh; i++)
		if ((v->old[i] = old_by_id(b, v->fresh[i])) == NULL)
			unfound++;
	for (i = 0; (unfound || nremoves) && i < b->count; i++) {
		if (!is_gone_path(v, b->stories[i]->path))
			continue;
		f = bsearch(&b->stories[i], v->fresh, v->nfresh,
		    sizeof(*v->fresh), cmp_path);
		if (f)
			v->old[f - v->fresh] = b->stories[i];
		else {
			v->gone[v->ngone++] = b->stories[i];
			if (nremoves == 1)
				v->removed = b->stories[i];
		}
	}
	for (i = 0; i < v->nfresh; i++)
		if (v->old[i])
			v->gone[v->ngone++] = v->old[i];
	qsort(v->gone, v->ngone, sizeof(*v->gone), cmp_ptr);
}

/*
 * A written path b did not have, when the write removes exactly one
 * path and writes exactly one new one, is that story renamed (what
 * prio reid commits): its problems are named by the path it had.
 */
static void
view_rename(struct view *v, const struct prio_write *w)
{
	size_t i, nnew = 0, which = 0;

	for (i = 0; i < v->nfresh; i++)
		if (v->old[i] == NULL)
			nnew++, which = i;
	if (nnew == 1 && w->nremoves == 1) {
		v->ren = (struct renamed){ v->fresh[which], w->removes[0] };
		v->ren_old = v->removed;
	}
}

/*
 * Whether the edge from u to the story of id is new: u is a version the
 * write brings and its old version (the renamed story's old one) did
 * not name id.  The other stories' edges are as they were: their
 * depends-on are, and an id that names another story now names a
 * version the write brings, whose own edges are new.
 */
static bool
edge_is_new(const struct view *v, const struct prio_story *u, const char *id)
{
	struct prio_story *const *f = bsearch(&u, v->fresh, v->nfresh,
	    sizeof(*v->fresh), cmp_path);
	const struct prio_story *old;
	size_t i;

	if (f == NULL || *f != u)
		return false;
	old = u == v->ren.s ? v->ren_old : v->old[f - v->fresh];
	for (i = 0; old && i < old->ndepends_on; i++)
		if (strcmp(old->depends_on[i], id) == 0)
			return false;
	return true;
}

/*
 * A cycle whose every edge was there before was there before, however
 * the search came upon it: a new edge elsewhere can make the search
 * enter a group of cycles elsewhere and report another of them.
 */
static bool
cycle_is_old(const struct checker *c, const struct frame *stack,
    size_t depth, size_t from)
{
	const struct prio_backlog *b = c->b;
	size_t i;

	for (i = from; i < depth; i++) {
		const struct prio_story *u = b->by_id[stack[i].node];
		const struct prio_story *w = b->by_id[stack[i + 1 < depth ?
		    i + 1 : from].node];

		if (edge_is_new(c->v, u, w->id))
			return false;
	}
	return true;
}

static void
view_init(struct view *v, const struct prio_backlog *b,
    const struct prio_write *w)
{
	size_t i;

	memset(v, 0, sizeof(*v));
	v->b.config = b->config;
	v->nfresh = w->n;
	v->fresh = prio_xcalloc(w->n + 1, sizeof(*v->fresh));
	memcpy(v->fresh, w->stories, w->n * sizeof(*v->fresh));
	qsort(v->fresh, v->nfresh, sizeof(*v->fresh), cmp_path);
	v->old = prio_xcalloc(w->n + 1, sizeof(*v->old));
	v->paths = prio_xcalloc(w->n + w->nremoves + 1, sizeof(*v->paths));
	for (i = 0; i < w->n; i++)
		v->paths[v->npaths++] = w->stories[i]->path;
	for (i = 0; i < w->nremoves; i++)
		v->paths[v->npaths++] = w->removes[i];
	qsort(v->paths, v->npaths, sizeof(*v->paths), cmp_str);
	v->gone = prio_xcalloc(v->npaths + 1, sizeof(*v->gone));
	view_find_old(v, b, w->nremoves);
	view_rename(v, w);
}

static void
view_free(struct view *v)
{
	free(v->b.stories);
	free(v->b.by_id);
	free(v->fresh);
	free(v->old);
	free(v->paths);
	free(v->gone);
}

static bool
same_str(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* The rules between stories the write can bring an error of (above). */
static unsigned
rules_to_run(const struct view *v, const struct prio_backlog *b,
    size_t nremoves)
{
	struct prio_order_key ka, kb;
	bool ids = nremoves > 0, deps = false, order = false;
	unsigned rules = 0;
	size_t i;
	int r;

	for (i = 0; i < v->nfresh; i++) {
		const struct prio_story *o = v->old[i], *n = v->fresh[i];

		if (o == NULL || !same_str(o->id, n->id) ||
		    o->id_num != n->id_num || o->readable != n->readable) {
			ids = true;
			break;
		}
		deps = deps || !prio_story_same_deps(o, n);
		prio_order_key_of(&ka, o);
		prio_order_key_of(&kb, n);
		order = order || prio_order_key_cmp(&ka, &kb) != 0;
	}
	if (ids)
		rules = CROSS_RULES;
	else if (deps)
		rules = CROSS_RULES & ~RULE(PRIO_RULE_DUPLICATE_ID);
	if (order)
		rules |= RULE(PRIO_RULE_RANK_BEFORE_DEPENDENCY) |
		    RULE(PRIO_RULE_RANK_TIE);
	for (r = 0; r < PRIO_RULE_COUNT; r++)
		if (b->config->severity[r] != PRIO_SEV_ERROR)
			rules &= ~RULE(r);
	return rules;
}

/* The key of a problem one file has on its own. */
static char *
file_key(const struct prio_diag *d, const char *path)
{
	return prio_xasprintf("%s\n%s\n%s", d->rule, path, d->message);
}

/*
 * What b has now, as keys: the problems between stories of the rules
 * that run, and those the files the write replaces or removes had on
 * their own.
 */
static void
keys_before(const struct prio_backlog *b, const struct prio_diags *loaded,
    const struct view *v, unsigned rules, struct keys *k)
{
	struct prio_diags d = PRIO_DIAGS_INIT;
	struct checker c = { b, &d, false, rules, k, NULL, NULL };
	size_t i;

	check_all(&c);
	for (i = 0; loaded && i < loaded->count; i++)
		if (is_gone_path(v, loaded->items[i].path))
			keys_add(k, file_key(&loaded->items[i],
			    loaded->items[i].path));
	prio_diags_free(&d);
}

/* Whether key is in the sorted keys; each one found is used up. */
static bool
take_key(const struct keys *k, bool *used, const char *key)
{
	char **at = k->n ? bsearch(&key, k->v, k->n, sizeof(*k->v), cmp_str) :
	    NULL;
	size_t i;

	if (at == NULL)
		return false;
	for (i = (size_t)(at - k->v); i > 0 && strcmp(k->v[i - 1], key) == 0;
	    i--)
		;
	for (; i < k->n && strcmp(k->v[i], key) == 0; i++)
		if (!used[i])
			return used[i] = true;
	return false;
}

static void
add_copy(struct prio_diags *out, const struct prio_diag *d)
{
	prio_diags_add(out, d->severity, d->rule, d->path, d->line, d->column,
	    "%s", d->message);
}

void
prio_check_write(const struct prio_backlog *b, const struct prio_diags *loaded,
    const struct prio_write *w, struct prio_diags *out)
{
	struct prio_diags after = PRIO_DIAGS_INIT;
	struct keys before = { 0 }, now = { 0 };
	struct checker c;
	struct view v;
	unsigned rules;
	bool *used;
	size_t i;

	view_init(&v, b, w);
	for (i = 0; w->old && i < w->n; i++) {
		struct prio_story **f = bsearch(&w->stories[i], v.fresh,
		    v.nfresh, sizeof(*v.fresh), cmp_path);

		w->old[i] = f ? v.old[f - v.fresh] : NULL;
	}
	rules = rules_to_run(&v, b, w->nremoves);
	keys_before(b, loaded, &v, rules, &before);
	if (before.n)
		qsort(before.v, before.n, sizeof(*before.v), cmp_str);
	used = prio_xcalloc(before.n + 1, sizeof(*used));
	if (rules) {
		view_order(&v, b);
		c = (struct checker){ &v.b, &after, true, rules, &now,
		    v.ren.s ? &v.ren : NULL, &v };
		check_all(&c);
	}
	for (i = 0; i < now.n; i++)
		if (after.items[i].severity == PRIO_SEV_ERROR &&
		    !take_key(&before, used, now.v[i]))
			add_copy(out, &after.items[i]);
	for (i = 0; w->file_diags && i < w->file_diags->count; i++) {
		const struct prio_diag *d = &w->file_diags->items[i];
		char *key;

		if (d->severity != PRIO_SEV_ERROR)
			continue;
		key = file_key(d, v.ren.s && strcmp(d->path,
		    v.ren.s->path) == 0 ? v.ren.from : d->path);
		if (!take_key(&before, used, key))
			add_copy(out, d);
		free(key);
	}
	free(used);
	keys_free(&before);
	keys_free(&now);
	prio_diags_free(&after);
	view_free(&v);
}
