/*
 * Unit tests for src/lib/keysort.h (internal): prio_keysort() gives
 * what qsort with the whole comparison gives, for small and large
 * arrays, keys that tie a lot or never, bytes that are the same in
 * every key (passes the radix sort skips) and keys in every order.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/lib/keysort.h"
#include "tap.h"

/* An item: its whole order is (a, b); the key is a's top bits. */
struct pair {
	uint64_t a;
	unsigned b;
};

static int
cmp_pairs(const struct pair *x, const struct pair *y)
{
	if (x->a != y->a)
		return x->a < y->a ? -1 : 1;
	return x->b < y->b ? -1 : x->b > y->b;
}

static int
cmp_keyed(const void *pa, const void *pb)
{
	return cmp_pairs(((const struct prio_keyed *)pa)->item,
	    ((const struct prio_keyed *)pb)->item);
}

static int
cmp_plain(const void *pa, const void *pb)
{
	return cmp_pairs(pa, pb);
}

static uint64_t
next(uint64_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

/* n pairs made by kind; keysort's order against qsort's. */
static void
check(size_t n, int kind, int shift, const char *what)
{
	struct pair *p = calloc(n + 1, sizeof(*p));
	struct pair *want = calloc(n + 1, sizeof(*want));
	struct prio_keyed *k = calloc(n + 1, sizeof(*k));
	uint64_t state = 88172645463325252ULL + n + (uint64_t)kind;
	size_t i, bad = 0;

	for (i = 0; i < n; i++) {
		uint64_t r = next(&state);

		p[i].a = kind == 0 ? r : kind == 1 ? r % 7 :
		    kind == 2 ? (uint64_t)(n - i) : kind == 3 ? 42 :
		    (r & 0xff00ff) | 0x1234000000000000ULL;
		p[i].b = (unsigned)(next(&state) % 1000);
		k[i] = (struct prio_keyed){ p[i].a >> shift, &p[i] };
	}
	memcpy(want, p, n * sizeof(*p));
	qsort(want, n, sizeof(*want), cmp_plain);
	prio_keysort(k, n, cmp_keyed);
	for (i = 0; i < n; i++)
		bad += cmp_pairs(k[i].item, &want[i]) != 0;
	is_int((int)bad, 0, "%s, n %zu: the order qsort gives", what, n);
	free(p);
	free(want);
	free(k);
}

int
main(void)
{
	static const size_t sizes[] = { 0, 1, 2, 63, 64, 65, 1000, 10000 };
	size_t s;

	for (s = 0; s < sizeof(sizes) / sizeof(*sizes); s++) {
		check(sizes[s], 0, 0, "random keys");
		check(sizes[s], 0, 20, "random keys, only the top bits");
		check(sizes[s], 1, 0, "seven keys, many ties");
		check(sizes[s], 2, 0, "descending");
		check(sizes[s], 3, 0, "one key");
		check(sizes[s], 4, 0, "most bytes alike");
	}
	return tap_done();
}
