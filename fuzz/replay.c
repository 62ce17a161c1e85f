/*
 * fuzz/replay.c — a fuzz target as a plain regression test.
 *
 * Linked with one fuzz/fuzz_<target>.c as the program t-fuzz-<target>,
 * this main feeds every file in
 * $PRIO_SRC/tests/fixtures/fuzz/<target>/ (the seeds and every crasher
 * the fuzzer ever found) to the target once and prints TAP.  A broken
 * property aborts the program, which run-unit.t reports as a failure;
 * build it with SANITIZE=1 to have the sanitizers check the same inputs.
 * With file arguments it replays just those (to reproduce a crash).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prio/buf.h"
#include "fuzz.h"

static int
replay_file(const char *path)
{
	struct prio_buf b = PRIO_BUF_INIT;
	char chunk[4096];
	uint8_t *copy;
	size_t n, len;
	FILE *f = fopen(path, "rb");

	if (f == NULL)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		prio_buf_add(&b, chunk, n);
	fclose(f);
	/* An exact-size copy, so the sanitizers see reads past the end. */
	len = b.len;
	copy = prio_xmalloc(len ? len : 1);
	memcpy(copy, b.ptr, len);
	prio_buf_free(&b);
	LLVMFuzzerTestOneInput(copy, len);
	free(copy);
	return 0;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
main(int argc, char **argv)
{
	const char *src = getenv("PRIO_SRC");
	const char *target;
	char *dir, *path, **names = NULL;
	size_t n = 0, cap = 0, i;
	struct dirent *de;
	DIR *d;
	int fail = 0;

	if (argc > 1) {
		for (i = 1; i < (size_t)argc; i++) {
			if (replay_file(argv[i]) == -1) {
				fprintf(stderr, "cannot read %s\n", argv[i]);
				return 1;
			}
		}
		return 0;
	}
	/* The target is the program's name: t-fuzz-<target>. */
	target = strrchr(argv[0], '/');
	target = target ? target + 1 : argv[0];
	if (strncmp(target, "t-fuzz-", 7) == 0)
		target += 7;
	dir = prio_xasprintf("%s/tests/fixtures/fuzz/%s", src ? src : ".",
	    target);
	if ((d = opendir(dir)) == NULL) {
		printf("Bail out! cannot open %s\n", dir);
		free(dir);
		return 255;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		prio_xgrow(&names, &cap, n + 1, sizeof(*names));
		names[n++] = prio_xstrdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), by_name);
	for (i = 0; i < n; i++) {
		path = prio_xasprintf("%s/%s", dir, names[i]);
		if (replay_file(path) == -1) {
			printf("not ok %zu - %s: cannot read it\n", i + 1,
			    names[i]);
			fail = 1;
		} else
			printf("ok %zu - %s: %s\n", i + 1, target,
			    names[i]);
		fflush(stdout);
		free(path);
	}
	printf("1..%zu\n", n);
	prio_strv_free(names, n);
	free(dir);
	return fail || n == 0;
}
