/*
 * prio/diag.h — diagnostics: what is wrong, where, and which rule says so.
 *
 * Every library function that can find fault with the user's input adds
 * entries to a struct prio_diags the caller owns.  Lines and columns are
 * 1-based (0 means "the whole file").  Rule names are the stable names of
 * SPEC §3.4 ("yaml", "missing-criteria", ...); they are static strings.
 */
#ifndef PRIO_DIAG_H
#define PRIO_DIAG_H

#include <stdarg.h>
#include <stddef.h>

enum prio_severity {
	PRIO_SEV_OFF = 0,
	PRIO_SEV_WARNING,
	PRIO_SEV_ERROR
};

struct prio_diag {
	enum prio_severity severity;
	const char *rule;    /* static string, never freed */
	char *path;          /* repository-relative, owned */
	unsigned line;
	unsigned column;
	char *message;       /* owned; no trailing newline */
};

struct prio_diags {
	struct prio_diag *items;
	size_t count;
	size_t cap;
};
#define PRIO_DIAGS_INIT { NULL, 0, 0 }

/* Appends one diagnostic; path may be NULL (then ""). */
void prio_diags_add(struct prio_diags *d, enum prio_severity sev,
    const char *rule, const char *path, unsigned line, unsigned column,
    const char *fmt, ...) __attribute__((format(printf, 7, 8)));
void prio_diags_vadd(struct prio_diags *d, enum prio_severity sev,
    const char *rule, const char *path, unsigned line, unsigned column,
    const char *fmt, va_list ap) __attribute__((format(printf, 7, 0)));
/* Moves every entry of src to the end of dst; src is left empty. */
void prio_diags_take(struct prio_diags *dst, struct prio_diags *src);
/* Sorts by path, line, column, then rule (stable for equal keys). */
void prio_diags_sort(struct prio_diags *d);
size_t prio_diags_count(const struct prio_diags *d, enum prio_severity sev);
void prio_diags_free(struct prio_diags *d);
const char *prio_severity_name(enum prio_severity sev);

/*
 * libgit2's failures, reported one way.  libgit2 keeps the last error of
 * each thread; prio shows it after what prio was doing: "cannot read the
 * index: <libgit2's message>".
 *
 * prio_diags_git() adds that sentence as an error of rule "git" at path
 * (NULL: none), clears libgit2's error so no later report repeats it,
 * and returns PRIO_EGIT, for `return prio_diags_git(...)`.
 * prio_git_message() is libgit2's message alone, for a message of the
 * command line's own or a char **why: borrowed until the next libgit2
 * call, "unknown libgit2 error" when it left none.
 */
int prio_diags_git(struct prio_diags *d, const char *path, const char *fmt,
    ...) __attribute__((format(printf, 3, 4)));
const char *prio_git_message(void);

#endif
