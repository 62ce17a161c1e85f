/* A bump allocator for cmark (see arena.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "prio/buf.h"

#define CHUNK_SIZE (64 * 1024)

struct arena_chunk {
	struct arena_chunk *next;
	size_t size;
	size_t used;
	max_align_t data[];
};

/* Each block remembers its size, so realloc can copy it. */
struct block {
	size_t size;
	max_align_t data[];
};

static size_t
round_up(size_t n)
{
	size_t a = sizeof(max_align_t);

	return (n + a - 1) / a * a;
}

static struct block *
arena_block(struct arena *a, size_t size)
{
	size_t need = round_up(sizeof(struct block) + size);
	struct arena_chunk *c = a->chunks;
	struct block *b;

	if (size > SIZE_MAX / 2)
		abort();
	if (c == NULL || c->size - c->used < need) {
		size_t cap = need > CHUNK_SIZE / 4 ? need : CHUNK_SIZE;

		c = prio_xmalloc(sizeof(*c) + cap);
		c->size = cap;
		c->used = 0;
		/* A big block gets its own chunk behind the current one, so
		 * the current chunk's free space is not abandoned. */
		if (cap != CHUNK_SIZE && a->chunks) {
			c->next = a->chunks->next;
			a->chunks->next = c;
		} else {
			c->next = a->chunks;
			a->chunks = c;
		}
	}
	b = (struct block *)((char *)c->data + c->used);
	c->used += need;
	b->size = size;
	return b;
}

/*
 * cmark's allocator functions receive no context pointer, so an arena
 * is found through the one arena bound to the calling thread while
 * cmark runs.  This is the only thread-local in prio, set and cleared
 * around each cmark call (see story_criteria.c).
 */
static _Thread_local struct arena *current;

static void *
cur_calloc(size_t count, size_t size)
{
	struct block *b;

	if (size && count > SIZE_MAX / size)
		abort();
	b = arena_block(current, count * size);
	memset(b->data, 0, count * size);
	return b->data;
}

static void *
cur_realloc(void *ptr, size_t size)
{
	struct block *old, *b;

	b = arena_block(current, size);
	if (ptr) {
		old = (struct block *)((char *)ptr - offsetof(struct block,
		    data));
		memcpy(b->data, ptr, old->size < size ? old->size : size);
	}
	return b->data;
}

static void
cur_free(void *ptr)
{
	(void)ptr;
}

void
arena_init(struct arena *a)
{
	a->mem.calloc = cur_calloc;
	a->mem.realloc = cur_realloc;
	a->mem.free = cur_free;
	a->chunks = NULL;
}

void
arena_bind(struct arena *a)
{
	current = a;
}

void
arena_reset(struct arena *a)
{
	struct arena_chunk *c, *next;

	if (a->chunks == NULL)
		return;
	for (c = a->chunks->next; c; c = next) {
		next = c->next;
		free(c);
	}
	a->chunks->next = NULL;
	a->chunks->used = 0;
}

void
arena_free(struct arena *a)
{
	arena_reset(a);
	free(a->chunks);
	a->chunks = NULL;
}
