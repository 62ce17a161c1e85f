/* Build a positioned tree from libyaml's event stream (see yaml_tree.h). */
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "prio/buf.h"
#include "prio/error.h"
#include "util.h"
#include "yaml_tree.h"

/*
 * A place in the text in libyaml's units and in ours.  libyaml counts
 * characters, and ends lines at "\r", "\n", "\r\n" and at U+0085,
 * U+2028 and U+2029 too; a file line ends only at "\n", and our columns
 * count bytes.  Text that is ASCII without a lone "\r" needs no
 * translation; other text is walked from the last place asked for, so
 * marks that come in order cost linear time in all.
 */
struct ypos {
	size_t index;      /* libyaml's character index */
	size_t off;        /* byte offset */
	unsigned line;     /* 0-based file line */
	size_t line_off;   /* byte offset where that line starts */
};

struct ybuilder {
	struct ynode *stack[YTREE_MAX_DEPTH + 1];
	size_t depth;
	struct ynode *root;
	unsigned first_line;
	const char *path;
	enum prio_severity sev;
	struct prio_diags *diags;
	const char *data;
	size_t len;
	bool plain_text;   /* marks map straight onto file positions */
	struct ypos pos;
};

static bool
is_plain_text(const char *data, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((unsigned char)data[i] >= 0x80 || (data[i] == '\r' &&
		    (i + 1 == len || data[i + 1] != '\n')))
			return false;
	return true;
}

static size_t
utf8_width(unsigned char c)
{
	return c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
}

/* Moves b->pos to libyaml's character index. */
static void
seek(struct ybuilder *b, size_t index)
{
	struct ypos *p = &b->pos;
	size_t w;

	while (p->index < index && p->off < b->len) {
		if (b->data[p->off] == '\n') {
			p->line++;
			p->line_off = p->off + 1;
		}
		w = utf8_width((unsigned char)b->data[p->off]);
		p->off += w < b->len - p->off ? w : b->len - p->off;
		p->index++;
	}
	if (p->index <= index)
		return;
	while (p->index > index && p->off > 0) {
		do
			p->off--;
		while (p->off > 0 && ((unsigned char)b->data[p->off] &
		    0xc0) == 0x80);
		if (b->data[p->off] == '\n')
			p->line--;
		p->index--;
	}
	for (p->line_off = p->off; p->line_off > 0 &&
	    b->data[p->line_off - 1] != '\n'; p->line_off--)
		;
}

/* The file line and byte column (1-based) of a libyaml mark. */
static void
mark_at(struct ybuilder *b, const yaml_mark_t *m, unsigned *line,
    unsigned *col)
{
	/* At the end of input libyaml moves to a line that is not there
	 * when the text does not end in a newline: count for ourselves. */
	if (b->plain_text && m->index < b->len) {
		*line = (unsigned)m->line + b->first_line;
		*col = (unsigned)m->column + 1;
		return;
	}
	seek(b, m->index);
	*line = b->pos.line + b->first_line;
	*col = (unsigned)(b->pos.off - b->pos.line_off) + 1;
}

static struct ynode *
ynode_new(struct ybuilder *b, enum ynode_kind kind, const yaml_event_t *ev)
{
	struct ynode *n = prio_xcalloc(1, sizeof(*n));

	n->kind = kind;
	mark_at(b, &ev->start_mark, &n->line, &n->column);
	mark_at(b, &ev->end_mark, &n->end_line, &n->end_column);
	return n;
}

void
ynode_free(struct ynode *n)
{
	size_t i;

	if (n == NULL)
		return;
	for (i = 0; i < n->nkids; i++)
		ynode_free(n->kids[i]);
	free(n->kids);
	free(n->value);
	free(n);
}

static void
ynode_append(struct ynode *parent, struct ynode *kid)
{
	prio_xgrow(&parent->kids, &parent->cap, parent->nkids + 1,
	    sizeof(*parent->kids));
	parent->kids[parent->nkids++] = kid;
}

