/*
 * Fuzz target: the three-way merge of a story (prio/merge.h).
 *
 * The input is "BASE\0OURS\0THEIRS" (a missing part is empty).  Never a
 * crash; a result always; a clean merge that was not merged as text is
 * a story with front matter and no conflict markers; and the merge is a
 * merge: when ours and theirs are the same, the result is ours, and
 * when ours is the base, the result is theirs, byte for byte, clean.
 */
#include <stdbool.h>
#include <string.h>

#include <git2.h>

#include "prio/merge.h"
#include "fuzz.h"

static const char *
part(const char **p, const char *end, size_t *len)
{
	const char *start = *p, *nul = memchr(start, '\0',
	    (size_t)(end - start));

	*len = (size_t)((nul ? nul : end) - start);
	*p = nul ? nul + 1 : end;
	return start;
}

static struct prio_merge_result *
merge(const char *o, size_t ol, const char *a, size_t al, const char *b,
    size_t bl)
{
	struct prio_merge_result *r = NULL;

	prio_merge_story(&r, o, ol, a, al, b, bl, NULL);
	fuzz_assert(r != NULL && r->data != NULL);
	if (r->clean && r->text_merge == NULL)
		fuzz_assert(r->len >= 3 && (memcmp(r->data, "---", 3) == 0 ||
		    memcmp(r->data, "\xef\xbb\xbf", 3) == 0) &&
		    strstr(r->data, "\n<<<<<<< ") == NULL);
	return r;
}

static bool
same(const struct prio_merge_result *r, const char *s, size_t len)
{
	return r->clean && r->len == len && memcmp(r->data, s, len) == 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	const char *p = (const char *)data, *end = p + size, *o, *a, *b;
	size_t ol, al, bl;
	struct prio_merge_result *r;

	if (!ready) {
		git_libgit2_init();
		ready = true;
	}
	o = part(&p, end, &ol);
	a = part(&p, end, &al);
	b = part(&p, end, &bl);
	prio_merge_result_free(merge(o, ol, a, al, b, bl));
	if (ol == 0 || al == 0)
		return 0;
	r = merge(o, ol, a, al, a, al);
	fuzz_assert(same(r, a, al));
	prio_merge_result_free(r);
	if (bl == 0)
		return 0;
	r = merge(o, ol, o, ol, b, bl);
	fuzz_assert(same(r, b, bl));
	prio_merge_result_free(r);
	return 0;
}
