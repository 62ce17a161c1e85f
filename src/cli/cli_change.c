/*
 * What every command that changes priorities shares (SPEC §3.1): the
 * edited files, their Prio-Story/Prio-Change trailers, the rationale
 * (-m, or the editor on a terminal as git commit does), the message, and
 * the one commit.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "cli_out.h"
#include "cli_change.h"
#include "prio/backlogmd_write.h"
#include "prio/commit.h"
#include "prio/decision.h"
#include "prio/edit.h"
#include "prio/error.h"
#include "prio/journal.h"

void
cli_change_init(struct cli_change *c)
{
	memset(c, 0, sizeof(*c));
	prio_buf_init(&c->trailers);
	prio_buf_init(&c->summary);
}

void
cli_change_free(struct cli_change *c)
{
	size_t i;

	for (i = 0; i < c->nfiles; i++) {
		free(c->paths[i]);
		free(c->data[i]);
	}
	free(c->paths);
	free(c->data);
	free(c->lens);
	prio_strv_free(c->removes, c->nremoves);
	prio_buf_free(&c->trailers);
	prio_buf_free(&c->summary);
	prio_commit_prefetch_free(c->prefetch);
}

int
cli_change_begin(struct cli *cli, struct cli_change *c, bool commit)
{
	/*
	 * libgit2 keeps parsed trees only up to 4 KB, and a stories folder
	 * of 10,000 files is a 700 KB tree, which a commit parses twice
	 * (checking a file against HEAD, then building the new tree).  A
	 * command that commits meets a few trees: keep them.  Not for
	 * every command: prio log meets thousands, and kept them all.
	 */
	git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE,
	    (size_t)64 << 20);
	cli_change_init(c);
	if (prio_commit_head(&c->base, cli->repo, &cli->diags) != PRIO_OK) {
		cli_error("%s", cli->diags.items[cli->diags.count - 1].message);
		return EXIT_FAILURE_;
	}
	/* While the backlog loads: the other core reads the index. */
	if (commit)
		c->prefetch = prio_commit_prefetch(cli->repo);
	return EXIT_OK;
}

uint64_t
cli_entropy(void)
{
	const char *seed = getenv("PRIO_RANK_SEED");
	uint64_t v = 0;

	if (seed && *seed)
		return strtoull(seed, NULL, 10);
	if (getentropy(&v, sizeof(v)) != 0)
		v = (uint64_t)getpid() * 0x9e3779b97f4a7c15ull;
	return v;
}

static void
add_file(struct cli_change *c, const char *path, char *data, size_t len)
{
	size_t cap = c->cap;

	prio_xgrow(&c->paths, &cap, c->nfiles + 1, sizeof(*c->paths));
	cap = c->cap;
	prio_xgrow(&c->data, &cap, c->nfiles + 1, sizeof(*c->data));
	cap = c->cap;
	prio_xgrow(&c->lens, &cap, c->nfiles + 1, sizeof(*c->lens));
	c->cap = cap;
	c->paths[c->nfiles] = prio_xstrdup(path);
	c->data[c->nfiles] = data;
	c->lens[c->nfiles] = len;
	c->nfiles++;
}

void
cli_change_write(struct cli_change *c, const char *path, char *data,
    size_t len)
{
	add_file(c, path, data, len);
}

void
cli_change_remove(struct cli_change *c, const char *path)
{
	c->removes = prio_xrealloc(c->removes, (c->nremoves + 1) *
	    sizeof(*c->removes));
	c->removes[c->nremoves++] = prio_xstrdup(path);
}

/* The new value as a trailer shows it: "2.5", "none", "[a, b]". */
static void
edit_value(struct prio_buf *b, const struct prio_edit *e)
{
	if (!e->is_list)
		prio_buf_adds(b, e->value && *e->value ? e->value : "none");
	else
		prio_decision_list(b, e->items, e->nitems);
}

