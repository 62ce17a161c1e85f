/* Unit tests for prio/template.h: slugs and filling in a template. */
#include <stdlib.h>
#include <string.h>

#include "prio/config.h"
#include "prio/error.h"
#include "prio/template.h"
#include "tap.h"

static void
slug_is(const char *title, size_t max, const char *want)
{
	struct prio_buf b = PRIO_BUF_INIT;

	prio_slug(&b, title, max);
	is_str(b.ptr, want, "slug of '%s' (max %zu)", title, max);
	prio_buf_free(&b);
}

static void
test_slugs(void)
{
	slug_is("Pay offline", 40, "pay-offline");
	slug_is("  --Pay  OFFLINE!!  ", 40, "pay-offline");
	slug_is("Fix: the \"pay\" button", 40, "fix-the-pay-button");
	slug_is("don't stop", 40, "dont-stop");
	slug_is("don\xe2\x80\x99t stop", 40, "dont-stop");
	slug_is("\xc3\x89migr\xc3\xa9 caf\xc3\xa9 \xc3\x9f", 40, "emigre-cafe-ss");
	slug_is("2\xc3\x97" "3", 40, "2-3");
	slug_is("\xf0\x9f\x8e\x89 party \xe6\x97\xa5\xe6\x9c\xac", 40, "party");
	slug_is("!!! ???", 40, "");
	slug_is("", 40, "");
	slug_is("one two three", 9, "one-two");
	slug_is("one two three", 7, "one-two");
	slug_is("one two three", 6, "one");
	slug_is("abcdefghijkl", 5, "abcde");
	slug_is("a/b\\c", 40, "a-b-c");
}

static void
fill_is(const char *tmpl, char *const *ac, size_t n, const char *want,
    const char *name)
{
	struct prio_config *cfg = NULL;
	struct prio_diags d = PRIO_DIAGS_INIT;
	struct prio_buf out = PRIO_BUF_INIT;
	struct prio_edit e[2] = { { .key = "id", .value = "S-3" },
	    { .key = "title", .value = "Fix: it" } };
	char *err = NULL;
	int rc;

	prio_config_parse(&cfg, "prio.yml", "", 0, &d);
	rc = prio_template_fill(&out, tmpl, strlen(tmpl), cfg, e, 2, ac, n,
	    &err);
	is_int(rc, PRIO_OK, "%s: fills", name);
	is_str(out.ptr, want, "%s", name);
	free(err);
	prio_buf_free(&out);
	prio_config_free(cfg);
	prio_diags_free(&d);
}

static void
test_fill(void)
{
	char *two[] = { "One", "Two" };

	fill_is("---\nid:\ntitle:\n---\n## Acceptance criteria\n\n- [ ] \n\n"
	    "## Notes\n", two, 2,
	    "---\nid: S-3\ntitle: \"Fix: it\"\n---\n## Acceptance criteria\n\n"
	    "- [ ] One\n- [ ] Two\n\n## Notes\n", "the placeholder takes them");
	fill_is("---\nid:\ntitle:\n---\n## Acceptance criteria\n\n- [ ] \n\n"
	    "## Notes\n", NULL, 0,
	    "---\nid: S-3\ntitle: \"Fix: it\"\n---\n## Acceptance criteria\n\n"
	    "## Notes\n", "without criteria the placeholder goes, one blank "
	    "line stays");
	fill_is("---\nid:\n---\n### acceptance CRITERIA\n- [ ]\n- [ ]\n", two,
	    1, "---\nid: S-3\ntitle: \"Fix: it\"\n---\n### acceptance CRITERIA\n"
	    "- [ ] One\n", "any level and case; every placeholder goes");
	fill_is("---\nid:\n---\n## Acceptance criteria", two, 1,
	    "---\nid: S-3\ntitle: \"Fix: it\"\n---\n## Acceptance criteria\n\n"
	    "- [ ] One\n", "a heading at the end without a newline");
	fill_is("---\nid:\n---\n## Acceptance criteria\n## Notes\n", two, 1,
	    "---\nid: S-3\ntitle: \"Fix: it\"\n---\n## Acceptance criteria\n\n"
	    "- [ ] One\n\n## Notes\n", "a heading right before the next");
	fill_is("---\nid:\n---\nText", two, 2,
	    "---\nid: S-3\ntitle: \"Fix: it\"\n---\nText\n\n## Acceptance "
	    "criteria\n\n- [ ] One\n- [ ] Two\n", "no heading: a section at "
	    "the end");
	fill_is("---\r\nid:\r\n---\r\n## Acceptance criteria\r\n\r\n- [x] "
	    "Kept\r\n", two, 1, "---\r\nid: S-3\r\ntitle: \"Fix: it\"\r\n---\r\n"
	    "## Acceptance criteria\r\n\r\n- [ ] One\r\n- [x] Kept\r\n",
	    "CRLF; real items stay after the new ones");
	fill_is("---\nid:\n---\n```\n## Acceptance criteria\n- [ ]\n```\n",
	    two, 1, "---\nid: S-3\ntitle: \"Fix: it\"\n---\n```\n## Acceptance "
	    "criteria\n- [ ]\n```\n\n## Acceptance criteria\n\n- [ ] One\n",
	    "a heading in fenced code is not the criteria heading");
}

static void
test_refused(void)
{
	struct prio_config *cfg = NULL;
	struct prio_diags d = PRIO_DIAGS_INIT;
	struct prio_buf out = PRIO_BUF_INIT;
	struct prio_edit e = { .key = "id", .value = "S-1" };
	char *err = NULL;

	prio_config_parse(&cfg, "prio.yml", "", 0, &d);
	is_int(prio_template_fill(&out, "no front matter\n", 16, cfg, &e, 1,
	    NULL, 0, &err), PRIO_EINVAL, "a template without front matter "
	    "is refused");
	ok(err != NULL && out.len == 0, "with a reason, and no output");
	free(err);
	prio_buf_free(&out);
	prio_config_free(cfg);
	prio_diags_free(&d);
}

int
main(void)
{
	test_slugs();
	test_fill();
	test_refused();
	return tap_done();
}
