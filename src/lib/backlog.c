/* Loading and ordering a backlog (see prio/backlog.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "prio/backlog.h"
#include "prio/buf.h"
#include "prio/dialect.h"
#include "prio/error.h"
#include "prio/rules.h"
#include "cache.h"
#include "heap.h"
#include "keysort.h"
#include "parallel.h"
#include "util.h"

/* Fewer stories than this are loaded on the calling thread alone. */
#define LOAD_THREADS_FROM 256
/* What loading costs in memory, about, per story read from a cache. */
#define LOAD_BYTES_PER_STORY 600

static int
group(const struct prio_story *s)
{
	if (!s->readable || s->id == NULL)
		return 3;
	if (s->terminal)
		return 2;
	return s->rank ? 0 : 1;
}

static int
cmp_num(unsigned long a, unsigned long b)
{
	return a < b ? -1 : a > b;
}

/* Highest score first; a story with no score after every scored one. */
static int
cmp_scores(bool has_a, double a, bool has_b, double b)
{
	if (has_a != has_b)
		return has_a ? -1 : 1;
	if (has_a && a != b)
		return a > b ? -1 : 1;
	return 0;
}

static int
cmp_score(const struct prio_story *a, const struct prio_story *b)
{
	return cmp_scores(a->has_score, a->score, b->has_score, b->score);
}

void
prio_order_key_of(struct prio_order_key *k, const struct prio_story *s)
{
	k->group = group(s);
	k->rank = s->rank ? *s->rank : (struct prio_rank){ NULL, 0 };
	k->path = s->path;
	k->score = s->score;
	k->id_num = s->id_num;
	k->priority = s->priority;
	k->has_score = s->has_score;
}

int
prio_order_key_cmp(const struct prio_order_key *a,
    const struct prio_order_key *b)
{
	int c = 0;

	if (a->group != b->group)
		return a->group < b->group ? -1 : 1;
	if (a->group == 0)
		c = prio_rank_cmp(&a->rank, &b->rank);
	else if (a->group == 1)
		c = cmp_scores(a->has_score, a->score, b->has_score, b->score);
	/* A dialect with priorities: the higher first (0 for prio's own). */
	if (c == 0 && a->group < 2 && a->priority != b->priority)
		c = a->priority > b->priority ? -1 : 1;
	if (c == 0 && a->group != 3)
		c = cmp_num(a->id_num, b->id_num);
	return c ? c : strcmp(a->path, b->path);
}

int
prio_backlog_cmp(const struct prio_story *a, const struct prio_story *b)
{
	struct prio_order_key ka, kb;

	prio_order_key_of(&ka, a);
	prio_order_key_of(&kb, b);
	return prio_order_key_cmp(&ka, &kb);
}

static int
qsort_by_score(const void *pa, const void *pb)
{
	const struct prio_story *a = *(struct prio_story *const *)pa;
	const struct prio_story *b = *(struct prio_story *const *)pb;
	int c = cmp_score(a, b);

	/* The score says nothing about two unscored stories: they keep
	 * the order they have now, after the scored ones. */
	if (c == 0 && !a->has_score)
		return cmp_num(a->position, b->position);
	return c ? c : cmp_num(a->id_num, b->id_num);
}

static int load_config(struct prio_backlog *, struct prio_source *,
    uint64_t *, struct prio_diags *);

int
prio_config_load(struct prio_config **out, struct prio_source *src,
    struct prio_diags *diags)
{
	struct prio_backlog b = { 0 };
	uint64_t hash;
	int rc = load_config(&b, src, &hash, diags);

	*out = rc == PRIO_OK ? b.config : NULL;
	return rc;
}

/*
 * The first config of the dialects' (prio.yml first: it wins), read by
 * its dialect; a file that is no config of its dialect (another tool's
 * config.yml) is passed over.
 */
