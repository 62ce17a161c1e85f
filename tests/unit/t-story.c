/*
 * Unit tests for prio/story.h: what prio_story_parse() reads from a
 * story file (known keys, fields, criteria, positions), the light parse,
 * IDs, and every kind of bad input with its exact diagnostic.  The
 * config is the default one (prio/config.h), so the workflow is draft,
 * ready, in-progress, done, accepted, dropped and the score is wsjf.
 */
#include <stdlib.h>
#include <string.h>

#include "prio/config.h"
#include "prio/error.h"
#include "prio/story.h"
#include "diagtext.h"
#include "tap.h"

#define P "backlog/stories/"

static struct prio_config *cfg;

static struct prio_story *
parse(const char *path, const char *text, struct prio_diags *d)
{
	return prio_story_parse(path, text, strlen(text), cfg, d);
}

static const char good[] =
    "---\n"
    "id: S-7\n"
    "title: Export CSV\n"
    "status: ready\n"
    "rank: 03.50\n"
    "owner: ann\n"
    "goal: G1\n"
    "labels: [ui, \"csv\"]\n"
    "depends-on: [S-2, S-3]\n"
    "value: 8\n"
    "effort: 3\n"
    "---\n"
    "Body.\n"
    "\n"
    "## Acceptance criteria\n"
    "\n"
    "- [x] First\n"
    "- [ ] Second one\n"
    "- [ ]\n";

static void
test_good(void)
{
	struct prio_diags d = PRIO_DIAGS_INIT;
	struct prio_story *s = parse(P "S-7.md", good, &d);
	const struct prio_field *f;

	ok(s->readable, "a story: readable");
	is_str(s->path, P "S-7.md", "path kept");
	is_str(s->id, "S-7", "id");
	is_int(s->id_num, 7, "id number");
	is_str(s->title, "Export CSV", "title");
	is_str(s->status, "ready", "status");
	is_int(s->status_index, 1, "status index (ready is second)");
	ok(!s->terminal, "ready is not terminal");
	is_str(s->rank_text, "03.50", "rank as written");
	ok(s->rank != NULL && strcmp(s->rank->text, "3.5") == 0 &&
	    s->rank->int_len == 1, "canonical rank: 03.50 is 3.5");
	is_str(s->owner, "ann", "owner");
	is_str(s->goal, "G1", "goal");
	is_int(s->nlabels, 2, "two labels");
	is_str(s->labels[0], "ui", "first label");
	is_str(s->labels[1], "csv", "quoted label decoded");
	ok(s->labels[2] == NULL, "labels end with NULL");
	is_int(s->ndepends_on, 2, "two dependencies");
	is_str(s->depends_on[1], "S-3", "second dependency");
	ok(!s->has_score, "no score without urgency and risk");
	is_int(s->id_pos.line, 2, "id line");
	is_int(s->id_pos.column, 5, "id column");
	is_int(s->status_pos.line, 4, "status line");
	is_int(s->status_pos.column, 9, "status column");
	is_int(s->rank_pos.line, 5, "rank line");
	is_int(s->rank_pos.column, 7, "rank column");
	is_int(s->depends_on_pos.line, 9, "depends-on line");
	is_int(s->body_line, 13, "body starts after the closing ---");
	is_int(s->body_offset, 142, "body offset");
	is_int(strncmp(good + s->body_offset, "Body.", 5), 0,
	    "body offset points at the body");
	ok(s->has_criteria_heading, "criteria heading found");
	is_int(s->criteria_line, 15, "criteria heading line");
	is_int(s->ncriteria, 3, "three criteria");
	is_int(s->criteria_met, 1, "one met");
	is_str(s->criteria[0].text, "First", "criterion text");
	ok(s->criteria[0].met && !s->criteria[0].empty, "[x] is met");
	is_str(s->criteria[1].text, "Second one", "second criterion");
	is_int(s->criteria[1].line, 18, "criterion line");
	is_int(s->criteria[1].column, 1, "criterion column");
	ok(s->criteria[2].empty && !s->criteria[2].met, "'- [ ]' is empty");
	is_str(s->criteria[2].text, "", "an empty criterion's text is \"\"");
	is_int(s->nfields, 10, "every key is a field");
	is_str(s->fields[0].key, "id", "fields in file order");
	is_str(s->fields[9].key, "effort", "last field");
	f = prio_story_field(s, "labels");
	ok(f != NULL && f->kind == PRIO_FIELD_LIST && f->nitems == 2 &&
	    f->value == NULL && !f->plain, "a list field");
	f = prio_story_field(s, "value");
	ok(f != NULL && f->kind == PRIO_FIELD_SCALAR && f->plain &&
	    strcmp(f->value, "8") == 0 && f->line == 10 && f->column == 8 &&
	    f->key_line == 10 && f->key_column == 1, "a scalar field");
	ok(prio_story_field(s, "urgency") == NULL, "an absent field");
	is_diags(&d,
	    "error empty-criterion " P "S-7.md:19:1 acceptance criterion 3 "
	    "has no text; say what must be true, or remove the item\n"
	    "warning unscored " P "S-7.md:4:9 no score: 'urgency' is "
	    "missing; the score is (value + urgency + risk) / effort\n",
	    "a story: its diagnostics");
	prio_story_free(s);
}

