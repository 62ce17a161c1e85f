/* A small map from strings to indices (see smap.h). */
#include <stdlib.h>
#include <string.h>

#include "prio/buf.h"
#include "smap.h"

static size_t
hash(const char *s)
{
	size_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static void
smap_grow(struct smap *m)
{
	struct smap next = { NULL, NULL, m->cap ? 2 * m->cap : 64, m->n };
	size_t i, j;

	next.keys = prio_xcalloc(next.cap, sizeof(*next.keys));
	next.vals = prio_xcalloc(next.cap, sizeof(*next.vals));
	for (i = 0; i < m->cap; i++) {
		if (m->keys[i] == NULL)
			continue;
		for (j = hash(m->keys[i]) & (next.cap - 1); next.keys[j];
		    j = (j + 1) & (next.cap - 1))
			;
		next.keys[j] = m->keys[i];
		next.vals[j] = m->vals[i];
	}
	free(m->keys);
	free(m->vals);
	*m = next;
}

size_t *
smap_at(struct smap *m, const char *key, size_t val)
{
	size_t i;

	if (2 * (m->n + 1) > m->cap)
		smap_grow(m);
	for (i = hash(key) & (m->cap - 1); m->keys[i];
	    i = (i + 1) & (m->cap - 1))
		if (strcmp(m->keys[i], key) == 0)
			return &m->vals[i];
	m->keys[i] = prio_xstrdup(key);
	m->vals[i] = val;
	m->n++;
	return &m->vals[i];
}

const size_t *
smap_get(const struct smap *m, const char *key)
{
	size_t i;

	if (m->cap == 0)
		return NULL;
	for (i = hash(key) & (m->cap - 1); m->keys[i];
	    i = (i + 1) & (m->cap - 1))
		if (strcmp(m->keys[i], key) == 0)
			return &m->vals[i];
	return NULL;
}

void
smap_free(struct smap *m)
{
	size_t i;

	for (i = 0; i < m->cap; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->vals);
}