int
cli_bmd_now(char out[17])
{
	const char *pin = getenv("PRIO_NOW");

	if (pin && *pin) {
		if (!prio_bmdw_stamp_valid(pin)) {
			cli_error("PRIO_NOW is '%s', not a time such as "
			    "'2026-11-02 14:30'; fix or unset it", pin);
			return EXIT_USAGE;
		}
		memcpy(out, pin, 17);
		return EXIT_OK;
	}
	prio_bmdw_stamp_text(out, time(NULL));
	return EXIT_OK;
}

/*
 * The IDs a new Backlog.md ID must be above: every task's and draft's,
 * and those in the archive (Backlog.md 1.52 would reuse an archived
 * one; prio does not, so that no ID names two files).  Into ids
 * (allocated strings).
 */
static void
bmd_ids(struct cli *cli, char ***ids, size_t *n)
{
	static const char *const archive[] = { "archive/tasks",
		"archive/drafts" };
	const struct prio_backlog *b = cli->backlog;
	struct prio_diags d = PRIO_DIAGS_INIT;
	struct prio_source_file *files;
	const char *base;
	size_t i, j, nfiles, cap = 0;
	char *dir;

	*ids = NULL;
	*n = 0;
	for (i = 0; i < b->count; i++) {
		if (b->stories[i]->id == NULL)
			continue;
		prio_xgrow(ids, &cap, *n + 1, sizeof(**ids));
		(*ids)[(*n)++] = prio_xstrdup(b->stories[i]->id);
	}
	for (i = 0; i < 2; i++) {
		dir = prio_xasprintf("%s/%s", prio_config_foreign_dir(b->config),
		    archive[i]);
		if (prio_source_list(cli->source, dir, &files, &nfiles, &d) ==
		    PRIO_OK) {
			for (j = 0; j < nfiles; j++) {
				base = strrchr(files[j].path, '/');
				base = base ? base + 1 : files[j].path;
				prio_xgrow(ids, &cap, *n + 1, sizeof(**ids));
				(*ids)[(*n)++] = prio_xstrndup(base,
				    strcspn(base, " ."));
			}
			prio_source_files_free(files, nfiles);
		}
		free(dir);
	}
	prio_diags_free(&d);
}

char *
cli_bmd_next_id(struct cli *cli, bool draft)
{
	char **ids, *id;
	size_t n;

	bmd_ids(cli, &ids, &n);
	id = prio_bmdw_next_id(draft ? "draft" : cli->backlog->config->id_prefix,
	    (const char *const *)ids, n, 0);
	prio_strv_free(ids, n);
	return id;
}

/*
 * The edits under the keys the file holds: a Backlog.md task's own
 * names (rank is ordinal); *stamps says whether Backlog.md would stamp
 * updated_date for them.  Allocated; the strings stay borrowed.
 */
static struct prio_edit *
file_edits(const struct cli *cli, const struct prio_edit *edits, size_t n,
    bool *stamps)
{
	struct prio_edit *v = prio_xcalloc(n + 1, sizeof(*v));
	size_t i;

	*stamps = false;
	for (i = 0; i < n; i++) {
		v[i] = edits[i];
		if (prio_config_foreign_dir(cli->backlog->config) == NULL)
			continue;
		v[i].key = prio_bmdw_file_key(edits[i].key);
		/* As js-yaml writes: every value text but the ordinal. */
		v[i].text = strcmp(v[i].key, PRIO_BMDW_ORDINAL) != 0;
		v[i].quote_single = true;
		*stamps = *stamps || prio_bmdw_key_stamps(v[i].key);
	}
	return v;
}

/* out with updated_date stamped now, as Backlog.md does on an edit. */
static int
stamp(struct prio_buf *out, char **why)
{
	char now[17];
	int rc;

	if ((rc = cli_bmd_now(now)) != EXIT_OK)
		return rc;
	return prio_bmdw_stamp(out, out->ptr, out->len, now, why) ==
	    PRIO_OK ? EXIT_OK : EXIT_REFUSED;
}

