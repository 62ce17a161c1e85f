/*
 * Unit tests for prio/object.h (sizes before contents: blobs, peeling,
 * the revisions a user names) and the one way
 * prio reports a libgit2 failure (prio_diags_git, prio_git_message in
 * prio/diag.h).  Objects are made by real git in a temporary repository.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "prio/buf.h"
#include "prio/diag.h"
#include "prio/error.h"
#include "prio/object.h"
#include "shell.h"
#include "tap.h"

static char tmp[PATH_MAX];

#define sh(...) do {							\
	if (sh_in(tmp, __VA_ARGS__) != 0)				\
		bail("a set-up command failed");			\
} while (0)

static uint64_t
size_of(const git_oid *id)
{
	char *s = out_in(tmp, "git cat-file -s %s", git_oid_tostr_s(id));
	uint64_t n = strtoull(s, NULL, 10);

	free(s);
	return n;
}

static void
test_read_blob(git_repository *r)
{
	struct prio_buf b = PRIO_BUF_INIT;
	git_oid blob = oid_out_in(tmp,
	    "printf 0123456789abcdef | git hash-object -w --stdin");
	git_oid none;
	uint64_t size = 0;
	char *msg;

	is_int(prio_object_read_blob(r, &blob, 16, &b, &size), PRIO_OK,
	    "a blob of exactly max bytes is read");
	is_str(b.ptr, "0123456789abcdef", "with its bytes");
	is_int((int)size, 16, "and its size");
	prio_buf_addf(&b, "old");
	size = 0;
	is_int(prio_object_read_blob(r, &blob, 15, &b, &size), PRIO_ERANGE,
	    "one byte over max: refused");
	is_int((int)b.len, 0, "nothing is read, and out is cleared");
	is_int((int)size, 16, "the size comes from the header");
	msg = prio_object_too_large(size, 15);
	is_str(msg, "the file is 16 bytes, over the limit of 15 bytes; "
	    "split it, or raise max-file-size in backlog/prio.yml",
	    "the sentence a too-large file is told");
	free(msg);

	git_oid_fromstr(&none, "1111111111111111111111111111111111111111");
	is_int(prio_object_read_blob(r, &none, 16, &b, NULL), PRIO_EGIT,
	    "a missing blob is PRIO_EGIT");
	ok(git_error_last() != NULL, "with libgit2's error left to report");
	git_error_clear();
	prio_buf_free(&b);
}

static void
test_peel(git_repository *r)
{
	git_oid commit = oid_out_in(tmp, "git rev-parse HEAD");
	git_oid tag = oid_out_in(tmp, "git rev-parse v1");
	git_oid blob_tag = oid_out_in(tmp, "git rev-parse vblob");
	git_oid blob = oid_out_in(tmp, "git rev-parse HEAD:a.txt");
	git_oid out;
	uint64_t size = 0;

	is_int(prio_object_peel_commit(r, &commit, 1 << 20, &out, &size),
	    PRIO_OK, "a commit peels to itself");
	ok(git_oid_equal(&out, &commit), "its own id");
	is_int(prio_object_peel_commit(r, &tag, 1 << 20, &out, &size),
	    PRIO_OK, "an annotated tag peels to its commit");
	ok(git_oid_equal(&out, &commit), "the commit's id");
	is_int(prio_object_peel_commit(r, &blob, 1 << 20, &out, &size),
	    PRIO_ENOTFOUND, "a blob names no commit");
	is_int(prio_object_peel_commit(r, &blob_tag, 1 << 20, &out, &size),
	    PRIO_ENOTFOUND, "nor does a tag of a blob");
	is_int(prio_object_peel_commit(r, &tag, 10, &out, &size),
	    PRIO_ERANGE, "a tag over max is refused unread");
	ok(git_oid_equal(&out, &tag), "*out names the tag");
	is_int((int)size, (int)size_of(&tag), "*size is its size");
	is_int(prio_object_peel_commit(r, &commit, 10, &out, &size),
	    PRIO_ERANGE, "so is a commit over max");
	ok(git_error_last() == NULL ||
	    git_error_last()->klass == GIT_ERROR_NONE,
	    "peeling leaves no libgit2 error behind");
}

static void
test_rev_guard(git_repository *r)
{
	struct prio_diags d = PRIO_DIAGS_INIT;
	char *want;

	is_int(prio_object_rev_guard(r, "HEAD", 1 << 20, &d), PRIO_OK,
	    "HEAD passes the guard");
	is_int(prio_object_rev_guard(r, "v1..HEAD~0", 1 << 20, &d), PRIO_OK,
	    "so does a range of a tag and an expression");
	is_int(prio_object_rev_guard(r, "vblob", 1, &d), PRIO_ERANGE,
	    "a tag whose blob is over max is refused");
	is_int((int)d.count, 1, "with one diagnostic");
	want = out_in(tmp, "echo \"'vblob' names a tag of $(git cat-file -s "
	    "vblob) bytes ($(git rev-parse vblob | cut -c1-12)), over the 1 "
	    "bytes prio reads; name a commit, branch or tag\"");
	is_str(d.count ? d.items[0].message : NULL, want,
	    "naming the first object over max, its size and id");
	free(want);
	is_int(prio_object_rev_guard(r, "HEAD...vblob", 1 << 20, &d),
	    PRIO_OK, "under max, a tag of a blob is git_revparse's to judge");
	is_int(prio_object_rev_guard(r, "HEAD:a.txt", 1, &d), PRIO_ERANGE,
	    "<rev>:<path> names the blob at path");
	is_int(prio_object_rev_guard(r, "HEAD..HEAD:a.txt", 1, &d),
	    PRIO_ERANGE, "either side of a range");
	is_int(prio_object_rev_guard(r, "no-such-rev", 1, &d), PRIO_OK,
	    "a revision that names nothing is git_revparse's to report");
	prio_diags_free(&d);
}

static void
test_diags_git(void)
{
	struct prio_diags d = PRIO_DIAGS_INIT;

	git_error_set_str(GIT_ERROR_OS, "the disk is on fire");
	is_str(prio_git_message(), "the disk is on fire",
	    "prio_git_message is libgit2's message");
	is_int(prio_diags_git(&d, "backlog/x.md", "cannot read %s", "x"),
	    PRIO_EGIT, "prio_diags_git returns PRIO_EGIT");
	is_int((int)d.count, 1, "and adds one diagnostic");
	is_str(d.items[0].message, "cannot read x: the disk is on fire",
	    "what prio was doing, then libgit2's message");
	is_str(d.items[0].rule, "git", "rule git");
	is_str(d.items[0].path, "backlog/x.md", "at the path given");
	ok(d.items[0].severity == PRIO_SEV_ERROR, "an error");
	ok(git_error_last() == NULL ||
	    git_error_last()->klass == GIT_ERROR_NONE,
	    "libgit2's error is cleared: no later report repeats it");
	prio_diags_git(&d, NULL, "cannot list the branches");
	is_str(d.items[1].message,
	    "cannot list the branches: unknown libgit2 error",
	    "with no error left by libgit2, it says so");
	is_str(d.items[1].path, "", "no path");
	prio_diags_free(&d);
}

int
main(void)
{
	git_repository *r = NULL;

	shell_tmpdir(tmp, sizeof(tmp), "object");
	sh("git init -q . && echo a >a.txt && git add a.txt && "
	    "git -c user.name=T -c user.email=t@e commit -qm one && "
	    "git -c user.name=T -c user.email=t@e tag -a -m 'tag one' v1 && "
	    "git -c user.name=T -c user.email=t@e tag -a -m 'a blob' vblob "
	    "HEAD:a.txt");
	git_libgit2_init();
	if (git_repository_open(&r, tmp) < 0)
		bail("cannot open the test repository");
	test_read_blob(r);
	test_peel(r);
	test_rev_guard(r);
	test_diags_git();
	git_repository_free(r);
	git_libgit2_shutdown();
	sh("cd / && rm -rf '%s'", tmp);
	return tap_done();
}
