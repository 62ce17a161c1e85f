/*
 * cli.h — what every command file shares: the command table entry and
 * its options, the run context (struct cli: the repository, the loaded
 * backlog, where output goes), the exit codes, and how a command opens
 * the repository, loads the backlog, finds a story and says what went
 * wrong.  Output (colour, pager, JSON) is cli_out.h's; the write path
 * (a change, its checks and its commit) is cli_change.h's.  A
 * cmd_<name>.c includes these and library headers, never another
 * command's file.  Only src/cli/ prints.
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
 * (cli_repo.c). */
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

/* Prints "prio: <message>" to stderr (cli_error.c). */
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
/* Whether any open story of b has a score (rank and rerank --by score
 * propose nothing without one). */
bool cli_any_score(const struct prio_backlog *b);

/*
 * The value `git -c name=value prio` (or GIT_CONFIG_COUNT and
 * GIT_CONFIG_KEY_<n>/GIT_CONFIG_VALUE_<n>) gives name, the last one
 * given, which libgit2 does not see; NULL when none.  name is
 * "section.key" (no subsection).  Caller frees (cli_config_env.c).
 */
char *cli_config_env(const char *name);

struct prio_stats;
/* Loads the backlog at rev (NULL: HEAD) and the figures of its history
 * (stats, report); since_text is --since or NULL.  Returns an exit code,
 * with *out (free with prio_stats_free) on EXIT_OK (cli_stats.c). */
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

#endif
