/*
 * The git hooks prio installs (SPEC §3.5): their scripts, where git
 * finds them, and whose a hook is; for prio hook, prio init --hooks and
 * the pre-commit hook run in process (hook_run.c).
 *
 * The hooks are small POSIX sh scripts (templates/hooks/, compiled into
 * prio) that record the absolute path of the prio that installed them,
 * so a GUI client running git with a minimal PATH still finds it, and
 * fall back to PATH.  They hand the work back to `prio hook run`, so the
 * logic lives in C, under test.  A hook is prio's when its second line
 * is the marker "# prio-hook: <name>"; prio never replaces or removes a
 * hook without it unless told to with --force.
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

extern const char prio_hook_pre_commit[];
extern const char prio_hook_pre_receive[];

#define MARKER "\n# prio-hook: "

struct hook {
	const char *name;
	const char *script;
	const char *does;       /* what it does, for messages */
};

static const struct hook hooks[] = {
	{ "pre-commit", prio_hook_pre_commit,
	    "runs 'prio check --staged' before each commit" },
	{ "pre-receive", prio_hook_pre_receive,
	    "checks the backlog of every pushed branch tip" },
};

static const struct hook *
find_hook(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(hooks) / sizeof(hooks[0]); i++)
		if (strcmp(hooks[i].name, name) == 0)
			return &hooks[i];
	return NULL;
}

/*
 * The hooks folder as git finds it: core.hooksPath (relative to the
 * work tree, or to the git directory of a bare repository, as git runs
 * hooks there), else the common git directory's hooks/.
 */
static char *
hooks_dir(git_repository *repo)
{
	git_config *cfg = NULL;
	git_buf value = { 0 };
	const char *base = git_repository_is_bare(repo) ?
	    git_repository_path(repo) : git_repository_workdir(repo);
	char *dir;

	if (git_repository_config_snapshot(&cfg, repo) == 0 &&
	    git_config_get_path(&value, cfg, "core.hooksPath") == 0 &&
	    value.size > 0)
		dir = value.ptr[0] == '/' ? prio_xstrdup(value.ptr) :
		    prio_xasprintf("%s%s", base, value.ptr);
	else
		dir = prio_xasprintf("%shooks",
		    git_repository_commondir(repo));
	git_buf_dispose(&value);
	git_config_free(cfg);
	git_error_clear();
	return dir;
}

/* The path to show: relative to the work tree when inside it. */
static const char *
shown(git_repository *repo, const char *path)
{
	const char *top = git_repository_workdir(repo);
	size_t n = top ? strlen(top) : 0;

	return n && strncmp(path, top, n) == 0 ? path + n : path;
}

/* The running prio, for the hook to call: its absolute path if known. */
char *
cli_self_path(void)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);

	if (n <= 0)
		return prio_xstrdup("prio");
	buf[n] = '\0';
	return prio_xstrdup(buf);
}

/* The script with @PRIO@ replaced, quoted for inside '...'. */
static void
render(struct prio_buf *out, const char *script, const char *prio)
{
	const char *at = strstr(script, "@PRIO@"), *p;

	if (at == NULL) {
		prio_buf_addf(out, "%s", script);
		return;
	}
	prio_buf_add(out, script, (size_t)(at - script));
	for (p = prio; *p; p++)
		if (*p == '\'')
			prio_buf_addf(out, "'\\''");
		else
			prio_buf_add(out, p, 1);
	prio_buf_addf(out, "%s", at + strlen("@PRIO@"));
}

/*
 * Whether the file at path is, byte for byte, the hook name as `prio
 * hook install` would write it now: calling this very program, so that
 * running its check here does exactly what the script would.  A hook
 * the user edited, or one that calls another prio, is not.
 */
bool
cli_hook_is_own(const char *name, const char *path)
{
	const struct hook *h = find_hook(name);
	struct prio_buf want = PRIO_BUF_INIT;
	char *prio, *have = NULL;
	size_t len = 0;
	bool same;
	FILE *f;

	if (h == NULL || (f = fopen(path, "re")) == NULL)
		return false;
	prio = cli_self_path();
	render(&want, h->script, prio);
	have = prio_xmalloc(want.len + 1);
	len = fread(have, 1, want.len + 1, f);
	same = len == want.len && memcmp(have, want.ptr, len) == 0;
	fclose(f);
	free(have);
	free(prio);
	prio_buf_free(&want);
	return same;
}

enum owner { HOOK_NONE, HOOK_OURS, HOOK_FOREIGN };

/* Whose the hook at path is; a hook that cannot be read is foreign. */
static enum owner
owner_of(const char *path)
{
	char head[256];
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return errno == ENOENT ? HOOK_NONE : HOOK_FOREIGN;
	n = read(fd, head, sizeof(head) - 1);
	close(fd);
	if (n < 0)
		return HOOK_FOREIGN;
	head[n] = '\0';
	return strstr(head, MARKER) ? HOOK_OURS : HOOK_FOREIGN;
}

