/*
 * The journal of a commit in progress, and the recovery of one whose
 * writer died (see prio/journal.h for what and why).
 *
 * The journal, $GIT_DIR/prio-journal, is lines of text:
 *   prio-journal 1
 *   pid <pid>
 *   token <16 hex digits>              names the temporary files
 *   write <length> <path>              a file the commit writes
 *   remove <length> <path>             a file the commit removes
 *   ready                              the list is complete
 *   lock <dev> <inode>                 the index lock, when taken
 *   landing <time> <ref> <old> <new>   the ref is about to move
 *   installing <dev> <inode>           the new index is being renamed in
 * Paths carry their length, so any byte but NUL may be in one.  The
 * lines up to "ready" are written to prio-journal.new and renamed into
 * place; the rest are appended.  A line without its newline was cut
 * short and is ignored.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "commit_impl.h"
#include "prio/error.h"
#include "prio/journal.h"
#include "util.h"

#define JOURNAL "prio-journal"
#define JOURNAL_NEW "prio-journal.new"
/* A journal longer than this is not prio's (100,000 paths fit). */
#define JOURNAL_MAX ((size_t)64 << 20)

/* A journal as read back. */
struct journal {
	long pid;
	char token[17];
	char **paths;               /* '+' write or '-' remove, then path */
	size_t n, cap;
	bool ready;
	bool has_lock, landing, installing;
	unsigned long long lock_dev, lock_ino, copy_dev, copy_ino;
	long long landing_time;
	char *ref;
	git_oid old, new;
};

void
journal_new_token(struct commit_run *run)
{
	unsigned char b[8];
	uint64_t v = (uint64_t)getpid() * 0x9e3779b97f4a7c15ull ^
	    (uint64_t)time(NULL);
	size_t i;

	if (getentropy(b, sizeof(b)) == 0)
		for (i = 0, v = 0; i < sizeof(b); i++)
			v = v << 8 | b[i];
	snprintf(run->token, sizeof(run->token), "%016llx",
	    (unsigned long long)v);
}

/*
 * For the tests (tests/cli/t0955-interrupt.t): PRIO_TEST_SIGNAL_AT=
 * "<point>:<signal number>" sends prio that signal at that point of a
 * commit run, so that every moment a kill or an interrupt can come is
 * tested, not only those a random delay happens to hit.
 */
void
journal_test_point(const char *point)
{
	const char *want = getenv("PRIO_TEST_SIGNAL_AT");
	size_t n = strlen(point);

	if (want && strncmp(want, point, n) == 0 && want[n] == ':')
		raise(atoi(want + n + 1));
}

