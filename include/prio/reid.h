/*
 * prio/reid.h — which of two stories that share an ID is the newcomer,
 * and which one each depends-on entry meant, read from history (for
 * `prio reid`, which gives the newcomer a fresh ID).
 *
 * The newcomer is the story whose file joined the current branch last,
 * judged along HEAD's first parents (a merged branch's files arrive
 * with the merge).
 *
 * A depends-on entry meant the story that its author could see.  For
 * each commit that introduced the ID into a story's depends-on (its
 * version there names the ID and no parent's version does), the
 * commit's tree says which of the stories with that ID existed.  When
 * every such commit held the renamed story and none of the others, the
 * entry meant the renamed one (PRIO_MEANT_RENAMED); when they held only
 * others, the other (PRIO_MEANT_OTHER).  Anything else (written after
 * the merge, in the work tree, or on both sides) cannot be told apart
 * (PRIO_MEANT_EITHER).
 *
 * Nothing is printed; the walks read the repository and its objects
 * only.
 */
#ifndef PRIO_REID_H
#define PRIO_REID_H

#include <git2.h>
#include <stdbool.h>
#include <stddef.h>

#include "prio/backlog.h"
#include "prio/diag.h"
#include "prio/shallow.h"
#include "prio/story.h"

enum prio_meant {
	PRIO_MEANT_UNKNOWN,     /* no commit introduced it (yet) */
	PRIO_MEANT_RENAMED,
	PRIO_MEANT_OTHER,
	PRIO_MEANT_EITHER
};

struct prio_reid_dep {
	const struct prio_story *story;   /* names the ID in depends-on */
	enum prio_meant meant;
};

/* Initialise with { 0 }, fill with prio_reid_collect(), free with
 * prio_reid_free().  The stories are borrowed from the backlog. */
struct prio_reid {
	const char *id;                   /* the shared ID */
	const struct prio_story **cands;  /* every story with that ID */
	size_t ncands;
	long *first_seen;                 /* commit index, LONG_MAX: never */
	const struct prio_story *renamed; /* set by the caller, or picked */
	struct prio_reid_dep *deps;       /* prio_reid_collect_deps() */
	size_t ndeps;
	struct prio_shallow *shallow;     /* read once, for both walks */
};

/* The stories of b whose ID has the number of id (a Backlog.md ID has
 * many spellings: back-03, BACK-3); r->id becomes the first one's
 * spelling. */
void prio_reid_collect(struct prio_reid *r, const struct prio_backlog *b,
    const char *id);
/* The readable stories of b, other than r->renamed, whose depends-on
 * names r->id. */
void prio_reid_collect_deps(struct prio_reid *r, const struct prio_backlog *b);

/*
 * One walk of HEAD's history, oldest first.  With pick, along the first
 * parents only: sets r->first_seen[i] to the index of the commit where
 * candidate i's file first appeared (LONG_MAX: never, such as an
 * uncommitted one).  With r->renamed set: the meaning of each of r's
 * deps, as above (PRIO_MEANT_UNKNOWN stays where no commit introduced
 * it).  cfg limits and parses the versions read.  *cut gets the shallow
 * boundary the walk reached.  An unborn HEAD has no history: PRIO_OK.
 * Returns PRIO_OK, or with a diagnostic PRIO_EFETCH (a partial clone's
 * missing blob: what it names cannot be known) or PRIO_EGIT.
 */
int prio_reid_walk(struct prio_reid *r, git_repository *repo,
    const struct prio_config *cfg, bool pick, struct prio_shallow_cut *cut,
    struct prio_diags *diags);

/*
 * The deps whose entry HEAD's version of their story does not have
 * were written in the work tree, where both stories exist, and those
 * no commit introduced: both become PRIO_MEANT_EITHER.
 */
void prio_reid_worktree_deps(struct prio_reid *r, git_repository *repo,
    const struct prio_config *cfg, struct prio_diags *diags);

/* The candidate that joined the branch last (after a walk with pick):
 * its index; *ties is how many joined then (more than one: none of them
 * is the newcomer; they are those whose first_seen is the index's). */
size_t prio_reid_newest(const struct prio_reid *r, size_t *ties);

void prio_reid_free(struct prio_reid *r);

#endif
