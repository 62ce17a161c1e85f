/*
 * Unit tests for prio/dialect.h: the front matter Backlog.md rewrites
 * before its YAML parser sees it (preprocessFrontmatter in its
 * src/markdown/parser.ts: the cases below are its own), key spellings,
 * folders and file names, priorities.
 */
#include <stdlib.h>
#include <string.h>

#include "prio/buf.h"
#include "prio/config.h"
#include "prio/error.h"
#include "prio/dialect.h"
#include "tap.h"

/* The preprocessed text of fm, or "(unchanged)". */
static const char *
pre(struct prio_buf *out, const char *fm)
{
	const struct prio_dialect *d = prio_dialect_backlogmd();
	struct prio_dialect_shift *sh = NULL;
	size_t n = 0;
	bool changed = prio_dialect_preprocess(d, fm, strlen(fm), out, &sh,
	    &n);

	free(sh);
	return changed ? out->ptr : "(unchanged)";
}

int
main(void)
{
	const struct prio_dialect *b = prio_dialect_backlogmd();
	const struct prio_dialect *p = prio_dialect_prio();
	struct prio_buf out = PRIO_BUF_INIT;
	struct prio_dialect_shift *sh = NULL;
	size_t n = 0;
	char *prios[] = { "high", "medium", "low" };

	is_str(pre(&out, "assignee: @MrLesk\n"), "assignee: \"@MrLesk\"\n",
	    "an unquoted @ assignee is quoted");
	is_str(pre(&out, "reporter: @a\"b\n"), "reporter: \"@a\\\"b\"\n",
	    "a quote inside is escaped");
	is_str(pre(&out, "assignee: [@ada, \"bob\", 'c', d]  # who\n"),
	    "assignee: [\"@ada\", \"bob\", 'c', d] # who\n",
	    "a flow list: only unquoted @ items are quoted; a comment kept");
	is_str(pre(&out, "assignee: Claude\n"), "assignee: \"Claude\"\n",
	    "any plain scalar of assignee is quoted, as Backlog.md does");
	is_str(pre(&out, "assignee:\n  - '@ada'\n"), "(unchanged)",
	    "a block list is left alone");
	is_str(pre(&out, "assignee: []\nassignee: '@x'\n"), "(unchanged)",
	    "empty lists and quoted values are left alone");
	is_str(pre(&out, "due_date: 2026-12-01 # soon\n"),
	    "due_date: \"2026-12-01\" # soon\n",
	    "due_date is quoted, its comment kept");
	is_str(pre(&out, "due_date: null\ndue_date: ~\ndue_date:\n"),
	    "(unchanged)", "a null due_date stays null");
	is_str(pre(&out, "title: @not-touched\n"), "(unchanged)",
	    "other keys are not Backlog.md's to quote");
	ok(!prio_dialect_preprocess(p, "assignee: @x\n", 13, &out, &sh, &n),
	    "prio's own format rewrites nothing");
	ok(prio_dialect_preprocess(b, "id: X\nassignee: @ab\n", 19, &out,
	    &sh, &n) && n == 1 && sh[0].line == 2 && sh[0].by == 2,
	    "the shift names the line and the columns it gained");
	free(sh);

	is_str(prio_dialect_key(b, PRIO_KEY_RANK), "ordinal",
	    "Backlog.md's rank is ordinal");
	is_str(prio_dialect_key(p, PRIO_KEY_DEPENDS_ON), "depends-on",
	    "prio's dependencies are depends-on");
	ok(prio_dialect_key(b, PRIO_KEY_EFFORT) == NULL,
	    "Backlog.md has no effort");
	is_str(prio_dialect_prio_key(b, "dependencies"), "depends-on",
	    "dependencies is read as depends-on");
	ok(prio_dialect_prio_key(b, "rank") == NULL,
	    "a Backlog.md task's 'rank' is no rank");
	is_str(prio_dialect_prio_key(b, "reporter"), "reporter",
	    "a key without a role keeps its name");
	ok(prio_dialect_writable(b, "ordinal") &&
	    !prio_dialect_writable(b, "id"), "writes may touch ordinal, not id");
	ok(prio_dialect_writable(p, "anything"), "prio's writes: any key");

	ok(prio_dialect_folder_of(b, "backlog",
	    "backlog/tasks/back-1 - X.md") == &b->folders[0], "tasks/");
	ok(prio_dialect_folder_of(b, "backlog",
	    "backlog/tasks/sub/back-1 - X.md") == NULL,
	    "not a sub-folder of tasks/");
	ok(prio_dialect_folder_of(b, "backlog",
	    "backlog/archive/tasks/back-1 - X.md")->use ==
	    PRIO_FOLDER_ARCHIVE, "archive/tasks/");
	ok(prio_dialect_folder_of(p, "backlog",
	    "backlog/stories/a/b/S-1.md") != NULL, "prio's stories/, deep");
	ok(prio_dialect_file_matches(b, &b->folders[0], "BACK",
	    "back-1 - X.md"), "back-1 - X.md is a task file");
	ok(!prio_dialect_file_matches(b, &b->folders[0], "BACK",
	    "BACK-1 - X.md"), "upper case is not (Bun's glob)");
	ok(!prio_dialect_file_matches(b, &b->folders[0], "BACK", "notes.md"),
	    "nor notes.md");
	ok(prio_dialect_file_matches(b, &b->folders[1], "BACK",
	    "draft-1 - X.md"), "drafts/ holds draft-*.md");
	ok(prio_dialect_of_config("backlog/config.yml") == b &&
	    prio_dialect_of_config("backlog/prio.yml") == p &&
	    prio_dialects()[0] == p, "configs name their dialect, prio's first");

	is_int(prio_dialect_priority_weight(" High ", prios, 3), 3,
	    "high weighs most, in any case");
	is_int(prio_dialect_priority_weight("low", prios, 3), 1, "low least");
	is_int(prio_dialect_priority_weight("urgent", prios, 3), 0,
	    "an unknown priority is none");
	is_int(prio_dialect_priority_weight(NULL, prios, 3), 0, "no priority");

	/* A Backlog.md config, through the dialect's own reader. */
	{
		static const char yml[] = "task_prefix: \"back\"\n"
		    "date_format: yyyy-mm-dd hh:mm\n"
		    "priorities: [P1, P2]\n";
		struct prio_diags diags = PRIO_DIAGS_INIT;
		struct prio_config *c = NULL;

		is_int(b->parse_config(&c, "backlog/config.yml", yml,
		    sizeof(yml) - 1, &diags), PRIO_OK, "the config reads");
		is_str(c ? c->date_format : "", "yyyy-mm-dd hh:mm",
		    "its date_format, for writes that stamp updated_date");
		is_str(c ? c->id_prefix : "", "BACK", "its prefix");
		is_int(c ? c->npriorities : 0, 2, "its priorities");
		ok(c && c->dialect == b, "under the Backlog.md dialect");
		prio_config_free(c);
		c = NULL;
		is_int(b->parse_config(&c, "backlog/config.yml", "a: 1\n", 5,
		    &diags), PRIO_ENOTFOUND, "another tool's config.yml is none");
		prio_diags_free(&diags);
	}

	prio_buf_free(&out);
	return tap_done();
}
