/*
 * prio resolve — decide a story's merge conflict, and record why.
 *
 * During a merge (MERGE_HEAD), the story whose front matter has git's
 * conflict markers is found by its ID through the index's conflict
 * entries (its file cannot be read as a story while the markers are
 * there).  Each hunk is taken from one side (--ours, --theirs), then
 * the keys given with --rank or --set are set with the surgical editor;
 * the file is written, staged as `git add` does (stage 0, the conflict
 * stages moved to the resolve-undo record), and the Prio-Story and
 * Prio-Change trailers and the rationale go into MERGE_MSG (prio/
 * decision.h), which the `git commit` that concludes the merge uses.
 * Everything is computed and checked first: a refusal changes nothing.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "cli_change.h"
#include "prio/backlog.h"
#include "prio/config.h"
#include "prio/decision.h"
#include "prio/edit.h"
#include "prio/error.h"
#include "prio/story.h"

enum {
	OPT_OURS = 0x300,
	OPT_THEIRS,
	OPT_SET,
	OPT_RANK
};

struct resolve_args {
	const char *id;
	const char *message;
	bool ours, theirs;
	char **pairs;           /* "key=value", --rank as "rank=<r>" */
	size_t npairs;
};

/* What the decision is about: the story's file and its two sides. */
struct target {
	char *id;               /* as the conflicted story spells it */
	char *path;             /* repository-relative */
	struct prio_buf data;   /* the work-tree file, with markers */
	struct prio_conflict conflict;
};

static void
target_free(struct target *t)
{
	free(t->id);
	free(t->path);
	prio_buf_free(&t->data);
	prio_conflict_free(&t->conflict);
}

/* Whether blob e (a conflict stage) holds the story whose ID is number
 * num (IDs compare by number: a Backlog.md ID has many spellings); its
 * ID as written into *id when it does and *id is NULL. */
static bool
stage_is(struct cli *cli, const git_index_entry *e, unsigned long num,
    char **id)
{
	struct prio_diags ignored = PRIO_DIAGS_INIT;
	struct prio_story *s;
	git_blob *blob;
	bool is;

	if (e == NULL || git_blob_lookup(&blob, cli->repo, &e->id) < 0)
		return false;
	s = prio_story_parse(e->path, git_blob_rawcontent(blob),
	    (size_t)git_blob_rawsize(blob), cli->backlog->config, &ignored);
	if ((is = s && s->id && s->id_num == num) && *id == NULL)
		*id = prio_xstrdup(s->id);
	prio_story_free(s);
	prio_diags_free(&ignored);
	git_blob_free(blob);
	return is;
}

/*
 * The path of the conflicted story file whose ours or theirs side has
 * id, into t->path (NULL when none), and the ID as that side writes it
 * into t->id.  Exit code.
 */
static int
find_conflict(struct cli *cli, const char *id, struct target *t)
{
	git_index *index = NULL;
	git_index_conflict_iterator *it = NULL;
	const git_index_entry *base, *ours, *theirs, *e;
	unsigned long num = 0;
	int rc = EXIT_OK, err;

	t->path = NULL;
	(void)prio_config_id_valid(cli->backlog->config, id, &num);
	if (git_repository_index(&index, cli->repo) < 0 ||
	    git_index_conflict_iterator_new(&it, index) < 0) {
		cli_error("cannot read the index: %s", git_error_last() ?
		    git_error_last()->message : "unknown error");
		git_index_free(index);
		return EXIT_FAILURE_;
	}
	while (t->path == NULL && (err = git_index_conflict_next(&base, &ours,
	    &theirs, it)) == 0) {
		e = ours ? ours : theirs;
		if (e == NULL || !prio_backlog_is_story_path(
		    cli->backlog->config, e->path))
			continue;
		if (stage_is(cli, ours, num, &t->id) ||
		    stage_is(cli, theirs, num, &t->id))
			t->path = prio_xstrdup(e->path);
	}
	git_index_conflict_iterator_free(it);
	git_index_free(index);
	return rc;
}

/* Reads the conflicted file of id into t.  Exit code, after saying
 * why. */
