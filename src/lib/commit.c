/*
 * prio_commit_files(): checks, the index lock, objects, a compare-and-
 * swap on the ref, the work-tree files, the index — in that order, for
 * the reasons prio/commit.h gives.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <git2/sys/repository.h>

#include "commit_impl.h"
#include "prio/error.h"

/* Returned inside this file when the compare-and-swap finds HEAD moved. */
#define COMMIT_MOVED 1
/* How often HEAD may move under one run before it gives up. */
#define COMMIT_ATTEMPTS 10

int
commit_refuse(struct prio_diags *diags, const char *path, const char *fmt,
    ...)
{
	va_list ap;

	va_start(ap, fmt);
	prio_diags_vadd(diags, PRIO_SEV_ERROR, "commit", path, 0, 0, fmt, ap);
	va_end(ap);
	return PRIO_EINVAL;
}

int
commit_stop_point(struct commit_run *run)
{
	const volatile sig_atomic_t *flag = run->opts->interrupted;

	if (flag == NULL || *flag == 0)
		return PRIO_OK;
	prio_diags_add(run->diags, PRIO_SEV_ERROR, "interrupted", NULL, 0, 0,
	    "interrupted by signal %d before the commit; nothing was changed",
	    (int)*flag);
	return PRIO_EINVAL;
}

/* path relative to the work tree when it lies inside it (".git/x.lock"),
 * else as given.  Caller frees. */
char *
commit_display_path(const struct commit_run *run, const char *path)
{
	size_t n = run->workdir ? strlen(run->workdir) : 0;

	if (n > 0 && strncmp(path, run->workdir, n) == 0)
		return prio_xstrdup(path + n);
	return prio_xstrdup(path);
}

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Sleeps a little before the next try at a lock, or returns false once
 * COMMIT_LOCK_WAIT_MS have passed since the first call (*deadline_ms
 * starts at 0).  The sleep varies so that waiting processes spread out.
 */
bool
commit_sleep_until(long long *deadline_ms)
{
	static unsigned seed;
	struct timespec ts = { 0, 0 };

	if (*deadline_ms == 0)
		*deadline_ms = now_ms() + COMMIT_LOCK_WAIT_MS;
	if (now_ms() >= *deadline_ms)
		return false;
	if (seed == 0)
		seed = (unsigned)getpid();
	seed = seed * 1103515245u + 12345u;
	ts.tv_nsec = (long)(5 + (seed >> 16) % 20) * 1000000L;
	nanosleep(&ts, NULL);
	return true;
}

/*
 * What HEAD is: *ref_name the branch it names ("refs/heads/main") or
 * "HEAD" when detached (caller frees), *id its commit or zero if unborn.
 */
static int
resolve_head(git_repository *repo, char **ref_name, git_oid *id,
    struct prio_diags *diags)
{
	git_reference *head = NULL, *branch = NULL;
	int err, rc = PRIO_OK;

	*ref_name = NULL;
	memset(id, 0, sizeof(*id));
	if (git_reference_lookup(&head, repo, "HEAD") < 0)
		return prio_diags_git(diags, NULL, "cannot read HEAD");
	if (git_reference_type(head) == GIT_REFERENCE_DIRECT) {
		*ref_name = prio_xstrdup("HEAD");
		*id = *git_reference_target(head);
		goto out;
	}
	*ref_name = prio_xstrdup(git_reference_symbolic_target(head));
	err = git_reference_lookup(&branch, repo, *ref_name);
	if (err == GIT_ENOTFOUND)
		git_error_clear();
	else if (err < 0)
		rc = prio_diags_git(diags, NULL, "cannot read %s", *ref_name);
	else if (git_reference_type(branch) != GIT_REFERENCE_DIRECT)
		rc = commit_refuse(diags, NULL, "cannot commit: HEAD names "
		    "'%s', which names another reference in turn; check out "
		    "a branch", *ref_name);
	else
		*id = *git_reference_target(branch);
out:
	if (rc != PRIO_OK) {
		free(*ref_name);
		*ref_name = NULL;
	}
	git_reference_free(branch);
	git_reference_free(head);
	return rc;
}

