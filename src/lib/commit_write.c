/*
 * The writes that users see: work-tree files replaced atomically, and
 * the index updated under git's own lock.
 *
 * libgit2 can only write an index by taking index.lock itself, and reads
 * no fresh copy once it holds it, so a read-modify-write of the
 * repository's index could lose an update that another process made in
 * between.  prio therefore takes index.lock the way git does (O_EXCL),
 * gives the index a private second name next to it (a copy where the
 * file system has no hard links), lets libgit2 read and rewrite that
 * copy, and then renames the copy over the lock and the lock over the
 * index: exactly git's protocol, with the lock held from before the
 * read until the rename.  (A copy read ahead, before the lock, is taken
 * only if the index is still that file: commit_prefetch.c.)
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "commit_impl.h"
#include "prio/error.h"
#include "heap.h"

/* Writes all of data to fd; false with errno set on failure. */
static bool
write_all(int fd, const char *data, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return false;
		data += n;
		len -= (size_t)n;
	}
	return true;
}

/* Makes the folders leading to full (a work-tree path) that are missing. */
static bool
make_folders(char *full, size_t root_len)
{
	char *p;

	for (p = strchr(full + root_len, '/'); p; p = strchr(p + 1, '/')) {
		*p = '\0';
		if (mkdir(full, 0777) != 0 && errno != EEXIST) {
			*p = '/';
			return false;
		}
		*p = '/';
	}
	return true;
}

/*
 * The temporary file of path (repository-relative) for the run named by
 * token: ".<name>.prio-<token>" in the same folder, never ending in .md,
 * so no prio run reads it as a story.  Recovery finds it again from the
 * journal's path and token.  Caller frees.
 */
char *
commit_temp_name(const char *workdir, const char *path, const char *token)
{
	const char *slash = strrchr(path, '/');
	size_t dir = slash ? (size_t)(slash - path + 1) : 0;

	return prio_xasprintf("%s%.*s.%s.prio-%s", workdir, (int)dir, path,
	    path + dir, token);
}

/*
 * Writes one file's new bytes to its temporary file (an empty one for a
 * file to remove: it proves the folder can be changed), with the old
 * file's permissions, or the umask's as git creates files.  No fsync, as
 * git does not sync the work tree: the commit holds these bytes already,
 * and one fsync a file made `prio rerank` of 1,600 stories take 8 s.
 * On failure *why is set (caller frees) and no temporary file is left.
 */
static int
prepare_one(struct commit_run *run, struct commit_file *f, char **why)
{
	const struct prio_file_change *c = f->change;
	char *full = prio_xasprintf("%s%s", run->workdir, c->path);
	size_t root = strlen(run->workdir);
	struct stat st;
	bool existed = lstat(full, &st) == 0 && S_ISREG(st.st_mode), done;
	int fd = -1, err = 0, rc = PRIO_EIO;

	f->tmp = commit_temp_name(run->workdir, c->path, run->token);
	done = (existed || make_folders(full, root)) &&
	    (fd = open(f->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0666)) >= 0 && (f->remove || write_all(fd, c->data, c->len)) &&
	    (!existed || f->remove || fchmod(fd, st.st_mode & 07777) == 0);
	if (!done)
		err = errno;
	if (fd >= 0 && close(fd) != 0 && done) {
		err = errno;
		done = false;
	}
	if (!done) {
		*why = prio_xstrdup(strerror(err));
		if (fd >= 0)
			unlink(f->tmp);
		/* What the user can fix is a refusal (exit 1). */
		if (err == EACCES || err == EPERM || err == EROFS ||
		    err == ENAMETOOLONG)
			rc = PRIO_EINVAL;
		free(f->tmp);
		f->tmp = NULL;
	}
	free(full);
	return done ? PRIO_OK : rc;
}

/*
 * Every file's temporary file, before the ref moves: a folder that
 * cannot be written, a full disk or a name too long then stops the run
 * before anything the user sees has changed, and after the commit only
 * renames are left.
 */
