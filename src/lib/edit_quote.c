/*
 * Writing one YAML scalar for the front-matter editor: which strings may
 * stay plain, and how single and double quotes escape (see edit_impl.h).
 */
#include <stdbool.h>
#include <string.h>

#include "prio/buf.h"
#include "edit_impl.h"
#include "util.h"

/*
 * The length of a character YAML will not take raw in a one-line scalar,
 * or 0.  C0 controls (tab too: it is blank at the edges of a value), DEL
 * and C1 controls are not printable; U+2028 and U+2029 end lines for
 * libyaml; U+FEFF, U+FFFE and U+FFFF are refused by its reader.
 */
static size_t
special_len(const unsigned char *s)
{
	if (s[0] < 0x20 || s[0] == 0x7f)
		return 1;
	if (s[0] == 0xc2 && s[1] >= 0x80 && s[1] <= 0x9f)
		return 2;
	if (s[0] == 0xe2 && s[1] == 0x80 && (s[2] == 0xa8 || s[2] == 0xa9))
		return 3;
	if (s[0] == 0xef && ((s[1] == 0xbb && s[2] == 0xbf) ||
	    (s[1] == 0xbf && (s[2] == 0xbe || s[2] == 0xbf))))
		return 3;
	return 0;
}

static bool
has_special(const char *s)
{
	for (; *s; s++)
		if (special_len((const unsigned char *)s))
			return true;
	return false;
}

bool
edit_plain_safe(const char *s, bool flow)
{
	size_t n = strlen(s), i;

	if (n == 0 || has_special(s) || s[0] == ' ' || s[n - 1] == ' ' ||
	    s[n - 1] == ':')
		return false;
	/* Indicators that start some other token; "-x" is still text. */
	if (strchr("?:,[]{}#&*!|>'\"%@`", s[0]) != NULL ||
	    (s[0] == '-' && (s[1] == '\0' || s[1] == ' ')))
		return false;
	/* At the start of a line these would be document markers. */
	if (strncmp(s, "---", 3) == 0 || strncmp(s, "...", 3) == 0)
		return false;
	for (i = 0; i < n; i++) {
		if (s[i] == ':' && (flow || s[i + 1] == ' '))
			return false;
		if (s[i] == '#' && i > 0 && s[i - 1] == ' ')
			return false;
		if (flow && strchr(",[]{}", s[i]) != NULL)
			return false;
	}
	return true;
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* ASCII letters, digits and the marks numbers, times and dates use. */
static bool
number_char(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' &&
	    c <= 'Z') || strchr("._:+-", c) != NULL;
}

bool
edit_looks_typed(const char *s)
{
	/* YAML 1.1 and 1.2 words for null and booleans, and merge/value
	 * keys; compared without case, which only ever quotes more. */
	static const char *const words[] = { "", "~", "null", "true",
	    "false", "yes", "no", "on", "off", "y", "n", "=", "<<" };
	size_t i, n = strlen(s);
	const char *p = s;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (prio_ascii_ieq(s, n, words[i], strlen(words[i])))
			return true;
	/* "2026-11-02 10:00" is a timestamp even with its blank. */
	if (n >= 5 && is_digit(s[0]) && is_digit(s[1]) && is_digit(s[2]) &&
	    is_digit(s[3]) && s[4] == '-')
		return true;
	/* Integers, floats, 0x1f, 0o17, 1:30, .inf, -.nan, 1_000: a sign,
	 * a digit or '.', then only such characters. */
	if (*p == '+' || *p == '-')
		p++;
	if (!is_digit(*p) && *p != '.')
		return false;
	for (; *p; p++)
		if (!number_char(*p))
			return false;
	return true;
}

static void
add_single(struct prio_buf *b, const char *s)
{
	prio_buf_addch(b, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			prio_buf_addch(b, '\'');
		prio_buf_addch(b, *s);
	}
	prio_buf_addch(b, '\'');
}

/* The escape for one special character of len bytes at s. */
static void
add_escape(struct prio_buf *b, const unsigned char *s, size_t len)
{
	static const char ctl[] = "0......abtnvfr";
	unsigned cp;

	if (len == 1 && s[0] < sizeof(ctl) - 1 && ctl[s[0]] != '.') {
		prio_buf_addch(b, '\\');
		prio_buf_addch(b, ctl[s[0]]);
	} else if (len == 1 && s[0] == 0x1b)
		prio_buf_adds(b, "\\e");
	else if (len == 1)
		prio_buf_addf(b, "\\x%02x", s[0]);
	else if (len == 2 && s[1] == 0x85)
		prio_buf_adds(b, "\\N");
	else if (len == 2)
		prio_buf_addf(b, "\\x%02x", s[1]);
	else {
		cp = ((s[0] & 0x0fu) << 12) | ((s[1] & 0x3fu) << 6) |
		    (s[2] & 0x3fu);
		if (cp == 0x2028)
			prio_buf_adds(b, "\\L");
		else if (cp == 0x2029)
			prio_buf_adds(b, "\\P");
		else
			prio_buf_addf(b, "\\u%04X", cp);
	}
}

static void
add_double(struct prio_buf *b, const char *s)
{
	size_t len;

	prio_buf_addch(b, '"');
	for (; *s; s += len) {
		len = special_len((const unsigned char *)s);
		if (len > 0) {
			add_escape(b, (const unsigned char *)s, len);
			continue;
		}
		len = 1;
		if (*s == '"' || *s == '\\')
			prio_buf_addch(b, '\\');
		prio_buf_addch(b, *s);
	}
	prio_buf_addch(b, '"');
}

void
edit_add_scalar(struct prio_buf *b, const char *s, enum edit_style want,
    bool flow, bool text)
{
	if ((want == EDIT_PLAIN || want == EDIT_PLAIN_SINGLE) &&
	    edit_plain_safe(s, flow) && !(text && edit_looks_typed(s)))
		prio_buf_adds(b, s);
	else if ((want == EDIT_SINGLE || want == EDIT_PLAIN_SINGLE) &&
	    !has_special(s))
		add_single(b, s);
	else
		add_double(b, s);
}
