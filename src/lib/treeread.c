/*
 * A backlog's files in a commit's tree (see prio/treeread.h).
 */
#include <stdlib.h>
#include <string.h>

#include "prio/dialect.h"
#include "prio/error.h"
#include "prio/object.h"
#include "prio/shallow.h"
#include "prio/treeread.h"
#include "util.h"

static bool
regular(git_filemode_t mode)
{
	return mode == GIT_FILEMODE_BLOB ||
	    mode == GIT_FILEMODE_BLOB_EXECUTABLE;
}

/* A blob that cannot be read: missing from a partial clone, or worse. */
static int
blob_fail(git_repository *repo, const git_oid *commit, const char *path,
    const git_oid *id, struct prio_diags *diags)
{
	char *what = commit ? prio_xasprintf("%s at commit %.7s", path,
	    git_oid_tostr_s(commit)) : prio_xstrdup(path);
	char *doing = prio_xasprintf("cannot read %s", path);
	int rc = prio_missing_object(diags, repo, id, GIT_OBJECT_BLOB, what,
	    doing);

	free(what);
	free(doing);
	return rc;
}

int
prio_treeread_blob(git_repository *repo, const git_oid *commit,
    const char *path, const git_oid *id, size_t max, struct prio_buf *out,
    bool *fits, struct prio_diags *diags)
{
	int rc = prio_object_read_blob(repo, id, max, out, NULL);

	*fits = rc == PRIO_OK;
	return rc == PRIO_EGIT ? blob_fail(repo, commit, path, id, diags) :
	    PRIO_OK;
}

int
prio_treeread_story(struct prio_story **out, git_repository *repo,
    const git_oid *commit, const char *path, const git_oid *id,
    struct prio_story_parser *p, size_t max, struct prio_buf *data,
    struct prio_diags *got, struct prio_diags *diags)
{
	bool fits;
	int rc;

	*out = NULL;
	if ((rc = prio_treeread_blob(repo, commit, path, id, max, data, &fits,
	    diags)) != PRIO_OK || !fits)
		return rc;
	*out = prio_story_parser_parse(p, path, data->ptr, data->len, got);
	return PRIO_OK;
}

/* The entry of root at path when it is a file, else NULL. */
static git_tree_entry *
file_at(git_tree *root, const char *path)
{
	git_tree_entry *e = NULL;

	if (root == NULL || git_tree_entry_bypath(&e, root, path) < 0) {
		git_error_clear();
		return NULL;
	}
	if (!regular(git_tree_entry_filemode(e))) {
		git_tree_entry_free(e);
		return NULL;
	}
	return e;
}

/* Reads and parses the config at path (entry e) into out. */
static int
read_config(struct prio_treeread_config *out, git_repository *repo,
    const struct prio_dialect *d, const char *path, const git_tree_entry *e,
    const git_oid *commit, struct prio_diags *got, struct prio_diags *diags)
{
	struct prio_buf text = PRIO_BUF_INIT;
	struct prio_diags mine = PRIO_DIAGS_INIT;
	int rc;

	out->path = path;
	git_oid_cpy(&out->id, git_tree_entry_id(e));
	rc = prio_object_read_blob(repo, &out->id, PRIO_MAX_FILE_SIZE_LIMIT,
	    &text, &out->size);
	if (rc == PRIO_EGIT)
		rc = blob_fail(repo, commit, path, &out->id, diags);
	if (rc != PRIO_OK) {
		prio_buf_free(&text);
		return rc;
	}
	out->len = text.len;
	out->text = prio_buf_detach(&text, NULL);
	rc = d->parse_config(&out->cfg, path, out->text, out->len, &mine);
	if (rc == PRIO_ENOTFOUND) {
		/* Another tool's file: no config here. */
		prio_diags_free(&mine);
		prio_treeread_config_free(out);
		return PRIO_ENOTFOUND;
	}
	prio_diags_take(got, &mine);
	return rc;
}

int
prio_treeread_config(struct prio_treeread_config *out,
    git_repository *repo, git_tree *root, const git_oid *commit,
    struct prio_diags *got, struct prio_diags *diags)
{
	const struct prio_dialect *const *d;
	const char *const *p;
	git_tree_entry *e;
	int rc = PRIO_ENOTFOUND;

	memset(out, 0, sizeof(*out));
	for (d = prio_dialects(); *d && rc == PRIO_ENOTFOUND; d++)
		for (p = (*d)->config_paths; *p && rc == PRIO_ENOTFOUND; p++) {
			if ((e = file_at(root, *p)) == NULL)
				continue;
			rc = read_config(out, repo, *d, *p, e, commit, got,
			    diags);
			git_tree_entry_free(e);
		}
	return rc;
}

void
prio_treeread_config_free(struct prio_treeread_config *c)
{
	if (c == NULL)
		return;
	free(c->text);
	prio_config_free(c->cfg);
	memset(c, 0, sizeof(*c));
}

static bool
same_entry(const git_tree_entry *a, const git_tree_entry *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return git_oid_equal(git_tree_entry_id(a), git_tree_entry_id(b)) &&
	    git_tree_entry_filemode(a) == git_tree_entry_filemode(b);
}

bool
prio_treeread_same_config(git_tree *a, git_tree *b)
{
	const struct prio_dialect *const *d;
	const char *const *p;
	git_tree_entry *ea, *eb;
	bool same = true;

	if (a && b && git_oid_equal(git_tree_id(a), git_tree_id(b)))
		return true;
	for (d = prio_dialects(); *d && same; d++)
		for (p = (*d)->config_paths; *p && same; p++) {
			ea = file_at(a, *p);
			eb = file_at(b, *p);
			same = same_entry(ea, eb);
			git_tree_entry_free(ea);
			git_tree_entry_free(eb);
		}
	return same;
}
