/*
 * Fuzz target: the story caches' decoder (src/lib/cache.c).
 *
 * The input is a cache file, $GIT_DIR/prio/stories.cache ("PRIOSC02")
 * or blobs.cache ("PRIOBC01"); the seeds are files prio wrote.  The
 * cache is internal to the library, so this target includes its
 * internal header.  It writes the input to a file in a fresh temporary
 * folder (the cache is read by mapping a file), opens it as the cache
 * its magic names and reads back every entry.  The blob cache is keyed
 * by a hash of the prio build, which the fuzzer binary cannot match, so
 * the target writes the expected hash into the header.
 *
 * Properties, beyond not crashing, leaking or reading out of bounds:
 * - the cache holds entries exactly when an independent walk of the
 *   file finds it well formed (offsets in bounds and in sequence, keys
 *   ascending, nothing after the last entry);
 * - a story read from an entry is one prio could have written: its path
 *   is the key's, every list item, criterion text and field is a
 *   string, a rank comes with the rank as written, its status index is
 *   -1 or more, no more criteria are met than there are;
 * - the blob cache's order key of an entry agrees with the whole story
 *   read from it, and a full read agrees with the light one;
 * - whatever is read back, written again (story_cache_save,
 *   blob_cache_put and blob_cache_save) and read once more is the same
 *   story with the same diagnostics.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "prio/backlog.h"
#include "prio/buf.h"
#include "prio/diag.h"
#include "prio/story.h"
#include "../src/lib/cache.h"
#include "fuzz.h"

#define STAT_MAGIC "PRIOSC02"
#define BLOB_MAGIC "PRIOBC01"
#define HEADER_SIZE 24
#define MAX_ENTRIES 64

/* One entry, as the independent walk finds it. */
struct walked {
	const uint8_t *key, *body;
	uint32_t key_len, body_len;
};

