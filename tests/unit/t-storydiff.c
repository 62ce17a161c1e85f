/*
 * Unit tests for prio/storydiff.h: what changed between two versions of
 * a story.  Every rule the header states, one at a time: ranks as
 * ranks, statuses as text, scores, score inputs as numbers when both are
 * numbers (the formulas of both configs, the new one's first, each name
 * once), criteria as multisets by text, dependencies as sets; the
 * fields list with and without PRIO_STORYDIFF_FIELDS; only what is
 * asked for is compared; light stories show no field changes; and what
 * the checks between stories read (prio_storydiff_same_between).
 */
#include <stdlib.h>
#include <string.h>

#include "prio/buf.h"
#include "prio/config.h"
#include "prio/error.h"
#include "prio/story.h"
#include "prio/storydiff.h"
#include "diagtext.h"
#include "tap.h"

static struct prio_config *
config(const char *yaml)
{
	struct prio_diags d = PRIO_DIAGS_INIT;
	struct prio_config *c = NULL;

	if (prio_config_parse(&c, "backlog/prio.yml", yaml, strlen(yaml),
	    &d) != PRIO_OK) {
		printf("Bail out! config does not parse: %s\n", yaml);
		exit(255);
	}
	prio_diags_free(&d);
	return c;
}

static struct prio_config *cfg;      /* score: value / effort */

/* S-1 with these front-matter lines and this body (full parse). */
static struct prio_story *
version(const char *fm, const char *body)
{
	struct prio_diags d = PRIO_DIAGS_INIT;
	struct prio_buf b = PRIO_BUF_INIT;
	struct prio_story *s;

	prio_buf_addf(&b, "---\nid: S-1\ntitle: t\n%s---\n%s", fm, body);
	s = prio_story_parse("backlog/stories/S-1.md", b.ptr, b.len, cfg, &d);
	prio_diags_free(&d);
	prio_buf_free(&b);
	return s;
}

/* Compares the two versions for what; the result in *d. */
static void
diff(struct prio_storydiff *d, const char *fm_a, const char *fm_b,
    unsigned what)
{
	struct prio_story *a = version(fm_a, ""), *b = version(fm_b, "");

	prio_storydiff(d, a, b, cfg, cfg, what);
	prio_story_free(a);
	prio_story_free(b);
}

/* Appends s ("-" for NULL) to b, after sep when b is not empty. */
static void
add(struct prio_buf *b, const char *sep, const char *s)
{
	if (b->len)
		prio_buf_adds(b, sep);
	prio_buf_adds(b, s ? s : "-");
}

/* The fields list as "field from>to; ...", "-" for NULL. */
static char *
fields_text(const struct prio_storydiff *d)
{
	struct prio_buf b = PRIO_BUF_INIT;
	size_t i;

	for (i = 0; i < d->nfields; i++) {
		add(&b, "; ", d->fields[i].field);
		add(&b, " ", d->fields[i].from);
		add(&b, ">", d->fields[i].to);
	}
	return prio_buf_detach(&b, NULL);
}

/* Texts as "a|b|c". */
static char *
texts(const struct prio_storydiff_texts *t)
{
	struct prio_buf b = PRIO_BUF_INIT;
	size_t i;

	for (i = 0; i < t->count; i++)
		add(&b, "|", t->items[i]);
	return prio_buf_detach(&b, NULL);
}

/* Checks d's changed bits and fields, and frees d. */
static void
expect(struct prio_storydiff *d, unsigned changed, const char *fields,
    const char *name)
{
	char *f = fields_text(d);

	is_int(d->changed, changed, "%s: changed", name);
	is_str(f, fields, "%s: fields", name);
	free(f);
	prio_storydiff_free(d);
}

/* Two versions' front matter, what is compared, what differs and the
 * fields listed. */
struct field_case {
	const char *a, *b;
	unsigned what, changed;
	const char *fields, *name;
};

#define RANK PRIO_STORYDIFF_RANK
#define STATUS PRIO_STORYDIFF_STATUS
#define SCORE PRIO_STORYDIFF_SCORE
#define INPUTS PRIO_STORYDIFF_INPUTS
#define FIELDS PRIO_STORYDIFF_FIELDS

