/*
 * The setup that sends story merges to `prio merge-file` (SPEC §8.2):
 * the .gitattributes line and merge.prio.* in the repository's config,
 * for prio init and prio hook install/uninstall.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "prio/backlog.h"
#include "prio/buf.h"
#include "prio/config.h"
#include "prio/dialect.h"
#include "prio/error.h"
#include "prio/source.h"

#define DRIVER_NAME "prio: stories merge key by key (prio merge-file)"
#define ATTR_MAX 8

/*
 * The .gitattributes lines for the work tree's backlog: one per folder
 * of story files of its dialect (prio/dialect.h) under its folder: the
 * .md files in backlog/stories/ and below it in prio's own format; those
 * at the top of backlog/tasks/, drafts/ and completed/ in a Backlog.md
 * project.  Not archive/: its files are IDs kept, not stories worked on.
 * Without a config (a bare start, a config that does not parse), prio's
 * own folders.  Returns how many lines (allocated) are in lines.
 */
static size_t
attr_lines(git_repository *repo, char *lines[ATTR_MAX])
{
	struct prio_diags ignored = PRIO_DIAGS_INIT;
	struct prio_source *src = NULL;
	struct prio_config *cfg = NULL;
	const struct prio_dialect *d = prio_dialect_prio();
	const char *dir = d->default_dir;
	size_t i, n = 0;

	if (prio_source_worktree(&src, repo, &ignored) == PRIO_OK &&
	    prio_config_load(&cfg, src, &ignored) == PRIO_OK) {
		d = cfg->dialect;
		dir = cfg->dir;
	}
	for (i = 0; i < d->nfolders && n < ATTR_MAX; i++)
		if (d->folders[i].use != PRIO_FOLDER_ARCHIVE)
			lines[n++] = prio_xasprintf("%s/%s/%s*.md merge=prio",
			    dir, d->folders[i].dir, d->folders[i].recursive ?
			    "**/" : "");
	prio_config_free(cfg);
	prio_source_free(src);
	prio_diags_free(&ignored);
	return n;
}

/* Whether text has line, alone on a line (blanks around it allowed). */
static bool
has_attr_line(const char *text, size_t len, const char *line, size_t *from,
    size_t *to)
{
	const char *p = text, *end = text + len, *nl, *a, *b;
	size_t n = strlen(line);

	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		for (a = p; a < nl && (*a == ' ' || *a == '\t'); a++)
			;
		for (b = nl; b > a && (b[-1] == ' ' || b[-1] == '\t' ||
		    b[-1] == '\r'); b--)
			;
		if ((size_t)(b - a) == n && memcmp(a, line, n) == 0) {
			*from = (size_t)(p - text);
			*to = nl < end ? (size_t)(nl + 1 - text) : len;
			return true;
		}
		if (nl == end)
			break;
	}
	return false;
}

/* Adds (or, add false, removes) line in text (*b), keeping its line
 * ending; whether it did. */
static bool
edit_attr_line(struct prio_buf *b, const char *line, bool add)
{
	struct prio_buf out = PRIO_BUF_INIT;
	size_t from, to;
	bool crlf;

	if (has_attr_line(b->ptr, b->len, line, &from, &to) == add)
		return false;
	if (add) {
		crlf = b->len > 0 && memchr(b->ptr, '\r', b->len) != NULL;
		prio_buf_add(&out, b->ptr, b->len);
		if (b->len > 0 && b->ptr[b->len - 1] != '\n')
			prio_buf_adds(&out, crlf ? "\r\n" : "\n");
		prio_buf_addf(&out, "%s%s", line, crlf ? "\r\n" : "\n");
	} else {
		prio_buf_add(&out, b->ptr, from);
		prio_buf_add(&out, b->ptr + to, b->len - to);
	}
	prio_buf_free(b);
	*b = out;
	return true;
}

/* Adds (or, add false, removes) the lines in the work tree's
 * .gitattributes, each saying so.  Returns an exit code. */
