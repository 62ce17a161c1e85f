/*
 * Shallow and partial clones (see prio/shallow.h).
 *
 * The walk keeps the commits it has listed in an open-addressing hash
 * table of indices into w->commits (an oid's first bytes are already
 * uniformly distributed), and walks breadth first from the tips.  A
 * range's hidden side is walked first, whole, into a second table: the
 * histories prio reads are thousands of commits, which libgit2 reads in
 * milliseconds, so git's cleverer "stop when only uninteresting commits
 * are left" is not needed for it to be fast.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prio/buf.h"
#include "prio/error.h"
#include "prio/shallow.h"
#include "timeq.h"

#define EMPTY SIZE_MAX

struct prio_shallow {
	git_oid *ids;           /* sorted */
	size_t n;
};

static int
cmp_oid(const void *a, const void *b)
{
	return git_oid_cmp(a, b);
}

int
prio_shallow_read(struct prio_shallow **out, git_repository *repo,
    struct prio_diags *diags)
{
	struct prio_shallow *sh = prio_xcalloc(1, sizeof(*sh));
	char *path, line[128];
	size_t cap = 0;
	FILE *f;

	*out = NULL;
	path = prio_xasprintf("%sshallow", git_repository_commondir(repo));
	if ((f = fopen(path, "r")) == NULL && errno != ENOENT) {
		prio_diags_add(diags, PRIO_SEV_ERROR, "git", NULL, 0, 0,
		    "cannot read %s: %s", path, strerror(errno));
		free(path);
		free(sh);
		return PRIO_EIO;
	}
	free(path);
	while (f && fgets(line, sizeof(line), f)) {
		prio_xgrow(&sh->ids, &cap, sh->n + 1, sizeof(*sh->ids));
		if (strlen(line) >= GIT_OID_HEXSZ &&
		    git_oid_fromstrn(&sh->ids[sh->n], line, GIT_OID_HEXSZ) == 0)
			sh->n++;
	}
	git_error_clear();
	if (f)
		fclose(f);
	if (sh->n > 1)
		qsort(sh->ids, sh->n, sizeof(*sh->ids), cmp_oid);
	*out = sh;
	return PRIO_OK;
}

void
prio_shallow_free(struct prio_shallow *sh)
{
	if (sh == NULL)
		return;
	free(sh->ids);
	free(sh);
}

bool
prio_shallow_has(const struct prio_shallow *sh, const git_oid *id)
{
	return sh && sh->n > 0 &&
	    bsearch(id, sh->ids, sh->n, sizeof(*sh->ids), cmp_oid) != NULL;
}

bool
prio_shallow_any(const struct prio_shallow *sh)
{
	return sh && sh->n > 0;
}

void
prio_shallow_cut_add(struct prio_shallow_cut *cut, const git_commit *c)
{
	int64_t t = (int64_t)git_commit_time(c);

	if (cut->count++ == 0 || t > cut->time) {
		cut->commit = *git_commit_id(c);
		cut->time = t;
		cut->offset = git_commit_time_offset(c);
	}
}

void
prio_shallow_cut_merge(struct prio_shallow_cut *dst,
    const struct prio_shallow_cut *src)
{
	if (src->count == 0)
		return;
	if (dst->count == 0 || src->time > dst->time) {
		dst->commit = src->commit;
		dst->time = src->time;
		dst->offset = src->offset;
	}
	dst->count += src->count;
}

const char *
prio_shallow_revision_hint(git_repository *repo)
{
	bool shallow = git_repository_is_shallow(repo) == 1;

	git_error_clear();
	return shallow ? "; this clone is shallow and may not have it: 'git "
	    "fetch --unshallow' reads the history before its boundary" : "";
}

/* --- Missing objects ---------------------------------------------------- */

/* Whether config name is remote.<name>.promisor. */
static bool
is_promisor_key(const char *name)
{
	size_t n = strlen(name);

	return strncmp(name, "remote.", 7) == 0 && n > 16 &&
	    strcmp(name + n - 9, ".promisor") == 0;
}

