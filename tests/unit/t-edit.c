/*
 * Unit tests for prio/edit.h, the surgical front-matter editor.
 *
 * Golden files under tests/fixtures/edit/ (NAME.in.md edited must give
 * NAME.out.md, byte for byte) are run as written and again with every
 * "\n" turned into "\r\n", so each case is proved for LF and CRLF files.
 * Inline cases pin the quoting rules and the refusals.  The property
 * and fuzz tests draw from a fixed xorshift stream, so a failure can be
 * replayed; run them under `make SANITIZE=1` to catch memory errors.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prio/buf.h"
#include "prio/config.h"
#include "prio/diag.h"
#include "prio/edit.h"
#include "prio/error.h"
#include "prio/story.h"
#include "tap.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define MAX_EDITS 4
/* Mutated files per golden input; build with -DFUZZ_ROUNDS=N for more. */
#ifndef FUZZ_ROUNDS
#define FUZZ_ROUNDS 400
#endif

struct golden {
	const char *name;
	struct prio_edit edits[MAX_EDITS];
	size_t n;
};

static char *const flow_labels[] = { "payments", "mobile", "africa" };
static char *const flow_deps[] = { "S-17", "S-18" };
static char *const block_labels[] = { "payments", "2026", "mobile" };
static char *const block_deps[] = { "S-3" };
static char *const null_labels[] = { "ops", "a, b" };
static char *const null_deps[] = { "S-17" };
static char *const crlf_labels[] = { "b", "c", "a" };

#define SCALAR(k, v) { .key = (k), .value = (v) }
#define LIST(k, a) { .key = (k), .items = (a), .nitems = NELEM(a), \
	.is_list = true }
#define EMPTY(k) { .key = (k), .is_list = true }

static const struct golden goldens[] = {
	{ "comments", { SCALAR("rank", "2.5") }, 1 },
	{ "spacing", { SCALAR("rank", "12"), SCALAR("effort", "8") }, 2 },
	{ "double-quoted", { SCALAR("title", "Say \"hi\" to C:\\temp") }, 1 },
	{ "single-quoted", { SCALAR("title", "Don't stop: go"),
	    SCALAR("owner", "bob") }, 2 },
	{ "plain-to-quoted", { SCALAR("title", "Pay: offline #1"),
	    SCALAR("goal", "yes") }, 2 },
	{ "empty-value", { SCALAR("rank", "4"), SCALAR("owner", "ada"),
	    SCALAR("due", "2026-12-01") }, 3 },
	{ "missing-key", { SCALAR("accepted", "2026-11-20"),
	    SCALAR("owner", "null") }, 2 },
	{ "dots-end", { SCALAR("status", "in-progress"),
	    SCALAR("rank", "1") }, 2 },
	{ "bom", { SCALAR("status", "done") }, 1 },
	{ "body-tabs", { SCALAR("status", "in-progress") }, 1 },
	{ "flow-list", { LIST("labels", flow_labels),
	    LIST("depends-on", flow_deps) }, 2 },
	{ "block-list", { LIST("labels", block_labels),
	    LIST("depends-on", block_deps) }, 2 },
	{ "empty-list", { EMPTY("labels"), EMPTY("depends-on") }, 2 },
	{ "block-scalar", { SCALAR("title", "Short title") }, 1 },
	{ "accept", { SCALAR("status", "accepted"),
	    SCALAR("accepted", "2026-11-23") }, 2 },
	{ "null-list", { LIST("labels", null_labels),
	    LIST("depends-on", null_deps) }, 2 },
	{ "crlf-missing-key", { SCALAR("rank", "1.5"),
	    SCALAR("owner", "ada") }, 2 },
	{ "crlf-block-list", { LIST("labels", crlf_labels) }, 1 },
};

static uint64_t
xorshift(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* A whole file, or a bail-out: the tests are meaningless without it. */
static char *
slurp(const char *name, const char *suffix, size_t *len)
{
	const char *src = getenv("PRIO_SRC");
	char *path = prio_xasprintf("%s/tests/fixtures/edit/%s%s",
	    src ? src : ".", name, suffix);
	struct prio_buf b = PRIO_BUF_INIT;
	char chunk[4096];
	size_t n;
	FILE *f = fopen(path, "rb");

	if (f == NULL) {
		printf("Bail out! cannot open %s\n", path);
		exit(255);
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		prio_buf_add(&b, chunk, n);
	fclose(f);
	free(path);
	return prio_buf_detach(&b, len);
}

static char *
to_crlf(const char *s, size_t len, size_t *out_len)
{
	struct prio_buf b = PRIO_BUF_INIT;
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] == '\n')
			prio_buf_addch(&b, '\r');
		prio_buf_addch(&b, s[i]);
	}
	return prio_buf_detach(&b, out_len);
}

