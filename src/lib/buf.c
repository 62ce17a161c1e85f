/* Allocation that aborts on OOM, and struct prio_buf (see prio/buf.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "prio/buf.h"

char prio_buf_empty_[1];

static void
die_oom(size_t size)
{
	fprintf(stderr, "prio: out of memory allocating %zu bytes\n", size);
	abort();
}

void *
prio_xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (p == NULL)
		die_oom(size);
	return p;
}

void *
prio_xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);

	if (p == NULL)
		die_oom(count * size);
	return p;
}

void *
prio_xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);

	if (p == NULL)
		die_oom(size);
	return p;
}

char *
prio_xstrndup(const char *s, size_t len)
{
	char *p = prio_xmalloc(len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *
prio_xstrdup(const char *s)
{
	return prio_xstrndup(s, strlen(s));
}

void
prio_xgrow(void *items_ptr, size_t *cap, size_t need, size_t elsize)
{
	void **items = items_ptr;
	size_t n = *cap ? *cap : 8;

	if (need <= *cap)
		return;
	while (n < need) {
		if (n > SIZE_MAX / 2 / elsize)
			die_oom(SIZE_MAX);
		n *= 2;
	}
	*items = prio_xrealloc(*items, n * elsize);
	*cap = n;
}

void
prio_buf_init(struct prio_buf *b)
{
	b->ptr = prio_buf_empty_;
	b->len = b->cap = 0;
}

void
prio_buf_free(struct prio_buf *b)
{
	if (b->cap)
		free(b->ptr);
	prio_buf_init(b);
}

void
prio_buf_grow(struct prio_buf *b, size_t extra)
{
	size_t need;

	if (extra > SIZE_MAX - b->len - 1)
		die_oom(SIZE_MAX);
	need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	if (b->cap == 0) {
		b->ptr = NULL;
		b->cap = 0;
	}
	prio_xgrow(&b->ptr, &b->cap, need, 1);
	if (b->len == 0)
		b->ptr[0] = '\0';
}

void
prio_buf_clear(struct prio_buf *b)
{
	prio_buf_truncate(b, 0);
}

void
prio_buf_truncate(struct prio_buf *b, size_t len)
{
	if (len >= b->len)
		return;
	b->len = len;
	b->ptr[len] = '\0';
}

void
prio_buf_add(struct prio_buf *b, const void *data, size_t len)
{
	if (len == 0)
		return;
	prio_buf_grow(b, len);
	memcpy(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = '\0';
}

void
prio_buf_adds(struct prio_buf *b, const char *s)
{
	prio_buf_add(b, s, strlen(s));
}

void
prio_buf_addch(struct prio_buf *b, int c)
{
	char ch = (char)c;

	prio_buf_add(b, &ch, 1);
}

void
prio_buf_vaddf(struct prio_buf *b, const char *fmt, va_list ap)
{
	va_list copy;
	int n;

	va_copy(copy, ap);
	n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n <= 0)
		return;
	prio_buf_grow(b, (size_t)n);
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
prio_buf_addf(struct prio_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	prio_buf_vaddf(b, fmt, ap);
	va_end(ap);
}

char *
prio_buf_detach(struct prio_buf *b, size_t *len)
{
	char *p;

	if (len)
		*len = b->len;
	if (b->cap == 0)
		return prio_xstrdup("");
	p = b->ptr;
	prio_buf_init(b);
	return p;
}

char *
prio_xasprintf(const char *fmt, ...)
{
	struct prio_buf b = PRIO_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	prio_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	return prio_buf_detach(&b, NULL);
}

void
prio_strv_free(char **v, size_t n)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

bool
prio_strv_has(char *const *v, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return true;
	return false;
}

int
prio_buf_read_fd(struct prio_buf *b, int fd)
{
	char chunk[65536];
	ssize_t n;

	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		prio_buf_add(b, chunk, (size_t)n);
	}
	return 0;
}
