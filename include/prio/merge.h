/*
 * prio/merge.h — the three-way merge of one story file (SPEC §8.2): what
 * `prio merge-file`, git's merge driver for stories, does, and what
 * `prio resolve` re-runs to settle a conflict.
 *
 * Inputs are three byte buffers: the base (the merge base's version),
 * ours (the current branch's; the result is built from its bytes) and
 * theirs (the other branch's).  The front matter merges key by key:
 *
 *   ours and theirs agree (both set the same value, or both removed the
 *       key)                                     -> ours, as written
 *   only theirs changed the key from the base   -> theirs' value
 *       (changed in ours' bytes by the surgical editor, prio/edit.h, when
 *       both hold a one-line scalar or both a list of scalars; else
 *       theirs' lines replace ours'); a key only theirs added is
 *       theirs' lines, added at the end of the front matter; a key only
 *       theirs removed is removed with its lines
 *   only ours changed it                        -> ours, as written
 *   both changed a list of scalars (labels, depends-on, ...), or both
 *       added one                               -> merged as sets: ours'
 *       items in ours' order, then theirs' additions, minus every item
 *       either side removed
 *   both changed opts->stamp_key (the key a tool stamps with the time of
 *       each write: Backlog.md's updated_date) to two stamps
 *       ("2026-11-23" or "2026-11-23 11:51")     -> the later one: the
 *       story last changed then, whichever side changed it
 *   both changed it differently (or one removed it and the other changed
 *       it)                                      -> a conflict
 *
 * When git's line merge of the front matter is clean and reads back
 * exactly as the keys were decided, its text is the result (so a
 * comment either side edited is kept); otherwise the rules above are
 * applied to ours' bytes (a comment theirs edited on a line next to
 * ours' change is then lost; its value never is).
 *
 * Values are compared as YAML reads them ("3" and '3' are the same; an
 * empty value and ~ are the same null), so a change in quoting alone is
 * no change.  A conflict puts only that key's lines between markers, at
 * the key's place in ours (at the end of the front matter when ours has
 * no such key).  A side that removed the key has its comment too,
 * naming the commit that removed it:
 *
 *   <<<<<<< ours
 *   # decided in a1b2c3d by Ada: customers asked      (opts->decision)
 *   rank: 1
 *   =======
 *   # decided in e4f5a6b by Bob: the security fix first
 *   rank: 7
 *   >>>>>>> theirs
 *
 * With opts->diff3, a conflict shows the base's lines of the key too,
 * between "||||||| base" and "=======", as git's diff3 style does.
 *
 * The body (after the front matter's closing line) is merged by git's
 * line merge (libgit2's git_merge_file, labels "ours", "theirs" and
 * "base").  Every other byte is ours' as it was: the opening and closing
 * lines, comments, key order, quoting, blank lines, the line ending
 * (lines taken from theirs get ours' line ending).
 *
 * Before a result is returned its front matter is parsed again (with
 * conflicts, as it reads with each conflicted key kept as ours): every
 * key must read back as decided.  When it does not, or when a side is not a story
 * prio can merge key by key (empty, no or unterminated front matter,
 * YAML that does not parse, front matter that is not a block mapping,
 * not UTF-8, conflict markers already in it, over opts->max_size), the
 * whole files are merged by git's line merge instead and text_merge
 * says why.  A side holding a NUL byte in its first 8000 bytes is
 * binary: the result is ours, unchanged, and a conflict, as git's own
 * binary merge does.  No value and no body line of either side is ever
 * dropped without a conflict saying so.
 *
 * Settling a conflict (prio resolve).  During a merge the index holds
 * the three versions of a conflicted story (git_index_conflict_get:
 * stages 1, 2 and 3).  Merging them again with favor PRIO_MERGE_FAVOR_OURS
 * or _THEIRS gives the file with every conflicted key (and conflicting
 * body hunk) settled that way and no markers, and result->conflicts says
 * which keys those were and each side's value (for the Prio-Change
 * trailers: "rank 5 -> 7").  A value of one's own (--rank, --set k=v) is
 * then one prio_edit_apply() on that result.
 *
 * Nothing is printed; nothing global is kept: any thread may call these.
 */
