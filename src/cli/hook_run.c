/*
 * prio hook run — what the installed hooks call (installed by cli_hooks.c).
 *
 * Both hooks look at backlog/ only: a commit or push that leaves it as
 * it was costs one comparison of tree ids, however large the backlog.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "prio/buf.h"
#include "prio/config.h"
#include "prio/error.h"
#include "prio/object.h"

#define BACKLOG_DIR "backlog"

/* Counts the blobs in tree and its sub-trees. */
static int
count_blob(const char *root, const git_tree_entry *e, void *payload)
{
	(void)root;
	if (git_tree_entry_type(e) != GIT_OBJECT_TREE)
		++*(size_t *)payload;
	return 0;
}

/*
 * The entry for path (relative to top) in top or its sub-trees.  Index
 * entries come sorted, so the folder read last is kept in *dir (NULL at
 * first; the caller frees it) and each sub-tree is read once.
 */
static const git_tree_entry *
tree_entry(git_tree *top, const char *path, git_tree **dir,
    struct prio_buf *dir_path)
{
	const char *slash = strrchr(path, '/');
	size_t len = slash ? (size_t)(slash - path) : 0;
	git_tree_entry *sub;

	if (*dir == NULL || dir_path->len != len ||
	    memcmp(dir_path->ptr, path, len) != 0) {
		git_tree_free(*dir);
		*dir = NULL;
		prio_buf_clear(dir_path);
		prio_buf_add(dir_path, path, len);
		if (len == 0)
			git_tree_dup(dir, top);
		else if (git_tree_entry_bypath(&sub, top, dir_path->ptr) == 0) {
			if (git_tree_entry_type(sub) == GIT_OBJECT_TREE)
				git_tree_lookup(dir, git_tree_owner(top),
				    git_tree_entry_id(sub));
			git_tree_entry_free(sub);
		}
	}
	return *dir ? git_tree_entry_byname(*dir, slash ? slash + 1 : path) :
	    NULL;
}

/*
 * Whether the index (GIT_INDEX_FILE when git set it) differs from HEAD
 * under backlog/: each index entry there looked up in HEAD's tree, then
 * the counts compared (for deletions).  Cheaper than a diff, which
 * matches a pathspec against every entry.  True when it cannot be told,
 * so that the check runs.
 */
static bool
backlog_staged(git_repository *repo)
{
	const char *prefix = BACKLOG_DIR "/";
	size_t plen = strlen(prefix), pos, i, n, staged = 0, committed = 0;
	struct prio_buf dir_path = PRIO_BUF_INIT;
	git_tree *backlog = NULL, *dir = NULL;
	const git_tree_entry *te;
	git_object *head = NULL;
	git_index *index = NULL;
	const git_index_entry *e;
	bool changed = true;

	if (git_repository_index(&index, repo) < 0)
		goto out;
	/* By the tree entry's type: a huge blob named backlog is not read. */
	if (git_revparse_single(&head, repo, "HEAD^{tree}") == 0 &&
	    (te = git_tree_entry_byname((git_tree *)head, BACKLOG_DIR)) &&
	    git_tree_entry_type(te) == GIT_OBJECT_TREE &&
	    git_tree_lookup(&backlog, repo, git_tree_entry_id(te)) == 0)
		git_tree_walk(backlog, GIT_TREEWALK_PRE, count_blob,
		    &committed);
	changed = false;
	n = git_index_entrycount(index);
	if (git_index_find_prefix(&pos, index, prefix) < 0)
		pos = n;
	for (i = pos; i < n && !changed; i++, staged++) {
		e = git_index_get_byindex(index, i);
		if (strncmp(e->path, prefix, plen) != 0)
			break;
		te = backlog && git_index_entry_stage(e) == 0 ?
		    tree_entry(backlog, e->path + plen, &dir, &dir_path) : NULL;
		changed = te == NULL ||
		    !git_oid_equal(git_tree_entry_id(te), &e->id) ||
		    git_tree_entry_filemode(te) != (git_filemode_t)e->mode;
	}
	changed = changed || staged != committed;
out:
	git_tree_free(dir);
	prio_buf_free(&dir_path);
	git_index_free(index);
	git_tree_free(backlog);
	git_object_free(head);
	git_error_clear();
	return changed;
}

/*
 * Whether the hooks fail on every problem: `--all`, or git config
 * prio.strictHooks (a server's administrator sets it in the bare
 * repository; a team that wants it everywhere sets it in each clone, or
 * runs 'prio check --rev' whole in CI).
 */
static bool
strict(git_repository *repo, bool all)
{
	git_config *cfg = NULL;
	int on = 0;

	if (!all && git_repository_config_snapshot(&cfg, repo) == 0 &&
	    git_config_get_bool(&on, cfg, "prio.strictHooks") < 0)
		on = 0;
	git_config_free(cfg);
	git_error_clear();
	return all || on;
}

