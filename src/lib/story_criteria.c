/*
 * Acceptance criteria (SPEC §2.1): the list items under the heading named
 * by the config (any level, case-insensitive), up to the next heading of
 * the same or a higher level.  cmark finds the headings and lists, so a
 * '#' line inside fenced code is not a heading.  Only lists at the top
 * level of the section count; a nested list belongs to its parent item.
 * An item's text is read from the source lines cmark points at, so a
 * box such as "[x]" is seen exactly as written.
 *
 * A Backlog.md task marks its criteria: only the items between the
 * <!-- AC:BEGIN --> and <!-- AC:END --> comments count (when the file has
 * the markers at all), and each item's "#<n> " number is not its text.
 */
#include <cmark.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "prio/buf.h"
#include "prio/dialect.h"
#include "story_parse.h"
#include "util.h"

/*
 * The body and its lines as cmark counts them: "\n", "\r\n" and a lone
 * "\r" each end a line.  A file line counts only "\n", so each cmark
 * line also records the file line it starts on.
 */
struct body_line {
	size_t start;          /* byte offset in the body */
	unsigned file_line;    /* the file line it starts on */
};

struct body {
	const char *text;
	size_t len;
	unsigned first_line;   /* file line of text[0] */
	struct body_line *lines;  /* built on first use */
	size_t nlines;
	size_t cap;
};

static void
add_line_start(struct body *b, size_t start, unsigned file_line)
{
	prio_xgrow(&b->lines, &b->cap, b->nlines + 1, sizeof(*b->lines));
	b->lines[b->nlines].start = start;
	b->lines[b->nlines++].file_line = file_line;
}

static void
index_lines(struct body *b)
{
	unsigned line = b->first_line;
	size_t i;

	if (b->lines)
		return;
	add_line_start(b, 0, line);
	for (i = 0; i < b->len; i++)
		if (b->text[i] == '\n')
			add_line_start(b, i + 1, ++line);
		else if (b->text[i] == '\r' && (i + 1 == b->len ||
		    b->text[i + 1] != '\n'))
			add_line_start(b, i + 1, line);
}

/* The file line of cmark's line `line` (1-based). */
static unsigned
file_line(struct body *b, int line)
{
	index_lines(b);
	if (line < 1)
		return b->first_line;
	if ((size_t)line > b->nlines)
		return b->lines[b->nlines - 1].file_line;
	return b->lines[line - 1].file_line;
}

/* Appends cmark's line `line` (1-based) from byte column `col`, trimmed. */
static void
add_line(struct body *b, struct prio_buf *out, int line, int col)
{
	size_t start, end;

	if (line < 1 || (size_t)line > b->nlines)
		return;
	start = b->lines[line - 1].start + (size_t)(col > 0 ? col - 1 : 0);
	end = (size_t)line < b->nlines ? b->lines[line].start : b->len;
	if (start > end)
		start = end;
	while (start < end && isspace((unsigned char)b->text[start]))
		start++;
	while (end > start && isspace((unsigned char)b->text[end - 1]))
		end--;
	if (end == start)
		return;
	if (out->len)
		prio_buf_addch(out, ' ');
	prio_buf_add(out, b->text + start, end - start);
}

/* The raw text of a block: its first line from its column, then whole
 * lines (cmark gives the block's extent; container prefixes are rare in
 * criteria and harmless in text). */
static void
block_text(struct body *b, cmark_node *block, struct prio_buf *out)
{
	int line, first = cmark_node_get_start_line(block);
	int last = cmark_node_get_end_line(block);

	index_lines(b);
	add_line(b, out, first, cmark_node_get_start_column(block));
	for (line = first + 1; line <= last; line++)
		add_line(b, out, line, 1);
}

/* "[ ]", "[x]" or "[X]" followed by a blank or the end. */
static int
box_state(const char *t)
{
	if (t[0] != '[' || t[2] != ']' || (t[3] != '\0' && t[3] != ' ' &&
	    t[3] != '\t'))
		return -1;
	if (t[1] == ' ')
		return 0;
	if (t[1] == 'x' || t[1] == 'X')
		return 1;
	return -1;
}

static void
add_criterion(struct story_ctx *x, struct body *b, cmark_node *item,
    size_t *cap)
{
	struct prio_story *s = x->s;
	struct prio_criterion *c;
	struct prio_buf text = PRIO_BUF_INIT;
	cmark_node *first = cmark_node_first_child(item);
	const char *t;
	int box;

	if (first)
		block_text(b, first, &text);
	t = text.ptr;
	box = text.len >= 3 ? box_state(t) : -1;
	if (box >= 0)
		for (t += 3; *t == ' ' || *t == '\t'; t++)
			;
	if (x->cfg->dialect->criteria_numbered && t[0] == '#' &&
	    isdigit((unsigned char)t[1])) {
		const char *p = t + 1;

		while (isdigit((unsigned char)*p))
			p++;
		if (*p == '\0' || *p == ' ' || *p == '\t')
			for (t = p; *t == ' ' || *t == '\t'; t++)
				;
	}
	prio_xgrow(&s->criteria, cap, s->ncriteria + 1, sizeof(*s->criteria));
	c = &s->criteria[s->ncriteria++];
	c->text = (x->flags & PRIO_PARSE_FULL) ? prio_xstrdup(t) : NULL;
	c->empty = *t == '\0';
	c->met = box == 1;
	c->line = file_line(b, cmark_node_get_start_line(item));
	c->column = (unsigned)cmark_node_get_start_column(item);
	if (c->met)
		s->criteria_met++;
	prio_buf_free(&text);
}

