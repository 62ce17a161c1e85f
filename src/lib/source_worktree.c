/*
 * The work-tree source: a directory walk with an explicit stack (no
 * recursion, however deep the folders), lstat on every entry, and no
 * symlink followed outside the repository.  Reads open with O_NONBLOCK
 * and check the file type on the open descriptor, so a FIFO named
 * "x.md" cannot hang prio and a file swapped for a link between listing
 * and reading is still judged on what was opened.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "prio/buf.h"
#include "prio/error.h"
#include "prio/object.h"
#include "heap.h"
#include "keysort.h"
#include "parallel.h"
#include "source_impl.h"
#include "util.h"

#define NOT_A_FILE "the file is not a regular file (but a FIFO, socket " \
	"or device); replace it with %s"
#define LOOP_ON_PATH "a folder on the file's path is a symbolic link loop " \
	"(it leads back to itself); fix or remove the link"

/* What a file that is not a regular one is, and what should be there:
 * a story file, or (backlog/prio.yml) a regular file. */
static char *
not_a_file(const char *path, mode_t mode)
{
	const char *base = strrchr(path, '/');
	const char *want = source_is_story_name(base ? base + 1 : path) ?
	    "a story file" : "a regular file";

	if (S_ISDIR(mode))
		return prio_xasprintf("the file is a directory; replace it "
		    "with %s", want);
	return prio_xasprintf(NOT_A_FILE, want);
}

/* Where a symlink leads, if that is inside the work tree; else NULL. */
static char *
link_target_inside(const struct prio_source *src, const char *full)
{
	char *real = realpath(full, NULL);

	if (real == NULL)
		return NULL;
	if (strncmp(real, src->root, src->root_len - 1) != 0 ||
	    (real[src->root_len - 1] != '/' && real[src->root_len - 1] != '\0')) {
		free(real);
		return NULL;
	}
	return real;
}

static char *
link_problem(const struct prio_source *src, const char *full)
{
	struct stat st;
	char *target;

	/* A link that leads back to itself: no target to "not exist". */
	if (stat(full, &st) != 0 && errno == ELOOP)
		return prio_xstrdup("the file is a symbolic link loop (it "
		    "leads back to itself); fix or remove the link");
	target = link_target_inside(src, full);
	if (target == NULL)
		return prio_xstrdup(access(full, F_OK) == 0 ?
		    "the file is a symbolic link that leads outside the "
		    "repository, and prio does not follow it; put the story "
		    "itself in the repository" :
		    "the file is a symbolic link to a file that does not "
		    "exist; fix or remove the link");
	if (stat(target, &st) == 0 && !S_ISREG(st.st_mode)) {
		free(target);
		return prio_xstrdup("the file is a symbolic link to something "
		    "that is not a file; remove the link");
	}
	free(target);
	return NULL;
}

/*
 * Whether the directory holding path resolves inside the work tree, so a
 * linked "backlog" or "stories" folder cannot lead prio outside.  The
 * answer for the last directory is cached: stories share folders.
 */
static bool
parent_inside(struct prio_source *src, const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir, *full, *real;
	bool inside;

	dir = prio_xstrndup(path, slash ? (size_t)(slash - path) : 0);
	/* Stories are read on several threads; they share this answer. */
	pthread_mutex_lock(&src->lock);
	if (src->checked_dir && strcmp(src->checked_dir, dir) == 0) {
		pthread_mutex_unlock(&src->lock);
		free(dir);
		return true;
	}
	full = prio_xasprintf("%s%s", src->root, dir);
	real = link_target_inside(src, full);
	inside = real != NULL || access(full, F_OK) != 0;
	free(full);
	free(real);
	if (inside) {
		free(src->checked_dir);
		src->checked_dir = dir;
	} else
		free(dir);
	pthread_mutex_unlock(&src->lock);
	return inside;
}

/*
 * One directory entry, and what lstat said of it (err: its errno): only
 * what a listing keeps, since every page a large folder's entries touch
 * costs a page fault.
 */
