/*
 * commit_impl.h — what the parts of prio_commit_files() share (see
 * prio/commit.h for the contract).
 *
 *   commit.c        the sequence: checks, lock, objects, ref, files, index
 *   commit_check.c  the refusals: paths, repository state, unclean files
 *   commit_ident.c  author and committer, with git's environment variables
 *   commit_write.c  atomic work-tree files and the locked index update
 *   commit_sign.c   whether to sign, and the signature, as git makes it
 *   commit_hooks.c  the repository's hooks, as `git commit --only` runs them
 *   journal.c       the journal of a write in progress, and recovery
 *   child.c         (shared) running the signing program and the hooks
 */
#ifndef PRIO_COMMIT_IMPL_H
#define PRIO_COMMIT_IMPL_H

#include <git2.h>
#include <stdbool.h>
#include <stdint.h>

#include "prio/buf.h"
#include "prio/commit.h"
#include "prio/diag.h"

/* How long a lock held by someone else is waited for, in milliseconds. */
#define COMMIT_LOCK_WAIT_MS 2000

/* One file of the change, as the run sees it. */
struct commit_file {
	const struct prio_file_change *change;
	struct prio_buf odb;        /* the blob's bytes (filtered data) */
	git_oid blob;               /* their id */
	git_filemode_t mode;        /* HEAD's mode, or a plain blob's */
	bool in_head;
	git_oid head_blob;          /* HEAD's id when in_head */
	bool staged_new;            /* unborn branch: staged, work tree the
	                             * same; the user's content to commit */
	bool remove;                /* removed by the commit, not written */
	char *tmp;                  /* its temporary file, once made */
	bool keep;                  /* recovery: leave the work-tree file */
	bool no_stat;               /* stage without stat data (recovery
	                             * kept the user's own bytes) */
};

struct commit_run {
	git_repository *repo;
	const struct prio_commit_opts *opts;
	struct prio_diags *diags;
	struct commit_file *files;
	size_t n;
	const char *workdir;        /* borrowed from repo, ends in '/' */
	/* The index lock: held while lock_fd >= 0.  lock_fd is open on
	 * lock_twin, a second name of the lock's inode (see take_lock). */
	char *lock_path, *lock_twin;
	int lock_fd;
	/* A private copy of the index, read and written under the lock. */
	char *index_copy;
	git_index *index;
	int64_t index_mtime;        /* the index file's, in seconds */
	/* HEAD as read under the lock. */
	char *ref_name;             /* the branch, or "HEAD" when detached */
	git_oid head;               /* zero on an unborn branch */
	git_commit *head_commit;    /* NULL on an unborn branch */
	git_tree *head_tree;        /* NULL on an unborn branch */
	git_signature *author, *committer;
	/* The journal (journal.c): the git directory, flock()ed while
	 * dir_fd >= 0 (not closed here when dir_borrowed), the journal
	 * open for appending, and the token naming the temporary files. */
	int dir_fd, journal_fd;
	bool dir_borrowed;
	char token[17];
	git_oid landing;            /* the commit the ref moves to */
};


/* The "interrupted" refusal when opts->interrupted says a signal came;
 * PRIO_OK otherwise.  Called only before the ref moves. */
int commit_stop_point(struct commit_run *run);

/* commit.c */
int commit_refuse(struct prio_diags *diags, const char *path,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
char *commit_display_path(const struct commit_run *run, const char *path);
bool commit_sleep_until(long long *deadline_ms);

/* commit_check.c */
int commit_check_repo(git_repository *repo, bool need_state,
    struct prio_diags *diags);
int commit_check_paths(const struct commit_run *run);
int commit_check_clean(struct commit_run *run);

/* commit_ident.c */
int commit_identity(git_signature **author, git_signature **committer,
    git_repository *repo, struct prio_diags *diags);

/* commit_tree.c: the tree of base with ups (all replacements of files
 * base has) as *out, written without a tree builder.  0 when written,
 * 1 when ups add or remove paths (use git_tree_create_updated), -1 on a
 * libgit2 error (libgit2's error is set). */
int commit_tree_patch(git_repository *repo, const git_tree *base,
    const git_tree_update *ups, size_t n, git_oid *out);

/* commit_write.c */
char *commit_temp_name(const char *workdir, const char *path,
    const char *token);
int commit_prepare_files(struct commit_run *run);
void commit_drop_temps(struct commit_run *run);
int commit_write_files(struct commit_run *run, bool committed);
/* The index at from as the file at path, which mkstemp made: a second
 * name (a hard link), else a copy (see commit_write.c). */
bool commit_index_copy(const char *from, const char *path, bool *missing,
    int64_t *mtime);
int commit_lock_index(struct commit_run *run);
int commit_update_index(struct commit_run *run);
void commit_unlock_index(struct commit_run *run);

/* journal.c: removes the names in dir (ending in '/') that doomed
 * picks. */
void commit_remove_names(const char *dir, bool (*doomed)(const char *name));

/* commit_prefetch.c: the index read ahead, when the index under the
 * lock is still the file it read: the read index and its copy's path
 * taken over, *mtime the index file's.  false: read it as usual. */
bool commit_prefetch_take(struct prio_index_prefetch *p, git_index **index,
    char **copy, int64_t *mtime);

/*
 * commit_sign.c.  commit_sign_wanted() sets *sign as `git commit` would
 * decide (opts->sign, else commit.gpgsign).  commit_sign() appends to
 * sig the signature of the payload (the commit object's bytes), made by
 * the program gpg.format names, without CRs or a final newline: what
 * goes into the "gpgsig" header.  Both return PRIO_OK; PRIO_EINVAL (rule
 * "sign") for what the user fixes: a bad commit.gpgsign or gpg.format,
 * no ssh key, a program that cannot be found or that fails, with its
 * message; PRIO_EIO when the system fails (pipes, temporary files);
 * PRIO_EGIT when the config cannot be read.
 */
int commit_sign_wanted(const struct commit_run *run, bool *sign);
int commit_sign(const struct commit_run *run, const char *payload,
    size_t len, struct prio_buf *sig);
/*
 * commit_hooks.c: the repository's hooks (see prio/commit.h, Hooks).
 * commit_hooks_before() runs pre-commit, prepare-commit-msg and
 * commit-msg once the blobs are stored, under the index lock, and puts
 * the message the hooks left in *msg; a hook that fails makes it return
 * PRIO_EINVAL (rule "hook") with nothing changed, and its temporary
 * index is gone on every path.  commit_hooks_after() runs post-commit
 * once the index is written and unlocked; its status is ignored.
 */
int commit_hooks_before(struct commit_run *run, git_buf *msg);
void commit_hooks_after(struct commit_run *run);

/*
 * journal.c (see prio/journal.h).  journal_begin() takes the git
 * directory's flock (waiting as for a lock; PRIO_EBUSY), finishes or
 * undoes a journal left by a dead writer, and writes this run's: its
 * paths, and the commit it lands when run->landing is set already.
 * journal_note() appends one line (PRIO_EIO with errno set), and
 * journal_note_landing() the line that run->landing is about to land;
 * journal_end() lets the flock go and removes the journal unless keep
 * says the next prio should finish the run (both accept a run without
 * a journal).
 * journal_new_token() fills run->token.  journal_test_point() sends
 * the signal PRIO_TEST_SIGNAL_AT names for that point, for the tests.
 */
void journal_new_token(struct commit_run *run);
void journal_test_point(const char *point);
int journal_begin(struct commit_run *run);
int journal_note(struct commit_run *run, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int journal_note_landing(struct commit_run *run);
void journal_end(struct commit_run *run, bool keep);

#endif
