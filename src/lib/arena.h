/*
 * arena.h — a bump allocator behind cmark's allocator interface.
 *
 * cmark allocates a node, a buffer or a string for every piece of every
 * story; freeing them one by one cost a third of prio's time on a large
 * backlog.  A story's cmark tree lives in an arena instead, and the whole
 * arena is reset once the story's criteria are read.  Internal.
 */
#ifndef PRIO_ARENA_H
#define PRIO_ARENA_H

#include <cmark.h>
#include <stddef.h>

struct arena_chunk;

struct arena {
	cmark_mem mem;              /* first, so &arena->mem finds the arena */
	struct arena_chunk *chunks; /* newest first */
};

void arena_init(struct arena *a);
/* Makes a the arena that cmark calls on this thread allocate from. */
void arena_bind(struct arena *a);
/* Frees everything allocated since the last reset; keeps one chunk. */
void arena_reset(struct arena *a);
void arena_free(struct arena *a);

#endif
