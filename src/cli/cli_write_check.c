/*
 * Writes keep the backlog valid: before a command writes or commits a
 * story, what the write would bring into the backlog is checked, and a
 * story git does not track is not committed behind the user's back.
 *
 * Which rules run.  Every rule `prio check` runs: the new versions of
 * the written files are parsed (the rules one file breaks on its own),
 * and the rules between stories run over the loaded backlog with those
 * files put in (prio_check_write).  The backlog is loaded already, so
 * this costs one parse per written file, a merge of them into the
 * order, and two passes of the cross-story rules (before and after),
 * each linear in the stories and their dependencies: a few hundred
 * microseconds at 10,000 stories, against the 100 ms or more that a
 * commit of such a backlog takes, so no rule is skipped as one the
 * change "cannot affect" (a move can tie a rank or put a story ahead
 * of its dependency; an id or a depends-on can close a cycle anywhere).
 * Only the errors the write brings are refused; a problem the backlog
 * had before does not block a write that leaves it as it was.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "prio/check.h"

/* Orders pointers to paths by the paths. */
static int
cmp_path_ref(const void *a, const void *b)
{
	return strcmp(**(char *const *const *)a, **(char *const *const *)b);
}

/*
 * For each written path, the story b has at it, or NULL (a new file):
 * one pass over b, each story's path looked up among the written ones.
 */
static struct prio_story **
stories_at(const struct prio_backlog *b, char *const *paths, size_t n)
{
	struct prio_story **at = prio_xcalloc(n + 1, sizeof(*at));
	char *const **order = prio_xcalloc(n + 1, sizeof(*order));
	char *const *key, *const **found;
	size_t i;

	for (i = 0; i < n; i++)
		order[i] = &paths[i];
	qsort(order, n, sizeof(*order), cmp_path_ref);
	for (i = 0; i < b->count; i++) {
		key = &b->stories[i]->path;
		found = bsearch(&key, order, n, sizeof(*order), cmp_path_ref);
		if (found)
			at[*found - paths] = b->stories[i];
	}
	free(order);
	return at;
}

size_t
cli_write_errors(struct cli *cli, char *const *paths, char *const *data,
    const size_t *lens, size_t n, char *const *removes, size_t nremoves)
{
	struct prio_story_parser *parser =
	    prio_story_parser_new(cli->backlog->config, 0);
	struct prio_story **fresh = prio_xcalloc(n + 1, sizeof(*fresh));
	struct prio_diags file_diags = PRIO_DIAGS_INIT, out = PRIO_DIAGS_INIT;
	struct prio_write w = { fresh, n, &file_diags,
	    (const char *const *)removes, nremoves };
	size_t i, errors;

	for (i = 0; i < n; i++)
		fresh[i] = prio_story_parser_parse(parser, paths[i], data[i],
		    lens[i], &file_diags);
	prio_check_write(cli->backlog, &cli->diags, &w, &out);
	prio_diags_sort(&out);
	for (i = 0; i < out.count; i++)
		cli_error("%s:%u:%u: %s [%s]", out.items[i].path,
		    out.items[i].line, out.items[i].column,
		    out.items[i].message, out.items[i].rule);
	errors = out.count;
	for (i = 0; i < n; i++)
		prio_story_free(fresh[i]);
	free(fresh);
	prio_diags_free(&file_diags);
	prio_diags_free(&out);
	prio_story_parser_free(parser);
	return errors;
}

/* Whether path has conflict entries (stage 1 to 3) in index. */
static bool
conflicted(git_index *index, const char *path)
{
	int stage;

	for (stage = 1; stage <= 3; stage++)
		if (git_index_get_bypath(index, path, stage) != NULL)
			return true;
	return false;
}

/*
 * Refuses, after saying why, to commit s at path when git does not
 * track it.  Before the first commit a story must be staged (the
 * commit then carries it; README "Before the first commit"); on a
 * branch with history it must be committed.  Without this, a change
 * that leaves an untracked file's bytes as they are (a move to where
 * it stands, a set of the value it has) would commit the whole file.
 * A file in conflict is left to the commit's own refusal.
 */
static int
refuse_untracked(struct cli *cli, git_tree *head, const struct prio_story *s,
    const char *path)
{
	git_tree_entry *te = NULL;
	git_index *index = NULL;
	const git_index_entry *e;
	int rc = EXIT_REFUSED;

	if (head && git_tree_entry_bypath(&te, head, path) == 0) {
		git_tree_entry_free(te);
		return EXIT_OK;
	}
	git_error_clear();
	if (git_repository_index(&index, cli->repo) < 0) {
		cli_error("cannot read the index: %s", git_error_last() ?
		    git_error_last()->message : "unknown error");
		return EXIT_FAILURE_;
	}
	e = git_index_get_bypath(index, path, 0);
	if ((e == NULL && conflicted(index, path)) || (e && head == NULL))
		rc = EXIT_OK;
	else if (e == NULL && head == NULL)
		cli_error("cannot change %s: %s is not tracked by git; 'git "
		    "add' it first, and run the command again", s->id, path);
	else if (e == NULL)
		cli_error("cannot change %s: %s is not tracked by git; commit "
		    "it first ('git add' it, then 'git commit'), and run the "
		    "command again", s->id, path);
	else
		cli_error("cannot change %s: %s is staged but not committed; "
		    "commit it first ('git commit'), and run the command "
		    "again", s->id, path);
	git_index_free(index);
	git_error_clear();
	return rc;
}

static int
check_tracked(struct cli *cli, const struct cli_change *c)
{
	struct prio_story **at = stories_at(cli->backlog, c->paths, c->nfiles);
	git_commit *commit = NULL;
	git_tree *head = NULL;
	size_t i;
	int rc = EXIT_OK;

	if (!git_oid_is_zero(&c->base) && (git_commit_lookup(&commit,
	    cli->repo, &c->base) < 0 || git_commit_tree(&head, commit) < 0)) {
		cli_error("cannot read HEAD: %s", git_error_last() ?
		    git_error_last()->message : "unknown error");
		rc = EXIT_FAILURE_;
	}
	for (i = 0; i < c->nfiles && rc == EXIT_OK; i++)
		if (at[i])
			rc = refuse_untracked(cli, head, at[i], c->paths[i]);
	git_tree_free(head);
	git_commit_free(commit);
	free(at);
	return rc;
}

int
cli_change_check(struct cli *cli, const struct cli_change *c, bool no_commit)
{
	size_t errors;
	int rc;

	if (!no_commit && (rc = check_tracked(cli, c)) != EXIT_OK)
		return rc;
	errors = cli_write_errors(cli, c->paths, c->data, c->lens, c->nfiles,
	    c->removes, c->nremoves);
	if (errors == 0)
		return EXIT_OK;
	cli_error("nothing was changed: '%s' would bring the error%s above into "
	    "the backlog", c->summary.ptr, errors == 1 ? "" : "s");
	return EXIT_REFUSED;
}
