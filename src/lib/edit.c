/*
 * The surgical front-matter editor (see prio/edit.h): find and parse the
 * front matter, turn the edits into splices (edit_plan.c), apply them to
 * a copy, and parse the copy again to prove that only the values asked
 * for changed before anyone writes it.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "prio/buf.h"
#include "prio/diag.h"
#include "prio/edit.h"
#include "prio/error.h"
#include "edit_impl.h"
#include "util.h"
#include "yaml_tree.h"

int
edit_fail(char **err, const char *fmt, ...)
{
	struct prio_buf msg = PRIO_BUF_INIT;
	va_list ap;

	if (err == NULL)
		return PRIO_EINVAL;
	va_start(ap, fmt);
	prio_buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	*err = prio_buf_detach(&msg, NULL);
	return PRIO_EINVAL;
}

bool
edit_text_key(const char *key)
{
	static const char *const keys[] = { "id", "title", "status", "owner",
	    "goal" };
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strcmp(key, keys[i]) == 0)
			return true;
	return false;
}

bool
edit_is_text(const struct prio_edit *e)
{
	return e->text || edit_text_key(e->key);
}

enum edit_style
edit_plain_style(const struct prio_edit *e)
{
	return e->quote_single ? EDIT_PLAIN_SINGLE : EDIT_PLAIN;
}

/* Keys prio sets are names: a new line "key: value" must parse as one. */
static bool
edit_key_valid(const char *key)
{
	const char *p;

	for (p = key; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '_' ||
		    (p > key && (*p == '-' || *p == '.'))))
			return false;
	return p > key;
}

/* The same front matter prio_story_parse() reads, found the same way. */
static int
find_front_matter(struct edit_doc *d, char **err)
{
	struct prio_front_matter fm;

	switch (prio_front_matter_find(d->data, d->len, &fm)) {
	case PRIO_FM_MISSING:
		return edit_fail(err, "the file has no front matter; start it "
		    "with a '---' line, then keys such as id, title and "
		    "status, then a '---' line");
	case PRIO_FM_UNTERMINATED:
		return edit_fail(err, "the front matter is not terminated; add "
		    "a '---' line after its last key");
	case PRIO_FM_OK:
		break;
	}
	d->fm = fm.start;
	d->fm_end = fm.end;
	return PRIO_OK;
}

/* Where each line of the front matter starts, to map node positions. */
static void
index_lines(struct edit_doc *d)
{
	size_t i, cap = 0;

	prio_xgrow(&d->lines, &cap, 1, sizeof(*d->lines));
	d->lines[d->nlines++] = d->fm;
	for (i = d->fm; i < d->fm_end; i++) {
		if (d->data[i] != '\n')
			continue;
		prio_xgrow(&d->lines, &cap, d->nlines + 1, sizeof(*d->lines));
		d->lines[d->nlines++] = i + 1;
	}
}

/* The byte offset of a 1-based file line and byte column. */
static bool
offset_of(const struct edit_doc *d, unsigned line, unsigned col,
    size_t *off)
{
	size_t k;

	if (line < 2 || col < 1 || (k = line - 2) >= d->nlines)
		return false;
	*off = d->lines[k] + (col - 1);
	return *off <= d->fm_end;
}

bool
edit_span(const struct edit_doc *d, const struct ynode *n, size_t *start,
    size_t *end)
{
	return offset_of(d, n->line, n->column, start) &&
	    offset_of(d, n->end_line, n->end_column, end) && *start <= *end;
}

const struct ynode *
edit_find(const struct ynode *root, const char *key,
    const struct ynode **knode)
{
	size_t i, n = strlen(key);

	if (root == NULL)
		return NULL;
	for (i = 0; i + 1 < root->nkids; i += 2) {
		const struct ynode *k = root->kids[i];

		if (k->kind == YNODE_SCALAR && k->value_len == n &&
		    memcmp(k->value, key, n) == 0) {
			if (knode != NULL)
				*knode = k;
			return root->kids[i + 1];
		}
	}
	return NULL;
}

static int
yaml_error(struct prio_diags *diags, char **err)
{
	const struct prio_diag *dg = diags->count ? &diags->items[0] : NULL;

	if (dg == NULL)
		return edit_fail(err, "the front matter is not valid YAML; "
		    "run 'prio check' to see why");
	return edit_fail(err, "line %u, column %u: %s", dg->line, dg->column,
	    dg->message);
}

/* The root must be a mapping written one key per line: the only shape
 * a new key can be added to as a line of its own. */
static int
check_root(const struct edit_doc *d, char **err)
{
	size_t off;

	if (d->root == NULL)
		return PRIO_OK;
	if (d->root->kind != YNODE_MAP)
		return edit_fail(err, "line %u: the front matter is %s, not a "
		    "mapping of keys; write one 'key: value' per line",
		    d->root->line, ynode_kind_name(d->root));
	if (!offset_of(d, d->root->line, d->root->column, &off) ||
	    off >= d->fm_end || d->data[off] == '{' || d->data[off] == '&' ||
	    d->data[off] == '!')
		return edit_fail(err, "line %u: the front matter is written "
		    "as a { } mapping or with a tag or anchor; write one "
		    "'key: value' per line", d->root->line);
	return PRIO_OK;
}

