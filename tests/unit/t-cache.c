/*
 * Unit tests for the story caches' decoder (src/lib/cache.h, internal to
 * the library, so this test includes its header as fuzz/fuzz_cache.c
 * does): what is written is read back the same; a changed stamp is
 * stale; another config, another magic, a file cut short, grown, or
 * with keys out of order is an empty cache; a damaged entry is no
 * story and adds no diagnostics.  The fuzz target checks properties on
 * any input; these are the named cases, with exact values.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "prio/buf.h"
#include "prio/config.h"
#include "prio/error.h"
#include "prio/story.h"
#include "../../src/lib/cache.h"
#include "diagtext.h"
#include "shell.h"
#include "tap.h"

#define HASH 0x1234567890abcdefull
#define HEADER_SIZE 24

static struct prio_config *cfg;
static char dir[] = "/tmp/prio-t-cache-XXXXXX";

static const char story_a[] =
    "---\nid: S-1\ntitle: First\nstatus: draft\nrank: 2.50\n"
    "labels: [ui, api]\ndepends-on: [S-2]\n---\n";
static const char story_b[] =
    "---\nid: S-2\ntitle: Second\nstatus: nosuch\n---\n";

struct fixture {
	struct prio_source_file files[2];
	struct prio_story *stories[2];
	struct prio_diags diags[2];
};

static void
fixture_make(struct fixture *x)
{
	struct prio_story_parser *p = prio_story_parser_new(cfg, 0);
	const char *text[2] = { story_a, story_b };
	int i;

	memset(x, 0, sizeof(*x));
	for (i = 0; i < 2; i++) {
		x->files[i].path = prio_xasprintf("backlog/stories/S-%d.md",
		    i + 1);
		x->files[i].has_stamp = true;
		x->files[i].stamp.mtime_sec = 1000000 + i;
		x->files[i].stamp.ctime_sec = 1000000 + i;
		x->files[i].stamp.ino = 42 + (uint64_t)i;
		x->files[i].stamp.size = strlen(text[i]);
		x->stories[i] = prio_story_parser_parse(p, x->files[i].path,
		    text[i], strlen(text[i]), &x->diags[i]);
	}
	prio_story_parser_free(p);
}

static void
fixture_free(struct fixture *x)
{
	int i;

	for (i = 0; i < 2; i++) {
		free(x->files[i].path);
		prio_story_free(x->stories[i]);
		prio_diags_free(&x->diags[i]);
	}
}

static char *
slurp(const char *path)
{
	struct prio_buf b = PRIO_BUF_INIT;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || prio_buf_read_fd(&b, fd) != PRIO_OK)
		bail("cannot read the cache file");
	close(fd);
	return prio_buf_detach(&b, NULL);
}

/* The cache holds NUL bytes: its size is the file's, not strlen's. */
static size_t
file_size(const char *path)
{
	struct stat st;

	if (stat(path, &st) != 0)
		bail("cannot stat the cache file");
	return (size_t)st.st_size;
}

static void
spill(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	if (fd < 0 || write(fd, data, len) != (ssize_t)len || close(fd) != 0)
		bail("cannot write a cache file");
}

