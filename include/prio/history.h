/*
 * prio/history.h — the audit trail: every priority decision in git
 * history (SPEC §3.2, `prio log`).
 *
 * prio_history_read() walks the commits of a range and returns one
 * decision per commit that changes a story's rank, position, status or
 * score inputs (the fields the score formula configured at that commit
 * reads), or creates or removes a story.  It compares the parsed stories
 * of each commit with those of its first parent, so a change typed in an
 * editor and merged through a branch counts the same as one made by
 * `prio move`; commit trailers are never read.
 *
 * Which commits: those `git log <range>` lists, in its order (newest
 * first).  A merge commit is a decision only for what it decides
 * itself: a value that differs from both parents (a conflict resolved
 * to something new, or a change made in the merge), compared with its
 * first parent as any commit is and kept only when the merged (second)
 * parent's value differs too; a story created in the merge and in
 * neither parent, or removed there though both had it; and the
 * decisions its own Prio-Change trailers record ("<field> <ours> |
 * <theirs> -> <value>", as `prio resolve` writes them: one that kept a
 * side's value was decided too), without positions when the trees do
 * not show the change.  Otherwise what the merge took from either side
 * is the decision of the commits that made it.
 * An octopus merge is compared with its first two parents.  The walk
 * applies every merge, so the commits after it see the merged backlog.  range is git syntax: "A..B" (reachable
 * from B, not from A), "A...B" (from either, not from both), or one
 * revision (everything reachable from it); NULL is "HEAD".
 *
 * Positions (SPEC §2.2) are computed incrementally.  The walk visits
 * commits oldest first, keeping for each commit whose children are still
 * to come the state of its backlog: the config, the stories by path and
 * the open stories in backlog order (a sorted array: a position is a
 * binary search, a change a remove and an insert).  A commit starts from
 * its first parent's state (taken over by its last child, copied for the
 * others), applies only the story files that the tree diff of its
 * story folders names, and reads positions before the change from the
 * parent's order and after it from its own.  A commit that changes a
 * config file (any a config may be: backlog/prio.yml, Backlog.md's
 * backlog/config.yml or backlog.config.yml) re-reads its whole backlog
 * with the new config, since the config decides statuses, the score and
 * so every unranked position.
 * A commit whose first parent lies outside the range starts from that
 * parent's backlog, read once.
 *
 * In a shallow clone history starts at the boundary (prio/shallow.h): a
 * boundary commit is read whole, as the state its children start from,
 * and is not a decision itself (what it changed is not known: its parent
 * was never fetched).  The result says that the history is cut there.
 *
 * Each commit's config is found as the work-tree loader finds it
 * (prio/treeread.h: backlog/prio.yml wins; another tool's config.yml is
 * passed over), and its story folders are those of its dialect under
 * its backlog folder (Backlog.md's backlog_directory).  A state without
 * a config has no backlog: its stories are ignored, and the commit that
 * adds the config creates them all.  A config that cannot be read keeps
 * the previous config (the defaults if there was none).  Two versions
 * of a story are compared by prio/storydiff.h.  Story files that cannot be read as stories (no
 * front matter, no valid id, over the size limit, a link) are not in the
 * backlog, as for `prio list`.
 */
#ifndef PRIO_HISTORY_H
#define PRIO_HISTORY_H

#include <git2.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "prio/diag.h"
#include "prio/shallow.h"

/*
 * One change to one story, or to the whole backlog's score formula.
 *
 *   field            from, to
 *   "rank"           the ranks as written; NULL: unranked
 *   "status"         the statuses; NULL: none
 *   a score input    its values as written ("value": "3" -> "8"); NULL:
 *                    absent.  Numbers that are equal ("3", "3.0") are
 *                    no change; nor are ranks that are ("3.50", "3.5").
 *   "created"        NULL -> the new story's status
 *   "removed"        the story's last status -> NULL.  A story whose file
 *                    is deleted or can no longer be read as a story.
 *   "score-formula"  the formulas (presets spelled out); story is NULL.
 * A story file renamed in one commit (same ID) is one story; an ID that
 * changes in a file is a removal and a creation.  position_from and
 * position_to are the story's positions in the backlog order at the
 * first parent and at the commit (1-based; 0 when it was not in the
 * order: absent, or in a terminal status); every change of one story in
 * one commit carries the same pair.
 */
struct prio_change {
	char *story;            /* ID, e.g. "S-42"; NULL for score-formula */
	char *field;
	char *from, *to;        /* NULL: none */
	size_t position_from, position_to;
	/* In a merge's decision: the value in the merged (second) parent,
	 * as from is the first parent's; NULL: none, or not a merge. */
	char *from_theirs;
};