/*
 * In a Backlog.md project a draft is a file in drafts/, not a status:
 * Backlog.md refuses the status Draft for a task and moves a draft's
 * file when it becomes a task.  A status edit across that line is
 * refused, with the command that does it.
 */
static int
bmd_draft_line(const struct cli *cli, const struct prio_story *s,
    const struct prio_edit *edits, size_t n)
{
	const char *dir = prio_config_foreign_dir(cli->backlog->config);
	size_t i, d = dir ? strlen(dir) : 0;
	bool in_drafts;

	for (i = 0; dir && i < n; i++) {
		if (strcmp(edits[i].key, "status") != 0 || edits[i].is_list)
			continue;
		in_drafts = strncmp(s->path, dir, d) == 0 &&
		    strncmp(s->path + d, "/drafts/", 8) == 0;
		if (in_drafts == (strcmp(edits[i].value, "Draft") == 0))
			continue;
		if (in_drafts)
			cli_error("cannot set %s's status to %s: it is a draft "
			    "in %s/drafts/; make it a task first ('backlog "
			    "draft promote %s')", s->id, edits[i].value, dir,
			    s->id);
		else
			cli_error("cannot set %s's status to Draft: in "
			    "Backlog.md a draft is a file in %s/drafts/, not a "
			    "status ('backlog task demote %s' makes it one)",
			    s->id, dir, s->id);
		return EXIT_REFUSED;
	}
	return EXIT_OK;
}

int
cli_change_edit(struct cli *cli, struct cli_change *c,
    const struct prio_story *s, const struct prio_edit *edits, size_t n,
    char *const *from)
{
	struct prio_buf in = PRIO_BUF_INIT, out = PRIO_BUF_INIT;
	struct prio_buf to = PRIO_BUF_INIT;
	char *why = NULL, *bytes;
	bool stamps;
	struct prio_edit *fe = file_edits(cli, edits, n, &stamps);
	size_t i, len;
	int rc;

	if ((rc = bmd_draft_line(cli, s, fe, n)) != EXIT_OK)
		goto out;
	rc = prio_source_read(cli->source, s->path,
	    cli->backlog->config->max_file_size, &in, &why);
	if (rc == PRIO_OK)
		rc = prio_edit_apply(&out, in.ptr, in.len, fe, n, &why);
	/* No stamp for values that were there already: nothing changed,
	 * for Backlog.md either. */
	if (rc == PRIO_OK && stamps && (out.len != in.len ||
	    memcmp(out.ptr, in.ptr, in.len) != 0) &&
	    (rc = stamp(&out, &why)) == EXIT_USAGE)
		goto out;
	if (rc != PRIO_OK) {
		cli_error("cannot change %s (%s): %s", s->id, s->path,
		    why ? why : "unknown error");
		rc = EXIT_REFUSED;
		goto out;
	}
	prio_decision_story(&c->trailers, s->id);
	for (i = 0; i < n; i++) {
		prio_buf_clear(&to);
		edit_value(&to, &edits[i]);
		prio_decision_change(&c->trailers, fe[i].key, from[i],
		    to.ptr);
	}
	bytes = prio_buf_detach(&out, &len);
	add_file(c, s->path, bytes, len);
out:
	free(why);
	free(fe);
	prio_buf_free(&to);
	prio_buf_free(&in);
	prio_buf_free(&out);
	return rc;
}

int
cli_change_rank(struct cli *cli, struct cli_change *c,
    const struct prio_story *s, const char *rank)
{
	struct prio_edit edit = { .key = "rank", .value = rank };
	char *from = s->rank_text;

	return cli_change_edit(cli, c, s, &edit, 1, &from);
}

