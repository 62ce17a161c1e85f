/* Unit tests for prio/gitenv.h: git's environment config, for libgit2. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <git2.h>

#include "prio/gitenv.h"
#include "tap.h"

static void
clear_env(void)
{
	unsetenv("GIT_CONFIG_PARAMETERS");
	unsetenv("GIT_CONFIG_COUNT");
	unsetenv("GIT_CONFIG_KEY_0");
	unsetenv("GIT_CONFIG_VALUE_0");
	unsetenv("GIT_CONFIG_KEY_1");
	unsetenv("GIT_CONFIG_VALUE_1");
}

static void
value_is(const struct prio_gitenv *env, const char *key, const char *want)
{
	int found;
	const char *got = prio_gitenv_get(env, key, &found);

	if (want == NULL)
		ok(!found, "%s is not set", key);
	else
		is_str(found ? (got ? got : "(true)") : "(unset)", want,
		    "%s", key);
}

static void
test_parameters(void)
{
	struct prio_gitenv env;

	clear_env();
	/* As git 2.39 writes `git -c User.Name=A -c 'x.Sub.Key=it'\''s'
	 * -c core.bare -c core.pager=`. */
	setenv("GIT_CONFIG_PARAMETERS", "'User.Name'='A' 'x.Sub.KEY'='it'\\''s' "
	    "'core.bare' 'core.pager'= 'old.style=v=w' 'nodot'='x' "
	    "'user.name'='B'", 1);
	prio_gitenv_read(&env);
	is_int((int)env.count, 6, "six settings; the key without a dot is "
	    "left out");
	value_is(&env, "user.name", "B");
	value_is(&env, "USER.NAME", "B");
	value_is(&env, "x.Sub.key", "it's");
	value_is(&env, "x.sub.key", NULL);
	value_is(&env, "core.bare", "(true)");
	value_is(&env, "core.pager", "(true)");
	value_is(&env, "old.style", "v=w");
	is_str(env.entries[1].key, "x.Sub.key", "section and name are "
	    "lower case, the subsection as written");
	prio_gitenv_free(&env);

	setenv("GIT_CONFIG_PARAMETERS", "'a.b'='1' broken 'c.d'='2'", 1);
	prio_gitenv_read(&env);
	is_int((int)env.count, 1, "reading stops at a word not quoted as "
	    "git quotes");
	prio_gitenv_free(&env);
}

static void
test_count(void)
{
	struct prio_gitenv env;

	clear_env();
	setenv("GIT_CONFIG_COUNT", "2", 1);
	setenv("GIT_CONFIG_KEY_0", "commit.gpgSign", 1);
	setenv("GIT_CONFIG_VALUE_0", "true", 1);
	setenv("GIT_CONFIG_KEY_1", "user.name", 1);
	setenv("GIT_CONFIG_VALUE_1", "Counted", 1);
	setenv("GIT_CONFIG_PARAMETERS", "'user.name'='Param'", 1);
	prio_gitenv_read(&env);
	value_is(&env, "commit.gpgsign", "true");
	value_is(&env, "user.name", "Param");
	prio_gitenv_free(&env);
}

/* A repository whose own config says user.name = File: the environment
 * wins through libgit2, for a single value, a snapshot and iteration. */
static void
test_apply(void)
{
	char dir[] = "/tmp/prio-gitenv-XXXXXX";
	git_repository *repo = NULL;
	git_config *cfg = NULL, *snap = NULL;
	git_config_entry *e = NULL;
	git_config_iterator *it = NULL;
	const char *s = NULL;
	int n = 0, v = 0;

	clear_env();
	if (mkdtemp(dir) == NULL || git_repository_init(&repo, dir, 0) < 0 ||
	    git_repository_config(&cfg, repo) < 0 ||
	    git_config_set_string(cfg, "user.name", "File") < 0) {
		ok(0, "a repository to test in");
		return;
	}
	git_config_free(cfg);
	cfg = NULL;
	setenv("GIT_CONFIG_PARAMETERS", "'user.name'='Env' 'commit.gpgsign'",
	    1);
	is_int(prio_gitenv_apply(repo), 0, "applied");
	git_repository_config_snapshot(&snap, repo);
	git_config_get_string(&s, snap, "user.name");
	is_str(s, "Env", "the environment wins over the repository's file");
	ok(git_config_get_bool(&v, snap, "commit.gpgsign") == 0 && v == 1,
	    "a key without a value is true");
	ok(git_config_get_entry(&e, snap, "user.name") == 0 &&
	    e->level == GIT_CONFIG_LEVEL_APP, "at the command-line level");
	git_config_entry_free(e);
	git_config_iterator_new(&it, snap);
	while (git_config_next(&e, it) == 0)
		n += e->level == GIT_CONFIG_LEVEL_APP;
	is_int(n, 2, "iteration sees the environment's two settings");
	git_config_iterator_free(it);
	git_repository_config(&cfg, repo);
	ok(git_config_set_string(cfg, "user.name", "New") == 0,
	    "writes still go to the repository's file");
	git_config_free(cfg);
	git_config_free(snap);
	git_repository_free(repo);
	clear_env();
}

int
main(void)
{
	git_libgit2_init();
	test_parameters();
	test_count();
	test_apply();
	git_libgit2_shutdown();
	return tap_done();
}