/* Without PRIO_PARSE_FULL: the same story and diagnostics, less kept. */
static void
test_light(void)
{
	struct prio_diags d = PRIO_DIAGS_INIT, full = PRIO_DIAGS_INIT;
	struct prio_story_parser *p = prio_story_parser_new(cfg, 0);
	struct prio_story *s = prio_story_parser_parse(p, P "S-7.md", good,
	    strlen(good), &d);
	struct prio_story *f = parse(P "S-7.md", good, &full);
	const char *second = "---\nid: S-3\ntitle: t\nstatus: draft\n---\n";
	char *want = diag_text(&full);

	ok(s->fields == NULL && s->nfields == 0, "light: no fields");
	ok(s->criteria == NULL, "light: no criterion texts");
	is_int(s->ncriteria, 3, "light: criteria counted");
	is_int(s->criteria_met, 1, "light: met counted");
	is_str(s->rank_text, f->rank_text, "light: same rank");
	is_int(s->body_offset, f->body_offset, "light: same body offset");
	is_diags(&d, want, "light: the same diagnostics");
	prio_story_free(s);
	/* The parser is reused from story to story. */
	s = prio_story_parser_parse(p, P "S-3.md", second, strlen(second),
	    &d);
	ok(s->readable && strcmp(s->id, "S-3") == 0 && s->nlabels == 0,
	    "light: a parser reads a second story");
	is_diags(&d, "", "light: second story is clean");
	prio_story_free(s);
	prio_story_free(f);
	prio_diags_free(&full);
	free(want);
	prio_story_parser_free(p);
}

static void
test_score_and_terminal(void)
{
	struct prio_diags d = PRIO_DIAGS_INIT;
	struct prio_story *s;

	s = parse(P "S-1.md", "---\nid: S-1\ntitle: t\nstatus: draft\n"
	    "value: 8\nurgency: 5\nrisk: 3\neffort: 2\n---\n", &d);
	ok(s->has_score, "wsjf: scored");
	ok(s->score == 8.0, "wsjf: (8 + 5 + 3) / 2 = 8");
	is_diags(&d, "", "wsjf: clean");
	prio_story_free(s);

	s = parse(P "S-6.md", "---\nid: S-6\ntitle: t\nstatus: accepted\n"
	    "labels: notalist\n---\n## Acceptance criteria\n- [ ] open\n", &d);
	ok(s->terminal, "accepted is terminal");
	is_int(s->status_index, 4, "accepted's index");
	is_int(s->nlabels, 0, "a scalar labels is dropped");
	is_diags(&d,
	    "error type " P "S-6.md:5:9 'labels' must be a list, such as "
	    "[payments, mobile]\n"
	    "error unmet-criteria " P "S-6.md:8:1 the story is accepted but "
	    "criterion 1 is open; tick it ('- [x]') or reopen the story\n",
	    "accepted with an open criterion");
	prio_story_free(s);
}