static uint64_t
u64_at(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint32_t
u32_at(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/*
 * The file format of cache.h, read as plainly as possible: the number
 * of entries of a well-formed file (up to max of them kept in e), or -1.
 */
static long
walk(const uint8_t *data, size_t size, struct walked *e, size_t max)
{
	uint64_t count, off, next, i;
	struct walked w, prev = { NULL, NULL, 0, 0 };
	int c;

	if (size < HEADER_SIZE)
		return -1;
	count = u64_at(data + 16);
	if (count > (size - HEADER_SIZE) / 8)
		return -1;
	next = HEADER_SIZE + 8 * count;
	for (i = 0; i < count; i++) {
		off = u64_at(data + HEADER_SIZE + 8 * i);
		if (off != next || size - off < 4)
			return -1;
		w.key_len = u32_at(data + off);
		w.key = data + off + 4;
		if (size - off - 4 < (uint64_t)w.key_len + 4)
			return -1;
		w.body_len = u32_at(w.key + w.key_len);
		w.body = w.key + w.key_len + 4;
		next = off + 8 + w.key_len;
		if (size - next < w.body_len)
			return -1;
		next += w.body_len;
		if (prev.key != NULL) {
			c = memcmp(prev.key, w.key, prev.key_len < w.key_len ?
			    prev.key_len : w.key_len);
			if (c > 0 || (c == 0 && prev.key_len >= w.key_len))
				return -1;
		}
		prev = w;
		if (i < max)
			e[i] = w;
	}
	return next == size ? (long)count : -1;
}

/* Whether the walk found an entry with this key. */
static bool
has_key(const struct walked *e, size_t n, const void *key, size_t len)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (e[i].key_len == len && memcmp(e[i].key, key, len) == 0)
			return true;
	return false;
}

static bool
same_str(const char *a, const char *b)
{
	return (a == NULL) == (b == NULL) && (a == NULL || strcmp(a, b) == 0);
}

static void
check_strv(char *const *v, size_t n)
{
	size_t i;

	fuzz_assert(n == 0 || v != NULL);
	for (i = 0; i < n; i++)
		fuzz_assert(v[i] != NULL);
	fuzz_assert(v == NULL || v[n] == NULL);
}

/* What every story read from a cache must be. */
static void
check_story(const struct prio_story *s, const char *path, bool full)
{
	size_t i;

	fuzz_assert(strcmp(s->path, path) == 0);
	fuzz_assert(s->status_index >= -1);
	fuzz_assert(s->criteria_met <= s->ncriteria);
	fuzz_assert((s->rank == NULL) == (s->rank_text == NULL));
	if (s->rank != NULL)
		fuzz_assert(s->rank->text != NULL &&
		    s->rank->int_len <= strlen(s->rank->text));
	check_strv(s->labels, s->nlabels);
	check_strv(s->depends_on, s->ndepends_on);
	if (!full) {
		fuzz_assert(s->criteria == NULL && s->fields == NULL);
		return;
	}
	fuzz_assert(s->criteria != NULL && s->fields != NULL);
	for (i = 0; i < s->ncriteria; i++)
		fuzz_assert(s->criteria[i].text != NULL);
	for (i = 0; i < s->nfields; i++)
		fuzz_assert(s->fields[i].key != NULL &&
		    s->fields[i].value != NULL &&
		    s->fields[i].kind == PRIO_FIELD_SCALAR);
}

static bool
same_strv(char *const *a, size_t na, char *const *b, size_t nb)
{
	size_t i;

	if (na != nb)
		return false;
	for (i = 0; i < na; i++)
		if (!same_str(a[i], b[i]))
			return false;
	return true;
}

static bool
same_pos(const struct prio_pos *a, const struct prio_pos *b)
{
	return a->line == b->line && a->column == b->column;
}

/* The light form: everything a cache keeps of every story. */
static bool
same_light(const struct prio_story *a, const struct prio_story *b)
{
	return same_str(a->path, b->path) && a->readable == b->readable &&
	    same_str(a->id, b->id) && a->id_num == b->id_num &&
	    same_str(a->title, b->title) && same_str(a->status, b->status) &&
	    a->status_index == b->status_index &&
	    a->terminal == b->terminal &&
	    same_str(a->rank_text, b->rank_text) &&
	    (a->rank == NULL) == (b->rank == NULL) &&
	    (a->rank == NULL || (strcmp(a->rank->text, b->rank->text) == 0 &&
	    a->rank->int_len == b->rank->int_len)) &&
	    same_str(a->owner, b->owner) && same_str(a->goal, b->goal) &&
	    same_strv(a->labels, a->nlabels, b->labels, b->nlabels) &&
	    same_strv(a->depends_on, a->ndepends_on, b->depends_on,
	    b->ndepends_on) && a->has_score == b->has_score &&
	    memcmp(&a->score, &b->score, sizeof(a->score)) == 0 &&
	    same_pos(&a->id_pos, &b->id_pos) &&
	    same_pos(&a->status_pos, &b->status_pos) &&
	    same_pos(&a->rank_pos, &b->rank_pos) &&
	    same_pos(&a->depends_on_pos, &b->depends_on_pos) &&
	    a->has_criteria_heading == b->has_criteria_heading &&
	    a->criteria_line == b->criteria_line &&
	    a->ncriteria == b->ncriteria &&
	    a->criteria_met == b->criteria_met &&
	    a->body_line == b->body_line && a->body_offset == b->body_offset;
}

/* What a full parse adds. */
static bool
same_extras(const struct prio_story *a, const struct prio_story *b)
{
	size_t i;

	if (a->nfields != b->nfields)
		return false;
	for (i = 0; i < a->ncriteria; i++)
		if (!same_str(a->criteria[i].text, b->criteria[i].text) ||
		    a->criteria[i].met != b->criteria[i].met ||
		    a->criteria[i].empty != b->criteria[i].empty ||
		    a->criteria[i].line != b->criteria[i].line ||
		    a->criteria[i].column != b->criteria[i].column)
			return false;
	for (i = 0; i < a->nfields; i++)
		if (!same_str(a->fields[i].key, b->fields[i].key) ||
		    !same_str(a->fields[i].value, b->fields[i].value) ||
		    a->fields[i].plain != b->fields[i].plain)
			return false;
	return true;
}

static bool
same_diags(const struct prio_diags *a, const struct prio_diags *b)
{
	size_t i;

	if (a->count != b->count)
		return false;
	for (i = 0; i < a->count; i++)
		if (a->items[i].severity != b->items[i].severity ||
		    !same_str(a->items[i].rule, b->items[i].rule) ||
		    !same_str(a->items[i].path, b->items[i].path) ||
		    a->items[i].line != b->items[i].line ||
		    a->items[i].column != b->items[i].column ||
		    !same_str(a->items[i].message, b->items[i].message))
			return false;
	return true;
}

static void
check_diags(const struct prio_diags *d, const char *path)
{
	size_t i;

	for (i = 0; i < d->count; i++) {
		fuzz_assert(strcmp(d->items[i].path, path) == 0);
		fuzz_assert(d->items[i].rule != NULL &&
		    d->items[i].message != NULL);
		fuzz_assert(d->items[i].severity == PRIO_SEV_ERROR ||
		    d->items[i].severity == PRIO_SEV_WARNING);
	}
}

static bool
write_file(const char *path, const uint8_t *data, size_t size)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	ssize_t w;

	if (fd < 0)
		return false;
	while (size > 0) {
		w = write(fd, data, size);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		data += w, size -= (size_t)w;
	}
	return close(fd) == 0 && size == 0;
}

