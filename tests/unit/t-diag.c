/*
 * Unit tests for prio/diag.h: adding (an "off" severity adds nothing, a
 * NULL path is ""), formatting, moving one list into another, the sort
 * (path, line, column, rule; stable for equal keys), counting, severity
 * names, and libgit2's failures worded one way.
 */
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "prio/diag.h"
#include "prio/error.h"
#include "diagtext.h"
#include "tap.h"

static void
test_add(void)
{
	struct prio_diags d = PRIO_DIAGS_INIT;
	char big[300];
	int i;

	prio_diags_add(&d, PRIO_SEV_ERROR, "yaml", "a.md", 3, 7, "bad %s %d",
	    "key", 42);
	prio_diags_add(&d, PRIO_SEV_OFF, "rank", "a.md", 1, 1, "never seen");
	prio_diags_add(&d, PRIO_SEV_WARNING, "rank-tie", NULL, 0, 0, "whole");
	is_int(d.count, 2, "an off diagnostic is not added");
	ok(d.items[1].path != NULL && d.items[1].path[0] == '\0',
	    "a NULL path is \"\"");
	is_diags(&d,
	    "error yaml a.md:3:7 bad key 42\n"
	    "warning rank-tie :0:0 whole\n", "formatted and in order");
	ok(d.items == NULL && d.count == 0 && d.cap == 0,
	    "free leaves an empty list");
	prio_diags_free(&d);
	ok(d.count == 0, "freeing twice is harmless");

	/* Many entries, a long message: the list and the text grow. */
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	for (i = 0; i < 100; i++)
		prio_diags_add(&d, PRIO_SEV_ERROR, "file", "f", (unsigned)i, 0,
		    "%s", big);
	is_int(d.count, 100, "a hundred entries");
	ok(d.cap >= 100, "capacity grew");
	is_int(strlen(d.items[99].message), 299, "a long message kept whole");
	is_int(d.items[99].line, 99, "the last entry's line");
	prio_diags_free(&d);
}

static void
test_take(void)
{
	struct prio_diags a = PRIO_DIAGS_INIT, b = PRIO_DIAGS_INIT;

	prio_diags_add(&a, PRIO_SEV_ERROR, "yaml", "a", 1, 1, "one");
	prio_diags_add(&b, PRIO_SEV_WARNING, "rank", "b", 2, 2, "two");
	prio_diags_add(&b, PRIO_SEV_ERROR, "rank", "b", 3, 3, "three");
	prio_diags_take(&a, &b);
	ok(b.items == NULL && b.count == 0 && b.cap == 0, "src left empty");
	is_diags(&a,
	    "error yaml a:1:1 one\n"
	    "warning rank b:2:2 two\n"
	    "error rank b:3:3 three\n", "appended after dst's own");

	prio_diags_take(&a, &b);
	is_int(a.count, 0, "empty into empty");
	prio_diags_add(&b, PRIO_SEV_ERROR, "file", "c", 0, 0, "only");
	prio_diags_take(&a, &b);
	is_diags(&a, "error file c:0:0 only\n", "into an empty list");
	prio_diags_free(&b);
}

