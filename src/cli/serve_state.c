/*
 * serve_state — what the page's data is based on, cheaply: HEAD's
 * commit, the index's entries under backlog/ (their blob ids: not their
 * stat data, which git and libgit2 refresh on a mere read), and the stat
 * of every file under backlog/ in the work tree.  The page polls it every
 * second or so to follow the repository, and each write names the state
 * it was based on, so that a write from an old page is refused rather
 * than overwriting another decision.
 *
 * Cheap at 10,000 stories: the work tree is watched with inotify, so
 * its part of the state is a count of the changes the kernel reported
 * (drained at each call: the kernel queues an event within the write's
 * own system call, so a change made before the call is always counted);
 * where inotify cannot watch (no more watches, a queue overflow, the
 * folder itself replaced), the stat of every file under backlog/ stands
 * in, one fstatat a file.  The index's digest is kept until the index
 * file's own stat changes.
 */
#include <dirent.h>
#include <fcntl.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "prio/buf.h"

#include "serve.h"

/* What of a file's stat says it changed. */
struct stamp {
	long long size, mtime, mtime_ns, ctime, ctime_ns;
	unsigned long long ino;
	unsigned mode;
};

static void
add_stamp(struct prio_buf *b, const struct stat *st)
{
	struct stamp t;

	memset(&t, 0, sizeof(t));
	t.size = st->st_size;
	t.mtime = st->st_mtim.tv_sec;
	t.mtime_ns = st->st_mtim.tv_nsec;
	t.ctime = st->st_ctim.tv_sec;
	t.ctime_ns = st->st_ctim.tv_nsec;
	t.ino = st->st_ino;
	t.mode = st->st_mode;
	prio_buf_add(b, &t, sizeof(t));
}

/* Adds each entry under the directory dirfd (its name, then its stamp),
 * depth first; deep trees stop at a depth no backlog has. */