static int
yfail(struct ybuilder *b, const yaml_mark_t *m, const char *msg)
{
	unsigned line, col;

	mark_at(b, m, &line, &col);
	prio_diags_add(b->diags, b->sev, "yaml", b->path, line, col, "%s",
	    msg);
	return PRIO_EINVAL;
}

/* A key that repeats is an error at its second place. */
static int
check_duplicate_key(struct ybuilder *b, const struct ynode *map,
    const struct ynode *key)
{
	size_t i;

	if (key->kind != YNODE_SCALAR) {
		prio_diags_add(b->diags, b->sev, "yaml", b->path, key->line,
		    key->column, "a key must be a single value, not %s; "
		    "write 'key: value'", ynode_kind_name(key));
		return PRIO_EINVAL;
	}
	for (i = 0; i + 1 < map->nkids; i += 2) {
		const struct ynode *k = map->kids[i];

		if (k->value_len == key->value_len &&
		    memcmp(k->value, key->value, k->value_len) == 0) {
			prio_diags_add(b->diags, b->sev, "yaml", b->path,
			    key->line, key->column,
			    "key '%s' repeats (first at line %u); keep one",
			    key->value, k->line);
			return PRIO_EINVAL;
		}
	}
	return PRIO_OK;
}

/* Hangs a finished node under the open collection, or makes it the root. */
static int
attach(struct ybuilder *b, struct ynode *n)
{
	struct ynode *parent;

	if (b->depth == 0) {
		b->root = n;
		return PRIO_OK;
	}
	parent = b->stack[b->depth - 1];
	if (parent->kind == YNODE_MAP && parent->nkids % 2 == 0 &&
	    check_duplicate_key(b, parent, n) != PRIO_OK) {
		ynode_free(n);
		return PRIO_EINVAL;
	}
	ynode_append(parent, n);
	return PRIO_OK;
}

static int
on_scalar(struct ybuilder *b, const yaml_event_t *ev)
{
	struct ynode *n = ynode_new(b, YNODE_SCALAR, ev);

	n->value = prio_xstrndup((const char *)ev->data.scalar.value,
	    ev->data.scalar.length);
	n->value_len = ev->data.scalar.length;
	n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	return attach(b, n);
}

static int
on_start(struct ybuilder *b, const yaml_event_t *ev, enum ynode_kind kind)
{
	struct ynode *n;

	if (b->depth >= YTREE_MAX_DEPTH)
		return yfail(b, &ev->start_mark, "the YAML nests deeper than "
		    "32 levels, which prio refuses; flatten the value");
	n = ynode_new(b, kind, ev);
	b->stack[b->depth++] = n;
	return PRIO_OK;
}

static int
on_end(struct ybuilder *b, const yaml_event_t *ev)
{
	struct ynode *n = b->stack[--b->depth];

	mark_at(b, &ev->end_mark, &n->end_line, &n->end_column);
	return attach(b, n);
}

static int
on_event(struct ybuilder *b, const yaml_event_t *ev, int *docs)
{
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++*docs > 1)
			return yfail(b, &ev->start_mark, "only one YAML "
			    "document is allowed here; remove the second '---'");
		return PRIO_OK;
	case YAML_ALIAS_EVENT:
		/* Refused before anything is expanded: no alias bombs. */
		return yfail(b, &ev->start_mark, "aliases (*name) are not "
		    "supported; write the value out");
	case YAML_SCALAR_EVENT:
		return on_scalar(b, ev);
	case YAML_SEQUENCE_START_EVENT:
		return on_start(b, ev, YNODE_SEQ);
	case YAML_MAPPING_START_EVENT:
		return on_start(b, ev, YNODE_MAP);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		return on_end(b, ev);
	default:
		return PRIO_OK;
	}
}

