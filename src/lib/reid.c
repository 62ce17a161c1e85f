/*
 * Which of the stories that share an ID is the newcomer, and what each
 * depends-on entry naming the ID meant, from history (see prio/reid.h).
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "prio/buf.h"
#include "prio/error.h"
#include "prio/object.h"
#include "prio/reid.h"

void
prio_reid_collect(struct prio_reid *r, const struct prio_backlog *b,
    const char *id)
{
	unsigned long num = 0;
	size_t i;

	r->id = id;
	r->cands = prio_xcalloc(b->count + 1, sizeof(*r->cands));
	r->first_seen = prio_xcalloc(b->count + 1, sizeof(*r->first_seen));
	/* By number: a Backlog.md ID has many spellings (back-03, BACK-3). */
	prio_config_id_valid(b->config, r->id, &num);
	for (i = 0; i < b->count; i++)
		if (b->stories[i]->id && b->stories[i]->id_num == num)
			r->cands[r->ncands++] = b->stories[i];
	if (r->ncands)
		r->id = r->cands[0]->id;
}

void
prio_reid_collect_deps(struct prio_reid *r, const struct prio_backlog *b)
{
	size_t i;

	r->deps = prio_xcalloc(b->count + 1, sizeof(*r->deps));
	for (i = 0; i < b->count; i++) {
		const struct prio_story *s = b->stories[i];

		if (s != r->renamed && s->readable &&
		    prio_strv_has(s->depends_on, s->ndepends_on, r->id))
			r->deps[r->ndeps++].story = s;
	}
}

static bool
in_tree(git_tree *tree, const char *path)
{
	git_tree_entry *e = NULL;
	bool found = git_tree_entry_bypath(&e, tree, path) == 0 &&
	    git_tree_entry_type(e) == GIT_OBJECT_BLOB;

	git_tree_entry_free(e);
	git_error_clear();
	return found;
}

/* What a walk reads with. */
struct reader {
	git_repository *repo;
	const struct prio_config *cfg;
	struct prio_diags *diags;
};

/*
 * Whether tree has path (*blob its id) and, when names is not NULL,
 * whether that version's depends-on names id (*names).  A blob that a
 * partial clone has not fetched sets *rc to PRIO_EFETCH (with a
 * diagnostic): what it names cannot be known without it.
 */
static bool
version_of(const struct reader *rd, git_tree *tree, const char *path,
    const char *id, git_oid *blob, bool *names, int *rc)
{
	struct prio_diags ignored = PRIO_DIAGS_INIT;
	git_tree_entry *e = NULL;
	struct prio_buf data = PRIO_BUF_INIT;
	struct prio_story *s;
	int got;

	if (names)
		*names = false;
	if (git_tree_entry_bypath(&e, tree, path) != 0 ||
	    git_tree_entry_type(e) != GIT_OBJECT_BLOB) {
		git_tree_entry_free(e);
		git_error_clear();
		return false;
	}
	*blob = *git_tree_entry_id(e);
	git_tree_entry_free(e);
	if (names == NULL)
		return true;
	/* Too large to be read as a story (ERANGE): it names nothing. */
	got = prio_object_read_blob(rd->repo, blob, rd->cfg->max_file_size,
	    &data, NULL);
	if (got == PRIO_EGIT && prio_missing_object(rd->diags, rd->repo,
	    blob, GIT_OBJECT_BLOB, path, "cannot read a story") == PRIO_EFETCH)
		*rc = PRIO_EFETCH;
	if (got == PRIO_OK) {
		s = prio_story_parse(path, data.ptr, data.len, rd->cfg,
		    &ignored);
		*names = prio_strv_has(s->depends_on, s->ndepends_on, id);
		prio_story_free(s);
		prio_diags_free(&ignored);
	}
	prio_buf_free(&data);
	return true;
}

/* Which of the stories with the ID a commit's tree holds. */
static enum prio_meant
meaning_in(const struct prio_reid *r, git_tree *tree)
{
	bool renamed = false, other = false;
	size_t i;

	for (i = 0; i < r->ncands; i++) {
		if (!in_tree(tree, r->cands[i]->path))
			continue;
		if (r->cands[i] == r->renamed)
			renamed = true;
		else
			other = true;
	}
	if (renamed != other)
		return renamed ? PRIO_MEANT_RENAMED : PRIO_MEANT_OTHER;
	return PRIO_MEANT_EITHER;
}

/*
 * Whether commit c (tree t; parents as the walk has them: none at a
 * shallow clone's boundary) introduced the ID into d's depends-on.
 */
