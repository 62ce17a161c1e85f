/*
 * Signing a commit as `git commit` (2.39, gpg-interface.c) does: whether
 * to sign, which program and key, and the signature of the commit's
 * bytes.  The program is the user's own; it runs with posix_spawn (no
 * shell) in the work tree's top folder, where git runs it, and prio
 * waits for it as git does (gpg may ask for a passphrase).
 *
 * Its standard input is a socket rather than a pipe so that writing to a
 * program that quit early fails with EPIPE instead of raising SIGPIPE:
 * git ignores SIGPIPE around the call, which a library cannot do without
 * touching process-wide state.
 */
#define _GNU_SOURCE     /* pipe2, posix_spawn_file_actions_addchdir_np */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pwd.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "commit_impl.h"
#include "prio/error.h"
#include "util.h"

extern char **environ;

#define SIGN_FIX "check user.signingkey and gpg.format, or commit with " \
	"--no-gpg-sign"

enum sign_format { SIGN_OPENPGP, SIGN_X509, SIGN_SSH };

/* What one signature needs, resolved from the options and the config. */
struct sign_plan {
	enum sign_format format;
	const char *program_key;    /* the config key that names program */
	char *program;
	char *key;
};

/* A program run to completion: its argv, input and what it wrote. */
struct sign_child {
	const char *const *argv;
	const char *cwd;            /* NULL: prio's own */
	const char *in;             /* NULL: stdin is prio's */
	size_t inlen;
	struct prio_buf out, err;
	int status;                 /* waitpid()'s */
};

