/* child.c — running another program to its end (see child.h). */
#define _GNU_SOURCE     /* pipe2, posix_spawn_file_actions_addchdir_np */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "child.h"

extern char **environ;

void
child_init(struct child *c)
{
	memset(c, 0, sizeof(*c));
	prio_buf_init(&c->out);
	prio_buf_init(&c->err);
}

void
child_free(struct child *c)
{
	prio_buf_free(&c->out);
	prio_buf_free(&c->err);
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
 * Feeds the input and collects both outputs at once.  A program that
 * stops reading early just gets no more input: the input is a socket
 * written with MSG_NOSIGNAL, so SIGPIPE never needs touching.
 */
static int
pump(struct child *c, int in, int out, int err)
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
 * Where the program is, found as execvp() finds it.  Looked up before
 * the spawn so that "no such program" is reported the same on every
 * libc (and under valgrind, where posix_spawnp() reports it as exit
 * status 127).  Returns 0 and *out (caller frees), or ENOENT or EACCES.
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

static int
wait_for(pid_t pid, int *status)
{
	while (waitpid(pid, status, 0) < 0)
		if (errno != EINTR)
			return errno;
	return 0;
}

static int
run_captured(struct child *c, const char *program)
{
	posix_spawn_file_actions_t fa;
	int in[2] = { -1, -1 }, out[2] = { -1, -1 }, err[2] = { -1, -1 };
	pid_t pid;
	int rc, w;

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
	    c->envp ? c->envp : environ);
	posix_spawn_file_actions_destroy(&fa);
	close_fd(&in[1]);
	close_fd(&out[1]);
	close_fd(&err[1]);
	if (rc != 0)
		goto out;
	rc = pump(c, in[0], out[0], err[0]);
	in[0] = out[0] = err[0] = -1;
	if ((w = wait_for(pid, &c->status)) != 0 && rc == 0)
		rc = w;
out:
	close_fd(&in[0]);
	close_fd(&out[0]);
	close_fd(&err[0]);
	close_fd(&in[1]);
	close_fd(&out[1]);
	close_fd(&err[1]);
	return rc;
}

/* The hook's spawn: the file itself, or /bin/sh on it when it has no
 * executable format (ENOEXEC), as git does.  def: the signals to reset
 * to their default in the child. */
static int
spawn_hook(pid_t *pid, const struct child *c, const char *program,
    const sigset_t *def)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	char *const *envp = c->envp ? c->envp : environ;
	const char **sh_argv;
	size_t n = 0;
	int err;

	while (c->argv[n])
		n++;
	posix_spawn_file_actions_init(&fa);
	posix_spawnattr_init(&attr);
	if ((err = posix_spawn_file_actions_addopen(&fa, STDIN_FILENO,
	    "/dev/null", O_RDONLY, 0)) == 0 &&
	    (err = posix_spawn_file_actions_adddup2(&fa, STDERR_FILENO,
	    STDOUT_FILENO)) == 0 && (c->cwd == NULL ||
	    (err = posix_spawn_file_actions_addchdir_np(&fa, c->cwd)) == 0) &&
	    (err = posix_spawnattr_setsigdefault(&attr, def)) == 0 &&
	    (err = posix_spawnattr_setflags(&attr,
	    POSIX_SPAWN_SETSIGDEF)) == 0) {
		err = posix_spawn(pid, program, &fa, &attr,
		    (char *const *)c->argv, envp);
		if (err == ENOEXEC) {
			sh_argv = prio_xcalloc(n + 2, sizeof(*sh_argv));
			sh_argv[0] = "/bin/sh";
			sh_argv[1] = program;
			memcpy(sh_argv + 2, c->argv + 1,
			    (n - 1) * sizeof(*sh_argv));
			err = posix_spawn(pid, "/bin/sh", &fa, &attr,
			    (char *const *)sh_argv, envp);
			free(sh_argv);
		}
	}
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
	return err;
}

/* While the hook runs, SIGINT and SIGQUIT are ignored here, as
 * system(3) does; the hook gets them as prio got them. */
static int
run_hook(struct child *c, const char *program)
{
	struct sigaction ign, old_int, old_quit;
	sigset_t def;
	pid_t pid;
	int err;

	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	sigemptyset(&def);
	if (old_int.sa_handler != SIG_IGN)
		sigaddset(&def, SIGINT);
	if (old_quit.sa_handler != SIG_IGN)
		sigaddset(&def, SIGQUIT);
	if ((err = spawn_hook(&pid, c, program, &def)) == 0)
		err = wait_for(pid, &c->status);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	return err;
}

int
child_run(struct child *c)
{
	char *program;
	int rc;

	if ((rc = find_program(c->argv[0], c->cwd, &program)) != 0)
		return rc;
	rc = c->io == CHILD_HOOK ? run_hook(c, program) :
	    run_captured(c, program);
	free(program);
	return rc;
}