static void
test_round_trip(const char *path, struct fixture *x)
{
	struct story_cache *c;
	struct prio_diags d = PRIO_DIAGS_INIT;
	struct prio_source_file f;
	struct prio_story *s;
	bool stale = false;

	story_cache_save(path, HASH, x->files, x->stories, x->diags, 2);
	c = story_cache_load(path, HASH);
	is_int(story_cache_count(c), 2, "round trip: two entries");

	s = story_cache_get(c, &x->files[0], &d, &stale);
	if (ok(s != NULL, "round trip: S-1 read back")) {
		ok(s->packed, "read back in one allocation");
		is_str(s->path, "backlog/stories/S-1.md", "path");
		is_str(s->id, "S-1", "id");
		is_int(s->id_num, 1, "id number");
		is_str(s->title, "First", "title");
		is_str(s->status, "draft", "status");
		is_int(s->status_index, 0, "status index");
		is_str(s->rank_text, "2.50", "rank as written");
		ok(s->rank && strcmp(s->rank->text, "2.5") == 0 &&
		    s->rank->int_len == 1, "canonical rank");
		ok(s->nlabels == 2 && strcmp(s->labels[1], "api") == 0 &&
		    s->labels[2] == NULL, "labels");
		ok(s->ndepends_on == 1 && strcmp(s->depends_on[0], "S-2") == 0,
		    "depends-on");
		is_int(s->rank_pos.line, 5, "rank line");
		is_int(s->body_offset, x->stories[0]->body_offset,
		    "body offset");
		ok(s->fields == NULL && s->criteria == NULL, "the light form");
		ok(!stale, "not stale");
	}
	is_diags(&d, "", "S-1 (ranked, so not unscored) has no diagnostics");
	prio_story_free(s);

	s = story_cache_get(c, &x->files[1], &d, &stale);
	ok(s != NULL && s->status_index == -1 && s->rank == NULL &&
	    s->nlabels == 0 && s->labels[0] == NULL, "S-2 read back");
	is_diags(&d, "error status backlog/stories/S-2.md:4:9 status "
	    "'nosuch' is not one of: draft, ready, in-progress, done, "
	    "accepted, dropped\n", "S-2's diagnostic read back");
	prio_story_free(s);

	/* Another stamp: stale, no story, no diagnostics. */
	f = x->files[0];
	f.stamp.mtime_nsec = 1;
	s = story_cache_get(c, &f, &d, &stale);
	ok(s == NULL && stale, "a changed stamp is stale");
	is_int(d.count, 0, "a stale entry adds no diagnostics");

	/* A path not in the cache: no story, not stale. */
	stale = false;
	f.path = "backlog/stories/S-3.md";
	ok(story_cache_get(c, &f, &d, &stale) == NULL && !stale,
	    "an absent path: nothing, not stale");
	f.path = "backlog/stories/S-1.m";
	ok(story_cache_get(c, &f, &d, &stale) == NULL && !stale,
	    "a prefix of a key is not the key");
	f = x->files[0];
	f.has_stamp = false;
	ok(story_cache_get(c, &f, &d, &stale) == NULL && !stale,
	    "a file with no stamp (a link) is never cached");
	story_cache_free(c);
}

/* Loads path with hash and says how many entries it holds. */
static size_t
entries(const char *path, uint64_t hash)
{
	struct story_cache *c = story_cache_load(path, hash);
	size_t n = story_cache_count(c);

	story_cache_free(c);
	return n;
}

static void
test_damage(const char *path, const char *bad)
{
	char *good = slurp(path), *copy;
	size_t size = file_size(path), cut, off1;
	uint32_t klen, blen;
	size_t nbad = 0;
	uint64_t count;

	is_int(entries(path, HASH + 1), 0, "another config: empty");
	is_int(entries("/nonexistent/prio.cache", HASH), 0, "absent: empty");
	is_int(entries(dir, HASH), 0, "a directory: empty");

	/* Every shorter file, from nothing to one byte short, is damaged. */
	for (cut = 0; cut < size; cut++) {
		spill(bad, good, cut);
		if (entries(bad, HASH) != 0)
			nbad++;
	}
	is_int(nbad, 0, "every truncation of %zu bytes is an empty cache",
	    size);

	copy = prio_xmalloc(size + 1);
	memcpy(copy, good, size);
	copy[size] = '\0';
	spill(bad, copy, size + 1);
	is_int(entries(bad, HASH), 0, "a byte after the last entry: empty");

	memcpy(copy, "PRIOSC01", 8);
	spill(bad, copy, size);
	is_int(entries(bad, HASH), 0, "another version's magic: empty");
	memcpy(copy, good, size);

	count = 3;
	memcpy(copy + 16, &count, 8);
	spill(bad, copy, size);
	is_int(entries(bad, HASH), 0, "a count too large: empty");
	count = (uint64_t)-1;
	memcpy(copy + 16, &count, 8);
	spill(bad, copy, size);
	is_int(entries(bad, HASH), 0, "a huge count: empty");
	memcpy(copy, good, size);

	/* Keys out of order: the second key "...S-2.md" made "...S-0.md". */
	memcpy(&off1, copy + HEADER_SIZE + 8, 8);
	memcpy(&klen, copy + off1, 4);
	ok(copy[off1 + 4 + klen - 4] == '2', "the second key ends S-2.md");
	copy[off1 + 4 + klen - 4] = '0';
	spill(bad, copy, size);
	is_int(entries(bad, HASH), 0, "keys out of order: empty");
	copy[off1 + 4 + klen - 4] = '1';
	spill(bad, copy, size);
	is_int(entries(bad, HASH), 0, "a repeated key: empty");
	memcpy(copy, good, size);

	/* The file framed well, but the second entry's body cut in half:
	 * the entry is found, its story is damaged. */
	memcpy(&blen, copy + off1 + 4 + klen, 4);
	blen /= 2;
	memcpy(copy + off1 + 4 + klen, &blen, 4);
	spill(bad, copy, off1 + 8 + klen + blen);
	is_int(entries(bad, HASH), 2, "a cut body still frames well");
	free(copy);
	free(good);
}

