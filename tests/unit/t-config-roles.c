/* Unit tests for the status roles of prio/config.h (status-roles). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prio/config.h"
#include "prio/dialect.h"
#include "prio/error.h"
#include "tap.h"

static struct prio_config *
parse(const char *yml)
{
	struct prio_config *c = NULL;
	struct prio_diags d = PRIO_DIAGS_INIT;

	if (prio_config_parse(&c, "prio.yml", yml, strlen(yml), &d) !=
	    PRIO_OK)
		c = NULL;
	prio_diags_free(&d);
	return c;
}

/* want: the four roles' statuses, "" for none. */
static void
roles_are(const char *yml, const char *const want[PRIO_ROLE_COUNT],
    const char *name)
{
	struct prio_config *c = parse(yml);
	int r;

	if (!ok(c != NULL, "%s: parses", name))
		return;
	for (r = 0; r < PRIO_ROLE_COUNT; r++) {
		const char *got = prio_config_role(c, (enum prio_role)r);

		is_str(got ? got : "", want[r], "%s: %s", name,
		    prio_role_name((enum prio_role)r));
		is_int(prio_config_role_index(c, (enum prio_role)r),
		    *want[r] ? prio_config_status_index(c, want[r]) : -1,
		    "%s: %s's index", name, prio_role_name((enum prio_role)r));
	}
	prio_config_free(c);
}

static void
test_roles(void)
{
	static const char *const builtin[] = { "ready", "in-progress", "done",
	    "accepted" };
	static const char *const todo[] = { "To Do", "In Progress", "Done",
	    "Accepted" };
	static const char *const active[] = { "ready", "active", "done",
	    "archived" };
	static const char *const none[] = { "", "", "", "" };
	static const char *const claimed[] = { "ready", "in-progress", "",
	    "done" };

	roles_are("", builtin, "the default workflow");
	roles_are("statuses: [Backlog, To Do, In Progress, Done, Accepted]\n"
	    "status-roles: {ready: To Do, in-progress: In Progress, "
	    "done: Done, accepted: Accepted}\n", todo, "every role named");
	roles_are("statuses: [backlog, ready, active, done, archived]\n"
	    "status-roles: {in-progress: active, accepted: archived}\n",
	    active, "two named, two by their built-in names");
	roles_are("statuses: [todo, doing, finished]\n", none,
	    "no status has a role's name");
	roles_are("status-roles: {accepted: done}\n", claimed,
	    "a role that claims another's name leaves it without a status");
}

static void
test_helpers(void)
{
	struct prio_config *c = parse("statuses: [a, To Do, b]\n"
	    "status-roles: {ready: To Do}\n");

	if (!ok(c != NULL, "helpers: parses"))
		return;
	ok(prio_config_is_role(c, "To Do", PRIO_ROLE_READY),
	    "is_role: To Do is ready");
	ok(!prio_config_is_role(c, "a", PRIO_ROLE_READY),
	    "is_role: a is not ready");
	ok(!prio_config_is_role(c, NULL, PRIO_ROLE_READY),
	    "is_role: no status plays nothing");
	ok(!prio_config_is_role(c, "done", PRIO_ROLE_DONE),
	    "is_role: a role without a status matches nothing");
	is_int(c->criteria_from, 1, "criteria-from follows the ready role");
	is_str(prio_role_name(PRIO_ROLE_IN_PROGRESS), "in-progress",
	    "role name");
	ok(prio_role_name(PRIO_ROLE_COUNT) == NULL, "no name past the last");
	ok(prio_config_role(c, PRIO_ROLE_COUNT) == NULL,
	    "no status past the last role");
	prio_config_free(c);

	c = parse("statuses: [a, b, To Do]\nstatus-roles: {ready: To Do}\n"
	    "criteria-from: a\n");
	if (ok(c != NULL, "criteria-from given: parses"))
		is_int(c->criteria_from, 0, "criteria-from given wins");
	prio_config_free(c);
}

static void
test_errors(void)
{
	static const char *const bad[] = {
		"status-roles: [done]\n",
		"status-roles: done\n",
		"status-roles:\n",
		"status-roles: {finished: done}\n",
		"status-roles: {done: finished}\n",
		"status-roles: {done: [done]}\n",
		"status-roles: {done: }\n",
		"status-roles: {done: done, accepted: done}\n",
		"status-roles: {done: done, done: accepted}\n",
		NULL
	};
	size_t i;

	for (i = 0; bad[i]; i++) {
		struct prio_config *c = parse(bad[i]);

		ok(c == NULL, "refused: %.*s", (int)strlen(bad[i]) - 1,
		    bad[i]);
		prio_config_free(c);
	}
}

/* A Backlog.md config's roles (backlogmd.c set_roles): want as above. */
static void
bmd_roles_are(const char *statuses, const char *const want[PRIO_ROLE_COUNT],
    const char *name)
{
	const struct prio_dialect *bmd = prio_dialect_backlogmd();
	struct prio_config *c = NULL;
	struct prio_diags d = PRIO_DIAGS_INIT;
	char *yml = malloc(strlen(statuses) + 64);
	int r;

	sprintf(yml, "project_name: x\ntask_prefix: back\nstatuses: %s\n",
	    statuses);
	if (!ok(bmd->parse_config(&c, "backlog/config.yml", yml, strlen(yml),
	    &d) == PRIO_OK, "%s: parses", name)) {
		free(yml);
		prio_diags_free(&d);
		return;
	}
	for (r = 0; r < PRIO_ROLE_COUNT; r++) {
		const char *got = prio_config_role(c, (enum prio_role)r);

		is_str(got ? got : "", want[r], "%s: %s", name,
		    prio_role_name((enum prio_role)r));
	}
	prio_config_free(c);
	prio_diags_free(&d);
	free(yml);
}

static void
test_backlogmd(void)
{
	static const char *const own[] = { "To Do", "In Progress", "Done",
		"Done" };
	static const char *const accepted[] = { "To Do", "In Progress",
		"Done", "Accepted" };
	static const char *const review[] = { "To Do", "In Progress",
		"Review", "Review" };
	static const char *const two[] = { "To Do", "", "done", "Accepted" };

	bmd_roles_are("[To Do, In Progress, Done]", own,
	    "Backlog.md's own: Done is done and accepted");
	bmd_roles_are("[To Do, In Progress, Done, Accepted]", accepted,
	    "a status after Done is accepted");
	bmd_roles_are("[To Do, In Progress, Review]", review,
	    "no Done: the last is done and accepted");
	bmd_roles_are("[To Do, done, Accepted]", two,
	    "Done in any case; no in-progress before it");
}

int
main(void)
{
	test_roles();
	test_helpers();
	test_errors();
	test_backlogmd();
	return tap_done();
}