struct dent {
	const char *name;   /* in the folder's names buffer */
	struct prio_stamp stamp;
	mode_t mode;
	int err;
};

/* "<rel>/<name>", allocated: asprintf costs more than the lstat saves
 * when a folder holds thousands of stories. */
static char *
join_path(const char *rel, size_t rel_len, const char *name)
{
	size_t n = strlen(name);
	char *path = prio_xmalloc(rel_len + n + 2);

	memcpy(path, rel, rel_len);
	path[rel_len] = '/';
	memcpy(path + rel_len + 1, name, n + 1);
	return path;
}

/* Adds one directory entry; pushes sub-directories onto *stack. */
static void
visit(struct prio_source *src, const char *rel, struct dent *e,
    struct source_list *l, struct source_list *stack)
{
	char *path = join_path(rel, strlen(rel), e->name);
	bool story = source_is_story_name(e->name);

	if (e->err) {
		if (story && e->err != ENOENT)
			source_files_add(l, path, 0, prio_xasprintf("the file "
			    "cannot be examined: %s", strerror(e->err)));
	} else if (S_ISDIR(e->mode)) {
		if (e->name[0] != '.')
			source_files_add(stack, path, 0, NULL);
		if (story)
			source_files_add(l, path, 0, prio_xstrdup("a "
			    "directory is named like a story file; rename it "
			    "so that it does not end in '.md'"));
	} else if (!story) {
		/* not ours */
	} else if (S_ISLNK(e->mode)) {
		char *full = prio_xasprintf("%s%s", src->root, path);

		source_files_add(l, path, 0, link_problem(src, full));
		free(full);
	} else if (!S_ISREG(e->mode)) {
		source_files_add(l, path, 0, not_a_file(path, e->mode));
	} else {
		struct prio_source_file *f;

		/* The common case: the list takes path, nothing copied. */
		source_files_take(l, path, (size_t)e->stamp.size, NULL);
		path = NULL;
		f = &l->files[l->count - 1];
		f->has_stamp = true;
		f->stamp = e->stamp;
	}
	free(path);
}

/* Two names in a folder, for prio_keysort() (whose number is the
 * name's first 8 bytes, prio_str_prefix()). */
static int
cmp_names(const void *pa, const void *pb)
{
	return strcmp(((const struct prio_keyed *)pa)->item,
	    ((const struct prio_keyed *)pb)->item);
}

/*
 * The names in d worth an lstat: story files and whatever may be a
 * folder, sorted, so that the stories of one folder are listed in path
 * order and need no sorting later.  An entry the file system says is
 * some other kind of file is left out without a system call.  The names
 * go into one buffer, names.
 */
static struct dent *
read_entries(DIR *d, size_t *n, struct prio_buf *names)
{
	struct dent *v;
	struct dirent *de;
	struct prio_keyed *sorted;
	size_t *offsets = NULL, cap = 0, i;

	*n = 0;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0 ||
		    (de->d_type != DT_DIR && de->d_type != DT_UNKNOWN &&
		    !source_is_story_name(de->d_name)))
			continue;
		/* Offsets for now: the buffer moves as it grows. */
		prio_xgrow(&offsets, &cap, *n + 1, sizeof(*offsets));
		offsets[(*n)++] = names->len;
		prio_buf_add(names, de->d_name, strlen(de->d_name) + 1);
	}
	/* What this listing is about to allocate for n entries. */
	prio_heap_prefault(*n * (sizeof(*sorted) + sizeof(*v) +
	    sizeof(struct prio_source_file) + 64));
	sorted = prio_xcalloc(*n + 1, sizeof(*sorted));
	for (i = 0; i < *n; i++) {
		sorted[i].item = names->ptr + offsets[i];
		sorted[i].key = prio_str_prefix(sorted[i].item, 8);
	}
	prio_keysort(sorted, *n, cmp_names);
	v = prio_xcalloc(*n + 1, sizeof(*v));
	for (i = 0; i < *n; i++)
		v[i].name = sorted[i].item;
	free(sorted);
	free(offsets);
	return v;
}

