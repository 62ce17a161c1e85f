/*
 * A check that knows the backlog's past (issue 14): `prio check --staged`
 * (the pre-commit hook) and the pre-receive hook block only on the
 * problems a change brings or touches.
 *
 * The change is from a base (HEAD for --staged; for a push the old tip,
 * or for a new branch its merge base with the default branch) to the
 * backlog being checked.  Its files are the story files whose blob
 * differs.  A diagnostic is the change's when
 *   - it is in a story file the change writes (touched: who edits a
 *     story answers for all of it), or
 *   - prio_check_write() says the change brings it: an error between
 *     stories that the base did not have (a removed story that another
 *     depends on, a duplicate id in another file, a new cycle).
 * The errors left were there before: counted in one line, not failed.
 * Warnings in files the change does not write are left out (they never
 * fail, and the write check does not tell a new one from an old one).
 * A change to backlog/prio.yml can change every rule's verdict, so such
 * a change is checked whole, as is one without a base (the first
 * commit, a branch with no merge base, a base without a backlog).
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "prio/backlog.h"
#include "prio/buf.h"
#include "prio/check.h"
#include "prio/config.h"
#include "prio/error.h"
#include "prio/object.h"

/* The base backlog, loaded without a word: when it cannot be, the check
 * is a whole one. */
struct base {
	struct prio_source *src;
	struct prio_backlog *b;
	struct prio_diags diags;
};

static void
base_free(struct base *p)
{
	prio_backlog_free(p->b);
	prio_source_free(p->src);
	prio_diags_free(&p->diags);
}

static bool
base_load(struct cli *cli, const char *rev, struct base *p)
{
	const char *off = getenv("PRIO_NO_CACHE");
	char *cache = NULL;
	int rc;

	memset(p, 0, sizeof(*p));
	if (prio_source_tree(&p->src, cli->repo, rev, &p->diags) != PRIO_OK)
		return false;
	if (!(off && *off && strcmp(off, "0") != 0))
		cache = prio_xasprintf("%sprio/blobs.cache",
		    git_repository_path(cli->repo));
	rc = prio_backlog_load_cached(&p->b, p->src, cache, &p->diags);
	free(cache);
	git_error_clear();
	return rc == PRIO_OK;
}

/* Whether both sources hold the same config: the first of the
 * dialects' config files (backlog/prio.yml first), the same bytes. */
static bool
same_config(struct prio_source *a, struct prio_source *b)
{
	const struct prio_dialect *const *dl;
	const char *const *p;
	struct prio_buf x = PRIO_BUF_INIT, y = PRIO_BUF_INIT;
	bool same = false, done = false;
	int ra, rb;

	for (dl = prio_dialects(); *dl && !done; dl++)
		for (p = (*dl)->config_paths; *p && !done; p++) {
			ra = prio_source_read(a, *p, PRIO_MAX_FILE_SIZE_LIMIT,
			    &x, NULL);
			rb = prio_source_read(b, *p, PRIO_MAX_FILE_SIZE_LIMIT,
			    &y, NULL);
			if (ra == PRIO_ENOTFOUND && rb == PRIO_ENOTFOUND)
				continue;
			done = true;
			same = ra == PRIO_OK && rb == PRIO_OK &&
			    x.len == y.len && memcmp(x.ptr, y.ptr, x.len) == 0;
		}
	prio_buf_free(&x);
	prio_buf_free(&y);
	git_error_clear();
	return same;
}

static int
cmp_story_path(const void *a, const void *b)
{
	return strcmp((*(struct prio_story *const *)a)->path,
	    (*(struct prio_story *const *)b)->path);
}

/* A backlog's stories by path, for bsearch. */
static struct prio_story **
by_path(const struct prio_backlog *b)
{
	struct prio_story **v = prio_xcalloc(b->count + 1, sizeof(*v));

	memcpy(v, b->stories, b->count * sizeof(*v));
	qsort(v, b->count, sizeof(*v), cmp_story_path);
	return v;
}

static struct prio_story *
find_path(struct prio_story **v, size_t n, const char *path)
{
	struct prio_story key = { .path = (char *)path }, *k = &key, **f;

	f = bsearch(&k, v, n, sizeof(*v), cmp_story_path);
	return f ? *f : NULL;
}

/* The story files whose blob differs between the two listings (sorted
 * by path): written (on the new side) and removed (only on the old). */
struct delta {
	char **written, **removed;
	size_t nwritten, nremoved, capw, capr;
};

static void
delta_add(char ***v, size_t *n, size_t *cap, const char *path)
{
	prio_xgrow(v, cap, *n + 1, sizeof(**v));
	(*v)[(*n)++] = prio_xstrdup(path);
}