/* One commit's changes. */
struct prio_decision {
	char commit[GIT_OID_HEXSZ + 1];     /* full hex id */
	char *author;           /* "Name <email>" */
	char *date;             /* the author date in ISO 8601 with its
	                         * offset: "2026-11-02T10:00:00+01:00" */
	char *subject;          /* the first paragraph, on one line */
	char *body;             /* the rest as written (rationale, trailers),
	                         * trimmed; "" when there is none */
	struct prio_change *changes;  /* by story ID, then field: created or
	                               * removed, rank, status, score inputs
	                               * in formula order; a score-formula
	                               * change first */
	size_t nchanges;
	/* A merge commit: what was merged, the name in its subject
	 * ("Merge branch 'd'": "d") or else the merged parent's short id;
	 * NULL for other commits. */
	char *merge_of;
};

struct prio_history {
	struct prio_decision *decisions;  /* newest first */
	size_t count;
	/* With a story filter: whether that ID was in the backlog in any
	 * state the walk saw (so "no decisions" is not "no such story"). */
	bool story_seen;
	/* The shallow clone's boundary commits the walk reached (count 0:
	 * the history of the range is whole). */
	struct prio_shallow_cut cut;
};

/*
 * Reads the decisions of range (NULL: HEAD).  story, when not NULL, keeps
 * only changes to that story ID (and only decisions that have some); the
 * caller checks it with prio_story_id_valid() first.  Commit messages,
 * names and emails that are not UTF-8 get U+FFFD for each bad byte.
 *
 * Returns PRIO_OK and *out (free with prio_history_free), or, with a
 * diagnostic of rule "git" and *out NULL:
 *   PRIO_EINVAL     range is not a revision or range of commits;
 *   PRIO_ENOTFOUND  the branch has no commits yet, or no commit of the
 *                   walk (nor a parent it starts from) has
 *                   a config;
 *   PRIO_EFETCH     a blob is not in this partial clone yet;
 *   PRIO_EGIT       libgit2 failed.
 * An empty range ("HEAD..HEAD") is PRIO_OK with no decisions.
 */
int prio_history_read(struct prio_history **out, git_repository *repo,
    const char *range, const char *story, struct prio_diags *diags);

void prio_history_free(struct prio_history *h);

/*
 * The story files of history one by one, for figures read from it
 * (`prio stats`): the same walk as prio_history_read(), with no
 * decisions made.
 *
 * fn is called for each non-merge commit of range (NULL: HEAD) and each
 * story file that the commit changes, adds or removes compared with its
 * first parent, and for every story file when the commit changes
 * its config (then changed says whether the file's bytes did).
 * A renamed file is two calls (removed, added).  Commits come in an
 * order in which every parent comes before its children, not by date.
 * The pointers are borrowed for the duration of the call.
 */
struct prio_history_side {
	const char *id;         /* NULL: no story there (absent, not in the
	                         * backlog); then the rest is NULL too */
	const char *path;       /* repository-relative */
	const char *status;     /* NULL: none */
	const char *fields;     /* the scalar front-matter fields as
	                         * "key\0value\0" pairs, in file order */
	size_t fields_len;
};

struct prio_history_file {
	const git_oid *commit;
	int64_t time;           /* the committer date, seconds since the
	                         * epoch */
	int offset;             /* its offset from UTC in minutes */
	struct prio_history_side old;   /* in the first parent */
	struct prio_history_side new;   /* in the commit */
	bool changed;           /* the file's bytes changed */
	bool cut;               /* commit is a shallow clone's boundary:
	                         * new is the file as it was there, old is
	                         * unknown (empty), changed is false */
};

/* Returns 0 to go on; anything else stops the walk, and
 * prio_history_walk() returns it. */
typedef int (*prio_history_fn)(const struct prio_history_file *f,
    void *payload);

/*
 * Walks range and calls fn as above; *cut (may be NULL) is set to the
 * shallow clone's boundary commits the walk reached.  Returns PRIO_OK,
 * what fn returned to stop, or the errors of prio_history_read() (with a
 * diagnostic).
 */
int prio_history_walk(git_repository *repo, const char *range,
    prio_history_fn fn, void *payload, struct prio_shallow_cut *cut,
    struct prio_diags *diags);

/* The value of key in side's fields as written (the first when the key
 * repeats), or NULL. */
const char *prio_history_value(const struct prio_history_side *side,
    const char *key);

#endif