/* The editor git would use: GIT_EDITOR, core.editor, VISUAL, EDITOR. */
static char *
find_editor(struct cli *cli)
{
	const char *env[] = { "GIT_EDITOR", NULL, "VISUAL", "EDITOR" };
	git_config *cfg = NULL;
	git_buf value = { 0 };
	char *editor = NULL;
	size_t i;

	for (i = 0; i < 4 && editor == NULL; i++) {
		if (env[i] && getenv(env[i]) && *getenv(env[i]))
			editor = prio_xstrdup(getenv(env[i]));
		else if (env[i] == NULL &&
		    git_repository_config_snapshot(&cfg, cli->repo) == 0 &&
		    git_config_get_string_buf(&value, cfg, "core.editor") == 0)
			editor = prio_xstrdup(value.ptr);
	}
	git_buf_dispose(&value);
	git_config_free(cfg);
	return editor ? editor : prio_xstrdup("vi");
}

/* Runs the editor on path through the shell, as git does (the setting
 * is shell text, so "code --wait" and quoted paths work). */
static int
run_editor(const char *editor, const char *path)
{
	char *cmd = prio_xasprintf("%s \"$@\"", editor);
	pid_t pid = fork();
	int status;

	if (pid < 0) {
		free(cmd);
		return -1;
	}
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", cmd, editor, path, (char *)NULL);
		_exit(127);
	}
	free(cmd);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

/* The file's text without '#' lines, trimmed; allocated. */
static char *
strip_comments(const char *text)
{
	struct prio_buf b = PRIO_BUF_INIT;
	const char *p = text, *nl;
	size_t n;

	for (; *p; p = nl ? nl + 1 : p + strlen(p)) {
		nl = strchr(p, '\n');
		n = nl ? (size_t)(nl - p) : strlen(p);
		if (n > 0 && p[0] == '#')
			continue;
		prio_buf_add(&b, p, n);
		prio_buf_addch(&b, '\n');
		if (nl == NULL)
			break;
	}
	while (b.len && (b.ptr[b.len - 1] == '\n' || b.ptr[b.len - 1] == ' '))
		prio_buf_truncate(&b, b.len - 1);
	n = 0;
	while (n < b.len && (b.ptr[n] == '\n' || b.ptr[n] == ' '))
		n++;
	memmove(b.ptr, b.ptr + n, b.len - n + 1);
	b.len -= n;
	return prio_buf_detach(&b, NULL);
}

int
cli_edit_story(const char *path)
{
	const char *visual = getenv("VISUAL"), *editor = getenv("EDITOR");

	if (visual && *visual)
		editor = visual;
	else if (editor == NULL || *editor == '\0')
		editor = "vi";
	if (run_editor(editor, path) == 0)
		return EXIT_OK;
	cli_error("the editor '%s' failed (set VISUAL or EDITOR to choose "
	    "another)", editor);
	return EXIT_REFUSED;
}

static char *
ask_editor(struct cli *cli, const char *subject)
{
	char *path = prio_xasprintf("%sPRIO_EDITMSG",
	    git_repository_path(cli->repo));
	char *editor = find_editor(cli), *text = NULL;
	struct prio_buf b = PRIO_BUF_INIT;
	FILE *f = fopen(path, "w");

	if (f) {
		fprintf(f, "\n# Why? Write the rationale for:\n#   %s\n# Lines "
		    "starting with '#' are ignored; an empty rationale aborts."
		    "\n", subject);
		fclose(f);
		if (run_editor(editor, path) == 0 &&
		    (f = fopen(path, "r")) != NULL) {
			char chunk[4096];
			size_t n;

			while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
				prio_buf_add(&b, chunk, n);
			fclose(f);
			text = strip_comments(b.ptr);
		} else
			cli_error("the editor '%s' failed; use -m <why> "
			    "instead", editor);
	}
	prio_buf_free(&b);
	free(editor);
	free(path);
	return text;
}

/*
 * The rationale: -m as given, else the editor when a person is at a
 * terminal.  NULL (after saying why) when there is none and the config
 * requires one.
 */