static int
edit_attributes(struct cli *cli, bool add)
{
	char *path = prio_xasprintf("%s.gitattributes",
	    git_repository_workdir(cli->repo));
	struct prio_buf b = PRIO_BUF_INIT;
	char *lines[ATTR_MAX];
	bool changed[ATTR_MAX], any = false;
	size_t i, n = attr_lines(cli->repo, lines);
	int rc = EXIT_OK;

	if (cli_read_whole(path, &b) != 0) {
		cli_error("cannot read .gitattributes: %s", strerror(errno));
		rc = EXIT_FAILURE_;
		goto out;
	}
	for (i = 0; i < n; i++)
		any |= changed[i] = edit_attr_line(&b, lines[i], add);
	if (!any)
		goto out;
	if (!add && b.len == 0 ? unlink(path) != 0 :
	    cli_write_whole(path, b.ptr, b.len) != 0) {
		cli_error("cannot write .gitattributes: %s", strerror(errno));
		rc = EXIT_FAILURE_;
		goto out;
	}
	for (i = 0; i < n; i++)
		if (changed[i])
			fprintf(cli->out, "%s '%s' %s .gitattributes\n", add ?
			    "added" : "removed", lines[i], add ? "to" : "from");
out:
	for (i = 0; i < n; i++)
		free(lines[i]);
	prio_buf_free(&b);
	free(path);
	return rc;
}

/* The driver's command line: this prio's absolute path, quoted for sh
 * (as the hooks record it), then git's placeholders. */
static char *
driver_command(void)
{
	struct prio_buf b = PRIO_BUF_INIT;
	char *self = cli_self_path(), *p;

	prio_buf_addch(&b, '\'');
	for (p = self; *p; p++)
		if (*p == '\'')
			prio_buf_adds(&b, "'\\''");
		else
			prio_buf_addch(&b, *p);
	prio_buf_adds(&b, "' merge-file --marker-size %L %O %A %B %P");
	free(self);
	return prio_buf_detach(&b, NULL);
}

static int
local_config(git_repository *repo, git_config **out)
{
	git_config *all = NULL;
	int err;

	*out = NULL;
	err = git_repository_config(&all, repo);
	if (err == 0)
		err = git_config_open_level(out, all,
		    GIT_CONFIG_LEVEL_LOCAL);
	git_config_free(all);
	if (err != 0) {
		cli_error("cannot open the repository's git config: %s",
		    git_error_last() ? git_error_last()->message : "?");
		return EXIT_FAILURE_;
	}
	return EXIT_OK;
}

/* Sets (or removes) merge.prio.name and merge.prio.driver in the
 * repository's own config; *changed says whether anything changed. */
static int
edit_config(git_repository *repo, bool add, bool *changed)
{
	git_config *cfg = NULL;
	git_buf have = { 0 };
	char *want = driver_command();
	int rc, had;

	*changed = false;
	if ((rc = local_config(repo, &cfg)) != EXIT_OK)
		goto out;
	had = git_config_get_string_buf(&have, cfg, "merge.prio.driver") ==
	    0;
	git_error_clear();
	if (add && !(had && strcmp(have.ptr, want) == 0)) {
		if (git_config_set_string(cfg, "merge.prio.name",
		    DRIVER_NAME) != 0 || git_config_set_string(cfg,
		    "merge.prio.driver", want) != 0)
			goto fail;
		*changed = true;
	} else if (!add) {
		if (git_config_delete_entry(cfg, "merge.prio.name") != 0)
			git_error_clear();
		if (had && git_config_delete_entry(cfg,
		    "merge.prio.driver") != 0)
			goto fail;
		*changed = had;
	}
	goto out;
fail:
	cli_error("cannot write the repository's git config: %s",
	    git_error_last() ? git_error_last()->message : "?");
	rc = EXIT_FAILURE_;
out:
	git_buf_dispose(&have);
	git_config_free(cfg);
	free(want);
	return rc;
}

int
cli_merge_driver_setup(struct cli *cli, bool add)
{
	bool config = false;
	int rc;

	if (git_repository_workdir(cli->repo) == NULL)
		return EXIT_OK;
	if ((rc = edit_attributes(cli, add)) != EXIT_OK ||
	    (rc = edit_config(cli->repo, add, &config)) != EXIT_OK)
		return rc;
	if (config)
		fprintf(cli->out, "%s merge.prio.driver%s\n", add ? "set" :
		    "removed", add ? ": stories merge key by key "
		    "(prio merge-file)" : "");
	return EXIT_OK;
}
