/*
 * cli.h — what every command file shares: the command table entry, the
 * run context, and the helpers that print.  Only src/cli/ prints.
 */
#ifndef PRIO_CLI_H
#define PRIO_CLI_H

#include <git2.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "prio/backlog.h"
#include "prio/commit.h"
#include "prio/diag.h"
#include "prio/source.h"

/* Exit codes of SPEC §4. */
enum {
	EXIT_OK = 0,
	EXIT_REFUSED = 1,   /* check failed, or the user can fix the cause */
	EXIT_USAGE = 2,     /* usage, no repository, no backlog, bad config */
	EXIT_FAILURE_ = 3   /* I/O or libgit2 failed */
};

#define CMD_NEEDS_REPO 0x1
#define CMD_PAGED      0x2   /* long output goes through the pager */

struct cli;

struct cmd {
	const char *name;
	const char *usage;      /* after "prio <name> " */
	const char *summary;    /* one line, for `prio --help` */
	const char *help;       /* the options, for `prio <name> --help` */
	unsigned flags;
	int (*run)(struct cli *cli, int argc, char **argv);
};

/* The options of every command that commits (cli_commit_option). */
struct cli_commit_flags {
	enum prio_sign_mode sign;
	const char *sign_key;
	bool no_verify;
};

struct cli {
	const struct cmd *cmd;
	git_repository *repo;
	struct prio_source *source;
	struct prio_backlog *backlog;
	struct prio_diags diags;
	const char *rev;        /* --rev, when the backlog came from one */
	FILE *out;              /* stdout, or the pager */
	bool color;
	bool paged;
	struct cli_commit_flags commit;  /* -S, --no-gpg-sign, --no-verify */
	bool cut_noted;         /* cli_note_cut has said it */
};

extern const struct cmd cmd_accept;
extern const struct cmd cmd_board;
extern const struct cmd cmd_check;
extern const struct cmd cmd_diff;
extern const struct cmd cmd_hook;
extern const struct cmd cmd_init;
extern const struct cmd cmd_list;
extern const struct cmd cmd_log;
extern const struct cmd cmd_move;
extern const struct cmd cmd_new;
extern const struct cmd cmd_plan;
extern const struct cmd cmd_rank;
extern const struct cmd cmd_reid;
extern const struct cmd cmd_reject;
extern const struct cmd cmd_renumber;
extern const struct cmd cmd_report;
extern const struct cmd cmd_rerank;
extern const struct cmd cmd_set;
extern const struct cmd cmd_show;
extern const struct cmd cmd_stats;