/* s for a TAP line: a raw line break would end the test's name. */
static char *
visible(const char *s)
{
	struct prio_buf b = PRIO_BUF_INIT;

	for (; *s; s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			prio_buf_addf(&b, "\\x%02x", (unsigned char)*s);
		else
			prio_buf_addch(&b, *s);
	}
	return prio_buf_detach(&b, NULL);
}

/* Shows where two byte strings part, for a failing golden case. */
static void
show_diff(const char *got, size_t glen, const char *want, size_t wlen)
{
	size_t i = 0;

	while (i < glen && i < wlen && got[i] == want[i])
		i++;
	printf("#   differ at byte %zu (got %zu bytes, want %zu)\n", i, glen,
	    wlen);
	printf("#   got:  '%.*s'\n", (int)(glen - i < 40 ? glen - i : 40),
	    got + i);
	printf("#   want: '%.*s'\n", (int)(wlen - i < 40 ? wlen - i : 40),
	    want + i);
}

static void
check_golden_bytes(const struct golden *g, const char *in, size_t inlen,
    const char *want, size_t wlen, const char *how)
{
	struct prio_buf out = PRIO_BUF_INIT, again = PRIO_BUF_INIT;
	char *err = NULL;
	int rc;

	rc = prio_edit_apply(&out, in, inlen, g->edits, g->n, &err);
	if (!ok(rc == PRIO_OK && out.len == wlen &&
	    memcmp(out.ptr, want, wlen) == 0, "%s (%s) gives %s.out.md",
	    g->name, how, g->name)) {
		if (rc != PRIO_OK)
			printf("#   error: %s\n", err ? err : "(none)");
		else
			show_diff(out.ptr, out.len, want, wlen);
	}
	free(err);
	err = NULL;
	/* Setting the same values again changes nothing. */
	rc = prio_edit_apply(&again, want, wlen, g->edits, g->n, &err);
	ok(rc == PRIO_OK && again.len == wlen && memcmp(again.ptr, want,
	    wlen) == 0, "%s (%s) again is a no-op", g->name, how);
	free(err);
	prio_buf_free(&again);
	prio_buf_free(&out);
}

static void
test_goldens(void)
{
	size_t i, inlen, wlen, cinlen, cwlen;
	char *in, *want, *cin, *cwant;

	for (i = 0; i < NELEM(goldens); i++) {
		in = slurp(goldens[i].name, ".in.md", &inlen);
		want = slurp(goldens[i].name, ".out.md", &wlen);
		check_golden_bytes(&goldens[i], in, inlen, want, wlen,
		    memchr(in, '\r', inlen) ? "CRLF" : "LF");
		if (memchr(in, '\r', inlen) == NULL) {
			cin = to_crlf(in, inlen, &cinlen);
			cwant = to_crlf(want, wlen, &cwlen);
			check_golden_bytes(&goldens[i], cin, cinlen, cwant,
			    cwlen, "CRLF");
			free(cin);
			free(cwant);
		}
		free(in);
		free(want);
	}
}

/* The file after setting key to value in a small story, or the error. */
static char *
edit1(const char *file, const char *key, const char *value)
{
	struct prio_buf out = PRIO_BUF_INIT;
	char *err = NULL;

	if (prio_edit_set_scalar(&out, file, strlen(file), key, value,
	    &err) != PRIO_OK) {
		char *msg = prio_xasprintf("error: %s", err ? err : "");

		free(err);
		return msg;
	}
	return prio_buf_detach(&out, NULL);
}

struct quoting {
	const char *file, *key, *value, *want;
};