/* A key's path as a string, or NULL when it holds a NUL. */
static char *
key_path(const struct walked *w, size_t len)
{
	if (memchr(w->key, '\0', len) != NULL)
		return NULL;
	return prio_xasprintf("%.*s", (int)len, (const char *)w->key);
}

/* Stories of the stat cache, in the order of its entries. */
struct stat_read {
	struct prio_source_file files[MAX_ENTRIES];
	struct prio_story *stories[MAX_ENTRIES];
	struct prio_diags diags[MAX_ENTRIES];
	size_t n;
};

static void
stat_read(const char *path, uint64_t hash, const struct walked *e, size_t n,
    struct stat_read *out)
{
	struct story_cache *c = story_cache_load(path, hash);
	struct prio_source_file f;
	struct prio_diags d = PRIO_DIAGS_INIT;
	struct prio_story *s;
	char *missing;
	bool stale;
	size_t i;

	memset(out, 0, sizeof(*out));
	fuzz_assert(story_cache_count(c) == n);
	for (i = 0; i < n; i++) {
		memset(&f, 0, sizeof(f));
		if ((f.path = key_path(&e[i], e[i].key_len)) == NULL)
			continue;
		if (e[i].body_len >= sizeof(f.stamp))
			memcpy(&f.stamp, e[i].body, sizeof(f.stamp));
		f.has_stamp = true;
		stale = false;
		s = story_cache_get(c, &f, &d, &stale);
		if (e[i].body_len < sizeof(f.stamp))
			fuzz_assert(s == NULL && stale);
		if (s == NULL) {
			fuzz_assert(d.count == 0);
			free(f.path);
			continue;
		}
		check_story(s, f.path, false);
		check_diags(&d, f.path);
		out->files[out->n] = f;
		out->stories[out->n] = s;
		out->diags[out->n] = d;
		d = (struct prio_diags)PRIO_DIAGS_INIT;
		out->n++;

		/* Another stamp: the entry is there, but stale. */
		f.stamp.size++;
		stale = false;
		fuzz_assert(story_cache_get(c, &f, &d, &stale) == NULL);
		fuzz_assert(stale && d.count == 0);
	}
	/* A path that is not there (one past each key): nothing. */
	for (i = 0; i < n; i++) {
		memset(&f, 0, sizeof(f));
		if ((f.path = key_path(&e[i], e[i].key_len)) == NULL)
			continue;
		f.path = prio_xasprintf("%s%c", missing = f.path, '\001');
		free(missing);
		f.has_stamp = true;
		stale = false;
		s = story_cache_get(c, &f, &d, &stale);
		fuzz_assert(s == NULL || has_key(e, n, f.path, strlen(f.path)));
		prio_story_free(s);
		prio_diags_free(&d);
		free(f.path);
	}
	story_cache_free(c);
}

static void
stat_free(struct stat_read *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->files[i].path);
		prio_story_free(r->stories[i]);
		prio_diags_free(&r->diags[i]);
	}
}

/* The whole file at path, or nothing. */
static void
read_whole(const char *path, struct prio_buf *b)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return;
	(void)prio_buf_read_fd(b, fd);
	close(fd);
}

