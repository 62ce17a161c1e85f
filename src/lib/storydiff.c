/*
 * What changed between two versions of one story (see prio/storydiff.h).
 */
#include <stdlib.h>
#include <string.h>

#include "prio/backlog.h"
#include "prio/buf.h"
#include "prio/rank.h"
#include "prio/score.h"
#include "prio/storydiff.h"
#include "util.h"

static bool
same_text(const char *a, const char *b)
{
	return a == NULL || b == NULL ? a == b : strcmp(a, b) == 0;
}

bool
prio_storydiff_same_value(const char *a, const char *b)
{
	double x, y;

	if (same_text(a, b))
		return true;
	return a && b && prio_parse_number(a, &x) && prio_parse_number(b, &y) &&
	    x == y;
}

static bool
same_rank(const struct prio_story *a, const struct prio_story *b)
{
	if (a->rank == NULL || b->rank == NULL)
		return a->rank == b->rank;
	return prio_rank_cmp(a->rank, b->rank) == 0;
}

static bool
same_score(const struct prio_story *a, const struct prio_story *b)
{
	return a->has_score == b->has_score &&
	    (!a->has_score || a->score == b->score);
}

const char *
prio_storydiff_value(const struct prio_story *s, const char *field)
{
	const struct prio_field *f;

	if (strcmp(field, "rank") == 0)
		return s->rank_text;
	if (strcmp(field, "status") == 0)
		return s->status;
	f = prio_story_field(s, field);
	return f && f->kind == PRIO_FIELD_SCALAR ? f->value : NULL;
}

bool
prio_storydiff_same(const struct prio_story *a, const struct prio_story *b,
    const char *field)
{
	if (strcmp(field, "rank") == 0)
		return same_rank(a, b);
	if (strcmp(field, "status") == 0)
		return same_text(a->status, b->status);
	return prio_storydiff_same_value(prio_storydiff_value(a, field),
	    prio_storydiff_value(b, field));
}

static void
add_field(struct prio_storydiff *d, const char *field, const char *from,
    const char *to)
{
	struct prio_storydiff_field *f;

	d->fields = prio_xrealloc(d->fields, (d->nfields + 1) *
	    sizeof(*d->fields));
	f = &d->fields[d->nfields++];
	f->field = prio_xstrdup(field);
	f->from = from ? prio_xstrdup(from) : NULL;
	f->to = to ? prio_xstrdup(to) : NULL;
}

/* Whether the formula reads name. */
static bool
reads(const struct prio_score *f, const char *name)
{
	size_t i;

	for (i = 0; f && i < prio_score_field_count(f); i++)
		if (strcmp(prio_score_field(f, i), name) == 0)
			return true;
	return false;
}

/* The score inputs of both formulas, to's first, each name once. */
static void
compare_inputs(struct prio_storydiff *d, const struct prio_story *a,
    const struct prio_story *b, const struct prio_config *from,
    const struct prio_config *to, unsigned what)
{
	const struct prio_score *f[2] = { to ? to->score : NULL,
	    from ? from->score : NULL };
	bool apart = (what & PRIO_STORYDIFF_FIELDS) != 0;
	const char *name, *x, *y;
	size_t i, k;

	for (k = 0; k < 2; k++)
		for (i = 0; f[k] && i < prio_score_field_count(f[k]); i++) {
			name = prio_score_field(f[k], i);
			if ((k == 1 && reads(f[0], name)) || (apart &&
			    (strcmp(name, "rank") == 0 ||
			    strcmp(name, "status") == 0)))
				continue;
			x = prio_storydiff_value(a, name);
			y = prio_storydiff_value(b, name);
			if (prio_storydiff_same_value(x, y))
				continue;
			add_field(d, name, x, y);
			d->changed |= PRIO_STORYDIFF_INPUTS;
		}
}

static void
texts_add(struct prio_storydiff_texts *t, const char *s)
{
	t->items = prio_xrealloc(t->items, (t->count + 1) * sizeof(*t->items));
	t->items[t->count++] = prio_xstrdup(s);
}

static void
texts_free(struct prio_storydiff_texts *t)
{
	prio_strv_free(t->items, t->count);
	t->items = NULL;
	t->count = 0;
}

static bool
has_text(const struct prio_criterion *c)
{
	return !c->empty && c->text != NULL;
}

