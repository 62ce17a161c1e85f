/*
 * prio/source.h — where a backlog's files come from.
 *
 * The same backlog can be read from the work tree (what the user edits),
 * from the git index (what is about to be committed: `check --staged`)
 * or from any commit's tree (`--rev`).  A source lists the story files
 * under backlog/stories and reads a file's bytes; everything above it
 * (parsing, ranking, checks) does not know which kind it has.
 *
 * Paths are repository-relative with '/' separators.  Files over
 * max_size are not read: the read fails with PRIO_ERANGE and a message.
 */
#ifndef PRIO_SOURCE_H
#define PRIO_SOURCE_H

#include <git2.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "prio/buf.h"
#include "prio/diag.h"

enum prio_source_kind {
	PRIO_SOURCE_WORKTREE,
	PRIO_SOURCE_INDEX,
	PRIO_SOURCE_TREE
};

/* What stat says of a work-tree file; a changed file changes its stamp
 * (ctime moves on every write, even one that restores the mtime). */
struct prio_stamp {
	int64_t mtime_sec, mtime_nsec;
	int64_t ctime_sec, ctime_nsec;
	uint64_t ino, dev, size;
};

/* A file found under the stories directory. */
struct prio_source_file {
	char *path;
	size_t size;
	bool has_stamp;     /* a regular work-tree file (not a link) */
	struct prio_stamp stamp;
	bool has_oid;       /* from the index or a commit: its blob id */
	git_oid oid;
	/* Not a story, but worth a diagnostic: a directory named *.md, a
	 * symlink that leaves the repository, a file we may not read.
	 * NULL for ordinary story files. */
	char *problem;
};

struct prio_source;

/* The work tree of repo (which must not be bare).  repo is borrowed. */
int prio_source_worktree(struct prio_source **out, git_repository *repo,
    struct prio_diags *diags);
/* The index of repo.  repo is borrowed. */
int prio_source_index(struct prio_source **out, git_repository *repo,
    struct prio_diags *diags);
/* index, whose blobs are in repo: a commit's temporary index, as its
 * hooks get it.  Both are borrowed. */
void prio_source_index_of(struct prio_source **out, git_repository *repo,
    git_index *index);
/* The tree of the commit that rev names (git rev-parse syntax). */
int prio_source_tree(struct prio_source **out, git_repository *repo,
    const char *rev, struct prio_diags *diags);

enum prio_source_kind prio_source_kind(const struct prio_source *src);
/* An index source's index (borrowed; NULL for other sources), and
 * whether it is the source's own rather than the caller's. */
git_index *prio_source_git_index(const struct prio_source *src, bool *own);

/*
 * Lists every *.md file under dir (recursively), sorted by path, in
 * *files (free with prio_source_files_free).  A missing dir gives an
 * empty list.  Returns PRIO_OK, or PRIO_EIO / PRIO_EGIT with a
 * diagnostic.
 */
int prio_source_list(struct prio_source *src, const char *dir,
    struct prio_source_file **files, size_t *count, struct prio_diags *diags);
void prio_source_files_free(struct prio_source_file *files, size_t count);
/* Puts files into path order (byte order); a list in order already,
 * as the index and trees and one folder's listing are, costs one pass. */
void prio_source_files_sort(struct prio_source_file *files, size_t count);

/*
 * Reads path into out (cleared first).  Returns PRIO_OK; PRIO_ENOTFOUND
 * when there is no such file; PRIO_ERANGE when it is over max_size;
 * PRIO_EIO or PRIO_EGIT otherwise.  On failure *why, if not NULL, is an
 * allocated sentence saying what went wrong (caller frees).
 */
int prio_source_read(struct prio_source *src, const char *path,
    size_t max_size, struct prio_buf *out, char **why);

/*
 * Reads a file that prio_source_list() returned.  In the index and in
 * commits it is read by its blob id, not looked up by path again: in a
 * large stories folder each path lookup would inflate the whole folder's
 * tree once more.  Same results as prio_source_read().
 */
int prio_source_read_file(struct prio_source *src,
    const struct prio_source_file *f, size_t max_size, struct prio_buf *out,
    char **why);

void prio_source_free(struct prio_source *src);

#endif
