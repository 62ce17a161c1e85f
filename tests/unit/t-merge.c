/*
 * Unit tests for prio/merge.h, the three-way merge of a story: each rule
 * of the key-by-key merge on inline files (results compared byte for
 * byte), conflicts and what they report, the favored resolutions prio
 * resolve uses, the text fallbacks for bad input, and a fuzz round of
 * mutated sides (run under `make SANITIZE=1` for memory errors).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "prio/buf.h"
#include "prio/merge.h"
#include "tap.h"

#define BASE \
	"---\nid: S-1\ntitle: Pay offline\nstatus: ready\n" \
	"rank: 3  # top three\nvalue: 5\nlabels: [a, b]\n" \
	"depends-on:\n  - S-2\n  - S-3 # the API\n---\n" \
	"As a user I want it.\n\n## Acceptance criteria\n\n- [ ] It works.\n"

static struct prio_merge_result *
merge3(const char *o, const char *a, const char *b,
    const struct prio_merge_opts *opts)
{
	struct prio_merge_result *r = NULL;

	prio_merge_story(&r, o, o ? strlen(o) : 0, a, a ? strlen(a) : 0, b,
	    b ? strlen(b) : 0, opts);
	return r;
}

/* Replaces the first "from" in s with "to" (a new string). */
static char *
sub(const char *s, const char *from, const char *to)
{
	const char *at = strstr(s, from);
	char *out;

	if (at == NULL) {
		printf("# sub: '%s' not found\n", from);
		return strdup(s);
	}
	out = malloc(strlen(s) - strlen(from) + strlen(to) + 1);
	memcpy(out, s, (size_t)(at - s));
	strcpy(out + (at - s), to);
	strcat(out, at + strlen(from));
	return out;
}

/* The merge of base with ours and theirs made by one substitution
 * each must be want, clean or not as said. */
static void
check(const char *name, const char *o, const char *a, const char *b,
    const char *want, bool clean)
{
	struct prio_merge_result *r = merge3(o, a, b, NULL);

	is_str(r->data, want, "%s", name);
	ok(r->clean == clean && r->text_merge == NULL,
	    "%s: %s, merged as a story", name, clean ? "clean" : "conflicts");
	if (r->text_merge)
		printf("#   text merge: %s\n", r->text_merge);
	prio_merge_result_free(r);
}

static void
test_keys(void)
{
	char *a = sub(BASE, "value: 5", "value: 8");
	char *b = sub(BASE, "status: ready", "status: draft");
	char *want = sub(a, "status: ready", "status: draft");

	check("different keys merge", BASE, a, b, want, true);
	free(b);
	b = sub(BASE, "value: 5", "value: '8'");
	check("the same value on both sides (quoting aside) is ours", BASE,
	    a, b, a, true);
	free(a), free(b), free(want);

	a = sub(BASE, "status: ready\n", "");
	b = sub(BASE, "---\nAs", "goal: G-2\n---\nAs");
	want = sub(a, "---\nAs", "goal: G-2\n---\nAs");
	check("a key removed on one side, one added on the other", BASE, a,
	    b, want, true);
	free(a), free(b), free(want);

	a = sub(BASE, "rank: 3", "rank: 1");
	b = sub(BASE, "rank: 3  # top three", "rank: 3\nowner: bob");
	want = sub(a, "labels", "owner: bob\nlabels");
	free(want);
	/* Theirs dropped the comment and added owner after rank: owner goes
	 * to the end of ours' front matter; the comment is ours'. */
	want = sub(a, "---\nAs", "owner: bob\n---\nAs");
	check("a key added on one side goes at the end", BASE, a, b, want,
	    true);
	free(a), free(b), free(want);

	a = strdup(BASE);
	b = sub(BASE, "rank: 3", "rank: 9");
	want = sub(BASE, "rank: 3  # top three", "rank: 9  # top three");
	check("theirs' value in ours' bytes: ours' comment stays", BASE, a,
	    b, want, true);
	free(a), free(b), free(want);

	a = sub(BASE, "title: Pay offline", "title: \"Pay offline\"");
	b = sub(BASE, "title: Pay offline", "title: Pay later");
	want = sub(a, "\"Pay offline\"", "\"Pay later\"");
	check("a change of quoting alone is no change; ours' quotes stay",
	    BASE, a, b, want, true);
	free(a), free(b), free(want);
}

