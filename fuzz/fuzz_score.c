/*
 * Fuzz target: the score-formula parser (prio/score.h).
 *
 * The input is a formula.  Parsing never crashes: it succeeds with a
 * formula whose fields are names, or fails with a message and a column
 * inside the formula (or just past its end).  A formula that parses is
 * evaluated twice with made-up field values; the same inputs give the
 * same answer, and an answer is always finite.
 */
#include <math.h>
#include <string.h>

#include "prio/buf.h"
#include "prio/error.h"
#include "prio/score.h"
#include "fuzz.h"

/* Every field has a value derived from its name, except names with a 'z'. */
static bool
lookup(void *payload, const char *name, double *value)
{
	unsigned h = *(unsigned *)payload;

	if (strchr(name, 'z') != NULL)
		return false;
	for (; *name != '\0'; name++)
		h = h * 31 + (unsigned char)*name;
	*value = (double)(h % 17) - 3;
	return true;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct prio_score *s = NULL;
	char *formula = prio_xstrndup((const char *)data, size);
	char *err = NULL;
	unsigned column = 0, seed = 7;
	double v1, v2;
	bool ok1, ok2;
	size_t i, n;
	int rc;

	/* The API takes a C string: an embedded NUL ends the formula. */
	n = strlen(formula);
	rc = prio_score_parse(&s, formula, &err, &column);
	if (rc != PRIO_OK) {
		fuzz_assert(rc == PRIO_EINVAL);
		fuzz_assert(s == NULL);
		fuzz_assert(err != NULL && err[0] != '\0');
		fuzz_assert(column >= 1 && column <= n + 1);
		free(err);
		free(formula);
		return 0;
	}
	fuzz_assert(s != NULL && err == NULL);
	for (i = 0; i < prio_score_field_count(s); i++) {
		const char *f = prio_score_field(s, i);

		fuzz_assert(f != NULL && f[0] != '\0');
		fuzz_assert(strstr(formula, f) != NULL);
	}
	ok1 = prio_score_eval(s, lookup, &seed, &v1);
	ok2 = prio_score_eval(s, lookup, &seed, &v2);
	fuzz_assert(ok1 == ok2);
	if (ok1) {
		fuzz_assert(isfinite(v1));
		fuzz_assert(memcmp(&v1, &v2, sizeof(v1)) == 0);
	}
	prio_score_free(s);
	free(formula);
	return 0;
}
