/*
 * prio merge-file — git's merge driver for stories (SPEC §8.2), and the
 * setup that sends story merges to it (prio init, prio hook install).
 *
 * git runs the driver in the top of the work tree with %O %A %B %P
 * (gitattributes(5), "Defining a custom merge driver"): the base's,
 * ours' and theirs' versions in temporary files, and the path.  The
 * merge itself is the library's (prio/merge.h); this file reads the
 * files, finds each side's last decision on a conflicted key, writes
 * the result over %A and exits 0 when it is clean, 1 when conflicts
 * remain.
 *
 * Which commits are "ours" and "theirs" for the decision comments: ours
 * is HEAD, as git's own labels say.  git merge writes MERGE_HEAD only
 * after the merge, but exports GITHEAD_<commit>=<name> for the branch it
 * merges: theirs is that commit, when there is exactly one (an octopus
 * merge names none).  A rebase names the commit it replays in the last
 * line of .git/rebase-merge/done, written before the merge: theirs is
 * that commit (and ours, HEAD, the commit it is replayed onto).  A
 * cherry-pick or revert names nothing, so there only ours' decision is
 * named.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "prio/backlog.h"
#include "prio/buf.h"
#include "prio/config.h"
#include "prio/dialect.h"
#include "prio/error.h"
#include "prio/merge.h"
#include "prio/source.h"

extern char **environ;

enum { OPT_MARKER_SIZE = 0x200 };

/* The commits whose history names each side's decisions. */
struct sides {
	git_repository *repo;
	const char *path;
	git_oid ours, theirs, base;
	bool have_ours, have_theirs, have_base;
};

/* The one branch tip `git merge` names in GITHEAD_<commit>. */
static bool
merged_commit(git_oid *out)
{
	char **e;
	int found = 0;

	for (e = environ; *e; e++) {
		const char *v = *e;

		if (strncmp(v, "GITHEAD_", 8) != 0 || strlen(v) < 8 +
		    GIT_OID_HEXSZ + 1 || v[8 + GIT_OID_HEXSZ] != '=')
			continue;
		if (git_oid_fromstrn(out, v + 8, GIT_OID_HEXSZ) == 0)
			found++;
	}
	git_error_clear();
	return found == 1;
}

/*
 * During a rebase, the commit being replayed: the last line of the
 * git directory's rebase-merge/done ("pick <commit> <subject>"), which
 * git writes before it merges.
 */
static bool
replayed_commit(git_repository *repo, git_oid *out)
{
	char *path = prio_xasprintf("%srebase-merge/done",
	    git_repository_path(repo));
	struct prio_buf b = PRIO_BUF_INIT;
	const char *line, *sp;
	bool found = false;
	size_t end;

	if (cli_read_whole(path, &b) == 0 && b.len > 0) {
		end = b.len;
		while (end > 0 && b.ptr[end - 1] == '\n')
			end--;
		b.ptr[end] = '\0';
		line = strrchr(b.ptr, '\n');
		line = line ? line + 1 : b.ptr;
		sp = strchr(line, ' ');
		found = sp != NULL && strlen(sp + 1) >= GIT_OID_HEXSZ &&
		    git_oid_fromstrn(out, sp + 1, GIT_OID_HEXSZ) == 0;
	}
	git_error_clear();
	prio_buf_free(&b);
	free(path);
	return found;
}

/* Finds ours, theirs and their merge base; any may stay unknown. */
static void
find_sides(struct sides *s, const char *path)
{
	git_commit *theirs = NULL;

	memset(s, 0, sizeof(*s));
	s->path = path;
	if (path == NULL || git_repository_open_ext(&s->repo, NULL,
	    GIT_REPOSITORY_OPEN_FROM_ENV, NULL) != 0) {
		s->repo = NULL;
		git_error_clear();
		return;
	}
	s->have_ours = git_reference_name_to_id(&s->ours, s->repo,
	    "HEAD") == 0;
	s->have_theirs = (merged_commit(&s->theirs) ||
	    replayed_commit(s->repo, &s->theirs)) &&
	    git_commit_lookup(&theirs, s->repo, &s->theirs) == 0;
	git_commit_free(theirs);
	if (s->have_ours && s->have_theirs)
		s->have_base = git_merge_base(&s->base, s->repo, &s->ours,
		    &s->theirs) == 0;
	git_error_clear();
}