/* Line endings and a byte-order mark do not change what is read. */
static void
test_encodings(void)
{
	struct prio_diags d = PRIO_DIAGS_INIT;
	struct prio_story *s;

	s = parse(P "S-5.md", "---\r\nid: S-5\r\ntitle: crlf\r\n"
	    "status: draft\r\n---\r\nbody\r\n", &d);
	ok(s->readable, "CRLF: readable");
	is_str(s->title, "crlf", "CRLF: no \\r in values");
	is_int(s->body_line, 6, "CRLF: body line");
	is_int(s->body_offset, 47, "CRLF: body offset counts the \\r");
	is_diags(&d, "", "CRLF: clean");
	prio_story_free(s);

	s = parse(P "S-1.md", "\xef\xbb\xbf---\nid: S-1\ntitle: bom\n"
	    "status: draft\n---\n", &d);
	ok(s->readable, "BOM: readable");
	is_str(s->id, "S-1", "BOM: id");
	is_int(s->id_pos.column, 5, "BOM: columns count characters");
	is_diags(&d, "", "BOM: clean");
	prio_story_free(s);
}

/* A file that is no story: unreadable, one diagnostic, nothing kept. */
static void
unreadable(const char *name, const char *path, const char *text,
    size_t len, const char *want)
{
	struct prio_diags d = PRIO_DIAGS_INIT;
	struct prio_story *s = prio_story_parse(path, text, len, cfg, &d);

	ok(!s->readable && s->id == NULL && s->status == NULL &&
	    s->rank == NULL && s->nfields == 0 && s->status_index == -1,
	    "%s: unreadable, nothing kept", name);
	is_str(s->path, path, "%s: path kept", name);
	is_diags(&d, want, "%s: diagnostic", name);
	prio_story_free(s);
}

#define UNREADABLE(name, file, text, want) \
	unreadable(name, P file, text, sizeof(text) - 1, want)

static void
test_unreadable(void)
{
	UNREADABLE("empty file", "S-9.md", "",
	    "error front-matter " P "S-9.md:1:1 the file is empty; a story "
	    "starts with a '---' front matter block\n");
	UNREADABLE("no front matter", "S-1.md", "no front matter\n",
	    "error front-matter " P "S-1.md:1:1 no front matter; a story "
	    "starts with a '---' line, then YAML keys such as id, title and "
	    "status, then '---'\n");
	UNREADABLE("unterminated", "S-8.md", "---\nid: S-8\n",
	    "error front-matter " P "S-8.md:1:1 the front matter is not "
	    "terminated; add a '---' line after its last key\n");
	UNREADABLE("invalid YAML", "S-2.md", "---\nid: S-2\ntitle: [unclosed\n"
	    "---\n",
	    "error yaml " P "S-2.md:4:1 invalid YAML: did not find expected "
	    "',' or ']' while parsing a flow sequence that starts on line 3; "
	    "close the [ ] list, or quote a value holding ',', '[' or ']'\n");
	UNREADABLE("a list", "S-1.md", "---\n- a\n- b\n---\n",
	    "error yaml " P "S-1.md:2:1 the front matter must be a mapping of "
	    "keys, not a list\n");
	UNREADABLE("repeated key", "S-6.md", "---\nid: S-6\ntitle: t\n"
	    "id: S-6\n---\n",
	    "error yaml " P "S-6.md:4:1 key 'id' repeats (first at line 2); "
	    "keep one\n");
	UNREADABLE("NUL byte", "S-1.md", "---\nid: S-1\n---\nx\0y\n",
	    "error file " P "S-1.md:4:2 binary file (NUL byte); a story must "
	    "be UTF-8 text\n");
	UNREADABLE("conflict marker", "S-10.md", "---\nid: S-10\ntitle: t\n"
	    "---\n<<<<<<< HEAD\n",
	    "error conflict-marker " P "S-10.md:5:1 git merge-conflict "
	    "marker; resolve the conflict and remove the markers\n");
}

/* Readable, but keys are wrong: each gets its diagnostic and is not
 * taken as valid. */