/* A folder of fewer entries than this is examined on one thread. */
#define STAT_THREADS_FROM 1024

struct stat_job {
	int dfd;
	struct dent *v;
};

static int
stat_some(struct prio_parallel *p, void *arg, size_t worker)
{
	struct stat_job *j = arg;
	struct stat st;
	size_t i;

	while (prio_parallel_next(p, worker, &i)) {
		struct dent *e = &j->v[i];

		if (fstatat(j->dfd, e->name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
			e->err = errno;
			continue;
		}
		e->mode = st.st_mode;
		e->stamp = (struct prio_stamp){ st.st_mtim.tv_sec,
		    st.st_mtim.tv_nsec, st.st_ctim.tv_sec, st.st_ctim.tv_nsec,
		    (uint64_t)st.st_ino, (uint64_t)st.st_dev,
		    (uint64_t)st.st_size };
	}
	return 0;
}

/*
 * lstat on every entry, relative to the open folder (no path walk per
 * file).  A large folder is done on several threads, as git's
 * preload-index does: the time is the kernel's name lookups, and a
 * thread waiting in one lets another run (so more threads than CPUs).
 */
static void
stat_entries(int dfd, struct dent *v, size_t n)
{
	struct stat_job j = { dfd, v };

	prio_parallel(n, prio_parallel_threads(n, STAT_THREADS_FROM, false),
	    NULL, stat_some, &j);
}

static int
worktree_list(struct prio_source *src, const char *dir, struct source_list *l,
    struct prio_diags *diags)
{
	struct source_list stack = { 0 };
	struct prio_buf names = PRIO_BUF_INIT;
	struct dent *v;
	char *rel, *full;
	size_t i, n;
	DIR *d;

	full = prio_xasprintf("%s/.", dir);
	if (!parent_inside(src, full)) {
		prio_diags_add(diags, PRIO_SEV_ERROR, "file", dir, 1, 1,
		    "the folder leads outside the repository through a "
		    "symbolic link, and prio does not follow it; keep the "
		    "stories in the repository");
		free(full);
		return PRIO_OK;
	}
	free(full);
	source_files_add(&stack, dir, 0, NULL);
	while (stack.count > 0) {
		rel = stack.files[--stack.count].path;
		full = prio_xasprintf("%s%s", src->root, rel);
		if ((d = opendir(full)) == NULL) {
			if (errno == ELOOP)
				prio_diags_add(diags, PRIO_SEV_ERROR, "file",
				    rel, 1, 1, "the folder is a symbolic link "
				    "loop (it leads back to itself); fix or "
				    "remove the link");
			else if (errno != ENOENT && errno != ENOTDIR)
				prio_diags_add(diags, PRIO_SEV_ERROR, "file",
				    rel, 1, 1, "cannot read the directory: %s",
				    strerror(errno));
		} else {
			v = read_entries(d, &n, &names);
			stat_entries(dirfd(d), v, n);
			source_files_reserve(l, n);
			for (i = 0; i < n; i++)
				visit(src, rel, &v[i], l, &stack);
			prio_buf_clear(&names);
			free(v);
			closedir(d);
		}
		free(full);
		free(rel);
	}
	free(stack.files);
	prio_buf_free(&names);
	return PRIO_OK;
}

static int
read_fd(int fd, size_t size, struct prio_buf *out, char **why)
{
	ssize_t n;

	prio_buf_grow(out, size);
	for (;;) {
		prio_buf_grow(out, 4096);
		n = read(fd, out->ptr + out->len, out->cap - out->len - 1);
		if (n == 0)
			return PRIO_OK;
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			*why = prio_xasprintf("cannot read the file: %s",
			    strerror(errno));
			return PRIO_EIO;
		}
		out->len += (size_t)n;
		out->ptr[out->len] = '\0';
	}
}

