/*
 * Sources of backlog files (see prio/source.h): one vtable, three kinds.
 * This file holds the shared part and the git kinds (index, tree); the
 * work tree kind is in source_worktree.c.
 */
#include <stdlib.h>
#include <string.h>

#include "prio/config.h"
#include "prio/error.h"
#include "prio/object.h"
#include "prio/shallow.h"
#include "heap.h"
#include "source_impl.h"

static int
cmp_file_ptrs(const void *a, const void *b)
{
	return strcmp((*(const struct prio_source_file *const *)a)->path,
	    (*(const struct prio_source_file *const *)b)->path);
}

/* Pointers are sorted rather than the entries, which are large. */
void
prio_source_files_sort(struct prio_source_file *files, size_t count)
{
	struct prio_source_file **p, *sorted;
	size_t i;

	for (i = 1; i < count; i++)
		if (strcmp(files[i - 1].path, files[i].path) > 0)
			break;
	if (i >= count)
		return;
	p = prio_xcalloc(count, sizeof(*p));
	for (i = 0; i < count; i++)
		p[i] = &files[i];
	qsort(p, count, sizeof(*p), cmp_file_ptrs);
	sorted = prio_xcalloc(count, sizeof(*sorted));
	for (i = 0; i < count; i++)
		sorted[i] = *p[i];
	memcpy(files, sorted, count * sizeof(*files));
	free(sorted);
	free(p);
}

void
source_files_reserve(struct source_list *l, size_t more)
{
	prio_xgrow(&l->files, &l->cap, l->count + more, sizeof(*l->files));
}

void
source_files_take(struct source_list *l, char *path, size_t size,
    char *problem)
{
	struct prio_source_file *f;

	prio_xgrow(&l->files, &l->cap, l->count + 1, sizeof(*l->files));
	f = &l->files[l->count++];
	memset(f, 0, sizeof(*f));
	f->path = path;
	f->size = size;
	f->problem = problem;
}

void
source_files_add(struct source_list *l, const char *path, size_t size,
    char *problem)
{
	source_files_take(l, prio_xstrdup(path), size, problem);
}

void
source_files_add_oid(struct source_list *l, const char *path, size_t size,
    const git_oid *oid, char *problem)
{
	struct prio_source_file *f;

	source_files_add(l, path, size, problem);
	f = &l->files[l->count - 1];
	git_oid_cpy(&f->oid, oid);
	f->has_oid = true;
}

bool
source_is_story_name(const char *name)
{
	size_t n = strlen(name);

	return name[0] != '.' && n > 3 && strcmp(name + n - 3, ".md") == 0;
}

int
prio_source_list(struct prio_source *src, const char *dir,
    struct prio_source_file **files, size_t *count, struct prio_diags *diags)
{
	struct source_list l = { 0 };
	int rc = src->ops->list(src, dir, &l, diags);

	if (rc != PRIO_OK) {
		prio_source_files_free(l.files, l.count);
		*files = NULL;
		*count = 0;
		return rc;
	}
	prio_source_files_sort(l.files, l.count);
	*files = l.files;
	*count = l.count;
	return PRIO_OK;
}

void
prio_source_files_free(struct prio_source_file *files, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++) {
		free(files[i].path);
		free(files[i].problem);
	}
	free(files);
}

int
prio_source_read(struct prio_source *src, const char *path, size_t max_size,
    struct prio_buf *out, char **why)
{
	char *reason = NULL;
	int rc;

	prio_buf_clear(out);
	rc = src->ops->read(src, path, max_size, out, &reason);
	if (why)
		*why = reason;
	else
		free(reason);
	return rc;
}

static int read_blob(git_repository *repo, const git_oid *id,
    const char *path, size_t max_size, struct prio_buf *out, char **why);

int
prio_source_read_file(struct prio_source *src,
    const struct prio_source_file *f, size_t max_size, struct prio_buf *out,
    char **why)
{
	char *reason = NULL;
	int rc;

	if (!f->has_oid)
		return prio_source_read(src, f->path, max_size, out, why);
	prio_buf_clear(out);
	rc = read_blob(src->repo, &f->oid, f->path, max_size, out, &reason);
	if (why)
		*why = reason;
	else
		free(reason);
	return rc;
}

enum prio_source_kind
prio_source_kind(const struct prio_source *src)
{
	return src->kind;
}

void
prio_source_free(struct prio_source *src)
{
	if (src == NULL)
		return;
	if (src->ops->free)
		src->ops->free(src);
	free(src->root);
	free(src);
}