static int
load_target(struct cli *cli, const char *id, struct target *t)
{
	struct prio_story *s;
	char *why = NULL;
	int rc;

	if (!prio_config_id_valid(cli->backlog->config, id, NULL)) {
		cli_error("'%s' is not a story ID; IDs look like %s-42", id,
		    cli->backlog->config->id_prefix);
		return EXIT_USAGE;
	}
	if ((rc = find_conflict(cli, id, t)) != EXIT_OK)
		return rc;
	if (t->path == NULL) {
		if ((s = prio_backlog_find(cli->backlog, id)) != NULL) {
			cli_error("%s is not in conflict (%s merged cleanly "
			    "or is resolved); change it with 'prio set' after "
			    "the merge", id, s->path);
			return EXIT_REFUSED;
		}
		cli_error("no story %s in conflict in this merge; 'git "
		    "status' lists the conflicted files", id);
		return EXIT_REFUSED;
	}
	if (prio_source_read(cli->source, t->path,
	    cli->backlog->config->max_file_size, &t->data, &why) != PRIO_OK) {
		cli_error("cannot read %s (%s): %s; 'git add' or 'git rm' "
		    "decides a file deleted on one side", id, t->path,
		    why ? why : "unknown error");
		free(why);
		return EXIT_REFUSED;
	}
	if (prio_conflict_read(&t->conflict, t->data.ptr, t->data.len,
	    &why) != PRIO_OK) {
		cli_error("cannot resolve %s (%s): %s", id, t->path, why);
		free(why);
		return EXIT_REFUSED;
	}
	return EXIT_OK;
}

static bool
is_conflicted(const struct prio_conflict *c, const char *key)
{
	size_t i;

	for (i = 0; i < c->nkeys; i++)
		if (strcmp(c->keys[i], key) == 0)
			return true;
	return false;
}

/* The conflicted keys as "rank, status". */
static char *
key_list(const struct prio_conflict *c)
{
	struct prio_buf b = PRIO_BUF_INIT;
	size_t i;

	for (i = 0; i < c->nkeys; i++)
		prio_buf_addf(&b, "%s%s", i ? ", " : "", c->keys[i]);
	return prio_buf_detach(&b, NULL);
}

/*
 * Checks that the options decide every conflicted key and only those:
 * a --set of a key that is not in conflict is refused (the decision
 * would change what both sides agree on; prio set does that, after the
 * merge).  Exit code.
 */
static int
check_decides(const struct resolve_args *a, const struct prio_edit *e,
    const struct target *t)
{
	char *keys = key_list(&t->conflict);
	size_t i, j, n = 0;
	int rc = EXIT_OK;

	for (i = 0; i < a->npairs && rc == EXIT_OK; i++) {
		if (!is_conflicted(&t->conflict, e[i].key)) {
			cli_error("%s is not in conflict in %s (the conflict "
			    "is on %s); decide those keys, or change %s with "
			    "'prio set' after the merge", e[i].key, t->path,
			    keys, e[i].key);
			rc = EXIT_REFUSED;
		}
	}
	for (i = 0; i < t->conflict.nkeys; i++)
		for (j = 0; j < a->npairs; j++)
			if (strcmp(t->conflict.keys[i], e[j].key) == 0) {
				n++;
				break;
			}
	if (rc == EXIT_OK && !a->ours && !a->theirs &&
	    n < t->conflict.nkeys) {
		cli_error("%s has conflicts on %s; --set and --rank decide "
		    "only the keys they name: add --ours or --theirs for the "
		    "rest", t->id, keys);
		rc = EXIT_REFUSED;
	}
	free(keys);
	return rc;
}

/* A story of text (the file at path), parsed in full; NULL when it is
 * not one. */
static struct prio_story *
parse(struct cli *cli, const char *path, const char *text, size_t len)
{
	struct prio_diags ignored = PRIO_DIAGS_INIT;
	struct prio_story *s = prio_story_parse(path, text, len,
	    cli->backlog->config, &ignored);

	prio_diags_free(&ignored);
	if (s && (!s->readable || s->id == NULL)) {
		prio_story_free(s);
		s = NULL;
	}
	return s;
}

/* The errors the story parser finds in text; with show, printed as
 * prio check does. */
static size_t
story_errors(struct cli *cli, const char *path, const char *text,
    size_t len, bool show)
{
	struct prio_diags d = PRIO_DIAGS_INIT;
	struct prio_story *s = prio_story_parse(path, text, len,
	    cli->backlog->config, &d);
	size_t i, n = 0;

	for (i = 0; i < d.count; i++) {
		if (d.items[i].severity != PRIO_SEV_ERROR)
			continue;
		n++;
		if (show)
			cli_error("%s:%u:%u: %s [%s]", d.items[i].path,
			    d.items[i].line, d.items[i].column,
			    d.items[i].message, d.items[i].rule);
	}
	if (s == NULL || !s->readable || s->id == NULL)
		n++;
	prio_story_free(s);
	prio_diags_free(&d);
	return n;
}

