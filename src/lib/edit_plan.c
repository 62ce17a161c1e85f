/*
 * One edit becomes a splice of the original bytes, or a new line at the
 * end of the front matter (see edit_impl.h; the rules are in
 * prio/edit.h).  Positions come from the yaml_tree nodes; what lies
 * between them (comments, spacing) is never part of a splice unless the
 * header says so.
 */
#include <stdlib.h>
#include <string.h>

#include "prio/buf.h"
#include "prio/error.h"
#include "edit_impl.h"
#include "yaml_tree.h"

/* How a [ ] list is spaced: after '[', between items, before ']'. */
struct flow_shape {
	const char *open, *sep, *close;
	size_t open_len, sep_len, close_len;
};

static const struct flow_shape default_shape = { "", ", ", "", 0, 2, 0 };

static bool
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int
lost(char **err, const char *key)
{
	return edit_fail(err, "prio could not find where the value of '%s' "
	    "is written; change it by hand", key);
}

static void
push(struct edit_plan *pl, size_t from, size_t to, struct prio_buf *text)
{
	prio_xgrow(&pl->items, &pl->cap, pl->n + 1, sizeof(*pl->items));
	pl->items[pl->n].from = from;
	pl->items[pl->n].to = to;
	pl->items[pl->n].text = prio_buf_detach(text, NULL);
	pl->n++;
}

/*
 * Past any anchor ("&a") and tag ("!!str") that start a node, and the
 * blanks and comments after them: to where the content starts.  They
 * are kept, so that "rank: !!str 3" stays a string.
 */
static size_t
skip_properties(const struct edit_doc *d, size_t p)
{
	const char *s = d->data;
	size_t e = d->fm_end;

	while (p < e && (s[p] == '&' || s[p] == '!')) {
		while (p < e && !is_ws(s[p]))
			p++;
		for (;;) {
			while (p < e && is_ws(s[p]))
				p++;
			if (p >= e || s[p] != '#')
				break;
			while (p < e && s[p] != '\n')
				p++;
		}
	}
	return p;
}

/* Back over blanks and line breaks, not below floor. */
static size_t
back_up(const struct edit_doc *d, size_t off, size_t floor)
{
	while (off > floor && is_ws(d->data[off - 1]))
		off--;
	return off;
}

/*
 * Whether a line ends at byte i.  libyaml also ends lines at a lone
 * "\r"; so must the lines an item owns and the indentation before a
 * dash, or an edited file could be one the next edit cannot read.
 */
static bool
breaks_at(const struct edit_doc *d, size_t i)
{
	return d->data[i] == '\n' || (d->data[i] == '\r' &&
	    (i + 1 >= d->fm_end || d->data[i + 1] != '\n'));
}

static size_t
line_start(const struct edit_doc *d, size_t off)
{
	while (off > d->fm && !breaks_at(d, off - 1))
		off--;
	return off;
}

/* The end of off's line: where its "\n", "\r\n" or lone "\r" starts. */
static size_t
line_end(const struct edit_doc *d, size_t off)
{
	while (off < d->fm_end && !breaks_at(d, off) &&
	    !(d->data[off] == '\r' && d->data[off + 1] == '\n'))
		off++;
	return off;
}

/* The start of the line after off's. */
static size_t
next_line(const struct edit_doc *d, size_t off)
{
	off = line_end(d, off);
	if (off < d->fm_end && d->data[off] == '\r' &&
	    d->data[off + 1] == '\n')
		off++;
	return off < d->fm_end ? off + 1 : off;
}

/* The line ending to copy: a lone "\r" is not one to spread. */
static const char *
eol_of(const struct edit_doc *d, size_t off)
{
	size_t e = line_end(d, off);

	return e + 1 < d->fm_end && d->data[e] == '\r' &&
	    d->data[e + 1] == '\n' ? "\r\n" : "\n";
}

static bool
is_block(const struct edit_doc *d, size_t c)
{
	return c < d->fm_end && (d->data[c] == '|' || d->data[c] == '>');
}

/* The style the old value is written in, from its first byte. */
static enum edit_style
style_at(const struct edit_doc *d, size_t c)
{
	if (c < d->fm_end && d->data[c] == '"')
		return EDIT_DOUBLE;
	if (c < d->fm_end && d->data[c] == '\'')
		return EDIT_SINGLE;
	return EDIT_PLAIN;
}

