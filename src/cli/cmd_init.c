/* prio init — create backlog/prio.yml and backlog/stories/. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "prio/error.h"

enum { OPT_INIT_HOOKS = 0x200 };

/*
 * Every key of prio/config.h with its default, commented out, and what
 * it does.  The text is compiled in rather than installed so that it
 * always states this binary's own defaults.  Uncommented as a whole it
 * is a valid config equal to the defaults (a test checks that, and that
 * every key config.c knows is here).
 */
static const char config_text[] =
"# backlog/prio.yml: this backlog's config (see 'man prio').  Every key is\n"
"# optional; each line below is the default, commented out.  Remove the\n"
"# '# ' in front of a key to change it.\n"
"\n"
"# Story IDs are <id-prefix>-<n>: S-1, S-2, ...\n"
"# id-prefix: S\n"
"\n"
"# The statuses, in workflow order.\n"
"# statuses: [draft, ready, in-progress, done, accepted, dropped]\n"
"\n"
"# Statuses that take a story out of the ranked order (when statuses is\n"
"# set and this is not: its last status).\n"
"# terminal: [accepted, dropped]\n"
"\n"
"# The statuses that play prio's roles: plan takes ready work, reject\n"
"# sends done work back to in-progress, accept moves it to accepted.  A\n"
"# role not named is the status of its name.  For To Do, In Progress...:\n"
"# {ready: To Do, in-progress: In Progress, done: Done, accepted: Accepted}\n"
"# status-roles: {ready: ready, in-progress: in-progress, done: done, "
"accepted: accepted}\n"
"\n"
"# The first status that needs acceptance criteria.\n"
"# criteria-from: ready\n"
"\n"
"# The heading (any level, any case) above a story's criteria list.\n"
"# criteria-heading: Acceptance criteria\n"
"\n"
"# The score: wsjf, rice, ice, value-per-effort, or a formula over\n"
"# numeric fields such as (value + urgency) / effort.\n"
"# score: wsjf\n"
"\n"
"# Ranges and scales of numeric fields, checked by the range rule, e.g.\n"
"# {effort: {scale: [1, 2, 3, 5, 8, 13, 21]}, value: {min: 1, max: 10}}.\n"
"# fields: {}\n"
"\n"
"# Whether priority changes need a rationale (-m <why>).\n"
"# rationale-required: true\n"
"\n"
"# Whether to warn about front-matter keys that are not declared.\n"
"# closed-schema: false\n"
"\n"
"# Extra keys declared for closed-schema, e.g. [component].\n"
"# keys: []\n"
"\n"
"# Rules turned off or changed: error, warning or off, e.g.\n"
"# {rank-tie: error, unscored: off}.\n"
"# rules: {}\n"
"\n"
"# Story files larger than this many bytes are not read.\n"
"# max-file-size: 1048576\n"
"\n"
"# Whether prio commits its changes (when false, it only writes them).\n"
"# commit: true\n"
"\n"
"# The subject of prio's commits; {summary} is e.g. \"move S-42 to #3\n"
"# (was #9)\".\n"
"# commit-subject: \"prio: {summary}\"\n";

static bool
exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0 || errno != ENOENT;
}

/* Writes the config; refuses (never replaces) one that is there. */
static int
write_config(const char *path)
{
	size_t len = sizeof(config_text) - 1, off = 0;
	ssize_t n;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0666);

	if (fd < 0)
		return -1;
	while (off < len) {
		if ((n = write(fd, config_text + off, len - off)) < 0) {
			if (errno == EINTR)
				continue;
			close(fd);
			unlink(path);
			return -1;
		}
		off += (size_t)n;
	}
	if (close(fd) != 0) {
		unlink(path);
		return -1;
	}
	return 0;
}

/*
 * Refuses (exit 1, after saying why) when the work tree has a backlog: a
 * backlog/prio.yml, or a Backlog.md project that prio reads as it is
 * (found as every command finds one, so a backlog/config.yml without
 * Backlog.md's keys is no project).
 */
