/*
 * Unit tests for prio/rank.h: parsing, comparing, and choosing ranks.
 *
 * The property tests draw from a fixed xorshift stream, so every run
 * checks the same thousands of cases and a failure can be replayed.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prio/buf.h"
#include "prio/error.h"
#include "prio/rank.h"
#include "tap.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* A parse the test relies on; stop the run rather than test garbage. */
static struct prio_rank *
mk(const char *s)
{
	struct prio_rank *r;

	if (prio_rank_parse(&r, s, strlen(s)) != PRIO_OK) {
		printf("Bail out! cannot parse '%s'\n", s);
		exit(255);
	}
	return r;
}

static size_t
frac_len(const struct prio_rank *r)
{
	const char *dot = strchr(prio_rank_str(r), '.');

	return dot ? strlen(dot + 1) : 0;
}

static uint64_t
xorshift(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static char *
repeat(char c, size_t n)
{
	char *s = prio_xmalloc(n + 1);

	memset(s, c, n);
	s[n] = '\0';
	return s;
}

/*
 * The smallest decimal with d fraction digits above lo: lo cut to d
 * digits plus one unit in the last place.  Worked out on the text,
 * independently of rank.c, to serve as an oracle.
 */
static struct prio_rank *
next_at(const struct prio_rank *lo, size_t d)
{
	const char *s = prio_rank_str(lo);
	size_t il = strcspn(s, "."), fl = frac_len(lo), i, n = 1 + il + d;
	char *dig = prio_xmalloc(n + 2);
	struct prio_rank *r;

	dig[0] = '0';
	memcpy(dig + 1, s, il);
	for (i = 0; i < d; i++)
		dig[1 + il + i] = i < fl ? s[il + 1 + i] : '0';
	for (i = n; i-- > 0 && dig[i] == '9';)
		dig[i] = '0';
	dig[i]++;
	if (d > 0) {
		memmove(dig + 1 + il + 1, dig + 1 + il, d);
		dig[1 + il] = '.';
		n++;
	}
	dig[n] = '\0';
	r = mk(dig);
	free(dig);
	return r;
}

/* The fewest fraction digits at which some decimal fits in (lo, hi). */
static size_t
sep_digits(const struct prio_rank *lo, const struct prio_rank *hi)
{
	struct prio_rank *c;
	size_t d;
	int fits;

	for (d = 0;; d++) {
		c = next_at(lo, d);
		fits = prio_rank_cmp(c, hi) < 0;
		prio_rank_free(c);
		if (fits)
			return d;
	}
}

/* Some text for a rank, often with leading or trailing zeros. */
static char *
random_text(uint64_t *s)
{
	static const size_t ilens[] = { 1, 1, 1, 2, 3, 25 };
	static const size_t flens[] = { 0, 0, 1, 2, 3, 4, 8, 30, 220 };
	size_t il = ilens[xorshift(s) % NELEM(ilens)];
	size_t fl = flens[xorshift(s) % NELEM(flens)], i;
	char *t = prio_xmalloc(il + fl + 2);

	for (i = 0; i < il; i++)
		t[i] = (char)('0' + xorshift(s) % (i == 0 ? 3 : 10));
	t[il] = '.';
	for (i = 0; i < fl; i++)
		t[il + 1 + i] = (char)('0' + xorshift(s) % 10);
	t[fl ? il + 1 + fl : il] = '\0';
	return t;
}

/* A rank close to a: its text with one digit changed, some appended. */
static char *
near_text(const char *a, uint64_t *s)
{
	size_t len = strlen(a), extra = xorshift(s) % 4, i, at;
	char *t = prio_xmalloc(len + extra + 2);

	memcpy(t, a, len + 1);
	if (strchr(t, '.') == NULL && extra > 0)
		t[len++] = '.';
	for (i = 0; i < extra; i++)
		t[len++] = (char)('0' + xorshift(s) % 10);
	t[len] = '\0';
	at = xorshift(s) % len;
	if (t[at] != '.')
		t[at] = (char)('0' + xorshift(s) % 10);
	return t;
}

static void
test_parse_accept(void)
{
	static const struct {
		const char *in, *want;
		size_t int_len;
	} t[] = {
		{ "0", "0", 1 }, { "000", "0", 1 }, { "0.0", "0", 1 },
		{ "00.000", "0", 1 }, { "3", "3", 1 }, { "3.5", "3.5", 1 },
		{ "0.125", "0.125", 1 }, { "007.50", "7.5", 1 },
		{ "10", "10", 2 }, { "100.000", "100", 3 },
		{ "0.010", "0.01", 1 }, { "00.00100", "0.001", 1 },
		{ "18446744073709551616", "18446744073709551616", 20 },
		{ "0100.0010", "100.001", 3 },
	};
	struct prio_rank *r;
	size_t i;

	for (i = 0; i < NELEM(t); i++) {
		is_int(prio_rank_parse(&r, t[i].in, strlen(t[i].in)),
		    PRIO_OK, "parse accepts '%s'", t[i].in);
		is_str(prio_rank_str(r), t[i].want, "'%s' is '%s'", t[i].in,
		    t[i].want);
		is_int(r->int_len, t[i].int_len, "'%s' has %zu integer digits",
		    t[i].in, t[i].int_len);
		prio_rank_free(r);
	}
}

static void
test_parse_refuse(void)
{
	static const struct {
		const char *in, *name;
	} t[] = {
		{ "", "" }, { "3.", "3." }, { ".5", ".5" }, { ".", "." },
		{ "..", ".." }, { "+1", "+1" }, { "-1", "-1" },
		{ "1e3", "1e3" },
		{ "0.5e1", "0.5e1" }, { " 1", " 1" }, { "1 ", "1 " },
		{ "\t1", "\\t1" }, { "1\n", "1\\n" }, { "1.2.3", "1.2.3" },
		{ "1..2", "1..2" }, { "0x1", "0x1" }, { "1,5", "1,5" },
		{ "1_000", "1_000" }, { "NaN", "NaN" }, { "inf", "inf" },
		{ "--1", "--1" }, { "\xd9\xa1", "arabic-indic one" },
		{ "1/2", "1/2" }, { "-0", "-0" }, { "0.-1", "0.-1" },
	};
	struct prio_rank *r;
	size_t i;

	for (i = 0; i < NELEM(t); i++)
		is_int(prio_rank_parse(&r, t[i].in, strlen(t[i].in)),
		    PRIO_EINVAL, "parse refuses '%s'", t[i].name);
}

/* len, not the NUL, ends the input: bytes past len are not looked at. */
static void
test_parse_len(void)
{
	static const char nul_in[] = "1\0" "2";
	struct prio_rank *r;

	is_int(prio_rank_parse(&r, nul_in, 3), PRIO_EINVAL,
	    "parse refuses a NUL byte inside len");
	is_int(prio_rank_parse(&r, "1\0", 2), PRIO_EINVAL,
	    "parse refuses a trailing NUL inside len");
	is_int(prio_rank_parse(&r, "1.50", 2), PRIO_EINVAL,
	    "parse refuses '1.' cut from '1.50'");
	is_int(prio_rank_parse(&r, "", 0), PRIO_EINVAL, "parse refuses len 0");
	is_int(prio_rank_parse(&r, "12x", 2), PRIO_OK,
	    "parse stops at len before a bad byte");
	is_str(prio_rank_str(r), "12", "'12x' cut to 2 is '12'");
	prio_rank_free(r);
	is_int(prio_rank_parse(&r, "4.50", 3), PRIO_OK,
	    "parse '4.50' cut to 3");
	is_str(prio_rank_str(r), "4.5", "'4.50' cut to 3 is '4.5'");
	prio_rank_free(r);
}

static void
test_parse_long(void)
{
	char *zeros = repeat('0', 300), *frac = repeat('7', 199);
	char *in = prio_xasprintf("%s12.%s5%s", zeros, frac, zeros);
	char *want = prio_xasprintf("12.%s5", frac);
	struct prio_rank *r;

	is_int(prio_rank_parse(&r, in, strlen(in)), PRIO_OK,
	    "parse accepts 300 leading zeros and a 200-digit fraction");
	is_str(prio_rank_str(r), want, "long rank is canonical");
	is_int(r->int_len, 2, "long rank has 2 integer digits");
	is_int(frac_len(r), 200, "long rank keeps 200 fraction digits");
	prio_rank_free(r);
	free(in);
	free(want);
	free(zeros);
	free(frac);
}

static void
test_cmp(void)
{
	static const struct {
		const char *a, *b;
		int want;
	} t[] = {
		{ "2", "10", -1 }, { "0.5", "0.50", 0 }, { "1.09", "1.1", -1 },
		{ "0", "0.0", 0 }, { "0", "0.0001", -1 }, { "9", "10", -1 },
		{ "7", "7.5", -1 }, { "7.5", "7.55", -1 },
		{ "7.05", "7.5", -1 },
		{ "10", "9.999", 1 }, { "007", "7", 0 }, { "3.5", "3.5", 0 },
		{ "1.0000000000000000000000001", "1", 1 },
		{ "99999999999999999999", "100000000000000000000", -1 },
		{ "123456789012345678901234567890",
		  "123456789012345678901234567891", -1 },
		{ "18446744073709551616", "18446744073709551615.9", 1 },
	};
	struct prio_rank *a, *b;
	size_t i;

	for (i = 0; i < NELEM(t); i++) {
		a = mk(t[i].a);
		b = mk(t[i].b);
		is_int(prio_rank_cmp(a, b), t[i].want, "cmp('%s', '%s')",
		    t[i].a, t[i].b);
		is_int(prio_rank_cmp(b, a), -t[i].want, "cmp('%s', '%s')",
		    t[i].b, t[i].a);
		prio_rank_free(a);
		prio_rank_free(b);
	}
}

/* Two 200-digit fractions that differ only in their last digit. */
static void
test_cmp_long(void)
{
	char *f = repeat('3', 199);
	char *as = prio_xasprintf("5.%s4", f), *bs = prio_xasprintf("5.%s5", f);
	struct prio_rank *a = mk(as), *b = mk(bs);

	is_int(prio_rank_cmp(a, b), -1, "cmp sees the 200th fraction digit");
	is_int(prio_rank_cmp(b, a), 1, "cmp sees it the other way");
	is_int(prio_rank_cmp(a, a), 0, "a long rank equals itself");
	prio_rank_free(a);
	prio_rank_free(b);
	free(as);
	free(bs);
	free(f);
}

static void
test_dup_uint_free(void)
{
	static const struct {
		uint64_t n;
		const char *want;
	} t[] = {
		{ 0, "0" }, { 1, "1" }, { 10, "10" },
		{ UINT64_MAX, "18446744073709551615" },
	};
	struct prio_rank *r, *d;
	size_t i;

	for (i = 0; i < NELEM(t); i++) {
		r = prio_rank_from_uint(t[i].n);
		is_str(prio_rank_str(r), t[i].want, "from_uint(%" PRIu64 ")",
		    t[i].n);
		is_int(r->int_len, strlen(t[i].want), "from_uint(%" PRIu64
		    ") int_len", t[i].n);
		d = prio_rank_dup(r);
		ok(d != r && d->text != r->text, "dup is a new copy");
		is_int(prio_rank_cmp(d, r), 0, "dup equals the original");
		prio_rank_free(r);
		is_str(prio_rank_str(d), t[i].want,
		    "dup outlives the original");
		prio_rank_free(d);
	}
	r = prio_rank_from_uint(10);
	d = mk("10.000");
	is_int(prio_rank_cmp(r, d), 0, "from_uint(10) equals '10.000'");
	prio_rank_free(r);
	prio_rank_free(d);
	prio_rank_free(NULL);
	ok(1, "free(NULL) is a no-op");
}

/* between(lo, hi) with lo or hi "-" for NULL. */
static int
between_s(char **out, const char *lo, const char *hi, uint64_t entropy)
{
	struct prio_rank *l = strcmp(lo, "-") ? mk(lo) : NULL;
	struct prio_rank *h = strcmp(hi, "-") ? mk(hi) : NULL;
	struct prio_rank *r = NULL;
	int rc = prio_rank_between(&r, l, h, entropy);

	*out = rc == PRIO_OK ? prio_xstrdup(prio_rank_str(r)) : NULL;
	prio_rank_free(r);
	prio_rank_free(l);
	prio_rank_free(h);
	return rc;
}

static void
test_between_ends(void)
{
	static const struct {
		const char *lo, *hi, *want;
		int rc;
	} t[] = {
		{ "-", "-", "1", PRIO_OK }, { "7.25", "-", "8", PRIO_OK },
		{ "7", "-", "8", PRIO_OK }, { "0", "-", "1", PRIO_OK },
		{ "0.001", "-", "1", PRIO_OK }, { "999", "-", "1000", PRIO_OK },
		{ "9.99", "-", "10", PRIO_OK },
		{ "18446744073709551615", "-", "18446744073709551616",
		  PRIO_OK },
		{ "-", "0", NULL, PRIO_ERANGE },
		{ "-", "0.000", NULL, PRIO_ERANGE },
		{ "3", "3", NULL, PRIO_ERANGE },
		{ "3", "2", NULL, PRIO_ERANGE },
		{ "3.5", "3.50", NULL, PRIO_ERANGE },
		{ "10", "9.99", NULL, PRIO_ERANGE },
	};
	size_t i;
	char *r;

	for (i = 0; i < NELEM(t); i++) {
		is_int(between_s(&r, t[i].lo, t[i].hi, 42), t[i].rc,
		    "between(%s, %s) returns %d", t[i].lo, t[i].hi, t[i].rc);
		is_str(r, t[i].want, "between(%s, %s) is %s", t[i].lo,
		    t[i].hi, t[i].want ? t[i].want : "nothing");
		free(r);
	}
}

/*
 * Exact picks for fixed entropies.  The values were checked against an
 * independent model of the algorithm in exact rational arithmetic.
 */
static void
test_between_exact(void)
{
	static const struct {
		const char *lo, *hi;
		uint64_t entropy;
		const char *want;
	} t[] = {
		{ "2", "3", 0, "2.482" }, { "2", "3", 1, "2.697" },
		{ "2", "3", 2, "2.223" }, { "2.5", "2.51", 0, "2.50482" },
		{ "-", "1", 0, "0.482" }, { "-", "1", 5, "0.733" },
		{ "1.9999", "2.0001", 3, "2" }, { "2", "1000", 1, "698" },
		{ "2", "100", 1, "70.3" }, { "1", "2", 0, "1.482" },
		{ "0.98", "1.03", 4, "0.99" }, { "0.981", "1.0291", 1, "1.01" },
	};
	size_t i;
	char *r;

	for (i = 0; i < NELEM(t); i++) {
		between_s(&r, t[i].lo, t[i].hi, t[i].entropy);
		is_str(r, t[i].want, "between(%s, %s, entropy %" PRIu64
		    ") is %s", t[i].lo, t[i].hi, t[i].entropy, t[i].want);
		free(r);
	}
}

/* Ranks with hundreds of digits on either side of the point. */
static void
test_between_huge(void)
{
	char *z = repeat('0', 300), *nines = repeat('9', 300);
	char *lo = prio_xasprintf("0.%s1", z), *hi = prio_xasprintf("0.%s2", z);
	char *big = prio_xasprintf("1%s", z), *big1 = prio_xasprintf("1%s1",
	    z + 1);
	char *n9 = prio_xasprintf("%s.5", nines), *want9 = prio_xasprintf(
	    "1%s", z);
	char *r;

	is_int(between_s(&r, lo, hi, 7), PRIO_OK, "between 301-digit ranks");
	ok(r && strncmp(r, lo, 303) == 0 && strlen(r) >= 304 &&
	    strlen(r) <= 306, "it keeps the 300 zeros and adds 2 or 3 digits");
	free(r);
	is_int(between_s(&r, big, big1, 7), PRIO_OK,
	    "between 10^300 and 10^300 + 1");
	ok(r && strncmp(r, big, 301) == 0 && r[301] == '.' &&
	    strlen(r) <= 305, "it is 10^300 and a short fraction");
	free(r);
	between_s(&r, n9, "-", 7);
	is_str(r, want9, "after 300 nines .5 comes 10^300");
	free(r);
	free(z);
	free(nines);
	free(lo);
	free(hi);
	free(big);
	free(big1);
	free(n9);
	free(want9);
}

struct prop_fail {
	int order, canon, length, det;
};

/* Checks one pick between lo < hi; counts what went wrong. */
static void
check_pick(struct prop_fail *f, const struct prio_rank *lo,
    const struct prio_rank *hi, uint64_t entropy)
{
	struct prio_rank *r, *again, *re;
	int rc = prio_rank_between(&r, lo, hi, entropy);

	if (rc != PRIO_OK) {
		f->order++;
		return;
	}
	if (prio_rank_cmp(lo, r) >= 0 || prio_rank_cmp(r, hi) >= 0) {
		if (f->order++ == 0)
			printf("# not between: %s < %s < %s\n",
			    prio_rank_str(lo), prio_rank_str(r),
			    prio_rank_str(hi));
	}
	re = mk(prio_rank_str(r));
	f->canon += strcmp(prio_rank_str(re), prio_rank_str(r)) != 0 ||
	    re->int_len != r->int_len;
	if (frac_len(r) > sep_digits(lo, hi) + 2 && f->length++ == 0)
		printf("# too long: %s < %s < %s\n", prio_rank_str(lo),
		    prio_rank_str(r), prio_rank_str(hi));
	prio_rank_between(&again, lo, hi, entropy);
	f->det += strcmp(prio_rank_str(again), prio_rank_str(r)) != 0;
	prio_rank_free(again);
	prio_rank_free(re);
	prio_rank_free(r);
}

/* Random pairs, half of them close together, and the top of each. */
static void
test_between_random(void)
{
	struct prop_fail f = { 0, 0, 0, 0 };
	struct prio_rank *a, *b, *zero = mk("0");
	uint64_t s = 0x5eed;
	char *at, *bt;
	int i, pairs = 0;

	for (i = 0; i < 3000; i++) {
		at = random_text(&s);
		bt = i % 2 ? near_text(at, &s) : random_text(&s);
		a = mk(at);
		b = mk(bt);
		if (prio_rank_cmp(a, b) > 0) {
			struct prio_rank *t = a;
			a = b;
			b = t;
		}
		if (prio_rank_cmp(a, b) < 0) {
			check_pick(&f, a, b, xorshift(&s));
			pairs++;
		}
		if (prio_rank_cmp(zero, b) < 0)
			check_pick(&f, zero, b, xorshift(&s));
		prio_rank_free(a);
		prio_rank_free(b);
		free(at);
		free(bt);
	}
	ok(pairs > 2500, "%d distinct random pairs", pairs);
	is_int(f.order, 0, "every pick is strictly between its bounds");
	is_int(f.canon, 0, "every pick is canonical");
	is_int(f.length, 0, "every pick has at most 2 digits more than needed");
	is_int(f.det, 0, "the same entropy gives the same pick");
	prio_rank_free(zero);
}

/* lo NULL is "between 0 and hi", hi NULL is "the next integer". */
static void
test_between_random_ends(void)
{
	struct prio_rank *h, *r, *want;
	uint64_t s = 0xfeed;
	int i, top = 0, bottom = 0;
	char *t;

	for (i = 0; i < 1000; i++) {
		t = random_text(&s);
		h = mk(t);
		if (prio_rank_between(&r, NULL, h, xorshift(&s)) == PRIO_OK) {
			top += frac_len(r) > frac_len(h) + 3 ||
			    strcmp(prio_rank_str(r), "0") == 0 ||
			    prio_rank_cmp(r, h) >= 0;
			prio_rank_free(r);
		} else
			top += strcmp(prio_rank_str(h), "0") != 0;
		prio_rank_between(&r, h, NULL, xorshift(&s));
		want = next_at(h, 0);
		bottom += r == NULL ||
		    strcmp(prio_rank_str(r), prio_rank_str(want)) != 0;
		prio_rank_free(want);
		prio_rank_free(r);
		prio_rank_free(h);
		free(t);
	}
	is_int(top, 0, "random tops are in (0, hi), or ERANGE for hi 0");
	is_int(bottom, 0, "random bottoms are the next integer");
}

struct run {
	int notes, order, grew1, grew2;
	size_t max_frac;
};

/*
 * Notes r as the next pick of a run whose previous pick was prev.  Growth
 * is measured against the longest pick so far.  The scale of the picks
 * grows by at most one digit per insert, but a pick that ends in zeros
 * (one in ten ends in one zero, one in a hundred in two) shows fewer
 * digits than its scale, so the next pick may look two digits longer.
 */
static void
run_note(struct run *run, const struct prio_rank *prev,
    const struct prio_rank *r, int want_order)
{
	int c = prio_rank_cmp(prev, r);

	if ((c > 0) - (c < 0) != want_order && run->order++ == 0)
		printf("# out of order: %s then %s\n", prio_rank_str(prev),
		    prio_rank_str(r));
	if (run->notes++ > 0 && frac_len(r) > run->max_frac + 1)
		run->grew1++;
	if (run->notes > 1 && frac_len(r) > run->max_frac + 2)
		run->grew2++;
	if (frac_len(r) > run->max_frac)
		run->max_frac = frac_len(r);
}

/*
 * 1000 inserts at one place: above the top, below the bottom, or right
 * after rank 1.  Each pick is on the far side of the last (so all are
 * distinct), picks grow by one digit at a time (see run_note), and the
 * keys grow by about a digit per three inserts (0.35 on average, 0.9 at
 * the very worst), far from a digit per insert.
 */
static void
test_insert_run(const char *lo, const char *hi, const char *what,
    size_t bound, uint64_t seed)
{
	struct prio_rank *fixed = NULL, *prev, *r;
	struct run run = { 0, 0, 0, 0, 0 };
	uint64_t s = seed;
	int i, toward_lo = strcmp(lo, "-") != 0 && strcmp(hi, "-") != 0;

	if (strcmp(hi, "-") == 0) {
		prev = mk(lo);
	} else {
		prev = mk(hi);
		fixed = strcmp(lo, "-") ? mk(lo) : NULL;
	}
	for (i = 0; i < 1000; i++) {
		if (strcmp(hi, "-") == 0)
			prio_rank_between(&r, prev, NULL, xorshift(&s));
		else
			prio_rank_between(&r, fixed, prev, xorshift(&s));
		if (r == NULL)
			break;
		run_note(&run, prev, r, strcmp(hi, "-") == 0 ? -1 : 1);
		prio_rank_free(prev);
		prev = r;
	}
	is_int(i, 1000, "%s: 1000 inserts succeed", what);
	is_int(run.order, 0, "%s: each pick passes the last", what);
	is_int(run.grew2, 0, "%s: no pick is 3 digits longer than all before",
	    what);
	ok(run.grew1 <= 20, "%s: %d of 1000 picks are 2 digits longer "
	    "(a hidden zero), <= 20", what, run.grew1);
	ok(run.max_frac <= bound, "%s: longest fraction %zu <= %zu", what,
	    run.max_frac, bound);
	if (toward_lo)
		ok(prio_rank_cmp(fixed, prev) < 0, "%s: still after %s", what,
		    lo);
	if (strcmp(hi, "-") == 0)
		is_str(prio_rank_str(prev), "1001", "%s: ends at 1001", what);
	prio_rank_free(prev);
	prio_rank_free(fixed);
}

/*
 * Inserts a new rank at position at of the sorted list of n, between its
 * neighbours there.  Returns 1, or 0 if no rank came back.
 */
static int
list_insert(struct prio_rank **list, size_t n, size_t at, uint64_t *s,
    int *bad)
{
	struct prio_rank *lo = at > 0 ? list[at - 1] : NULL;
	struct prio_rank *hi = at < n ? list[at] : NULL, *r;

	if (prio_rank_between(&r, lo, hi, xorshift(s)) != PRIO_OK) {
		(*bad)++;
		return 0;
	}
	if ((lo && prio_rank_cmp(lo, r) >= 0) ||
	    (hi && prio_rank_cmp(r, hi) >= 0))
		(*bad)++;
	memmove(list + at + 1, list + at, (n - at) * sizeof(*list));
	list[at] = r;
	return 1;
}

/*
 * A backlog grown to 2000 stories by inserting between random
 * neighbours: it stays strictly ordered (so every rank is distinct) and
 * keys stay short, as each gap is split only a few dozen times.
 */
static void
test_insert_random(void)
{
	struct prio_rank **list = prio_xcalloc(2000, sizeof(*list));
	uint64_t s = 0x1234567;
	size_t i, n = 0, maxf = 0;
	int bad = 0, unordered = 0;

	for (i = 0; i < 2000; i++)
		n += list_insert(list, n, xorshift(&s) % (n + 1), &s, &bad);
	is_int(n, 2000, "random inserts: 2000 ranks made");
	for (i = 0; i < n; i++) {
		if (i > 0 && prio_rank_cmp(list[i - 1], list[i]) >= 0)
			unordered++;
		if (frac_len(list[i]) > maxf)
			maxf = frac_len(list[i]);
	}
	is_int(bad, 0, "random inserts: each lands between its neighbours");
	is_int(unordered, 0, "random inserts: 2000 ranks strictly ordered");
	ok(maxf <= 24, "random inserts: longest fraction %zu <= 24", maxf);
	for (i = 0; i < n; i++)
		prio_rank_free(list[i]);
	free(list);
}

static int
strp_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Two branches inserting at one place rarely choose the same rank. */
static void
test_entropy_spread(const char *lo, const char *hi, int sequential)
{
	char *picks[100];
	uint64_t s = 0x9999;
	int i, distinct = 1;

	for (i = 0; i < 100; i++)
		if (between_s(&picks[i], lo, hi, sequential ? (uint64_t)i + 1 :
		    xorshift(&s)) != PRIO_OK)
			picks[i] = prio_xstrdup("(error)");
	qsort(picks, 100, sizeof(*picks), strp_cmp);
	for (i = 1; i < 100; i++)
		distinct += strcmp(picks[i - 1], picks[i]) != 0;
	ok(distinct >= 90, "%s entropies between %s and %s: %d of 100 "
	    "distinct", sequential ? "sequential" : "random", lo, hi,
	    distinct);
	for (i = 0; i < 100; i++)
		free(picks[i]);
}

int
main(void)
{
	test_parse_accept();
	test_parse_refuse();
	test_parse_len();
	test_parse_long();
	test_cmp();
	test_cmp_long();
	test_dup_uint_free();
	test_between_ends();
	test_between_exact();
	test_between_huge();
	test_between_random();
	test_between_random_ends();
	test_insert_run("-", "1", "top", 450, 0xabcdef);
	test_insert_run("1", "-", "bottom", 0, 0xabcdef);
	test_insert_run("1", "2", "after 1", 450, 0x7777);
	test_insert_random();
	test_entropy_spread("2", "3", 1);
	test_entropy_spread("2", "3", 0);
	test_entropy_spread("2.5", "2.51", 0);
	test_entropy_spread("-", "1", 0);
	return tap_done();
}