static char *
rationale(struct cli *cli, const char *given, const char *subject,
    enum cli_rationale mode)
{
	char *text = NULL;
	bool required = mode == CLI_RATIONALE_ALWAYS ||
	    (mode == CLI_RATIONALE_CONFIG &&
	    cli->backlog->config->rationale_required);

	if (given)
		text = strip_comments(given);
	else if (mode != CLI_RATIONALE_OPTIONAL && isatty(STDIN_FILENO) &&
	    isatty(STDERR_FILENO))
		text = ask_editor(cli, subject);
	if ((text == NULL || *text == '\0') && required) {
		if (given || isatty(STDIN_FILENO))
			cli_error("the rationale is empty; nothing was changed");
		else if (mode == CLI_RATIONALE_ALWAYS)
			cli_error("a reason is required: say why with -m "
			    "<why>");
		else
			cli_error("a rationale is required: say why with -m "
			    "<why> (or set rationale-required: false in "
			    "backlog/prio.yml)");
		free(text);
		return NULL;
	}
	return text ? text : prio_xstrdup("");
}

char *
cli_rationale(struct cli *cli, const char *given, const char *subject)
{
	return rationale(cli, given, subject, CLI_RATIONALE_CONFIG);
}

static char *
subject_line(const struct cli *cli, const char *summary)
{
	const char *tmpl = cli->backlog->config->commit_subject;
	const char *at = strstr(tmpl, "{summary}");

	if (at == NULL)
		return prio_xasprintf("%s %s", tmpl, summary);
	return prio_xasprintf("%.*s%s%s", (int)(at - tmpl), tmpl, summary,
	    at + strlen("{summary}"));
}

/* "[main 1a2b3c4] <subject>", the subject as committed: a commit-msg
 * hook may have rewritten it. */
static void
report(struct cli *cli, const git_oid *id, const char *subject)
{
	git_reference *head = NULL;
	git_commit *commit = NULL;
	char hex[GIT_OID_HEXSZ + 1];
	const char *branch = "HEAD", *summary;

	if (git_repository_head(&head, cli->repo) == 0 &&
	    git_reference_is_branch(head))
		branch = git_reference_shorthand(head);
	if (git_commit_lookup(&commit, cli->repo, id) == 0 &&
	    (summary = git_commit_summary(commit)) != NULL)
		subject = summary;
	git_oid_tostr(hex, 8, id);
	fprintf(cli->out, "[%s %s] %s\n", branch, hex, subject);
	git_commit_free(commit);
	git_reference_free(head);
}

const struct cli_opt cli_rationale_opts[] = {
	{ 'm', 'm', "message", CLI_ARG_REQUIRED, "<why>",
	    .help = "the rationale; without it, the editor opens on a\n"
	    "terminal (an empty rationale aborts)" },
	{ 0 }
};

const struct cli_opt cli_no_commit_opts[] = {
	{ OPT_NO_COMMIT, 0, "no-commit", CLI_ARG_NONE, NULL,
	    .help = "write the changed files, commit nothing" },
	{ 0 }
};

const struct cli_opt cli_commit_opts[] = {
	{ 'S', 'S', "gpg-sign", CLI_ARG_OPTIONAL, "<key>",
	    .help = "sign the commit, as git commit -S does" },
	{ OPT_NO_GPG_SIGN, 0, "no-gpg-sign", CLI_ARG_NONE, NULL,
	    .help = "do not sign, whatever commit.gpgsign says" },
	{ OPT_NO_VERIFY, 0, "no-verify", CLI_ARG_NONE, NULL,
	    .help = "skip the pre-commit and commit-msg hooks" },
	{ 0 }
};

/*
 * What the commit had to say besides an error: git's hint about a hook
 * that is not executable, and the hooks' warnings.
 */
