/* Helpers shared by the command files (see cli.h). */
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
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
	const char *on = getenv("PRIO_TRACE");

	if (on && *on && strcmp(on, "0") != 0)
		fprintf(stderr, "prio: trace: %zu story files, %zu parsed, %zu "
		    "from the cache\n", cli->backlog->count,
		    cli->backlog->parsed, cli->backlog->cached);
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

void
cli_note_problems(const struct cli *cli)
{
	size_t errors = prio_diags_count(&cli->diags, PRIO_SEV_ERROR);

	if (errors)
		cli_error("the backlog has %zu error%s; run 'prio check%s%s' "
		    "to see %s", errors, errors == 1 ? "" : "s",
		    cli->rev ? " --rev " : "", cli->rev ? cli->rev : "",
		    errors == 1 ? "it" : "them");
}

void
cli_setup_pager(struct cli *cli)
{
	const char *pager = getenv("PRIO_PAGER");
	FILE *p;

	if (!isatty(STDOUT_FILENO))
		return;
	if (pager == NULL)
		pager = getenv("PAGER");
	if (pager == NULL)
		pager = "less";
	if (*pager == '\0' || strcmp(pager, "cat") == 0)
		return;
	setenv("LESS", "FRX", 0);
	setenv("LV", "-c", 0);
	fflush(stdout);
	if ((p = popen(pager, "w")) == NULL)
		return;
	cli->out = p;
	cli->paged = true;
}

void
cli_end_pager(struct cli *cli)
{
	if (!cli->paged)
		return;
	pclose(cli->out);
	cli->out = stdout;
	cli->paged = false;
}

size_t
cli_width(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

void
cli_puts(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p; p++) {
		if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
			fputc('?', out);
			p++;
		} else if ((*p < 0x20 && *p != '\n' && *p != '\t') ||
		    *p == 0x7f)
			fputc('?', out);
		else
			fputc(*p, out);
	}
}

void
cli_pad(FILE *out, const char *s, size_t width, bool right)
{
	size_t w = cli_width(s);

	if (right)
		for (; w < width; w++)
			fputc(' ', out);
	cli_puts(out, s);
	if (!right)
		for (; w < width; w++)
			fputc(' ', out);
}

const char *
cli_bold(const struct cli *cli)
{
	return cli->color ? "\033[1m" : "";
}

const char *
cli_dim(const struct cli *cli)
{
	return cli->color ? "\033[2m" : "";
}

const char *
cli_reset(const struct cli *cli)
{
	return cli->color ? "\033[m" : "";
}

int
cli_bad_option(struct cli *cli, int c, char **argv, const char *shorts)
{
	const char *arg = argv[optind - 1];

	if (c == ':')
		return cli_usage_error(cli, "option '%s' needs a value", arg);
	if (optopt == 0)
		return cli_usage_error(cli, "unknown option '%s'", arg);
	if (optopt < 0x100 && strchr(shorts, optopt) == NULL)
		return cli_usage_error(cli, "unknown option '-%c'", optopt);
	return cli_usage_error(cli, "option '%.*s' takes no value",
	    (int)strcspn(arg, "="), arg);
}

int
cli_find_story(struct cli *cli, const char *id, struct prio_story **out)
{
	const struct prio_config *cfg = cli->backlog->config;

	if (!prio_config_id_valid(cfg, id, NULL)) {
		cli_error("'%s' is not a story ID; IDs look like %s-42", id,
		    cfg->id_prefix);
		return EXIT_USAGE;
	}
	if ((*out = prio_backlog_find(cli->backlog, id)) == NULL) {
		cli_error("no story %s in this backlog; 'prio list --all' "
		    "shows them all", id);
		return EXIT_REFUSED;
	}
	return EXIT_OK;
}
