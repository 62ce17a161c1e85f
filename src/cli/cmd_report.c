/* prio report — one self-contained HTML page: the backlog and charts. */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
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

/*
 * The exit code for errno err from writing the page: a path that names
 * no place (its folder does not exist, or is a file; the path is a
 * folder; its links loop) is the user's mistake on the command line,
 * exit 2 as for any bad argument (SPEC §4); the rest (permissions, a
 * full disk, I/O) is exit 3.
 */
static int
write_error(const char *path, int err)
{
	if (err == ENOENT || err == ENOTDIR) {
		cli_error("cannot write '%s': %s; check that its folder exists "
		    "and is writable", path, strerror(err));
		return EXIT_USAGE;
	}
	if (err == ELOOP) {
		cli_error("cannot write '%s': %s; its symbolic links go round "
		    "in a loop", path, strerror(err));
		return EXIT_USAGE;
	}
	if (err == EISDIR) {
		cli_error("cannot write '%s': it is a folder; name a file",
		    path);
		return EXIT_USAGE;
	}
	cli_error("cannot write '%s': %s", path, strerror(err));
	return EXIT_FAILURE_;
}

/* A path into /proc or /dev/fd: an open descriptor, never renamed over. */
static bool
is_descriptor_path(const char *path)
{
	return strncmp(path, "/proc/", 6) == 0 ||
	    strncmp(path, "/dev/fd/", 8) == 0;
}

/*
 * The file path's symbolic links lead to (path itself when it is none),
 * allocated, whether or not it exists yet; *fd_link is set when a link
 * on the way is a descriptor (/dev/stdout -> /proc/self/fd/1).  NULL,
 * with errno, for a loop or an unreadable link.
 */
static char *
link_target(const char *path, bool *fd_link)
{
	char *cur = prio_xstrdup(path), *next, *slash, buf[4096];
	struct stat st;
	ssize_t n;
	int hops;

	*fd_link = is_descriptor_path(path);
	for (hops = 0; hops < 40; hops++) {
		if (lstat(cur, &st) != 0 || !S_ISLNK(st.st_mode))
			return cur;
		if ((n = readlink(cur, buf, sizeof(buf) - 1)) < 0)
			break;
		buf[n] = '\0';
		slash = strrchr(cur, '/');
		if (buf[0] == '/' || slash == NULL)
			next = prio_xstrdup(buf);
		else
			next = prio_xasprintf("%.*s/%s", (int)(slash - cur),
			    cur, buf);
		free(cur);
		cur = next;
		*fd_link = *fd_link || is_descriptor_path(cur);
	}
	if (hops == 40)
		errno = ELOOP;
	free(cur);
	return NULL;
}

/* Writes the page into what path already is (a FIFO, a terminal, a
 * descriptor), as the shell's '>' would. */
static int
write_through(const char *path, const struct prio_buf *page)
{
	size_t done = 0;
	ssize_t n;
	int fd, err = 0;

	if ((fd = open(path, O_WRONLY | O_TRUNC | O_NOCTTY)) < 0)
		return write_error(path, errno);
	while (done < page->len && err == 0) {
		if ((n = write(fd, page->ptr + done, page->len - done)) >= 0)
			done += (size_t)n;
		else if (errno != EINTR)
			err = errno;
	}
	if (close(fd) != 0 && err == 0)
		err = errno;
	return err ? write_error(path, err) : EXIT_OK;
}

/*
 * Replaces the regular file target (or creates it) through a temporary
 * file in its folder and a rename, so a reader never sees half a page;
 * path is what the user named (a link to target stays a link).  An
 * existing file keeps its permissions.
 */
static int
write_replace(const char *path, const char *target,
    const struct prio_buf *page)
{
	char *tmp = prio_xasprintf("%s.tmp-XXXXXX", target);
	struct stat st;
	mode_t mode;
	FILE *f;
	int fd, err = 0;

	if (stat(target, &st) == 0)
		mode = st.st_mode & 0777;
	else {
		/* mkstemp makes the file private; a page is for sharing. */
		mode = umask(0);
		umask(mode);
		mode = 0666 & ~mode;
	}
	if ((fd = mkstemp(tmp)) < 0 || (f = fdopen(fd, "wb")) == NULL) {
		err = errno;
		if (fd >= 0) {
			close(fd);
			unlink(tmp);
		}
		free(tmp);
		return write_error(path, err);
	}
	if (fchmod(fd, mode) != 0 ||
	    fwrite(page->ptr, 1, page->len, f) != page->len)
		err = errno;
	if (fclose(f) != 0 && err == 0)
		err = errno;
	if (err == 0 && rename(tmp, target) != 0)
		err = errno;
	if (err)
		unlink(tmp);
	free(tmp);
	return err ? write_error(path, err) : EXIT_OK;
}

/*
 * Writes the page where -o says: "-" is stdout; anything that is not a
 * regular file (a FIFO, a device, /dev/stdout) is written through; a
 * regular file, or a symbolic link to one or to nothing yet, is
 * replaced whole (write_replace) at the link's end, and the link stays.
 */
static int
write_page(struct cli *cli, const char *path, const struct prio_buf *page)
{
	struct stat st;
	char *target;
	bool fd_link;
	int rc;

	if (strcmp(path, "-") == 0) {
		fwrite(page->ptr, 1, page->len, cli->out);
		return EXIT_OK;
	}
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return write_error(path, EISDIR);
	if ((target = link_target(path, &fd_link)) == NULL)
		return write_error(path, errno);
	if (fd_link || (stat(path, &st) == 0 && !S_ISREG(st.st_mode)))
		rc = write_through(path, page);
	else
		rc = write_replace(path, target, page);
	free(target);
	return rc;
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
	    "criteria met/total).  A file is written whole or not at all "
	    "(a new\n"
	    "file renamed over it; a symbolic link stays, and its target is "
	    "replaced);\n"
	    "a FIFO, a terminal or /dev/stdout is written into.\n",
	.opts = opts,
	.args_order = CLI_ARGS_PERMUTE,
	.help_column = 23,
	.flags = CMD_NEEDS_REPO,
	.run = run,
};