static void
commit_warnings(const struct prio_diags *d, size_t from)
{
	const char *p, *nl;
	size_t i;

	for (i = from; i < d->count; i++) {
		if (d->items[i].severity != PRIO_SEV_WARNING)
			continue;
		if (strcmp(d->items[i].rule, "hook-ignored") != 0) {
			fprintf(stderr, "prio: warning: %s\n",
			    d->items[i].message);
			continue;
		}
		for (p = d->items[i].message; *p; p = nl ? nl + 1 : "") {
			nl = strchr(p, '\n');
			fprintf(stderr, "hint: %.*s\n", nl ? (int)(nl - p) :
			    (int)strlen(p), p);
		}
	}
}

bool
cli_commit_option(struct cli *cli, int c, const char *arg)
{
	switch (c) {
	case 'S':
	case OPT_GPG_SIGN:
		cli->commit.sign = PRIO_SIGN_YES;
		cli->commit.sign_key = arg && *arg ? arg : NULL;
		return true;
	case OPT_NO_GPG_SIGN:
		cli->commit.sign = PRIO_SIGN_NO;
		cli->commit.sign_key = NULL;
		return true;
	case OPT_NO_VERIFY:
		cli->commit.no_verify = true;
		return true;
	}
	return false;
}

/*
 * The one piece of global mutable state in prio, because a signal
 * handler can reach nothing else: the number of the first SIGINT,
 * SIGTERM or SIGHUP that came while a command commits.  The library
 * reads it where it can stop (prio/commit.h, Signals); nothing else
 * happens in the handler.
 */
static volatile sig_atomic_t interrupted;

static void
on_signal(int sig)
{
	if (interrupted == 0)
		interrupted = sig;
}

static const int caught[] = { SIGINT, SIGTERM, SIGHUP };
#define NCAUGHT (sizeof(caught) / sizeof(caught[0]))

/* From here on a signal asks the commit to stop, rather than killing
 * prio wherever it is; SA_RESTART keeps libgit2's reads and writes
 * whole.  A signal the shell ignores (nohup, `cmd &`) stays ignored. */
static void
catch_signals(struct sigaction *old)
{
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < NCAUGHT; i++) {
		sigaction(caught[i], NULL, &old[i]);
		if (old[i].sa_handler != SIG_IGN)
			sigaction(caught[i], &sa, NULL);
	}
}

static void
restore_signals(const struct sigaction *old)
{
	size_t i;

	for (i = 0; i < NCAUGHT; i++)
		sigaction(caught[i], &old[i], NULL);
}

static const char *
signal_name(int sig)
{
	switch (sig) {
	case SIGINT:
		return "SIGINT";
	case SIGTERM:
		return "SIGTERM";
	case SIGHUP:
		return "SIGHUP";
	}
	return "a signal";
}

/*
 * After a signal: what happened, in one line, and the exit status a
 * shell gives a command killed by it (128 + its number).  The commit,
 * once made, is reported on stdout as usual.
 */
static int
interrupted_exit(struct cli *cli, int rc, const git_oid *id,
    const char *subject, bool no_commit)
{
	int sig = interrupted;

	if (rc == PRIO_OK && !no_commit && !git_oid_is_zero(id)) {
		report(cli, id, subject);
		cli_error("interrupted by %s after the commit was made; the "
		    "work tree and index show it", signal_name(sig));
	} else if (rc == PRIO_OK)
		cli_error("interrupted by %s; the %s", signal_name(sig),
		    no_commit ? "files were written" : "files already said "
		    "that, nothing was committed");
	else if (!no_commit && !git_oid_is_zero(id)) {
		cli_error("%s", cli->diags.items[cli->diags.count - 1].message);
		cli_error("interrupted by %s after the commit was made",
		    signal_name(sig));
	} else
		cli_error("interrupted by %s; nothing was %s",
		    signal_name(sig), no_commit ? "written" : "changed");
	return 128 + sig;
}

