/*
 * bench/libgit2floor.c — the least a git hook built on libgit2 can do:
 * start and initialise libgit2, and with "index" also open the
 * repository git runs the hook in (GIT_DIR, GIT_INDEX_FILE) and read its
 * index.  bench/hook.sh times `git commit` with this as the hook, to
 * show what prio's pre-commit hook costs before prio does any work.
 */
#include <git2.h>
#include <string.h>

int
main(int argc, char **argv)
{
	git_repository *repo = NULL;
	git_index *index = NULL;
	int rc = 0;

	git_libgit2_init();
	if (argc > 1 && strcmp(argv[1], "index") == 0 &&
	    (git_repository_open_ext(&repo, NULL,
	    GIT_REPOSITORY_OPEN_FROM_ENV, NULL) < 0 ||
	    git_repository_index(&index, repo) < 0 ||
	    git_index_entrycount(index) == 0))
		rc = 1;
	git_index_free(index);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return rc;
}
