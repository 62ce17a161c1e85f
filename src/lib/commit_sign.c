/*
 * Signing a commit as `git commit` (2.39, gpg-interface.c) does: whether
 * to sign, which program and key, and the signature of the commit's
 * bytes.  The program is the user's own; it runs (child.h: no shell, its
 * input a socket so that a program that quit early cannot raise SIGPIPE
 * in prio) in the work tree's top folder, where git runs it, and prio
 * waits for it as git does (gpg may ask for a passphrase).
 */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "child.h"
#include "commit_impl.h"
#include "prio/error.h"
#include "util.h"

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


static int
sign_refuse(struct prio_diags *diags, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
sign_refuse(struct prio_diags *diags, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	prio_diags_vadd(diags, PRIO_SEV_ERROR, "sign", NULL, 0, 0, fmt, ap);
	va_end(ap);
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
		return prio_diags_git(run->diags, NULL, "cannot read the "
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
child_failed(const struct sign_plan *plan, const struct child *c,
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
exited_ok(const struct child *c)
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
	struct child c = { .argv = argv, .cwd = cwd, .in = payload,
	    .inlen = len };
	int e, rc = PRIO_OK;

	prio_buf_init(&c.out);
	prio_buf_init(&c.err);
	e = child_run(&c);
	if (e != 0 || !exited_ok(&c) || !sig_created(&c.err))
		rc = child_failed(plan, &c, e, e ? plan->program_key :
		    "made no signature (no \"[GNUPG:] SIG_CREATED\" line "
		    "on its status output)", diags);
	else
		prio_buf_add(sig, c.out.ptr, c.out.len);
	child_free(&c);
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
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc;

	if (fd < 0)
		return -1;
	rc = prio_buf_read_fd(sig, fd);
	close(fd);
	return rc;
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
	struct child c = { .argv = argv, .cwd = cwd };
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
	e = child_run(&c);
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
	child_free(&c);
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
	struct child c = { .cwd = cwd };
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
	if ((e = child_run(&c)) != 0 || !exited_ok(&c)) {
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
	child_free(&c);
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
		return prio_diags_git(run->diags, NULL, "cannot read the "
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
