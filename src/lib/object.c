/*
 * Reading git objects with their size checked first (see prio/object.h).
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "prio/error.h"
#include "prio/object.h"

/* The longest chain of tags peeled to a commit; git's own is as long. */
#define PEEL_MAX_DEPTH 16

/* The object's size and type from its header, without loading it. */
static int
read_header(git_repository *repo, const git_oid *id, size_t *size,
    git_object_t *type)
{
	git_odb *odb = NULL;
	int err;

	if ((err = git_repository_odb(&odb, repo)) == 0)
		err = git_odb_read_header(size, type, odb, id);
	git_odb_free(odb);
	/* A backend that did not have it (packs, then loose objects) leaves
	 * its "not found" behind even when the next one did. */
	if (err == 0)
		git_error_clear();
	return err;
}

int
prio_object_read_blob(git_repository *repo, const git_oid *id, size_t max,
    struct prio_buf *out, uint64_t *size)
{
	git_blob *blob = NULL;
	git_object_t type;
	size_t len;

	prio_buf_clear(out);
	if (read_header(repo, id, &len, &type) < 0)
		return PRIO_EGIT;
	if (size)
		*size = len;
	if (len > max)
		return PRIO_ERANGE;
	if (git_blob_lookup(&blob, repo, id) < 0)
		return PRIO_EGIT;
	prio_buf_add(out, git_blob_rawcontent(blob),
	    (size_t)git_blob_rawsize(blob));
	git_blob_free(blob);
	return PRIO_OK;
}

char *
prio_object_too_large(uint64_t size, size_t max)
{
	return prio_xasprintf("the file is %llu bytes, over the limit of %zu "
	    "bytes; split it, or raise max-file-size in backlog/prio.yml",
	    (unsigned long long)size, max);
}

/*
 * Follows id through tags, by their headers, to the first object that is
 * not a tag: *out, *type, *size.  PRIO_ERANGE when an object on the way,
 * or that one, is over max (then *out, *type and *size are that object);
 * PRIO_ENOTFOUND when one is missing or the chain is too long.
 */
static int
follow_tags(git_repository *repo, const git_oid *id, size_t max,
    git_oid *out, git_object_t *type, size_t *size)
{
	git_tag *tag = NULL;
	int depth;

	git_oid_cpy(out, id);
	*type = GIT_OBJECT_INVALID;
	for (depth = 0; depth < PEEL_MAX_DEPTH; depth++) {
		if (read_header(repo, out, size, type) < 0) {
			git_error_clear();
			return PRIO_ENOTFOUND;
		}
		if (*size > max)
			return PRIO_ERANGE;
		if (*type != GIT_OBJECT_TAG)
			return PRIO_OK;
		if (git_tag_lookup(&tag, repo, out) < 0) {
			git_error_clear();
			return PRIO_ENOTFOUND;
		}
		git_oid_cpy(out, git_tag_target_id(tag));
		git_tag_free(tag);
	}
	return PRIO_ENOTFOUND;
}

int
prio_object_peel_commit(git_repository *repo, const git_oid *id,
    size_t max, git_oid *out, uint64_t *size)
{
	git_object_t type;
	size_t len;
	int rc = follow_tags(repo, id, max, out, &type, &len);

	/* A huge blob or tree is no commit either: the hook lets it be. */
	if (rc == PRIO_ENOTFOUND || (type != GIT_OBJECT_COMMIT &&
	    type != GIT_OBJECT_TAG))
		return PRIO_ENOTFOUND;
	if (rc == PRIO_ERANGE)
		*size = len;
	return rc;
}

/* The object "<rev>:<path>" names, by the tree entry's id. */
static bool
path_id(git_repository *repo, const char *rev, size_t len, const char *path,
    git_oid *id)
{
	char *treeish = prio_xasprintf("%.*s^{tree}", (int)len, rev);
	git_object *tree = NULL;
	git_tree_entry *e = NULL;
	bool found = git_revparse_single(&tree, repo, treeish) == 0 &&
	    git_tree_entry_bypath(&e, (git_tree *)tree, path) == 0;

	if (found)
		git_oid_cpy(id, git_tree_entry_id(e));
	git_tree_entry_free(e);
	git_object_free(tree);
	free(treeish);
	return found;
}

/* An abbreviated object id that names one object. */
static bool
abbrev_id(git_repository *repo, const char *name, git_oid *id)
{
	size_t len = strlen(name);
	git_odb *odb = NULL;
	git_oid prefix;
	bool found;

	if (len < GIT_OID_MINPREFIXLEN || len >= GIT_OID_HEXSZ ||
	    strspn(name, "0123456789abcdefABCDEF") != len)
		return false;
	found = git_oid_fromstrn(&prefix, name, len) == 0 &&
	    git_repository_odb(&odb, repo) == 0 &&
	    git_odb_exists_prefix(id, odb, &prefix, len) == 0;
	git_odb_free(odb);
	return found;
}

/* What name names outright, in git_revparse's order: an object id, a
 * ref, an abbreviated id; or "<rev>:<path>". */
static bool
named_id(git_repository *repo, const char *name, git_oid *id)
{
	git_reference *ref = NULL, *target = NULL;
	const char *colon = strchr(name, ':');
	bool found;

	if (colon)
		found = colon > name && colon[1] != '\0' &&
		    path_id(repo, name, (size_t)(colon - name), colon + 1, id);
	else if (strlen(name) == GIT_OID_HEXSZ && git_oid_fromstr(id,
	    name) == 0)
		found = true;
	else if (git_reference_dwim(&ref, repo, name) == 0 &&
	    git_reference_resolve(&target, ref) == 0) {
		git_oid_cpy(id, git_reference_target(target));
		found = true;
	} else
		found = abbrev_id(repo, name, id);
	git_reference_free(target);
	git_reference_free(ref);
	git_error_clear();
	return found;
}

static int
guard_one(git_repository *repo, const char *rev, size_t len, size_t max,
    struct prio_diags *diags)
{
	char *name = prio_xstrndup(rev, len);
	git_object_t type;
	git_oid id, at;
	size_t size;
	int rc = PRIO_OK;

	if (len > 0 && named_id(repo, name, &id) &&
	    follow_tags(repo, &id, max, &at, &type, &size) == PRIO_ERANGE) {
		prio_diags_add(diags, PRIO_SEV_ERROR, "git", NULL, 0, 0,
		    "'%s' names a %s of %zu bytes (%.12s), over the %zu bytes "
		    "prio reads; name a commit, branch or tag", name,
		    git_object_type2string(type), size, git_oid_tostr_s(&at),
		    max);
		rc = PRIO_ERANGE;
	}
	free(name);
	return rc;
}

int
prio_object_rev_guard(git_repository *repo, const char *rev, size_t max,
    struct prio_diags *diags)
{
	const char *dots = strstr(rev, "..");
	const char *right;
	int rc;

	if (dots == NULL)
		return guard_one(repo, rev, strlen(rev), max, diags);
	right = dots[2] == '.' ? dots + 3 : dots + 2;
	if ((rc = guard_one(repo, rev, (size_t)(dots - rev), max, diags)) ==
	    PRIO_OK)
		rc = guard_one(repo, right, strlen(right), max, diags);
	return rc;
}
