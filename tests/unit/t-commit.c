/*
 * Unit tests for prio/commit.h: one commit from new file contents.
 *
 * Each test makes its own repository under one temporary folder and uses
 * the real git program as the oracle for what prio did: git log, status,
 * fsck, cat-file, reflog, interpret-trailers.  HOME and git's config
 * search paths point into that folder, so the tester's own identity and
 * settings never leak in.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <git2.h>

#include "prio/buf.h"
#include "prio/commit.h"
#include "prio/diag.h"
#include "prio/error.h"
#include "prio/journal.h"
#include "shell.h"
#include "tap.h"

#define DATE "1700000000 +0000"
#define MSG "prio: move S-1 to #1 (was #2)\n\nCustomers asked.\n\n" \
	"Prio-Story: S-1\nPrio-Change: rank 2 -> 0.5\n"
#define S1 "backlog/stories/S-1.md"
#define S2 "backlog/stories/S-2.md"
#define OLD1 "---\nid: S-1\nrank: 2\n---\nBody one.\n"
#define NEW1 "---\nid: S-1\nrank: 0.5\n---\nBody one.\n"
#define OLD2 "---\nid: S-2\nrank: 1\n---\nBody two.\n"
#define S9 "---\nid: S-9\n---\n"
#define NEW2 "---\nid: S-2\nrank: 3\n---\nBody two.\n"

static char tmp[PATH_MAX];

static void
put(const char *dir, const char *path, const char *data)
{
	char *full = prio_xasprintf("%s/%s", dir, path);
	FILE *f = fopen(full, "wb");

	if (f == NULL || fwrite(data, 1, strlen(data), f) != strlen(data) ||
	    fclose(f) != 0)
		bail(full);
	free(full);
}

static char *
get(const char *dir, const char *path)
{
	return out_in(dir, "cat '%s' 2>/dev/null", path);
}

/* A new repository with local identity; with seed, two stories and a
 * notes file committed on main. */
