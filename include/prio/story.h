/*
 * prio/story.h — one story file: front matter, body and criteria
 * (SPEC §2.1).
 *
 * prio_story_parse() never fails on bad input: it returns a story with
 * whatever could be read and adds a diagnostic for every problem, with
 * file, line and column.  A story whose front matter could not be read at
 * all has readable == false and is left out of the ranked order.
 */
#ifndef PRIO_STORY_H
#define PRIO_STORY_H

#include <stdbool.h>
#include <stddef.h>

#include "prio/config.h"
#include "prio/diag.h"
#include "prio/rank.h"

enum prio_field_kind { PRIO_FIELD_SCALAR, PRIO_FIELD_LIST, PRIO_FIELD_MAP };

/* One top-level front-matter key and its value, as written. */
struct prio_field {
	char *key;
	enum prio_field_kind kind;
	char *value;        /* PRIO_FIELD_SCALAR: decoded text; else NULL */
	bool plain;         /* an unquoted scalar */
	char **items;       /* PRIO_FIELD_LIST of scalars: the items */
	size_t nitems;
	unsigned key_line, key_column;  /* 1-based file positions */
	unsigned line, column;          /* where the value starts */
	unsigned end_line, end_column;  /* where the value ends */
};

struct prio_criterion {
	char *text;         /* without the box, trimmed; may be ""; NULL
	                     * unless parsed with PRIO_PARSE_FULL */
	bool empty;         /* the item has no text */
	bool met;
	unsigned line, column;
};

struct prio_story {
	char *path;         /* repository-relative, owned */
	bool readable;      /* front matter read; see above */

	/* Known keys, validated; NULL/0 when absent or invalid. */
	char *id;
	unsigned long id_num;
	char *title;
	char *status;
	int status_index;   /* into config statuses, -1 when unknown */
	bool terminal;
	struct prio_rank *rank;
	char *rank_text;    /* as written, e.g. "03.50" */
	char *owner;        /* a list of owners joined by ", " */
	char *goal;
	int priority;       /* weight among cfg->priorities; 0: none */
	char **labels;
	size_t nlabels;
	char **depends_on;
	size_t ndepends_on;

	bool has_score;
	double score;

	struct prio_field *fields;  /* every key in file order; NULL
	                             * unless PRIO_PARSE_FULL */
	size_t nfields;

	/* Where known keys are written (line 0: absent), for diagnostics. */
	struct prio_pos {
		unsigned line, column;
	} id_pos, status_pos, rank_pos, depends_on_pos;

	bool has_criteria_heading;
	unsigned criteria_line;
	struct prio_criterion *criteria;  /* NULL unless PRIO_PARSE_FULL */
	size_t ncriteria;
	size_t criteria_met;

	unsigned body_line;       /* file line where the body starts */
	size_t body_offset;       /* byte offset of the body in the file */

	/* Set by the backlog: 1-based place in the order, 0 if terminal or
	 * unreadable. */
	size_t position;
	/* Set by the backlog: in a dialect's archive (its ID is taken, but
	 * the story is not listed and not checked). */
	bool archived;

	/* One allocation holds the story with its strings, lists and rank
	 * (a story read from a cache); fields and criteria are still
	 * separate.  prio_story_free knows. */
	bool packed;
};

/*
 * A parser keeps what one thread reuses from story to story (cmark's
 * arena).  With PRIO_PARSE_FULL a story keeps its fields and each
 * criterion's text; without, only what ordering, listing and checking
 * need, so a 100,000-story backlog stays small.  Diagnostics are the
 * same either way.
 */
#define PRIO_PARSE_FULL 0x1
struct prio_story_parser;

struct prio_story_parser *prio_story_parser_new(const struct prio_config *cfg,
    unsigned flags);
struct prio_story *prio_story_parser_parse(struct prio_story_parser *p,
    const char *path, const char *data, size_t len, struct prio_diags *diags);
void prio_story_parser_free(struct prio_story_parser *p);

/*
 * Parses one story file of len bytes, with PRIO_PARSE_FULL.  The file name (last component of
 * path) supplies the ID the front matter must match.  Returns a story
 * (never NULL; free with prio_story_free) and adds diagnostics with the
 * severities of cfg.
 */
struct prio_story *prio_story_parse(const char *path, const char *data,
    size_t len, const struct prio_config *cfg, struct prio_diags *diags);

/* The field named key, or NULL. */
const struct prio_field *prio_story_field(const struct prio_story *s,
    const char *key);

/*
 * Checks that s is a well-formed story ID for prefix ("S-42"): the prefix,
 * '-', a positive integer without leading zeros.  On success *num is the
 * number.  Use it before turning a user's argument into a file name.
 */
bool prio_story_id_valid(const char *s, const char *prefix,
    unsigned long *num);

/*
 * Whether who is one of s's owners: its owner, or in a dialect whose
 * owner is a list (Backlog.md's assignee), one of them; a leading '@'
 * on either side does not count ("ada" finds "@ada").
 */
bool prio_story_owned_by(const struct prio_story *s,
    const struct prio_config *cfg, const char *who);

void prio_story_free(struct prio_story *s);
/* Whether a and b depend on the same stories, in the same order. */
bool prio_story_same_deps(const struct prio_story *a,
    const struct prio_story *b);

#endif
