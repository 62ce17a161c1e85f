/*
 * story_parse.h — the parts of story parsing, internal to the library:
 * story.c (bytes, front matter), story_fields.c (known keys),
 * story_criteria.c (the cmark body) and story_rules.c (per-story rules).
 */
#ifndef PRIO_STORY_PARSE_H
#define PRIO_STORY_PARSE_H

#include "prio/rules.h"
#include "prio/story.h"

struct ynode;

struct arena;

struct story_ctx {
	struct prio_story *s;
	struct arena *arena;
	unsigned flags;
	const struct prio_config *cfg;
	struct prio_diags *diags;
	const char *data;
	size_t len;
	const char *fm;      /* front matter text, after the first '---' */
	size_t fm_len;
};

void story_report(struct story_ctx *x, enum prio_rule rule, unsigned line,
    unsigned col, const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void story_read_fields(struct story_ctx *x, const struct ynode *root);
void story_read_criteria(struct story_ctx *x);
void story_check_rules(struct story_ctx *x);
/* Drops what only PRIO_PARSE_FULL keeps, once the rules have run. */
void story_drop_fields(struct prio_story *s);

#endif
