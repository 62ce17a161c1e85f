/*
 * The story caches (see cache.h): one serialisation of a story, one file
 * format, two ways of keying it.  Native byte order: a cache never
 * leaves the machine that wrote it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "prio/dialect.h"
#include "binio.h"
#include "cache.h"
#include "prio/buf.h"
#include "prio/error.h"
#include "prio/rank.h"
#include "prio/rules.h"
#include "story_parse.h"

#define STAT_MAGIC "PRIOSC02"
#define BLOB_MAGIC "PRIOBC01"
#define MAGIC_SIZE 8
#define HEADER_SIZE (MAGIC_SIZE + 8 + 8)   /* magic, hash, count */
#define RACY_SECONDS 2
/* The blob cache drops unused entries past this many times the used. */
#define BLOB_KEEP_FACTOR 4
#define BLOB_KEEP_EXTRA 1024

uint64_t
cache_hash(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t h = 0xcbf29ce484222325ull;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

uint64_t
cache_build_salt(void)
{
	struct stat st;
	uint64_t id[4];

	if (stat("/proc/self/exe", &st) != 0)
		return 0;
	id[0] = (uint64_t)st.st_size;
	id[1] = (uint64_t)st.st_mtim.tv_sec;
	id[2] = (uint64_t)st.st_mtim.tv_nsec;
	id[3] = (uint64_t)st.st_ino;
	return cache_hash(id, sizeof(id));
}

uint64_t
cache_config_hash(const char *path, const void *data, size_t len)
{
	uint64_t h = cache_hash(data, len) ^ cache_build_salt();

	if (prio_dialect_of_config(path) != prio_dialect_prio())
		h ^= cache_hash(path, strlen(path)) * 31;
	return h;
}

/* ---- writing a story ---- */

static void
put_strv(struct prio_buf *b, char *const *v, size_t n)
{
	size_t i;

	put_u32(b, (uint32_t)n);
	for (i = 0; i < n; i++)
		put_str(b, v[i]);
}

static void
put_pos(struct prio_buf *b, const struct prio_pos *p)
{
	put_u32(b, p->line);
	put_u32(b, p->column);
}

/*
 * The light form of a story.  The canonical rank follows the rank as
 * written, so the order key can be read without parsing the rank.
 */
static void
put_story(struct prio_buf *b, const struct prio_story *s)
{
	uint32_t flags = (uint32_t)s->readable | (uint32_t)s->terminal << 1 |
	    (uint32_t)s->has_score << 2 |
	    (uint32_t)s->has_criteria_heading << 3;

	put_u32(b, flags);
	put_str(b, s->id);
	put_u64(b, s->id_num);
	put_str(b, s->title);
	put_str(b, s->status);
	put_u32(b, (uint32_t)s->status_index);
	put_str(b, s->rank_text);
	put_str(b, s->rank ? prio_rank_str(s->rank) : NULL);
	put_str(b, s->owner);
	put_str(b, s->goal);
	put_strv(b, s->labels, s->nlabels);
	put_strv(b, s->depends_on, s->ndepends_on);
	put(b, &s->score, sizeof(s->score));
	put_u32(b, (uint32_t)s->priority);
	put_u32(b, s->criteria_line);
	put_u64(b, s->ncriteria);
	put_u64(b, s->criteria_met);
	put_u32(b, s->body_line);
	put_u64(b, s->body_offset);
	put_pos(b, &s->id_pos);
	put_pos(b, &s->status_pos);
	put_pos(b, &s->rank_pos);
	put_pos(b, &s->depends_on_pos);
}

void
cache_put_diags(struct prio_buf *b, const struct prio_diags *d)
{
	size_t i;

	put_u32(b, (uint32_t)d->count);
	for (i = 0; i < d->count; i++) {
		put_u32(b, (uint32_t)d->items[i].severity);
		put_str(b, d->items[i].rule);
		put_u32(b, d->items[i].line);
		put_u32(b, d->items[i].column);
		put_str(b, d->items[i].message);
	}
}

/*
 * What a full parse adds to the light form and prio diff compares: each
 * criterion's text, and the scalar front-matter values (the inputs of any
 * score formula).  A flag says whether they follow.
 */
static void
put_extras(struct prio_buf *b, const struct prio_story *s, bool full)
{
	size_t i, n = 0;

	put_u32(b, full);
	if (!full)
		return;
	put_u32(b, (uint32_t)s->ncriteria);
	for (i = 0; i < s->ncriteria; i++) {
		put_str(b, s->criteria[i].text);
		put_u32(b, (uint32_t)s->criteria[i].met |
		    (uint32_t)s->criteria[i].empty << 1);
		put_u32(b, s->criteria[i].line);
		put_u32(b, s->criteria[i].column);
	}
	for (i = 0; i < s->nfields; i++)
		n += s->fields[i].kind == PRIO_FIELD_SCALAR;
	put_u32(b, (uint32_t)n);
	for (i = 0; i < s->nfields; i++) {
		if (s->fields[i].kind != PRIO_FIELD_SCALAR)
			continue;
		put_str(b, s->fields[i].key);
		put_str(b, s->fields[i].value);
		put_u32(b, s->fields[i].plain);
	}
}

/* ---- reading a story: every read is bounds-checked; any fault spoils
 * the entry ---- */

static char *
get_str(struct reader *r)
{
	const char *s = view_str(r);

	return s ? prio_xstrdup(s) : NULL;
}

static void
skip_strv(struct reader *r)
{
	uint32_t count = get_u32(r), i;

	for (i = 0; i < count && !r->bad; i++)
		(void)view_str(r);
}

static void
get_pos(struct reader *r, struct prio_pos *p)
{
	p->line = get_u32(r);
	p->column = get_u32(r);
}

/* Whether text is a rank in canonical form (see prio/rank.h). */
static bool
canonical_rank(const char *text, size_t *int_len)
{
	size_t n = strspn(text, "0123456789"), f;

	*int_len = n;
	if (n == 0 || (n > 1 && text[0] == '0'))
		return false;
	if (text[n] == '\0')
		return true;
	f = strspn(text + n + 1, "0123456789");
	return text[n] == '.' && f > 0 && text[n + 1 + f] == '\0' &&
	    text[n + f] != '0';
}

/*
 * A light-form story as it lies in an entry: its strings in place, and
 * its two lists as readers positioned at their counts.
 */
struct story_view {
	uint32_t flags;
	const char *id, *title, *status, *rank_text, *rank, *owner, *goal;
	struct reader labels, depends;
	size_t nlabels, ndepends, strings;   /* strings: bytes with NULs */
};

static size_t
str_size(const char *s)
{
	return s ? strlen(s) + 1 : 0;
}

/* Skips a list, adding its strings' sizes to *strings. */
static size_t
view_strv(struct reader *r, struct reader *at, size_t *strings)
{
	uint32_t count, i;
	const char *s;

	*at = *r;
	count = get_u32(r);
	for (i = 0; i < count && !r->bad; i++) {
		/* prio writes no missing item: a NULL in a list would
		 * reach every reader of labels and depends-on. */
		if ((s = view_str(r)) == NULL)
			r->bad = true;
		*strings += str_size(s);
	}
	return r->bad ? 0 : count;
}

static void
view_story(struct reader *r, struct story_view *v, struct prio_story *s)
{
	v->flags = get_u32(r);
	v->id = view_str(r);
	s->id_num = get_u64(r);
	v->title = view_str(r);
	v->status = view_str(r);
	s->status_index = (int)get_u32(r);
	v->rank_text = view_str(r);
	v->rank = view_str(r);
	v->owner = view_str(r);
	v->goal = view_str(r);
	v->strings = str_size(v->id) + str_size(v->title) +
	    str_size(v->status) + str_size(v->rank_text) + str_size(v->rank) +
	    str_size(v->owner) + str_size(v->goal);
	v->nlabels = view_strv(r, &v->labels, &v->strings);
	v->ndepends = view_strv(r, &v->depends, &v->strings);
	get(r, &s->score, sizeof(s->score));
	s->priority = (int)get_u32(r);
	s->criteria_line = get_u32(r);
	s->ncriteria = get_u64(r);
	s->criteria_met = get_u64(r);
	s->body_line = get_u32(r);
	s->body_offset = get_u64(r);
	get_pos(r, &s->id_pos);
	get_pos(r, &s->status_pos);
	get_pos(r, &s->rank_pos);
	get_pos(r, &s->depends_on_pos);
}

/* Copies a string into the story's block at *next. */
static char *
pack_str(char **next, const char *s)
{
	size_t n = str_size(s);
	char *out = *next;

	if (s == NULL)
		return NULL;
	memcpy(out, s, n);
	*next += n;
	return out;
}

static void
pack_strv(char **next, struct reader at, char **v, size_t n)
{
	size_t i;

	(void)get_u32(&at);
	for (i = 0; i < n; i++)
		v[i] = pack_str(next, view_str(&at));
	v[n] = NULL;
}

/*
 * The light form, in one allocation (see prio_story.packed): a backlog
 * of 10,000 stories read from the cache is 10,000 allocations, not ten
 * times that, and as many frees.  NULL when the entry is damaged.
 */
static struct prio_story *
get_story(struct reader *r, const char *path)
{
	struct prio_story head = { 0 }, *s;
	struct prio_rank *rank;
	struct story_view v;
	size_t int_len = 0;
	char *next;

	memset(&v, 0, sizeof(v));
	view_story(r, &v, &head);
	/* Only what prio writes: a status index of -1 (unknown) or more,
	 * no more criteria met than there are. */
	if (r->bad || (v.rank && !canonical_rank(v.rank, &int_len)) ||
	    (v.rank == NULL) != (v.rank_text == NULL) ||
	    head.status_index < -1 || head.criteria_met > head.ncriteria)
		return NULL;
	s = prio_xmalloc(sizeof(*s) + sizeof(*rank) +
	    (v.nlabels + v.ndepends + 2) * sizeof(char *) + str_size(path) +
	    v.strings);
	*s = head;
	rank = (struct prio_rank *)(s + 1);
	s->labels = (char **)(rank + 1);
	s->depends_on = s->labels + v.nlabels + 1;
	next = (char *)(s->depends_on + v.ndepends + 1);
	s->packed = true;
	s->readable = v.flags & 1;
	s->terminal = v.flags & 2;
	s->has_score = v.flags & 4;
	s->has_criteria_heading = v.flags & 8;
	s->path = pack_str(&next, path);
	s->id = pack_str(&next, v.id);
	s->title = pack_str(&next, v.title);
	s->status = pack_str(&next, v.status);
	s->rank_text = pack_str(&next, v.rank_text);
	s->owner = pack_str(&next, v.owner);
	s->goal = pack_str(&next, v.goal);
	if (v.rank) {
		rank->text = pack_str(&next, v.rank);
		rank->int_len = int_len;
		s->rank = rank;
	}
	pack_strv(&next, v.labels, s->labels, v.nlabels);
	s->nlabels = v.nlabels;
	pack_strv(&next, v.depends, s->depends_on, v.ndepends);
	s->ndepends_on = v.ndepends;
	return s;
}

/*
 * Only what orders the story, read in place: no allocation, so a key per
 * story of a large commit costs little.  The rules that turn these
 * fields into a key stay in backlog.c.
 */
static void
get_order_key(struct reader *r, struct prio_order_key *k)
{
	struct prio_story s = { 0 };
	struct prio_rank rank = { NULL, 0 };
	uint32_t flags = get_u32(r);

	s.readable = flags & 1;
	s.terminal = flags & 2;
	s.has_score = flags & 4;
	s.id = (char *)view_str(r);
	s.id_num = get_u64(r);
	(void)view_str(r);           /* title */
	(void)view_str(r);           /* status */
	(void)get_u32(r);            /* status index */
	(void)view_str(r);           /* rank as written */
	rank.text = (char *)view_str(r);
	(void)view_str(r);           /* owner */
	(void)view_str(r);           /* goal */
	skip_strv(r);                /* labels */
	skip_strv(r);                /* depends-on */
	get(r, &s.score, sizeof(s.score));
	s.priority = (int)get_u32(r);
	if (rank.text && !canonical_rank(rank.text, &rank.int_len))
		r->bad = true;
	s.rank = rank.text ? &rank : NULL;
	prio_order_key_of(k, &s);
}

void
cache_get_diags(struct reader *r, const char *path, struct prio_diags *out)
{
	uint32_t n = get_u32(r), i, sev, line, col;
	enum prio_rule rule;
	const char *name, *msg;

	for (i = 0; i < n && !r->bad; i++) {
		sev = get_u32(r);
		name = view_str(r);
		line = get_u32(r);
		col = get_u32(r);
		msg = view_str(r);
		rule = name ? prio_rule_lookup(name) : PRIO_RULE_COUNT;
		if (rule == PRIO_RULE_COUNT || msg == NULL ||
		    (sev != PRIO_SEV_ERROR && sev != PRIO_SEV_WARNING))
			r->bad = true;
		else
			prio_diags_add(out, (enum prio_severity)sev,
			    prio_rule_name(rule), path, line, col, "%s", msg);
	}
}

static void
get_extras(struct reader *r, struct prio_story *s)
{
	uint32_t n = get_u32(r), i, flags;
	struct prio_field *f;

	/* The light form counted them: the texts must agree. */
	if (n != s->ncriteria || n > (size_t)(r->end - r->p) / 16) {
		r->bad = true;
		return;
	}
	s->criteria = prio_xcalloc(n + 1, sizeof(*s->criteria));
	for (i = 0; i < n && !r->bad; i++) {
		/* A full parse gives every criterion a text ("" at least). */
		if ((s->criteria[i].text = get_str(r)) == NULL)
			r->bad = true;
		flags = get_u32(r);
		s->criteria[i].met = flags & 1;
		s->criteria[i].empty = flags & 2;
		s->criteria[i].line = get_u32(r);
		s->criteria[i].column = get_u32(r);
	}
	n = get_u32(r);
	if (r->bad || n > (size_t)(r->end - r->p) / 12) {
		r->bad = true;
		return;
	}
	s->fields = prio_xcalloc(n + 1, sizeof(*s->fields));
	for (i = 0; i < n && !r->bad; i++, s->nfields++) {
		f = &s->fields[i];
		f->kind = PRIO_FIELD_SCALAR;
		f->key = get_str(r);
		f->value = get_str(r);
		f->plain = get_u32(r) != 0;
		if (f->key == NULL || f->value == NULL)
			r->bad = true;
	}
}

/*
 * Reads a whole story and its diagnostics from one entry's body (after
 * anything the cache put in front): the light form, or with full the
 * criteria texts and scalar values too (NULL when the entry lacks
 * them).  NULL when the entry is damaged; diags are appended only for a
 * good entry.
 */
static struct prio_story *
read_story(struct reader *r, const char *path, bool full,
    struct prio_diags *diags)
{
	struct prio_diags got = PRIO_DIAGS_INIT;
	struct prio_story *s = get_story(r, path);
	uint32_t has_extras;

	if (s == NULL)
		return NULL;
	cache_get_diags(r, path, &got);
	has_extras = get_u32(r);
	if (has_extras == 1)
		get_extras(r, s);
	if (!full)
		story_drop_fields(s);
	if (r->bad || r->p != r->end || has_extras > 1 ||
	    (full && !has_extras)) {
		prio_story_free(s);
		prio_diags_free(&got);
		return NULL;
	}
	prio_diags_take(diags, &got);
	return s;
}

/* ---- the file: entries sorted by key, found by binary search ---- */

struct entry {
	const unsigned char *key;
	uint32_t key_len;
	const unsigned char *body;
	uint32_t body_len;
};

struct cache_file {
	const unsigned char *base;
	size_t size;
	void *map;                   /* when mapped, else base is in buf */
	struct prio_buf buf;
	size_t count;                /* 0 unless the file checked good */
};

static int
cmp_key(const unsigned char *a, size_t alen, const unsigned char *b,
    size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);

	return c ? c : (alen > blen) - (alen < blen);
}

