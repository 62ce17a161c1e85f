/*
 * The audit trail (see prio/history.h).
 *
 * The walk: list the range's commits in `git log` order, find each one's
 * first parent among them (or mark it a boundary: a parent outside the
 * range, whose backlog is read whole), then visit the commits oldest
 * first.  Each visit takes its first parent's state (the last child
 * takes it over, earlier ones copy it), applies the story files the tree
 * diff under backlog/ names, and notes the changes.  A state is freed
 * when its last child is done.  Stories are immutable and shared between
 * states by reference count, so a copy costs two arrays of pointers.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "prio/backlog.h"
#include "prio/buf.h"
#include "prio/config.h"
#include "prio/decision.h"
#include "prio/error.h"
#include "prio/history.h"
#include "prio/object.h"
#include "prio/rank.h"
#include "prio/score.h"
#include "prio/shallow.h"
#include "prio/story.h"
#include "prio/storydiff.h"
#include "prio/treeread.h"
#include "timeq.h"
#include "util.h"

#define NONE SIZE_MAX
/* The most story folders a dialect has (prio/dialect.h). */
#define MAX_FOLDERS 4

/*
 * One story as history needs it: the part of a parsed story that orders
 * it (s, for prio_backlog_cmp) and the scalar fields a decision compares
 * (kv: "key\0value\0" pairs in file order; s.fields point into it, for
 * prio/storydiff.h).  Shared, never changed.
 */
struct hstory {
	unsigned refs;
	struct prio_story s;
	char *kv;
	size_t kvlen;
	git_oid blob;           /* the file's bytes */
};

/* A config and the parser that reads stories with it; shared. */
struct hconfig {
	unsigned refs;
	struct prio_config *cfg;
	struct prio_story_parser *parser;
};

/* The backlog at one commit. */
struct state {
	struct hconfig *config;     /* NULL: no config */
	struct hstory **files;      /* by path */
	size_t nfiles, cfiles;
	struct hstory **order;      /* open stories, in backlog order */
	size_t nopen, copen;
	git_tree *root;             /* the commit's tree; NULL: none yet */
	bool has_dir;               /* with a config: the commit has its
	                             * backlog folder (cfg->dir), */
	git_oid dir;                /* whose id this is */
	git_tree *kept[MAX_FOLDERS];    /* each story folder of the
	                             * dialect (backlog/stories; tasks,
	                             * completed, ...), kept: the next
	                             * commit compares with it (libgit2
	                             * does not cache large trees) */
};

struct node {
	git_oid id;
	size_t parent;          /* the first parent's node; NONE: a root */
	unsigned nparents;
	bool boundary;          /* a parent outside the range */
	bool cut;               /* a shallow clone's history starts here:
	                         * its backlog is read whole, and it makes
	                         * no decision */
	bool done;
	unsigned users;         /* first-parent children still to visit */
	struct state *state;
	size_t decision;        /* into walk.decisions, or NONE */
	git_time_t time;        /* committer date, for git log's order */
	size_t edges, nedges;   /* its parents in the range: walk.edges[
	                         * edges, edges + nedges) */
	bool has_child;         /* a child in the range */
};

struct walk {
	git_repository *repo;
	struct prio_shallow *shallow;
	struct prio_walk commits;   /* the range, as listed: nodes[i] is
	                             * commits.commits[i] */
	const git_oid *at;      /* the commit being read, for messages */
	const char *story;
	struct prio_diags *diags;
	struct node *nodes;     /* [0, nwalk): the range in git log order;
	                         * then boundaries */
	size_t nnodes, cnodes, nwalk;
	size_t *edges;          /* parents in the range, by node */
	size_t nedges, cedges;
	struct prio_decision *decisions;
	size_t ndecisions, cdecisions;
	struct prio_buf data;   /* a blob's bytes, reused */
	bool any_config;
	bool seen;
	struct prio_shallow_cut cut;    /* the boundary commits visited */
	prio_history_fn fn;     /* prio_history_walk: the files go here,
	                         * and no decisions are made */
	void *payload;
	int stopped;            /* what fn returned to stop the walk */
	bool recursive;         /* the folder diffed has sub-folders */
};

/* A story file of one commit: its story before and after. */
struct pending {
	struct hstory *old, *new;   /* each holds a reference; NULL: none */
	size_t from, to;            /* positions; 0: not in the order */
};

struct pendings {
	struct pending *v;
	size_t n, cap;
};

/* A tree lookup of id failed: a partial clone may not have fetched it. */
static int
tree_fail(struct walk *w, const git_oid *id, const char *what,
    const char *doing)
{
	char *at = prio_xasprintf("%s at commit %.7s", what, w->at ?
	    git_oid_tostr_s(w->at) : "?");
	int rc = prio_missing_object(w->diags, w->repo, id, GIT_OBJECT_TREE,
	    at, doing);

	free(at);
	return rc;
}

/* --- Stories ------------------------------------------------------------ */

static struct hstory *
hstory_ref(struct hstory *h)
{
	if (h)
		h->refs++;
	return h;
}

static void
hstory_unref(struct hstory *h)
{
	if (h == NULL || --h->refs > 0)
		return;
	free(h->s.path);
	free(h->s.id);
	free(h->s.status);
	prio_rank_free(h->s.rank);
	free(h->s.rank_text);
	free(h->s.fields);
	free(h->kv);
	free(h);
}

/* Points h's fields at its scalar values in kv (borrowed). */
static void
hstory_fields(struct hstory *h)
{
	const char *p, *end = h->kv + h->kvlen;
	size_t n = 0;

	for (p = h->kv; p < end; p += strlen(p) + 1)
		n++;
	h->s.fields = prio_xcalloc(n / 2 + 1, sizeof(*h->s.fields));
	for (p = h->kv; p < end; p += strlen(p) + 1) {
		struct prio_field *f = &h->s.fields[h->s.nfields++];

		f->key = (char *)p;
		f->kind = PRIO_FIELD_SCALAR;
		p += strlen(p) + 1;
		f->value = (char *)p;
	}
}

/* Keeps what history needs of p (and frees p); NULL when p is not in the
 * backlog: unreadable, or without an id. */
static struct hstory *
hstory_from(struct walk *w, struct prio_story *p)
{
	struct prio_buf kv = PRIO_BUF_INIT;
	struct hstory *h;
	size_t i;

	if (!p->readable || p->id == NULL) {
		prio_story_free(p);
		return NULL;
	}
	h = prio_xcalloc(1, sizeof(*h));
	h->refs = 1;
	h->s.readable = true;
	h->s.path = p->path, p->path = NULL;
	h->s.id = p->id, p->id = NULL;
	h->s.id_num = p->id_num;
	h->s.status = p->status, p->status = NULL;
	h->s.status_index = p->status_index;
	h->s.terminal = p->terminal;
	h->s.rank = p->rank, p->rank = NULL;
	h->s.rank_text = p->rank_text, p->rank_text = NULL;
	h->s.has_score = p->has_score;
	h->s.score = p->score;
	h->s.priority = p->priority;
	for (i = 0; i < p->nfields; i++) {
		if (p->fields[i].kind != PRIO_FIELD_SCALAR)
			continue;
		prio_buf_add(&kv, p->fields[i].key,
		    strlen(p->fields[i].key) + 1);
		prio_buf_add(&kv, p->fields[i].value,
		    strlen(p->fields[i].value) + 1);
	}
	h->kv = prio_buf_detach(&kv, &h->kvlen);
	hstory_fields(h);
	prio_story_free(p);
	if (w->story && strcmp(h->s.id, w->story) == 0)
		w->seen = true;
	return h;
}

/* --- Configs ------------------------------------------------------------ */

