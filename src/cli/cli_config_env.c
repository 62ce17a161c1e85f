/*
 * The config git hands a subcommand in its environment (`git -c k=v
 * prio ...`): read by the library (prio/gitenv.h), which also gives it
 * to libgit2 for the repository.  Commands may run outside one, so the
 * settings prio's own output follows are looked up here too.
 */
#include "cli.h"
#include "prio/buf.h"
#include "prio/gitenv.h"

char *
cli_config_env(const char *name)
{
	struct prio_gitenv env;
	const char *value;
	char *out = NULL;
	int found;

	prio_gitenv_read(&env);
	value = prio_gitenv_get(&env, name, &found);
	if (found)
		out = prio_xstrdup(value ? value : "true");
	prio_gitenv_free(&env);
	return out;
}