static bool
introduces(const struct reader *rd, const struct prio_reid *r, git_tree *t,
    const git_oid *parents, unsigned n, const struct prio_reid_dep *d, int *rc)
{
	git_commit *parent;
	git_tree *pt;
	git_oid blob, pblob;
	unsigned i;
	bool names, pnames, found;

	if (!version_of(rd, t, d->story->path, r->id, &blob, NULL, rc))
		return false;
	for (i = 0; i < n; i++) {
		parent = NULL;
		pt = NULL;
		found = git_commit_lookup(&parent, rd->repo, &parents[i]) ==
		    0 && git_commit_tree(&pt, parent) == 0 &&
		    version_of(rd, pt, d->story->path, r->id, &pblob, NULL,
		    rc) && git_oid_equal(&blob, &pblob);
		git_tree_free(pt);
		git_commit_free(parent);
		git_error_clear();
		if (found)
			return false;
	}
	version_of(rd, t, d->story->path, r->id, &blob, &names, rc);
	if (!names)
		return false;
	for (i = 0; i < n; i++) {
		parent = NULL;
		pt = NULL;
		pnames = false;
		if (git_commit_lookup(&parent, rd->repo, &parents[i]) == 0 &&
		    git_commit_tree(&pt, parent) == 0)
			version_of(rd, pt, d->story->path, r->id, &pblob,
			    &pnames, rc);
		git_tree_free(pt);
		git_commit_free(parent);
		git_error_clear();
		if (pnames)
			return false;
	}
	return true;
}

/* One commit of the walk, number k, tree t. */
static void
walk_commit(const struct reader *rd, struct prio_reid *r, bool pick,
    const struct prio_walk *w, size_t k, git_tree *t, int *rc)
{
	const struct prio_walk_commit *wc = &w->commits[k];
	enum prio_meant m;
	size_t i;

	for (i = 0; pick && i < r->ncands; i++)
		if (r->first_seen[i] == LONG_MAX &&
		    in_tree(t, r->cands[i]->path))
			r->first_seen[i] = (long)k;
	for (i = 0; r->renamed && i < r->ndeps; i++) {
		if (!introduces(rd, r, t, &w->parents[wc->parents],
		    wc->nparents, &r->deps[i], rc))
			continue;
		m = meaning_in(r, t);
		if (r->deps[i].meant == PRIO_MEANT_UNKNOWN)
			r->deps[i].meant = m;
		else if (r->deps[i].meant != m)
			r->deps[i].meant = PRIO_MEANT_EITHER;
	}
}

int
prio_reid_walk(struct prio_reid *r, git_repository *repo,
    const struct prio_config *cfg, bool pick, struct prio_shallow_cut *cut,
    struct prio_diags *diags)
{
	const struct reader rd = { repo, cfg, diags };
	struct prio_walk w = PRIO_WALK_INIT;
	git_commit *c = NULL;
	git_tree *t = NULL;
	git_oid head;
	size_t i, k;
	int rc = PRIO_OK;

	for (i = 0; i < r->ncands; i++)
		r->first_seen[i] = LONG_MAX;
	if (git_repository_head_unborn(repo) == 1)
		return PRIO_OK;
	if (git_reference_name_to_id(&head, repo, "HEAD") != 0)
		goto fail;
	if ((r->shallow == NULL && (rc = prio_shallow_read(&r->shallow,
	    repo, diags)) != PRIO_OK) ||
	    (rc = prio_walk_list(&w, repo, r->shallow, &head, 1, NULL, 0,
	    pick ? PRIO_WALK_FIRST_PARENT : 0, diags)) != PRIO_OK)
		goto out;
	prio_walk_topo(&w);
	for (k = 0; k < w.count && rc == PRIO_OK; k++) {
		if (git_commit_lookup(&c, repo, &w.commits[k].id) != 0 ||
		    git_commit_tree(&t, c) != 0)
			goto fail;
		walk_commit(&rd, r, pick, &w, k, t, &rc);
		git_tree_free(t);
		git_commit_free(c);
		t = NULL;
		c = NULL;
	}
	prio_shallow_cut_merge(cut, &w.cut);
	goto out;
fail:
	rc = prio_diags_git(diags, NULL, "cannot read the history");
out:
	git_tree_free(t);
	git_commit_free(c);
	prio_walk_free(&w);
	return rc;
}

void
prio_reid_worktree_deps(struct prio_reid *r, git_repository *repo,
    const struct prio_config *cfg, struct prio_diags *diags)
{
	const struct reader rd = { repo, cfg, diags };
	git_object *head = NULL;
	git_oid blob;
	bool names;
	size_t i;
	int rc = PRIO_OK;       /* HEAD's blobs are checked out: all here */

	if (git_revparse_single(&head, repo, "HEAD^{tree}") != 0) {
		git_error_clear();
		head = NULL;
	}
	for (i = 0; i < r->ndeps; i++) {
		names = false;
		if (head == NULL || !version_of(&rd, (git_tree *)head,
		    r->deps[i].story->path, r->id, &blob, &names, &rc) ||
		    !names)
			r->deps[i].meant = PRIO_MEANT_EITHER;
		else if (r->deps[i].meant == PRIO_MEANT_UNKNOWN)
			r->deps[i].meant = PRIO_MEANT_EITHER;
	}
	git_object_free(head);
}

size_t
prio_reid_newest(const struct prio_reid *r, size_t *ties)
{
	size_t i, newest = 0;

	for (i = 1; i < r->ncands; i++)
		if (r->first_seen[i] > r->first_seen[newest])
			newest = i;
	*ties = 0;
	for (i = 0; i < r->ncands; i++)
		if (r->first_seen[i] == r->first_seen[newest])
			++*ties;
	return newest;
}

void
prio_reid_free(struct prio_reid *r)
{
	free(r->cands);
	free(r->first_seen);
	free(r->deps);
	prio_shallow_free(r->shallow);
	memset(r, 0, sizeof(*r));
}