static const struct quoting quotings[] = {
	/* Text keys: anything YAML would misread is double-quoted. */
	{ "---\ntitle: x\n---\n", "title", "a: b",
	    "---\ntitle: \"a: b\"\n---\n" },
	{ "---\ntitle: x\n---\n", "title", "#x", "---\ntitle: \"#x\"\n---\n" },
	{ "---\ntitle: x\n---\n", "title", "- x",
	    "---\ntitle: \"- x\"\n---\n" },
	{ "---\ntitle: x\n---\n", "title", "[x]",
	    "---\ntitle: \"[x]\"\n---\n" },
	{ "---\ntitle: x\n---\n", "title", "yes",
	    "---\ntitle: \"yes\"\n---\n" },
	{ "---\ntitle: x\n---\n", "title", "null",
	    "---\ntitle: \"null\"\n---\n" },
	{ "---\ntitle: x\n---\n", "title", "1e3",
	    "---\ntitle: \"1e3\"\n---\n" },
	{ "---\ntitle: x\n---\n", "title", "~", "---\ntitle: \"~\"\n---\n" },
	{ "---\ntitle: x\n---\n", "title", "Off",
	    "---\ntitle: \"Off\"\n---\n" },
	{ "---\ntitle: x\n---\n", "title", "0x1F",
	    "---\ntitle: \"0x1F\"\n---\n" },
	{ "---\ntitle: x\n---\n", "title", ".inf",
	    "---\ntitle: \".inf\"\n---\n" },
	{ "---\ntitle: x\n---\n", "title", "2026-11-02",
	    "---\ntitle: \"2026-11-02\"\n---\n" },
	{ "---\ntitle: x\n---\n", "title", "", "---\ntitle: \"\"\n---\n" },
	{ "---\ntitle: x\n---\n", "title", " lead",
	    "---\ntitle: \" lead\"\n---\n" },
	{ "---\ntitle: x\n---\n", "title", "trail ",
	    "---\ntitle: \"trail \"\n---\n" },
	{ "---\ntitle: x\n---\n", "title", "a #b",
	    "---\ntitle: \"a #b\"\n---\n" },
	{ "---\ntitle: x\n---\n", "title", "ends:",
	    "---\ntitle: \"ends:\"\n---\n" },
	{ "---\ntitle: x\n---\n", "title", "---",
	    "---\ntitle: \"---\"\n---\n" },
	{ "---\ntitle: x\n---\n", "title", "'q'",
	    "---\ntitle: \"'q'\"\n---\n" },
	{ "---\ntitle: x\n---\n", "title", "&anchor",
	    "---\ntitle: \"&anchor\"\n---\n" },
	{ "---\ntitle: x\n---\n", "title", "tab\there\nnl\x7f",
	    "---\ntitle: \"tab\\there\\nnl\\x7f\"\n---\n" },
	{ "---\ntitle: x\n---\n", "title", "sep\xe2\x80\xa8" "bom\xef\xbb\xbf",
	    "---\ntitle: \"sep\\Lbom\\uFEFF\"\n---\n" },
	/* ... and what YAML reads as text stays plain. */
	{ "---\ntitle: x\n---\n", "title", "a#b", "---\ntitle: a#b\n---\n" },
	{ "---\ntitle: x\n---\n", "title", "a:b", "---\ntitle: a:b\n---\n" },
	{ "---\ntitle: x\n---\n", "title", "-x", "---\ntitle: -x\n---\n" },
	{ "---\ntitle: x\n---\n", "title", "3 little pigs",
	    "---\ntitle: 3 little pigs\n---\n" },
	{ "---\ntitle: x\n---\n", "title", "C'est \"ça\"",
	    "---\ntitle: C'est \"ça\"\n---\n" },
	{ "---\nstatus: x\n---\n", "status", "in-progress",
	    "---\nstatus: in-progress\n---\n" },
	{ "---\nid: x\n---\n", "id", "S-42", "---\nid: S-42\n---\n" },
	/* Numbers, ranks and dates are written plain. */
	{ "---\nrank: 3\n---\n", "rank", "0.125", "---\nrank: 0.125\n---\n" },
	{ "---\nrank: 3\n---\n", "rank", "1e3", "---\nrank: 1e3\n---\n" },
	{ "---\nvalue: 3\n---\n", "value", "8", "---\nvalue: 8\n---\n" },
	{ "---\ndue: x\n---\n", "due", "2026-12-01",
	    "---\ndue: 2026-12-01\n---\n" },
	{ "---\nrank: 3\n---\n", "rank", "a: b",
	    "---\nrank: \"a: b\"\n---\n" },
	/* Quotes are kept; single quotes give way only to escapes. */
	{ "---\ntitle: 'x'\n---\n", "title", "it's",
	    "---\ntitle: 'it''s'\n---\n" },
	{ "---\ntitle: 'x'\n---\n", "title", "yes",
	    "---\ntitle: 'yes'\n---\n" },
	{ "---\ntitle: 'x'\n---\n", "title", "a\tb",
	    "---\ntitle: \"a\\tb\"\n---\n" },
	{ "---\ntitle: \"x\"\n---\n", "title", "plain",
	    "---\ntitle: \"plain\"\n---\n" },
	{ "---\ntitle: \"x\"\n---\n", "title", "back\\slash \"q\"",
	    "---\ntitle: \"back\\\\slash \\\"q\\\"\"\n---\n" },
	{ "---\nrank: \"3\"\n---\n", "rank", "4", "---\nrank: \"4\"\n---\n" },
	/* Anchors and tags stay; so does a value on the next line. */
	{ "---\nrank: !!str 3 # c\n---\n", "rank", "4",
	    "---\nrank: !!str 4 # c\n---\n" },
	{ "---\nrank: &r\nid: S-1\n---\n", "rank", "4",
	    "---\nrank: &r 4\nid: S-1\n---\n" },
	{ "---\ntitle:\n  Long\n  title\nid: S-1\n---\n", "title", "Short",
	    "---\ntitle:\n  Short\nid: S-1\n---\n" },
	{ "---\ntitle: \"a\n  b\" # c\n---\n", "title", "c",
	    "---\ntitle: \"c\" # c\n---\n" },
	/* Null spellings are filled in; keys may be quoted or indented. */
	{ "---\nrank: null # later\n---\n", "rank", "2",
	    "---\nrank: 2 # later\n---\n" },
	{ "---\n\"rank\": 1\n---\n", "rank", "2", "---\n\"rank\": 2\n---\n" },
	{ "---\n  id: S-1\n  rank: 1\n---\n", "owner", "ada",
	    "---\n  id: S-1\n  rank: 1\n  owner: ada\n---\n" },
	/* An empty front matter takes a first key. */
	{ "---\n---\nBody\n", "id", "S-1", "---\nid: S-1\n---\nBody\n" },
	{ "---\n# only a comment\n---\n", "id", "S-1",
	    "---\n# only a comment\nid: S-1\n---\n" },
	/* A block scalar with nothing in it, at the end. */
	{ "---\nid: S-1\ntitle: |\n---\n", "title", "T",
	    "---\nid: S-1\ntitle: T\n---\n" },
	/* Non-ASCII before the value: columns are bytes. */
	{ "---\ntitle: \"été\"  # ç\nrank: 1\n---\n", "rank", "2",
	    "---\ntitle: \"été\"  # ç\nrank: 2\n---\n" },
	/* A lone CR (a line break to YAML, not to us) is not touched. */
	{ "---\ntitle: \"a\rb\"\nrank: 1\n---\n", "rank", "2",
	    "---\ntitle: \"a\rb\"\nrank: 2\n---\n" },
};