static void
add_tree(struct prio_buf *b, int dirfd, int depth)
{
	DIR *d;
	struct dirent *e;
	struct stat st;
	int fd;

	if (depth > 32 || (d = fdopendir(dirfd)) == NULL) {
		close(dirfd);
		return;
	}
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (fstatat(dirfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
			continue;
		prio_buf_add(b, e->d_name, strlen(e->d_name) + 1);
		add_stamp(b, &st);
		if (S_ISDIR(st.st_mode) && (fd = openat(dirfd, e->d_name,
		    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) >= 0)
			add_tree(b, fd, depth + 1);
		prio_buf_add(b, "/", 2);        /* the directory ends */
	}
	closedir(d);
}

/* The digest of the index's entries under backlog/, in s->index_sum;
 * recomputed only when the index file's stat has changed. */
static void
index_digest(struct serve *s)
{
	struct prio_buf b = PRIO_BUF_INIT, stamp = PRIO_BUF_INIT;
	const git_index_entry *e;
	git_index *index = NULL;
	struct stat st;
	size_t i, n;

	if (stat(s->index_path, &st) == 0)
		add_stamp(&stamp, &st);
	if (s->index_known && stamp.len == s->index_stamp_len &&
	    memcmp(stamp.ptr, s->index_stamp, stamp.len) == 0)
		goto out;
	s->index_stamp_len = stamp.len < sizeof(s->index_stamp) ? stamp.len :
	    sizeof(s->index_stamp);
	memcpy(s->index_stamp, stamp.ptr, s->index_stamp_len);
	if (git_repository_index(&index, s->repo) == 0 &&
	    git_index_read(index, false) == 0) {
		n = git_index_entrycount(index);
		for (i = 0; i < n; i++) {
			e = git_index_get_byindex(index, i);
			if (strncmp(e->path, "backlog/", 8) != 0)
				continue;
			prio_buf_add(&b, e->path, strlen(e->path) + 1);
			prio_buf_add(&b, e->id.id, GIT_OID_RAWSZ);
			prio_buf_addf(&b, "%o %d", e->mode,
			    git_index_entry_stage(e));
		}
	}
	git_index_free(index);
	git_odb_hash(&s->index_sum, b.ptr, b.len, GIT_OBJECT_BLOB);
	s->index_known = true;
out:
	prio_buf_free(&stamp);
	prio_buf_free(&b);
}

#define WATCH_MASK (IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_MOVED_FROM | \
    IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF)

/* Stops watching: the stat walk answers from now on. */
static void
watch_stop(struct serve *s)
{
	size_t i;

	if (s->inotify_fd >= 0)
		close(s->inotify_fd);
	s->inotify_fd = -1;
	for (i = 0; i < s->nwatches; i++)
		free(s->watches[i]);
	free(s->watches);
	s->watches = NULL;
	s->nwatches = s->watches_cap = 0;
}

/* Watches the directory path and every directory under it. */
static bool
watch_tree(struct serve *s, const char *path, int depth)
{
	struct prio_buf sub = PRIO_BUF_INIT;
	struct dirent *e;
	DIR *d;
	int wd;
	bool ok = true;

	if (depth > 32)
		return true;
	if ((wd = inotify_add_watch(s->inotify_fd, path, WATCH_MASK |
	    IN_ONLYDIR | IN_DONT_FOLLOW)) < 0)
		return errno == ENOENT;         /* gone meanwhile: no matter */
	if ((size_t)wd >= s->watches_cap) {
		size_t old = s->watches_cap;

		prio_xgrow(&s->watches, &s->watches_cap, (size_t)wd + 1,
		    sizeof(*s->watches));
		memset(s->watches + old, 0, (s->watches_cap - old) *
		    sizeof(*s->watches));
	}
	free(s->watches[wd]);
	s->watches[wd] = prio_xstrdup(path);
	if ((size_t)wd >= s->nwatches)
		s->nwatches = (size_t)wd + 1;
	if ((d = opendir(path)) == NULL)
		return true;
	while (ok && (e = readdir(d)) != NULL) {
		if (e->d_type != DT_DIR || strcmp(e->d_name, ".") == 0 ||
		    strcmp(e->d_name, "..") == 0)
			continue;
		prio_buf_clear(&sub);
		prio_buf_addf(&sub, "%s/%s", path, e->d_name);
		ok = watch_tree(s, sub.ptr, depth + 1);
	}
	closedir(d);
	prio_buf_free(&sub);
	return ok;
}

void
serve_watch_start(struct serve *s)
{
	s->inotify_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (s->inotify_fd < 0 || !watch_tree(s, s->backlog_dir, 0))
		watch_stop(s);
}

void
serve_watch_free(struct serve *s)
{
	watch_stop(s);
}

/* Counts the changes the kernel reported, watching new folders; false
 * when watching no longer covers everything. */
static bool
watch_drain(struct serve *s)
{
	char buf[16384] __attribute__((aligned(__alignof__(struct
	    inotify_event))));
	const struct inotify_event *ev;
	struct prio_buf sub = PRIO_BUF_INIT;
	ssize_t n;
	char *p;
	bool ok = true;

	while (ok && (n = read(s->inotify_fd, buf, sizeof(buf))) > 0) {
		for (p = buf; ok && p < buf + n; p += sizeof(*ev) + ev->len) {
			ev = (const struct inotify_event *)p;
			s->changes++;
			if (ev->mask & (IN_Q_OVERFLOW | IN_DELETE_SELF |
			    IN_MOVE_SELF | IN_UNMOUNT))
				ok = false;
			else if ((ev->mask & IN_ISDIR) && (ev->mask &
			    (IN_CREATE | IN_MOVED_TO)) && ev->wd >= 0 &&
			    (size_t)ev->wd < s->nwatches &&
			    s->watches[ev->wd] != NULL) {
				prio_buf_clear(&sub);
				prio_buf_addf(&sub, "%s/%s", s->watches[ev->wd],
				    ev->name);
				ok = watch_tree(s, sub.ptr, 1);
			}
		}
	}
	if (n < 0 && errno != EAGAIN && errno != EINTR)
		ok = false;
	prio_buf_free(&sub);
	return ok;
}

void
serve_state(struct serve *s, char *out)
{
	struct prio_buf b = PRIO_BUF_INIT;
	git_oid head, sum;
	int fd;

	if (git_reference_name_to_id(&head, s->repo, "HEAD") == 0)
		prio_buf_add(&b, head.id, GIT_OID_RAWSZ);
	else
		prio_buf_add(&b, "no HEAD", 8);
	index_digest(s);
	prio_buf_add(&b, s->index_sum.id, GIT_OID_RAWSZ);
	if (s->inotify_fd >= 0 && !watch_drain(s))
		watch_stop(s);
	if (s->inotify_fd >= 0)
		prio_buf_addf(&b, "watched %llu", s->changes);
	else if ((fd = open(s->backlog_dir, O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) >= 0)
		add_tree(&b, fd, 0);
	git_odb_hash(&sum, b.ptr, b.len, GIT_OBJECT_BLOB);
	git_oid_tostr(out, GIT_OID_HEXSZ + 1, &sum);
	prio_buf_free(&b);
}
