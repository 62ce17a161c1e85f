/*
 * Unit tests for the library's thread pool (src/lib/parallel.h,
 * internal): every item is taken exactly once, for no, one and many
 * items on one and several workers, with and without a feed; a worker
 * sees what the feed wrote (TSan checks that in CI); errors from a feed
 * and from a worker come back; and the one thread-count rule.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "prio/error.h"
#include "../../src/lib/parallel.h"
#include "tap.h"

struct run {
	size_t n;
	int *seen;              /* per item: how often taken */
	int *fed;               /* per item: fed (by the feed) */
	int *unfed;             /* per item: taken before it was fed */
	int ran[PRIO_PARALLEL_MAX];     /* per worker: it ran */
	size_t bad_item;        /* a worker taking it fails */
	size_t bad_feed[2];     /* feeding them fails */
};

static int
work(struct prio_parallel *p, void *arg, size_t worker)
{
	struct run *r = arg;
	size_t i;
	int rc = PRIO_OK;

	r->ran[worker] = 1;
	while (prio_parallel_next(p, worker, &i)) {
		r->seen[i]++;
		if (r->fed && !r->fed[i])
			r->unfed[i] = 1;
		if (i == r->bad_item)
			rc = PRIO_EGIT;
		/* A little work, so the workers overlap. */
		if (i % 64 == 0)
			usleep(100);
	}
	return rc;
}

static int
feed(void *arg, size_t item)
{
	struct run *r = arg;

	r->fed[item] = 1;
	if (item == r->bad_feed[0])
		return PRIO_EIO;
	if (item == r->bad_feed[1])
		return PRIO_ERANGE;
	return PRIO_OK;
}

/* One run; its return code.  Checks that every item was taken once. */
static int
run(size_t n, size_t threads, bool fed, size_t bad_item,
    size_t bad_feed0, size_t bad_feed1, const char *what)
{
	struct run r = { .n = n, .bad_item = bad_item,
	    .bad_feed = { bad_feed0, bad_feed1 } };
	size_t i, once = 0, unfed = 0, ran = 0;
	int rc;

	r.seen = calloc(n + 1, sizeof(*r.seen));
	r.unfed = calloc(n + 1, sizeof(*r.unfed));
	r.fed = fed ? calloc(n + 1, sizeof(*r.fed)) : NULL;
	rc = prio_parallel(n, threads, fed ? feed : NULL, work, &r);
	for (i = 0; i < n; i++) {
		once += r.seen[i] == 1;
		unfed += r.unfed[i];
	}
	for (i = 0; i < PRIO_PARALLEL_MAX; i++)
		ran += r.ran[i];
	is_int((int)once, (int)n, "%s: each of %zu items taken once", what, n);
	ok(unfed == 0, "%s: none before it was fed", what);
	ok(ran >= 1 && ran <= (threads < 1 ? 1 : threads) && r.ran[0],
	    "%s: the caller and at most %zu workers ran (%zu)", what,
	    threads, ran);
	free(r.seen);
	free(r.unfed);
	free(r.fed);
	return rc;
}

static void
test_every_item_once(void)
{
	static const size_t sizes[] = { 0, 1, 2, 1000 };
	static const size_t threads[] = { 0, 1, 2, PRIO_PARALLEL_MAX, 9 };
	char what[64];
	size_t s, t, f;

	for (s = 0; s < sizeof(sizes) / sizeof(*sizes); s++)
		for (t = 0; t < sizeof(threads) / sizeof(*threads); t++)
			for (f = 0; f < 2; f++) {
				snprintf(what, sizeof(what), "n %zu, %zu "
				    "threads%s", sizes[s], threads[t],
				    f ? ", fed" : "");
				is_int(run(sizes[s], threads[t], f, SIZE_MAX,
				    SIZE_MAX, SIZE_MAX, what), PRIO_OK,
				    "%s: no error", what);
			}
}

static void
test_errors(void)
{
	is_int(run(1000, 4, false, 700, SIZE_MAX, SIZE_MAX, "a worker "
	    "fails"), PRIO_EGIT, "a worker's error comes back");
	is_int(run(1000, 1, false, 0, SIZE_MAX, SIZE_MAX, "the only worker "
	    "fails at once"), PRIO_EGIT, "on one thread too");
	is_int(run(1000, 4, true, SIZE_MAX, 300, 200, "two feeds fail"),
	    PRIO_ERANGE, "the first failed feed's error, in item order");
	is_int(run(1000, 4, true, 100, 999, SIZE_MAX, "a feed and a worker "
	    "fail"), PRIO_EIO, "a feed's error before a worker's");
}

static void
test_threads(void)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t want = cpus > 0 && cpus < PRIO_PARALLEL_MAX ? (size_t)cpus :
	    PRIO_PARALLEL_MAX;

	is_int((int)prio_parallel_threads(63, 64, true), 1, "below the "
	    "threshold: one");
	is_int((int)prio_parallel_threads(63, 64, false), 1, "also when not "
	    "the CPU's");
	is_int((int)prio_parallel_threads(64, 64, false), PRIO_PARALLEL_MAX,
	    "waiting in the kernel: the most, whatever the CPUs");
	is_int((int)prio_parallel_threads(64, 64, true), (int)want,
	    "the CPU's work: no more than the CPUs (%ld)", cpus);
	is_int((int)prio_parallel_threads(SIZE_MAX - 1, SIZE_MAX, true), 1,
	    "a threshold of SIZE_MAX: never more than one");
}

struct runs {
	size_t *taker;          /* per item: the worker that took it */
	int spin;
};

static int
take(struct prio_parallel *p, void *arg, size_t worker)
{
	struct runs *r = arg;
	size_t i;

	while (prio_parallel_next(p, worker, &i)) {
		r->taker[i] = worker;
		/* Items of some cost, so that both workers are at it. */
		for (int k = 0; k < r->spin; k++)
			__asm__ volatile("" ::: "memory");
	}
	return PRIO_OK;
}

/*
 * Items go out a run at a time (parallel.c): of 10,000 items on two
 * workers, the 64 of each run are taken by one worker.  A counter
 * stepped per item would hand neighbouring items to both.
 */
static void
test_runs(void)
{
	struct runs r = { calloc(10000, sizeof(size_t)), 2000 };
	size_t i, split = 0, workers = 0, last = SIZE_MAX;

	prio_parallel(10000, 2, NULL, take, &r);
	for (i = 0; i < 10000; i++) {
		split += i % 64 != 0 && r.taker[i] != r.taker[i - 1];
		workers += r.taker[i] != last && last != SIZE_MAX;
		last = r.taker[i];
	}
	is_int((int)split, 0, "runs: each run of 64 items has one worker");
	ok(workers > 0, "runs: both workers took runs");
	free(r.taker);
}

int
main(void)
{
	test_every_item_once();
	test_errors();
	test_threads();
	test_runs();
	return tap_done();
}