static int
cmp_strp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The story files of cfg's backlog in src, sorted by path. */
static int
list_stories(const struct prio_config *cfg, struct prio_source *src,
    struct prio_source_file **files, size_t *n, struct prio_diags *diags)
{
	char *root = prio_config_story_root(cfg);
	size_t i, k = 0;
	int rc = prio_source_list(src, root, files, n, diags);

	free(root);
	for (i = 0; rc == PRIO_OK && i < *n; i++) {
		if ((*files)[i].problem || prio_config_is_story_path(cfg,
		    (*files)[i].path, false)) {
			(*files)[k++] = (*files)[i];
			continue;
		}
		free((*files)[i].path);
	}
	if (rc == PRIO_OK)
		*n = k;
	return rc;
}

static int
delta_of(const struct prio_config *cfg, struct prio_source *from,
    struct prio_source *to, struct delta *d)
{
	struct prio_source_file *a = NULL, *b = NULL;
	struct prio_diags ignored = PRIO_DIAGS_INIT;
	size_t na = 0, nb = 0, i = 0, j = 0;
	int rc, cmp;

	memset(d, 0, sizeof(*d));
	if ((rc = list_stories(cfg, from, &a, &na, &ignored)) != PRIO_OK ||
	    (rc = list_stories(cfg, to, &b, &nb, &ignored)) != PRIO_OK)
		goto out;
	while (i < na || j < nb) {
		cmp = i == na ? 1 : j == nb ? -1 : strcmp(a[i].path, b[j].path);
		if (cmp < 0)
			delta_add(&d->removed, &d->nremoved, &d->capr,
			    a[i++].path);
		else if (cmp > 0)
			delta_add(&d->written, &d->nwritten, &d->capw,
			    b[j++].path);
		else {
			if (b[j].problem || !a[i].has_oid || !b[j].has_oid ||
			    !git_oid_equal(&a[i].oid, &b[j].oid))
				delta_add(&d->written, &d->nwritten, &d->capw,
				    b[j].path);
			i++, j++;
		}
	}
out:
	prio_source_files_free(a, na);
	prio_source_files_free(b, nb);
	prio_diags_free(&ignored);
	git_error_clear();
	return rc;
}

static void
delta_free(struct delta *d)
{
	prio_strv_free(d->written, d->nwritten);
	prio_strv_free(d->removed, d->nremoved);
}

static bool
in_sorted(char *const *v, size_t n, const char *path)
{
	return n && bsearch(&path, v, n, sizeof(*v), cmp_strp) != NULL;
}

/*
 * What the change brings that is not in a file it writes: the errors
 * between stories prio_check_write() finds, at paths not written.
 * file_diags are the new side's diagnostics from loading it.
 */
static void
brought(struct cli *cli, const struct base *base, const struct delta *d,
    const struct prio_diags *file_diags, struct prio_diags *out)
{
	struct prio_story **paths = by_path(cli->backlog), *s;
	struct prio_story **fresh = prio_xcalloc(d->nwritten + 1,
	    sizeof(*fresh));
	struct prio_diags mine = PRIO_DIAGS_INIT, all = PRIO_DIAGS_INIT;
	struct prio_write w = { 0 };
	size_t i, n = 0;

	for (i = 0; i < d->nwritten; i++)
		if ((s = find_path(paths, cli->backlog->count,
		    d->written[i])) != NULL)
			fresh[n++] = s;
	for (i = 0; i < file_diags->count; i++)
		if (in_sorted(d->written, d->nwritten,
		    file_diags->items[i].path))
			prio_diags_add(&mine, file_diags->items[i].severity,
			    file_diags->items[i].rule,
			    file_diags->items[i].path,
			    file_diags->items[i].line,
			    file_diags->items[i].column, "%s",
			    file_diags->items[i].message);
	w = (struct prio_write){ fresh, n, &mine,
	    (const char *const *)d->removed, d->nremoved, NULL };
	prio_check_write(base->b, &base->diags, &w, &all);
	for (i = 0; i < all.count; i++)
		if (!in_sorted(d->written, d->nwritten, all.items[i].path))
			prio_diags_add(out, all.items[i].severity,
			    all.items[i].rule, all.items[i].path,
			    all.items[i].line, all.items[i].column, "%s",
			    all.items[i].message);
	prio_diags_free(&all);
	prio_diags_free(&mine);
	free(fresh);
	free(paths);
}

/*
 * Keeps in cli->diags (the whole check of the new side) what the change
 * from base answers for; returns how many errors it left out.
 */
