/* Heap prefaulting (see heap.h). */
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "heap.h"

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23   /* Linux 5.14 */
#endif

void
prio_heap_prefault(size_t bytes)
{
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE), start, end;
	char *p;

	if (bytes > PRIO_PREFAULT_MAX)
		bytes = PRIO_PREFAULT_MAX;
	if (page == 0 || (p = malloc(bytes)) == NULL)
		return;
	start = ((uintptr_t)p + page - 1) & ~(page - 1);
	end = ((uintptr_t)p + bytes) & ~(page - 1);
	/* An older kernel says EINVAL: then the faults come one by one. */
	if (end > start)
		(void)madvise((void *)start, end - start, MADV_POPULATE_WRITE);
	free(p);
}

void
prio_heap_prefault_file(const char *path, size_t times)
{
	struct stat st;

	if (stat(path, &st) == 0 && st.st_size > 0)
		prio_heap_prefault((size_t)st.st_size * times);
}