static int
load_config(struct prio_backlog *b, struct prio_source *src,
    uint64_t *config_hash, struct prio_diags *diags)
{
	const struct prio_dialect *const *d;
	const char *const *p;
	struct prio_buf data = PRIO_BUF_INIT;
	char *why = NULL;
	int rc = PRIO_ENOTFOUND;

	for (d = prio_dialects(); *d && rc == PRIO_ENOTFOUND; d++)
		for (p = (*d)->config_paths; *p && rc == PRIO_ENOTFOUND; p++) {
			free(why);
			why = NULL;
			rc = prio_source_read(src, *p, PRIO_MAX_FILE_SIZE_LIMIT,
			    &data, &why);
			if (rc == PRIO_ENOTFOUND)
				continue;
			if (rc != PRIO_OK) {
				/* A config a partial clone has not fetched
				 * is not wrong. */
				prio_diags_add(diags, PRIO_SEV_ERROR,
				    rc == PRIO_EFETCH ? "git" : "config", *p,
				    1, 1, "%s", why);
				rc = rc == PRIO_EFETCH ? PRIO_EFETCH :
				    PRIO_ECONFIG;
				break;
			}
			rc = (*d)->parse_config(&b->config, *p, data.ptr,
			    data.len, diags);
			*config_hash = cache_config_hash(*p, data.ptr,
			    data.len);
		}
	free(why);
	prio_buf_free(&data);
	return rc;
}

static bool
in_archive(const struct prio_config *cfg, const char *path)
{
	const struct prio_dialect_folder *f = prio_dialect_folder_of(
	    cfg->dialect, cfg->dir, path);

	return f && f->use == PRIO_FOLDER_ARCHIVE;
}

/* Whether f, listed under folder dir, is one of the folder's stories. */
static bool
is_story_file(const struct prio_config *cfg,
    const struct prio_dialect_folder *folder, const char *dir,
    const struct prio_source_file *f)
{
	const char *rest = f->path + strlen(dir) + 1;

	if (!folder->recursive && strchr(rest, '/'))
		return false;
	rest = strrchr(f->path, '/') + 1;
	/* A file that could not be listed well is reported, whatever its
	 * name. */
	return prio_dialect_file_matches(cfg->dialect, folder, cfg->id_prefix,
	    rest) || (f->problem && folder->name_prefix &&
	    !*folder->name_prefix);
}

bool
prio_backlog_is_story_path(const struct prio_config *cfg, const char *path)
{
	const struct prio_dialect *d = cfg->dialect;
	struct prio_source_file f = { .path = (char *)path };
	size_t i, n;
	bool is = false;
	char *dir;

	for (i = 0; i < d->nfolders && !is; i++) {
		if (d->folders[i].use == PRIO_FOLDER_ARCHIVE)
			continue;
		dir = prio_xasprintf("%s/%s", cfg->dir, d->folders[i].dir);
		n = strlen(dir);
		is = strncmp(path, dir, n) == 0 && path[n] == '/' &&
		    is_story_file(cfg, &d->folders[i], dir, &f);
		free(dir);
	}
	return is;
}

static int
backlog_list_story_files(const struct prio_config *cfg,
    struct prio_source *src, struct prio_source_file **files, size_t *count,
    struct prio_diags *diags)
{
	const struct prio_dialect *d = cfg->dialect;
	struct prio_source_file *all = NULL, *some;
	size_t i, j, n = 0, cap = 0, nsome;
	int rc = PRIO_OK;

	for (i = 0; i < d->nfolders && rc == PRIO_OK; i++) {
		char *dir = prio_xasprintf("%s/%s", cfg->dir,
		    d->folders[i].dir);

		rc = prio_source_list(src, dir, &some, &nsome, diags);
		for (j = 0; rc == PRIO_OK && j < nsome; j++) {
			if (!is_story_file(cfg, &d->folders[i], dir,
			    &some[j])) {
				free(some[j].path);
				free(some[j].problem);
				continue;
			}
			prio_xgrow(&all, &cap, n + 1, sizeof(*all));
			all[n++] = some[j];
		}
		free(dir);
		if (rc == PRIO_OK)
			free(some);
	}
	if (rc != PRIO_OK) {
		prio_source_files_free(all, n);
		*files = NULL;
		*count = 0;
		return rc;
	}
	prio_source_files_sort(all, n);
	*files = all;
	*count = n;
	return PRIO_OK;
}

