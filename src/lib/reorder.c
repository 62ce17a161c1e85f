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
ranked_others(const struct prio_backlog *b, const struct prio_story *s, size_t *n)
{
	size_t ranked = prio_reorder_ranked_count(b), i;
	const struct prio_story **v = prio_xcalloc(ranked + 1, sizeof(*v));

	*n = 0;
	for (i = 0; i < ranked; i++)
		if (b->stories[i] != s)
			v[(*n)++] = b->stories[i];
	return v;
}

/* The first open story without a rank, other than s; NULL if none. */
static const struct prio_story *
first_unranked(const struct prio_backlog *b, const struct prio_story *s)
{
	size_t i = prio_reorder_ranked_count(b);

	if (i < b->open_count && b->stories[i] == s)
		i++;
	return i < b->open_count ? b->stories[i] : NULL;
}

/*
 * Why a story cannot stand next to anchor, which has no place a rank
 * can name, and how to give it one.  Just before the first unranked
 * story is a place (after the last ranked one); slot() takes it.
 */
static char *
anchor_error(const struct prio_backlog *b, const struct prio_story *s,
    const struct prio_story *anchor)
{
	const struct prio_story *first = first_unranked(b, s);

	if (anchor->terminal || anchor->position == 0)
		return prio_xasprintf("%s is %s: only open stories are in the "
		    "ranked order", anchor->id, anchor->status ?
		    anchor->status : "unreadable");
	if (anchor == first)
		return prio_xasprintf("%s has no rank, so nothing can be "
		    "placed after it; rank it first: 'prio move %s --bottom' "
		    "ranks it where it stands", anchor->id, anchor->id);
	return prio_xasprintf("%s has no rank, so nothing can be placed "
	    "next to it; rank the unranked stories down to it first, in "
	    "order from %s, each with 'prio move <id> --bottom' (which ranks "
	    "a story where it stands)", anchor->id, first ? first->id :
	    anchor->id);
}

/* The index in v where s goes, from the move; SIZE_MAX after an error. */
static size_t
slot(const struct prio_backlog *b, const struct prio_story *s,
    const struct prio_story **v, size_t n, const struct prio_move *m,
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
		/* Before the first unranked story is after the last
		 * ranked one: a rank names that place. */
		if (m->where == PRIO_MOVE_BEFORE &&
		    m->anchor == first_unranked(b, s))
			return n;
		*err = anchor_error(b, s, m->anchor);
		return SIZE_MAX;
	}
	return SIZE_MAX;
}

/*
 * --bottom never moves a story up.  Unranked stories follow the ranked
 * ones, so a rank can place a story no lower than right after the last
 * ranked story; an unranked story further down would rise to there.
 * It is refused, with the way down: rank the unranked stories above it
 * first, each where it stands.
 */
static char *
bottom_error(const struct prio_backlog *b, const struct prio_story *s,
    size_t to)
{
	const struct prio_story *first = first_unranked(b, s);

	return prio_xasprintf("--bottom would move it up, from #%zu to #%zu: "
	    "unranked stories follow the ranked ones, and a rank places it "
	    "right after the last ranked one; to put it lower, rank the "
	    "unranked stories above it first, in order from %s, each with "
	    "'prio move <id> --bottom' (which ranks a story where it "
	    "stands), then move it again", s->position, to, first ?
	    first->id : s->id);
}

int
prio_reorder_slot(const struct prio_backlog *b, const struct prio_story *s,
    const struct prio_move *m, const struct prio_story ***others, size_t *n,
    size_t *at, char **err)
{
	const struct prio_story **v;

	*others = NULL;
	*n = *at = 0;
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
	v = ranked_others(b, s, n);
	if ((*at = slot(b, s, v, *n, m, err)) == SIZE_MAX) {
		free(v);
		return PRIO_EINVAL;
	}
	if (m->where == PRIO_MOVE_BOTTOM && *at + 1 < s->position) {
		*err = bottom_error(b, s, *at + 1);
		free(v);
		return PRIO_EINVAL;
	}
	*others = v;
	return PRIO_OK;
}

int
prio_reorder_move(const struct prio_backlog *b, const struct prio_story *s,
    const struct prio_move *m, uint64_t entropy, struct prio_rank **rank,
    char **err)
{
	const struct prio_story **v;
	const struct prio_rank *lo, *hi;
	size_t n, at;
	uint64_t tries;
	int rc;

	*rank = NULL;
	if ((rc = prio_reorder_slot(b, s, m, &v, &n, &at, err)) != PRIO_OK)
		return rc;
	lo = at > 0 ? v[at - 1]->rank : NULL;
	hi = at < n ? v[at]->rank : NULL;
	rc = prio_rank_between(rank, lo, hi, entropy);
	/*
	 * A story moved to where it stands gets a new rank in the same
	 * gap, as any move does, never the one it has: a draw equal to it
	 * (one in several hundred) would leave the file as it is and
	 * commit nothing.  Where no rank is drawn (the bottom) it stays.
	 */
	for (tries = 1; rc == PRIO_OK && s->rank && tries <= 8 &&
	    prio_rank_cmp(*rank, s->rank) == 0; tries++) {
		prio_rank_free(*rank);
		rc = prio_rank_between(rank, lo, hi, entropy + tries);
	}
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
