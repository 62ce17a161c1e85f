/*
 * shell.h — shell commands from a C unit test, for setting up
 * repositories and for asking git what the library did (git is the
 * oracle, as in the CLI tests).  Header-only, like tap.h.
 */
#ifndef PRIO_TEST_SHELL_H
#define PRIO_TEST_SHELL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <git2.h>

#include "prio/buf.h"

/* Stops the test plan: the set-up failed, so nothing after it counts. */
static inline void
bail(const char *what)
{
	printf("Bail out! %s\n", what);
	exit(255);
}

static inline char *
shell_command(const char *dir, const char *fmt, va_list ap)
{
	struct prio_buf b = PRIO_BUF_INIT;

	prio_buf_addf(&b, "cd '%s' && ", dir);
	prio_buf_vaddf(&b, fmt, ap);
	return prio_buf_detach(&b, NULL);
}

/* Runs a shell command in dir; its exit status (-1 when killed). */
__attribute__((format(printf, 2, 3)))
static inline int
sh_in(const char *dir, const char *fmt, ...)
{
	va_list ap;
	char *cmd;
	int st;

	va_start(ap, fmt);
	cmd = shell_command(dir, fmt, ap);
	va_end(ap);
	st = system(cmd);
	free(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static inline char *
shell_output(const char *dir, bool chomp, const char *fmt, va_list ap)
{
	struct prio_buf b = PRIO_BUF_INIT;
	char buf[4096], *cmd = shell_command(dir, fmt, ap);
	size_t n;
	FILE *p;

	if ((p = popen(cmd, "r")) == NULL)
		bail("popen");
	while ((n = fread(buf, 1, sizeof(buf), p)) > 0)
		prio_buf_add(&b, buf, n);
	pclose(p);
	free(cmd);
	if (chomp && b.len > 0 && b.ptr[b.len - 1] == '\n')
		prio_buf_truncate(&b, b.len - 1);
	return prio_buf_detach(&b, NULL);
}

/* A shell command's standard output in dir, without its last newline
 * (caller frees). */
__attribute__((format(printf, 2, 3)))
static inline char *
out_in(const char *dir, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = shell_output(dir, true, fmt, ap);
	va_end(ap);
	return s;
}

/*
 * A new temporary folder in buf ($TMPDIR or /tmp, named after name) that
 * is also HOME, with git's system and user config files out of reach, so
 * the machine's settings do not reach a test's repositories.
 */
static inline void
shell_tmpdir(char *buf, size_t size, const char *name)
{
	const char *base = getenv("TMPDIR");

	snprintf(buf, size, "%s/prio-%s-XXXXXX", base && *base ? base :
	    "/tmp", name);
	if (mkdtemp(buf) == NULL)
		bail("mkdtemp");
	setenv("HOME", buf, 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("XDG_CONFIG_HOME", buf, 1);
	unsetenv("GIT_DIR");
}

/* The object id a shell command prints in dir (git rev-parse ...); bails
 * when it prints none. */
__attribute__((format(printf, 2, 3)))
static inline git_oid
oid_out_in(const char *dir, const char *fmt, ...)
{
	va_list ap;
	git_oid id;
	char *hex;

	va_start(ap, fmt);
	hex = shell_output(dir, true, fmt, ap);
	va_end(ap);
	if (git_oid_fromstr(&id, hex) < 0)
		bail(hex);
	free(hex);
	return id;
}

/* The same, every byte of it (caller frees). */
__attribute__((format(printf, 2, 3)))
static inline char *
raw_out_in(const char *dir, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = shell_output(dir, false, fmt, ap);
	va_end(ap);
	return s;
}

/* The repository dir/name, opened; bails when it cannot be. */
static inline git_repository *
repo_in(const char *dir, const char *name)
{
	git_repository *r = NULL;
	char *path = prio_xasprintf("%s/%s", dir, name);

	if (git_repository_open(&r, path) < 0)
		bail(path);
	free(path);
	return r;
}

#endif
