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

#include "cli_opt.h"

/* prio's version: prio --version, and the servers' name for it. */
#define PRIO_VERSION "0.1.0"

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

/*
 * A command: `prio <name> --help` prints the usage, the summary, help,
 * the options of opts (cli_opt.h) and epilog.
 */
struct cmd {
	const char *name;
	const char *usage;      /* after "prio <name> " */
	const char *summary;    /* one line, for `prio --help` */
	const char *help;       /* what it does, before "Options:" (or NULL) */
	const struct cli_opt *opts;        /* its options: parsing, --help,
	                                    * completions, man page tests */
	const struct cli_operand *operands;   /* for the completions */
	enum cli_args_order args_order;
	int help_column;        /* where option help starts; 0: 19 */
	const char *epilog;     /* after the options (or NULL) */
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
	git_index *index;       /* staged: this index, not the
	                         * repository's (a commit's hook index) */
};

extern const struct cmd cmd_accept;
extern const struct cmd cmd_board;
extern const struct cmd cmd_check;
extern const struct cmd cmd_completion;
extern const struct cmd cmd_diff;
extern const struct cmd cmd_hook;
extern const struct cmd cmd_init;
extern const struct cmd cmd_list;
extern const struct cmd cmd_log;
extern const struct cmd cmd_mcp;
extern const struct cmd cmd_merge_file;
extern const struct cmd cmd_move;
extern const struct cmd cmd_new;
extern const struct cmd cmd_plan;
extern const struct cmd cmd_rank;
extern const struct cmd cmd_reid;
extern const struct cmd cmd_reject;
extern const struct cmd cmd_resolve;
extern const struct cmd cmd_renumber;
extern const struct cmd cmd_report;
extern const struct cmd cmd_rerank;
extern const struct cmd cmd_serve;
extern const struct cmd cmd_set;
extern const struct cmd cmd_show;
extern const struct cmd cmd_stats;
extern const struct cmd cmd_tick;
/* Every command, NULL-terminated (main.c). */
extern const struct cmd *const *const cli_commands;

/*
 * For a command name that is not one: says so, then lists the closest
 * of commands (NULL-terminated) as git does for `git mvoe` ("The most
 * similar command is\n\tmove"), when any is close (cli_suggest.c).
 */
void cli_unknown_command(const char *typed, const struct cmd *const *commands);

/* The command named name, or NULL (main.c). */
const struct cmd *cli_find_command(const char *name);
/* Opens the repository of the current directory (as git does, $GIT_DIR
 * and all) into cli->repo; says why not and returns the exit code
 * (main.c). */
int cli_open_repository(struct cli *cli);

/*
 * Runs `prio argv[0] argv[1]...` in this process, from the current
 * directory, as the command line would but without pager or colour:
 * what it writes on stdout is added to out, what it says on stderr to
 * err (NULL: stdout and stderr as they are).  Each call opens the
 * repository and loads the backlog afresh, so it answers from what is
 * on disk now.  For servers (prio mcp, prio serve); not reentrant: it
 * points stdout and stderr at its buffers while the command runs.
 * Returns the command's exit code; an unknown command is EXIT_USAGE
 * (cli_invoke.c).
 */
int cli_invoke(int argc, char **argv, struct prio_buf *out,
    struct prio_buf *err);

