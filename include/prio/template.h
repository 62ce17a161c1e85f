/*
 * prio/template.h — a new story from a template (`prio new`).
 *
 * A template is a story file whose front matter may leave values empty
 * ("id:", "title:").  prio_template_fill() sets the front-matter values
 * through the surgical editor (prio/edit.h), so every value is quoted as
 * YAML needs ("title: \"Fix: the \\\"pay\\\" button\""), and puts the
 * acceptance criteria into the body:
 *
 *   - an empty item ("- [ ]" with no text) in the criteria section is a
 *     placeholder: the given criteria take the place of the first one,
 *     and every placeholder goes, so a story made without criteria has
 *     none rather than an empty one (which `check` would report);
 *   - a template whose criteria section has only real items gets the
 *     given criteria before them; one whose section has no items gets
 *     them under its heading; one with no criteria heading gets a
 *     "## <criteria-heading>" section at the end.
 *
 * New lines use the template's line ending (CRLF when it has one).
 *
 * The module also knows where templates are (prio_template_find), how
 * one is read (prio_template_read) and what a new story's file is
 * called (prio_template_file_name), so `prio new` only handles its
 * arguments and says what happened.
 */
#ifndef PRIO_TEMPLATE_H
#define PRIO_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

#include "prio/buf.h"
#include "prio/config.h"
#include "prio/dialect.h"
#include "prio/edit.h"

/* File-name slugs of new stories are at most this long. */
#define PRIO_SLUG_MAX 40

/*
 * Builds the new story's bytes in out from the len bytes of tmpl: the n
 * front-matter edits applied (absent keys added in the order given),
 * then the ncriteria criteria texts (one line each, no box) placed as
 * described above; cfg names the criteria heading.  Returns PRIO_OK, or
 * PRIO_EINVAL with *err (caller frees) when the template is not a story
 * the editor can change (see prio/edit.h).  Everything is borrowed.
 */
int prio_template_fill(struct prio_buf *out, const char *tmpl, size_t len,
    const struct prio_config *cfg, const struct prio_edit *edits, size_t n,
    char *const *criteria, size_t ncriteria, char **err);

/*
 * A short file-name slug of title in out: lowercase ASCII letters and
 * digits, words joined by '-', at most max bytes and cut between words
 * when the first word fits.  Latin letters with accents lose them ("é"
 * gives "e", "ß" "ss"); other characters (punctuation, emoji, other
 * scripts) separate words.  out is empty when nothing is left.
 */
void prio_slug(struct prio_buf *out, const char *title, size_t max);

/*
 * The file name (no folder) of a new story with id and title, as the
 * dialect d names one.  prio's: "S-7-pay-offline.md", the ID and the
 * slug of the title (prio_slug, at most PRIO_SLUG_MAX bytes), or
 * "S-7.md" when the slug is empty.  Backlog.md's: "back-7 -
 * Pay-offline.md", as 'backlog task create' names a task
 * (prio_bmdw_file_name in prio/backlogmd_write.h).  The rule is the
 * dialect's (its file_name), so no dialect is named here.  Allocated.
 */
char *prio_template_file_name(const struct prio_dialect *d, const char *id,
    const char *title);
/* prio's rule, which prio's dialect table names (its file_name). */
char *prio_template_slug_name(const char *id, const char *title);

/* Whether name is one of the templates prio installs (story, bug,
 * spike): when it cannot be found, prio is installed wrong. */
bool prio_template_builtin(const char *name);
/* Whether name can name a template: 1 to 64 of a-z and 0-9, and '-'
 * or '_' after the first (never a path). */
bool prio_template_name_valid(const char *name);

/* Whether path resolves (links followed) to something inside the
 * folder dir, as dir resolves: where a template may be read from and a
 * new story written.  False when either does not resolve. */
bool prio_template_inside(const char *path, const char *dir);

/* Where prio_template_find() looks. */
struct prio_template_dirs {
	const char *workdir;    /* the work tree, ending in '/' */
	const char *env;        /* $PRIO_TEMPLATE_DIR, or NULL */
	const char *bindir;     /* the running binary's folder, or NULL */
	const char *datadir;    /* where `make install` puts prio's data */
};

/*
 * The file of the template name (valid, see above), in this order:
 *
 *   1. <workdir>backlog/templates/<name>.md, only when it is a regular
 *      file that resolves inside the work tree (a link out is skipped);
 *   2. when env is set and not empty, <env>/<name>.md alone; else
 *   3. <bindir>/../share/prio/templates/<name>.md (an installed tree
 *      that was moved), <datadir>/templates/<name>.md, and
 *      <bindir>/../templates/<name>.md (running from the build tree),
 *      the bindir ones only when bindir is not NULL.
 *
 * Returns the path (allocated), or NULL when none is a regular file.
 * Either way tried gets the places looked, ", " between them (the
 * first relative to the work tree), for a message.
 */
char *prio_template_find(const struct prio_template_dirs *dirs,
    const char *name, struct prio_buf *tried);

/*
 * Appends the template at path to out.  Returns PRIO_OK; PRIO_EIO when
 * it cannot be read; PRIO_ERANGE when it is over max bytes (out then
 * holds more than max of them).  On failure *err is the reason, a
 * sentence naming path (caller frees).
 */
int prio_template_read(const char *path, size_t max, struct prio_buf *out,
    char **err);

#endif
