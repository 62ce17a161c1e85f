/*
 * The three-way merge of a story (prio/merge.h).  Each side is loaded as
 * the surgical editor loads a story (front matter found by
 * prio_front_matter_find, parsed by yaml_tree); each key gets a decision;
 * theirs' values that the editor can write go into ours' bytes through
 * prio_edit_apply (one call, with its own safety net); what it cannot
 * write (a removed key, theirs' lines for a key of another shape or one
 * ours lacks, a conflict) is spliced line by line into the edited file;
 * the body goes through libgit2's line merge.  A clean front matter is
 * parsed once more and must read back as decided, else the whole file
 * is merged as text: a wrong merge is worse than a plain one.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "prio/buf.h"
#include "prio/diag.h"
#include "prio/edit.h"
#include "prio/error.h"
#include "prio/merge.h"
#include "util.h"
#include "yaml_tree.h"

#define BINARY_PROBE 8000       /* as git and libgit2 look for a NUL */
#define MAX_SET_ITEMS 1000      /* longer lists merge as values */
#define MAX_MARKER 100
#define DECISION_MAX 200

/* One version of the file, loaded. */
struct side {
	const char *name;           /* "ours", "theirs", "the base" */
	const char *data;
	size_t len;
	struct prio_front_matter fm;
	struct ynode *root;         /* a block mapping; NULL: no keys */
	size_t *lines;              /* lines[i]: where file line i + 2 starts */
	size_t nlines;
};

enum action {
	ACT_KEEP,                   /* ours as written */
	ACT_EDIT,                   /* theirs' value, by the editor */
	ACT_SET,                    /* the merged list, by the editor */
	ACT_LINES,                  /* theirs' lines replace ours' */
	ACT_REMOVE,                 /* ours' lines go */
	ACT_ADD,                    /* theirs' lines, at the end */
	ACT_CONFLICT,               /* both sides' lines, between markers */
	ACT_KEEP_CONFLICT           /* a conflict kept as ours, to verify */
};

struct decision {
	const char *key;
	const struct ynode *o, *a, *b;      /* the values; NULL: absent */
	size_t bi;                  /* the key's index in theirs' root */
	enum action act;
	bool stamp;                 /* both changed opts->stamp_key: the
	                             * later stamp won, no conflict */
	char **items;               /* ACT_SET: borrowed strings */
	size_t nitems;
};

struct merge {
	struct side base, ours, theirs;
	const struct prio_merge_opts *opts;
	unsigned marker;
	bool crlf;                  /* ours' line ending */
	struct decision *d;
	size_t nd, cap;
	struct prio_merge_result *r;
};

static void
side_free(struct side *s)
{
	ynode_free(s->root);
	free(s->lines);
	s->root = NULL;
	s->lines = NULL;
	s->nlines = 0;
}

static bool
is_binary(const char *data, size_t len)
{
	return memchr(data, '\0', len < BINARY_PROBE ? len : BINARY_PROBE) !=
	    NULL;
}

/* Whether the root is a block mapping of keys prio can name. */
static bool
root_usable(const struct side *s)
{
	size_t i, at;
	char c;

	if (s->root == NULL)
		return true;
	if (s->root->kind != YNODE_MAP || s->root->line < 2 ||
	    s->root->line - 2 >= s->nlines)
		return false;
	at = s->lines[s->root->line - 2] + s->root->column - 1;
	c = at < s->fm.end ? s->data[at] : '\0';
	if (c == '{' || c == '&' || c == '!' || c == '?')
		return false;
	for (i = 0; i < s->root->nkids; i += 2) {
		const struct ynode *k = s->root->kids[i];

		if (k->kind != YNODE_SCALAR || k->value_len == 0 ||
		    strlen(k->value) != k->value_len ||
		    k->line != s->root->kids[i]->end_line)
			return false;
	}
	return true;
}

static void
index_lines(struct side *s)
{
	size_t i, cap = 0;

	prio_xgrow(&s->lines, &cap, 1, sizeof(*s->lines));
	s->lines[s->nlines++] = s->fm.start;
	for (i = s->fm.start; i < s->fm.end; i++) {
		if (s->data[i] != '\n')
			continue;
		prio_xgrow(&s->lines, &cap, s->nlines + 1, sizeof(*s->lines));
		s->lines[s->nlines++] = i + 1;
	}
}

/*
 * Loads s as a story whose front matter can merge key by key.  Returns
 * NULL, or why not (allocated): a phrase naming the side.
 */
static char *
side_load(struct side *s, size_t max)
{
	struct prio_diags d = PRIO_DIAGS_INIT;
	size_t bad;
	char *why = NULL;

	if (s->len == 0)
		return prio_xasprintf("%s is empty", s->name);
	if (s->len > max)
		return prio_xasprintf("%s is over %zu bytes", s->name, max);
	if (!prio_utf8_valid(s->data, s->len, &bad))
		return prio_xasprintf("%s is not UTF-8 text", s->name);
	if (prio_has_conflict_marker(s->data, s->len))
		return prio_xasprintf("%s has conflict markers", s->name);
	switch (prio_front_matter_find(s->data, s->len, &s->fm)) {
	case PRIO_FM_MISSING:
		return prio_xasprintf("%s has no front matter", s->name);
	case PRIO_FM_UNTERMINATED:
		return prio_xasprintf("the front matter of %s is not "
		    "terminated", s->name);
	case PRIO_FM_OK:
		break;
	}
	if (s->fm.end - s->fm.start >= 3 && memcmp(s->data + s->fm.start,
	    "\xef\xbb\xbf", 3) == 0)
		return prio_xasprintf("the front matter of %s has a byte "
		    "order mark", s->name);
	if (ytree_parse(&s->root, s->data + s->fm.start,
	    s->fm.end - s->fm.start, 2, "", PRIO_SEV_ERROR, &d) != PRIO_OK) {
		why = prio_xasprintf("the front matter of %s is not valid "
		    "YAML (line %u: %s)", s->name,
		    d.count ? d.items[0].line : 0,
		    d.count ? d.items[0].message : "?");
		prio_diags_free(&d);
		return why;
	}
	prio_diags_free(&d);
	index_lines(s);
	if (!root_usable(s))
		return prio_xasprintf("the front matter of %s is not a "
		    "mapping of keys, one per line", s->name);
	return NULL;
}