static void
test_quoting(void)
{
	size_t i;
	char *got, *name;

	for (i = 0; i < NELEM(quotings); i++) {
		got = edit1(quotings[i].file, quotings[i].key,
		    quotings[i].value);
		name = visible(quotings[i].value);
		is_str(got, quotings[i].want, "quoting %zu: %s = '%s'", i,
		    quotings[i].key, name);
		free(name);
		free(got);
	}
}

struct listcase {
	const char *file, *key;
	char *const *items;
	size_t n;
	const char *want;
};

static char *const two[] = { "a", "b" };
static char *const odd[] = { "x: y", "[z]", "yes", "", "ok" };
static char *const keep[] = { "b", "new", "a" };
static char *const xa[] = { "x", "a" };
static char *const only_a[] = { "a" };
static char *const only_b[] = { "b" };
static char *const ac[] = { "a", "c" };
static char *const long_c[] = { "long item", "c" };

static const struct listcase listcases[] = {
	{ "---\nlabels: [a,b]\n---\n", "labels", keep, 3,
	    "---\nlabels: [b,new,a]\n---\n" },
	{ "---\nlabels: [ 'a', 'b', ]\n---\n", "labels", keep, 3,
	    "---\nlabels: [ 'b', 'new', 'a', ]\n---\n" },
	{ "---\nlabels: [\n  a,\n  b\n]\n---\n", "labels", keep, 3,
	    "---\nlabels: [\n  b,\n  new,\n  a\n]\n---\n" },
	{ "---\nlabels: [a, # c\n  b]\n---\n", "labels", two, 2,
	    "---\nlabels: [a, b]\n---\n" },
	{ "---\nlabels: []\n---\n", "labels", odd, 5,
	    "---\nlabels: [\"x: y\", \"[z]\", \"yes\", \"\", ok]\n---\n" },
	{ "---\nlabels:\n  - a\n---\n", "labels", odd, 5,
	    "---\nlabels:\n  - \"x: y\"\n  - \"[z]\"\n  - \"yes\"\n"
	    "  - \"\"\n  - ok\n---\n" },
	{ "---\nlabels:\n  - \"a\"\n  - \"b\"\n---\n", "labels", keep, 3,
	    "---\nlabels:\n  - \"b\"\n  - \"new\"\n  - \"a\"\n---\n" },
	{ "---\nlabels: a\n---\n", "labels", two, 2,
	    "---\nlabels: [a, b]\n---\n" },
	{ "---\nlabels: |\n  text\n---\n", "labels", two, 2,
	    "---\nlabels: [a, b]\n---\n" },
	{ "---\nid: S-1\n---\n", "labels", NULL, 0,
	    "---\nid: S-1\nlabels: []\n---\n" },
	{ "---\nlabels: &l\n  - a\n---\n", "labels", two, 2,
	    "---\nlabels: &l\n  - a\n  - b\n---\n" },
	{ "---\nlabels:\n  - a\n  -\n---\n", "labels", two, 2,
	    "---\nlabels:\n  - a\n  - b\n---\n" },
	/* Block lists change like a line diff: comments go with items. */
	{ "---\nlabels:\n  - a # one\n  - b # two\n---\n", "labels", xa, 2,
	    "---\nlabels:\n  - x\n  - a # one\n---\n" },
	{ "---\nlabels:\n  - a\n  # about b\n  - b\n---\n", "labels",
	    only_a, 1, "---\nlabels:\n  - a\n---\n" },
	{ "---\nlabels:\n  - a\n  # about b\n  - b\n---\n", "labels",
	    only_b, 1, "---\nlabels:\n  # about b\n  - b\n---\n" },
	{ "---\nlabels: # L\n  - a # one\n  # about b\n  - b # two\n"
	    "# after\nid: 1\n---\n", "labels", NULL, 0,
	    "---\nlabels: [] # L\n# after\nid: 1\n---\n" },
	{ "---\nlabels:\n  - a\n  - k: v\n    z: 1\n---\n", "labels", ac, 2,
	    "---\nlabels:\n  - a\n  - c\n---\n" },
	/* A lone CR ends a line for YAML: the item after it keeps it. */
	{ "---\nlabels:\n  - a\n\r  - b\n---\n", "labels", keep, 3,
	    "---\nlabels:\n\r  - b\n  - new\n  - a\n---\n" },
	{ "---\nlabels:\n  - \"long\n    item\"  # wrapped\n  - b\n---\n",
	    "labels", long_c, 2,
	    "---\nlabels:\n  - \"long\n    item\"  # wrapped\n  - c\n---\n" },
};

