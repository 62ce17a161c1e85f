/*
 * prio/rank.h — exact decimal ranks (SPEC §2.1, §3.1).
 *
 * A rank is a non-negative decimal written in plain digits: "3", "3.5",
 * "0.125", "007.50".  Ranks are compared exactly, digit by digit, never
 * through floating point, and may have any number of fraction digits.
 *
 * A struct prio_rank holds the canonical form: no leading zeros in the
 * integer part (but at least one digit), no trailing zeros in the
 * fraction, and no '.' when the fraction is empty.  "007.50" and "7.5"
 * are the same rank.  The text as the user wrote it is kept by the story,
 * not here.
 */
#ifndef PRIO_RANK_H
#define PRIO_RANK_H

#include <stddef.h>
#include <stdint.h>

struct prio_rank {
	char *text;  /* canonical form, owned; e.g. "7.5" */
	size_t int_len;   /* digits before the '.' in text */
};

/*
 * Parses len bytes of s.  Accepts digits with an optional single '.'
 * that has a digit on both sides ("3.", ".5", "+1", "1e3", "-1", " 1",
 * "" are refused).  Returns PRIO_OK and a new rank in *out (free with
 * prio_rank_free), or PRIO_EINVAL.
 */
int prio_rank_parse(struct prio_rank **out, const char *s, size_t len);

/* <0, 0, >0 as a is before, equal to, after b. */
int prio_rank_cmp(const struct prio_rank *a, const struct prio_rank *b);

/* The canonical text; borrowed, valid while r lives. */
const char *prio_rank_str(const struct prio_rank *r);

/* Copies a rank. */
struct prio_rank *prio_rank_dup(const struct prio_rank *r);

/* Makes the integer rank n ("1", "2", ...). */
struct prio_rank *prio_rank_from_uint(uint64_t n);

/*
 * Chooses a new rank strictly between lo and hi.
 *   lo == NULL: strictly between 0 and hi (the new top), e.g. hi 1 -> 0.5;
 *   hi == NULL: the next integer above lo (the new bottom), lo 7.25 -> 8;
 *   both NULL:  "1".
 * Between two ranks the result is short (a digit or two more than the gap
 * between them needs, never dozens) and picked with the random value
 * `entropy`, so two branches inserting at the same place rarely pick the
 * same rank; callers pass a random 64-bit value, tests a fixed one.
 * Returns PRIO_OK and *out, or PRIO_ERANGE when nothing fits (lo >= hi,
 * or hi is 0 with lo NULL).
 */
int prio_rank_between(struct prio_rank **out, const struct prio_rank *lo,
    const struct prio_rank *hi, uint64_t entropy);

void prio_rank_free(struct prio_rank *r);

#endif
