/* The story cache (see cache.h).  Native byte order: it never leaves
 * the machine that wrote it. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cache.h"
#include "prio/buf.h"
#include "prio/error.h"
#include "prio/rank.h"
#include "prio/rules.h"

#define CACHE_MAGIC "PRIOSC01"
#define NO_STRING 0xffffffffu
#define RACY_SECONDS 2

struct entry {
	const char *path;
	uint32_t path_len;
	const unsigned char *body;   /* after the path */
	const unsigned char *end;
};

struct story_cache {
	struct prio_buf data;
	struct entry *entries;       /* sorted by path, as written */
	size_t count;
};

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

/* ---- writing ---- */

static void
put(struct prio_buf *b, const void *p, size_t n)
{
	prio_buf_add(b, p, n);
}

static void
put_u32(struct prio_buf *b, uint32_t v)
{
	put(b, &v, sizeof(v));
}

static void
put_u64(struct prio_buf *b, uint64_t v)
{
	put(b, &v, sizeof(v));
}

static void
put_str(struct prio_buf *b, const char *s)
{
	uint32_t n = s ? (uint32_t)strlen(s) : NO_STRING;

	put_u32(b, n);
	if (s)
		put(b, s, n);
}

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

static void
put_story(struct prio_buf *b, const struct prio_story *s)
{
	uint32_t flags = (uint32_t)s->readable | (uint32_t)s->terminal << 1 |
	    (uint32_t)s->has_score << 2 | (uint32_t)s->has_criteria_heading << 3;

	put_u32(b, flags);
	put_str(b, s->id);
	put_u64(b, s->id_num);
	put_str(b, s->title);
	put_str(b, s->status);
	put_u32(b, (uint32_t)s->status_index);
	put_str(b, s->rank_text);
	put_str(b, s->owner);
	put_str(b, s->goal);
	put_strv(b, s->labels, s->nlabels);
	put_strv(b, s->depends_on, s->ndepends_on);
	put(b, &s->score, sizeof(s->score));
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

static void
put_diags(struct prio_buf *b, const struct prio_diags *d)
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

static bool
racy(const struct prio_stamp *st, time_t now)
{
	return st->mtime_sec >= now - RACY_SECONDS ||
	    st->ctime_sec >= now - RACY_SECONDS;
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

static void
write_file(const char *path, const struct prio_buf *b)
{
	char *dir = prio_xstrdup(path), *slash = strrchr(dir, '/');
	char *tmp = prio_xasprintf("%s.XXXXXX", path);
	int fd;

	if (slash) {
		*slash = '\0';
		(void)mkdir(dir, 0777);
	}
	if ((fd = mkstemp(tmp)) >= 0) {
		bool ok = write_all(fd, b->ptr, b->len);

		if (close(fd) != 0 || !ok || rename(tmp, path) != 0)
			unlink(tmp);
	}
	free(tmp);
	free(dir);
}

void
story_cache_save(const char *path, uint64_t config_hash,
    const struct prio_source_file *files, struct prio_story *const *stories,
    const struct prio_diags *diags, size_t n)
{
	struct prio_buf b = PRIO_BUF_INIT, e = PRIO_BUF_INIT;
	time_t now = time(NULL);
	size_t i, count = 0, count_at;

	put(&b, CACHE_MAGIC, 8);
	put_u64(&b, config_hash);
	count_at = b.len;
	put_u64(&b, 0);
	for (i = 0; i < n; i++) {
		if (!files[i].has_stamp || racy(&files[i].stamp, now) ||
		    stories[i] == NULL || stories[i]->criteria != NULL)
			continue;
		prio_buf_clear(&e);
		put(&e, &files[i].stamp, sizeof(files[i].stamp));
		put_story(&e, stories[i]);
		put_diags(&e, &diags[i]);
		put_str(&b, files[i].path);
		put_u32(&b, (uint32_t)e.len);
		put(&b, e.ptr, e.len);
		count++;
	}
	memcpy(b.ptr + count_at, &(uint64_t){ count }, sizeof(uint64_t));
	write_file(path, &b);
	prio_buf_free(&e);
	prio_buf_free(&b);
}

/* ---- reading: every read is bounds-checked; any fault spoils it ---- */

struct reader {
	const unsigned char *p, *end;
	bool bad;
};

static bool
get(struct reader *r, void *out, size_t n)
{
	if (r->bad || (size_t)(r->end - r->p) < n) {
		r->bad = true;
		memset(out, 0, n);
		return false;
	}
	memcpy(out, r->p, n);
	r->p += n;
	return true;
}

static uint32_t
get_u32(struct reader *r)
{
	uint32_t v;

	get(r, &v, sizeof(v));
	return v;
}

static uint64_t
get_u64(struct reader *r)
{
	uint64_t v;

	get(r, &v, sizeof(v));
	return v;
}

static char *
get_str(struct reader *r)
{
	uint32_t n = get_u32(r);
	char *s;

	if (r->bad || n == NO_STRING)
		return NULL;
	if ((size_t)(r->end - r->p) < n || memchr(r->p, '\0', n)) {
		r->bad = true;
		return NULL;
	}
	s = prio_xstrndup((const char *)r->p, n);
	r->p += n;
	return s;
}

static char **
get_strv(struct reader *r, size_t *n)
{
	uint32_t count = get_u32(r), i;
	char **v;

	*n = 0;
	if (r->bad || count > (size_t)(r->end - r->p) / 4) {
		r->bad = true;
		return NULL;
	}
	v = prio_xcalloc(count + 1, sizeof(*v));
	for (i = 0; i < count && !r->bad; i++)
		v[(*n)++] = get_str(r);
	return v;
}

static void
get_pos(struct reader *r, struct prio_pos *p)
{
	p->line = get_u32(r);
	p->column = get_u32(r);
}

static void
get_story(struct reader *r, struct prio_story *s)
{
	uint32_t flags = get_u32(r);

	s->readable = flags & 1;
	s->terminal = flags & 2;
	s->has_score = flags & 4;
	s->has_criteria_heading = flags & 8;
	s->id = get_str(r);
	s->id_num = get_u64(r);
	s->title = get_str(r);
	s->status = get_str(r);
	s->status_index = (int)get_u32(r);
	s->rank_text = get_str(r);
	s->owner = get_str(r);
	s->goal = get_str(r);
	s->labels = get_strv(r, &s->nlabels);
	s->depends_on = get_strv(r, &s->ndepends_on);
	get(r, &s->score, sizeof(s->score));
	s->criteria_line = get_u32(r);
	s->ncriteria = get_u64(r);
	s->criteria_met = get_u64(r);
	s->body_line = get_u32(r);
	s->body_offset = get_u64(r);
	get_pos(r, &s->id_pos);
	get_pos(r, &s->status_pos);
	get_pos(r, &s->rank_pos);
	get_pos(r, &s->depends_on_pos);
	if (s->rank_text && prio_rank_parse(&s->rank, s->rank_text,
	    strlen(s->rank_text)) != PRIO_OK)
		r->bad = true;
}

static void
get_diags(struct reader *r, const char *path, struct prio_diags *out)
{
	uint32_t n = get_u32(r), i, sev, line, col;
	enum prio_rule rule;
	char *name, *msg;

	for (i = 0; i < n && !r->bad; i++) {
		sev = get_u32(r);
		name = get_str(r);
		line = get_u32(r);
		col = get_u32(r);
		msg = get_str(r);
		rule = name ? prio_rule_lookup(name) : PRIO_RULE_COUNT;
		if (rule == PRIO_RULE_COUNT || msg == NULL ||
		    (sev != PRIO_SEV_ERROR && sev != PRIO_SEV_WARNING))
			r->bad = true;
		else
			prio_diags_add(out, (enum prio_severity)sev,
			    prio_rule_name(rule), path, line, col, "%s", msg);
		free(name);
		free(msg);
	}
}

static int
cmp_entry(const struct entry *e, const char *path, size_t len)
{
	int c = memcmp(e->path, path, e->path_len < len ? e->path_len : len);

	return c ? c : (e->path_len > len) - (e->path_len < len);
}

/* Splits the file into entries without decoding them. */
static bool
index_entries(struct story_cache *c, struct reader *r, uint64_t count)
{
	uint32_t plen, blen;
	size_t i;

	if (count > (size_t)(r->end - r->p) / 8)
		return false;
	c->entries = prio_xcalloc(count + 1, sizeof(*c->entries));
	for (i = 0; i < count; i++) {
		struct entry *e = &c->entries[i];

		plen = get_u32(r);
		if (r->bad || plen == NO_STRING ||
		    (size_t)(r->end - r->p) < plen)
			return false;
		e->path = (const char *)r->p, e->path_len = plen;
		r->p += plen;
		blen = get_u32(r);
		if (r->bad || (size_t)(r->end - r->p) < blen)
			return false;
		e->body = r->p, e->end = r->p + blen;
		r->p += blen;
		if (i > 0 && cmp_entry(&c->entries[i - 1], e->path,
		    e->path_len) >= 0)
			return false;
	}
	c->count = count;
	return r->p == r->end;
}

struct story_cache *
story_cache_load(const char *path, uint64_t config_hash)
{
	struct story_cache *c = prio_xcalloc(1, sizeof(*c));
	struct reader r;
	char magic[8];
	int fd;
	ssize_t n;

	prio_buf_init(&c->data);
	if (path == NULL || (fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return c;
	for (;;) {
		prio_buf_grow(&c->data, 65536);
		n = read(fd, c->data.ptr + c->data.len,
		    c->data.cap - c->data.len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		c->data.len += (size_t)n;
	}
	close(fd);
	r = (struct reader){ (const unsigned char *)c->data.ptr,
	    (const unsigned char *)c->data.ptr + c->data.len, false };
	if (n < 0 || !get(&r, magic, 8) || memcmp(magic, CACHE_MAGIC, 8) ||
	    get_u64(&r) != config_hash || !index_entries(c, &r, get_u64(&r))) {
		free(c->entries);
		c->entries = NULL;
		c->count = 0;
	}
	return c;
}

static const struct entry *
find_entry(const struct story_cache *c, const char *path)
{
	size_t lo = 0, hi = c->count, mid, len = strlen(path);
	int cmp;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		cmp = cmp_entry(&c->entries[mid], path, len);
		if (cmp == 0)
			return &c->entries[mid];
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

struct prio_story *
story_cache_get(const struct story_cache *c, const struct prio_source_file *f,
    struct prio_diags *diags)
{
	const struct entry *e;
	struct prio_diags got = PRIO_DIAGS_INIT;
	struct prio_stamp stamp;
	struct prio_story *s;
	struct reader r;

	if (!f->has_stamp || (e = find_entry(c, f->path)) == NULL)
		return NULL;
	r = (struct reader){ e->body, e->end, false };
	if (!get(&r, &stamp, sizeof(stamp)) ||
	    memcmp(&stamp, &f->stamp, sizeof(stamp)) != 0)
		return NULL;
	s = prio_xcalloc(1, sizeof(*s));
	s->path = prio_xstrdup(f->path);
	get_story(&r, s);
	get_diags(&r, f->path, &got);
	if (r.bad || r.p != r.end) {
		prio_story_free(s);
		prio_diags_free(&got);
		return NULL;
	}
	prio_diags_take(diags, &got);
	return s;
}

size_t
story_cache_count(const struct story_cache *c)
{
	return c->count;
}

void
story_cache_free(struct story_cache *c)
{
	if (c == NULL)
		return;
	free(c->entries);
	prio_buf_free(&c->data);
	free(c);
}
