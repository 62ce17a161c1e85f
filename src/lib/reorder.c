/* Choosing a new rank for a moved story (see prio/reorder.h). */
#include <stdlib.h>

#include "prio/buf.h"
#include "prio/error.h"
#include "prio/reorder.h"

size_t
prio_reorder_ranked_count(const struct prio_backlog *b)
{
	size_t n = 0;

	while (n < b->open_count && b->stories[n]->rank)
		n++;
	return n;
}

/*
 * The ranked stories without s, in order: the places a move can name.
 * Borrowed pointers in an allocated array.
 */
static const struct prio_story **
others(const struct prio_backlog *b, const struct prio_story *s, size_t *n)
{
	size_t ranked = prio_reorder_ranked_count(b), i;
	const struct prio_story **v = prio_xcalloc(ranked + 1, sizeof(*v));

	*n = 0;
	for (i = 0; i < ranked; i++)
		if (b->stories[i] != s)
			v[(*n)++] = b->stories[i];
	return v;
}

/* The index in v where s goes, from the move; SIZE_MAX after an error. */
static size_t
slot(const struct prio_story **v, size_t n, const struct prio_move *m,
    char **err)
{
	size_t i;

	switch (m->where) {
	case PRIO_MOVE_TOP:
		return 0;
	case PRIO_MOVE_BOTTOM:
		return n;
	case PRIO_MOVE_TO:
		if (m->to >= 1 && m->to <= n + 1)
			return m->to - 1;
		*err = prio_xasprintf("position %zu is out of range: ranked "
		    "stories take positions 1 to %zu", m->to, n + 1);
		return SIZE_MAX;
	case PRIO_MOVE_BEFORE:
	case PRIO_MOVE_AFTER:
		for (i = 0; i < n; i++)
			if (v[i] == m->anchor)
				return m->where == PRIO_MOVE_BEFORE ? i : i + 1;
		*err = prio_xasprintf("%s has no rank, so nothing can be placed "
		    "next to it; rank it first, e.g. 'prio move %s --bottom'",
		    m->anchor->id, m->anchor->id);
		return SIZE_MAX;
	}
	return SIZE_MAX;
}

int
prio_reorder_move(const struct prio_backlog *b, const struct prio_story *s,
    const struct prio_move *m, uint64_t entropy, struct prio_rank **rank,
    char **err)
{
	const struct prio_story **v;
	const struct prio_rank *lo, *hi;
	size_t n, at;
	int rc;

	*rank = NULL;
	*err = NULL;
	if (s->terminal || s->position == 0) {
		*err = prio_xasprintf("%s is %s: only open stories are in the "
		    "ranked order", s->id, s->status ? s->status : "unreadable");
		return PRIO_EINVAL;
	}
	if ((m->where == PRIO_MOVE_BEFORE || m->where == PRIO_MOVE_AFTER) &&
	    m->anchor == s) {
		*err = prio_xasprintf("cannot move %s next to itself", s->id);
		return PRIO_EINVAL;
	}
	v = others(b, s, &n);
	if ((at = slot(v, n, m, err)) == SIZE_MAX) {
		free(v);
		return PRIO_EINVAL;
	}
	lo = at > 0 ? v[at - 1]->rank : NULL;
	hi = at < n ? v[at]->rank : NULL;
	rc = prio_rank_between(rank, lo, hi, entropy);
	if (rc != PRIO_OK && lo)
		*err = prio_xasprintf("%s and %s have the same rank, so "
		    "nothing fits between them; run 'prio renumber' first",
		    v[at - 1]->id, v[at]->id);
	else if (rc != PRIO_OK)
		*err = prio_xasprintf("no rank fits above %s (rank 0); run "
		    "'prio renumber' first", v[at]->id);
	free(v);
	return rc;
}
