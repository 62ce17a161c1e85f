/*
 * prio_next_id(): the highest story ID in the work tree and on every
 * branch tip, plus one (see prio/nextid.h).
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "prio/buf.h"
#include "prio/config.h"
#include "prio/error.h"
#include "prio/nextid.h"
#include "prio/shallow.h"
#include "prio/story.h"

/* Trees nest at most this deep under the stories folder. */
#define NEXTID_MAX_DEPTH 64

struct nextid_walk {
	git_repository *repo;
	const char *prefix;
	unsigned long max;
	struct prio_diags *diags;
	/* The trees already walked: an open-addressing set of ids. */
	git_oid *seen;
	size_t nseen, cap;
};

unsigned long
prio_id_from_name(const char *path, const char *prefix)
{
	const char *base = strrchr(path, '/');
	size_t plen = strlen(prefix), n;
	unsigned long num;
	char id[64];

	base = base ? base + 1 : path;
	if (strncmp(base, prefix, plen) != 0 || base[plen] != '-')
		return 0;
	n = plen + 1;
	while (base[n] >= '0' && base[n] <= '9')
		n++;
	if ((base[n] != '-' && strcmp(base + n, ".md") != 0) ||
	    n >= sizeof(id))
		return 0;
	memcpy(id, base, n);
	id[n] = '\0';
	return prio_story_id_valid(id, prefix, &num) ? num : 0;
}

static size_t
oid_hash(const git_oid *id)
{
	size_t h = 0, i;

	for (i = 0; i < sizeof(h); i++)
		h = h << 8 | id->id[i];
	return h;
}

/* Adds id to the set; false when it was there already. */
static bool
remember(struct nextid_walk *w, const git_oid *id)
{
	git_oid *old = w->seen;
	size_t oldcap = w->cap, i, h;

	if (2 * (w->nseen + 1) > w->cap) {
		w->cap = oldcap ? 2 * oldcap : 64;
		w->seen = prio_xcalloc(w->cap, sizeof(*w->seen));
		w->nseen = 0;
		for (i = 0; i < oldcap; i++)
			if (!git_oid_is_zero(&old[i]))
				remember(w, &old[i]);
		free(old);
	}
	for (h = oid_hash(id) & (w->cap - 1); !git_oid_is_zero(&w->seen[h]);
	    h = (h + 1) & (w->cap - 1))
		if (git_oid_equal(&w->seen[h], id))
			return false;
	w->seen[h] = *id;
	w->nseen++;
	return true;
}

static void
consider(struct nextid_walk *w, const char *name)
{
	unsigned long n;
	size_t len = strlen(name);

	if (name[0] == '.' || len < 3 || strcmp(name + len - 3, ".md") != 0)
		return;
	if ((n = prio_id_from_name(name, w->prefix)) > w->max)
		w->max = n;
}

static int
walk_tree(struct nextid_walk *w, const git_oid *id, int depth)
{
	git_tree *tree = NULL;
	size_t i, n;
	int rc = PRIO_OK;

	if (depth > NEXTID_MAX_DEPTH || !remember(w, id))
		return PRIO_OK;
	if (git_tree_lookup(&tree, w->repo, id) < 0)
		return prio_missing_object(w->diags, w->repo, id,
		    GIT_OBJECT_TREE, "a folder of " PRIO_STORIES_DIR,
		    "cannot read a tree of " PRIO_STORIES_DIR);
	n = git_tree_entrycount(tree);
	for (i = 0; i < n && rc == PRIO_OK; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(tree, i);

		if (git_tree_entry_type(e) == GIT_OBJECT_TREE)
			rc = walk_tree(w, git_tree_entry_id(e), depth + 1);
		else if (git_tree_entry_type(e) == GIT_OBJECT_BLOB)
			consider(w, git_tree_entry_name(e));
	}
	git_tree_free(tree);
	return rc;
}

/* The stories folder of what ref points at; a ref that points nowhere
 * (a dangling remote HEAD) or at no backlog is skipped. */
static int
walk_ref(struct nextid_walk *w, git_reference *ref)
{
	git_object *obj = NULL;
	git_tree_entry *e = NULL;
	int err, rc = PRIO_OK;

	if ((err = git_reference_peel(&obj, ref, GIT_OBJECT_TREE)) < 0) {
		git_error_clear();
		return PRIO_OK;
	}
	err = git_tree_entry_bypath(&e, (git_tree *)obj, PRIO_STORIES_DIR);
	if (err == 0 && git_tree_entry_type(e) == GIT_OBJECT_TREE)
		rc = walk_tree(w, git_tree_entry_id(e), 0);
	else if (err < 0)
		git_error_clear();
	git_tree_entry_free(e);
	git_object_free(obj);
	return rc;
}

