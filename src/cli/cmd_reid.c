/*
 * prio reid — give one of two stories that share an ID a fresh one.
 *
 * Two branches that each mint the next ID produce, once merged, two
 * stories with one ID (check: duplicate-id).  reid renames one of them
 * (S-<new>-<slug>.md, its `id`) and rewrites the depends-on entries
 * that meant that one, all in one commit.
 *
 * Which story a depends-on entry meant is read from history: the entry
 * meant the story that its author could see.  For each commit that
 * introduced the ID into a story's depends-on (its version there names
 * the ID and no parent's version does), the commit's tree says which of
 * the stories with that ID existed.  When every such commit held the
 * renamed story and none of the others, the entry meant the renamed one
 * and follows it to the new ID; when they held only others, it stays.
 * Anything else (written after the merge, in the work tree, or on both
 * sides) cannot be told apart: the entry stays and reid says so.  The
 * walks of history are the library's (prio/reid.h); this file picks,
 * renames and reports.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "cli_change.h"
#include "prio/backlogmd_write.h"
#include "prio/decision.h"
#include "prio/edit.h"
#include "prio/error.h"
#include "prio/nextid.h"
#include "prio/reid.h"
#include "prio/template.h"

/*
 * One walk of HEAD's history (prio_reid_walk): with pick, when each
 * candidate's file joined the branch; without, what each depends-on
 * entry meant.
 */
static int
read_history(struct cli *cli, struct prio_reid *r, bool pick)
{
	struct prio_shallow_cut cut = { 0 };
	int rc = prio_reid_walk(r, cli->repo, cli->backlog->config, pick, &cut,
	    &cli->diags);

	cli_note_cut(cli, &cut);
	if (rc == PRIO_OK)
		return EXIT_OK;
	if (cli_fetch_error(cli, rc))
		return EXIT_REFUSED;
	cli_error("%s", cli->diags.items[cli->diags.count - 1].message);
	return EXIT_FAILURE_;
}

static bool
is_path(const char *arg)
{
	size_t n = strlen(arg);

	return strchr(arg, '/') != NULL ||
	    (n > 3 && strcmp(arg + n - 3, ".md") == 0);
}

/* The story whose file arg names (cli_find_story_file). */
static int
find_by_path(struct cli *cli, const char *arg, const struct prio_story **out)
{
	struct prio_story *s;
	int rc = cli_find_story_file(cli, arg, &s);

	*out = s;
	return rc;
}

/*
 * By ID: the story whose file joined the current branch last is
 * renamed (prio_reid_newest); the older one keeps its ID.
 */
static int
pick_newest(struct prio_reid *r)
{
	size_t i, ties, newest = prio_reid_newest(r, &ties);

	if (ties == 1) {
		r->renamed = r->cands[newest];
		return EXIT_OK;
	}
	cli_error("the files with ID %s joined this branch together, so "
	    "neither is the newcomer; name the one to renumber by its path:",
	    r->id);
	for (i = 0; i < r->ncands; i++)
		if (r->first_seen[i] == r->first_seen[newest])
			fprintf(stderr, "  prio reid %s -m <why>\n",
			    r->cands[i]->path);
	return EXIT_REFUSED;
}

/* dir/S-4-pay.md becomes dir/S-12-pay.md; a name without the ID in
 * front gets it: dir/S-12-name.md. */
static char *
new_path(const char *path, const char *prefix, const char *new_id)
{
	const char *base = strrchr(path, '/'), *rest;
	int dir;

	base = base ? base + 1 : path;
	dir = (int)(base - path);
	if (prio_id_from_name(base, prefix) == 0)
		return prio_xasprintf("%.*s%s-%s", dir, path, new_id, base);
	rest = base + strlen(prefix) + 1;
	while (*rest >= '0' && *rest <= '9')
		rest++;
	return prio_xasprintf("%.*s%s%s", dir, path, new_id, rest);
}

/* A Backlog.md task's new file: "back-12 - Title.md" in its folder,
 * as Backlog.md names a task. */
static char *
bmd_path(const struct prio_config *cfg, const struct prio_story *s,
    const char *new_id)
{
	const char *slash = strrchr(s->path, '/');
	char *name = prio_template_file_name(cfg->dialect, new_id,
	    s->title ? s->title : "");
	char *path = prio_xasprintf("%.*s%s", slash ? (int)(slash - s->path +
	    1) : 0, s->path, name);

	free(name);
	return path;
}