int
commit_prepare_files(struct commit_run *run)
{
	char *why = NULL;
	size_t i;
	int rc;

	for (i = 0; i < run->n; i++) {
		if ((rc = commit_stop_point(run)) != PRIO_OK)
			return rc;
		if (run->files[i].tmp != NULL || run->files[i].keep ||
		    (rc = prepare_one(run, &run->files[i], &why)) == PRIO_OK)
			continue;
		prio_diags_add(run->diags, PRIO_SEV_ERROR, "file",
		    run->files[i].change->path, 0, 0, "cannot %s '%s': %s; "
		    "nothing was %s", run->files[i].remove ? "remove" :
		    "write", run->files[i].change->path, why,
		    run->opts->no_commit ? "written" : "committed");
		free(why);
		return rc;
	}
	return PRIO_OK;
}

/* Removes the temporary files not renamed into place: the rollback. */
void
commit_drop_temps(struct commit_run *run)
{
	size_t i;

	for (i = 0; i < run->n; i++) {
		if (run->files[i].tmp == NULL)
			continue;
		unlink(run->files[i].tmp);
		free(run->files[i].tmp);
		run->files[i].tmp = NULL;
	}
}

/*
 * Deletes the file at full, then the folders it leaves empty, up to the
 * work tree (root_len bytes of full), as `git rm` does.  A file already
 * gone is fine.
 */
static int
remove_file(char *full, size_t root_len, char **why)
{
	char *slash;

	if (unlink(full) != 0 && errno != ENOENT) {
		*why = prio_xstrdup(strerror(errno));
		return PRIO_EIO;
	}
	while ((slash = strrchr(full + root_len, '/')) != NULL) {
		*slash = '\0';
		if (rmdir(full) != 0)
			break;
	}
	return PRIO_OK;
}

/* Puts one prepared file in place: a rename, so a reader sees the old
 * file or the new one, never a part; or, for a file to remove, the
 * file and its empty temporary file go. */
static int
finish_one(struct commit_run *run, struct commit_file *f, char **why)
{
	char *full = prio_xasprintf("%s%s", run->workdir, f->change->path);
	int rc = PRIO_OK;

	if (f->remove) {
		unlink(f->tmp);
		rc = remove_file(full, strlen(run->workdir), why);
	} else if (rename(f->tmp, full) != 0) {
		*why = prio_xstrdup(strerror(errno));
		rc = PRIO_EIO;
	}
	if (rc == PRIO_OK) {
		free(f->tmp);
		f->tmp = NULL;
	}
	free(full);
	return rc;
}

int
commit_write_files(struct commit_run *run, bool committed)
{
	const char *path = NULL;
	char *why = NULL;
	int rc = PRIO_OK, pass;
	bool removing = false;
	size_t i;

	if (!committed && (rc = commit_prepare_files(run)) != PRIO_OK)
		return rc;
	/* Writes first, removals second: a kill in between leaves a
	 * renamed file in both places, never in neither. */
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < run->n && rc == PRIO_OK; i++) {
			if (run->files[i].remove != (pass == 1) ||
			    run->files[i].tmp == NULL)
				continue;
			path = run->files[i].change->path;
			removing = pass == 1;
			rc = finish_one(run, &run->files[i], &why);
		}
	if (rc == PRIO_OK)
		return PRIO_OK;
	prio_diags_add(run->diags, PRIO_SEV_ERROR, "file", path, 0, 0,
	    "cannot %s '%s': %s%s", removing ? "remove" : "write", path, why,
	    committed ? "; the commit "
	    "was made, but the work tree and index do not show it yet: the "
	    "next prio command finishes it, or run 'git checkout HEAD -- "
	    "<file>' for each file of the commit ('git show --stat HEAD' "
	    "lists them)" : "");
	free(why);
	return rc;
}

/* Copies the file at from to the open descriptor fd, and says when from
 * was last written; false on failure with errno set.  A missing from
 * copies nothing. */