/* Criteria by text, as multisets; empty items are left out. */
static void
compare_criteria(struct prio_storydiff *d, const struct prio_story *a,
    const struct prio_story *b)
{
	bool *matched = prio_xcalloc(a->ncriteria + 1, sizeof(*matched));
	const struct prio_criterion *ca, *cb;
	size_t i, j;

	for (j = 0; j < b->ncriteria; j++) {
		cb = &b->criteria[j];
		if (!has_text(cb))
			continue;
		for (i = 0; i < a->ncriteria; i++) {
			ca = &a->criteria[i];
			if (!matched[i] && ca->text &&
			    strcmp(ca->text, cb->text) == 0)
				break;
		}
		if (i == a->ncriteria)
			texts_add(&d->added, cb->text);
		else {
			matched[i] = true;
			if (!a->criteria[i].met && cb->met)
				texts_add(&d->met, cb->text);
		}
	}
	for (i = 0; i < a->ncriteria; i++)
		if (!matched[i] && has_text(&a->criteria[i]))
			texts_add(&d->removed, a->criteria[i].text);
	free(matched);
	if (d->added.count || d->removed.count || d->met.count)
		d->changed |= PRIO_STORYDIFF_CRITERIA;
}

/* The dependencies as sets: the IDs added and removed. */
static void
compare_deps(struct prio_storydiff *d, const struct prio_story *a,
    const struct prio_story *b)
{
	size_t i;

	for (i = 0; i < b->ndepends_on; i++)
		if (!prio_strv_has(a->depends_on, a->ndepends_on,
		    b->depends_on[i]))
			texts_add(&d->deps_added, b->depends_on[i]);
	for (i = 0; i < a->ndepends_on; i++)
		if (!prio_strv_has(b->depends_on, b->ndepends_on,
		    a->depends_on[i]))
			texts_add(&d->deps_removed, a->depends_on[i]);
	if (d->deps_added.count || d->deps_removed.count)
		d->changed |= PRIO_STORYDIFF_DEPENDS;
}

/* Parsed without PRIO_PARSE_FULL: a readable story has fields (its id
 * at least) only when parsed in full. */
static bool
light(const struct prio_story *s)
{
	return s->fields == NULL;
}

void
prio_storydiff(struct prio_storydiff *out, const struct prio_story *a,
    const struct prio_story *b, const struct prio_config *from,
    const struct prio_config *to, unsigned what)
{
	bool list = (what & PRIO_STORYDIFF_FIELDS) != 0;

	memset(out, 0, sizeof(*out));
	if ((what & PRIO_STORYDIFF_RANK) && !same_rank(a, b)) {
		out->changed |= PRIO_STORYDIFF_RANK;
		if (list)
			add_field(out, "rank", a->rank_text, b->rank_text);
	}
	if ((what & PRIO_STORYDIFF_STATUS) && !same_text(a->status,
	    b->status)) {
		out->changed |= PRIO_STORYDIFF_STATUS;
		if (list)
			add_field(out, "status", a->status, b->status);
	}
	if ((what & PRIO_STORYDIFF_SCORE) && !same_score(a, b))
		out->changed |= PRIO_STORYDIFF_SCORE;
	/* A light story has no fields or criteria texts to compare. */
	if (light(a) || light(b))
		what &= ~(unsigned)(PRIO_STORYDIFF_INPUTS |
		    PRIO_STORYDIFF_CRITERIA | PRIO_STORYDIFF_DEPENDS);
	if (what & PRIO_STORYDIFF_INPUTS)
		compare_inputs(out, a, b, from, to, what);
	if (what & PRIO_STORYDIFF_CRITERIA)
		compare_criteria(out, a, b);
	if (what & PRIO_STORYDIFF_DEPENDS)
		compare_deps(out, a, b);
}

void
prio_storydiff_free(struct prio_storydiff *d)
{
	size_t i;

	if (d == NULL)
		return;
	for (i = 0; i < d->nfields; i++) {
		free(d->fields[i].field);
		free(d->fields[i].from);
		free(d->fields[i].to);
	}
	free(d->fields);
	texts_free(&d->added);
	texts_free(&d->removed);
	texts_free(&d->met);
	texts_free(&d->deps_added);
	texts_free(&d->deps_removed);
	memset(d, 0, sizeof(*d));
}

static bool
same_pos(const struct prio_pos *a, const struct prio_pos *b)
{
	return a->line == b->line && a->column == b->column;
}

bool
prio_storydiff_same_between(const struct prio_story *a,
    const struct prio_story *b, bool order, bool letter)
{
	struct prio_order_key ka, kb;

	if (a->readable != b->readable || a->id_num != b->id_num ||
	    !same_text(a->id, b->id) || !prio_story_same_deps(a, b))
		return false;
	prio_order_key_of(&ka, a);
	prio_order_key_of(&kb, b);
	if ((order || letter) && prio_order_key_cmp(&ka, &kb) != 0)
		return false;
	return !letter || (same_text(a->rank_text, b->rank_text) &&
	    same_pos(&a->id_pos, &b->id_pos) &&
	    same_pos(&a->status_pos, &b->status_pos) &&
	    same_pos(&a->rank_pos, &b->rank_pos) &&
	    same_pos(&a->depends_on_pos, &b->depends_on_pos));
}
