/*
 * Opening the repository a command runs in, as git finds it ($GIT_DIR,
 * discovery upwards, `git -c` settings), with git's words for the ways
 * that fails.  main() and cli_invoke() both open it here.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_change.h"
#include "prio/buf.h"
#include "prio/gitenv.h"

/*
 * A repository owned by another user (libgit2's GIT_EOWNER, git's
 * "dubious ownership"): says so as git does, with the command that
 * trusts it.  libgit2 says only that an owner is wrong, so the
 * repository is opened again without the check to learn its top folder
 * (git's key for safe.directory: the work tree, or the git directory
 * of a bare repository), and then closed.
 */
static void
dubious_ownership(void)
{
	git_repository *repo = NULL;
	const char *top = NULL;
	char *path = NULL;
	size_t n;

	if (git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0) == 0 &&
	    git_repository_open_ext(&repo, NULL,
	    GIT_REPOSITORY_OPEN_FROM_ENV, NULL) == 0) {
		top = git_repository_workdir(repo);
		path = prio_xstrdup(top ? top : git_repository_path(repo));
		n = strlen(path);
		if (n > 1 && path[n - 1] == '/')
			path[n - 1] = '\0';
	}
	(void)git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 1);
	git_repository_free(repo);
	if (path == NULL) {
		cli_error("detected dubious ownership in the repository: it "
		    "is owned by another user; see `git help config` "
		    "(safe.directory)");
		return;
	}
	/* As git words it, and the command as git prints it. */
	cli_error("detected dubious ownership in repository at '%s': it is "
	    "owned by another user; if you trust it, run\n"
	    "\tgit config --global --add safe.directory %s", path, path);
	free(path);
}

int
cli_open_repository(struct cli *cli)
{
	const git_error *e;
	int rc;

	rc = git_repository_open_ext(&cli->repo, NULL,
	    GIT_REPOSITORY_OPEN_FROM_ENV, NULL);
	/*
	 * libgit2 1.5 says GIT_EOWNER only when the user's git config has
	 * some safe.directory; with none at all, the failed lookup of one
	 * comes back instead ("config value 'safe.directory' was not
	 * found", GIT_ENOTFOUND).  Both mean the owner check refused.
	 */
	e = git_error_last();
	if (rc == GIT_EOWNER || (rc == GIT_ENOTFOUND && e &&
	    e->klass == GIT_ERROR_CONFIG &&
	    strstr(e->message, "'safe.directory'") != NULL)) {
		dubious_ownership();
		return EXIT_USAGE;
	}
	if (rc == 0) {
		/* `git -c k=v prio`: settings libgit2 does not read itself. */
		if (prio_gitenv_apply(cli->repo) == 0) {
			cli_recover(cli);
			return EXIT_OK;
		}
		git_repository_free(cli->repo);
		cli->repo = NULL;
	}
	e = git_error_last();
	/* A broken ~/.gitconfig stops git too ("bad config line 1"). */
	if (e && e->klass == GIT_ERROR_CONFIG)
		cli_error("cannot read the git config: %s", e->message);
	else if (e && e->klass == GIT_ERROR_REPOSITORY &&
	    strstr(e->message, "could not find") == NULL)
		cli_error("cannot open the git repository: %s", e->message);
	else
		cli_error("not in a git repository; run prio inside one, or "
		    "name one with -C <dir>");
	return EXIT_USAGE;
}