static void
fuzz_stat(const char *dir, const char *path, const uint8_t *data,
    size_t size)
{
	struct walked e[MAX_ENTRIES];
	struct stat_read *a, *b;
	struct prio_buf saved = PRIO_BUF_INIT;
	uint64_t hash = u64_at(data + 8);
	char *again;
	size_t i, j;
	long n;

	n = walk(data, size, e, MAX_ENTRIES);
	if (n > MAX_ENTRIES)
		return;
	if (!write_file(path, data, size))
		fuzz_fail("cannot write the input");
	a = prio_xmalloc(sizeof(*a));
	b = prio_xmalloc(sizeof(*b));
	stat_read(path, hash, e, n < 0 ? 0 : (size_t)n, a);

	/* Written again and read again: the same stories (those that may
	 * be stored: not racily clean), in the same order. */
	again = prio_xasprintf("%s/again.cache", dir);
	story_cache_save(again, hash, a->files, a->stories, a->diags, a->n);
	read_whole(again, &saved);
	n = walk((const uint8_t *)saved.ptr, saved.len, e, MAX_ENTRIES);
	fuzz_assert(n >= 0 && (size_t)n <= a->n);
	stat_read(again, hash, e, (size_t)n, b);
	fuzz_assert(b->n == (size_t)n);
	for (i = 0, j = 0; i < b->n; i++, j++) {
		while (j < a->n && strcmp(a->files[j].path,
		    b->files[i].path) != 0)
			j++;
		fuzz_assert(j < a->n);
		fuzz_assert(story_cache_storable(&a->files[j], a->stories[j],
		    time(NULL)));
		fuzz_assert(same_light(a->stories[j], b->stories[i]));
		fuzz_assert(same_diags(&a->diags[j], &b->diags[i]));
	}
	stat_free(b);
	stat_free(a);
	free(b);
	free(a);
	prio_buf_free(&saved);
	unlink(again);
	free(again);
}

/* The parts of a blob cache key: path, NUL, raw blob id, config hash. */
static bool
blob_key_parts(const struct walked *w, char **path, git_oid *id,
    uint64_t *hash)
{
	const uint8_t *nul = memchr(w->key, '\0', w->key_len);
	size_t plen;

	if (nul == NULL)
		return false;
	plen = (size_t)(nul - w->key);
	if (w->key_len != plen + 1 + GIT_OID_RAWSZ + 8)
		return false;
	*path = key_path(w, plen);
	memcpy(id->id, nul + 1, GIT_OID_RAWSZ);
	*hash = u64_at(nul + 1 + GIT_OID_RAWSZ);
	return true;
}

/* What one entry of the blob cache gave. */
struct blob_read {
	char *path;
	git_oid id;
	uint64_t hash;
	struct prio_story *light, *full;
	struct prio_diags dlight, dfull;
};

static void
blob_read_entry(struct blob_cache *c, struct blob_read *r)
{
	struct prio_order_key k, ks;
	bool has_key;

	r->light = r->full = NULL;
	r->dlight = (struct prio_diags)PRIO_DIAGS_INIT;
	r->dfull = (struct prio_diags)PRIO_DIAGS_INIT;
	memset(&k, 0, sizeof(k));
	has_key = blob_cache_key(c, r->hash, r->path, &r->id, &k);
	r->light = blob_cache_get(c, r->hash, r->path, &r->id, false,
	    &r->dlight);
	r->full = blob_cache_get(c, r->hash, r->path, &r->id, true,
	    &r->dfull);
	if (r->light == NULL) {
		fuzz_assert(r->full == NULL);
		fuzz_assert(r->dlight.count == 0 && r->dfull.count == 0);
		return;
	}
	check_story(r->light, r->path, false);
	check_diags(&r->dlight, r->path);
	/* The order key, read in place, is the story's. */
	fuzz_assert(has_key);
	prio_order_key_of(&ks, r->light);
	fuzz_assert(strcmp(k.path, r->path) == 0);
	fuzz_assert(k.group == ks.group && k.id_num == ks.id_num &&
	    k.has_score == ks.has_score &&
	    memcmp(&k.score, &ks.score, sizeof(k.score)) == 0);
	fuzz_assert((k.rank.text == NULL) == (ks.rank.text == NULL));
	fuzz_assert(k.rank.text == NULL || (strcmp(k.rank.text,
	    ks.rank.text) == 0 && k.rank.int_len == ks.rank.int_len));
	if (r->full == NULL) {
		fuzz_assert(r->dfull.count == 0);
		return;
	}
	check_story(r->full, r->path, true);
	fuzz_assert(same_light(r->light, r->full));
	fuzz_assert(same_diags(&r->dlight, &r->dfull));
}