static char *
decision(void *arg, enum prio_merge_side side, const char *key)
{
	struct sides *s = arg;
	const git_oid *tip = side == PRIO_MERGE_OURS ?
	    (s->have_ours ? &s->ours : NULL) :
	    (s->have_theirs ? &s->theirs : NULL);
	char *out = NULL;

	if (s->repo == NULL || tip == NULL)
		return NULL;
	if (prio_merge_decision(&out, s->repo, tip, s->have_base ?
	    &s->base : NULL, s->path, key) != PRIO_OK)
		git_error_clear();
	return out;
}

/*
 * Whether conflicts show the base too: merge.conflictStyle diff3 (or
 * zdiff3, which prio writes as diff3), from `git -c` (git passes it
 * down to the driver), else the repository's config, else the user's.
 */
static bool
style_diff3(git_repository *repo)
{
	char *env = cli_config_env("merge.conflictstyle");
	git_config *cfg = NULL;
	git_buf v = { 0 };
	bool diff3 = false;

	if (env != NULL)
		diff3 = strcmp(env, "diff3") == 0 || strcmp(env, "zdiff3") == 0;
	else if ((repo ? git_repository_config_snapshot(&cfg, repo) :
	    git_config_open_default(&cfg)) == 0 &&
	    git_config_get_string_buf(&v, cfg, "merge.conflictStyle") == 0)
		diff3 = strcmp(v.ptr, "diff3") == 0 ||
		    strcmp(v.ptr, "zdiff3") == 0;
	git_buf_dispose(&v);
	git_config_free(cfg);
	git_error_clear();
	free(env);
	return diff3;
}

/* One line on stderr naming what is left to resolve. */
static void
say_conflicts(const char *path, const struct prio_merge_result *r)
{
	struct prio_buf b = PRIO_BUF_INIT;
	size_t i;

	for (i = 0; i < r->nconflicts; i++)
		prio_buf_addf(&b, "%s%s", i ? ", " : "", r->conflicts[i].key);
	if (r->body_conflict)
		prio_buf_addf(&b, "%sthe body", b.len ? ", " : "");
	cli_error("merge-file: %s: conflict in %s; edit the lines between "
	    "the markers, then git add the file", path, b.ptr);
	prio_buf_free(&b);
}

/*
 * The key the backlog's dialect stamps on every write (Backlog.md's
 * updated_date), from the config committed at HEAD, where the merge
 * starts (the work tree's may itself be mid-merge); NULL for prio's own
 * format or without a repository or config.  Allocated.
 */
static char *
stamp_key(git_repository *repo)
{
	struct prio_diags ignored = PRIO_DIAGS_INIT;
	struct prio_source *src = NULL;
	struct prio_config *cfg = NULL;
	char *key = NULL;

	if (repo != NULL && prio_source_tree(&src, repo, "HEAD",
	    &ignored) == PRIO_OK && prio_config_load(&cfg, src,
	    &ignored) == PRIO_OK && cfg->dialect->stamp_key != NULL)
		key = prio_xstrdup(cfg->dialect->stamp_key);
	prio_config_free(cfg);
	prio_source_free(src);
	prio_diags_free(&ignored);
	git_error_clear();
	return key;
}