/* Prints "prio: <message>" to stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints the usage line and a hint, returns EXIT_USAGE. */
int cli_usage_error(const struct cli *cli, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * The usage error for what getopt_long() refused (it returned c; its
 * own messages are silenced with a leading ':' in the option string),
 * in prio's words.  shorts lists the command's short options.
 */
int cli_bad_option(struct cli *cli, int c, char **argv, const char *shorts);

/*
 * Opens the source (work tree, index when staged, or rev's tree) and
 * loads the backlog into cli->backlog.  Returns EXIT_OK or the exit code
 * after printing why.  Per-file diagnostics stay in cli->diags.
 */
int cli_load_backlog(struct cli *cli, const char *rev, bool staged);
/* Frees what cli_load_backlog loaded, and the diagnostics, so the next
 * backlog can be loaded into the same cli. */
void cli_unload_backlog(struct cli *cli);

enum cli_check_format { CHECK_TEXT, CHECK_JSON, CHECK_GITHUB };
/* `prio check`: loads the backlog (as cli_load_backlog), checks it,
 * prints the diagnostics and a summary; EXIT_REFUSED on errors. */
int cli_check(struct cli *cli, const char *rev, bool staged,
    enum cli_check_format format);

/* `prio hook install` with no names, for `prio init --hooks`. */
int cli_hook_install_default(struct cli *cli);
/* `prio hook run <name>` (src/cli/hook_run.c); changed: the caller
 * has found that the index changes backlog/ (run pre-commit --changed). */
int cli_hook_run(struct cli *cli, int argc, char **argv, bool changed);

/* The story named id (checked to look like an ID first, so no file is
 * ever looked up for "../x").  Exit 2 for a malformed ID, 1 for an
 * unknown one, after saying so. */
int cli_find_story(struct cli *cli, const char *id, struct prio_story **out);

/*
 * For commands that show stories rather than check them: if loading
 * found errors, one line on stderr points at `prio check`.
 */
void cli_note_problems(const struct cli *cli);

/* Sends cli->out through the pager when stdout is a terminal, as git
 * does: $PRIO_PAGER, then $PAGER, then less with LESS=FRX. */
void cli_setup_pager(struct cli *cli);
/* Waits for the pager to finish. */
void cli_end_pager(struct cli *cli);

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
 * Every listing's --json is {"version": 1, "<key>": [...]}: begin writes
 * up to the '[', end closes it, writes the document to cli->out and
 * frees out.
 */
void cli_json_list_begin(struct prio_json *j, struct prio_buf *out,
    const char *key);
void cli_json_list_end(struct cli *cli, struct prio_json *j);
/* Writes a JSON document held in b to cli->out, with a newline. */
void cli_write_json(struct cli *cli, struct prio_buf *b);

struct prio_stats;
/* Loads the backlog at rev (NULL: HEAD) and the figures of its history
 * (stats, report); since_text is --since or NULL.  Returns an exit code,
 * with *out (free with prio_stats_free) on EXIT_OK. */
int cli_load_stats(struct cli *cli, const char *rev, const char *since_text,
    struct prio_stats **out);

/* cli_history.c: */
struct prio_shallow_cut;
/*
 * When a walk of history reached a shallow clone's boundary (cut->count
 * > 0), says so on stderr, once per command run however many walks
 * reached it, with the git command that reads the rest.
 */
void cli_note_cut(struct cli *cli, const struct prio_shallow_cut *cut);
/*
 * The exit code for a library error rc whose message is the last of
 * cli->diags, after printing it: PRIO_EFETCH (an object a partial clone
 * has not fetched) exits 1: the user can fetch it.  Returns whether rc
 * was PRIO_EFETCH (and printed); else the caller maps its own codes.
 */
bool cli_fetch_error(const struct cli *cli, int rc);

/*
 * A priority change in the making (cli_change.c): the new bytes of each
 * story file, the Prio-* trailers, and the summary that becomes the
 * subject ("move S-42 to #3 (was #9)").
 */
struct prio_edit;
/* Whether a change needs a rationale: as the config's
 * rationale-required says (the editor opens on a terminal when -m is
 * missing), never asked for (accept's note), or always (reject's
 * reason). */
enum cli_rationale {
	CLI_RATIONALE_CONFIG = 0,
	CLI_RATIONALE_OPTIONAL,
	CLI_RATIONALE_ALWAYS
};
struct cli_change {
	char **paths;
	char **data;
	size_t *lens;
	size_t nfiles, cap;
	char **removes;        /* files the commit deletes (a rename) */
	size_t nremoves;
	struct prio_buf trailers;
	struct prio_buf summary;
	git_oid base;          /* HEAD when the stories were read */
	enum cli_rationale rationale;
};

/* Reads HEAD for the lost-update guard; call before loading the
 * backlog.  Returns an exit code. */
int cli_change_begin(struct cli *cli, struct cli_change *c);
void cli_change_init(struct cli_change *c);
/* Applies edits to s's file and records "Prio-Change: key from -> to"
 * trailers (from[i] the old text, NULL when absent).  Exit code. */
int cli_change_edit(struct cli *cli, struct cli_change *c,
    const struct prio_story *s, const struct prio_edit *edits, size_t n,
    char *const *from);
/* Adds a whole file to write (data: allocated, taken over), and a file
 * to delete in the same commit: a rename is both. */
void cli_change_write(struct cli_change *c, const char *path, char *data,
    size_t len);
void cli_change_remove(struct cli_change *c, const char *path);
/* Sets s's rank to the text rank (a recorded Prio-Change). */
int cli_change_rank(struct cli *cli, struct cli_change *c,
    const struct prio_story *s, const char *rank);
/* Asks for the rationale (given is -m, or NULL), then commits, or only
 * writes with no_commit; prints "[branch abc1234] subject".  Exit code. */
int cli_change_commit(struct cli *cli, struct cli_change *c,
    const char *given, bool no_commit);
void cli_change_free(struct cli_change *c);
/*
 * Reads "field=value" into e (pair is changed: its '=' becomes a NUL).
 * labels and depends-on take a list "a, b": *list holds the items (free
 * with prio_strv_free(*list, e->nitems)), else NULL.  "id" and a pair
 * that is not key=value are usage errors.  Exit code.
 */
int cli_parse_field(struct cli *cli, char *pair, struct prio_edit *e,
    char ***list);
/* A field of full (parsed with PRIO_PARSE_FULL) as a Prio-Change
 * trailer shows it ("3", "[a, b]"); NULL when absent.  Caller frees. */
char *cli_field_text(const struct prio_story *full, const char *key);
/* Today's local date as YYYY-MM-DD in out; PRIO_TODAY=<date> pins it
 * (tests, back-dated bookkeeping).  Exit code, after saying why. */
int cli_today(char out[11]);
/*
 * A verdict on done work (cli_review.c): accept and reject.  The story
 * must be in status from; it goes to status to (and with stamp, gets
 * "accepted: <today>"); with need_met every criterion must be met.
 */
struct cli_review {
	const char *verb;        /* "accept": the summary and messages */
	const char *done_verb;   /* "accepted": "only done work can be ..." */
	const char *from, *to;
	bool stamp, need_met;
	enum cli_rationale rationale;
};
/* Applies r to the story named id and commits (or only writes, with
 * no_commit or commit: false).  Exit code. */
int cli_review(struct cli *cli, const char *id, const struct cli_review *r,
    const char *message, bool no_commit);
/* A review command's main: "<id> [-m <text>] [--no-commit]", then
 * cli_review. */
int cli_review_main(struct cli *cli, int argc, char **argv,
    const struct cli_review *r);
/* Opens path in $VISUAL, else $EDITOR, else vi (shell text, as git runs
 * its editor) and waits.  Exit code, after saying why it failed. */
int cli_edit_story(const char *path);
/* A random value for choosing ranks; PRIO_RANK_SEED=<n> fixes it (tests,
 * reproducible scripts). */
uint64_t cli_entropy(void);

/* Options shared by commands; long-only options use these values. */
enum {
	OPT_JSON = 0x100,
	OPT_REV,
	OPT_ALL,
	OPT_STATUS,
	OPT_LABEL,
	OPT_OWNER,
	OPT_FORMAT,
	OPT_STAGED,
	OPT_BY,
	OPT_TOP,
	OPT_BOTTOM,
	OPT_BEFORE,
	OPT_AFTER,
	OPT_TO,
	OPT_NO_COMMIT,
	OPT_CHANGED,
	OPT_GPG_SIGN,
	OPT_NO_GPG_SIGN,
	OPT_NO_VERIFY
};

/*
 * Every command that commits takes git commit's -S[<key>],
 * --gpg-sign[=<key>], --no-gpg-sign and --no-verify: put
 * CLI_COMMIT_LONGOPTS in its getopt_long table and CLI_COMMIT_SHORTOPTS
 * in its option string, and hand what getopt returned to
 * cli_commit_option, which records it in cli->commit and returns true
 * when c was one of them.
 */
#define CLI_COMMIT_SHORTOPTS "S::"
#define CLI_COMMIT_LONGOPTS \
	{ "gpg-sign", optional_argument, NULL, OPT_GPG_SIGN }, \
	{ "no-gpg-sign", no_argument, NULL, OPT_NO_GPG_SIGN }, \
	{ "no-verify", no_argument, NULL, OPT_NO_VERIFY }
bool cli_commit_option(struct cli *cli, int c, const char *arg);
/* The lines of --help that describe them. */
#define CLI_COMMIT_HELP \
	"  -S, --gpg-sign[=<key>]\n" \
	"                   sign the commit, as git commit -S does\n" \
	"  --no-gpg-sign    do not sign, whatever commit.gpgsign says\n" \
	"  --no-verify      skip the pre-commit and commit-msg hooks\n"

#endif