/*
 * The decision must leave the story readable, with its ID, and with no
 * more errors than the better of the two sides had (a problem both
 * sides share is not the resolution's doing; an invalid value given to
 * --set is).  Exit code.
 */
static int
check_result(struct cli *cli, const struct target *t, const char *id,
    const struct prio_buf *r)
{
	struct prio_story *s = parse(cli, t->path, r->ptr, r->len);
	size_t ours = story_errors(cli, t->path, t->conflict.ours,
	    t->conflict.ours_len, false);
	size_t theirs = story_errors(cli, t->path, t->conflict.theirs,
	    t->conflict.theirs_len, false);
	bool same_id = s && strcmp(s->id, id) == 0;

	prio_story_free(s);
	if (same_id && story_errors(cli, t->path, r->ptr, r->len, false) <=
	    (ours < theirs ? ours : theirs))
		return EXIT_OK;
	story_errors(cli, t->path, r->ptr, r->len, true);
	if (!same_id)
		cli_error("%s is not resolved: the result would not be story "
		    "%s; nothing was changed", id, id);
	else
		cli_error("%s is not resolved: the result would have the "
		    "errors above; nothing was changed", id);
	return EXIT_REFUSED;
}

/* The trailers and the line that says what was decided. */
static void
describe(struct cli *cli, const struct target *t, const char *id,
    const struct prio_buf *result, struct prio_buf *trailers,
    struct prio_buf *said)
{
	struct prio_story *o = parse(cli, t->path, t->conflict.ours,
	    t->conflict.ours_len);
	struct prio_story *th = parse(cli, t->path, t->conflict.theirs,
	    t->conflict.theirs_len);
	struct prio_story *r = parse(cli, t->path, result->ptr, result->len);
	struct prio_buf one = PRIO_BUF_INIT;
	char *a, *b, *c;
	size_t i;

	prio_decision_story(trailers, id);
	prio_buf_addf(said, "resolved %s:", id);
	for (i = 0; i < t->conflict.nkeys; i++) {
		const char *k = t->conflict.keys[i];

		a = o ? cli_field_text(o, k) : NULL;
		b = th ? cli_field_text(th, k) : NULL;
		c = r ? cli_field_text(r, k) : NULL;
		prio_buf_clear(&one);
		prio_decision_merge_change(&one, k, a, b, c);
		prio_buf_adds(trailers, one.ptr);
		/* "Prio-Change: rank 5 | 7 -> 6\n" says it as the log
		 * does. */
		prio_buf_addf(said, "%s %.*s", i ? "," : "",
		    (int)(one.len - strlen(PRIO_TRAILER_CHANGE ": ") - 1),
		    one.ptr + strlen(PRIO_TRAILER_CHANGE ": "));
		free(a);
		free(b);
		free(c);
	}
	prio_buf_free(&one);
	prio_story_free(o);
	prio_story_free(th);
	prio_story_free(r);
}

/* Writes len bytes of data to path through a temporary file in the
 * same folder, keeping the file's mode.  0, or -1 with errno. */
static int
write_file(const char *path, const char *data, size_t len)
{
	char *tmp = prio_xasprintf("%s.prio-XXXXXX", path);
	struct stat st;
	ssize_t w;
	size_t off = 0;
	int fd, saved;

	if ((fd = mkstemp(tmp)) < 0) {
		free(tmp);
		return -1;
	}
	if (stat(path, &st) == 0)
		(void)fchmod(fd, st.st_mode & 07777);
	while (off < len && ((w = write(fd, data + off, len - off)) > 0 ||
	    (w < 0 && errno == EINTR)))
		off += w > 0 ? (size_t)w : 0;
	if (off < len || fsync(fd) != 0 || close(fd) != 0 ||
	    rename(tmp, path) != 0) {
		saved = errno ? errno : EIO;
		if (off < len)
			close(fd);
		unlink(tmp);
		free(tmp);
		errno = saved;
		return -1;
	}
	free(tmp);
	return 0;
}

static int
stage(struct cli *cli, const char *path)
{
	git_index *index = NULL;
	int err;

	if ((err = git_repository_index(&index, cli->repo)) == 0 &&
	    (err = git_index_read(index, false)) == 0 &&
	    (err = git_index_add_bypath(index, path)) == 0)
		err = git_index_write(index);
	git_index_free(index);
	return err;
}