static char *
repo_new(const char *name, bool seed)
{
	char *dir = prio_xasprintf("%s/%s", tmp, name);

	if (sh_in(tmp, "git init -q -b main '%s' && cd '%s' && "
	    "git config user.name 'Pat Doe' && "
	    "git config user.email pat@example.com", name, name) != 0)
		bail("git init");
	if (!seed)
		return dir;
	sh_in(dir, "mkdir -p backlog/stories");
	put(dir, S1, OLD1);
	put(dir, S2, OLD2);
	put(dir, "notes.txt", "notes\n");
	put(dir, "todo.txt", "todo\n");
	if (sh_in(dir, "git add -A && git commit -qm base") != 0)
		bail("git commit");
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

/* The last diagnostic's message, or "" (borrowed). */
static const char *
last(const struct prio_diags *d)
{
	return d->count ? d->items[d->count - 1].message : "";
}

static const char *
last_rule(const struct prio_diags *d)
{
	return d->count ? d->items[d->count - 1].rule : "";
}

static bool
has(const char *hay, const char *needle)
{
	return strstr(hay, needle) != NULL;
}

/* Commits one file with MSG; rc, and the diagnostics in *d. */
static int
commit1(git_repository *r, const char *path, const char *data,
    const git_oid *base, struct prio_diags *d, git_oid *id)
{
	struct prio_file_change c = { path, data, strlen(data) };
	struct prio_commit_opts o = { .message = MSG, .base = base };

	return prio_commit_files(r, &c, 1, &o, id, d);
}

static bool
fsck_clean(const char *dir)
{
	return sh_in(dir, "git fsck --strict --no-dangling >/dev/null 2>&1") == 0;
}

static bool
oid_is(const git_oid *id, const char *hex)
{
	char s[GIT_OID_HEXSZ + 1];

	git_oid_tostr(s, sizeof(s), id);
	return strcmp(s, hex) == 0;
}

static void
test_branch(void)
{
	char *dir = repo_new("branch", true), *s, *was;
	struct prio_diags d = PRIO_DIAGS_INIT;
	git_repository *r = repo_open(dir);
	git_oid id;

	was = out_in(dir, "git rev-parse HEAD");
	is_int(commit1(r, S1, NEW1, NULL, &d, &id), PRIO_OK,
	    "branch: the commit is made");
	is_str(last(&d), "", "branch: no diagnostic");
	s = out_in(dir, "git rev-parse HEAD");
	ok(oid_is(&id, s), "branch: commit_out is the new HEAD");
	free(s);
	s = out_in(dir, "git rev-parse HEAD^");
	is_str(s, was, "branch: its parent is the old HEAD");
	free(s);
	s = out_in(dir, "git symbolic-ref HEAD");
	is_str(s, "refs/heads/main", "branch: HEAD still names main");
	free(s);
	s = out_in(dir, "git show --name-only --format= HEAD");
	is_str(s, S1, "branch: the commit holds exactly the story");
	free(s);
	s = out_in(dir, "git cat-file blob HEAD:" S1);
	is_str(s, "---\nid: S-1\nrank: 0.5\n---\nBody one.",
	    "branch: the blob holds the new contents");
	free(s);
	s = get(dir, S1);
	is_str(s, "---\nid: S-1\nrank: 0.5\n---\nBody one.",
	    "branch: the work tree holds them too");
	free(s);
	s = out_in(dir, "git log -1 --format=%%B");
	is_str(s, MSG, "branch: the message is kept as given");
	free(s);
	s = out_in(dir, "git log -1 --format=%%B | git interpret-trailers "
	    "--parse");
	is_str(s, "Prio-Story: S-1\nPrio-Change: rank 2 -> 0.5",
	    "branch: git reads the trailers");
	free(s);
	s = out_in(dir, "git status --porcelain");
	is_str(s, "", "branch: git status is clean");
	free(s);
	s = out_in(dir, "git reflog -1 --format=%%gs main");
	is_str(s, "prio: prio: move S-1 to #1 (was #2)",
	    "branch: the branch's reflog names prio and the subject");
	free(s);
	s = out_in(dir, "git reflog -1 --format=%%gs HEAD");
	is_str(s, "prio: prio: move S-1 to #1 (was #2)",
	    "branch: HEAD's reflog has the entry too");
	free(s);
	s = out_in(dir, "git log -1 --format='%%an <%%ae> %%ad|%%cn <%%ce> %%cd' "
	    "--date=raw");
	is_str(s, "Pat Doe <pat@example.com> " DATE "|Pat Doe "
	    "<pat@example.com> " DATE, "branch: identity from git config, "
	    "dates from GIT_*_DATE");
	free(s);
	s = out_in(dir, "ls -a backlog/stories .git | grep -c prio");
	is_str(s, "0", "branch: no temporary file is left behind");
	free(s);
	ok(fsck_clean(dir), "branch: git fsck is clean");
	prio_diags_free(&d);
	git_repository_free(r);
	free(was);
	free(dir);
}

static void
test_other_work_untouched(void)
{
	char *dir = repo_new("others", true), *s;
	struct prio_diags d = PRIO_DIAGS_INIT;
	git_repository *r = repo_open(dir);
	struct prio_file_change c[2] = {
		{ S1, NEW1, strlen(NEW1) },
		{ "backlog/stories/new/S-9.md", S9, strlen(S9) },
	};
	struct prio_commit_opts o = { .message = MSG };
	git_oid id;

	put(dir, "staged.txt", "staged\n");
	put(dir, "notes.txt", "notes, staged edit\n");
	sh_in(dir, "git add staged.txt notes.txt");
	put(dir, "todo.txt", "todo, unstaged edit\n");
	put(dir, "untracked.txt", "untracked\n");
	is_int(prio_commit_files(r, c, 2, &o, &id, &d), PRIO_OK,
	    "others: two files, one in a new folder, commit");
	s = out_in(dir, "git show --name-only --format= HEAD");
	is_str(s, S1 "\nbacklog/stories/new/S-9.md",
	    "others: the commit holds exactly the two stories");
	free(s);
	s = out_in(dir, "git status --porcelain");
	is_str(s, "M  notes.txt\nA  staged.txt\n M todo.txt\n?? untracked.txt",
	    "others: the user's staged, unstaged and untracked work stays");
	free(s);
	s = out_in(dir, "git diff --cached notes.txt | grep '^+notes'");
	is_str(s, "+notes, staged edit", "others: the staged edit is intact");
	free(s);
	s = get(dir, "backlog/stories/new/S-9.md");
	is_str(s, "---\nid: S-9\n---", "others: the new file is written");
	free(s);
	ok(fsck_clean(dir), "others: git fsck is clean");
	prio_diags_free(&d);
	git_repository_free(r);
	free(dir);
}

/* The index and whatever prio left beside it or in its own folder of
 * the git directory, one name per line. */
static char *
temps(const char *dir)
{
	return out_in(dir, "{ ls -a .git; ls -a .git/prio 2>/dev/null; } | "
	    "grep '^index' || true");
}

/*
 * The index read ahead (prio_commit_prefetch): taken when the index is
 * still the file read, read again when it changed meanwhile (a staged
 * change made in between is kept, not lost to the stale copy), and
 * never written into: the index file prio read keeps its bytes.
 */
static void
test_prefetch(void)
{
	char *dir = repo_new("prefetch", true), *s;
	struct prio_diags d = PRIO_DIAGS_INIT;
	git_repository *r = repo_open(dir);
	struct prio_file_change c = { S1, NEW1, strlen(NEW1) };
	struct prio_commit_opts o = { .message = MSG };
	struct prio_index_prefetch *p;
	git_oid id;

	is_int(prio_commit_prefetch_result(NULL), PRIO_PREFETCH_NONE,
	    "prefetch: none is none");
	prio_commit_prefetch_free(NULL);
	put(dir, "notes.txt", "notes, staged edit\n");
	sh_in(dir, "git add notes.txt && ln .git/index ../prefetch-old-index "
	    "&& cp .git/index ../prefetch-old-bytes");
	o.prefetch = p = prio_commit_prefetch(r);
	ok(p != NULL, "prefetch: the read starts");
	is_int(prio_commit_prefetch_result(p), PRIO_PREFETCH_READ,
	    "prefetch: the index is read");
	is_int(prio_commit_files(r, &c, 1, &o, &id, &d), PRIO_OK,
	    "prefetch: the commit is made");
	is_int(prio_commit_prefetch_result(p), PRIO_PREFETCH_TAKEN,
	    "prefetch: with the index read ahead");
	prio_commit_prefetch_free(p);
	s = out_in(dir, "git status --porcelain");
	is_str(s, "M  notes.txt", "prefetch: the story is committed and the "
	    "staged edit stays staged");
	free(s);
	s = out_in(dir, "cmp ../prefetch-old-index ../prefetch-old-bytes && "
	    "echo same");
	is_str(s, "same", "prefetch: the index file read was not written "
	    "into");
	free(s);
	s = temps(dir);
	is_str(s, "index", "prefetch: no copy is left in .git");
	free(s);

	/* The index changes between the read and the commit. */
	c.data = OLD1;
	c.len = strlen(OLD1);
	o.prefetch = p = prio_commit_prefetch(r);
	is_int(prio_commit_prefetch_result(p), PRIO_PREFETCH_READ,
	    "prefetch, stale: the index is read");
	put(dir, "todo.txt", "todo, staged after the read\n");
	sh_in(dir, "git add todo.txt");
	is_int(prio_commit_files(r, &c, 1, &o, &id, &d), PRIO_OK,
	    "prefetch, stale: the commit is made");
	is_int(prio_commit_prefetch_result(p), PRIO_PREFETCH_STALE,
	    "prefetch, stale: the index is read again");
	prio_commit_prefetch_free(p);
	s = out_in(dir, "git status --porcelain");
	is_str(s, "M  notes.txt\nM  todo.txt", "prefetch, stale: what was "
	    "staged after the read stays staged");
	free(s);
	ok(fsck_clean(dir), "prefetch, stale: git fsck is clean");

	/* Read ahead and never used; what a killed prio left an hour ago
	 * goes, what one left this minute stays. */
	sh_in(dir, "touch .git/prio/index-ahead-1000000000-AbCdEf "
	    ".git/prio/index-ahead-$(date +%%s)-GhIjKl");
	p = prio_commit_prefetch(r);
	is_int(prio_commit_prefetch_result(p), PRIO_PREFETCH_READ,
	    "prefetch, unused: the index is read");
	prio_commit_prefetch_free(p);
	s = temps(dir);
	ok(has(s, "index\nindex-ahead-") && !has(s, "1000000000"),
	    "prefetch, unused: no copy is left in .git, an old one is gone");
	free(s);
	sh_in(dir, "rm .git/prio/index-ahead-*");
	prio_diags_free(&d);
	git_repository_free(r);
	free(dir);

	/* No index yet: nothing to read ahead. */
	dir = repo_new("prefetch-none", false);
	r = repo_open(dir);
	p = prio_commit_prefetch(r);
	is_int(prio_commit_prefetch_result(p), PRIO_PREFETCH_FAILED,
	    "prefetch, no index: nothing is read");
	prio_commit_prefetch_free(p);
	s = temps(dir);
	is_str(s, "", "prefetch, no index: no copy is left in .git");
	free(s);
	git_repository_free(r);
	free(dir);
}

static void
test_unborn(void)
{
	char *dir = repo_new("unborn", false), *s;
	struct prio_diags d = PRIO_DIAGS_INIT;
	git_repository *r = repo_open(dir);
	git_oid id, head;

	is_int(prio_commit_head(&head, r, &d), PRIO_OK,
	    "unborn: HEAD can be read");
	ok(git_oid_is_zero(&head), "unborn: as the zero id");
	is_int(commit1(r, S1, NEW1, &head, &d, &id), PRIO_OK,
	    "unborn: the first commit is made");
	is_str(last(&d), "", "unborn: no diagnostic");
	s = out_in(dir, "git rev-list --count HEAD; git log -1 --format=%%P");
	is_str(s, "1\n", "unborn: one commit, without a parent");
	free(s);
	s = out_in(dir, "git ls-tree -r --name-only HEAD");
	is_str(s, S1, "unborn: its tree holds the file");
	free(s);
	s = out_in(dir, "git status --porcelain");
	is_str(s, "", "unborn: git status is clean");
	free(s);
	s = out_in(dir, "git reflog -1 --format=%%gs");
	is_str(s, "prio (initial): prio: move S-1 to #1 (was #2)",
	    "unborn: the reflog says it was the first commit");
	free(s);
	prio_commit_head(&head, r, &d);
	ok(git_oid_equal(&head, &id), "unborn: prio_commit_head sees it");
	ok(fsck_clean(dir), "unborn: git fsck is clean");
	prio_diags_free(&d);
	git_repository_free(r);
	free(dir);
}

static void
test_detached(void)
{
	char *dir = repo_new("detached", true), *main0, *s;
	struct prio_diags d = PRIO_DIAGS_INIT;
	git_repository *r;
	git_oid id;

	sh_in(dir, "git checkout -q --detach");
	main0 = out_in(dir, "git rev-parse main");
	r = repo_open(dir);
	is_int(commit1(r, S1, NEW1, NULL, &d, &id), PRIO_OK,
	    "detached: the commit is made");
	s = out_in(dir, "git symbolic-ref -q HEAD || echo detached");
	is_str(s, "detached", "detached: HEAD stays detached");
	free(s);
	s = out_in(dir, "git rev-parse HEAD^");
	is_str(s, main0, "detached: on top of the old HEAD");
	free(s);
	s = out_in(dir, "git rev-parse main");
	is_str(s, main0, "detached: main does not move");
	free(s);
	s = out_in(dir, "git status --porcelain; git reflog -1 --format=%%gs");
	is_str(s, "prio: prio: move S-1 to #1 (was #2)",
	    "detached: status clean, HEAD's reflog has the entry");
	free(s);
	prio_diags_free(&d);
	git_repository_free(r);
	free(main0);
	free(dir);
}

/* Refusal check: rc, a message fragment, and nothing changed. */
static void
refused(const char *dir, git_repository *r, const char *what,
    const char *needle, const char *path, const char *data,
    const char *want_file)
{
	struct prio_diags d = PRIO_DIAGS_INIT;
	char *before = out_in(dir, "git rev-parse HEAD; git status --porcelain; "
	    "git ls-files -s"), *after, *s;
	git_oid id;

	is_int(commit1(r, path, data, NULL, &d, &id), PRIO_EINVAL,
	    "refuse %s: PRIO_EINVAL", what);
	ok(has(last(&d), needle), "refuse %s: says '%s'", what, needle);
	if (!has(last(&d), needle))
		printf("#   message: %s\n", last(&d));
	is_str(last_rule(&d), "commit", "refuse %s: rule 'commit'", what);
	after = out_in(dir, "git rev-parse HEAD; git status --porcelain; "
	    "git ls-files -s");
	is_str(after, before, "refuse %s: HEAD, index and status unchanged",
	    what);
	if (want_file) {
		s = get(dir, path);
		is_str(s, want_file, "refuse %s: the file is not written",
		    what);
		free(s);
	}
	ok(git_oid_is_zero(&id), "refuse %s: no commit id", what);
	prio_diags_free(&d);
	free(after);
	free(before);
}

static void
test_states(void)
{
	static const struct { const char *file, *needle; } states[] = {
		{ "MERGE_HEAD", "git merge --abort" },
		{ "CHERRY_PICK_HEAD", "git cherry-pick --abort" },
		{ "REVERT_HEAD", "git revert --abort" },
		{ "BISECT_LOG", "git bisect reset" },
		{ "rebase-merge", "git rebase --abort" },
		{ "rebase-apply/applying", "git am --abort" },
	};
	char *dir = repo_new("states", true), *head;
	git_repository *r = repo_open(dir);
	size_t i;

	head = out_in(dir, "git rev-parse HEAD");
	for (i = 0; i < sizeof(states) / sizeof(states[0]); i++) {
		if (strchr(states[i].file, '/') || states[i].file[0] == 'r')
			sh_in(dir, "mkdir -p .git/%s", states[i].file);
		else
			sh_in(dir, "echo %s > .git/%s", head, states[i].file);
		refused(dir, r, states[i].file, states[i].needle, S1, NEW1,
		    "---\nid: S-1\nrank: 2\n---\nBody one.");
		sh_in(dir, "rm -rf .git/%s .git/rebase-apply", states[i].file);
	}
	free(head);
	git_repository_free(r);
	free(dir);
}

static void
test_bare(void)
{
	char *dir = prio_xasprintf("%s/bare.git", tmp);
	struct prio_diags d = PRIO_DIAGS_INIT;
	git_repository *r;
	git_oid id;

	sh_in(tmp, "git init -q --bare bare.git");
	r = repo_open(dir);
	is_int(commit1(r, S1, NEW1, NULL, &d, &id), PRIO_EINVAL,
	    "bare: refused");
	ok(has(last(&d), "bare") && has(last(&d), "work tree"),
	    "bare: says the repository is bare and has no work tree");
	prio_diags_free(&d);
	git_repository_free(r);
	free(dir);
}

static void
test_unclean(void)
{
	char *dir = repo_new("unclean", true);
	git_repository *r = repo_open(dir);
	struct prio_diags d = PRIO_DIAGS_INIT;
	git_oid id;
	char *s;

	put(dir, S1, "edited by hand\n");
	refused(dir, r, "edited file", "uncommitted changes", S1, NEW1,
	    "edited by hand");
	sh_in(dir, "git add " S1);
	refused(dir, r, "staged file", "staged changes", S1, NEW1,
	    "edited by hand");
	put(dir, S1, OLD1);
	refused(dir, r, "staged, work tree restored", "git restore --staged",
	    S1, NEW1, "---\nid: S-1\nrank: 2\n---\nBody one.");
	sh_in(dir, "git reset -q && git rm -q --cached " S2);
	refused(dir, r, "removal staged", "removal is staged", S2, NEW2, NULL);
	sh_in(dir, "git reset -q && rm " S2);
	refused(dir, r, "deleted file", "deleted in the work tree", S2, NEW2,
	    "");
	sh_in(dir, "git checkout -q -- " S2);

	put(dir, "backlog/stories/S-3.md", "other\n");
	refused(dir, r, "new file present", "other contents",
	    "backlog/stories/S-3.md", "new\n", "other");
	sh_in(dir, "git add backlog/stories/S-3.md && rm backlog/stories/S-3.md");
	refused(dir, r, "new file staged", "other contents are staged",
	    "backlog/stories/S-3.md", "new\n", "");
	sh_in(dir, "git rm -q --cached backlog/stories/S-3.md");
	put(dir, "backlog/stories/S-3.md", "new\n");
	is_int(commit1(r, "backlog/stories/S-3.md", "new\n", NULL, &d, &id),
	    PRIO_OK, "new file already holding the new contents: committed");
	s = out_in(dir, "git status --porcelain; git show --name-only "
	    "--format= HEAD");
	is_str(s, "backlog/stories/S-3.md", "and git status is clean");
	free(s);

	sh_in(dir, "mkdir -p elsewhere && ln -s ../elsewhere backlog/linked");
	refused(dir, r, "symlinked folder", "not a folder",
	    "backlog/linked/S-4.md", "x\n", NULL);
	s = out_in(dir, "ls elsewhere | wc -l");
	is_str(s, "0", "refuse symlinked folder: nothing written through it");
	free(s);
	prio_diags_free(&d);
	git_repository_free(r);
	free(dir);
}

static void
test_bad_args(void)
{
	static const char *const bad[] = { "/etc/passwd", "../x.md",
	    "backlog/../../x.md", ".git/config", "a//b.md", "a/b/", "",
	    "backlog/./S.md", ".GIT/hooks/pre-commit" };
	char *dir = repo_new("args", true);
	git_repository *r = repo_open(dir);
	struct prio_diags d = PRIO_DIAGS_INIT;
	struct prio_file_change c[2] = { { S1, NEW1, strlen(NEW1) },
	    { S1, NEW1, strlen(NEW1) } };
	struct prio_commit_opts o = { .message = MSG };
	git_oid id;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		refused(dir, r, bad[i], "cannot write", bad[i], "x\n", NULL);
	is_int(prio_commit_files(r, c, 2, &o, &id, &d), PRIO_EINVAL,
	    "the same path twice: refused");
	ok(has(last(&d), "twice"), "the same path twice: says so");
	is_int(prio_commit_files(r, c, 0, &o, &id, &d), PRIO_EINVAL,
	    "no files: refused");
	c[1].path = "empty.md";
	c[1].data = NULL;
	is_int(prio_commit_files(r, c + 1, 1, &o, &id, &d), PRIO_EINVAL,
	    "NULL contents: refused");
	c[1].data = "";
	c[1].len = 0;
	is_int(prio_commit_files(r, c + 1, 1, &o, &id, &d), PRIO_OK,
	    "an empty file: committed");
	{
		char *e = out_in(dir, "git cat-file -s HEAD:empty.md; "
		    "git status --porcelain");

		is_str(e, "0", "an empty file: an empty blob, status clean");
		free(e);
	}
	o.message = " \n\n \n";
	is_int(prio_commit_files(r, c, 1, &o, &id, &d), PRIO_EINVAL,
	    "an empty message: refused");
	ok(has(last(&d), "message is empty"), "an empty message: says so");
	o.message = NULL;
	is_int(prio_commit_files(r, c, 1, &o, &id, &d), PRIO_EINVAL,
	    "no message: refused");
	o.message = "  subject  \n\n\n\nbody   \n\n";
	is_int(prio_commit_files(r, c, 1, &o, &id, &d), PRIO_OK,
	    "a message with stray space: committed");
	{
		char *m = out_in(dir, "git cat-file commit HEAD | sed '1,/^$/d'");

		is_str(m, "  subject\n\nbody", "and cleaned up as git commit "
		    "-m does");
		free(m);
	}
	prio_diags_free(&d);
	git_repository_free(r);
	free(dir);
}

static void
test_identity(void)
{
	char *dir = repo_new("ident", true), *s;
	git_repository *r;
	struct prio_diags d = PRIO_DIAGS_INIT;
	git_oid id;

	sh_in(dir, "git config --unset user.name && git config --unset "
	    "user.email");
	r = repo_open(dir);
	refused(dir, r, "no identity",
	    "git config --global user.name \"Your Name\"", S1, NEW1,
	    "---\nid: S-1\nrank: 2\n---\nBody one.");
	is_int(commit1(r, S1, NEW1, NULL, &d, &id), PRIO_EINVAL,
	    "no identity: refused again");
	ok(has(last(&d), "user.email"), "no identity: names user.email");

	setenv("GIT_AUTHOR_NAME", "Ann Author", 1);
	setenv("GIT_AUTHOR_EMAIL", "ann@example.com", 1);
	setenv("GIT_AUTHOR_DATE", "2005-04-07T22:13:13+02:00", 1);
	setenv("GIT_COMMITTER_NAME", "Cy Committer", 1);
	refused(dir, r, "committer without email", "no committer email",
	    S1, NEW1, NULL);
	setenv("EMAIL", "cy@example.com", 1);
	setenv("GIT_COMMITTER_DATE", "Thu, 07 Apr 2005 22:13:13 +0200", 1);
	is_int(commit1(r, S1, NEW1, NULL, &d, &id), PRIO_OK,
	    "identity from the environment: committed");
	s = out_in(dir, "git log -1 --format='%%an <%%ae> %%ad|%%cn <%%ce> %%cd' "
	    "--date=raw");
	is_str(s, "Ann Author <ann@example.com> 1112904793 +0200|"
	    "Cy Committer <cy@example.com> 1112904793 +0200",
	    "GIT_AUTHOR_*, GIT_COMMITTER_*, EMAIL and both dates honoured");
	free(s);
	s = out_in(dir, "git reflog -1 --format='%%gn <%%ge>'");
	is_str(s, "Cy Committer <cy@example.com>",
	    "the reflog entry is the committer's");
	free(s);
	setenv("GIT_COMMITTER_DATE", "@1112904793 -0130", 1);
	is_int(commit1(r, S2, NEW2, NULL, &d, &id), PRIO_OK,
	    "an @seconds date: committed");
	s = out_in(dir, "git log -1 --format=%%cd --date=raw");
	is_str(s, "1112904793 -0130", "an @seconds date with a zone");
	free(s);
	setenv("GIT_COMMITTER_DATE", "next tuesday", 1);
	refused(dir, r, "bad date", "GIT_COMMITTER_DATE", S2, OLD2, NULL);

	unsetenv("GIT_AUTHOR_NAME");
	unsetenv("GIT_AUTHOR_EMAIL");
	unsetenv("GIT_COMMITTER_NAME");
	unsetenv("EMAIL");
	setenv("GIT_AUTHOR_DATE", DATE, 1);
	setenv("GIT_COMMITTER_DATE", DATE, 1);
	prio_diags_free(&d);
	git_repository_free(r);
	free(dir);
}

static void
test_no_commit(void)
{
	char *dir = repo_new("nocommit", true), *head, *s;
	git_repository *r = repo_open(dir);
	struct prio_diags d = PRIO_DIAGS_INIT;
	struct prio_file_change c = { S1, NEW1, strlen(NEW1) };
	struct prio_commit_opts o = { .no_commit = true };
	git_oid id;

	head = out_in(dir, "git rev-parse HEAD");
	put(dir, S1, "edited by hand\n");
	sh_in(dir, "git add notes.txt");
	is_int(prio_commit_files(r, &c, 1, &o, &id, &d), PRIO_OK,
	    "no_commit: writes over an edited file");
	ok(git_oid_is_zero(&id), "no_commit: no commit id");
	s = out_in(dir, "git rev-parse HEAD");
	is_str(s, head, "no_commit: HEAD does not move");
	free(s);
	s = out_in(dir, "git status --porcelain");
	is_str(s, " M " S1, "no_commit: an ordinary unstaged change");
	free(s);
	s = get(dir, S1);
	is_str(s, "---\nid: S-1\nrank: 0.5\n---\nBody one.",
	    "no_commit: the file holds the new contents");
	free(s);
	sh_in(dir, "echo x > .git/index.lock");
	is_int(prio_commit_files(r, &c, 1, &o, &id, &d), PRIO_OK,
	    "no_commit: does not need the index lock");
	sh_in(dir, "rm -f .git/index.lock");
	prio_diags_free(&d);
	git_repository_free(r);
	free(head);
	free(dir);
}

static void
test_mode_and_filters(void)
{
	char *dir = repo_new("modes", true), *s;
	git_repository *r;
	struct prio_diags d = PRIO_DIAGS_INIT;
	git_oid id;

	sh_in(dir, "chmod 755 notes.txt && printf '*.md text eol=crlf\\n' "
	    "> .gitattributes && git add -A 2>/dev/null && "
	    "git commit -qm attrs && "
	    "rm " S1 " && git checkout -q -- " S1);
	r = repo_open(dir);
	is_int(commit1(r, "notes.txt", "new notes\n", NULL, &d, &id), PRIO_OK,
	    "mode: an executable file is committed");
	s = out_in(dir, "git ls-tree HEAD notes.txt | cut -c1-6; "
	    "stat -c %%a notes.txt; git status --porcelain");
	is_str(s, "100755\n755", "mode: kept in the tree and the work tree");
	free(s);
	is_int(commit1(r, S1, "---\r\nid: S-1\r\n---\r\n", NULL, &d, &id),
	    PRIO_OK, "eol=crlf: committed");
	s = out_in(dir, "git cat-file blob HEAD:" S1 " | od -An -c | "
	    "tr -d ' \\n'");
	is_str(s, "---\\nid:S-1\\n---\\n",
	    "eol=crlf: the blob has LF, as git add would store it");
	free(s);
	s = out_in(dir, "od -An -c " S1 " | tr -d ' \\n'");
	is_str(s, "---\\r\\nid:S-1\\r\\n---\\r\\n",
	    "eol=crlf: the work tree has the bytes given");
	free(s);
	s = out_in(dir, "git status --porcelain");
	is_str(s, "", "eol=crlf: git status is clean");
	free(s);
	sh_in(dir, "git update-index --assume-unchanged " S2);
	is_int(commit1(r, S2, NEW2, NULL, &d, &id), PRIO_OK,
	    "assume-unchanged: committed");
	s = out_in(dir, "git ls-files -v " S2);
	is_str(s, "h " S2, "assume-unchanged: the bit stays");
	free(s);
	sh_in(dir, "git update-index --no-assume-unchanged " S2);
	is_int(commit1(r, S1, "---\r\nid: S-1\r\n---\r\n", NULL, &d, &id),
	    PRIO_OK, "the same contents again: no error");
	ok(git_oid_is_zero(&id), "the same contents again: no empty commit");
	s = out_in(dir, "git log --format=%%s | wc -l");
	is_str(s, "5", "the same contents again: no new commit");
	free(s);
	prio_diags_free(&d);
	git_repository_free(r);
	free(dir);
}

static void
test_head_moved(void)
{
	char *dir = repo_new("moved", true), *s, *head;
	git_repository *r = repo_open(dir);
	struct prio_diags d = PRIO_DIAGS_INIT;
	git_oid base, id;

	prio_commit_head(&base, r, &d);
	put(dir, S1, "changed by a colleague\n");
	sh_in(dir, "git commit -qam colleague");
	head = out_in(dir, "git rev-parse HEAD");
	is_int(commit1(r, S1, NEW1, &base, &d, &id), PRIO_EINVAL,
	    "moved: HEAD changed the file since base: refused (the user "
	    "runs it again)");
	is_str(last_rule(&d), "head-moved", "moved: rule head-moved");
	ok(has(last(&d), "changed meanwhile, run it again") &&
	    has(last(&d), "HEAD moved while prio was working"),
	    "moved: says what to do");
	s = get(dir, S1);
	is_str(s, "changed by a colleague", "moved: the work tree is not "
	    "touched");
	free(s);
	s = out_in(dir, "git rev-parse HEAD; git status --porcelain");
	is_str(s, head, "moved: HEAD and index are not touched");
	free(s);
	free(head);

	prio_commit_head(&base, r, &d);
	put(dir, "notes.txt", "another colleague\n");
	sh_in(dir, "git commit -qam other");
	head = out_in(dir, "git rev-parse HEAD");
	is_int(commit1(r, S2, NEW2, &base, &d, &id), PRIO_OK,
	    "moved: HEAD changed only other files: committed");
	s = out_in(dir, "git rev-parse HEAD^");
	is_str(s, head, "moved: on top of the new HEAD");
	free(s);
	s = out_in(dir, "git show --name-only --format= HEAD; "
	    "git status --porcelain");
	is_str(s, S2, "moved: holding only the story; status clean");
	free(s);
	free(head);
	prio_diags_free(&d);
	git_repository_free(r);
	free(dir);
}

/*
 * A file staged and then changed within the same second, at the same
 * size, is "racily clean": only the index file's own timestamp tells git
 * to look at its contents.  Rewriting the index a second later must not
 * hide that change.
 */
static void
test_racy(void)
{
	char *dir = repo_new("racy", true), *s;
	git_repository *r = repo_open(dir);
	struct prio_diags d = PRIO_DIAGS_INIT;
	git_oid id;

	sh_in(dir, "echo aaaa > racy.txt && git add racy.txt && "
	    "echo bbbb > racy.txt");
	usleep(1100000);
	is_int(commit1(r, S1, NEW1, NULL, &d, &id), PRIO_OK,
	    "racy: committed");
	s = out_in(dir, "git status --porcelain");
	is_str(s, "AM racy.txt", "racy: the unstaged change is still seen");
	free(s);
	prio_diags_free(&d);
	git_repository_free(r);
	free(dir);
}

static double
seconds_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) +
	    (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void
test_locks(void)
{
	char *dir = repo_new("locks", true), *s, *before;
	git_repository *r = repo_open(dir);
	struct prio_diags d = PRIO_DIAGS_INIT;
	struct timespec t0;
	git_oid id;
	pid_t pid;

	before = out_in(dir, "git rev-parse HEAD; git ls-files -s");
	sh_in(dir, "touch .git/index.lock");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	is_int(commit1(r, S1, NEW1, NULL, &d, &id), PRIO_EBUSY,
	    "index lock held: fails");
	ok(seconds_since(&t0) >= 1.5, "index lock held: after waiting");
	is_str(last_rule(&d), "lock", "index lock held: rule lock");
	ok(has(last(&d), "'.git/index.lock' exists") &&
	    has(last(&d), "remove the file"),
	    "index lock held: names the lock and how to clear it");
	ok(sh_in(dir, "test -f .git/index.lock") == 0,
	    "index lock held: prio leaves it be");
	s = out_in(dir, "git rev-parse HEAD; git ls-files -s");
	is_str(s, before, "index lock held: nothing changed");
	free(s);
	s = get(dir, S1);
	is_str(s, "---\nid: S-1\nrank: 2\n---\nBody one.",
	    "index lock held: the file is not written");
	free(s);

	/* A lock released while prio waits. */
	if ((pid = fork()) == 0) {
		usleep(300000);
		sh_in(dir, "rm -f .git/index.lock");
		_exit(0);
	}
	is_int(commit1(r, S1, NEW1, NULL, &d, &id), PRIO_OK,
	    "index lock released within the wait: committed");
	waitpid(pid, NULL, 0);
	s = out_in(dir, "git status --porcelain");
	is_str(s, "", "index lock released: status clean");
	free(s);
	free(before);

	before = out_in(dir, "git rev-parse HEAD; git ls-files -s");
	sh_in(dir, "touch .git/refs/heads/main.lock");
	is_int(commit1(r, S2, NEW2, NULL, &d, &id), PRIO_EBUSY,
	    "ref lock held: fails");
	is_str(last_rule(&d), "lock", "ref lock held: rule lock");
	ok(has(last(&d), "'.git/refs/heads/main.lock' exists"),
	    "ref lock held: names the lock");
	s = out_in(dir, "git rev-parse HEAD; git ls-files -s");
	is_str(s, before, "ref lock held: HEAD and index unchanged");
	free(s);
	s = get(dir, S2);
	is_str(s, "---\nid: S-2\nrank: 1\n---\nBody two.",
	    "ref lock held: the work tree is not written");
	free(s);
	ok(sh_in(dir, "test ! -e .git/index.lock && ls .git | grep -q "
	    "index.prio; test $? = 1") == 0,
	    "ref lock held: the index lock and copy are cleaned up");
	sh_in(dir, "rm -f .git/refs/heads/main.lock");
	free(before);
	prio_diags_free(&d);
	git_repository_free(r);
	free(dir);
}

static void
test_interrupted(void)
{
	char *dir = repo_new("interrupted", true), *s;
	git_repository *r = repo_open(dir);
	struct prio_diags d = PRIO_DIAGS_INIT;
	git_oid id;

	/* What a kill after the ref moved leaves: HEAD new, index and work
	 * tree old. */
	commit1(r, S1, NEW1, NULL, &d, &id);
	sh_in(dir, "git checkout -q HEAD~ -- " S1);
	s = out_in(dir, "git status --porcelain");
	is_str(s, "M  " S1, "interrupted: an ordinary uncommitted change");
	free(s);
	refused(dir, r, "after an interrupted run", "git checkout HEAD -- "
	    S1, S1, NEW1, NULL);
	sh_in(dir, "git checkout -q HEAD -- " S1);
	is_int(commit1(r, S1, "---\nid: S-1\nrank: 0.25\n---\nBody one.\n",
	    NULL, &d, &id), PRIO_OK, "interrupted: works again once finished");
	ok(fsck_clean(dir), "interrupted: git fsck is clean");
	prio_diags_free(&d);
	git_repository_free(r);
	free(dir);
}

/* A signal flag set before the ref moves: nothing changes. */
static void
test_signal_flag(void)
{
	char *dir = repo_new("signal", true), *before, *s;
	git_repository *r = repo_open(dir);
	struct prio_diags d = PRIO_DIAGS_INIT;
	volatile sig_atomic_t flag = SIGINT;
	struct prio_file_change c = { S1, NEW1, strlen(NEW1) };
	struct prio_commit_opts o = { .message = MSG, .interrupted = &flag };
	git_oid id;

	before = out_in(dir, "git rev-parse HEAD; git ls-files -s");
	is_int(prio_commit_files(r, &c, 1, &o, &id, &d), PRIO_EINVAL,
	    "signal: the run stops");
	is_str(last_rule(&d), "interrupted", "signal: rule interrupted");
	ok(has(last(&d), "nothing was changed"), "signal: says so");
	ok(git_oid_is_zero(&id), "signal: no commit");
	s = out_in(dir, "git rev-parse HEAD; git ls-files -s");
	is_str(s, before, "signal: HEAD and index unchanged");
	free(s);
	s = out_in(dir, "git status --porcelain; ls -a .git backlog/stories "
	    "| grep -e prio -e lock");
	is_str(s, "", "signal: no lock, journal or temporary file left");
	free(s);
	flag = 0;
	is_int(prio_commit_files(r, &c, 1, &o, &id, &d), PRIO_OK,
	    "signal: a flag never set lets the run through");
	free(before);
	prio_diags_free(&d);
	git_repository_free(r);
	free(dir);
}

/*
 * flock(2) as on NFS mounted without lockd, while no_flock is set: this
 * definition takes the place of libc's in the test program.
 */
static bool no_flock;

int
flock(int fd, int op)
{
	if (no_flock) {
		errno = ENOLCK;
		return -1;
	}
	return (int)syscall(SYS_flock, fd, op);
}

/* Without flock, a commit still works, and the process id tells a live
 * writer from a dead one. */
static void
test_no_flock(void)
{
	char *dir = repo_new("noflock", true), *said = NULL, *text;
	git_repository *r = repo_open(dir);
	struct prio_diags d = PRIO_DIAGS_INIT;
	git_oid id;
	pid_t dead;

	no_flock = true;
	is_int(commit1(r, S1, NEW1, NULL, &d, &id), PRIO_OK,
	    "no flock: a commit works");
	ok(sh_in(dir, "test ! -e .git/prio-journal") == 0,
	    "no flock: and removes its journal");
	text = prio_xasprintf("prio-journal 1\npid %ld\ntoken "
	    "0123456789abcdef\nready\n", (long)getppid());
	put(dir, ".git/prio-journal", text);
	free(text);
	is_int(prio_journal_recover(r, &said, &d), PRIO_OK,
	    "no flock: a live writer: ok");
	ok(said == NULL && sh_in(dir, "test -e .git/prio-journal") == 0,
	    "no flock: a live writer's journal is left alone");
	is_int(commit1(r, S2, NEW2, NULL, &d, &id), PRIO_EBUSY,
	    "no flock: a commit waits for a live writer, then gives up");
	if ((dead = fork()) == 0)
		_exit(0);
	waitpid(dead, NULL, 0);
	text = prio_xasprintf("prio-journal 1\npid %ld\ntoken "
	    "0123456789abcdef\nready\n", (long)dead);
	put(dir, ".git/prio-journal", text);
	free(text);
	is_int(prio_journal_recover(r, &said, &d), PRIO_OK,
	    "no flock: a dead writer: ok");
	ok(said && has(said, "undid"), "no flock: a dead writer's run is "
	    "undone");
	no_flock = false;
	free(said);
	prio_diags_free(&d);
	git_repository_free(r);
	free(dir);
}

/* prio_journal_recover() on journals that are not a dead writer's. */
static void
test_journal(void)
{
	char *dir = repo_new("journal", true), *said = NULL, *s, *gitdir;
	git_repository *r = repo_open(dir);
	struct prio_diags d = PRIO_DIAGS_INIT;
	int fd;

	is_int(prio_journal_recover(r, &said, &d), PRIO_OK,
	    "journal: none: ok");
	ok(said == NULL && d.count == 0, "journal: none: nothing said");

	put(dir, ".git/prio-journal", "not a journal\n");
	is_int(prio_journal_recover(r, &said, &d), PRIO_EIO,
	    "journal: garbage: an error");
	is_str(last_rule(&d), "journal", "journal: garbage: rule journal");
	ok(has(last(&d), "is not a journal prio wrote") &&
	    has(last(&d), "remove it"), "journal: garbage: says what to do");
	ok(sh_in(dir, "test -f .git/prio-journal") == 0,
	    "journal: garbage: left in place");

	/* A live writer holds the flock on the git directory. */
	put(dir, ".git/prio-journal", "prio-journal 1\npid 1\ntoken "
	    "0123456789abcdef\nwrite 20 backlog/stories/a.md\nready\n");
	gitdir = prio_xasprintf("%s/.git", dir);
	fd = open(gitdir, O_RDONLY | O_DIRECTORY);
	ok(fd >= 0 && flock(fd, LOCK_EX) == 0, "journal: a live writer");
	is_int(prio_journal_recover(r, &said, &d), PRIO_OK,
	    "journal: a live writer: ok");
	ok(said == NULL, "journal: a live writer: left alone");
	close(fd);

	put(dir, ".git/index.prio-hook-Ab12Cd", "x");
	put(dir, "backlog/stories/.a.md.prio-0123456789abcdef", "x");
	is_int(prio_journal_recover(r, &said, &d), PRIO_OK,
	    "journal: its writer gone: ok");
	ok(said && has(said, "undid a prio command") &&
	    has(said, "(process 1)"), "journal: its writer gone: undone");
	s = out_in(dir, "ls -a .git backlog/stories | grep prio");
	is_str(s, "", "journal: the journal and temporary files are gone");
	free(s);
	free(said);
	said = NULL;

	/* Cut short before "ready": nothing had been done. */
	put(dir, ".git/prio-journal", "prio-journal 1\npid 7\ntoken 01");
	is_int(prio_journal_recover(r, &said, &d), PRIO_OK,
	    "journal: cut short: ok");
	ok(said && has(said, "undid"), "journal: cut short: undone");
	ok(sh_in(dir, "test ! -e .git/prio-journal") == 0,
	    "journal: cut short: removed");
	free(said);
	free(gitdir);
	prio_diags_free(&d);
	git_repository_free(r);
	free(dir);
}

/* In a child: commits one story of its own; exit status 0 on success. */
static void
child_commit(const char *dir, int k)
{
	struct prio_diags d = PRIO_DIAGS_INIT;
	char *path = prio_xasprintf("backlog/stories/P-%d.md", k);
	char *data = prio_xasprintf("---\nid: P-%d\nrank: %d\n---\n", k,
	    k + 100);
	git_repository *r;
	git_oid id;
	int rc;

	git_libgit2_init();
	if (git_repository_open(&r, dir) < 0)
		_exit(2);
	rc = commit1(r, path, data, NULL, &d, &id);
	if (rc != PRIO_OK)
		fprintf(stderr, "# child %d: %s\n", k, last(&d));
	git_repository_free(r);
	_exit(rc == PRIO_OK ? 0 : 1);
}

static int
run_children(const char *const *dirs, int n)
{
	pid_t pids[16];
	int i, st, failed = 0;

	fflush(stdout);
	for (i = 0; i < n; i++)
		if ((pids[i] = fork()) == 0)
			child_commit(dirs[i], i);
	for (i = 0; i < n; i++)
		if (waitpid(pids[i], &st, 0) < 0 || !WIFEXITED(st) ||
		    WEXITSTATUS(st) != 0)
			failed++;
	return failed;
}

static void
seed_parallel(const char *dir, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		char *p = prio_xasprintf("backlog/stories/P-%d.md", i);

		put(dir, p, "---\nid: P\n---\n");
		free(p);
	}
	sh_in(dir, "git add -A && git commit -qm parallel");
}

