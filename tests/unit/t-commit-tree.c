/*
 * Unit tests for commit_tree_patch() (src/lib/commit_tree.c, internal):
 * for replacements of files HEAD has, the tree it writes is the one
 * git_tree_create_updated() writes, byte for byte (the same id), deep
 * and shallow, several at once, with a mode changed, with a raw mode
 * git no longer writes kept; anything else (an added or removed path, a
 * file over a folder, a path through a file, the same path twice, no
 * base tree) is left to git_tree_create_updated() (returns 1).
 */
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "prio/buf.h"
#include "../../src/lib/commit_impl.h"
#include "shell.h"
#include "tap.h"

static git_repository *repo;
static git_tree *base;

static git_oid
blob(const char *text)
{
	git_oid id;

	if (git_blob_create_from_buffer(&id, repo, text, strlen(text)) < 0)
		bail("cannot write a blob");
	return id;
}

static git_tree_update
up(int action, const char *path, git_oid id, git_filemode_t mode)
{
	git_tree_update u;

	memset(&u, 0, sizeof(u));
	u.action = (git_tree_update_t)action;
	u.path = path;
	u.id = id;
	u.filemode = mode;
	return u;
}

/* The patch writes what the tree builder writes. */
static void
same(const char *name, git_tree *t, const git_tree_update *ups,
    size_t n)
{
	git_oid want, got;

	memset(&got, 0, sizeof(got));
	if (git_tree_create_updated(&want, repo, t, n, ups) < 0)
		bail("git_tree_create_updated failed");
	is_int(commit_tree_patch(repo, t, ups, n, &got), 0, "%s: patched",
	    name);
	ok(git_oid_equal(&want, &got), "%s: the tree git_tree_create_updated "
	    "writes", name);
}

static void
declined(const char *name, const git_tree *t, const git_tree_update *ups,
    size_t n)
{
	git_oid got;

	is_int(commit_tree_patch(repo, t, ups, n, &got), 1,
	    "%s: left to git_tree_create_updated", name);
}

/* A tree with one entry of a raw mode (100664, which old gits wrote),
 * beside the base's entries. */
static git_tree *
tree_with_raw_mode(void)
{
	struct prio_buf b = PRIO_BUF_INIT;
	git_oid id = blob("old mode\n"), tid;
	git_odb *odb;
	git_tree *t = NULL;
	const git_tree_entry *e;
	size_t i;

	/* "0-old.txt" sorts before every base entry. */
	prio_buf_addf(&b, "100664 0-old.txt");
	prio_buf_add(&b, "", 1);
	prio_buf_add(&b, id.id, GIT_OID_RAWSZ);
	for (i = 0; i < git_tree_entrycount(base); i++) {
		e = git_tree_entry_byindex(base, i);
		prio_buf_addf(&b, "%o %s", git_tree_entry_filemode_raw(e),
		    git_tree_entry_name(e));
		prio_buf_add(&b, "", 1);
		prio_buf_add(&b, git_tree_entry_id(e)->id, GIT_OID_RAWSZ);
	}
	if (git_repository_odb(&odb, repo) < 0 ||
	    git_odb_write(&tid, odb, b.ptr, b.len, GIT_OBJECT_TREE) < 0 ||
	    git_tree_lookup(&t, repo, &tid) < 0)
		bail("cannot write a tree with a raw mode");
	git_odb_free(odb);
	prio_buf_free(&b);
	return t;
}

