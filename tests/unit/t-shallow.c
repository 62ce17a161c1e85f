/*
 * Unit tests for prio/shallow.h: the boundary of a shallow clone, walks
 * that stop there, merge bases, and the order oldest first.  Real git is
 * the oracle (rev-list, merge-base --all), in repositories made under one
 * temporary folder with HOME and git's config search paths inside it.
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
#include "prio/diag.h"
#include "prio/error.h"
#include "prio/shallow.h"
#include "shell.h"
#include "tap.h"

static char tmp[PATH_MAX];

/* Runs a set-up command in tmp; bails when it fails. */
#define sh(...) do {							\
	if (sh_in(tmp, __VA_ARGS__) != 0)				\
		bail("a set-up command failed");			\
} while (0)
#define out(...) out_in(tmp, __VA_ARGS__)

#define open_repo(name) repo_in(tmp, name)

static git_oid
rev(const char *dir, const char *name)
{
	return oid_out_in(tmp, "git -C %s rev-parse %s", dir, name);
}

static int
cmp_hex(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The ids as sorted hex, one per line (caller frees). */
static char *
sorted_hex(const git_oid *ids, size_t n, size_t stride)
{
	struct prio_buf b = PRIO_BUF_INIT;
	char **v = prio_xcalloc(n + 1, sizeof(*v));
	size_t i;

	for (i = 0; i < n; i++)
		v[i] = prio_xstrdup(git_oid_tostr_s((const git_oid *)(
		    (const char *)ids + i * stride)));
	qsort(v, n, sizeof(*v), cmp_hex);
	for (i = 0; i < n; i++) {
		prio_buf_addf(&b, "%s%s", i ? "\n" : "", v[i]);
		free(v[i]);
	}
	free(v);
	return prio_buf_detach(&b, NULL);
}

/* Every parent in w comes before its children. */
static bool
parents_first(const struct prio_walk *w)
{
	size_t i, j, k;

	for (i = 0; i < w->count; i++)
		for (k = 0; k < w->commits[i].nparents; k++)
			for (j = i; j < w->count; j++)
				if (git_oid_equal(&w->commits[j].id,
				    &w->parents[w->commits[i].parents + k]))
					return false;
	return true;
}

/*
 * main: root, then a criss-cross with branch x (each merges the other's
 * first commit), then four more commits; x1 and m1 are the merge bases
 * of main and x.  y starts at root and merges m1: root and m1 are both
 * common ancestors of main and y, and only m1 is a base.
 */
static void
make_source(void)
{
	sh("git init -q -b main src && cd src && "
	    "git config user.name T && git config user.email t@e && "
	    "c() { d=$1; shift; GIT_COMMITTER_DATE=\"1700000$d +0000\" "
	    "GIT_AUTHOR_DATE=\"1700000$d +0000\" git \"$@\"; } && "
	    "c 100 commit -q --allow-empty -m root && "
	    "git checkout -q -b x && c 200 commit -q --allow-empty -m x1 && "
	    "git checkout -q main && c 300 commit -q --allow-empty -m m1 && "
	    "git tag m1 && git checkout -q x && "
	    "c 400 merge -q --no-ff m1 -m x2 && git tag x1 HEAD^1 && "
	    "git checkout -q main && c 500 merge -q --no-ff x1 -m m2 && "
	    "for i in 6 7 8 9; do c ${i}00 commit -q --allow-empty -m m$i; "
	    "done && git checkout -q -b y \"$(git rev-list --max-parents=0 "
	    "main)\" && c 910 commit -q --allow-empty -m y1 && "
	    "c 920 merge -q --no-ff m1 -m y2 && git checkout -q main");
}

static void
test_whole(void)
{
	struct prio_diags d = PRIO_DIAGS_INIT;
	struct prio_shallow *sh_ = NULL;
	struct prio_walk w = PRIO_WALK_INIT;
	git_repository *r = open_repo("src");
	git_oid head = rev("src", "main"), x = rev("src", "x"), *bases = NULL;
	size_t n = 0;
	char *got, *want;

	ok(prio_shallow_read(&sh_, r, &d) == PRIO_OK && sh_ &&
	    !prio_shallow_any(sh_), "a full repository has no boundary");
	ok(prio_walk_list(&w, r, sh_, &head, 1, NULL, 0, 0, &d) == PRIO_OK,
	    "walk main");
	got = sorted_hex(&w.commits[0].id, w.count, sizeof(*w.commits));
	want = out("git -C src rev-list main | sort");
	is_str(got, want, "the walk lists what git rev-list does");
	ok(w.cut.count == 0, "a whole history is not cut");
	prio_walk_topo(&w);
	ok(parents_first(&w), "topo: every parent before its children");
	free(got);
	free(want);
	prio_walk_free(&w);

	ok(prio_walk_list(&w, r, sh_, &head, 1, &x, 1, 0, &d) == PRIO_OK,
	    "walk x..main");
	got = sorted_hex(&w.commits[0].id, w.count, sizeof(*w.commits));
	want = out("git -C src rev-list x..main | sort");
	is_str(got, want, "x..main as git rev-list has it");
	free(got);
	free(want);
	prio_walk_free(&w);

	ok(prio_walk_list(&w, r, sh_, &head, 1, NULL, 0,
	    PRIO_WALK_FIRST_PARENT, &d) == PRIO_OK, "walk first parents");
	got = sorted_hex(&w.commits[0].id, w.count, sizeof(*w.commits));
	want = out("git -C src rev-list --first-parent main | sort");
	is_str(got, want, "first parents as git rev-list has them");
	free(got);
	free(want);
	prio_walk_free(&w);

	ok(prio_merge_bases(&bases, &n, r, sh_, &head, &x, NULL, &d) ==
	    PRIO_OK, "merge bases of a criss-cross");
	got = sorted_hex(bases, n, sizeof(*bases));
	want = out("git -C src merge-base --all main x | sort");
	is_str(got, want, "both bases, as git merge-base --all");
	free(got);
	free(want);
	free(bases);

	head = rev("src", "main~2");
	ok(prio_merge_bases(&bases, &n, r, sh_, &head, &x, NULL, &d) ==
	    PRIO_OK, "the merge bases of an older commit");
	got = sorted_hex(bases, n, sizeof(*bases));
	want = out("git -C src merge-base --all main~2 x | sort");
	is_str(got, want, "as git merge-base --all");
	free(got);
	free(want);
	free(bases);
	x = rev("src", "y");
	head = rev("src", "main");
	ok(prio_merge_bases(&bases, &n, r, sh_, &head, &x, NULL, &d) ==
	    PRIO_OK, "merge bases of main and y");
	got = sorted_hex(bases, n, sizeof(*bases));
	want = out("git -C src merge-base --all main y");
	is_str(got, want, "a common ancestor below another is no base");
	free(got);
	free(want);
	free(bases);
	head = rev("src", "main~2");
	x = rev("src", "main~6");
	ok(prio_merge_bases(&bases, &n, r, sh_, &head, &x, NULL, &d) ==
	    PRIO_OK && n == 1 && git_oid_equal(&bases[0], &x),
	    "the base of a commit and its ancestor is the ancestor");
	free(bases);

	prio_shallow_free(sh_);
	prio_diags_free(&d);
	git_repository_free(r);
}

static void
test_shallow(void)
{
	struct prio_diags d = PRIO_DIAGS_INIT;
	struct prio_shallow *sh_ = NULL;
	struct prio_shallow_cut cut = { 0, { { 0 } }, 0, 0 };
	struct prio_walk w = PRIO_WALK_INIT;
	git_repository *r;
	git_oid head, x, boundary, *bases = NULL;
	size_t n = 0;
	char *got, *want;

	sh("git clone -q --depth 3 --no-single-branch file://%s/src d3", tmp);
	r = open_repo("d3");
	head = rev("d3", "main");
	x = rev("d3", "origin/x");
	boundary = rev("d3", "main~2");
	ok(prio_shallow_read(&sh_, r, &d) == PRIO_OK &&
	    prio_shallow_any(sh_) && prio_shallow_has(sh_, &boundary) &&
	    !prio_shallow_has(sh_, &head), "the boundary is read");
	ok(prio_walk_list(&w, r, sh_, &head, 1, NULL, 0, 0, &d) == PRIO_OK,
	    "a walk of a shallow clone does not fail");
	got = sorted_hex(&w.commits[0].id, w.count, sizeof(*w.commits));
	want = out("git -C d3 rev-list main | sort");
	is_str(got, want, "it lists what git rev-list does there");
	ok(w.cut.count == 1 && git_oid_equal(&w.cut.commit, &boundary),
	    "the walk says where it is cut");
	free(got);
	free(want);
	prio_walk_free(&w);

	ok(prio_merge_bases(&bases, &n, r, sh_, &head, &x, &cut, &d) ==
	    PRIO_OK && n == 0 && cut.count > 0,
	    "bases beyond the boundary: none here, and the walk was cut");
	free(bases);
	prio_shallow_free(sh_);
	prio_diags_free(&d);
	git_repository_free(r);
}

static void
test_missing(void)
{
	struct prio_diags d = PRIO_DIAGS_INIT;
	git_repository *r = open_repo("src");
	git_oid id;
	git_blob *b = NULL;

	git_oid_fromstr(&id, "0123456789012345678901234567890123456789");
	ok(git_blob_lookup(&b, r, &id) < 0, "no such blob");
	ok(prio_missing_object(&d, r, &id, GIT_OBJECT_BLOB, "x.md",
	    "cannot read x.md") == PRIO_EGIT && d.count == 1 &&
	    strncmp(d.items[0].message, "cannot read x.md: ", 18) == 0,
	    "outside a partial clone a missing object is a libgit2 failure");
	sh("git -C src config remote.origin.promisor true");
	ok(git_blob_lookup(&b, r, &id) < 0, "still no such blob");
	ok(prio_missing_object(&d, r, &id, GIT_OBJECT_BLOB, "x.md",
	    "cannot read x.md") == PRIO_EFETCH && d.count == 2,
	    "in a partial clone it is PRIO_EFETCH");
	is_str(d.items[1].message, "blob "
	    "0123456789012345678901234567890123456789 (x.md) is not in this "
	    "partial clone yet; 'git cat-file -e "
	    "0123456789012345678901234567890123456789' fetches it, 'git log "
	    "-p --all -- backlog >/dev/null' every version of the backlog",
	    "the message names the object, what it is, and the fetch");
	prio_diags_free(&d);
	git_repository_free(r);
}

int
main(void)
{
	shell_tmpdir(tmp, sizeof(tmp), "shallow");
	git_libgit2_init();
	make_source();
	test_whole();
	test_shallow();
	test_missing();
	git_libgit2_shutdown();
	sh("cd / && rm -rf '%s'", tmp);
	return tap_done();
}