static struct hconfig *
hconfig_new(struct prio_config *cfg)
{
	struct hconfig *c = prio_xcalloc(1, sizeof(*c));

	c->refs = 1;
	c->cfg = cfg;
	c->parser = prio_story_parser_new(cfg, PRIO_PARSE_FULL);
	return c;
}

static struct hconfig *
hconfig_ref(struct hconfig *c)
{
	if (c)
		c->refs++;
	return c;
}

static void
hconfig_unref(struct hconfig *c)
{
	if (c == NULL || --c->refs > 0)
		return;
	prio_story_parser_free(c->parser);
	prio_config_free(c->cfg);
	free(c);
}

/* The formula, as the config spells it out. */
static const char *
formula(const struct hconfig *c)
{
	return c && c->cfg->score_formula ? c->cfg->score_formula : "";
}

/* --- States ------------------------------------------------------------- */

static struct state *
state_new(void)
{
	return prio_xcalloc(1, sizeof(struct state));
}

/* Drops everything st holds, leaving it empty. */
static void
state_clear(struct state *st)
{
	size_t i;

	for (i = 0; i < st->nfiles; i++)
		hstory_unref(st->files[i]);
	free(st->files);
	free(st->order);
	hconfig_unref(st->config);
	for (i = 0; i < MAX_FOLDERS; i++)
		git_tree_free(st->kept[i]);
	git_tree_free(st->root);
	memset(st, 0, sizeof(*st));
}

static void
state_free(struct state *st)
{
	if (st == NULL)
		return;
	state_clear(st);
	free(st);
}

static struct state *
state_copy(const struct state *src)
{
	struct state *st = state_new();
	size_t i;

	*st = *src;
	st->cfiles = src->nfiles, st->copen = src->nopen;
	st->files = prio_xcalloc(src->nfiles + 1, sizeof(*st->files));
	st->order = prio_xcalloc(src->nopen + 1, sizeof(*st->order));
	memcpy(st->files, src->files, src->nfiles * sizeof(*st->files));
	memcpy(st->order, src->order, src->nopen * sizeof(*st->order));
	for (i = 0; i < st->nfiles; i++)
		hstory_ref(st->files[i]);
	hconfig_ref(st->config);
	for (i = 0; i < MAX_FOLDERS; i++)
		if (src->kept[i])
			git_object_dup((git_object **)&st->kept[i],
			    (git_object *)src->kept[i]);
	if (src->root)
		git_object_dup((git_object **)&st->root,
		    (git_object *)src->root);
	return st;
}

