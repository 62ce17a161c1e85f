/*
 * Where a command's output goes and how it looks (cli_out.h): colour
 * and the pager as git chooses them, the end of the output (a lost
 * write is an error), and text that cannot reach the terminal as
 * escape sequences.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli.h"
#include "cli_out.h"
#include "prio/buf.h"

bool
cli_color_when(const char *s, enum cli_color_when *out)
{
	if (strcasecmp(s, "auto") == 0)
		*out = CLI_COLOR_AUTO;
	else if (strcasecmp(s, "always") == 0)
		*out = CLI_COLOR_ALWAYS;
	else if (strcasecmp(s, "never") == 0)
		*out = CLI_COLOR_NEVER;
	else
		return false;
	return true;
}

/* A git boolean ("true", "off", "1", "" ...) into *b; false when value
 * is not one (libgit2's note of that is dropped: it is no error). */
static bool
git_bool(const char *value, bool *b)
{
	int v;

	if (git_config_parse_bool(&v, value) != 0) {
		git_error_clear();
		return false;
	}
	*b = v != 0;
	return true;
}

/* An environment variable that is set and not empty. */
static bool
env_set(const char *name)
{
	const char *v = getenv(name);

	return v != NULL && *v != '\0';
}

/* The value of name, allocated, NULL when unset: from `git -c`, else
 * from cfg (NULL: none).  A variable with no '=' ("[pager] prio")
 * reads as "true", as in git. */
static char *
config_value(git_config *cfg, const char *name)
{
	git_config_entry *e;
	char *v;

	if ((v = cli_config_env(name)) != NULL)
		return v;
	if (cfg == NULL || git_config_get_entry(&e, cfg, name) != 0) {
		git_error_clear();
		return NULL;
	}
	v = prio_xstrdup(e->value ? e->value : "true");
	git_config_entry_free(e);
	return v;
}

/*
 * The git config that colour and the pager read: the repository's (with
 * the user's and the system's under it), else, for a command that runs
 * outside one, the user's.  A file git could not read either is a bad
 * config, as in git.
 */
static int
open_output_config(const struct cli *cli, git_config **out)
{
	int rc;

	if (cli->repo)
		rc = git_repository_config_snapshot(out, cli->repo);
	else
		rc = git_config_open_default(out);
	if (rc == 0)
		return EXIT_OK;
	*out = NULL;
	cli_error("cannot read the git config: %s", prio_git_message());
	return EXIT_USAGE;
}

/* color.ui as git reads it: auto, always, never, or a boolean (true
 * is auto); unset is auto. */
static int
config_color(git_config *cfg, enum cli_color_when *out)
{
	char *v = config_value(cfg, "color.ui");
	bool b;
	int rc = EXIT_OK;

	*out = CLI_COLOR_AUTO;
	if (v != NULL && !cli_color_when(v, out)) {
		if (git_bool(v, &b))
			*out = b ? CLI_COLOR_AUTO : CLI_COLOR_NEVER;
		else {
			cli_error("bad color.ui value '%s' in the git config; "
			    "use auto, always, never, true or false", v);
			rc = EXIT_USAGE;
		}
	}
	free(v);
	return rc;
}

/*
 * Colour when auto: on a terminal, or into the pager git started for
 * `git prio` (git says so in GIT_PAGER_IN_USE, as for its own commands),
 * unless TERM is dumb or NO_COLOR is set to something (no-color.org:
 * an empty NO_COLOR is unset; --color=always and color.ui=always, which
 * the user asked for by name, win over it).
 */
static bool
color_auto(void)
{
	const char *term = getenv("TERM"), *in_use = getenv("GIT_PAGER_IN_USE");
	bool paged = false;

	if (!isatty(STDOUT_FILENO) &&
	    !(in_use && git_bool(in_use, &paged) && paged))
		return false;
	if (term && strcmp(term, "dumb") == 0)
		return false;
	return !env_set("NO_COLOR");
}

/*
 * The pager command, allocated, or NULL for none.  As git pages `git
 * <cmd>`: pager.prio false turns it off, true changes nothing, any
 * other value is the pager; then $PRIO_PAGER, $GIT_PAGER, pager.prio's
 * command, core.pager, $PAGER, less.  Empty or "cat" means none.
 */
static char *
pager_command(git_config *cfg)
{
	char *own = config_value(cfg, "pager.prio"), *pager = NULL;
	const char *env;
	bool on;

	if (own && git_bool(own, &on)) {
		free(own);
		if (!on)
			return NULL;
		own = NULL;
	}
	if ((env = getenv("PRIO_PAGER")) == NULL)
		env = getenv("GIT_PAGER");
	if (env)
		pager = prio_xstrdup(env);
	else if (own) {
		pager = own;
		own = NULL;
	} else if ((pager = config_value(cfg, "core.pager")) == NULL)
		pager = prio_xstrdup((env = getenv("PAGER")) ? env : "less");
	free(own);
	if (*pager == '\0' || strcmp(pager, "cat") == 0) {
		free(pager);
		return NULL;
	}
	return pager;
}