static void
test_comments(void)
{
	char *a = sub(BASE, "labels: [a, b]", "labels: [a]");
	char *b = sub(BASE, "rank: 3  # top three", "# ranked by Ada\n"
	    "rank: 3  # top five");
	char *want = sub(a, "rank: 3  # top three", "# ranked by Ada\n"
	    "rank: 3  # top five");

	check("git's merge of the front matter, when clean and the same: "
	    "comments of both sides kept", BASE, a, b, want, true);
	free(a), free(b), free(want);

	a = sub(BASE, "value: 5", "value: 6");
	b = sub(BASE, "rank: 3  # top three", "rank: 3  # top five");
	check("a comment edited next to a changed key: ours' line", BASE, a, b,
	    a, true);
	free(a), free(b);
}

static void
test_lists(void)
{
	char *a = sub(BASE, "labels: [a, b]", "labels: [a, b, c]");
	char *b = sub(BASE, "labels: [a, b]", "labels: [b, d]");
	char *want = sub(BASE, "labels: [a, b]", "labels: [b, c, d]");
	char *t;

	check("flow lists merge as sets", BASE, a, b, want, true);
	free(a), free(b), free(want);

	a = sub(BASE, "  - S-2\n", "  - S-4\n  - S-2\n");
	b = sub(BASE, "  - S-2\n", "");
	t = sub(b, "# the API\n", "# the API\n  - S-5\n");
	want = sub(BASE, "  - S-2\n", "  - S-4\n");
	free(b);
	b = sub(want, "# the API\n", "# the API\n  - S-5\n");
	check("block lists merge as sets, comments kept", BASE, a, t, b,
	    true);
	free(a), free(b), free(t), free(want);

	a = sub(BASE, "labels: [a, b]", "labels: [b, a]");
	b = sub(BASE, "labels: [a, b]", "labels: [a, b]");
	check("a reorder on one side is that side's", BASE, a, b, a, true);
	free(a), free(b);

	a = sub(BASE, "---\nAs", "tags: [x, y]\n---\nAs");
	b = sub(BASE, "---\nAs", "tags: [y, z]\n---\nAs");
	want = sub(BASE, "---\nAs", "tags: [x, y, z]\n---\nAs");
	check("a list both sides added is the union", BASE, a, b, want, true);
	free(a), free(b), free(want);
}

static char *
decision(void *arg, enum prio_merge_side side, const char *key)
{
	int *calls = arg;

	(*calls)++;
	if (strcmp(key, "rank") != 0)
		return NULL;
	return strdup(side == PRIO_MERGE_OURS ? "abc1234 by Ada: customers\n"
	    "asked\tfirst" : "def5678 by Bob: the audit");
}