static int
sign_refuse(struct prio_diags *diags, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
sign_refuse(struct prio_diags *diags, const char *fmt, ...)
{
	struct prio_buf msg = PRIO_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	prio_buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	prio_diags_add(diags, PRIO_SEV_ERROR, "sign", NULL, 0, 0, "%s",
	    msg.ptr);
	prio_buf_free(&msg);
	return PRIO_EINVAL;
}

static int
sign_os_error(struct prio_diags *diags, const char *what, int err)
{
	prio_diags_add(diags, PRIO_SEV_ERROR, "sign", NULL, 0, 0,
	    "cannot sign the commit: cannot %s: %s", what, strerror(err));
	return PRIO_EIO;
}

/* A config value that is set and not empty, or NULL (caller frees). */
static char *
config_string(git_config *cfg, const char *key)
{
	git_buf b = { 0 };
	char *v = NULL;

	if (git_config_get_string_buf(&b, cfg, key) == 0 && b.size > 0)
		v = prio_xstrndup(b.ptr, b.size);
	git_buf_dispose(&b);
	git_error_clear();
	return v;
}

int
commit_sign_wanted(const struct commit_run *run, bool *sign)
{
	git_config *cfg = NULL;
	int v = 0, err, rc = PRIO_OK;

	*sign = run->opts->sign == PRIO_SIGN_YES;
	if (run->opts->sign != PRIO_SIGN_CONFIG)
		return PRIO_OK;
	if (git_repository_config_snapshot(&cfg, run->repo) < 0)
		return commit_git_error(run->diags, NULL, "cannot read the "
		    "repository's config");
	err = git_config_get_bool(&v, cfg, "commit.gpgsign");
	if (err == GIT_ENOTFOUND)
		v = 0;
	else if (err < 0) {
		char *s = config_string(cfg, "commit.gpgsign");

		rc = sign_refuse(run->diags, "cannot commit: commit.gpgsign "
		    "is '%s', which is not a boolean; set it to true or "
		    "false", s ? s : "");
		free(s);
	}
	git_error_clear();
	git_config_free(cfg);
	*sign = v != 0;
	return rc;
}

/*
 * gpg.program and gpg.openpgp.program both name openpgp's program, and in
 * git the one read last wins: the one in the most local config file,
 * else the later in one file.  Caller frees; NULL when neither is set.
 */
static char *
openpgp_program(git_config *cfg)
{
	git_config_iterator *it = NULL;
	git_config_entry *e;
	git_config_level_t level = 0;
	char *best = NULL;

	/* Not a glob iterator: libgit2 1.5 leaks pcre2 match data in it. */
	if (git_config_iterator_new(&it, cfg) < 0) {
		git_error_clear();
		return NULL;
	}
	while (git_config_next(&e, it) == 0) {
		if ((strcmp(e->name, "gpg.program") != 0 &&
		    strcmp(e->name, "gpg.openpgp.program") != 0) ||
		    e->value == NULL || *e->value == '\0' ||
		    (best && e->level < level))
			continue;
		free(best);
		best = prio_xstrdup(e->value);
		level = e->level;
	}
	git_config_iterator_free(it);
	git_error_clear();
	return best;
}

static int
plan_format(struct sign_plan *plan, git_config *cfg, struct prio_diags *diags)
{
	static const struct {
		const char *name, *program_key, *program;
	} formats[] = {
		[SIGN_OPENPGP] = { "openpgp", "gpg.program", "gpg" },
		[SIGN_X509] = { "x509", "gpg.x509.program", "gpgsm" },
		[SIGN_SSH] = { "ssh", "gpg.ssh.program", "ssh-keygen" },
	};
	char *name = config_string(cfg, "gpg.format");
	size_t i;

	for (i = 0; name && i < sizeof(formats) / sizeof(formats[0]); i++)
		if (strcmp(name, formats[i].name) == 0)
			break;
	if (name && i == sizeof(formats) / sizeof(formats[0])) {
		sign_refuse(diags, "cannot sign the commit: gpg.format is "
		    "'%s', which git does not know; set it to openpgp, x509 "
		    "or ssh, or commit with --no-gpg-sign", name);
		free(name);
		return PRIO_EINVAL;
	}
	free(name);
	plan->format = name ? (enum sign_format)i : SIGN_OPENPGP;
	plan->program_key = formats[plan->format].program_key;
	if (plan->format == SIGN_OPENPGP)
		plan->program = openpgp_program(cfg);
	else
		plan->program = config_string(cfg, plan->program_key);
	if (plan->program == NULL)
		plan->program = prio_xstrdup(formats[plan->format].program);
	return PRIO_OK;
}

/*
 * Splits a command line into words as git's split_cmdline() does:
 * blanks separate words, '...' and "..." quote, and a backslash outside
 * single quotes takes the next character literally.  Returns NULL (and
 * the reason in *why) on an unclosed quote or a trailing backslash.
 * The words point into *store; the caller frees both.
 */
static char **
split_cmdline(const char *line, char **store, const char **why)
{
	size_t n = 0, len = strlen(line);
	char **argv = prio_xcalloc(len / 2 + 2, sizeof(*argv));
	char *dst, quoted = 0;
	const char *src = line;

	*store = dst = prio_xmalloc(len + 1);
	while (*src == ' ' || *src == '\t' || *src == '\n')
		src++;
	if (*src)
		argv[n++] = dst;
	while (*src) {
		if (!quoted && (*src == ' ' || *src == '\t' || *src == '\n')) {
			*dst++ = '\0';
			while (*src == ' ' || *src == '\t' || *src == '\n')
				src++;
			if (*src)
				argv[n++] = dst;
		} else if (!quoted && (*src == '\'' || *src == '"'))
			quoted = *src++;
		else if (*src == quoted) {
			quoted = 0;
			src++;
		} else {
			if (*src == '\\' && quoted != '\'' && *++src == '\0') {
				*why = "it ends in a backslash";
				goto bad;
			}
			*dst++ = *src++;
		}
	}
	*dst = '\0';
	if (quoted) {
		*why = "a quote is not closed";
		goto bad;
	}
	return argv;
bad:
	free(argv);
	free(*store);
	*store = NULL;
	return NULL;
}

/* Closes *fd and marks it closed. */
static void
close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* Reads what is there from *fd into b; closes it at the end. */
static void
drain(int *fd, struct prio_buf *b)
{
	char chunk[4096];
	ssize_t r = read(*fd, chunk, sizeof(chunk));

	if (r > 0)
		prio_buf_add(b, chunk, (size_t)r);
	else if (r == 0 || (errno != EINTR && errno != EAGAIN))
		close_fd(fd);
}

/*
 * Feeds the input and collects both outputs at once, so a program that
 * writes much before it reads (or the reverse) cannot deadlock with us.
 * A program that stops reading early just gets no more input.
 */
static int
pump(struct sign_child *c, int in, int out, int err)
{
	struct pollfd p[3];
	size_t off = 0;
	int n, i, rc = 0;

	while (in >= 0 || out >= 0 || err >= 0) {
		n = 0;
		if (in >= 0)
			p[n++] = (struct pollfd){ in, POLLOUT, 0 };
		if (out >= 0)
			p[n++] = (struct pollfd){ out, POLLIN, 0 };
		if (err >= 0)
			p[n++] = (struct pollfd){ err, POLLIN, 0 };
		if (poll(p, (nfds_t)n, -1) < 0) {
			if (errno == EINTR)
				continue;
			rc = errno;
			break;
		}
		for (i = 0; i < n; i++) {
			if (p[i].revents == 0)
				continue;
			if (p[i].fd == out)
				drain(&out, &c->out);
			else if (p[i].fd == err)
				drain(&err, &c->err);
			else {
				ssize_t w = send(in, c->in + off,
				    c->inlen - off, MSG_NOSIGNAL |
				    MSG_DONTWAIT);

				if (w > 0)
					off += (size_t)w;
				if ((w < 0 && errno != EINTR &&
				    errno != EAGAIN) || off == c->inlen)
					close_fd(&in);
			}
		}
	}
	close_fd(&in);
	close_fd(&out);
	close_fd(&err);
	return rc;
}

/* Whether path is a regular file prio may run; else errno's reason. */
static int
runnable(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return errno;
	if (!S_ISREG(st.st_mode))
		return EACCES;
	return access(path, X_OK) < 0 ? errno : 0;
}

/*
 * Where the program is, found as execvp() finds it: a name with a '/' as
 * it is (relative to cwd, where the child starts), else the first
 * runnable file of that name in $PATH.  Looked up before the spawn so
 * that "no such program" is reported the same on every libc (and under
 * valgrind, where posix_spawnp() reports it as exit status 127).
 * Returns 0 and *out (caller frees), or ENOENT or EACCES.
 */
static int
find_program(const char *name, const char *cwd, char **out)
{
	const char *path = getenv("PATH"), *p, *end;
	char *full;
	int e, found = ENOENT;

	*out = NULL;
	if (strchr(name, '/')) {
		full = name[0] == '/' || cwd == NULL ? prio_xstrdup(name) :
		    prio_xasprintf("%s/%s", cwd, name);
		if ((e = runnable(full)) == 0)
			*out = full;
		else
			free(full);
		return e;
	}
	if (*name == '\0')
		return ENOENT;
	for (p = path ? path : "/bin:/usr/bin"; *out == NULL; p = end + 1) {
		end = p + strcspn(p, ":");
		full = prio_xasprintf("%.*s%s%s", (int)(end - p), p,
		    end > p ? "/" : "", name);
		if ((e = runnable(full)) == 0)
			*out = full;
		else {
			if (e == EACCES)
				found = EACCES;
			free(full);
		}
		if (*end == '\0')
			break;
	}
	return *out ? 0 : found;
}

/*
 * Runs c->argv to its end.  Returns 0 with c->status set, or the errno
 * that kept it from starting (ENOENT: no such program) or from being
 * talked to.
 */
static int
run_child(struct sign_child *c)
{
	posix_spawn_file_actions_t fa;
	int in[2] = { -1, -1 }, out[2] = { -1, -1 }, err[2] = { -1, -1 };
	char *program = NULL;
	pid_t pid;
	int rc;

	if ((rc = find_program(c->argv[0], c->cwd, &program)) != 0)
		return rc;
	if ((c->in && socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0,
	    in) < 0) || pipe2(out, O_CLOEXEC) < 0 ||
	    pipe2(err, O_CLOEXEC) < 0) {
		rc = errno;
		goto out;
	}
	posix_spawn_file_actions_init(&fa);
	if (c->in)
		posix_spawn_file_actions_adddup2(&fa, in[1], 0);
	posix_spawn_file_actions_adddup2(&fa, out[1], 1);
	posix_spawn_file_actions_adddup2(&fa, err[1], 2);
	if (c->cwd)
		posix_spawn_file_actions_addchdir_np(&fa, c->cwd);
	rc = posix_spawn(&pid, program, &fa, NULL, (char *const *)c->argv,
	    environ);
	posix_spawn_file_actions_destroy(&fa);
	close_fd(&in[1]);
	close_fd(&out[1]);
	close_fd(&err[1]);
	if (rc != 0)
		goto out;
	rc = pump(c, in[0], out[0], err[0]);
	in[0] = out[0] = err[0] = -1;
	while (waitpid(pid, &c->status, 0) < 0)
		if (errno != EINTR) {
			rc = errno;
			break;
		}
out:
	free(program);
	close_fd(&in[0]);
	close_fd(&in[1]);
	close_fd(&out[0]);
	close_fd(&out[1]);
	close_fd(&err[0]);
	close_fd(&err[1]);
	return rc;
}