#ifndef PRIO_MERGE_H
#define PRIO_MERGE_H

#include <git2.h>
#include <stdbool.h>
#include <stddef.h>

#define PRIO_MERGE_MARKER_SIZE 7        /* git's default */
#define PRIO_MERGE_MAX_SIZE (16u * 1024 * 1024)

enum prio_merge_side { PRIO_MERGE_OURS, PRIO_MERGE_THEIRS };

/* What a conflict becomes: markers, or one side's value (prio resolve
 * --ours/--theirs; the body's conflicting hunks take that side too). */
enum prio_merge_favor {
	PRIO_MERGE_FAVOR_NONE = 0,
	PRIO_MERGE_FAVOR_OURS,
	PRIO_MERGE_FAVOR_THEIRS
};

struct prio_merge_opts {
	unsigned marker_size;           /* 0: PRIO_MERGE_MARKER_SIZE */
	enum prio_merge_favor favor;
	bool diff3;                     /* git's merge.conflictStyle diff3:
	                                 * a conflict shows the base too,
	                                 * after "||||||| base" */
	size_t max_size;                /* 0: PRIO_MERGE_MAX_SIZE; larger
	                                 * files are merged as text */
	const char *stamp_key;          /* the dialect's stamp_key, or NULL
	                                 * (prio/dialect.h) */
	/*
	 * The last decision on key in side's history, for the comment line
	 * above that side's lines in a conflict: allocated text that the
	 * merge frees ("a1b2c3d by Ada: why"; control characters become
	 * spaces, it is cut at 200 bytes), or NULL for no comment line.
	 * NULL: no comments.  prio_merge_decision() finds one.
	 */
	char *(*decision)(void *arg, enum prio_merge_side side,
	    const char *key);
	void *decision_arg;
};

/* One side's value of a conflicted key. */
struct prio_merge_value {
	bool present;           /* false: the key is absent on that side */
	char *text;             /* as prio shows a value: the scalar ("3"),
	                         * a list "[a, b]", anything else the YAML
	                         * after "key:" as written, trimmed; NULL
	                         * when absent; "" for a null value */
	char *lines;            /* the key's lines as written in that side's
	                         * file; NULL when absent */
};

/* A key changed differently on both sides. */
struct prio_merge_conflict {
	char *key;
	struct prio_merge_value base, ours, theirs;
};

struct prio_merge_result {
	char *data;             /* the merged file (NUL-terminated) */
	size_t len;
	/* The conflicted keys in the order of ours' front matter (then
	 * theirs'); filled in with every favor, so prio resolve knows what
	 * it settled. */
	struct prio_merge_conflict *conflicts;
	size_t nconflicts;
	bool body_conflict;     /* the body's line merge left markers
	                         * (or, favored, had to pick a side) */
	bool clean;             /* no markers in data: the merge driver's
	                         * exit 0 */
	/* NULL when merged as a story; else why it was not, with what was
	 * done instead, for one line on stderr: "theirs has no front
	 * matter; merged as text", "ours is binary; kept ours". */
	char *text_merge;
};

/*
 * Merges base, ours and theirs (each len bytes; base_len 0 for a file
 * both sides added).  Returns PRIO_OK and *out (free with
 * prio_merge_result_free), whether or not conflicts remain.
 */
int prio_merge_story(struct prio_merge_result **out,
    const char *base, size_t base_len, const char *ours, size_t ours_len,
    const char *theirs, size_t theirs_len,
    const struct prio_merge_opts *opts);

void prio_merge_result_free(struct prio_merge_result *r);

/*
 * The last decision on key of the story file at path (repository-
 * relative) among the commits reachable from tip and not from hide
 * (NULL: none hidden; at most 10,000 commits are looked at): the newest
 * commit whose version of key differs from its parent's (for a merge,
 * from every parent's: a resolution).  *out is "<short id> by <author
 * name>: <rationale>", the rationale being the commit's body without
 * its trailers, on one line (the subject when the body is empty); NULL
 * when no commit changed key.  Returns PRIO_OK, or PRIO_EGIT.
 */
int prio_merge_decision(char **out, git_repository *repo,
    const git_oid *tip, const git_oid *hide, const char *path,
    const char *key);

#endif