/* The renamed file: its new id, at its new path, the old path gone. */
static int
rename_story(struct cli *cli, struct cli_change *c, const struct prio_reid *r,
    const char *new_id, const char *to)
{
	struct prio_buf in = PRIO_BUF_INIT, out = PRIO_BUF_INIT;
	const struct prio_story *s = r->renamed;
	char *why = NULL, *bytes;
	size_t len;
	int rc;

	rc = prio_source_read(cli->source, s->path,
	    cli->backlog->config->max_file_size, &in, &why);
	if (rc == PRIO_OK)
		rc = prio_edit_set_scalar(&out, in.ptr, in.len, "id", new_id,
		    &why);
	/* A new id is a change Backlog.md stamps updated_date for. */
	if (rc == PRIO_OK && prio_config_foreign_dir(cli->backlog->config)) {
		char now[17];

		if ((rc = cli_bmd_now(now)) != EXIT_OK) {
			prio_buf_free(&in);
			prio_buf_free(&out);
			return rc;
		}
		rc = prio_bmdw_stamp(&out, out.ptr, out.len, now, &why);
	}
	prio_buf_free(&in);
	if (rc != PRIO_OK) {
		cli_error("cannot change %s (%s): %s", s->id, s->path,
		    why ? why : "unknown error");
		free(why);
		prio_buf_free(&out);
		return EXIT_REFUSED;
	}
	bytes = prio_buf_detach(&out, &len);
	cli_change_write(c, to, bytes, len);
	cli_change_remove(c, s->path);
	prio_decision_story(&c->trailers, new_id);
	prio_decision_change(&c->trailers, "id", s->id, new_id);
	return EXIT_OK;
}

/* depends-on of d with the ID replaced by new_id. */
static int
rewrite_dep(struct cli *cli, struct cli_change *c, const struct prio_reid *r,
    const struct prio_story *d, const char *new_id)
{
	struct prio_edit e = { .key = "depends-on", .is_list = true };
	struct prio_buf from = PRIO_BUF_INIT;
	char **items = prio_xcalloc(d->ndepends_on + 1, sizeof(*items));
	char *fromp;
	size_t i;
	int rc;

	prio_buf_addch(&from, '[');
	for (i = 0; i < d->ndepends_on; i++) {
		items[i] = strcmp(d->depends_on[i], r->id) == 0 ?
		    (char *)new_id : d->depends_on[i];
		prio_buf_addf(&from, "%s%s", i ? ", " : "", d->depends_on[i]);
	}
	prio_buf_addch(&from, ']');
	e.items = items;
	e.nitems = d->ndepends_on;
	fromp = from.ptr;
	rc = cli_change_edit(cli, c, d, &e, 1, &fromp);
	prio_buf_free(&from);
	free(items);
	return rc;
}

static int
reid(struct cli *cli, const char *arg, const char *message, bool no_commit)
{
	struct prio_reid r = { 0 };
	struct cli_change change;
	const struct prio_story *named = NULL;
	unsigned long num;
	char *new_id = NULL, *to = NULL;
	const char *base;
	size_t i, rewritten = 0;
	bool bmd;
	int rc;

	if ((rc = cli_change_begin(cli, &change, !no_commit)) != EXIT_OK)
		return rc;
	if ((rc = cli_load_backlog(cli, NULL, false)) != EXIT_OK)
		goto out;
	bmd = prio_config_foreign_dir(cli->backlog->config) != NULL;
	if (is_path(arg)) {
		if ((rc = find_by_path(cli, arg, &named)) != EXIT_OK)
			goto out;
		r.id = named->id;
	} else {
		if (!prio_config_id_valid(cli->backlog->config, arg, NULL)) {
			cli_error("'%s' is not a story ID or a story file; IDs "
			    "look like %s-42", arg,
			    cli->backlog->config->id_prefix);
			rc = EXIT_USAGE;
			goto out;
		}
		r.id = arg;
	}
	prio_reid_collect(&r, cli->backlog, r.id);
	if (r.ncands == 0) {
		cli_error("no story %s in this backlog; 'prio list --all' "
		    "shows them all", r.id);
		rc = EXIT_REFUSED;
		goto out;
	}
	if (r.ncands == 1) {
		cli_error("%s is the only story with ID %s; reid gives a fresh "
		    "ID to one of stories that share one", r.cands[0]->path,
		    r.id);
		rc = EXIT_REFUSED;
		goto out;
	}
	r.renamed = named;
	if (named == NULL) {
		if ((rc = read_history(cli, &r, true)) != EXIT_OK ||
		    (rc = pick_newest(&r)) != EXIT_OK)
			goto out;
	}
	prio_reid_collect_deps(&r, cli->backlog);
	if (r.ndeps > 0) {
		if ((rc = read_history(cli, &r, false)) != EXIT_OK)
			goto out;
		prio_reid_worktree_deps(&r, cli->repo, cli->backlog->config,
		    &cli->diags);
	}
	if (bmd) {
		new_id = cli_bmd_next_id(cli, strncasecmp(r.id, "draft-", 6) ==
		    0);
		to = bmd_path(cli->backlog->config, r.renamed, new_id);
		goto named;
	}
	if (prio_next_id(&num, cli->repo, cli->backlog->config->id_prefix,
	    &cli->diags) != PRIO_OK) {
		cli_error("%s", cli->diags.items[cli->diags.count - 1].message);
		rc = EXIT_FAILURE_;
		goto out;
	}
	/* As prio new: the work tree's front-matter ids count too. */
	for (i = 0; i < cli->backlog->nby_id; i++)
		if (cli->backlog->by_id[i]->id_num >= num)
			num = cli->backlog->by_id[i]->id_num + 1;
	new_id = prio_xasprintf("%s-%lu", cli->backlog->config->id_prefix,
	    num);
	if (!prio_story_id_valid(new_id, cli->backlog->config->id_prefix,
	    NULL)) {
		cli_error("no free ID: %s-%lu is the highest in use and IDs "
		    "have at most nine digits", cli->backlog->config->id_prefix,
		    num - 1);
		rc = EXIT_REFUSED;
		goto out;
	}
	to = new_path(r.renamed->path, cli->backlog->config->id_prefix,
	    new_id);
named:
	if ((rc = rename_story(cli, &change, &r, new_id, to)) != EXIT_OK)
		goto out;
	for (i = 0; i < r.ndeps && rc == EXIT_OK; i++)
		if (r.deps[i].meant == PRIO_MEANT_RENAMED) {
			rc = rewrite_dep(cli, &change, &r, r.deps[i].story,
			    new_id);
			rewritten++;
		}
	if (rc != EXIT_OK)
		goto out;
	base = strrchr(to, '/');
	prio_buf_addf(&change.summary, "reid %s as %s (%s", r.id, new_id,
	    base ? base + 1 : to);
	if (rewritten)
		prio_buf_addf(&change.summary, ", %zu %s rewritten",
		    rewritten, bmd ? "dependencies" : "depends-on");
	prio_buf_addch(&change.summary, ')');
	rc = cli_change_commit(cli, &change, message, no_commit);
	if (rc == EXIT_OK)
		fprintf(cli->out, "%s -> %s\n", r.renamed->path, to);
	for (i = 0; i < r.ndeps && rc == EXIT_OK; i++)
		if (r.deps[i].meant == PRIO_MEANT_EITHER)
			fprintf(stderr, "prio: note: %s (%s) depends on %s, "
			    "written where both stories could be meant; it "
			    "still names %s: check it\n", r.deps[i].story->id,
			    r.deps[i].story->path, r.id, r.id);
out:
	free(to);
	free(new_id);
	prio_reid_free(&r);
	cli_change_free(&change);
	return rc;
}