/*
 * Where n's own text ends.  libyaml ends a block scalar or a block
 * collection where the next token starts, which takes in the blank lines
 * and comments after it; those stay outside the splice.
 */
static bool
content_end(const struct edit_doc *d, const struct ynode *n, size_t *end)
{
	size_t start, c;

	if (!edit_span(d, n, &start, end))
		return false;
	c = skip_properties(d, start);
	if (n->kind == YNODE_SCALAR) {
		if (c < *end && is_block(d, c))
			*end = back_up(d, *end, c);
		return true;
	}
	if (c < *end && (d->data[c] == '[' || d->data[c] == '{'))
		return true;
	if (n->nkids == 0)
		return true;
	return content_end(d, n->kids[n->nkids - 1], end);
}

/*
 * Fills an empty value at `at` (just after the ':' or the properties):
 * one blank before the text, and one kept before a comment that follows.
 */
static void
fill_empty(const struct edit_doc *d, struct edit_plan *pl, size_t at,
    struct prio_buf *text)
{
	const char *s = d->data;
	struct prio_buf t = PRIO_BUF_INIT;
	size_t gap = 0;

	while (at + gap < d->fm_end && (s[at + gap] == ' ' ||
	    s[at + gap] == '\t'))
		gap++;
	if (gap == 0)
		prio_buf_addch(&t, ' ');
	else
		at++;
	prio_buf_add(&t, text->ptr, text->len);
	if (gap == 1 && at < d->fm_end && s[at] == '#')
		prio_buf_addch(&t, ' ');
	prio_buf_free(text);
	push(pl, at, at, &t);
}

/*
 * A block scalar from its indicator at c to its last text becomes the
 * one-line text; a comment after the indicator stays on the line.
 */
static void
replace_block(const struct edit_doc *d, struct edit_plan *pl, size_t c,
    size_t end, struct prio_buf *text)
{
	size_t ind = c, hdr = line_end(d, c);

	while (ind < hdr && !is_ws(d->data[ind]))
		ind++;
	end = back_up(d, end, c);
	if (end < hdr)
		end = hdr;
	prio_buf_add(text, d->data + ind, hdr - ind);
	push(pl, c, end, text);
}

static int
plan_scalar(const struct edit_doc *d, struct edit_plan *pl,
    const struct ynode *v, const struct prio_edit *e, char **err)
{
	struct prio_buf t = PRIO_BUF_INIT;
	size_t start, end, c;
	bool text = edit_is_text(e);

	if (v->kind != YNODE_SCALAR)
		return edit_fail(err, "line %u: '%s' holds %s, not a single "
		    "value; edit the file to change it", v->line, e->key,
		    ynode_kind_name(v));
	if (!edit_span(d, v, &start, &end))
		return lost(err, e->key);
	c = skip_properties(d, start);
	if (c >= end) {
		edit_add_scalar(&t, e->value, edit_plain_style(e), false, text);
		fill_empty(d, pl, end, &t);
	} else if (is_block(d, c)) {
		edit_add_scalar(&t, e->value, edit_plain_style(e), false, text);
		replace_block(d, pl, c, end, &t);
	} else {
		enum edit_style st = style_at(d, c);

		edit_add_scalar(&t, e->value, st == EDIT_PLAIN ?
		    edit_plain_style(e) : st, false, text);
		push(pl, c, end, &t);
	}
	return PRIO_OK;
}

/* The quote style every old item shares, else e's plain style. */
static enum edit_style
list_style(const struct edit_doc *d, const struct ynode *v,
    const struct prio_edit *e)
{
	enum edit_style style = edit_plain_style(e), st;
	size_t i, start, end, c;

	for (i = 0; i < v->nkids; i++) {
		if (v->kids[i]->kind != YNODE_SCALAR ||
		    !edit_span(d, v->kids[i], &start, &end))
			return edit_plain_style(e);
		c = skip_properties(d, start);
		st = c < end ? style_at(d, c) : EDIT_PLAIN;
		if (st == EDIT_PLAIN || (i > 0 && st != style))
			return edit_plain_style(e);
		style = st;
	}
	return style;
}

