/*
 * Unit tests for the heap prefault (src/lib/heap.h, internal): after
 * prio_heap_prefault(n), allocating and touching about n bytes takes
 * almost no page faults, when the kernel can populate pages and the
 * heap keeps what is freed (as the CLI sets it up).
 */
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include "../../src/lib/heap.h"
#include "tap.h"

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

/* A sanitizer's allocator quarantines freed memory rather than reuse
 * it, so the prefaulted pages are not the next ones handed out. */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define QUARANTINE 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define QUARANTINE 1
#endif
#endif
#ifndef QUARANTINE
#define QUARANTINE 0
#endif

#define BYTES ((size_t)8 << 20)
#define BLOCK 240

static long
faults(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_minflt;
}

/* Whether this kernel populates pages on request (Linux 5.14 and on). */
static int
kernel_populates(void)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	void *p = mmap(NULL, page, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int yes;

	if (p == MAP_FAILED)
		return 0;
	yes = madvise(p, page, MADV_POPULATE_WRITE) == 0;
	munmap(p, page);
	return yes;
}

/* Allocates and writes bytes in small blocks; returns the faults taken.
 * The blocks are kept (leaked into *keep) so the heap cannot reuse them. */
static long
touch_blocks(size_t bytes, char ***keep, size_t *n)
{
	long before = faults();
	size_t i, count = bytes / BLOCK;

	*keep = malloc(count * sizeof(**keep));
	memset(*keep, 0, count * sizeof(**keep));
	before = faults();
	for (i = 0; i < count; i++) {
		(*keep)[i] = malloc(BLOCK);
		memset((*keep)[i], (int)i, BLOCK);
	}
	*n = count;
	return faults() - before;
}

static void
free_blocks(char **keep, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(keep[i]);
	free(keep);
}

int
main(void)
{
	size_t pages = BYTES / (size_t)sysconf(_SC_PAGESIZE), n1, n2;
	char **first, **second;
	long cold, warm, before, taken;

	mallopt(M_MMAP_THRESHOLD, 32 << 20);
	mallopt(M_TRIM_THRESHOLD, 256 << 20);
	cold = touch_blocks(BYTES, &first, &n1);
	ok(cold > (long)pages / 2, "without a prefault, fresh heap pages "
	    "fault one by one (%ld faults for %zu pages)", cold, pages);
	prio_heap_prefault(BYTES + BYTES / 4);
	warm = touch_blocks(BYTES, &second, &n2);
	if (kernel_populates() && !QUARANTINE)
		ok(warm < (long)pages / 20, "after a prefault they do not "
		    "(%ld faults for %zu pages)", warm, pages);
	else if (QUARANTINE)
		ok(warm <= cold + (long)pages / 10, "under a sanitizer the "
		    "prefault changes nothing later (%ld faults, %ld without)",
		    warm, cold);
	else
		ok(warm <= cold + (long)pages / 10, "the kernel cannot "
		    "populate pages, and the prefault costs nothing later "
		    "(%ld faults, %ld without)", warm, cold);
	ok(second[n2 - 1][0] == (char)(n2 - 1) && first[0][0] == 0,
	    "the memory is ordinary heap memory");
	free_blocks(first, n1);
	free_blocks(second, n2);
	before = faults();
	prio_heap_prefault(PRIO_PREFAULT_MAX * 4);
	taken = faults() - before;
	/* Uncapped, it would be four times the cap; a sanitizer adds its
	 * shadow pages (up to twice as many again) to what the cap lets
	 * through. */
	ok(taken <= (long)(PRIO_PREFAULT_MAX / (size_t)sysconf(_SC_PAGESIZE))
	    * (QUARANTINE ? 3 : 3 / 2.0), "a request over PRIO_PREFAULT_MAX "
	    "is capped (%ld faults)", taken);
	before = faults();
	prio_heap_prefault(0);
	ok(faults() - before < 16, "a request of nothing does almost nothing");
	return tap_done();
}
