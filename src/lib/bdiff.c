/*
 * What changes between two versions of a backlog (see prio/bdiff.h).
 *
 * The work is shaped by the common case: two commits of a large backlog
 * that differ in a few stories.  The two backlog/stories trees are walked
 * in step, as git's tree diff does (libgit2's own tree diff builds a path
 * for every entry and takes several times as long).  Every old-side story
 * file gives its order key, from the blob cache when it has one; only the
 * files that differ (the candidates) are read and parsed in full, on
 * both sides.  The new side's positions then follow without its whole
 * order: a new-side story's position counts the unchanged stories before
 * it (old-side keys, minus the candidates' old versions) and the
 * candidates' new versions before it.
 *
 * When backlog/prio.yml differs, every story is a candidate: the config
 * decides statuses and scores.  Files whose content is the same are then
 * read in their light form, from the cache.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "prio/backlog.h"
#include "prio/bdiff.h"
#include "prio/buf.h"
#include "prio/config.h"
#include "prio/error.h"
#include "prio/object.h"
#include "prio/score.h"
#include "prio/shallow.h"
#include "prio/source.h"
#include "prio/story.h"
#include "prio/storydiff.h"
#include "prio/treeread.h"
#include "cache.h"
#include "parallel.h"
#include "source_impl.h"
#include "util.h"

/* Fewer stories to parse than this are not worth a thread. */
#define PARSE_THREADS_FROM 64

/* One side of the comparison: a commit's tree or the work tree. */
struct side {
	char *name;                 /* for messages: the revision */
	git_commit *commit;         /* NULL: unborn, or the work tree */
	git_tree *stories;          /* the folder of its story folders:
	                             * backlog/stories, or backlog for a
	                             * dialect with several */
	struct prio_source *worktree;
	struct prio_config *config; /* NULL: no backlog on this side */
	const char *config_path;    /* prio.yml or Backlog.md's */
	char *config_text;
	size_t config_len;
	uint64_t hash;              /* of the config and the build */
	struct prio_story_parser *light, *full;
};

enum version_kind { V_ABSENT, V_BLOB, V_WORKTREE, V_PROBLEM };

/* One side's file of a candidate. */
struct version {
	enum version_kind kind;
	char *path;
	git_oid id;                 /* V_BLOB */
	struct prio_story *story;   /* once read */
	bool full;                  /* parsed with PRIO_PARSE_FULL */
	struct prio_order_key key;
	size_t old_before;          /* old-side stories before key */
	size_t position;
};

/* A story file that differs between the sides (or may). */
struct pair {
	struct version from, to;
	bool dead;                  /* merged into another (a rename) */
};

/* An old-side story file the cache did not have: read, then parsed. */
struct miss {
	char *path;
	git_oid id;
	struct prio_buf data;
	bool fits;
	struct prio_story *story;
	struct prio_diags diags;
};

/* The order keys of a set of stories that are in the order. */
struct keys {
	struct prio_order_key *v;
	size_t count, cap;
};

struct bdiff {
	git_repository *repo;
	struct prio_diags *diags;
	struct side from, to;
	bool same_config;
	struct blob_cache *cache;
	struct keys old;            /* every old-side story */
	struct keys old_changed;    /* the candidates' old versions */
	struct keys new_changed;    /* the candidates' new versions */
	struct pair *pairs;
	size_t npairs, cap;
	struct miss *misses;
	size_t nmisses, misses_cap;
	struct prio_buf path;       /* scratch */
	char *root;                 /* "backlog/stories": the stories
	                             * tree's path, of the new side's
	                             * dialect (else the old side's) */
	struct prio_buf data;       /* scratch */
	/* the work tree side */
	struct prio_source_file *wt_files;
	size_t nwt_files;
	bool *wt_seen;
	char **changed;             /* paths git's diff names, sorted */
	size_t nchanged;
	size_t files, cached, parsed;
};

static const char *const kind_names[PRIO_BDIFF_NKINDS] = {
	"moved", "new", "removed", "status", "score", "criteria", "unreadable",
	"depends"
};

const char *
prio_bdiff_change_name(unsigned change)
{
	size_t i;

	for (i = 0; i < PRIO_BDIFF_NKINDS; i++)
		if (change == 1u << i)
			return kind_names[i];
	return NULL;
}

/* ---- the sides ---- */

/* The commit rev names; *out is NULL for HEAD on an unborn branch. */
static int
resolve(struct bdiff *x, const char *rev, git_commit **out)
{
	git_object *obj = NULL;

	*out = NULL;
	if (prio_object_rev_guard(x->repo, rev, PRIO_MAX_FILE_SIZE_LIMIT,
	    x->diags) != PRIO_OK)
		return PRIO_ENOTFOUND;
	if (git_revparse_single(&obj, x->repo, rev) < 0) {
		if (strcmp(rev, "HEAD") == 0 &&
		    git_repository_head_unborn(x->repo) == 1)
			return PRIO_OK;
		prio_diags_add(x->diags, PRIO_SEV_ERROR, "git", NULL, 0, 0,
		    "unknown revision '%s'; name a commit, branch or tag%s",
		    rev, prio_shallow_revision_hint(x->repo));
		return PRIO_ENOTFOUND;
	}
	if (git_object_peel((git_object **)out, obj, GIT_OBJECT_COMMIT) < 0) {
		prio_diags_add(x->diags, PRIO_SEV_ERROR, "git", NULL, 0, 0,
		    "'%s' is a %s, not a commit; name a commit, branch or tag",
		    rev, git_object_type2string(git_object_type(obj)));
		git_object_free(obj);
		return PRIO_ENOTFOUND;
	}
	git_object_free(obj);
	return PRIO_OK;
}

