/*
 * binio.h — the primitives of prio's binary files in the git directory
 * (the story caches, cache.c; the check memo, checkmemo.c).  Internal to
 * the library.
 *
 * Numbers are 32 or 64 bits in the machine's order (the files never
 * leave the repository they were made in).  A string is a 32-bit length
 * (NO_STRING for none), the bytes and a NUL, so a reader may point into
 * the file instead of copying.  Every read is bounds-checked: the first
 * that does not fit marks the reader bad, and every later one fails, so
 * a caller checks once at the end.
 */
#ifndef PRIO_BINIO_H
#define PRIO_BINIO_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "prio/buf.h"

#define NO_STRING 0xffffffffu

static inline void
put(struct prio_buf *b, const void *p, size_t n)
{
	prio_buf_add(b, p, n);
}

static inline void
put_u32(struct prio_buf *b, uint32_t v)
{
	put(b, &v, sizeof(v));
}

static inline void
put_u64(struct prio_buf *b, uint64_t v)
{
	put(b, &v, sizeof(v));
}

/* The length, the bytes and a NUL, so readers may point at them. */
static inline void
put_str(struct prio_buf *b, const char *s)
{
	uint32_t n = s ? (uint32_t)strlen(s) : NO_STRING;

	put_u32(b, n);
	if (s)
		put(b, s, (size_t)n + 1);
}

struct reader {
	const unsigned char *p, *end;
	bool bad;
};

static inline bool
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

static inline uint32_t
get_u32(struct reader *r)
{
	uint32_t v;

	get(r, &v, sizeof(v));
	return v;
}

static inline uint64_t
get_u64(struct reader *r)
{
	uint64_t v;

	get(r, &v, sizeof(v));
	return v;
}

/* A string in place (NUL-terminated, no NUL inside), or NULL. */
static inline const char *
view_str(struct reader *r)
{
	uint32_t n = get_u32(r);
	const char *s;

	if (r->bad || n == NO_STRING)
		return NULL;
	if ((size_t)(r->end - r->p) <= n || r->p[n] != '\0' ||
	    memchr(r->p, '\0', n)) {
		r->bad = true;
		return NULL;
	}
	s = (const char *)r->p;
	r->p += (size_t)n + 1;
	return s;
}

#endif
