/*
 * The repository's hooks, run around prio's commit as `git commit --only
 * <the changed files> -m <message>` runs them (githooks(5)):
 *
 *   pre-commit          not with no_verify; GIT_INDEX_FILE names a
 *                       temporary index: HEAD plus exactly prio's changes
 *   prepare-commit-msg  <message file> message; the same index
 *   commit-msg          <message file>, not with no_verify; the same index
 *   post-commit         once the ref, the files and the index are done;
 *                       its exit status is ignored
 *
 * The first three run under the index lock, after the blobs are stored
 * and before the ref moves, so a hook that fails leaves nothing changed.
 * Like git, prio finds a hook in core.hooksPath (relative to the work
 * tree's top) or the common git directory's hooks/, skips one that is
 * not executable with git's hint (advice.ignoredHook), runs the file
 * itself (through /bin/sh when it is no executable format, as git does)
 * in the work tree's top, with stdin from /dev/null and its stdout sent
 * to stderr so that prio's stdout stays the command's, and waits for it
 * however long it takes.
 * The hook is started by child.c (CHILD_HOOK).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "child.h"
#include "commit_impl.h"
#include "prio/error.h"

extern char **environ;

/* The variables git sets for a commit's hooks; prio sets them the same. */
static const char *const hook_vars[] = {
	"GIT_INDEX_FILE", "GIT_EDITOR", "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL",
	"GIT_AUTHOR_DATE", "GIT_PREFIX"
};
#define NHOOK_VARS (sizeof(hook_vars) / sizeof(hook_vars[0]))

/* What the hooks of one commit share. */
struct hooks {
	struct commit_run *run;
	char *dir;                  /* core.hooksPath or <common dir>/hooks */
	bool advice;                /* advice.ignoredHook */
	char *prefix;               /* GIT_PREFIX: the cwd below the top */
	char *index_file;           /* GIT_INDEX_FILE for the hooks */
	git_index *index;           /* the temporary index, while it exists */
};

/* The cwd relative to the work tree's top, "sub/" or "", as git's
 * GIT_PREFIX.  Caller frees. */
static char *
cwd_prefix(const char *workdir)
{
	char cwd[PATH_MAX], *top, *prefix = NULL;
	size_t n;

	if (getcwd(cwd, sizeof(cwd)) == NULL ||
	    (top = realpath(workdir, NULL)) == NULL)
		return prio_xstrdup("");
	n = strlen(top);
	if (strncmp(cwd, top, n) == 0 && cwd[n] == '/' && cwd[n + 1] != '\0')
		prefix = prio_xasprintf("%s/", cwd + n + 1);
	free(top);
	return prefix ? prefix : prio_xstrdup("");
}

static void
hooks_init(struct hooks *h, struct commit_run *run)
{
	git_config *cfg = NULL;
	git_buf path = { 0 };
	int on;

	memset(h, 0, sizeof(*h));
	h->run = run;
	h->advice = true;
	if (git_repository_config_snapshot(&cfg, run->repo) == 0) {
		if (git_config_get_bool(&on, cfg, "advice.ignoredHook") == 0)
			h->advice = on != 0;
		/* git_config_get_path expands "~/", as git does. */
		if (git_config_get_path(&path, cfg, "core.hooksPath") == 0 &&
		    path.size > 0)
			h->dir = path.ptr[0] == '/' ? prio_xstrdup(path.ptr) :
			    prio_xasprintf("%s%s", run->workdir, path.ptr);
	}
	if (h->dir == NULL)
		h->dir = prio_xasprintf("%shooks",
		    git_repository_commondir(run->repo));
	git_buf_dispose(&path);
	git_config_free(cfg);
	git_error_clear();
}

static void
hooks_free(struct hooks *h)
{
	free(h->dir);
	free(h->prefix);
	free(h->index_file);
}

/*
 * The path of hook name when it will run, else NULL.  One that is there
 * but not executable is skipped with git's hint.  Caller frees.
 */
