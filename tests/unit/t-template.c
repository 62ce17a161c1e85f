/*
 * Unit tests for prio/template.h: slugs, file names, where templates
 * are found and how they are read, and filling one in.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prio/config.h"
#include "prio/dialect.h"
#include "prio/error.h"
#include "prio/template.h"
#include "shell.h"
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
name_is(const struct prio_dialect *d, const char *id, const char *title,
    const char *want)
{
	char *got = prio_template_file_name(d, id, title);

	is_str(got, want, "%s names %s '%s'", d->name, id, title);
	free(got);
}

static void
test_file_names(void)
{
	const struct prio_dialect *p = prio_dialect_prio();
	const struct prio_dialect *b = prio_dialect_backlogmd();

	name_is(p, "S-7", "Pay offline", "S-7-pay-offline.md");
	name_is(p, "S-7", "!!! ???", "S-7.md");
	name_is(p, "S-7", "\xc3\x89migr\xc3\xa9 caf\xc3\xa9",
	    "S-7-emigre-cafe.md");
	/* 40 bytes at most, cut between words. */
	name_is(p, "S-12", "one two three four five six seven eight nine",
	    "S-12-one-two-three-four-five-six-seven-eight.md");
	name_is(b, "BACK-7", "Pay offline: now!", "back-7 - Pay-offline-now.md");
	name_is(b, "back-12.1", "a/b (c)", "back-12.1 - a-b-c.md");
	name_is(b, "DRAFT-3", "--x--", "draft-3 - x.md");
	name_is(b, "back-1", "", "back-1 - .md");
}