/* Entry i of a checked file. */
static void
entry_at(const struct cache_file *f, size_t i, struct entry *e)
{
	uint64_t off;

	memcpy(&off, f->base + HEADER_SIZE + 8 * i, sizeof(off));
	memcpy(&e->key_len, f->base + off, 4);
	e->key = f->base + off + 4;
	memcpy(&e->body_len, e->key + e->key_len, 4);
	e->body = e->key + e->key_len + 4;
}

/*
 * Checks every offset and length, that entries follow one another to the
 * end of the file, and that keys ascend; afterwards entry_at needs no
 * checks.
 */
static bool
check_entries(const struct cache_file *f, uint64_t count)
{
	uint64_t off, next, i;
	uint32_t klen, blen;
	const unsigned char *prev = NULL, *key;
	uint32_t prev_len = 0;

	if (count > (f->size - HEADER_SIZE) / 16)
		return false;
	next = HEADER_SIZE + 8 * count;
	for (i = 0; i < count; i++) {
		memcpy(&off, f->base + HEADER_SIZE + 8 * i, sizeof(off));
		if (off != next || f->size - off < 4)
			return false;
		memcpy(&klen, f->base + off, 4);
		if (f->size - off - 4 < (uint64_t)klen + 4)
			return false;
		key = f->base + off + 4;
		memcpy(&blen, key + klen, 4);
		next = off + 8 + klen;
		if (f->size - next < blen)
			return false;
		next += blen;
		if (prev && cmp_key(prev, prev_len, key, klen) >= 0)
			return false;
		prev = key, prev_len = klen;
	}
	return next == f->size;
}