/* The start of file line n (2-based in the front matter), clamped to the
 * closing line. */
static size_t
line_start(const struct side *s, unsigned n)
{
	if (n < 2 || n - 2 >= s->nlines)
		return s->fm.end;
	return s->lines[n - 2] < s->fm.end ? s->lines[n - 2] : s->fm.end;
}

static size_t
node_offset(const struct side *s, const struct ynode *n)
{
	size_t at = line_start(s, n->line) + (n->column ? n->column - 1 : 0);

	return at < s->fm.end ? at : s->fm.end;
}

static bool
is_flow(const struct side *s, const struct ynode *n)
{
	size_t at = node_offset(s, n);

	return at < s->fm.end && (s->data[at] == '[' || s->data[at] == '{');
}

/*
 * The bytes of the key at index ki of s's root and its value: from the
 * start of the key's line to the start of the line after the value
 * (a comment after it on its line included), never into the next key.
 */
static void
key_span(const struct side *s, size_t ki, size_t *from, size_t *to)
{
	const struct ynode *k = s->root->kids[ki];
	const struct ynode *last = s->root->kids[ki + 1];
	size_t next = ki + 2 < s->root->nkids ?
	    line_start(s, s->root->kids[ki + 2]->line) : s->fm.end;
	size_t end, key_end = line_start(s, k->line + 1);

	while ((last->kind == YNODE_SEQ || last->kind == YNODE_MAP) &&
	    last->nkids > 0 && !is_flow(s, last))
		last = last->kids[last->nkids - 1];
	/* A block scalar's end mark is the start of the line after it. */
	if (last->end_column <= 1 && last->end_line > k->line)
		end = line_start(s, last->end_line);
	else
		end = line_start(s, last->end_line + 1);
	*from = line_start(s, k->line);
	if (end < key_end)
		end = key_end;
	*to = end < next ? end : next;
}

/* The value of key in s (and its index), or NULL. */
static const struct ynode *
find_key(const struct side *s, const char *key, size_t *index)
{
	size_t i;

	if (s->root == NULL)
		return NULL;
	for (i = 0; i + 1 < s->root->nkids; i += 2)
		if (strcmp(s->root->kids[i]->value, key) == 0) {
			if (index != NULL)
				*index = i;
			return s->root->kids[i + 1];
		}
	return NULL;
}

/* Equal as YAML reads them: quoting aside, nulls alike. */
static bool
same_value(const struct ynode *a, const struct ynode *b)
{
	size_t i;

	if (a == NULL || b == NULL)
		return a == b;
	if (a->kind != b->kind || a->nkids != b->nkids)
		return false;
	if (a->kind == YNODE_SCALAR) {
		if (ynode_is_null(a) || ynode_is_null(b))
			return ynode_is_null(a) && ynode_is_null(b);
		return a->value_len == b->value_len &&
		    memcmp(a->value, b->value, a->value_len) == 0;
	}
	for (i = 0; i < a->nkids; i++)
		if (!same_value(a->kids[i], b->kids[i]))
			return false;
	return true;
}

/* A list of text items (labels, depends-on), short enough to merge. */
static bool
text_list(const struct ynode *n)
{
	size_t i;

	if (n == NULL || n->kind != YNODE_SEQ || n->nkids > MAX_SET_ITEMS)
		return false;
	for (i = 0; i < n->nkids; i++)
		if (n->kids[i]->kind != YNODE_SCALAR ||
		    strlen(n->kids[i]->value) != n->kids[i]->value_len)
			return false;
	return true;
}

/* A value the editor writes on one line as given. */
static bool
one_line_text(const struct ynode *n)
{
	return n->kind == YNODE_SCALAR && !ynode_is_null(n) &&
	    n->line == n->end_line && strlen(n->value) == n->value_len &&
	    strchr(n->value, '\n') == NULL;
}

static bool
has_item(const struct ynode *list, const char *s)
{
	size_t i;

	for (i = 0; list != NULL && i < list->nkids; i++)
		if (strcmp(list->kids[i]->value, s) == 0)
			return true;
	return false;
}

static bool
in_items(char **items, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(items[i], s) == 0)
			return true;
	return false;
}

/*
 * Lists as sets: ours' items in ours' order, then theirs' additions,
 * minus what either side removed from the base (o NULL: none).
 */