/*
 * One item.  An old item (of the same list, so the same context) equal
 * to it is copied as written, so unchanged items keep their spelling.
 */
static void
add_item(const struct edit_doc *d, struct prio_buf *t, const struct ynode *old,
    bool *used, const char *item, enum edit_style style, bool flow)
{
	size_t i, start, end, len = strlen(item);

	for (i = 0; old != NULL && len > 0 && i < old->nkids; i++) {
		const struct ynode *k = old->kids[i];

		if (used[i] || k->kind != YNODE_SCALAR ||
		    k->line != k->end_line || k->value_len != len ||
		    memcmp(k->value, item, len) != 0 ||
		    !edit_span(d, k, &start, &end) ||
		    is_block(d, skip_properties(d, start)))
			continue;
		used[i] = true;
		prio_buf_add(t, d->data + start, end - start);
		return;
	}
	edit_add_scalar(t, item, style, flow, true);
}

/* "[a, b]" shaped as sh; old is the list it replaces, or NULL. */
static void
add_flow(const struct edit_doc *d, struct prio_buf *t, const struct ynode *old,
    const struct prio_edit *e, const struct flow_shape *sh,
    enum edit_style style)
{
	bool *used = prio_xcalloc(old ? old->nkids : 1, sizeof(*used));
	size_t i;

	prio_buf_addch(t, '[');
	if (e->nitems > 0) {
		prio_buf_add(t, sh->open, sh->open_len);
		for (i = 0; i < e->nitems; i++) {
			if (i > 0)
				prio_buf_add(t, sh->sep, sh->sep_len);
			add_item(d, t, old, used, e->items[i], style, true);
		}
		prio_buf_add(t, sh->close, sh->close_len);
	}
	prio_buf_addch(t, ']');
	free(used);
}

/* The commas in bytes [from, to) if the rest is blanks and line breaks;
 * -1 when anything else (a comment) is there. */
static int
gap_commas(const struct edit_doc *d, size_t from, size_t to)
{
	int commas = 0;

	if (from > to)
		return -1;
	for (; from < to; from++) {
		if (d->data[from] == ',')
			commas++;
		else if (!is_ws(d->data[from]))
			return -1;
	}
	return commas;
}

/* The old list's spacing, where it is only blanks and commas. */
static void
flow_shape_of(const struct edit_doc *d, const struct ynode *v, size_t c,
    size_t end, struct flow_shape *sh)
{
	const char *s = d->data;
	size_t s0, e0, s1, e1, sl, el;
	int n;

	*sh = default_shape;
	if (v->nkids == 0 || !edit_span(d, v->kids[0], &s0, &e0) ||
	    !edit_span(d, v->kids[v->nkids - 1], &sl, &el))
		return;
	if (gap_commas(d, c + 1, s0) == 0) {
		sh->open = s + c + 1;
		sh->open_len = s0 - c - 1;
	}
	if ((n = gap_commas(d, el, end - 1)) == 0 || n == 1) {
		sh->close = s + el;
		sh->close_len = end - 1 - el;
	}
	if (v->nkids > 1 && edit_span(d, v->kids[1], &s1, &e1) &&
	    gap_commas(d, e0, s1) == 1) {
		sh->sep = s + e0;
		sh->sep_len = s1 - e0;
	}
}

static int
plan_flow(const struct edit_doc *d, struct edit_plan *pl,
    const struct ynode *v, size_t c, size_t end, const struct prio_edit *e,
    char **err)
{
	struct prio_buf t = PRIO_BUF_INIT;
	struct flow_shape sh;

	if (end < c + 2 || d->data[end - 1] != ']')
		return lost(err, e->key);
	flow_shape_of(d, v, c, end, &sh);
	add_flow(d, &t, v, e, &sh, list_style(d, v, e));
	push(pl, c, end, &t);
	return PRIO_OK;
}

/* "labels:\n  - a" emptied: "labels: []", a comment after ':' kept;
 * the items go with the comments on their lines. */