/* The old side of `a...b`: their best common ancestor. */
static int
merge_base(struct bdiff *x, const char *a, const char *b, git_commit *ca,
    git_commit *cb)
{
	struct prio_shallow *sh = NULL;
	struct prio_shallow_cut cut = { 0, { { 0 } }, 0, 0 };
	git_oid base, *bases = NULL;
	size_t n = 0;
	int rc;

	/* libgit2's git_merge_base fails at a shallow boundary. */
	if (ca && cb && ((rc = prio_shallow_read(&sh, x->repo, x->diags)) !=
	    PRIO_OK || (rc = prio_merge_bases(&bases, &n, x->repo, sh,
	    git_commit_id(ca), git_commit_id(cb), &cut, x->diags)) !=
	    PRIO_OK)) {
		prio_shallow_free(sh);
		return rc;
	}
	prio_shallow_free(sh);
	if (n > 0)
		base = bases[0];
	free(bases);
	if (n == 0 && cut.count > 0) {
		prio_diags_add(x->diags, PRIO_SEV_ERROR, "git", NULL, 0, 0,
		    "'%s' and '%s' have no common ancestor in this shallow "
		    "clone: its history is cut at commit %.7s; 'git fetch "
		    "--unshallow' reads the rest, or compare them directly "
		    "with 'prio diff %s %s'", a, b,
		    git_oid_tostr_s(&cut.commit), a, b);
		return PRIO_ENOTFOUND;
	}
	if (n == 0) {
		prio_diags_add(x->diags, PRIO_SEV_ERROR, "git", NULL, 0, 0,
		    "'%s' and '%s' have no common ancestor; compare them "
		    "directly with 'prio diff %s %s'", a, b, a, b);
		return PRIO_ENOTFOUND;
	}
	git_commit_free(x->from.commit);
	x->from.commit = NULL;
	if (git_commit_lookup(&x->from.commit, x->repo, &base) < 0)
		return prio_diags_git(x->diags, NULL,
		    "cannot read the merge base of '%s'", a);
	free(x->from.name);
	x->from.name = prio_xstrndup(git_oid_tostr_s(&base), 7);
	return PRIO_OK;
}

static int
resolve_sides(struct bdiff *x, const struct prio_bdiff_opts *o)
{
	const char *from = o->from ? o->from : "HEAD";
	const char *partner = o->to ? o->to : "HEAD";
	git_commit *other = NULL;
	int rc;

	x->from.name = prio_xstrdup(from);
	if ((rc = resolve(x, from, &x->from.commit)) != PRIO_OK)
		return rc;
	if (o->to) {
		x->to.name = prio_xstrdup(o->to);
		if ((rc = resolve(x, o->to, &x->to.commit)) != PRIO_OK)
			return rc;
	} else if (git_repository_is_bare(x->repo)) {
		prio_diags_add(x->diags, PRIO_SEV_ERROR, "git", NULL, 0, 0,
		    "this repository is bare: there is no work tree to "
		    "compare; name two revisions");
		return PRIO_EINVAL;
	} else {
		x->to.name = prio_xstrdup("the work tree");
		if ((rc = prio_source_worktree(&x->to.worktree, x->repo,
		    x->diags)) != PRIO_OK)
			return rc;
	}
	if (!o->merge_base)
		return PRIO_OK;
	if (o->to)
		return merge_base(x, from, partner, x->from.commit,
		    x->to.commit);
	if ((rc = resolve(x, partner, &other)) == PRIO_OK)
		rc = merge_base(x, from, partner, x->from.commit, other);
	git_commit_free(other);
	return rc;
}

/* Rewrites the config's diagnostics to name the commit it is in. */
static void
config_diags(struct bdiff *x, struct side *s, struct prio_diags *got)
{
	size_t i;

	for (i = 0; s->commit && i < got->count; i++) {
		free(got->items[i].path);
		got->items[i].path = prio_xasprintf("%s:%s", s->name,
		    s->config_path);
	}
	prio_diags_take(x->diags, got);
}

/* The n-th config the work tree may have, in the dialects' order
 * (prio's first), or NULL after the last. */
static const char *
config_path(size_t n)
{
	const struct prio_dialect *const *d;
	const char *const *p;

	for (d = prio_dialects(); *d; d++)
		for (p = (*d)->config_paths; *p; p++)
			if (n-- == 0)
				return *p;
	return NULL;
}

/* Reads and parses a commit's config (prio/treeread.h); PRIO_ENOTFOUND
 * when it has none. */
static int
commit_config(struct bdiff *x, struct side *s, git_tree *root)
{
	struct prio_diags got = PRIO_DIAGS_INIT;
	struct prio_treeread_config c;
	int rc = prio_treeread_config(&c, x->repo, root,
	    git_commit_id(s->commit), &got, x->diags);

	s->config_path = c.path;
	if (rc == PRIO_ERANGE) {
		prio_diags_add(x->diags, PRIO_SEV_ERROR, "config", NULL, 1, 1,
		    "%s:%s is %llu bytes, over the limit of %d bytes", s->name,
		    s->config_path, (unsigned long long)c.size,
		    PRIO_MAX_FILE_SIZE_LIMIT);
		rc = PRIO_ECONFIG;
	}
	config_diags(x, s, &got);
	if (rc == PRIO_OK) {
		s->config = c.cfg;
		s->config_text = c.text;
		s->config_len = c.len;
		c.cfg = NULL;
		c.text = NULL;
	}
	prio_treeread_config_free(&c);
	return rc;
}

static int
stories_tree(struct bdiff *x, struct side *s, git_tree *root)
{
	git_tree_entry *e = NULL;
	char *dir = prio_config_story_root(s->config);
	int rc = PRIO_OK;

	if (git_tree_entry_bypath(&e, root, dir) < 0) {
		git_error_clear();
		free(dir);
		return PRIO_OK;
	}
	if (git_tree_entry_type(e) == GIT_OBJECT_TREE &&
	    git_tree_lookup(&s->stories, x->repo, git_tree_entry_id(e)) < 0)
		rc = prio_diags_git(x->diags, NULL, "cannot read %s", dir);
	git_tree_entry_free(e);
	free(dir);
	return rc;
}

/* Parses a side's config text, as the dialect its path names. */
static int
parse_config(struct side *s, struct prio_diags *got)
{
	return prio_dialect_of_config(s->config_path)->parse_config(
	    &s->config, s->config_path, s->config_text, s->config_len, got);
}

/*
 * Reads and parses the work tree's config, by the rule of prio/
 * treeread.h: the first config file that holds a config of its dialect
 * (another tool's config.yml is passed over).  PRIO_ENOTFOUND when it
 * has none.
 */
