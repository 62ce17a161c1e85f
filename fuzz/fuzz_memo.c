/*
 * Fuzz target: the check memo's reader (src/lib/checkmemo.c).
 *
 * The input is a memo file, $GIT_DIR/prio/check.memo ("PRIOCM04"); the
 * seeds are files prio wrote.  The memo is keyed by the prio build,
 * which the fuzzer binary cannot match, so the target writes its own
 * build's salt into the header; the key asked for is the first
 * verdict's prio.yml blob id, any stories tree (NULL).
 *
 * Properties, beyond not crashing, leaking or reading out of bounds:
 * - a verdict read is one prio could have written: its files sorted by
 *   name, strictly, and each problem with a path and a rule of the
 *   table;
 * - written again and read back, it is the same verdict.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "prio/buf.h"
#include "prio/checkmemo.h"
#include "prio/error.h"
#include "prio/rules.h"
#include "../src/lib/cache.h"
#include "fuzz.h"

#define KEY_AT (8 + 8 + 4 + 8 + GIT_OID_RAWSZ)

static void
write_file(const char *path, const uint8_t *data, size_t size)
{
	struct prio_buf head = PRIO_BUF_INIT, rest = PRIO_BUF_INIT;

	prio_buf_add(&head, data, size);
	cache_replace_file(path, &head, &rest);
	prio_buf_free(&head);
	prio_buf_free(&rest);
}

static void
assert_sound(const struct prio_check_memo *m)
{
	const struct prio_diags *part[2] = { &m->in_file, &m->between };
	size_t i, k;

	for (i = 1; i < m->nfiles; i++)
		fuzz_assert(strcmp(m->files[i - 1].name, m->files[i].name) < 0);
	for (k = 0; k < 2; k++)
		for (i = 0; i < part[k]->count; i++) {
			fuzz_assert(part[k]->items[i].path != NULL);
			fuzz_assert(prio_rule_lookup(part[k]->items[i].rule) !=
			    PRIO_RULE_COUNT);
		}
}

static void
assert_same_diags(const struct prio_diags *a, const struct prio_diags *b)
{
	size_t i;

	fuzz_assert(a->count == b->count);
	for (i = 0; i < a->count; i++) {
		fuzz_assert(a->items[i].severity == b->items[i].severity);
		fuzz_assert(strcmp(a->items[i].rule, b->items[i].rule) == 0);
		fuzz_assert(strcmp(a->items[i].path, b->items[i].path) == 0);
		fuzz_assert(a->items[i].line == b->items[i].line);
		fuzz_assert(a->items[i].column == b->items[i].column);
		fuzz_assert(strcmp(a->items[i].message,
		    b->items[i].message) == 0);
	}
}

static void
assert_same(const struct prio_check_memo *a, const struct prio_check_memo *b)
{
	size_t i;

	fuzz_assert(git_oid_equal(&a->stories, &b->stories));
	fuzz_assert(git_oid_equal(&a->config, &b->config));
	fuzz_assert(a->nstories == b->nstories);
	fuzz_assert(a->nfiles == b->nfiles);
	for (i = 0; i < a->nfiles; i++) {
		fuzz_assert(strcmp(a->files[i].name, b->files[i].name) == 0);
		fuzz_assert(git_oid_equal(&a->files[i].oid, &b->files[i].oid));
		fuzz_assert(a->files[i].size == b->files[i].size);
	}
	assert_same_diags(&a->in_file, &b->in_file);
	assert_same_diags(&a->between, &b->between);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char dir[] = "/tmp/prio-fuzz-memo.XXXXXX";
	struct prio_check_memo m, again;
	uint8_t *copy;
	uint64_t salt = cache_build_salt();
	git_oid config;
	char *path, *path2;

	if (size < 16 || mkdtemp(dir) == NULL)
		return 0;
	copy = malloc(size);
	memcpy(copy, data, size);
	memcpy(copy + 8, &salt, sizeof(salt));
	memset(&config, 0, sizeof(config));
	if (size >= KEY_AT + GIT_OID_RAWSZ)
		memcpy(config.id, copy + KEY_AT, GIT_OID_RAWSZ);
	path = prio_xasprintf("%s/check.memo", dir);
	path2 = prio_xasprintf("%s/again.memo", dir);
	write_file(path, copy, size);
	if (prio_check_memo_load(&m, path, NULL, &config) == PRIO_OK) {
		assert_sound(&m);
		prio_check_memo_save(path2, &m, NULL);
		fuzz_assert(prio_check_memo_load(&again, path2, &m.stories,
		    &m.config) == PRIO_OK);
		assert_same(&m, &again);
		prio_check_memo_free(&again);
		prio_check_memo_free(&m);
	}
	unlink(path);
	unlink(path2);
	rmdir(dir);
	free(path);
	free(path2);
	free(copy);
	return 0;
}
