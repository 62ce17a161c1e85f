/*
 * prio/object.h — reading git objects whose size a push decides.
 *
 * libgit2 loads an object whole, so a story of 300 MB of zeros, which
 * packs into 1.5 MB, costs 300 MB to read; a server hook would spend that
 * for anyone who can push.  Every read of a blob in prio goes through
 * prio_object_read_blob(), which reads the object's size from its header
 * (a loose object's first block, a pack entry's header) and loads nothing
 * over the limit the caller gives: the config's max-file-size for a
 * story.  What a ref names is peeled the same way
 * (prio_object_peel_commit), so a ref at a huge blob costs nothing either.
 */
#ifndef PRIO_OBJECT_H
#define PRIO_OBJECT_H

#include <git2.h>
#include <stddef.h>
#include <stdint.h>

#include "prio/buf.h"
#include "prio/diag.h"

/*
 * Reads blob id into out (cleared first).  When the object is over max
 * bytes, nothing is loaded: out stays empty and PRIO_ERANGE is returned.
 * *size (size may be NULL) is the object's size once its header was read.
 * An object libgit2 cannot read, or that is not a blob, is PRIO_EGIT with
 * libgit2's error left for the caller to report (a partial clone's missing
 * blob: prio_missing_object() in prio/shallow.h).
 */
int prio_object_read_blob(git_repository *repo, const git_oid *id,
    size_t max, struct prio_buf *out, uint64_t *size);

/* What a file over the size limit is told, whether it was read from the
 * work tree or from git: "the file is N bytes, over the limit of M
 * bytes; ...", allocated. */
char *prio_object_too_large(uint64_t size, size_t max);

/*
 * Peels object id (what a ref points at) to the commit it names, through
 * annotated tags, reading each object's type and size from its header
 * before loading it.  Returns PRIO_OK and *out; PRIO_ENOTFOUND when it
 * names no commit (a blob, a tree, a missing object); PRIO_ERANGE when
 * a tag on the way or the commit is over max bytes: *out is that object
 * and *size its size.
 */
int prio_object_peel_commit(git_repository *repo, const git_oid *id,
    size_t max, git_oid *out, uint64_t *size);

/*
 * Before git_revparse() of a revision the user named: libgit2 loads the
 * object a revision names, and peeling loads each tag on the way, so
 * `--rev v1` where v1 tags a 300 MB blob would load the blob only to say
 * it is no commit.  Finds, from headers only, what each side of rev
 * ("a", "a..b", "a...b") names outright (a ref, a full or abbreviated
 * object id, "<rev>:<path>") and the tags on the way from it; when one
 * of them is over max bytes, adds an error diagnostic saying so and
 * returns PRIO_ERANGE.  Otherwise PRIO_OK, and git_revparse() says what
 * rev names (expressions such as HEAD~2 lead only to commits).
 */
int prio_object_rev_guard(git_repository *repo, const char *rev, size_t max,
    struct prio_diags *diags);

#endif
