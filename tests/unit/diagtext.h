/*
 * diagtext.h — a diagnostics list as text, one line per entry:
 * "<severity> <rule> <path>:<line>:<column> <message>\n", so a test
 * compares every field of every diagnostic with one is_str(); and the
 * default config, whose severities those diagnostics have.
 * Header-only, like tap.h.
 */
#ifndef PRIO_TEST_DIAGTEXT_H
#define PRIO_TEST_DIAGTEXT_H

#include <stdio.h>
#include <stdlib.h>

#include "prio/buf.h"
#include "prio/config.h"
#include "prio/diag.h"
#include "prio/error.h"

/* The text of d; the caller frees it. */
static inline char *
diag_text(const struct prio_diags *d)
{
	struct prio_buf b = PRIO_BUF_INIT;
	const struct prio_diag *e;
	size_t i;

	for (i = 0; i < d->count; i++) {
		e = &d->items[i];
		prio_buf_addf(&b, "%s %s %s:%u:%u %s\n",
		    prio_severity_name(e->severity), e->rule, e->path,
		    e->line, e->column, e->message);
	}
	return prio_buf_detach(&b, NULL);
}

/* Checks d's text against want, then empties d for the next case. */
#define is_diags(d, want, ...) do {                                      \
	char *t_ = diag_text(d);                                         \
	is_str(t_, (want), __VA_ARGS__);                                 \
	free(t_);                                                        \
	prio_diags_free(d);                                              \
} while (0)

/* The config of an empty prio.yml (free with prio_config_free); a
 * failure ends the test plan. */
static inline struct prio_config *
default_config(void)
{
	struct prio_diags d = PRIO_DIAGS_INIT;
	struct prio_config *c = NULL;

	if (prio_config_parse(&c, "prio.yml", "", 0, &d) != PRIO_OK) {
		printf("Bail out! the default config does not parse\n");
		exit(255);
	}
	prio_diags_free(&d);
	return c;
}

#endif
