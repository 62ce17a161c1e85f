/*
 * Unit tests for prio/treeread.h: a backlog's config found in a
 * commit's tree by the work-tree loader's rule (the dialects' config
 * paths in order, prio.yml first; another tool's config.yml passed
 * over; a link is no file), what each failure returns, whether two trees
 * have the same config files, and story blobs read under a size limit.
 * The trees are made by real git in a temporary repository.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "prio/buf.h"
#include "prio/config.h"
#include "prio/dialect.h"
#include "prio/error.h"
#include "prio/story.h"
#include "prio/treeread.h"
#include "diagtext.h"
#include "shell.h"
#include "tap.h"

static char tmp[PATH_MAX];
static git_repository *repo;

#define sh(...) do {							\
	if (sh_in(tmp, __VA_ARGS__) != 0)				\
		bail("a set-up command failed");			\
} while (0)

/* Commits the work tree as it is and returns its tree. */
static git_tree *
commit_tree(const char *what)
{
	git_tree *t = NULL;
	git_oid id;

	sh("git add -A && git -c user.name=T -c user.email=t@e commit -q "
	    "--allow-empty -m '%s'", what);
	id = oid_out_in(tmp, "git rev-parse 'HEAD^{tree}'");
	if (git_tree_lookup(&t, repo, &id) < 0)
		bail("cannot look up a tree");
	return t;
}

/* Finds the config of t: its return code, path ("-" for none), dir and
 * dialect as "rc path dir dialect", the code by name. */
static char *
found(git_tree *t, struct prio_diags *got)
{
	struct prio_diags diags = PRIO_DIAGS_INIT;
	struct prio_treeread_config c;
	int rc = prio_treeread_config(&c, repo, t, NULL, got, &diags);
	const char *code = rc == PRIO_OK ? "OK" : rc == PRIO_ENOTFOUND ?
	    "ENOTFOUND" : rc == PRIO_ECONFIG ? "ECONFIG" : "other";
	char *s = prio_xasprintf("%s %s %s %s", code, c.path ? c.path : "-",
	    c.cfg ? c.cfg->dir : "-", c.cfg ? c.cfg->dialect->name : "-");

	prio_treeread_config_free(&c);
	prio_diags_free(&diags);
	return s;
}

static void
expect_found(git_tree *t, const char *want, const char *name)
{
	struct prio_diags got = PRIO_DIAGS_INIT;
	char *s = found(t, &got);

	is_str(s, want, "%s", name);
	is_int(got.count, 0, "%s: no diagnostics", name);
	free(s);
	prio_diags_free(&got);
}

static void
test_config(void)
{
	struct prio_diags got = PRIO_DIAGS_INIT;
	git_tree *none, *prio, *both, *other, *root, *bad, *link;
	char *s;

	none = commit_tree("nothing");
	expect_found(none, "ENOTFOUND - - -", "no config: PRIO_ENOTFOUND");
	sh("mkdir -p backlog/stories && : >backlog/prio.yml");
	prio = commit_tree("prio");
	expect_found(prio, "OK backlog/prio.yml backlog prio",
	    "backlog/prio.yml");
	sh("printf 'task_prefix: \"back\"\\n' >backlog/config.yml");
	both = commit_tree("both");
	expect_found(both, "OK backlog/prio.yml backlog prio",
	    "prio.yml wins over Backlog.md's config");
	sh("rm backlog/prio.yml && mv backlog/config.yml backlog.config.yml "
	    "&& echo 'backlog_directory: planning' >>backlog.config.yml && "
	    "echo 'theme: dark' >backlog/config.yml");
	other = commit_tree("other");
	expect_found(other, "OK backlog.config.yml planning Backlog.md",
	    "another tool's backlog/config.yml is passed over; "
	    "backlog.config.yml names its folder");
	sh("rm backlog/config.yml");
	root = commit_tree("root");
	expect_found(root, "OK backlog.config.yml planning Backlog.md",
	    "backlog.config.yml alone");
	sh("mkdir -p backlog && ln -s ../backlog.config.yml "
	    "backlog/config.yml");
	link = commit_tree("link");
	expect_found(link, "OK backlog.config.yml planning Backlog.md",
	    "a link named backlog/config.yml is no file");
	sh("rm -f backlog/config.yml && printf 'statuses: 3\\n' "
	    ">backlog/prio.yml");
	bad = commit_tree("bad");
	s = found(bad, &got);
	is_str(s, "ECONFIG backlog/prio.yml - -", "a wrong prio.yml: "
	    "PRIO_ECONFIG, no config, though backlog.config.yml is there");
	ok(got.count > 0 && strcmp(got.items[0].path, "backlog/prio.yml") ==
	    0, "its diagnostics name the file");
	free(s);
	prio_diags_free(&got);

	ok(prio_treeread_same_config(NULL, NULL), "same: no trees");
	ok(prio_treeread_same_config(none, none), "same: one tree");
	ok(!prio_treeread_same_config(NULL, prio), "differ: none and prio.yml");
	ok(!prio_treeread_same_config(prio, both),
	    "differ: a backlog/config.yml added, though prio.yml wins");
	ok(!prio_treeread_same_config(other, root),
	    "differ: another tool's backlog/config.yml removed");
	ok(prio_treeread_same_config(root, link),
	    "same: a link is no config file");
	sh("mkdir -p planning/tasks && echo x >'planning/tasks/back-1 - X.md'");
	git_tree_free(link);
	link = commit_tree("a task");
	ok(prio_treeread_same_config(bad, link),
	    "same: trees that differ in stories alone");
	git_tree_free(none);
	git_tree_free(prio);
	git_tree_free(both);
	git_tree_free(other);
	git_tree_free(root);
	git_tree_free(link);
	git_tree_free(bad);
}

