/*
 * prio/score.h — score models (SPEC §2.3).
 *
 * A score is a formula over numeric front-matter fields with + - * /,
 * unary minus, parentheses and decimal numbers, parsed once into a small
 * expression tree and evaluated per story.  Field names are letters,
 * digits, '_' and '-' starting with a letter ("time-criticality" is one
 * name: write "a - b" with spaces to subtract).
 * A story that lacks an input, or whose evaluation divides by zero or
 * leaves the finite doubles, has no score.
 */
#ifndef PRIO_SCORE_H
#define PRIO_SCORE_H

#include <stdbool.h>
#include <stddef.h>

struct prio_score;

/*
 * The formula of a preset ("wsjf", "rice", "ice", "value-per-effort"),
 * or NULL when name is not a preset.  Static string.
 */
const char *prio_score_preset(const char *name);

/*
 * Parses a formula.  On success returns PRIO_OK and *out (free with
 * prio_score_free).  On a syntax error returns PRIO_EINVAL, *out NULL,
 * and writes a message such as "expected ')' after '(value + 1'" into
 * err (an allocated string the caller frees) and the 1-based byte
 * column where the problem is into *column.
 */
int prio_score_parse(struct prio_score **out, const char *formula,
    char **err, unsigned *column);

/* Looks up a field's numeric value: returns true and sets *value if the
 * story has that field as a number. */
typedef bool (*prio_score_lookup_fn)(void *payload, const char *name,
    double *value);

/*
 * Evaluates.  Returns true and sets *score when every input is present,
 * no division by zero happens and the result is finite; false otherwise
 * ("no score").
 */
bool prio_score_eval(const struct prio_score *s, prio_score_lookup_fn lookup,
    void *payload, double *score);

/* The distinct field names the formula reads, in first-use order;
 * borrowed, valid while s lives. */
size_t prio_score_field_count(const struct prio_score *s);
const char *prio_score_field(const struct prio_score *s, size_t i);

void prio_score_free(struct prio_score *s);

#endif
