/*
 * What a reviewer of a pull request needs beyond what moved (issue 14):
 * for each story prio diff lists, the decisions in the range that
 * changed it (rationale and author, most recent first), and for a new
 * story whether its ID is also taken by another file on another branch
 * (a collision seen before the merge).
 *
 * A commit of the range is one of a story's decisions when its Prio-Story
 * trailers name the story, or (a hand edit, not a merge) it changes the
 * story's file, and it gives a rationale: the body without the
 * trailers.  A commit with a subject only says what, not why.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "diff_review.h"
#include "prio/buf.h"
#include "prio/config.h"
#include "prio/decision.h"

/* One commit as a decision, read by the library's reader of prio's
 * message format (prio/decision.h). */
struct decision {
	char commit[GIT_OID_HEXSZ + 1];
	char *author;
	char *rationale;
	char **stories;          /* Prio-Story trailers */
	size_t nstories;
	char **paths;            /* story files it changes (not a merge) */
	size_t npaths, cap;
};

/* The message's rationale (the paragraphs between the subject and the
 * trailers) and its Prio-Story trailers. */
static void
read_decision(git_commit *c, struct decision *d)
{
	const char *msg = git_commit_message_raw(c);
	struct prio_message m;
	size_t i, cap = 0;

	prio_message_parse(&m, msg, strlen(msg));
	for (i = 0; i < m.ntrailers; i++)
		if (strcasecmp(m.trailers[i].key, "Prio-Story") == 0) {
			prio_xgrow(&d->stories, &cap, d->nstories + 1,
			    sizeof(*d->stories));
			d->stories[d->nstories++] =
			    prio_xstrdup(m.trailers[i].value);
		}
	d->rationale = m.rationale;
	m.rationale = NULL;
	prio_message_free(&m);
}

static void
add_path(struct decision *d, const char *prefix, const char *name)
{
	prio_xgrow(&d->paths, &d->cap, d->npaths + 1, sizeof(*d->paths));
	d->paths[d->npaths++] = prio_xasprintf("%s/%s", prefix, name);
}

/*
 * The files that differ between two folders (either may be NULL), by
 * blob id: no blob is read (a huge story costs nothing here).
 */
static void
diff_trees(git_repository *repo, git_tree *a, git_tree *b,
    const char *prefix, struct decision *d, int depth)
{
	size_t i = 0, j = 0, na = a ? git_tree_entrycount(a) : 0;
	size_t nb = b ? git_tree_entrycount(b) : 0;
	const git_tree_entry *ea, *eb;
	git_tree *sa, *sb;
	char *sub;
	int cmp;

	while (i < na || j < nb) {
		ea = i < na ? git_tree_entry_byindex(a, i) : NULL;
		eb = j < nb ? git_tree_entry_byindex(b, j) : NULL;
		cmp = !ea ? 1 : !eb ? -1 : strcmp(git_tree_entry_name(ea),
		    git_tree_entry_name(eb));
		if (cmp == 0 && git_oid_equal(git_tree_entry_id(ea),
		    git_tree_entry_id(eb))) {
			i++, j++;
			continue;
		}
		if (cmp > 0)
			ea = NULL;
		if (cmp < 0)
			eb = NULL;
		sa = sb = NULL;
		if ((ea && git_tree_entry_type(ea) == GIT_OBJECT_TREE) ||
		    (eb && git_tree_entry_type(eb) == GIT_OBJECT_TREE)) {
			if (depth < 32) {
				if (ea && git_tree_entry_type(ea) ==
				    GIT_OBJECT_TREE)
					git_tree_lookup(&sa, repo,
					    git_tree_entry_id(ea));
				if (eb && git_tree_entry_type(eb) ==
				    GIT_OBJECT_TREE)
					git_tree_lookup(&sb, repo,
					    git_tree_entry_id(eb));
				sub = prio_xasprintf("%s/%s", prefix,
				    git_tree_entry_name(ea ? ea : eb));
				diff_trees(repo, sa, sb, sub, d, depth + 1);
				free(sub);
				git_tree_free(sa);
				git_tree_free(sb);
			}
		} else
			add_path(d, prefix, git_tree_entry_name(ea ? ea : eb));
		i += ea != NULL;
		j += eb != NULL;
	}
}

/* A commit's stories folder, or NULL. */
static git_tree *
stories_of(git_repository *repo, git_commit *c)
{
	git_tree *root = NULL, *t = NULL;
	git_tree_entry *e = NULL;

	if (c && git_commit_tree(&root, c) == 0 &&
	    git_tree_entry_bypath(&e, root, PRIO_STORIES_DIR) == 0 &&
	    git_tree_entry_type(e) == GIT_OBJECT_TREE)
		git_tree_lookup(&t, repo, git_tree_entry_id(e));
	git_tree_entry_free(e);
	git_tree_free(root);
	git_error_clear();
	return t;
}

