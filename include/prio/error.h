/*
 * prio/error.h — the return codes every fallible prio function uses.
 *
 * A function returns PRIO_OK (0) or one of the negative codes below, and
 * says what a person needs to know in one of two ways.  Nothing in the
 * library prints or exits.
 *
 *  - A struct prio_diags it was given (diag.h), when what it reports has
 *    a place of its own or may be several things: a backlog, a config, a
 *    commit, a walk of history, anything that reads the repository.  A
 *    libgit2 failure is added with prio_diags_git() (rule "git").
 *  - char **err (char **why for a source's file), when it checks or
 *    changes one value the caller holds and the caller knows where that
 *    value is: a formula, an edit of one story, a template, a move, one
 *    file read from a source.  On failure *err is one allocated sentence
 *    the caller frees, and usually puts in a diagnostic of its own, at
 *    its own path and line.
 *
 * libgit2's own message is taken in one place, prio_git_message() in
 * diag.h: with a doing ("cannot read the index: ...") it is the same
 * sentence whichever way it is reported.
 */
#ifndef PRIO_ERROR_H
#define PRIO_ERROR_H

enum prio_error {
	PRIO_OK = 0,
	PRIO_EINVAL = -1,   /* the input is wrong; the user can fix it      */
	PRIO_ENOTFOUND = -2,/* no such story, file, revision or backlog    */
	PRIO_ERANGE = -3,   /* no value fits (e.g. no rank below 0)        */
	PRIO_EIO = -4,      /* the operating system failed us              */
	PRIO_EGIT = -5,     /* libgit2 failed                              */
	PRIO_ECONFIG = -6,  /* backlog/prio.yml is wrong                   */
	PRIO_EBUSY = -7,    /* a git lock is held: another process, or one
	                     * that was interrupted (the user can clear it) */
	PRIO_EFETCH = -8    /* an object a partial clone has not fetched
	                     * yet (the user can fetch it; prio/shallow.h) */
};

#endif
