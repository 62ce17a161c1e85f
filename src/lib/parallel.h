/*
 * parallel.h — the library's one thread pool: n items shared by a few
 * workers.  Internal to the library (like heap.h): a performance
 * measure, not part of what any public header promises.  Loading a
 * backlog (backlog.c), the lstat of a large folder (source_worktree.c)
 * and parsing the stories prio diff could not take from its cache
 * (bdiff.c) use it.
 *
 * prio_parallel() runs work once on each of `threads` workers, the
 * calling thread being worker 0; a worker takes items with
 * prio_parallel_next() until none is left.  Items are handed out from
 * one shared counter, so each is taken exactly once, and a thread that
 * cannot be started only leaves its share to the others.  A worker
 * keeps what it needs for itself (a parser, counters) on its own, such
 * as in arg's slot number `worker`; results go to each item's own slot,
 * so they do not depend on which thread took it.
 *
 * With feed, the calling thread first feeds every item in order (reads
 * what the workers need: libgit2's object reads stay on one thread),
 * and an item is handed out only once it is fed; then the calling
 * thread works too.  What feed wrote is visible to the worker that
 * takes the item.
 */
#ifndef PRIO_PARALLEL_H
#define PRIO_PARALLEL_H

#include <stdbool.h>
#include <stddef.h>

/* Workers at most: two cores on the machines we target, and a kernel
 * that waits on one lstat while it serves another. */
#define PRIO_PARALLEL_MAX 4

struct prio_parallel;

/* A worker's whole run: items from prio_parallel_next() until it says
 * none is left.  Returns 0, or an error code (a PRIO_* one). */
typedef int prio_parallel_work(struct prio_parallel *p, void *arg,
    size_t worker);
/* Makes item ready for the workers.  Returns 0 or an error code; the
 * item is handed out either way (the worker must see that it failed). */
typedef int prio_parallel_feed(void *arg, size_t item);

/*
 * How many workers n items get, the one rule for every pool: 1 when n
 * is below from (too few to be worth a thread), else PRIO_PARALLEL_MAX,
 * but no more than the CPUs online when the work is the CPU's
 * (cpu_bound: parsing) rather than waiting in the kernel (lstat).
 * When the CPUs cannot be counted, no fewer.
 */
size_t prio_parallel_threads(size_t n, size_t from, bool cpu_bound);

/*
 * Runs work on threads workers (1 to PRIO_PARALLEL_MAX; others are
 * brought into that range) over items 0 to n - 1, after feeding each
 * when feed is not NULL.  Returns once every worker returned: the first
 * error a feed returned (in item order), else the first a worker
 * returned (in worker order), else 0.  A worker that returns before
 * prio_parallel_next() said none is left leaves its items to the
 * others; if every worker does, some items are never taken.
 */
int prio_parallel(size_t n, size_t threads, prio_parallel_feed *feed,
    prio_parallel_work *work, void *arg);

/* The next item for worker (the number its work was called with) of p
 * (*item), waiting until it is fed; false when none is left.  Items are
 * taken a run at a time, in ascending order within a run. */
bool prio_parallel_next(struct prio_parallel *p, size_t worker,
    size_t *item);

#endif