static void
test_damaged_entry(const char *bad, struct fixture *x)
{
	struct story_cache *c = story_cache_load(bad, HASH);
	struct prio_diags d = PRIO_DIAGS_INIT;
	struct prio_story *s;
	bool stale = false;

	s = story_cache_get(c, &x->files[1], &d, &stale);
	ok(s == NULL, "a damaged entry gives no story");
	is_int(d.count, 0, "and no diagnostics");
	s = story_cache_get(c, &x->files[0], &d, &stale);
	ok(s != NULL && strcmp(s->id, "S-1") == 0, "its neighbour is fine");
	prio_story_free(s);
	prio_diags_free(&d);
	story_cache_free(c);
}

static void
test_storable(struct fixture *x)
{
	struct prio_source_file f = x->files[0];
	struct prio_diags d = PRIO_DIAGS_INIT;
	const char *crit = "---\nid: S-1\ntitle: t\nstatus: draft\n---\n"
	    "## Acceptance criteria\n- [ ] it works\n";
	struct prio_story *full = prio_story_parse(f.path, crit,
	    strlen(crit), cfg, &d);
	time_t now = 2000000;

	ok(story_cache_storable(&f, x->stories[0], now), "an old file");
	f.stamp.mtime_sec = now - 2;
	ok(!story_cache_storable(&f, x->stories[0], now),
	    "modified two seconds ago: racily clean, not stored");
	f.stamp.mtime_sec = now - 3;
	ok(story_cache_storable(&f, x->stories[0], now), "three seconds ago");
	f.stamp.ctime_sec = now;
	ok(!story_cache_storable(&f, x->stories[0], now),
	    "a fresh ctime: not stored");
	f = x->files[0];
	ok(!story_cache_storable(&f, full, now), "a full parse: not stored");
	ok(!story_cache_storable(&f, NULL, now), "no story: not stored");
	f.has_stamp = false;
	ok(!story_cache_storable(&f, x->stories[0], now), "no stamp");
	prio_story_free(full);
	prio_diags_free(&d);
}

