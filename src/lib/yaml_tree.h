/*
 * yaml_tree.h — a small positioned YAML tree, built from libyaml events.
 *
 * Internal to the library.  Both story front matter and backlog/prio.yml
 * are read through it, so alias refusal, the nesting limit and duplicate
 * keys are handled in one place.  Aliases are refused outright (no
 * expansion bombs); anchors are allowed and ignored.
 */
#ifndef PRIO_YAML_TREE_H
#define PRIO_YAML_TREE_H

#include <stdbool.h>
#include <stddef.h>

#include "prio/diag.h"

#define YTREE_MAX_DEPTH 32

enum ynode_kind { YNODE_SCALAR, YNODE_SEQ, YNODE_MAP };

struct ynode {
	enum ynode_kind kind;
	unsigned line, column;     /* 1-based, in the file */
	unsigned end_line, end_column;
	char *value;               /* scalar text, decoded; NULL otherwise */
	size_t value_len;
	bool plain;                /* an unquoted, non-block scalar */
	struct ynode **kids;       /* SEQ: items; MAP: key, value, key, ... */
	size_t nkids;
	size_t cap;
};

/*
 * Parses len bytes of YAML holding at most one document.  first_line is
 * the file line of data's first byte, so positions map onto the file.
 * Returns PRIO_OK and *out (NULL for an empty document), or PRIO_EINVAL
 * after adding one "yaml" diagnostic of severity sev for path.
 */
int ytree_parse(struct ynode **out, const char *data, size_t len,
    unsigned first_line, const char *path, enum prio_severity sev,
    struct prio_diags *diags);

/* A null scalar: empty, "~", "null", "Null" or "NULL", unquoted. */
bool ynode_is_null(const struct ynode *n);

/* The kind in words for messages: "a list", "a mapping", "a value". */
const char *ynode_kind_name(const struct ynode *n);

void ynode_free(struct ynode *n);

#endif
