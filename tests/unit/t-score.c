/* Unit tests for score formulas (prio/score.h, SPEC §2.3). */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "prio/buf.h"
#include "prio/error.h"
#include "prio/score.h"
#include "tap.h"

/* A story's numeric fields; a NULL name ends the list. */
struct field {
	const char *name;
	double value;
};

static bool
lookup(void *payload, const char *name, double *value)
{
	const struct field *f;

	for (f = payload; f->name; f++) {
		if (strcmp(f->name, name) == 0) {
			*value = f->value;
			return true;
		}
	}
	return false;
}

/* The formula for a test's name: TAP lines must not break, and the long
 * ones are cut. */
static const char *
label(char *buf, size_t size, const char *formula)
{
	size_t i;

	for (i = 0; i + 1 < size && formula[i]; i++) {
		if ((unsigned char)formula[i] < 0x20 ||
		    (unsigned char)formula[i] >= 0x7f)
			buf[i] = '?';
		else
			buf[i] = formula[i];
	}
	buf[i] = '\0';
	if (formula[i] && i > 3)
		memcpy(buf + i - 3, "...", 3);
	return buf;
}

/* Parses and evaluates; false when either fails. */
static bool
score_of(const char *formula, const struct field *fields, double *score)
{
	struct prio_score *s;
	char *err;
	unsigned column;
	bool scored;

	if (prio_score_parse(&s, formula, &err, &column) != PRIO_OK) {
		printf("# parse error: %s at column %u\n", err, column);
		free(err);
		return false;
	}
	scored = prio_score_eval(s, lookup, (void *)fields, score);
	prio_score_free(s);
	return scored;
}

static void
check_value(const char *formula, const struct field *fields, double want)
{
	char name[48];
	double got = NAN;
	bool scored = score_of(formula, fields, &got);

	if (!ok(scored && fabs(got - want) < 1e-9, "'%s' = %g",
	    label(name, sizeof(name), formula), want))
		printf("#   got: %s %.17g\n", scored ? "score" : "no score", got);
}

static void
check_none(const char *formula, const struct field *fields, const char *why)
{
	char name[48];
	double got = NAN;

	if (!ok(!score_of(formula, fields, &got), "'%s' has no score: %s",
	    label(name, sizeof(name), formula), why))
		printf("#   got: %.17g\n", got);
}

static void
check_error(const char *formula, const char *message, unsigned column)
{
	struct prio_score *s = (struct prio_score *)&s;
	char name[48], *err = NULL;
	unsigned col = 0;
	int rc;

	rc = prio_score_parse(&s, formula, &err, &col);
	if (!ok(rc == PRIO_EINVAL && s == NULL && err &&
	    strstr(err, message) && col == column,
	    "'%s' fails: %s at column %u", label(name, sizeof(name), formula),
	    message, column))
		printf("#   got: rc %d, '%s' at column %u\n", rc,
		    err ? err : "(null)", col);
	free(err);
}

static void
test_presets(void)
{
	const struct field wsjf[] = {
		{ "value", 8 }, { "urgency", 5 }, { "risk", 3 },
		{ "effort", 5 }, { NULL, 0 }
	};
	const struct field rice[] = {
		{ "reach", 100 }, { "impact", 2 }, { "confidence", 0.8 },
		{ "effort", 4 }, { NULL, 0 }
	};
	const struct field ice[] = {
		{ "impact", 8 }, { "confidence", 7 }, { "ease", 6 },
		{ NULL, 0 }
	};

	is_str(prio_score_preset("wsjf"), "(value + urgency + risk) / effort",
	    "wsjf preset");
	is_str(prio_score_preset("rice"),
	    "reach * impact * confidence / effort", "rice preset");
	is_str(prio_score_preset("ice"), "impact * confidence * ease",
	    "ice preset");
	is_str(prio_score_preset("value-per-effort"), "value / effort",
	    "value-per-effort preset");
	ok(prio_score_preset("WSJF") == NULL, "preset names are exact");
	ok(prio_score_preset("value") == NULL, "unknown preset is NULL");
	ok(prio_score_preset(NULL) == NULL, "NULL preset is NULL");

	check_value(prio_score_preset("wsjf"), wsjf, 3.2);
	check_value(prio_score_preset("rice"), rice, 40);
	check_value(prio_score_preset("ice"), ice, 336);
	check_value(prio_score_preset("value-per-effort"), wsjf, 1.6);
	check_none(prio_score_preset("rice"), wsjf, "wsjf fields lack reach");
}

