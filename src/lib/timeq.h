/*
 * timeq.h — commits waiting to be shown, by date: the queue behind the
 * walks that put commits in git's orders (history.c: newest first, as
 * `git log`; shallow.c: oldest first, parents before children).  Equal
 * dates come out in the order they went in, as git's
 * commit_list_insert_by_date keeps them.
 */
#ifndef PRIO_TIMEQ_H
#define PRIO_TIMEQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct timeq_item {
	int64_t time;
	size_t seq, node;
};

struct timeq {
	struct timeq_item *heap;
	size_t count, seq;
	bool newest_first;
};

/* A queue for at most cap items; free with timeq_free. */
void timeq_init(struct timeq *q, size_t cap, bool newest_first);
void timeq_free(struct timeq *q);
/* Queues node (an index of the caller's) at time. */
void timeq_push(struct timeq *q, int64_t time, size_t node);
/* The next node; the queue must not be empty (q->count > 0). */
size_t timeq_pop(struct timeq *q);

#endif