static void
test_bad_keys(void)
{
	struct prio_diags d = PRIO_DIAGS_INIT;
	struct prio_story *s;

	s = parse(P "S-4.md", "---\nid: S-3\ntitle: x\nstatus: bogus\n"
	    "rank: abc\n---\n", &d);
	ok(s->readable, "bad values: readable");
	is_str(s->id, "S-3", "an ID that differs from the file is kept");
	is_str(s->status, "bogus", "unknown status kept as written");
	is_int(s->status_index, -1, "unknown status: index -1");
	ok(s->rank == NULL && s->rank_text == NULL, "bad rank: unranked");
	is_diags(&d,
	    "error id-mismatch " P "S-4.md:2:5 id 'S-3' differs from 'S-4' "
	    "in the file name; the two must match\n"
	    "error status " P "S-4.md:4:9 status 'bogus' is not one of: "
	    "draft, ready, in-progress, done, accepted, dropped\n"
	    "error rank " P "S-4.md:5:7 rank 'abc' is not a plain "
	    "non-negative decimal such as 3 or 2.5\n", "bad values");
	prio_story_free(s);

	s = parse(P "S-012.md", "---\nid: S-012\ntitle: t\nstatus: draft\n"
	    "---\n", &d);
	ok(s->id == NULL && s->id_num == 0, "malformed ID: no id");
	is_diags(&d,
	    "error id-mismatch " P "S-012.md:2:5 id 'S-012' is malformed; "
	    "write S-<number>, such as S-42\n", "malformed ID");
	prio_story_free(s);

	s = parse(P "S-11.md", "---\nid: S-11\nstatus: ready\n"
	    "title: [a, b]\ndepends-on: S-1\n---\nno criteria\n", &d);
	ok(s->title == NULL && s->ndepends_on == 0, "wrong types dropped");
	is_diags(&d,
	    "error type " P "S-11.md:4:8 'title' must be a single value, not "
	    "a list\n"
	    "error type " P "S-11.md:5:13 'depends-on' must be a list, such "
	    "as [S-17, S-20]\n"
	    "error missing-criteria " P "S-11.md:3:9 status 'ready' needs "
	    "acceptance criteria; add a '## Acceptance criteria' section "
	    "with items such as '- [ ] ...'\n"
	    "warning unscored " P "S-11.md:3:9 no score: 'value' is missing; "
	    "the score is (value + urgency + risk) / effort\n",
	    "wrong types and missing criteria");
	prio_story_free(s);

	s = parse(P "S-1.md", "---\nid: S-1\ntitle: t\nstatus: draft\n"
	    "value: 80\nurgency: x\nrisk: 3\neffort: 4\n---\n", &d);
	ok(!s->has_score, "a non-number input: no score");
	is_diags(&d,
	    "error type " P "S-1.md:6:10 'urgency' must be a number, not "
	    "'x'\n", "a non-number score input");
	prio_story_free(s);
}

static void
test_id_valid(void)
{
	static const char *const yes[] = { "S-1", "S-42", "S-999999999",
	    NULL };
	static const char *const no[] = { "", "S", "S-", "S-0", "S-012",
	    "S-1000000000", "S-1a", "S-+1", "S--1", "s-1", "T-1", "S_1",
	    " S-1", "S-1 ", "SS-1", "S-1/..", NULL };
	unsigned long n;
	size_t i;

	for (i = 0; yes[i]; i++)
		ok(prio_story_id_valid(yes[i], "S", NULL),
		    "'%s' is an ID", yes[i]);
	for (i = 0; no[i]; i++) {
		n = 77;
		ok(!prio_story_id_valid(no[i], "S", &n) && n == 77,
		    "'%s' is not an ID, num untouched", no[i]);
	}
	ok(prio_story_id_valid("S-42", "S", &n) && n == 42, "S-42 is 42");
	ok(prio_story_id_valid("BUG-3", "BUG", &n) && n == 3,
	    "another prefix");
	ok(!prio_story_id_valid("BUG-3", "BU", &n), "a prefix of the prefix");
}

int
main(void)
{
	cfg = default_config();
	test_good();
	test_light();
	test_score_and_terminal();
	test_encodings();
	test_unreadable();
	test_bad_keys();
	test_id_valid();
	prio_config_free(cfg);
	return tap_done();
}