static void
test_precedence(void)
{
	const struct field f[] = {
		{ "a", 10 }, { "b", 4 }, { "c", 2 }, { "a-b", 100 },
		{ "time-criticality", 7 }, { "effort", 2 },
		{ "x_1", 3 }, { "Big", 5 }, { NULL, 0 }
	};

	check_value("a - b - c", f, 4);
	check_value("a / b / c", f, 1.25);
	check_value("a + b * c", f, 18);
	check_value("a * b + c", f, 42);
	check_value("a*b+c", f, 42);
	check_value("(a + b) * c", f, 28);
	check_value("a - (b - c)", f, 8);
	check_value("a / (b / c)", f, 5);
	check_value("-a + b", f, -6);
	check_value("-a * b", f, -40);
	check_value("--a", f, 10);
	check_value("- - a", f, 10);
	check_value("---a", f, -10);
	check_value("a - -b", f, 14);
	check_value("a * -b", f, -40);
	check_value("-(a - b)", f, -6);
	check_value("a -b", f, 6);
	check_value("a- b", f, 6);
	check_value("a-b", f, 100);
	check_value("a-b - a", f, 90);
	check_value("time-criticality / effort", f, 3.5);
	check_value("x_1 * Big", f, 15);
	check_value("1-2", f, -1);
	check_value("2.5 * a", f, 25);
	check_value("0.5", f, 0.5);
	check_value("007", f, 7);
	check_value("1 + 2 * 3 - 4 / 8", f, 6.5);
	check_value("((((a))))", f, 10);
	check_value("\ta\n+\r\nb ", f, 14);
}

static void
test_no_score(void)
{
	const struct field f[] = {
		{ "value", 8 }, { "effort", 5 }, { "zero", 0 },
		{ "huge", 1e200 }, { "max", 1.7e308 }, { "tiny", 1e-300 },
		{ "inf", INFINITY }, { "nan", NAN }, { NULL, 0 }
	};
	const struct field none[] = { { NULL, 0 } };
	double got = 1;

	check_none("value / effort", none, "no inputs");
	check_none("value / urgency", f, "urgency is missing");
	check_none("zero * urgency", f, "missing even when multiplied by 0");
	check_none("value / 0", f, "divides by zero");
	check_none("value / zero", f, "divides by a zero field");
	check_none("value / (effort - effort)", f, "divides by effort - effort");
	check_none("value / -zero", f, "divides by -0");
	check_none("0 / 0", f, "0 / 0");
	check_none("huge * huge", f, "overflows to inf");
	check_none("-huge * huge", f, "overflows to -inf");
	check_none("max + max", f, "sum overflows");
	check_none("huge / tiny", f, "quotient overflows");
	check_none("huge * huge - huge * huge", f, "inf - inf is not NaN");
	check_none("inf", f, "an infinite input");
	check_none("nan", f, "a NaN input");
	check_none("0 * nan", f, "a NaN input multiplied by 0");
	check_value("tiny * tiny", f, 0);
	check_value("huge / huge", f, 1);

	ok(score_of("0 * -value", f, &got) && got == 0 && !signbit(got),
	    "a zero score is +0");
	ok(score_of("-zero", f, &got) && got == 0 && !signbit(got),
	    "-0 becomes +0");
	ok(!prio_score_eval(NULL, lookup, (void *)f, &got),
	    "evaluating NULL gives no score");
}

