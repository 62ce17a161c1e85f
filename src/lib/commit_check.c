/*
 * The refusals of prio_commit_files(): everything that must hold before
 * prio writes a byte.  Each says what is wrong, quotes the subject, and
 * ends with what to do.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "commit_impl.h"
#include "prio/error.h"

#define RUN_AGAIN "and run the command again"

static const char *
state_advice(int state)
{
	switch (state) {
	case GIT_REPOSITORY_STATE_MERGE:
		return "a merge is in progress; finish it with 'git commit' "
		    "or abandon it with 'git merge --abort'";
	case GIT_REPOSITORY_STATE_REVERT:
	case GIT_REPOSITORY_STATE_REVERT_SEQUENCE:
		return "a revert is in progress; finish it with 'git revert "
		    "--continue' or abandon it with 'git revert --abort'";
	case GIT_REPOSITORY_STATE_CHERRYPICK:
	case GIT_REPOSITORY_STATE_CHERRYPICK_SEQUENCE:
		return "a cherry-pick is in progress; finish it with 'git "
		    "cherry-pick --continue' or abandon it with 'git "
		    "cherry-pick --abort'";
	case GIT_REPOSITORY_STATE_BISECT:
		return "a bisect is in progress; end it with 'git bisect "
		    "reset'";
	case GIT_REPOSITORY_STATE_REBASE:
	case GIT_REPOSITORY_STATE_REBASE_INTERACTIVE:
	case GIT_REPOSITORY_STATE_REBASE_MERGE:
		return "a rebase is in progress; finish it with 'git rebase "
		    "--continue' or abandon it with 'git rebase --abort'";
	case GIT_REPOSITORY_STATE_APPLY_MAILBOX:
	case GIT_REPOSITORY_STATE_APPLY_MAILBOX_OR_REBASE:
		return "'git am' is in progress; finish it with 'git am "
		    "--continue' or abandon it with 'git am --abort'";
	default:
		return "git is in the middle of an operation; finish or "
		    "abandon it";
	}
}

int
commit_check_repo(git_repository *repo, bool need_state,
    struct prio_diags *diags)
{
	int state;

	if (git_repository_is_bare(repo))
		return commit_refuse(diags, NULL, "cannot write stories: the "
		    "repository is bare and has no work tree; run prio in a "
		    "clone that has one");
	if (!need_state)
		return PRIO_OK;
	if ((state = git_repository_state(repo)) < 0)
		return prio_diags_git(diags, NULL, "cannot tell whether a "
		    "merge or rebase is in progress");
	if (state != GIT_REPOSITORY_STATE_NONE)
		return commit_refuse(diags, NULL, "cannot commit: %s, "
		    RUN_AGAIN, state_advice(state));
	return PRIO_OK;
}

/* Why path cannot name a file in the work tree, or NULL if it can. */
static const char *
path_problem(const char *path)
{
	const char *p = path, *end;
	size_t len;

	if (*path == '\0')
		return "the path is empty";
	if (*path == '/')
		return "the path is absolute; give it relative to the "
		    "repository's top folder";
	if (strchr(path, '\\') != NULL)
		return "the path holds a backslash; separate folders with '/'";
	for (;;) {
		end = strchr(p, '/');
		len = end ? (size_t)(end - p) : strlen(p);
		if (len == 0)
			return "the path has an empty folder name ('//' or a "
			    "trailing '/')";
		if ((len == 1 && p[0] == '.') ||
		    (len == 2 && p[0] == '.' && p[1] == '.'))
			return "the path has a '.' or '..' folder; give it "
			    "without one";
		if (len == 4 && strncasecmp(p, ".git", 4) == 0)
			return "the path leads into .git, which prio does not "
			    "write";
		if (end == NULL)
			return NULL;
		p = end + 1;
	}
}

static int
cmp_paths(const void *a, const void *b)
{
	const struct commit_file *const *fa = a, *const *fb = b;

	return strcmp((*fa)->change->path, (*fb)->change->path);
}

static int
check_duplicates(const struct commit_run *run)
{
	const struct commit_file **sorted;
	size_t i;
	int rc = PRIO_OK;

	sorted = prio_xcalloc(run->n, sizeof(*sorted));
	for (i = 0; i < run->n; i++)
		sorted[i] = &run->files[i];
	qsort(sorted, run->n, sizeof(*sorted), cmp_paths);
	for (i = 1; i < run->n && rc == PRIO_OK; i++)
		if (strcmp(sorted[i - 1]->change->path,
		    sorted[i]->change->path) == 0)
			rc = commit_refuse(run->diags, sorted[i]->change->path,
			    "cannot write '%s' twice in one commit; give each "
			    "file once", sorted[i]->change->path);
	free(sorted);
	return rc;
}

/*
 * Whether every folder on the way to path is a real folder (or does not
 * exist yet): writing through a symbolic link could land outside the
 * repository.  *checked remembers the last folder found good, since
 * stories share one.
 */