static bool
write_all(int fd, const char *p, size_t len)
{
	ssize_t n;

	while (len > 0) {
		if ((n = write(fd, p, len)) < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		p += n;
		len -= (size_t)n;
	}
	return true;
}

static char *
git_path(git_repository *repo, const char *name)
{
	return prio_xasprintf("%s%s", git_repository_path(repo), name);
}

static int read_journal(git_repository *repo, struct journal *j,
    struct prio_diags *diags);
static void journal_free(struct journal *j);

/*
 * Where the file system has no flock(2) (NFS mounted without lockd):
 * whether the journal's writer still runs, by its process id.  A
 * reused id keeps a stale journal waiting; it never lets a live
 * writer's journal be undone.
 */
static bool
writer_alive(git_repository *repo)
{
	struct prio_diags d = PRIO_DIAGS_INIT;
	struct journal j;
	bool alive = false;

	if (read_journal(repo, &j, &d) == PRIO_OK) {
		alive = j.pid > 0 && j.pid != (long)getpid() &&
		    (kill((pid_t)j.pid, 0) == 0 || errno == EPERM);
		journal_free(&j);
	}
	prio_diags_free(&d);
	return alive;
}

/*
 * The flock on the git directory that says a prio writes here, waited
 * for as a lock is; *fd is the directory, open, or -1.
 */
static int
lock_dir(git_repository *repo, int *fd, bool wait, struct prio_diags *diags)
{
	long long deadline = 0;
	int err;

	*fd = open(git_repository_path(repo), O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC);
	if (*fd < 0) {
		prio_diags_add(diags, PRIO_SEV_ERROR, "journal", NULL, 0, 0,
		    "cannot open the git directory '%s': %s",
		    git_repository_path(repo), strerror(errno));
		return PRIO_EIO;
	}
	while (flock(*fd, LOCK_EX | LOCK_NB) != 0) {
		if ((err = errno) == EINTR)
			continue;
		if (err == ENOLCK || err == EOPNOTSUPP || err == EINVAL) {
			if (!writer_alive(repo))
				return PRIO_OK;
			err = EWOULDBLOCK;
		}
		if (err == EWOULDBLOCK && wait &&
		    commit_sleep_until(&deadline))
			continue;
		close(*fd);
		*fd = -1;
		if (err == EWOULDBLOCK) {
			if (wait)
				prio_diags_add(diags, PRIO_SEV_ERROR, "lock",
				    NULL, 0, 0, "cannot commit: another prio "
				    "is writing in this work tree; run the "
				    "command again when it has finished");
			return PRIO_EBUSY;
		}
		prio_diags_add(diags, PRIO_SEV_ERROR, "journal", NULL, 0, 0,
		    "cannot lock the git directory: %s", strerror(err));
		return PRIO_EIO;
	}
	return PRIO_OK;
}

/* "landing <time> <ref> <old> <new>\n": the ref is about to move. */
static void
landing_line(const struct commit_run *run, struct prio_buf *b)
{
	char old[GIT_OID_HEXSZ + 1], new[GIT_OID_HEXSZ + 1];

	git_oid_tostr(old, sizeof(old), &run->head);
	git_oid_tostr(new, sizeof(new), &run->landing);
	prio_buf_addf(b, "landing %lld %s %s %s\n", (long long)time(NULL),
	    run->ref_name, old, new);
}

int
journal_note_landing(struct commit_run *run)
{
	struct prio_buf line = PRIO_BUF_INIT;
	bool done;

	if (run->journal_fd < 0)
		return PRIO_OK;
	landing_line(run, &line);
	done = write_all(run->journal_fd, line.ptr, line.len);
	prio_buf_free(&line);
	return done ? PRIO_OK : PRIO_EIO;
}

/* The journal's first part, up to "ready", and the landing if known. */
static void
journal_text(const struct commit_run *run, struct prio_buf *b)
{
	size_t i;

	prio_buf_addf(b, "prio-journal 1\npid %ld\ntoken %s\n",
	    (long)getpid(), run->token);
	for (i = 0; i < run->n; i++)
		prio_buf_addf(b, "%s %zu %s\n", run->files[i].remove ?
		    "remove" : "write", strlen(run->files[i].change->path),
		    run->files[i].change->path);
	prio_buf_adds(b, "ready\n");
	if (!git_oid_is_zero(&run->landing))
		landing_line(run, b);
}

/* Writes the journal whole, beside it first, and keeps it open to
 * append to.  The flock is held. */
static int
journal_write(struct commit_run *run)
{
	struct prio_buf text = PRIO_BUF_INIT;
	char *side = git_path(run->repo, JOURNAL_NEW);
	char *path = git_path(run->repo, JOURNAL);
	int fd, rc = PRIO_OK;

	journal_text(run, &text);
	fd = open(side, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC,
	    0666);
	if (fd < 0 || !write_all(fd, text.ptr, text.len) ||
	    rename(side, path) != 0) {
		prio_diags_add(run->diags, PRIO_SEV_ERROR, "journal", NULL, 0,
		    0, "cannot write the journal '%s': %s", path,
		    strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(side);
		}
		rc = PRIO_EIO;
	} else
		run->journal_fd = fd;
	prio_buf_free(&text);
	free(path);
	free(side);
	return rc;
}

static int recover_locked(git_repository *repo, int dir_fd, char **said,
    struct prio_diags *diags);

int
journal_begin(struct commit_run *run)
{
	char *path, *said = NULL;
	struct stat st;
	int rc;

	if (run->dir_fd < 0 && (rc = lock_dir(run->repo, &run->dir_fd, true,
	    run->diags)) != PRIO_OK)
		return rc;
	path = git_path(run->repo, JOURNAL);
	rc = stat(path, &st) == 0 ? recover_locked(run->repo, run->dir_fd,
	    &said, run->diags) : PRIO_OK;
	free(path);
	if (said)
		prio_diags_add(run->diags, PRIO_SEV_WARNING, "journal", NULL, 0,
		    0, "%s", said);
	free(said);
	if (rc == PRIO_OK && (rc = journal_write(run)) == PRIO_OK)
		journal_test_point("journaled");
	return rc;
}

int
journal_note(struct commit_run *run, const char *fmt, ...)
{
	struct prio_buf line = PRIO_BUF_INIT;
	bool done;
	va_list ap;

	if (run->journal_fd < 0)
		return PRIO_OK;
	va_start(ap, fmt);
	prio_buf_vaddf(&line, fmt, ap);
	va_end(ap);
	prio_buf_addch(&line, '\n');
	done = write_all(run->journal_fd, line.ptr, line.len);
	prio_buf_free(&line);
	return done ? PRIO_OK : PRIO_EIO;
}

void
journal_end(struct commit_run *run, bool keep)
{
	char *path;

	if (run->journal_fd >= 0) {
		close(run->journal_fd);
		run->journal_fd = -1;
		if (!keep) {
			path = git_path(run->repo, JOURNAL);
			unlink(path);
			free(path);
		}
	}
	if (run->dir_fd >= 0 && !run->dir_borrowed)
		close(run->dir_fd);
	run->dir_fd = -1;
}

static void
journal_free(struct journal *j)
{
	size_t i;

	for (i = 0; i < j->n; i++)
		free(j->paths[i]);
	free(j->paths);
	free(j->ref);
}

/* One "key rest" line of [p, end): false at a line cut short. */
static bool
next_line(const char **p, const char *end, const char **line,
    size_t *len)
{
	const char *nl = memchr(*p, '\n', (size_t)(end - *p));

	if (nl == NULL)
		return false;
	*line = *p;
	*len = (size_t)(nl - *p);
	*p = nl + 1;
	return true;
}

/* A "write|remove <len> <path>\n" record at *p; false if malformed. */
static bool
parse_path(struct journal *j, const char **p, const char *end, bool remove)
{
	char *num_end;
	unsigned long long len;

	len = strtoull(*p, &num_end, 10);
	if (num_end == *p || *num_end != ' ' ||
	    len >= (unsigned long long)(end - num_end) || len == 0 ||
	    num_end[1 + len] != '\n' || memchr(num_end + 1, '\0', len))
		return false;
	prio_xgrow(&j->paths, &j->cap, j->n + 1, sizeof(*j->paths));
	j->paths[j->n++] = prio_xasprintf("%c%.*s", remove ? '-' : '+',
	    (int)len, num_end + 1);
	*p = num_end + 2 + len;
	return true;
}

static bool
parse_landing(struct journal *j, const char *line, size_t len)
{
	char ref[1024], old[GIT_OID_HEXSZ + 1], new[GIT_OID_HEXSZ + 1];
	char *text = prio_xasprintf("%.*s", (int)len, line);
	long long t;
	bool good = sscanf(text, "landing %lld %1023s %40s %40s", &t, ref,
	    old, new) == 4 && git_oid_fromstr(&j->old, old) == 0 &&
	    git_oid_fromstr(&j->new, new) == 0;

	free(text);
	git_error_clear();
	if (!good)
		return false;
	free(j->ref);
	j->ref = prio_xstrdup(ref);
	j->landing_time = t;
	j->landing = true;
	return true;
}

/* Parses the journal text; false when it is not one. */
static bool
parse(struct journal *j, const char *p, const char *end)
{
	const char *line;
	size_t len;
	char *text;
	bool good = true;

	memset(j, 0, sizeof(*j));
	if (!next_line(&p, end, &line, &len) ||
	    !prio_line_is(line, len, "prio-journal 1"))
		return false;
	while (good && p < end) {
		if (end - p > 6 && strncmp(p, "write ", 6) == 0) {
			p += 6;
			good = parse_path(j, &p, end, false);
			continue;
		}
		if (end - p > 7 && strncmp(p, "remove ", 7) == 0) {
			p += 7;
			good = parse_path(j, &p, end, true);
			continue;
		}
		if (!next_line(&p, end, &line, &len))
			break;
		text = prio_xasprintf("%.*s", (int)len, line);
		if (strcmp(text, "ready") == 0)
			j->ready = true;
		else if (strncmp(text, "landing ", 8) == 0)
			good = parse_landing(j, line, len);
		else if (sscanf(text, "lock %llu %llu", &j->lock_dev,
		    &j->lock_ino) == 2)
			j->has_lock = true;
		else if (sscanf(text, "installing %llu %llu", &j->copy_dev,
		    &j->copy_ino) == 2)
			j->installing = true;
		else if (sscanf(text, "pid %ld", &j->pid) == 1 ||
		    sscanf(text, "token %16[0-9a-f]", j->token) == 1)
			;
		else
			good = false;
		free(text);
	}
	return good && (!j->ready || strlen(j->token) == 16);
}

static int
read_journal(git_repository *repo, struct journal *j, struct prio_diags *diags)
{
	char *path = git_path(repo, JOURNAL);
	struct prio_buf text = PRIO_BUF_INIT;
	char chunk[65536];
	ssize_t got;
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc = PRIO_OK;

	memset(j, 0, sizeof(*j));
	while (fd >= 0 && (got = read(fd, chunk, sizeof(chunk))) != 0) {
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0 || text.len + (size_t)got > JOURNAL_MAX)
			break;
		prio_buf_add(&text, chunk, (size_t)got);
	}
	if (fd < 0 || got != 0) {
		prio_diags_add(diags, PRIO_SEV_ERROR, "journal", NULL, 0, 0,
		    "cannot read the journal '%s': %s", path, fd < 0 ||
		    got < 0 ? strerror(errno) : "too long");
		rc = PRIO_EIO;
	} else if (!parse(j, text.ptr, text.ptr + text.len)) {
		journal_free(j);
		prio_diags_add(diags, PRIO_SEV_ERROR, "journal", NULL, 0, 0,
		    "'%s' is not a journal prio wrote; if no prio is "
		    "running, remove it", path);
		rc = PRIO_EIO;
	}
	if (fd >= 0)
		close(fd);
	prio_buf_free(&text);
	free(path);
	return rc;
}

