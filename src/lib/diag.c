/* Diagnostics lists (see prio/diag.h). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "prio/buf.h"
#include "prio/diag.h"
#include "prio/error.h"

void
prio_diags_vadd(struct prio_diags *d, enum prio_severity sev, const char *rule,
    const char *path, unsigned line, unsigned column, const char *fmt,
    va_list ap)
{
	struct prio_buf msg = PRIO_BUF_INIT;
	struct prio_diag *e;

	if (sev == PRIO_SEV_OFF)
		return;
	prio_buf_vaddf(&msg, fmt, ap);
	prio_xgrow(&d->items, &d->cap, d->count + 1, sizeof(*d->items));
	e = &d->items[d->count++];
	e->severity = sev;
	e->rule = rule;
	e->path = prio_xstrdup(path ? path : "");
	e->line = line;
	e->column = column;
	e->message = prio_buf_detach(&msg, NULL);
}

void
prio_diags_add(struct prio_diags *d, enum prio_severity sev, const char *rule,
    const char *path, unsigned line, unsigned column, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	prio_diags_vadd(d, sev, rule, path, line, column, fmt, ap);
	va_end(ap);
}

void
prio_diags_take(struct prio_diags *dst, struct prio_diags *src)
{
	prio_xgrow(&dst->items, &dst->cap, dst->count + src->count,
	    sizeof(*dst->items));
	if (src->count)
		memcpy(dst->items + dst->count, src->items,
		    src->count * sizeof(*src->items));
	dst->count += src->count;
	free(src->items);
	src->items = NULL;
	src->count = src->cap = 0;
}

static int
diag_cmp(const struct prio_diag *a, const struct prio_diag *b)
{
	int c = strcmp(a->path, b->path);

	if (c)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->column != b->column)
		return a->column < b->column ? -1 : 1;
	return strcmp(a->rule, b->rule);
}

/* Insertion-merge sort keeps equal keys in the order they were found. */
void
prio_diags_sort(struct prio_diags *d)
{
	struct prio_diag *tmp;
	size_t width, i;

	if (d->count < 2)
		return;
	tmp = prio_xmalloc(d->count * sizeof(*tmp));
	for (width = 1; width < d->count; width *= 2) {
		for (i = 0; i < d->count; i += 2 * width) {
			size_t lo = i, mid = i + width, hi = i + 2 * width;
			size_t a, b, k;

			if (mid > d->count)
				mid = d->count;
			if (hi > d->count)
				hi = d->count;
			a = lo, b = mid, k = lo;
			while (a < mid && b < hi)
				tmp[k++] = diag_cmp(&d->items[b], &d->items[a]) < 0 ?
				    d->items[b++] : d->items[a++];
			while (a < mid)
				tmp[k++] = d->items[a++];
			while (b < hi)
				tmp[k++] = d->items[b++];
		}
		memcpy(d->items, tmp, d->count * sizeof(*tmp));
	}
	free(tmp);
}

size_t
prio_diags_count(const struct prio_diags *d, enum prio_severity sev)
{
	size_t i, n = 0;

	for (i = 0; i < d->count; i++)
		if (d->items[i].severity == sev)
			n++;
	return n;
}

void
prio_diags_free(struct prio_diags *d)
{
	size_t i;

	for (i = 0; i < d->count; i++) {
		free(d->items[i].path);
		free(d->items[i].message);
	}
	free(d->items);
	d->items = NULL;
	d->count = d->cap = 0;
}

const char *
prio_severity_name(enum prio_severity sev)
{
	return sev == PRIO_SEV_ERROR ? "error" :
	    sev == PRIO_SEV_WARNING ? "warning" : "off";
}

const char *
prio_git_message(void)
{
	const git_error *e = git_error_last();

	return e && e->message && *e->message ? e->message :
	    "unknown libgit2 error";
}

int
prio_diags_git(struct prio_diags *d, const char *path, const char *fmt, ...)
{
	struct prio_buf msg = PRIO_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	prio_buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	prio_diags_add(d, PRIO_SEV_ERROR, "git", path, 0, 0, "%s: %s",
	    msg.ptr, prio_git_message());
	prio_buf_free(&msg);
	git_error_clear();
	return PRIO_EGIT;
}