static void
test_lists(void)
{
	struct prio_buf out = PRIO_BUF_INIT;
	const struct listcase *c;
	char *err;
	size_t i;
	int rc;

	for (i = 0; i < NELEM(listcases); i++) {
		c = &listcases[i];
		err = NULL;
		rc = prio_edit_set_list(&out, c->file, strlen(c->file),
		    c->key, c->items, c->n, &err);
		if (rc != PRIO_OK)
			printf("#   error: %s\n", err ? err : "");
		is_str(rc == PRIO_OK ? out.ptr : "(error)", c->want,
		    "list %zu: %s", i, c->key);
		free(err);
		prio_buf_free(&out);
	}
}

struct refusal {
	const char *file, *key, *value;
	const char *starts;   /* the message begins so */
};

static const struct refusal refusals[] = {
	{ "", "rank", "1", "the file is empty" },
	{ "id: S-1\n", "rank", "1", "the file has no front matter" },
	{ "---\nid: S-1\n", "rank", "1", "the front matter is not terminated" },
	{ "---\nid: [S-1\n---\n", "rank", "1", "line 3, column 1: invalid "
	    "YAML: did not find expected ',' or ']'" },
	{ "---\n- a\n- b\n---\n", "rank", "1", "line 2: the front matter is "
	    "a list, not a mapping" },
	{ "---\n{id: S-1}\n---\n", "rank", "1", "line 2: the front matter is "
	    "written as a { } mapping" },
	{ "---\nlabels: [a]\n---\n", "labels", "x", "line 2: 'labels' holds "
	    "a list, not a single value" },
	{ "---\nx: {a: 1}\n---\n", "x", "1", "line 2: 'x' holds a mapping" },
	{ "---\nid: S-1\n---\n", "a b", "1", "'a b' is not a key prio can "
	    "set" },
	{ "---\nid: S-1\n---\n", "-x", "1", "'-x' is not a key" },
	{ "---\nid: S-1\n---\n", "", "1", "'' is not a key" },
	{ "---\nid: S-1\n---\n", "title", "bad \xff", "the value for 'title' "
	    "is not valid UTF-8 (byte 0xff)" },
	{ "---\nid: S-1\nid: S-2\n---\n", "rank", "1", "line 3, column 1: "
	    "key 'id' repeats" },
	{ "---\na: &x 1\nb: *x\n---\n", "rank", "1", "line 3, column 4: "
	    "aliases" },
	{ "---\n\xef\xbb\xbfid: S-1\n---\n", "rank", "1", "line 2: a byte "
	    "order mark" },
	/* Found by the fuzzer: the new value would replace the marker. */
	{ "---\nid: S-1\nlabels: [a,\n>>>>>>> theirs\n b]\n---\n", "rank",
	    "1", "the file has git merge-conflict markers; resolve the "
	    "conflict first" },
	{ "---\nid: S-1\n---\n<<<<<<< HEAD\nmine\n=======\n", "rank", "1",
	    "the file has git merge-conflict markers" },
};