/* A blob that cannot be read: *why says so, and for one a partial clone
 * has not fetched, how to fetch it (PRIO_EFETCH). */
static int
missing_blob(git_repository *repo, const git_oid *id, const char *path,
    char **why)
{
	struct prio_diags d = PRIO_DIAGS_INIT;
	int rc = prio_missing_object(&d, repo, id, GIT_OBJECT_BLOB, path,
	    "cannot read the file's blob");

	*why = d.items[0].message;
	d.items[0].message = NULL;
	prio_diags_free(&d);
	return rc;
}

/* Copies a blob into out, refusing one over max_size unread. */
static int
read_blob(git_repository *repo, const git_oid *id, const char *path,
    size_t max_size, struct prio_buf *out, char **why)
{
	uint64_t size = 0;
	int rc = prio_object_read_blob(repo, id, max_size, out, &size);

	if (rc == PRIO_EGIT)
		return missing_blob(repo, id, path, why);
	if (rc == PRIO_ERANGE)
		*why = prio_object_too_large(size, max_size);
	return rc;
}

static bool
under_dir(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	return strncmp(path, dir, n) == 0 && path[n] == '/';
}

static char *
git_entry_problem(unsigned mode)
{
	if (mode == GIT_FILEMODE_LINK)
		return prio_xstrdup("the file is a symbolic link, and prio "
		    "does not follow links in git's index or history; commit "
		    "the file itself");
	if (mode == GIT_FILEMODE_COMMIT)
		return prio_xstrdup("a submodule is named like a story file; "
		    "rename it so that it does not end in '.md'");
	return NULL;
}

static int
index_list(struct prio_source *src, const char *dir, struct source_list *l,
    struct prio_diags *diags)
{
	size_t i, n = git_index_entrycount(src->index);
	const git_index_entry *e;
	const char *base;
	int stage;

	source_files_reserve(l, n);
	for (i = 0; i < n; i++) {
		e = git_index_get_byindex(src->index, i);
		stage = GIT_INDEX_ENTRY_STAGE(e);
		if (!under_dir(e->path, dir) || (stage != 0 && stage != 2))
			continue;
		base = strrchr(e->path, '/') + 1;
		if (!source_is_story_name(base))
			continue;
		source_files_add_oid(l, e->path, e->file_size, &e->id,
		    stage == 2 ?
		    prio_xstrdup("the file is in conflict in the index; "
		    "resolve the conflict and 'git add' the file") :
		    git_entry_problem(e->mode));
	}
	return PRIO_OK;
}

static int
index_read(struct prio_source *src, const char *path, size_t max_size,
    struct prio_buf *out, char **why)
{
	const git_index_entry *e = git_index_get_bypath(src->index, path, 0);

	if (e == NULL) {
		*why = prio_xstrdup("the file is not in the index");
		return PRIO_ENOTFOUND;
	}
	return read_blob(src->repo, &e->id, path, max_size, out, why);
}

static void
index_free(struct prio_source *src)
{
	if (!src->index_borrowed)
		git_index_free(src->index);
}

static const struct source_ops index_ops = {
	index_list, index_read, index_free
};

/*
 * libgit2 keeps a read index in about twice the file's size: the pages
 * are faulted in at once (see prio_heap_prefault).  The file is the one
 * libgit2 opens: GIT_INDEX_FILE when git set it (the repository was
 * opened from the environment), else the git directory's.
 */
static void
prefault_for_index(git_repository *repo)
{
	const char *env = getenv("GIT_INDEX_FILE");
	char *path = env && *env ? prio_xstrdup(env) :
	    prio_xasprintf("%sindex", git_repository_path(repo));

	prio_heap_prefault_file(path, 2);
	free(path);
}

int
prio_source_index(struct prio_source **out, git_repository *repo,
    struct prio_diags *diags)
{
	struct prio_source *src = prio_xcalloc(1, sizeof(*src));

	src->ops = &index_ops;
	src->kind = PRIO_SOURCE_INDEX;
	src->repo = repo;
	prefault_for_index(repo);
	if (git_repository_index(&src->index, repo) < 0) {
		free(src);
		*out = NULL;
		return prio_diags_git(diags, NULL, "cannot read the index");
	}
	*out = src;
	return PRIO_OK;
}

void
prio_source_index_of(struct prio_source **out, git_repository *repo,
    git_index *index)
{
	struct prio_source *src = prio_xcalloc(1, sizeof(*src));

	src->ops = &index_ops;
	src->kind = PRIO_SOURCE_INDEX;
	src->repo = repo;
	src->index = index;
	src->index_borrowed = true;
	*out = src;
}

