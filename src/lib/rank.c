/*
 * Exact decimal ranks (see prio/rank.h).
 *
 * Ranks are digit strings and stay digit strings: comparing is a string
 * comparison, and choosing a new rank is done with fixed-width decimal
 * integers held one digit per byte.  Nothing here is bounded by the size
 * of a machine integer, and nothing recurses, so a rank with a thousand
 * digits costs only time proportional to its length.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prio/buf.h"
#include "prio/error.h"
#include "prio/rank.h"

/*
 * How many fraction digits a new rank gets.  The fewest at which at least
 * RANK_FEW candidates fit strictly between the neighbours; one digit more
 * when that still leaves under RANK_MANY, so that two branches choosing
 * at the same place rarely agree (between 2 and 3: 999 candidates rather
 * than 99).
 */
#define RANK_FEW	10
#define RANK_MANY	100
/* Candidate counts saturate here: only counts near RANK_MANY matter. */
#define RANK_COUNT_CAP	1000000

/*
 * The pick lands at a fraction c / 10^RANK_PICK_DIGITS of the gap, c in
 * [RANK_PICK_LOW, RANK_PICK_LOW + RANK_PICK_SPAN): the middle three
 * quarters.  Staying off the ends means a run of inserts at one place
 * loses under one digit of room per insert; using most of the gap keeps
 * enough distinct picks that equal places rarely give equal ranks.
 */
#define RANK_PICK_DIGITS 6
#define RANK_PICK_LOW	125000
#define RANK_PICK_SPAN	750000

/*
 * A rank seen as digits at aligned positions: position i < w is an
 * integer digit (zero-padded on the left to w digits), position w + j is
 * fraction digit j (zero past the end).
 */
struct rank_digits {
	const char *text;
	size_t int_len;
	size_t frac_len;
	size_t w;
};

static struct prio_rank *
rank_new(char *text, size_t int_len)
{
	struct prio_rank *r = prio_xmalloc(sizeof(*r));

	r->text = text;
	r->int_len = int_len;
	return r;
}

/* Checks that s[0..len) is digits with one optional inner '.'. */
static int
rank_syntax_ok(const char *s, size_t len, size_t *int_len)
{
	size_t i, dot = len;

	for (i = 0; i < len; i++) {
		if (s[i] == '.' && dot == len)
			dot = i;
		else if (s[i] < '0' || s[i] > '9')
			return 0;
	}
	if (dot == 0 || dot + 1 == len || len == 0)
		return 0;
	*int_len = dot;
	return 1;
}

int
prio_rank_parse(struct prio_rank **out, const char *s, size_t len)
{
	size_t int_len, start = 0, end = len;
	char *text;

	*out = NULL;
	if (s == NULL || !rank_syntax_ok(s, len, &int_len))
		return PRIO_EINVAL;
	while (start + 1 < int_len && s[start] == '0')
		start++;
	if (int_len < len) {
		while (s[end - 1] == '0')
			end--;
		if (end == int_len + 1)
			end = int_len;
	}
	text = prio_xstrndup(s + start, end - start);
	*out = rank_new(text, int_len - start);
	return PRIO_OK;
}

/*
 * Canonical forms with equal integer lengths order like their text: the
 * integer digits are aligned, then '\0' (no fraction) sorts before '.',
 * and a fraction that is a prefix of another is the smaller, because
 * canonical fractions end in a non-zero digit.
 */
int
prio_rank_cmp(const struct prio_rank *a, const struct prio_rank *b)
{
	int c;

	if (a->int_len != b->int_len)
		return a->int_len < b->int_len ? -1 : 1;
	c = strcmp(a->text, b->text);
	return (c > 0) - (c < 0);
}

const char *
prio_rank_str(const struct prio_rank *r)
{
	return r->text;
}

struct prio_rank *
prio_rank_dup(const struct prio_rank *r)
{
	return rank_new(prio_xstrdup(r->text), r->int_len);
}

struct prio_rank *
prio_rank_from_uint(uint64_t n)
{
	char *text = prio_xasprintf("%" PRIu64, n);

	return rank_new(text, strlen(text));
}

