/* prio report — one self-contained HTML page: the backlog and charts. */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "prio/error.h"
#include "prio/report.h"
#include "prio/stats.h"

/* templates/report.html, compiled in (tools/embed, see the Makefile). */
extern const char prio_report_template[];
extern const size_t prio_report_template_len;

/* Long-only options of this command. */
enum { OPT_SINCE = 0x200, OPT_TEMPLATE, OPT_TITLE };

#define TEMPLATE_MAX (16 * 1024 * 1024)

/* Reads a template file into b; an exit code. */
static int
read_template(const char *path, struct prio_buf *b)
{
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t n;

	if (f == NULL) {
		cli_error("cannot read the template '%s': %s; name an HTML "
		    "file, or leave --template out", path, strerror(errno));
		return EXIT_USAGE;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0 &&
	    b->len + n <= TEMPLATE_MAX)
		prio_buf_add(b, chunk, n);
	if (ferror(f) || n > 0) {
		cli_error("cannot read the template '%s': %s", path, ferror(f) ?
		    strerror(errno) : "it is over 16 MiB");
		fclose(f);
		return EXIT_USAGE;
	}
	fclose(f);
	return EXIT_OK;
}

/* Writes the page to path ("-": stdout) through a temporary file and a
 * rename, so a reader never sees half a page. */
static int
write_page(struct cli *cli, const char *path, const struct prio_buf *page)
{
	char *tmp;
	FILE *f;
	mode_t mask;
	int fd, err = 0;

	if (strcmp(path, "-") == 0) {
		fwrite(page->ptr, 1, page->len, cli->out);
		return EXIT_OK;
	}
	tmp = prio_xasprintf("%s.tmp-XXXXXX", path);
	if ((fd = mkstemp(tmp)) < 0 || (f = fdopen(fd, "wb")) == NULL) {
		cli_error("cannot write '%s': %s; check that its folder exists "
		    "and is writable", path, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(tmp);
		}
		free(tmp);
		return EXIT_USAGE;
	}
	/* mkstemp makes the file private; a page is for sharing. */
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) != 0 ||
	    fwrite(page->ptr, 1, page->len, f) != page->len)
		err = errno;
	if (fclose(f) != 0 && err == 0)
		err = errno;
	if (err == 0 && rename(tmp, path) != 0)
		err = errno;
	if (err) {
		unlink(tmp);
		cli_error("cannot write '%s': %s", path, strerror(err));
	}
	free(tmp);
	return err ? EXIT_FAILURE_ : EXIT_OK;
}

/* "Backlog of <folder>": the work tree's folder name. */
static char *
default_title(struct cli *cli)
{
	const char *dir = git_repository_workdir(cli->repo);
	char *copy, *base, *title;
	size_t n;

	if (dir == NULL)
		dir = git_repository_path(cli->repo);
	copy = prio_xstrdup(dir);
	n = strlen(copy);
	while (n > 1 && copy[n - 1] == '/')
		copy[--n] = '\0';
	base = strrchr(copy, '/') ? strrchr(copy, '/') + 1 : copy;
	title = prio_xasprintf("Backlog of %s", base);
	free(copy);
	return title;
}