static void
test_parallel(void)
{
	enum { N = 8 };
	char *dir = repo_new("parallel", true), *wt, *s;
	const char *dirs[N];
	int i;

	seed_parallel(dir, N);
	for (i = 0; i < N; i++)
		dirs[i] = dir;
	is_int(run_children(dirs, N), 0, "parallel: %d processes all commit",
	    N);
	s = out_in(dir, "git log --oneline | wc -l");
	is_int(atoi(s), N + 2, "parallel: every commit landed");
	free(s);
	s = out_in(dir, "git status --porcelain");
	is_str(s, "", "parallel: git status is clean");
	free(s);
	s = out_in(dir, "git grep -c 'rank: 1' HEAD -- 'backlog/stories/P-*' | "
	    "wc -l");
	is_str(s, "8", "parallel: HEAD has every process's story");
	free(s);
	ok(fsck_clean(dir), "parallel: git fsck is clean");

	/* Two work trees on one branch: separate index locks, so the ref's
	 * compare-and-swap is what keeps every commit. */
	free(dir);
	dir = repo_new("parallel2", true);
	seed_parallel(dir, N);
	sh_in(dir, "git worktree add -q -f ../parallel2-wt main 2>/dev/null");
	wt = prio_xasprintf("%s/parallel2-wt", tmp);
	for (i = 0; i < N; i++)
		dirs[i] = i % 2 ? wt : dir;
	is_int(run_children(dirs, N), 0, "two work trees: %d processes all "
	    "commit", N);
	s = out_in(dir, "git log --oneline main | wc -l");
	is_int(atoi(s), N + 2, "two work trees: every commit landed");
	free(s);
	s = out_in(dir, "git grep -c 'rank: 1' main -- 'backlog/stories/P-*' | "
	    "wc -l");
	is_str(s, "8", "two work trees: main has every process's story");
	free(s);
	ok(fsck_clean(dir), "two work trees: git fsck is clean");
	free(wt);
	free(dir);
}