/*
 * Whether repo fetches missing objects from a promisor remote.  (Not
 * with git_config_iterator_glob_new: libgit2 1.5 leaks PCRE2 match data
 * on every name that does not match.)
 */
static bool
is_partial(git_repository *repo)
{
	git_config *cfg = NULL;
	git_config_iterator *it = NULL;
	git_config_entry *e;
	bool yes = false;
	int b;

	if (git_repository_config_snapshot(&cfg, repo) < 0 ||
	    git_config_iterator_new(&it, cfg) < 0)
		goto out;
	while (!yes && git_config_next(&e, it) == 0) {
		if (strcmp(e->name, "extensions.partialclone") == 0)
			yes = e->value && *e->value != '\0';
		else if (is_promisor_key(e->name))
			yes = e->value && git_config_parse_bool(&b,
			    e->value) == 0 && b;
	}
out:
	git_config_iterator_free(it);
	git_config_free(cfg);
	git_error_clear();
	return yes;
}

int
prio_missing_object(struct prio_diags *diags, git_repository *repo,
    const git_oid *id, git_object_t type, const char *what,
    const char *doing)
{
	char *why = prio_xstrdup(prio_git_message());
	char hex[GIT_OID_HEXSZ + 1];
	git_odb *odb = NULL;
	bool missing;

	git_oid_tostr(hex, sizeof(hex), id);
	missing = git_repository_odb(&odb, repo) == 0 &&
	    !git_odb_exists(odb, id);
	git_odb_free(odb);
	git_error_clear();
	if (missing && is_partial(repo)) {
		prio_diags_add(diags, PRIO_SEV_ERROR, "git", NULL, 0, 0,
		    "%s %s%s%s%s is not in this partial clone yet; 'git "
		    "cat-file -e %s' fetches it, 'git log -p --all -- "
		    "backlog >/dev/null' every version of the backlog",
		    git_object_type2string(type), hex, what ? " (" : "",
		    what ? what : "", what ? ")" : "", hex);
		free(why);
		return PRIO_EFETCH;
	}
	prio_diags_add(diags, PRIO_SEV_ERROR, "git", NULL, 0, 0, "%s: %s",
	    doing, why);
	free(why);
	return PRIO_EGIT;
}

/* --- The walk ----------------------------------------------------------- */

/* A set of commits: indices into an array of ids, by hash of the id. */
struct table {
	size_t *slot;
	size_t cap;             /* a power of two, or 0 */
};

static size_t
hash_of(const git_oid *id)
{
	size_t h;

	memcpy(&h, id->id, sizeof(h));
	return h;
}

/* The slot of id in t (EMPTY in it: not there); ids[i] is entry i. */
static size_t *
table_find(struct table *t, const git_oid *ids, size_t stride,
    const git_oid *id)
{
	size_t i = hash_of(id) & (t->cap - 1);
	const git_oid *at;

	for (;; i = (i + 1) & (t->cap - 1)) {
		if (t->slot[i] == EMPTY)
			return &t->slot[i];
		at = (const git_oid *)((const char *)ids + t->slot[i] * stride);
		if (git_oid_equal(at, id))
			return &t->slot[i];
	}
}

/* Makes room for n entries (load at most one half), rehashing. */
static void
table_reserve(struct table *t, const git_oid *ids, size_t stride, size_t n)
{
	struct table old = *t;
	size_t i;

	if (2 * n < t->cap)
		return;
	t->cap = t->cap ? 2 * t->cap : 64;
	while (2 * n >= t->cap)
		t->cap *= 2;
	t->slot = prio_xcalloc(t->cap, sizeof(*t->slot));
	for (i = 0; i < t->cap; i++)
		t->slot[i] = EMPTY;
	for (i = 0; i < old.cap; i++)
		if (old.slot[i] != EMPTY)
			*table_find(t, ids, stride, (const git_oid *)((const
			    char *)ids + old.slot[i] * stride)) = old.slot[i];
	free(old.slot);
}