int
main(void)
{
	char dir[] = "/tmp/prio-t-commit-tree-XXXXXX";
	git_oid a = { { 0 } }, b2 = { { 0 } }, none = { { 0 } };
	git_tree_update u[3];
	git_object *head = NULL;
	git_tree *raw;
	int i;

	git_libgit2_init();
	if (mkdtemp(dir) == NULL)
		bail("mkdtemp");
	if (sh_in(dir, "git init -q . && mkdir -p backlog/stories z && "
	    "for i in $(seq 1 40); do echo \"story $i\" "
	    ">backlog/stories/S-$i.md; done && echo c >backlog/prio.yml && "
	    "echo a >a.txt && echo y >z/y.txt && echo x >x.sh && "
	    "chmod +x x.sh && git add -A && git -c user.name=t "
	    "-c user.email=t@e commit -qm init") != 0)
		bail("cannot make the repository");
	if (git_repository_open(&repo, dir) < 0 ||
	    git_revparse_single(&head, repo, "HEAD^{tree}") < 0)
		bail("cannot open the repository");
	base = (git_tree *)head;
	a = blob("changed\n");
	b2 = blob("changed too\n");

	u[0] = up(GIT_TREE_UPDATE_UPSERT, "backlog/stories/S-17.md", a,
	    GIT_FILEMODE_BLOB);
	same("one story, two folders down", base, u, 1);
	u[0] = up(GIT_TREE_UPDATE_UPSERT, "a.txt", a, GIT_FILEMODE_BLOB);
	same("a file at the top", base, u, 1);
	u[0] = up(GIT_TREE_UPDATE_UPSERT, "backlog/stories/S-9.md", b2,
	    GIT_FILEMODE_BLOB);
	u[1] = up(GIT_TREE_UPDATE_UPSERT, "backlog/stories/S-10.md", a,
	    GIT_FILEMODE_BLOB);
	u[2] = up(GIT_TREE_UPDATE_UPSERT, "z/y.txt", a, GIT_FILEMODE_BLOB);
	same("three files in two folders", base, u, 3);
	u[0] = up(GIT_TREE_UPDATE_UPSERT, "x.sh", a, GIT_FILEMODE_BLOB);
	same("an executable made a plain file", base, u, 1);
	u[0] = up(GIT_TREE_UPDATE_UPSERT, "a.txt", a,
	    GIT_FILEMODE_BLOB_EXECUTABLE);
	same("a plain file made executable", base, u, 1);
	u[0] = up(GIT_TREE_UPDATE_UPSERT, "backlog/prio.yml",
	    *git_tree_entry_id(git_tree_entry_byname(base, "a.txt")),
	    GIT_FILEMODE_BLOB);
	same("the content of another file", base, u, 1);
	{
		git_tree_entry *e;
		git_oid got;

		if (git_tree_entry_bypath(&e, base, "backlog/prio.yml") < 0)
			bail("no prio.yml");
		u[0] = up(GIT_TREE_UPDATE_UPSERT, "backlog/prio.yml",
		    *git_tree_entry_id(e), GIT_FILEMODE_BLOB);
		git_tree_entry_free(e);
		ok(commit_tree_patch(repo, base, u, 1, &got) == 0 &&
		    git_oid_equal(&got, git_tree_id(base)),
		    "no change: the base tree's own id");
	}
	raw = tree_with_raw_mode();
	u[0] = up(GIT_TREE_UPDATE_UPSERT, "backlog/stories/S-1.md", a,
	    GIT_FILEMODE_BLOB);
	same("beside an entry of a raw mode", raw, u, 1);
	git_tree_free(raw);

	u[0] = up(GIT_TREE_UPDATE_UPSERT, "backlog/stories/S-99.md", a,
	    GIT_FILEMODE_BLOB);
	declined("a new file", base, u, 1);
	u[0] = up(GIT_TREE_UPDATE_UPSERT, "new/deep/file.md", a,
	    GIT_FILEMODE_BLOB);
	declined("a new folder", base, u, 1);
	u[0] = up(GIT_TREE_UPDATE_REMOVE, "backlog/stories/S-3.md", none, 0);
	declined("a removal", base, u, 1);
	u[0] = up(GIT_TREE_UPDATE_UPSERT, "backlog", a, GIT_FILEMODE_BLOB);
	declined("a file over a folder", base, u, 1);
	u[0] = up(GIT_TREE_UPDATE_UPSERT, "a.txt/inside", a,
	    GIT_FILEMODE_BLOB);
	declined("a path through a file", base, u, 1);
	u[0] = up(GIT_TREE_UPDATE_UPSERT, "a.txt", a, GIT_FILEMODE_BLOB);
	u[1] = up(GIT_TREE_UPDATE_UPSERT, "a.txt", b2, GIT_FILEMODE_BLOB);
	declined("the same path twice", base, u, 2);
	u[1] = up(GIT_TREE_UPDATE_UPSERT, "z/nothing", b2,
	    GIT_FILEMODE_BLOB);
	declined("a replacement and an addition", base, u, 2);
	for (i = 0; i < 3; i++) {
		static const char *const odd[] = { "", "/a.txt", "z//y.txt" };

		u[0] = up(GIT_TREE_UPDATE_UPSERT, odd[i], a,
		    GIT_FILEMODE_BLOB);
		declined(*odd[i] ? odd[i] : "an empty path", base, u, 1);
	}
	u[0] = up(GIT_TREE_UPDATE_UPSERT, "a.txt", a, GIT_FILEMODE_BLOB);
	declined("no base tree (an unborn branch)", NULL, u, 1);

	git_tree_free(base);
	git_repository_free(repo);
	sh_in("/tmp", "rm -rf '%s'", dir);
	git_libgit2_shutdown();
	return tap_done();
}