int
prio_commit_head(git_oid *out, git_repository *repo, struct prio_diags *diags)
{
	char *name;
	int rc = resolve_head(repo, &name, out, diags);

	free(name);
	return rc;
}

static void
forget_head(struct commit_run *run)
{
	free(run->ref_name);
	run->ref_name = NULL;
	git_tree_free(run->head_tree);
	run->head_tree = NULL;
	git_commit_free(run->head_commit);
	run->head_commit = NULL;
}

static int
read_head(struct commit_run *run)
{
	int rc;

	forget_head(run);
	rc = resolve_head(run->repo, &run->ref_name, &run->head, run->diags);
	if (rc != PRIO_OK || git_oid_is_zero(&run->head))
		return rc;
	if (git_commit_lookup(&run->head_commit, run->repo, &run->head) < 0 ||
	    git_commit_tree(&run->head_tree, run->head_commit) < 0)
		return prio_diags_git(run->diags, NULL, "cannot read the "
		    "commit %s names", run->ref_name);
	return PRIO_OK;
}

/* Whether path has the same entry (or none) in both trees; NULL is the
 * tree of an unborn branch. */
static bool
same_entry(git_tree *a, git_tree *b, const char *path)
{
	git_tree_entry *ea = NULL, *eb = NULL;
	bool same;

	if (a && git_tree_entry_bypath(&ea, a, path) < 0)
		ea = NULL;
	if (b && git_tree_entry_bypath(&eb, b, path) < 0)
		eb = NULL;
	git_error_clear();
	same = ea == NULL || eb == NULL ? ea == eb :
	    git_oid_equal(git_tree_entry_id(ea), git_tree_entry_id(eb)) &&
	    git_tree_entry_filemode(ea) == git_tree_entry_filemode(eb);
	git_tree_entry_free(ea);
	git_tree_entry_free(eb);
	return same;
}

/* PRIO_OK when moving from tree `was` to HEAD's tree changed none of the
 * files; else the "head-moved" failure. */
static int
files_untouched(struct commit_run *run, git_tree *was)
{
	size_t i;

	for (i = 0; i < run->n; i++)
		if (!same_entry(was, run->head_tree,
		    run->files[i].change->path))
			break;
	if (i == run->n)
		return PRIO_OK;
	prio_diags_add(run->diags, PRIO_SEV_ERROR, "head-moved",
	    run->files[i].change->path, 0, 0, "'%s' changed meanwhile, run "
	    "it again: HEAD moved while prio was working, and the new HEAD "
	    "changes it too", run->files[i].change->path);
	return PRIO_EINVAL;
}

/* When the caller read the files at opts->base, HEAD may have moved on
 * since; that is fine as long as it left these files alone. */
static int
check_base(struct commit_run *run)
{
	const git_oid *base = run->opts->base;
	git_commit *commit = NULL;
	git_tree *tree = NULL;
	int rc;

	if (base == NULL || git_oid_equal(base, &run->head))
		return PRIO_OK;
	if (!git_oid_is_zero(base) &&
	    (git_commit_lookup(&commit, run->repo, base) < 0 ||
	    git_commit_tree(&tree, commit) < 0)) {
		git_commit_free(commit);
		return prio_diags_git(run->diags, NULL, "cannot read the "
		    "commit the files were read at");
	}
	rc = files_untouched(run, tree);
	git_tree_free(tree);
	git_commit_free(commit);
	return rc;
}

/* Re-reads HEAD after a failed compare-and-swap; fails unless it is the
 * same branch and the new commits left these files alone. */
