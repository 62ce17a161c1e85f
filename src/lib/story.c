/*
 * One story file: checks on the raw bytes, front matter through
 * yaml_tree, the known keys, then criteria from the cmark body.
 * (See prio/story.h.)
 */
#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "prio/buf.h"
#include "prio/error.h"
#include "prio/score.h"
#include "prio/story.h"
#include "arena.h"
#include "story_parse.h"
#include "util.h"
#include "yaml_tree.h"

void
story_report(struct story_ctx *x, enum prio_rule rule, unsigned line,
    unsigned col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	prio_diags_vadd(x->diags, x->cfg->severity[rule], prio_rule_name(rule),
	    x->s->path, line ? line : 1, col ? col : 1, fmt, ap);
	va_end(ap);
}

/* Binary, not UTF-8: nothing else is worth saying about such a file. */
static bool
check_bytes(struct story_ctx *x)
{
	size_t bad;
	unsigned line, col;

	if (x->len == 0) {
		story_report(x, PRIO_RULE_FRONT_MATTER, 1, 1, "the file is "
		    "empty; a story starts with a '---' front matter block");
		return false;
	}
	if (memchr(x->data, '\0', x->len) != NULL) {
		bad = (size_t)((const char *)memchr(x->data, '\0', x->len) -
		    x->data);
		prio_line_col(x->data, bad, &line, &col);
		story_report(x, PRIO_RULE_FILE, line, col, "binary file (NUL "
		    "byte); a story must be UTF-8 text");
		return false;
	}
	if (!prio_utf8_valid(x->data, x->len, &bad)) {
		prio_line_col(x->data, bad, &line, &col);
		story_report(x, PRIO_RULE_FILE, line, col, "invalid UTF-8 "
		    "(byte 0x%02x); save the file as UTF-8",
		    (unsigned char)x->data[bad]);
		return false;
	}
	return true;
}

/*
 * "<<<<<<<" and ">>>>>>>" lines are markers wherever they are; "=======" and
 * "|||||||" only between them, since "=======" alone is also a Markdown
 * heading underline.
 */
static bool
check_conflicts(struct story_ctx *x)
{
	const char *p = x->data, *end = x->data + x->len, *next;
	unsigned line = 1;
	bool found = false, inside = false, marker;
	size_t n;

	for (; p < end; p = next, line++) {
		n = prio_line_length(p, end, &next);
		if (*p != '<' && *p != '=' && *p != '>' && *p != '|')
			continue;
		marker = false;
		if (prio_line_is_marker(p, n, "<<<<<<<"))
			marker = inside = true;
		else if (prio_line_is_marker(p, n, ">>>>>>>")) {
			marker = true;
			inside = false;
		} else if (inside)
			marker = prio_line_is(p, n, "=======") ||
			    prio_line_is_marker(p, n, "|||||||");
		if (marker) {
			story_report(x, PRIO_RULE_CONFLICT_MARKER, line, 1,
			    "git merge-conflict marker; resolve the conflict "
			    "and remove the markers");
			found = true;
		}
	}
	return !found;
}

/*
 * Finds the front matter: a first line "---", then lines up to a line
 * "---" or "...".  Sets x->fm (start, length) and the body start.
 */
static bool
find_front_matter(struct story_ctx *x)
{
	struct prio_front_matter fm;

	switch (prio_front_matter_find(x->data, x->len, &fm)) {
	case PRIO_FM_MISSING:
		story_report(x, PRIO_RULE_FRONT_MATTER, 1, 1, "no front matter; "
		    "a story starts with a '---' line, then YAML keys such as "
		    "id, title and status, then '---'");
		return false;
	case PRIO_FM_UNTERMINATED:
		story_report(x, PRIO_RULE_FRONT_MATTER, 1, 1, "the front matter "
		    "is not terminated; add a '---' line after its last key");
		return false;
	case PRIO_FM_OK:
		break;
	}
	x->fm = x->data + fm.start;
	x->fm_len = fm.end - fm.start;
	x->s->body_offset = fm.body;
	x->s->body_line = fm.body_line;
	return true;
}

struct prio_story_parser {
	const struct prio_config *cfg;
	unsigned flags;
	struct arena arena;
};

struct prio_story_parser *
prio_story_parser_new(const struct prio_config *cfg, unsigned flags)
{
	struct prio_story_parser *p = prio_xcalloc(1, sizeof(*p));

	p->cfg = cfg;
	p->flags = flags;
	arena_init(&p->arena);
	return p;
}

void
prio_story_parser_free(struct prio_story_parser *p)
{
	if (p == NULL)
		return;
	arena_free(&p->arena);
	free(p);
}

struct prio_story *
prio_story_parse(const char *path, const char *data, size_t len,
    const struct prio_config *cfg, struct prio_diags *diags)
{
	struct prio_story_parser *p = prio_story_parser_new(cfg,
	    PRIO_PARSE_FULL);
	struct prio_story *s = prio_story_parser_parse(p, path, data, len,
	    diags);

	prio_story_parser_free(p);
	return s;
}

/* Moves a node's columns back onto the file's, where the dialect's
 * preprocessing widened its line. */
static void
unshift(struct ynode *n, const struct prio_dialect_shift *sh, size_t nsh)
{
	size_t i;

	if (n == NULL)
		return;
	for (i = 0; i < nsh; i++) {
		if (n->line == sh[i].line && n->column > sh[i].after)
			n->column = n->column - sh[i].by > sh[i].after ?
			    n->column - sh[i].by : sh[i].after;
		if (n->end_line == sh[i].line && n->end_column > sh[i].after)
			n->end_column = n->end_column - sh[i].by >
			    sh[i].after ? n->end_column - sh[i].by :
			    sh[i].after;
	}
	for (i = 0; i < n->nkids; i++)
		unshift(n->kids[i], sh, nsh);
}

