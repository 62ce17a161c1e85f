/*
 * cli_opt.h — each option of prio is written once, as a row of its
 * command's table.
 *
 * A command's struct cmd points at a table of struct cli_opt rows (ended
 * by a zeroed row).  From that one table:
 *
 *   - cli_getopt() builds getopt_long()'s struct option[] and option
 *     string, in the command's argument order (struct cmd's args_order:
 *     permuted, operands in place as getopt's 1, or options first), so
 *     every command parses with getopt_long() as it always did, "--"
 *     ending the options, and cli_bad_option() says in prio's words what
 *     it refused;
 *   - cli_opt_print_help() prints the "Options:" part of
 *     `prio <command> --help` (and of `prio --help` from cli_global_opts);
 *   - `prio completion bash|zsh|fish` (cmd_completion.c) writes the
 *     completion scripts, with what completes each value (complete,
 *     words), and `prio completion --list` dumps the tables for the tests
 *     that hold the man pages' OPTIONS to them.
 *
 * A row may instead include another table (include): every command that
 * commits includes cli_commit_opts (-S, --gpg-sign, --no-gpg-sign,
 * --no-verify).  Operands are described in the same spirit by a table of
 * struct cli_operand rows, for the completions only.
 *
 * This follows libgit2's src/cli/opt.h (a declarative option table that
 * also prints the usage) and tmux's cmd_entry (the command as a struct
 * with designated initialisers), but parses with getopt_long so that
 * prio's behaviour (abbreviated long options, permutation) is unchanged.
 */
#ifndef PRIO_CLI_OPT_H
#define PRIO_CLI_OPT_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

struct cli;

enum cli_opt_arg {
	CLI_ARG_NONE = 0,
	CLI_ARG_REQUIRED,       /* --x <v>, --x=<v>, -x<v>, -x <v> */
	CLI_ARG_OPTIONAL        /* --x[=<v>], -x[<v>]: attached only */
};

/* What completes a value (an option's or an operand). */
enum cli_complete {
	CLI_COMPLETE_NONE = 0,  /* free text: nothing to offer */
	CLI_COMPLETE_ID,        /* story IDs (prio list --format csv --all) */
	CLI_COMPLETE_DONE_ID,   /* the IDs of stories whose status is done */
	CLI_COMPLETE_ID_OR_FILE,/* an ID, or a story file when it looks like a path */
	CLI_COMPLETE_STATUS,    /* the config's statuses */
	CLI_COMPLETE_REF,       /* branches, tags, remote branches, HEAD */
	CLI_COMPLETE_FILE,
	CLI_COMPLETE_DIR,
	CLI_COMPLETE_WORDS,     /* the words of the row's words */
	CLI_COMPLETE_COMMAND    /* a prio command (prio help <command>) */
};

struct cli_opt {
	int value;              /* what getopt_long returns: the short
	                         * letter, or an OPT_* of cli.h */
	char short_name;        /* 0: none */
	const char *long_name;  /* NULL: none */
	enum cli_opt_arg arg;
	const char *arg_name;   /* "<why>", as --help shows it */
	const char *help;       /* lines of --help, '\n' between them */
	enum cli_complete complete;
	const char *words;      /* CLI_COMPLETE_WORDS: "text json csv" */
	bool repeat;            /* may be given more than once */
	const struct cli_opt *include;  /* a row that stands for a table */
};

/* An operand of a command, in order; the last with more set may be
 * given again (hook install pre-commit pre-receive). */
struct cli_operand {
	const char *name;       /* "story", "revision" */
	enum cli_complete complete;
	const char *words;
	bool more;
};

/* How a command's options and operands may mix (getopt's option string
 * prefix). */
enum cli_args_order {
	CLI_ARGS_PERMUTE = 0,   /* "": operands gathered after optind */
	CLI_ARGS_INLINE,        /* "-": each operand returned as 1, in place */
	CLI_ARGS_OPTIONS_FIRST  /* "+": options end at the first operand */
};

/*
 * The options the commands that commit share (cli_change.c): -m <why>
 * for those whose message is a rationale, --no-commit for those that
 * may only write, and -S, --no-gpg-sign, --no-verify for every one.
 */
extern const struct cli_opt cli_rationale_opts[];
extern const struct cli_opt cli_no_commit_opts[];
extern const struct cli_opt cli_commit_opts[];
/* prio's own options, before the command (main.c parses them). */
extern const struct cli_opt cli_global_opts[];
/* -h and --help, which the dispatcher handles for every command. */
extern const struct cli_opt cli_help_opts[];

/*
 * Walks a table (NULL: an empty one) with its included tables
 * flattened: start with *pos = 0; returns the next row, or NULL at the
 * end.  Tables nest one level.
 */
const struct cli_opt *cli_opt_next(const struct cli_opt *table,
    size_t *pos);

#define CLI_OPT_MAX 32
/* getopt_long's arguments, built from a table by cli_getopt. */
struct cli_getopt {
	struct option longopts[CLI_OPT_MAX + 1];
	char shorts[4 + 3 * CLI_OPT_MAX];
	bool ready;
};

/*
 * getopt_long over cli->cmd's table: the first call (with g zeroed)
 * builds its arguments and resets getopt.  Returns what getopt_long
 * returns; hand '?' and ':' to cli_bad_option.
 */
int cli_getopt(struct cli *cli, struct cli_getopt *g, int argc,
    char **argv);

/* "-m, --message <why>", "--gpg-sign[=<key>]" into buf. */
void cli_opt_label(const struct cli_opt *o, char *buf, size_t size);

/*
 * Prints a table as --help lists it: each option indented by indent,
 * its help starting at column column (on the next line when the label
 * does not fit), later help lines indented to that column.
 */
void cli_opt_print_help(FILE *f, const struct cli_opt *table, int indent,
    int column);

#endif