static int
follow_head(struct commit_run *run)
{
	char *was_ref = run->ref_name;
	git_tree *was_tree = run->head_tree;
	int rc;

	run->ref_name = NULL;
	run->head_tree = NULL;
	if ((rc = read_head(run)) == PRIO_OK &&
	    strcmp(was_ref, run->ref_name) != 0) {
		prio_diags_add(run->diags, PRIO_SEV_ERROR, "head-moved", NULL,
		    0, 0, "HEAD changed meanwhile, run it again: it moved "
		    "from %s to %s while prio was working", was_ref,
		    run->ref_name);
		rc = PRIO_EINVAL;
	}
	if (rc == PRIO_OK)
		rc = files_untouched(run, was_tree);
	git_tree_free(was_tree);
	free(was_ref);
	return rc;
}

/* The blob bytes of each file: its data through the repository's
 * filters (eol conversion), as `git add` would store it. */
static int
make_blobs(struct commit_run *run)
{
	git_filter_list *fl;
	git_buf out = { 0 };
	size_t i;
	int rc;

	for (i = 0; i < run->n; i++) {
		struct commit_file *f = &run->files[i];
		const struct prio_file_change *c = f->change;

		if (f->remove)
			continue;
		if ((rc = commit_stop_point(run)) != PRIO_OK)
			return rc;
		fl = NULL;
		if (git_filter_list_load(&fl, run->repo, NULL, c->path,
		    GIT_FILTER_TO_ODB, GIT_FILTER_DEFAULT) < 0 ||
		    (fl && git_filter_list_apply_to_buffer(&out, fl, c->data,
		    c->len) < 0)) {
			git_filter_list_free(fl);
			git_buf_dispose(&out);
			return prio_diags_git(run->diags, c->path, "cannot "
			    "convert '%s' for the repository", c->path);
		}
		if (fl)
			prio_buf_add(&f->odb, out.ptr, out.size);
		else
			prio_buf_add(&f->odb, c->data, c->len);
		git_filter_list_free(fl);
		git_buf_dispose(&out);
		if (git_odb_hash(&f->blob, f->odb.ptr, f->odb.len,
		    GIT_OBJECT_BLOB) < 0)
			return prio_diags_git(run->diags, c->path, "cannot "
			    "hash '%s'", c->path);
	}
	return PRIO_OK;
}

static int
write_blobs(struct commit_run *run)
{
	git_oid id;
	size_t i;

	for (i = 0; i < run->n; i++)
		if (!run->files[i].remove &&
		    git_blob_create_from_buffer(&id, run->repo,
		    run->files[i].odb.ptr, run->files[i].odb.len) < 0)
			return prio_diags_git(run->diags,
			    run->files[i].change->path, "cannot store '%s' in "
			    "the object database", run->files[i].change->path);
	return PRIO_OK;
}

/* The new tree: HEAD's with these blobs put in.  Zero *out when it is
 * HEAD's tree already. */
static int
build_tree(struct commit_run *run, git_tree **out)
{
	git_tree_update *ups = prio_xcalloc(run->n, sizeof(*ups));
	git_oid id;
	size_t i;
	int rc = PRIO_OK;

	*out = NULL;
	for (i = 0; i < run->n; i++) {
		ups[i].action = run->files[i].remove ?
		    GIT_TREE_UPDATE_REMOVE : GIT_TREE_UPDATE_UPSERT;
		ups[i].id = run->files[i].blob;
		ups[i].filemode = run->files[i].mode;
		ups[i].path = run->files[i].change->path;
	}
	if ((rc = commit_tree_patch(run->repo, run->head_tree, ups, run->n,
	    &id)) > 0)
		rc = git_tree_create_updated(&id, run->repo, run->head_tree,
		    run->n, ups);
	if (rc < 0)
		rc = prio_diags_git(run->diags, NULL, "cannot build the "
		    "commit's tree");
	else if (run->head_tree == NULL ||
	    !git_oid_equal(&id, git_tree_id(run->head_tree))) {
		if (git_tree_lookup(out, run->repo, &id) < 0)
			rc = prio_diags_git(run->diags, NULL, "cannot read "
			    "the commit's tree");
	}
	free(ups);
	return rc;
}

