/*
 * Loading the backlog a command works on, and finding a story in it by
 * what the user typed (cli.h).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "cli_out.h"
#include "prio/buf.h"
#include "prio/check.h"
#include "prio/error.h"

static void
print_config_diags(const struct prio_diags *d)
{
	size_t i;

	for (i = 0; i < d->count; i++)
		if (d->items[i].severity == PRIO_SEV_ERROR)
			fprintf(stderr, "%s:%u:%u: error: %s\n",
			    d->items[i].path, d->items[i].line,
			    d->items[i].column, d->items[i].message);
}

static int
open_source(struct cli *cli, const char *rev, bool staged)
{
	int rc;

	if (rev)
		rc = prio_source_tree(&cli->source, cli->repo, rev, &cli->diags);
	else if (staged && git_repository_is_bare(cli->repo)) {
		cli_error("this repository is bare: it has no index to check; "
		    "use --rev <rev> to check a commit");
		return EXIT_USAGE;
	} else if (staged && cli->index) {
		prio_source_index_of(&cli->source, cli->repo, cli->index);
		rc = PRIO_OK;
	} else if (staged)
		rc = prio_source_index(&cli->source, cli->repo, &cli->diags);
	else if (git_repository_is_bare(cli->repo)) {
		cli_error("this repository is bare: there is no work tree to "
		    "read; use --rev <rev> to read a commit");
		return EXIT_USAGE;
	} else
		rc = prio_source_worktree(&cli->source, cli->repo, &cli->diags);
	if (rc == PRIO_OK)
		return EXIT_OK;
	if (cli_fetch_error(cli, rc))
		return EXIT_REFUSED;
	cli_error("%s", cli->diags.count ?
	    cli->diags.items[cli->diags.count - 1].message : "cannot read");
	return rc == PRIO_ENOTFOUND ? EXIT_USAGE : EXIT_FAILURE_;
}

/* Parsed stories are kept in the git directory, like git's own index:
 * the work tree's by stat data, the index's and commits' by blob id
 * (shared with prio diff).  PRIO_NO_CACHE=1 turns both off. */
static char *
cache_path(const struct cli *cli, const char *rev, bool staged)
{
	const char *off = getenv("PRIO_NO_CACHE");

	if (off && *off && strcmp(off, "0") != 0)
		return NULL;
	return prio_xasprintf("%sprio/%s.cache",
	    git_repository_path(cli->repo), rev || staged ? "blobs" :
	    "stories");
}

/* PRIO_TRACE=1: say where the stories came from, for performance work. */
static void
trace_load(const struct cli *cli)
{
	cli_trace(1, "%zu story files, %zu parsed, %zu from the cache",
	    cli->backlog->count, cli->backlog->parsed, cli->backlog->cached);
}

int
cli_load_backlog(struct cli *cli, const char *rev, bool staged)
{
	char *cache;
	int rc = open_source(cli, rev, staged);

	cli->rev = rev;
	if (rc != EXIT_OK)
		return rc;
	cache = cache_path(cli, rev, staged);
	rc = prio_backlog_load_cached(&cli->backlog, cli->source, cache,
	    &cli->diags);
	free(cache);
	switch (rc) {
	case PRIO_OK:
		trace_load(cli);
		return EXIT_OK;
	case PRIO_ENOTFOUND:
		if (rev)
			cli_error("no backlog in %s: it has no %s", rev,
			    PRIO_CONFIG_PATH);
		else
			cli_error("no backlog here: %s not found in %s; run "
			    "'prio init' to create one", PRIO_CONFIG_PATH,
			    staged ? "the index" : "the work tree");
		return EXIT_USAGE;
	case PRIO_ECONFIG:
		print_config_diags(&cli->diags);
		cli_error("the backlog's config is wrong; fix %s",
		    cli->diags.count && cli->diags.items[0].path ?
		    cli->diags.items[0].path : PRIO_CONFIG_PATH);
		return EXIT_USAGE;
	case PRIO_EFETCH:
		cli_fetch_error(cli, rc);
		return EXIT_REFUSED;
	default:
		cli_error("cannot read the backlog: %s", cli->diags.count ?
		    cli->diags.items[cli->diags.count - 1].message :
		    "unknown error");
		return EXIT_FAILURE_;
	}
}