static void
doc_free(struct edit_doc *d)
{
	ynode_free(d->root);
	free(d->lines);
	d->root = NULL;
	d->lines = NULL;
}

static int
doc_load(struct edit_doc *d, const char *data, size_t len, char **err)
{
	struct prio_diags diags = PRIO_DIAGS_INIT;
	int rc;

	memset(d, 0, sizeof(*d));
	d->data = data;
	d->len = len;
	if (len == 0)
		return edit_fail(err, "the file is empty; a story starts with "
		    "a '---' line, its keys, then a '---' line");
	if ((rc = find_front_matter(d, err)) != PRIO_OK)
		return rc;
	/* yaml_tree would skip it and shift that line's columns. */
	if (d->fm_end - d->fm >= 3 && memcmp(data + d->fm, "\xef\xbb\xbf",
	    3) == 0)
		return edit_fail(err, "line 2: a byte order mark inside the "
		    "front matter; remove it");
	if (ytree_parse(&d->root, data + d->fm, d->fm_end - d->fm, 2, "",
	    PRIO_SEV_ERROR, &diags) != PRIO_OK) {
		rc = yaml_error(&diags, err);
		prio_diags_free(&diags);
		return rc;
	}
	prio_diags_free(&diags);
	index_lines(d);
	return check_root(d, err);
}

/* A value or item: given, and UTF-8 as the file must be. */
static int
check_text(const char *key, const char *s, char **err)
{
	size_t bad;

	if (s == NULL)
		return edit_fail(err, "no value given for '%s'; pass one",
		    key);
	if (!prio_utf8_valid(s, strlen(s), &bad))
		return edit_fail(err, "the value for '%s' is not valid UTF-8 "
		    "(byte 0x%02x); give it as UTF-8 text", key,
		    (unsigned char)s[bad]);
	return PRIO_OK;
}

static int
check_edit(const struct prio_edit *edits, size_t i, char **err)
{
	const struct prio_edit *e = &edits[i];
	size_t j;
	int rc;

	if (e->key == NULL || !edit_key_valid(e->key))
		return edit_fail(err, "'%s' is not a key prio can set; use "
		    "letters, digits, '_', '-' and '.'", e->key ? e->key : "");
	for (j = 0; j < i; j++)
		if (strcmp(edits[j].key, e->key) == 0)
			return edit_fail(err, "'%s' is set twice in one edit; "
			    "set each key once", e->key);
	if (!e->is_list)
		return check_text(e->key, e->value, err);
	if (e->items == NULL && e->nitems > 0)
		return edit_fail(err, "no items given for '%s'; pass the "
		    "items, or none", e->key);
	for (j = 0; j < e->nitems; j++)
		if ((rc = check_text(e->key, e->items[j], err)) != PRIO_OK)
			return rc;
	return PRIO_OK;
}

static int
by_offset(const void *a, const void *b)
{
	const struct edit_splice *x = a, *y = b;

	return x->from < y->from ? -1 : x->from > y->from;
}

/* Splices in order, inside the front matter, and apart. */
static bool
splices_sane(const struct edit_doc *d, struct edit_plan *pl)
{
	size_t i, at = d->fm;

	if (pl->n > 1)
		qsort(pl->items, pl->n, sizeof(*pl->items), by_offset);
	for (i = 0; i < pl->n; i++) {
		if (pl->items[i].from < at || pl->items[i].to <
		    pl->items[i].from || pl->items[i].to > d->fm_end)
			return false;
		at = pl->items[i].to;
	}
	return true;
}

static void
assemble(const struct edit_doc *d, const struct edit_plan *pl,
    struct prio_buf *b)
{
	size_t i, at = 0;

	for (i = 0; i < pl->n; i++) {
		prio_buf_add(b, d->data + at, pl->items[i].from - at);
		prio_buf_adds(b, pl->items[i].text);
		at = pl->items[i].to;
	}
	prio_buf_add(b, d->data + at, d->fm_end - at);
	prio_buf_add(b, pl->added.ptr, pl->added.len);
	prio_buf_add(b, d->data + d->fm_end, d->len - d->fm_end);
}

static void
plan_free(struct edit_plan *pl)
{
	size_t i;

	for (i = 0; i < pl->n; i++)
		free(pl->items[i].text);
	free(pl->items);
	prio_buf_free(&pl->added);
}

static bool
same_node(const struct ynode *a, const struct ynode *b)
{
	size_t i;

	if (a->kind != b->kind || a->plain != b->plain ||
	    a->nkids != b->nkids || a->value_len != b->value_len ||
	    (a->value_len > 0 && memcmp(a->value, b->value,
	    a->value_len) != 0))
		return false;
	for (i = 0; i < a->nkids; i++)
		if (!same_node(a->kids[i], b->kids[i]))
			return false;
	return true;
}