static const struct field_case field_cases[] = {
	/* Ranks as ranks. */
	{ "rank: 3.50\n", "rank: 3.5\n", RANK | FIELDS, 0, "",
	    "3.50 and 3.5 are one rank" },
	{ "rank: 03\n", "rank: 3\n", RANK | FIELDS, 0, "",
	    "03 and 3 are one rank" },
	{ "rank: 3\n", "rank: 4\n", RANK | FIELDS, RANK, "rank 3>4",
	    "3 -> 4" },
	{ "rank: 3.50\n", "rank: 2\n", RANK | FIELDS, RANK, "rank 3.50>2",
	    "the values are as written" },
	{ "", "rank: 1\n", RANK | FIELDS, RANK, "rank ->1",
	    "unranked -> ranked" },
	{ "rank: 1\n", "", RANK | FIELDS, RANK, "rank 1>-",
	    "ranked -> unranked" },
	{ "", "", RANK | FIELDS, 0, "", "unranked both times" },
	{ "rank: 3\n", "rank: 4\n", RANK, RANK, "",
	    "without FIELDS the rank is a bit, not a field" },
	/* Statuses as text. */
	{ "status: ready\n", "status: ready\n", STATUS | FIELDS, 0, "",
	    "the same status" },
	{ "status: ready\n", "status: done\n", STATUS | FIELDS, STATUS,
	    "status ready>done", "ready -> done" },
	{ "status: ready\n", "status: Ready\n", STATUS | FIELDS, STATUS,
	    "status ready>Ready", "statuses are text: case counts" },
	{ "", "status: draft\n", STATUS | FIELDS, STATUS, "status ->draft",
	    "none -> draft" },
	{ "status: draft\n", "status: ready\n", RANK, 0, "",
	    "a status change not asked for is not seen" },
	/* Scores (value / effort). */
	{ "value: 6\neffort: 3\n", "value: 4\neffort: 2\n", SCORE, 0, "",
	    "other inputs, the same score (2)" },
	{ "value: 6\neffort: 3\n", "value: 6\neffort: 2\n", SCORE, SCORE, "",
	    "score 2 -> 3" },
	{ "value: 6\neffort: 3\n", "value: 6\n", SCORE, SCORE, "",
	    "scored -> unscored" },
	{ "value: 6\n", "effort: 3\n", SCORE, 0, "", "unscored both times" },
	/* Score inputs: numbers when both are, else text. */
	{ "value: 3\neffort: 1\n", "value: 3.0\neffort: 1\n", INPUTS, 0, "",
	    "3 and 3.0 are the same number" },
	{ "value: 3\n", "value: 8\n", INPUTS, INPUTS, "value 3>8", "3 -> 8" },
	{ "value: 3.0\n", "value: 8\n", INPUTS, INPUTS, "value 3.0>8",
	    "input values are as written" },
	{ "value: high\n", "value: High\n", INPUTS, INPUTS, "value high>High",
	    "values that are not numbers are text" },
	{ "value: high\n", "value: high\n", INPUTS, 0, "", "the same text" },
	{ "value: 3\n", "value: \"3\"\n", INPUTS, 0, "",
	    "a quoted number is the number" },
	{ "", "effort: 2\n", INPUTS, INPUTS, "effort ->2",
	    "absent -> present" },
	{ "value: 3\n", "", INPUTS, INPUTS, "value 3>-", "present -> absent" },
	{ "value: [3]\n", "", INPUTS, 0, "", "a list is no value: as absent" },
	{ "value: 1\neffort: 1\nother: 1\n", "value: 2\neffort: 2\nother: 2\n",
	    INPUTS, INPUTS, "value 1>2; effort 1>2",
	    "formula order; a field the formula does not read is no input" },
};

static void
test_fields_one_by_one(void)
{
	const struct field_case *c;
	struct prio_storydiff d;
	size_t i;

	for (i = 0; i < sizeof(field_cases) / sizeof(field_cases[0]); i++) {
		c = &field_cases[i];
		diff(&d, c->a, c->b, c->what);
		expect(&d, c->changed, c->fields, c->name);
	}
}

