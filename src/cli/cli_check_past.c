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
#include "cli_out.h"
#include "prio/backlog.h"
#include "prio/buf.h"
#include "prio/check.h"
#include "prio/checkmemo.h"
#include "prio/config.h"
#include "prio/error.h"
#include "prio/object.h"
#include "prio/rules.h"
#include "prio/storydiff.h"

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
	bool exact;                /* for the memo: to the letter (prio/
	                            * storydiff.h) */
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
	struct prio_story *o;
	uint64_t size;
	bool same = false;

	if (prio_object_read_blob(cli->repo, id,
	    cli->backlog->config->max_file_size, &q->data, &size) != PRIO_OK)
		goto out;
	o = prio_story_parser_parse(q->parser, s->path, q->data.ptr,
	    q->data.len, &ignored);
	same = prio_storydiff_same_between(o, s,
	    order_matters(cli->backlog->config), q->exact);
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

/* How many story files of cfg the base's folder dir (t; NULL: none)
 * holds. */
static size_t
count_stories(const struct prio_config *cfg, const char *dir, git_tree *t)
{
	size_t i, n = 0;
	char *path;

	for (i = 0; t && i < git_tree_entrycount(t); i++) {
		path = prio_xasprintf("%s/%s", dir,
		    git_tree_entry_name(git_tree_entry_byindex(t, i)));
		n += prio_config_is_story_path(cfg, path, true);
		free(path);
	}
	return n;
}

/*
 * The quick way for one story folder of the dialect (dir, the folder's
 * path; f its table entry): adds its written files to *d; false when
 * the change is not of the quick kind there.
 */
static bool
quick_folder(struct cli *cli, struct quick *q, git_tree *root,
    const char *dir, const struct prio_dialect_folder *folder,
    struct delta *d)
{
	const struct prio_config *cfg = cli->backlog->config;
	const size_t plen = strlen(dir) + 1;
	struct prio_source_file *f = NULL;
	struct prio_diags ignored = PRIO_DIAGS_INIT;
	git_tree_entry *te = NULL;
	const git_tree_entry *e;
	struct prio_story *s;
	size_t i, n = 0, found = 0;
	bool ok = false;

