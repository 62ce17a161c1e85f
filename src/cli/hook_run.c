/*
 * prio hook run — what the installed hooks call (see cmd_hook.c).
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

/* What the pre-commit hook does once it knows backlog/ is changed. */
static int
check_staged(struct cli *cli)
{
	int rc = cli_check(cli, NULL, true, CHECK_TEXT);

	if (rc == EXIT_REFUSED)
		cli_error("commit refused: the stories it would record have "
		    "errors (above); fix them, 'git add' them, and commit "
		    "again ('git commit --no-verify' skips this check)");
	return rc;
}

static int
run_pre_commit(struct cli *cli, bool changed)
{
	if (!changed && !backlog_staged(cli->repo))
		return EXIT_OK;
	return check_staged(cli);
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
	rc = check_staged(&hook);
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
 * One "<old> <new> <ref>" line.  Deletions, tips that are not commits
 * and tips whose backlog/ is the old tip's are let through; a new ref
 * is checked whole.
 */
static int
check_update(struct cli *cli, const char *old_hex, const char *new_hex,
    const char *ref)
{
	git_oid old_id, new_id, old_tree, new_tree;
	char hex[GIT_OID_HEXSZ + 1];
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
	    peel_commit(cli->repo, &old_id, &old_id, &size) == PRIO_OK &&
	    backlog_tree(cli->repo, &old_id, &old_tree);
	if (had && git_oid_equal(&old_tree, &new_tree))
		return EXIT_OK;
	git_oid_tostr(hex, sizeof(hex), &new_id);
	rc = cli_check(cli, hex, false, CHECK_TEXT);
	if (rc != EXIT_OK)
		cli_error("push refused: %s (%.12s) has a backlog with errors "
		    "(above); fix them in a new commit and push again", ref,
		    hex);
	cli_unload_backlog(cli);
	return rc;
}

static int
run_pre_receive(struct cli *cli)
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
			one = check_update(cli, old_hex, new_hex, ref);
		if (one > rc)
			rc = one;
	}
	free(line);
	return rc;
}

int
cli_hook_run(struct cli *cli, int argc, char **argv, bool changed)
{
	if (argc != 1)
		return cli_usage_error(cli, "name the hook to run: pre-commit "
		    "or pre-receive");
	if (strcmp(argv[0], "pre-commit") == 0)
		return run_pre_commit(cli, changed);
	if (changed)
		return cli_usage_error(cli, "--changed goes with 'run "
		    "pre-commit'");
	if (strcmp(argv[0], "pre-receive") == 0)
		return run_pre_receive(cli);
	return cli_usage_error(cli, "prio has no '%s' hook; name pre-commit "
	    "or pre-receive", argv[0]);
}
