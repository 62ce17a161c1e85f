/*
 * The library's thread pool (see parallel.h): workers take items from
 * one atomic counter; with a feed, a mutex and a condition variable make
 * a worker wait for the item it took.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>

#include "parallel.h"

/* A worker's run of items taken at once: one atomic step per run, not
 * per item, on its own cache line (the workers would fight over one). */
struct run {
	_Alignas(64) size_t next;
	size_t end;
};

struct prio_parallel {
	size_t n;
	size_t chunk;               /* items per run */
	atomic_size_t next;         /* the next item to hand out */
	struct run runs[PRIO_PARALLEL_MAX];
	bool feeding;               /* set before any worker starts */
	size_t fed;                 /* items fed; guarded by lock */
	pthread_mutex_t lock;
	pthread_cond_t more;        /* fed grew */
	prio_parallel_work *work;
	void *arg;
};

struct worker {
	struct prio_parallel *p;
	size_t id;
	int rc;
};

size_t
prio_parallel_threads(size_t n, size_t from, bool cpu_bound)
{
	long cpus;

	if (n < from)
		return 1;
	if (!cpu_bound)
		return PRIO_PARALLEL_MAX;
	cpus = sysconf(_SC_NPROCESSORS_ONLN);
	return cpus > 0 && cpus < PRIO_PARALLEL_MAX ? (size_t)cpus :
	    PRIO_PARALLEL_MAX;
}

bool
prio_parallel_next(struct prio_parallel *p, size_t worker, size_t *item)
{
	struct run *r = &p->runs[worker];
	size_t i;

	if (r->next >= r->end) {
		r->next = atomic_fetch_add_explicit(&p->next, p->chunk,
		    memory_order_relaxed);
		r->end = r->next + p->chunk < p->n ? r->next + p->chunk : p->n;
	}
	if ((i = r->next++) >= p->n)
		return false;
	if (p->feeding) {
		pthread_mutex_lock(&p->lock);
		while (p->fed <= i)
			pthread_cond_wait(&p->more, &p->lock);
		pthread_mutex_unlock(&p->lock);
	}
	*item = i;
	return true;
}

static void *
run_worker(void *arg)
{
	struct worker *w = arg;

	w->rc = w->p->work(w->p, w->p->arg, w->id);
	return NULL;
}

/* Feeds every item in order, handing each out as it is ready. */
static int
feed_all(struct prio_parallel *p, prio_parallel_feed *feed)
{
	size_t i;
	int rc = 0, err;

	for (i = 0; i < p->n; i++) {
		if ((err = feed(p->arg, i)) != 0 && rc == 0)
			rc = err;
		pthread_mutex_lock(&p->lock);
		p->fed = i + 1;
		pthread_cond_broadcast(&p->more);
		pthread_mutex_unlock(&p->lock);
	}
	return rc;
}

int
prio_parallel(size_t n, size_t threads, prio_parallel_feed *feed,
    prio_parallel_work *work, void *arg)
{
	struct prio_parallel p = { .n = n, .feeding = feed != NULL,
	    .fed = feed ? 0 : n, .work = work, .arg = arg };
	struct worker w[PRIO_PARALLEL_MAX];
	pthread_t tid[PRIO_PARALLEL_MAX];
	bool started[PRIO_PARALLEL_MAX] = { false };
	size_t i;
	int rc = 0;

	atomic_init(&p.next, 0);
	if (threads < 1)
		threads = 1;
	if (threads > PRIO_PARALLEL_MAX)
		threads = PRIO_PARALLEL_MAX;
	/* Small enough that the workers finish together even when items
	 * cost 0.2 ms each (a parse), large enough that a run of cheap
	 * ones (an lstat, a cached story) is not one atomic step each. */
	p.chunk = n / (threads * 32);
	if (p.chunk < 1)
		p.chunk = 1;
	if (p.chunk > 64)
		p.chunk = 64;
	if (p.feeding) {
		pthread_mutex_init(&p.lock, NULL);
		pthread_cond_init(&p.more, NULL);
	}
	for (i = 0; i < threads; i++) {
		w[i] = (struct worker){ &p, i, 0 };
		if (i > 0)
			started[i] = pthread_create(&tid[i], NULL, run_worker,
			    &w[i]) == 0;
	}
	if (feed)
		rc = feed_all(&p, feed);
	run_worker(&w[0]);
	for (i = 1; i < threads; i++)
		if (started[i])
			pthread_join(tid[i], NULL);
	for (i = 0; i < threads && rc == 0; i++)
		rc = w[i].rc;
	if (p.feeding) {
		pthread_cond_destroy(&p.more);
		pthread_mutex_destroy(&p.lock);
	}
	return rc;
}