/* The child's stderr for a diagnostic: each line indented, gpg's
 * machine-readable status lines ("[GNUPG:] ...") left out. */
static void
add_output(struct prio_buf *msg, const struct prio_buf *err)
{
	const char *p = err->ptr, *end = err->ptr + err->len, *next;
	size_t n, shown = 0;

	for (; p < end; p = next) {
		n = prio_line_length(p, end, &next);
		if (n == 0 || strncmp(p, "[GNUPG:] ", 9) == 0)
			continue;
		prio_buf_addf(msg, "\n  %.*s", (int)n, p);
		shown++;
	}
	if (shown == 0)
		prio_buf_adds(msg, "\n  (it wrote no message)");
}

/*
 * Why the child failed, with its message and what to do.  Returns
 * PRIO_EINVAL for what the user fixes (a missing program, a key the
 * program refuses), PRIO_EIO when the system failed.
 */
static int
child_failed(const struct sign_plan *plan, const struct sign_child *c,
    int spawn_err, const char *what, struct prio_diags *diags)
{
	struct prio_buf msg = PRIO_BUF_INIT;
	int rc = PRIO_EINVAL;

	prio_buf_addf(&msg, "cannot sign the commit%s%s%s: ",
	    plan->key ? " with key '" : "", plan->key ? plan->key : "",
	    plan->key ? "'" : "");
	if (spawn_err == ENOMEM || spawn_err == EAGAIN ||
	    spawn_err == EMFILE || spawn_err == ENFILE) {
		prio_buf_addf(&msg, "cannot run '%s': %s", c->argv[0],
		    strerror(spawn_err));
		rc = PRIO_EIO;
	} else if (spawn_err != 0)
		prio_buf_addf(&msg, "cannot run '%s': %s; install it or set "
		    "%s, or commit with --no-gpg-sign", c->argv[0],
		    strerror(spawn_err), what);
	else {
		if (WIFEXITED(c->status) && WEXITSTATUS(c->status) != 0)
			prio_buf_addf(&msg, "'%s' failed (exit status %d):",
			    c->argv[0], WEXITSTATUS(c->status));
		else if (WIFSIGNALED(c->status))
			prio_buf_addf(&msg, "'%s' was killed by signal %d:",
			    c->argv[0], WTERMSIG(c->status));
		else
			prio_buf_addf(&msg, "'%s' %s:", c->argv[0], what);
		add_output(&msg, &c->err);
		prio_buf_adds(&msg, "\n" SIGN_FIX);
	}
	prio_diags_add(diags, PRIO_SEV_ERROR, "sign", NULL, 0, 0, "%s",
	    msg.ptr);
	prio_buf_free(&msg);
	return rc;
}