static int
plan_block_emptied(const struct edit_doc *d, struct edit_plan *pl,
    const struct ynode *k, const struct ynode *v, const struct prio_edit *e,
    char **err)
{
	const char *s = d->data;
	struct prio_buf t = PRIO_BUF_INIT;
	size_t ks, ke, p, q, hdr, end;

	if (!edit_span(d, k, &ks, &ke) || !content_end(d, v, &end))
		return lost(err, e->key);
	for (p = ke; p < d->fm_end && (s[p] == ' ' || s[p] == '\t'); p++)
		;
	if (p >= d->fm_end || s[p] != ':' || end < p + 1)
		return lost(err, e->key);
	hdr = line_end(d, p);
	for (q = p + 1; q < hdr && (s[q] == ' ' || s[q] == '\t'); q++)
		;
	prio_buf_adds(&t, " []");
	/* An anchor or tag there would land after the "[]": drop it. */
	if (q == hdr || s[q] == '#')
		prio_buf_add(&t, s + p + 1, hdr - p - 1);
	push(pl, p + 1, line_end(d, end), &t);
	return PRIO_OK;
}

/* Spaces only between the dash and the first item, else one. */
static void
dash_gap(const struct edit_doc *d, const struct ynode *v, size_t c,
    const char **gap, size_t *len)
{
	size_t s0, e0, p;

	*gap = " ";
	*len = 1;
	if (v->nkids == 0 || !edit_span(d, v->kids[0], &s0, &e0) ||
	    s0 <= c + 1)
		return;
	for (p = c + 1; p < s0; p++)
		if (d->data[p] != ' ')
			return;
	*gap = d->data + c + 1;
	*len = s0 - c - 1;
}

/*
 * The lines of each old item: item i owns bounds[i] up to bounds[i + 1],
 * from the line after item i - 1 ends (so comment lines above an item go
 * with it) through the end of its own last line and its comment.
 */
static bool
block_units(const struct edit_doc *d, const struct ynode *v, size_t c,
    size_t *bounds)
{
	size_t i, start, end;

	bounds[0] = line_start(d, c);
	for (i = 0; i < v->nkids; i++) {
		if (!content_end(d, v->kids[i], &end))
			return false;
		bounds[i + 1] = next_line(d, end);
		if (bounds[i + 1] <= bounds[i] ||
		    !breaks_at(d, bounds[i + 1] - 1))
			return false;
		if (i + 1 < v->nkids && (!edit_span(d, v->kids[i + 1],
		    &start, &end) || start < bounds[i + 1]))
			return false;
	}
	return true;
}

static bool
same_item(const struct ynode *k, const char *item)
{
	size_t len = strlen(item);

	/* An empty "-" is null, not the empty string. */
	return k->kind == YNODE_SCALAR && !(k->plain && k->value_len == 0) &&
	    k->value_len == len && memcmp(k->value, item, len) == 0;
}

/* Beyond this many old-by-new pairs, no lines are matched: every old
 * item goes and every new one is written afresh. */
#define LCS_MAX_CELLS (1u << 20)

/*
 * match[j]: the old item whose lines new item j keeps, or -1.  A longest
 * common subsequence, as a line diff would pick: adding a label adds one
 * line, removing one removes its lines, the rest stay as written.
 */
static void
match_items(const struct ynode *v, const struct prio_edit *e, long *match)
{
	size_t n = v->nkids, m = e->nitems, i, j, w = m + 1;
	unsigned *lcs;

	for (j = 0; j < m; j++)
		match[j] = -1;
	if ((n + 1) > LCS_MAX_CELLS / w)
		return;
	lcs = prio_xcalloc((n + 1) * w, sizeof(*lcs));
	for (i = n; i-- > 0;)
		for (j = m; j-- > 0;)
			lcs[i * w + j] = same_item(v->kids[i], e->items[j]) ?
			    lcs[(i + 1) * w + j + 1] + 1 :
			    lcs[(i + 1) * w + j] > lcs[i * w + j + 1] ?
			    lcs[(i + 1) * w + j] : lcs[i * w + j + 1];
	for (i = 0, j = 0; i < n && j < m;) {
		if (same_item(v->kids[i], e->items[j]))
			match[j++] = (long)i++;
		else if (lcs[(i + 1) * w + j] >= lcs[i * w + j + 1])
			i++;
		else
			j++;
	}
	free(lcs);
}