/* Inputs of two configs: the new one's formula first, each name once. */
static void
test_two_formulas(void)
{
	struct prio_config *old = config("score: \"reach * effort\"\n");
	struct prio_config *new = config("score: \"effort + value\"\n");
	struct prio_story *a = version("reach: 1\nvalue: 1\neffort: 1\n", "");
	struct prio_story *b = version("reach: 2\nvalue: 2\neffort: 2\n", "");
	struct prio_storydiff d;

	prio_storydiff(&d, a, b, old, new, PRIO_STORYDIFF_INPUTS);
	expect(&d, PRIO_STORYDIFF_INPUTS, "effort 1>2; value 1>2; reach 1>2",
	    "the new formula's inputs, then the old one's it lacks");
	prio_storydiff(&d, a, b, NULL, new, PRIO_STORYDIFF_INPUTS);
	expect(&d, PRIO_STORYDIFF_INPUTS, "effort 1>2; value 1>2",
	    "no old config: the new formula alone");
	prio_storydiff(&d, a, b, NULL, NULL, PRIO_STORYDIFF_INPUTS);
	expect(&d, 0, "", "no formula, no inputs");
	prio_story_free(a);
	prio_story_free(b);
	prio_config_free(old);
	prio_config_free(new);
}

/* A formula that reads rank or status: with FIELDS those are the rank
 * and the status, listed once; without, inputs like any other. */
static void
test_fields(void)
{
	struct prio_config *c = config("score: \"rank + status + value\"\n");
	struct prio_story *a = version("rank: 1\nstatus: ready\nvalue: 1\n", "");
	struct prio_story *b = version("rank: 1.0\nstatus: done\nvalue: 2\n",
	    "");
	struct prio_storydiff d;

	prio_storydiff(&d, a, b, c, c, PRIO_STORYDIFF_ALL |
	    PRIO_STORYDIFF_FIELDS);
	expect(&d, PRIO_STORYDIFF_STATUS | PRIO_STORYDIFF_INPUTS,
	    "status ready>done; value 1>2",
	    "FIELDS: rank and status first, not again as inputs");
	prio_storydiff(&d, a, b, c, c, PRIO_STORYDIFF_INPUTS);
	expect(&d, PRIO_STORYDIFF_INPUTS, "status ready>done; value 1>2",
	    "without FIELDS: status is an input; rank 1 = 1.0 as numbers");
	prio_story_free(a);
	prio_story_free(b);
	prio_config_free(c);
}

/* Criteria of two bodies: "added;removed;met", and the bit. */
static void
criteria(const char *body_a, const char *body_b, const char *want,
    const char *name)
{
	struct prio_story *a = version("", body_a), *b = version("", body_b);
	struct prio_storydiff d;
	struct prio_buf got = PRIO_BUF_INIT;
	char *t[3];

	prio_storydiff(&d, a, b, cfg, cfg, PRIO_STORYDIFF_CRITERIA);
	t[0] = texts(&d.added);
	t[1] = texts(&d.removed);
	t[2] = texts(&d.met);
	prio_buf_addf(&got, "%s;%s;%s", t[0], t[1], t[2]);
	is_str(got.ptr, want, "%s", name);
	is_int(d.changed, strcmp(want, ";;") ? PRIO_STORYDIFF_CRITERIA : 0,
	    "%s: the bit", name);
	free(t[0]);
	free(t[1]);
	free(t[2]);
	prio_buf_free(&got);
	prio_storydiff_free(&d);
	prio_story_free(a);
	prio_story_free(b);
}

#define AC "## Acceptance criteria\n\n"