static bool
exited_ok(const struct sign_child *c)
{
	return WIFEXITED(c->status) && WEXITSTATUS(c->status) == 0;
}

/* Whether a line of the status output starts with SIG_CREATED. */
static bool
sig_created(const struct prio_buf *status)
{
	const char *p = status->ptr;

	while ((p = strstr(p, "[GNUPG:] SIG_CREATED ")) != NULL) {
		if (p == status->ptr || p[-1] == '\n')
			return true;
		p++;
	}
	return false;
}

/* gpg and gpgsm: payload on stdin, the signature on stdout and status
 * lines on stderr. */
static int
sign_gpg(const struct sign_plan *plan, const char *cwd, const char *payload,
    size_t len, struct prio_buf *sig, struct prio_diags *diags)
{
	const char *argv[] = { plan->program, "--status-fd=2", "-bsau",
	    plan->key, NULL };
	struct sign_child c = { .argv = argv, .cwd = cwd, .in = payload,
	    .inlen = len };
	int e, rc = PRIO_OK;

	prio_buf_init(&c.out);
	prio_buf_init(&c.err);
	e = run_child(&c);
	if (e != 0 || !exited_ok(&c) || !sig_created(&c.err))
		rc = child_failed(plan, &c, e, e ? plan->program_key :
		    "made no signature (no \"[GNUPG:] SIG_CREATED\" line "
		    "on its status output)", diags);
	else
		prio_buf_add(sig, c.out.ptr, c.out.len);
	prio_buf_free(&c.out);
	prio_buf_free(&c.err);
	return rc;
}