/* The merge message with the decision added (MERGE_MSG, or "" when git
 * left none). */
static char *
merge_message(struct cli *cli, const char *why, const char *trailers)
{
	git_buf msg = { 0 };
	char *out;

	if (git_repository_message(&msg, cli->repo) < 0) {
		git_error_clear();
		out = prio_decision_append("", why, trailers);
	} else
		out = prio_decision_append(msg.ptr, why, trailers);
	git_buf_dispose(&msg);
	return out;
}

/* Writes the file, stages it, and writes MERGE_MSG.  Exit code. */
static int
apply(struct cli *cli, const struct target *t, const struct prio_buf *r,
    const char *message)
{
	char *full = prio_xasprintf("%s%s", git_repository_workdir(cli->repo),
	    t->path);
	char *msg_path = prio_xasprintf("%sMERGE_MSG",
	    git_repository_path(cli->repo));
	int rc = EXIT_OK;

	if (write_file(full, r->ptr, r->len) != 0) {
		cli_error("cannot write %s: %s; nothing was changed", t->path,
		    strerror(errno));
		rc = EXIT_FAILURE_;
	} else if (stage(cli, t->path) < 0) {
		cli_error("%s is written but not staged: %s; 'git add %s' "
		    "stages it (the merge message is unchanged)", t->path,
		    git_error_last() ? git_error_last()->message :
		    "unknown error", t->path);
		rc = EXIT_FAILURE_;
	} else if (write_file(msg_path, message, strlen(message)) != 0) {
		cli_error("%s is staged, but %s cannot be written: %s; add "
		    "the decision to the merge commit's message by hand",
		    t->path, msg_path, strerror(errno));
		rc = EXIT_FAILURE_;
	}
	free(full);
	free(msg_path);
	return rc;
}

static int
resolve(struct cli *cli, struct resolve_args *a)
{
	struct prio_edit *edits = prio_xcalloc(a->npairs + 1, sizeof(*edits));
	char ***lists = prio_xcalloc(a->npairs + 1, sizeof(*lists));
	struct prio_buf result = PRIO_BUF_INIT, trailers = PRIO_BUF_INIT;
	struct prio_buf said = PRIO_BUF_INIT;
	struct target t = { .data = PRIO_BUF_INIT };
	const char *side;
	char *why = NULL, *err = NULL, *message = NULL, *subject;
	size_t i, side_len;
	int rc;

	for (i = 0, rc = EXIT_OK; i < a->npairs && rc == EXIT_OK; i++)
		rc = cli_parse_field(cli, a->pairs[i], &edits[i], &lists[i]);
	if (rc != EXIT_OK)
		goto out;
	if (git_repository_state(cli->repo) != GIT_REPOSITORY_STATE_MERGE) {
		cli_error("no merge is in progress (no MERGE_HEAD): prio "
		    "resolve decides a story's conflict while 'git merge' "
		    "waits for its commit");
		rc = EXIT_REFUSED;
		goto out;
	}
	if ((rc = cli_load_backlog(cli, NULL, false)) != EXIT_OK ||
	    (rc = load_target(cli, a->id, &t)) != EXIT_OK ||
	    (rc = check_decides(a, edits, &t)) != EXIT_OK)
		goto out;
	side = a->theirs ? t.conflict.theirs : t.conflict.ours;
	side_len = a->theirs ? t.conflict.theirs_len : t.conflict.ours_len;
	if (prio_edit_apply(&result, side, side_len, edits, a->npairs,
	    &err) != PRIO_OK) {
		cli_error("cannot resolve %s (%s): %s", t.id, t.path, err);
		rc = EXIT_REFUSED;
		goto out;
	}
	if ((rc = check_result(cli, &t, t.id, &result)) != EXIT_OK)
		goto out;
	describe(cli, &t, t.id, &result, &trailers, &said);
	subject = prio_xasprintf("resolve %s", t.id);
	why = cli_rationale(cli, a->message, subject);
	free(subject);
	if (why == NULL) {
		rc = EXIT_REFUSED;
		goto out;
	}
	message = merge_message(cli, why, trailers.ptr);
	if ((rc = apply(cli, &t, &result, message)) == EXIT_OK)
		fprintf(cli->out, "%s (staged %s; 'git commit' concludes the "
		    "merge)\n", said.ptr, t.path);
out:
	for (i = 0; i < a->npairs; i++)
		prio_strv_free(lists[i], edits[i].nitems);
	free(lists);
	free(edits);
	free(why);
	free(err);
	free(message);
	prio_buf_free(&result);
	prio_buf_free(&trailers);
	prio_buf_free(&said);
	target_free(&t);
	return rc;
}

