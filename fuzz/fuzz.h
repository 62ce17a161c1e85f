/*
 * fuzz/fuzz.h — what every fuzz target defines.
 *
 * Each fuzz/fuzz_<target>.c defines LLVMFuzzerTestOneInput.  Built with
 * clang's -fsanitize=fuzzer it is a libFuzzer binary (`make fuzz`);
 * linked with fuzz/replay.c it is a plain program that replays the
 * saved inputs under tests/fixtures/fuzz/<target>/ as a TAP unit test
 * (`make check`).  A target reports a broken property by calling
 * fuzz_fail(), which aborts, so libFuzzer keeps the input as a crasher.
 */
#ifndef PRIO_FUZZ_H
#define PRIO_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define fuzz_fail(what) do {                                             \
	fprintf(stderr, "%s:%d: property broken: %s\n", __FILE__,        \
	    __LINE__, (what));                                           \
	abort();                                                         \
} while (0)

#define fuzz_assert(cond) do {                                           \
	if (!(cond))                                                     \
		fuzz_fail(#cond);                                        \
} while (0)

#endif