static void
test_criteria(void)
{
	criteria(AC "- [ ] A\n- [ ] B\n", AC "- [ ] A\n- [ ] B\n", ";;",
	    "the same criteria");
	criteria(AC "- [ ] A\n- [ ] B\n", AC "- [ ] B\n- [ ] A\n", ";;",
	    "reordered: no change");
	criteria(AC "- [ ] A\n", AC "- [ ] A\n- [ ] C\n", "C;;", "C added");
	criteria(AC "- [ ] A\n- [ ] B\n", AC "- [ ] A\n", ";B;", "B removed");
	criteria(AC "- [ ] A\n", AC "- [ ] A, reworded\n", "A, reworded;A;",
	    "reworded: removed and added (by text)");
	criteria(AC "- [ ] A\n- [x] B\n", AC "- [x] A\n- [x] B\n", ";;A",
	    "A newly met; B was met already");
	criteria(AC "- [x] A\n", AC "- [ ] A\n", ";;", "met -> open is no "
	    "change");
	criteria(AC "- [ ] A\n- [ ] A\n", AC "- [ ] A\n", ";A;",
	    "a multiset: one of two A removed");
	criteria(AC "- [ ] A\n", AC "- [x] A\n- [ ] A\n", "A;;A",
	    "a multiset: the first A matched and met, a second A added");
	criteria(AC "- [ ] A\n- [ ]\n", AC "- [ ] A\n- [ ]\n- [ ]\n", ";;",
	    "empty items are left out");
	criteria("", AC "- [ ] A\n", "A;;", "no section -> one criterion");
}

static void
test_depends(void)
{
	struct prio_storydiff d;
	char *add, *rem;

	diff(&d, "depends-on: [S-8, S-9]\n", "depends-on: [S-9, S-8]\n",
	    PRIO_STORYDIFF_DEPENDS);
	is_int(d.changed, 0, "dependencies are a set: order is no change");
	prio_storydiff_free(&d);
	diff(&d, "depends-on: [S-8, S-9]\n", "depends-on: [S-9, S-10]\n",
	    PRIO_STORYDIFF_DEPENDS);
	add = texts(&d.deps_added);
	rem = texts(&d.deps_removed);
	is_int(d.changed, PRIO_STORYDIFF_DEPENDS, "S-8 -> S-10: the bit");
	is_str(add, "S-10", "S-10 added");
	is_str(rem, "S-8", "S-8 removed");
	free(add);
	free(rem);
	prio_storydiff_free(&d);
	diff(&d, "", "depends-on: [S-2]\n", PRIO_STORYDIFF_ALL &
	    ~PRIO_STORYDIFF_DEPENDS);
	is_int(d.changed, 0, "not asked for: not compared");
	is_int(d.deps_added.count, 0, "and nothing listed");
	prio_storydiff_free(&d);
}

/* A light story (no PRIO_PARSE_FULL) has no fields or criteria texts:
 * only the rank, status and score are seen. */
static void
test_light(void)
{
	struct prio_diags g = PRIO_DIAGS_INIT;
	struct prio_story_parser *p = prio_story_parser_new(cfg, 0);
	const char *a = "---\nid: S-1\ntitle: t\nstatus: ready\nvalue: 1\n"
	    "effort: 1\n---\n" AC "- [ ] A\n";
	const char *b = "---\nid: S-1\ntitle: t\nstatus: done\nvalue: 2\n"
	    "effort: 1\n---\n" AC "- [x] A\n- [ ] B\n";
	struct prio_story *sa = prio_story_parser_parse(p, "backlog/stories/"
	    "S-1.md", a, strlen(a), &g);
	struct prio_story *sb = prio_story_parser_parse(p, "backlog/stories/"
	    "S-1.md", b, strlen(b), &g);
	struct prio_storydiff d;

	prio_storydiff(&d, sa, sb, cfg, cfg, PRIO_STORYDIFF_ALL);
	expect(&d, PRIO_STORYDIFF_STATUS | PRIO_STORYDIFF_SCORE, "",
	    "light stories: status and score, no inputs or criteria");
	prio_story_free(sa);
	prio_story_free(sb);
	prio_story_parser_free(p);
	prio_diags_free(&g);
}