static bool
copy_file(const char *from, int fd, bool *missing, int64_t *mtime)
{
	char buf[65536];
	struct stat st;
	ssize_t n;
	int in = open(from, O_RDONLY | O_CLOEXEC);

	*missing = in < 0 && errno == ENOENT;
	if (in < 0)
		return *missing;
	if (fstat(in, &st) != 0) {
		close(in);
		return false;
	}
	*mtime = (int64_t)st.st_mtim.tv_sec;
	while ((n = read(in, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || !write_all(fd, buf, (size_t)n)) {
			close(in);
			return false;
		}
	}
	close(in);
	return true;
}

/*
 * Creates index.lock as git does (it exists or not, atomically), but as
 * a second name of a file prio made first, index.prio-lock-<token>:
 * the journal records that file's inode, so a later prio can prove a
 * stale index.lock is this run's (the same inode, kept alive by the
 * first name) and remove it, and never one of git's.  A file system
 * without hard links gets the lock made directly, as git makes it.
 */
static int
create_lock(struct commit_run *run, bool *taken)
{
	struct stat st;

	*taken = false;
	if (run->lock_twin == NULL) {
		run->lock_twin = prio_xasprintf("%sindex.prio-lock-%s",
		    git_repository_path(run->repo), run->token);
		run->lock_fd = open(run->lock_twin, O_WRONLY | O_CREAT |
		    O_EXCL | O_CLOEXEC, 0666);
		if (run->lock_fd < 0 || fstat(run->lock_fd, &st) != 0 ||
		    journal_note(run, "lock %llu %llu",
		    (unsigned long long)st.st_dev,
		    (unsigned long long)st.st_ino) != PRIO_OK)
			return -1;
	}
	if (link(run->lock_twin, run->lock_path) == 0) {
		*taken = true;
		return 0;
	}
	if (errno == EEXIST)
		return 0;
	if (errno != EPERM && errno != EOPNOTSUPP && errno != EMLINK)
		return -1;
	/* No hard links here: the lock itself, unprovable after a kill. */
	unlink(run->lock_twin);
	free(run->lock_twin);
	run->lock_twin = NULL;
	close(run->lock_fd);
	run->lock_fd = open(run->lock_path, O_WRONLY | O_CREAT | O_EXCL |
	    O_CLOEXEC, 0666);
	*taken = run->lock_fd >= 0;
	return run->lock_fd >= 0 || errno == EEXIST ? 0 : -1;
}

/* Whether the two paths name one inode. */
static bool
same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
	    sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static int
take_lock(struct commit_run *run)
{
	long long deadline = 0;
	bool taken;
	char *shown;
	int rc;

	do {
		if (create_lock(run, &taken) != 0) {
			prio_diags_add(run->diags, PRIO_SEV_ERROR, "lock", NULL,
			    0, 0, "cannot create '%s': %s", run->lock_path,
			    strerror(errno));
			return PRIO_EIO;
		}
		if (taken) {
			journal_test_point("locked");
			return PRIO_OK;
		}
		if ((rc = commit_stop_point(run)) != PRIO_OK)
			return rc;
	} while (commit_sleep_until(&deadline));
	shown = commit_display_path(run, run->lock_path);
	prio_diags_add(run->diags, PRIO_SEV_ERROR, "lock", NULL, 0, 0,
	    "cannot lock the index: '%s' exists; another git process seems "
	    "to be running in this repository (an editor opened by 'git "
	    "commit'?); if none is, a git command was interrupted: remove "
	    "the file and run the command again", shown);
	free(shown);
	return PRIO_EBUSY;
}

/*
 * The index at from as the file at path, which mkstemp made: a second
 * name of the same file where the file system has hard links, else a
 * copy.  A second name is as good as a copy and costs no bytes, because
 * git and libgit2 replace an index by renaming a new file over it and
 * never write into one: the name keeps the version it was given, and
 * libgit2 writes the copy by renaming too.  *mtime: that version's, in
 * seconds.  False with errno set on failure; a missing from leaves no
 * file at path and sets *missing.
 */
bool
commit_index_copy(const char *from, const char *path, bool *missing,
    int64_t *mtime)
{
	struct stat st;
	bool copied;
	int fd, err;

	*missing = false;
	if (unlink(path) != 0)
		return false;
	if (link(from, path) == 0) {
		if (stat(path, &st) != 0)
			return false;
		*mtime = (int64_t)st.st_mtim.tv_sec;
		return true;
	}
	if ((*missing = errno == ENOENT))
		return true;
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0600)) < 0)
		return false;
	copied = copy_file(from, fd, missing, mtime);
	err = errno;
	if (close(fd) != 0 && copied) {
		copied = false;
		err = errno;
	}
	errno = err;
	return copied;
}

