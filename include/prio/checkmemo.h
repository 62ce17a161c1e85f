/*
 * prio/checkmemo.h — the verdict of the last check of a staged backlog,
 * kept by the story folders it checked, so that the next commit's hook
 * reads only the story files that commit writes (issue 14: the hook at
 * 10,000 stories within 15% of a hook that only reads the index).
 *
 * After `prio check --staged` (and so the pre-commit hook) has checked
 * an index whole, it keeps in $GIT_DIR/prio/check.memo what it found:
 * the problems found in one file (from loading it) apart from those
 * between stories, the story files by path and blob id, and the key:
 * the tree ids of the index's story folders (backlog/stories in prio's
 * format; backlog/tasks, drafts, completed and archive/tasks in a
 * Backlog.md project: the dialect's folders, prio/dialect.h), hashed
 * together, and the blob id of its config file (backlog/prio.yml,
 * backlog/config.yml).  When that commit is made, HEAD's folders have
 * those tree ids, so the next hook knows HEAD's verdict without
 * loading HEAD or the 10,000 unchanged stories of the index: a story
 * file the commit does not write has the same problems as in HEAD; one
 * it writes is read again; and when the written stories keep their id,
 * dependencies, place in the order and the positions of those keys, no
 * problem between stories changes (check.c reads nothing else), so
 * HEAD's problems between stories stand.  Anything else (a new,
 * removed or renamed file, a changed config, a folder the memo does
 * not describe) and the check runs as before.
 *
 * The memo is a cache: best effort, replaced by rename, checked whole
 * on reading (any damage, another format or another prio build: no
 * memo), and never trusted for more than the ids in its key say.
 */
#ifndef PRIO_CHECKMEMO_H
#define PRIO_CHECKMEMO_H

#include <git2.h>
#include <stdbool.h>
#include <stddef.h>

#include "prio/diag.h"

struct prio_config;

/* A story file: its path from the top, and its blob. */
struct prio_memo_file {
	char *name;
	git_oid oid;
	size_t size;
};

struct prio_check_memo {
	git_oid stories;         /* the story folders' tree ids, hashed:
	                          * the key */
	git_oid config;          /* the config file's blob id */
	size_t nstories;         /* the stories the check counted */
	struct prio_memo_file *files;   /* sorted by name */
	size_t nfiles, capfiles;
	struct prio_diags in_file;      /* found loading one file */
	struct prio_diags between;      /* between stories */
	char *data;              /* a memo read: its bytes, into which its
	                          * files' names point */
};

/*
 * The key and files of index, for a backlog of cfg's dialect and folder
 * (prio/dialect.h): fills m's stories, config and files.  The tree ids
 * come from the trees the index caches (git brings them up to date
 * before it runs the pre-commit hook), else they are computed in memory:
 * nothing is written to the repository.  Returns PRIO_ENOTFOUND when
 * the index is not one a memo describes: none of the dialect's config
 * files, a conflict, a folder or link in a folder whose sub-folders
 * the dialect reads (prio's stories/).  index must be the caller's own
 * (its cached trees may be filled in), not one it will write.
 */
int prio_check_memo_of_index(struct prio_check_memo *m,
    git_repository *repo, git_index *index, const struct prio_config *cfg);

/* The key and files of rev's tree (no verdict); PRIO_ENOTFOUND as
 * above. */
int prio_check_memo_of_rev(struct prio_check_memo *m, git_repository *repo,
    const char *rev, const struct prio_config *cfg);

/* The key of rev's tree; PRIO_ENOTFOUND when it holds none of the
 * dialect's config files. */
int prio_check_memo_key_at(git_repository *repo, const char *rev,
    const struct prio_config *cfg, git_oid *stories, git_oid *config);

/* Reads into m (zeroed first) the verdict the memo file at path keeps
 * for the key (stories, config; stories NULL: the newest verdict for
 * that config); PRIO_ENOTFOUND when it keeps none, or the file is
 * damaged or another build's. */
int prio_check_memo_load(struct prio_check_memo *m, const char *path,
    const git_oid *stories, const git_oid *config);
/* Writes m, and also (NULL: none) when its key is another, to the memo
 * file at path, replacing what it kept; atomic, best effort.  The hook
 * keeps its verdict and HEAD's: a commit it let through makes the first
 * HEAD, a commit refused or abandoned leaves the second. */
void prio_check_memo_save(const char *path, const struct prio_check_memo *m,
    const struct prio_check_memo *also);
void prio_check_memo_free(struct prio_check_memo *m);

/* m's file name (NULL if none), by binary search. */
struct prio_memo_file *prio_check_memo_find(const struct prio_check_memo *m,
    const char *name);

#endif