static int
check_folders(const struct commit_run *run, const char *path, char **checked)
{
	const char *slash = strrchr(path, '/'), *p;
	struct stat st;
	char *full;
	int rc = PRIO_OK;

	if (slash == NULL || (*checked && strlen(*checked) ==
	    (size_t)(slash - path) && strncmp(*checked, path,
	    (size_t)(slash - path)) == 0))
		return PRIO_OK;
	for (p = strchr(path, '/'); p && rc == PRIO_OK;
	    p = strchr(p + 1, '/')) {
		full = prio_xasprintf("%s%.*s", run->workdir, (int)(p - path),
		    path);
		if (lstat(full, &st) == 0 && !S_ISDIR(st.st_mode))
			rc = commit_refuse(run->diags, path, "cannot write "
			    "'%s': '%.*s' in the work tree is not a folder "
			    "(but a file or a symbolic link); move it away",
			    path, (int)(p - path), path);
		free(full);
	}
	if (rc == PRIO_OK) {
		free(*checked);
		*checked = prio_xstrndup(path, (size_t)(slash - path));
	}
	return rc;
}

int
commit_check_paths(const struct commit_run *run)
{
	const char *why;
	char *checked = NULL;
	size_t i;
	int rc = PRIO_OK;

	for (i = 0; i < run->n && rc == PRIO_OK; i++) {
		const char *path = run->files[i].change->path;

		if (path == NULL || (run->files[i].change->data == NULL &&
		    !run->files[i].remove))
			rc = commit_refuse(run->diags, path, "cannot write a "
			    "file without a %s", path ? "contents pointer (give "
			    "\"\" for an empty file)" : "path");
		else if ((why = path_problem(path)) != NULL)
			rc = commit_refuse(run->diags, path, "cannot write "
			    "'%s': %s", path, why);
		else
			rc = check_folders(run, path, &checked);
	}
	free(checked);
	return rc == PRIO_OK ? check_duplicates(run) : rc;
}

/* HEAD's version of f: sets in_head, head_blob and mode. */
static int
head_entry(struct commit_run *run, struct commit_file *f)
{
	const char *path = f->change->path;
	git_tree_entry *te = NULL;
	git_filemode_t mode;
	int err;

	f->in_head = false;
	f->mode = GIT_FILEMODE_BLOB;
	if (run->head_tree == NULL)
		return PRIO_OK;
	if ((err = git_tree_entry_bypath(&te, run->head_tree, path)) < 0) {
		if (err != GIT_ENOTFOUND)
			return prio_diags_git(run->diags, path, "cannot "
			    "read '%s' in HEAD", path);
		git_error_clear();
		return PRIO_OK;
	}
	mode = git_tree_entry_filemode(te);
	f->head_blob = *git_tree_entry_id(te);
	git_tree_entry_free(te);
	if (mode != GIT_FILEMODE_BLOB && mode != GIT_FILEMODE_BLOB_EXECUTABLE)
		return commit_refuse(run->diags, path, "cannot write '%s': "
		    "in HEAD it is a %s, not a file", path,
		    mode == GIT_FILEMODE_TREE ? "folder" :
		    mode == GIT_FILEMODE_LINK ? "symbolic link" : "submodule");
	f->in_head = true;
	f->mode = mode;
	return PRIO_OK;
}

/* The id of path in tree (NULL: the empty tree) into *id; false when it
 * has none. */
static bool
tree_blob(git_tree *tree, const char *path, git_oid *id)
{
	git_tree_entry *te = NULL;

	if (tree == NULL || git_tree_entry_bypath(&te, tree, path) < 0) {
		git_error_clear();
		return false;
	}
	*id = *git_tree_entry_id(te);
	git_tree_entry_free(te);
	return true;
}

/*
 * Whether the staged version e of f is the one before HEAD (NULL: both
 * absent): what a prio run killed after moving the ref leaves behind.
 */
static bool
looks_interrupted(struct commit_run *run, const struct commit_file *f,
    const git_index_entry *e)
{
	git_commit *parent = NULL;
	git_tree *tree = NULL;
	git_oid id;
	bool had, same;

	if (run->head_commit == NULL ||
	    git_commit_parentcount(run->head_commit) == 0 ||
	    git_commit_parent(&parent, run->head_commit, 0) < 0 ||
	    git_commit_tree(&tree, parent) < 0) {
		git_error_clear();
		git_commit_free(parent);
		return false;
	}
	had = tree_blob(tree, f->change->path, &id);
	same = e ? had && git_oid_equal(&id, &e->id) : !had;
	git_tree_free(tree);
	git_commit_free(parent);
	return same;
}

