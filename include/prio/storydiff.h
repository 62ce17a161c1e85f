/*
 * prio/storydiff.h — what changed between two versions of one story.
 *
 * The audit trail (`prio log`, `stats`, `report`, the hooks: prio/
 * history.h) and `prio diff` (prio/bdiff.h) both ask this module, so a
 * change means the same everywhere.  The rules:
 *
 *   rank       compared as ranks: "3.50" and "3.5" are one rank; a rank
 *              and none differ.
 *   status     compared as text, case and all; a status and none differ.
 *   score      the computed scores: one side scored and the other not,
 *              or two different numbers.
 *   inputs     each front-matter field the score formulas read, as
 *              written: two numbers are equal by value ("3" == "3.0"),
 *              anything else by text; absent and present differ.  A
 *              field that is not a scalar (a list) counts as absent.
 *   criteria   acceptance criteria by text, as multisets: an item of the
 *              new side matches an unmatched item of the old side with
 *              the same text; the new side's unmatched items are added,
 *              the old side's removed; a matched item open before and
 *              met now is newly met.  Empty items are left out.
 *   depends    the IDs depended on, as sets: added and removed.
 *
 * Inputs, criteria and dependencies need stories parsed with
 * PRIO_PARSE_FULL (prio/story.h): when either version is light (no
 * fields), they are not compared.
 */
#ifndef PRIO_STORYDIFF_H
#define PRIO_STORYDIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "prio/config.h"
#include "prio/story.h"

/* What to compare, and (in struct prio_storydiff's changed) what
 * differs. */
#define PRIO_STORYDIFF_RANK     0x01
#define PRIO_STORYDIFF_STATUS   0x02
#define PRIO_STORYDIFF_SCORE    0x04
#define PRIO_STORYDIFF_INPUTS   0x08
#define PRIO_STORYDIFF_CRITERIA 0x10
#define PRIO_STORYDIFF_DEPENDS  0x20
/*
 * Only in what: list the rank and the status among the changed fields,
 * before the inputs, under the names "rank" and "status" (the audit
 * trail's names, whatever the dialect calls them); an input the formula
 * reads under one of those names is then that field, not listed twice.
 * Without it, fields lists only inputs, every one the formulas read.
 */
#define PRIO_STORYDIFF_FIELDS   0x40
#define PRIO_STORYDIFF_ALL      0x3f

/* A field whose value changed: the values as written; NULL: none. */
struct prio_storydiff_field {
	char *field;
	char *from, *to;
};

/* Texts, in the order of the side they come from. */
struct prio_storydiff_texts {
	char **items;
	size_t count;
};

struct prio_storydiff {
	unsigned changed;       /* PRIO_STORYDIFF_* bits that differ */
	/* The changed fields: rank and status (with PRIO_STORYDIFF_FIELDS),
	 * then inputs in formula order, the new side's formula first and
	 * then the old side's names it lacks. */
	struct prio_storydiff_field *fields;
	size_t nfields;
	struct prio_storydiff_texts added, removed, met;   /* criteria */
	struct prio_storydiff_texts deps_added, deps_removed;
};

/*
 * Compares a (the old version) with b (the new one) for what
 * (PRIO_STORYDIFF_* bits) and fills *out (free with
 * prio_storydiff_free).  The inputs are those of the score formulas of
 * to (b's config) and from (a's), either of which may be NULL (no
 * formula), and may be the same config.
 */
void prio_storydiff(struct prio_storydiff *out, const struct prio_story *a,
    const struct prio_story *b, const struct prio_config *from,
    const struct prio_config *to, unsigned what);

void prio_storydiff_free(struct prio_storydiff *d);

/*
 * One field of the audit trail ("rank", "status", or a front-matter
 * field a formula reads): its value in s as written (NULL: none), and
 * whether a and b have the same value under the rules above.
 */
const char *prio_storydiff_value(const struct prio_story *s,
    const char *field);
bool prio_storydiff_same(const struct prio_story *a,
    const struct prio_story *b, const char *field);

/* Whether two values of a score input are the same ("3" and "3.0"
 * are; NULL is the same only as NULL). */
bool prio_storydiff_same_value(const char *a, const char *b);

/*
 * Whether b is, to the checks between stories (duplicate IDs,
 * dependencies and, with order, the order: check.c), what a is: both
 * readable or both not, the same ID, the same dependencies in the same
 * order and, with order, the same order key (prio/backlog.h).  With
 * letter, also what those checks print of a story: its rank as written
 * and the places of its id, status, rank and dependency keys, so each
 * of their problems reads as it did, to the letter.  The pre-commit
 * hook asks this of a written story and the version its verdict was
 * made on (its quick and memo ways).
 */
bool prio_storydiff_same_between(const struct prio_story *a,
    const struct prio_story *b, bool order, bool letter);

#endif