static void
test_blob(const char *path, struct fixture *x)
{
	struct blob_cache *c = blob_cache_open(path);
	struct prio_diags d = PRIO_DIAGS_INIT;
	struct prio_story *full, *s;
	struct prio_order_key k;
	git_oid id, other;

	memset(&id, 0xab, sizeof(id));
	other = id;
	other.id[0] ^= 1;
	full = prio_story_parse(x->files[0].path, story_a, strlen(story_a),
	    cfg, &d);
	prio_diags_free(&d);
	ok(blob_cache_get(c, HASH, x->files[0].path, &id, false, &d) == NULL,
	    "blob: a new cache is empty");
	blob_cache_put(c, HASH, x->files[0].path, &id, full, true,
	    &x->diags[0]);
	is_int(blob_cache_added(c), 1, "blob: one added");
	blob_cache_save(c);
	blob_cache_free(c);

	c = blob_cache_open(path);
	ok(blob_cache_key(c, HASH, x->files[0].path, &id, &k),
	    "blob: the order key, read in place");
	ok(k.group == 0 && strcmp(k.rank.text, "2.5") == 0 &&
	    k.rank.int_len == 1 && k.id_num == 1 &&
	    strcmp(k.path, x->files[0].path) == 0, "blob: the key's values");
	s = blob_cache_get(c, HASH, x->files[0].path, &id, true, &d);
	ok(s != NULL && s->ncriteria == 0 && s->nfields == 4 &&
	    strcmp(s->fields[1].key, "title") == 0 &&
	    strcmp(s->fields[1].value, "First") == 0 &&
	    strcmp(s->fields[3].value, "2.50") == 0,
	    "blob: a full read keeps the scalar fields, not the lists");
	is_int(d.count, 0, "blob: no diagnostics, as parsed");
	prio_story_free(s);
	prio_diags_free(&d);
	s = blob_cache_get(c, HASH, x->files[0].path, &id, false, &d);
	ok(s != NULL && s->fields == NULL, "blob: a light read");
	prio_story_free(s);
	prio_diags_free(&d);
	ok(blob_cache_get(c, HASH, x->files[0].path, &other, false, &d) ==
	    NULL, "blob: another blob id is not there");
	ok(blob_cache_get(c, HASH + 1, x->files[0].path, &id, false, &d) ==
	    NULL, "blob: another config is not there");
	ok(blob_cache_get(c, HASH, x->files[1].path, &id, false, &d) ==
	    NULL, "blob: another path is not there");
	is_int(blob_cache_hits(c), 1, "blob: one entry used, read three ways");
	is_int(d.count, 0, "blob: misses add no diagnostics");
	blob_cache_free(c);

	/* A light entry read as full: no story, it has no extras. */
	c = blob_cache_open(path);
	blob_cache_put(c, HASH, x->files[1].path, &id, x->stories[1], false,
	    &x->diags[1]);
	blob_cache_save(c);
	blob_cache_free(c);
	c = blob_cache_open(path);
	ok(blob_cache_get(c, HASH, x->files[1].path, &id, true, &d) == NULL,
	    "blob: a light entry is not a full one");
	s = blob_cache_get(c, HASH, x->files[1].path, &id, false, &d);
	ok(s != NULL && strcmp(s->id, "S-2") == 0, "blob: both entries kept");
	is_diags(&d, "error status backlog/stories/S-2.md:4:9 status "
	    "'nosuch' is not one of: draft, ready, in-progress, done, "
	    "accepted, dropped\n", "blob: the diagnostic read back");
	prio_story_free(s);
	blob_cache_free(c);

	/* NULL: a cache that keeps nothing. */
	c = blob_cache_open(NULL);
	blob_cache_put(c, HASH, x->files[0].path, &id, full, true, &d);
	is_int(blob_cache_added(c), 0, "blob: a NULL cache keeps nothing");
	blob_cache_save(c);
	blob_cache_free(c);
	prio_story_free(full);
}

int
main(void)
{
	struct fixture x;
	char *path, *bad, *blobs;

	cfg = default_config();
	if (mkdtemp(dir) == NULL)
		bail("cannot make a temporary folder");
	path = prio_xasprintf("%s/stories.cache", dir);
	bad = prio_xasprintf("%s/bad.cache", dir);
	blobs = prio_xasprintf("%s/blobs.cache", dir);
	fixture_make(&x);
	test_round_trip(path, &x);
	test_damage(path, bad);
	test_damaged_entry(bad, &x);
	test_storable(&x);
	test_blob(blobs, &x);
	fixture_free(&x);
	unlink(path);
	unlink(bad);
	unlink(blobs);
	ok(rmdir(dir) == 0, "nothing else left behind");
	free(path);
	free(bad);
	free(blobs);
	prio_config_free(cfg);
	return tap_done();
}