static int
open_checked(struct prio_source *src, const char *path, size_t max_size,
    int *fd, size_t *size, char **why)
{
	char *full, *problem;
	struct stat st;

	if (!parent_inside(src, path)) {
		*why = prio_xstrdup("the file's folder leads outside the "
		    "repository through a symbolic link, and prio does not "
		    "follow it; keep the stories in the repository");
		return PRIO_EINVAL;
	}
	full = prio_xasprintf("%s%s", src->root, path);
	if (lstat(full, &st) == 0 && S_ISLNK(st.st_mode) &&
	    (problem = link_problem(src, full)) != NULL) {
		*why = problem;
		free(full);
		return PRIO_EINVAL;
	}
	*fd = open(full, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	free(full);
	if (*fd < 0 && errno == ELOOP) {
		*why = prio_xstrdup(LOOP_ON_PATH);
		return PRIO_EINVAL;
	}
	if (*fd < 0) {
		*why = errno == ENOENT ? prio_xstrdup("the file was removed "
		    "while prio was reading the backlog; run prio again") :
		    prio_xasprintf("cannot open the file: %s", strerror(errno));
		return errno == ENOENT ? PRIO_ENOTFOUND : PRIO_EIO;
	}
	if (fstat(*fd, &st) != 0) {
		*why = prio_xasprintf("cannot examine the file: %s",
		    strerror(errno));
		close(*fd);
		return PRIO_EIO;
	}
	if (!S_ISREG(st.st_mode)) {
		*why = not_a_file(path, st.st_mode);
		close(*fd);
		return PRIO_EINVAL;
	}
	if ((size_t)st.st_size > max_size) {
		*why = prio_object_too_large((uint64_t)st.st_size, max_size);
		close(*fd);
		return PRIO_ERANGE;
	}
	*size = (size_t)st.st_size;
	return PRIO_OK;
}

static int
worktree_read(struct prio_source *src, const char *path, size_t max_size,
    struct prio_buf *out, char **why)
{
	size_t size;
	int fd, rc;

	rc = open_checked(src, path, max_size, &fd, &size, why);
	if (rc != PRIO_OK)
		return rc;
	rc = read_fd(fd, size, out, why);
	close(fd);
	if (rc == PRIO_OK && out->len > max_size) {
		*why = prio_xasprintf("the file grew past the limit of %zu "
		    "bytes while prio read it; split it, or raise "
		    "max-file-size in backlog/prio.yml", max_size);
		rc = PRIO_ERANGE;
	}
	return rc;
}

static void
worktree_free(struct prio_source *src)
{
	free(src->checked_dir);
	pthread_mutex_destroy(&src->lock);
}

static const struct source_ops worktree_ops = {
	worktree_list, worktree_read, worktree_free
};

int
prio_source_worktree(struct prio_source **out, git_repository *repo,
    struct prio_diags *diags)
{
	struct prio_source *src;
	const char *wd = git_repository_workdir(repo);
	char *real;

	*out = NULL;
	if (wd == NULL) {
		prio_diags_add(diags, PRIO_SEV_ERROR, "git", NULL, 0, 0,
		    "the repository is bare: it has no work tree to read");
		return PRIO_EINVAL;
	}
	src = prio_xcalloc(1, sizeof(*src));
	src->ops = &worktree_ops;
	src->kind = PRIO_SOURCE_WORKTREE;
	src->repo = repo;
	pthread_mutex_init(&src->lock, NULL);
	/* realpath, so symlink targets compare against the same spelling. */
	real = realpath(wd, NULL);
	src->root = prio_xasprintf("%s/", real ? real : wd);
	if (real == NULL && src->root[strlen(src->root) - 2] == '/')
		src->root[strlen(src->root) - 1] = '\0';
	src->root_len = strlen(src->root);
	free(real);
	*out = src;
	return PRIO_OK;
}