static void
merge_sets(struct decision *d)
{
	const struct ynode *o = d->o, *a = d->a, *b = d->b;
	size_t i;

	d->items = prio_xcalloc(a->nkids + b->nkids + 1, sizeof(char *));
	for (i = 0; i < a->nkids; i++) {
		char *s = a->kids[i]->value;

		if ((has_item(o, s) && !has_item(b, s)) ||
		    in_items(d->items, d->nitems, s))
			continue;
		d->items[d->nitems++] = s;
	}
	for (i = 0; i < b->nkids; i++) {
		char *s = b->kids[i]->value;

		if (has_item(o, s) || in_items(d->items, d->nitems, s))
			continue;
		d->items[d->nitems++] = s;
	}
}

/* Whether the merged items are ours' list as it is. */
static bool
set_is_ours(const struct decision *d)
{
	size_t i;

	if (d->nitems != d->a->nkids)
		return false;
	for (i = 0; i < d->nitems; i++)
		if (strcmp(d->items[i], d->a->kids[i]->value) != 0)
			return false;
	return true;
}

static enum action
take_theirs(const struct decision *d)
{
	if (d->b == NULL)
		return ACT_REMOVE;
	if (d->a == NULL)
		return ACT_ADD;
	if (d->a->kind == YNODE_SCALAR && one_line_text(d->b))
		return ACT_EDIT;
	if (text_list(d->a) && text_list(d->b))
		return ACT_EDIT;
	return ACT_LINES;
}

/* Both sides changed lists of text: they merge as sets. */
static bool
sets(const struct decision *d)
{
	return text_list(d->a) && text_list(d->b) &&
	    (d->o == NULL || text_list(d->o));
}

/* Both sides changed the key, differently, and not as sets (nor as
 * stamps). */
static bool
is_conflict(const struct decision *d)
{
	return !same_value(d->a, d->b) && !same_value(d->o, d->b) &&
	    !same_value(d->o, d->a) && !sets(d) && !d->stamp;
}

/* Whether n is a scalar written as a stamp: "2026-11-23", or with
 * " 11:51" after it. */
static bool
is_stamp(const struct ynode *n)
{
	static const char shape[] = "dddd-dd-dd dd:dd";
	size_t i, len;

	if (n == NULL || n->kind != YNODE_SCALAR)
		return false;
	len = strlen(n->value);
	if (len != 10 && len != 16)
		return false;
	for (i = 0; i < len; i++)
		if (shape[i] == 'd' ? !isdigit((unsigned char)n->value[i]) :
		    n->value[i] != shape[i])
			return false;
	return true;
}

/*
 * For the key a tool stamps on every write (opts->stamp_key), changed
 * on both sides to two stamps: > 0 when ours is the later, < 0 when
 * theirs is (a stamp says when the story last changed, and after the
 * merge that is the later one); 0 for any other key or value.
 */
static int
later_stamp(const struct merge *m, const struct decision *d)
{
	int c;

	if (m->opts->stamp_key == NULL ||
	    strcmp(d->key, m->opts->stamp_key) != 0 || !is_stamp(d->a) ||
	    !is_stamp(d->b))
		return 0;
	c = strcmp(d->a->value, d->b->value);
	return c != 0 ? c : 1;
}

static void
decide(struct merge *m, struct decision *d)
{
	int c;

	if (same_value(d->a, d->b) || same_value(d->o, d->b))
		d->act = ACT_KEEP;
	else if (same_value(d->o, d->a))
		d->act = take_theirs(d);
	else if (sets(d)) {
		merge_sets(d);
		d->act = set_is_ours(d) ? ACT_KEEP : ACT_SET;
	} else if ((c = later_stamp(m, d)) != 0) {
		d->stamp = true;
		d->act = c > 0 ? ACT_KEEP : take_theirs(d);
	} else if (m->opts->favor == PRIO_MERGE_FAVOR_OURS)
		d->act = ACT_KEEP;
	else if (m->opts->favor == PRIO_MERGE_FAVOR_THEIRS)
		d->act = take_theirs(d);
	else
		d->act = ACT_CONFLICT;
}

static struct decision *
add_decision(struct merge *m, const char *key)
{
	struct decision *d;

	prio_xgrow(&m->d, &m->cap, m->nd + 1, sizeof(*m->d));
	d = &m->d[m->nd++];
	memset(d, 0, sizeof(*d));
	d->key = key;
	d->o = find_key(&m->base, key, NULL);
	d->a = find_key(&m->ours, key, NULL);
	d->b = find_key(&m->theirs, key, &d->bi);
	return d;
}

/* A decision for every key of ours, then of theirs (a key only the base
 * has was removed on both sides). */
static void
decide_all(struct merge *m)
{
	size_t i;

	for (i = 0; m->ours.root && i < m->ours.root->nkids; i += 2)
		decide(m, add_decision(m, m->ours.root->kids[i]->value));
	for (i = 0; m->theirs.root && i < m->theirs.root->nkids; i += 2)
		if (find_key(&m->ours, m->theirs.root->kids[i]->value,
		    NULL) == NULL)
			decide(m, add_decision(m,
			    m->theirs.root->kids[i]->value));
}

/* Copies text, its line endings made ours'. */
static void
add_lines(struct prio_buf *b, const char *p, size_t len, bool crlf)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (p[i] == '\r' && i + 1 < len && p[i + 1] == '\n')
			continue;
		if (p[i] == '\n' && crlf)
			prio_buf_addch(b, '\r');
		prio_buf_addch(b, p[i]);
	}
}

static void
add_marker(struct prio_buf *b, char c, unsigned n, const char *label,
    bool crlf)
{
	unsigned i;

	for (i = 0; i < n; i++)
		prio_buf_addch(b, c);
	if (label != NULL)
		prio_buf_addf(b, " %s", label);
	prio_buf_adds(b, crlf ? "\r\n" : "\n");
}