void
cli_unload_backlog(struct cli *cli)
{
	prio_backlog_free(cli->backlog);
	cli->backlog = NULL;
	prio_source_free(cli->source);
	cli->source = NULL;
	prio_diags_free(&cli->diags);
	cli->rev = NULL;
}

/*
 * The count is prio check's: the errors loading found in each file, and
 * those of the rules between stories (duplicate-id, missing-dependency,
 * dependency-cycle, and any the config makes errors), with the
 * config's severities; warnings are not counted, as the line says.
 */
void
cli_note_problems(const struct cli *cli)
{
	struct prio_diags cross = PRIO_DIAGS_INIT;
	size_t errors;

	prio_check_backlog(cli->backlog, &cross);
	errors = prio_diags_count(&cli->diags, PRIO_SEV_ERROR) +
	    prio_diags_count(&cross, PRIO_SEV_ERROR);
	prio_diags_free(&cross);

	if (errors)
		cli_error("the backlog has %zu error%s; run 'prio check%s%s' "
		    "to see %s", errors, errors == 1 ? "" : "s",
		    cli->rev ? " --rev " : "", cli->rev ? cli->rev : "",
		    errors == 1 ? "it" : "them");
}

/*
 * A file named for id ("S-42.md", "S-42-slug.md") that could not be read
 * as a story, so "no such story" does not mislead; NULL if none.
 */
static struct prio_story *
unreadable_file(const struct prio_backlog *b, const char *id)
{
	const char *base;
	size_t i, n = strlen(id);

	for (i = 0; i < b->count; i++) {
		if (b->stories[i]->id != NULL)
			continue;
		base = strrchr(b->stories[i]->path, '/');
		base = base ? base + 1 : b->stories[i]->path;
		/* S-3-slug.md, or Backlog.md's "back-3 - Title.md" in any
		 * case. */
		if (strlen(base) > n && strncasecmp(base, id, n) == 0 &&
		    (base[n] == '-' || base[n] == ' ' ||
		    strcmp(base + n, ".md") == 0))
			return b->stories[i];
	}
	return NULL;
}

/*
 * Finding a story by what the user typed: an ID, or a path to its file.
 *
 * An argument with a '/' or ending in ".md" is a path: relative to the
 * current directory, else to the top of the repository (or absolute),
 * or a bare file name that only one story file has.  It is resolved as
 * text ("." and ".." and repeated '/' folded) and matched against the
 * paths the backlog was loaded from, so no file is opened for it and
 * "../../etc/passwd" reads nothing.  A path that leads outside the
 * backlog's story folder cannot name a story: a usage error (exit 2),
 * as a malformed ID is; a path inside it that holds no story is an
 * unknown story (exit 1), as an unknown ID is.
 *
 * An ID that two files carry (duplicate-id, from two branches that
 * each minted it) names neither: acting on one of them silently would
 * be a guess, so the command refuses (exit 1), names the files, and
 * says how to pick one (its path) or end the clash ('prio reid').
 */

static bool
looks_like_path(const char *arg)
{
	size_t n = strlen(arg);

	return strchr(arg, '/') != NULL ||
	    (n >= 3 && strcmp(arg + n - 3, ".md") == 0);
}

/* path with "." and ".." and repeated '/' folded, as text; NULL when
 * ".." climbs above its start.  A leading '/' is kept.  Allocated. */