static void
test_conflicts(void)
{
	char *a = sub(BASE, "rank: 3", "rank: 1");
	char *b = sub(BASE, "rank: 3  # top three", "rank: 7");
	char *want, *t;
	int calls = 0;
	struct prio_merge_opts opts = { .decision = decision,
	    .decision_arg = &calls };
	struct prio_merge_result *r;
	const struct prio_merge_conflict *c;

	want = sub(BASE, "rank: 3  # top three\n",
	    "<<<<<<< ours\n"
	    "# decided in abc1234 by Ada: customers asked first\n"
	    "rank: 1  # top three\n"
	    "=======\n"
	    "# decided in def5678 by Bob: the audit\n"
	    "rank: 7\n"
	    ">>>>>>> theirs\n");
	r = merge3(BASE, a, b, &opts);
	is_str(r->data, want, "a conflict marks that key's line alone, with "
	    "each side's decision");
	ok(!r->clean && !r->body_conflict && r->text_merge == NULL,
	    "not clean; the body is");
	is_int(r->nconflicts, 1, "one conflicted key");
	c = &r->conflicts[0];
	is_str(c->key, "rank", "the key");
	is_str(c->base.text, "3", "base's value");
	is_str(c->ours.text, "1", "ours' value");
	is_str(c->theirs.text, "7", "theirs' value");
	is_str(c->ours.lines, "rank: 1  # top three\n", "ours' lines");
	ok(c->base.present && c->ours.present && c->theirs.present,
	    "all present");
	is_int(calls, 2, "one decision asked of each side");
	prio_merge_result_free(r);
	free(want);

	opts.favor = PRIO_MERGE_FAVOR_OURS;
	r = merge3(BASE, a, b, &opts);
	is_str(r->data, a, "favor ours: ours' value, no markers");
	ok(r->clean && r->nconflicts == 1, "clean, the conflict reported");
	prio_merge_result_free(r);
	opts.favor = PRIO_MERGE_FAVOR_THEIRS;
	r = merge3(BASE, a, b, &opts);
	want = sub(BASE, "rank: 3", "rank: 7");
	is_str(r->data, want, "favor theirs: theirs' value, in ours' bytes");
	ok(r->clean && r->nconflicts == 1, "clean, the conflict reported");
	prio_merge_result_free(r);
	free(want);

	opts = (struct prio_merge_opts){ .diff3 = true };
	r = merge3(BASE, a, b, &opts);
	want = sub(BASE, "rank: 3  # top three\n",
	    "<<<<<<< ours\nrank: 1  # top three\n||||||| base\n"
	    "rank: 3  # top three\n=======\nrank: 7\n>>>>>>> theirs\n");
	is_str(r->data, want, "diff3: the base's lines too");
	prio_merge_result_free(r);
	free(want);
	free(b);

	opts = (struct prio_merge_opts){ .marker_size = 10 };
	b = sub(BASE, "rank: 3  # top three\n", "");
	r = merge3(BASE, a, b, &opts);
	want = sub(BASE, "rank: 3  # top three\n",
	    "<<<<<<<<<< ours\nrank: 1  # top three\n==========\n"
	    ">>>>>>>>>> theirs\n");
	is_str(r->data, want, "changed on one side, removed on the other: "
	    "a conflict with an empty side; marker size 10");
	ok(!r->conflicts[0].theirs.present && r->conflicts[0].theirs.text ==
	    NULL, "theirs' value is absent");
	prio_merge_result_free(r);
	free(want), free(a), free(b);

	a = sub(BASE, "---\nAs", "owner: ada\n---\nAs");
	b = sub(BASE, "---\nAs", "owner: bob\n---\nAs");
	want = sub(BASE, "---\nAs", "<<<<<<< ours\nowner: ada\n=======\n"
	    "owner: bob\n>>>>>>> theirs\n---\nAs");
	check("a key both sides added differently", BASE, a, b, want, false);
	free(a), free(b), free(want);

	a = sub(BASE, "As a user", "As a buyer");
	t = sub(BASE, "As a user", "As a seller");
	b = sub(t, "value: 5", "value: 6");
	free(t);
	t = sub(BASE, "As a user I want it.\n", "<<<<<<< ours\n"
	    "As a buyer I want it.\n=======\nAs a seller I want it.\n"
	    ">>>>>>> theirs\n");
	want = sub(t, "value: 5", "value: 6");
	free(t);
	r = merge3(BASE, a, b, NULL);
	is_str(r->data, want, "a body conflict: git's line merge; the front "
	    "matter merged");
	ok(!r->clean && r->body_conflict && r->nconflicts == 0,
	    "the body conflicts, no key does");
	prio_merge_result_free(r);
	opts = (struct prio_merge_opts){ .favor = PRIO_MERGE_FAVOR_THEIRS };
	r = merge3(BASE, a, b, &opts);
	is_str(r->data, b, "favor theirs settles a body conflict too");
	ok(r->clean && r->body_conflict, "clean; the body conflict reported");
	prio_merge_result_free(r);
	free(a), free(b), free(want);
}