void
cli_recover(struct cli *cli)
{
	char *said = NULL;
	size_t from = cli->diags.count;

	/* The first error says what went wrong; the last, what the
	 * writer's own run would have told the user. */
	if (prio_journal_recover(cli->repo, &said, &cli->diags) != PRIO_OK)
		cli_error("cannot finish or undo an interrupted prio command "
		    "(.git/prio-journal): %s", cli->diags.items[from].message);
	else if (said)
		cli_error("%s", said);
	free(said);
}

/* PRIO_TRACE=1: whether the index read ahead served the commit. */
static void
trace_prefetch(struct prio_index_prefetch *p)
{
	static const char *const said[] = {
		[PRIO_PREFETCH_NONE] = "not read ahead",
		[PRIO_PREFETCH_FAILED] = "not read ahead (none, or unreadable)",
		[PRIO_PREFETCH_READ] = "read ahead, not used",
		[PRIO_PREFETCH_TAKEN] = "read ahead",
		[PRIO_PREFETCH_STALE] = "read again: it changed meanwhile",
	};
	cli_trace(1, "index %s", said[prio_commit_prefetch_result(p)]);
}

int
cli_change_commit(struct cli *cli, struct cli_change *c, const char *given,
    bool no_commit)
{
	struct sigaction old[NCAUGHT];
	struct prio_file_change *files;
	struct prio_commit_opts opts = { 0 };
	char *subject = subject_line(cli, c->summary.ptr), *why = NULL;
	char *message = NULL;
	git_oid id;
	size_t i, ndiags = cli->diags.count;
	int rc = EXIT_OK;

	no_commit = no_commit || !cli->backlog->config->commit;
	if ((rc = cli_change_check(cli, c, no_commit)) != EXIT_OK) {
		free(subject);
		return rc;
	}
	if (!no_commit && (why = rationale(cli, given, subject,
	    c->rationale)) == NULL) {
		free(subject);
		return EXIT_REFUSED;
	}
	files = prio_xcalloc(c->nfiles + 1, sizeof(*files));
	for (i = 0; i < c->nfiles; i++)
		files[i] = (struct prio_file_change){ c->paths[i], c->data[i],
		    c->lens[i] };
	if (why)
		message = prio_decision_message(subject, why, c->trailers.ptr);
	opts.message = message;
	opts.base = &c->base;
	opts.no_commit = no_commit;
	opts.sign = cli->commit.sign;
	opts.sign_key = cli->commit.sign_key;
	opts.no_verify = cli->commit.no_verify;
	opts.own_pre_commit = (struct prio_own_hook){ cli_own_pre_commit_is,
	    cli_own_pre_commit_run, cli };
	opts.interrupted = &interrupted;
	opts.prefetch = c->prefetch;
	interrupted = 0;
	catch_signals(old);
	rc = prio_commit_changes(cli->repo, files, c->nfiles,
	    (const char *const *)c->removes, c->nremoves, &opts, &id,
	    &cli->diags);
	restore_signals(old);
	trace_prefetch(c->prefetch);
	commit_warnings(&cli->diags, ndiags);
	if (interrupted)
		rc = interrupted_exit(cli, rc, &id, subject, no_commit);
	else if (rc == PRIO_OK && no_commit)
		fprintf(cli->out, "%s (written, not committed)\n", subject);
	else if (rc == PRIO_OK && git_oid_is_zero(&id))
		fprintf(stderr, "prio: nothing to commit: the files already "
		    "say that\n");
	else if (rc == PRIO_OK)
		report(cli, &id, subject);
	else {
		cli_error("%s", cli->diags.items[cli->diags.count - 1].message);
		/* A held lock is for the user to clear (SPEC §4). */
		rc = rc == PRIO_EINVAL || rc == PRIO_EBUSY ? EXIT_REFUSED :
		    EXIT_FAILURE_;
	}
	free(files);
	free(message);
	free(why);
	free(subject);
	return rc;
}
