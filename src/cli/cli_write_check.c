/*
 * Writes keep the backlog valid: before a command writes or commits a
 * story, the errors the write would bring into the backlog are refused,
 * and a story git does not track is not committed behind the user's
 * back.
 *
 * What is checked.  The new versions of the written files are parsed
 * (the rules one file breaks on its own), and the rules between
 * stories run over the loaded backlog with those files put in, as far
 * as the write can break them (prio_check_write; check.c says which
 * and why).  The backlog is loaded already, so a move costs the parse
 * of one file.  Only the errors the write brings are refused: a problem
 * the backlog had before does not block a write that leaves it as it
 * was.  When the write is committed, also what only the commit has
 * wrong: a written story git does not track, and a new dependency on a
 * story whose file the commit would lack (the rules read the work
 * tree; the commit is HEAD with the written files).
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_change.h"
#include "prio/check.h"
#include "prio/rules.h"

/*
 * The errors writing the n files and removing the nremoves ones would
 * bring, into out.  fresh (n slots) gets the new versions, parsed (the
 * caller frees them), old (n slots, or NULL) the backlog's story at
 * each written path (NULL: a new file).
 */
static void
check_write(struct cli *cli, char *const *paths, char *const *data,
    const size_t *lens, size_t n, char *const *removes, size_t nremoves,
    struct prio_story **fresh, const struct prio_story **old,
    struct prio_diags *out)
{
	struct prio_story_parser *parser =
	    prio_story_parser_new(cli->backlog->config, 0);
	struct prio_diags file_diags = PRIO_DIAGS_INIT;
	struct prio_write w = { fresh, n, &file_diags,
	    (const char *const *)removes, nremoves, old };
	size_t i;

	for (i = 0; i < n; i++)
		fresh[i] = prio_story_parser_parse(parser, paths[i], data[i],
		    lens[i], &file_diags);
	prio_check_write(cli->backlog, &cli->diags, &w, out);
	prio_diags_free(&file_diags);
	prio_story_parser_free(parser);
}

static void
free_stories(struct prio_story **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		prio_story_free(v[i]);
	free(v);
}

static size_t
print_errors(struct prio_diags *d)
{
	size_t i;

	prio_diags_sort(d);
	for (i = 0; i < d->count; i++)
		cli_error("%s:%u:%u: %s [%s]", d->items[i].path,
		    d->items[i].line, d->items[i].column, d->items[i].message,
		    d->items[i].rule);
	return d->count;
}

static bool
has_path(const git_tree *head, const char *path)
{
	git_tree_entry *te = NULL;

	if (git_tree_entry_bypath(&te, head, path) < 0) {
		git_error_clear();
		return false;
	}
	git_tree_entry_free(te);
	return true;
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
	git_index *index = NULL;
	const git_index_entry *e;
	int rc = EXIT_REFUSED;

	if (head && has_path(head, path))
		return EXIT_OK;
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

/* The paths a write writes. */
struct paths {
	char *const *v;
	size_t n;
};

static bool
written(const struct paths *w, const char *path)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		if (strcmp(w->v[i], path) == 0)
			return true;
	return false;
}

/*
 * The rules run on the work tree, but the commit records HEAD with the
 * written files: a new dependency on a story whose file is in the work
 * tree and not in HEAD (a story being drafted) would be a missing
 * dependency in the commit, which prio check --staged (the pre-commit
 * hook) refuses.  Only new dependencies: one the story had is there
 * before.  Only with history (before the first commit, what is staged
 * goes in).
 */
static void
uncommitted_deps(struct cli *cli, const struct paths *w, git_tree *head, const struct prio_story *s, const struct prio_story *old,
    struct prio_diags *out)
{
	enum prio_severity sev = cli->backlog->config->severity[
	    PRIO_RULE_MISSING_DEPENDENCY];
	const struct prio_story *d;
	size_t i;