static void
test_syntax_errors(void)
{
	static const struct {
		const char *formula;
		const char *message;
		unsigned column;
	} t[] = {
		{ "", "empty formula", 1 },
		{ "  \t ", "empty formula", 1 },
		{ "value +", "expected a number, a field name or '(' but found "
		    "the end of the formula", 8 },
		{ "value - ", "but found the end of the formula", 9 },
		{ "a+", "but found the end of the formula", 3 },
		{ "+", "expected a number, a field name or '(' but found '+'",
		    1 },
		{ "*", "but found '*'", 1 },
		{ "/ a", "but found '/'", 1 },
		{ "-", "but found the end of the formula", 2 },
		{ "a * / b", "but found '/'", 5 },
		{ "a + * b", "but found '*'", 5 },
		{ "()", "expected a number, a field name or '(' but found ')'",
		    2 },
		{ "a * ()", "but found ')'", 6 },
		{ ")", "but found ')'", 1 },
		{ "(value + 1", "expected ')' after '(value + 1'", 11 },
		{ "(value + 1  ", "expected ')' after '(value + 1'", 13 },
		{ "((a)", "expected ')' after '((a)'", 5 },
		{ "(", "but found the end of the formula", 2 },
		{ "(a b)", "expected an operator or ')' but found 'b'", 4 },
		{ "a b", "expected an operator but found 'b'", 3 },
		{ "a 2", "expected an operator but found '2'", 3 },
		{ "a + b (c)", "expected an operator but found '('", 7 },
		{ "a )", "unmatched ')'", 3 },
		{ "a + (b * c))", "unmatched ')'", 12 },
		{ "value $ 2", "unexpected character '$'", 7 },
		{ "a % b", "unexpected character '%'", 3 },
		{ "a ^ 2", "unexpected character '^'", 3 },
		{ "a, b", "unexpected character ','", 2 },
		{ "_x", "unexpected character '_'", 1 },
		{ ". 5", "unexpected character '.'", 1 },
		{ "a \x01", "unexpected character '\\x01'", 3 },
		{ "a \xff", "unexpected character '\\xff'", 3 },
		{ "a \xc3", "unexpected character '\\xc3'", 3 },
		{ "a \xc3\x97 b", "unexpected character '\xc3\x97'", 3 },
		{ "1.2.3", "malformed number '1.2.3'", 1 },
		{ "a + 1e5", "malformed number '1e5'", 5 },
		{ "1E5", "malformed number '1E5'", 1 },
		{ "1.", "malformed number '1.'", 1 },
		{ "1. + a", "malformed number '1.'", 1 },
		{ ".5", "malformed number '.5'", 1 },
		{ "0x10", "malformed number '0x10'", 1 },
		{ "2value", "malformed number '2value'", 1 },
		{ "1_000", "malformed number '1_000'", 1 },
		{ "a * 1..2", "malformed number '1..2'", 5 },
		{ "1.2.3", "write a plain decimal", 1 },
		{ "1234567890123456789012345678901234567890.0.1",
		    "malformed number '12345678901234567890123456789...'", 1 },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		check_error(t[i].formula, t[i].message, t[i].column);
}

/* A formula of n copies of unit, or unit with open/close around it. */
static char *
nested(const char *open, size_t n, const char *middle, const char *close)
{
	struct prio_buf b = PRIO_BUF_INIT;
	size_t i;

	for (i = 0; i < n; i++)
		prio_buf_adds(&b, open);
	prio_buf_adds(&b, middle);
	for (i = 0; i < n; i++)
		prio_buf_adds(&b, close);
	return prio_buf_detach(&b, NULL);
}

static void
test_limits(void)
{
	const struct field f[] = { { "a", 1 }, { "b", 2 }, { NULL, 0 } };
	struct prio_buf b = PRIO_BUF_INIT;
	char *s;
	double want;
	size_t i;

	s = nested("(", 64, "a", ")");
	check_value(s, f, 1);
	free(s);
	s = nested("(", 65, "a", ")");
	check_error(s, "formula nests deeper than 64 levels", 65);
	free(s);
	s = nested("-", 64, "a", "");
	check_value(s, f, 1);
	free(s);
	s = nested("-", 65, "a", "");
	check_error(s, "formula nests deeper than 64 levels", 65);
	free(s);
	s = nested("-(", 32, "a", ")");
	check_value(s, f, 1);
	free(s);
	s = nested("(-", 33, "a", ")");
	check_error(s, "formula nests deeper than 64 levels", 65);
	free(s);
	s = nested("(", 100000, "a", ")");
	check_error(s, "formula is longer than 4096 bytes", 4097);
	free(s);

	/* The deepest evaluation stack the depth limit allows. */
	s = nested("a + b * (", 64, "a + b * a", ")");
	for (want = 1 + 2 * 1, i = 0; i < 64; i++)
		want = 1 + 2 * want;
	check_value(s, f, want);
	free(s);

	/* A long flat chain is a deep tree: it must not recurse. */
	prio_buf_adds(&b, "a");
	while (b.len + 2 <= 4096)
		prio_buf_adds(&b, "+a");
	is_int(b.len, 4095, "chain is 4095 bytes");
	check_value(b.ptr, f, 2048);
	prio_buf_adds(&b, " ");
	is_int(b.len, 4096, "chain is 4096 bytes");
	check_value(b.ptr, f, 2048);
	prio_buf_adds(&b, " ");
	check_error(b.ptr, "formula is longer than 4096 bytes", 4097);
	prio_buf_free(&b);

	check_error("99999999999999999999999999999999999999999999999999"
	    "99999999999999999999999999999999999999999999999999"
	    "99999999999999999999999999999999999999999999999999"
	    "99999999999999999999999999999999999999999999999999"
	    "99999999999999999999999999999999999999999999999999"
	    "99999999999999999999999999999999999999999999999999"
	    "99999999999999999999999999999999999999999999999999",
	    "is too large", 1);
	check_value("0.000000000000000000000000000000000000000000000000001 "
	    "* 0", f, 0);
}

static void
test_fields(void)
{
	struct prio_score *s;
	char *err = (char *)&err;
	unsigned column = 99;

	is_int(prio_score_parse(&s, "b + a * b - c / (a - x-y) + b", &err,
	    &column), PRIO_OK, "parses");
	ok(err == NULL && column == 0, "success clears err and column");
	is_int(prio_score_field_count(s), 4, "four distinct fields");
	is_str(prio_score_field(s, 0), "b", "first use first");
	is_str(prio_score_field(s, 1), "a", "second field");
	is_str(prio_score_field(s, 2), "c", "third field");
	is_str(prio_score_field(s, 3), "x-y", "hyphenated field");
	ok(prio_score_field(s, 4) == NULL, "past the end is NULL");
	prio_score_free(s);

	is_int(prio_score_parse(&s, "1 + 2", &err, &column), PRIO_OK,
	    "numbers only");
	is_int(prio_score_field_count(s), 0, "no fields");
	prio_score_free(s);
	check_value("1 + 2", NULL, 3);

	is_int(prio_score_parse(&s, prio_score_preset("wsjf"), NULL, NULL),
	    PRIO_OK, "err and column may be NULL");
	is_int(prio_score_field_count(s), 4, "wsjf reads four fields");
	is_str(prio_score_field(s, 3), "effort", "wsjf reads effort last");
	prio_score_free(s);

	is_int(prio_score_parse(&s, "a +", NULL, NULL), PRIO_EINVAL,
	    "errors without err or column");
	ok(s == NULL, "no score object on error");
	prio_score_free(NULL);
	ok(1, "prio_score_free(NULL) is a no-op");
}

/* Random formulas from the formula alphabet and some noise: none may
 * crash, hang or leak, and every error has a message and a column in the
 * formula (or just past its end). */
static void
test_hostile(void)
{
	static const char alphabet[] = "ab-()+*/ 0123456789..e_x$\t";
	const struct field f[] = {
		{ "a", 3 }, { "b", 0 }, { "ab", 1e300 }, { NULL, 0 }
	};
	uint32_t seed = 12345;
	size_t n, i, len, bad = 0, parsed = 0;
	char buf[64], *err;
	unsigned column;
	struct prio_score *s;
	double v;

	for (n = 0; n < 20000; n++) {
		seed = seed * 1103515245u + 12345u;
		len = (seed >> 16) % sizeof(buf);
		for (i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			buf[i] = alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
		}
		buf[len] = '\0';
		if (prio_score_parse(&s, buf, &err, &column) == PRIO_OK) {
			parsed++;
			if (prio_score_eval(s, lookup, (void *)f, &v) &&
			    !isfinite(v))
				bad++;
			prio_score_free(s);
		} else {
			if (err == NULL || *err == '\0' || column < 1 ||
			    column > len + 1)
				bad++;
			free(err);
		}
	}
	is_int(bad, 0, "20000 random formulas: no bad result");
	ok(parsed > 0, "some random formulas parse (%zu)", parsed);
}

int
main(void)
{
	test_presets();
	test_precedence();
	test_no_score();
	test_syntax_errors();
	test_limits();
	test_fields();
	test_hostile();
	return tap_done();
}
