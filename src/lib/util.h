/* util.h — small text helpers shared inside the library. */
#ifndef PRIO_UTIL_H
#define PRIO_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A plain decimal number: optional '-', digits, optional '.' and digits.
 * Returns true and *out when s is exactly that and finite. */
bool prio_parse_number(const char *s, double *out);
/* A real calendar date written YYYY-MM-DD. */
bool prio_is_date(const char *s);
/* Whether s is valid UTF-8; on false *bad is the offset of the first bad
 * byte. */
bool prio_utf8_valid(const char *s, size_t len, size_t *bad);
/* Line (1-based) and byte column (1-based) of offset in s. */
void prio_line_col(const char *s, size_t offset, unsigned *line,
    unsigned *col);
bool prio_ascii_ieq(const char *a, size_t alen, const char *b, size_t blen);
/*
 * The first n bytes of s (n <= 8; NUL after its end) as one number, the
 * first byte highest: two such numbers order as strcmp() orders the
 * strings wherever they differ, so a sort can compare numbers and look
 * at the text only on a tie.
 */
uint64_t prio_str_prefix(const char *s, size_t n);

/* Length of the line at p without its "\n" or "\r\n"; *next is the
 * start of the following line (end at the last). */
size_t prio_line_length(const char *p, const char *end, const char **next);
/* A line of n bytes that is exactly marker, allowing trailing blanks. */
bool prio_line_is(const char *p, size_t n, const char *marker);
/* A git merge-conflict marker line: marker's 7 characters, then the end
 * of the line or a blank. */
bool prio_line_is_marker(const char *p, size_t n, const char *marker);
/* Whether data has a "<<<<<<<" or ">>>>>>>" marker line: the lines that
 * make a story a merge conflict wherever they are (story.c). */
bool prio_has_conflict_marker(const char *data, size_t len);

/*
 * Where a story's front matter is: an optional UTF-8 BOM, a first line
 * "---", then lines up to one that is "---" or "...".  The story parser
 * and the surgical editor both find it here, so they always agree.
 */
enum prio_fm_result { PRIO_FM_OK, PRIO_FM_MISSING, PRIO_FM_UNTERMINATED };
struct prio_front_matter {
	size_t start;        /* first byte after the opening line */
	size_t end;          /* first byte of the closing line */
	size_t body;         /* first byte after the closing line */
	unsigned body_line;  /* the file line where the body starts */
};
enum prio_fm_result prio_front_matter_find(const char *data, size_t len,
    struct prio_front_matter *fm);

#endif
