/*
 * prio/nextid.h — the next free story ID (SPEC §3, `new` and `reid`).
 *
 * A new story takes the ID one above the highest in use anywhere the
 * team may have minted one: the work tree and the tip of every local
 * and remote-tracking branch (and a detached HEAD).  Two branches then
 * rarely mint the same ID; `prio check` reports the rest as
 * duplicate-id, and `prio reid` repairs them.
 *
 * An ID is "in use" when a *.md file under backlog/stories (at any
 * depth) has a name that starts with it: "S-42-pay-offline.md" or
 * "S-42.md", as SPEC §2.1 requires of every story.  Only names are
 * read, never file contents, so the cost is one walk of the stories
 * folder per distinct tree: folders that several branches share are
 * walked once.
 */
#ifndef PRIO_NEXTID_H
#define PRIO_NEXTID_H

#include <git2.h>

#include "prio/diag.h"

/*
 * Sets *out to one above the highest ID number with this prefix ("S")
 * used in repo's work tree (skipped for a bare repository) and in the
 * trees of HEAD and of every local and remote-tracking branch; 1 when
 * none is.  repo is borrowed.
 *
 * Returns PRIO_OK; PRIO_ERANGE when the next number would not be a
 * valid ID (over nine digits); PRIO_EIO or PRIO_EGIT, with a
 * diagnostic, when the work tree or a branch cannot be read.
 */
int prio_next_id(unsigned long *out, git_repository *repo,
    const char *prefix, struct prio_diags *diags);

/*
 * The ID number at the start of a file name (the last component of
 * path) for this prefix: "S-42-pay.md" and "S-42.md" give 42.  Returns
 * 0 when the name does not start with a valid ID followed by '-' or
 * ".md".
 */
unsigned long prio_id_from_name(const char *path, const char *prefix);

#endif