/* What to do about libyaml's complaint, when we can tell. */
static const char *
error_hint(struct ybuilder *b, const yaml_parser_t *p)
{
	const char *problem = p->problem ? p->problem : "";
	const char *context = p->context ? p->context : "";

	seek(b, p->problem_mark.index);
	if (strstr(problem, "tab") || (b->pos.off < b->len &&
	    b->data[b->pos.off] == '\t'))
		return "indent with spaces, not tabs";
	if (strstr(context, "quoted scalar"))
		return "close the quotes";
	if (strstr(context, "flow sequence"))
		return "close the [ ] list, or quote a value holding ',', "
		    "'[' or ']'";
	if (strstr(context, "flow mapping"))
		return "close the { } mapping, or quote a value holding ',', "
		    "'{' or '}'";
	if (strstr(problem, "mapping values are not allowed"))
		return "quote a value that holds ': ', or check the "
		    "indentation";
	if (strstr(problem, "cannot start any token"))
		return "quote the value";
	if (strstr(problem, "did not find expected key") ||
	    strstr(problem, "did not find expected '-'"))
		return "check the indentation";
	if (strstr(context, "simple key"))
		return "write each key as 'key: value' on its own line";
	return NULL;
}

static int
parser_error(struct ybuilder *b, const yaml_parser_t *p)
{
	struct prio_buf msg = PRIO_BUF_INIT;
	const char *hint;
	unsigned line, col, cline, ccol;

	if (p->error == YAML_READER_ERROR) {
		/* problem_offset counts bytes. */
		prio_line_col(b->data, p->problem_offset < b->len ?
		    p->problem_offset : b->len, &line, &col);
		prio_diags_add(b->diags, b->sev, "yaml", b->path,
		    line + b->first_line - 1, col, "invalid YAML: %s "
		    "(character 0x%02x); remove it", p->problem ?
		    p->problem : "unreadable text", (unsigned)p->problem_value);
		return PRIO_EINVAL;
	}
	hint = error_hint(b, p);
	mark_at(b, p->problem ? &p->problem_mark : &p->context_mark, &line,
	    &col);
	prio_buf_addf(&msg, "invalid YAML: %s",
	    p->problem ? p->problem : "syntax error");
	if (p->context) {
		mark_at(b, &p->context_mark, &cline, &ccol);
		prio_buf_addf(&msg, " %s", p->context);
		if (cline != line)
			prio_buf_addf(&msg, " that starts on line %u", cline);
	}
	if (hint)
		prio_buf_addf(&msg, "; %s", hint);
	prio_diags_add(b->diags, b->sev, "yaml", b->path, line, col, "%s",
	    msg.ptr);
	prio_buf_free(&msg);
	return PRIO_EINVAL;
}

int
ytree_parse(struct ynode **out, const char *data, size_t len,
    unsigned first_line, const char *path, enum prio_severity sev,
    struct prio_diags *diags)
{
	struct ybuilder b = { .first_line = first_line, .path = path,
	    .sev = sev, .diags = diags };
	yaml_parser_t parser;
	yaml_event_t ev;
	int rc = PRIO_OK, docs = 0, done = 0;

	*out = NULL;
	/* With the encoding given, libyaml reads a byte order mark as an
	 * indenting character; columns are counted after it, as editors do. */
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		data += 3, len -= 3;
	b.data = data;
	b.len = len;
	b.plain_text = is_plain_text(data, len);
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	while (!done && rc == PRIO_OK) {
		if (!yaml_parser_parse(&parser, &ev)) {
			rc = parser_error(&b, &parser);
			break;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		rc = on_event(&b, &ev, &docs);
		yaml_event_delete(&ev);
	}
	while (b.depth > 0)
		ynode_free(b.stack[--b.depth]);
	yaml_parser_delete(&parser);
	if (rc != PRIO_OK) {
		ynode_free(b.root);
		return rc;
	}
	*out = b.root;
	return PRIO_OK;
}

bool
ynode_is_null(const struct ynode *n)
{
	static const char *const nulls[] = { "", "~", "null", "Null", "NULL" };
	size_t i;

	if (n == NULL)
		return true;
	if (n->kind != YNODE_SCALAR || !n->plain)
		return false;
	for (i = 0; i < sizeof(nulls) / sizeof(nulls[0]); i++)
		if (strcmp(n->value, nulls[i]) == 0)
			return true;
	return false;
}

const char *
ynode_kind_name(const struct ynode *n)
{
	return n->kind == YNODE_SEQ ? "a list" :
	    n->kind == YNODE_MAP ? "a mapping" : "a single value";
}