static void
test_refusals(void)
{
	struct prio_buf out = PRIO_BUF_INIT;
	char *err;
	size_t i;
	int rc;

	prio_buf_adds(&out, "untouched");
	for (i = 0; i < NELEM(refusals); i++) {
		err = NULL;
		rc = prio_edit_set_scalar(&out, refusals[i].file,
		    strlen(refusals[i].file), refusals[i].key,
		    refusals[i].value, &err);
		is_int(rc, PRIO_EINVAL, "refusal %zu: EINVAL", i);
		ok(err != NULL && strncmp(err, refusals[i].starts,
		    strlen(refusals[i].starts)) == 0, "refusal %zu: '%s'", i,
		    err ? err : "(null)");
		free(err);
	}
	is_str(out.ptr, "untouched", "a refused edit leaves out alone");
	prio_buf_free(&out);
}

static void
test_api_edges(void)
{
	static const char file[] = "---\nid: S-1\nrank: 1\n---\nBody\n";
	struct prio_edit twice[] = { SCALAR("rank", "2"), SCALAR("rank", "3") };
	struct prio_edit nulls[] = { { .key = "rank" } };
	struct prio_edit noitems[] = { { .key = "labels", .nitems = 2,
	    .is_list = true } };
	struct prio_buf out = PRIO_BUF_INIT;
	char *err = NULL;

	ok(prio_edit_apply(&out, file, sizeof(file) - 1, twice, 2, &err) ==
	    PRIO_EINVAL && err && strstr(err, "'rank' is set twice"),
	    "the same key twice is refused");
	free(err);
	ok(prio_edit_apply(&out, file, sizeof(file) - 1, nulls, 1, &err) ==
	    PRIO_EINVAL && err && strstr(err, "no value given for 'rank'"),
	    "a NULL value is refused");
	free(err);
	ok(prio_edit_apply(&out, file, sizeof(file) - 1, noitems, 1, &err) ==
	    PRIO_EINVAL && err && strstr(err, "no items given"),
	    "NULL items with a count are refused");
	free(err);
	ok(prio_edit_set_scalar(&out, "x", 1, "rank", "1", NULL) ==
	    PRIO_EINVAL, "err may be NULL");
	err = NULL;
	ok(prio_edit_apply(&out, file, sizeof(file) - 1, NULL, 0, &err) ==
	    PRIO_OK && err == NULL && strcmp(out.ptr, file) == 0,
	    "no edits copies the file");
	/* out's own bytes as the input. */
	ok(prio_edit_set_scalar(&out, out.ptr, out.len, "rank", "2", &err) ==
	    PRIO_OK && strcmp(out.ptr, "---\nid: S-1\nrank: 2\n---\nBody\n")
	    == 0, "data may be out->ptr");
	prio_buf_free(&out);
}

