/*
 * prio/error.h — the return codes every fallible prio function uses.
 *
 * A function returns PRIO_OK (0) or one of the negative codes below, and
 * puts the details a person needs into a struct prio_diags it was given
 * (see diag.h).  Nothing in the library prints or exits.
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