/* The story files a commit changes against its only parent. */
static void
changed_paths(git_repository *repo, git_commit *c, struct decision *d)
{
	git_commit *parent = NULL;
	git_tree *a, *b;

	if (git_commit_parentcount(c) > 1 || (git_commit_parentcount(c) == 1 &&
	    git_commit_parent(&parent, c, 0) < 0)) {
		git_error_clear();
		return;
	}
	a = stories_of(repo, parent);
	b = stories_of(repo, c);
	diff_trees(repo, a, b, PRIO_STORIES_DIR, d, 0);
	git_tree_free(a);
	git_tree_free(b);
	git_commit_free(parent);
}

static void
decision_free(struct decision *d)
{
	free(d->author);
	free(d->rationale);
	prio_strv_free(d->stories, d->nstories);
	prio_strv_free(d->paths, d->npaths);
}

static bool
has(char *const *v, size_t n, const char *s)
{
	size_t i;

	for (i = 0; s && i < n; i++)
		if (strcmp(v[i], s) == 0)
			return true;
	return false;
}

static void
attach(struct review *r, size_t story, const struct decision *d)
{
	struct review_story *s = &r->stories[story];
	struct review_decision *x;

	s->decisions = prio_xrealloc(s->decisions, (s->ndecisions + 1) *
	    sizeof(*s->decisions));
	x = &s->decisions[s->ndecisions++];
	memcpy(x->commit, d->commit, sizeof(x->commit));
	x->author = prio_xstrdup(d->author);
	x->rationale = prio_xstrdup(d->rationale);
}

/* One commit of the range: its decision, attached to its stories. */
static void
visit_commit(struct cli *cli, const struct prio_bdiff *bd,
    struct review *r, git_commit *c)
{
	struct decision d = { 0 };
	const git_signature *a = git_commit_author(c);
	size_t i;

	git_oid_tostr(d.commit, sizeof(d.commit), git_commit_id(c));
	d.author = prio_xstrdup(a && a->name ? a->name : "?");
	read_decision(c, &d);
	changed_paths(cli->repo, c, &d);
	for (i = 0; *d.rationale && i < bd->count; i++)
		if (has(d.stories, d.nstories, bd->stories[i].id) ||
		    has(d.paths, d.npaths, bd->stories[i].path))
			attach(r, i, &d);
	decision_free(&d);
}

/*
 * A shallow clone's walk fails at its boundary, even when the range is
 * inside it: then the first parents from to, until from, an ancestor of
 * from, or the boundary.
 */
static void
walk_first_parents(struct cli *cli, const struct prio_bdiff *bd,
    const git_oid *to, struct review *r)
{
	git_oid *seen = NULL;
	size_t nseen = 0, cap = 0, n, k;
	git_commit *c = NULL, *p = NULL;
	bool stop;

	/* from's first parents (libgit2's graph search leaks at a
	 * shallow boundary). */
	if (!bd->from_unborn && git_commit_lookup(&c, cli->repo,
	    &bd->from) == 0)
		for (n = 0; c && n < 10000; n++) {
			prio_xgrow(&seen, &cap, nseen + 1, sizeof(*seen));
			git_oid_cpy(&seen[nseen++], git_commit_id(c));
			p = NULL;
			if (git_commit_parentcount(c) == 0 ||
			    git_commit_parent(&p, c, 0) < 0)
				p = NULL;
			git_commit_free(c);
			c = p;
		}
	git_commit_free(c);
	c = NULL;
	if (git_commit_lookup(&c, cli->repo, to) < 0)
		c = NULL;
	for (n = 0; c && n < 10000; n++) {
		for (k = 0, stop = false; k < nseen && !stop; k++)
			stop = git_oid_equal(&seen[k], git_commit_id(c));
		if (stop)
			break;
		visit_commit(cli, bd, r, c);
		p = NULL;
		if (git_commit_parentcount(c) == 0 ||
		    git_commit_parent(&p, c, 0) < 0)
			p = NULL;
		git_commit_free(c);
		c = p;
	}
	git_commit_free(c);
	free(seen);
	git_error_clear();
}

/* The commits from..to (to: HEAD for the work tree), newest first. */
static void
walk_decisions(struct cli *cli, const struct prio_bdiff *bd,
    struct review *r)
{
	git_revwalk *w = NULL;
	git_commit *c = NULL;
	git_oid id, to = { { 0 } };
	int rc = -1;

