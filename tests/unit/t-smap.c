/*
 * Unit tests for the library's string map (src/lib/smap.h, internal):
 * new keys take the value given, known keys keep theirs, the map owns
 * copies of its keys, and it grows past its first 64 slots intact.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prio/buf.h"
#include "../../src/lib/smap.h"
#include "tap.h"

int
main(void)
{
	struct smap m = SMAP_INIT;
	char key[32];
	size_t i, bad;
	size_t *v;

	ok(smap_get(&m, "S-1") == NULL, "an empty map has nothing");
	is_int(m.cap, 0, "and holds no memory");
	v = smap_at(&m, "S-1", 7);
	is_int(*v, 7, "a new key takes the value given");
	is_int(m.n, 1, "one key");
	is_int(m.cap, 64, "the first table has 64 slots");
	is_int(*smap_at(&m, "S-1", 99), 7, "a known key keeps its value");
	is_int(m.n, 1, "still one key");
	*smap_at(&m, "S-1", 0) = 8;
	is_int(*smap_get(&m, "S-1"), 8, "a value is changed through its slot");
	ok(smap_get(&m, "S-10") == NULL, "a longer key is another key");
	ok(smap_get(&m, "S-") == NULL, "so is a prefix");
	is_int(*smap_at(&m, "", 3), 3, "the empty string is a key");

	strcpy(key, "mutable");
	smap_at(&m, key, 5);
	strcpy(key, "changed");
	is_int(*smap_get(&m, "mutable"), 5, "the map keeps its own copy");
	ok(smap_get(&m, "changed") == NULL, "not the caller's buffer");

	/* Past half of 64, 128, ... slots: the map grows, keys survive. */
	for (i = 0; i < 1000; i++) {
		snprintf(key, sizeof(key), "key-%zu", i);
		smap_at(&m, key, i);
	}
	is_int(m.n, 1003, "a thousand and three keys");
	is_int(m.cap, 2048, "the table grew, to stay at most half full");
	for (i = 0, bad = 0; i < 1000; i++) {
		snprintf(key, sizeof(key), "key-%zu", i);
		if (smap_get(&m, key) == NULL || *smap_get(&m, key) != i)
			bad++;
	}
	is_int(bad, 0, "every key finds its value after growing");
	is_int(*smap_get(&m, "S-1"), 8, "the first key too");
	smap_free(&m);
	return tap_done();
}
