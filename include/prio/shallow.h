/*
 * prio/shallow.h — history that is not all here: shallow and partial
 * clones (SPEC §8.1).
 *
 * A shallow clone (`git clone --depth N`, CI's default checkout) lists
 * in $GIT_DIR/shallow (a worktree: its common directory's) the commits
 * where its history is cut: their parents were never fetched.  libgit2
 * 1.5 does not read that file, so its revision walk, git_commit_parent()
 * and git_merge_base() fail with "object not found" when they reach a
 * missing parent.  Every walk of history in prio goes through
 * prio_walk_list() instead, which treats a boundary commit as a root, as
 * git itself does.  The walk says whether it reached the boundary (struct
 * prio_shallow_cut), so a command can say once that its history is cut.
 *
 * A partial clone (`git clone --filter=blob:none`) leaves blobs on the
 * promisor remote until git reads them; libgit2 1.5 cannot fetch them.
 * prio_missing_object() turns such a failed lookup into a message that
 * names the object and the git command that fetches it.
 */
#ifndef PRIO_SHALLOW_H
#define PRIO_SHALLOW_H

#include <git2.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "prio/diag.h"

/* The boundary commits of a shallow clone: a sorted set of ids. */
struct prio_shallow;

/*
 * Reads repo's boundary.  A repository that is not shallow has an empty
 * one.  Each walk of history reads it once (prio_history_read and _walk,
 * the merge base of `prio diff a...b`; reid once for its two walks): it
 * is one small file, and every command walks once.  Lines that are not a commit id are skipped (git writes the file;
 * a damaged line cannot cut history any shorter).  Returns PRIO_OK and
 * *out (free with prio_shallow_free), or PRIO_EIO with a diagnostic when
 * the file exists and cannot be read.
 */
int prio_shallow_read(struct prio_shallow **out, git_repository *repo,
    struct prio_diags *diags);
void prio_shallow_free(struct prio_shallow *sh);

/* Whether id is a boundary commit (sh may be NULL: none is). */
bool prio_shallow_has(const struct prio_shallow *sh, const git_oid *id);
/* Whether repo has any boundary commit. */
bool prio_shallow_any(const struct prio_shallow *sh);

/*
 * Where a walk met the boundary.  count is the number of boundary
 * commits it reached (0: the history it read is whole); commit and time
 * are those of the newest of them by committer date.
 */
struct prio_shallow_cut {
	size_t count;
	git_oid commit;
	int64_t time;           /* committer date, seconds since the epoch */
	int offset;             /* its offset from UTC in minutes */
};

/* Notes that a walk reached boundary commit c. */
void prio_shallow_cut_add(struct prio_shallow_cut *cut, const git_commit *c);
/* Adds src's boundary commits to dst's (several walks, one note). */
void prio_shallow_cut_merge(struct prio_shallow_cut *dst,
    const struct prio_shallow_cut *src);

/* One commit of a walk: its parents as history has them (none at a
 * shallow boundary). */
struct prio_walk_commit {
	git_oid id;
	int64_t time;           /* committer date */
	bool boundary;          /* a shallow clone's history is cut here */
	unsigned nparents;
	size_t parents;         /* into prio_walk.parents */
};

struct prio_walk {
	struct prio_walk_commit *commits;
	size_t count, cap;
	git_oid *parents;       /* [commits[i].parents, + nparents) */
	size_t nparents, cparents;
	struct prio_shallow_cut cut;        /* the boundary it listed */
	struct prio_shallow_cut hidden_cut; /* the boundary the walk of the
	                                     * hidden side reached */
};
#define PRIO_WALK_INIT { NULL, 0, 0, NULL, 0, 0, { 0, { { 0 } }, 0, 0 }, \
	{ 0, { { 0 } }, 0, 0 } }

/* Only the first parent of each commit: the branch's own line. */
#define PRIO_WALK_FIRST_PARENT 0x1

/*
 * Lists into w (initialised with PRIO_WALK_INIT; free with
 * prio_walk_free) the commits reachable from tips and not from hide,
 * stopping at sh's boundary: `git log tips ^hide`.  The order is
 * unspecified; prio_walk_topo() sorts it.  Returns PRIO_OK, or with a
 * diagnostic PRIO_EFETCH (prio_missing_object) or PRIO_EGIT.
 */
int prio_walk_list(struct prio_walk *w, git_repository *repo,
    const struct prio_shallow *sh, const git_oid *tips, size_t ntips,
    const git_oid *hide, size_t nhide, unsigned flags,
    struct prio_diags *diags);

/* Sorts w's commits oldest first, every parent before its children
 * (GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME | GIT_SORT_REVERSE). */
void prio_walk_topo(struct prio_walk *w);

void prio_walk_free(struct prio_walk *w);

/*
 * The merge bases of a and b (`git merge-base --all`), as far as the
 * history that is here reaches: those of their common ancestors that no
 * other common ancestor descends from.  Returns PRIO_OK and *out (free
 * with free(); *n may be 0: none here), or the errors of
 * prio_walk_list().  cut (may be NULL) notes boundary commits reached.
 */
int prio_merge_bases(git_oid **out, size_t *n, git_repository *repo,
    const struct prio_shallow *sh, const git_oid *a, const git_oid *b,
    struct prio_shallow_cut *cut, struct prio_diags *diags);

/*
 * What to add to "unknown revision 'HEAD~9'" in a shallow clone (where
 * the revision may lie beyond the boundary): "; this clone is shallow
 * ...: 'git fetch --unshallow' ...", or "" elsewhere.  Static.
 */
const char *prio_shallow_revision_hint(git_repository *repo);

/*
 * A lookup of id failed (git_error_last() says why): adds an error
 * diagnostic and returns the code for it.  what says what the object is
 * ("backlog/stories/S-5.md at commit 61176b1"; NULL: unknown).
 *
 * When the object is missing from a partial clone (the repository has a
 * promisor remote), the message names the object and the git command
 * that fetches it on demand, and the code is PRIO_EFETCH: the user can
 * fix it.  Any other failure is doing (e.g. "cannot read a commit")
 * with libgit2's message, and PRIO_EGIT.
 */
int prio_missing_object(struct prio_diags *diags, git_repository *repo,
    const git_oid *id, git_object_t type, const char *what,
    const char *doing);

#endif