/* Appends "# decided in <text>" on one line: at most DECISION_MAX bytes
 * of text (cut on a character's boundary, then "..."), control
 * characters as spaces, bytes that are not UTF-8 as '?'.  Frees text. */
static void
add_decision_comment(struct prio_buf *b, char *text, bool crlf)
{
	size_t i, len, bad;
	bool cut;

	if (text == NULL)
		return;
	len = strlen(text);
	if ((cut = len > DECISION_MAX)) {
		len = DECISION_MAX;
		while (len > 0 && ((unsigned char)text[len] & 0xc0) == 0x80)
			len--;
	}
	for (i = 0; i < len; i++)
		if ((unsigned char)text[i] < 0x20 || text[i] == 0x7f)
			text[i] = ' ';
	while (!prio_utf8_valid(text, len, &bad))
		text[bad] = '?';
	while (len > 0 && text[len - 1] == ' ')
		len--;
	if (len > 0) {
		prio_buf_adds(b, "# decided in ");
		prio_buf_add(b, text, len);
		prio_buf_adds(b, cut ? "..." : "");
		prio_buf_adds(b, crlf ? "\r\n" : "\n");
	}
	free(text);
}

static char *
decision_text(struct merge *m, enum prio_merge_side side, const char *key)
{
	if (m->opts->decision == NULL)
		return NULL;
	return m->opts->decision(m->opts->decision_arg, side, key);
}

/* The conflict block for d; ours' lines are [from, to) of t. */
static void
add_conflict(struct merge *m, struct prio_buf *b, const struct decision *d,
    const struct side *t, size_t from, size_t to)
{
	size_t bf, bt, ki;

	/* A side that removed the key gets its comment too: the commit
	 * that removed it. */
	add_marker(b, '<', m->marker, "ours", m->crlf);
	add_decision_comment(b, decision_text(m, PRIO_MERGE_OURS, d->key),
	    m->crlf);
	prio_buf_add(b, t->data + from, to - from);
	if (m->opts->diff3) {
		add_marker(b, '|', m->marker, "base", m->crlf);
		if (find_key(&m->base, d->key, &ki) != NULL) {
			key_span(&m->base, ki, &bf, &bt);
			add_lines(b, m->base.data + bf, bt - bf, m->crlf);
		}
	}
	add_marker(b, '=', m->marker, NULL, m->crlf);
	add_decision_comment(b, decision_text(m, PRIO_MERGE_THEIRS, d->key),
	    m->crlf);
	if (d->b != NULL) {
		key_span(&m->theirs, d->bi, &bf, &bt);
		add_lines(b, m->theirs.data + bf, bt - bf, m->crlf);
	}
	add_marker(b, '>', m->marker, "theirs", m->crlf);
}

/* Theirs' lines of d's key. */
static void
add_theirs(struct merge *m, struct prio_buf *b, const struct decision *d)
{
	size_t bf, bt;

	key_span(&m->theirs, d->bi, &bf, &bt);
	add_lines(b, m->theirs.data + bf, bt - bf, m->crlf);
}

/*
 * Pass 1: the values the editor writes, into ours' bytes (t).  Returns
 * false when the editor refused; then the caller splices theirs' lines
 * for the ACT_EDIT keys instead (an ACT_SET cannot be spliced).
 */
static bool
apply_edits(struct merge *m, struct prio_buf *t)
{
	struct prio_edit *e = prio_xcalloc(m->nd + 1, sizeof(*e));
	char ***lists = prio_xcalloc(m->nd + 1, sizeof(*lists));
	size_t i, j, n = 0;
	bool good;

	for (i = 0; i < m->nd; i++) {
		const struct decision *d = &m->d[i];

		if (d->act == ACT_SET) {
			e[n++] = (struct prio_edit){ .key = d->key,
			    .items = d->items, .nitems = d->nitems,
			    .is_list = true };
		} else if (d->act == ACT_EDIT && d->b->kind == YNODE_SEQ) {
			lists[i] = prio_xcalloc(d->b->nkids + 1,
			    sizeof(char *));
			for (j = 0; j < d->b->nkids; j++)
				lists[i][j] = d->b->kids[j]->value;
			e[n++] = (struct prio_edit){ .key = d->key,
			    .items = lists[i], .nitems = d->b->nkids,
			    .is_list = true };
		} else if (d->act == ACT_EDIT)
			e[n++] = (struct prio_edit){ .key = d->key,
			    .value = d->b->value };
	}
	good = n == 0 || prio_edit_apply(t, t->ptr, t->len, e, n, NULL) ==
	    PRIO_OK;
	for (i = 0; i < m->nd; i++)
		free(lists[i]);
	free(lists);
	free(e);
	return good;
}

struct splice {
	size_t from, to;
	const struct decision *d;
};

static int
by_from(const void *x, const void *y)
{
	const struct splice *a = x, *b = y;

	return a->from < b->from ? -1 : a->from > b->from;
}

/*
 * Pass 2: the line splices, on t (ours after the editor), up to the end
 * of the front matter's closing line, into out.  Returns false when t
 * cannot be read back (a bug, caught rather than written).
 */