static void
setup(void)
{
	static const char *const unset[] = { "GIT_DIR", "GIT_WORK_TREE",
	    "GIT_INDEX_FILE", "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL",
	    "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "EMAIL",
	    "GIT_CEILING_DIRECTORIES", "GIT_OBJECT_DIRECTORY" };
	char *home, *empty;
	size_t i;

	snprintf(tmp, sizeof(tmp), "%s/prio-t-commit-XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(tmp) == NULL)
		bail("mkdtemp");
	home = prio_xasprintf("%s/home", tmp);
	empty = prio_xasprintf("%s/empty", tmp);
	mkdir(home, 0777);
	mkdir(empty, 0777);
	for (i = 0; i < sizeof(unset) / sizeof(unset[0]); i++)
		unsetenv(unset[i]);
	setenv("HOME", home, 1);
	setenv("XDG_CONFIG_HOME", empty, 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("GIT_AUTHOR_DATE", DATE, 1);
	setenv("GIT_COMMITTER_DATE", DATE, 1);
	setenv("TZ", "UTC", 1);
	git_libgit2_init();
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_SYSTEM,
	    empty);
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_XDG, empty);
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_GLOBAL,
	    home);
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH,
	    GIT_CONFIG_LEVEL_PROGRAMDATA, empty);
	free(home);
	free(empty);
}

int
main(void)
{
	setup();
	test_branch();
	test_other_work_untouched();
	test_prefetch();
	test_unborn();
	test_detached();
	test_states();
	test_bare();
	test_unclean();
	test_bad_args();
	test_identity();
	test_no_commit();
	test_mode_and_filters();
	test_head_moved();
	test_locks();
	test_racy();
	test_interrupted();
	test_signal_flag();
	test_journal();
	test_no_flock();
	test_parallel();
	if (tap_state_.failed == 0)
		sh_in("/", "rm -rf '%s'", tmp);
	else
		printf("# kept %s\n", tmp);
	git_libgit2_shutdown();
	return tap_done();
}
