/*
 * edit_impl.h — the insides of the front-matter editor (prio/edit.h).
 *
 * Internal to the library.  A file is parsed once (edit.c); each edit
 * becomes a splice, a byte range of the original and the text that
 * replaces it, or a new line for the end of the front matter
 * (edit_plan.c); scalars are written by edit_quote.c.  Every string here
 * is NUL-terminated UTF-8.
 */
#ifndef PRIO_EDIT_IMPL_H
#define PRIO_EDIT_IMPL_H

#include <stdbool.h>
#include <stddef.h>

#include "prio/buf.h"
#include "prio/edit.h"
#include "yaml_tree.h"

/* One story file with its front matter found and parsed. */
struct edit_doc {
	const char *data;
	size_t len;
	size_t fm;          /* the first byte after the opening '---' line */
	size_t fm_end;      /* the first byte of the closing line */
	size_t *lines;      /* lines[i]: where file line i + 2 starts */
	size_t nlines;
	struct ynode *root; /* a block mapping, or NULL when empty */
};

/* Bytes [from, to) of the original become text (owned). */
struct edit_splice {
	size_t from, to;
	char *text;
};

struct edit_plan {
	struct edit_splice *items;
	size_t n, cap;
	struct prio_buf added;  /* new "key: value" lines, in order */
	size_t nadded;
};

/* edit.c */
int edit_fail(char **err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The byte offsets of n's first byte and of the byte after it. */
bool edit_span(const struct edit_doc *d, const struct ynode *n,
    size_t *start, size_t *end);
/* The value of key in the root mapping (and its key node), or NULL. */
const struct ynode *edit_find(const struct ynode *root, const char *key,
    const struct ynode **knode);
/* Whether key's value must read back as text (id, title, ...). */
bool edit_text_key(const char *key);
/* Whether e's value must read back as text: its key's or its flag. */
bool edit_is_text(const struct prio_edit *e);
/* The style of a value that has none of its own: EDIT_PLAIN, or
 * EDIT_PLAIN_SINGLE for quote_single. */
enum edit_style edit_plain_style(const struct prio_edit *e);

/* edit_plan.c: adds the splice or new line for e, or fails. */
int edit_plan_one(const struct edit_doc *d, struct edit_plan *pl,
    const struct prio_edit *e, char **err);

/* edit_quote.c */
/* EDIT_PLAIN_SINGLE: plain when safe, else single quotes (js-yaml's
 * way; prio_edit.quote_single). */
enum edit_style { EDIT_PLAIN, EDIT_SINGLE, EDIT_DOUBLE, EDIT_PLAIN_SINGLE };

/*
 * Whether s written without quotes reads back as exactly s: in a block
 * mapping or "- " item, or inside a [ ] list when flow is true.
 */
bool edit_plain_safe(const char *s, bool flow);
/* Whether YAML would read plain s as something other than a string:
 * null, a boolean, a number or a date. */
bool edit_looks_typed(const char *s);
/*
 * Appends s as a scalar in the style want, or in double quotes when that
 * style cannot hold s (or, for text, would read it as another type).
 */
void edit_add_scalar(struct prio_buf *b, const char *s, enum edit_style want,
    bool flow, bool text);

#endif
