/*
 * Unit tests for prio_commit_changes(): a commit that removes files as
 * well as writing them (a rename, as `prio reid` makes).  Real git is
 * the oracle: status, ls-tree, fsck.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <git2.h>

#include "prio/buf.h"
#include "prio/commit.h"
#include "prio/diag.h"
#include "prio/error.h"
#include "shell.h"
#include "tap.h"

#define OLD "backlog/stories/old/S-1-pay.md"
#define NEW "backlog/stories/S-2-pay.md"
#define DATA "---\nid: S-2\n---\nBody.\n"
#define MSG "prio: reid S-1 as S-2\n\nDuplicate.\n"

static char tmp[PATH_MAX];

/* A repository with OLD and a notes file committed on main. */
static char *
repo_new(const char *name)
{
	char *dir = prio_xasprintf("%s/%s", tmp, name), *o;

	o = out_in(tmp, "git init -q -b main '%s' && cd '%s' && "
	    "git config user.name 'Pat Doe' && "
	    "git config user.email pat@example.com && "
	    "mkdir -p backlog/stories/old && "
	    "printf -- '---\\nid: S-1\\n---\\nBody.\\n' >'%s' && "
	    "echo notes >notes.txt && git add -A && "
	    "git commit -qm base && echo done", name, name, OLD);
	if (strcmp(o, "done") != 0)
		bail("git init");
	free(o);
	return dir;
}

static git_repository *
repo_open(const char *dir)
{
	git_repository *r;

	if (git_repository_open(&r, dir) < 0)
		bail("git_repository_open");
	return r;
}

static const char *
last(const struct prio_diags *d)
{
	return d->count ? d->items[d->count - 1].message : "";
}

static void
test_rename(void)
{
	char *dir = repo_new("rename"), *o;
	git_repository *r = repo_open(dir);
	struct prio_file_change c = { NEW, DATA, strlen(DATA) };
	const char *gone[] = { OLD };
	struct prio_commit_opts opts = { .message = MSG };
	struct prio_diags d = PRIO_DIAGS_INIT;
	git_oid id;

	is_int(prio_commit_changes(r, &c, 1, gone, 1, &opts, &id, &d),
	    PRIO_OK, "a rename commits");
	ok(!git_oid_is_zero(&id), "the commit id is set");
	o = out_in(dir, "git show --no-renames --format=%%s --name-status HEAD");
	is_str(o, "prio: reid S-1 as S-2\n\nA\t" NEW "\nD\t" OLD,
	    "the commit adds the new path and deletes the old");
	free(o);
	o = out_in(dir, "git status --porcelain --untracked-files=all");
	is_str(o, "", "work tree and index are clean afterwards");
	free(o);
	o = out_in(dir, "test -d backlog/stories/old && echo left || echo gone");
	is_str(o, "gone", "a folder left empty goes, as with git rm");
	free(o);
	o = out_in(dir, "cat " NEW);
	is_str(o, "---\nid: S-2\n---\nBody.", "the new file holds the data");
	free(o);
	o = out_in(dir, "git fsck --strict --no-dangling >/dev/null 2>&1 && "
	    "echo clean");
	is_str(o, "clean", "git fsck is clean");
	free(o);
	prio_diags_free(&d);
	git_repository_free(r);
	free(dir);
}

static void
test_remove_only(void)
{
	char *dir = repo_new("only"), *o;
	git_repository *r = repo_open(dir);
	const char *gone[] = { "notes.txt" };
	struct prio_commit_opts opts = { .message = MSG };
	struct prio_diags d = PRIO_DIAGS_INIT;
	git_oid id;

	is_int(prio_commit_changes(r, NULL, 0, gone, 1, &opts, &id, &d),
	    PRIO_OK, "a removal alone commits");
	o = out_in(dir, "git show --format= --name-status HEAD; git status "
	    "--porcelain; ls notes.txt 2>&1 >/dev/null | wc -l");
	is_str(o, "D\tnotes.txt\n1", "the file is gone from commit, index "
	    "and work tree");
	free(o);
	prio_diags_free(&d);
	git_repository_free(r);
	free(dir);
}

static void
test_refusals(void)
{
	char *dir = repo_new("refuse"), *o;
	git_repository *r = repo_open(dir);
	struct prio_file_change c = { NEW, DATA, strlen(DATA) };
	const char *untracked[] = { "backlog/stories/S-9.md" };
	const char *same[] = { NEW };
	const char *gone[] = { OLD };
	struct prio_commit_opts opts = { .message = MSG };
	struct prio_diags d = PRIO_DIAGS_INIT;
	git_oid id;

	o = out_in(dir, "echo x >backlog/stories/S-9.md; git rev-parse HEAD");
	is_int(prio_commit_changes(r, &c, 1, untracked, 1, &opts, &id, &d),
	    PRIO_EINVAL, "removing a file HEAD lacks is refused");
	is_str(last(&d), "cannot remove 'backlog/stories/S-9.md': HEAD does "
	    "not have it; commit it first, and run the command again",
	    "the refusal says to commit it first");
	is_int(prio_commit_changes(r, &c, 1, same, 1, &opts, &id, &d),
	    PRIO_EINVAL, "writing and removing one path is refused");
	is_str(last(&d), "cannot write '" NEW "' twice in one commit; give "
	    "each file once", "the refusal names the path");
	free(out_in(dir, "echo edit >>'%s'", OLD));
	is_int(prio_commit_changes(r, &c, 1, gone, 1, &opts, &id, &d),
	    PRIO_EINVAL, "removing a file with uncommitted edits is refused");
	ok(strstr(last(&d), "it has uncommitted changes") != NULL,
	    "the refusal says why");
	free(o);
	o = out_in(dir, "git status --porcelain --untracked-files=all");
	is_str(o, " M " OLD "\n?? backlog/stories/S-9.md",
	    "nothing was written by the refused runs");
	free(o);
	prio_diags_free(&d);
	git_repository_free(r);
	free(dir);
}

static void
test_no_commit(void)
{
	char *dir = repo_new("nocommit"), *o;
	git_repository *r = repo_open(dir);
	struct prio_file_change c = { NEW, DATA, strlen(DATA) };
	const char *gone[] = { OLD };
	struct prio_commit_opts opts = { .no_commit = true };
	struct prio_diags d = PRIO_DIAGS_INIT;
	git_oid id;

	is_int(prio_commit_changes(r, &c, 1, gone, 1, &opts, &id, &d),
	    PRIO_OK, "no_commit writes and removes");
	ok(git_oid_is_zero(&id), "no commit was made");
	o = out_in(dir, "git status --porcelain --untracked-files=all");
	is_str(o, " D " OLD "\n?? " NEW, "the work tree alone changed");
	free(o);
	prio_diags_free(&d);
	git_repository_free(r);
	free(dir);
}

int
main(void)
{
	char *o;

	snprintf(tmp, sizeof(tmp), "%s/prio-commit-remove.XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(tmp) == NULL)
		bail("mkdtemp");
	setenv("HOME", tmp, 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("GIT_CONFIG_GLOBAL", "/dev/null", 1);
	unsetenv("GIT_DIR");
	unsetenv("GIT_WORK_TREE");
	git_libgit2_init();
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_GLOBAL, tmp);
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_XDG, tmp);
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_SYSTEM, tmp);
	test_rename();
	test_remove_only();
	test_refusals();
	test_no_commit();
	git_libgit2_shutdown();
	o = out_in("/", "rm -rf '%s'", tmp);
	free(o);
	return tap_done();
}
