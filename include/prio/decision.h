/*
 * prio/decision.h — the decision format: prio's commit message.
 *
 * Every priority decision prio commits (and every merge resolution that
 * `prio resolve` adds to MERGE_MSG) is a message of git's usual shape:
 *
 *   prio: move S-42 to #3 (was #9)         the subject
 *
 *   Offline payments block the pilot.      the rationale (may be absent)
 *
 *   Prio-Story: S-42                       the trailers: one Prio-Story
 *   Prio-Change: rank 12 -> 2.5            per story, then one
 *                                          Prio-Change per changed key
 *
 * A change is "<key> <from> -> <to>", "none" for a missing value, a
 * list as "[a, b]".  This module writes that shape and reads it back;
 * nothing else in prio builds or splits a message.
 *
 * Reading follows git's trailer rule, strictly: the trailer block is
 * the last paragraph of the body (blank lines separate paragraphs),
 * when every line of it is "Token: value" (the token letters, digits
 * and '-') or continues the line above (starts with a space or tab).
 * git itself (and libgit2's git_message_trailers) also accepts a last
 * paragraph of which a quarter is trailers; prio does not, so a
 * rationale whose last paragraph only partly looks like trailers stays
 * a rationale.  git_message_trailers does not say where the block
 * starts, which `prio log` and `prio resolve` need, so it is not used.
 * A rationale that itself ends with "Key: value" lines and has no
 * trailers after it reads as trailers (git reads it the same way);
 * prio's own messages always end with their Prio-Story trailer, so a
 * rationale is never last.
 *
 * Lines may end in "\r\n"; a parsed part has no '\r' at line ends.
 * Bytes are kept as they are: a message that is not UTF-8 parses the
 * same (the caller cleans text for display).
 */
#ifndef PRIO_DECISION_H
#define PRIO_DECISION_H

#include <stdbool.h>
#include <stddef.h>

#include "prio/buf.h"

#define PRIO_TRAILER_STORY "Prio-Story"
#define PRIO_TRAILER_CHANGE "Prio-Change"

/* --- Writing ------------------------------------------------------------ */

/* Adds "Prio-Story: <id>\n" to trailers. */
void prio_decision_story(struct prio_buf *trailers, const char *id);

/* Adds "Prio-Change: <key> <from> -> <to>\n"; from NULL or "" is
 * "none", to NULL is "none" (to is written as given otherwise). */
void prio_decision_change(struct prio_buf *trailers, const char *key,
    const char *from, const char *to);

/* Adds "Prio-Change: <key> <ours> | <theirs> -> <to>\n": a merge's
 * decision on a key the two sides changed differently (each NULL or ""
 * is "none"), as `prio resolve` writes it and `prio log` shows it. */
void prio_decision_merge_change(struct prio_buf *trailers, const char *key,
    const char *ours, const char *theirs, const char *to);

/* Adds a list value as a change shows it: "[a, b]". */
void prio_decision_list(struct prio_buf *b, char *const *items, size_t n);

/*
 * The message: "<subject>\n\n<rationale>\n\n<trailers>", without the
 * rationale's paragraph when it is "" (or NULL).  trailers are lines
 * ending in '\n', as the functions above write them.  Allocated.
 */
char *prio_decision_message(const char *subject, const char *rationale,
    const char *trailers);

/*
 * A decision added to a message that has one already or that git wrote
 * (MERGE_MSG): the rationale goes in its own paragraph after the text
 * before the trailer block, and the new trailers after the old ones, so
 * the trailers stay the last paragraph.  Lines git comments out ("#
 * Conflicts:") stay where they are.  Allocated.
 */
char *prio_decision_append(const char *message, const char *rationale,
    const char *trailers);

/* --- Reading ------------------------------------------------------------ */

struct prio_trailer {
	char *key;              /* as written: "Prio-Story" */
	char *value;            /* continuation lines joined by a space */
	char *story;            /* a Prio-Change's story: the value of the
	                         * nearest Prio-Story above it; else NULL */
};

struct prio_message {
	char *subject;          /* the first paragraph, its lines joined
	                         * by spaces */
	char *rationale;        /* the paragraphs between the subject and
	                         * the trailer block, as written (trimmed
	                         * of blank lines); "" when none */
	struct prio_trailer *trailers;
	size_t ntrailers;
};

/* Splits msg (len bytes; may hold no NUL) into m; free with
 * prio_message_free.  Never fails. */
void prio_message_parse(struct prio_message *m, const char *msg,
    size_t len);
void prio_message_free(struct prio_message *m);

/* Whether key is a trailer prio writes (Prio-*, any case). */
bool prio_trailer_is_prio(const char *key, size_t len);

/*
 * body (a commit body as git_commit_body gives it: after the subject,
 * no trailing newline) without its
 * Prio-* trailers, into out: what `prio log` shows, since its change
 * lines say the same.  Other trailers (Signed-off-by, ...) stay; the
 * result has no trailing newline.
 */
void prio_decision_strip(struct prio_buf *out, const char *body);

/* --- A conflicted story ------------------------------------------------- */

/*
 * A story file with git's conflict markers in its front matter (from
 * git's line merge, or from prio's merge driver): "<<<<<<< ours", the
 * ours lines, an optional "||||||| base" section (diff3), "=======",
 * the theirs lines, ">>>>>>> theirs".  prio_conflict_read gives the
 * file twice, every hunk taken from one side, and the keys the hunks
 * name (a line "key: ..." at the start of a line of either side;
 * lines indented below it, such as a block list's items, belong to
 * it).  Comment lines ('#') inside a hunk are dropped: they are the
 * merge driver's notes on each side, not the story's.  Line ends stay
 * as written.
 */
struct prio_conflict {
	char *ours, *theirs;        /* NUL-terminated */
	size_t ours_len, theirs_len;
	char **keys;                /* in file order, each once */
	size_t nkeys;
	size_t nhunks;
};

/*
 * Returns PRIO_OK and c (free with prio_conflict_free), or, with *why
 * (allocated) saying what is wrong and c empty:
 *   PRIO_ENOTFOUND  no conflict marker in the front matter;
 *   PRIO_EINVAL     no front matter, a hunk not closed or crossing the
 *                   end of the front matter, or markers in the body
 *                   (those are for an editor).
 */
int prio_conflict_read(struct prio_conflict *c, const char *data,
    size_t len, char **why);
void prio_conflict_free(struct prio_conflict *c);

#endif