	if (bd->to_worktree ? git_reference_name_to_id(&to, cli->repo,
	    "HEAD") < 0 : (git_oid_cpy(&to, &bd->to), 0) < 0)
		goto out;
	/* libgit2's walk fails at a shallow boundary (and leaks there). */
	if (git_repository_is_shallow(cli->repo) == 1)
		goto out;
	if (git_revwalk_new(&w, cli->repo) < 0)
		goto out;
	git_revwalk_sorting(w, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
	if (git_revwalk_push(w, &to) < 0 ||
	    (!bd->from_unborn && git_revwalk_hide(w, &bd->from) < 0))
		goto out;
	while ((rc = git_revwalk_next(&id, w)) == 0) {
		if (git_commit_lookup(&c, cli->repo, &id) < 0)
			break;
		visit_commit(cli, bd, r, c);
		git_commit_free(c);
		c = NULL;
	}
out:
	git_revwalk_free(w);
	git_error_clear();
	if (rc != GIT_ITEROVER && rc != 0 && !git_oid_is_zero(&to)) {
		struct review_story *s;
		size_t i, k;

		/* Start again: what the failed walk attached goes. */
		for (i = 0; i < r->count; i++) {
			s = &r->stories[i];
			for (k = 0; k < s->ndecisions; k++) {
				free(s->decisions[k].author);
				free(s->decisions[k].rationale);
			}
			s->ndecisions = 0;
		}
		walk_first_parents(cli, bd, &to, r);
	}
}

/* ---- collisions ---- */

/* Whether the file name (no folder) is a story file of id. */
static bool
names_id(const char *name, const char *id)
{
	size_t n = strlen(id), len = strlen(name);

	if (strncmp(name, id, n) != 0 || len < 3 ||
	    strcmp(name + len - 3, ".md") != 0)
		return false;
	return strcmp(name + n, ".md") == 0 || name[n] == '-';
}

struct ref_walk {
	const struct prio_bdiff *bd;
	struct review *r;
	const char *ref;
};

static int
visit_entry(const char *root, const git_tree_entry *e, void *payload)
{
	struct ref_walk *rw = payload;
	const char *name = git_tree_entry_name(e);
	struct review_story *s;
	size_t i;
	char *path;

	if (git_tree_entry_type(e) != GIT_OBJECT_BLOB)
		return 0;
	for (i = 0; i < rw->bd->count; i++) {
		const struct prio_bdiff_story *b = &rw->bd->stories[i];

		if (!(b->changes & PRIO_BDIFF_NEW) || b->id == NULL ||
		    !names_id(name, b->id))
			continue;
		path = prio_xasprintf("%s/%s%s", PRIO_STORIES_DIR, root, name);
		if (strcmp(path, b->path) == 0) {
			free(path);
			continue;
		}
		s = &rw->r->stories[i];
		s->collisions = prio_xrealloc(s->collisions,
		    (s->ncollisions + 1) * sizeof(*s->collisions));
		s->collisions[s->ncollisions].ref = prio_xstrdup(rw->ref);
		s->collisions[s->ncollisions++].path = path;
	}
	return 0;
}

static int
visit_ref(git_reference *ref, void *payload)
{
	struct ref_walk *rw = payload;
	git_object *tree = NULL;
	git_tree_entry *e = NULL;
	git_tree *stories = NULL;

	if (git_reference_type(ref) == GIT_REFERENCE_DIRECT &&
	    git_reference_peel(&tree, ref, GIT_OBJECT_TREE) == 0 &&
	    git_tree_entry_bypath(&e, (git_tree *)tree, PRIO_STORIES_DIR) ==
	    0 && git_tree_entry_type(e) == GIT_OBJECT_TREE &&
	    git_tree_lookup(&stories, git_reference_owner(ref),
	    git_tree_entry_id(e)) == 0) {
		rw->ref = git_reference_shorthand(ref);
		git_tree_walk(stories, GIT_TREEWALK_PRE, visit_entry, rw);
	}
	git_tree_free(stories);
	git_tree_entry_free(e);
	git_object_free(tree);
	git_reference_free(ref);
	git_error_clear();
	return 0;
}

static void
find_collisions(struct cli *cli, const struct prio_bdiff *bd,
    struct review *r)
{
	struct ref_walk rw = { bd, r, NULL };
	size_t i;

	for (i = 0; i < bd->count; i++)
		if (bd->stories[i].changes & PRIO_BDIFF_NEW)
			break;
	if (i == bd->count)
		return;
	git_reference_foreach(cli->repo, visit_ref, &rw);
	git_error_clear();
}

void
cli_diff_review(struct cli *cli, const struct prio_bdiff *bd,
    struct review *out)
{
	out->stories = prio_xcalloc(bd->count + 1, sizeof(*out->stories));
	out->count = bd->count;
	walk_decisions(cli, bd, out);
	find_collisions(cli, bd, out);
}

void
cli_diff_review_free(struct review *r)
{
	size_t i, k;

	for (i = 0; i < r->count; i++) {
		for (k = 0; k < r->stories[i].ndecisions; k++) {
			free(r->stories[i].decisions[k].author);
			free(r->stories[i].decisions[k].rationale);
		}
		free(r->stories[i].decisions);
		for (k = 0; k < r->stories[i].ncollisions; k++) {
			free(r->stories[i].collisions[k].ref);
			free(r->stories[i].collisions[k].path);
		}
		free(r->stories[i].collisions);
	}
	free(r->stories);
}