static char *
find_hook(struct hooks *h, const char *name)
{
	char *path = prio_xasprintf("%s/%s", h->dir, name), *shown;

	if (access(path, X_OK) == 0)
		return path;
	if (errno == EACCES && h->advice) {
		shown = commit_display_path(h->run, path);
		prio_diags_add(h->run->diags, PRIO_SEV_WARNING, "hook-ignored",
		    NULL, 0, 0, "The '%s' hook was ignored because it's not "
		    "set as executable.\nYou can disable this warning with "
		    "`git config advice.ignoredHook false`.", shown);
		free(shown);
	}
	free(path);
	return NULL;
}

/* One hook's process: its arguments and environment. */
struct hook_proc {
	const char *argv[4];        /* the hook, its arguments */
	char **envp;
	char *own[NHOOK_VARS];      /* the variables set for it */
};

static bool
is_hook_var(const char *entry)
{
	size_t i, n;

	for (i = 0; i < NHOOK_VARS; i++) {
		n = strlen(hook_vars[i]);
		if (strncmp(entry, hook_vars[i], n) == 0 && entry[n] == '=')
			return true;
	}
	return false;
}

/* prio's environment, with git's variables for a commit's hook. */
static void
proc_env(struct hook_proc *p, const struct hooks *h, const char *index_file)
{
	const git_signature *a = h->run->author;
	int off = a->when.offset < 0 ? -a->when.offset : a->when.offset;
	size_t n = 0, i, j = 0;

	p->own[0] = prio_xasprintf("GIT_INDEX_FILE=%s", index_file);
	p->own[1] = prio_xstrdup("GIT_EDITOR=:");
	p->own[2] = prio_xasprintf("GIT_AUTHOR_NAME=%s", a->name);
	p->own[3] = prio_xasprintf("GIT_AUTHOR_EMAIL=%s", a->email);
	p->own[4] = prio_xasprintf("GIT_AUTHOR_DATE=@%lld %c%02d%02d",
	    (long long)a->when.time, a->when.offset < 0 ? '-' : '+',
	    off / 60, off % 60);
	p->own[5] = prio_xasprintf("GIT_PREFIX=%s", h->prefix);
	while (environ[n] != NULL)
		n++;
	p->envp = prio_xcalloc(n + NHOOK_VARS + 1, sizeof(*p->envp));
	for (i = 0; i < n; i++)
		if (!is_hook_var(environ[i]))
			p->envp[j++] = environ[i];
	for (i = 0; i < NHOOK_VARS; i++)
		p->envp[j++] = p->own[i];
}

static void
proc_free(struct hook_proc *p)
{
	size_t i;

	for (i = 0; i < NHOOK_VARS; i++)
		free(p->own[i]);
	free(p->envp);
}

/*
 * Runs the hook at path with up to two arguments (child.h, CHILD_HOOK:
 * stdin from /dev/null, stdout to stderr, in the top of the work tree,
 * ^C for the hook); *status is its wait status.  Returns 0, or the errno
 * of what failed.
 */
static int
spawn(const struct hooks *h, const char *path, const char *index_file,
    const char *arg1, const char *arg2, int *status)
{
	struct hook_proc p = { .argv = { path, arg1, arg2, NULL } };
	struct child c;
	int err;

	proc_env(&p, h, index_file);
	child_init(&c);
	c.argv = p.argv;
	c.envp = p.envp;
	c.cwd = h->run->workdir;
	c.io = CHILD_HOOK;
	err = child_run(&c);
	*status = c.status;
	child_free(&c);
	proc_free(&p);
	return err;
}

/* A hook's exit status: 0 lets the commit go on; else a diagnostic of
 * rule "hook" says why it stops. */
static int
hook_exit(struct hooks *h, const char *name, int code, bool skippable)
{
	if (code == 0)
		return PRIO_OK;
	prio_diags_add(h->run->diags, PRIO_SEV_ERROR, "hook", NULL, 0, 0,
	    "the %s hook refused the commit (exit status %d); nothing was "
	    "changed%s", name, code, skippable ? " ('--no-verify' skips it)" :
	    "");
	return PRIO_EINVAL;
}