static size_t
keep_the_change(struct cli *cli, const struct base *base,
    const struct delta *d, const struct prio_diags *file_diags)
{
	struct prio_diags keep = PRIO_DIAGS_INIT, extra = PRIO_DIAGS_INIT;
	size_t i, j, left = 0;
	bool matched;

	brought(cli, base, d, file_diags, &extra);
	for (i = 0; i < cli->diags.count; i++) {
		const struct prio_diag *g = &cli->diags.items[i];

		if (!in_sorted(d->written, d->nwritten, g->path)) {
			/* One of the change's own between stories? */
			for (j = 0, matched = false; j < extra.count &&
			    !matched; j++)
				matched = strcmp(extra.items[j].path,
				    g->path) == 0 && strcmp(extra.items[j].rule,
				    g->rule) == 0 && strcmp(
				    extra.items[j].message, g->message) == 0;
			/* Warnings never fail; prio_check_write() does
			 * not tell a new one from an old one, so only
			 * errors are counted as older. */
			if (!matched) {
				left += g->severity == PRIO_SEV_ERROR;
				continue;
			}
		}
		prio_diags_add(&keep, g->severity, g->rule, g->path, g->line,
		    g->column, "%s", g->message);
	}
	prio_diags_free(&extra);
	prio_diags_free(&cli->diags);
	cli->diags = keep;
	return left;
}

/*
 * The quick way, for the common commit: every story file the change
 * writes was in the base, and keeps its id, its dependencies and its
 * place in the order (its place only matters when rank-before-dependency
 * or rank-tie is an error: by default both are warnings, so a move takes
 * the quick way too).  Then no error between stories can be new (the
 * rules between stories read nothing else: check.c, "Which rules
 * between stories run"), so the base backlog need not be loaded: the
 * base versions of the written files are found in its stories folder
 * by name and parsed, and nothing else of it is read.  Returns false
 * when the change is not of that kind (a new, removed or renamed file,
 * an id, dependency or order changed; a nested folder): then the whole
 * comparison runs.  *d gets the written paths.
 */
struct quick {
	git_tree *stories;         /* the base's stories folder */
	struct prio_story_parser *parser;
	struct prio_buf data;
};

/* Whether a rule between stories that reads the order can refuse. */
static bool
order_matters(const struct prio_config *cfg)
{
	return cfg->severity[PRIO_RULE_RANK_BEFORE_DEPENDENCY] ==
	    PRIO_SEV_ERROR || cfg->severity[PRIO_RULE_RANK_TIE] ==
	    PRIO_SEV_ERROR;
}

/* Whether the base's version of s (blob id) has s's id, dependencies
 * and, when it matters, its place. */
static bool
quick_same(struct cli *cli, struct quick *q, const struct prio_story *s,
    const git_oid *id)
{
	struct prio_diags ignored = PRIO_DIAGS_INIT;
	struct prio_order_key ka, kb;
	struct prio_story *o;
	uint64_t size;
	bool same = false;

	if (prio_object_read_blob(cli->repo, id,
	    cli->backlog->config->max_file_size, &q->data, &size) != PRIO_OK)
		goto out;
	o = prio_story_parser_parse(q->parser, s->path, q->data.ptr,
	    q->data.len, &ignored);
	prio_order_key_of(&ka, o);
	prio_order_key_of(&kb, s);
	same = o->readable == s->readable && o->id_num == s->id_num &&
	    ((o->id == NULL && s->id == NULL) || (o->id && s->id &&
	    strcmp(o->id, s->id) == 0)) && prio_story_same_deps(o, s) &&
	    (!order_matters(cli->backlog->config) ||
	    prio_order_key_cmp(&ka, &kb) == 0);
	prio_story_free(o);
out:
	prio_diags_free(&ignored);
	git_error_clear();
	return same;
}

/* The new side's story at path: a written file is one of a few, so a
 * scan costs less than sorting 10,000 paths. */
static struct prio_story *
story_at(const struct prio_backlog *b, const char *path)
{
	size_t i;

	for (i = 0; i < b->count; i++)
		if (strcmp(b->stories[i]->path, path) == 0)
			return b->stories[i];
	return NULL;
}

static size_t
count_md(git_tree *t)
{
	size_t i, n = 0, len;
	const char *name;

	for (i = 0; i < git_tree_entrycount(t); i++) {
		name = git_tree_entry_name(git_tree_entry_byindex(t, i));
		len = strlen(name);
		n += len > 3 && strcmp(name + len - 3, ".md") == 0;
	}
	return n;
}