	for (i = 0; head && sev == PRIO_SEV_ERROR && i < s->ndepends_on; i++) {
		const char *id = s->depends_on[i];

		if ((old && prio_strv_has(old->depends_on, old->ndepends_on,
		    id)) || (d = prio_backlog_find(cli->backlog, id)) == NULL ||
		    written(w, d->path) || has_path(head, d->path))
			continue;
		prio_diags_add(out, sev, prio_rule_name(
		    PRIO_RULE_MISSING_DEPENDENCY), s->path,
		    s->depends_on_pos.line ? s->depends_on_pos.line : 1,
		    s->depends_on_pos.line ? s->depends_on_pos.column : 1,
		    "depends on '%s', whose file %s is not committed, so the "
		    "commit would lack it; commit %s first", s->depends_on[i],
		    d->path, d->id);
	}
}

/*
 * What only the commit can have wrong: a written story git does not
 * track (refused here), a new dependency on an uncommitted story (added
 * to out).
 */
static int
check_commit(struct cli *cli, const git_oid *base, const struct paths *w,
    struct prio_story *const *fresh, const struct prio_story **old,
    struct prio_diags *out)
{
	git_commit *commit = NULL;
	git_tree *head = NULL;
	size_t i;
	int rc = EXIT_OK;

	if (!git_oid_is_zero(base) && (git_commit_lookup(&commit, cli->repo,
	    base) < 0 || git_commit_tree(&head, commit) < 0)) {
		cli_error("cannot read HEAD: %s", git_error_last() ?
		    git_error_last()->message : "unknown error");
		rc = EXIT_FAILURE_;
	}
	for (i = 0; i < w->n && rc == EXIT_OK; i++)
		if (old[i])
			rc = refuse_untracked(cli, head, old[i], w->v[i]);
	for (i = 0; i < w->n && rc == EXIT_OK; i++)
		if (fresh[i]->ndepends_on)
			uncommitted_deps(cli, w, head, fresh[i], old[i], out);
	git_tree_free(head);
	git_commit_free(commit);
	return rc;
}

/*
 * The write's errors printed, their count into *errors; base (NULL:
 * nothing is committed) is the commit the write goes on.  Returns an
 * exit code: not EXIT_OK when a written story is not tracked or HEAD
 * cannot be read (said).
 */
static int
write_check(struct cli *cli, const git_oid *base, char *const *paths,
    char *const *data, const size_t *lens, size_t n, char *const *removes,
    size_t nremoves, size_t *errors)
{
	struct prio_story **fresh = prio_xcalloc(n + 1, sizeof(*fresh));
	const struct prio_story **old = prio_xcalloc(n + 1, sizeof(*old));
	struct prio_diags out = PRIO_DIAGS_INIT;
	struct paths w = { paths, n };
	int rc = EXIT_OK;

	*errors = 0;
	check_write(cli, paths, data, lens, n, removes, nremoves, fresh, old,
	    &out);
	if (base)
		rc = check_commit(cli, base, &w, fresh, old, &out);
	if (rc == EXIT_OK)
		*errors = print_errors(&out);
	prio_diags_free(&out);
	free_stories(fresh, n);
	free(old);
	return rc;
}

size_t
cli_write_errors(struct cli *cli, const git_oid *base, char *const *paths,
    char *const *data, const size_t *lens, size_t n)
{
	size_t errors;

	if (write_check(cli, base, paths, data, lens, n, NULL, 0, &errors) !=
	    EXIT_OK)
		return 1;
	return errors;
}

int
cli_change_check(struct cli *cli, const struct cli_change *c, bool no_commit)
{
	size_t errors;
	int rc;

	rc = write_check(cli, no_commit ? NULL : &c->base, c->paths, c->data,
	    c->lens, c->nfiles, c->removes, c->nremoves, &errors);
	if (rc == EXIT_OK && errors > 0) {
		cli_error("nothing was changed: '%s' would bring the error%s "
		    "above into the backlog", c->summary.ptr, errors == 1 ?
		    "" : "s");
		rc = EXIT_REFUSED;
	}
	return rc;
}