/* A file the source could not hand over still appears, unreadable. */
static struct prio_story *
unreadable(const struct prio_config *cfg, const char *path, const char *why,
    struct prio_diags *diags)
{
	struct prio_diags ignored = PRIO_DIAGS_INIT;
	struct prio_story *s = prio_story_parse(path, "", 0, cfg, &ignored);

	prio_diags_free(&ignored);
	prio_diags_add(diags, cfg->severity[PRIO_RULE_FILE], "file", path, 1,
	    1, "%s", why);
	return s;
}

/*
 * What one loading thread needs: its own parser and buffer.  Each file's
 * diagnostics go to its own slot, so the cache can store them with the
 * story and the merged list does not depend on thread scheduling.
 */
struct loader {
	struct prio_backlog *b;
	struct prio_source *src;
	const struct story_cache *cache;
	struct blob_cache *blobs;   /* index and commits: single thread */
	uint64_t config_hash;
	const struct prio_source_file *files;
	struct prio_diags *diags;   /* one per file */
	size_t share;               /* stories this worker should expect */
	size_t parsed;              /* files read and parsed */
	size_t hits;                /* files taken from the cache */
	size_t stale;               /* cache entries for changed files */
	size_t storable;            /* parsed files the cache may keep */
	size_t missing;             /* blobs a partial clone lacks */
	char *missing_why;          /* the first one's message */
	time_t now;
};

static struct prio_story *
load_story(struct loader *l, struct prio_story_parser *parser, size_t i,
    struct prio_buf *data)
{
	const struct prio_source_file *f = &l->files[i];
	struct prio_diags *diags = &l->diags[i];
	struct prio_story *s;
	char *why = NULL;
	int rc;
	bool stale = false;

	if (f->problem)
		return unreadable(l->b->config, f->path, f->problem, diags);
	if (l->cache && (s = story_cache_get(l->cache, f, diags,
	    &stale)) != NULL) {
		l->hits++;
		return s;
	}
	if (l->blobs && f->has_oid && (s = blob_cache_get(l->blobs,
	    l->config_hash, f->path, &f->oid, false, diags)) != NULL) {
		l->hits++;
		return s;
	}
	l->parsed++;
	l->stale += stale;
	if ((rc = prio_source_read_file(l->src, f,
	    l->b->config->max_file_size, data, &why)) != PRIO_OK) {
		if (rc == PRIO_EFETCH && l->missing++ == 0)
			l->missing_why = prio_xstrdup(why);
		s = unreadable(l->b->config, f->path, why, diags);
		free(why);
		return s;
	}
	s = prio_story_parser_parse(parser, f->path, data->ptr, data->len,
	    diags);
	if (l->blobs && f->has_oid && s)
		blob_cache_put(l->blobs, l->config_hash, f->path, &f->oid, s,
		    false, diags);
	return s;
}

/* Loads the files the pool hands this worker into the same slots of
 * stories. */
static int
load_some(struct prio_parallel *p, void *arg, size_t worker)
{
	struct loader *l = (struct loader *)arg + worker;
	struct prio_story_parser *parser =
	    prio_story_parser_new(l->b->config, 0);
	struct prio_buf data = PRIO_BUF_INIT;
	size_t i;

	/* Each thread allocates from its own malloc arena: each faults in
	 * the pages its share of the stories will take. */
	if (l->share > 0)
		prio_heap_prefault(l->share * LOAD_BYTES_PER_STORY);
	while (prio_parallel_next(p, worker, &i)) {
		size_t hits = l->hits;

		l->b->stories[i] = load_story(l, parser, i, &data);
		if (l->cache && l->hits == hits && story_cache_storable(
		    &l->files[i], l->b->stories[i], l->now))
			l->storable++;
	}
	prio_buf_free(&data);
	prio_story_parser_free(parser);
	return PRIO_OK;
}

/*
 * Stories are independent until they are ordered, so a large backlog is
 * parsed on every core (two on the machines we target).  Only the work
 * tree is read in parallel: libgit2 object reads share caches whose
 * locking we do not want to depend on.  Returns how many files were
 * parsed rather than taken from the cache.
 */