static int
run(struct cli *cli, int argc, char **argv)
{
	struct cli_getopt g = { 0 };
	struct resolve_args a = { 0 };
	char **rank = NULL;
	size_t nrank = 0;
	int c, rc;

	a.pairs = prio_xcalloc((size_t)argc + 1, sizeof(*a.pairs));
	rank = prio_xcalloc((size_t)argc + 1, sizeof(*rank));
	while ((c = cli_getopt(cli, &g, argc, argv)) != -1) {
		if (c == 1 && a.id == NULL)
			a.id = optarg;
		else if (c == 1) {
			rc = cli_usage_error(cli, "unexpected argument '%s'",
			    optarg);
			goto out;
		} else if (c == 'm')
			a.message = optarg;
		else if (c == OPT_OURS)
			a.ours = true;
		else if (c == OPT_THEIRS)
			a.theirs = true;
		else if (c == OPT_SET)
			a.pairs[a.npairs++] = optarg;
		else if (c == OPT_RANK) {
			rank[nrank] = prio_xasprintf("rank=%s", optarg);
			a.pairs[a.npairs++] = rank[nrank++];
		} else {
			rc = cli_bad_option(cli, c, argv);
			goto out;
		}
	}
	if (a.id == NULL)
		rc = cli_usage_error(cli, "name the story to resolve, such as "
		    "S-42");
	else if (a.ours && a.theirs)
		rc = cli_usage_error(cli, "--ours and --theirs cannot both "
		    "decide; give one (with --set for the keys it does not)");
	else if (!a.ours && !a.theirs && a.npairs == 0)
		rc = cli_usage_error(cli, "say how to resolve %s: --ours, "
		    "--theirs, --rank <r> or --set <key>=<value>", a.id);
	else
		rc = resolve(cli, &a);
out:
	prio_strv_free(rank, nrank);
	free(a.pairs);
	return rc;
}

static const struct cli_opt opts[] = {
	{ OPT_OURS, 0, "ours", CLI_ARG_NONE, NULL,
	    .help = "take the conflicted keys from the branch you are on\n"
	    "(HEAD)" },
	{ OPT_THEIRS, 0, "theirs", CLI_ARG_NONE, NULL,
	    .help = "take them from the branch being merged (MERGE_HEAD)" },
	{ OPT_RANK, 0, "rank", CLI_ARG_REQUIRED, "<r>",
	    .help = "set the rank: --set rank=<r>" },
	{ OPT_SET, 0, "set", CLI_ARG_REQUIRED, "<key>=<value>",
	    .help = "set a conflicted key; repeat for more", .repeat = true },
	{ .include = cli_rationale_opts },
	{ 0 }
};

static const struct cli_operand operands[] = {
	{ "story", .complete = CLI_COMPLETE_ID },
	{ 0 }
};

const struct cmd cmd_resolve = {
	.name = "resolve",
	.usage = "<id> --ours|--theirs|--rank <r>|--set <key>=<value>... "
	    "-m <why>",
	.summary = "Decide a story's merge conflict and record why in the "
	    "merge commit",
	.help =
	    "During a merge that stopped on conflicts, rewrites the "
	    "conflicted keys of\nthe story's front matter (only those "
	    "bytes), stages the file as 'git add'\ndoes, and adds the "
	    "rationale and the Prio-Story and Prio-Change trailers\nto the "
	    "merge message (.git/MERGE_MSG), so the 'git commit' that "
	    "concludes\nthe merge carries the decision:\n\n"
	    "  Prio-Story: S-8\n"
	    "  Prio-Change: rank 5 | 7 -> 6\n\n"
	    "(ours | theirs -> the decision).  --set and --rank name only "
	    "conflicted\nkeys; with --ours or --theirs the other keys come "
	    "from that side, without\nthem every conflicted key must be "
	    "set.  A conflict in the story's body is\nfor an editor.\n",
	.opts = opts,
	.operands = operands,
	.args_order = CLI_ARGS_INLINE,
	.flags = CMD_NEEDS_REPO,
	.run = run,
};