static int
run(struct cli *cli, int argc, char **argv)
{
	struct cli_getopt g = { 0 };
	struct prio_buf tmpl = PRIO_BUF_INIT, page = PRIO_BUF_INIT;
	struct prio_stats *st = NULL;
	const char *output = NULL, *rev = NULL, *since = NULL;
	const char *template_path = NULL, *title_opt = NULL;
	const struct prio_diag *d;
	char *title = NULL;
	int c, rc;

	while ((c = cli_getopt(cli, &g, argc, argv)) != -1) {
		switch (c) {
		case 'o':
			output = optarg;
			break;
		case OPT_REV:
			rev = optarg;
			break;
		case OPT_SINCE:
			since = optarg;
			break;
		case OPT_TEMPLATE:
			template_path = optarg;
			break;
		case OPT_TITLE:
			title_opt = optarg;
			break;
		default:
			return cli_bad_option(cli, c, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error(cli, "unexpected argument '%s'",
		    argv[optind]);
	if (output == NULL || *output == '\0')
		return cli_usage_error(cli, "say where to write the page with "
		    "-o <file.html> ('-o -' writes it to stdout)");
	if (template_path && (rc = read_template(template_path, &tmpl)) !=
	    EXIT_OK)
		goto out;
	if ((rc = cli_load_stats(cli, rev, since, &st)) != EXIT_OK)
		goto out;
	title = title_opt ? prio_xstrdup(title_opt) : default_title(cli);
	if (template_path)
		rc = prio_report_html(&page, tmpl.ptr, tmpl.len, template_path,
		    title, cli->backlog, st, &cli->diags);
	else
		rc = prio_report_html(&page, prio_report_template,
		    prio_report_template_len, "templates/report.html", title,
		    cli->backlog, st, &cli->diags);
	if (rc != PRIO_OK) {
		d = &cli->diags.items[cli->diags.count - 1];
		fprintf(stderr, "%s:%u:%u: error: %s [%s]\n", d->path, d->line,
		    d->column, d->message, d->rule);
		cli_error("the report template is wrong; fix it, or leave "
		    "--template out");
		rc = EXIT_USAGE;
		goto out;
	}
	rc = write_page(cli, output, &page);
	if (rc == EXIT_OK)
		cli_note_problems(cli);
out:
	free(title);
	prio_stats_free(st);
	prio_buf_free(&tmpl);
	prio_buf_free(&page);
	return rc;
}

static const struct cli_opt opts[] = {
	{ 'o', 'o', "output", CLI_ARG_REQUIRED, "<file>",
	    .help = "where to write the page; '-' is stdout",
	    .complete = CLI_COMPLETE_FILE },
	{ OPT_SINCE, 0, "since", CLI_ARG_REQUIRED, "<date>",
	    .help = "count only work done or accepted on or after the\n"
	    "date (YYYY-MM-DD)" },
	{ OPT_REV, 0, "rev", CLI_ARG_REQUIRED, "<rev>",
	    .help = "the backlog and history as they were at a commit",
	    .complete = CLI_COMPLETE_REF },
	{ OPT_TITLE, 0, "title", CLI_ARG_REQUIRED, "<text>",
	    .help = "the page's title (default: \"Backlog of <folder>\")" },
	{ OPT_TEMPLATE, 0, "template", CLI_ARG_REQUIRED, "<file>",
	    .help = "an HTML template to use instead of the built-in one\n"
	    "(templates/report.html; see prio-report(1))",
	    .complete = CLI_COMPLETE_FILE },
	{ 0 }
};

const struct cmd cmd_report = {
	.name = "report",
	.usage = "-o <file.html> [--since <date>] [--rev <rev>] "
	    "[--title <text>] [--template <file>]",
	.summary = "Write one self-contained HTML page: ranked backlog and "
	    "charts",
	.help =
	    "Writes the backlog committed at HEAD (or --rev) and the figures "
	    "of\n"
	    "'prio stats' as one HTML file with its CSS and SVG inline (no "
	    "scripts, no\n"
	    "fonts or images from the network), laid out for a phone and a "
	    "projector:\n"
	    "the flow figures, backlog health, charts (weekly throughput, "
	    "cycle time\n"
	    "of each story done, cumulative flow by status, a burn-up of "
	    "effort), the\n"
	    "goals, and the ranked backlog (position, ID, title, status, "
	    "score,\n"
	    "criteria met/total).  The file is written whole or not at "
	    "all.\n",
	.opts = opts,
	.args_order = CLI_ARGS_PERMUTE,
	.help_column = 23,
	.flags = CMD_NEEDS_REPO,
	.run = run,
};