/* One breadth-first walk: list is its commits, in the order found. */
struct bfs {
	git_repository *repo;
	const struct prio_shallow *sh;
	struct prio_diags *diags;
	struct prio_walk *list;
	struct table seen;
	const struct prio_walk *hidden;  /* not listed, nor walked past */
	struct table *hidden_table;
	unsigned flags;
};

static bool
is_hidden(struct bfs *b, const git_oid *id)
{
	return b->hidden && b->hidden->count > 0 &&
	    *table_find(b->hidden_table, &b->hidden->commits[0].id,
	    sizeof(*b->hidden->commits), id) != EMPTY;
}

/* Adds id to the list unless it is there or hidden. */
static void
push(struct bfs *b, const git_oid *id)
{
	struct prio_walk *w = b->list;
	size_t *slot;

	if (is_hidden(b, id))
		return;
	prio_xgrow(&w->commits, &w->cap, w->count + 1, sizeof(*w->commits));
	table_reserve(&b->seen, &w->commits[0].id, sizeof(*w->commits),
	    w->count + 1);
	slot = table_find(&b->seen, &w->commits[0].id, sizeof(*w->commits),
	    id);
	if (*slot != EMPTY)
		return;
	*slot = w->count;
	memset(&w->commits[w->count], 0, sizeof(*w->commits));
	w->commits[w->count++].id = *id;
}

/* Reads commit i of the list: its date and parents, which it queues. */
static int
expand(struct bfs *b, size_t i)
{
	struct prio_walk *w = b->list;
	struct prio_walk_commit *n = &w->commits[i];
	git_commit *c = NULL;
	git_oid id = n->id;
	unsigned k, np;

	if (git_commit_lookup(&c, b->repo, &id) < 0)
		return prio_missing_object(b->diags, b->repo, &id,
		    GIT_OBJECT_COMMIT, NULL, "cannot read a commit");
	n->time = (int64_t)git_commit_time(c);
	n->parents = w->nparents;
	if (prio_shallow_has(b->sh, &id)) {
		n->boundary = true;
		prio_shallow_cut_add(&w->cut, c);
		np = 0;
	} else
		np = git_commit_parentcount(c);
	if (np > 1 && (b->flags & PRIO_WALK_FIRST_PARENT))
		np = 1;
	n->nparents = np;
	prio_xgrow(&w->parents, &w->cparents, w->nparents + np + 1,
	    sizeof(*w->parents));
	for (k = 0; k < np; k++)
		w->parents[w->nparents++] = *git_commit_parent_id(c, k);
	git_commit_free(c);
	for (k = 0; k < np; k++)
		push(b, &w->parents[w->commits[i].parents + k]);
	return PRIO_OK;
}

static int
bfs_run(struct bfs *b, const git_oid *tips, size_t ntips)
{
	size_t i;
	int rc = PRIO_OK;

	for (i = 0; i < ntips; i++)
		push(b, &tips[i]);
	for (i = 0; i < b->list->count && rc == PRIO_OK; i++)
		rc = expand(b, i);
	free(b->seen.slot);
	return rc;
}

int
prio_walk_list(struct prio_walk *w, git_repository *repo,
    const struct prio_shallow *sh, const git_oid *tips, size_t ntips,
    const git_oid *hide, size_t nhide, unsigned flags,
    struct prio_diags *diags)
{
	struct prio_walk hidden = PRIO_WALK_INIT;
	struct table ht = { NULL, 0 };
	struct bfs b = { repo, sh, diags, &hidden, { NULL, 0 }, NULL, NULL,
	    0 };
	size_t i;
	int rc = PRIO_OK;