/*
 * Runs hook name and says, as a diagnostic of rule "hook", why the
 * commit stops when it failed.  skippable: --no-verify skips it.
 */
static int
run_hook(struct hooks *h, const char *name, const char *path,
    const char *arg1, const char *arg2, bool skippable)
{
	char *shown;
	int status = 0, err;

	err = spawn(h, path, h->index_file, arg1, arg2, &status);
	if (err == 0 && WIFEXITED(status))
		return hook_exit(h, name, WEXITSTATUS(status), skippable);
	if (err != 0) {
		shown = commit_display_path(h->run, path);
		prio_diags_add(h->run->diags, PRIO_SEV_ERROR, "hook", NULL, 0,
		    0, "cannot run the %s hook '%s': %s; nothing was changed",
		    name, shown, strerror(err));
		free(shown);
		return PRIO_EINVAL;
	}
	prio_diags_add(h->run->diags, PRIO_SEV_ERROR, "hook", NULL, 0, 0,
	    "the %s hook was killed by signal %d (%s); nothing was changed",
	    name, WTERMSIG(status), strsignal(WTERMSIG(status)));
	return PRIO_EINVAL;
}

/*
 * The pre-commit hook, run by the caller in this process when it is the
 * caller's own (prio_commit_opts.own_pre_commit).  The caller's hook, as
 * installed, checks the stories only when the commit changes something
 * under backlog/ (`git diff-index --cached --quiet HEAD -- backlog/`):
 * so here.
 */
static int
run_own_hook(struct hooks *h)
{
	const struct prio_own_hook *own = &h->run->opts->own_pre_commit;
	const struct commit_file *f;
	bool backlog = false;
	size_t i;

	for (i = 0; i < h->run->n && !backlog; i++) {
		f = &h->run->files[i];
		backlog = strncmp(f->change->path, "backlog/", 8) == 0 &&
		    (f->remove || !f->in_head ||
		    !git_oid_equal(&f->blob, &f->head_blob));
	}
	if (!backlog)
		return PRIO_OK;
	return hook_exit(h, "pre-commit", own->run(own->arg, h->index), true);
}

/* A fresh name for the hooks' index file, in h->index_file. */
static int
name_hook_index(struct hooks *h)
{
	int fd;

	h->index_file = prio_xasprintf("%sindex.prio-hook-XXXXXX",
	    git_repository_path(h->run->repo));
	if ((fd = mkstemp(h->index_file)) < 0) {
		prio_diags_add(h->run->diags, PRIO_SEV_ERROR, "file", NULL, 0,
		    0, "cannot create '%s': %s", h->index_file,
		    strerror(errno));
		free(h->index_file);
		h->index_file = NULL;
		return PRIO_EIO;
	}
	close(fd);
	/* libgit2 refuses an empty file as an index: keep the name only. */
	unlink(h->index_file);
	return PRIO_OK;
}

/*
 * The index the hooks before the commit see: HEAD's tree with exactly
 * prio's changes, as `git commit --only` makes it, kept open as
 * h->index.  With file (a hook process will run) it is written to
 * $GIT_DIR/index.prio-hook-XXXXXX (entries without stat data, as after
 * `git read-tree`); for prio's own hook alone it stays in memory.  No
 * tree is computed for it: at 10,000 stories that costs 15 ms, which the
 * commit pays anyway.
 */
