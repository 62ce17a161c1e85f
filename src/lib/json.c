/* Streaming JSON writer (see prio/json.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prio/json.h"
#include "util.h"

void
prio_json_init(struct prio_json *j, struct prio_buf *out)
{
	j->out = out;
	j->depth = 0;
	j->first[0] = true;
	j->after_key = false;
}

/* Writes the comma a value needs, unless it follows its key. */
static void
before_value(struct prio_json *j)
{
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (!j->first[j->depth])
		prio_buf_addch(j->out, ',');
	j->first[j->depth] = false;
}

static void
open_scope(struct prio_json *j, int c)
{
	before_value(j);
	prio_buf_addch(j->out, c);
	if (j->depth + 1 >= PRIO_JSON_MAX_DEPTH)
		abort();
	j->first[++j->depth] = true;
}

static void
close_scope(struct prio_json *j, int c)
{
	j->depth--;
	prio_buf_addch(j->out, c);
}

void
prio_json_object_begin(struct prio_json *j)
{
	open_scope(j, '{');
}

void
prio_json_object_end(struct prio_json *j)
{
	close_scope(j, '}');
}

void
prio_json_array_begin(struct prio_json *j)
{
	open_scope(j, '[');
}

void
prio_json_array_end(struct prio_json *j)
{
	close_scope(j, ']');
}

/* Appends len bytes of s (valid UTF-8), escaped, to out. */
static void
quote_valid(struct prio_buf *out, const unsigned char *p, size_t len)
{
	const unsigned char *end = p + len;

	for (; p < end; p++) {
		if (*p == '"' || *p == '\\')
			prio_buf_addf(out, "\\%c", *p);
		else if (*p == '\n')
			prio_buf_adds(out, "\\n");
		else if (*p == '\t')
			prio_buf_adds(out, "\\t");
		else if (*p == '\r')
			prio_buf_adds(out, "\\r");
		else if (*p < 0x20 || *p == 0x7f)
			prio_buf_addf(out, "\\u%04x", *p);
		else
			prio_buf_addch(out, *p);
	}
}

/*
 * A byte that is not UTF-8 (a file name is whatever bytes git holds)
 * becomes U+FFFD, as JSON readers refuse the document otherwise.
 */
void
prio_json_quote(struct prio_buf *out, const char *s)
{
	size_t len = strlen(s), off = 0, bad;

	prio_buf_addch(out, '"');
	while (!prio_utf8_valid(s + off, len - off, &bad)) {
		quote_valid(out, (const unsigned char *)s + off, bad);
		prio_buf_adds(out, "\xef\xbf\xbd");
		off += bad + 1;
	}
	quote_valid(out, (const unsigned char *)s + off, len - off);
	prio_buf_addch(out, '"');
}

void
prio_json_key(struct prio_json *j, const char *key)
{
	before_value(j);
	prio_json_quote(j->out, key);
	prio_buf_addch(j->out, ':');
	j->after_key = true;
}

void
prio_json_string(struct prio_json *j, const char *s)
{
	if (s == NULL) {
		prio_json_null(j);
		return;
	}
	before_value(j);
	prio_json_quote(j->out, s);
}

void
prio_json_int(struct prio_json *j, long long n)
{
	before_value(j);
	prio_buf_addf(j->out, "%lld", n);
}

void
prio_format_number(struct prio_buf *out, double d)
{
	char tmp[40];
	int prec;

	/* Whole numbers a double holds exactly print as integers: %g would
	 * give 800 as "8e+02". */
	if (d == floor(d) && fabs(d) < 9007199254740992.0) {
		prio_buf_addf(out, "%.0f", d == 0 ? 0.0 : d);
		return;
	}
	for (prec = 1; prec <= 17; prec++) {
		snprintf(tmp, sizeof(tmp), "%.*g", prec, d);
		if (strtod(tmp, NULL) == d)
			break;
	}
	prio_buf_adds(out, tmp);
}

void
prio_json_number(struct prio_json *j, double d)
{
	if (!isfinite(d)) {
		prio_json_null(j);
		return;
	}
	before_value(j);
	prio_format_number(j->out, d == 0 ? 0 : d);
}

void
prio_json_bool(struct prio_json *j, bool b)
{
	before_value(j);
	prio_buf_adds(j->out, b ? "true" : "false");
}

void
prio_json_null(struct prio_json *j)
{
	before_value(j);
	prio_buf_adds(j->out, "null");
}