/* Reads the file without mapping it (where mmap is refused). */
static bool
slurp(int fd, struct prio_buf *b)
{
	ssize_t n;

	for (;;) {
		prio_buf_grow(b, 65536);
		n = read(fd, b->ptr + b->len, b->cap - b->len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n == 0;
		b->len += (size_t)n;
	}
}

/* Opens path; an absent, foreign or damaged file gives no entries. */
static void
file_open(struct cache_file *f, const char *path, const char *magic,
    uint64_t hash)
{
	struct stat st;
	uint64_t h, count;
	int fd;

	memset(f, 0, sizeof(*f));
	prio_buf_init(&f->buf);
	if (path == NULL || (fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_size < HEADER_SIZE) {
		close(fd);
		return;
	}
	f->size = (size_t)st.st_size;
	f->map = mmap(NULL, f->size, PROT_READ, MAP_PRIVATE | MAP_POPULATE,
	    fd, 0);
	if (f->map == MAP_FAILED) {
		f->map = NULL;
		if (!slurp(fd, &f->buf) || f->buf.len < HEADER_SIZE)
			f->buf.len = 0;
		f->base = (const unsigned char *)f->buf.ptr;
		f->size = f->buf.len;
	} else
		f->base = f->map;
	close(fd);
	if (f->size < HEADER_SIZE)
		return;
	memcpy(&h, f->base + MAGIC_SIZE, 8);
	memcpy(&count, f->base + MAGIC_SIZE + 8, 8);
	if (memcmp(f->base, magic, MAGIC_SIZE) == 0 && h == hash &&
	    check_entries(f, count))
		f->count = (size_t)count;
}

static void
file_close(struct cache_file *f)
{
	if (f->map)
		munmap(f->map, f->size);
	prio_buf_free(&f->buf);
	memset(f, 0, sizeof(*f));
}

static int
cmp_entry(const struct cache_file *f, size_t i, const void *key, size_t len)
{
	struct entry e;

	entry_at(f, i, &e);
	return cmp_key(e.key, e.key_len, key, len);
}

/*
 * The index of the entry with this key, or (size_t)-1; *near is where
 * the search ended, a hint for the next one.  Keys looked up in
 * ascending order (a walk of a folder of stories) each take a step or
 * two from the hint, rather than a search of the whole file.
 */
static size_t
file_find(const struct cache_file *f, const void *key, size_t len,
    size_t *near)
{
	size_t lo = 0, hi = f->count, mid, step = 1, probe;
	int c;

	if (*near < f->count && cmp_entry(f, *near, key, len) < 0) {
		lo = *near + 1;
		while ((probe = lo + step - 1) < hi &&
		    cmp_entry(f, probe, key, len) < 0) {
			lo = probe + 1;
			step *= 2;
		}
		if (probe < hi)
			hi = probe + 1;
	}
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = cmp_entry(f, mid, key, len);
		if (c == 0)
			return *near = mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*near = lo;
	return (size_t)-1;
}

/* A file being written: entries must be added in ascending key order. */
struct file_writer {
	struct prio_buf offsets;     /* relative to the first entry */
	struct prio_buf entries;
	size_t count;
};

static void
writer_add(struct file_writer *w, const void *key, size_t key_len,
    const void *body, size_t body_len)
{
	put_u64(&w->offsets, w->entries.len);
	put_u32(&w->entries, (uint32_t)key_len);
	put(&w->entries, key, key_len);
	put_u32(&w->entries, (uint32_t)body_len);
	put(&w->entries, body, body_len);
	w->count++;
}

static bool
write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p += w, n -= (size_t)w;
	}
	return true;
}

