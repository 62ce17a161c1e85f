/*
 * prio/json.h — a streaming JSON writer into a struct prio_buf.
 *
 * Output is compact (one line); strings are escaped per RFC 8259.  Each
 * byte of a string that is not UTF-8 (a file name can hold any bytes) is
 * written as U+FFFD, so the output is always valid JSON.
 * Commas are placed by the writer: call key() before each member value.
 * Nesting deeper than PRIO_JSON_MAX_DEPTH is a programming error.
 */
#ifndef PRIO_JSON_H
#define PRIO_JSON_H

#include <stdbool.h>

#include "prio/buf.h"

#define PRIO_JSON_MAX_DEPTH 32

struct prio_json {
	struct prio_buf *out;     /* borrowed */
	unsigned depth;
	bool first[PRIO_JSON_MAX_DEPTH];
	bool after_key;
};

void prio_json_init(struct prio_json *j, struct prio_buf *out);
void prio_json_object_begin(struct prio_json *j);
void prio_json_object_end(struct prio_json *j);
void prio_json_array_begin(struct prio_json *j);
void prio_json_array_end(struct prio_json *j);
void prio_json_key(struct prio_json *j, const char *key);
/* NULL writes null. */
void prio_json_string(struct prio_json *j, const char *s);
void prio_json_int(struct prio_json *j, long long n);
/* The shortest text that reads back as d; non-finite writes null. */
void prio_json_number(struct prio_json *j, double d);
void prio_json_bool(struct prio_json *j, bool b);
void prio_json_null(struct prio_json *j);

/* Appends s as a JSON string literal (with quotes) to out. */
void prio_json_quote(struct prio_buf *out, const char *s);
/* The shortest %g text that reads back as d (for text output too). */
void prio_format_number(struct prio_buf *out, double d);

#endif