static int
worktree_config(struct bdiff *x, struct side *s)
{
	struct prio_diags got = PRIO_DIAGS_INIT;
	struct prio_buf text = PRIO_BUF_INIT;
	char *why = NULL;
	size_t i;
	int rc = PRIO_ENOTFOUND;

	for (i = 0; config_path(i) && rc == PRIO_ENOTFOUND; i++) {
		free(why);
		why = NULL;
		s->config_path = config_path(i);
		rc = prio_source_read(s->worktree, s->config_path,
		    PRIO_MAX_FILE_SIZE_LIMIT, &text, &why);
		if (rc != PRIO_OK)
			continue;
		s->config_len = text.len;
		s->config_text = prio_buf_detach(&text, NULL);
		if ((rc = parse_config(s, &got)) == PRIO_ENOTFOUND) {
			prio_diags_free(&got);
			free(s->config_text);
			s->config_text = NULL;
		}
	}
	if (rc != PRIO_OK && rc != PRIO_ENOTFOUND && rc != PRIO_ECONFIG) {
		prio_diags_add(x->diags, PRIO_SEV_ERROR, "config",
		    s->config_path, 1, 1, "%s", why);
		rc = PRIO_ECONFIG;
	}
	config_diags(x, s, &got);
	free(why);
	prio_buf_free(&text);
	return rc;
}

/* Reads a side's config and finds its stories; no config, no backlog. */
static int
open_side(struct bdiff *x, struct side *s)
{
	git_tree *root = NULL;
	int rc;

	if (s->worktree)
		rc = worktree_config(x, s);
	else if (s->commit == NULL)
		return PRIO_OK;
	else if (git_commit_tree(&root, s->commit) < 0) {
		char *what = prio_xasprintf("the root folder of %s", s->name);
		char *doing = prio_xasprintf("cannot read the tree of %s",
		    s->name);

		rc = prio_missing_object(x->diags, x->repo,
		    git_commit_tree_id(s->commit), GIT_OBJECT_TREE, what, doing);
		free(what);
		free(doing);
		return rc;
	} else
		rc = commit_config(x, s, root);
	if (rc == PRIO_OK) {
		/* The path counts: the same bytes in prio.yml and in
		 * Backlog.md's config read other stories. */
		s->hash = cache_config_hash(s->config_path, s->config_text,
		    s->config_len);
		s->light = prio_story_parser_new(s->config, 0);
		s->full = prio_story_parser_new(s->config, PRIO_PARSE_FULL);
		if (root)
			rc = stories_tree(x, s, root);
	}
	git_tree_free(root);
	return rc == PRIO_ENOTFOUND ? PRIO_OK : rc;
}

static void
close_side(struct side *s)
{
	free(s->name);
	git_commit_free(s->commit);
	git_tree_free(s->stories);
	prio_source_free(s->worktree);
	prio_config_free(s->config);
	free(s->config_text);
	prio_story_parser_free(s->light);
	prio_story_parser_free(s->full);
}

/* ---- reading stories ---- */

/* A story for a file that cannot be read as one. */
static struct prio_story *
unreadable(struct side *s, const char *path)
{
	struct prio_diags ignored = PRIO_DIAGS_INIT;
	struct prio_story *st = prio_story_parser_parse(s->full, path, "", 0,
	    &ignored);

	prio_diags_free(&ignored);
	return st;
}

/* The commit a side's blobs are read from, for messages; NULL for the
 * work tree. */
static const git_oid *
side_commit(const struct side *s)
{
	return s->commit ? git_commit_id(s->commit) : NULL;
}

/* Reads blob id (the file at path) into out, or leaves out empty and
 * *fits false when it is over s's size limit. */
static int
read_blob(struct bdiff *x, const struct side *s, const git_oid *id,
    const char *path, struct prio_buf *out, bool *fits)
{
	return prio_treeread_blob(x->repo, side_commit(s), path, id,
	    s->config->max_file_size, out, fits, x->diags);
}

/*
 * Parses blob id at path with s's config, light or full, and puts the
 * result in the cache: callers parse only what the cache did not have
 * (for a full parse: had only in its light form).
 */
static int
parse_blob(struct bdiff *x, struct side *s, const char *path,
    const git_oid *id, bool full, struct prio_story **out)
{
	struct prio_diags got = PRIO_DIAGS_INIT;
	int rc;

	if ((rc = prio_treeread_story(out, x->repo, side_commit(s), path, id,
	    full ? s->full : s->light, s->config->max_file_size, &x->data,
	    &got, x->diags)) != PRIO_OK)
		return rc;
	if (*out == NULL) {
		*out = unreadable(s, path);
		return PRIO_OK;
	}
	x->parsed++;
	blob_cache_put(x->cache, s->hash, path, id, *out, full, &got);
	prio_diags_free(&got);
	return PRIO_OK;
}

static void
keys_add(struct keys *k, const struct prio_order_key *key)
{
	if (key->group > 1)
		return;
	prio_xgrow(&k->v, &k->cap, k->count + 1, sizeof(*k->v));
	k->v[k->count++] = *key;
}

static int
qsort_keys(const void *a, const void *b)
{
	return prio_order_key_cmp(a, b);
}

