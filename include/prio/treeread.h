/*
 * prio/treeread.h — a backlog's files in a commit's tree, for the
 * readers of history: the audit trail (prio/history.h) and `prio diff`
 * (prio/bdiff.h).
 *
 * The config is found as the work-tree loader finds it (prio/
 * backlog.h): the dialects' config paths in order (prio_dialects(),
 * prio's first, so a backlog/prio.yml wins), the first that is a file
 * and holds a config of its dialect.  A file of another tool under one
 * of those names (a config.yml without Backlog.md's keys) is passed
 * over.  A config at the top (Backlog.md's backlog.config.yml) names
 * the backlog folder itself (cfg->dir).
 *
 * Blobs are read through prio_object_read_blob() (prio/object.h), so a
 * file over the size limit costs nothing; a blob that cannot be read is
 * reported by prio_missing_object() (prio/shallow.h) as "<path> at
 * commit <short id>", which tells a partial clone how to fetch it.
 */
#ifndef PRIO_TREEREAD_H
#define PRIO_TREEREAD_H

#include <git2.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "prio/buf.h"
#include "prio/config.h"
#include "prio/diag.h"
#include "prio/story.h"

/* A tree's config file, as found. */
struct prio_treeread_config {
	const char *path;           /* from the top (static); NULL: none */
	git_oid id;                 /* its blob */
	uint64_t size;              /* its size in bytes */
	char *text;                 /* its bytes, NUL-terminated; NULL
	                             * when over the limit */
	size_t len;
	struct prio_config *cfg;    /* NULL unless PRIO_OK */
};

/*
 * Finds and reads the config of root, the tree of commit (commit names
 * it in messages; may be NULL).  Returns:
 *   PRIO_OK         *out with its config (free with
 *                   prio_treeread_config_free);
 *   PRIO_ENOTFOUND  no config: out->path is NULL;
 *   PRIO_ECONFIG    the file is not a valid config: out->path and its
 *                   text; the parser's diagnostics, each naming the
 *                   path, went to got;
 *   PRIO_ERANGE     the file is over PRIO_MAX_FILE_SIZE_LIMIT: out->path
 *                   and out->size, nothing added to diags;
 *   PRIO_EFETCH, PRIO_EGIT  a blob could not be read (diagnostic in
 *                   diags).
 * Free out in every case.
 */
int prio_treeread_config(struct prio_treeread_config *out,
    git_repository *repo, git_tree *root, const git_oid *commit,
    struct prio_diags *got, struct prio_diags *diags);

void prio_treeread_config_free(struct prio_treeread_config *c);

/*
 * Whether trees a and b (either may be NULL: no files) have the same
 * config files: every path a config may have is absent from both or
 * the same blob in both.  When they do, they have the same config.
 */
bool prio_treeread_same_config(git_tree *a, git_tree *b);

/*
 * Reads blob id, the file at path of commit (NULL: named by its path
 * alone), into out (cleared first); *fits false and out empty when it
 * is over max bytes.  Returns PRIO_OK, or PRIO_EFETCH / PRIO_EGIT with
 * a diagnostic in diags.
 */
int prio_treeread_blob(git_repository *repo, const git_oid *commit,
    const char *path, const git_oid *id, size_t max, struct prio_buf *out,
    bool *fits, struct prio_diags *diags);

/*
 * Reads the story file at path, blob id of commit, and parses it with
 * parser p, whose config's max-file-size is the limit; data is scratch
 * space, reused from call to call.  Returns PRIO_OK and *out (free with
 * prio_story_free): the story, with the parser's diagnostics in got;
 * or NULL when the file is over the limit.  PRIO_EFETCH / PRIO_EGIT
 * with a diagnostic in diags, *out NULL.
 */
int prio_treeread_story(struct prio_story **out, git_repository *repo,
    const git_oid *commit, const char *path, const git_oid *id,
    struct prio_story_parser *p, size_t max, struct prio_buf *data,
    struct prio_diags *got, struct prio_diags *diags);

#endif
