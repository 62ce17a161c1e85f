/*
 * Reading git objects with their size checked first (see prio/object.h).
 */
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

int
prio_object_peel_commit(git_repository *repo, const git_oid *id,
    size_t max, git_oid *out, uint64_t *size)
{
	git_tag *tag = NULL;
	git_object_t type;
	size_t len;
	int depth;

	git_oid_cpy(out, id);
	for (depth = 0; depth < PEEL_MAX_DEPTH; depth++) {
		if (read_header(repo, out, &len, &type) < 0) {
			git_error_clear();
			return PRIO_ENOTFOUND;
		}
		if (type != GIT_OBJECT_COMMIT && type != GIT_OBJECT_TAG)
			return PRIO_ENOTFOUND;
		if (len > max) {
			*size = len;
			return PRIO_ERANGE;
		}
		if (type == GIT_OBJECT_COMMIT)
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