/* A random string over an alphabet rich in what YAML cares about. */
static char *
random_text(uint64_t *seed)
{
	static const char *const atoms[] = { "a", "Z", "0", "9", " ", "  ",
	    ":", ": ", "#", " #", "-", "- ", "?", ",", "[", "]", "{", "}",
	    "'", "''", "\"", "\\", "&", "*", "!", "|", ">", "%", "@", "`",
	    "~", ".", "---", "...", "\t", "\n", "\r", "\x01", "\x7f", "é",
	    "\xc2\x85", "\xe2\x80\xa8", "\xef\xbb\xbf", "yes", "null", "1e3",
	    "0x1f", "2026-01-02", "S-1", "<<", "=", "\xf0\x9f\x99\x82" };
	struct prio_buf b = PRIO_BUF_INIT;
	size_t n = xorshift(seed) % 6, i;

	for (i = 0; i < n; i++)
		prio_buf_adds(&b, atoms[xorshift(seed) % NELEM(atoms)]);
	return prio_buf_detach(&b, NULL);
}

/* The title as prio_story_parse() reads it back, or NULL. */
static char *
story_title(const struct prio_config *cfg, const char *data, size_t len)
{
	struct prio_diags diags = PRIO_DIAGS_INIT;
	struct prio_story *s = prio_story_parse("S-1.md", data, len, cfg,
	    &diags);
	const struct prio_field *f = prio_story_field(s, "title");
	char *title = f && f->value ? prio_xstrdup(f->value) : NULL;

	prio_story_free(s);
	prio_diags_free(&diags);
	return title;
}

/*
 * Any text can be set, in any of the styles a file may hold it in, and
 * the story parser reads back exactly that text.
 */
static void
test_any_text(void)
{
	static const char *const files[] = {
	    "---\nid: S-1\ntitle: plain\nrank: 1\n---\nBody\n",
	    "---\nid: S-1\ntitle: 'single'\nrank: 1\n---\nBody\n",
	    "---\nid: S-1\ntitle: \"double\"\nrank: 1\n---\nBody\n",
	    "---\nid: S-1\ntitle:\nrank: 1\n---\nBody\n",
	    "---\nid: S-1\ntitle: |\n  block\nrank: 1\n---\nBody\n",
	    "---\nid: S-1\nrank: 1\n---\nBody\n",
	};
	struct prio_diags diags = PRIO_DIAGS_INIT;
	struct prio_config *cfg = NULL;
	struct prio_buf out = PRIO_BUF_INIT;
	uint64_t seed = 0x9e3779b97f4a7c15ULL;
	size_t i, fails = 0, misread = 0, runs = 0;
	char *text, *err, *back;

	if (prio_config_parse(&cfg, "prio.yml", "", 0, &diags) != PRIO_OK) {
		printf("Bail out! no default config\n");
		exit(255);
	}
	for (i = 0; i < 3000; i++, runs++) {
		const char *f = files[i % NELEM(files)];

		text = random_text(&seed);
		err = NULL;
		if (prio_edit_set_scalar(&out, f, strlen(f), "title", text,
		    &err) != PRIO_OK) {
			if (fails++ < 3) {
				back = visible(text);
				printf("#   '%s': %s\n", back, err);
				free(back);
			}
		} else if ((back = story_title(cfg, out.ptr, out.len)) ==
		    NULL || strcmp(back, text) != 0) {
			if (misread++ < 3) {
				char *t = visible(text);

				printf("#   '%s' misread\n", t);
				free(t);
			}
			free(back);
		} else
			free(back);
		free(err);
		free(text);
	}
	is_int(fails, 0, "%zu random titles: every one can be set", runs);
	is_int(misread, 0, "%zu random titles: each reads back exactly", runs);
	prio_buf_free(&out);
	prio_config_free(cfg);
	prio_diags_free(&diags);
}