static int
no_backlog_yet(struct cli *cli, const char *root)
{
	struct prio_diags d = PRIO_DIAGS_INIT;
	struct prio_source *src = NULL;
	struct prio_backlog *b = NULL;
	char *config = prio_xasprintf("%s%s", root, PRIO_CONFIG_PATH);
	int rc = EXIT_REFUSED, err;

	if (exists(config))
		cli_error("a backlog exists already: %s is there; nothing was "
		    "changed", PRIO_CONFIG_PATH);
	else if (prio_source_worktree(&src, cli->repo, &d) != PRIO_OK) {
		cli_error("%s", d.count ? d.items[d.count - 1].message :
		    "cannot read the work tree");
		rc = EXIT_FAILURE_;
	} else if ((err = prio_backlog_load(&b, src, &d)) == PRIO_ENOTFOUND)
		rc = EXIT_OK;
	else if (err == PRIO_OK && b->config->dialect->foreign)
		cli_error("this repository has a %s project in %s/, "
		    "which prio reads as it is; nothing was changed",
		    b->config->dialect->name, b->config->dir);
	else if (err == PRIO_ECONFIG)
		cli_error("this repository has a Backlog.md project (%s, which "
		    "has errors: run 'prio check'); nothing was changed",
		    d.count && d.items[0].path ? d.items[0].path : "?");
	else {
		cli_error("cannot tell whether there is a backlog: %s",
		    d.count ? d.items[d.count - 1].message : "unknown error");
		rc = EXIT_FAILURE_;
	}
	prio_backlog_free(b);
	prio_source_free(src);
	prio_diags_free(&d);
	free(config);
	return rc;
}

static int
init(struct cli *cli, bool hooks)
{
	const char *root = git_repository_workdir(cli->repo);
	char *dir = NULL, *stories = NULL, *config = NULL;
	bool made_stories = false;
	int rc = EXIT_OK;

	if (root == NULL) {
		cli_error("this repository is bare: a backlog lives in a work "
		    "tree; run prio init in a clone");
		return EXIT_USAGE;
	}
	if ((rc = no_backlog_yet(cli, root)) != EXIT_OK)
		return rc;
	dir = prio_xasprintf("%sbacklog", root);
	stories = prio_xasprintf("%s%s", root, PRIO_STORIES_DIR);
	config = prio_xasprintf("%s%s", root, PRIO_CONFIG_PATH);
	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		cli_error("cannot create backlog/: %s", strerror(errno));
		rc = EXIT_FAILURE_;
		goto out;
	}
	if (write_config(config) != 0) {
		if (errno == EEXIST)
			cli_error("a backlog exists already: %s is there; "
			    "nothing was changed", PRIO_CONFIG_PATH);
		else
			cli_error("cannot create %s: %s", PRIO_CONFIG_PATH,
			    strerror(errno));
		rc = errno == EEXIST ? EXIT_REFUSED : EXIT_FAILURE_;
		goto out;
	}
	if (mkdir(stories, 0777) == 0)
		made_stories = true;
	else if (errno != EEXIST) {
		cli_error("cannot create %s/: %s", PRIO_STORIES_DIR,
		    strerror(errno));
		rc = EXIT_FAILURE_;
		goto out;
	}
	fprintf(cli->out, "created %s\n", PRIO_CONFIG_PATH);
	if (made_stories)
		fprintf(cli->out, "created %s/\n", PRIO_STORIES_DIR);
	rc = cli_merge_driver_setup(cli, true);
	if (hooks && rc == EXIT_OK)
		rc = cli_hook_install_default(cli);
	if (rc == EXIT_OK)
		fprintf(cli->out, "next: prio new \"<title>\" writes a story\n");
out:
	free(dir);
	free(stories);
	free(config);
	return rc;
}

static int
run(struct cli *cli, int argc, char **argv)
{
	struct cli_getopt g = { 0 };
	bool hooks = false;
	int c;

	while ((c = cli_getopt(cli, &g, argc, argv)) != -1) {
		if (c == OPT_INIT_HOOKS)
			hooks = true;
		else if (c == 1)
			return cli_usage_error(cli, "init takes no arguments, "
			    "not '%s'; use -C <dir> to init another "
			    "repository", optarg);
		else
			return cli_bad_option(cli, c, argv);
	}
	return init(cli, hooks);
}

static const struct cli_opt opts[] = {
	{ OPT_INIT_HOOKS, 0, "hooks", CLI_ARG_NONE, NULL,
	    .help = "also install the pre-commit hook (prio hook install)" },
	{ 0 }
};

const struct cmd cmd_init = {
	.name = "init",
	.usage = "[--hooks]",
	.summary = "Create a backlog: backlog/prio.yml and backlog/stories/",
	.help =
	    "Writes backlog/prio.yml at the top of the work tree, with every "
	    "key\ncommented out at its default and a line on what it does, "
	    "and makes\nbacklog/stories/.  An existing backlog (or a Backlog.md "
	    "project) is never\nreplaced.  It also sets up the merge driver "
	    "for stories, as prio hook\ninstall does (.gitattributes and "
	    "merge.prio.driver; see prio merge-file).\nNothing is committed: "
	    "review the config, then git add and commit it.\n",
	.opts = opts,
	.args_order = CLI_ARGS_INLINE,
	.flags = CMD_NEEDS_REPO,
	.run = run,
};