static bool
is_inode(const char *path, unsigned long long dev, unsigned long long ino)
{
	struct stat st;

	return lstat(path, &st) == 0 && (unsigned long long)st.st_dev == dev &&
	    (unsigned long long)st.st_ino == ino;
}

/*
 * The writer's index lock: removed when it is the inode the journal
 * recorded; when it is the new index, half-way renamed into place, the
 * rename is finished.
 */
static void
clear_index_lock(git_repository *repo, const struct journal *j)
{
	char *lock = git_path(repo, "index.lock");
	char *index = git_path(repo, "index");
	char *twin = prio_xasprintf("%sindex.prio-lock-%s",
	    git_repository_path(repo), j->token);
	bool first = j->has_lock && is_inode(lock, j->lock_dev, j->lock_ino);

	/*
	 * Once installing, the lock's first inode may be gone (and its
	 * number reused): it counts only while its twin still names it
	 * (the new index failed to move in over it), else only the
	 * copy's does.
	 */
	if (j->installing && is_inode(lock, j->copy_dev, j->copy_ino))
		rename(lock, index);
	else if (first && (!j->installing ||
	    is_inode(twin, j->lock_dev, j->lock_ino)))
		unlink(lock);
	free(twin);
	free(index);
	free(lock);
}

/*
 * The writer's lock on the ref: libgit2 creates it, then writes the new
 * id into it, so it is the writer's when it holds nothing or that id
 * and was made after the journal said the ref was about to move.
 */