/*
 * Writes the header, the offset table and the entries to a temporary
 * file, renamed over path: readers see the old file or the new one.
 * Frees the writer.
 */
static void
writer_save(struct file_writer *w, const char *path, const char *magic,
    uint64_t hash)
{
	struct prio_buf head = PRIO_BUF_INIT;
	uint64_t base = HEADER_SIZE + 8 * (uint64_t)w->count, off;
	size_t i;

	put(&head, magic, MAGIC_SIZE);
	put_u64(&head, hash);
	put_u64(&head, w->count);
	for (i = 0; i < w->count; i++) {
		memcpy(&off, w->offsets.ptr + 8 * i, sizeof(off));
		put_u64(&head, base + off);
	}
	cache_replace_file(path, &head, &w->entries);
	prio_buf_free(&head);
	prio_buf_free(&w->offsets);
	prio_buf_free(&w->entries);
}

void
cache_replace_file(const char *path, const struct prio_buf *head,
    const struct prio_buf *rest)
{
	char *dir = prio_xstrdup(path), *slash = strrchr(dir, '/');
	char *tmp = prio_xasprintf("%s.XXXXXX", path);
	int fd;

	if (slash) {
		*slash = '\0';
		(void)mkdir(dir, 0777);
	}
	if ((fd = mkstemp(tmp)) >= 0) {
		bool ok = write_all(fd, head->ptr, head->len) &&
		    (rest == NULL || write_all(fd, rest->ptr, rest->len));

		if (close(fd) != 0 || !ok || rename(tmp, path) != 0)
			unlink(tmp);
	}
	free(tmp);
	free(dir);
}

