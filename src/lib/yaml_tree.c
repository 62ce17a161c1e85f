/* Build a positioned tree from libyaml's event stream (see yaml_tree.h). */
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "prio/buf.h"
#include "prio/error.h"
#include "yaml_tree.h"

struct ybuilder {
	struct ynode *stack[YTREE_MAX_DEPTH + 1];
	size_t depth;
	struct ynode *root;
	unsigned first_line;
	const char *path;
	enum prio_severity sev;
	struct prio_diags *diags;
};

static struct ynode *
ynode_new(enum ynode_kind kind, const yaml_event_t *ev, unsigned first_line)
{
	struct ynode *n = prio_xcalloc(1, sizeof(*n));

	n->kind = kind;
	n->line = (unsigned)ev->start_mark.line + first_line;
	n->column = (unsigned)ev->start_mark.column + 1;
	n->end_line = (unsigned)ev->end_mark.line + first_line;
	n->end_column = (unsigned)ev->end_mark.column + 1;
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
yfail(struct ybuilder *b, unsigned line, unsigned col, const char *msg,
    const char *detail)
{
	prio_diags_add(b->diags, b->sev, "yaml", b->path, line, col,
	    "%s%s%s", msg, detail ? ": " : "", detail ? detail : "");
	return PRIO_EINVAL;
}

/* A key that repeats is an error at its second place. */
static int
check_duplicate_key(struct ybuilder *b, const struct ynode *map,
    const struct ynode *key)
{
	size_t i;

	if (key->kind != YNODE_SCALAR)
		return yfail(b, key->line, key->column,
		    "a key must be a plain value, not a list or mapping", NULL);
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
	struct ynode *n = ynode_new(YNODE_SCALAR, ev, b->first_line);

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
		return yfail(b, (unsigned)ev->start_mark.line + b->first_line,
		    (unsigned)ev->start_mark.column + 1,
		    "nesting is deeper than 32 levels", NULL);
	n = ynode_new(kind, ev, b->first_line);
	b->stack[b->depth++] = n;
	return PRIO_OK;
}

static int
on_end(struct ybuilder *b, const yaml_event_t *ev)
{
	struct ynode *n = b->stack[--b->depth];

	n->end_line = (unsigned)ev->end_mark.line + b->first_line;
	n->end_column = (unsigned)ev->end_mark.column + 1;
	return attach(b, n);
}

static int
on_event(struct ybuilder *b, const yaml_event_t *ev, int *docs)
{
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++*docs > 1)
			return yfail(b, (unsigned)ev->start_mark.line +
			    b->first_line, (unsigned)ev->start_mark.column + 1,
			    "only one YAML document is allowed here", NULL);
		return PRIO_OK;
	case YAML_ALIAS_EVENT:
		return yfail(b, (unsigned)ev->start_mark.line + b->first_line,
		    (unsigned)ev->start_mark.column + 1,
		    "aliases (*name) are not supported; write the value out",
		    NULL);
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

static int
parser_error(struct ybuilder *b, const yaml_parser_t *p)
{
	const yaml_mark_t *m = p->problem ? &p->problem_mark : &p->context_mark;

	if (p->error == YAML_READER_ERROR)
		return yfail(b, b->first_line, 1, p->problem, NULL);
	return yfail(b, (unsigned)m->line + b->first_line,
	    (unsigned)m->column + 1,
	    p->problem ? p->problem : "invalid YAML", p->context);
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
