/*
 * cli_out.h — what a command's output goes through: colour and the
 * pager (as git chooses them), the end of the output, text that cannot
 * reach the terminal as escape sequences, and the JSON documents
 * (cli_out.c, cli_story.c).  Commands that only print plain lines need
 * none of it: cli_error and the exit codes are cli.h's.
 */
#ifndef PRIO_CLI_OUT_H
#define PRIO_CLI_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct cli;
struct prio_buf;
struct prio_story;

/* What the global options before the command asked for (main.c). */
enum cli_color_when {
	CLI_COLOR_UNSET = 0,    /* no --color: color.ui decides, else auto */
	CLI_COLOR_NEVER,
	CLI_COLOR_ALWAYS,
	CLI_COLOR_AUTO
};
struct cli_globals {
	enum cli_color_when color;    /* --color[=<when>] */
	bool no_pager;                /* --no-pager */
};
/* Reads "auto", "always" or "never" (any case, as git) into *out;
 * false for anything else. */
bool cli_color_when(const char *s, enum cli_color_when *out);
/*
 * Sets cli->color and, for a CMD_PAGED command on a terminal, sends
 * cli->out through the pager, both as git does (prio(1), COLOUR and
 * PAGER): --color, then color.ui, else auto (a terminal, TERM not
 * dumb, NO_COLOR unset or empty); --no-pager, then pager.prio, then
 * $PRIO_PAGER, $GIT_PAGER, pager.prio's command, core.pager, $PAGER,
 * less.  The git config is the repository's, else the user's.
 * Returns EXIT_USAGE, after saying why, for a bad color.ui.
 */
int cli_setup_output(struct cli *cli, const struct cli_globals *g);
/* Checks the output to the pager (cli_output_status) and waits for the
 * pager to finish; returns rc or the exit code of a failed write. */
int cli_end_pager(struct cli *cli, int rc);
/*
 * The end of a command's output on out (main.c runs it on the pager's
 * pipe and on stdout, so no command checks its own writes): flushes it
 * and returns rc when every write reached its reader.  A write that
 * failed (a full disk, an I/O error) is said on stderr and turns rc 0
 * or 1 into 3: output was lost.  A reader that has gone (a closed pipe,
 * EPIPE with SIGPIPE ignored) ends prio quietly by SIGPIPE, as git.
 */
int cli_output_status(FILE *out, int rc);
/* Opens /dev/null on whichever of fds 0, 1 and 2 is closed (main). */
void cli_sanitize_fds(void);
/*
 * PRIO_TRACE, for performance work: "prio: trace: <fmt>" on stderr
 * when PRIO_TRACE asks for level (1: any value but empty or "0"; 2:
 * exactly "2", the finer trace).
 */
void cli_trace(int level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Writes s with control characters shown as '?', so a story cannot send
 * escape sequences to the terminal. */
void cli_puts(FILE *out, const char *s);
/* Writes s (as cli_puts) padded with spaces to width display columns (UTF-8 aware). */
void cli_pad(FILE *out, const char *s, size_t width, bool right);
/* Display width of a UTF-8 string (each code point one column). */
size_t cli_width(const char *s);

/* ANSI colour when cli->color; else "". */
const char *cli_bold(const struct cli *cli);
const char *cli_dim(const struct cli *cli);
const char *cli_reset(const struct cli *cli);

struct prio_json;
/* Writes one story as the JSON object of SPEC §3 (list --json). */
void cli_story_json(struct prio_json *j, const struct prio_story *s);
/* The members of that object only, for a command that adds its own
 * (the caller writes the braces). */
void cli_story_json_members(struct prio_json *j, const struct prio_story *s);
/* The score as text: "3.20", or "-" when there is none. */
void cli_score_text(char *buf, size_t size, const struct prio_story *s);
/*
 * Every JSON document prio writes starts {"version": 1, "kind":
 * "prio.<command>", ...}: kind names the document (prio(1), JSON
 * OUTPUT), so a consumer can tell them apart; within a version fields
 * are only added.  cli_json_begin writes up to there (the caller
 * closes the object); a new document must start with it.
 */
void cli_json_begin(struct prio_json *j, struct prio_buf *out,
    const char *kind);
/*
 * A listing's --json is {"version": 1, "kind": kind, "<key>": [...]}:
 * begin writes up to the '[', end closes it, writes the document to
 * cli->out and frees out.
 */
void cli_json_list_begin(struct prio_json *j, struct prio_buf *out,
    const char *kind, const char *key);
void cli_json_list_end(struct cli *cli, struct prio_json *j);
/*
 * For a command with both --json and --format: --json is --format json,
 * so --json with any other --format (format: the last one given, or
 * NULL) is a usage error (exit 2, after saying so), as is any other
 * pair that asks for two things; EXIT_OK otherwise.
 */
int cli_format_conflict(struct cli *cli, bool json, const char *format);
/* Writes a JSON document held in b to cli->out, with a newline. */
void cli_write_json(struct cli *cli, struct prio_buf *b);

#endif
