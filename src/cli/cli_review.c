/*
 * What accept and reject share: the product owner's verdict on done
 * work.  Both apply only to a story whose status plays the done role
 * (status-roles in prio.yml; "done" by default), change its status
 * (accept also stamps the date) and commit with the Prio-Story and
 * Prio-Change trailers every priority change carries.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_change.h"
#include "prio/buf.h"
#include "prio/config.h"
#include "prio/dialect.h"
#include "prio/edit.h"
#include "prio/error.h"

/*
 * A task in a Backlog.md project's completed folder is out of
 * Backlog.md's lists whatever its status says: sending it back is
 * Backlog.md's to do (the file moves), not a status to set.
 */
static int
not_completed(struct cli *cli, const struct cli_review *r,
    const struct prio_story *s)
{
	const char *dir = prio_config_foreign_dir(cli->backlog->config);
	size_t n = dir ? strlen(dir) : 0;

	if (dir == NULL || strncmp(s->path, dir, n) != 0 ||
	    strncmp(s->path + n, "/completed/", 11) != 0)
		return EXIT_OK;
	cli_error("cannot %s %s: it is in %s/completed/, which Backlog.md "
	    "keeps out of its lists; bring it back to %s/tasks/ first (move "
	    "the file with 'git mv')", r->verb, s->id, dir, dir);
	return EXIT_REFUSED;
}

/* The config file the source holds, of its dialect's: for messages. */
static const char *
config_file(struct cli *cli)
{
	const char *const *p = cli->backlog->config->dialect->config_paths;
	struct prio_buf ignored = PRIO_BUF_INIT;
	const char *found = NULL;

	for (; *p && found == NULL; p++)
		if (prio_source_read(cli->source, *p, PRIO_MAX_FILE_SIZE_LIMIT,
		    &ignored, NULL) == PRIO_OK)
			found = *p;
	prio_buf_free(&ignored);
	return found ? found : cli->backlog->config->dialect->config_paths[0];
}

/*
 * A foreign format's accepted role is its done status unless the
 * project lists a status after it (backlogmd.c): accepting is then no
 * change of status.  Refuses, saying how to add one: the statuses as
 * they are, then "Accepted".
 */
static int
no_acceptance(struct cli *cli, const struct cli_review *r, const char *done)
{
	const struct prio_config *c = cli->backlog->config;
	struct prio_buf list = PRIO_BUF_INIT;
	size_t i;

	for (i = 0; i < c->nstatuses; i++)
		if (c->dialect->draft_status == NULL ||
		    strcmp(c->statuses[i], c->dialect->draft_status) != 0)
			prio_buf_addf(&list, "\"%s\", ", c->statuses[i]);
	cli_error("%s needs a status after '%s' for accepted work, and this "
	    "%s project has none; add one at the end of 'statuses' in %s, "
	    "such as: statuses: [%s\"Accepted\"]", r->verb, done,
	    c->dialect->name, config_file(cli), list.ptr ? list.ptr : "");
	prio_buf_free(&list);
	return EXIT_REFUSED;
}

/*
 * The status that plays role, in *out.  A config without one is valid
 * (other commands work), so this is a refusal the user can fix (exit
 * 1, as for any refused operation), naming the key to add.
 */
static int
need_role(struct cli *cli, const struct cli_review *r, enum prio_role role,
    const char **out)
{
	const struct prio_config *c = cli->backlog->config;
	const char *done = prio_config_role(c, PRIO_ROLE_DONE);
	size_t i;

	*out = prio_config_role(c, role);
	if (*out != NULL && prio_config_foreign_dir(c) &&
	    role == PRIO_ROLE_ACCEPTED && done && strcmp(*out, done) == 0)
		return no_acceptance(cli, r, done);
	if (*out != NULL)
		return EXIT_OK;
	if (prio_config_foreign_dir(c)) {
		cli_error("%s needs a status for the '%s' role, and this "
		    "%s project has none: prio reads its statuses after Draft "
		    "as ready, in-progress (the second, before Done) and "
		    "done (Done, else the last); its statuses are:", r->verb,
		    prio_role_name(role), c->dialect->name);
		for (i = 0; i < c->nstatuses; i++)
			fprintf(stderr, "  %s\n", c->statuses[i]);
		return EXIT_REFUSED;
	}
	cli_error("%s needs a status for the '%s' role; add 'status-roles: "
	    "{%s: <status>}' to %s", r->verb, prio_role_name(role),
	    prio_role_name(role), PRIO_CONFIG_PATH);
	return EXIT_REFUSED;
}

static int
check_status(struct cli *cli, const struct cli_review *r,
    const struct prio_story *s, const char *from, const char *to)
{
	if (s->status && strcmp(s->status, from) == 0)
		return EXIT_OK;
	if (s->status == NULL)
		cli_error("cannot %s %s: it has no valid status; run 'prio "
		    "check'", r->verb, s->id);
	else if (strcmp(s->status, to) == 0 && r->stamp)
		cli_error("%s is %s already; nothing was changed", s->id,
		    s->status);
	else
		cli_error("cannot %s %s: it is %s, and only %s work can be "
		    "%s; nothing was changed", r->verb, s->id, s->status,
		    from, r->done_verb);
	return EXIT_REFUSED;
}

