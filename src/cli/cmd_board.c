/* prio board — the open stories as a board, one column per status. */
#include <sys/ioctl.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cli_out.h"

/* Without a terminal to fit: 100 columns, 10 stories a column. */
#define BOARD_WIDTH 100
#define BOARD_ROWS 10
/* The space between columns, and the narrowest column shown. */
#define BOARD_GAP 2
#define BOARD_MIN_COLUMN 6

struct board_column {
	const char *status;
	const struct prio_story **stories;
	size_t n;
};

/* A positive number of at most six digits, else 0. */
static size_t
small_number(const char *s)
{
	size_t n = 0, i;

	if (s == NULL)
		return 0;
	for (i = 0; s[i]; i++) {
		if (s[i] < '0' || s[i] > '9' || i >= 6)
			return 0;
		n = n * 10 + (size_t)(s[i] - '0');
	}
	return n;
}

/*
 * The width to fit: $COLUMNS when it is a positive number (as for ls
 * and git, so scripts can choose), else the terminal's when stdout is
 * one, else BOARD_WIDTH.  *height is the terminal's height, or 0.
 */
static size_t
board_width(size_t *height)
{
	struct winsize ws;
	size_t cols = small_number(getenv("COLUMNS"));

	*height = 0;
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ,
	    &ws) == 0) {
		*height = ws.ws_row;
		if (cols == 0)
			cols = ws.ws_col;
	}
	return cols ? cols : BOARD_WIDTH;
}

/* Appends s cut to width display columns ("…" marks a cut), padded
 * with spaces to width; tabs and line breaks become spaces. */
static void
add_cell(struct prio_buf *line, const char *s, size_t width)
{
	size_t w = cli_width(s), shown = 0;
	const unsigned char *p = (const unsigned char *)s;

	if (w <= width) {
		for (; *p; p++)
			prio_buf_addch(line, *p == '\t' || *p == '\n' ||
			    *p == '\r' ? ' ' : (char)*p);
		for (; w < width; w++)
			prio_buf_addch(line, ' ');
		return;
	}
	for (; *p && width > 0; p++) {
		if ((*p & 0xc0) != 0x80 && ++shown == width)
			break;
		prio_buf_addch(line, *p == '\t' || *p == '\n' ||
		    *p == '\r' ? ' ' : (char)*p);
	}
	if (width > 0)
		prio_buf_adds(line, "\xe2\x80\xa6");
}

/* Writes line without its trailing spaces, made safe for a terminal. */
static void
put_line(struct cli *cli, struct prio_buf *line, const char *pre,
    const char *post)
{
	while (line->len > 0 && line->ptr[line->len - 1] == ' ')
		prio_buf_truncate(line, line->len - 1);
	fputs(pre, cli->out);
	cli_puts(cli->out, line->ptr);
	fprintf(cli->out, "%s\n", post);
	prio_buf_clear(line);
}

static void
print_board(struct cli *cli, struct board_column *cols, size_t ncols,
    size_t width, size_t rows)
{
	struct prio_buf line = PRIO_BUF_INIT, cell = PRIO_BUF_INIT;
	size_t colw, i, r, most = 0;

	colw = (width - (ncols - 1) * BOARD_GAP) / ncols;
	if (width < ncols * (BOARD_MIN_COLUMN + BOARD_GAP))
		colw = BOARD_MIN_COLUMN;
	for (i = 0; i < ncols; i++) {
		/* A narrow column cuts the status, not its count. */
		prio_buf_addf(&cell, " (%zu)", cols[i].n);
		if (cli_width(cols[i].status) + cell.len > colw &&
		    colw > cell.len + 1) {
			add_cell(&line, cols[i].status, colw - cell.len);
			prio_buf_adds(&line, cell.ptr);
		} else {
			prio_buf_clear(&cell);
			prio_buf_addf(&cell, "%s (%zu)", cols[i].status,
			    cols[i].n);
			add_cell(&line, cell.ptr, colw);
		}
		prio_buf_clear(&cell);
		if (i + 1 < ncols)
			prio_buf_adds(&line, "  ");
		if (cols[i].n > most)
			most = cols[i].n;
	}
	put_line(cli, &line, cli_bold(cli), cli_reset(cli));
	for (i = 0; i < ncols; i++) {
		for (r = 0; r < colw; r++)
			prio_buf_addch(&line, '-');
		if (i + 1 < ncols)
			prio_buf_adds(&line, "  ");
	}
	put_line(cli, &line, "", "");
	if (rows && most > rows)
		most = rows + 1;
	for (r = 0; r < most; r++) {
		for (i = 0; i < ncols; i++) {
			const struct board_column *c = &cols[i];

			if (rows && r == rows && c->n > rows)
				prio_buf_addf(&cell, "+%zu more", c->n - rows);
			else if (r < c->n && (rows == 0 || r < rows))
				prio_buf_addf(&cell, "%s %s", c->stories[r]->id,
				    c->stories[r]->title ?
				    c->stories[r]->title : "");
			add_cell(&line, cell.ptr, colw);
			prio_buf_clear(&cell);
			if (i + 1 < ncols)
				prio_buf_adds(&line, "  ");
		}
		put_line(cli, &line, "", "");
	}
	prio_buf_free(&cell);
	prio_buf_free(&line);
}