static void
test_values(void)
{
	struct prio_story *a = version("rank: 3.50\nstatus: ready\n"
	    "value: 3\n", "");
	struct prio_story *b = version("rank: 3.5\nstatus: ready\n"
	    "value: 3.0\nlist: [1]\n", "");

	is_str(prio_storydiff_value(a, "rank"), "3.50", "value: rank as written");
	is_str(prio_storydiff_value(a, "status"), "ready", "value: status");
	is_str(prio_storydiff_value(a, "value"), "3", "value: an input");
	is_str(prio_storydiff_value(a, "effort"), NULL, "value: absent");
	is_str(prio_storydiff_value(b, "list"), NULL, "value: a list is none");
	ok(prio_storydiff_same(a, b, "rank"), "same: ranks as ranks");
	ok(prio_storydiff_same(a, b, "status"), "same: status as text");
	ok(prio_storydiff_same(a, b, "value"), "same: 3 and 3.0");
	ok(prio_storydiff_same(a, b, "list"),
	    "same: absent and a list are both none");
	ok(prio_storydiff_same_value(NULL, NULL), "same_value: NULL, NULL");
	ok(!prio_storydiff_same_value("3", NULL), "same_value: 3, NULL");
	ok(!prio_storydiff_same_value(NULL, "3"), "same_value: NULL, 3");
	ok(prio_storydiff_same_value("-2", "-2.00"), "same_value: -2, -2.00");
	ok(!prio_storydiff_same_value("1e3", "1000"),
	    "same_value: 1e3 is no number here, so text");
	ok(!prio_storydiff_same_value("3.", "3"),
	    "same_value: 3. is no number, so text");
	prio_story_free(a);
	prio_story_free(b);
}

/* between(a, b, order, letter): prio_storydiff_same_between of two
 * versions given as front-matter lines. */
static bool
between(const char *fm_a, const char *fm_b, bool order, bool letter)
{
	struct prio_story *a = version(fm_a, ""), *b = version(fm_b, "");
	bool same = prio_storydiff_same_between(a, b, order, letter);

	prio_story_free(a);
	prio_story_free(b);
	return same;
}

/* What the checks between stories read: the ID, the dependencies, the
 * order when asked, and with letter what they print. */
static void
test_between(void)
{
	const char *base = "status: ready\nrank: 2\ndepends-on: [S-2, S-3]\n"
	    "value: 1\n";

	ok(between(base, "status: ready\nrank: 2\ndepends-on: [S-2, S-3]\n"
	    "value: 9\n", true, true),
	    "between: an input the checks do not read is the same");
	ok(!between(base, "status: ready\nrank: 2\ndepends-on: [S-3, S-2]\n"
	    "value: 1\n", false, false),
	    "between: dependencies in another order differ");
	ok(!between(base, "status: ready\nrank: 2\ndepends-on: [S-2]\n"
	    "value: 1\n", false, false), "between: a dependency gone differs");
	ok(between(base, "status: ready\nrank: 1\ndepends-on: [S-2, S-3]\n"
	    "value: 1\n", false, false),
	    "between: another rank is the same when the order is not asked");
	ok(!between(base, "status: ready\nrank: 1\ndepends-on: [S-2, S-3]\n"
	    "value: 1\n", true, false),
	    "between: another rank differs when the order is asked");
	ok(!between(base, "status: ready\nrank: 1\ndepends-on: [S-2, S-3]\n"
	    "value: 1\n", false, true),
	    "between: to the letter, the order counts too");
	ok(between(base, "status: ready\nrank: 2.0\ndepends-on: [S-2, S-3]\n"
	    "value: 1\n", true, false),
	    "between: 2 and 2.0 are one place in the order");
	ok(!between(base, "status: ready\nrank: 2.0\ndepends-on: [S-2, S-3]\n"
	    "value: 1\n", true, true),
	    "between: to the letter, 2.0 is not 2 as written");
	ok(!between(base, "rank: 2\nstatus: ready\ndepends-on: [S-2, S-3]\n"
	    "value: 1\n", true, true),
	    "between: to the letter, a key that moved differs");
	ok(between(base, "rank: 2\nstatus: ready\ndepends-on: [S-2, S-3]\n"
	    "value: 1\n", true, false),
	    "between: a key that moved is the same when not to the letter");
}

int
main(void)
{
	cfg = config("score: \"value / effort\"\n");
	test_fields_one_by_one();
	test_two_formulas();
	test_fields();
	test_criteria();
	test_depends();
	test_light();
	test_values();
	test_between();
	prio_config_free(cfg);
	return tap_done();
}