static int
plan_block(const struct edit_doc *d, struct edit_plan *pl,
    const struct ynode *k, const struct ynode *v, size_t c,
    const struct prio_edit *e, char **err)
{
	const char *s = d->data, *eol, *gap;
	struct prio_buf t = PRIO_BUF_INIT;
	size_t ls = line_start(d, c), p, j, gap_len, *bounds;
	enum edit_style style;
	long *match;

	for (p = ls; p < c; p++)
		if (s[p] != ' ')
			return lost(err, e->key);
	if (e->nitems == 0)
		return plan_block_emptied(d, pl, k, v, e, err);
	bounds = prio_xcalloc(v->nkids + 1, sizeof(*bounds));
	if (!block_units(d, v, c, bounds)) {
		free(bounds);
		return lost(err, e->key);
	}
	match = prio_xcalloc(e->nitems, sizeof(*match));
	match_items(v, e, match);
	dash_gap(d, v, c, &gap, &gap_len);
	eol = eol_of(d, c);
	style = list_style(d, v, e);
	for (j = 0; j < e->nitems; j++) {
		if (match[j] >= 0) {
			prio_buf_add(&t, s + bounds[match[j]],
			    bounds[match[j] + 1] - bounds[match[j]]);
			continue;
		}
		prio_buf_add(&t, s + ls, c - ls);
		prio_buf_addch(&t, '-');
		prio_buf_add(&t, gap, gap_len);
		edit_add_scalar(&t, e->items[j], style, false, true);
		prio_buf_adds(&t, eol);
	}
	push(pl, bounds[0], bounds[v->nkids], &t);
	free(match);
	free(bounds);
	return PRIO_OK;
}

static int
plan_list(const struct edit_doc *d, struct edit_plan *pl,
    const struct ynode *k, const struct ynode *v, const struct prio_edit *e,
    char **err)
{
	struct prio_buf t = PRIO_BUF_INIT;
	size_t start, end, c;

	if (v->kind == YNODE_MAP)
		return edit_fail(err, "line %u: '%s' holds a mapping, not a "
		    "list; edit the file to change it", v->line, e->key);
	if (!edit_span(d, v, &start, &end))
		return lost(err, e->key);
	c = skip_properties(d, start);
	if (v->kind == YNODE_SEQ) {
		if (c < end && d->data[c] == '[')
			return plan_flow(d, pl, v, c, end, e, err);
		if (c < end && d->data[c] == '-')
			return plan_block(d, pl, k, v, c, e, err);
		return lost(err, e->key);
	}
	/* Empty or a single value: the list goes where it was. */
	add_flow(d, &t, NULL, e, &default_shape, edit_plain_style(e));
	if (c >= end)
		fill_empty(d, pl, end, &t);
	else if (is_block(d, c))
		replace_block(d, pl, c, end, &t);
	else
		push(pl, c, end, &t);
	return PRIO_OK;
}

/* A new "key: value" line, indented as the first key, ended as the line
 * before the closing marker. */
static void
plan_add(const struct edit_doc *d, struct edit_plan *pl,
    const struct prio_edit *e)
{
	struct prio_buf *b = &pl->added;
	unsigned indent = 0;

	if (d->root != NULL && d->root->nkids > 0)
		indent = d->root->kids[0]->column - 1;
	prio_buf_addf(b, "%*s%s: ", (int)indent, "", e->key);
	if (e->is_list)
		add_flow(d, b, NULL, e, &default_shape, edit_plain_style(e));
	else
		edit_add_scalar(b, e->value, edit_plain_style(e), false,
		    edit_is_text(e));
	prio_buf_adds(b, d->data[d->fm_end - 2] == '\r' ? "\r\n" : "\n");
	pl->nadded++;
}

int
edit_plan_one(const struct edit_doc *d, struct edit_plan *pl,
    const struct prio_edit *e, char **err)
{
	const struct ynode *k = NULL, *v = edit_find(d->root, e->key, &k);

	if (v == NULL) {
		plan_add(d, pl, e);
		return PRIO_OK;
	}
	if (e->is_list)
		return plan_list(d, pl, k, v, e, err);
	return plan_scalar(d, pl, v, e, err);
}