/* Refuses (listing them) while any criterion is open, or there are none. */
static int
check_criteria(struct cli *cli, const struct cli_review *r,
    const struct prio_story *full)
{
	size_t i, open = full->ncriteria - full->criteria_met;

	if (full->ncriteria == 0) {
		cli_error("cannot %s %s: it has no acceptance criteria to "
		    "judge it by; add them under '## %s' in %s", r->verb,
		    full->id, cli->backlog->config->criteria_heading,
		    full->path);
		return EXIT_REFUSED;
	}
	if (open == 0)
		return EXIT_OK;
	cli_error("cannot %s %s: %zu of %zu acceptance criteria %s open; "
	    "nothing was changed:", r->verb, full->id, open, full->ncriteria,
	    open == 1 ? "is" : "are");
	for (i = 0; i < full->ncriteria; i++)
		if (!full->criteria[i].met)
			fprintf(stderr, "%s:%u: %s\n", full->path,
			    full->criteria[i].line, full->criteria[i].empty ?
			    "(no text)" : full->criteria[i].text);
	cli_error("tick each one ('- [x]') once it is met, or send the work "
	    "back with 'prio reject %s -m <why>'", full->id);
	return EXIT_REFUSED;
}

int
cli_read_full_story(struct cli *cli, const struct prio_story *s,
    struct prio_buf *data, struct prio_story **full)
{
	struct prio_diags diags = PRIO_DIAGS_INIT;
	char *why = NULL;

	*full = NULL;
	if (prio_source_read(cli->source, s->path,
	    cli->backlog->config->max_file_size, data, &why) != PRIO_OK) {
		cli_error("cannot read %s: %s", s->path, why);
		free(why);
		return EXIT_FAILURE_;
	}
	*full = prio_story_parse(s->path, data->ptr, data->len,
	    cli->backlog->config, &diags);
	prio_diags_free(&diags);
	return EXIT_OK;
}

int
cli_review(struct cli *cli, const char *id, const struct cli_review *r,
    const char *message, bool no_commit)
{
	struct prio_buf data = PRIO_BUF_INIT;
	struct prio_story *s, *full = NULL;
	struct prio_edit edits[2];
	struct cli_change change;
	char today[11], *from[2] = { NULL, NULL };
	const char *from_status = NULL, *to_status = NULL;
	size_t n = 1;
	int rc;

	memset(edits, 0, sizeof(edits));
	if ((rc = cli_change_begin(cli, &change, !no_commit)) != EXIT_OK)
		return rc;
	change.rationale = r->rationale;
	if ((rc = cli_load_backlog(cli, NULL, false)) != EXIT_OK ||
	    (rc = cli_find_story(cli, id, &s)) != EXIT_OK ||
	    (rc = need_role(cli, r, r->from, &from_status)) != EXIT_OK ||
	    (rc = need_role(cli, r, r->to, &to_status)) != EXIT_OK ||
	    (rc = not_completed(cli, r, s)) != EXIT_OK ||
	    (rc = check_status(cli, r, s, from_status, to_status)) !=
	    EXIT_OK ||
	    (r->stamp && (rc = cli_today(today)) != EXIT_OK))
		goto out;
	if ((rc = cli_read_full_story(cli, s, &data, &full)) != EXIT_OK)
		goto out;
	if (r->need_met && (rc = check_criteria(cli, r, full)) != EXIT_OK)
		goto out;
	edits[0].key = "status";
	edits[0].value = to_status;
	from[0] = cli_field_text(full, "status");
	/* A dialect that stamps every write (Backlog.md's updated_date)
	 * stamps this one too; prio's own has accepted: <date>. */
	if (r->stamp && cli->backlog->config->dialect->stamp_key == NULL) {
		edits[1].key = "accepted";
		edits[1].value = today;
		from[1] = cli_field_text(full, "accepted");
		n = 2;
	}
	prio_buf_addf(&change.summary, "%s %s", r->verb, s->id);
	if ((rc = cli_change_edit(cli, &change, s, edits, n, from)) == EXIT_OK)
		rc = cli_change_commit(cli, &change, message, no_commit);
out:
	free(from[0]);
	free(from[1]);
	prio_story_free(full);
	prio_buf_free(&data);
	cli_change_free(&change);
	return rc;
}

int
cli_review_main(struct cli *cli, int argc, char **argv,
    const struct cli_review *r)
{
	struct cli_getopt g = { 0 };
	const char *id = NULL, *message = NULL;
	bool no_commit = false;
	int c;

	while ((c = cli_getopt(cli, &g, argc, argv)) != -1) {
		if (c == 1 && id == NULL)
			id = optarg;
		else if (c == 1)
			return cli_usage_error(cli, "name one story to %s, "
			    "not '%s' too", r->verb, optarg);
		else if (c == 'm')
			message = optarg;
		else if (c == OPT_NO_COMMIT)
			no_commit = true;
		else if (!cli_commit_option(cli, c, optarg))
			return cli_bad_option(cli, c, argv);
	}
	if (id == NULL)
		return cli_usage_error(cli, "name the story to %s, such as "
		    "S-42", r->verb);
	return cli_review(cli, id, r, message, no_commit);
}