static void
clear_ref_lock(git_repository *repo, const struct journal *j)
{
	const char *dir = strcmp(j->ref, "HEAD") == 0 ?
	    git_repository_path(repo) : git_repository_commondir(repo);
	char *lock = prio_xasprintf("%s%s.lock", dir, j->ref);
	char want[GIT_OID_HEXSZ + 2], got[GIT_OID_HEXSZ + 3];
	struct stat st;
	ssize_t n = 0;
	int fd;

	snprintf(want, sizeof(want), "%s\n", git_oid_tostr_s(&j->new));
	if (lstat(lock, &st) == 0 && S_ISREG(st.st_mode) &&
	    (long long)st.st_mtime >= j->landing_time - 1 &&
	    (fd = open(lock, O_RDONLY | O_CLOEXEC)) >= 0) {
		n = read(fd, got, sizeof(got));
		close(fd);
		if (n == 0 || (n == (ssize_t)strlen(want) &&
		    memcmp(got, want, (size_t)n) == 0))
			unlink(lock);
	}
	free(lock);
}

/* A reflog entry written for a move that did not happen goes (libgit2
 * appends it before it renames the lock into place). */
static void
drop_reflog_entry(git_repository *repo, const struct journal *j)
{
	git_reflog *log = NULL;
	const git_reflog_entry *e;

	if (git_reflog_read(&log, repo, j->ref) == 0 &&
	    (e = git_reflog_entry_byindex(log, 0)) != NULL &&
	    git_oid_equal(git_reflog_entry_id_new(e), &j->new) &&
	    git_reflog_drop(log, 0, 1) == 0)
		git_reflog_write(log);
	git_reflog_free(log);
	git_error_clear();
}