static size_t
load_all(struct prio_backlog *b, struct loader *proto, size_t n)
{
	struct loader l[PRIO_PARALLEL_MAX];
	bool worktree = prio_source_kind(proto->src) == PRIO_SOURCE_WORKTREE;
	size_t i, threads = prio_parallel_threads(n, worktree ?
	    LOAD_THREADS_FROM : SIZE_MAX, true);

	for (i = 0; i < threads; i++) {
		l[i] = *proto;
		l[i].share = (n + threads - 1) / threads;
	}
	prio_parallel(n, threads, NULL, load_some, l);
	for (i = 0; i < threads; i++) {
		b->parsed += l[i].parsed;
		b->cached += l[i].hits;
		proto->storable += l[i].storable;
		proto->stale += l[i].stale;
		proto->missing += l[i].missing;
		if (proto->missing_why == NULL)
			proto->missing_why = l[i].missing_why;
		else
			free(l[i].missing_why);
	}
	b->count = n;
	return b->parsed;
}

/*
 * Loads every story, through the cache when there is one, and saves the
 * cache again when it would gain a story (parsed, and settled enough to
 * keep) or lose the entry of a file that is gone.  A story edited a
 * moment ago is racily clean and may not be kept yet: its stale entry
 * stays until it can be replaced, so the run after `prio move` does not
 * rewrite the whole cache for nothing.
 */
/* Returns how many blobs a partial clone lacked, and *why the first
 * one's message (caller frees). */
static size_t
load_stories(struct prio_backlog *b, struct prio_source *src,
    const struct prio_source_file *files, size_t n, const char *cache_path,
    uint64_t config_hash, struct prio_diags *diags, char **why)
{
	struct loader proto = { .b = b, .src = src, .files = files };
	struct story_cache *cache = NULL;
	size_t i;

	if (cache_path && prio_source_kind(src) == PRIO_SOURCE_WORKTREE)
		cache = story_cache_load(cache_path, config_hash);
	else if (cache_path)
		proto.blobs = blob_cache_open(cache_path);
	proto.cache = cache;
	proto.config_hash = config_hash;
	proto.now = time(NULL);
	proto.diags = prio_xcalloc(n + 1, sizeof(*proto.diags));
	load_all(b, &proto, n);
	if (cache && (proto.storable > 0 ||
	    story_cache_count(cache) != b->cached + proto.stale))
		story_cache_save(cache_path, config_hash, files, b->stories,
		    proto.diags, n);
	if (proto.blobs) {
		blob_cache_save(proto.blobs);
		blob_cache_free(proto.blobs);
	}
	/* An archived file is read only for its ID: the tool that keeps
	 * it does not report on it either. */
	for (i = 0; i < n; i++)
		if (in_archive(b->config, files[i].path))
			prio_diags_free(&proto.diags[i]);
		else
			prio_diags_take(diags, &proto.diags[i]);
	free(proto.diags);
	story_cache_free(cache);
	*why = proto.missing_why;
	return proto.missing;
}

struct keyed {
	struct prio_order_key key;
	struct prio_story *s;
};

/*
 * A ranked key's first bytes as one number that orders as
 * prio_rank_cmp() does wherever two differ: the length of the integer
 * part, then the first 7 bytes of the text (NUL after its end).  Equal
 * prefixes say nothing; the whole key decides.
 */
static uint64_t
rank_prefix(const struct prio_rank *r)
{
	if (r->text == NULL || r->int_len >= 0xff)
		return UINT64_MAX;
	return (uint64_t)r->int_len << 56 | prio_str_prefix(r->text, 7) >> 8;
}

/* A score as a number that is lower for a higher score (cmp_scores:
 * highest first).  A score is finite and never -0 (score.c). */
static uint64_t
score_number(double score)
{
	uint64_t u;

	memcpy(&u, &score, sizeof(u));
	/* The IEEE bits, made to order as the numbers do. */
	u = u >> 63 ? ~u : u | (uint64_t)1 << 63;
	return ~u;
}

