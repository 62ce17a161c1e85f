/*
 * Unit tests for src/lib/util.h's prio_str_prefix(): the number a sort
 * compares before the text (the listing's names, the order's ranks).
 * Wherever two numbers differ they must order as strcmp() orders the
 * strings; equal strings give equal numbers.
 */
#include <stdint.h>
#include <string.h>

#include "../../src/lib/util.h"
#include "tap.h"

static int
sign(long long v)
{
	return (v > 0) - (v < 0);
}

/* The prefix order agrees with strcmp wherever the prefixes differ. */
static int
agrees(const char *a, const char *b, size_t n)
{
	uint64_t pa = prio_str_prefix(a, n), pb = prio_str_prefix(b, n);

	if (pa == pb)
		return strncmp(a, b, n) == 0;
	return sign(pa < pb ? -1 : 1) == sign(strcmp(a, b));
}

int
main(void)
{
	static const char *names[] = {
		"", "a", "ab", "S-1.md", "S-10.md", "S-100-a.md", "S-100-b.md",
		"S-2.md", "S-1000000-x.md", "S-1000000-y.md", "S-10000000.md",
		"Z", "a-b", "a.b", "\x7f", "\200a", "\xc3\xa9t\xc3\xa9.md",
		"\xff\xff\xff\xff\xff\xff\xff\xff\xff", "abcdefgh", "abcdefghi",
		"abcdefg",
	};
	size_t n = sizeof(names) / sizeof(names[0]), i, j, bad = 0;

	is_int(prio_str_prefix("", 8), 0, "the empty string is 0");
	ok(prio_str_prefix("A", 8) == (uint64_t)'A' << 56,
	    "the first byte is the highest");
	ok(prio_str_prefix("abcdefghij", 8) == prio_str_prefix("abcdefgh", 8),
	    "only the first 8 bytes count");
	ok(prio_str_prefix("abcdefgh", 7) == prio_str_prefix("abcdefg", 8),
	    "n limits the bytes");
	ok(prio_str_prefix("abcdefghij", 12) == prio_str_prefix("abcdefgh", 8),
	    "never more than 8 bytes");
	ok(prio_str_prefix("\xe9", 8) > prio_str_prefix("z", 8),
	    "bytes count as unsigned, as strcmp compares them");
	ok(prio_str_prefix("ab", 8) < prio_str_prefix("ab\x01", 8),
	    "a string sorts before the longer one it begins");
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			if (!agrees(names[i], names[j], 8) ||
			    !agrees(names[i], names[j], 7))
				bad++;
	is_int(bad, 0, "every pair of %zu names orders as strcmp does", n);
	return tap_done();
}
