/* Rules between stories (see prio/check.h). */
#include <stdlib.h>
#include <string.h>

#include "prio/buf.h"
#include "prio/check.h"
#include "prio/rules.h"

struct checker {
	const struct prio_backlog *b;
	struct prio_diags *diags;
};

__attribute__((format(printf, 5, 6)))
static void
report(struct checker *c, enum prio_rule rule, const struct prio_story *s,
    const struct prio_pos *at, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	prio_diags_vadd(c->diags, c->b->config->severity[rule],
	    prio_rule_name(rule), s->path, at->line ? at->line : 1,
	    at->line ? at->column : 1, fmt, ap);
	va_end(ap);
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
		for (size_t k = i; k < j; k++)
			report(c, PRIO_RULE_DUPLICATE_ID, b->by_id[k],
			    &b->by_id[k]->id_pos,
			    "id '%s' is also used by %s; give one of them a "
			    "new id with 'prio reid'", b->by_id[k]->id,
			    b->by_id[k == i ? i + 1 : i]->path);
	}
}

static void
check_missing(struct checker *c, const struct prio_story *s)
{
	size_t i;

	for (i = 0; i < s->ndepends_on; i++)
		if (prio_backlog_find(c->b, s->depends_on[i]) == NULL)
			report(c, PRIO_RULE_MISSING_DEPENDENCY, s,
			    &s->depends_on_pos,
			    "depends on '%s', which is not a story in this "
			    "backlog; correct the id or remove it from "
			    "depends-on", s->depends_on[i]);
}

/* Positions compare open stories; a ranked one is ahead of any unranked. */
static void
check_rank_before(struct checker *c, const struct prio_story *s)
{
	const struct prio_story *d;
	size_t i;

	if (s->position == 0 || s->rank == NULL)
		return;
	for (i = 0; i < s->ndepends_on; i++) {
		d = prio_backlog_find(c->b, s->depends_on[i]);
		if (d && d->position > s->position)
			report(c, PRIO_RULE_RANK_BEFORE_DEPENDENCY, s,
			    &s->rank_pos,
			    "%s (#%zu) is ranked ahead of %s (#%zu), which it "
			    "depends on; move %s up or %s down", s->id,
			    s->position, d->id, d->position, d->id, s->id);
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
			report(c, PRIO_RULE_RANK_TIE, s, &s->rank_pos,
			    "rank %s ties "
			    "with %s; the tie is ordered by id until you run "
			    "'prio renumber' or move one", s->rank_text,
			    prev->id);
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

static void
report_cycle(struct checker *c, const struct frame *stack, size_t depth,
    size_t from)
{
	const struct prio_backlog *b = c->b;
	struct prio_buf path = PRIO_BUF_INIT;
	size_t i;

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

void
prio_check_backlog(const struct prio_backlog *b, struct prio_diags *diags)
{
	struct checker c = { b, diags };
	size_t i;

	check_duplicates(&c);
	for (i = 0; i < b->count; i++) {
		check_missing(&c, b->stories[i]);
		check_rank_before(&c, b->stories[i]);
	}
	check_cycles(&c);
	check_ties(&c);
}