void
prio_rank_free(struct prio_rank *r)
{
	if (r == NULL)
		return;
	free(r->text);
	free(r);
}

static void
rank_digits_init(struct rank_digits *rd, const struct prio_rank *r, size_t w)
{
	size_t len = strlen(r->text);

	rd->text = r->text;
	rd->int_len = r->int_len;
	rd->frac_len = len > r->int_len ? len - r->int_len - 1 : 0;
	rd->w = w;
}

/* The digit at aligned position i (see struct rank_digits). */
static int
rank_digit(const struct rank_digits *rd, size_t i)
{
	size_t j;

	if (i < rd->w) {
		if (i < rd->w - rd->int_len)
			return 0;
		return rd->text[i - (rd->w - rd->int_len)] - '0';
	}
	j = i - rd->w;
	return j < rd->frac_len ? rd->text[rd->int_len + 1 + j] - '0' : 0;
}

/*
 * Extends t, the difference of the two numbers' leading digits read as
 * integers, by one more digit position.  The difference never shrinks
 * once positive (hi >= lo on every aligned prefix), so saturating keeps
 * every comparison against the thresholds right.
 */
static int64_t
rank_count_step(int64_t t, int diff)
{
	t = t * 10 + diff;
	return t > RANK_COUNT_CAP ? RANK_COUNT_CAP : t;
}

/*
 * The number of fraction digits for a rank strictly between lo < hi.
 * At d digits, with t the difference of lo and hi truncated to d digits
 * (in units of 10^-d), t - 1 candidates fit, one more if hi has digits
 * past d.  sep is the fewest digits at which any candidate fits; the
 * result never exceeds sep + 2, which only binds when the gap straddles
 * a round number (1.9999 and 2.0001 give 2).
 */
static size_t
rank_scale(const struct rank_digits *lo, const struct rank_digits *hi)
{
	int64_t t = 0, n;
	size_t i, d, sep = SIZE_MAX;

	for (i = 0; i < hi->w; i++)
		t = rank_count_step(t, rank_digit(hi, i) - rank_digit(lo, i));
	for (d = 0;; d++) {
		if (d > 0)
			t = rank_count_step(t, rank_digit(hi, hi->w + d - 1) -
			    rank_digit(lo, lo->w + d - 1));
		n = t - 1 + (d < hi->frac_len);
		if (n >= 1 && sep == SIZE_MAX)
			sep = d;
		if (n >= RANK_FEW)
			break;
	}
	if (n < RANK_MANY)
		d++;
	return d < sep + 2 ? d : sep + 2;
}

/* Sets a[0..w+d) to floor(r * 10^d), w integer digits, d fraction. */
static void
num_load(uint8_t *a, const struct rank_digits *rd, size_t d)
{
	size_t i;

	for (i = 0; i < rd->w + d; i++)
		a[i] = (uint8_t)rank_digit(rd, i);
}

/* a += 1; the caller leaves a leading zero digit, so it cannot carry out. */
static void
num_inc(uint8_t *a, size_t n)
{
	while (n-- > 0) {
		if (a[n] < 9) {
			a[n]++;
			return;
		}
		a[n] = 0;
	}
}

/* a -= b, for a >= b. */
static void
num_sub(uint8_t *a, const uint8_t *b, size_t n)
{
	int borrow = 0, v;

	while (n-- > 0) {
		v = a[n] - b[n] - borrow;
		borrow = v < 0;
		a[n] = (uint8_t)(v + 10 * borrow);
	}
}

/* a += b, for a sum that fits in n digits. */
static void
num_add(uint8_t *a, const uint8_t *b, size_t n)
{
	int carry = 0, v;

	while (n-- > 0) {
		v = a[n] + b[n] + carry;
		carry = v >= 10;
		a[n] = (uint8_t)(v - 10 * carry);
	}
}