/*
 * The front matter as YAML, after the dialect's own rewriting (Backlog.md
 * quotes "assignee: @ada"), with positions in the file's terms.
 */
static int
parse_front_matter(struct story_ctx *x, struct ynode **root,
    const char *path)
{
	struct prio_buf pre = PRIO_BUF_INIT;
	struct prio_dialect_shift *sh = NULL;
	size_t nsh = 0;
	int rc;

	if (!prio_dialect_preprocess(x->cfg->dialect, x->fm, x->fm_len, &pre,
	    &sh, &nsh)) {
		prio_buf_free(&pre);
		return ytree_parse(root, x->fm, x->fm_len, 2, path,
		    x->cfg->severity[PRIO_RULE_YAML], x->diags);
	}
	rc = ytree_parse(root, pre.ptr, pre.len, 2, path,
	    x->cfg->severity[PRIO_RULE_YAML], x->diags);
	if (rc == PRIO_OK) {
		/* Shift lines count from the front matter's first line,
		 * which is the file's second. */
		for (size_t i = 0; i < nsh; i++)
			sh[i].line++;
		unshift(*root, sh, nsh);
	}
	free(sh);
	prio_buf_free(&pre);
	return rc;
}

struct prio_story *
prio_story_parser_parse(struct prio_story_parser *p, const char *path,
    const char *data, size_t len, struct prio_diags *diags)
{
	struct story_ctx x = { .cfg = p->cfg, .diags = diags, .data = data,
	    .len = len, .arena = &p->arena, .flags = p->flags };
	struct ynode *root = NULL;

	x.s = prio_xcalloc(1, sizeof(*x.s));
	x.s->path = prio_xstrdup(path);
	x.s->status_index = -1;
	if (!check_bytes(&x) || !check_conflicts(&x) ||
	    !find_front_matter(&x))
		return x.s;
	if (parse_front_matter(&x, &root, path) != PRIO_OK)
		return x.s;
	if (root != NULL && root->kind != YNODE_MAP) {
		story_report(&x, PRIO_RULE_YAML, root->line, root->column,
		    "the front matter must be a mapping of keys, not %s",
		    ynode_kind_name(root));
		ynode_free(root);
		return x.s;
	}
	x.s->readable = true;
	story_read_fields(&x, root);
	ynode_free(root);
	story_read_criteria(&x);
	story_check_rules(&x);
	if (!(p->flags & PRIO_PARSE_FULL))
		story_drop_fields(x.s);
	return x.s;
}

const struct prio_field *
prio_story_field(const struct prio_story *s, const char *key)
{
	size_t i;

	for (i = 0; i < s->nfields; i++)
		if (strcmp(s->fields[i].key, key) == 0)
			return &s->fields[i];
	return NULL;
}

bool
prio_story_id_valid(const char *s, const char *prefix, unsigned long *num)
{
	size_t plen = strlen(prefix), i;
	unsigned long n = 0;

	if (strncmp(s, prefix, plen) != 0 || s[plen] != '-')
		return false;
	s += plen + 1;
	if (s[0] < '1' || s[0] > '9')
		return false;
	for (i = 0; s[i]; i++) {
		if (!isdigit((unsigned char)s[i]) || i >= 9)
			return false;
		n = n * 10 + (unsigned long)(s[i] - '0');
	}
	if (num)
		*num = n;
	return true;
}

void
story_drop_fields(struct prio_story *s)
{
	size_t i;

	for (i = 0; i < s->nfields; i++) {
		free(s->fields[i].key);
		free(s->fields[i].value);
		prio_strv_free(s->fields[i].items, s->fields[i].nitems);
	}
	free(s->fields);
	s->fields = NULL;
	s->nfields = 0;
	/* The counts stay: listing and ordering need only those. */
	for (i = 0; s->criteria && i < s->ncriteria; i++)
		free(s->criteria[i].text);
	free(s->criteria);
	s->criteria = NULL;
}

void
prio_story_free(struct prio_story *s)
{
	if (s == NULL)
		return;
	if (s->packed) {
		story_drop_fields(s);
		free(s);
		return;
	}
	free(s->path);
	free(s->id);
	free(s->title);
	free(s->status);
	prio_rank_free(s->rank);
	free(s->rank_text);
	free(s->owner);
	free(s->goal);
	prio_strv_free(s->labels, s->nlabels);
	prio_strv_free(s->depends_on, s->ndepends_on);
	story_drop_fields(s);
	free(s);
}

bool
prio_story_same_deps(const struct prio_story *a, const struct prio_story *b)
{
	size_t i;

	if (a->ndepends_on != b->ndepends_on)
		return false;
	for (i = 0; i < a->ndepends_on; i++)
		if (strcmp(a->depends_on[i], b->depends_on[i]) != 0)
			return false;
	return true;
}

bool
prio_story_owned_by(const struct prio_story *s,
    const struct prio_config *cfg, const char *who)
{
	const char *p, *e;
	size_t n;

	if (s->owner == NULL)
		return false;
	if (!cfg->dialect->owner_list)
		return strcmp(s->owner, who) == 0;
	if (*who == '@')
		who++;
	n = strlen(who);
	for (p = s->owner; *p; p = *e ? e + 2 : e) {
		if ((e = strstr(p, ", ")) == NULL)
			e = p + strlen(p);
		if (*p == '@')
			p++;
		if ((size_t)(e - p) == n && strncmp(p, who, n) == 0)
			return true;
	}
	return false;
}
