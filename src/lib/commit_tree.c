/*
 * commit_tree_patch(): the commit's tree when every change replaces a
 * file HEAD already has, written straight from HEAD's trees.
 *
 * git_tree_create_updated() loads each tree on the way to a changed
 * file into a tree builder (a hash map of its entries), sorts them
 * again and writes them: on a backlog of 10,000 stories that is a
 * tenth of what a `prio move` costs, for entries that are already in
 * order.  Here each tree on the way is copied entry by entry, in HEAD's
 * order, with the changed entries' ids (and the new subtrees' ids) put
 * in: the same bytes the builder writes (raw modes kept for unchanged
 * entries, a changed file's mode as given, GIT_FILEMODE_TREE for a
 * rewritten subtree), so the same object ids.  A change that adds or
 * removes a path, or that would put a file where HEAD has a folder, is
 * left to git_tree_create_updated().
 */
#include <stdlib.h>
#include <string.h>

#include "commit_impl.h"
#include "prio/buf.h"

/* One change, seen from the tree being written: rest is what remains
 * of its path below that tree. */
struct tpatch {
	const char *rest;
	const git_oid *id;
	git_filemode_t mode;
	bool done;
};

static size_t
component_len(const char *rest)
{
	const char *slash = strchr(rest, '/');

	return slash ? (size_t)(slash - rest) : strlen(rest);
}

static bool
names(const struct tpatch *p, const char *name, size_t len)
{
	return component_len(p->rest) == len &&
	    memcmp(p->rest, name, len) == 0;
}

/* "<mode in octal> <name>\0<raw id>", as git writes a tree entry (by
 * hand: a printf per entry of a 10,000-entry tree costs more than the
 * rest of the copy). */
static void
add_entry(struct prio_buf *b, unsigned mode, const char *name,
    const git_oid *id)
{
	char octal[12], *p = octal + sizeof(octal);

	*--p = ' ';
	do
		*--p = (char)('0' + (mode & 7));
	while ((mode >>= 3) != 0);
	prio_buf_add(b, p, (size_t)(octal + sizeof(octal) - p));
	prio_buf_add(b, name, strlen(name) + 1);
	prio_buf_add(b, id->id, GIT_OID_RAWSZ);
}

static int patch_tree(git_repository *repo, git_odb *odb,
    const git_tree *tree, struct tpatch **ps, size_t n, git_oid *out);

/*
 * The entry e of a tree with the changes ps[0..n) that name it (n > 0):
 * a file replaced, or a subtree written again.  0 when done, 1 when the
 * change is not a replacement, -1 on a libgit2 error.
 */
static int
patch_entry(git_repository *repo, git_odb *odb, const git_tree_entry *e,
    struct tpatch **ps, size_t n, struct prio_buf *b)
{
	const char *name = git_tree_entry_name(e);
	bool is_tree = git_tree_entry_type(e) == GIT_OBJECT_TREE;
	git_tree *sub = NULL;
	git_oid id;
	size_t i, len = strlen(name);
	int rc;

	if (ps[0]->rest[len] == '\0') {
		if (n != 1 || is_tree)
			return 1;
		add_entry(b, (unsigned)ps[0]->mode, name, ps[0]->id);
		ps[0]->done = true;
		return 0;
	}
	if (!is_tree)
		return 1;
	for (i = 0; i < n; i++) {
		if (ps[i]->rest[len] != '/')
			return 1;
		ps[i]->rest += len + 1;
	}
	if (git_tree_lookup(&sub, repo, git_tree_entry_id(e)) < 0)
		return -1;
	rc = patch_tree(repo, odb, sub, ps, n, &id);
	git_tree_free(sub);
	if (rc == 0)
		add_entry(b, (unsigned)GIT_FILEMODE_TREE, name, &id);
	return rc;
}

/* Writes tree with the changes ps[0..n) in as *out: 0, 1 (not a
 * replacement), or -1. */
static int
patch_tree(git_repository *repo, git_odb *odb, const git_tree *tree,
    struct tpatch **ps, size_t n, git_oid *out)
{
	struct prio_buf b = PRIO_BUF_INIT;
	struct tpatch **mine = prio_xcalloc(n + 1, sizeof(*mine));
	const git_tree_entry *e;
	size_t i, j, k, count = git_tree_entrycount(tree);
	int rc = 0;

	for (i = 0; i < count && rc == 0; i++) {
		e = git_tree_entry_byindex(tree, i);
		for (j = 0, k = 0; j < n; j++)
			if (!ps[j]->done && names(ps[j],
			    git_tree_entry_name(e),
			    strlen(git_tree_entry_name(e))))
				mine[k++] = ps[j];
		if (k > 0)
			rc = patch_entry(repo, odb, e, mine, k, &b);
		else
			add_entry(&b, (unsigned)git_tree_entry_filemode_raw(e),
			    git_tree_entry_name(e), git_tree_entry_id(e));
	}
	for (j = 0; j < n && rc == 0; j++)
		if (!ps[j]->done)
			rc = 1;
	if (rc == 0 && git_odb_write(out, odb, b.ptr, b.len,
	    GIT_OBJECT_TREE) < 0)
		rc = -1;
	free(mine);
	prio_buf_free(&b);
	return rc;
}

int
commit_tree_patch(git_repository *repo, const git_tree *base,
    const git_tree_update *ups, size_t n, git_oid *out)
{
	struct tpatch *p = prio_xcalloc(n + 1, sizeof(*p));
	struct tpatch **ps = prio_xcalloc(n + 1, sizeof(*ps));
	git_odb *odb = NULL;
	size_t i;
	int rc = base == NULL || n == 0 ? 1 : 0;

	for (i = 0; i < n && rc == 0; i++) {
		if (ups[i].action != GIT_TREE_UPDATE_UPSERT ||
		    ups[i].path[0] == '\0' || ups[i].path[0] == '/')
			rc = 1;
		p[i].rest = ups[i].path;
		p[i].id = &ups[i].id;
		p[i].mode = ups[i].filemode;
		ps[i] = &p[i];
	}
	if (rc == 0 && git_repository_odb(&odb, repo) < 0)
		rc = -1;
	if (rc == 0)
		rc = patch_tree(repo, odb, base, ps, n, out);
	git_odb_free(odb);
	free(ps);
	free(p);
	return rc;
}