/* ---- the stat cache ---- */

struct story_cache {
	struct cache_file file;
};

static bool
racy(const struct prio_stamp *st, time_t now)
{
	return st->mtime_sec >= now - RACY_SECONDS ||
	    st->ctime_sec >= now - RACY_SECONDS;
}

bool
story_cache_storable(const struct prio_source_file *f,
    const struct prio_story *s, time_t now)
{
	return f->has_stamp && !racy(&f->stamp, now) && s != NULL &&
	    s->criteria == NULL;
}

void
story_cache_save(const char *path, uint64_t config_hash,
    const struct prio_source_file *files, struct prio_story *const *stories,
    const struct prio_diags *diags, size_t n)
{
	struct file_writer w = { PRIO_BUF_INIT, PRIO_BUF_INIT, 0 };
	struct prio_buf e = PRIO_BUF_INIT;
	time_t now = time(NULL);
	size_t i;

	for (i = 0; i < n; i++) {
		if (!story_cache_storable(&files[i], stories[i], now))
			continue;
		prio_buf_clear(&e);
		put(&e, &files[i].stamp, sizeof(files[i].stamp));
		put_story(&e, stories[i]);
		cache_put_diags(&e, &diags[i]);
		put_extras(&e, stories[i], false);
		writer_add(&w, files[i].path, strlen(files[i].path), e.ptr,
		    e.len);
	}
	writer_save(&w, path, STAT_MAGIC, config_hash);
	prio_buf_free(&e);
}

