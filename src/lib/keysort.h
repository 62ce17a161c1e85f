/*
 * keysort.h — sorting by a number first (internal to the library).
 *
 * The library sorts 10,000 stories by their order, again by ID, and a
 * folder's names, on every command; with qsort that was 140,000 calls
 * of a comparison each time (3 ms of a `prio move`), though a number
 * made of each item's first bytes decides nearly all of them.
 * prio_keysort() sorts by that number with a radix sort, then sorts
 * each run of equal numbers with the whole comparison.
 *
 * The number must agree with the comparison: whenever a's key is below
 * b's, a sorts before b.  Equal keys say nothing.
 */
#ifndef PRIO_KEYSORT_H
#define PRIO_KEYSORT_H

#include <stddef.h>
#include <stdint.h>

struct prio_keyed {
	uint64_t key;
	const void *item;
};

/* The whole comparison of two struct prio_keyed, as qsort's. */
typedef int prio_keyed_cmp(const void *a, const void *b);

/* Sorts v[0..n) by key, then each run of equal keys by cmp. */
void prio_keysort(struct prio_keyed *v, size_t n, prio_keyed_cmp *cmp);

#endif
