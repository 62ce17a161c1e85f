/* Small text helpers (see util.h). */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

bool
prio_parse_number(const char *s, double *out)
{
	const char *p = s;
	char *end;

	if (*p == '-')
		p++;
	if (!isdigit((unsigned char)*p))
		return false;
	while (isdigit((unsigned char)*p))
		p++;
	if (*p == '.') {
		p++;
		if (!isdigit((unsigned char)*p))
			return false;
		while (isdigit((unsigned char)*p))
			p++;
	}
	if (*p != '\0')
		return false;
	*out = strtod(s, &end);
	return isfinite(*out);
}

bool
prio_is_date(const char *s)
{
	static const int days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int y, m, d, i;

	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return false;
		} else if (!isdigit((unsigned char)s[i]))
			return false;
	}
	if (s[10] != '\0')
		return false;
	y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
	if (m < 1 || m > 12 || d < 1 || d > days[m - 1])
		return false;
	if (m == 2 && d == 29)
		return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return true;
}

/* Length of the UTF-8 sequence at p (at most n bytes), 0 if invalid. */
static size_t
utf8_seq(const unsigned char *p, size_t n)
{
	size_t len, i;
	unsigned cp;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		len = 2, cp = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		len = 3, cp = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		len = 4, cp = p[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return len;
}

bool
prio_utf8_valid(const char *s, size_t len, size_t *bad)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;

	while (i < len) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		n = utf8_seq(p + i, len - i);
		if (n == 0) {
			*bad = i;
			return false;
		}
		i += n;
	}
	return true;
}

void
prio_line_col(const char *s, size_t offset, unsigned *line, unsigned *col)
{
	const char *p = s, *end = s + offset, *nl;

	*line = 1;
	while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		(*line)++;
		p = nl + 1;
	}
	*col = (unsigned)(end - p) + 1;
}

bool
prio_ascii_ieq(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i;

	if (alen != blen)
		return false;
	for (i = 0; i < alen; i++)
		if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[i]))
			return false;
	return true;
}

uint64_t
prio_str_prefix(const char *s, size_t n)
{
	uint64_t p = 0;
	size_t i;

	for (i = 0; i < n && i < 8 && s[i]; i++)
		p |= (uint64_t)(unsigned char)s[i] << (56 - 8 * i);
	return p;
}

size_t
prio_line_length(const char *p, const char *end, const char **next)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	size_t n;

	if (nl == NULL) {
		*next = end;
		n = (size_t)(end - p);
	} else {
		*next = nl + 1;
		n = (size_t)(nl - p);
	}
	if (n > 0 && p[n - 1] == '\r')
		n--;
	return n;
}

bool
prio_line_is(const char *p, size_t n, const char *marker)
{
	size_t m = strlen(marker);

	if (n < m || memcmp(p, marker, m) != 0)
		return false;
	for (; m < n; m++)
		if (p[m] != ' ' && p[m] != '\t')
			return false;
	return true;
}

bool
prio_line_is_marker(const char *p, size_t n, const char *marker)
{
	return n >= 7 && memcmp(p, marker, 7) == 0 && (n == 7 || p[7] == ' ' ||
	    p[7] == '\t');
}

bool
prio_has_conflict_marker(const char *data, size_t len)
{
	const char *p = data, *end = data + len, *next;
	size_t n;

	for (; p < end; p = next) {
		n = prio_line_length(p, end, &next);
		if (prio_line_is_marker(p, n, "<<<<<<<") ||
		    prio_line_is_marker(p, n, ">>>>>>>"))
			return true;
	}
	return false;
}

enum prio_fm_result
prio_front_matter_find(const char *data, size_t len,
    struct prio_front_matter *fm)
{
	const char *p = data, *end = data + len, *next;
	unsigned line;
	size_t n;

	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	n = prio_line_length(p, end, &next);
	if (!prio_line_is(p, n, "---"))
		return PRIO_FM_MISSING;
	fm->start = (size_t)(next - data);
	for (p = next, line = 2; p < end; p = next, line++) {
		n = prio_line_length(p, end, &next);
		if (prio_line_is(p, n, "---") || prio_line_is(p, n, "...")) {
			fm->end = (size_t)(p - data);
			fm->body = (size_t)(next - data);
			fm->body_line = line + 1;
			return PRIO_FM_OK;
		}
	}
	return PRIO_FM_UNTERMINATED;
}