/* "~/x" and "~user/x" as git's interpolate_path() reads them (caller
 * frees). */
static char *
expand_home(const char *path)
{
	const char *rest, *home = NULL;
	struct passwd pw, *found = NULL;
	char *user, store[4096];

	if (path[0] != '~')
		return prio_xstrdup(path);
	rest = path + 1 + strcspn(path + 1, "/");
	if (rest == path + 1)
		home = getenv("HOME");
	else {
		user = prio_xstrndup(path + 1, (size_t)(rest - path - 1));
		if (getpwnam_r(user, &pw, store, sizeof(store), &found) == 0 &&
		    found)
			home = found->pw_dir;
		free(user);
	}
	if (home == NULL)
		return prio_xstrdup(path);
	return prio_xasprintf("%s%s", home, rest);
}

/* A temporary file in $TMPDIR holding data; its name, or NULL with
 * errno set (caller unlinks and frees). */
static char *
temp_file(const char *stem, const char *data, size_t len)
{
	const char *dir = getenv("TMPDIR");
	char *path = prio_xasprintf("%s/%sXXXXXX", dir && *dir ? dir : "/tmp",
	    stem);
	int fd = mkstemp(path), saved;
	size_t off = 0;
	ssize_t w;

	if (fd < 0)
		goto fail;
	while (off < len) {
		if ((w = write(fd, data + off, len - off)) < 0) {
			if (errno == EINTR)
				continue;
			saved = errno;
			close(fd);
			unlink(path);
			errno = saved;
			goto fail;
		}
		off += (size_t)w;
	}
	if (close(fd) < 0) {
		saved = errno;
		unlink(path);
		errno = saved;
		goto fail;
	}
	return path;
fail:
	free(path);
	return NULL;
}

/* A key that is the public key itself, not a file: "key::..." or
 * "ssh-...".  *literal is the key without the prefix. */