/* What the pre-commit hook does once it knows backlog/ is changed. */
static int
check_staged(struct cli *cli, bool all)
{
	struct prio_buf fault = PRIO_BUF_INIT;
	int rc = cli_check_since(cli, NULL, true, strict(cli->repo, all) ?
	    NULL : "HEAD", CHECK_TEXT, &fault);

	if (rc == EXIT_REFUSED)
		cli_error("commit refused: %s would be committed with errors "
		    "(above); fix them, 'git add' them, and commit again "
		    "('git commit --no-verify' skips this check)", fault.ptr);
	prio_buf_free(&fault);
	return rc;
}

static int
run_pre_commit(struct cli *cli, bool changed, bool all)
{
	if (!changed && !backlog_staged(cli->repo))
		return EXIT_OK;
	return check_staged(cli, all);
}

bool
cli_own_pre_commit_is(void *cli, const char *path)
{
	(void)cli;
	return cli_hook_is_own("pre-commit", path);
}

/*
 * The hook's `prio hook run pre-commit --changed`, on its own struct cli
 * (the command's backlog stays loaded) whose output is the hook's:
 * stderr.  The library has already seen that backlog/ changes.
 */
int
cli_own_pre_commit_run(void *arg, git_index *index)
{
	const struct cli *cli = arg;
	struct cli hook = { .cmd = cli->cmd, .repo = cli->repo,
	    .out = stderr, .index = index };
	int rc;

	fflush(cli->out);
	rc = check_staged(&hook, false);
	fflush(stderr);
	cli_unload_backlog(&hook);
	return rc;
}

/* The id of backlog/ in commit id's tree; false when there is none. */
static bool
backlog_tree(git_repository *repo, const git_oid *id, git_oid *out)
{
	git_commit *commit = NULL;
	git_tree *tree = NULL;
	const git_tree_entry *e;
	bool found = false;

	if (git_commit_lookup(&commit, repo, id) == 0 &&
	    git_commit_tree(&tree, commit) == 0 &&
	    (e = git_tree_entry_byname(tree, BACKLOG_DIR)) != NULL) {
		git_oid_cpy(out, git_tree_entry_id(e));
		found = true;
	}
	git_tree_free(tree);
	git_commit_free(commit);
	git_error_clear();
	return found;
}

/*
 * Peels what a ref was set to down to a commit, reading sizes before
 * contents: a ref at a huge blob is no commit, and a tag or commit over
 * the largest max-file-size is refused unread (PRIO_ERANGE, *size).
 */
static int
peel_commit(git_repository *repo, const git_oid *id, git_oid *out,
    uint64_t *size)
{
	return prio_object_peel_commit(repo, id, PRIO_MAX_FILE_SIZE_LIMIT, out,
	    size);
}

/*
 * The branch a new branch is compared with: where the server's HEAD
 * points (in a bare repository, the default branch), else
 * refs/remotes/origin/HEAD (a pre-receive run in a clone), else
 * init.defaultBranch, else main, else master; the first that exists and
 * is not ref itself.  Its tip into *out; false when there is none.
 */
static bool
default_branch(git_repository *repo, const char *ref, git_oid *out)
{
	static const char *const tries[] = { "HEAD", "refs/remotes/origin/HEAD",
	    NULL, "refs/heads/main", "refs/heads/master" };
	git_config *cfg = NULL;
	git_buf name = { 0 };
	git_reference *r = NULL, *res = NULL;
	char *fromcfg = NULL;
	size_t i;
	bool found = false;

	if (git_repository_config_snapshot(&cfg, repo) == 0 &&
	    git_config_get_string_buf(&name, cfg, "init.defaultBranch") == 0)
		fromcfg = prio_xasprintf("refs/heads/%s", name.ptr);
	for (i = 0; i < sizeof(tries) / sizeof(*tries) && !found; i++) {
		const char *try = tries[i] ? tries[i] : fromcfg;

		if (try == NULL || git_reference_lookup(&r, repo, try) < 0)
			continue;
		if (git_reference_resolve(&res, r) == 0 &&
		    strcmp(git_reference_name(res), ref) != 0 &&
		    git_reference_target(res) != NULL) {
			git_oid_cpy(out, git_reference_target(res));
			found = true;
		}
		git_reference_free(res);
		git_reference_free(r);
		res = r = NULL;
	}
	free(fromcfg);
	git_buf_dispose(&name);
	git_config_free(cfg);
	git_error_clear();
	return found;
}

/*
 * What a pushed tip is compared with: the old tip, or for a new branch
 * its merge base with the default branch (into hex); false when there
 * is none (the push is checked whole).
 */