	git_tree_free(q->stories);
	q->stories = NULL;
	if (git_tree_entry_bypath(&te, root, dir) == 0 &&
	    (git_tree_entry_type(te) != GIT_OBJECT_TREE ||
	    git_tree_lookup(&q->stories, cli->repo,
	    git_tree_entry_id(te)) < 0))
		goto out;
	if (prio_source_list(cli->source, dir, &f, &n, &ignored) != PRIO_OK)
		goto out;
	for (i = 0, ok = true; ok && i < n; i++) {
		const char *name = f[i].path + plen;

		if (strchr(name, '/') != NULL) {
			/* prio's stories/ reads sub-folders: not quick. */
			ok = !folder->recursive;
			continue;
		}
		if (!prio_config_is_story_path(cfg, f[i].path, true))
			continue;
		e = q->stories ? git_tree_entry_byname(q->stories, name) : NULL;
		if (f[i].problem) {
			/* In conflict, a link, ...: the commit's own. */
			delta_add(&d->written, &d->nwritten, &d->capw,
			    f[i].path);
			found += e != NULL;
			continue;
		}
		if (!f[i].has_oid || e == NULL) {
			ok = false;
			break;
		}
		found++;
		if (git_oid_equal(git_tree_entry_id(e), &f[i].oid))
			continue;
		s = story_at(cli->backlog, f[i].path);
		ok = s && quick_same(cli, q, s, git_tree_entry_id(e));
		if (ok)
			delta_add(&d->written, &d->nwritten, &d->capw,
			    f[i].path);
	}
	ok = ok && found == count_stories(cfg, dir, q->stories);
out:
	prio_source_files_free(f, n);
	prio_diags_free(&ignored);
	git_tree_entry_free(te);
	git_error_clear();
	return ok;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool
quick_delta(struct cli *cli, const char *base_rev, struct delta *d)
{
	const struct prio_config *cfg = cli->backlog->config;
	struct quick q = { 0 };
	git_object *root = NULL;
	char *spec = prio_xasprintf("%s^{tree}", base_rev), *dir;
	size_t i;
	bool ok;

	memset(d, 0, sizeof(*d));
	ok = git_revparse_single(&root, cli->repo, spec) == 0;
	if (ok)
		q.parser = prio_story_parser_new(cli->backlog->config, 0);
	for (i = 0; ok && i < cfg->dialect->nfolders; i++) {
		dir = prio_xasprintf("%s/%s", cfg->dir,
		    cfg->dialect->folders[i].dir);
		ok = quick_folder(cli, &q, (git_tree *)root, dir,
		    &cfg->dialect->folders[i], d);
		free(dir);
	}
	if (ok && d->nwritten > 1)
		qsort(d->written, d->nwritten, sizeof(*d->written), cmp_str);
	if (!ok) {
		delta_free(d);
		memset(d, 0, sizeof(*d));
	}
	prio_story_parser_free(q.parser);
	prio_buf_free(&q.data);
	git_tree_free(q.stories);
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
	cli_trace(2, "compared with the base the %s way, %zu files written",
	    way, written);
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

/* ---- the memo way: the last check's verdict (prio/checkmemo.h) ---- */

/* PRIO_TRACE=1, as cli_load_backlog says where stories came from. */
static void
trace_memo(size_t stories, size_t parsed)
{
	cli_trace(1, "%zu story files, %zu parsed, %zu from the check memo",
	    stories, parsed, stories - parsed);
}

static char *
memo_path(const struct cli *cli)
{
	const char *off = getenv("PRIO_NO_CACHE");

	if (off && *off && strcmp(off, "0") != 0)
		return NULL;
	return prio_xasprintf("%sprio/check.memo",
	    git_repository_path(cli->repo));
}

/* Whether a check's diagnostics can be kept: each names its file and a
 * rule of the table (a "git" error about the whole backlog cannot). */
static bool
memo_keepable(const struct prio_diags *d)
{
	size_t i;

	for (i = 0; i < d->count; i++)
		if (d->items[i].path == NULL || *d->items[i].path == '\0' ||
		    prio_rule_lookup(d->items[i].rule) == PRIO_RULE_COUNT)
			return false;
	return true;
}

static void
diags_copy(struct prio_diags *to, const struct prio_diag *g, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		prio_diags_add(to, g[i].severity, g[i].rule, g[i].path,
		    g[i].line, g[i].column, "%s", g[i].message);
}

void
cli_check_memo_keep(struct cli *cli, size_t nloaded)
{
	struct prio_check_memo m, head;
	git_oid stories, config;
	git_index *index;
	char *path = memo_path(cli);
	bool own;

	index = cli->source ? prio_source_git_index(cli->source, &own) : NULL;
	if (path == NULL || index == NULL || !own ||
	    !memo_keepable(&cli->diags) || prio_check_memo_of_index(&m,
	    cli->repo, index, cli->backlog->config) != PRIO_OK) {
		free(path);
		return;
	}
	m.nstories = cli->backlog->count;
	diags_copy(&m.in_file, cli->diags.items, nloaded);
	diags_copy(&m.between, cli->diags.items + nloaded,
	    cli->diags.count - nloaded);
	/* HEAD's verdict stays too, for when this commit does not happen. */
	if (prio_check_memo_key_at(cli->repo, "HEAD", cli->backlog->config,
	    &stories, &config) != PRIO_OK || prio_check_memo_load(&head, path,
	    &stories, &config) != PRIO_OK)
		memset(&head, 0, sizeof(head));
	/* Every story the check counted (and every archived one, which
	 * the checks between stories read) is a file the memo lists. */
	if (m.nstories + cli->backlog->narchived == m.nfiles)
		prio_check_memo_save(path, &m, head.nfiles ? &head : NULL);
	prio_check_memo_free(&head);
	prio_check_memo_free(&m);
	free(path);
}

/* Adds to *out the story file at path, blob oid. */
static void
file_add(struct prio_source_file **out, size_t *n, size_t *cap,
    const char *path, const git_oid *oid, size_t size)
{
	prio_xgrow(out, cap, *n + 1, sizeof(**out));
	memset(&(*out)[*n], 0, sizeof(**out));
	(*out)[*n].path = prio_xstrdup(path);
	(*out)[*n].size = size;
	(*out)[*n].has_oid = true;
	git_oid_cpy(&(*out)[*n].oid, oid);
	(*n)++;
}

/* A set of written files, sorted by path. */
struct written {
	struct prio_source_file *f;
	size_t n, cap;
};

static void
written_free(struct written *w)
{
	prio_source_files_free(w->f, w->n);
	memset(w, 0, sizeof(*w));
}

static bool
written_has(const struct written *w, const char *path)
{
	size_t lo = 0, hi = w->n, mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((c = strcmp(w->f[mid].path, path)) == 0)
			return true;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/* The files of now whose blob differs from was's; false when a file was
 * added or removed (the memo way does not apply). */
static bool
memo_written(const struct prio_check_memo *was,
    const struct prio_check_memo *now, struct written *w)
{
	size_t i;

	if (was->nfiles != now->nfiles)
		return false;
	for (i = 0; i < now->nfiles; i++) {
		const struct prio_memo_file *a = &was->files[i];
		const struct prio_memo_file *b = &now->files[i];

		if (strcmp(a->name, b->name) != 0)
			return false;
		if (!git_oid_equal(&a->oid, &b->oid))
			file_add(&w->f, &w->n, &w->cap, b->name, &b->oid,
			    b->size);
	}
	return true;
}

/* The union of two sets, sorted by path. */
static void
written_union(const struct written *a, const struct written *b,
    struct written *out)
{
	size_t i = 0, j = 0;
	const struct prio_source_file *f;
	int c;

	while (i < a->n || j < b->n) {
		c = i == a->n ? 1 : j == b->n ? -1 :
		    strcmp(a->f[i].path, b->f[j].path);
		f = c <= 0 ? &a->f[i] : &b->f[j];
		prio_xgrow(&out->f, &out->cap, out->n + 1, sizeof(*out->f));
		out->f[out->n] = *f;
		out->f[out->n].path = prio_xstrdup(f->path);
		out->f[out->n++].problem = NULL;
		i += c <= 0;
		j += c >= 0;
	}
}

/* The blob of path in a memo's listing (NULL: none). */
static const git_oid *
memo_oid(const struct prio_check_memo *m, const char *path)
{
	const struct prio_memo_file *f = prio_check_memo_find(m, path);

	return f ? &f->oid : NULL;
}

/* Whether each written story keeps what the problems between stories
 * read of it, against its version in base (a listing); exact:
 * to the letter (prio_storydiff_same_between), else as the quick way
 * asks. */
static bool
memo_quick(struct cli *cli, const struct prio_check_memo *base,
    const struct written *w, bool exact)
{
	struct quick q = { .exact = exact };
	const git_oid *old;
	struct prio_story *s;
	size_t i;
	bool ok = true;

	q.parser = prio_story_parser_new(cli->backlog->config, 0);
	for (i = 0; ok && i < w->n; i++) {
		s = story_at(cli->backlog, w->f[i].path);
		old = memo_oid(base, w->f[i].path);
		ok = s && old && quick_same(cli, &q, s, old);
	}
	prio_story_parser_free(q.parser);
	prio_buf_free(&q.data);
	return ok;
}

/* now's verdict: was's, with the problems found loading a file the
 * change from was writes (w) as loading it now found them (fresh). */
static void
memo_next(const struct prio_check_memo *was, struct prio_check_memo *now,
    const struct written *w, const struct prio_diags *fresh)
{
	size_t i;

	for (i = 0; i < was->in_file.count; i++)
		if (!written_has(w, was->in_file.items[i].path))
			diags_copy(&now->in_file, &was->in_file.items[i], 1);
	for (i = 0; i < fresh->count; i++)
		if (written_has(w, fresh->items[i].path))
			diags_copy(&now->in_file, &fresh->items[i], 1);
	diags_copy(&now->between, was->between.items, was->between.count);
	now->nstories = was->nstories;
}

/* What the commit (writing w, from HEAD) answers for, of now's verdict,
 * into cli->diags; returns the older errors. */
static size_t
memo_answer(struct cli *cli, const struct prio_check_memo *now,
    const struct written *w)
{
	const struct prio_diags *part[2] = { &now->in_file, &now->between };
	size_t i, k, left = 0;

	for (k = 0; k < 2; k++)
		for (i = 0; i < part[k]->count; i++) {
			const struct prio_diag *g = &part[k]->items[i];

			if (written_has(w, g->path))
				diags_copy(&cli->diags, g, 1);
			else
				left += g->severity == PRIO_SEV_ERROR;
		}
	return left;
}

/* Both comparisons: the memo's to the index (the verdict) and HEAD's to
 * the index (what the commit answers for), each of the quick kind. */
static bool
memo_compare(struct cli *cli, struct prio_source *src,
    const struct prio_config *cfg, const struct prio_check_memo *was,
    const struct prio_check_memo *now, const git_oid *head,
    struct written *from_memo, struct written *from_head,
    struct prio_diags *fresh)
{
	struct written both = { 0 };
	struct prio_check_memo at_head;
	bool same_base = git_oid_equal(head, &was->stories), ok;

	memset(&at_head, 0, sizeof(at_head));
	ok = memo_written(was, now, from_memo);
	if (ok && same_base)
		written_union(from_memo, &both, from_head);
	else if (ok)
		ok = prio_check_memo_of_rev(&at_head, cli->repo, "HEAD",
		    cfg) == PRIO_OK && memo_written(&at_head, now, from_head);
	if (ok)
		written_union(from_memo, from_head, &both);
	ok = ok && prio_backlog_load_files(&cli->backlog, src, both.f, both.n,
	    fresh) == PRIO_OK && memo_keepable(fresh) &&
	    memo_quick(cli, was, from_memo, true) &&
	    (same_base || memo_quick(cli, &at_head, from_head, false));
	prio_check_memo_free(&at_head);
	written_free(&both);
	return ok;
}

bool
cli_check_memo(struct cli *cli, size_t *left, size_t *nstories)
{
	struct prio_check_memo was, now;
	struct prio_diags fresh = PRIO_DIAGS_INIT, ignored = PRIO_DIAGS_INIT;
	struct written from_memo = { 0 }, from_head = { 0 };
	struct prio_source *src = NULL;
	struct prio_config *cfg = NULL;
	git_oid head_stories, head_config;
	git_index *index;
	char *path = memo_path(cli);
	bool own, ok;

	memset(&was, 0, sizeof(was));
	memset(&now, 0, sizeof(now));
	/* The index's config says which folders hold stories. */
	ok = path && cli->index == NULL &&
	    prio_source_index(&src, cli->repo, &fresh) == PRIO_OK &&
	    (index = prio_source_git_index(src, &own)) && own &&
	    prio_config_load(&cfg, src, &ignored) == PRIO_OK &&
	    prio_check_memo_key_at(cli->repo, "HEAD", cfg, &head_stories,
	    &head_config) == PRIO_OK &&
	    (prio_check_memo_load(&was, path, &head_stories, &head_config) ==
	    PRIO_OK || prio_check_memo_load(&was, path, NULL, &head_config) ==
	    PRIO_OK) &&
	    prio_check_memo_of_index(&now, cli->repo, index, cfg) == PRIO_OK &&
	    git_oid_equal(&now.config, &was.config) &&
	    memo_compare(cli, src, cfg, &was, &now, &head_stories, &from_memo,
	    &from_head, &fresh);
	if (ok) {
		cli->source = src;
		src = NULL;
		memo_next(&was, &now, &from_memo, &fresh);
		*left = memo_answer(cli, &now, &from_head);
		*nstories = now.nstories;
		prio_check_memo_save(path, &now, &was);
		trace_memo(now.nstories, cli->backlog->parsed);
		trace("memo", from_head.n);
	} else {
		prio_backlog_free(cli->backlog);
		cli->backlog = NULL;
	}
	written_free(&from_memo);
	written_free(&from_head);
	prio_config_free(cfg);
	prio_source_free(src);
	prio_check_memo_free(&was);
	prio_check_memo_free(&now);
	prio_diags_free(&fresh);
	prio_diags_free(&ignored);
	free(path);
	git_error_clear();
	return ok;
}