static bool
splice_lines(struct merge *m, const struct prio_buf *t, struct prio_buf *out)
{
	struct side ts = { .name = "ours", .data = t->ptr, .len = t->len };
	struct splice *sp = prio_xcalloc(m->nd + 1, sizeof(*sp));
	size_t i, ki, n = 0, at = 0;
	char *why;

	if ((why = side_load(&ts, SIZE_MAX)) != NULL) {
		free(why);
		side_free(&ts);
		free(sp);
		return false;
	}
	for (i = 0; i < m->nd; i++) {
		const struct decision *d = &m->d[i];

		if ((d->act != ACT_LINES && d->act != ACT_REMOVE &&
		    d->act != ACT_CONFLICT) || d->a == NULL)
			continue;
		if (find_key(&ts, d->key, &ki) == NULL)
			continue;
		key_span(&ts, ki, &sp[n].from, &sp[n].to);
		sp[n++].d = d;
	}
	qsort(sp, n, sizeof(*sp), by_from);
	for (i = 0; i < n; i++) {
		prio_buf_add(out, ts.data + at, sp[i].from - at);
		if (sp[i].d->act == ACT_LINES)
			add_theirs(m, out, sp[i].d);
		else if (sp[i].d->act == ACT_CONFLICT)
			add_conflict(m, out, sp[i].d, &ts, sp[i].from,
			    sp[i].to);
		at = sp[i].to;
	}
	prio_buf_add(out, ts.data + at, ts.fm.end - at);
	for (i = 0; i < m->nd; i++) {
		const struct decision *d = &m->d[i];

		if (d->act == ACT_ADD)
			add_theirs(m, out, d);
		else if (d->act == ACT_CONFLICT && d->a == NULL)
			add_conflict(m, out, d, &ts, 0, 0);
	}
	prio_buf_add(out, ts.data + ts.fm.end, ts.fm.body - ts.fm.end);
	side_free(&ts);
	free(sp);
	return true;
}

static bool
reads_as(const struct ynode *n, const struct decision *d)
{
	size_t i;

	switch (d->act) {
	case ACT_KEEP:
	case ACT_KEEP_CONFLICT:
		return same_value(n, d->a);
	case ACT_SET:
		if (n == NULL || n->kind != YNODE_SEQ || n->nkids != d->nitems)
			return false;
		for (i = 0; i < d->nitems; i++)
			if (n->kids[i]->kind != YNODE_SCALAR ||
			    strcmp(n->kids[i]->value, d->items[i]) != 0)
				return false;
		return true;
	case ACT_REMOVE:
		return n == NULL;
	default:
		return same_value(n, d->b);
	}
}

/* Whether the key is in the merged front matter. */
static bool
present(const struct decision *d)
{
	switch (d->act) {
	case ACT_REMOVE:
		return false;
	case ACT_KEEP:
	case ACT_KEEP_CONFLICT:
		return d->a != NULL;
	default:
		return true;
	}
}

/* The safety net: the merged front matter (no conflicts in it) holds
 * exactly the keys decided, each with the value decided. */
static bool
verify(struct merge *m, const struct prio_buf *fm)
{
	struct side v = { .name = "the result", .data = fm->ptr,
	    .len = fm->len };
	size_t i, want = 0;
	char *why;
	bool good;

	if ((why = side_load(&v, SIZE_MAX)) != NULL) {
		free(why);
		side_free(&v);
		return false;
	}
	good = true;
	for (i = 0; i < m->nd && good; i++) {
		good = reads_as(find_key(&v, m->d[i].key, NULL), &m->d[i]);
		if (present(&m->d[i]))
			want++;
	}
	if (good)
		good = (v.root ? v.root->nkids / 2 : 0) == want;
	side_free(&v);
	return good;
}

static bool
any_conflict(const struct merge *m)
{
	size_t i;

	for (i = 0; i < m->nd; i++)
		if (m->d[i].act == ACT_CONFLICT)
			return true;
	return false;
}

/*
 * The safety net for a merge with or without conflicts: markers cannot
 * be parsed, so with conflicts the same splices are made once more with
 * each conflicted key kept as ours, and that front matter is verified.
 */
static bool
verify_merge(struct merge *m, const struct prio_buf *t,
    const struct prio_buf *out)
{
	struct prio_buf kept = PRIO_BUF_INIT;
	size_t i;
	bool good;

	if (!any_conflict(m))
		return verify(m, out);
	for (i = 0; i < m->nd; i++)
		if (m->d[i].act == ACT_CONFLICT)
			m->d[i].act = ACT_KEEP_CONFLICT;
	good = splice_lines(m, t, &kept) && verify(m, &kept);
	for (i = 0; i < m->nd; i++)
		if (m->d[i].act == ACT_KEEP_CONFLICT)
			m->d[i].act = ACT_CONFLICT;
	prio_buf_free(&kept);
	return good;
}

static git_merge_file_favor_t
git_favor(enum prio_merge_favor f)
{
	return f == PRIO_MERGE_FAVOR_OURS ? GIT_MERGE_FILE_FAVOR_OURS :
	    f == PRIO_MERGE_FAVOR_THEIRS ? GIT_MERGE_FILE_FAVOR_THEIRS :
	    GIT_MERGE_FILE_FAVOR_NORMAL;
}

/*
 * git's line merge of three texts (base NULL: none, both added) into
 * out; *conflict when it left markers (or, favored, had to choose).
 * Returns false when libgit2 fails.
 */
