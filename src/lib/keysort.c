/* Sorting by a number first (see keysort.h). */
#include <stdlib.h>
#include <string.h>

#include "keysort.h"
#include "prio/buf.h"

/* Below this many items qsort is as quick, and allocates nothing. */
#define RADIX_FROM 64

/*
 * Least significant byte first, one pass a byte, into tmp and back; a
 * byte that is the same in every key (the high bytes of IDs, a rank's
 * length) costs no pass.  Returns the array holding the result.
 */
static struct prio_keyed *
radix(struct prio_keyed *v, struct prio_keyed *tmp, size_t n)
{
	size_t count[8][256] = { { 0 } }, i, b, at, c;
	struct prio_keyed *from = v, *to = tmp, *swap;

	for (i = 0; i < n; i++)
		for (b = 0; b < 8; b++)
			count[b][(v[i].key >> (8 * b)) & 0xff]++;
	for (b = 0; b < 8; b++) {
		if (count[b][(v[0].key >> (8 * b)) & 0xff] == n)
			continue;
		for (at = 0, c = 0; c < 256; c++) {
			size_t here = count[b][c];

			count[b][c] = at;
			at += here;
		}
		for (i = 0; i < n; i++)
			to[count[b][(from[i].key >> (8 * b)) & 0xff]++] =
			    from[i];
		swap = from;
		from = to;
		to = swap;
	}
	return from;
}

void
prio_keysort(struct prio_keyed *v, size_t n, prio_keyed_cmp *cmp)
{
	struct prio_keyed *tmp, *sorted;
	size_t i, run;

	if (n < RADIX_FROM) {
		qsort(v, n, sizeof(*v), cmp);
		return;
	}
	tmp = prio_xcalloc(n, sizeof(*tmp));
	sorted = radix(v, tmp, n);
	if (sorted != v)
		memcpy(v, sorted, n * sizeof(*v));
	free(tmp);
	for (i = 0; i < n; i += run) {
		for (run = 1; i + run < n && v[i + run].key == v[i].key; run++)
			continue;
		if (run > 1)
			qsort(v + i, run, sizeof(*v), cmp);
	}
}
