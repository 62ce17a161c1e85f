/*
 * The figures of a backlog's history (prio/stats.h) as `prio stats` and
 * `prio report` both load them: the same checks of --since and an
 * unborn branch, the same notes and the same exit codes.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "prio/error.h"
#include "prio/stats.h"

/*
 * Says which figures a config without a status for a role cannot give,
 * and the key to add: the figures are still shown (empty), so this is a
 * note, not a refusal.  A Backlog.md project has no prio.yml to add it
 * to, and its statuses are read as they are.
 */
static void
note_roles(const struct prio_config *cfg)
{
	static const char *const needs[PRIO_ROLE_COUNT] = {
		[PRIO_ROLE_READY] = "the ready count and ready work are",
		[PRIO_ROLE_IN_PROGRESS] = "cycle time is",
		[PRIO_ROLE_DONE] = "cycle and approval time are",
		[PRIO_ROLE_ACCEPTED] =
		    "lead and approval time, throughput and pace are",
	};
	const char *done = prio_config_role(cfg, PRIO_ROLE_DONE);
	const char *accepted = prio_config_role(cfg, PRIO_ROLE_ACCEPTED);
	int r;

	if (done && accepted && strcmp(done, accepted) == 0)
		fprintf(stderr, "prio: note: '%s' is both done and accepted, "
		    "so there is no approval time; a status listed after it "
		    "is acceptance, and 'prio accept' moves work there\n",
		    done);
	if (cfg->dialect->foreign)
		return;
	for (r = 0; r < PRIO_ROLE_COUNT; r++)
		if (prio_config_role(cfg, (enum prio_role)r) == NULL)
			fprintf(stderr, "prio: note: no status plays the '%s' "
			    "role, so %s not computed; add 'status-roles: "
			    "{%s: <status>}' to %s\n",
			    prio_role_name((enum prio_role)r), needs[r],
			    prio_role_name((enum prio_role)r), PRIO_CONFIG_PATH);
}

int
cli_load_stats(struct cli *cli, const char *rev, const char *since_text,
    struct prio_stats **out)
{
	prio_day since = PRIO_NO_DAY;
	const char *why;
	int rc;

	*out = NULL;
	if (since_text && !prio_day_parse(since_text, &since))
		return cli_usage_error(cli, "'%s' is not a date; write it "
		    "as YYYY-MM-DD", since_text);
	if (rev == NULL && git_repository_head_unborn(cli->repo) == 1) {
		cli_error("the current branch has no commits yet, so there is "
		    "no history to read; commit the backlog first");
		return EXIT_USAGE;
	}
	if ((rc = cli_load_backlog(cli, rev ? rev : "HEAD", false)) !=
	    EXIT_OK)
		return rc;
	rc = prio_stats_compute(out, cli->repo, rev, cli->backlog, since,
	    &cli->diags);
	if (rc == PRIO_OK) {
		cli_note_cut(cli, &(*out)->cut);
		note_roles(cli->backlog->config);
		return EXIT_OK;
	}
	if (cli_fetch_error(cli, rc))
		return EXIT_REFUSED;
	why = cli->diags.count ? cli->diags.items[cli->diags.count - 1].message :
	    "cannot read the history";
	if (rc == PRIO_EGIT) {
		cli_error("cannot read the history: %s", why);
		return EXIT_FAILURE_;
	}
	cli_error("%s", why);
	return EXIT_USAGE;
}