void
commit_remove_names(const char *dir, bool (*doomed)(const char *name))
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char *path;

	while (d && (e = readdir(d)) != NULL) {
		if (!doomed(e->d_name))
			continue;
		path = prio_xasprintf("%s%s", dir, e->d_name);
		unlink(path);
		free(path);
	}
	if (d)
		closedir(d);
}

static bool
git_temp(const char *name)
{
	return strncmp(name, "index.prio-", 11) == 0 ||
	    strcmp(name, JOURNAL_NEW) == 0;
}

/* Removes the temporary files any prio leaves in the git directory: the
 * flock is held, so their writers are gone. */
static void
clear_git_temps(git_repository *repo)
{
	commit_remove_names(git_repository_path(repo), git_temp);
}

static void
clear_work_temps(git_repository *repo, const struct journal *j)
{
	char *tmp;
	size_t i;

	for (i = 0; i < j->n; i++) {
		tmp = commit_temp_name(git_repository_workdir(repo),
		    j->paths[i] + 1, j->token);
		unlink(tmp);
		free(tmp);
	}
}

/* Whether the branch names the writer's new commit. */
static bool
landed(git_repository *repo, const struct journal *j)
{
	git_oid now;
	bool yes = j->landing &&
	    git_reference_name_to_id(&now, repo, j->ref) == 0 &&
	    git_oid_equal(&now, &j->new);

	git_error_clear();
	return yes;
}

/*
 * Whether the writer's commit landed and something else (an update-ref,
 * a fetch into the branch) moved the branch on before a prio came: the
 * index then cannot be made the commit's and HEAD's at once.
 */
static bool
moved_on(git_repository *repo, const struct journal *j)
{
	git_oid now;
	bool yes = j->landing &&
	    git_reference_name_to_id(&now, repo, j->ref) == 0 &&
	    !git_oid_equal(&now, &j->old) &&
	    git_graph_descendant_of(repo, &now, &j->new) == 1;

	git_error_clear();
	return yes;
}

/* The blob id and mode of path in tree, if it has it. */
static bool
tree_blob(git_tree *tree, const char *path, git_oid *id,
    git_filemode_t *mode)
{
	git_tree_entry *e = NULL;

	if (tree == NULL || git_tree_entry_bypath(&e, tree, path) != 0) {
		git_error_clear();
		return false;
	}
	*id = *git_tree_entry_id(e);
	*mode = git_tree_entry_filemode(e);
	git_tree_entry_free(e);
	return true;
}

/*
 * One file of the forward run: its new bytes (through the filters, as
 * a checkout writes them, into data), and whether to leave the work-tree
 * file: it has the new version already, or bytes the user wrote since.
 */
