/*
 * Unit tests for comparing stories: prio_story_same_deps (prio/story.h)
 * and the backlog order, prio_backlog_cmp and prio_order_key_cmp
 * (prio/backlog.h): ranked stories by rank, then ID number, then path;
 * unranked ones by score, highest first, unscored last; terminal ones by
 * ID number; unreadable files last, by path.
 */
#include <stdlib.h>
#include <string.h>

#include "prio/backlog.h"
#include "prio/buf.h"
#include "prio/config.h"
#include "prio/error.h"
#include "prio/story.h"
#include "diagtext.h"
#include "tap.h"

static struct prio_config *cfg;

/* The story at path (its ID from the file name) with this status and
 * these extra front-matter lines. */
static struct prio_story *
story_in(const char *path, const char *status, const char *extra)
{
	struct prio_diags d = PRIO_DIAGS_INIT;
	struct prio_buf b = PRIO_BUF_INIT;
	const char *name = strrchr(path, '/') + 1;
	struct prio_story *s;

	prio_buf_addf(&b, "---\nid: %.*s\ntitle: t\nstatus: %s\n%s---\n",
	    (int)(strlen(name) - 3), name, status, extra);
	s = prio_story_parse(path, b.ptr, b.len, cfg, &d);
	prio_diags_free(&d);
	prio_buf_free(&b);
	return s;
}

static struct prio_story *
story(const char *path, const char *extra)
{
	return story_in(path, "draft", extra);
}

static void
test_same_deps(void)
{
	struct prio_story *none = story("s/S-1.md", "");
	struct prio_story *empty = story("s/S-2.md", "depends-on: []\n");
	struct prio_story *ab = story("s/S-3.md", "depends-on: [S-8, S-9]\n");
	struct prio_story *ab2 = story("s/S-4.md", "depends-on: [S-8, S-9]\n");
	struct prio_story *ba = story("s/S-5.md", "depends-on: [S-9, S-8]\n");
	struct prio_story *a = story("s/S-6.md", "depends-on: [S-8]\n");
	struct prio_story *ac = story("s/S-7.md", "depends-on: [S-8, S-90]\n");

	ok(prio_story_same_deps(none, none), "a story and itself");
	ok(prio_story_same_deps(none, empty), "absent and [] are the same");
	ok(prio_story_same_deps(ab, ab2), "the same list in two stories");
	ok(!prio_story_same_deps(ab, ba), "order matters");
	ok(!prio_story_same_deps(ab, a), "a shorter list differs");
	ok(!prio_story_same_deps(a, ab), "and the other way round");
	ok(!prio_story_same_deps(ab, ac), "a prefix of an item differs");
	ok(!prio_story_same_deps(none, a), "none against one");
	prio_story_free(none);
	prio_story_free(empty);
	prio_story_free(ab);
	prio_story_free(ab2);
	prio_story_free(ba);
	prio_story_free(a);
	prio_story_free(ac);
}

static int
sign(int c)
{
	return (c > 0) - (c < 0);
}

/* want: -1 when a comes first, 0, 1; checked both ways and by key. */
static void
order_is(const struct prio_story *a, const struct prio_story *b, int want,
    const char *name)
{
	struct prio_order_key ka, kb;

	prio_order_key_of(&ka, a);
	prio_order_key_of(&kb, b);
	is_int(sign(prio_backlog_cmp(a, b)), want, "%s", name);
	is_int(sign(prio_backlog_cmp(b, a)), -want, "%s (reversed)", name);
	is_int(sign(prio_order_key_cmp(&ka, &kb)), want, "%s (by key)", name);
}

static void
test_order(void)
{
	struct prio_story *r2 = story("s/S-9.md", "rank: 2\n");
	struct prio_story *r10 = story("s/S-1.md", "rank: 10\n");
	struct prio_story *r2b = story("s/S-3.md", "rank: 02.0\n");
	struct prio_story *r2c = story("t/S-3.md", "rank: 2\n");
	struct prio_story *r15 = story("s/S-4.md", "rank: 1.5\n");
	struct prio_story *hi = story("s/S-20.md", "value: 9\nurgency: 9\n"
	    "risk: 9\neffort: 1\n");
	struct prio_story *lo = story("s/S-2.md", "value: 1\nurgency: 1\n"
	    "risk: 1\neffort: 13\n");
	struct prio_story *lo2 = story("s/S-5.md", "value: 1\nurgency: 1\n"
	    "risk: 1\neffort: 13\n");
	struct prio_story *un7 = story("s/S-7.md", "");
	struct prio_story *un6 = story("s/S-6.md", "");
	struct prio_story *done = story_in("s/S-11.md", "dropped", "");
	struct prio_story *done2 = story_in("s/S-12.md", "accepted", "");
	struct prio_diags d = PRIO_DIAGS_INIT;
	struct prio_story *bad = prio_story_parse("s/a.md", "x", 1, cfg, &d);
	struct prio_story *bad2 = prio_story_parse("s/b.md", "y", 1, cfg, &d);
	struct prio_order_key k;

	ok(done->terminal && !bad->readable, "the stories are what they say");
	order_is(r15, r2, -1, "rank 1.5 before rank 2");
	order_is(r2, r10, -1, "ranks compare as numbers, not text");
	order_is(r2b, r2, -1, "equal ranks (02.0 = 2): lower ID first");
	order_is(r2b, r2c, -1, "equal rank and ID: by path");
	order_is(r2, r2, 0, "a story equals itself");
	order_is(r10, hi, -1, "any rank before any unranked story");
	order_is(hi, lo, -1, "unranked: higher score first");
	order_is(lo, lo2, -1, "equal scores: lower ID first");
	order_is(lo, un6, -1, "a scored story before an unscored one");
	order_is(un6, un7, -1, "unscored: by ID");
	order_is(un7, done, -1, "open before terminal");
	order_is(done, done2, -1, "terminal: by ID, whatever the status");
	order_is(done2, bad, -1, "stories before unreadable files");
	order_is(bad, bad2, -1, "unreadable files by path");

	prio_order_key_of(&k, r2b);
	is_int(k.group, 0, "key: ranked is group 0");
	is_str(k.rank.text, "2", "key: canonical rank borrowed");
	ok(k.rank.text == r2b->rank->text, "key: borrows, does not copy");
	ok(k.path == r2b->path, "key: borrows the path");
	is_int(k.id_num, 3, "key: ID number");
	prio_order_key_of(&k, hi);
	ok(k.group == 1 && k.has_score && k.score == 27 &&
	    k.rank.text == NULL, "key: unranked scored story");
	prio_order_key_of(&k, done);
	is_int(k.group, 2, "key: terminal is group 2");
	prio_order_key_of(&k, bad);
	is_int(k.group, 3, "key: unreadable is group 3");

	prio_story_free(r2);
	prio_story_free(r10);
	prio_story_free(r2b);
	prio_story_free(r2c);
	prio_story_free(r15);
	prio_story_free(hi);
	prio_story_free(lo);
	prio_story_free(lo2);
	prio_story_free(un7);
	prio_story_free(un6);
	prio_story_free(done);
	prio_story_free(done2);
	prio_story_free(bad);
	prio_story_free(bad2);
	prio_diags_free(&d);
}

int
main(void)
{
	cfg = default_config();
	test_same_deps();
	test_order();
	prio_config_free(cfg);
	return tap_done();
}