static bool
line_merge(const struct merge *m, const char *o, size_t olen, const char *a,
    size_t alen, const char *b, size_t blen, struct prio_buf *out,
    bool *conflict)
{
	git_merge_file_input in[3];
	git_merge_file_options opts;
	git_merge_file_result res;
	int i;

	memset(&res, 0, sizeof(res));
	for (i = 0; i < 3; i++)
		git_merge_file_input_init(&in[i],
		    GIT_MERGE_FILE_INPUT_VERSION);
	git_merge_file_options_init(&opts, GIT_MERGE_FILE_OPTIONS_VERSION);
	in[0].ptr = o, in[0].size = olen;
	in[1].ptr = a, in[1].size = alen;
	in[2].ptr = b, in[2].size = blen;
	opts.ancestor_label = "base";
	opts.our_label = "ours";
	opts.their_label = "theirs";
	opts.marker_size = (unsigned short)m->marker;
	if (m->opts->diff3)
		opts.flags |= GIT_MERGE_FILE_STYLE_DIFF3;
	if (git_merge_file(&res, o ? &in[0] : NULL, &in[1], &in[2],
	    &opts) != 0)
		return false;
	*conflict = !res.automergeable;
	if (*conflict && m->opts->favor != PRIO_MERGE_FAVOR_NONE) {
		git_merge_file_result_free(&res);
		memset(&res, 0, sizeof(res));
		opts.favor = git_favor(m->opts->favor);
		if (git_merge_file(&res, o ? &in[0] : NULL, &in[1], &in[2],
		    &opts) != 0)
			return false;
	}
	prio_buf_add(out, res.ptr, res.len);
	git_merge_file_result_free(&res);
	return true;
}

static void
set_data(struct prio_merge_result *r, struct prio_buf *b)
{
	free(r->data);
	r->data = prio_buf_detach(b, &r->len);
}

/* The whole files by git's line merge; why says what stopped the key by
 * key merge. */
static void
merge_as_text(struct merge *m, char *why)
{
	struct prio_merge_result *r = m->r;
	struct prio_buf b = PRIO_BUF_INIT;
	bool conflict = true;
	const char *o = m->base.len ? m->base.data : NULL;

	if (is_binary(m->ours.data, m->ours.len) ||
	    is_binary(m->theirs.data, m->theirs.len) ||
	    is_binary(m->base.data, m->base.len)) {
		prio_buf_add(&b, m->ours.data, m->ours.len);
		r->text_merge = prio_xasprintf("%s is binary; kept ours",
		    is_binary(m->ours.data, m->ours.len) ? "ours" :
		    is_binary(m->theirs.data, m->theirs.len) ? "theirs" :
		    "the base");
	} else if (!line_merge(m, o, m->base.len, m->ours.data, m->ours.len,
	    m->theirs.data, m->theirs.len, &b, &conflict)) {
		const git_error *e = git_error_last();

		prio_buf_clear(&b);
		prio_buf_add(&b, m->ours.data, m->ours.len);
		conflict = true;
		r->text_merge = prio_xasprintf("%s; git's line merge failed "
		    "(%s); kept ours", why, e ? e->message : "?");
	} else {
		r->text_merge = prio_xasprintf("%s; merged as text", why);
		r->clean = !conflict || m->opts->favor !=
		    PRIO_MERGE_FAVOR_NONE;
	}
	free(why);
	r->body_conflict = conflict;
	set_data(r, &b);
}

static void
value_text(const struct side *s, const struct ynode *v, size_t ki,
    struct prio_merge_value *out)
{
	struct prio_buf b = PRIO_BUF_INIT;
	size_t i, from, to, at;

	if (v == NULL)
		return;
	out->present = true;
	key_span(s, ki, &from, &to);
	out->lines = prio_xstrndup(s->data + from, to - from);
	if (v->kind == YNODE_SCALAR) {
		out->text = prio_xstrdup(ynode_is_null(v) ? "" : v->value);
		return;
	}
	if (text_list(v)) {
		prio_buf_addch(&b, '[');
		for (i = 0; i < v->nkids; i++)
			prio_buf_addf(&b, "%s%s", i ? ", " : "",
			    v->kids[i]->value);
		prio_buf_addch(&b, ']');
		out->text = prio_buf_detach(&b, NULL);
		return;
	}
	at = node_offset(s, v);
	while (at < to && (s->data[at] == ' ' || s->data[at] == '\t'))
		at++;
	while (to > at && (s->data[to - 1] == '\n' || s->data[to - 1] == '\r'
	    || s->data[to - 1] == ' '))
		to--;
	out->text = prio_xstrndup(s->data + at, to - at);
}

static void
record_conflicts(struct merge *m)
{
	struct prio_merge_result *r = m->r;
	size_t i, ki;

	for (i = 0; i < m->nd; i++) {
		const struct decision *d = &m->d[i];
		struct prio_merge_conflict *c;

		if (!is_conflict(d))
			continue;
		r->conflicts = prio_xrealloc(r->conflicts,
		    (r->nconflicts + 1) * sizeof(*r->conflicts));
		c = &r->conflicts[r->nconflicts++];
		memset(c, 0, sizeof(*c));
		c->key = prio_xstrdup(d->key);
		if (find_key(&m->base, d->key, &ki))
			value_text(&m->base, d->o, ki, &c->base);
		if (find_key(&m->ours, d->key, &ki))
			value_text(&m->ours, d->a, ki, &c->ours);
		value_text(&m->theirs, d->b, d->bi, &c->theirs);
	}
}