static int
walk_branches(struct nextid_walk *w)
{
	git_branch_iterator *it = NULL;
	git_reference *ref = NULL;
	git_branch_t type;
	int err, rc = PRIO_OK;

	if (git_repository_head(&ref, w->repo) == 0)
		rc = walk_ref(w, ref);
	else
		git_error_clear();
	git_reference_free(ref);
	ref = NULL;
	if (rc != PRIO_OK)
		return rc;
	if (git_branch_iterator_new(&it, w->repo, GIT_BRANCH_ALL) < 0)
		goto fail;
	while (rc == PRIO_OK && (err = git_branch_next(&ref, &type, it)) == 0) {
		rc = walk_ref(w, ref);
		git_reference_free(ref);
		ref = NULL;
	}
	git_branch_iterator_free(it);
	if (rc != PRIO_OK || err == GIT_ITEROVER) {
		git_error_clear();
		return rc;
	}
fail:
	return prio_diags_git(w->diags, NULL, "cannot list the branches");
}

/*
 * The names under the folder open at dfd.  Only names are read, never
 * contents, so a symbolic link is not followed (a linked folder is not
 * walked): a name is all an ID needs.
 */
static int
walk_folder(struct nextid_walk *w, int dfd, const char *shown, int depth)
{
	struct dirent *de;
	struct stat st;
	DIR *dir;
	int sub, rc = PRIO_OK;
	bool is_dir;

	if ((dir = fdopendir(dfd)) == NULL) {
		close(dfd);
		goto fail;
	}
	while (rc == PRIO_OK && (errno = 0, de = readdir(dir)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		is_dir = de->d_type == DT_DIR;
		if (de->d_type == DT_UNKNOWN)
			is_dir = fstatat(dirfd(dir), de->d_name, &st,
			    AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode);
		if (!is_dir) {
			consider(w, de->d_name);
			continue;
		}
		if (depth >= NEXTID_MAX_DEPTH)
			continue;
		sub = openat(dirfd(dir), de->d_name, O_RDONLY | O_DIRECTORY |
		    O_NOFOLLOW | O_CLOEXEC);
		if (sub >= 0)
			rc = walk_folder(w, sub, shown, depth + 1);
	}
	if (rc == PRIO_OK && errno != 0) {
		closedir(dir);
		goto fail;
	}
	closedir(dir);
	return rc;
fail:
	prio_diags_add(w->diags, PRIO_SEV_ERROR, "file", shown, 0, 0,
	    "cannot list '%s': %s", shown, strerror(errno));
	return PRIO_EIO;
}

static int
walk_worktree(struct nextid_walk *w)
{
	const char *root = git_repository_workdir(w->repo);
	char *path;
	int fd;

	if (root == NULL)
		return PRIO_OK;
	path = prio_xasprintf("%s%s", root, PRIO_STORIES_DIR);
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(path);
	if (fd < 0 && (errno == ENOENT || errno == ENOTDIR))
		return PRIO_OK;
	if (fd < 0) {
		prio_diags_add(w->diags, PRIO_SEV_ERROR, "file",
		    PRIO_STORIES_DIR, 0, 0, "cannot list '%s': %s",
		    PRIO_STORIES_DIR, strerror(errno));
		return PRIO_EIO;
	}
	return walk_folder(w, fd, PRIO_STORIES_DIR, 0);
}

int
prio_next_id(unsigned long *out, git_repository *repo, const char *prefix,
    struct prio_diags *diags)
{
	struct nextid_walk w = { .repo = repo, .prefix = prefix,
	    .diags = diags };
	char *id;
	bool valid;
	int rc;

	*out = 0;
	if ((rc = walk_worktree(&w)) == PRIO_OK)
		rc = walk_branches(&w);
	free(w.seen);
	if (rc != PRIO_OK)
		return rc;
	id = prio_xasprintf("%s-%lu", prefix, w.max + 1);
	valid = prio_story_id_valid(id, prefix, NULL);
	free(id);
	if (!valid) {
		prio_diags_add(diags, PRIO_SEV_ERROR, "id-mismatch", NULL, 0, 0,
		    "no free ID: %s-%lu is the highest in use and IDs have at "
		    "most nine digits", prefix, w.max);
		return PRIO_ERANGE;
	}
	*out = w.max + 1;
	return PRIO_OK;
}