struct story_cache *
story_cache_load(const char *path, uint64_t config_hash)
{
	struct story_cache *c = prio_xcalloc(1, sizeof(*c));

	file_open(&c->file, path, STAT_MAGIC, config_hash);
	return c;
}

struct prio_story *
story_cache_get(const struct story_cache *c, const struct prio_source_file *f,
    struct prio_diags *diags, bool *stale)
{
	struct prio_stamp stamp;
	struct reader r;
	struct entry e;
	size_t i, near = (size_t)-1;

	if (!f->has_stamp || (i = file_find(&c->file, f->path,
	    strlen(f->path), &near)) == (size_t)-1)
		return NULL;
	entry_at(&c->file, i, &e);
	r = (struct reader){ e.body, e.body + e.body_len, false };
	if (!get(&r, &stamp, sizeof(stamp)) ||
	    memcmp(&stamp, &f->stamp, sizeof(stamp)) != 0) {
		*stale = true;
		return NULL;
	}
	return read_story(&r, f->path, false, diags);
}

size_t
story_cache_count(const struct story_cache *c)
{
	return c->file.count;
}

void
story_cache_free(struct story_cache *c)
{
	if (c == NULL)
		return;
	file_close(&c->file);
	free(c);
}

/* ---- the blob cache ---- */