static int
make_hook_index(struct hooks *h, bool file)
{
	struct commit_run *run = h->run;
	git_index_entry e;
	size_t i;
	int rc = PRIO_OK;

	if (file && (rc = name_hook_index(h)) != PRIO_OK)
		return rc;
	if ((file ? git_index_open(&h->index, h->index_file) :
	    git_index_new(&h->index)) < 0 || (run->head_tree &&
	    git_index_read_tree(h->index, run->head_tree) < 0))
		rc = prio_diags_git(run->diags, NULL, "cannot make the index "
		    "for the hooks");
	for (i = 0; i < run->n && rc == PRIO_OK; i++) {
		const struct commit_file *f = &run->files[i];

		memset(&e, 0, sizeof(e));
		e.mode = f->mode;
		e.id = f->blob;
		e.path = f->change->path;
		if (f->remove ? git_index_remove_bypath(h->index, e.path) < 0 :
		    git_index_add(h->index, &e) < 0)
			rc = prio_diags_git(run->diags, e.path, "cannot put "
			    "'%s' in the index for the hooks", e.path);
	}
	if (rc == PRIO_OK && file && git_index_write(h->index) < 0)
		rc = prio_diags_git(run->diags, NULL, "cannot write the "
		    "index for the hooks");
	return rc;
}

static void
remove_hook_index(struct hooks *h)
{
	char *lock;

	git_index_free(h->index);
	h->index = NULL;
	if (h->index_file == NULL)
		return;
	lock = prio_xasprintf("%s.lock", h->index_file);
	unlink(lock);
	unlink(h->index_file);
	free(lock);
	free(h->index_file);
	h->index_file = NULL;
}

/* Whether the commit changes anything: else no hook runs, as no commit
 * is made. */
static bool
changes_head(const struct commit_run *run)
{
	size_t i;

	for (i = 0; i < run->n; i++)
		if (run->files[i].remove || !run->files[i].in_head ||
		    !git_oid_equal(&run->files[i].blob,
		    &run->files[i].head_blob))
			return true;
	return false;
}

