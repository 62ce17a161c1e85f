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
 */
#ifndef PRIO_TEMPLATE_H
#define PRIO_TEMPLATE_H

#include <stddef.h>

#include "prio/buf.h"
#include "prio/config.h"
#include "prio/edit.h"

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

#endif
