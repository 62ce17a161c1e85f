/* prio set — change front-matter fields of one story and commit. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "prio/edit.h"
#include "prio/error.h"

/* Errors the edited file has that the old one did not: refuse those. */
static int
check_new_errors(struct cli *cli, const struct prio_story *s,
    const struct prio_diags *before, const char *data, size_t len)
{
	struct prio_diags after = PRIO_DIAGS_INIT;
	struct prio_story *t = prio_story_parse(s->path, data, len,
	    cli->backlog->config, &after);
	size_t i, j, fresh = 0;

	for (i = 0; i < after.count; i++) {
		if (after.items[i].severity != PRIO_SEV_ERROR)
			continue;
		for (j = 0; j < before->count; j++)
			if (strcmp(before->items[j].message,
			    after.items[i].message) == 0)
				break;
		if (j < before->count)
			continue;
		cli_error("%s:%u:%u: %s [%s]", after.items[i].path,
		    after.items[i].line, after.items[i].column,
		    after.items[i].message, after.items[i].rule);
		fresh++;
	}
	if (fresh)
		cli_error("nothing was changed: the new value%s would make %s "
		    "invalid", fresh == 1 ? "" : "s", s->id);
	prio_story_free(t);
	prio_diags_free(&after);
	return fresh ? EXIT_REFUSED : EXIT_OK;
}

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

static void
summarise(struct cli_change *c, const char *id, const struct set_args *a)
{
	size_t i;

	prio_buf_addf(&c->summary, "set %s", id);
	for (i = 0; i < a->npairs; i++)
		prio_buf_addf(&c->summary, "%s %s=%s", i ? "," : "",
		    a->pairs[i], a->pairs[i] + strlen(a->pairs[i]) + 1);
}

static int
set(struct cli *cli, const char *id, struct set_args *a)
{
	struct prio_edit *edits = prio_xcalloc(a->npairs, sizeof(*edits));
	char ***lists = prio_xcalloc(a->npairs, sizeof(*lists));
	char **from = prio_xcalloc(a->npairs, sizeof(*from));
	struct prio_diags before = PRIO_DIAGS_INIT;
	struct prio_buf data = PRIO_BUF_INIT;
	struct prio_story *full = NULL, *s;
	struct cli_change change;
	size_t i;
	int rc;

	if ((rc = build_edits(cli, a, edits, lists)) != EXIT_OK) {
		cli_change_init(&change);
		goto out;
	}
	if ((rc = cli_change_begin(cli, &change)) != EXIT_OK ||
	    (rc = cli_load_backlog(cli, NULL, false)) != EXIT_OK ||
	    (rc = cli_find_story(cli, id, &s)) != EXIT_OK)
		goto out;
	if (prio_source_read(cli->source, s->path,
	    cli->backlog->config->max_file_size, &data, NULL) == PRIO_OK)
		full = prio_story_parse(s->path, data.ptr, data.len,
		    cli->backlog->config, &before);
	for (i = 0; full && i < a->npairs; i++)
		from[i] = cli_field_text(full, edits[i].key);
	summarise(&change, s->id, a);
	if ((rc = cli_change_edit(cli, &change, s, edits, a->npairs,
	    from)) == EXIT_OK && (rc = check_new_errors(cli, s, &before,
	    change.data[0], change.lens[0])) == EXIT_OK)
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
	prio_diags_free(&before);
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
	    "one) is refused and nothing changes.  The commit\ncarries one "
	    "Prio-Change trailer per field.\n",
	.opts = opts,
	.operands = operands,
	.args_order = CLI_ARGS_INLINE,
	.flags = CMD_NEEDS_REPO,
	.run = run,
};