static void
start_pager(struct cli *cli, git_config *cfg)
{
	char *pager = pager_command(cfg);
	FILE *p;

	if (pager == NULL)
		return;
	setenv("LESS", "FRX", 0);
	setenv("LV", "-c", 0);
	fflush(stdout);
	p = popen(pager, "w");
	free(pager);
	if (p == NULL)
		return;
	cli->out = p;
	cli->paged = true;
}

int
cli_setup_output(struct cli *cli, const struct cli_globals *g)
{
	enum cli_color_when when = g->color;
	bool page = (cli->cmd->flags & CMD_PAGED) && !g->no_pager &&
	    isatty(STDOUT_FILENO);
	git_config *cfg = NULL;
	int rc = EXIT_OK;

	if ((when == CLI_COLOR_UNSET || page) &&
	    (rc = open_output_config(cli, &cfg)) != EXIT_OK)
		return rc;
	if (when == CLI_COLOR_UNSET && (rc = config_color(cfg, &when)) != 0)
		goto out;
	cli->color = when == CLI_COLOR_ALWAYS ||
	    (when == CLI_COLOR_AUTO && color_auto());
	if (page)
		start_pager(cli, cfg);
out:
	git_config_free(cfg);
	return rc;
}

int
cli_end_pager(struct cli *cli, int rc)
{
	if (!cli->paged)
		return rc;
	rc = cli_output_status(cli->out, rc);
	pclose(cli->out);
	cli->out = stdout;
	cli->paged = false;
	return rc;
}

/*
 * Whether the reader of f has gone: a pipe or socket whose other end is
 * closed polls as an error.  stdio does not keep the errno of a write
 * that failed before the last flush, so this is how an EPIPE is told
 * from a full disk after the fact.
 */
static bool
reader_gone(FILE *f)
{
	struct pollfd p = { .fd = fileno(f), .events = POLLOUT };

	return poll(&p, 1, 0) == 1 && (p.revents & (POLLERR | POLLHUP));
}

int
cli_output_status(FILE *out, int rc)
{
	int err = 0;

	if (fflush(out) != 0)
		err = errno;
	if (err == 0 && !ferror(out))
		return rc;
	clearerr(out);
	if (err == EPIPE || (err == 0 && reader_gone(out))) {
		/* As git: the reader stopped reading, so stop quietly, of
		 * the signal a default SIGPIPE would have given us. */
		signal(SIGPIPE, SIG_DFL);
		raise(SIGPIPE);
		return EXIT_FAILURE_;
	}
	if (err)
		cli_error("cannot write the output: %s", strerror(err));
	else
		cli_error("cannot write the output: a write failed");
	return rc == EXIT_OK || rc == EXIT_REFUSED ? EXIT_FAILURE_ : rc;
}

void
cli_sanitize_fds(void)
{
	int fd;

	/* A closed 0, 1 or 2 would be taken by the next file prio opens
	 * (a story's temporary file, the index lock), and output or a
	 * message would land in it: fill them with /dev/null, as git
	 * does. */
	while ((fd = open("/dev/null", O_RDWR)) >= 0 && fd <= 2)
		;
	if (fd > 2)
		close(fd);
}

size_t
cli_width(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

void
cli_puts(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p; p++) {
		if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
			fputc('?', out);
			p++;
		} else if ((*p < 0x20 && *p != '\n' && *p != '\t') ||
		    *p == 0x7f)
			fputc('?', out);
		else
			fputc(*p, out);
	}
}

void
cli_pad(FILE *out, const char *s, size_t width, bool right)
{
	size_t w = cli_width(s);

	if (right)
		for (; w < width; w++)
			fputc(' ', out);
	cli_puts(out, s);
	if (!right)
		for (; w < width; w++)
			fputc(' ', out);
}

const char *
cli_bold(const struct cli *cli)
{
	return cli->color ? "\033[1m" : "";
}

const char *
cli_dim(const struct cli *cli)
{
	return cli->color ? "\033[2m" : "";
}

const char *
cli_reset(const struct cli *cli)
{
	return cli->color ? "\033[m" : "";
}

int
cli_format_conflict(struct cli *cli, bool json, const char *format)
{
	if (json && format && strcmp(format, "json") != 0)
		return cli_usage_error(cli, "--json and --format %s cannot be "
		    "used together; --json is --format json", format);
	return EXIT_OK;
}

void
cli_trace(int level, const char *fmt, ...)
{
	const char *on = getenv("PRIO_TRACE");
	va_list ap;

	if (on == NULL || *on == '\0' || strcmp(on, "0") == 0 ||
	    (level >= 2 && strcmp(on, "2") != 0))
		return;
	fputs("prio: trace: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