/* The heading's text: its text and code spans, concatenated. */
static void
heading_text(cmark_node *heading, struct prio_buf *out)
{
	cmark_iter *it = cmark_iter_new(heading);
	cmark_event_type ev;
	cmark_node *n;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		n = cmark_iter_get_node(it);
		if (ev == CMARK_EVENT_ENTER &&
		    (cmark_node_get_type(n) == CMARK_NODE_TEXT ||
		    cmark_node_get_type(n) == CMARK_NODE_CODE))
			prio_buf_adds(out, cmark_node_get_literal(n));
	}
	cmark_iter_free(it);
}

static bool
is_criteria_heading(const struct story_ctx *x, cmark_node *heading)
{
	struct prio_buf t = PRIO_BUF_INIT;
	const char *name = x->cfg->criteria_heading;
	size_t start = 0, end;
	bool match;

	heading_text(heading, &t);
	end = t.len;
	while (start < end && isspace((unsigned char)t.ptr[start]))
		start++;
	while (end > start && isspace((unsigned char)t.ptr[end - 1]))
		end--;
	match = prio_ascii_ieq(t.ptr + start, end - start, name, strlen(name));
	prio_buf_free(&t);
	return match;
}

/* Whether the len bytes at text hold s. */
static bool
contains(const char *text, size_t len, const char *s)
{
	size_t n = strlen(s), i;

	for (i = 0; i + n <= len; i++)
		if (text[i] == s[0] && memcmp(text + i, s, n) == 0)
			return true;
	return false;
}

/* The dialect's markers: an HTML block that opens or closes the list. */
static void
ac_marker(const struct prio_dialect *d, cmark_node *n, bool *inside)
{
	const char *lit = cmark_node_get_literal(n), *b, *e;

	if (cmark_node_get_type(n) != CMARK_NODE_HTML_BLOCK || lit == NULL)
		return;
	b = strstr(lit, d->criteria_begin);
	e = strstr(lit, d->criteria_end);
	if (b && (e == NULL || e < b))
		*inside = true;
	else if (e)
		*inside = false;
}

static void
ac_unterminated(struct story_ctx *x, struct body *b, int begin)
{
	story_report(x, PRIO_RULE_FILE, file_line(b, begin), 1,
	    "the acceptance criteria open with '%s' but have no '%s'; add it "
	    "after the last criterion", x->cfg->dialect->criteria_begin,
	    x->cfg->dialect->criteria_end);
}

void
story_read_criteria(struct story_ctx *x)
{
	struct prio_story *s = x->s;
	struct body b = { .text = x->data + s->body_offset,
	    .len = x->len - s->body_offset, .first_line = s->body_line };
	cmark_parser *parser;
	cmark_node *doc, *n, *item;
	size_t cap = 0;
	int section = 0, level, begin = 0;
	/* A dialect with markers: only items between them count. */
	const struct prio_dialect *d = x->cfg->dialect;
	bool marked = d->criteria_begin &&
	    contains(b.text, b.len, d->criteria_begin);
	bool inside = false, was;

	/* cmark skips a byte order mark but then counts columns after it;
	 * skip it here so that columns index the text. */
	if (b.len >= 3 && memcmp(b.text, "\xef\xbb\xbf", 3) == 0)
		b.text += 3, b.len -= 3;
	arena_bind(x->arena);
	parser = cmark_parser_new_with_mem(CMARK_OPT_DEFAULT, &x->arena->mem);
	cmark_parser_feed(parser, b.text, b.len);
	doc = cmark_parser_finish(parser);
	for (n = cmark_node_first_child(doc); n; n = cmark_node_next(n)) {
		if (cmark_node_get_type(n) == CMARK_NODE_HEADING) {
			level = cmark_node_get_heading_level(n);
			if (section && level <= section) {
				section = 0;
				if (inside)
					ac_unterminated(x, &b, begin);
				inside = false;
			}
			if (!section && is_criteria_heading(x, n)) {
				section = level;
				if (!s->has_criteria_heading)
					s->criteria_line = file_line(&b,
					    cmark_node_get_start_line(n));
				s->has_criteria_heading = true;
			}
		} else if (section && marked &&
		    cmark_node_get_type(n) == CMARK_NODE_HTML_BLOCK) {
			was = inside;
			ac_marker(d, n, &inside);
			if (inside && !was)
				begin = cmark_node_get_start_line(n);
		} else if (section && (!marked || inside) &&
		    cmark_node_get_type(n) == CMARK_NODE_LIST) {
			for (item = cmark_node_first_child(n); item;
			    item = cmark_node_next(item))
				add_criterion(x, &b, item, &cap);
		}
	}
	if (inside)
		ac_unterminated(x, &b, begin);
	cmark_node_free(doc);
	cmark_parser_free(parser);
	arena_reset(x->arena);
	arena_bind(NULL);
	free(b.lines);
}