static void
test_sort(void)
{
	struct prio_diags d = PRIO_DIAGS_INIT;
	int i;

	prio_diags_sort(&d);
	is_int(d.count, 0, "an empty list sorts");
	prio_diags_add(&d, PRIO_SEV_ERROR, "yaml", "b.md", 2, 1, "b2");
	prio_diags_add(&d, PRIO_SEV_ERROR, "yaml", "a.md", 10, 1, "a10");
	prio_diags_add(&d, PRIO_SEV_ERROR, "yaml", "a.md", 9, 5, "a9c5");
	prio_diags_add(&d, PRIO_SEV_ERROR, "yaml", "a.md", 9, 1, "a9c1");
	prio_diags_add(&d, PRIO_SEV_ERROR, "status", "a.md", 9, 1, "status");
	prio_diags_add(&d, PRIO_SEV_WARNING, "yaml", "a.md", 9, 1, "again");
	prio_diags_add(&d, PRIO_SEV_ERROR, "file", "", 0, 0, "whole");
	prio_diags_sort(&d);
	is_diags(&d,
	    "error file :0:0 whole\n"
	    "error status a.md:9:1 status\n"
	    "error yaml a.md:9:1 a9c1\n"
	    "warning yaml a.md:9:1 again\n"
	    "error yaml a.md:9:5 a9c5\n"
	    "error yaml a.md:10:1 a10\n"
	    "error yaml b.md:2:1 b2\n",
	    "by path, line (as numbers), column, rule; equal keys stay");

	/* Stable across the merge passes: 37 equal keys keep their order. */
	for (i = 0; i < 37; i++)
		prio_diags_add(&d, PRIO_SEV_ERROR, "rank", i % 2 ? "x" : "y",
		    1, 1, "%d", i);
	prio_diags_sort(&d);
	for (i = 0; i < 18; i++)
		if (atoi(d.items[i].message) != 2 * i + 1)
			break;
	is_int(i, 18, "the x entries in the order they were added");
	for (i = 0; i < 19; i++)
		if (atoi(d.items[18 + i].message) != 2 * i)
			break;
	is_int(i, 19, "then the y entries, in order");
	prio_diags_free(&d);
}

static void
test_count_and_names(void)
{
	struct prio_diags d = PRIO_DIAGS_INIT;

	is_int(prio_diags_count(&d, PRIO_SEV_ERROR), 0,
	    "none in an empty list");
	prio_diags_add(&d, PRIO_SEV_ERROR, "yaml", "a", 1, 1, "e1");
	prio_diags_add(&d, PRIO_SEV_WARNING, "yaml", "a", 1, 1, "w1");
	prio_diags_add(&d, PRIO_SEV_ERROR, "yaml", "a", 1, 1, "e2");
	is_int(prio_diags_count(&d, PRIO_SEV_ERROR), 2, "two errors");
	is_int(prio_diags_count(&d, PRIO_SEV_WARNING), 1, "one warning");
	is_int(prio_diags_count(&d, PRIO_SEV_OFF), 0, "nothing is off");
	prio_diags_free(&d);
	is_str(prio_severity_name(PRIO_SEV_ERROR), "error", "error's name");
	is_str(prio_severity_name(PRIO_SEV_WARNING), "warning",
	    "warning's name");
	is_str(prio_severity_name(PRIO_SEV_OFF), "off", "off's name");
}

static void
test_git(void)
{
	struct prio_diags d = PRIO_DIAGS_INIT;
	git_repository *repo = NULL;

	git_libgit2_init();
	git_error_clear();
	is_str(prio_git_message(), "unknown libgit2 error",
	    "no libgit2 error: a message all the same");
	is_int(prio_diags_git(&d, NULL, "cannot do %s", "it"), PRIO_EGIT,
	    "prio_diags_git returns PRIO_EGIT");
	is_diags(&d, "error git :0:0 cannot do it: unknown libgit2 error\n",
	    "what prio did, then libgit2's message");

	ok(git_repository_open(&repo, "/nonexistent/prio-unit") < 0,
	    "a libgit2 failure");
	is_str(prio_git_message(),
	    "failed to resolve path '/nonexistent/prio-unit': No such file or "
	    "directory", "libgit2's own message");
	is_int(prio_diags_git(&d, "backlog", "cannot open %s", "the repo"),
	    PRIO_EGIT, "returns PRIO_EGIT");
	is_diags(&d, "error git backlog:0:0 cannot open the repo: failed to "
	    "resolve path '/nonexistent/prio-unit': No such file or "
	    "directory\n", "the sentence, at the path");
	ok(git_error_last() == NULL || git_error_last()->message == NULL ||
	    strcmp(prio_git_message(), "unknown libgit2 error") == 0,
	    "libgit2's error is cleared, so no later report repeats it");
	git_libgit2_shutdown();
}

int
main(void)
{
	test_add();
	test_take();
	test_sort();
	test_count_and_names();
	test_git();
	return tap_done();
}