	if (nhide > 0) {
		/* The hidden side never cuts what is shown. */
		if ((rc = bfs_run(&b, hide, nhide)) != PRIO_OK)
			goto out;
		prio_shallow_cut_merge(&w->hidden_cut, &hidden.cut);
		table_reserve(&ht, &hidden.commits[0].id,
		    sizeof(*hidden.commits), hidden.count);
		for (i = 0; i < hidden.count; i++)
			*table_find(&ht, &hidden.commits[0].id,
			    sizeof(*hidden.commits), &hidden.commits[i].id) = i;
	}
	memset(&b.seen, 0, sizeof(b.seen));
	b.list = w;
	b.hidden = &hidden;
	b.hidden_table = &ht;
	b.flags = flags;
	rc = bfs_run(&b, tips, ntips);
out:
	free(ht.slot);
	prio_walk_free(&hidden);
	return rc;
}

void
prio_walk_free(struct prio_walk *w)
{
	free(w->commits);
	free(w->parents);
	memset(w, 0, sizeof(*w));
}

/* --- Topological order -------------------------------------------------- */

void
prio_walk_topo(struct prio_walk *w)
{
	struct table t = { NULL, 0 };
	size_t *waiting = prio_xcalloc(w->count + 1, sizeof(*waiting));
	size_t *kids = prio_xcalloc(w->nparents + 1, sizeof(*kids));
	size_t *first = prio_xcalloc(w->count + 2, sizeof(*first));
	struct timeq q;
	struct prio_walk_commit *sorted;
	size_t i, k, p, node, nout = 0, *slot;

	if (w->count == 0)
		goto out;
	table_reserve(&t, &w->commits[0].id, sizeof(*w->commits), w->count);
	for (i = 0; i < w->count; i++)
		*table_find(&t, &w->commits[0].id, sizeof(*w->commits),
		    &w->commits[i].id) = i;
	/* Children by parent (a counting sort): p's are kids[first[p],
	 * first[p + 1]). */
	for (i = 0; i < w->count; i++)
		for (k = 0; k < w->commits[i].nparents; k++) {
			slot = table_find(&t, &w->commits[0].id,
			    sizeof(*w->commits),
			    &w->parents[w->commits[i].parents + k]);
			if (*slot != EMPTY) {
				first[*slot + 1]++;
				waiting[i]++;
			}
		}
	for (i = 0; i < w->count; i++)
		first[i + 1] += first[i];
	for (i = 0; i < w->count; i++)
		for (k = 0; k < w->commits[i].nparents; k++) {
			slot = table_find(&t, &w->commits[0].id,
			    sizeof(*w->commits),
			    &w->parents[w->commits[i].parents + k]);
			if (*slot != EMPTY)
				kids[first[*slot]++] = i;
		}
	/* first[p] now ends p's children: shift to get the starts back. */
	for (i = w->count; i > 0; i--)
		first[i] = first[i - 1];
	first[0] = 0;
	timeq_init(&q, w->count, false);
	for (i = 0; i < w->count; i++)
		if (waiting[i] == 0)
			timeq_push(&q, w->commits[i].time, i);
	sorted = prio_xcalloc(w->count + 1, sizeof(*sorted));
	while (q.count > 0) {
		node = timeq_pop(&q);
		sorted[nout++] = w->commits[node];
		for (k = first[node]; k < first[node + 1]; k++)
			if (--waiting[p = kids[k]] == 0)
				timeq_push(&q, w->commits[p].time, p);
	}
	timeq_free(&q);
	free(w->commits);
	w->commits = sorted;
	w->cap = w->count + 1;
out:
	free(t.slot);
	free(waiting);
	free(kids);
	free(first);
}

/* --- Merge bases -------------------------------------------------------- */

/* Whether commit id is in w (t indexes it). */
static bool
walk_has(const struct prio_walk *w, struct table *t, const git_oid *id)
{
	return w->count > 0 && *table_find(t, &w->commits[0].id,
	    sizeof(*w->commits), id) != EMPTY;
}