/*
 * The number prio_keysort() orders a key by (keysort.h): its group (0
 * to 3) in the top 2 bits, then what orders the group first: the rank's
 * prefix (ranked), the score (open and unranked: the scored first), the
 * ID (done: by ID, then path), the path's first bytes (unreadable);
 * each shifted to fit, which only makes more ties.
 */
static uint64_t
order_number(const struct prio_order_key *k)
{
	uint64_t group = (uint64_t)k->group << 62, low = 0;

	if (k->group == 0)
		low = rank_prefix(&k->rank) >> 2;
	else if (k->group == 1)
		low = k->has_score ? score_number(k->score) >> 3 :
		    (uint64_t)1 << 61;
	else if (k->group == 2)
		low = k->id_num < (1ULL << 62) ? k->id_num : (1ULL << 62) - 1;
	else if (k->group == 3)
		low = prio_str_prefix(k->path, 8) >> 2;
	return group | low;
}

static int
cmp_keyed(const void *pa, const void *pb)
{
	const struct keyed *a = ((const struct prio_keyed *)pa)->item;
	const struct keyed *b = ((const struct prio_keyed *)pb)->item;

	return prio_order_key_cmp(&a->key, &b->key);
}

/* Sorts by order key, each key made once rather than per comparison. */
static void
sort_stories(struct prio_story **v, size_t n)
{
	struct keyed *k = prio_xcalloc(n + 1, sizeof(*k));
	struct prio_keyed *order = prio_xcalloc(n + 1, sizeof(*order));
	size_t i;

	for (i = 0; i < n; i++) {
		prio_order_key_of(&k[i].key, v[i]);
		k[i].s = v[i];
		order[i] = (struct prio_keyed){ order_number(&k[i].key),
		    &k[i] };
	}
	prio_keysort(order, n, cmp_keyed);
	for (i = 0; i < n; i++)
		v[i] = ((const struct keyed *)order[i].item)->s;
	free(order);
	free(k);
}

static int
cmp_id_keyed(const void *pa, const void *pb)
{
	const struct prio_keyed *a = pa, *b = pb;
	const struct prio_story *sa = a->item, *sb = b->item;

	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return strcmp(sa->path, sb->path);
}

/* By ID number, then path. */
static void
sort_by_id(struct prio_story **v, size_t n)
{
	struct prio_keyed *k = prio_xcalloc(n + 1, sizeof(*k));
	size_t i;

	for (i = 0; i < n; i++)
		k[i] = (struct prio_keyed){ v[i]->id_num, v[i] };
	prio_keysort(k, n, cmp_id_keyed);
	for (i = 0; i < n; i++)
		v[i] = (struct prio_story *)k[i].item;
	free(k);
}

/* Moves the archived stories out of the listed ones. */
static void
set_archived_apart(struct prio_backlog *b)
{
	size_t i, n = 0;

	for (i = 0; i < b->count; i++) {
		struct prio_story *s = b->stories[i];

		if (!in_archive(b->config, s->path)) {
			b->stories[n++] = s;
			continue;
		}
		if (b->archived == NULL)
			b->archived = prio_xcalloc(b->count - i + 1,
			    sizeof(*b->archived));
		s->archived = true;
		b->archived[b->narchived++] = s;
	}
	b->count = n;
}

static void
order(struct prio_backlog *b)
{
	size_t i;

	set_archived_apart(b);
	sort_stories(b->stories, b->count);
	b->by_id = prio_xcalloc(b->count + b->narchived + 1,
	    sizeof(*b->by_id));
	for (i = 0; i < b->count; i++) {
		struct prio_story *s = b->stories[i];

		if (group(s) < 2)
			s->position = ++b->open_count;
		if (s->id)
			b->by_id[b->nby_id++] = s;
	}
	for (i = 0; i < b->narchived; i++)
		if (b->archived[i]->id)
			b->by_id[b->nby_id++] = b->archived[i];
	sort_by_id(b->by_id, b->nby_id);
}

int
prio_backlog_load(struct prio_backlog **out, struct prio_source *src,
    struct prio_diags *diags)
{
	return prio_backlog_load_cached(out, src, NULL, diags);
}

/* Loads files (sorted by path) into b, whose config is loaded, and
 * orders them; frees b on failure. */