static void
test_too_large(void)
{
	struct prio_diags got = PRIO_DIAGS_INIT, diags = PRIO_DIAGS_INIT;
	struct prio_treeread_config c;
	git_tree *t;
	int rc;

	sh("rm -rf backlog backlog.config.yml planning && mkdir backlog && "
	    "head -c %d /dev/zero | tr '\\0' '#' >backlog/prio.yml",
	    PRIO_MAX_FILE_SIZE_LIMIT + 1);
	t = commit_tree("large");
	rc = prio_treeread_config(&c, repo, t, NULL, &got, &diags);
	is_int(rc, PRIO_ERANGE, "a config over the limit: PRIO_ERANGE");
	is_str(c.path, "backlog/prio.yml", "its path");
	is_int(c.size, PRIO_MAX_FILE_SIZE_LIMIT + 1, "its size");
	ok(c.text == NULL && c.cfg == NULL, "nothing read");
	is_int(got.count + diags.count, 0, "no diagnostics: the caller says");
	prio_treeread_config_free(&c);
	git_tree_free(t);
	sh("rm -rf backlog");
}

static void
test_blobs(void)
{
	struct prio_diags got = PRIO_DIAGS_INIT, diags = PRIO_DIAGS_INIT;
	struct prio_config *cfg = default_config();
	struct prio_story_parser *p = prio_story_parser_new(cfg,
	    PRIO_PARSE_FULL);
	struct prio_buf data = PRIO_BUF_INIT;
	struct prio_story *s;
	git_oid id, missing, commit;
	const char *want;
	bool fits;
	int rc;

	sh("mkdir -p backlog/stories && printf -- '---\\nid: S-1\\ntitle: "
	    "One\\nstatus: ready\\nbogus: [\\n---\\n' "
	    ">backlog/stories/S-1.md");
	git_tree_free(commit_tree("a story"));
	id = oid_out_in(tmp, "git rev-parse HEAD:backlog/stories/S-1.md");
	commit = oid_out_in(tmp, "git rev-parse HEAD");

	rc = prio_treeread_blob(repo, &commit, "backlog/stories/S-1.md", &id,
	    1000, &data, &fits, &diags);
	ok(rc == PRIO_OK && fits && data.len == 50 && memcmp(data.ptr,
	    "---\nid: S-1\n", 12) == 0, "a blob under the limit is read");
	rc = prio_treeread_blob(repo, &commit, "backlog/stories/S-1.md", &id,
	    10, &data, &fits, &diags);
	ok(rc == PRIO_OK && !fits && data.len == 0,
	    "a blob over the limit: PRIO_OK, not read");
	is_int(diags.count, 0, "no diagnostics so far");

	rc = prio_treeread_story(&s, repo, &commit, "backlog/stories/S-1.md",
	    &id, p, 1000, &data, &got, &diags);
	ok(rc == PRIO_OK && s && s->readable == false,
	    "a story is parsed (this one's front matter is bad YAML)");
	ok(got.count > 0 && strcmp(got.items[0].path,
	    "backlog/stories/S-1.md") == 0, "the parser's diagnostics go to "
	    "got, naming the file");
	prio_story_free(s);
	prio_diags_free(&got);
	rc = prio_treeread_story(&s, repo, &commit, "backlog/stories/S-1.md",
	    &id, p, 10, &data, &got, &diags);
	ok(rc == PRIO_OK && s == NULL, "a story over the limit: NULL");

	git_oid_fromstr(&missing, "0123456789012345678901234567890123456789");
	rc = prio_treeread_blob(repo, &commit, "backlog/stories/S-9.md",
	    &missing, 1000, &data, &fits, &diags);
	is_int(rc, PRIO_EGIT, "a blob that is not there (no partial clone): "
	    "PRIO_EGIT");
	want = "cannot read backlog/stories/S-9.md: ";
	ok(diags.count == 1 && strncmp(diags.items[0].message, want,
	    strlen(want)) == 0, "the message says what could not be read");
	rc = prio_treeread_story(&s, repo, &commit, "backlog/stories/S-9.md",
	    &missing, p, 1000, &data, &got, &diags);
	ok(rc == PRIO_EGIT && s == NULL, "a story that is not there: "
	    "PRIO_EGIT, no story");
	prio_diags_free(&got);
	prio_diags_free(&diags);
	prio_buf_free(&data);
	prio_story_parser_free(p);
	prio_config_free(cfg);
}

int
main(void)
{
	shell_tmpdir(tmp, sizeof(tmp), "treeread");
	sh("git init -q .");
	git_libgit2_init();
	if (git_repository_open(&repo, tmp) < 0)
		bail("cannot open the test repository");
	test_config();
	test_too_large();
	test_blobs();
	git_repository_free(repo);
	git_libgit2_shutdown();
	sh("cd / && rm -rf '%s'", tmp);
	return tap_done();
}
