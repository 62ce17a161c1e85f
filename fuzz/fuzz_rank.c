/*
 * Fuzz target: ranks (prio/rank.h) — parse, canonical form, compare and
 * between.
 *
 * The input is "A\nB\nREST": two candidate ranks and bytes that make
 * the entropy.  Checked against a plain reference: a rank parses iff it
 * is digits with at most one '.' with a digit on each side; its canonical
 * form has no leading or trailing zeros and parses back to itself;
 * compare agrees with comparing the zero-padded digit strings;
 * between(lo, hi) lies strictly between lo and hi, keeps short, and
 * fails only when nothing fits.
 */
#include <stdbool.h>
#include <string.h>

#include "prio/error.h"
#include "prio/rank.h"
#include "fuzz.h"

/* The reference syntax, written independently of rank.c. */
static bool
ref_valid(const char *s, size_t n)
{
	size_t i, dots = 0, dot = 0;

	if (n == 0)
		return false;
	for (i = 0; i < n; i++) {
		if (s[i] == '.') {
			dots++;
			dot = i;
		} else if (s[i] < '0' || s[i] > '9')
			return false;
	}
	if (dots > 1)
		return false;
	return dots == 0 || (dot > 0 && dot + 1 < n);
}

static size_t
int_len(const char *t)
{
	const char *dot = strchr(t, '.');

	return dot ? (size_t)(dot - t) : strlen(t);
}

static size_t
frac_len(const char *t)
{
	const char *dot = strchr(t, '.');

	return dot ? strlen(dot + 1) : 0;
}

/* Digit i of t seen as w integer digits then fraction digits. */
static char
digit_at(const char *t, size_t w, size_t i)
{
	size_t il = int_len(t), fl = frac_len(t);

	if (i < w)
		return i < w - il ? '0' : t[i - (w - il)];
	i -= w;
	return i < fl ? t[il + 1 + i] : '0';
}

static int
ref_cmp(const char *a, const char *b)
{
	size_t w = int_len(a) > int_len(b) ? int_len(a) : int_len(b);
	size_t f = frac_len(a) > frac_len(b) ? frac_len(a) : frac_len(b);
	size_t i;

	for (i = 0; i < w + f; i++)
		if (digit_at(a, w, i) != digit_at(b, w, i))
			return digit_at(a, w, i) < digit_at(b, w, i) ? -1 : 1;
	return 0;
}

static int
sign(int v)
{
	return (v > 0) - (v < 0);
}

static void
check_canonical(const struct prio_rank *r)
{
	const char *t = prio_rank_str(r);
	struct prio_rank *again;
	size_t il = int_len(t), fl = frac_len(t);

	fuzz_assert(ref_valid(t, strlen(t)));
	fuzz_assert(il == r->int_len);
	fuzz_assert(il == 1 || t[0] != '0');
	fuzz_assert(fl == 0 || t[strlen(t) - 1] != '0');
	fuzz_assert(prio_rank_parse(&again, t, strlen(t)) == PRIO_OK);
	fuzz_assert(strcmp(prio_rank_str(again), t) == 0);
	prio_rank_free(again);
}

static struct prio_rank *
parse_one(const char *s, size_t n)
{
	struct prio_rank *r = NULL;
	int rc = prio_rank_parse(&r, s, n);

	fuzz_assert((rc == PRIO_OK) == ref_valid(s, n));
	fuzz_assert((rc == PRIO_OK) == (r != NULL));
	if (r != NULL) {
		check_canonical(r);
		fuzz_assert(ref_cmp(prio_rank_str(r), "0") >= 0);
	}
	return r;
}

/* Short: a few digits more than either neighbour, never dozens. */
static void
check_short(const struct prio_rank *r, const struct prio_rank *lo,
    const struct prio_rank *hi)
{
	size_t most = 0;

	if (lo != NULL)
		most = frac_len(prio_rank_str(lo));
	if (hi != NULL && frac_len(prio_rank_str(hi)) > most)
		most = frac_len(prio_rank_str(hi));
	fuzz_assert(frac_len(prio_rank_str(r)) <= most + 3);
}

static void
check_between(const struct prio_rank *lo, const struct prio_rank *hi,
    uint64_t entropy)
{
	struct prio_rank *r = NULL;
	int rc = prio_rank_between(&r, lo, hi, entropy);

	if (hi == NULL) {
		/* The next integer above lo, or 1. */
		fuzz_assert(rc == PRIO_OK && r != NULL);
		check_canonical(r);
		fuzz_assert(frac_len(prio_rank_str(r)) == 0);
		if (lo != NULL) {
			fuzz_assert(ref_cmp(prio_rank_str(r),
			    prio_rank_str(lo)) > 0);
			fuzz_assert(int_len(prio_rank_str(r)) <=
			    lo->int_len + 1);
		} else
			fuzz_assert(strcmp(prio_rank_str(r), "1") == 0);
		prio_rank_free(r);
		return;
	}
	if (ref_cmp(lo ? prio_rank_str(lo) : "0", prio_rank_str(hi)) >= 0) {
		fuzz_assert(rc == PRIO_ERANGE && r == NULL);
		return;
	}
	fuzz_assert(rc == PRIO_OK && r != NULL);
	check_canonical(r);
	fuzz_assert(ref_cmp(prio_rank_str(r),
	    lo ? prio_rank_str(lo) : "0") > 0);
	fuzz_assert(ref_cmp(prio_rank_str(r), prio_rank_str(hi)) < 0);
	check_short(r, lo, hi);
	prio_rank_free(r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *nl, *nl2;
	struct prio_rank *a, *b, *d;
	size_t na, nb, i;
	uint64_t entropy = 0;

	nl = memchr(s, '\n', size);
	na = nl ? (size_t)(nl - s) : size;
	nl2 = nl ? memchr(nl + 1, '\n', size - na - 1) : NULL;
	nb = nl ? (nl2 ? (size_t)(nl2 - nl - 1) : size - na - 1) : 0;
	if (nl2 != NULL)
		for (i = (size_t)(nl2 - s) + 1; i < size; i++)
			entropy = entropy * 131 + data[i];

	a = parse_one(s, na);
	b = nl ? parse_one(nl + 1, nb) : NULL;
	if (a != NULL) {
		d = prio_rank_dup(a);
		fuzz_assert(prio_rank_cmp(a, d) == 0);
		fuzz_assert(strcmp(prio_rank_str(a), prio_rank_str(d)) == 0);
		prio_rank_free(d);
		check_between(NULL, a, entropy);
		check_between(a, NULL, entropy);
	}
	if (a != NULL && b != NULL) {
		fuzz_assert(sign(prio_rank_cmp(a, b)) ==
		    ref_cmp(prio_rank_str(a), prio_rank_str(b)));
		fuzz_assert(sign(prio_rank_cmp(a, b)) ==
		    -sign(prio_rank_cmp(b, a)));
		check_between(a, b, entropy);
		check_between(b, a, entropy);
	}
	check_between(NULL, NULL, entropy);
	prio_rank_free(a);
	prio_rank_free(b);
	return 0;
}
