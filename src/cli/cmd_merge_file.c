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
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "prio/buf.h"
#include "prio/error.h"
#include "prio/merge.h"

extern char **environ;

enum { OPT_MARKER_SIZE = 0x200 };

#define ATTR_LINE "backlog/stories/**/*.md merge=prio"
#define DRIVER_NAME "prio: stories merge key by key (prio merge-file)"

/* The commits whose history names each side's decisions. */
struct sides {
	git_repository *repo;
	const char *path;
	git_oid ours, theirs, base;
	bool have_ours, have_theirs, have_base;
};

/*
 * Reads the whole file at path into *out.  A file that is not there is
 * empty (git passes an empty base when both sides added the file).
 * Returns 0, or -1 with errno set.
 */
static int
read_whole(const char *path, struct prio_buf *out)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc, err;

	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	rc = prio_buf_read_fd(out, fd);
	err = errno;
	close(fd);
	errno = err;
	return rc;
}

/* Writes data over path through a temporary file and a rename, so ours
 * is never left half-written.  Returns 0, or -1 with errno set. */
static int
write_whole(const char *path, const char *data, size_t len)
{
	char *tmp = prio_xasprintf("%s.prio-XXXXXX", path);
	struct stat st;
	size_t off = 0;
	ssize_t n;
	int fd = mkstemp(tmp), saved;

	if (fd < 0) {
		free(tmp);
		return -1;
	}
	while (off < len) {
		if ((n = write(fd, data + off, len - off)) < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		off += (size_t)n;
	}
	if (fchmod(fd, stat(path, &st) == 0 ? st.st_mode & 07777 : 0644) != 0)
		goto fail;
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) != 0)
		goto fail;
	free(tmp);
	return 0;
fail:
	saved = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	free(tmp);
	errno = saved;
	return -1;
}

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

	if (read_whole(path, &b) == 0 && b.len > 0) {
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
	int i, rc = EXIT_OK;

	for (i = 0; i < 3; i++)
		if (read_whole(files[i], &in[i]) != 0) {
			cli_error("merge-file: cannot read %s: %s", files[i],
			    strerror(errno));
			rc = EXIT_FAILURE_;
			goto out;
		}
	find_sides(&sides, path);
	opts.decision_arg = &sides;
	opts.diff3 = style_diff3(sides.repo);
	prio_merge_story(&r, in[0].ptr, in[0].len, in[1].ptr, in[1].len,
	    in[2].ptr, in[2].len, &opts);
	git_repository_free(sides.repo);
	if (r->text_merge != NULL)
		cli_error("merge-file: %s: %s", shown, r->text_merge);
	if (write_whole(files[1], r->data, r->len) != 0) {
		cli_error("merge-file: cannot write %s: %s", files[1],
		    strerror(errno));
		rc = EXIT_FAILURE_;
		goto out;
	}
	if (!r->clean && r->text_merge == NULL)
		say_conflicts(shown, r);
	rc = r->clean ? EXIT_OK : EXIT_REFUSED;
out:
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

/* --- the setup: .gitattributes and the repository's config --- */

/* Whether text has line, alone on a line (blanks around it allowed). */
static bool
has_attr_line(const char *text, size_t len, size_t *from, size_t *to)
{
	const char *p = text, *end = text + len, *nl, *a, *b;

	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		for (a = p; a < nl && (*a == ' ' || *a == '\t'); a++)
			;
		for (b = nl; b > a && (b[-1] == ' ' || b[-1] == '\t' ||
		    b[-1] == '\r'); b--)
			;
		if ((size_t)(b - a) == strlen(ATTR_LINE) &&
		    memcmp(a, ATTR_LINE, strlen(ATTR_LINE)) == 0) {
			*from = (size_t)(p - text);
			*to = nl < end ? (size_t)(nl + 1 - text) : len;
			return true;
		}
		if (nl == end)
			break;
	}
	return false;
}

/* Adds (or, add false, removes) the line in the work tree's
 * .gitattributes.  Returns an exit code; *changed says whether it did. */
static int
edit_attributes(git_repository *repo, bool add, bool *changed)
{
	char *path = prio_xasprintf("%s.gitattributes",
	    git_repository_workdir(repo));
	struct prio_buf b = PRIO_BUF_INIT, out = PRIO_BUF_INIT;
	size_t from, to;
	bool crlf;
	int rc = EXIT_OK;

	*changed = false;
	if (read_whole(path, &b) != 0) {
		cli_error("cannot read .gitattributes: %s", strerror(errno));
		rc = EXIT_FAILURE_;
		goto out;
	}
	if (has_attr_line(b.ptr, b.len, &from, &to) == add)
		goto out;
	if (add) {
		crlf = b.len > 0 && memchr(b.ptr, '\r', b.len) != NULL;
		prio_buf_add(&out, b.ptr, b.len);
		if (b.len > 0 && b.ptr[b.len - 1] != '\n')
			prio_buf_adds(&out, crlf ? "\r\n" : "\n");
		prio_buf_addf(&out, "%s%s", ATTR_LINE, crlf ? "\r\n" : "\n");
	} else {
		prio_buf_add(&out, b.ptr, from);
		prio_buf_add(&out, b.ptr + to, b.len - to);
	}
	if (!add && out.len == 0 ? unlink(path) != 0 :
	    write_whole(path, out.ptr, out.len) != 0) {
		cli_error("cannot write .gitattributes: %s", strerror(errno));
		rc = EXIT_FAILURE_;
		goto out;
	}
	*changed = true;
out:
	prio_buf_free(&out);
	prio_buf_free(&b);
	free(path);
	return rc;
}