/* The slot of path in st->files: where it is (*found) or would go. */
static size_t
file_slot(const struct state *st, const char *path, bool *found)
{
	size_t lo = 0, hi = st->nfiles, mid;
	int c;

	*found = false;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((c = strcmp(path, st->files[mid]->s.path)) == 0) {
			*found = true;
			return mid;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* The same in st->order; the order is total (it ends with the path). */
static size_t
order_slot(const struct state *st, const struct hstory *h, bool *found)
{
	size_t lo = 0, hi = st->nopen, mid;
	int c;

	*found = false;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((c = prio_backlog_cmp(&h->s, &st->order[mid]->s)) == 0) {
			*found = true;
			return mid;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

static struct hstory *
state_get(const struct state *st, const char *path)
{
	bool found;
	size_t i = file_slot(st, path, &found);

	return found ? st->files[i] : NULL;
}

/* h's 1-based position in st's order, 0 when it is not there. */
static size_t
position(const struct state *st, const struct hstory *h)
{
	bool found;
	size_t i;

	if (h == NULL || h->s.terminal)
		return 0;
	i = order_slot(st, h, &found);
	return found ? i + 1 : 0;
}

/* Adds h (taking a new reference); its path must not be in st. */
static void
state_insert(struct state *st, struct hstory *h)
{
	bool found;
	size_t i = file_slot(st, h->s.path, &found);

	prio_xgrow(&st->files, &st->cfiles, st->nfiles + 1,
	    sizeof(*st->files));
	memmove(st->files + i + 1, st->files + i,
	    (st->nfiles - i) * sizeof(*st->files));
	st->files[i] = hstory_ref(h);
	st->nfiles++;
	if (h->s.terminal)
		return;
	i = order_slot(st, h, &found);
	prio_xgrow(&st->order, &st->copen, st->nopen + 1, sizeof(*st->order));
	memmove(st->order + i + 1, st->order + i,
	    (st->nopen - i) * sizeof(*st->order));
	st->order[i] = h;
	st->nopen++;
}

/* Takes h out of st and drops st's reference. */
static void
state_remove(struct state *st, struct hstory *h)
{
	bool found;
	size_t i;

	if (!h->s.terminal) {
		i = order_slot(st, h, &found);
		if (found) {
			memmove(st->order + i, st->order + i + 1,
			    (st->nopen - i - 1) * sizeof(*st->order));
			st->nopen--;
		}
	}
	i = file_slot(st, h->s.path, &found);
	if (found) {
		memmove(st->files + i, st->files + i + 1,
		    (st->nfiles - i - 1) * sizeof(*st->files));
		st->nfiles--;
		hstory_unref(h);
	}
}

/* --- Reading files ------------------------------------------------------ */

static bool
is_blob_mode(git_filemode_t mode)
{
	return mode == GIT_FILEMODE_BLOB ||
	    mode == GIT_FILEMODE_BLOB_EXECUTABLE;
}

/* A name that may be a story: "*.md", not hidden (as the sources). */
static bool
is_story_name(const char *path)
{
	const char *base = strrchr(path, '/');
	size_t n;

	base = base ? base + 1 : path;
	n = strlen(base);
	return base[0] != '.' && n > 3 && strcmp(base + n - 3, ".md") == 0;
}

/* Parses the story in blob id at path; *out NULL when it is not in the
 * backlog (too big, unreadable, no id). */
static int
read_story(struct walk *w, struct hconfig *c, const char *path,
    const git_oid *id, struct hstory **out)
{
	struct prio_diags ignored = PRIO_DIAGS_INIT;
	struct prio_story *p;
	int rc;

	*out = NULL;
	rc = prio_treeread_story(&p, w->repo, w->at, path, id, c->parser,
	    c->cfg->max_file_size, &w->data, &ignored, w->diags);
	prio_diags_free(&ignored);
	if (rc != PRIO_OK || p == NULL)
		return rc;
	if ((*out = hstory_from(w, p)) != NULL)
		(*out)->blob = *id;
	return PRIO_OK;
}

/*
 * The config of a commit's tree (prio/treeread.h), or NULL when it has
 * none.  A config that cannot be read keeps prev (or the dialect's
 * defaults): history stays readable across one bad commit.
 */
static int
read_config(struct walk *w, git_tree *root, struct hconfig *prev,
    struct hconfig **out)
{
	struct prio_diags ignored = PRIO_DIAGS_INIT;
	struct prio_treeread_config c;
	struct prio_config *cfg = NULL;
	int rc;

	*out = NULL;
	rc = prio_treeread_config(&c, w->repo, root, w->at, &ignored,
	    w->diags);
	if (rc == PRIO_OK || rc == PRIO_ECONFIG || rc == PRIO_ERANGE)
		w->any_config = true;
	if (rc == PRIO_OK) {
		*out = hconfig_new(c.cfg);
		c.cfg = NULL;
	} else if (rc == PRIO_ECONFIG || rc == PRIO_ERANGE) {
		if (prev)
			*out = hconfig_ref(prev);
		else if (prio_dialect_of_config(c.path)->parse_config(&cfg,
		    c.path, "", 0, &ignored) == PRIO_OK)
			*out = hconfig_new(cfg);    /* the defaults */
		rc = PRIO_OK;
	} else if (rc == PRIO_ENOTFOUND)
		rc = PRIO_OK;
	prio_diags_free(&ignored);
	prio_treeread_config_free(&c);
	return rc;
}

struct load {
	struct walk *w;
	struct state *st;
	const char *dir;        /* the folder walked, "backlog/tasks/" */
	bool recursive;
	int rc;
};

static int
load_cb(const char *root, const git_tree_entry *e, void *payload)
{
	struct load *l = payload;
	const char *name = git_tree_entry_name(e);
	struct hstory *h;
	char *path;

	if (git_tree_entry_type(e) == GIT_OBJECT_TREE)
		return l->recursive ? 0 : 1;
	if (!is_blob_mode(git_tree_entry_filemode(e)) || !is_story_name(name))
		return 0;
	path = prio_xasprintf("%s%s%s", l->dir, root, name);
	if (prio_config_is_story_path(l->st->config->cfg, path, false))
		l->rc = read_story(l->w, l->st->config, path,
		    git_tree_entry_id(e), &h);
	else
		h = NULL;
	free(path);
	if (l->rc != PRIO_OK)
		return -1;
	if (h) {
		prio_xgrow(&l->st->files, &l->st->cfiles, l->st->nfiles + 1,
		    sizeof(*l->st->files));
		l->st->files[l->st->nfiles++] = h;
	}
	return 0;
}

static int
qsort_path(const void *a, const void *b)
{
	return strcmp((*(struct hstory *const *)a)->s.path,
	    (*(struct hstory *const *)b)->s.path);
}

static int
qsort_order(const void *a, const void *b)
{
	return prio_backlog_cmp(&(*(struct hstory *const *)a)->s,
	    &(*(struct hstory *const *)b)->s);
}

/*
 * The tree of the dialect's folder i in the commit's tree root (under
 * the backlog folder, cfg->dir), or NULL; with *same set instead when
 * it is kept (not NULL): a large folder the commit did not change is
 * not read again.
 */
static int
folder_tree(struct walk *w, const struct hconfig *c, git_tree *root,
    size_t i, const git_tree *kept, git_tree **out, bool *same)
{
	const struct prio_dialect_folder *f = &c->cfg->dialect->folders[i];
	git_tree_entry *e = NULL;
	char *what = prio_xasprintf("%s/%s", c->cfg->dir, f->dir);
	int rc = PRIO_OK;

	*out = NULL;
	*same = false;
	if (root == NULL || f->use == PRIO_FOLDER_ARCHIVE ||
	    git_tree_entry_bypath(&e, root, what) < 0) {
		git_error_clear();
		*same = kept == NULL;
		free(what);
		return PRIO_OK;
	}
	if (git_tree_entry_type(e) == GIT_OBJECT_TREE && kept &&
	    git_oid_equal(git_tree_entry_id(e), git_tree_id(kept)))
		*same = true;
	else if (git_tree_entry_type(e) == GIT_OBJECT_TREE &&
	    git_tree_lookup(out, w->repo, git_tree_entry_id(e)) < 0)
		rc = tree_fail(w, git_tree_entry_id(e), what,
		    "cannot read a folder of stories");
	git_tree_entry_free(e);
	free(what);
	return rc;
}

/* Loads the stories of the dialect's folder i into l->st, and keeps
 * its tree. */
static int
load_folder(struct walk *w, struct load *l, git_tree *root, size_t i)
{
	const struct prio_dialect_folder *f =
	    &l->st->config->cfg->dialect->folders[i];
	git_tree *t;
	char *dir;
	bool same;
	int rc;

	if ((rc = folder_tree(w, l->st->config, root, i, NULL, &t,
	    &same)) != PRIO_OK || t == NULL)
		return rc;
	dir = prio_xasprintf("%s/%s/", l->st->config->cfg->dir, f->dir);
	l->dir = dir;
	l->recursive = f->recursive;
	if (git_tree_walk(t, GIT_TREEWALK_PRE, load_cb, l) < 0)
		rc = l->rc != PRIO_OK ? l->rc : prio_diags_git(w->diags, NULL,
		    "cannot walk a folder of stories");
	free(dir);
	l->st->kept[i] = t;
	return rc;
}

/* The id of the backlog folder (cfg->dir) in root; *has false when
 * there is none. */
static void
dir_of(const struct hconfig *c, git_tree *root, git_oid *out, bool *has)
{
	git_tree_entry *e = NULL;

	*has = false;
	if (c == NULL || root == NULL ||
	    git_tree_entry_bypath(&e, root, c->cfg->dir) < 0) {
		git_error_clear();
		return;
	}
	if (git_tree_entry_type(e) == GIT_OBJECT_TREE) {
		*out = *git_tree_entry_id(e);
		*has = true;
	}
	git_tree_entry_free(e);
}

/*
 * Fills the empty st with the whole backlog of a commit whose tree is
 * root (NULL: none); st->root is left to the caller.  prev is the
 * config to keep if the commit's cannot be read.
 */
static int
load_state(struct walk *w, struct state *st, git_tree *root,
    struct hconfig *prev)
{
	struct load l = { w, st, NULL, false, PRIO_OK };
	size_t i;
	int rc = PRIO_OK;

	if (root == NULL)
		return PRIO_OK;
	if ((rc = read_config(w, root, prev, &st->config)) != PRIO_OK ||
	    st->config == NULL)
		return rc;
	dir_of(st->config, root, &st->dir, &st->has_dir);
	for (i = 0; i < st->config->cfg->dialect->nfolders &&
	    i < MAX_FOLDERS && rc == PRIO_OK; i++)
		rc = load_folder(w, &l, root, i);
	if (rc != PRIO_OK)
		return rc;
	if (st->nfiles)
		qsort(st->files, st->nfiles, sizeof(*st->files), qsort_path);
	st->order = prio_xcalloc(st->nfiles + 1, sizeof(*st->order));
	st->copen = st->nfiles;
	for (i = 0; i < st->nfiles; i++)
		if (!st->files[i]->s.terminal)
			st->order[st->nopen++] = st->files[i];
	qsort(st->order, st->nopen, sizeof(*st->order), qsort_order);
	return PRIO_OK;
}

/* --- Changes ------------------------------------------------------------ */

static void
pending_add(struct pendings *p, struct hstory *old, struct hstory *new,
    size_t from, size_t to)
{
	struct pending *e;

	prio_xgrow(&p->v, &p->cap, p->n + 1, sizeof(*p->v));
	e = &p->v[p->n++];
	e->old = old, e->new = new, e->from = from, e->to = to;
}

static void
pendings_free(struct pendings *p)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		hstory_unref(p->v[i].old);
		hstory_unref(p->v[i].new);
	}
	free(p->v);
	memset(p, 0, sizeof(*p));
}

static const struct hstory *
either(const struct pending *e)
{
	return e->new ? e->new : e->old;
}

static int
qsort_pending(const void *pa, const void *pb)
{
	const struct hstory *a = either(pa), *b = either(pb);
	int c;

	if (a->s.id_num != b->s.id_num)
		return a->s.id_num < b->s.id_num ? -1 : 1;
	if ((c = strcmp(a->s.id, b->s.id)) != 0)
		return c;
	return strcmp(a->s.path, b->s.path);
}

static void
add_change(struct prio_decision *d, const char *story, const char *field,
    const char *from, const char *to, size_t pos_from, size_t pos_to)
{
	struct prio_change *c;

	/* The array is full when nchanges is 0 or a power of two. */
	if ((d->nchanges & (d->nchanges - 1)) == 0)
		d->changes = prio_xrealloc(d->changes, (d->nchanges ?
		    2 * d->nchanges : 1) * sizeof(*d->changes));
	c = &d->changes[d->nchanges++];
	c->story = story ? prio_xstrdup(story) : NULL;
	c->field = prio_xstrdup(field);
	c->from = from ? prio_xstrdup(from) : NULL;
	c->to = to ? prio_xstrdup(to) : NULL;
	c->position_from = pos_from;
	c->position_to = pos_to;
	c->from_theirs = NULL;
}

/* The changes of one story (prio/storydiff.h); inputs are those of the
 * commit's config. */
static void
story_changes(struct prio_decision *d, const struct pending *e,
    const struct hconfig *c)
{
	struct prio_storydiff sd;
	size_t i;

	if (e->new == NULL) {
		add_change(d, e->old->s.id, "removed", e->old->s.status, NULL,
		    e->from, 0);
		return;
	}
	if (e->old == NULL) {
		add_change(d, e->new->s.id, "created", NULL, e->new->s.status,
		    0, e->to);
		return;
	}
	prio_storydiff(&sd, &e->old->s, &e->new->s, NULL, c ? c->cfg : NULL,
	    PRIO_STORYDIFF_RANK | PRIO_STORYDIFF_STATUS |
	    PRIO_STORYDIFF_INPUTS | PRIO_STORYDIFF_FIELDS);
	for (i = 0; i < sd.nfields; i++)
		add_change(d, e->new->s.id, sd.fields[i].field,
		    sd.fields[i].from, sd.fields[i].to, e->from, e->to);
	prio_storydiff_free(&sd);
}

/*
 * Turns a commit's pending files into changes: a file whose story
 * changed its ID is a removal and a creation; a removal and a creation
 * of one ID (a renamed file) are one story.  Keeps only w->story's.
 */
static void
collect_changes(struct walk *w, struct prio_decision *d,
    const struct pendings *p, const struct hconfig *c)
{
	struct pending *v = prio_xcalloc(2 * p->n + 1, sizeof(*v));
	size_t i, j, n = 0, end;

	for (i = 0; i < p->n; i++) {
		const struct pending *e = &p->v[i];

		if (e->old && e->new && strcmp(e->old->s.id,
		    e->new->s.id) != 0) {
			v[n].old = e->old, v[n++].from = e->from;
			v[n].new = e->new, v[n++].to = e->to;
		} else
			v[n++] = *e;
	}
	qsort(v, n, sizeof(*v), qsort_pending);
	for (i = 0; i < n; i = end) {
		for (end = i + 1; end < n && strcmp(either(&v[end])->s.id,
		    either(&v[i])->s.id) == 0; end++)
			;
		for (j = i; j < end; j++) {
			size_t k;

			if (v[j].new || v[j].old == NULL)
				continue;
			for (k = i; k < end; k++)
				if (v[k].old == NULL && v[k].new) {
					v[j].new = v[k].new, v[j].to = v[k].to;
					v[k].new = NULL;
					break;
				}
		}
	}
	for (i = 0; i < n; i++) {
		if (v[i].old == NULL && v[i].new == NULL)
			continue;
		if (w->story && strcmp(either(&v[i])->s.id, w->story) != 0)
			continue;
		story_changes(d, &v[i], c);
	}
	free(v);
}

/* --- Merges ------------------------------------------------------------- */

static char *clean_utf8_n(const char *, size_t);

/*
 * Whether the merge's message records a decision on field of story id:
 * a Prio-Change "<field> ..." under "Prio-Story: <id>", as `prio
 * resolve` writes it.  Such a decision is shown even when it kept one
 * side's value: whoever resolved the conflict decided it.
 */
static bool
recorded(const struct prio_message *m, const char *id, const char *field)
{
	const struct prio_trailer *t;
	size_t i, n = strlen(field);

	for (i = 0; m && i < m->ntrailers; i++) {
		t = &m->trailers[i];
		if (strcasecmp(t->key, "Prio-Change") == 0 && t->story &&
		    strcmp(t->story, id) == 0 &&
		    strncmp(t->value, field, n) == 0 && t->value[n] == ' ')
			return true;
	}
	return false;
}

/* Whether the merge's message records a decision on story id. */
static bool
recorded_story(const struct prio_message *m, const char *id)
{
	size_t i;

	for (i = 0; m && i < m->ntrailers; i++)
		if (m->trailers[i].story && strcmp(m->trailers[i].story,
		    id) == 0)
			return true;
	return false;
}

/* The changes of e (first parent to merge) whose merged value differs
 * from theirs too, or that the merge's message records as decided,
 * each with theirs' value. */
static void
merge_story_changes(struct prio_decision *d, const struct pending *e,
    const struct hconfig *c, const struct hstory *theirs,
    const struct prio_message *m)
{
	struct prio_decision all = { .nchanges = 0 };
	struct prio_change *k;
	const char *v;
	size_t i;

	story_changes(&all, e, c);
	for (i = 0; i < all.nchanges; i++) {
		k = &all.changes[i];
		if (theirs == NULL || !prio_storydiff_same(&e->new->s,
		    &theirs->s, k->field) || recorded(m, k->story, k->field)) {
			v = theirs ? prio_storydiff_value(&theirs->s,
			    k->field) : NULL;
			add_change(d, k->story, k->field, k->from, k->to,
			    k->position_from, k->position_to);
			d->changes[d->nchanges - 1].from_theirs = v ?
			    prio_xstrdup(v) : NULL;
		}
		free(k->story);
		free(k->field);
		free(k->from);
		free(k->to);
	}
	free(all.changes);
}

/*
 * A merge's own decisions (prio/history.h): the pendings compare it
 * with its first parent; theirs is the merged parent's stories folder
 * (NULL: none), looked up once, since libgit2 does not cache large
 * trees.
 */
static int
merge_changes(struct walk *w, struct prio_decision *d,
    const struct pendings *p, struct hconfig *c, git_tree *theirs,
    const struct prio_message *m)
{
	struct pending *v = prio_xcalloc(p->n + 1, sizeof(*v));
	struct hstory *th;
	git_tree_entry *te;
	const char *path;
	size_t i;
	int rc = PRIO_OK;

	memcpy(v, p->v, p->n * sizeof(*v));
	qsort(v, p->n, sizeof(*v), qsort_pending);
	for (i = 0; i < p->n && rc == PRIO_OK; i++) {
		const struct pending *e = &v[i];

		if (w->story && strcmp(either(e)->s.id, w->story) != 0)
			continue;
		path = either(e)->s.path;
		th = NULL;
		if (theirs == NULL || git_tree_entry_bypath(&te, theirs,
		    path) < 0)
			te = NULL;
		if (te && e->new && git_oid_equal(git_tree_entry_id(te),
		    &e->new->blob) && !recorded_story(m, e->new->s.id)) {
			git_tree_entry_free(te);
			continue;
		}
		if (te && is_blob_mode(git_tree_entry_filemode(te)))
			rc = read_story(w, c, path, git_tree_entry_id(te), &th);
		git_tree_entry_free(te);
		if (th && strcmp(th->s.id, either(e)->s.id) != 0) {
			hstory_unref(th);
			th = NULL;
		}
		if (rc != PRIO_OK)
			;
		else if (e->new == NULL || e->old == NULL) {
			/* Created in the merge, in neither parent; removed
			 * there, though both had it. */
			if ((e->new == NULL) == (th != NULL))
				story_changes(d, e, c);
		} else if (strcmp(e->old->s.id, e->new->s.id) == 0)
			merge_story_changes(d, e, c, th, m);
		hstory_unref(th);
	}
	free(v);
	git_error_clear();
	return rc;
}

static bool
has_change(const struct prio_decision *d, const char *story,
    const char *field)
{
	size_t i;

	for (i = 0; i < d->nchanges; i++)
		if (d->changes[i].story && strcmp(d->changes[i].story,
		    story) == 0 && strcmp(d->changes[i].field, field) == 0)
			return true;
	return false;
}

/*
 * The decisions the merge's message records ("Prio-Change: <field>
 * <ours> | <theirs> -> <value>", as `prio resolve` writes them) that
 * the trees do not show: one that kept ours' value changed nothing
 * against the first parent, yet it was decided.  Positions are not
 * known for these.
 */
static void
recorded_changes(struct prio_decision *d, const struct prio_message *m,
    const char *only)
{
	const struct prio_trailer *t;
	const char *v, *sp, *bar, *arrow, *p;
	char *field, *ours, *theirs;
	size_t i;

	for (i = 0; i < m->ntrailers; i++) {
		t = &m->trailers[i];
		v = t->value;
		if (strcasecmp(t->key, "Prio-Change") != 0 || t->story == NULL ||
		    (only && strcmp(t->story, only) != 0) ||
		    (sp = strchr(v, ' ')) == NULL ||
		    (bar = strstr(sp, " | ")) == NULL)
			continue;
		for (arrow = NULL, p = bar; (p = strstr(p, " -> ")) != NULL;
		    p += 4)
			arrow = p;
		if (arrow == NULL)
			continue;
		field = prio_xstrndup(v, (size_t)(sp - v));
		if (!has_change(d, t->story, field)) {
			ours = prio_xstrndup(sp + 1, (size_t)(bar - sp - 1));
			theirs = prio_xstrndup(bar + 3, (size_t)(arrow - bar -
			    3));
			add_change(d, t->story, field, ours, arrow + 4, 0, 0);
			d->changes[d->nchanges - 1].from_theirs = theirs;
			free(ours);
		}
		free(field);
	}
}

static void
drop_first(struct prio_decision *d)
{
	free(d->changes[0].story);
	free(d->changes[0].field);
	free(d->changes[0].from);
	free(d->changes[0].to);
	free(d->changes[0].from_theirs);
	memmove(d->changes, d->changes + 1, (d->nchanges - 1) *
	    sizeof(*d->changes));
	d->nchanges--;
}

/* A score-formula change the merge took from theirs is theirs': the
 * merge has theirs' config files (prio/treeread.h). */
static void
drop_theirs_formula(struct prio_decision *d, git_tree *merged,
    git_tree *theirs)
{
	if (d->nchanges == 0 || d->changes[0].story != NULL)
		return;
	if (prio_treeread_same_config(merged, theirs))
		drop_first(d);
}

/*
 * What a merge commit merged: the quoted name of its subject ("Merge
 * branch 'd' into main", "Merge remote-tracking branch 'origin/d'"),
 * the source of a pull request ("Merge pull request #7 from o/d"), or
 * the merged parent's short id.
 */
static char *
merge_name(git_commit *commit)
{
	const char *s = git_commit_summary(commit), *a, *b;
	char hex[8];

	if (s && strncmp(s, "Merge ", 6) == 0) {
		if ((a = strchr(s, '\'')) != NULL &&
		    (b = strchr(a + 1, '\'')) != NULL && b > a + 1)
			return clean_utf8_n(a + 1, (size_t)(b - a - 1));
		if ((a = strstr(s, " from ")) != NULL) {
			a += 6;
			b = a + strcspn(a, " ");
			if (b > a)
				return clean_utf8_n(a, (size_t)(b - a));
		}
	}
	git_oid_tostr(hex, sizeof(hex), git_commit_parent_id(commit, 1));
	return prio_xstrdup(hex);
}

/* The merge's decisions into d.  A merged parent that is not here (a
 * shallow clone) leaves d empty. */
static int
merge_decisions(struct walk *w, struct prio_decision *d,
    const struct pendings *p, struct hconfig *c, git_commit *commit)
{
	git_commit *other = NULL;
	git_tree *theirs = NULL, *merged = NULL;
	struct prio_message m;
	const char *msg = git_commit_message_raw(commit);
	int rc = PRIO_OK;

	/* (A merge that kept one side's values changed nothing against its
	 * first parent, but may record decisions.) */
	if (c == NULL || (p->n == 0 && d->nchanges == 0 &&
	    strstr(msg, "Prio-Change: ") == NULL))
		return PRIO_OK;
	if (git_commit_parent(&other, commit, 1) < 0 ||
	    git_commit_tree(&theirs, other) < 0 ||
	    git_commit_tree(&merged, commit) < 0) {
		git_error_clear();
		while (d->nchanges > 0)
			drop_first(d);
		goto out;
	}
	drop_theirs_formula(d, merged, theirs);
	prio_message_parse(&m, msg, strlen(msg));
	rc = merge_changes(w, d, p, c, theirs, &m);
	if (rc == PRIO_OK)
		recorded_changes(d, &m, w->story);
	prio_message_free(&m);
	if (d->nchanges > 0)
		d->merge_of = merge_name(commit);
out:
	git_tree_free(merged);
	git_tree_free(theirs);
	git_commit_free(other);
	return rc;
}

/* --- One commit --------------------------------------------------------- */

/* The commit's tree. */
static int
commit_root(struct walk *w, git_commit *commit, git_tree **out)
{
	if (git_commit_tree(out, commit) < 0)
		return tree_fail(w, git_commit_tree_id(commit), "the root folder",
		    "cannot read a commit's tree");
	return PRIO_OK;
}

/*
 * A changed config: read the commit's whole backlog with the new
 * config, and compare every story with the parent's.
 */
static int
reload(struct walk *w, struct state *st, git_tree *root,
    struct pendings *p, struct prio_decision *d)
{
	struct state *next = state_new();
	size_t i = 0, j = 0;
	int c, rc;

	if ((rc = load_state(w, next, root, st->config)) != PRIO_OK) {
		state_free(next);
		return rc;
	}
	if (st->config && next->config && w->story == NULL &&
	    strcmp(formula(st->config), formula(next->config)) != 0)
		add_change(d, NULL, "score-formula", formula(st->config),
		    formula(next->config), 0, 0);
	while (i < st->nfiles || j < next->nfiles) {
		struct hstory *a = i < st->nfiles ? st->files[i] : NULL;
		struct hstory *b = j < next->nfiles ? next->files[j] : NULL;

		c = a == NULL ? 1 : b == NULL ? -1 :
		    strcmp(a->s.path, b->s.path);
		if (c <= 0)
			i++;
		else
			a = NULL;
		if (c >= 0)
			j++;
		else
			b = NULL;
		pending_add(p, hstory_ref(a), hstory_ref(b), position(st, a),
		    position(next, b));
	}
	state_clear(st);
	*st = *next;
	free(next);
	return PRIO_OK;
}

/* A changed story file: note its story before (with its position in the
 * parent's order) and after. */
static int
changed_file(struct walk *w, struct state *st, const char *path,
    const git_tree_entry *now, struct pendings *p)
{
	struct hstory *old = state_get(st, path), *new = NULL;
	int rc = PRIO_OK;

	if (now && is_blob_mode(git_tree_entry_filemode(now)))
		rc = read_story(w, st->config, path, git_tree_entry_id(now),
		    &new);
	if (old || new)
		pending_add(p, hstory_ref(old), new, position(st, old), 0);
	return rc;
}

static int diff_dirs(struct walk *, struct state *, git_tree *, git_tree *,
    struct prio_buf *, struct pendings *);

/* One entry that differs (was, now: NULL when absent; both trees or
 * neither, as git orders a tree "x" apart from a file "x"). */
static int
diff_entry(struct walk *w, struct state *st, const git_tree_entry *was,
    const git_tree_entry *now, struct prio_buf *path, struct pendings *p)
{
	const git_tree_entry *e = now ? now : was;
	git_tree *a = NULL, *b = NULL;
	size_t len = path->len;
	int rc = PRIO_OK;

	prio_buf_adds(path, git_tree_entry_name(e));
	if (git_tree_entry_type(e) != GIT_OBJECT_TREE) {
		if (is_story_name(path->ptr) &&
		    prio_config_is_story_path(st->config->cfg, path->ptr,
		    false))
			rc = changed_file(w, st, path->ptr, now, p);
		prio_buf_truncate(path, len);
		return rc;
	}
	if (!w->recursive) {
		prio_buf_truncate(path, len);
		return PRIO_OK;
	}
	prio_buf_addch(path, '/');
	if (was && git_tree_lookup(&a, w->repo, git_tree_entry_id(was)) < 0)
		rc = tree_fail(w, git_tree_entry_id(was), path->ptr,
		    "cannot read a folder of stories");
	else if (now && git_tree_lookup(&b, w->repo,
	    git_tree_entry_id(now)) < 0)
		rc = tree_fail(w, git_tree_entry_id(now), path->ptr,
		    "cannot read a folder of stories");
	else
		rc = diff_dirs(w, st, a, b, path, p);
	git_tree_free(a);
	git_tree_free(b);
	prio_buf_truncate(path, len);
	return rc;
}

/* Walks two sorted trees side by side; equal entries are skipped
 * without reading them, as git does. */
static int
diff_dirs(struct walk *w, struct state *st, git_tree *a, git_tree *b,
    struct prio_buf *path, struct pendings *p)
{
	size_t i = 0, j = 0, na = a ? git_tree_entrycount(a) : 0;
	size_t nb = b ? git_tree_entrycount(b) : 0;
	const git_tree_entry *ea, *eb;
	int c, rc = PRIO_OK;

	while ((i < na || j < nb) && rc == PRIO_OK) {
		ea = i < na ? git_tree_entry_byindex(a, i) : NULL;
		eb = j < nb ? git_tree_entry_byindex(b, j) : NULL;
		c = ea == NULL ? 1 : eb == NULL ? -1 :
		    git_tree_entry_cmp(ea, eb);
		if (c <= 0)
			i++;
		if (c >= 0)
			j++;
		if (c == 0 && git_oid_equal(git_tree_entry_id(ea),
		    git_tree_entry_id(eb)) && git_tree_entry_filemode(ea) ==
		    git_tree_entry_filemode(eb))
			continue;
		rc = diff_entry(w, st, c <= 0 ? ea : NULL, c >= 0 ? eb : NULL,
		    path, p);
	}
	return rc;
}

/*
 * Applies the story files that differ between the story folders of the
 * parent (st) and the commit (its tree root), after noting each one's
 * position in the parent's order.  Only the folders whose ids differ
 * are read.
 */
static int
apply_diff(struct walk *w, struct state *st, git_tree *root,
    struct pendings *p)
{
	const struct prio_dialect *d;
	struct prio_buf path = PRIO_BUF_INIT;
	git_tree *t;
	size_t i;
	bool same;
	int rc = PRIO_OK;

	if (st->config == NULL)
		return PRIO_OK;
	d = st->config->cfg->dialect;
	for (i = 0; i < d->nfolders && i < MAX_FOLDERS && rc == PRIO_OK;
	    i++) {
		if ((rc = folder_tree(w, st->config, root, i,
		    st->kept[i], &t, &same)) != PRIO_OK)
			break;
		if (same)
			continue;
		prio_buf_clear(&path);
		prio_buf_addf(&path, "%s/%s/", st->config->cfg->dir,
		    d->folders[i].dir);
		w->recursive = d->folders[i].recursive;
		rc = diff_dirs(w, st, st->kept[i], t, &path, p);
		git_tree_free(st->kept[i]);
		st->kept[i] = t;
	}
	prio_buf_free(&path);
	if (rc != PRIO_OK)
		return rc;
	for (i = 0; i < p->n; i++)
		if (p->v[i].old)
			state_remove(st, p->v[i].old);
	for (i = 0; i < p->n; i++)
		if (p->v[i].new)
			state_insert(st, p->v[i].new);
	for (i = 0; i < p->n; i++)
		p->v[i].to = position(st, p->v[i].new);
	return PRIO_OK;
}

/* Moves st from the parent's backlog to the commit's, noting changes. */
static int
advance(struct walk *w, struct state *st, git_commit *commit,
    struct pendings *p, struct prio_decision *d)
{
	git_tree *root = NULL;
	git_oid dir = { { 0 } };
	bool has;
	int rc;

	if ((rc = commit_root(w, commit, &root)) != PRIO_OK)
		return rc;
	if (st->root && git_oid_equal(git_tree_id(root),
	    git_tree_id(st->root))) {
		git_tree_free(root);
		return PRIO_OK;
	}
	if (!prio_treeread_same_config(st->root, root))
		rc = reload(w, st, root, p, d);
	else if (st->config) {
		dir_of(st->config, root, &dir, &has);
		if (has != st->has_dir || (has && !git_oid_equal(&dir,
		    &st->dir)))
			rc = apply_diff(w, st, root, p);
		st->has_dir = has;
		st->dir = dir;
	}
	git_tree_free(st->root);
	st->root = root;
	return rc;
}

/* --- Commit messages ---------------------------------------------------- */

/* A copy of s with U+FFFD for each byte that is not UTF-8. */
static char *
clean_utf8(const char *s)
{
	struct prio_buf b = PRIO_BUF_INIT;
	size_t len, off = 0, bad;

	if (s == NULL)
		return prio_xstrdup("");
	len = strlen(s);
	while (!prio_utf8_valid(s + off, len - off, &bad)) {
		prio_buf_add(&b, s + off, bad);
		prio_buf_adds(&b, "\xef\xbf\xbd");
		off += bad + 1;
	}
	prio_buf_add(&b, s + off, len - off);
	return prio_buf_detach(&b, NULL);
}

static char *
clean_utf8_n(const char *s, size_t n)
{
	char *copy = prio_xstrndup(s, n), *clean = clean_utf8(copy);

	free(copy);
	return clean;
}

/* As git's %aI: "2026-11-02T10:00:00+01:00", in the author's offset. */
static char *
iso_date(const git_time *t)
{
	time_t secs = (time_t)(t->time + (git_time_t)t->offset * 60);
	int off = t->offset < 0 ? -t->offset : t->offset;
	struct tm tm;

	if (gmtime_r(&secs, &tm) == NULL)
		memset(&tm, 0, sizeof(tm));
	return prio_xasprintf("%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec, t->offset < 0 ? '-' : '+', off / 60,
	    off % 60);
}

static void
describe_commit(struct prio_decision *d, git_commit *commit)
{
	const git_signature *a = git_commit_author(commit);
	char *name = clean_utf8(a->name), *email = clean_utf8(a->email);

	git_oid_tostr(d->commit, sizeof(d->commit), git_commit_id(commit));
	d->author = prio_xasprintf("%s <%s>", name, email);
	d->date = iso_date(&a->when);
	d->subject = clean_utf8(git_commit_summary(commit));
	d->body = clean_utf8(git_commit_body(commit));
	free(name);
	free(email);
}

static void
decision_free(struct prio_decision *d)
{
	size_t i;

	for (i = 0; i < d->nchanges; i++) {
		free(d->changes[i].story);
		free(d->changes[i].field);
		free(d->changes[i].from);
		free(d->changes[i].to);
		free(d->changes[i].from_theirs);
	}
	free(d->changes);
	free(d->merge_of);
	free(d->author);
	free(d->date);
	free(d->subject);
	free(d->body);
}

/* --- The walk ----------------------------------------------------------- */

/* The state a node's visit starts from: its first parent's. */
static int
parent_state(struct walk *w, struct node *n, struct state **out)
{
	struct node *p;
	git_commit *c;
	int rc;

	*out = NULL;
	if (n->parent == NONE) {
		*out = state_new();
		return PRIO_OK;
	}
	p = &w->nodes[n->parent];
	if (p->boundary && !p->done) {
		p->done = true;
		p->state = state_new();
		w->at = &p->id;
		if (git_commit_lookup(&c, w->repo, &p->id) < 0)
			return prio_diags_git(w->diags, NULL,
			    "cannot read a commit");
		rc = commit_root(w, c, &p->state->root);
		git_commit_free(c);
		if (rc == PRIO_OK)
			rc = load_state(w, p->state, p->state->root, NULL);
		if (rc != PRIO_OK)
			return rc;
	}
	if (--p->users == 0) {
		*out = p->state;
		p->state = NULL;
	} else
		*out = state_copy(p->state);
	return PRIO_OK;
}

static void
side_of(struct prio_history_side *side, const struct hstory *h)
{
	memset(side, 0, sizeof(*side));
	if (h == NULL)
		return;
	side->id = h->s.id;
	side->path = h->s.path;
	side->status = h->s.status;
	side->fields = h->kv;
	side->fields_len = h->kvlen;
}

/* Hands each story file of a commit's pendings to w->fn. */
static int
report_files(struct walk *w, const struct pendings *p, git_commit *commit,
    bool cut)
{
	struct prio_history_file f;
	size_t i;

	memset(&f, 0, sizeof(f));
	f.cut = cut;
	f.commit = git_commit_id(commit);
	f.time = (int64_t)git_commit_time(commit);
	f.offset = git_commit_time_offset(commit);
	for (i = 0; i < p->n; i++) {
		const struct pending *e = &p->v[i];

		side_of(&f.old, e->old);
		side_of(&f.new, e->new);
		f.changed = !cut && (e->old == NULL || e->new == NULL ||
		    !git_oid_equal(&e->old->blob, &e->new->blob));
		if ((w->stopped = w->fn(&f, w->payload)) != 0)
			return PRIO_EINVAL;
	}
	return PRIO_OK;
}

static int
visit(struct walk *w, size_t i)
{
	struct node *n = &w->nodes[i];
	struct prio_decision d = { .nchanges = 0 };
	struct pendings p = { NULL, 0, 0 };
	struct state *st = NULL;
	git_commit *commit = NULL;
	int rc;

	if (git_commit_lookup(&commit, w->repo, &n->id) < 0)
		return prio_diags_git(w->diags, NULL, "cannot read a commit");
	if ((rc = parent_state(w, n, &st)) != PRIO_OK)
		goto out;
	w->at = &n->id;
	if ((rc = advance(w, st, commit, &p, &d)) != PRIO_OK)
		goto out;
	if (st->config)
		w->any_config = true;
	if (n->cut)
		prio_shallow_cut_add(&w->cut, commit);
	if (n->nparents <= 1 && w->fn &&
	    (rc = report_files(w, &p, commit, n->cut)) != PRIO_OK)
		goto out;
	if (n->nparents <= 1 && w->fn == NULL && !n->cut)
		collect_changes(w, &d, &p, st->config);
	else if (w->fn == NULL && !n->cut && (rc = merge_decisions(w, &d, &p,
	    st->config, commit)) != PRIO_OK)
		goto out;
	if (d.nchanges > 0 && !n->cut) {
		describe_commit(&d, commit);
		prio_xgrow(&w->decisions, &w->cdecisions, w->ndecisions + 1,
		    sizeof(*w->decisions));
		n->decision = w->ndecisions;
		w->decisions[w->ndecisions++] = d;
		memset(&d, 0, sizeof(d));
	}
	n->done = true;
	if (n->users > 0) {
		n->state = st;
		st = NULL;
	}
out:
	decision_free(&d);
	pendings_free(&p);
	state_free(st);
	git_commit_free(commit);
	return rc;
}

/* Visits node i after the first parents it needs, oldest first. */
static int
visit_chain(struct walk *w, size_t i)
{
	size_t *stack = NULL, n = 0, cap = 0, j;
	int rc = PRIO_OK;

	for (j = i; j != NONE && !w->nodes[j].boundary && !w->nodes[j].done;
	    j = w->nodes[j].parent) {
		prio_xgrow(&stack, &cap, n + 1, sizeof(*stack));
		stack[n++] = j;
	}
	while (n > 0 && rc == PRIO_OK)
		rc = visit(w, stack[--n]);
	free(stack);
	return rc;
}

struct slot {
	git_oid id;
	size_t node;
};

static int
qsort_slot(const void *a, const void *b)
{
	return git_oid_cmp(&((const struct slot *)a)->id,
	    &((const struct slot *)b)->id);
}

static struct node *
add_node(struct walk *w, const git_oid *id)
{
	struct node *n;

	prio_xgrow(&w->nodes, &w->cnodes, w->nnodes + 1, sizeof(*w->nodes));
	n = &w->nodes[w->nnodes++];
	memset(n, 0, sizeof(*n));
	n->id = *id;
	n->parent = NONE;
	n->decision = NONE;
	return n;
}

/*
 * Links every node of the range to its first parent: another node, or a
 * boundary node added here (one per distinct parent outside the range).
 * A shallow clone's boundary commit has no parents (prio/shallow.h).
 */
static void
link_parents(struct walk *w)
{
	struct slot *walked = prio_xcalloc(w->nwalk + 1, sizeof(*walked));
	struct slot *outside = prio_xcalloc(w->nwalk + 1, sizeof(*outside));
	struct slot key, *hit;
	size_t i, k, nout = 0, b = NONE;

	for (i = 0; i < w->nwalk; i++)
		walked[i].id = w->nodes[i].id, walked[i].node = i;
	qsort(walked, w->nwalk, sizeof(*walked), qsort_slot);
	for (i = 0; i < w->nwalk; i++) {
		const struct prio_walk_commit *c = &w->commits.commits[i];
		const git_oid *parents = &w->commits.parents[c->parents];

		w->nodes[i].nparents = c->nparents;
		w->nodes[i].cut = c->boundary;
		w->nodes[i].time = (git_time_t)c->time;
		w->nodes[i].edges = w->nedges;
		for (k = 0; k < c->nparents; k++) {
			key.id = parents[k];
			hit = bsearch(&key, walked, w->nwalk, sizeof(*walked),
			    qsort_slot);
			if (hit == NULL)
				continue;
			prio_xgrow(&w->edges, &w->cedges, w->nedges + 1,
			    sizeof(*w->edges));
			w->edges[w->nedges++] = hit->node;
			w->nodes[i].nedges++;
			w->nodes[hit->node].has_child = true;
			if (k == 0)
				w->nodes[i].parent = hit->node;
		}
		if (c->nparents > 0 && w->nodes[i].parent == NONE) {
			outside[nout].id = parents[0];
			outside[nout++].node = i;
		}
	}
	qsort(outside, nout, sizeof(*outside), qsort_slot);
	for (i = 0; i < nout; i++) {
		if (i == 0 || git_oid_cmp(&outside[i].id,
		    &outside[i - 1].id) != 0) {
			add_node(w, &outside[i].id)->boundary = true;
			b = w->nnodes - 1;
		}
		w->nodes[outside[i].node].parent = b;
	}
	for (i = 0; i < w->nwalk; i++)
		if (w->nodes[i].parent != NONE)
			w->nodes[w->nodes[i].parent].users++;
	free(walked);
	free(outside);
}

/* An entry of the queue of git log's order. */
/*
 * The range in `git log`'s order, into out (nwalk node indices): the
 * newest of the commits waiting is shown next, and a commit waits from
 * the moment its first child is shown (git's commit_list_insert_by_date:
 * equal dates in the order they came).  libgit2's own order differs
 * when a range has several tips.
 */
static void
log_order(struct walk *w, size_t *out)
{
	struct timeq q;
	bool *seen = prio_xcalloc(w->nwalk + 1, sizeof(*seen));
	size_t i, k, nout = 0, node, p;

	timeq_init(&q, w->nwalk, true);
	for (i = 0; i < w->nwalk; i++)
		if (!w->nodes[i].has_child) {
			seen[i] = true;
			timeq_push(&q, w->nodes[i].time, i);
		}
	while (q.count > 0) {
		node = out[nout++] = timeq_pop(&q);
		for (k = 0; k < w->nodes[node].nedges; k++) {
			p = w->edges[w->nodes[node].edges + k];
			if (seen[p])
				continue;
			seen[p] = true;
			timeq_push(&q, w->nodes[p].time, p);
		}
	}
	timeq_free(&q);
	free(seen);
}

static int
bad_range(struct walk *w, const char *range)
{
	git_error_clear();
	prio_diags_add(w->diags, PRIO_SEV_ERROR, "git", NULL, 0, 0,
	    "unknown revision or range '%s'; name a commit, branch or tag, "
	    "or a range such as main..feature%s", range,
	    prio_shallow_revision_hint(w->repo));
	return PRIO_EINVAL;
}

static int
not_commit(struct walk *w, const char *rev)
{
	git_error_clear();
	prio_diags_add(w->diags, PRIO_SEV_ERROR, "git", NULL, 0, 0,
	    "'%s' is not a commit; name a commit, branch or tag", rev);
	return PRIO_EINVAL;
}

/*
 * The commits of range, git log's way: tips to show and commits to hide
 * (for A...B, their merge bases).  Lists them into w->commits.
 */
static int
walk_range(struct walk *w, const char *range)
{
	git_revspec spec = { NULL, NULL, 0 };
	git_oid *bases = NULL, tips[2];
	size_t nbases = 0, ntips = 0;
	git_object *a = NULL, *b = NULL;
	int rc = PRIO_OK;

	if (prio_object_rev_guard(w->repo, range, PRIO_MAX_FILE_SIZE_LIMIT,
	    w->diags) != PRIO_OK)
		return PRIO_EINVAL;
	if (git_revparse(&spec, w->repo, range) < 0) {
		/* libgit2 keeps "from" of a range whose "to" is bad. */
		git_object_free(spec.from);
		git_object_free(spec.to);
		return bad_range(w, range);
	}
	if ((spec.from && git_object_peel(&a, spec.from,
	    GIT_OBJECT_COMMIT) < 0) || (spec.to && git_object_peel(&b,
	    spec.to, GIT_OBJECT_COMMIT) < 0)) {
		rc = not_commit(w, range);
		goto out;
	}
	if (a)
		tips[ntips++] = *git_object_id(a);
	if ((spec.flags & GIT_REVSPEC_SINGLE) && a == NULL)
		rc = bad_range(w, range);
	else if (spec.flags & GIT_REVSPEC_SINGLE)
		rc = prio_walk_list(&w->commits, w->repo, w->shallow, tips, 1,
		    NULL, 0, 0, w->diags);
	else if ((spec.flags & GIT_REVSPEC_MERGE_BASE) && (a == NULL ||
	    b == NULL))
		rc = bad_range(w, range);
	else if (spec.flags & GIT_REVSPEC_MERGE_BASE) {
		tips[ntips++] = *git_object_id(b);
		if ((rc = prio_merge_bases(&bases, &nbases, w->repo,
		    w->shallow, &tips[0], &tips[1], NULL, w->diags)) == PRIO_OK)
			rc = prio_walk_list(&w->commits, w->repo, w->shallow,
			    tips, 2, bases, nbases, 0, w->diags);
	} else if (b == NULL)
		rc = bad_range(w, range);
	else
		rc = prio_walk_list(&w->commits, w->repo, w->shallow,
		    git_object_id(b), 1, tips, ntips, 0, w->diags);
out:
	free(bases);
	git_object_free(a);
	git_object_free(b);
	git_object_free(spec.from);
	git_object_free(spec.to);
	return rc;
}

/* Lists the range's commits into nodes[0, nwalk). */
static int
list_commits(struct walk *w, const char *range)
{
	size_t i;
	int rc;

	if (range == NULL) {
		if (git_repository_head_unborn(w->repo) == 1) {
			prio_diags_add(w->diags, PRIO_SEV_ERROR, "git", NULL,
			    0, 0, "the current branch has no commits yet, so "
			    "there is no history to read");
			return PRIO_ENOTFOUND;
		}
		range = "HEAD";
	}
	if ((rc = prio_shallow_read(&w->shallow, w->repo, w->diags)) !=
	    PRIO_OK || (rc = walk_range(w, range)) != PRIO_OK)
		return rc;
	for (i = 0; i < w->commits.count; i++)
		add_node(w, &w->commits.commits[i].id);
	w->nwalk = w->nnodes;
	return PRIO_OK;
}

static void
walk_free(struct walk *w)
{
	size_t i;

	for (i = 0; i < w->nnodes; i++)
		state_free(w->nodes[i].state);
	free(w->nodes);
	free(w->edges);
	prio_walk_free(&w->commits);
	prio_shallow_free(w->shallow);
	for (i = 0; i < w->ndecisions; i++)
		decision_free(&w->decisions[i]);
	free(w->decisions);
	prio_buf_free(&w->data);
}

/* Lists, links and visits the commits of range (w->nwalk of them). */
static int
walk_run(struct walk *w, const char *range)
{
	size_t i;
	int rc;

	prio_buf_init(&w->data);
	if ((rc = list_commits(w, range)) != PRIO_OK)
		return rc;
	link_parents(w);
	for (i = w->nwalk; i-- > 0 && rc == PRIO_OK;)
		rc = visit_chain(w, i);
	if (rc == PRIO_OK && w->nwalk > 0 && !w->any_config) {
		prio_diags_add(w->diags, PRIO_SEV_ERROR, "git", NULL, 0, 0,
		    "no backlog in the history of %s: no commit has %s; "
		    "'prio init' creates it, then commit it",
		    range ? range : "HEAD", PRIO_CONFIG_PATH);
		rc = PRIO_ENOTFOUND;
	}
	return rc;
}

int
prio_history_walk(git_repository *repo, const char *range,
    prio_history_fn fn, void *payload, struct prio_shallow_cut *cut,
    struct prio_diags *diags)
{
	struct walk w = { .repo = repo, .diags = diags, .fn = fn,
	    .payload = payload };
	int rc;

	rc = walk_run(&w, range);
	if (w.stopped != 0)
		rc = w.stopped;
	if (cut)
		*cut = w.cut;
	walk_free(&w);
	return rc;
}

int
prio_history_read(struct prio_history **out, git_repository *repo,
    const char *range, const char *story, struct prio_diags *diags)
{
	struct walk w = { .repo = repo, .story = story, .diags = diags };
	struct prio_history *h;
	size_t i, *order = NULL, k;
	int rc;

	*out = NULL;
	if ((rc = walk_run(&w, range)) != PRIO_OK)
		goto out;
	h = prio_xcalloc(1, sizeof(*h));
	h->decisions = prio_xcalloc(w.ndecisions + 1, sizeof(*h->decisions));
	order = prio_xcalloc(w.nwalk + 1, sizeof(*order));
	log_order(&w, order);
	for (k = 0; k < w.nwalk; k++)
		if ((i = w.nodes[order[k]].decision) != NONE)
			h->decisions[h->count++] = w.decisions[i];
	free(order);
	h->story_seen = w.seen;
	h->cut = w.cut;
	free(w.decisions);
	w.decisions = NULL;
	w.ndecisions = 0;
	*out = h;
out:
	walk_free(&w);
	return rc;
}

void
prio_history_free(struct prio_history *h)
{
	size_t i;

	if (h == NULL)
		return;
	for (i = 0; i < h->count; i++)
		decision_free(&h->decisions[i]);
	free(h->decisions);
	free(h);
}

const char *
prio_history_value(const struct prio_history_side *side, const char *key)
{
	const char *p = side->fields, *end, *v;

	if (p == NULL)
		return NULL;
	for (end = p + side->fields_len; p < end; p = v + strlen(v) + 1) {
		v = p + strlen(p) + 1;
		if (strcmp(p, key) == 0)
			return v;
	}
	return NULL;
}
