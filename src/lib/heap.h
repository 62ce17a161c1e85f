/*
 * heap.h — heap prefaulting, the library's one piece of memory tuning.
 * Internal to the library: a performance measure, not part of what
 * prio/buf.h promises (allocation that cannot fail, and a buffer).
 *
 * prio_heap_prefault() faults in, at once, the heap pages the next
 * allocations of about bytes (at most PRIO_PREFAULT_MAX) will use: one
 * madvise(MADV_POPULATE_WRITE) costs a fraction of a page fault per
 * page, and on virtual machines a fault can cost 10 us or more.  Only
 * useful when the process keeps freed memory in its heap (the CLI sets
 * this up with mallopt); a no-op where the kernel lacks
 * MADV_POPULATE_WRITE.
 */
#ifndef PRIO_HEAP_H
#define PRIO_HEAP_H

#include <stddef.h>

#define PRIO_PREFAULT_MAX ((size_t)24 << 20)
void prio_heap_prefault(size_t bytes);
/* The same for times the size of the file at path (nothing when it
 * cannot be read): what reading a file into memory is about to take. */
void prio_heap_prefault_file(const char *path, size_t times);

#endif