static bool
quick_delta(struct cli *cli, const char *base_rev, struct delta *d)
{
	const size_t plen = strlen(PRIO_STORIES_DIR "/");
	struct quick q = { 0 };
	struct prio_source_file *f = NULL;
	struct prio_diags ignored = PRIO_DIAGS_INIT;
	git_object *root = NULL;
	git_tree_entry *te = NULL;
	const git_tree_entry *e;
	char *spec = prio_xasprintf("%s^{tree}", base_rev);
	struct prio_story *s;
	size_t i, n = 0, found = 0;
	bool ok = false;

	memset(d, 0, sizeof(*d));
	/* The quick way knows one folder of stories (prio's). */
	if (cli->backlog->config->dialect->nfolders != 1)
		goto out;
	if (git_revparse_single(&root, cli->repo, spec) < 0 ||
	    git_tree_entry_bypath(&te, (git_tree *)root,
	    PRIO_STORIES_DIR) < 0 ||
	    git_tree_entry_type(te) != GIT_OBJECT_TREE ||
	    git_tree_lookup(&q.stories, cli->repo, git_tree_entry_id(te)) < 0 ||
	    prio_source_list(cli->source, PRIO_STORIES_DIR, &f, &n,
	    &ignored) != PRIO_OK)
		goto out;
	q.parser = prio_story_parser_new(cli->backlog->config, 0);
	for (i = 0, ok = true; ok && i < n; i++) {
		const char *name = f[i].path + plen;

		if (f[i].problem) {
			/* In conflict, a link, ...: the commit's own. */
			delta_add(&d->written, &d->nwritten, &d->capw,
			    f[i].path);
			found += git_tree_entry_byname(q.stories, name) != NULL;
			continue;
		}
		if (!f[i].has_oid || strchr(name, '/') != NULL ||
		    (e = git_tree_entry_byname(q.stories, name)) == NULL) {
			ok = false;
			break;
		}
		found++;
		if (git_oid_equal(git_tree_entry_id(e), &f[i].oid))
			continue;
		s = story_at(cli->backlog, f[i].path);
		ok = s && quick_same(cli, &q, s,
		    git_tree_entry_id(e));
		if (ok)
			delta_add(&d->written, &d->nwritten, &d->capw,
			    f[i].path);
	}
	ok = ok && found == count_md(q.stories);
out:
	if (!ok) {
		delta_free(d);
		memset(d, 0, sizeof(*d));
	}
	prio_story_parser_free(q.parser);
	prio_buf_free(&q.data);
	prio_source_files_free(f, n);
	prio_diags_free(&ignored);
	git_tree_free(q.stories);
	git_tree_entry_free(te);
	git_object_free(root);
	free(spec);
	git_error_clear();
	return ok;
}

/* The quick way's verdict: what is in the written files stays. */
static size_t
keep_written(struct cli *cli, const struct delta *d)
{
	struct prio_diags keep = PRIO_DIAGS_INIT;
	size_t i, left = 0;

	for (i = 0; i < cli->diags.count; i++) {
		const struct prio_diag *g = &cli->diags.items[i];

		if (!in_sorted(d->written, d->nwritten, g->path)) {
			left += g->severity == PRIO_SEV_ERROR;
			continue;
		}
		prio_diags_add(&keep, g->severity, g->rule, g->path, g->line,
		    g->column, "%s", g->message);
	}
	prio_diags_free(&cli->diags);
	cli->diags = keep;
	return left;
}

/* Whether base_rev's backlog/prio.yml is the new side's. */
static bool
same_config_at(struct cli *cli, const char *base_rev)
{
	struct prio_diags ignored = PRIO_DIAGS_INIT;
	struct prio_source *src = NULL;
	bool same;

	same = prio_source_tree(&src, cli->repo, base_rev, &ignored) ==
	    PRIO_OK && same_config(src, cli->source);
	prio_source_free(src);
	prio_diags_free(&ignored);
	git_error_clear();
	return same;
}

/* PRIO_TRACE=2: which way the comparison went, for performance work. */
static void
trace(const char *way, size_t written)
{
	const char *on = getenv("PRIO_TRACE");

	if (on && strcmp(on, "2") == 0)
		fprintf(stderr, "prio: trace: compared with the base the %s "
		    "way, %zu files written\n", way, written);
}

size_t
cli_check_past(struct cli *cli, const char *base_rev,
    const struct prio_diags *file_diags, bool *whole)
{
	struct base base = { 0 };
	struct delta d = { 0 };
	size_t left = 0;

	*whole = true;
	if (!same_config_at(cli, base_rev))
		return 0;
	if (quick_delta(cli, base_rev, &d)) {
		trace("quick", d.nwritten);
		left = keep_written(cli, &d);
		*whole = false;
		delta_free(&d);
		return left;
	}
	if (!base_load(cli, base_rev, &base) ||
	    delta_of(cli->backlog->config, base.src, cli->source, &d) !=
	    PRIO_OK)
		goto out;
	trace("full", d.nwritten);
	left = keep_the_change(cli, &base, &d, file_diags);
	*whole = false;
out:
	delta_free(&d);
	base_free(&base);
	return left;
}
