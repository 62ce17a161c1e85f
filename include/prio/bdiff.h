/*
 * prio/bdiff.h — what changes between two versions of a backlog
 * (SPEC §3.3, `prio diff`).  The library part: it computes, the CLI
 * prints.
 *
 * The old side is a commit; the new side is a commit or the work tree.
 * A story is the same story on both sides when its file has the same
 * path (paths never change, SPEC §2), or, for a file that is only on one
 * side, when the other side has a file only there with the same ID (a
 * renamed file).  Only stories whose file changed can change, unless
 * the config changed too (then every story is compared).  Each side's
 * config is found as the work-tree loader finds it (prio/treeread.h),
 * and two versions of a story are compared by prio/storydiff.h.
 *
 * A story is listed when at least one of these is true:
 *
 *   moved      it is in the order on both sides, its own place in it
 *              changed (its rank; unranked, its score), and so did its
 *              position.  A story pushed along by others is not moved;
 *              nor is one whose rank changed but not its position (as
 *              `prio renumber` does).
 *   new        it is a story on the new side only.
 *   removed    it is a story on the old side only, and its file is gone.
 *   status     its status changed (entering or leaving the order too).
 *   score      its score changed, or an input of the score formula did.
 *   criteria   acceptance criteria were added, removed or newly met;
 *              criteria are compared by text (as multisets).
 *   unreadable the new side's file cannot be read as a story (no front
 *              matter, no valid id, too large, a link...): `prio check`
 *              says why.  It is neither new nor removed.
 *   depends    ids were added to or removed from its depends-on.
 *
 * Positions are SPEC §2.2's, computed on each side with that side's
 * config.  Speed: a commit's stories are not all parsed; every story
 * file's order key comes from the blob cache (see src/lib/cache.h), and
 * only the files that differ between the sides are read and parsed in
 * full.
 */
#ifndef PRIO_BDIFF_H
#define PRIO_BDIFF_H

#include <git2.h>
#include <stdbool.h>
#include <stddef.h>

#include "prio/diag.h"
#include "prio/storydiff.h"

/* The kinds of change, in the order they are shown. */
enum prio_bdiff_change {
	PRIO_BDIFF_MOVED = 0x01,
	PRIO_BDIFF_NEW = 0x02,
	PRIO_BDIFF_REMOVED = 0x04,
	PRIO_BDIFF_STATUS = 0x08,
	PRIO_BDIFF_SCORE = 0x10,
	PRIO_BDIFF_CRITERIA = 0x20,
	PRIO_BDIFF_UNREADABLE = 0x40,
	PRIO_BDIFF_DEPENDS = 0x80
};
#define PRIO_BDIFF_NKINDS 8

/* "moved", "new", ... for one bit; NULL for anything else. */
const char *prio_bdiff_change_name(unsigned change);

struct prio_bdiff_story {
	char *id;                /* NULL: the file has no valid id */
	char *title;             /* the new side's, else the old side's */
	char *path;              /* the new side's, else the old side's */
	unsigned changes;        /* PRIO_BDIFF_* bits */
	size_t position_from;    /* 1-based; 0: not in the order there */
	size_t position_to;
	char *rank_from, *rank_to;       /* as written; NULL: unranked */
	char *status_from, *status_to;   /* NULL: none */
	bool has_score_from, has_score_to;
	double score_from, score_to;
	/* What prio/storydiff.h says changed: the score inputs (the new
	 * side's formula's, then the old side's, as written; equal numbers
	 * written differently, "3" and "3.0", are no change), the criteria
	 * texts added, removed and newly met, and the IDs depended on
	 * added and removed. */
	struct prio_storydiff_field *inputs;
	size_t ninputs;
	struct prio_storydiff_texts added, removed, met;
	struct prio_storydiff_texts deps_added, deps_removed;
	size_t criteria_to;      /* a new story's criteria (non-empty) */
	size_t criteria_met_to;  /* of which met */
};

struct prio_bdiff {
	bool from_unborn;        /* the old side is an unborn HEAD */
	git_oid from;            /* else its commit */
	bool to_worktree;        /* the new side is the work tree */
	git_oid to;              /* else its commit */
	/* By new position; then stories not in the new order, by ID
	 * number; then files without an ID, by path. */
	struct prio_bdiff_story *stories;
	size_t count;
	size_t counts[PRIO_BDIFF_NKINDS];  /* stories per kind, bit order */
	/* For PRIO_TRACE: story files on the old side, files compared in
	 * full, keys taken from the cache, stories parsed. */
	size_t files, compared, cached, parsed;
	/* How the backlog's format spells the rank ("rank"; Backlog.md's
	 * "ordinal"): static, for messages. */
	const char *rank_key;
};

struct prio_bdiff_opts {
	const char *from;        /* a revision; NULL: HEAD */
	const char *to;          /* a revision; NULL: the work tree */
	bool merge_base;         /* old side: the merge base of from and to
	                          * (HEAD when to is NULL), as `A...B` */
	const char *cache_path;  /* the blob cache file, or NULL for none */
};

/*
 * Compares the backlogs.  Returns PRIO_OK and *out (free with
 * prio_bdiff_free).  A side without a config, or an unborn
 * HEAD, is an empty backlog.  Errors, each with a diagnostic saying
 * what to do: PRIO_ENOTFOUND (an unknown revision, no merge base, no
 * backlog on either side), PRIO_EINVAL (the work tree of a bare
 * repository), PRIO_ECONFIG (a side's prio.yml is wrong: its
 * diagnostics name the file as "<commit>:backlog/prio.yml" for a
 * commit), PRIO_EGIT and PRIO_EIO.
 */
int prio_bdiff(struct prio_bdiff **out, git_repository *repo,
    const struct prio_bdiff_opts *opts, struct prio_diags *diags);

void prio_bdiff_free(struct prio_bdiff *d);

#endif