static int
make_dir(const char *dir)
{
	char *copy = prio_xstrdup(dir), *p;
	int rc = 0;

	for (p = copy + 1; *p && rc == 0; p++)
		if (*p == '/') {
			*p = '\0';
			if (mkdir(copy, 0777) != 0 && errno != EEXIST)
				rc = -1;
			*p = '/';
		}
	if (rc == 0 && mkdir(copy, 0777) != 0 && errno != EEXIST)
		rc = -1;
	free(copy);
	return rc;
}

/* Writes data to path as an executable file, atomically. */
static int
write_hook(const char *path, const struct prio_buf *data)
{
	char *tmp = prio_xasprintf("%s.prio-XXXXXX", path);
	int fd = mkstemp(tmp), ok;

	ok = fd >= 0 && write(fd, data->ptr, data->len) ==
	    (ssize_t)data->len && fchmod(fd, 0755) == 0;
	if (fd >= 0 && close(fd) != 0)
		ok = 0;
	if (ok && rename(tmp, path) != 0)
		ok = 0;
	if (!ok && fd >= 0)
		unlink(tmp);
	free(tmp);
	return ok ? 0 : -1;
}

static int
install(struct cli *cli, const struct hook *h, const char *dir, bool force)
{
	char *path = prio_xasprintf("%s/%s", dir, h->name);
	char *saved = prio_xasprintf("%s.prio-saved", path);
	char *prio = cli_self_path();
	struct prio_buf script = PRIO_BUF_INIT;
	enum owner who = owner_of(path);
	int rc = EXIT_OK;

	if (who == HOOK_FOREIGN && !force) {
		cli_error("%s exists and was not written by prio; left in "
		    "place.  Call 'prio check --staged' from it, or replace "
		    "it with 'prio hook install --force %s' (it is kept as "
		    "%s.prio-saved)", shown(cli->repo, path), h->name,
		    h->name);
		rc = EXIT_REFUSED;
		goto out;
	}
	render(&script, h->script, prio);
	if (make_dir(dir) != 0 || (who == HOOK_FOREIGN &&
	    rename(path, saved) != 0) || write_hook(path, &script) != 0) {
		cli_error("cannot write %s: %s", shown(cli->repo, path),
		    strerror(errno));
		rc = EXIT_FAILURE_;
		goto out;
	}
	if (who == HOOK_FOREIGN)
		fprintf(cli->out, "saved the old hook as %s\n",
		    shown(cli->repo, saved));
	fprintf(cli->out, "%s %s: %s\n", who == HOOK_OURS ? "updated" :
	    "installed", shown(cli->repo, path), h->does);
out:
	prio_buf_free(&script);
	free(prio);
	free(saved);
	free(path);
	return rc;
}

static int
uninstall(struct cli *cli, const struct hook *h, const char *dir)
{
	char *path = prio_xasprintf("%s/%s", dir, h->name);
	char *saved = prio_xasprintf("%s.prio-saved", path);
	int rc = EXIT_OK;

	switch (owner_of(path)) {
	case HOOK_NONE:
		fprintf(cli->out, "no %s hook in %s; nothing to remove\n",
		    h->name, shown(cli->repo, dir));
		break;
	case HOOK_FOREIGN:
		cli_error("%s was not written by prio; left in place",
		    shown(cli->repo, path));
		rc = EXIT_REFUSED;
		break;
	case HOOK_OURS:
		if (unlink(path) != 0) {
			cli_error("cannot remove %s: %s", shown(cli->repo,
			    path), strerror(errno));
			rc = EXIT_FAILURE_;
			break;
		}
		fprintf(cli->out, "removed %s\n", shown(cli->repo, path));
		if (rename(saved, path) == 0)
			fprintf(cli->out, "restored the hook saved as %s\n",
			    shown(cli->repo, saved));
		break;
	}
	free(saved);
	free(path);
	return rc;
}

int
cli_hook_manage(struct cli *cli, bool add, bool force, int argc, char **argv)
{
	const char *fallback = git_repository_is_bare(cli->repo) ?
	    "pre-receive" : "pre-commit";
	char *dir = hooks_dir(cli->repo);
	int i, rc = EXIT_OK, one;

	for (i = 0; i < argc; i++)
		if (find_hook(argv[i]) == NULL) {
			free(dir);
			return cli_usage_error(cli, "prio has no '%s' hook; "
			    "name pre-commit or pre-receive", argv[i]);
		}
	for (i = 0; i < (argc ? argc : 1); i++) {
		const struct hook *h = find_hook(argc ? argv[i] : fallback);

		one = add ? install(cli, h, dir, force) :
		    uninstall(cli, h, dir);
		if (one > rc)
			rc = one;
	}
	free(dir);
	return rc;
}

int
cli_hook_install_default(struct cli *cli)
{
	return cli_hook_manage(cli, true, false, 0, NULL);
}
