/*
 * prio/buf.h — allocation that cannot fail, and a growable byte buffer.
 *
 * The prio_x* allocators abort the process with a message on
 * out-of-memory, so no caller carries an OOM path.
 *
 * struct prio_buf invariants (as git's strbuf):
 *   - ptr is never NULL, and ptr[len] == '\0' always;
 *   - a buffer initialised with PRIO_BUF_INIT owns no memory until it
 *     grows; prio_buf_free() returns it to that state;
 *   - prio_buf_detach() hands the caller ownership of ptr (free() it)
 *     and leaves the buffer empty.
 * The buffer may hold NUL bytes; len, not strlen(ptr), is its length.
 */
#ifndef PRIO_BUF_H
#define PRIO_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

void *prio_xmalloc(size_t size);
void *prio_xcalloc(size_t count, size_t size);

void *prio_xrealloc(void *ptr, size_t size);
char *prio_xstrdup(const char *s);
char *prio_xstrndup(const char *s, size_t len);
/* Grow *items (of *cap elements of elsize bytes) to hold at least need. */
void prio_xgrow(void *items_ptr, size_t *cap, size_t need, size_t elsize);

extern char prio_buf_empty_[];
struct prio_buf {
	char *ptr;
	size_t len;
	size_t cap;
};
#define PRIO_BUF_INIT { prio_buf_empty_, 0, 0 }

void prio_buf_init(struct prio_buf *b);
void prio_buf_free(struct prio_buf *b);
void prio_buf_grow(struct prio_buf *b, size_t extra);
void prio_buf_clear(struct prio_buf *b);
void prio_buf_truncate(struct prio_buf *b, size_t len);
void prio_buf_add(struct prio_buf *b, const void *data, size_t len);
void prio_buf_adds(struct prio_buf *b, const char *s);
void prio_buf_addch(struct prio_buf *b, int c);
/* Appends what fd holds from its offset to its end (reads interrupted by
 * a signal are retried).  Returns 0, or -1 with errno set. */
int prio_buf_read_fd(struct prio_buf *b, int fd);
void prio_buf_addf(struct prio_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void prio_buf_vaddf(struct prio_buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Returns the bytes (caller frees); the buffer is left empty. */
char *prio_buf_detach(struct prio_buf *b, size_t *len);

/* Frees n strings and the array holding them; NULL is a no-op. */
void prio_strv_free(char **v, size_t n);
/* Whether s is one of the n strings of v. */
bool prio_strv_has(char *const *v, size_t n, const char *s);

/* Returns a newly allocated formatted string (caller frees). */
char *prio_xasprintf(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

#endif