static int
refuse_staged(struct commit_run *run, const struct commit_file *f,
    const git_index_entry *e, const char *what)
{
	const char *path = f->change->path;
	struct prio_buf msg = PRIO_BUF_INIT;
	int rc;

	prio_buf_addf(&msg, "cannot commit '%s': %s", path, what);
	if (looks_interrupted(run, f, e))
		prio_buf_addf(&msg, "; its staged version is the one before "
		    "the last commit, as when an interrupted prio run has "
		    "made its commit but not updated the work tree and "
		    "index: 'git checkout HEAD -- %s' finishes that run "
		    "('git reset --keep HEAD~1' undoes it instead)", path);
	else
		prio_buf_addf(&msg, "; commit it, or unstage it with 'git "
		    "restore --staged %s', " RUN_AGAIN, path);
	rc = commit_refuse(run->diags, path, "%s", msg.ptr);
	prio_buf_free(&msg);
	return rc;
}

/*
 * Before the first commit every story is uncommitted, so refusing them
 * all would make prio unusable until the user commits by hand.  A file
 * that is staged, with the work tree the same as the index, is content
 * the user means to commit: on an unborn branch prio's first commit may
 * carry it (with prio's change).  Anything else stays refused.
 */
static bool
staged_first_commit(struct commit_run *run, struct commit_file *f,
    const git_index_entry *e)
{
	git_oid id;

	if (run->head_commit != NULL || git_repository_hashfile(&id, run->repo,
	    f->change->path, GIT_OBJECT_BLOB, NULL) < 0) {
		git_error_clear();
		return false;
	}
	f->staged_new = git_oid_equal(&id, &e->id);
	return f->staged_new;
}

static int
check_index(struct commit_run *run, struct commit_file *f)
{
	const char *path = f->change->path;
	const git_index_entry *e;
	int stage;

	for (stage = 1; stage <= 3; stage++)
		if (git_index_get_bypath(run->index, path, stage) != NULL)
			return commit_refuse(run->diags, path, "cannot commit "
			    "'%s': it has merge conflicts; resolve them and "
			    "'git add' it, " RUN_AGAIN, path);
	e = git_index_get_bypath(run->index, path, 0);
	git_error_clear();
	if (f->in_head && e == NULL)
		return refuse_staged(run, f, e, "its removal is staged");
	if (f->in_head && (!git_oid_equal(&e->id, &f->head_blob) ||
	    e->mode != f->mode))
		return refuse_staged(run, f, e, "it has staged changes");
	if (!f->in_head && e != NULL && !git_oid_equal(&e->id, &f->blob) &&
	    !staged_first_commit(run, f, e))
		return refuse_staged(run, f, e, "HEAD does not have it, but "
		    "other contents are staged for it");
	return PRIO_OK;
}

static int
check_worktree(struct commit_run *run, const struct commit_file *f)
{
	const char *path = f->change->path;
	struct stat st;
	char *full = prio_xasprintf("%s%s", run->workdir, path);
	git_oid id;
	int err = lstat(full, &st) == 0 ? 0 : errno;

	free(full);
	if (err == ENOENT && f->in_head)
		return commit_refuse(run->diags, path, "cannot commit '%s': "
		    "it is deleted in the work tree; restore it with 'git "
		    "checkout -- %s' or commit its removal, " RUN_AGAIN, path,
		    path);
	if (err == ENOENT || err == ENOTDIR)
		return PRIO_OK;
	if (err != 0) {
		prio_diags_add(run->diags, PRIO_SEV_ERROR, "file", path, 0, 0,
		    "cannot examine '%s': %s", path, strerror(err));
		return PRIO_EIO;
	}
	if (!S_ISREG(st.st_mode))
		return commit_refuse(run->diags, path, "cannot write '%s': in "
		    "the work tree it is not a regular file (but a folder or "
		    "a symbolic link); move it away, " RUN_AGAIN, path);
	if (git_repository_hashfile(&id, run->repo, path, GIT_OBJECT_BLOB,
	    NULL) < 0)
		return prio_diags_git(run->diags, path, "cannot read '%s' "
		    "in the work tree", path);
	if (f->in_head && !git_oid_equal(&id, &f->head_blob))
		return commit_refuse(run->diags, path, "cannot commit '%s': "
		    "it has uncommitted changes; commit or stash them ('git "
		    "stash'), or discard them with 'git checkout -- %s', "
		    RUN_AGAIN, path, path);
	if (!f->in_head && !git_oid_equal(&id, &f->blob) && !f->staged_new)
		return commit_refuse(run->diags, path, "cannot commit '%s': "
		    "HEAD does not have it, but the work tree has a file of "
		    "that name with other contents; commit, move or remove "
		    "it, " RUN_AGAIN, path);
	return PRIO_OK;
}

int
commit_check_clean(struct commit_run *run)
{
	size_t i;
	int rc = PRIO_OK;

	for (i = 0; i < run->n && rc == PRIO_OK; i++) {
		struct commit_file *f = &run->files[i];

		if ((rc = head_entry(run, f)) == PRIO_OK && f->remove &&
		    !f->in_head)
			rc = commit_refuse(run->diags, f->change->path, "cannot "
			    "remove '%s': HEAD does not have it; commit it "
			    "first, " RUN_AGAIN, f->change->path);
		if (rc == PRIO_OK && (rc = check_index(run, f)) == PRIO_OK)
			rc = check_worktree(run, f);
	}
	return rc;
}
