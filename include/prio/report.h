/*
 * prio/report.h — the HTML report (`prio report`): one self-contained
 * page with the ranked backlog, the figures of prio/stats.h and charts
 * drawn as inline SVG.  No scripts, no fonts or images from the network.
 *
 * The page is a template with placeholders "{{name}}" (letters, digits
 * and '_'); each is replaced by HTML that prio makes, every piece of
 * story text escaped:
 *
 *   title, generated   text: the page's title, and which commit and day
 *   figures            cards: cycle, lead and approval time
 *   health             cards: the health figures
 *   goals              a table of the goals, or a note that there are none
 *   backlog            the rows (<tr>) of the ranked backlog: position,
 *                      ID, title, status, score, criteria met/total
 *   open_count         the number of open stories
 *   throughput_chart, cycle_chart, flow_chart, burnup_chart
 *                      <svg class="chart"> elements (a note when there is
 *                      nothing to draw)
 *
 * Any other "{{...}}" with a name is an error; a "{{" that does not
 * start a placeholder is copied.
 */
#ifndef PRIO_REPORT_H
#define PRIO_REPORT_H

#include <stddef.h>

#include "prio/backlog.h"
#include "prio/buf.h"
#include "prio/diag.h"
#include "prio/stats.h"

/*
 * Appends the page to out, from the len bytes of tmpl (template_path
 * names it in diagnostics), the backlog b (its open stories in order)
 * and the figures st.  Returns PRIO_OK, or PRIO_EINVAL with a diagnostic
 * of rule "template" (file and line) for an unknown placeholder.
 */
int prio_report_html(struct prio_buf *out, const char *tmpl, size_t len,
    const char *template_path, const char *title,
    const struct prio_backlog *b, const struct prio_stats *st,
    struct prio_diags *diags);

/* Appends s to out escaped for HTML text and attribute values. */
void prio_html_escape(struct prio_buf *out, const char *s);

#endif