static void
test_shapes(void)
{
	char *o = sub(BASE, "---\nAs", "meta:\n  team: a\n  size: 3\nnote: |\n"
	    "  one\n  two\n---\nAs");
	char *a = sub(o, "value: 5", "value: 6");
	char *b = sub(o, "  team: a\n", "  team: b\n");
	char *t = sub(b, "  one\n  two\n", "  three\n");
	char *want = sub(a, "  team: a\n  size: 3\nnote: |\n  one\n  two\n",
	    "  team: b\n  size: 3\nnote: |\n  three\n");

	check("a mapping and a block scalar come as theirs' lines", o, a, t,
	    want, true);
	free(want), free(b), free(t);
	b = sub(o, "rank: 3  # top three", "rank:");
	want = sub(a, "rank: 3  # top three", "rank:");
	check("a value set to null comes as theirs' line", o, a, b, want,
	    true);
	free(o), free(a), free(b), free(want);

	o = "---\r\nid: S-1\r\nrank: 1\r\nlabels: [a]\r\n---\r\nBody\r\n";
	a = "---\r\nid: S-1\r\nrank: 1\r\nlabels: [a, b]\r\n---\r\nBody\r\n";
	b = "---\nid: S-1\nrank: 2\nlabels: [a]\nmeta:\n  x: 1\n---\nBody\r\n";
	check("CRLF: theirs' value and lines get ours' line ending", o, a, b,
	    "---\r\nid: S-1\r\nrank: 2\r\nlabels: [a, b]\r\nmeta:\r\n  x: 1\r\n"
	    "---\r\nBody\r\n", true);

	o = "---\n---\nBody\n";
	check("an empty front matter gains theirs' keys", o, o,
	    "---\nid: S-1\n---\nBody\n", "---\nid: S-1\n---\nBody\n", true);
	check("identical sides", BASE, BASE, BASE, BASE, true);
}

static void
text_merge(const char *name, const char *o, size_t olen, const char *a,
    size_t alen, const char *b, size_t blen, size_t max, const char *why,
    const char *want, size_t wlen, bool clean)
{
	struct prio_merge_result *r = NULL;
	struct prio_merge_opts opts = { .max_size = max };

	prio_merge_story(&r, o, olen, a, alen, b, blen, &opts);
	is_str(r->text_merge, why, "%s: says why", name);
	ok(r->len == wlen && memcmp(r->data, want, r->len) == 0,
	    "%s: the merged text", name);
	if (r->len != wlen || memcmp(r->data, want, r->len) != 0)
		printf("#   got: '%.*s'\n", (int)r->len, r->data);
	ok(r->clean == clean, "%s: %s", name, clean ? "clean" : "a conflict");
	prio_merge_result_free(r);
}

#define T(s) s, sizeof(s) - 1