static int
load_listed(struct prio_backlog *b, struct prio_source *src,
    const struct prio_source_file *files, size_t n, const char *cache_path,
    uint64_t config_hash, struct prio_diags *diags)
{
	size_t missing;
	char *why = NULL;

	b->stories = prio_xcalloc(n + 1, sizeof(*b->stories));
	missing = load_stories(b, src, files, n, cache_path, config_hash,
	    diags, &why);
	if (missing > 0) {
		if (missing == 1)
			prio_diags_add(diags, PRIO_SEV_ERROR, "git", NULL, 0, 0,
			    "%s", why);
		else
			prio_diags_add(diags, PRIO_SEV_ERROR, "git", NULL, 0, 0,
			    "%s (%zu more story files are missing too)", why,
			    missing - 1);
		free(why);
		prio_backlog_free(b);
		return PRIO_EFETCH;
	}
	order(b);
	return PRIO_OK;
}

int
prio_backlog_load_cached(struct prio_backlog **out, struct prio_source *src,
    const char *cache_path, struct prio_diags *diags)
{
	struct prio_backlog *b = prio_xcalloc(1, sizeof(*b));
	struct prio_source_file *files = NULL;
	uint64_t config_hash = 0;
	size_t n = 0;
	int rc;

	*out = NULL;
	if ((rc = load_config(b, src, &config_hash, diags)) != PRIO_OK ||
	    (rc = backlog_list_story_files(b->config, src, &files, &n,
	    diags)) != PRIO_OK) {
		prio_backlog_free(b);
		return rc;
	}
	rc = load_listed(b, src, files, n, cache_path, config_hash, diags);
	prio_source_files_free(files, n);
	if (rc == PRIO_OK)
		*out = b;
	return rc;
}

int
prio_backlog_load_files(struct prio_backlog **out, struct prio_source *src,
    const struct prio_source_file *files, size_t n, struct prio_diags *diags)
{
	struct prio_backlog *b = prio_xcalloc(1, sizeof(*b));
	uint64_t config_hash = 0;
	int rc;

	*out = NULL;
	if ((rc = load_config(b, src, &config_hash, diags)) != PRIO_OK) {
		prio_backlog_free(b);
		return rc;
	}
	if ((rc = load_listed(b, src, files, n, NULL, config_hash,
	    diags)) == PRIO_OK)
		*out = b;
	return rc;
}

/* A dependency written with an old prefix (task-100.1 in a back
 * project) names the task with that number, as Backlog.md takes it. */
static bool
other_prefix(const struct prio_config *cfg, const char *id,
    unsigned long *num)
{
	size_t n;

	if (cfg->dialect->ids != PRIO_IDS_DOTTED)
		return false;
	n = prio_dialect_id_parse(cfg->dialect, id, cfg->id_prefix, true, num);
	return n > 0 && id[n] == '\0';
}

struct prio_story *
prio_backlog_find(const struct prio_backlog *b, const char *id)
{
	unsigned long num;
	size_t lo = 0, hi = b->nby_id, mid;

	if (!prio_config_id_valid(b->config, id, &num) &&
	    !other_prefix(b->config, id, &num))
		return NULL;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (b->by_id[mid]->id_num < num)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < b->nby_id && b->by_id[lo]->id_num == num ?
	    b->by_id[lo] : NULL;
}

void
prio_backlog_score_order(const struct prio_backlog *b,
    struct prio_story ***out)
{
	struct prio_story **v = prio_xcalloc(b->open_count + 1, sizeof(*v));

	memcpy(v, b->stories, b->open_count * sizeof(*v));
	qsort(v, b->open_count, sizeof(*v), qsort_by_score);
	*out = v;
}

void
prio_backlog_free(struct prio_backlog *b)
{
	size_t i;

	if (b == NULL)
		return;
	for (i = 0; i < b->count; i++)
		prio_story_free(b->stories[i]);
	free(b->stories);
	for (i = 0; i < b->narchived; i++)
		prio_story_free(b->archived[i]);
	free(b->archived);
	free(b->by_id);
	prio_config_free(b->config);
	free(b);
}