/* Prints "prio: <message>" to stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints the usage line and a hint, returns EXIT_USAGE. */
int cli_usage_error(const struct cli *cli, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * The usage error for what getopt_long() refused (it returned c; its
 * own messages are silenced with a leading ':' in the option string,
 * see cli_getopt), in prio's words.
 */
int cli_bad_option(struct cli *cli, int c, char **argv);

/*
 * Opens the source (work tree, index when staged, or rev's tree) and
 * loads the backlog into cli->backlog.  Returns EXIT_OK or the exit code
 * after printing why.  Per-file diagnostics stay in cli->diags.
 */
int cli_load_backlog(struct cli *cli, const char *rev, bool staged);
/* Frees what cli_load_backlog loaded, and the diagnostics, so the next
 * backlog can be loaded into the same cli. */
void cli_unload_backlog(struct cli *cli);

enum cli_check_format {
	CHECK_TEXT, CHECK_JSON, CHECK_GITHUB, CHECK_CODEQUALITY
};
/* `prio check`: loads the backlog (as cli_load_backlog), checks it,
 * prints the diagnostics and a summary; EXIT_REFUSED on errors
 * (cli_check.c). */
int cli_check(struct cli *cli, const char *rev, bool staged,
    enum cli_check_format format);
/* The same; with base (a revision; NULL: as cli_check) only what the
 * change from base brings or touches is printed and fails, and one line
 * counts the rest (cli_check_past.c).  fault, when not NULL, gets the
 * stories with errors ("S-3 and S-7"). */
int cli_check_since(struct cli *cli, const char *rev, bool staged,
    const char *base, enum cli_check_format format, struct prio_buf *fault);
/* Keeps in cli->diags (a whole check of the loaded backlog; loaded: the
 * diagnostics loading gave) what the change from base brings or touches;
 * returns how many errors it left out.  *whole: the check stayed whole (no
 * base backlog, or its prio.yml differs). */
size_t cli_check_past(struct cli *cli, const char *base,
    const struct prio_diags *loaded, bool *whole);
/*
 * The memo way (prio/checkmemo.h), for `check --staged` against HEAD:
 * when the last check's verdict is HEAD's and the commit only rewrites
 * stories to the letter of what checks between stories read, loads
 * only the written stories into cli->backlog and cli->source, puts in
 * cli->diags what the commit answers for, and sets *left (older errors)
 * and *nstories (the backlog's stories).  False: nothing loaded, check
 * the usual way.
 */
bool cli_check_memo(struct cli *cli, size_t *left, size_t *nstories);
/* After a whole check of the staged backlog (cli->diags: nloaded from
 * loading, then those between stories), keeps its verdict. */
void cli_check_memo_keep(struct cli *cli, size_t nloaded);

/*
 * Sends story merges to `prio merge-file` (add) or stops it: the line
 * that gives backlog/stories/'s .md files merge=prio in the work tree's
 * .gitattributes (added once, the other lines kept; removed alone), and
 * merge.prio.name and merge.prio.driver in the repository's config;
 * says what changed.  Nothing in a bare repository.  Exit code
 * (cli_merge_driver.c).
 */
int cli_merge_driver_setup(struct cli *cli, bool add);
/* Reads the whole file at path into *out; a file that is not there is
 * empty.  Writes data over path through a temporary file and a rename,
 * keeping its mode (new: 0644).  Both return 0, or -1 with errno set
 * (cli_file.c). */
int cli_read_whole(const char *path, struct prio_buf *out);
int cli_write_whole(const char *path, const char *data, size_t len);
/* The running prio's absolute path, as the hooks record it (cli_hooks.c);
 * caller frees. */
char *cli_self_path(void);
/* Installs (add) or removes the named hooks (argv; none: the one this
 * kind of repository runs, pre-receive when bare, else pre-commit);
 * force replaces a hook prio did not write.  Exit code (cli_hooks.c). */
int cli_hook_manage(struct cli *cli, bool add, bool force, int argc,
    char **argv);
/* `prio hook install` with no names, for `prio init --hooks`. */
int cli_hook_install_default(struct cli *cli);
/* `prio hook run <name>` (src/cli/hook_run.c); changed: the caller
 * has found that the index changes backlog/ (run pre-commit --changed);
 * all: fail on every problem (--all), not only the change's. */
int cli_hook_run(struct cli *cli, int argc, char **argv, bool changed,
    bool all);
/* Whether the hook at path is prio's hook name, as installed, calling
 * this program (cli_hooks.c). */
bool cli_hook_is_own(const char *name, const char *path);
/* prio's pre-commit hook, run in this process on the commit's temporary
 * index (prio_commit_opts.own_pre_commit; cli is a struct cli *): its
 * output on stderr, its exit status returned. */
bool cli_own_pre_commit_is(void *cli, const char *path);
int cli_own_pre_commit_run(void *cli, git_index *index);

/*
 * The story named id: an ID, or a path to its file (one with a '/' or
 * ending in ".md", which cli_find_story_file reads).  An ID that more
 * than one file carries names none: refused.  Exit 2 for a malformed
 * ID, 1 for an unknown or shared one, after saying so (cli_util.c).
 */
int cli_find_story(struct cli *cli, const char *id, struct prio_story **out);
/*
 * The story whose file path names: from the current directory, else
 * from the top of the repository, or a file name only one story file
 * has; matched as text against the backlog's paths, so nothing is
 * opened.  Exit 2 for a path outside the story folder, 1 for no story
 * there (or one that cannot be read), after saying so.
 */
int cli_find_story_file(struct cli *cli, const char *path,
    struct prio_story **out);

/*
 * For commands that show stories rather than check them: if loading
 * found errors, one line on stderr points at `prio check`.
 */
void cli_note_problems(const struct cli *cli);

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
 * The value `git -c name=value prio` (or GIT_CONFIG_COUNT and
 * GIT_CONFIG_KEY_<n>/GIT_CONFIG_VALUE_<n>) gives name, the last one
 * given, which libgit2 does not see; NULL when none.  name is
 * "section.key" (no subsection).  Caller frees (cli_config_env.c).
 */
char *cli_config_env(const char *name);

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
/* Whether any open story of b has a score (rank and rerank --by score
 * propose nothing without one). */
bool cli_any_score(const struct prio_backlog *b);
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
/* The rationale of a decision not committed here (prio resolve): -m as
 * given, else the editor on a terminal; NULL, after saying why, when
 * the config requires one and there is none.  Caller frees. */
char *cli_rationale(struct cli *cli, const char *given, const char *subject);
/* Finishes or undoes a write an interrupted prio left (prio/journal.h),
 * saying so in one line; at repository open, one stat() if none. */
void cli_recover(struct cli *cli);
/*
 * Writes keep the backlog valid (cli_write_check.c).  cli_write_errors
 * prints, as "prio: <path>:<line>:<column>: <message> [<rule>]", the
 * errors that writing the n files (paths, data, lens) would bring into
 * cli->backlog (prio_check_write), and with base (the commit they go
 * on; NULL: no commit) those only the commit would have, and returns
 * how many (a failure to read base counts as one, said).
 * cli_change_check refuses c (EXIT_REFUSED, after saying why; nothing
 * written) when it brings errors or, unless no_commit, when it would
 * commit a story file git does not track; cli_change_commit calls it
 * first.
 */
size_t cli_write_errors(struct cli *cli, const git_oid *base,
    char *const *paths, char *const *data, const size_t *lens, size_t n);
int cli_change_check(struct cli *cli, const struct cli_change *c,
    bool no_commit);
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
/* Now as a Backlog.md task stamps it ("2026-11-02 14:30", UTC);
 * PRIO_NOW=<that> pins it.  Says why and returns EXIT_USAGE when the
 * pin is not such a time (cli_change.c). */
int cli_bmd_now(char out[17]);
/* The next ID of a Backlog.md project, as Backlog.md picks it (above
 * every task's, and, unlike Backlog.md, the archive's too), or of its
 * drafts: "BACK-7", "DRAFT-3".  Allocated (cli_change.c). */
char *cli_bmd_next_id(struct cli *cli, bool draft);
/*
 * A verdict on done work (cli_review.c): accept and reject.  The story
 * must be in the status that plays role from; it goes to the status of
 * role to (and with stamp, gets "accepted: <today>"); with need_met
 * every criterion must be met.
 */
struct cli_review {
	const char *verb;        /* "accept": the summary and messages */
	const char *done_verb;   /* "accepted": "only done work can be ..." */
	enum prio_role from, to;
	bool stamp, need_met;
	enum cli_rationale rationale;
};
/* Applies r to the story named id and commits (or only writes, with
 * no_commit or commit: false).  Exit code. */
int cli_review(struct cli *cli, const char *id, const struct cli_review *r,
    const char *message, bool no_commit);
/* Reads s's file into data and parses it in full (fields, criteria
 * texts, body) into *full (free with prio_story_free).  Exit code,
 * after saying why the file cannot be read (cli_review.c). */
int cli_read_full_story(struct cli *cli, const struct prio_story *s,
    struct prio_buf *data, struct prio_story **full);
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
	OPT_NO_VERIFY,
	OPT_VERSION,            /* prio's own (cli_global_opts) */
	OPT_NO_PAGER,
	OPT_COLOR,
	OPT_LIST                /* prio completion --list */
};

/*
 * Every command that commits takes git commit's -S[<key>],
 * --gpg-sign[=<key>], --no-gpg-sign and --no-verify: its table
 * includes cli_commit_opts (cli_opt.h), and it hands what getopt
 * returned to cli_commit_option, which records it in cli->commit and
 * returns true when c was one of them.
 */
bool cli_commit_option(struct cli *cli, int c, const char *arg);

#endif