static void
test_fallbacks(void)
{
	text_merge("no front matter", T("a\nb\nc\n"), T("A\nb\nc\n"),
	    T("a\nb\nC\n"), 0, "ours has no front matter; merged as text",
	    T("A\nb\nC\n"), true);
	text_merge("invalid YAML", T(BASE), T("---\nid: [\n---\nx\n"),
	    T(BASE), 0, "the front matter of ours is not valid YAML (line 3: "
	    "invalid YAML: did not find expected node content while parsing a "
	    "flow node); merged as text",
	    T("---\nid: [\n---\nx\n"), true);
	text_merge("empty base: both added", "", 0, T("x\n"), T("y\n"), 0,
	    "both sides added the file; merged as text",
	    T("<<<<<<< ours\nx\n=======\ny\n>>>>>>> theirs\n"), false);
	{
		struct prio_merge_opts fo = { .favor = PRIO_MERGE_FAVOR_OURS };
		struct prio_merge_result *r = NULL;

		prio_merge_story(&r, "", 0, "x\n", 2, "y\n", 2, &fo);
		ok(r->clean && strcmp(r->data, "x\n") == 0 && r->text_merge,
		    "favored, a text merge settles its hunks: clean");
		prio_merge_result_free(r);
	}
	text_merge("empty theirs", T(BASE), T(BASE), "", 0, 0,
	    "theirs is empty; merged as text", T(""), true);
	text_merge("empty ours", T(BASE), "", 0, T(BASE), 0,
	    "ours is empty; merged as text", T(""), true);
	text_merge("binary", T("a\n"), T("a\0b\n"), T("a\0c\n"), 0,
	    "ours is binary; kept ours", T("a\0b\n"), false);
	text_merge("over the size limit", T(BASE), T(BASE), T(BASE), 20,
	    "ours is over 20 bytes; merged as text", T(BASE), true);
	text_merge("unterminated", T(BASE), T(BASE), T("---\nid: S-1\n"), 0,
	    "the front matter of theirs is not terminated; merged as text",
	    T("---\nid: S-1\n"), true);
	text_merge("not UTF-8", T(BASE), T(BASE), T("---\nid: \xff\n---\n"), 0,
	    "theirs is not UTF-8 text; merged as text",
	    T("---\nid: \xff\n---\n"), true);
	text_merge("conflict markers", T(BASE), T(BASE),
	    T("---\nid: S-1\n---\n<<<<<<< x\n"), 0,
	    "theirs has conflict markers; merged as text",
	    T("---\nid: S-1\n---\n<<<<<<< x\n"), true);
	text_merge("a { } mapping", T("---\n{id: 1}\n---\n"),
	    T("---\n{id: 2}\n---\n"), T("---\n{id: 1}\n---\nx\n"), 0,
	    "the front matter of ours is not a mapping of keys, one per line; "
	    "merged as text", T("---\n{id: 2}\n---\nx\n"), true);
	text_merge("a list", T("---\n- a\n---\n"), T("---\n- b\n---\n"),
	    T("---\n- a\n---\n"), 0, "the front matter of ours is not a "
	    "mapping of keys, one per line; merged as text",
	    T("---\n- b\n---\n"), true);
}

/* A comment line is one line, cut at 200 bytes on a UTF-8 boundary. */
static char *
long_decision(void *arg, enum prio_merge_side side, const char *key)
{
	char *s = malloc(301);

	(void)arg, (void)side, (void)key;
	memset(s, 'x', 300);
	memcpy(s + 199, "\xc3\xa9", 2);
	s[300] = '\0';
	return s;
}

static char *
odd_decision(void *arg, enum prio_merge_side side, const char *key)
{
	(void)arg, (void)key;
	return strdup(side == PRIO_MERGE_OURS ? "a1 by \xff\xfeX: why \r\n" :
	    "  \n ");
}

static void
test_comment(void)
{
	struct prio_merge_opts odd = { .decision = odd_decision };
	struct prio_merge_result *o;
	char *x = sub(BASE, "value: 5", "value: 1");
	char *y = sub(BASE, "value: 5", "value: 2");
	char *w = sub(BASE, "value: 5\n", "<<<<<<< ours\n"
	    "# decided in a1 by ??X: why\nvalue: 1\n=======\nvalue: 2\n"
	    ">>>>>>> theirs\n");

	o = merge3(BASE, x, y, &odd);
	is_str(o->data, w, "a comment: bad bytes as '?', blanks trimmed, "
	    "none when blank");
	prio_merge_result_free(o);
	free(x), free(y), free(w);
}

static void
test_long_comment(void)
{
	char *a = sub(BASE, "value: 5", "value: 1");
	char *b = sub(BASE, "value: 5", "value: 2");
	struct prio_merge_opts opts = { .decision = long_decision };
	struct prio_merge_result *r = merge3(BASE, a, b, &opts);
	const char *p = strstr(r->data, "# decided in ");
	const char *nl = p ? strchr(p, '\n') : NULL;

	ok(p && nl && nl - p == 13 + 199 + 3 && memcmp(nl - 3, "...", 3) == 0,
	    "a long rationale is cut before a split character, with ...");
	prio_merge_result_free(r);
	free(a), free(b);
}