static void
walk_index(const struct prio_walk *w, struct table *t)
{
	size_t i;

	if (w->count == 0)
		return;
	table_reserve(t, &w->commits[0].id, sizeof(*w->commits), w->count);
	for (i = 0; i < w->count; i++)
		*table_find(t, &w->commits[0].id, sizeof(*w->commits),
		    &w->commits[i].id) = i;
}

/* Removes from cand those that another candidate descends from. */
static int
keep_best(git_oid *cand, size_t *ncand, git_repository *repo,
    const struct prio_shallow *sh, struct prio_diags *diags)
{
	bool *gone = prio_xcalloc(*ncand + 1, sizeof(*gone));
	struct prio_walk below;
	struct table t;
	size_t i, k, n = 0;
	int rc = PRIO_OK;

	for (i = 0; i < *ncand && *ncand > 1 && rc == PRIO_OK; i++) {
		if (gone[i])
			continue;
		below = (struct prio_walk)PRIO_WALK_INIT;
		memset(&t, 0, sizeof(t));
		if ((rc = prio_walk_list(&below, repo, sh, &cand[i], 1, NULL, 0,
		    0, diags)) == PRIO_OK) {
			walk_index(&below, &t);
			for (k = 0; k < *ncand; k++)
				if (k != i && !gone[k] &&
				    walk_has(&below, &t, &cand[k]))
					gone[k] = true;
		}
		free(t.slot);
		prio_walk_free(&below);
	}
	for (i = 0; i < *ncand; i++)
		if (!gone[i])
			cand[n++] = cand[i];
	*ncand = n;
	free(gone);
	return rc;
}

int
prio_merge_bases(git_oid **out, size_t *n, git_repository *repo,
    const struct prio_shallow *sh, const git_oid *a, const git_oid *b,
    struct prio_shallow_cut *cut, struct prio_diags *diags)
{
	struct prio_walk only_b = PRIO_WALK_INIT;
	struct table t = { NULL, 0 }, seen = { NULL, 0 };
	git_oid *cand = NULL;
	size_t i, k, ncand = 0, cap = 0, *slot;
	int rc;

	*out = NULL;
	*n = 0;
	/*
	 * Every merge base is a parent of a commit of `b ^a` that is not
	 * in it (so is in a's history), or b itself when `b ^a` is empty:
	 * on a path from b down to a base, the first commit a reaches is a
	 * common ancestor, and a base has none below it.
	 */
	if ((rc = prio_walk_list(&only_b, repo, sh, b, 1, a, 1, 0,
	    diags)) != PRIO_OK)
		goto out;
	if (cut) {
		prio_shallow_cut_merge(cut, &only_b.cut);
		prio_shallow_cut_merge(cut, &only_b.hidden_cut);
	}
	if (only_b.count == 0) {
		cand = prio_xcalloc(1, sizeof(*cand));
		cand[ncand++] = *b;
		goto done;
	}
	walk_index(&only_b, &t);
	for (i = 0; i < only_b.count; i++)
		for (k = 0; k < only_b.commits[i].nparents; k++) {
			const git_oid *p =
			    &only_b.parents[only_b.commits[i].parents + k];

			if (walk_has(&only_b, &t, p))
				continue;
			prio_xgrow(&cand, &cap, ncand + 1, sizeof(*cand));
			table_reserve(&seen, cand, sizeof(*cand), ncand + 1);
			if (*(slot = table_find(&seen, cand, sizeof(*cand), p)) !=
			    EMPTY)
				continue;
			*slot = ncand;
			cand[ncand++] = *p;
		}
	if ((rc = keep_best(cand, &ncand, repo, sh, diags)) != PRIO_OK)
		goto out;
done:
	*out = cand;
	*n = ncand;
	cand = NULL;
out:
	free(cand);
	free(t.slot);
	free(seen.slot);
	prio_walk_free(&only_b);
	return rc;
}