/*
 * The commit object on HEAD; zero *id when nothing would change.  Signed
 * as git signs: the object's bytes go to the signing program, and the
 * signature goes into its "gpgsig" header (for all three gpg.format).
 */
static int
build_commit(struct commit_run *run, const char *message, git_oid *id)
{
	const git_commit *parents[1] = { run->head_commit };
	git_tree *tree = NULL;
	git_buf payload = { 0 };
	struct prio_buf sig = PRIO_BUF_INIT;
	bool sign;
	int rc;

	memset(id, 0, sizeof(*id));
	if ((rc = build_tree(run, &tree)) != PRIO_OK || tree == NULL ||
	    (rc = commit_sign_wanted(run, &sign)) != PRIO_OK)
		goto out;
	if (!sign) {
		if (git_commit_create(id, run->repo, NULL, run->author,
		    run->committer, NULL, message, tree,
		    run->head_commit ? 1 : 0, parents) < 0)
			rc = prio_diags_git(run->diags, NULL, "cannot write "
			    "the commit");
		goto out;
	}
	if (git_commit_create_buffer(&payload, run->repo, run->author,
	    run->committer, NULL, message, tree, run->head_commit ? 1 : 0,
	    parents) < 0) {
		rc = prio_diags_git(run->diags, NULL, "cannot build the "
		    "commit");
		goto out;
	}
	if ((rc = commit_sign(run, payload.ptr, payload.size, &sig)) ==
	    PRIO_OK && git_commit_create_with_signature(id, run->repo,
	    payload.ptr, sig.ptr, "gpgsig") < 0)
		rc = prio_diags_git(run->diags, NULL, "cannot write the "
		    "signed commit");
out:
	if (rc != PRIO_OK)
		memset(id, 0, sizeof(*id));
	prio_buf_free(&sig);
	git_buf_dispose(&payload);
	git_tree_free(tree);
	return rc;
}

static int
ref_locked(struct commit_run *run)
{
	const char *dir = strcmp(run->ref_name, "HEAD") == 0 ?
	    git_repository_path(run->repo) :
	    git_repository_commondir(run->repo);
	char *lock, *shown;

	lock = prio_xasprintf("%s%s.lock", dir, run->ref_name);
	shown = commit_display_path(run, lock);
	prio_diags_add(run->diags, PRIO_SEV_ERROR, "lock", NULL, 0, 0,
	    "cannot update %s: '%s' exists; another git process seems to be "
	    "running in this repository; if none is, a git command was "
	    "interrupted: remove the file and run the command again",
	    run->ref_name, shown);
	free(shown);
	free(lock);
	git_error_clear();
	return PRIO_EBUSY;
}

/*
 * Moves the ref from run->head to id, only if it still is run->head (the
 * zero id: only if it does not exist yet).  The reflog's identity is the
 * committer's, as git's is, and is put back afterwards.
 */
