/*
 * Reading the index ahead (see prio/commit.h): libgit2 hashes the
 * whole index file on every read (some 10 ms at 10,000 stories, where
 * git, which skips that check outside fsck, is far quicker), and a
 * command that is going to commit has a core to spare while it loads
 * the backlog.  So a thread gives the index a private second name (see
 * commit_index_copy) and has libgit2 read it; under the lock, the run
 * takes what was read only if the index is still that file.
 *
 * Why the size and the trailing checksum prove it: git and libgit2
 * replace the index by renaming a complete new file over it, never by
 * writing into it, so the copy is one whole version; libgit2 checked
 * that its contents hash to its trailer; and an index with the same
 * size and trailer has, short of a SHA-1 collision, the same bytes.  An
 * index without a checksum (index.skipHash, all zeros) proves nothing
 * and is read again, as is a missing one.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "commit_impl.h"
#include "prio/buf.h"
#include "heap.h"

/* The second names of the index read ahead, in $GIT_DIR/prio/. */
#define AHEAD "index-ahead-"

struct prio_index_prefetch {
	pthread_t thread;
	bool running;               /* the thread is to be joined */
	char *index_path;           /* $GIT_DIR/index */
	char *dir;                  /* $GIT_DIR/prio/ */
	char *copy;                 /* in dir: AHEAD "<time>-XXXXXX" */
	git_index *index;           /* the copy, read; NULL if it failed */
	off_t size;                 /* the index file's, as copied */
	enum prio_prefetch_result result;
};

/*
 * A second name a killed prio left (see read_ahead).  A name says when
 * it was made, and a live one is a few milliseconds old: one made more
 * than a minute ago is nobody's.
 */
static bool
stale(const char *name)
{
	char *end;
	long long made;

	if (strncmp(name, AHEAD, strlen(AHEAD)) != 0)
		return false;
	made = strtoll(name + strlen(AHEAD), &end, 10);
	return *end == '-' && made < (long long)time(NULL) - 60;
}

/*
 * The thread: a second name for the index, read, and the name removed
 * at once (libgit2 writes the file anew).  The name is in prio's own
 * folder of the git directory, not beside the index: a prio killed
 * while it reads leaves no file that git or a later run of this
 * repository's tools would take for a temporary index, and the next
 * read ahead removes it.
 */
static void *
read_ahead(void *arg)
{
	struct prio_index_prefetch *p = arg;
	bool missing = false;
	struct stat st;
	int64_t mtime;
	off_t size = 0;
	int fd;

	p->result = PRIO_PREFETCH_FAILED;
	commit_remove_names(p->dir, stale);
	if ((fd = mkstemp(p->copy)) < 0)
		return NULL;
	close(fd);
	if (commit_index_copy(p->index_path, p->copy, &missing, &mtime) &&
	    !missing && stat(p->copy, &st) == 0 && st.st_size > GIT_OID_RAWSZ) {
		size = st.st_size;
		/* This thread's own malloc arena holds about twice the
		 * file. */
		prio_heap_prefault((size_t)size * 2);
		if (git_index_open(&p->index, p->copy) < 0) {
			p->index = NULL;
			git_error_clear();
		}
	}
	p->size = size;
	p->result = p->index ? PRIO_PREFETCH_READ : PRIO_PREFETCH_FAILED;
	unlink(p->copy);
	return NULL;
}

struct prio_index_prefetch *
prio_commit_prefetch(git_repository *repo)
{
	const char *gitdir = git_repository_path(repo);
	struct prio_index_prefetch *p = prio_xcalloc(1, sizeof(*p));
	struct stat git, own;

	p->index_path = prio_xasprintf("%sindex", gitdir);
	p->dir = prio_xasprintf("%sprio/", gitdir);
	p->copy = prio_xasprintf("%s%s%lld-XXXXXX", p->dir, AHEAD,
	    (long long)time(NULL));
	/* The copy is renamed over index.lock: one file system. */
	if ((mkdir(p->dir, 0777) != 0 && errno != EEXIST) ||
	    stat(gitdir, &git) != 0 || stat(p->dir, &own) != 0 ||
	    git.st_dev != own.st_dev) {
		prio_commit_prefetch_free(p);
		return NULL;
	}
	p->running = pthread_create(&p->thread, NULL, read_ahead, p) == 0;
	if (!p->running) {
		prio_commit_prefetch_free(p);
		return NULL;
	}
	return p;
}

static void
join(struct prio_index_prefetch *p)
{
	if (p->running)
		pthread_join(p->thread, NULL);
	p->running = false;
}

enum prio_prefetch_result
prio_commit_prefetch_result(struct prio_index_prefetch *p)
{
	if (p == NULL)
		return PRIO_PREFETCH_NONE;
	join(p);
	return p->result;
}

void
prio_commit_prefetch_free(struct prio_index_prefetch *p)
{
	if (p == NULL)
		return;
	join(p);
	git_index_free(p->index);
	free(p->index_path);
	free(p->dir);
	free(p->copy);
	free(p);
}

/* Whether the file at path has size bytes ending in the checksum. */
static bool
still_the_same(const char *path, off_t size, const git_oid *checksum,
    int64_t *mtime)
{
	unsigned char tail[GIT_OID_RAWSZ], zero[GIT_OID_RAWSZ] = { 0 };
	struct stat st;
	bool same = false;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return false;
	if (fstat(fd, &st) == 0 && st.st_size == size &&
	    pread(fd, tail, sizeof(tail), size - GIT_OID_RAWSZ) ==
	    (ssize_t)sizeof(tail) && memcmp(tail, zero, sizeof(tail)) != 0 &&
	    memcmp(tail, checksum->id, sizeof(tail)) == 0) {
		*mtime = (int64_t)st.st_mtim.tv_sec;
		same = true;
	}
	close(fd);
	return same;
}

bool
commit_prefetch_take(struct prio_index_prefetch *p, git_index **index,
    char **copy, int64_t *mtime)
{
	const git_oid *sum;

	if (prio_commit_prefetch_result(p) != PRIO_PREFETCH_READ)
		return false;
	if ((sum = git_index_checksum(p->index)) == NULL ||
	    !still_the_same(p->index_path, p->size, sum, mtime)) {
		p->result = PRIO_PREFETCH_STALE;
		return false;
	}
	/* What comes next builds a tree as large as the index: fault
	 * its pages in at once (heap.h). */
	prio_heap_prefault((size_t)p->size);
	*index = p->index;
	*copy = p->copy;
	p->index = NULL;
	p->copy = NULL;
	p->result = PRIO_PREFETCH_TAKEN;
	return true;
}
