/*
 * prio/reorder.h — where a story goes when it is moved (SPEC §3.1).
 *
 * Moving a story gives it one new rank, strictly between the ranks of
 * the stories it will sit between, so exactly one file changes.  Only
 * ranked stories have places that a rank can name: ranked stories come
 * before every unranked one (SPEC §2.2), so
 *
 *   top       a rank below the first ranked story (between 0 and it);
 *   bottom    the last ranked story's rank + 1, rounded down to an
 *             integer: after every ranked story, before the unranked;
 *             refused when that is above where s stands (an unranked
 *             s that other unranked stories precede): never up;
 *   before X  between X and the ranked story before it (X must be
 *             ranked, or the first unranked story: then bottom);
 *   after X   between X and the ranked story after it (X must be ranked;
 *             after the last one this is bottom);
 *   to N      the place N among the ranked stories (1 is top); N one past
 *             the last ranked story is bottom.
 *
 * The moved story itself is left out when finding its neighbours.
 */
#ifndef PRIO_REORDER_H
#define PRIO_REORDER_H

#include <stddef.h>
#include <stdint.h>

#include "prio/backlog.h"
#include "prio/rank.h"

enum prio_move_where {
	PRIO_MOVE_TOP,
	PRIO_MOVE_BOTTOM,
	PRIO_MOVE_BEFORE,
	PRIO_MOVE_AFTER,
	PRIO_MOVE_TO
};

struct prio_move {
	enum prio_move_where where;
	const struct prio_story *anchor;  /* BEFORE, AFTER */
	size_t to;                        /* TO: 1-based */
};

/*
 * Chooses the rank that puts s where m says, drawing on entropy (a random
 * value; see prio_rank_between).  Returns PRIO_OK and *rank (free with
 * prio_rank_free), or PRIO_EINVAL / PRIO_ERANGE with *err an allocated
 * sentence: a terminal story, an unranked anchor, a position out of
 * range, a --bottom that would move s up, or neighbours with equal
 * ranks (renumber first).  The sentence says how to get there.  A
 * story moved to where it stands gets another rank in the same gap,
 * never the one it has, where the rank is drawn (not at the bottom).
 */
int prio_reorder_move(const struct prio_backlog *b, const struct prio_story *s,
    const struct prio_move *m, uint64_t entropy, struct prio_rank **rank,
    char **err);

/*
 * Where m puts s, for a format that chooses the rank itself (a
 * Backlog.md ordinal): *others, the n other ranked stories in order
 * (allocated; free it), and *at, the index in it that s takes (its
 * neighbours are (*others)[*at - 1] and (*others)[*at]).  PRIO_EINVAL
 * and *err as prio_reorder_move.
 */
int prio_reorder_slot(const struct prio_backlog *b, const struct prio_story *s,
    const struct prio_move *m, const struct prio_story ***others, size_t *n,
    size_t *at, char **err);

/* How many open stories have a rank (they come first in the order). */
size_t prio_reorder_ranked_count(const struct prio_backlog *b);

#endif
