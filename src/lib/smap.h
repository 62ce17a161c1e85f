/*
 * smap.h — a small map from strings to indices (or any size_t), open
 * addressing with linear probing.  Internal to the library.
 *
 * The map owns copies of its keys.  An empty map (SMAP_INIT) holds no
 * memory; smap_free() returns every key and both arrays.  Not safe to
 * share between threads while one of them adds.
 */
#ifndef PRIO_SMAP_H
#define PRIO_SMAP_H

#include <stddef.h>

struct smap {
	char **keys;
	size_t *vals;
	size_t cap, n;          /* cap: 0 or a power of two */
};
#define SMAP_INIT { NULL, NULL, 0, 0 }

/* The slot of key's value; a new key gets value val.  The slot stays
 * valid until the next smap_at (which may grow the map). */
size_t *smap_at(struct smap *m, const char *key, size_t val);
/* The slot of key's value, or NULL when key is not in the map. */
const size_t *smap_get(const struct smap *m, const char *key);
void smap_free(struct smap *m);

#endif
