/* timeq.c — a binary heap of commits by date (see timeq.h). */
#include <stdlib.h>

#include "prio/buf.h"
#include "timeq.h"

void
timeq_init(struct timeq *q, size_t cap, bool newest_first)
{
	q->heap = prio_xcalloc(cap + 1, sizeof(*q->heap));
	q->count = q->seq = 0;
	q->newest_first = newest_first;
}

void
timeq_free(struct timeq *q)
{
	free(q->heap);
	q->heap = NULL;
	q->count = 0;
}

/* Whether a comes out before b. */
static bool
sooner(const struct timeq *q, const struct timeq_item *a,
    const struct timeq_item *b)
{
	if (a->time != b->time)
		return q->newest_first ? a->time > b->time : a->time < b->time;
	return a->seq < b->seq;
}

void
timeq_push(struct timeq *q, int64_t time, size_t node)
{
	struct timeq_item it = { time, q->seq++, node };
	size_t i = q->count++, up;

	for (; i > 0 && sooner(q, &it, &q->heap[up = (i - 1) / 2]); i = up)
		q->heap[i] = q->heap[up];
	q->heap[i] = it;
}

size_t
timeq_pop(struct timeq *q)
{
	struct timeq_item top = q->heap[0], last = q->heap[--q->count];
	size_t i = 0, c;

	while ((c = 2 * i + 1) < q->count) {
		if (c + 1 < q->count && sooner(q, &q->heap[c + 1], &q->heap[c]))
			c++;
		if (!sooner(q, &q->heap[c], &last))
			break;
		q->heap[i] = q->heap[c];
		i = c;
	}
	if (q->count > 0)
		q->heap[i] = last;
	return top.node;
}