static bool
push_base(git_repository *repo, const git_oid *old_id, bool had,
    const git_oid *new_id, const char *ref, char *hex)
{
	git_oid tip, base;

	if (had) {
		git_oid_tostr(hex, GIT_OID_HEXSZ + 1, old_id);
		return true;
	}
	if (!default_branch(repo, ref, &tip) ||
	    git_merge_base(&base, repo, &tip, new_id) < 0) {
		git_error_clear();
		return false;
	}
	git_oid_tostr(hex, GIT_OID_HEXSZ + 1, &base);
	return true;
}

/*
 * One "<old> <new> <ref>" line.  Deletions, tips that are not commits
 * and tips whose backlog/ is the old tip's are let through; the others
 * are held to what they bring or touch (unless strict).
 */
static int
check_update(struct cli *cli, const char *old_hex, const char *new_hex,
    const char *ref, bool all)
{
	git_oid old_id, new_id, old_tree, new_tree;
	char hex[GIT_OID_HEXSZ + 1], base[GIT_OID_HEXSZ + 1];
	struct prio_buf fault = PRIO_BUF_INIT;
	uint64_t size;
	bool had;
	int rc;

	if (git_oid_fromstr(&old_id, old_hex) < 0 ||
	    git_oid_fromstr(&new_id, new_hex) < 0) {
		git_error_clear();
		cli_error("pre-receive: cannot read the update line for '%s'; "
		    "git sends '<old> <new> <ref>'", ref);
		return EXIT_USAGE;
	}
	if (git_oid_is_zero(&new_id))
		return EXIT_OK;
	if ((rc = peel_commit(cli->repo, &new_id, &new_id, &size)) ==
	    PRIO_ERANGE) {
		git_oid_tostr(hex, sizeof(hex), &new_id);
		cli_error("push refused: %s names %s, a %llu-byte object, "
		    "over the %d bytes prio reads; push a smaller commit or "
		    "tag", ref, hex, (unsigned long long)size,
		    PRIO_MAX_FILE_SIZE_LIMIT);
		return EXIT_REFUSED;
	}
	if (rc != PRIO_OK || !backlog_tree(cli->repo, &new_id, &new_tree))
		return EXIT_OK;
	had = !git_oid_is_zero(&old_id) &&
	    peel_commit(cli->repo, &old_id, &old_id, &size) == PRIO_OK;
	if (had && backlog_tree(cli->repo, &old_id, &old_tree) &&
	    git_oid_equal(&old_tree, &new_tree))
		return EXIT_OK;
	git_oid_tostr(hex, sizeof(hex), &new_id);
	rc = cli_check_since(cli, hex, false, !strict(cli->repo, all) &&
	    push_base(cli->repo, &old_id, had, &new_id, ref, base) ? base :
	    NULL, CHECK_TEXT, &fault);
	if (rc == EXIT_REFUSED)
		cli_error("push refused: %s (%.12s) would record %s with "
		    "errors (above); fix them in a new commit and push again",
		    ref, hex, fault.ptr);
	else if (rc != EXIT_OK)
		cli_error("push refused: %s (%.12s) has a backlog prio cannot "
		    "check (above); fix it in a new commit and push again",
		    ref, hex);
	prio_buf_free(&fault);
	cli_unload_backlog(cli);
	return rc;
}

static int
run_pre_receive(struct cli *cli, bool all)
{
	char *line = NULL, *old_hex, *new_hex, *ref, *save;
	size_t cap = 0;
	int rc = EXIT_OK, one;

	while (getline(&line, &cap, stdin) > 0) {
		line[strcspn(line, "\r\n")] = '\0';
		old_hex = strtok_r(line, " ", &save);
		new_hex = strtok_r(NULL, " ", &save);
		ref = strtok_r(NULL, " ", &save);
		if (old_hex == NULL)
			continue;
		if (new_hex == NULL || ref == NULL) {
			cli_error("pre-receive: expected '<old> <new> <ref>' "
			    "on standard input, as git sends it");
			one = EXIT_USAGE;
		} else
			one = check_update(cli, old_hex, new_hex, ref, all);
		if (one > rc)
			rc = one;
	}
	free(line);
	return rc;
}

int
cli_hook_run(struct cli *cli, int argc, char **argv, bool changed, bool all)
{
	if (argc != 1)
		return cli_usage_error(cli, "name the hook to run: pre-commit "
		    "or pre-receive");
	if (strcmp(argv[0], "pre-commit") == 0)
		return run_pre_commit(cli, changed, all);
	if (changed)
		return cli_usage_error(cli, "--changed goes with 'run "
		    "pre-commit'");
	if (strcmp(argv[0], "pre-receive") == 0)
		return run_pre_receive(cli, all);
	return cli_usage_error(cli, "prio has no '%s' hook; name pre-commit "
	    "or pre-receive", argv[0]);
}
