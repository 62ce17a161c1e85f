/*
 * Unit tests for Backlog.md IDs (prio_config_id_valid on a Backlog.md
 * project's config): which spellings are IDs (with legacy ones, as
 * Backlog.md's task-id.ts takes them), and that their numbers order
 * them as Backlog.md does and make two spellings of one ID equal.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "prio/buf.h"
#include "prio/config.h"
#include "prio/error.h"
#include "tap.h"

static unsigned long
num(const struct prio_config *c, const char *id)
{
	unsigned long n = 0;

	if (!prio_config_id_valid(c, id, &n))
		printf("# not an ID: %s\n", id);
	return n;
}

int
main(void)
{
	static const char *const good[] = { "BACK-1", "back-12", "Back-007",
		"BACK-12.1", "BACK-12.1.2", "BACK-999999999", "BACK-1.65535",
		"DRAFT-3", "draft-3.1", "BACK-1x", "back-epic-11.1",
		"back-a_b", NULL };
	static const char *const bad[] = { "", "BACK", "BACK-", "BACK-0",
		"BACK-1.", "BACK-1.0", "BACK-1.1.1.1", "BACK-1.65536",
		"BACK-1000000000", "BACK-1 ", " BACK-1", "BACK-1.1.1.1",
		"task-1", "S-1", "BACK-1.x.", "epic-", "BACK_1", "BACK--1", "BACK-+1", "1", "../BACK-1",
		"BACK-1/..", "DRAFT-", NULL };
	struct prio_diags diags = PRIO_DIAGS_INIT;
	struct prio_config *c = NULL;
	unsigned long n;
	size_t i;

	if (prio_config_parse(&c, "x", "", 0, &diags) != PRIO_OK)
		return 1;
	/* A prio backlog: Backlog.md's IDs are not its IDs. */
	ok(!prio_config_id_valid(c, "S-1.1", NULL), "prio: S-1.1 is no ID");
	ok(prio_config_id_valid(c, "S-12", NULL), "prio: S-12 is an ID");

	free(c->id_prefix);
	c->id_prefix = prio_xstrdup("BACK");
	c->dialect = prio_dialect_backlogmd();
	for (i = 0; good[i]; i++)
		ok(prio_config_id_valid(c, good[i], NULL), "'%s' is an ID",
		    good[i]);
	for (i = 0; bad[i]; i++)
		ok(!prio_config_id_valid(c, bad[i], NULL), "'%s' is no ID",
		    bad[i]);

	is_int(num(c, "back-07") == num(c, "BACK-7"), 1,
	    "zero padding and case do not change the ID");
	ok(num(c, "BACK-2") < num(c, "BACK-2.1"), "BACK-2 before BACK-2.1");
	ok(num(c, "BACK-2.1") < num(c, "BACK-2.1.1"),
	    "BACK-2.1 before BACK-2.1.1");
	ok(num(c, "BACK-2.1.1") < num(c, "BACK-2.2"),
	    "BACK-2.1.1 before BACK-2.2");
	ok(num(c, "BACK-2.65535") < num(c, "BACK-3"),
	    "BACK-2.65535 before BACK-3");
	ok(num(c, "BACK-999999999") < num(c, "DRAFT-1"),
	    "drafts after every task");
	ok(num(c, "DRAFT-1") != num(c, "BACK-1"), "DRAFT-1 is not BACK-1");
	is_int(num(c, "back-epic-11.1") == num(c, "BACK-EPIC-11.1"), 1,
	    "a legacy ID in any case");
	ok(num(c, "back-epic-11.1") != num(c, "back-epic-11.2"),
	    "two legacy IDs differ");
	ok(num(c, "back-epic-11.1") > num(c, "DRAFT-999999999"),
	    "legacy IDs after drafts");
	/* Backlog.md resolves a dependency written with an old prefix. */
	n = 0;
	is_int((long)prio_dialect_id_parse(c->dialect, "task-100.1", "BACK",
	    true, &n), 10, "an old prefix parses as a dependency");
	is_int(n == num(c, "BACK-100.1"), 1, "and names the same task");

	prio_config_free(c);
	prio_diags_free(&diags);
	return tap_done();
}