git_index *
prio_source_git_index(const struct prio_source *src, bool *own)
{
	*own = src->kind == PRIO_SOURCE_INDEX && !src->index_borrowed;
	return src->kind == PRIO_SOURCE_INDEX ? src->index : NULL;
}

struct tree_walk {
	struct source_list *l;
	const char *dir;
};

static int
tree_walk_cb(const char *root, const git_tree_entry *e, void *payload)
{
	struct tree_walk *w = payload;
	const char *name = git_tree_entry_name(e);
	git_filemode_t mode = git_tree_entry_filemode(e);
	char *path;

	if (mode == GIT_FILEMODE_TREE || !source_is_story_name(name))
		return 0;
	path = prio_xasprintf("%s/%s%s", w->dir, root, name);
	source_files_add_oid(w->l, path, 0, git_tree_entry_id(e),
	    git_entry_problem(mode));
	free(path);
	return 0;
}

static int
tree_list(struct prio_source *src, const char *dir, struct source_list *l,
    struct prio_diags *diags)
{
	git_tree_entry *entry = NULL;
	git_tree *sub = NULL;
	struct tree_walk w = { l, dir };
	int rc = PRIO_OK;

	if (git_tree_entry_bypath(&entry, src->tree, dir) < 0)
		return PRIO_OK;
	if (git_tree_entry_type(entry) == GIT_OBJECT_TREE &&
	    (git_tree_lookup(&sub, src->repo, git_tree_entry_id(entry)) < 0 ||
	    git_tree_walk(sub, GIT_TREEWALK_PRE, tree_walk_cb, &w) < 0)) {
		rc = prio_diags_git(diags, dir,
		    "cannot walk the commit's tree");
	}
	git_tree_free(sub);
	git_tree_entry_free(entry);
	return rc;
}

static int
tree_read(struct prio_source *src, const char *path, size_t max_size,
    struct prio_buf *out, char **why)
{
	git_tree_entry *entry = NULL;
	int rc;

	if (git_tree_entry_bypath(&entry, src->tree, path) < 0 ||
	    git_tree_entry_type(entry) != GIT_OBJECT_BLOB) {
		git_tree_entry_free(entry);
		*why = prio_xstrdup("the file is not in that commit");
		return PRIO_ENOTFOUND;
	}
	rc = read_blob(src->repo, git_tree_entry_id(entry), path, max_size,
	    out, why);
	git_tree_entry_free(entry);
	return rc;
}

static void
tree_free(struct prio_source *src)
{
	git_tree_free(src->tree);
}

static const struct source_ops tree_ops = { tree_list, tree_read, tree_free };

int
prio_source_tree(struct prio_source **out, git_repository *repo,
    const char *rev, struct prio_diags *diags)
{
	struct prio_source *src;
	git_object *obj = NULL;
	git_commit *commit = NULL;
	int rc = PRIO_OK;

	*out = NULL;
	if (prio_object_rev_guard(repo, rev, PRIO_MAX_FILE_SIZE_LIMIT,
	    diags) != PRIO_OK)
		return PRIO_ENOTFOUND;
	if (git_revparse_single(&obj, repo, rev) < 0) {
		prio_diags_add(diags, PRIO_SEV_ERROR, "git", NULL, 0, 0,
		    "unknown revision '%s'; name a commit, branch or tag%s",
		    rev, prio_shallow_revision_hint(repo));
		return PRIO_ENOTFOUND;
	}
	if (git_object_peel((git_object **)&commit, obj,
	    GIT_OBJECT_COMMIT) < 0) {
		prio_diags_add(diags, PRIO_SEV_ERROR, "git", NULL, 0, 0,
		    "'%s' is a %s, not a commit; name a commit, branch or tag",
		    rev, git_object_type2string(git_object_type(obj)));
		git_object_free(obj);
		return PRIO_ENOTFOUND;
	}
	src = prio_xcalloc(1, sizeof(*src));
	src->ops = &tree_ops;
	src->kind = PRIO_SOURCE_TREE;
	src->repo = repo;
	if (git_commit_tree(&src->tree, commit) < 0) {
		char *what = prio_xasprintf("the root folder of %s", rev);

		rc = prio_missing_object(diags, repo, git_commit_tree_id(commit),
		    GIT_OBJECT_TREE, what, "cannot read the commit's tree");
		free(what);
		free(src);
		src = NULL;
	}
	git_commit_free(commit);
	git_object_free(obj);
	*out = src;
	return src ? PRIO_OK : rc;
}
