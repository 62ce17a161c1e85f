/*
 * tests/unit/tap.h — a tiny TAP emitter for prio's C unit tests.
 *
 * Each test file includes this once, calls the checks, and ends main with
 * `return tap_done();`, which prints the plan and returns non-zero if any
 * check failed.  State lives in one static struct per test program.
 */
#ifndef PRIO_TAP_H
#define PRIO_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static struct { int run, failed; } tap_state_;

__attribute__((format(printf, 2, 3)))
static int
tap_ok(int cond, const char *fmt, ...)
{
	va_list ap;

	tap_state_.run++;
	if (!cond)
		tap_state_.failed++;
	printf("%sok %d - ", cond ? "" : "not ", tap_state_.run);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	return cond;
}

#define ok(cond, ...) tap_ok(!!(cond), __VA_ARGS__)

#define is_int(got, want, ...) do {                                      \
	long long g_ = (long long)(got), w_ = (long long)(want);         \
	if (!tap_ok(g_ == w_, __VA_ARGS__))                              \
		printf("#   got: %lld\n#  want: %lld\n", g_, w_);         \
} while (0)

#define is_str(got, want, ...) do {                                      \
	const char *g_ = (got), *w_ = (want);                            \
	int same_ = (g_ && w_) ? strcmp(g_, w_) == 0 : g_ == w_;          \
	if (!tap_ok(same_, __VA_ARGS__))                                 \
		printf("#   got: '%s'\n#  want: '%s'\n",                   \
		    g_ ? g_ : "(null)", w_ ? w_ : "(null)");              \
} while (0)

static inline void
tap_diag(const char *msg)
{
	printf("# %s\n", msg);
}

static inline int
tap_done(void)
{
	printf("1..%d\n", tap_state_.run);
	return tap_state_.failed ? 1 : 0;
}

#endif