static bool
scalar_is(const struct ynode *n, const char *s)
{
	size_t len = strlen(s);

	return n->kind == YNODE_SCALAR && n->value_len == len &&
	    memcmp(n->value, s, len) == 0;
}

/* Whether the new file holds what e asked for, as text. */
static bool
reads_as(const struct ynode *n, const struct prio_edit *e)
{
	size_t i;

	if (n == NULL)
		return false;
	if (!e->is_list)
		return scalar_is(n, e->value) && !(n->plain &&
		    edit_is_text(e) && edit_looks_typed(e->value));
	if (n->kind != YNODE_SEQ || n->nkids != e->nitems)
		return false;
	for (i = 0; i < e->nitems; i++)
		if (!scalar_is(n->kids[i], e->items[i]))
			return false;
	return true;
}

static bool
edited(const struct ynode *key, const struct prio_edit *edits, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (scalar_is(key, edits[i].key))
			return true;
	return false;
}

/* Every key not edited reads back as before; every edited key as asked. */
static bool
same_values(const struct edit_doc *old, const struct edit_doc *new,
    const struct prio_edit *edits, size_t n, size_t nadded)
{
	size_t i, before = old->root ? old->root->nkids : 0;

	if ((new->root ? new->root->nkids : 0) != before + 2 * nadded)
		return false;
	for (i = 0; i + 1 < before; i += 2) {
		const struct ynode *k = old->root->kids[i], *v;

		if (edited(k, edits, n))
			continue;
		v = edit_find(new->root, k->value, NULL);
		if (v == NULL || !same_node(old->root->kids[i + 1], v))
			return false;
	}
	for (i = 0; i < n; i++)
		if (!reads_as(edit_find(new->root, edits[i].key, NULL),
		    &edits[i]))
			return false;
	return true;
}

/*
 * The safety net: parse the new bytes again.  Anything unexpected is a
 * bug in the editor, so the file is refused rather than written.
 */
static int
verify(const struct edit_doc *old, const struct prio_buf *b,
    const struct prio_edit *edits, size_t n, size_t nadded, char **err)
{
	struct edit_doc d;
	char *why = NULL;
	bool good;

	good = doc_load(&d, b->ptr, b->len, &why) == PRIO_OK &&
	    d.fm == old->fm && memcmp(b->ptr, old->data, old->fm) == 0 &&
	    b->len - d.fm_end == old->len - old->fm_end &&
	    memcmp(b->ptr + d.fm_end, old->data + old->fm_end,
	    old->len - old->fm_end) == 0 &&
	    same_values(old, &d, edits, n, nadded);
	free(why);
	doc_free(&d);
	if (good)
		return PRIO_OK;
	return edit_fail(err, "prio could not make this edit without "
	    "changing more than the values asked for, so the file is left as "
	    "it was; make the change by hand");
}

int
prio_edit_apply(struct prio_buf *out, const char *data, size_t len,
    const struct prio_edit *edits, size_t n, char **err)
{
	struct edit_doc d;
	struct edit_plan pl = { .added = PRIO_BUF_INIT };
	struct prio_buf b = PRIO_BUF_INIT;
	size_t i;
	int rc;

	if (err != NULL)
		*err = NULL;
	memset(&d, 0, sizeof(d));
	for (i = 0; i < n; i++)
		if ((rc = check_edit(edits, i, err)) != PRIO_OK)
			return rc;
	/* prio reads such a file as unreadable (conflict-marker): editing
	 * a value could resolve or hide part of the conflict. */
	if (prio_has_conflict_marker(data, len)) {
		rc = edit_fail(err, "the file has git merge-conflict markers; "
		    "resolve the conflict first");
		goto done;
	}
	if ((rc = doc_load(&d, data, len, err)) != PRIO_OK)
		goto done;
	for (i = 0; i < n; i++)
		if ((rc = edit_plan_one(&d, &pl, &edits[i], err)) != PRIO_OK)
			goto done;
	if (!splices_sane(&d, &pl)) {
		rc = edit_fail(err, "prio could not find where the values "
		    "to change are written; make the change by hand");
		goto done;
	}
	assemble(&d, &pl, &b);
	if ((rc = verify(&d, &b, edits, n, pl.nadded, err)) != PRIO_OK)
		goto done;
	/* Only now: data may be out's own bytes. */
	prio_buf_free(out);
	*out = b;
	prio_buf_init(&b);
done:
	prio_buf_free(&b);
	plan_free(&pl);
	doc_free(&d);
	return rc;
}

int
prio_edit_set_scalar(struct prio_buf *out, const char *data, size_t len,
    const char *key, const char *value, char **err)
{
	struct prio_edit e = { .key = key, .value = value };

	return prio_edit_apply(out, data, len, &e, 1, err);
}

int
prio_edit_set_list(struct prio_buf *out, const char *data, size_t len,
    const char *key, char *const *items, size_t n, char **err)
{
	struct prio_edit e = { .key = key, .items = items, .nitems = n,
	    .is_list = true };

	return prio_edit_apply(out, data, len, &e, 1, err);
}