static int
forward_file(git_repository *repo, git_tree *old, git_tree *new,
    struct commit_file *f, struct prio_file_change *c, git_buf *data,
    struct prio_diags *diags)
{
	git_oid old_id, now;
	git_filemode_t mode;
	git_blob *blob = NULL;
	bool had = tree_blob(old, c->path, &old_id, &mode), present;
	char *full = prio_xasprintf("%s%s", git_repository_workdir(repo),
	    c->path);
	struct stat st;

	f->remove = !tree_blob(new, c->path, &f->blob, &f->mode);
	present = lstat(full, &st) == 0;
	free(full);
	if (!f->remove && (git_blob_lookup(&blob, repo, &f->blob) != 0 ||
	    git_blob_filter(data, blob, c->path, NULL) != 0)) {
		git_blob_free(blob);
		return prio_diags_git(diags, c->path, "cannot read '%s' of "
		    "the interrupted commit", c->path);
	}
	git_blob_free(blob);
	c->data = data->ptr;
	c->len = data->size;
	if (!present)
		return PRIO_OK;
	if (git_repository_hashfile(&now, repo, c->path, GIT_OBJECT_BLOB,
	    NULL) != 0) {
		git_error_clear();
		f->keep = f->no_stat = true;
	} else if (!f->remove && git_oid_equal(&now, &f->blob))
		f->keep = true;
	else if (!had || !git_oid_equal(&now, &old_id))
		f->keep = f->no_stat = true;
	return PRIO_OK;
}

/* Whether the index has the new commit's version of every path. */
static bool
index_done(git_repository *repo, const struct journal *j, git_tree *new)
{
	char *path = git_path(repo, "index");
	git_index *index = NULL;
	const git_index_entry *e;
	git_filemode_t mode;
	git_oid id;
	size_t i;
	bool done = git_index_open(&index, path) == 0;

	for (i = 0; done && i < j->n; i++) {
		e = git_index_get_bypath(index, j->paths[i] + 1, 0);
		if (tree_blob(new, j->paths[i] + 1, &id, &mode))
			done = e != NULL && git_oid_equal(&e->id, &id);
		else
			done = e == NULL;
	}
	git_index_free(index);
	git_error_clear();
	free(path);
	return done;
}

static int
lookup_tree(git_repository *repo, const git_oid *id, git_tree **out)
{
	git_commit *c = NULL;
	int err = 0;

	*out = NULL;
	if (!git_oid_is_zero(id) && ((err = git_commit_lookup(&c, repo,
	    id)) != 0 || (err = git_commit_tree(out, c)) != 0))
		*out = NULL;
	git_commit_free(c);
	return err;
}

/*
 * Brings the work tree and the index to the landed commit, as the
 * writer would have: under the index lock, itself journaled, so that a
 * kill here is finished by the next prio in turn.
 */
static int
forward(git_repository *repo, int dir_fd, const struct journal *j,
    struct prio_diags *diags)
{
	struct prio_commit_opts opts = { .no_verify = true };
	struct commit_run run = { .repo = repo, .opts = &opts,
	    .diags = diags, .lock_fd = -1, .dir_fd = dir_fd,
	    .dir_borrowed = true, .journal_fd = -1 };
	struct prio_file_change *changes = prio_xcalloc(j->n + 1,
	    sizeof(*changes));
	git_buf *data = prio_xcalloc(j->n + 1, sizeof(*data));
	git_tree *old = NULL, *new = NULL;
	size_t i;
	int rc = PRIO_OK;

