/*
 * Unit tests for prio/reid.h: which of two stories that share an ID
 * joined the branch last, and what each depends-on entry meant, in a
 * repository made with real git: main and a branch "feature" each mint
 * S-4, each adds a story that depends on its S-4, and main merges the
 * feature.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "prio/config.h"
#include "prio/error.h"
#include "prio/reid.h"
#include "shell.h"
#include "tap.h"

static char tmp[PATH_MAX];

#define sh(...) do {							\
	if (sh_in(tmp, __VA_ARGS__) != 0)				\
		bail("a set-up command failed");			\
} while (0)

/* A story file: backlog/stories/<name>.md with id and depends-on. */
#define STORY(name, id, deps) "mkdir -p backlog/stories && printf -- " \
	"'---\\nid: " id "\\ntitle: t\\ndepends-on: [" deps "]\\n---\\n' " \
	">backlog/stories/" name ".md"
#define COMMIT(msg) "git add -A && git commit -qm " msg

static void
make_repo(void)
{
	sh("git init -q -b main repo && cd repo && "
	    "git config user.name t && git config user.email t@example.com && "
	    STORY("S-1-base", "S-1", "") " && " COMMIT("base") " && "
	    "git checkout -qb feature && "
	    STORY("S-4-pay", "S-4", "") " && "
	    STORY("S-5-x", "S-5", "S-4") " && " COMMIT("pay") " && "
	    "git checkout -q main && "
	    STORY("S-4-ship", "S-4", "") " && " COMMIT("ship") " && "
	    STORY("S-6-y", "S-6", "S-1, S-4") " && " COMMIT("y") " && "
	    "git merge -q --no-ff feature -m merge && "
	    STORY("S-7-new", "S-7", "S-4"));
	sh("git init -q -b main unborn");
}

/* The story at backlog/stories/<name>.md of repo's work tree. */
static struct prio_story *
story(const struct prio_config *cfg, const char *name)
{
	struct prio_diags d = PRIO_DIAGS_INIT;
	char *path = prio_xasprintf("backlog/stories/%s.md", name);
	char *text = out_in(tmp, "cat repo/%s", path);
	struct prio_story *s = prio_story_parse(path, text, strlen(text), cfg,
	    &d);

	prio_diags_free(&d);
	free(text);
	free(path);
	return s;
}

#define open_repo(name) repo_in(tmp, name)

/* r with the n stories given as candidates of ID id. */
static void
cands(struct prio_reid *r, const char *id, struct prio_story **s, size_t n)
{
	size_t i;

	memset(r, 0, sizeof(*r));
	r->id = id;
	r->cands = prio_xcalloc(n + 1, sizeof(*r->cands));
	r->first_seen = prio_xcalloc(n + 1, sizeof(*r->first_seen));
	for (i = 0; i < n; i++)
		r->cands[r->ncands++] = s[i];
}

static void
test_walks(const struct prio_config *cfg)
{
	git_repository *repo = open_repo("repo");
	struct prio_diags d = PRIO_DIAGS_INIT;
	struct prio_shallow_cut cut = { 0 };
	struct prio_story *ship = story(cfg, "S-4-ship");
	struct prio_story *pay = story(cfg, "S-4-pay");
	struct prio_story *x = story(cfg, "S-5-x");
	struct prio_story *y = story(cfg, "S-6-y");
	struct prio_story *fresh = story(cfg, "S-7-new");
	struct prio_story *two[] = { ship, pay }, *twins[] = { pay, x };
	struct prio_reid r;
	size_t newest, ties;

	cands(&r, "S-4", two, 2);
	is_int(prio_reid_walk(&r, repo, cfg, true, &cut, &d), PRIO_OK,
	    "the first-parent walk");
	/* Along main's first parents: base 0, ship 1, y 2, the merge 3. */
	ok(r.first_seen[0] == 1 && r.first_seen[1] == 3, "main's S-4 joined "
	    "at its commit, the feature's at the merge (%ld, %ld)",
	    r.first_seen[0], r.first_seen[1]);
	newest = prio_reid_newest(&r, &ties);
	ok(newest == 1 && ties == 1, "the feature's S-4 is the newcomer");
	ok(cut.count == 0, "a whole history is not cut");
	r.renamed = pay;
	r.deps = prio_xcalloc(4, sizeof(*r.deps));
	r.deps[r.ndeps++].story = x;
	r.deps[r.ndeps++].story = y;
	r.deps[r.ndeps++].story = fresh;
	is_int(prio_reid_walk(&r, repo, cfg, false, &cut, &d), PRIO_OK,
	    "the walk of every commit");
	is_int(r.deps[0].meant, PRIO_MEANT_RENAMED, "S-5 was written beside "
	    "the feature's S-4: it meant that one");
	is_int(r.deps[1].meant, PRIO_MEANT_OTHER, "S-6 was written beside "
	    "main's S-4: it meant the other");
	is_int(r.deps[2].meant, PRIO_MEANT_UNKNOWN, "no commit has S-7");
	prio_reid_worktree_deps(&r, repo, cfg, &d);
	ok(r.deps[0].meant == PRIO_MEANT_RENAMED && r.deps[1].meant ==
	    PRIO_MEANT_OTHER, "committed entries keep what they meant");
	is_int(r.deps[2].meant, PRIO_MEANT_EITHER, "an entry written in the "
	    "work tree could mean either");
	prio_reid_free(&r);
	ok(r.cands == NULL && r.deps == NULL, "freed and cleared");

	cands(&r, "S-4", twins, 2);
	is_int(prio_reid_walk(&r, repo, cfg, true, &cut, &d), PRIO_OK,
	    "a walk for files that joined together");
	prio_reid_newest(&r, &ties);
	is_int((int)ties, 2, "both joined at the merge: no newcomer");
	prio_reid_free(&r);
	is_int((int)d.count, 0, "no diagnostics");

	git_repository_free(repo);
	repo = open_repo("unborn");
	cands(&r, "S-4", two, 2);
	is_int(prio_reid_walk(&r, repo, cfg, true, &cut, &d), PRIO_OK,
	    "an unborn branch has no history");
	ok(r.first_seen[0] == LONG_MAX && r.first_seen[1] == LONG_MAX,
	    "where nothing joined");
	prio_reid_free(&r);
	git_repository_free(repo);
	prio_story_free(ship);
	prio_story_free(pay);
	prio_story_free(x);
	prio_story_free(y);
	prio_story_free(fresh);
	prio_diags_free(&d);
}

int
main(void)
{
	struct prio_config *cfg = NULL;
	struct prio_diags d = PRIO_DIAGS_INIT;

	shell_tmpdir(tmp, sizeof(tmp), "reid");
	git_libgit2_init();
	make_repo();
	prio_config_parse(&cfg, "prio.yml", "", 0, &d);
	test_walks(cfg);
	prio_config_free(cfg);
	prio_diags_free(&d);
	git_libgit2_shutdown();
	sh("cd / && rm -rf '%s'", tmp);
	return tap_done();
}
