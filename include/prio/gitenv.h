/*
 * prio/gitenv.h — the git config that git hands a subcommand in its
 * environment.
 *
 * `git -c commit.gpgsign=true prio move ...` runs prio with
 * GIT_CONFIG_PARAMETERS set, and `git --config-env` or a script may set
 * GIT_CONFIG_COUNT with GIT_CONFIG_KEY_<n> and GIT_CONFIG_VALUE_<n>.
 * git reads both as its command-line level, above every file; libgit2
 * 1.5 reads neither.  This module reads them once and gives them to
 * libgit2 as a read-only config backend at that level, so signing,
 * hooks, identity and every other setting prio reads through libgit2
 * see them as git's own commands do.
 */
#ifndef PRIO_GITENV_H
#define PRIO_GITENV_H

#include <git2.h>
#include <stddef.h>

/* One setting: key normalised as git does (section and name in lower
 * case, a subsection as written); value NULL for a key given without
 * '=' (a boolean true, as in git). */
struct prio_gitenv_entry {
	char *key;
	char *value;
};

/* The settings in git's order, the one that wins last. */
struct prio_gitenv {
	struct prio_gitenv_entry *entries;
	size_t count;
};

/*
 * Reads GIT_CONFIG_COUNT (with its KEY and VALUE variables) and then
 * GIT_CONFIG_PARAMETERS, as git does, into env (caller frees with
 * prio_gitenv_free).  A word that is not quoted as git quotes it ends
 * the reading of GIT_CONFIG_PARAMETERS; keys without a section or a
 * name are left out, as git refuses them.
 */
void prio_gitenv_read(struct prio_gitenv *env);
void prio_gitenv_free(struct prio_gitenv *env);

/* The value the last setting of key ("section.name" or
 * "section.sub.name", any case in section and name) has, borrowed from
 * env; *found says whether there was one (the value may be NULL). */
const char *prio_gitenv_get(const struct prio_gitenv *env, const char *key,
    int *found);

/*
 * Adds the settings of the environment to repo's config at
 * GIT_CONFIG_LEVEL_APP, above the repository's own file, so every later
 * read through repo sees them.  Nothing is added when the environment
 * holds none.  Returns 0, or libgit2's error code (its message in
 * git_error_last()).
 */
int prio_gitenv_apply(git_repository *repo);

#endif
