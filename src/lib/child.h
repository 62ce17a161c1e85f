/*
 * child.h — running another program to its end: the signing program
 * (commit_sign.c) and the repository's hooks (commit_hooks.c), each as
 * git runs it.
 *
 * Programs are started with posix_spawn(), glibc's fork and exec without
 * the copy: fork() of a prio holding a 10,000-story backlog made the
 * parent take some 2,300 copy-on-write page faults afterwards.
 */
#ifndef PRIO_CHILD_H
#define PRIO_CHILD_H

#include <stdbool.h>
#include <stddef.h>

#include "prio/buf.h"

/* How the child's standard streams are wired. */
enum child_io {
	/*
	 * A tool whose output prio reads (gpg, ssh-keygen): stdin gets the
	 * bytes in..inlen (prio's own stdin when in is NULL), stdout and
	 * stderr are collected into out and err, all at once so a program
	 * that writes much before it reads cannot deadlock with prio.
	 */
	CHILD_CAPTURE,
	/*
	 * A hook: stdin from /dev/null, stdout to prio's stderr (prio's
	 * stdout stays the command's), stderr prio's.  A file with no
	 * executable format (no "#!") runs through /bin/sh, and while it
	 * runs prio ignores SIGINT and SIGQUIT as system(3) does, so ^C
	 * stops the hook and prio then cleans up.
	 */
	CHILD_HOOK
};

struct child {
	/* argv[0] is found as execvp() finds it: a name with a '/' as it
	 * is (relative to cwd), else the first runnable file in $PATH. */
	const char *const *argv;
	char *const *envp;          /* NULL: prio's environment */
	const char *cwd;            /* NULL: prio's own */
	enum child_io io;
	const char *in;             /* CHILD_CAPTURE's input */
	size_t inlen;
	struct prio_buf out, err;   /* CHILD_CAPTURE's output (child_init) */
	int status;                 /* waitpid()'s, once it ran */
};

/* Readies c's buffers; the caller then sets what it needs. */
void child_init(struct child *c);
/*
 * Runs c to its end.  Returns 0 with c->status set, or the errno that
 * kept it from starting (ENOENT: no such program; EACCES: not
 * runnable) or from being talked to.
 */
int child_run(struct child *c);
/* Frees out and err. */
void child_free(struct child *c);

#endif