/* Random lists into flow, block, empty and absent lists. */
static void
test_any_list(void)
{
	static const char *const files[] = {
	    "---\nid: S-1\nlabels: [a, b]\nrank: 1\n---\n",
	    "---\nid: S-1\nlabels:\n  - a\n  - 'b'\nrank: 1\n---\n",
	    "---\nid: S-1\nlabels:\nrank: 1\n---\n",
	    "---\nid: S-1\nrank: 1\n---\n",
	};
	struct prio_buf out = PRIO_BUF_INIT;
	uint64_t seed = 0x2545f4914f6cdd1dULL;
	char *items[4], *err;
	size_t i, j, n, fails = 0;

	for (i = 0; i < 2000; i++) {
		const char *f = files[i % NELEM(files)];

		n = xorshift(&seed) % 5;
		for (j = 0; j < n; j++)
			items[j] = random_text(&seed);
		err = NULL;
		if (prio_edit_set_list(&out, f, strlen(f), "labels", items, n,
		    &err) != PRIO_OK && fails++ < 3)
			printf("#   %zu items: %s\n", n, err);
		free(err);
		for (j = 0; j < n; j++)
			free(items[j]);
	}
	is_int(fails, 0, "2000 random lists: every one can be set");
	prio_buf_free(&out);
}

/* One random change to a copy of s: flip, insert, delete or cut. */
static void
mutate(struct prio_buf *b, uint64_t *seed)
{
	static const char bytes[] = ":#-[]{}'\"|>&*!\n\r\t ,.?%@\\~"
	    "\xc3\xa9\xff";
	size_t at = b->len ? xorshift(seed) % b->len : 0;
	char c = bytes[xorshift(seed) % (sizeof(bytes) - 1)];
	struct prio_buf t = PRIO_BUF_INIT;

	switch (xorshift(seed) % 4) {
	case 0:
		if (b->len)
			b->ptr[at] = c;
		return;
	case 1:
		prio_buf_add(&t, b->ptr, at);
		prio_buf_addch(&t, c);
		prio_buf_add(&t, b->ptr + at, b->len - at);
		break;
	case 2:
		prio_buf_add(&t, b->ptr, at);
		if (at + 1 < b->len)
			prio_buf_add(&t, b->ptr + at + 1, b->len - at - 1);
		break;
	default:
		prio_buf_truncate(b, at);
		return;
	}
	prio_buf_free(b);
	*b = t;
}

/* Whether setting the same values again leaves out as it is. */
static bool
stable(const struct prio_buf *out, const struct golden *g)
{
	struct prio_buf again = PRIO_BUF_INIT;
	char *err = NULL;
	bool same;

	same = prio_edit_apply(&again, out->ptr, out->len, g->edits, g->n,
	    &err) == PRIO_OK && again.len == out->len &&
	    memcmp(again.ptr, out->ptr, out->len) == 0;
	free(err);
	prio_buf_free(&again);
	return same;
}

/*
 * Hostile input: mutations of every golden input, with every golden
 * case's edits.  Each call must answer OK or EINVAL with a message, and
 * never crash (ASan watches under SANITIZE=1); what it accepts, it must
 * also accept again without change.
 */
static void
test_fuzz(void)
{
	struct prio_buf in = PRIO_BUF_INIT, out = PRIO_BUF_INIT;
	uint64_t seed = 0x853c49e6748fea9bULL;
	size_t g, round, k, len, nok = 0, nerr = 0, bad = 0, unstable = 0;
	char *orig, *err;
	int rc;

	for (g = 0; g < NELEM(goldens); g++) {
		orig = slurp(goldens[g].name, ".in.md", &len);
		for (round = 0; round < FUZZ_ROUNDS; round++) {
			prio_buf_clear(&in);
			prio_buf_add(&in, orig, len);
			for (k = 1 + xorshift(&seed) % 4; k > 0; k--)
				mutate(&in, &seed);
			err = NULL;
			rc = prio_edit_apply(&out, in.ptr, in.len,
			    goldens[g].edits, goldens[g].n, &err);
			if (rc == PRIO_OK && err == NULL) {
				nok++;
				if (!stable(&out, &goldens[g]))
					unstable++;
			} else if (rc == PRIO_EINVAL && err != NULL)
				nerr++;
			else
				bad++;
			free(err);
		}
		free(orig);
	}
	is_int(bad, 0, "fuzz: %zu edited, %zu refused, none otherwise", nok,
	    nerr);
	ok(nok > 0 && nerr > 0, "fuzz: reaches both outcomes");
	is_int(unstable, 0, "fuzz: each edit, made again, changes nothing");
	prio_buf_free(&in);
	prio_buf_free(&out);
}

int
main(void)
{
	test_goldens();
	test_quoting();
	test_lists();
	test_refusals();
	test_api_edges();
	test_any_text();
	test_any_list();
	test_fuzz();
	return tap_done();
}