/* The index copy under the lock, opened as run->index. */
static int
open_copy(struct commit_run *run)
{
	const char *gitdir = git_repository_path(run->repo);
	char *index_path = prio_xasprintf("%sindex", gitdir);
	bool missing, copied;
	int fd, err, rc = PRIO_OK;

	if (commit_prefetch_take(run->opts->prefetch, &run->index,
	    &run->index_copy, &run->index_mtime))
		goto out;
	run->index_copy = prio_xasprintf("%sindex.prio-XXXXXX", gitdir);
	if ((fd = mkstemp(run->index_copy)) < 0) {
		prio_diags_add(run->diags, PRIO_SEV_ERROR, "file", NULL, 0, 0,
		    "cannot create '%s': %s", run->index_copy, strerror(errno));
		free(run->index_copy);
		run->index_copy = NULL;
		rc = PRIO_EIO;
		goto out;
	}
	close(fd);
	copied = commit_index_copy(index_path, run->index_copy, &missing,
	    &run->index_mtime);
	err = errno;
	if (!copied) {
		prio_diags_add(run->diags, PRIO_SEV_ERROR, "file", NULL, 0, 0,
		    "cannot copy the index '%s': %s", index_path,
		    strerror(err));
		rc = PRIO_EIO;
		goto out;
	}
	/*
	 * No index yet (nothing ever staged): start from an empty one.
	 * Else fault in at once what comes next: libgit2 holds the index
	 * in about twice its file's size, and building a new tree of a
	 * folder as large takes about as much again.
	 */
	if (missing)
		unlink(run->index_copy);
	else
		prio_heap_prefault_file(run->index_copy, 3);
	if (git_index_open(&run->index, run->index_copy) < 0)
		rc = prio_diags_git(run->diags, NULL, "cannot read the "
		    "index");
out:
	free(index_path);
	return rc;
}

int
commit_lock_index(struct commit_run *run)
{
	int rc;

	run->lock_path = prio_xasprintf("%sindex.lock",
	    git_repository_path(run->repo));
	if ((rc = take_lock(run)) != PRIO_OK)
		return rc;
	return open_copy(run);
}

void
commit_unlock_index(struct commit_run *run)
{
	char *aside;

	git_index_free(run->index);
	run->index = NULL;
	if (run->index_copy) {
		aside = prio_xasprintf("%s.lock", run->index_copy);
		unlink(aside);
		unlink(run->index_copy);
		free(aside);
		free(run->index_copy);
		run->index_copy = NULL;
	}
	if (run->lock_fd >= 0) {
		/* Without a twin, lock_fd >= 0 means the lock is ours; with
		 * one, only while both names are the same inode. */
		if (run->lock_twin == NULL || same_file(run->lock_twin,
		    run->lock_path))
			unlink(run->lock_path);
		close(run->lock_fd);
		run->lock_fd = -1;
	}
	if (run->lock_twin)
		unlink(run->lock_twin);
	free(run->lock_twin);
	run->lock_twin = NULL;
	free(run->lock_path);
	run->lock_path = NULL;
}

/* The index entry for a file just written: new blob, fresh stat data. */
static int
stage(struct commit_run *run, const struct commit_file *f)
{
	const char *path = f->change->path;
	char *full = prio_xasprintf("%s%s", run->workdir, path);
	const git_index_entry *old;
	git_index_entry e;
	struct stat st;
	int err = lstat(full, &st) == 0 ? 0 : errno;

	free(full);
	if (err != 0) {
		prio_diags_add(run->diags, PRIO_SEV_ERROR, "file", path, 0, 0,
		    "cannot examine '%s' after writing it: %s", path,
		    strerror(err));
		return PRIO_EIO;
	}
	memset(&e, 0, sizeof(e));
	if (f->no_stat)
		goto entry;
	e.ctime.seconds = (int32_t)st.st_ctim.tv_sec;
	e.ctime.nanoseconds = (uint32_t)st.st_ctim.tv_nsec;
	e.mtime.seconds = (int32_t)st.st_mtim.tv_sec;
	e.mtime.nanoseconds = (uint32_t)st.st_mtim.tv_nsec;
	e.dev = (uint32_t)st.st_dev;
	e.ino = (uint32_t)st.st_ino;
	e.uid = (uint32_t)st.st_uid;
	e.gid = (uint32_t)st.st_gid;
	e.file_size = (uint32_t)st.st_size;
entry:
	e.mode = f->mode;
	e.id = f->blob;
	e.path = path;
	/* The user's assume-unchanged and skip-worktree bits stay. */
	if ((old = git_index_get_bypath(run->index, path, 0)) != NULL) {
		e.flags = old->flags & GIT_INDEX_ENTRY_VALID;
		e.flags_extended = old->flags_extended &
		    GIT_INDEX_ENTRY_SKIP_WORKTREE;
	}
	if (git_index_add(run->index, &e) < 0)
		return prio_diags_git(run->diags, path, "cannot stage '%s'",
		    path);
	return PRIO_OK;
}