static bool
literal_ssh_key(const char *key, const char **literal)
{
	if (strncmp(key, "key::", 5) == 0) {
		*literal = key + 5;
		return true;
	}
	*literal = key;
	return strncmp(key, "ssh-", 4) == 0;
}

static int
read_sig_file(const char *path, struct prio_buf *sig)
{
	char chunk[4096];
	ssize_t r;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	while ((r = read(fd, chunk, sizeof(chunk))) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			close(fd);
			return -1;
		}
		prio_buf_add(sig, chunk, (size_t)r);
	}
	close(fd);
	return 0;
}

/*
 * ssh-keygen -Y sign: the payload in a temporary file, the signature in
 * that name plus ".sig"; a literal key goes to a file of its own and
 * -U says its private half is in ssh-agent.
 */
static int
sign_ssh(const struct sign_plan *plan, const char *cwd, const char *payload,
    size_t len, struct prio_buf *sig, struct prio_diags *diags)
{
	const char *literal, *argv[10];
	char *keyfile = NULL, *payfile = NULL, *sigfile = NULL;
	struct sign_child c = { .argv = argv, .cwd = cwd };
	bool is_literal = literal_ssh_key(plan->key, &literal);
	int e, n = 0, rc = PRIO_OK;

	prio_buf_init(&c.out);
	prio_buf_init(&c.err);
	if (is_literal)
		keyfile = temp_file(".prio_signing_key_", literal,
		    strlen(literal));
	else
		keyfile = expand_home(plan->key);
	if (keyfile == NULL || (payfile = temp_file(".prio_signing_buffer_",
	    payload, len)) == NULL) {
		rc = sign_os_error(diags, "write a temporary file", errno);
		goto out;
	}
	sigfile = prio_xasprintf("%s.sig", payfile);
	argv[n++] = plan->program;
	argv[n++] = "-Y";
	argv[n++] = "sign";
	argv[n++] = "-n";
	argv[n++] = "git";
	argv[n++] = "-f";
	argv[n++] = keyfile;
	if (is_literal)
		argv[n++] = "-U";
	argv[n++] = payfile;
	argv[n] = NULL;
	e = run_child(&c);
	if (e == 0 && !exited_ok(&c) && strstr(c.err.ptr, "usage:")) {
		/* An ssh-keygen without -Y sign, as git says. */
		prio_buf_adds(&c.err, "\nssh-keygen -Y sign is needed for ssh "
		    "signing (OpenSSH 8.2p1 or later)\n");
	}
	if (e != 0 || !exited_ok(&c))
		rc = child_failed(plan, &c, e, plan->program_key, diags);
	else if (read_sig_file(sigfile, sig) < 0)
		rc = child_failed(plan, &c, 0, "wrote no signature file",
		    diags);
out:
	if (is_literal && keyfile)
		unlink(keyfile);
	if (payfile)
		unlink(payfile);
	if (sigfile)
		unlink(sigfile);
	free(keyfile);
	free(payfile);
	free(sigfile);
	prio_buf_free(&c.out);
	prio_buf_free(&c.err);
	return rc;
}

/*
 * ssh without user.signingkey: the first line gpg.ssh.defaultKeyCommand
 * prints, which must be a literal key (git's rule).
 */
static int
default_ssh_key(struct sign_plan *plan, git_config *cfg, const char *cwd,
    struct prio_diags *diags)
{
	char *cmd = config_string(cfg, "gpg.ssh.defaultKeyCommand");
	char **argv = NULL, *store = NULL;
	const char *why = NULL, *literal, *next;
	struct sign_child c = { .cwd = cwd };
	size_t n;
	int e, rc = PRIO_OK;

