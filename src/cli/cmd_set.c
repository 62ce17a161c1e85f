/* prio set — change front-matter fields of one story and commit. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_change.h"
#include "prio/edit.h"
#include "prio/error.h"

struct set_args {
	char **pairs;
	size_t npairs;
	const char *message;
	bool no_commit;
};

static int
build_edits(struct cli *cli, const struct set_args *a, struct prio_edit *e,
    char ***lists)
{
	size_t i;
	int rc;

	for (i = 0; i < a->npairs; i++)
		if ((rc = cli_parse_field(cli, a->pairs[i], &e[i],
		    &lists[i])) != EXIT_OK)
			return rc;
	return EXIT_OK;
}

/* "set S-4 status=done, labels=a,b": the keys as the file names them. */
static void
summarise(struct cli_change *c, const char *id, const struct set_args *a,
    const struct prio_edit *e)
{
	size_t i;

	prio_buf_addf(&c->summary, "set %s", id);
	for (i = 0; i < a->npairs; i++)
		prio_buf_addf(&c->summary, "%s %s=%s", i ? "," : "", e[i].key,
		    a->pairs[i] + strlen(a->pairs[i]) + 1);
}

static int
set(struct cli *cli, const char *id, struct set_args *a)
{
	struct prio_edit *edits = prio_xcalloc(a->npairs, sizeof(*edits));
	char ***lists = prio_xcalloc(a->npairs, sizeof(*lists));
	char **from = prio_xcalloc(a->npairs, sizeof(*from));
	struct prio_diags diags = PRIO_DIAGS_INIT;
	struct prio_buf data = PRIO_BUF_INIT;
	struct prio_story *full = NULL, *s;
	struct cli_change change;
	size_t i;
	int rc;

	/* The backlog first: its format says which keys there are. */
	if ((rc = cli_change_begin(cli, &change, !a->no_commit)) != EXIT_OK ||
	    (rc = cli_load_backlog(cli, NULL, false)) != EXIT_OK ||
	    (rc = build_edits(cli, a, edits, lists)) != EXIT_OK ||
	    (rc = cli_find_story(cli, id, &s)) != EXIT_OK)
		goto out;
	if (prio_source_read(cli->source, s->path,
	    cli->backlog->config->max_file_size, &data, NULL) == PRIO_OK)
		full = prio_story_parse(s->path, data.ptr, data.len,
		    cli->backlog->config, &diags);
	for (i = 0; full && i < a->npairs; i++)
		from[i] = cli_field_text(full, edits[i].key);
	summarise(&change, s->id, a, edits);
	/* cli_change_commit refuses a value that makes the backlog less
	 * valid (cli_write_check.c). */
	if ((rc = cli_change_edit(cli, &change, s, edits, a->npairs,
	    from)) == EXIT_OK)
		rc = cli_change_commit(cli, &change, a->message, a->no_commit);
out:
	for (i = 0; i < a->npairs; i++) {
		prio_strv_free(lists[i], edits[i].nitems);
		free(from[i]);
	}
	free(lists);
	free(from);
	free(edits);
	prio_story_free(full);
	prio_diags_free(&diags);
	prio_buf_free(&data);
	cli_change_free(&change);
	return rc;
}

static int
run(struct cli *cli, int argc, char **argv)
{
	struct cli_getopt g = { 0 };
	struct set_args a = { 0 };
	const char *id = NULL;
	int c, rc;

	a.pairs = prio_xcalloc((size_t)argc + 1, sizeof(*a.pairs));
	while ((c = cli_getopt(cli, &g, argc, argv)) != -1) {
		if (c == 1 && id == NULL)
			id = optarg;
		else if (c == 1)
			a.pairs[a.npairs++] = optarg;
		else if (c == 'm')
			a.message = optarg;
		else if (c == OPT_NO_COMMIT)
			a.no_commit = true;
		else if (!cli_commit_option(cli, c, optarg)) {
			free(a.pairs);
			return cli_bad_option(cli, c, argv);
		}
	}
	if (id == NULL || a.npairs == 0)
		rc = cli_usage_error(cli, "name a story and at least one "
		    "field=value, such as S-42 status=ready");
	else
		rc = set(cli, id, &a);
	free(a.pairs);
	return rc;
}

static const struct cli_opt opts[] = {
	{ .include = cli_rationale_opts },
	{ .include = cli_no_commit_opts },
	{ .include = cli_commit_opts },
	{ 0 }
};

static const struct cli_operand operands[] = {
	{ "story", .complete = CLI_COMPLETE_ID },
	{ "field=value", .complete = CLI_COMPLETE_NONE, .more = true },
	{ 0 }
};

const struct cmd cmd_set = {
	.name = "set",
	.usage = "<id> <field>=<value>... -m <why> [--no-commit]",
	.summary = "Change front-matter fields of a story (status, scores, "
	    "owner...) and commit",
	.help =
	    "Only the bytes of the changed values change; a missing field "
	    "is added at\nthe end of the front matter.  labels and "
	    "depends-on take a list: labels=a,b.\nA value that would make "
	    "the story invalid (an unknown status, a\nnumber that is not "
	    "one) or bring an error between stories (a depends-on\nthat "
	    "names no story or closes a cycle) is refused and nothing "
	    "changes.\nThe commit carries one Prio-Change trailer per "
	    "field.  The story is named by its\nID or by the path of its "
	    "file; an ID that two files carry is refused.\n\n"
	    "In a Backlog.md project the fields are the task's own keys "
	    "(priority,\nassignee, dependencies, ...; rank is ordinal), and "
	    "every change but an\nordinal stamps updated_date as Backlog.md "
	    "does.\n",
	.epilog =
	    "PRIO_NOW='<yyyy-mm-dd hh:mm>' sets a Backlog.md task's "
	    "updated_date (UTC).\n",
	.opts = opts,
	.operands = operands,
	.args_order = CLI_ARGS_INLINE,
	.flags = CMD_NEEDS_REPO,
	.run = run,
};