/* An entry made this run: its key and body in one allocation. */
struct added {
	unsigned char *data;
	size_t key_len, body_len;
	size_t seq;                  /* puts of one key: the last wins */
};

struct blob_cache {
	struct cache_file file;
	char *path;
	bool *used;                  /* per entry of file */
	size_t nused;
	struct added *added;
	size_t nadded, cap;
	struct prio_buf key;         /* scratch */
	size_t near;                 /* where the last search ended */
	uint64_t hash;
};

/* The key: the path and its NUL, the raw blob id, the config hash. */
static void
blob_key(struct blob_cache *c, uint64_t config_hash, const char *path,
    const git_oid *id)
{
	prio_buf_clear(&c->key);
	put(&c->key, path, strlen(path) + 1);
	put(&c->key, id->id, GIT_OID_RAWSZ);
	put_u64(&c->key, config_hash);
}

/* Finds the entry and marks it used; *path_view is the path in it. */
static bool
blob_find(struct blob_cache *c, uint64_t config_hash, const char *path,
    const git_oid *id, struct reader *r, const char **path_view)
{
	struct entry e;
	size_t i;

	blob_key(c, config_hash, path, id);
	if ((i = file_find(&c->file, c->key.ptr, c->key.len, &c->near)) ==
	    (size_t)-1)
		return false;
	entry_at(&c->file, i, &e);
	if (!c->used[i]) {
		c->used[i] = true;
		c->nused++;
	}
	*r = (struct reader){ e.body, e.body + e.body_len, false };
	*path_view = (const char *)e.key;
	return true;
}

struct blob_cache *
blob_cache_open(const char *path)
{
	struct blob_cache *c = prio_xcalloc(1, sizeof(*c));

	c->hash = cache_hash(BLOB_MAGIC, MAGIC_SIZE) ^ cache_build_salt();
	file_open(&c->file, path, BLOB_MAGIC, c->hash);
	c->path = path ? prio_xstrdup(path) : NULL;
	c->used = prio_xcalloc(c->file.count + 1, sizeof(*c->used));
	prio_buf_init(&c->key);
	return c;
}