static void
test_names(void)
{
	ok(prio_template_builtin("story") && prio_template_builtin("bug") &&
	    prio_template_builtin("spike"), "story, bug and spike are built in");
	ok(!prio_template_builtin("epic") && !prio_template_builtin(""),
	    "others are not");
	ok(prio_template_name_valid("epic") && prio_template_name_valid("a-b_2")
	    && prio_template_name_valid("0"), "names of a-z 0-9 - _");
	ok(!prio_template_name_valid("") && !prio_template_name_valid("-a") &&
	    !prio_template_name_valid("_a") && !prio_template_name_valid("A") &&
	    !prio_template_name_valid("../x") && !prio_template_name_valid("a.md"),
	    "not empty, a leading - or _, capitals, a path");
	ok(prio_template_name_valid("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaa") && !prio_template_name_valid(
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
	    "64 bytes at most");
}

/* Finds name; is_str on the path found (NULL: "(none)") and tried. */
static void
find_is(const struct prio_template_dirs *dirs, const char *name,
    const char *want, const char *want_tried, const char *what)
{
	struct prio_buf tried = PRIO_BUF_INIT;
	char *got = prio_template_find(dirs, name, &tried);

	is_str(got ? got : "(none)", want, "%s: the file", what);
	is_str(tried.ptr, want_tried, "%s: where it looked", what);
	free(got);
	prio_buf_free(&tried);
}

/* A scratch tree: work/ (the work tree), bin/, data/, env/, out/. */
static char *
scratch(void)
{
	char tmpl[PATH_MAX];

	shell_tmpdir(tmpl, sizeof(tmpl), "template");
	if (sh_in(tmpl, "mkdir -p work/backlog/templates bin data/templates "
	    "env share/prio/templates templates out && "
	    "echo repo >work/backlog/templates/a.md && "
	    "echo out >out/b.md && "
	    "ln -s ../../../out/b.md work/backlog/templates/b.md && "
	    "mkdir work/backlog/templates/c.md && "
	    "echo share >share/prio/templates/c.md && "
	    "echo data >data/templates/b.md && echo build >templates/b.md && "
	    "echo build >templates/d.md && echo env >env/e.md") != 0)
		bail("cannot fill the scratch folder");
	return prio_xstrdup(tmpl);
}

static void
test_find(void)
{
	char *root = scratch(), *work = prio_xasprintf("%s/work/", root);
	char *bin = prio_xasprintf("%s/bin", root);
	char *data = prio_xasprintf("%s/data", root);
	char *env = prio_xasprintf("%s/env", root);
	struct prio_template_dirs d = { work, NULL, bin, data };
	struct prio_buf want = PRIO_BUF_INIT, tried = PRIO_BUF_INIT;

	prio_buf_addf(&want, "%sbacklog/templates/a.md", work);
	find_is(&d, "a", want.ptr, "backlog/templates/a.md",
	    "the repository's template first");
	prio_buf_clear(&want);
	prio_buf_addf(&tried, "backlog/templates/b.md, %s/../share/prio/"
	    "templates/b.md, %s/templates/b.md", bin, data);
	prio_buf_addf(&want, "%s/templates/b.md", data);
	find_is(&d, "b", want.ptr, tried.ptr, "a link out of the work tree is "
	    "passed over; the installed data before the build tree");
	prio_buf_clear(&want);
	prio_buf_clear(&tried);
	prio_buf_addf(&want, "%s/../share/prio/templates/c.md", bin);
	prio_buf_addf(&tried, "backlog/templates/c.md, %s", want.ptr);
	find_is(&d, "c", want.ptr, tried.ptr, "a folder is no template; next "
	    "to the binary first");
	prio_buf_clear(&want);
	prio_buf_clear(&tried);
	prio_buf_addf(&want, "%s/../templates/d.md", bin);
	prio_buf_addf(&tried, "backlog/templates/d.md, %s/../share/prio/"
	    "templates/d.md, %s/templates/d.md, %s", bin, data, want.ptr);
	find_is(&d, "d", want.ptr, tried.ptr, "the build tree last");
	prio_buf_clear(&tried);
	prio_buf_addf(&tried, "backlog/templates/e.md, %s/../share/prio/"
	    "templates/e.md, %s/templates/e.md, %s/../templates/e.md", bin,
	    data, bin);
	find_is(&d, "e", "(none)", tried.ptr, "none: every place named");
	d.bindir = NULL;
	prio_buf_clear(&tried);
	prio_buf_addf(&tried, "backlog/templates/d.md, %s/templates/d.md",
	    data);
	find_is(&d, "d", "(none)", tried.ptr, "without the binary's folder, "
	    "the installed data alone");
	d.bindir = bin;
	d.env = env;
	prio_buf_clear(&want);
	prio_buf_clear(&tried);
	prio_buf_addf(&want, "%s/e.md", env);
	prio_buf_addf(&tried, "backlog/templates/e.md, %s", want.ptr);
	find_is(&d, "e", want.ptr, tried.ptr, "PRIO_TEMPLATE_DIR");
	prio_buf_clear(&tried);
	prio_buf_addf(&tried, "backlog/templates/b.md, %s/b.md", env);
	find_is(&d, "b", "(none)", tried.ptr, "PRIO_TEMPLATE_DIR alone, "
	    "after the repository");
	prio_buf_clear(&want);
	prio_buf_addf(&want, "%sbacklog/templates/a.md", work);
	find_is(&d, "a", want.ptr, "backlog/templates/a.md",
	    "the repository's before PRIO_TEMPLATE_DIR");
	d.env = "";
	prio_buf_clear(&want);
	prio_buf_clear(&tried);
	prio_buf_addf(&want, "%s/templates/b.md", data);
	prio_buf_addf(&tried, "backlog/templates/b.md, %s/../share/prio/"
	    "templates/b.md, %s", bin, want.ptr);
	find_is(&d, "b", want.ptr, tried.ptr, "an empty PRIO_TEMPLATE_DIR is "
	    "not set");
	ok(prio_template_inside(want.ptr, root) &&
	    !prio_template_inside(root, root) &&
	    !prio_template_inside(want.ptr, work), "inside: below, not the "
	    "folder itself, not elsewhere");
	prio_buf_clear(&want);
	prio_buf_addf(&want, "%sbacklog/templates/b.md", work);
	ok(!prio_template_inside(want.ptr, work), "inside: a link is followed");
	sh_in(root, "rm -rf '%s'", root);
	prio_buf_free(&want);
	prio_buf_free(&tried);
	free(work);
	free(bin);
	free(data);
	free(env);
	free(root);
}

static void
read_is(const char *path, size_t max, int want_rc, const char *want,
    const char *want_err, const char *what)
{
	struct prio_buf out = PRIO_BUF_INIT;
	char *err = NULL;

	is_int(prio_template_read(path, max, &out, &err), want_rc, "%s: code",
	    what);
	if (want)
		is_str(out.ptr, want, "%s: text", what);
	is_str(err ? err : "(none)", want_err, "%s: reason", what);
	free(err);
	prio_buf_free(&out);
}

static void
test_read(void)
{
	char *root = scratch(), *p = prio_xasprintf("%s/env/e.md", root);
	char *dir = prio_xasprintf("%s/env", root);
	char *none = prio_xasprintf("%s/env/none.md", root);
	struct prio_buf err = PRIO_BUF_INIT;

	read_is(p, 4, PRIO_OK, "env\n", "(none)", "4 bytes at 4");
	prio_buf_addf(&err, "the template %s is over max-file-size (3 bytes)",
	    p);
	read_is(p, 3, PRIO_ERANGE, NULL, err.ptr, "4 bytes over 3");
	prio_buf_clear(&err);
	prio_buf_addf(&err, "cannot read the template %s: No such file or "
	    "directory", none);
	read_is(none, 100, PRIO_EIO, NULL, err.ptr, "no file");
	prio_buf_clear(&err);
	prio_buf_addf(&err, "cannot read the template %s: Is a directory", dir);
	read_is(dir, 100, PRIO_EIO, NULL, err.ptr, "a folder");
	sh_in(root, "rm -rf '%s'", root);
	prio_buf_free(&err);
	free(p);
	free(dir);
	free(none);
	free(root);
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
	test_file_names();
	test_names();
	test_find();
	test_read();
	test_fill();
	test_refused();
	return tap_done();
}