/*
 * An entry written in the same second as the index file, or later, is
 * "racily clean": its stat data may match a file changed since, and git
 * only knows to compare its contents because of the index file's
 * timestamp.  The new index is newer, so such entries get size 0, which
 * makes git compare contents (git and libgit2 do the same when they
 * write an index; libgit2 does not for an index outside a repository).
 */
static int
smudge_racy(struct commit_run *run)
{
	const git_index_entry *e;
	git_index_entry copy;
	size_t i, n = git_index_entrycount(run->index);

	for (i = 0; i < n; i++) {
		e = git_index_get_byindex(run->index, i);
		if (e == NULL || e->file_size == 0 ||
		    git_index_entry_stage(e) != 0 ||
		    (int64_t)e->mtime.seconds < run->index_mtime)
			continue;
		copy = *e;
		copy.file_size = 0;
		if (git_index_add(run->index, &copy) < 0)
			return prio_diags_git(run->diags, e->path, "cannot "
			    "mark '%s' for git to re-read", e->path);
	}
	return PRIO_OK;
}

/*
 * Renames the written copy over the lock, and the lock over the index:
 * the last step releases the lock.  The journal first records the
 * copy's inode, so that a later prio finds a copy killed half-way in as
 * index.lock and finishes the rename.
 */
static int
install_copy(struct commit_run *run)
{
	char *index_path = prio_xasprintf("%sindex",
	    git_repository_path(run->repo));
	struct stat st;
	bool over_lock = false;
	int rc = PRIO_OK, err;

	if (stat(run->index_copy, &st) == 0 && journal_note(run,
	    "installing %llu %llu", (unsigned long long)st.st_dev,
	    (unsigned long long)st.st_ino) == PRIO_OK)
		over_lock = rename(run->index_copy, run->lock_path) == 0;
	if (over_lock)
		journal_test_point("installing");
	if (!over_lock || rename(run->lock_path, index_path) != 0) {
		err = errno;
		/* The copy is the lock now: release it. */
		if (over_lock)
			unlink(run->lock_path);
		prio_diags_add(run->diags, PRIO_SEV_ERROR, "file", NULL, 0, 0,
		    "cannot replace the index '%s': %s", index_path,
		    strerror(err));
		rc = PRIO_EIO;
	} else {
		close(run->lock_fd);
		run->lock_fd = -1;
		if (run->lock_twin)
			unlink(run->lock_twin);
	}
	if (over_lock) {
		free(run->index_copy);
		run->index_copy = NULL;
	}
	free(index_path);
	return rc;
}

int
commit_update_index(struct commit_run *run)
{
	size_t i;
	int rc = smudge_racy(run);

	for (i = 0; i < run->n && rc == PRIO_OK; i++)
		if (!run->files[i].remove)
			rc = stage(run, &run->files[i]);
		else if (git_index_remove_bypath(run->index,
		    run->files[i].change->path) < 0)
			rc = prio_diags_git(run->diags,
			    run->files[i].change->path, "cannot unstage '%s'",
			    run->files[i].change->path);
	if (rc == PRIO_OK && git_index_write(run->index) < 0)
		rc = prio_diags_git(run->diags, NULL, "cannot write the "
		    "index");
	if (rc == PRIO_OK)
		rc = install_copy(run);
	if (rc != PRIO_OK)
		prio_diags_add(run->diags, PRIO_SEV_ERROR, "commit", NULL, 0, 0,
		    "the commit was made and the files written, but the index "
		    "still has their old versions: the next prio command "
		    "finishes it, or run 'git reset -q -- <file>' for each "
		    "file of the commit ('git show --stat HEAD' lists them)");
	return rc;
}