static char *
fold_path(const char *path)
{
	struct prio_buf out = PRIO_BUF_INIT;
	const char *p = path, *end;
	size_t len, cut;

	if (*p == '/')
		prio_buf_addch(&out, '/');
	while (*p) {
		while (*p == '/')
			p++;
		if (*p == '\0')
			break;
		end = strchr(p, '/');
		len = end ? (size_t)(end - p) : strlen(p);
		if (len == 2 && p[0] == '.' && p[1] == '.') {
			if (out.len == 0 || strcmp(out.ptr, "/") == 0) {
				prio_buf_free(&out);
				return NULL;
			}
			cut = out.len - 1;
			while (cut > 0 && out.ptr[cut - 1] != '/')
				cut--;
			prio_buf_truncate(&out, cut);
		} else if (!(len == 1 && p[0] == '.')) {
			prio_buf_add(&out, p, len);
			prio_buf_addch(&out, '/');
		}
		p += len;
	}
	if (out.len > 1 && out.ptr[out.len - 1] == '/')
		prio_buf_truncate(&out, out.len - 1);
	return prio_buf_detach(&out, NULL);
}

/* rel below root ("root/rel"), or NULL when abs is not under root. */
static const char *
below(const char *abs, const char *root)
{
	size_t n = strlen(root);

	while (n > 1 && root[n - 1] == '/')
		n--;
	if (strncmp(abs, root, n) != 0 || abs[n] != '/')
		return NULL;
	return abs + n + 1;
}

/*
 * arg as a path from the top of the work tree, read from the current
 * directory (both as realpath() spells them, so a symlinked checkout
 * compares); NULL when it is outside the work tree or there is none.
 * Allocated.
 */
static char *
from_cwd(const struct cli *cli, const char *arg)
{
	const char *workdir = git_repository_workdir(cli->repo), *rel;
	char *top = NULL, *cwd = NULL, *abs, *folded, *out = NULL;

	if (workdir == NULL || (top = realpath(workdir, NULL)) == NULL)
		return NULL;
	if (*arg == '/')
		abs = prio_xstrdup(arg);
	else if ((cwd = realpath(".", NULL)) != NULL)
		abs = prio_xasprintf("%s/%s", cwd, arg);
	else
		abs = NULL;
	folded = abs ? fold_path(abs) : NULL;
	if (folded && (rel = below(folded, top)) != NULL)
		out = prio_xstrdup(rel);
	free(folded);
	free(abs);
	free(cwd);
	free(top);
	return out;
}

static struct prio_story *
story_at(const struct prio_backlog *b, const char *path)
{
	size_t i;

	for (i = 0; path && i < b->count; i++)
		if (strcmp(b->stories[i]->path, path) == 0)
			return b->stories[i];
	return NULL;
}

/* The one story file whose name is base; NULL when none, or (with
 * *many set) more than one. */
static struct prio_story *
story_named(const struct prio_backlog *b, const char *base, bool *many)
{
	struct prio_story *found = NULL;
	const char *name;
	size_t i;

	*many = false;
	for (i = 0; i < b->count; i++) {
		name = strrchr(b->stories[i]->path, '/');
		name = name ? name + 1 : b->stories[i]->path;
		if (strcmp(name, base) != 0)
			continue;
		if (found)
			*many = true;
		found = b->stories[i];
	}
	return *many ? NULL : found;
}

/* Whether path (from the top) is inside the backlog's story folder. */
static bool
in_story_folder(const struct prio_config *cfg, const char *path)
{
	char *dir = prio_config_story_root(cfg);
	size_t n = strlen(dir);
	bool in = path && strncmp(path, dir, n) == 0 && path[n] == '/';

	free(dir);
	return in;
}