/*
 * The front matter through its closing line, into out.  git's line
 * merge of it is taken when it is clean and reads back exactly as the
 * keys were decided: then a comment either side edited is kept too.
 * Else theirs' values go into ours' bytes by the editor, and the rest
 * by line splices.  False when neither result can be trusted.
 */
static bool
merge_front_matter(struct merge *m, struct prio_buf *out)
{
	const struct side *o = &m->base, *a = &m->ours, *b = &m->theirs;
	struct prio_buf t = PRIO_BUF_INIT;
	bool conflict = true, good;
	size_t i;

	if (!any_conflict(m) && line_merge(m, o->data, o->fm.body, a->data,
	    a->fm.body, b->data, b->fm.body, out, &conflict) && !conflict &&
	    verify(m, out))
		return true;
	prio_buf_clear(out);
	prio_buf_add(&t, a->data, a->len);
	if (!apply_edits(m, &t)) {
		for (i = 0; i < m->nd; i++) {
			if (m->d[i].act == ACT_SET) {
				prio_buf_free(&t);
				return false;
			}
			if (m->d[i].act == ACT_EDIT)
				m->d[i].act = ACT_LINES;
		}
	}
	good = splice_lines(m, &t, out) && verify_merge(m, &t, out);
	prio_buf_free(&t);
	return good;
}

/* The key-by-key merge, once all three sides have loaded. */
static void
merge_story(struct merge *m)
{
	struct prio_buf out = PRIO_BUF_INIT;
	const struct side *o = &m->base, *a = &m->ours, *b = &m->theirs;
	bool body_conflict = false;

	m->crlf = a->fm.start >= 2 && a->data[a->fm.start - 2] == '\r';
	decide_all(m);
	record_conflicts(m);
	if (!merge_front_matter(m, &out) ||
	    !line_merge(m, o->data + o->fm.body, o->len - o->fm.body,
	    a->data + a->fm.body, a->len - a->fm.body,
	    b->data + b->fm.body, b->len - b->fm.body, &out, &body_conflict)) {
		prio_buf_free(&out);
		merge_as_text(m, prio_xstrdup("prio could not merge the front "
		    "matter key by key"));
		return;
	}
	m->r->body_conflict = body_conflict;
	/* Favored, the line merge settled the body's hunks too. */
	m->r->clean = !any_conflict(m) && (!body_conflict ||
	    m->opts->favor != PRIO_MERGE_FAVOR_NONE);
	set_data(m->r, &out);
}

int
prio_merge_story(struct prio_merge_result **out,
    const char *base, size_t base_len, const char *ours, size_t ours_len,
    const char *theirs, size_t theirs_len,
    const struct prio_merge_opts *opts)
{
	static const struct prio_merge_opts none = { 0 };
	struct merge m = {
		.base = { .name = "the base", .data = base ? base : "",
		    .len = base ? base_len : 0 },
		.ours = { .name = "ours", .data = ours ? ours : "",
		    .len = ours ? ours_len : 0 },
		.theirs = { .name = "theirs", .data = theirs ? theirs : "",
		    .len = theirs ? theirs_len : 0 },
		.opts = opts ? opts : &none,
	};
	size_t i, max;
	char *why = NULL;

	m.r = prio_xcalloc(1, sizeof(*m.r));
	m.marker = m.opts->marker_size ? m.opts->marker_size :
	    PRIO_MERGE_MARKER_SIZE;
	if (m.marker > MAX_MARKER)
		m.marker = MAX_MARKER;
	max = m.opts->max_size ? m.opts->max_size : PRIO_MERGE_MAX_SIZE;
	if (m.base.len == 0 && m.ours.len > 0 && m.theirs.len > 0)
		why = prio_xstrdup("both sides added the file");
	if (why != NULL || is_binary(m.ours.data, m.ours.len) ||
	    is_binary(m.theirs.data, m.theirs.len) ||
	    is_binary(m.base.data, m.base.len) ||
	    (why = side_load(&m.ours, max)) != NULL ||
	    (why = side_load(&m.theirs, max)) != NULL ||
	    (why = side_load(&m.base, max)) != NULL)
		merge_as_text(&m, why ? why : prio_xstrdup("binary"));
	else
		merge_story(&m);
	for (i = 0; i < m.nd; i++)
		free(m.d[i].items);
	free(m.d);
	side_free(&m.base);
	side_free(&m.ours);
	side_free(&m.theirs);
	*out = m.r;
	return PRIO_OK;
}

static void
value_free(struct prio_merge_value *v)
{
	free(v->text);
	free(v->lines);
}

void
prio_merge_result_free(struct prio_merge_result *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nconflicts; i++) {
		free(r->conflicts[i].key);
		value_free(&r->conflicts[i].base);
		value_free(&r->conflicts[i].ours);
		value_free(&r->conflicts[i].theirs);
	}
	free(r->conflicts);
	free(r->text_merge);
	free(r->data);
	free(r);
}

/* --- the last decision on a key, for the conflict's comment lines --- */

#define DECISION_WALK 10000

/* The blob of path in c; false when c has no such file. */
static bool
blob_at(git_commit *c, const char *path, git_oid *out)
{
	git_tree *tree = NULL;
	git_tree_entry *e = NULL;
	bool found = false;

	if (git_commit_tree(&tree, c) == 0 &&
	    git_tree_entry_bypath(&e, tree, path) == 0 &&
	    git_tree_entry_type(e) == GIT_OBJECT_BLOB) {
		git_oid_cpy(out, git_tree_entry_id(e));
		found = true;
	}
	git_tree_entry_free(e);
	git_tree_free(tree);
	git_error_clear();
	return found;
}

