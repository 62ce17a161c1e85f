/*
 * bench/libgit2floor.c — the least a tool built on libgit2 can do:
 *
 *	libgit2floor              start and initialise libgit2
 *	libgit2floor index        also open the repository (GIT_DIR,
 *	                          GIT_INDEX_FILE, or the one around the
 *	                          current directory) and read its index
 *	libgit2floor commit PATH  also stage PATH from the work tree, write
 *	                          the index, and commit it on HEAD: what
 *	                          `git add PATH && git commit` does, with
 *	                          libgit2 and nothing else
 *
 * bench/hook.sh times `git commit` with "index" as the hook, to show what
 * prio's pre-commit hook costs before prio does any work; bench/move.sh
 * times "commit" against `prio move`, the floor under any commit of one
 * changed file through libgit2.
 */
#include <git2.h>
#include <string.h>

/* Stages path, writes the index and commits it on HEAD. */
static int
commit(git_repository *repo, git_index *index, const char *path)
{
	git_signature *sig = NULL;
	git_object *head = NULL;
	git_tree *tree = NULL;
	git_oid tree_id, id;
	int rc = -1;

	if (git_index_add_bypath(index, path) < 0 ||
	    git_index_write(index) < 0 ||
	    git_index_write_tree(&tree_id, index) < 0 ||
	    git_tree_lookup(&tree, repo, &tree_id) < 0 ||
	    git_revparse_single(&head, repo, "HEAD^{commit}") < 0 ||
	    git_signature_default(&sig, repo) < 0)
		goto out;
	rc = git_commit_create_v(&id, repo, "HEAD", sig, sig, NULL,
	    "libgit2floor: one file", tree, 1, (const git_commit *)head);
out:
	git_signature_free(sig);
	git_object_free(head);
	git_tree_free(tree);
	return rc < 0 ? 1 : 0;
}

int
main(int argc, char **argv)
{
	git_repository *repo = NULL;
	git_index *index = NULL;
	int rc = 0;

	git_libgit2_init();
	if (argc > 1 && (strcmp(argv[1], "index") == 0 ||
	    strcmp(argv[1], "commit") == 0) &&
	    (git_repository_open_ext(&repo, NULL,
	    GIT_REPOSITORY_OPEN_FROM_ENV, NULL) < 0 ||
	    git_repository_index(&index, repo) < 0 ||
	    git_index_entrycount(index) == 0))
		rc = 1;
	if (rc == 0 && argc > 2 && strcmp(argv[1], "commit") == 0)
		rc = commit(repo, index, argv[2]);
	git_index_free(index);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return rc;
}