static int
run(struct cli *cli, int argc, char **argv)
{
	struct cli_getopt g = { 0 };
	const char *message = NULL, *target = NULL;
	bool no_commit = false;
	int c;

	while ((c = cli_getopt(cli, &g, argc, argv)) != -1) {
		if (c == 1 && target)
			return cli_usage_error(cli, "name one story to renumber, "
			    "not '%s' too", optarg);
		else if (c == 1)
			target = optarg;
		else if (c == 'm')
			message = optarg;
		else if (c == OPT_NO_COMMIT)
			no_commit = true;
		else if (!cli_commit_option(cli, c, optarg))
			return cli_bad_option(cli, c, argv);
	}
	if (optind < argc && target)
		return cli_usage_error(cli, "name one story to renumber, not "
		    "'%s' too", argv[optind]);
	if (optind < argc)
		target = argv[optind];
	if (target == NULL)
		return cli_usage_error(cli, "name the story to renumber: its "
		    "ID or its file");
	return reid(cli, target, message, no_commit);
}

static const struct cli_opt opts[] = {
	{ .include = cli_rationale_opts },
	{ .include = cli_no_commit_opts },
	{ .include = cli_commit_opts },
	{ 0 }
};

static const struct cli_operand operands[] = {
	{ "story ID or file", .complete = CLI_COMPLETE_ID_OR_FILE },
	{ 0 }
};

const struct cmd cmd_reid = {
	.name = "reid",
	.usage = "<id> | <path> -m <why> [--no-commit]",
	.summary = "Give one of two stories that share an ID a fresh ID, "
	    "as one commit",
	.help =
	    "The story gets the next free ID (as 'prio new' picks it): its "
	    "file is\nrenamed S-<new>-<slug>.md and its id set, and every "
	    "depends-on entry\nthat meant it is rewritten, in one commit.  "
	    "An entry meant the story its\nauthor could see: the one in "
	    "the commit that added the entry.  Entries\nthat could mean "
	    "either keep the old ID, and reid names them.\n\n"
	    "Given a path, that file is renamed.  Given an ID, the file "
	    "that joined\nthe current branch last is (one that came with a "
	    "merge joined at the\nmerge); when they joined together, give "
	    "the path.\n",
	.opts = opts,
	.operands = operands,
	.args_order = CLI_ARGS_INLINE,
	.flags = CMD_NEEDS_REPO,
	.run = run,
};