static void
blob_read_free(struct blob_read *r)
{
	free(r->path);
	prio_story_free(r->light);
	prio_story_free(r->full);
	prio_diags_free(&r->dlight);
	prio_diags_free(&r->dfull);
}

static void
fuzz_blob(const char *path, uint8_t *data, size_t size)
{
	struct walked e[MAX_ENTRIES];
	struct blob_read *r, again;
	struct blob_cache *c;
	struct prio_diags d = PRIO_DIAGS_INIT;
	struct prio_story *s;
	struct prio_buf key = PRIO_BUF_INIT;
	git_oid other;
	uint64_t hash = cache_hash(BLOB_MAGIC, 8) ^ cache_build_salt();
	size_t i, n;
	long got;

	/* The build's hash, which a seed from another build lacks. */
	memcpy(data + 8, &hash, sizeof(hash));
	got = walk(data, size, e, MAX_ENTRIES);
	if (got > MAX_ENTRIES)
		return;
	n = got < 0 ? 0 : (size_t)got;
	if (!write_file(path, data, size))
		fuzz_fail("cannot write the input");
	r = prio_xcalloc(n + 1, sizeof(*r));
	c = blob_cache_open(path);
	for (i = 0; i < n; i++) {
		if (!blob_key_parts(&e[i], &r[i].path, &r[i].id, &r[i].hash))
			continue;
		if (r[i].path != NULL)
			blob_read_entry(c, &r[i]);
	}
	fuzz_assert(blob_cache_hits(c) <= n);

	/* Another blob id: nothing. */
	for (i = 0; i < n; i++) {
		if (r[i].path == NULL)
			continue;
		other = r[i].id;
		other.id[GIT_OID_RAWSZ - 1] ^= 1;
		s = blob_cache_get(c, r[i].hash, r[i].path, &other, false,
		    &d);
		if (s != NULL) {
			prio_buf_clear(&key);
			prio_buf_add(&key, r[i].path, strlen(r[i].path) + 1);
			prio_buf_add(&key, other.id, GIT_OID_RAWSZ);
			prio_buf_add(&key, &r[i].hash, sizeof(r[i].hash));
			fuzz_assert(has_key(e, n, key.ptr, key.len));
		}
		prio_story_free(s);
		prio_diags_free(&d);
	}

	/* Each story put back, light then full where there is a full one
	 * (the last put wins), and the file merged and saved: read again,
	 * the same. */
	for (i = 0; i < n; i++) {
		if (r[i].light != NULL)
			blob_cache_put(c, r[i].hash, r[i].path, &r[i].id,
			    r[i].light, false, &r[i].dlight);
		if (r[i].full != NULL)
			blob_cache_put(c, r[i].hash, r[i].path, &r[i].id,
			    r[i].full, true, &r[i].dfull);
	}
	blob_cache_save(c);
	blob_cache_free(c);
	c = blob_cache_open(path);
	for (i = 0; i < n; i++) {
		if (r[i].light == NULL)
			continue;
		memset(&again, 0, sizeof(again));
		again.path = r[i].path;
		again.id = r[i].id;
		again.hash = r[i].hash;
		blob_read_entry(c, &again);
		fuzz_assert(again.light != NULL);
		fuzz_assert(same_light(r[i].light, again.light));
		fuzz_assert(same_diags(&r[i].dlight, &again.dlight));
		fuzz_assert((r[i].full == NULL) == (again.full == NULL));
		if (r[i].full != NULL)
			fuzz_assert(same_extras(r[i].full, again.full));
		again.path = NULL;
		blob_read_free(&again);
	}
	blob_cache_free(c);
	for (i = 0; i < n; i++)
		blob_read_free(&r[i]);
	free(r);
	prio_buf_free(&key);
}

/* Two entries' keys, for qsort. */
static int
cmp_walked(const void *pa, const void *pb)
{
	const struct walked *a = pa, *b = pb;
	int c = memcmp(a->key, b->key, a->key_len < b->key_len ? a->key_len :
	    b->key_len);

	return c ? c : (a->key_len > b->key_len) - (a->key_len < b->key_len);
}

/*
 * The entry form of an input, so that mutations reach the stories and
 * not only the file's frame (an entry whose length changes breaks
 * every offset after it): 's' or 'b', then entries separated by
 * ENTRY_SEP, each a path, a newline and the entry's body.  This builds
 * the file prio would write around them: keys sorted, a repeated key
 * dropped, a blob key made of the path, a zero blob id and CONFIG_HASH.
 */