static int
merge(struct cli *cli, unsigned marker, char **files, const char *path)
{
	struct prio_buf in[3] = { PRIO_BUF_INIT, PRIO_BUF_INIT,
	    PRIO_BUF_INIT };
	struct prio_merge_result *r = NULL;
	struct prio_merge_opts opts = { .marker_size = marker,
	    .decision = decision };
	struct sides sides;
	const char *shown = path ? path : files[1];
	char *stamp = NULL;
	int i, rc = EXIT_OK;

	for (i = 0; i < 3; i++)
		if (cli_read_whole(files[i], &in[i]) != 0) {
			cli_error("merge-file: cannot read %s: %s", files[i],
			    strerror(errno));
			rc = EXIT_FAILURE_;
			goto out;
		}
	find_sides(&sides, path);
	opts.decision_arg = &sides;
	opts.diff3 = style_diff3(sides.repo);
	opts.stamp_key = stamp = stamp_key(sides.repo);
	prio_merge_story(&r, in[0].ptr, in[0].len, in[1].ptr, in[1].len,
	    in[2].ptr, in[2].len, &opts);
	git_repository_free(sides.repo);
	if (r->text_merge != NULL)
		cli_error("merge-file: %s: %s", shown, r->text_merge);
	if (cli_write_whole(files[1], r->data, r->len) != 0) {
		cli_error("merge-file: cannot write %s: %s", files[1],
		    strerror(errno));
		rc = EXIT_FAILURE_;
		goto out;
	}
	if (!r->clean && r->text_merge == NULL)
		say_conflicts(shown, r);
	rc = r->clean ? EXIT_OK : EXIT_REFUSED;
out:
	free(stamp);
	prio_merge_result_free(r);
	for (i = 0; i < 3; i++)
		prio_buf_free(&in[i]);
	return rc;
}

static int
run(struct cli *cli, int argc, char **argv)
{
	struct cli_getopt g = { 0 };
	unsigned long marker = 0;
	char *end;
	int c;

	while ((c = cli_getopt(cli, &g, argc, argv)) != -1) {
		if (c != OPT_MARKER_SIZE)
			return cli_bad_option(cli, c, argv);
		errno = 0;
		marker = strtoul(optarg, &end, 10);
		if (errno != 0 || end == optarg || *end != '\0' ||
		    marker < 1 || marker > 100)
			return cli_usage_error(cli, "--marker-size takes a "
			    "number from 1 to 100, not '%s'", optarg);
	}
	argc -= optind, argv += optind;
	if (argc < 3 || argc > 4)
		return cli_usage_error(cli, "merge-file takes the base's, "
		    "ours' and theirs' files and the path (git's %%O %%A %%B "
		    "%%P)");
	return merge(cli, (unsigned)marker, argv, argc == 4 ? argv[3] :
	    NULL);
}

static const struct cli_opt opts[] = {
	{ OPT_MARKER_SIZE, 0, "marker-size", CLI_ARG_REQUIRED, "<n>",
	    .help = "conflict markers of n characters (git's %L; default 7)" },
	{ 0 }
};

static const struct cli_operand operands[] = {
	{ "base", .complete = CLI_COMPLETE_FILE },
	{ "ours", .complete = CLI_COMPLETE_FILE },
	{ "theirs", .complete = CLI_COMPLETE_FILE },
	{ "path", .complete = CLI_COMPLETE_FILE },
	{ 0 }
};

const struct cmd cmd_merge_file = {
	.name = "merge-file",
	.usage = "[--marker-size <n>] <base> <ours> <theirs> [<path>]",
	.summary = "Merge three versions of a story (git's merge driver)",
	.help =
	    "git runs it for backlog/stories/**/*.md, or a Backlog.md "
	    "project's task\nfiles (set up by prio init and prio hook "
	    "install), as '%O %A %B %P'.\nThe front matter merges key by key: "
	    "changes to different keys merge,\nthe same change on both sides "
	    "merges, lists such as labels and\ndepends-on merge as sets, a key "
	    "added or removed on one side is added\nor removed, and of two new "
	    "stamps of Backlog.md's updated_date the\nlater is kept.  Only a "
	    "key changed differently on both sides conflicts:\nits lines alone "
	    "go between markers, each side with a comment naming its\nlast "
	    "decision on that key (commit, author, rationale).  The body "
	    "merges\nline by line, as git does.  The result is written over "
	    "<ours>; exit 0\nwhen it is clean, 1 when conflicts remain.  A "
	    "file that is not a story\nprio can read is merged as text, and "
	    "prio says so.\n",
	.opts = opts,
	.operands = operands,
	.args_order = CLI_ARGS_PERMUTE,
	.flags = 0,
	.run = run,
};