	run.workdir = git_repository_workdir(repo);
	run.files = prio_xcalloc(j->n + 1, sizeof(*run.files));
	run.n = j->n;
	run.landing = j->new;
	run.head = j->old;
	run.ref_name = prio_xstrdup(j->ref);
	journal_new_token(&run);
	for (i = 0; i < run.n; i++)
		prio_buf_init(&run.files[i].odb);
	if (lookup_tree(repo, &j->old, &old) != 0 ||
	    lookup_tree(repo, &j->new, &new) != 0)
		rc = prio_diags_git(diags, NULL, "cannot read the "
		    "interrupted commit");
	if (rc == PRIO_OK && index_done(repo, j, new))
		goto out;
	for (i = 0; i < run.n && rc == PRIO_OK; i++) {
		changes[i].path = j->paths[i] + 1;
		run.files[i].change = &changes[i];
		rc = forward_file(repo, old, new, &run.files[i], &changes[i],
		    &data[i], diags);
	}
	if (rc == PRIO_OK && (rc = journal_write(&run)) == PRIO_OK &&
	    (rc = commit_lock_index(&run)) == PRIO_OK &&
	    (rc = commit_prepare_files(&run)) == PRIO_OK &&
	    (rc = commit_write_files(&run, true)) == PRIO_OK)
		rc = commit_update_index(&run);
out:
	commit_drop_temps(&run);
	commit_unlock_index(&run);
	journal_end(&run, rc != PRIO_OK);
	for (i = 0; i < j->n; i++) {
		git_buf_dispose(&data[i]);
		prio_buf_free(&run.files[i].odb);
	}
	free(run.ref_name);
	free(run.files);
	free(changes);
	free(data);
	git_tree_free(old);
	git_tree_free(new);
	return rc;
}

static int
recover_locked(git_repository *repo, int dir_fd, char **said,
    struct prio_diags *diags)
{
	struct journal j;
	char *path, short_id[8];
	int rc;

	*said = NULL;
	if ((rc = read_journal(repo, &j, diags)) != PRIO_OK)
		return rc;
	if (j.ready) {
		clear_work_temps(repo, &j);
		clear_index_lock(repo, &j);
		if (j.landing)
			clear_ref_lock(repo, &j);
	}
	if (j.ready && landed(repo, &j)) {
		if ((rc = forward(repo, dir_fd, &j, diags)) == PRIO_OK) {
			git_oid_tostr(short_id, sizeof(short_id), &j.new);
			*said = prio_xasprintf("finished a prio command that "
			    "was interrupted after its commit (process %ld): "
			    "the work tree and index now show commit %s",
			    j.pid, short_id);
		}
	} else if (j.ready && moved_on(repo, &j)) {
		git_oid_tostr(short_id, sizeof(short_id), &j.new);
		*said = prio_xasprintf("a prio command interrupted after its "
		    "commit %s (process %ld) was not finished: the branch has "
		    "moved on since; its lock and temporary files are removed, "
		    "and 'git status' shows what the index lacks", short_id,
		    j.pid);
	} else {
		if (j.landing)
			drop_reflog_entry(repo, &j);
		*said = prio_xasprintf("undid a prio command that was "
		    "interrupted before its commit (process %ld): its lock "
		    "and temporary files are removed", j.pid);
	}
	if (rc == PRIO_OK) {
		clear_git_temps(repo);
		path = git_path(repo, JOURNAL);
		unlink(path);
		free(path);
	}
	journal_free(&j);
	return rc;
}

/*
 * Whether a journal is there, or the start of one: a writer killed while
 * writing prio-journal.new had changed nothing else yet (the journal is
 * its first write), but leaves that file.
 */
static bool
journal_left(git_repository *repo)
{
	char *path = git_path(repo, JOURNAL), *side;
	struct stat st;
	bool left = stat(path, &st) == 0;

	if (!left) {
		side = git_path(repo, JOURNAL_NEW);
		left = stat(side, &st) == 0;
		free(side);
	}
	free(path);
	return left;
}

int
prio_journal_recover(git_repository *repo, char **said,
    struct prio_diags *diags)
{
	char *path;
	struct stat st;
	int fd, rc;
	bool found;

	*said = NULL;
	if (git_repository_is_bare(repo))
		return PRIO_OK;
	if (!journal_left(repo))
		return PRIO_OK;
	if ((rc = lock_dir(repo, &fd, false, diags)) != PRIO_OK)
		return rc == PRIO_EBUSY ? PRIO_OK : rc;
	/* Looked at again under the flock: its writer may just be done. */
	path = git_path(repo, JOURNAL);
	found = stat(path, &st) == 0;
	free(path);
	if (found)
		rc = recover_locked(repo, fd, said, diags);
	else
		clear_git_temps(repo);
	close(fd);
	return rc;
}