#define ENTRY_SEP "\n@@\n"
#define CONFIG_HASH 0x5eed5eed5eed5eedull

static void
frame(struct prio_buf *out, const uint8_t *data, size_t size)
{
	struct walked e[MAX_ENTRIES];
	struct prio_buf keys = PRIO_BUF_INIT;
	const uint8_t *p = data + 1, *end = data + size, *sep, *nl;
	bool blob = data[0] == 'b';
	uint64_t hash = blob ? 0 : CONFIG_HASH, count, off;
	uint32_t len;
	size_t n = 0, i, k, at;
	static const uint8_t zero_id[GIT_OID_RAWSZ];
	const uint64_t config = CONFIG_HASH;

	/* Keys first, into one buffer: their offsets, then pointers. */
	while (p < end && n < MAX_ENTRIES) {
		for (sep = p; sep + 4 <= end && memcmp(sep, ENTRY_SEP, 4) != 0;
		    sep++)
			continue;
		if (sep + 4 > end)
			sep = end;
		nl = memchr(p, '\n', (size_t)(sep - p));
		if (nl == NULL)
			nl = sep;
		at = keys.len;
		prio_buf_add(&keys, p, (size_t)(nl - p));
		if (blob) {
			prio_buf_add(&keys, "", 1);
			prio_buf_add(&keys, zero_id, sizeof(zero_id));
			prio_buf_add(&keys, &config, sizeof(config));
		}
		e[n].key = (const uint8_t *)(uintptr_t)at;
		e[n].key_len = (uint32_t)(keys.len - at);
		e[n].body = nl < sep ? nl + 1 : sep;
		e[n].body_len = (uint32_t)(sep - e[n].body);
		n++;
		p = sep < end ? sep + 4 : end;
	}
	for (i = 0; i < n; i++)
		e[i].key = (const uint8_t *)keys.ptr + (uintptr_t)e[i].key;
	qsort(e, n, sizeof(*e), cmp_walked);
	for (i = k = 0; i < n; i++)
		if (k == 0 || cmp_walked(&e[k - 1], &e[i]) != 0)
			e[k++] = e[i];
	n = k;

	prio_buf_add(out, blob ? BLOB_MAGIC : STAT_MAGIC, 8);
	prio_buf_add(out, &hash, sizeof(hash));
	count = n;
	prio_buf_add(out, &count, sizeof(count));
	off = HEADER_SIZE + 8 * count;
	for (i = 0; i < n; i++) {
		prio_buf_add(out, &off, sizeof(off));
		off += 8 + (uint64_t)e[i].key_len + e[i].body_len;
	}
	for (i = 0; i < n; i++) {
		len = e[i].key_len;
		prio_buf_add(out, &len, sizeof(len));
		prio_buf_add(out, e[i].key, len);
		len = e[i].body_len;
		prio_buf_add(out, &len, sizeof(len));
		prio_buf_add(out, e[i].body, len);
	}
	prio_buf_free(&keys);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *tmp = getenv("TMPDIR");
	struct prio_buf framed = PRIO_BUF_INIT;
	char *dir, *path;
	uint8_t *copy;

	/* The entry form: made into a well-formed file, then as any. */
	if (size > 0 && (data[0] == 's' || data[0] == 'b')) {
		frame(&framed, data, size);
		data = (const uint8_t *)framed.ptr;
		size = framed.len;
	}
	if (size < HEADER_SIZE) {
		prio_buf_free(&framed);
		return 0;
	}
	dir = prio_xasprintf("%s/prio-fuzz-cache-XXXXXX",
	    tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL)
		fuzz_fail("cannot make a temporary folder");
	path = prio_xasprintf("%s/in.cache", dir);
	if (memcmp(data, STAT_MAGIC, 8) == 0)
		fuzz_stat(dir, path, data, size);
	else if (memcmp(data, BLOB_MAGIC, 8) == 0) {
		copy = prio_xmalloc(size);
		memcpy(copy, data, size);
		fuzz_blob(path, copy, size);
		free(copy);
	}
	unlink(path);
	if (rmdir(dir) != 0)
		fuzz_fail("the cache left files behind");
	free(path);
	free(dir);
	prio_buf_free(&framed);
	return 0;
}