/* How many keys of the sorted set come before key. */
static size_t
keys_before(const struct keys *k, const struct prio_order_key *key)
{
	size_t lo = 0, hi = k->count, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (prio_order_key_cmp(&k->v[mid], key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The order key of an old-side story file, for x->old; what the cache
 * does not have is parsed later, all together (parse_misses). */
static void
old_key(struct bdiff *x, const char *path, const git_oid *id)
{
	struct prio_order_key key;
	struct miss *m;

	x->files++;
	if (blob_cache_key(x->cache, x->from.hash, path, id, &key)) {
		x->cached++;
		keys_add(&x->old, &key);
		return;
	}
	prio_xgrow(&x->misses, &x->misses_cap, x->nmisses + 1,
	    sizeof(*x->misses));
	m = &x->misses[x->nmisses++];
	memset(m, 0, sizeof(*m));
	m->path = prio_xstrdup(path);
	git_oid_cpy(&m->id, id);
	prio_buf_init(&m->data);
}

/*
 * Misses are parsed on several threads while this one reads the blobs
 * (libgit2's object reads stay on one thread, as in backlog.c): the
 * pool's feed (parallel.h) reads a miss, and a worker takes the next
 * miss that has been read.
 */
static int
parse_some(struct prio_parallel *p, void *arg, size_t worker)
{
	struct bdiff *x = arg;
	struct prio_story_parser *parser =
	    prio_story_parser_new(x->from.config, 0);
	struct miss *m;
	size_t i;

	while (prio_parallel_next(p, worker, &i)) {
		m = &x->misses[i];
		m->story = m->fits ? prio_story_parser_parse(parser, m->path,
		    m->data.ptr, m->data.len, &m->diags) : NULL;
		prio_buf_free(&m->data);
	}
	prio_story_parser_free(parser);
	return PRIO_OK;
}

/* Reads one miss's blob (the pool hands it out even when it could not
 * be read: the workers must not wait for it). */
static int
read_miss(void *arg, size_t i)
{
	struct bdiff *x = arg;
	struct miss *m = &x->misses[i];

	return read_blob(x, &x->from, &m->id, m->path, &m->data, &m->fits);
}

/* Parses every miss (light), caches it, and files its key. */
static int
parse_misses(struct bdiff *x)
{
	struct prio_order_key key;
	struct miss *m;
	size_t i;
	int rc;

	rc = prio_parallel(x->nmisses, prio_parallel_threads(x->nmisses,
	    PARSE_THREADS_FROM, true), read_miss, parse_some, x);
	for (i = 0; i < x->nmisses && rc == PRIO_OK; i++) {
		m = &x->misses[i];
		if (m->story == NULL)
			m->story = unreadable(&x->from, m->path);
		else {
			x->parsed++;
			blob_cache_put(x->cache, x->from.hash, m->path, &m->id,
			    m->story, false, &m->diags);
		}
		prio_order_key_of(&key, m->story);
		keys_add(&x->old, &key);
	}
	return rc;
}

/* Reads one side's version of a candidate: in full when the content
 * differs from the other side's, else its light form (cache first). */
static int
read_version(struct bdiff *x, struct side *s, struct version *v, bool full)
{
	struct prio_diags ignored = PRIO_DIAGS_INIT;
	char *why = NULL;
	int rc = PRIO_OK;

	switch (v->kind) {
	case V_ABSENT:
		return PRIO_OK;
	case V_PROBLEM:
		v->story = unreadable(s, v->path);
		break;
	case V_BLOB:
		if ((v->story = blob_cache_get(x->cache, s->hash, v->path,
		    &v->id, full, &ignored)) != NULL) {
			x->cached++;
			break;
		}
		rc = parse_blob(x, s, v->path, &v->id, full, &v->story);
		break;
	case V_WORKTREE:
		if (prio_source_read(s->worktree, v->path,
		    s->config->max_file_size, &x->data, &why) != PRIO_OK) {
			v->story = unreadable(s, v->path);
			break;
		}
		x->parsed++;
		v->story = prio_story_parser_parse(s->full, v->path,
		    x->data.ptr, x->data.len, &ignored);
		break;
	}
	prio_diags_free(&ignored);
	free(why);
	v->full = full || v->kind == V_WORKTREE;
	if (v->story)
		prio_order_key_of(&v->key, v->story);
	return rc;
}

/* ---- finding the candidates ---- */

static struct pair *
add_pair(struct bdiff *x, const char *path)
{
	struct pair *p;

	prio_xgrow(&x->pairs, &x->cap, x->npairs + 1, sizeof(*x->pairs));
	p = &x->pairs[x->npairs++];
	memset(p, 0, sizeof(*p));
	p->from.path = prio_xstrdup(path);
	p->to.path = prio_xstrdup(path);
	return p;
}

static bool
regular(git_filemode_t mode)
{
	return mode == GIT_FILEMODE_BLOB ||
	    mode == GIT_FILEMODE_BLOB_EXECUTABLE;
}

static void
set_blob(struct version *v, const git_tree_entry *e)
{
	v->kind = regular(git_tree_entry_filemode(e)) ? V_BLOB : V_PROBLEM;
	git_oid_cpy(&v->id, git_tree_entry_id(e));
}

static int
cmp_wt_file(const void *key, const void *f)
{
	return strcmp(key, ((const struct prio_source_file *)f)->path);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool
git_changed(const struct bdiff *x, const char *path)
{
	return x->nchanged && bsearch(&path, x->changed, x->nchanged,
	    sizeof(*x->changed), cmp_str) != NULL;
}

/*
 * An old-side file when the new side is the work tree: a candidate when
 * git says it changed, prio sees something other than a plain file on
 * either side, or the config changed.  Otherwise the new side's content
 * is the blob's.
 */
static void
visit_worktree(struct bdiff *x, const char *path, const git_tree_entry *ea)
{
	const struct prio_source_file *f = NULL;
	struct pair *p;
	bool same_file;

	if (x->to.config)
		f = bsearch(path, x->wt_files, x->nwt_files,
		    sizeof(*x->wt_files), cmp_wt_file);
	if (f)
		x->wt_seen[f - x->wt_files] = true;
	same_file = f && !f->problem && !git_changed(x, path) &&
	    regular(git_tree_entry_filemode(ea));
	if (same_file && x->same_config)
		return;
	p = add_pair(x, path);
	set_blob(&p->from, ea);
	if (same_file) {
		p->to.kind = V_BLOB;
		git_oid_cpy(&p->to.id, &p->from.id);
	} else if (f)
		p->to.kind = f->problem ? V_PROBLEM : V_WORKTREE;
}

/*
 * One story file of the walk: ea on the old side, eb on the new (either
 * may be NULL); same: the old and new trees are one tree.
 */
static void
visit(struct bdiff *x, const char *path, const git_tree_entry *ea,
    const git_tree_entry *eb, bool same)
{
	struct pair *p;

	if (ea && !regular(git_tree_entry_filemode(ea)))
		x->files++;
	else if (ea)
		old_key(x, path, git_tree_entry_id(ea));
	if (x->to.worktree) {
		if (ea)
			visit_worktree(x, path, ea);
		return;
	}
	if (same)
		eb = ea;
	if (ea && eb && x->same_config &&
	    git_oid_equal(git_tree_entry_id(ea), git_tree_entry_id(eb)) &&
	    git_tree_entry_filemode(ea) == git_tree_entry_filemode(eb))
		return;
	p = add_pair(x, path);
	if (ea)
		set_blob(&p->from, ea);
	if (eb)
		set_blob(&p->to, eb);
}

/* A pair of trees still to walk (either may be NULL), under prefix. */
struct frame {
	git_tree *a, *b;
	char *prefix;               /* below backlog/stories/, ends in '/' */
	bool same;                  /* a is also the new side's tree */
	bool own;                   /* free the trees */
};

static int
push_subtrees(struct bdiff *x, struct frame **stack, size_t *n, size_t *cap,
    const struct frame *f, const git_tree_entry *ea, const git_tree_entry *eb)
{
	struct frame sub = { NULL, NULL, NULL, f->same, true };
	const git_tree_entry *e = ea ? ea : eb;

	if (ea && git_tree_lookup(&sub.a, x->repo, git_tree_entry_id(ea)) < 0)
		return prio_diags_git(x->diags, NULL, "cannot read %s",
		    git_tree_entry_name(ea));
	if (ea && eb && git_oid_equal(git_tree_entry_id(ea),
	    git_tree_entry_id(eb)))
		sub.same = true;
	else if (eb && git_tree_lookup(&sub.b, x->repo,
	    git_tree_entry_id(eb)) < 0) {
		git_tree_free(sub.a);
		return prio_diags_git(x->diags, NULL, "cannot read %s",
		    git_tree_entry_name(eb));
	}
	sub.prefix = prio_xasprintf("%s%s/", f->prefix,
	    git_tree_entry_name(e));
	prio_xgrow(stack, cap, *n + 1, sizeof(**stack));
	(*stack)[(*n)++] = sub;
	return PRIO_OK;
}

/* Walks one pair of trees in step; sub-trees go on the stack. */
static int
walk_frame(struct bdiff *x, const struct frame *f, struct frame **stack,
    size_t *n, size_t *cap)
{
	size_t i = 0, j = 0, na = f->a ? git_tree_entrycount(f->a) : 0;
	size_t nb = f->b ? git_tree_entrycount(f->b) : 0;
	const git_tree_entry *ea, *eb;
	const char *name;
	int c, rc = PRIO_OK;

	while (rc == PRIO_OK && (i < na || j < nb)) {
		ea = i < na ? git_tree_entry_byindex(f->a, i) : NULL;
		eb = j < nb ? git_tree_entry_byindex(f->b, j) : NULL;
		c = ea == NULL ? 1 : eb == NULL ? -1 :
		    git_tree_entry_cmp(ea, eb);
		if (c > 0)
			ea = NULL;
		else if (c < 0)
			eb = NULL;
		i += ea != NULL;
		j += eb != NULL;
		name = git_tree_entry_name(ea ? ea : eb);
		if (git_tree_entry_type(ea ? ea : eb) == GIT_OBJECT_TREE) {
			rc = push_subtrees(x, stack, n, cap, f, ea, eb);
			continue;
		}
		if (!source_is_story_name(name))
			continue;
		prio_buf_clear(&x->path);
		prio_buf_addf(&x->path, "%s/%s%s", x->root, f->prefix, name);
		if (!prio_config_is_story_path(x->to.config ? x->to.config :
		    x->from.config, x->path.ptr, false))
			continue;
		visit(x, x->path.ptr, ea, eb, f->same);
	}
	return rc;
}

/* Walks backlog/stories of both sides, with a stack rather than
 * recursion, however deep the folders. */
static int
walk(struct bdiff *x)
{
	struct frame *stack = NULL, f;
	size_t n = 0, cap = 0;
	int rc = PRIO_OK;

	/* Most stories are open: one allocation for their keys. */
	if (x->from.config && x->from.stories)
		prio_xgrow(&x->old.v, &x->old.cap,
		    git_tree_entrycount(x->from.stories) + 1,
		    sizeof(*x->old.v));
	prio_xgrow(&stack, &cap, 1, sizeof(*stack));
	stack[n++] = (struct frame){ x->from.config ? x->from.stories : NULL,
	    x->to.config ? x->to.stories : NULL, prio_xstrdup(""), false,
	    false };
	if (stack[0].a && stack[0].b && git_oid_equal(git_tree_id(stack[0].a),
	    git_tree_id(stack[0].b))) {
		stack[0].b = NULL;
		stack[0].same = true;
	}
	while (n > 0) {
		f = stack[--n];
		if (rc == PRIO_OK)
			rc = walk_frame(x, &f, &stack, &n, &cap);
		if (f.own) {
			git_tree_free(f.a);
			git_tree_free(f.b);
		}
		free(f.prefix);
	}
	free(stack);
	return rc;
}

/* The paths under backlog/stories that git's diff says changed between
 * the old tree and the work tree (untracked and ignored files too). */
static int
worktree_changes(struct bdiff *x)
{
	git_diff_options opts;
	char *spec[] = { x->root };
	git_tree *root = NULL;
	git_diff *diff = NULL;
	const git_diff_delta *d;
	size_t i, n;

	if (x->from.commit == NULL || x->from.config == NULL)
		return PRIO_OK;
	git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	opts.flags = GIT_DIFF_INCLUDE_UNTRACKED |
	    GIT_DIFF_RECURSE_UNTRACKED_DIRS | GIT_DIFF_INCLUDE_IGNORED |
	    GIT_DIFF_RECURSE_IGNORED_DIRS | GIT_DIFF_INCLUDE_TYPECHANGE;
	opts.pathspec.strings = spec;
	opts.pathspec.count = 1;
	if (git_commit_tree(&root, x->from.commit) < 0 ||
	    git_diff_tree_to_workdir_with_index(&diff, x->repo, root,
	    &opts) < 0) {
		git_tree_free(root);
		return prio_diags_git(x->diags, NULL,
		    "cannot compare %s with the work tree", x->from.name);
	}
	n = git_diff_num_deltas(diff);
	x->changed = prio_xcalloc(2 * n + 1, sizeof(*x->changed));
	for (i = 0; i < n; i++) {
		d = git_diff_get_delta(diff, i);
		x->changed[x->nchanged++] = prio_xstrdup(d->old_file.path);
		if (strcmp(d->old_file.path, d->new_file.path) != 0)
			x->changed[x->nchanged++] =
			    prio_xstrdup(d->new_file.path);
	}
	qsort(x->changed, x->nchanged, sizeof(*x->changed), cmp_str);
	git_diff_free(diff);
	git_tree_free(root);
	return PRIO_OK;
}

static int
list_worktree(struct bdiff *x)
{
	size_t i, n = 0;
	int rc;

	if (x->to.config == NULL)
		return PRIO_OK;
	rc = prio_source_list(x->to.worktree, x->root, &x->wt_files,
	    &x->nwt_files, x->diags);
	if (rc != PRIO_OK)
		return rc;
	/* Only the dialect's story files (the list stays sorted). */
	for (i = 0; i < x->nwt_files; i++) {
		if (prio_config_is_story_path(x->to.config,
		    x->wt_files[i].path, false) ||
		    (x->wt_files[i].problem &&
		    x->to.config->dialect->nfolders == 1)) {
			x->wt_files[n++] = x->wt_files[i];
			continue;
		}
		free(x->wt_files[i].path);
		free(x->wt_files[i].problem);
	}
	x->nwt_files = n;
	x->wt_seen = prio_xcalloc(x->nwt_files + 1, sizeof(*x->wt_seen));
	return worktree_changes(x);
}

/* Work-tree files the old tree does not have. */
static void
worktree_only(struct bdiff *x)
{
	struct pair *p;
	size_t i;

	for (i = 0; i < x->nwt_files; i++) {
		if (x->wt_seen[i])
			continue;
		p = add_pair(x, x->wt_files[i].path);
		p->to.kind = x->wt_files[i].problem ? V_PROBLEM : V_WORKTREE;
	}
}

/* ---- comparing ---- */

static bool
is_story(const struct prio_story *s)
{
	return s && s->readable && s->id;
}

static bool
in_order(const struct version *v)
{
	return is_story(v->story) && v->key.group <= 1;
}

static int
cmp_pair_id(const void *a, const void *b)
{
	const struct pair *pa = *(struct pair *const *)a;
	const struct pair *pb = *(struct pair *const *)b;
	const struct prio_story *sa = pa->from.story ? pa->from.story :
	    pa->to.story;
	const struct prio_story *sb = pb->from.story ? pb->from.story :
	    pb->to.story;

	return (sa->id_num > sb->id_num) - (sa->id_num < sb->id_num);
}

/* Whether v[i] has the only ID of its kind in the sorted v. */
static bool
unique_at(struct pair **v, size_t n, size_t i)
{
	return (i == 0 || cmp_pair_id(&v[i - 1], &v[i]) != 0) &&
	    (i + 1 == n || cmp_pair_id(&v[i], &v[i + 1]) != 0);
}

/*
 * A story whose file went away on one side and appeared under another
 * path with the same ID is one story (a renamed file), as in prio log.
 */
static void
pair_renames(struct bdiff *x)
{
	struct pair **gone = prio_xcalloc(x->npairs + 1, sizeof(*gone));
	struct pair **came = prio_xcalloc(x->npairs + 1, sizeof(*came));
	struct pair **match = prio_xcalloc(x->npairs + 1, sizeof(*match));
	size_t i, j, ngone = 0, ncame = 0, nmatch = 0;
	int c;

	for (i = 0; i < x->npairs; i++) {
		struct pair *p = &x->pairs[i];

		if (p->to.kind == V_ABSENT && is_story(p->from.story))
			gone[ngone++] = p;
		else if (p->from.kind == V_ABSENT && is_story(p->to.story))
			came[ncame++] = p;
	}
	qsort(gone, ngone, sizeof(*gone), cmp_pair_id);
	qsort(came, ncame, sizeof(*came), cmp_pair_id);
	/* Match first, move afterwards: a moved version leaves a pair that
	 * the comparisons can no longer read. */
	for (i = j = 0; i < ngone && j < ncame;) {
		c = cmp_pair_id(&gone[i], &came[j]);
		if (c == 0 && unique_at(gone, ngone, i) &&
		    unique_at(came, ncame, j)) {
			match[2 * nmatch] = gone[i];
			match[2 * nmatch++ + 1] = came[j];
		}
		i += c <= 0;
		j += c >= 0;
	}
	for (i = 0; i < nmatch; i++) {
		free(match[2 * i + 1]->from.path);
		match[2 * i + 1]->from = match[2 * i]->from;
		match[2 * i]->from = (struct version){ 0 };
		match[2 * i]->dead = true;
	}
	free(match);
	free(gone);
	free(came);
}

/* The new side's criteria with text, and how many are met. */
static void
count_criteria(const struct prio_story *b, struct prio_bdiff_story *r)
{
	size_t i;

	for (i = 0; i < b->ncriteria; i++)
		if (!b->criteria[i].empty && b->criteria[i].text) {
			r->criteria_to++;
			r->criteria_met_to += b->criteria[i].met;
		}
}

static char *
dup_or_null(const char *s)
{
	return s ? prio_xstrdup(s) : NULL;
}

/* Both sides hold the story: what changed about it (prio/storydiff.h).
 * Inputs, criteria and dependencies when both were read in full. */
static void
compare_stories(struct bdiff *x, const struct pair *p,
    struct prio_bdiff_story *r)
{
	const struct prio_story *a = p->from.story, *b = p->to.story;
	unsigned what = PRIO_STORYDIFF_RANK | PRIO_STORYDIFF_STATUS |
	    PRIO_STORYDIFF_SCORE;
	struct prio_storydiff d;

	if (p->from.full && p->to.full)
		what |= PRIO_STORYDIFF_INPUTS | PRIO_STORYDIFF_CRITERIA |
		    PRIO_STORYDIFF_DEPENDS;
	prio_storydiff(&d, a, b, x->from.config, x->to.config, what);
	if (d.changed & PRIO_STORYDIFF_STATUS)
		r->changes |= PRIO_BDIFF_STATUS;
	if (d.changed & (PRIO_STORYDIFF_SCORE | PRIO_STORYDIFF_INPUTS))
		r->changes |= PRIO_BDIFF_SCORE;
	if (d.changed & PRIO_STORYDIFF_CRITERIA)
		r->changes |= PRIO_BDIFF_CRITERIA;
	if (d.changed & PRIO_STORYDIFF_DEPENDS)
		r->changes |= PRIO_BDIFF_DEPENDS;
	if (r->position_from && r->position_to &&
	    r->position_from != r->position_to &&
	    ((d.changed & PRIO_STORYDIFF_RANK) || (a->rank == NULL &&
	    (d.changed & PRIO_STORYDIFF_SCORE))))
		r->changes |= PRIO_BDIFF_MOVED;
	/* r owns what d found; prio_bdiff_free gives it back. */
	r->inputs = d.fields;
	r->ninputs = d.nfields;
	r->added = d.added;
	r->removed = d.removed;
	r->met = d.met;
	r->deps_added = d.deps_added;
	r->deps_removed = d.deps_removed;
}

/* Fills r for one pair; r->changes stays 0 when nothing shows. */
static void
compare(struct bdiff *x, const struct pair *p, struct prio_bdiff_story *r)
{
	const struct prio_story *a = p->from.story, *b = p->to.story;
	const struct prio_story *named = is_story(b) ? b : is_story(a) ? a :
	    b ? b : a;

	memset(r, 0, sizeof(*r));
	r->position_from = p->from.position;
	r->position_to = p->to.position;
	if (is_story(a) && is_story(b))
		compare_stories(x, p, r);
	else if (is_story(b))
		r->changes = PRIO_BDIFF_NEW;
	else if (p->to.kind != V_ABSENT)
		r->changes = PRIO_BDIFF_UNREADABLE;
	else if (is_story(a))
		r->changes = PRIO_BDIFF_REMOVED;
	if (r->changes == 0 || named == NULL)
		return;
	r->id = dup_or_null(named->id);
	r->title = dup_or_null(named->title);
	r->path = prio_xstrdup(p->to.kind != V_ABSENT ? p->to.path :
	    p->from.path);
	if (is_story(a)) {
		r->rank_from = dup_or_null(a->rank_text);
		r->status_from = dup_or_null(a->status);
		r->has_score_from = a->has_score;
		r->score_from = a->score;
	}
	if (is_story(b)) {
		if (p->to.full)
			count_criteria(b, r);
		r->rank_to = dup_or_null(b->rank_text);
		r->status_to = dup_or_null(b->status);
		r->has_score_to = b->has_score;
		r->score_to = b->score;
	}
}

/* ---- putting it together ---- */

/* Reads every candidate's two versions and files their keys. */
static int
read_pairs(struct bdiff *x)
{
	struct pair *p;
	bool full;
	size_t i;
	int rc;

	for (i = 0; i < x->npairs; i++) {
		p = &x->pairs[i];
		full = !(p->from.kind == V_BLOB && p->to.kind == V_BLOB &&
		    git_oid_equal(&p->from.id, &p->to.id));
		if ((rc = read_version(x, &x->from, &p->from, full)) !=
		    PRIO_OK || (rc = read_version(x, &x->to, &p->to,
		    full)) != PRIO_OK)
			return rc;
		if (in_order(&p->from))
			keys_add(&x->old_changed, &p->from.key);
		if (in_order(&p->to))
			keys_add(&x->new_changed, &p->to.key);
	}
	return PRIO_OK;
}

static void
sort_keys(struct keys *k)
{
	if (k->count > 1)
		qsort(k->v, k->count, sizeof(*k->v), qsort_keys);
}

static int
qsort_versions(const void *a, const void *b)
{
	return prio_order_key_cmp(&(*(struct version *const *)a)->key,
	    &(*(struct version *const *)b)->key);
}

/*
 * Sets old_before for n versions: how many old-side keys come before
 * each.  The old side is not sorted: the few versions are, and each old
 * key is counted against the first version it comes before.
 */
static void
count_old_before(const struct keys *old, struct version **v, size_t n)
{
	size_t *count = prio_xcalloc(n + 1, sizeof(*count));
	size_t i, lo, hi, mid, sum = 0;

	qsort(v, n, sizeof(*v), qsort_versions);
	for (i = 0; i < old->count; i++) {
		lo = 0, hi = n;
		while (lo < hi) {
			mid = lo + (hi - lo) / 2;
			if (prio_order_key_cmp(&v[mid]->key, &old->v[i]) <= 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		count[lo]++;
	}
	for (i = 0; i < n; i++) {
		sum += count[i];
		v[i]->old_before = sum;
	}
	free(count);
}

/*
 * Old positions are places among the old keys.  A new position counts
 * the unchanged stories before it (old keys before it, less the
 * candidates' old versions before it) and the candidates' new versions
 * before it.  Only the candidates' versions are placed, so only they are
 * sorted, however large the backlog.
 */
static void
place(struct bdiff *x)
{
	struct version **v = prio_xcalloc(2 * x->npairs + 1, sizeof(*v));
	struct pair *p;
	size_t i, n = 0;

	for (i = 0; i < x->npairs; i++) {
		if (in_order(&x->pairs[i].from))
			v[n++] = &x->pairs[i].from;
		if (in_order(&x->pairs[i].to))
			v[n++] = &x->pairs[i].to;
	}
	count_old_before(&x->old, v, n);
	free(v);
	sort_keys(&x->old_changed);
	sort_keys(&x->new_changed);
	for (i = 0; i < x->npairs; i++) {
		p = &x->pairs[i];
		if (in_order(&p->from))
			p->from.position = p->from.old_before + 1;
		if (in_order(&p->to))
			p->to.position = p->to.old_before -
			    keys_before(&x->old_changed, &p->to.key) +
			    keys_before(&x->new_changed, &p->to.key) + 1;
	}
}

struct sorted {
	struct prio_bdiff_story r;
	unsigned long id_num;
};

/* New position; then by ID number; then files without an ID, by path. */
static int
cmp_sorted(const void *pa, const void *pb)
{
	const struct sorted *a = pa, *b = pb;
	int c;

	if ((a->r.position_to == 0) != (b->r.position_to == 0))
		return a->r.position_to ? -1 : 1;
	if (a->r.position_to != b->r.position_to)
		return a->r.position_to < b->r.position_to ? -1 : 1;
	if ((a->r.id == NULL) != (b->r.id == NULL))
		return a->r.id ? -1 : 1;
	if (a->id_num != b->id_num)
		return a->id_num < b->id_num ? -1 : 1;
	c = strcmp(a->r.path, b->r.path);
	return c;
}

static void
collect(struct bdiff *x, struct prio_bdiff *d)
{
	struct sorted *v = prio_xcalloc(x->npairs + 1, sizeof(*v));
	const struct prio_story *s;
	size_t i, k, n = 0;

	for (i = 0; i < x->npairs; i++) {
		if (x->pairs[i].dead)
			continue;
		compare(x, &x->pairs[i], &v[n].r);
		if (v[n].r.changes == 0)
			continue;
		s = is_story(x->pairs[i].to.story) ? x->pairs[i].to.story :
		    x->pairs[i].from.story;
		v[n++].id_num = s ? s->id_num : 0;
	}
	qsort(v, n, sizeof(*v), cmp_sorted);
	d->stories = prio_xcalloc(n + 1, sizeof(*d->stories));
	for (i = 0; i < n; i++) {
		d->stories[i] = v[i].r;
		for (k = 0; k < PRIO_BDIFF_NKINDS; k++)
			if (v[i].r.changes & (1u << k))
				d->counts[k]++;
	}
	d->count = n;
	free(v);
}

static void
version_free(struct version *v)
{
	free(v->path);
	prio_story_free(v->story);
}

static void
bdiff_cleanup(struct bdiff *x)
{
	size_t i;

	for (i = 0; i < x->npairs; i++) {
		version_free(&x->pairs[i].from);
		version_free(&x->pairs[i].to);
	}
	free(x->pairs);
	for (i = 0; i < x->nmisses; i++) {
		free(x->misses[i].path);
		prio_buf_free(&x->misses[i].data);
		prio_story_free(x->misses[i].story);
		prio_diags_free(&x->misses[i].diags);
	}
	free(x->misses);
	free(x->old.v);
	free(x->old_changed.v);
	free(x->new_changed.v);
	prio_source_files_free(x->wt_files, x->nwt_files);
	free(x->wt_seen);
	prio_strv_free(x->changed, x->nchanged);
	prio_buf_free(&x->path);
	prio_buf_free(&x->data);
	free(x->root);
	blob_cache_free(x->cache);
	close_side(&x->from);
	close_side(&x->to);
}

static int
compute(struct bdiff *x, struct prio_bdiff *d)
{
	int rc;

	if (x->from.config == NULL && x->to.config == NULL) {
		prio_diags_add(x->diags, PRIO_SEV_ERROR, "git", NULL, 0, 0,
		    "no backlog in %s or %s: neither has %s", x->from.name,
		    x->to.name, PRIO_CONFIG_PATH);
		return PRIO_ENOTFOUND;
	}
	x->root = prio_config_story_root(x->to.config ? x->to.config : x->from.config);
	/* The other side of another format has no stories here. */
	if (x->from.config && x->to.config &&
	    x->from.config->dialect != x->to.config->dialect) {
		git_tree_free(x->from.stories);
		x->from.stories = NULL;
	}
	x->same_config = x->from.config && x->to.config &&
	    x->from.config_len == x->to.config_len &&
	    memcmp(x->from.config_text, x->to.config_text,
	    x->from.config_len) == 0;
	if (x->to.worktree && (rc = list_worktree(x)) != PRIO_OK)
		return rc;
	if ((rc = walk(x)) != PRIO_OK || (rc = parse_misses(x)) != PRIO_OK)
		return rc;
	worktree_only(x);
	if ((rc = read_pairs(x)) != PRIO_OK)
		return rc;
	pair_renames(x);
	place(x);
	collect(x, d);
	d->files = x->files;
	d->compared = x->npairs;
	d->cached = x->cached;
	d->parsed = x->parsed;
	blob_cache_save(x->cache);
	return PRIO_OK;
}

int
prio_bdiff(struct prio_bdiff **out, git_repository *repo,
    const struct prio_bdiff_opts *opts, struct prio_diags *diags)
{
	struct bdiff x = { .repo = repo, .diags = diags };
	struct prio_bdiff *d = prio_xcalloc(1, sizeof(*d));
	int rc;

	*out = NULL;
	prio_buf_init(&x.path);
	prio_buf_init(&x.data);
	rc = resolve_sides(&x, opts);
	if (rc == PRIO_OK && (rc = open_side(&x, &x.from)) == PRIO_OK)
		rc = open_side(&x, &x.to);
	if (rc == PRIO_OK) {
		x.cache = blob_cache_open(opts->cache_path);
		rc = compute(&x, d);
	}
	if (rc == PRIO_OK) {
		d->from_unborn = x.from.commit == NULL;
		if (x.from.commit)
			git_oid_cpy(&d->from, git_commit_id(x.from.commit));
		d->to_worktree = x.to.worktree != NULL;
		d->rank_key = prio_dialect_key((x.to.config ? x.to.config :
		    x.from.config)->dialect, PRIO_KEY_RANK);
		if (x.to.commit)
			git_oid_cpy(&d->to, git_commit_id(x.to.commit));
		*out = d;
	} else
		prio_bdiff_free(d);
	bdiff_cleanup(&x);
	return rc;
}

/* Frees what r took from prio_storydiff(). */
static void
story_diff_free(struct prio_bdiff_story *r)
{
	struct prio_storydiff d = { .fields = r->inputs,
	    .nfields = r->ninputs, .added = r->added, .removed = r->removed,
	    .met = r->met, .deps_added = r->deps_added,
	    .deps_removed = r->deps_removed };

	prio_storydiff_free(&d);
}

void
prio_bdiff_free(struct prio_bdiff *d)
{
	struct prio_bdiff_story *r;
	size_t i;

	if (d == NULL)
		return;
	for (i = 0; i < d->count; i++) {
		r = &d->stories[i];
		free(r->id);
		free(r->title);
		free(r->path);
		free(r->rank_from);
		free(r->rank_to);
		free(r->status_from);
		free(r->status_to);
		story_diff_free(r);
	}
	free(d->stories);
	free(d);
}