/* a = floor(a * c / 10^RANK_PICK_DIGITS), for c < 10^RANK_PICK_DIGITS. */
static void
num_mul_frac(uint8_t *a, size_t n, uint32_t c)
{
	uint8_t *p = prio_xmalloc(n + RANK_PICK_DIGITS);
	uint64_t carry = 0;
	size_t i;

	for (i = n; i-- > 0;) {
		carry += (uint64_t)a[i] * c;
		p[i + RANK_PICK_DIGITS] = (uint8_t)(carry % 10);
		carry /= 10;
	}
	for (i = RANK_PICK_DIGITS; i-- > 0;) {
		p[i] = (uint8_t)(carry % 10);
		carry /= 10;
	}
	memcpy(a, p, n);
	free(p);
}

static int
num_is_zero(const uint8_t *a, size_t n)
{
	while (n-- > 0)
		if (a[n] != 0)
			return 0;
	return 1;
}

/* The canonical rank for a[0..w+d) read as w integer, d fraction digits. */
static struct prio_rank *
num_to_rank(const uint8_t *a, size_t w, size_t d)
{
	size_t start = 0, end = w + d, i, len;
	char *text;

	while (start + 1 < w && a[start] == 0)
		start++;
	while (end > w && a[end - 1] == 0)
		end--;
	len = end - start + (end > w);
	text = prio_xmalloc(len + 1);
	for (i = start; i < end; i++)
		text[i - start + (i >= w)] = (char)('0' + a[i]);
	if (end > w)
		text[w - start] = '.';
	text[len] = '\0';
	return rank_new(text, w - start);
}

/*
 * Spreads the caller's entropy (splitmix64's finaliser) so that nearby
 * values such as 1, 2, 3 still land far apart, then maps it into the
 * middle of the gap.
 */
static uint32_t
rank_pick_frac(uint64_t entropy)
{
	uint64_t z = entropy + 0x9e3779b97f4a7c15ULL;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	z ^= z >> 31;
	return (uint32_t)(RANK_PICK_LOW + z % RANK_PICK_SPAN);
}

/*
 * The rank strictly between lo < hi.  At the chosen scale d the
 * candidates are the integers strictly between floor(lo * 10^d) and
 * ceil(hi * 10^d); rank_scale guarantees the gap g between those is at
 * least 2, and the pick is floor(lo * 10^d) + max(1, floor(g * c)).
 */
static struct prio_rank *
rank_pick(const struct prio_rank *lo, const struct prio_rank *hi,
    uint64_t entropy)
{
	struct rank_digits l, h;
	struct prio_rank *r;
	uint8_t *a, *g;
	size_t w, d, n;

	w = (lo->int_len > hi->int_len ? lo->int_len : hi->int_len) + 1;
	rank_digits_init(&l, lo, w);
	rank_digits_init(&h, hi, w);
	d = rank_scale(&l, &h);
	n = w + d;
	a = prio_xmalloc(n);
	g = prio_xmalloc(n);
	num_load(a, &l, d);
	num_load(g, &h, d);
	if (h.frac_len > d)
		num_inc(g, n);
	num_sub(g, a, n);
	num_mul_frac(g, n, rank_pick_frac(entropy));
	if (num_is_zero(g, n))
		g[n - 1] = 1;
	num_add(a, g, n);
	r = num_to_rank(a, w, d);
	free(a);
	free(g);
	return r;
}

/* The smallest integer strictly greater than lo. */
static struct prio_rank *
rank_next_int(const struct prio_rank *lo)
{
	struct rank_digits l;
	struct prio_rank *r;
	size_t w = lo->int_len + 1;
	uint8_t *a = prio_xmalloc(w);

	rank_digits_init(&l, lo, w);
	num_load(a, &l, 0);
	num_inc(a, w);
	r = num_to_rank(a, w, 0);
	free(a);
	return r;
}

int
prio_rank_between(struct prio_rank **out, const struct prio_rank *lo,
    const struct prio_rank *hi, uint64_t entropy)
{
	char zero_text[] = "0";
	struct prio_rank zero = { zero_text, 1 };

	*out = NULL;
	if (hi == NULL) {
		*out = lo ? rank_next_int(lo) : prio_rank_from_uint(1);
		return PRIO_OK;
	}
	if (lo == NULL)
		lo = &zero;
	if (prio_rank_cmp(lo, hi) >= 0)
		return PRIO_ERANGE;
	*out = rank_pick(lo, hi, entropy);
	return PRIO_OK;
}
