/*
 * diagtext.h — a diagnostics list as text, one line per entry:
 * "<severity> <rule> <path>:<line>:<column> <message>\n", so a test
 * compares every field of every diagnostic with one is_str().
 * Header-only, like tap.h.
 */
#ifndef PRIO_TEST_DIAGTEXT_H
#define PRIO_TEST_DIAGTEXT_H

#include <stdlib.h>

#include "prio/buf.h"
#include "prio/diag.h"

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

#endif