static int
board(struct cli *cli, long rows_opt)
{
	const struct prio_backlog *b = cli->backlog;
	const struct prio_config *cfg = b->config;
	struct board_column *cols;
	size_t ncols = 0, i, k, width, height, rows;
	int rc = EXIT_OK;

	cols = prio_xcalloc(cfg->nstatuses + 1, sizeof(*cols));
	for (i = 0; i < cfg->nstatuses; i++) {
		if (cfg->terminal[i])
			continue;
		cols[ncols].status = cfg->statuses[i];
		cols[ncols].stories = prio_xcalloc(b->open_count + 1,
		    sizeof(*cols[ncols].stories));
		for (k = 0; k < b->open_count; k++)
			if (b->stories[k]->status_index == (int)i)
				cols[ncols].stories[cols[ncols].n++] =
				    b->stories[k];
		ncols++;
	}
	width = board_width(&height);
	if (rows_opt >= 0)
		rows = (size_t)rows_opt;
	else if (height > 0)
		rows = height > 8 ? height - 4 : 4;
	else
		rows = BOARD_ROWS;
	if (ncols > 0)
		print_board(cli, cols, ncols, width, rows);
	else {
		cli_error("every status of the config is terminal, so the "
		    "board has no column; list the open ones in %s",
		    PRIO_CONFIG_PATH);
		rc = EXIT_USAGE;
	}
	for (i = 0; i < ncols; i++)
		free(cols[i].stories);
	free(cols);
	return rc;
}

static int
run(struct cli *cli, int argc, char **argv)
{
	struct cli_getopt g = { 0 };
	const char *rev = NULL;
	long rows = -1;
	int c, rc;

	while ((c = cli_getopt(cli, &g, argc, argv)) != -1) {
		switch (c) {
		case 'n':
			if (strcmp(optarg, "0") == 0)
				rows = 0;
			else if ((rows = (long)small_number(optarg)) == 0)
				return cli_usage_error(cli, "--rows '%s' is not "
				    "a number of rows; give 1 or more, or 0 for "
				    "all", optarg);
			break;
		case OPT_REV:
			rev = optarg;
			break;
		default:
			return cli_bad_option(cli, c, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error(cli, "unexpected argument '%s'",
		    argv[optind]);
	if ((rc = cli_load_backlog(cli, rev, false)) != EXIT_OK)
		return rc;
	if ((rc = board(cli, rows)) == EXIT_OK)
		cli_note_problems(cli);
	return rc;
}

static const struct cli_opt opts[] = {
	{ 'n', 'n', "rows", CLI_ARG_REQUIRED, "<n>",
	    .help = "show at most n stories a column, then \"+N more\"; 0\n"
	    "shows all (default: the terminal's height less 4,\n"
	    "or 10 when stdout is not a terminal)" },
	{ OPT_REV, 0, "rev", CLI_ARG_REQUIRED, "<rev>",
	    .help = "the backlog as it was at a commit, branch or tag",
	    .complete = CLI_COMPLETE_REF },
	{ 0 }
};

const struct cmd cmd_board = {
	.name = "board",
	.usage = "[-n <rows>] [--rev <rev>]",
	.summary = "Show the open stories as a board, one column per status",
	.help =
	    "One column for each open status of the config, in workflow "
	    "order, headed\nby the status and its number of stories; each "
	    "column lists its stories\n(ID and title) in backlog order, cut "
	    "to fit.  The board is as wide as\n$COLUMNS, else the terminal, "
	    "else 100 columns.\n",
	.opts = opts,
	.args_order = CLI_ARGS_OPTIONS_FIRST,
	.flags = CMD_NEEDS_REPO,
	.run = run,
};
