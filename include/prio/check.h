/*
 * prio/check.h — the rules between stories (SPEC §3.4): duplicate-id,
 * missing-dependency, dependency-cycle, rank-before-dependency,
 * rank-tie.  The rules one file breaks on its own are found while it is
 * parsed (story.h); a full check is prio_backlog_load() then this.
 */
#ifndef PRIO_CHECK_H
#define PRIO_CHECK_H

#include "prio/backlog.h"

/* Adds the diagnostics of the cross-story rules to diags. */
void prio_check_backlog(const struct prio_backlog *b,
    struct prio_diags *diags);

/*
 * A write about to happen to a backlog: the new versions of n files,
 * parsed (stories: borrowed; each one's path is where it is written),
 * what parsing them found (file_diags: borrowed, may be NULL), and the
 * nremoves paths the write deletes.  old, when not NULL, is n slots
 * that prio_check_write fills with the backlog's story at each written
 * path (NULL: a new file).
 */
struct prio_write {
	struct prio_story *const *stories;
	size_t n;
	const struct prio_diags *file_diags;
	const char *const *removes;
	size_t nremoves;
	const struct prio_story **old;
};

/*
 * Adds to out the errors the write w would bring into b, so that a
 * command can refuse them before writing anything: what
 * prio_check_backlog() finds in b as w leaves it, and what w's files
 * have on their own (file_diags), less the problems that are there
 * already: those prio_check_backlog() finds in b, and those the
 * replaced and removed files had on their own (loaded: the diagnostics
 * loading b gave, may be NULL).  A problem is the same when it is of
 * the same rule about the same stories (a duplicate id, a dependency, a
 * story ranked ahead of its dependency, a story's tie at its rank), or
 * for one file the same rule and message at any line: an edit that
 * moves a problem, or renumbers positions in its message, does not make
 * it new.  A cycle is new only if one of its edges is (a depends-on
 * entry the write adds): the search may come upon an old cycle from
 * elsewhere, or report another of a group of old ones.  When w
 * removes one path and writes one b did not have, that is a rename
 * (prio reid): the story keeps its problems.  Warnings are never
 * added.  b is not changed.  Of the rules between stories only those
 * that can give an error the write brings run (check.c says which), so
 * a write that keeps ids, dependencies and order costs the parse of its
 * files and a binary search for each; the others cost two checks of
 * the backlog and a merge of the new versions into its order.
 */
void prio_check_write(const struct prio_backlog *b,
    const struct prio_diags *loaded, const struct prio_write *w,
    struct prio_diags *out);

#endif