/* The driver's command line: this prio's absolute path, quoted for sh
 * (as the hooks record it), then git's placeholders. */
static char *
driver_command(void)
{
	struct prio_buf b = PRIO_BUF_INIT;
	char *self = cli_self_path(), *p;

	prio_buf_addch(&b, '\'');
	for (p = self; *p; p++)
		if (*p == '\'')
			prio_buf_adds(&b, "'\\''");
		else
			prio_buf_addch(&b, *p);
	prio_buf_adds(&b, "' merge-file --marker-size %L %O %A %B %P");
	free(self);
	return prio_buf_detach(&b, NULL);
}

static int
local_config(git_repository *repo, git_config **out)
{
	git_config *all = NULL;
	int err;

	*out = NULL;
	err = git_repository_config(&all, repo);
	if (err == 0)
		err = git_config_open_level(out, all,
		    GIT_CONFIG_LEVEL_LOCAL);
	git_config_free(all);
	if (err != 0) {
		cli_error("cannot open the repository's git config: %s",
		    git_error_last() ? git_error_last()->message : "?");
		return EXIT_FAILURE_;
	}
	return EXIT_OK;
}

/* Sets (or removes) merge.prio.name and merge.prio.driver in the
 * repository's own config; *changed says whether anything changed. */
static int
edit_config(git_repository *repo, bool add, bool *changed)
{
	git_config *cfg = NULL;
	git_buf have = { 0 };
	char *want = driver_command();
	int rc, had;

	*changed = false;
	if ((rc = local_config(repo, &cfg)) != EXIT_OK)
		goto out;
	had = git_config_get_string_buf(&have, cfg, "merge.prio.driver") ==
	    0;
	git_error_clear();
	if (add && !(had && strcmp(have.ptr, want) == 0)) {
		if (git_config_set_string(cfg, "merge.prio.name",
		    DRIVER_NAME) != 0 || git_config_set_string(cfg,
		    "merge.prio.driver", want) != 0)
			goto fail;
		*changed = true;
	} else if (!add) {
		if (git_config_delete_entry(cfg, "merge.prio.name") != 0)
			git_error_clear();
		if (had && git_config_delete_entry(cfg,
		    "merge.prio.driver") != 0)
			goto fail;
		*changed = had;
	}
	goto out;
fail:
	cli_error("cannot write the repository's git config: %s",
	    git_error_last() ? git_error_last()->message : "?");
	rc = EXIT_FAILURE_;
out:
	git_buf_dispose(&have);
	git_config_free(cfg);
	free(want);
	return rc;
}

int
cli_merge_driver_setup(struct cli *cli, bool add)
{
	bool attr = false, config = false;
	int rc;

	if (git_repository_workdir(cli->repo) == NULL)
		return EXIT_OK;
	if ((rc = edit_attributes(cli->repo, add, &attr)) != EXIT_OK ||
	    (rc = edit_config(cli->repo, add, &config)) != EXIT_OK)
		return rc;
	if (attr)
		fprintf(cli->out, "%s '%s' %s .gitattributes\n", add ?
		    "added" : "removed", ATTR_LINE, add ? "to" : "from");
	if (config)
		fprintf(cli->out, "%s merge.prio.driver%s\n", add ? "set" :
		    "removed", add ? ": stories merge key by key "
		    "(prio merge-file)" : "");
	return EXIT_OK;
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
	    "git runs it for backlog/stories/**/*.md (set up by prio init "
	    "and prio hook\ninstall) as '%O %A %B %P'.  The front matter "
	    "merges key by key: changes to\ndifferent keys merge, the same "
	    "change on both sides merges, lists such as\nlabels and "
	    "depends-on merge as sets, a key added or removed on one side "
	    "is\nadded or removed.  Only a key changed differently on both "
	    "sides conflicts:\nits lines alone go between markers, each side "
	    "with a comment naming its\nlast decision on that key (commit, "
	    "author, rationale).  The body merges\nline by line, as git "
	    "does.  The result is written over <ours>; exit 0 when\nit is "
	    "clean, 1 when conflicts remain.  A file that is not a story "
	    "prio can\nread is merged as text, and prio says so.\n",
	.opts = opts,
	.operands = operands,
	.args_order = CLI_ARGS_PERMUTE,
	.flags = 0,
	.run = run,
};
