/* tools/link-probe.c — what tools/link-static.sh links to see whether
 * libgit2, libyaml, cmark and jansson can be linked in (statically). */
#include <cmark.h>
#include <git2.h>
#include <jansson.h>
#include <yaml.h>

int
main(void)
{
	json_t *j = json_object();
	int ok = git_libgit2_init() > 0 && yaml_get_version_string() != NULL &&
	    cmark_version() > 0 && j != NULL;

	json_decref(j);
	git_libgit2_shutdown();
	return ok ? 0 : 1;
}