bool
blob_cache_key(struct blob_cache *c, uint64_t config_hash, const char *path,
    const git_oid *id, struct prio_order_key *key)
{
	const char *in_cache;
	struct reader r;

	if (!blob_find(c, config_hash, path, id, &r, &in_cache))
		return false;
	get_order_key(&r, key);
	key->path = in_cache;
	return !r.bad;
}

struct prio_story *
blob_cache_get(struct blob_cache *c, uint64_t config_hash, const char *path,
    const git_oid *id, bool full, struct prio_diags *diags)
{
	const char *in_cache;
	struct reader r;

	if (!blob_find(c, config_hash, path, id, &r, &in_cache))
		return NULL;
	return read_story(&r, path, full, diags);
}

void
blob_cache_put(struct blob_cache *c, uint64_t config_hash, const char *path,
    const git_oid *id, const struct prio_story *s, bool full,
    const struct prio_diags *diags)
{
	struct prio_buf b = PRIO_BUF_INIT;
	struct added *a;

	if (c->path == NULL)
		return;
	blob_key(c, config_hash, path, id);
	put(&b, c->key.ptr, c->key.len);
	put_story(&b, s);
	cache_put_diags(&b, diags);
	put_extras(&b, s, full);
	prio_xgrow(&c->added, &c->cap, c->nadded + 1, sizeof(*c->added));
	a = &c->added[c->nadded];
	a->seq = c->nadded++;
	a->key_len = c->key.len;
	a->body_len = b.len - c->key.len;
	a->data = (unsigned char *)prio_buf_detach(&b, NULL);
}

size_t
blob_cache_hits(const struct blob_cache *c)
{
	return c->nused;
}

size_t
blob_cache_added(const struct blob_cache *c)
{
	return c->nadded;
}

static int
cmp_added_key(const struct added *a, const struct added *b)
{
	return cmp_key(a->data, a->key_len, b->data, b->key_len);
}

static int
cmp_added(const void *pa, const void *pb)
{
	const struct added *a = pa, *b = pb;
	int c = cmp_added_key(a, b);

	return c ? c : (a->seq > b->seq) - (a->seq < b->seq);
}

/*
 * Merges the file's entries with the new ones, in key order.  A key put
 * twice (a light parse, then a full one) is written once, as last put.
 */
void
blob_cache_save(struct blob_cache *c)
{
	struct file_writer w = { PRIO_BUF_INIT, PRIO_BUF_INIT, 0 };
	bool keep_unused;
	struct entry e;
	size_t i = 0, j = 0;
	int cmp;

	if (c->nadded == 0 || c->path == NULL)
		return;
	qsort(c->added, c->nadded, sizeof(*c->added), cmp_added);
	keep_unused = c->file.count + c->nadded <=
	    BLOB_KEEP_FACTOR * (c->nused + c->nadded) + BLOB_KEEP_EXTRA;
	while (i < c->file.count || j < c->nadded) {
		const struct added *a = j < c->nadded ? &c->added[j] : NULL;

		if (i < c->file.count)
			entry_at(&c->file, i, &e);
		cmp = i >= c->file.count ? 1 : a == NULL ? -1 :
		    cmp_key(e.key, e.key_len, a->data, a->key_len);
		if (cmp < 0) {
			if (c->used[i] || keep_unused)
				writer_add(&w, e.key, e.key_len, e.body,
				    e.body_len);
			i++;
			continue;
		}
		if (cmp == 0)
			i++;
		while (j + 1 < c->nadded && cmp_added_key(a, &c->added[j + 1])
		    == 0)
			a = &c->added[++j];
		writer_add(&w, a->data, a->key_len, a->data + a->key_len,
		    a->body_len);
		j++;
	}
	writer_save(&w, c->path, BLOB_MAGIC, c->hash);
}

void
blob_cache_free(struct blob_cache *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->nadded; i++)
		free(c->added[i].data);
	free(c->added);
	free(c->used);
	free(c->path);
	prio_buf_free(&c->key);
	file_close(&c->file);
	free(c);
}