	prio_buf_init(&c.out);
	prio_buf_init(&c.err);
	if (cmd == NULL) {
		rc = sign_refuse(diags, "cannot sign the commit: gpg.format "
		    "is ssh and no key is set; set user.signingkey (a key "
		    "file, or key::<public key>) or gpg.ssh.defaultKeyCommand, "
		    "or commit with --no-gpg-sign");
		goto out;
	}
	if ((argv = split_cmdline(cmd, &store, &why)) == NULL ||
	    argv[0] == NULL) {
		rc = sign_refuse(diags, "cannot sign the commit: "
		    "gpg.ssh.defaultKeyCommand '%s' cannot be read: %s; fix "
		    "it, or commit with --no-gpg-sign", cmd,
		    why ? why : "it is empty");
		goto out;
	}
	c.argv = (const char *const *)argv;
	if ((e = run_child(&c)) != 0 || !exited_ok(&c)) {
		rc = child_failed(plan, &c, e, "gpg.ssh.defaultKeyCommand",
		    diags);
		goto out;
	}
	n = prio_line_length(c.out.ptr, c.out.ptr + c.out.len, &next);
	plan->key = prio_xstrndup(c.out.ptr, n);
	if (!literal_ssh_key(plan->key, &literal)) {
		free(plan->key);
		plan->key = NULL;
		rc = sign_refuse(diags, "cannot sign the commit: "
		    "gpg.ssh.defaultKeyCommand '%s' printed no ssh key (its "
		    "first line must start with \"ssh-\" or \"key::\"); fix "
		    "it or set user.signingkey, or commit with --no-gpg-sign",
		    cmd);
	}
out:
	free(argv);
	free(store);
	free(cmd);
	prio_buf_free(&c.out);
	prio_buf_free(&c.err);
	return rc;
}

/* The key: --gpg-sign=<key>, user.signingkey, else git's default. */
static int
plan_key(struct sign_plan *plan, const struct commit_run *run,
    git_config *cfg)
{
	const git_signature *who = run->committer;

	if (run->opts->sign_key && *run->opts->sign_key)
		plan->key = prio_xstrdup(run->opts->sign_key);
	else
		plan->key = config_string(cfg, "user.signingkey");
	if (plan->key)
		return PRIO_OK;
	if (plan->format == SIGN_SSH)
		return default_ssh_key(plan, cfg, run->workdir, run->diags);
	plan->key = prio_xasprintf("%s <%s>", who->name, who->email);
	return PRIO_OK;
}

/* Removes every CR (git strips them, for signers on Windows) and the
 * final newline, which libgit2 adds back when it writes the header. */
static void
tidy_signature(struct prio_buf *sig)
{
	size_t i, j;

	for (i = j = 0; i < sig->len; i++)
		if (sig->ptr[i] != '\r')
			sig->ptr[j++] = sig->ptr[i];
	while (j > 0 && sig->ptr[j - 1] == '\n')
		j--;
	prio_buf_truncate(sig, j);
}

int
commit_sign(const struct commit_run *run, const char *payload, size_t len,
    struct prio_buf *sig)
{
	struct sign_plan plan = { 0 };
	git_config *cfg = NULL;
	int rc;

	if (git_repository_config_snapshot(&cfg, run->repo) < 0)
		return commit_git_error(run->diags, NULL, "cannot read the "
		    "repository's config");
	if ((rc = plan_format(&plan, cfg, run->diags)) != PRIO_OK ||
	    (rc = plan_key(&plan, run, cfg)) != PRIO_OK)
		goto out;
	if (plan.format == SIGN_SSH)
		rc = sign_ssh(&plan, run->workdir, payload, len, sig,
		    run->diags);
	else
		rc = sign_gpg(&plan, run->workdir, payload, len, sig,
		    run->diags);
	if (rc == PRIO_OK) {
		tidy_signature(sig);
		if (sig->len == 0)
			rc = sign_refuse(run->diags, "cannot sign the commit "
			    "with key '%s': %s wrote an empty signature; "
			    SIGN_FIX, plan.key, plan.program);
	}
out:
	free(plan.program);
	free(plan.key);
	git_config_free(cfg);
	return rc;
}