static bool
same_stat(const struct stat *a, const struct stat *b)
{
	return a->st_ino == b->st_ino && a->st_size == b->st_size &&
	    a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
	    a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

/* Whether two indexes hold the same entries (stat data aside). */
static bool
same_entries(git_index *a, git_index *b)
{
	const git_index_entry *x, *y;
	size_t i, n = git_index_entrycount(a);

	if (git_index_entrycount(b) != n)
		return false;
	for (i = 0; i < n; i++) {
		x = git_index_get_byindex(a, i);
		y = git_index_get_byindex(b, i);
		if (x->mode != y->mode || !git_oid_equal(&x->id, &y->id) ||
		    git_index_entry_stage(x) != git_index_entry_stage(y) ||
		    strcmp(x->path, y->path) != 0)
			return false;
	}
	return true;
}

/*
 * git commits what a pre-commit hook stages in the index it is given;
 * prio commits only its own changes (its files are written after the
 * commit, from its own bytes), and says so when the hook staged
 * something else.  A hook that merely refreshed the index (`git
 * status`) changed no entry and gets no warning.
 */
static void
check_hook_index(struct hooks *h, const struct stat *before)
{
	git_index *now = NULL;
	struct stat st;

	if (stat(h->index_file, &st) == 0 && same_stat(before, &st))
		return;
	if (git_index_open(&now, h->index_file) < 0 ||
	    !same_entries(h->index, now))
		prio_diags_add(h->run->diags, PRIO_SEV_WARNING, "hook", NULL,
		    0, 0, "the pre-commit hook changed the index it was given; "
		    "prio commits only its own changes, so what the hook "
		    "staged is not in the commit: see 'git status'");
	git_index_free(now);
	git_error_clear();
}

static int
write_message(const char *path, const git_buf *msg, struct prio_diags *d)
{
	FILE *f = fopen(path, "w");
	bool done = f && fwrite(msg->ptr, 1, msg->size, f) == msg->size;

	if (f && fclose(f) != 0)
		done = false;
	if (done)
		return PRIO_OK;
	prio_diags_add(d, PRIO_SEV_ERROR, "file", NULL, 0, 0, "cannot write "
	    "the commit message to '%s': %s", path, strerror(errno));
	return PRIO_EIO;
}

/* The message file as the hooks left it, cleaned up as before, in *msg. */
static int
read_message(const char *path, git_buf *msg, struct prio_diags *d)
{
	struct prio_buf b = PRIO_BUF_INIT;
	FILE *f = fopen(path, "r");
	char chunk[4096];
	size_t n;
	int rc = PRIO_OK;

	if (f == NULL) {
		prio_diags_add(d, PRIO_SEV_ERROR, "file", NULL, 0, 0, "cannot "
		    "read the commit message from '%s': %s", path,
		    strerror(errno));
		return PRIO_EIO;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		prio_buf_add(&b, chunk, n);
	fclose(f);
	git_buf_dispose(msg);
	if (git_message_prettify(msg, b.ptr, 0, '#') < 0)
		rc = prio_diags_git(d, NULL, "cannot read the commit "
		    "message");
	else if (msg->size == 0)
		rc = commit_refuse(d, NULL, "aborting commit due to empty "
		    "commit message (the hooks emptied it); nothing was "
		    "changed");
	prio_buf_free(&b);
	return rc;
}

/* prepare-commit-msg and commit-msg on $GIT_DIR/COMMIT_EDITMSG, which
 * holds the message first and is read back after them, as git does. */
static int
message_hooks(struct hooks *h, const char *prepare, const char *check,
    git_buf *msg)
{
	char *path = prio_xasprintf("%sCOMMIT_EDITMSG",
	    git_repository_path(h->run->repo));
	int rc;

	if ((rc = write_message(path, msg, h->run->diags)) == PRIO_OK &&
	    (prepare == NULL || (rc = run_hook(h, "prepare-commit-msg",
	    prepare, path, "message", false)) == PRIO_OK) &&
	    (check == NULL || (rc = run_hook(h, "commit-msg", check, path,
	    NULL, true)) == PRIO_OK))
		rc = read_message(path, msg, h->run->diags);
	free(path);
	return rc;
}

static bool
is_own_hook(const struct commit_run *run, const char *path)
{
	const struct prio_own_hook *own = &run->opts->own_pre_commit;

	return own->is_own && own->run && own->is_own(own->arg, path);
}

int
commit_hooks_before(struct commit_run *run, git_buf *msg)
{
	struct hooks h;
	struct stat st;
	char *pre, *prepare, *check;
	bool own;
	int rc = PRIO_OK;

	hooks_init(&h, run);
	pre = run->opts->no_verify ? NULL : find_hook(&h, "pre-commit");
	prepare = find_hook(&h, "prepare-commit-msg");
	check = run->opts->no_verify ? NULL : find_hook(&h, "commit-msg");
	if ((pre == NULL && prepare == NULL && check == NULL) ||
	    !changes_head(run))
		goto out;
	own = pre && is_own_hook(run, pre);
	h.prefix = cwd_prefix(run->workdir);
	if ((rc = make_hook_index(&h, (pre && !own) || prepare || check)))
		goto out;
	if (pre) {
		if (h.index_file == NULL || stat(h.index_file, &st) != 0)
			memset(&st, 0, sizeof(st));
		if (own)
			rc = run_own_hook(&h);
		else if ((rc = run_hook(&h, "pre-commit", pre, NULL, NULL,
		    true)) == PRIO_OK)
			check_hook_index(&h, &st);
		if (rc != PRIO_OK)
			goto out;
	}
	if (prepare || check)
		rc = message_hooks(&h, prepare, check, msg);
out:
	remove_hook_index(&h);
	free(pre);
	free(prepare);
	free(check);
	hooks_free(&h);
	return rc;
}

void
commit_hooks_after(struct commit_run *run)
{
	struct hooks h;
	char *path;
	int status, err;

	hooks_init(&h, run);
	if ((path = find_hook(&h, "post-commit")) != NULL) {
		h.prefix = cwd_prefix(run->workdir);
		h.index_file = prio_xasprintf("%sindex",
		    git_repository_path(run->repo));
		err = spawn(&h, path, h.index_file, NULL, NULL, &status);
		if (err != 0)
			prio_diags_add(run->diags, PRIO_SEV_WARNING, "hook",
			    NULL, 0, 0, "cannot run the post-commit hook: %s",
			    strerror(err));
	}
	free(path);
	hooks_free(&h);
}