static int
move_ref(struct commit_run *run, const git_oid *id, const char *log)
{
	git_reference *ref = NULL;
	const char *n0 = NULL, *e0 = NULL;
	char *name, *email;
	long long deadline = 0;
	int err, stop = PRIO_OK;

	/* The last moment to stop; from here the run goes to the end. */
	if ((err = commit_stop_point(run)) != PRIO_OK)
		return err;
	run->landing = *id;
	if (journal_note_landing(run) != PRIO_OK) {
		prio_diags_add(run->diags, PRIO_SEV_ERROR, "journal", NULL, 0,
		    0, "cannot write the journal: %s", strerror(errno));
		return PRIO_EIO;
	}
	journal_test_point("landing");
	git_repository_ident(&n0, &e0, run->repo);
	name = n0 ? prio_xstrdup(n0) : NULL;
	email = e0 ? prio_xstrdup(e0) : NULL;
	git_repository_set_ident(run->repo, run->committer->name,
	    run->committer->email);
	do {
		err = git_reference_create_matching(&ref, run->repo,
		    run->ref_name, id, 1, &run->head, log);
	} while (err == GIT_ELOCKED && (stop = commit_stop_point(run)) ==
	    PRIO_OK && commit_sleep_until(&deadline));
	git_reference_free(ref);
	git_repository_set_ident(run->repo, name, email);
	free(name);
	free(email);
	if (err == 0)
		return PRIO_OK;
	if (err == GIT_EMODIFIED || err == GIT_EEXISTS) {
		git_error_clear();
		return COMMIT_MOVED;
	}
	if (stop != PRIO_OK) {
		git_error_clear();
		return stop;
	}
	if (err == GIT_ELOCKED)
		return ref_locked(run);
	return prio_diags_git(run->diags, NULL, "cannot move %s to the new "
	    "commit", run->ref_name);
}

/*
 * Commits on HEAD and moves the ref, following HEAD when something else
 * moved it without touching these files.  *id is the commit, or zero if
 * there was nothing to commit.
 */
static int
land_once_or_more(struct commit_run *run, const char *message, git_oid *id)
{
	size_t subject = strcspn(message, "\n");
	char *log;
	int attempt, rc;

	for (attempt = 1;; attempt++) {
		if ((rc = build_commit(run, message, id)) != PRIO_OK ||
		    git_oid_is_zero(id))
			return rc;
		log = prio_xasprintf("prio%s: %.*s", run->head_commit ? "" :
		    " (initial)", (int)subject, message);
		rc = move_ref(run, id, log);
		free(log);
		if (rc != COMMIT_MOVED)
			return rc;
		if (attempt == COMMIT_ATTEMPTS) {
			prio_diags_add(run->diags, PRIO_SEV_ERROR, "head-moved",
			    NULL, 0, 0, "HEAD changed meanwhile, run it again: "
			    "it moved %d times while prio was working",
			    attempt);
			return PRIO_EINVAL;
		}
		if ((rc = follow_head(run)) != PRIO_OK)
			return rc;
	}
}

static int
land(struct commit_run *run, const char *message, git_oid *id)
{
	int rc = land_once_or_more(run, message, id);

	if (rc != PRIO_OK)
		memset(id, 0, sizeof(*id));
	return rc;
}

/* The message as `git commit -m` keeps it; refuses an empty one. */
static int
clean_message(const char *message, git_buf *out, struct prio_diags *diags)
{
	if (git_message_prettify(out, message, 0, '#') < 0)
		return prio_diags_git(diags, NULL, "cannot read the commit "
		    "message");
	if (out->size == 0)
		return commit_refuse(diags, NULL, "cannot commit: the commit "
		    "message is empty; say why the priorities change");
	return PRIO_OK;
}

/* Ends the run; keep: the ref moved, but the work tree or the index
 * was not brought up to date, which the journal lets the next prio
 * finish. */
static void
run_free(struct commit_run *run, bool keep)
{
	size_t i;

	commit_drop_temps(run);
	commit_unlock_index(run);
	journal_end(run, keep);
	forget_head(run);
	for (i = 0; i < run->n; i++)
		prio_buf_free(&run->files[i].odb);
	free(run->files);
	git_signature_free(run->author);
	git_signature_free(run->committer);
}

