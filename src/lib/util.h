/* util.h — small text helpers shared inside the library. */
#ifndef PRIO_UTIL_H
#define PRIO_UTIL_H

#include <stdbool.h>
#include <stddef.h>

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

#endif