static uint64_t rng = 0x9e3779b97f4a7c15u;

static uint64_t
next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* A copy of s with a few lines dropped, doubled or changed. */
static char *
mutate(const char *s)
{
	struct prio_buf b = PRIO_BUF_INIT;
	const char *p = s, *nl;
	int k;

	while (*p) {
		nl = strchr(p, '\n');
		nl = nl ? nl + 1 : p + strlen(p);
		switch (next() % 12) {
		case 0:
			break;
		case 1:
			prio_buf_add(&b, p, (size_t)(nl - p));
			prio_buf_add(&b, p, (size_t)(nl - p));
			break;
		case 2:
			prio_buf_add(&b, p, (size_t)(nl - p));
			k = (int)(b.len - 1 - next() % (size_t)(nl - p));
			b.ptr[k] = "x:[ -#\"'\n"[next() % 9];
			break;
		default:
			prio_buf_add(&b, p, (size_t)(nl - p));
		}
		p = nl;
	}
	return prio_buf_detach(&b, NULL);
}

static void
test_fuzz(void)
{
	int i, bad = 0;

	for (i = 0; i < 2000; i++) {
		char *a = mutate(BASE), *b = mutate(BASE);
		struct prio_merge_result *r = merge3(BASE, a, b, NULL);

		if (r->data == NULL || (r->clean && r->text_merge == NULL &&
		    strncmp(r->data, "---\n", 4) != 0))
			bad++;
		prio_merge_result_free(r);
		free(a), free(b);
	}
	is_int(bad, 0, "2000 mutated merges: never a crash, always a result");
}

/* opts->stamp_key: two stamps of it merge to the later; anything else
 * about it (a value that is no stamp, another key) conflicts as before. */
static void
test_stamp(void)
{
	static const char base[] = "---\nid: BACK-1\nupdated_date: "
	    "'2026-11-23 11:51'\nordinal: 1000\n---\nBody.\n";
	struct prio_merge_opts opts = { .stamp_key = "updated_date" };
	char *a = sub(base, "11-23 11:51", "12-02 09:30");
	char *b = sub(base, "11-23 11:51", "12-01 10:00");
	char *a2 = sub(a, "ordinal: 1000", "ordinal: 1500");
	char *b2 = sub(b, "ordinal: 1000", "ordinal: 500");
	char *c = sub(base, "'2026-11-23 11:51'", "soon");
	struct prio_merge_result *r;

	r = merge3(base, a, b, &opts);
	ok(r->clean && strcmp(r->data, a) == 0, "ours' later stamp wins");
	prio_merge_result_free(r);
	r = merge3(base, b, a, &opts);
	ok(r->clean && strcmp(r->data, a) == 0, "theirs' later stamp wins");
	prio_merge_result_free(r);
	r = merge3(base, a, b, NULL);
	ok(!r->clean && r->nconflicts == 1, "without stamp_key: a conflict");
	prio_merge_result_free(r);
	r = merge3(base, a2, b2, &opts);
	ok(!r->clean && r->nconflicts == 1 &&
	    strcmp(r->conflicts[0].key, "ordinal") == 0,
	    "the stamp merges, the ordinal still conflicts");
	prio_merge_result_free(r);
	r = merge3(base, a, c, &opts);
	ok(!r->clean && r->nconflicts == 1, "a value that is no stamp "
	    "conflicts");
	prio_merge_result_free(r);
	free(a), free(b), free(a2), free(b2), free(c);
}

int
main(void)
{
	git_libgit2_init();
	test_keys();
	test_comments();
	test_lists();
	test_conflicts();
	test_shapes();
	test_fallbacks();
	test_comment();
	test_long_comment();
	test_stamp();
	test_fuzz();
	git_libgit2_shutdown();
	return tap_done();
}