int
cli_find_story_file(struct cli *cli, const char *arg, struct prio_story **out)
{
	const struct prio_config *cfg = cli->backlog->config;
	char *dir = prio_config_story_root(cfg);
	char *cwd_rel = from_cwd(cli, arg);
	char *top_rel = *arg == '/' ? NULL : fold_path(arg);
	bool many = false;
	int rc = EXIT_OK;

	if ((*out = story_at(cli->backlog, cwd_rel)) == NULL &&
	    (*out = story_at(cli->backlog, top_rel)) == NULL &&
	    strchr(arg, '/') == NULL)
		*out = story_named(cli->backlog, arg, &many);
	if (*out == NULL && many) {
		cli_error("more than one story file is named '%s'; give its "
		    "path, as 'prio check' shows it", arg);
		rc = EXIT_REFUSED;
	} else if (*out == NULL && !in_story_folder(cfg, cwd_rel) &&
	    !in_story_folder(cfg, top_rel)) {
		cli_error("'%s' is not in %s/, where the story files are; "
		    "name a story by its ID or by the path of its file", arg,
		    dir);
		rc = EXIT_USAGE;
	} else if (*out == NULL) {
		cli_error("no story file %s in this backlog; 'prio list "
		    "--all' shows them all", in_story_folder(cfg, cwd_rel) ?
		    cwd_rel : top_rel);
		rc = EXIT_REFUSED;
	} else if ((*out)->id == NULL) {
		cli_error("%s cannot be read as a story: it has errors; run "
		    "'prio check' to see them", (*out)->path);
		*out = NULL;
		rc = EXIT_REFUSED;
	}
	free(cwd_rel);
	free(top_rel);
	free(dir);
	return rc;
}

/* Refuses an ID that more than one file carries (check: duplicate-id),
 * naming the files; EXIT_OK when s is the only one. */
static int
refuse_shared(const struct cli *cli, const char *arg,
    const struct prio_story *s)
{
	const struct prio_backlog *b = cli->backlog;
	size_t i, lo = 0, n = 0;

	while (lo < b->nby_id && b->by_id[lo] != s)
		lo++;
	while (lo + n < b->nby_id && b->by_id[lo + n]->id_num == s->id_num)
		n++;
	if (n < 2)
		return EXIT_OK;
	fprintf(stderr, "prio: %s names ", arg);
	if (n == 2)
		fprintf(stderr, "two files: ");
	else
		fprintf(stderr, "%zu files: ", n);
	for (i = 0; i < n; i++)
		fprintf(stderr, "%s%s", i == 0 ? "" : i + 1 < n ? ", " :
		    " and ", b->by_id[lo + i]->path);
	fprintf(stderr, "; give the path of one, or renumber one with "
	    "'prio reid'\n");
	return EXIT_REFUSED;
}

/* Why the file of id cannot be read.  In a Backlog.md project, its
 * first error with line and column, as Backlog.md names a bad task
 * itself; prio's own format keeps the pointer to prio check. */
static void
refuse_unreadable(const struct cli *cli, const char *id,
    const struct prio_story *s)
{
	const struct prio_diag *d;
	size_t i;

	for (i = 0; prio_config_foreign_dir(cli->backlog->config) &&
	    i < cli->diags.count; i++) {
		d = &cli->diags.items[i];
		if (d->severity == PRIO_SEV_ERROR && strcmp(d->path, s->path) ==
		    0) {
			cli_error("%s cannot be read as a story: %s:%u:%u: %s",
			    id, d->path, d->line, d->column, d->message);
			return;
		}
	}
	cli_error("%s cannot be read as a story: %s has errors; run 'prio "
	    "check' to see them", id, s->path);
}

int
cli_find_story(struct cli *cli, const char *id, struct prio_story **out)
{
	const struct prio_config *cfg = cli->backlog->config;
	const struct prio_story *s;
	int rc;

	if (looks_like_path(id))
		return cli_find_story_file(cli, id, out);
	if (!prio_config_id_valid(cfg, id, NULL)) {
		cli_error("'%s' is not a story ID; IDs look like %s-42", id,
		    cfg->id_prefix);
		return EXIT_USAGE;
	}
	if ((*out = prio_backlog_find(cli->backlog, id)) == NULL) {
		/* A story in merge conflict (markers in the file) has no
		 * ID to find it by, but it is there. */
		if ((s = unreadable_file(cli->backlog, id)) != NULL)
			refuse_unreadable(cli, id, s);
		else
			cli_error("no story %s in this backlog; 'prio list "
			    "--all' shows them all", id);
		return EXIT_REFUSED;
	}
	if ((rc = refuse_shared(cli, id, *out)) != EXIT_OK)
		*out = NULL;
	return rc;
}