/* key's value in the blob id (NULL: no file), read into s and *blob
 * (the caller frees both); NULL when absent or not a story. */
static const struct ynode *
value_in(git_repository *repo, const git_oid *id, const char *key,
    struct side *s, git_blob **blob)
{
	char *why = NULL;

	memset(s, 0, sizeof(*s));
	*blob = NULL;
	if (id == NULL || git_blob_lookup(blob, repo, id) != 0) {
		git_error_clear();
		return NULL;
	}
	s->name = "";
	s->data = git_blob_rawcontent(*blob);
	s->len = (size_t)git_blob_rawsize(*blob);
	if (is_binary(s->data, s->len) ||
	    (why = side_load(s, PRIO_MERGE_MAX_SIZE)) != NULL) {
		free(why);
		return NULL;
	}
	return find_key(s, key, NULL);
}

/* Whether c's version of key differs from every parent's (a root
 * commit: whether it has one). */
static bool
changes_key(git_repository *repo, git_commit *c, const char *path,
    const char *key)
{
	git_oid mine, theirs;
	bool have = blob_at(c, path, &mine), parent_has, differs = true;
	unsigned i, n = git_commit_parentcount(c);
	struct side s, ps;
	git_blob *b, *pb;
	const struct ynode *v;

	for (i = 0; i < n; i++) {
		git_commit *p = NULL;

		if (git_commit_parent(&p, c, i) != 0) {
			git_error_clear();
			return false;
		}
		parent_has = blob_at(p, path, &theirs);
		git_commit_free(p);
		if (parent_has == have && (!have || git_oid_equal(&mine,
		    &theirs)))
			return false;
	}
	v = value_in(repo, have ? &mine : NULL, key, &s, &b);
	for (i = 0; i < n && differs; i++) {
		git_commit *p = NULL;

		if (git_commit_parent(&p, c, i) != 0)
			break;
		parent_has = blob_at(p, path, &theirs);
		git_commit_free(p);
		differs = !same_value(v, value_in(repo, parent_has ? &theirs :
		    NULL, key, &ps, &pb));
		side_free(&ps);
		git_blob_free(pb);
	}
	if (n == 0)
		differs = v != NULL;
	side_free(&s);
	git_blob_free(b);
	return differs;
}

/* Whether every line of the paragraph at p (to end) is a trailer
 * ("Token: value") or continues one. */
static bool
all_trailers(const char *p, const char *end)
{
	const char *nl, *q;

	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if (*p == ' ' || *p == '\t')
			continue;
		for (q = p; q < nl && (*q == '-' || (*q >= 'a' && *q <= 'z') ||
		    (*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9')); q++)
			;
		if (q == p || q + 1 >= nl || q[0] != ':' || q[1] != ' ')
			return false;
	}
	return true;
}

/* The rationale: the body without its trailer block, on one line; the
 * subject when that leaves nothing. */
static void
rationale(git_commit *c, struct prio_buf *b)
{
	const char *body = git_commit_body(c), *end, *last, *p;
	size_t start = b->len;
	bool space = false;

	if (body == NULL)
		body = "";
	end = body + strlen(body);
	last = body;
	for (p = body; (p = strstr(p, "\n\n")) != NULL; p += 2)
		last = p + 2;
	if (last < end && all_trailers(last, end))
		end = last;
	for (p = body; p < end; p++) {
		if (*p == '\n' || *p == '\r' || *p == ' ' || *p == '\t') {
			space = b->len > start;
			continue;
		}
		if (space)
			prio_buf_addch(b, ' ');
		space = false;
		prio_buf_addch(b, *p);
	}
	if (b->len == start && git_commit_summary(c) != NULL)
		prio_buf_adds(b, git_commit_summary(c));
}

static char *
describe(git_commit *c)
{
	struct prio_buf b = PRIO_BUF_INIT;
	git_buf id = { 0 };
	const git_signature *who = git_commit_author(c);

	if (git_object_short_id(&id, (const git_object *)c) != 0) {
		git_error_clear();
		prio_buf_add(&b, git_oid_tostr_s(git_commit_id(c)), 7);
	} else
		prio_buf_add(&b, id.ptr, id.size);
	git_buf_dispose(&id);
	prio_buf_addf(&b, " by %s: ", who && who->name ? who->name : "?");
	rationale(c, &b);
	return prio_buf_detach(&b, NULL);
}

int
prio_merge_decision(char **out, git_repository *repo, const git_oid *tip,
    const git_oid *hide, const char *path, const char *key)
{
	git_revwalk *walk = NULL;
	git_commit *c;
	git_oid id;
	size_t seen = 0;
	int rc = PRIO_OK;

	*out = NULL;
	if (git_revwalk_new(&walk, repo) != 0 ||
	    git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL |
	    GIT_SORT_TIME) != 0 || git_revwalk_push(walk, tip) != 0 ||
	    (hide != NULL && git_revwalk_hide(walk, hide) != 0)) {
		rc = PRIO_EGIT;
		goto out;
	}
	while (*out == NULL && seen++ < DECISION_WALK &&
	    git_revwalk_next(&id, walk) == 0) {
		if (git_commit_lookup(&c, repo, &id) != 0) {
			rc = PRIO_EGIT;
			break;
		}
		if (changes_key(repo, c, path, key))
			*out = describe(c);
		git_commit_free(c);
	}
out:
	git_revwalk_free(walk);
	return rc;
}
