/*
 * cli_change.h — the write path: a change to story files built up,
 * checked against the backlog's rules and committed as one commit with
 * its trailers (cli_change.c, cli_write_check.c), the fields and dates
 * it writes (cli_field.c), and the verdicts accept and reject
 * (cli_review.c).  Commands that only read need none of it.
 */
#ifndef PRIO_CLI_CHANGE_H
#define PRIO_CLI_CHANGE_H

#include <git2.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "prio/buf.h"
#include "prio/config.h"

struct cli;
struct prio_story;

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
	struct prio_index_prefetch *prefetch;  /* the index, read ahead */
	enum cli_rationale rationale;
};

/* Reads HEAD for the lost-update guard and, when the change is to be
 * committed, starts reading the index ahead; call before loading the
 * backlog.  Returns an exit code. */
int cli_change_begin(struct cli *cli, struct cli_change *c, bool commit);
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

/*
 * Every command that commits takes git commit's -S[<key>],
 * --gpg-sign[=<key>], --no-gpg-sign and --no-verify: its table
 * includes cli_commit_opts (cli_opt.h), and it hands what getopt
 * returned to cli_commit_option, which records it in cli->commit and
 * returns true when c was one of them.
 */
bool cli_commit_option(struct cli *cli, int c, const char *arg);

#endif