/* The commit and everything it needs, up to the ref moving. */
static int
commit(struct commit_run *run, git_oid *id)
{
	git_buf msg = { 0 };
	int rc;

	journal_test_point("begin");
	if ((rc = clean_message(run->opts->message, &msg, run->diags)) ||
	    (rc = commit_identity(&run->author, &run->committer, run->repo,
	    run->diags)) || (rc = journal_begin(run)) ||
	    (rc = commit_stop_point(run)) || (rc = commit_lock_index(run)))
		goto out;
	/*
	 * The filters (make_blobs) read .gitattributes from the index too:
	 * let them use the copy just read, not parse the index a second
	 * time (10 ms and more at 10,000 stories).
	 */
	git_repository_set_index(run->repo, run->index);
	if ((rc = make_blobs(run)) || (rc = read_head(run)) ||
	    (rc = check_base(run)) || (rc = commit_check_clean(run)) ||
	    (rc = commit_stop_point(run)) || (rc = write_blobs(run)) ||
	    (rc = commit_stop_point(run)) ||
	    (rc = commit_hooks_before(run, &msg)) ||
	    (rc = commit_prepare_files(run)))
		goto out;
	journal_test_point("prepared");
	rc = land(run, msg.ptr, id);
out:
	/* Back to the repository's own index, read again when needed. */
	git_repository_set_index(run->repo, NULL);
	git_buf_dispose(&msg);
	return rc;
}

int
prio_commit_files(git_repository *repo, const struct prio_file_change *files,
    size_t n, const struct prio_commit_opts *opts, git_oid *commit_out,
    struct prio_diags *diags)
{
	return prio_commit_changes(repo, files, n, NULL, 0, opts, commit_out,
	    diags);
}

int
prio_commit_changes(git_repository *repo,
    const struct prio_file_change *files, size_t n,
    const char *const *removes, size_t nremove,
    const struct prio_commit_opts *opts, git_oid *commit_out,
    struct prio_diags *diags)
{
	struct commit_run run = { .repo = repo, .opts = opts, .diags = diags,
	    .lock_fd = -1, .dir_fd = -1, .journal_fd = -1 };
	struct prio_file_change *gone = NULL;
	git_oid id;
	size_t i;
	int rc;

	memset(&id, 0, sizeof(id));
	if (removes == NULL)
		nremove = 0;
	if ((files == NULL && n > 0) || n + nremove == 0 || opts == NULL ||
	    (!opts->no_commit && opts->message == NULL)) {
		rc = commit_refuse(diags, NULL, "cannot commit: %s",
		    opts && !opts->no_commit && opts->message == NULL ?
		    "no commit message was given" : "no files were given");
		goto out;
	}
	if ((rc = commit_check_repo(repo, !opts->no_commit, diags)) != 0)
		goto out;
	run.workdir = git_repository_workdir(repo);
	run.files = prio_xcalloc(n + nremove, sizeof(*run.files));
	run.n = n + nremove;
	gone = prio_xcalloc(nremove + 1, sizeof(*gone));
	for (i = 0; i < run.n; i++) {
		prio_buf_init(&run.files[i].odb);
		if (i < n)
			run.files[i].change = &files[i];
		else {
			gone[i - n].path = removes[i - n];
			run.files[i].change = &gone[i - n];
			run.files[i].remove = true;
		}
	}
	if ((rc = commit_check_paths(&run)) != PRIO_OK)
		goto out;
	journal_new_token(&run);
	if (opts->no_commit) {
		rc = commit_write_files(&run, false);
		goto out;
	}
	if ((rc = commit(&run, &id)) != PRIO_OK || git_oid_is_zero(&id))
		goto out;
	/* Past the ref, a signal no longer stops the run (see Signals);
	 * post-commit, which only reports, is skipped once one came. */
	journal_test_point("landed");
	if ((rc = commit_write_files(&run, true)) != PRIO_OK)
		goto out;
	journal_test_point("written");
	if ((rc = commit_update_index(&run)) != PRIO_OK)
		goto out;
	/* Done: a prio the hook runs may commit in turn. */
	journal_end(&run, false);
	if (opts->interrupted == NULL || *opts->interrupted == 0)
		commit_hooks_after(&run);
out:
	run_free(&run, rc != PRIO_OK && !git_oid_is_zero(&id));
	free(gone);
	if (commit_out)
		*commit_out = id;
	return rc;
}
