/*
 * The HTML report (see prio/report.h): the template's placeholders
 * filled with escaped text, cards, table rows and inline SVG charts.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prio/error.h"
#include "prio/json.h"
#include "prio/report.h"

/* Every chart's canvas (SVG user units) and plot area. */
#define W 640
#define H 260
#define LEFT 48
#define RIGHT 14
#define TOP 14
#define BOTTOM 40
#define PW (W - LEFT - RIGHT)
#define PH (H - TOP - BOTTOM)

#define BLUE "#2563eb"
#define GREEN "#16a34a"
#define VIOLET "#7c3aed"
#define GREY "#52606d"

/* Status colours, by the status's place in the workflow. */
static const char *const palette[] = { "#9aa5b1", "#f59e0b", BLUE, VIOLET,
    GREEN, "#dc2626", "#0891b2", "#db2777" };

void
prio_html_escape(struct prio_buf *out, const char *s)
{
	for (; s && *s; s++)
		switch (*s) {
		case '&':
			prio_buf_adds(out, "&amp;");
			break;
		case '<':
			prio_buf_adds(out, "&lt;");
			break;
		case '>':
			prio_buf_adds(out, "&gt;");
			break;
		case '"':
			prio_buf_adds(out, "&quot;");
			break;
		case '\'':
			prio_buf_adds(out, "&#39;");
			break;
		default:
			/* Control characters other than tab and newline
			 * are not allowed in HTML text. */
			if ((unsigned char)*s < 0x20 && *s != '\t' &&
			    *s != '\n')
				prio_buf_addch(out, '?');
			else
				prio_buf_addch(out, *s);
		}
}

static void
add_number(struct prio_buf *out, double d)
{
	prio_format_number(out, d);
}

/* --- Axes --------------------------------------------------------------- */

/* A round top for an axis holding max: 4 steps of 1, 2 or 5 x 10^k. */
static double
axis_top(double max, double *step)
{
	double raw, mag;
	static const double m[] = { 1, 2, 5, 10 };
	size_t i;

	if (max <= 0)
		max = 1;
	raw = max / 4;
	mag = pow(10, floor(log10(raw)));
	for (i = 0; i < 3 && m[i] * mag * 4 < max; i++)
		;
	*step = m[i] * mag;
	return *step * 4;
}

static void
svg_begin(struct prio_buf *out, const char *label)
{
	prio_buf_addf(out, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" "
	    "xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
	    "aria-label=\"", W, H);
	prio_html_escape(out, label);
	prio_buf_adds(out, "\">");
}

/* The horizontal grid lines and their values, up to top. */
static void
y_axis(struct prio_buf *out, double top, double step)
{
	double v, y;

	for (v = 0; v <= top + step / 2; v += step) {
		y = TOP + PH - v / top * PH;
		prio_buf_addf(out, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" "
		    "y2=\"%.1f\" stroke=\"#d9e2ec\"/>", LEFT, y, W - RIGHT, y);
		prio_buf_addf(out, "<text x=\"%d\" y=\"%.1f\" "
		    "text-anchor=\"end\">", LEFT - 6, y + 4);
		add_number(out, v);
		prio_buf_adds(out, "</text>");
	}
}

/* Week labels under the plot: at most six, evenly spaced. */
static void
x_weeks(struct prio_buf *out, const struct prio_stats_week *w, size_t n,
    double (*x)(size_t, size_t))
{
	size_t every = (n + 5) / 6, i;
	double at;

	for (i = 0; i < n; i += every ? every : 1) {
		at = x(i, n);
		/* A label at an edge stays inside the canvas. */
		prio_buf_addf(out, "<text x=\"%.1f\" y=\"%d\" "
		    "text-anchor=\"%s\">%s</text>", at, H - BOTTOM + 20,
		    at - LEFT < 30 ? "start" : W - RIGHT - at < 30 ? "end" :
		    "middle", w[i].name);
	}
}

static void
empty(struct prio_buf *out, const char *why)
{
	prio_buf_adds(out, "<p class=\"empty\">");
	prio_html_escape(out, why);
	prio_buf_adds(out, "</p>");
}

/* The centre of bar i of n. */
static double
bar_x(size_t i, size_t n)
{
	return LEFT + ((double)i + 0.5) * PW / (double)n;
}

/* Point i of n on a line from the left edge to the right. */
static double
line_x(size_t i, size_t n)
{
	return n < 2 ? LEFT + PW / 2.0 : LEFT + (double)i * PW / (double)(n - 1);
}

/* --- Charts ------------------------------------------------------------- */

static void
throughput_chart(struct prio_buf *out, const struct prio_stats *st)
{
	const struct prio_stats_week *w = st->throughput;
	size_t n = st->nthroughput, i, max = 0;
	double top, step, bw, h;

	if (n == 0) {
		empty(out, "Nothing accepted yet.");
		return;
	}
	for (i = 0; i < n; i++)
		if (w[i].accepted > max)
			max = w[i].accepted;
	top = axis_top((double)max, &step);
	if (step < 1)
		top = axis_top(4, &step);
	svg_begin(out, "Stories accepted per week");
	y_axis(out, top, step);
	bw = (double)PW / (double)n * 0.7;
	for (i = 0; i < n; i++) {
		if (w[i].accepted == 0)
			continue;
		h = (double)w[i].accepted / top * PH;
		prio_buf_addf(out, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" "
		    "width=\"%.1f\" height=\"%.1f\" fill=\"" BLUE "\">"
		    "<title>%s: %zu accepted, effort ", bar_x(i, n) - bw / 2,
		    TOP + PH - h, bw, h, w[i].name, w[i].accepted);
		add_number(out, w[i].effort);
		prio_buf_adds(out, "</title></rect>");
	}
	x_weeks(out, w, n, bar_x);
	prio_buf_adds(out, "</svg>");
}

/* "in-progress to done", in the statuses that play those roles (the
 * role's name when none does), escaped. */
static void
cycle_span(struct prio_buf *out, const struct prio_config *cfg)
{
	const char *a = prio_config_role(cfg, PRIO_ROLE_IN_PROGRESS);
	const char *b = prio_config_role(cfg, PRIO_ROLE_DONE);

	prio_html_escape(out, a ? a : "in-progress");
	prio_buf_adds(out, " to ");
	prio_html_escape(out, b ? b : "done");
}

static void
cycle_chart(struct prio_buf *out, const struct prio_stats *st,
    const struct prio_config *cfg)
{
	prio_day lo, hi;
	double top, step, max = 0, x, y;
	size_t i;
	char day[16];

	if (st->npoints == 0) {
		prio_buf_adds(out, "<p class=\"empty\">No story has gone from ");
		cycle_span(out, cfg);
		prio_buf_adds(out, " yet.</p>");
		return;
	}
	lo = hi = st->points[0].day;
	for (i = 0; i < st->npoints; i++) {
		if (st->points[i].day < lo)
			lo = st->points[i].day;
		if (st->points[i].day > hi)
			hi = st->points[i].day;
		if (st->points[i].days > max)
			max = st->points[i].days;
	}
	if (hi - lo < 6)
		lo -= 3, hi += 3;
	top = axis_top(max, &step);
	svg_begin(out, "Cycle time in days of each story done, by the day "
	    "it was done");
	y_axis(out, top, step);
	for (i = 0; i < 2; i++) {
		prio_day_format(i ? hi : lo, day, sizeof(day));
		prio_buf_addf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\">"
		    "%s</text>", i ? W - RIGHT : LEFT, H - BOTTOM + 20,
		    i ? "end" : "start", day);
	}
	prio_buf_addf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">"
	    "days from ", LEFT + PW / 2, H - 4);
	cycle_span(out, cfg);
	prio_buf_adds(out, "</text>");
	if (st->cycle.count) {
		y = TOP + PH - st->cycle.p85 / top * PH;
		prio_buf_addf(out, "<line class=\"p85\" x1=\"%d\" y1=\"%.1f\" "
		    "x2=\"%d\" y2=\"%.1f\" stroke=\"" GREY "\" "
		    "stroke-dasharray=\"6 4\"/><text x=\"%d\" y=\"%.1f\" "
		    "text-anchor=\"end\">p85</text>", LEFT, y, W - RIGHT, y,
		    W - RIGHT, y - 4);
	}
	for (i = 0; i < st->npoints; i++) {
		const struct prio_stats_point *p = &st->points[i];

		x = LEFT + (double)(p->day - lo) / (double)(hi - lo) * PW;
		y = TOP + PH - p->days / top * PH;
		prio_day_format(p->day, day, sizeof(day));
		prio_buf_addf(out, "<circle class=\"point\" cx=\"%.1f\" "
		    "cy=\"%.1f\" r=\"6\" fill=\"" VIOLET "\" "
		    "fill-opacity=\"0.8\"><title>", x, y);
		prio_html_escape(out, p->id);
		/* Rounded as the figures are: 3.25 is 3.3. */
		prio_buf_addf(out, ": %.1f days, done %s</title></circle>",
		    round(p->days * 10) / 10, day);
	}
	prio_buf_adds(out, "</svg>");
}

/* The order of the bands from the bottom: terminal statuses in workflow
 * order, then the others from the last to the first. */
static size_t
band_order(const struct prio_stats *st, const struct prio_backlog *b,
    size_t *order)
{
	size_t n = 0, k;

	for (k = 0; k < st->nstatuses; k++)
		if (b->config->terminal[k])
			order[n++] = k;
	for (k = st->nstatuses; k-- > 0;)
		if (!b->config->terminal[k])
			order[n++] = k;
	return n;
}

static void
legend(struct prio_buf *out, const struct prio_stats *st)
{
	size_t k;

	prio_buf_adds(out, "<div class=\"legend\">");
	for (k = 0; k < st->nstatuses; k++) {
		prio_buf_addf(out, "<span><i style=\"background:%s\"></i>",
		    palette[k % 8]);
		prio_html_escape(out, st->statuses[k]);
		prio_buf_adds(out, "</span>");
	}
	prio_buf_adds(out, "</div>");
}

static void
flow_chart(struct prio_buf *out, const struct prio_stats *st,
    const struct prio_backlog *b)
{
	size_t n = st->nweeks, m = n < 2 ? 2 : n, i, k, s, total, max = 0;
	size_t *order, nbands, *below;
	double top, step;

	if (n == 0 || st->nstatuses == 0) {
		empty(out, "No stories in the history yet.");
		return;
	}
	for (i = 0; i < n; i++) {
		for (total = 0, k = 0; k < st->nstatuses; k++)
			total += st->flow[i * st->nstatuses + k];
		if (total > max)
			max = total;
	}
	top = axis_top((double)max, &step);
	if (step < 1)
		top = axis_top(4, &step);
	order = prio_xcalloc(st->nstatuses + 1, sizeof(*order));
	below = prio_xcalloc(m + 1, sizeof(*below));
	nbands = band_order(st, b, order);
	svg_begin(out, "Stories in each status at the end of each week");
	y_axis(out, top, step);
	for (k = 0; k < nbands; k++) {
		s = order[k];
		prio_buf_addf(out, "<polygon class=\"band\" fill=\"%s\" "
		    "stroke=\"#ffffff\" stroke-width=\"0.5\" points=\"",
		    palette[s % 8]);
		for (i = 0; i < m; i++)
			prio_buf_addf(out, "%.1f,%.1f ", line_x(i, m), TOP + PH -
			    (double)(below[i] + st->flow[(n < 2 ? 0 : i) *
			    st->nstatuses + s]) / top * PH);
		for (i = m; i-- > 0;)
			prio_buf_addf(out, "%.1f,%.1f ", line_x(i, m),
			    TOP + PH - (double)below[i] / top * PH);
		out->len--;
		out->ptr[out->len] = '\0';
		prio_buf_adds(out, "\"><title>");
		prio_html_escape(out, st->statuses[s]);
		prio_buf_adds(out, "</title></polygon>");
		for (i = 0; i < m; i++)
			below[i] += st->flow[(n < 2 ? 0 : i) * st->nstatuses + s];
	}
	if (n >= 2)
		x_weeks(out, st->weeks, n, line_x);
	else
		prio_buf_addf(out, "<text x=\"%d\" y=\"%d\" "
		    "text-anchor=\"middle\">%s</text>", LEFT + PW / 2,
		    H - BOTTOM + 20, st->weeks[0].name);
	prio_buf_adds(out, "</svg>");
	legend(out, st);
	free(order);
	free(below);
}

static void
polyline(struct prio_buf *out, const double *v, size_t n, double top,
    const char *cls, const char *colour, const char *extra)
{
	size_t m = n < 2 ? 2 : n, i;

	prio_buf_addf(out, "<polyline class=\"%s\" fill=\"none\" "
	    "stroke=\"%s\" stroke-width=\"3\"%s points=\"", cls, colour, extra);
	for (i = 0; i < m; i++)
		prio_buf_addf(out, "%s%.1f,%.1f", i ? " " : "", line_x(i, m),
		    TOP + PH - v[n < 2 ? 0 : i] / top * PH);
	prio_buf_adds(out, "\"/>");
}

static void
burnup_chart(struct prio_buf *out, const struct prio_stats *st)
{
	size_t n = st->nweeks, i;
	double top, step, max = 0;

	if (n == 0) {
		empty(out, "No stories in the history yet.");
		return;
	}
	for (i = 0; i < n; i++)
		if (st->scope[i] > max)
			max = st->scope[i];
	top = axis_top(max, &step);
	svg_begin(out, "Effort accepted and total effort in scope, week by "
	    "week");
	y_axis(out, top, step);
	polyline(out, st->scope, n, top, "scope", GREY,
	    " stroke-dasharray=\"8 5\"");
	polyline(out, st->done, n, top, "done", GREEN, "");
	if (n >= 2)
		x_weeks(out, st->weeks, n, line_x);
	prio_buf_adds(out, "</svg><div class=\"legend\"><span><i "
	    "style=\"background:" GREEN "\"></i>accepted</span><span><i "
	    "style=\"background:" GREY "\"></i>scope (not dropped)</span>"
	    "</div>");
}

/* --- Cards and tables --------------------------------------------------- */

static void
card(struct prio_buf *out, const char *id, const char *label,
    const char *value, const char *detail)
{
	prio_buf_addf(out, "<div class=\"card\" id=\"%s\"><div "
	    "class=\"label\">", id);
	prio_html_escape(out, label);
	prio_buf_adds(out, "</div><div class=\"value\">");
	prio_html_escape(out, value);
	prio_buf_adds(out, "</div><div class=\"detail\">");
	prio_html_escape(out, detail);
	prio_buf_adds(out, "</div></div>");
}

static void
figure_card(struct prio_buf *out, const char *id, const char *label,
    const struct prio_stats_figure *f)
{
	char value[64], detail[160];

	if (f->count == 0) {
		card(out, id, label, "–", "no stories yet");
		return;
	}
	snprintf(value, sizeof(value), "%.1f days", f->median);
	snprintf(detail, sizeof(detail), "median of %zu stor%s; p85 %.1f, "
	    "mean %.1f", f->count, f->count == 1 ? "y" : "ies", f->p85,
	    f->mean);
	card(out, id, label, value, detail);
}

static void
figures(struct prio_buf *out, const struct prio_stats *st)
{
	prio_buf_adds(out, "<div class=\"cards\">");
	figure_card(out, "cycle-time", "Cycle time", &st->cycle);
	figure_card(out, "lead-time", "Lead time", &st->lead);
	if (st->one_step)
		card(out, "approval-time", "Approval time", "–",
		    "none: one status is both done and accepted");
	else
		figure_card(out, "approval-time", "Approval time",
		    &st->approval);
	prio_buf_adds(out, "</div>");
}

static void
count_card(struct prio_buf *out, const char *id, const char *label,
    size_t n, const char *detail)
{
	char value[32];

	snprintf(value, sizeof(value), "%zu", n);
	card(out, id, label, value, detail);
}

static void
health(struct prio_buf *out, const struct prio_stats *st)
{
	const struct prio_stats_health *h = &st->health;
	char value[64], detail[64];

	prio_buf_adds(out, "<div class=\"cards\">");
	count_card(out, "open", "Open", h->open, "stories in the ranked order");
	snprintf(detail, sizeof(detail), "%zu without criteria",
	    h->ready_without_criteria);
	count_card(out, "ready", "Ready", h->ready, detail);
	count_card(out, "unestimated", "Unestimated", h->unestimated,
	    "open, without effort");
	count_card(out, "stale", "Stale", h->stale,
	    "open, unchanged for 90 days");
	count_card(out, "rank-ties", "Rank ties", h->rank_ties,
	    "'prio renumber' repairs them");
	if (h->has_ready_weeks)
		snprintf(value, sizeof(value), "%.1f weeks", h->ready_weeks);
	else
		snprintf(value, sizeof(value), "–");
	card(out, "ready-weeks", "Ready work", value, h->has_ready_weeks ?
	    "at the pace of the last 6 weeks" :
	    "nothing accepted in the last 6 weeks");
	prio_buf_adds(out, "</div>");
}

static void
goals(struct prio_buf *out, const struct prio_stats *st)
{
	size_t i;

	if (st->ngoals == 0) {
		empty(out, "No story names a goal.");
		return;
	}
	prio_buf_adds(out, "<div class=\"table-wrap\"><table><thead><tr>"
	    "<th>Goal</th><th class=\"num\">Open effort</th>"
	    "<th class=\"num\">Accepted effort</th>"
	    "<th class=\"num\">Share of the top 20</th></tr></thead><tbody>");
	for (i = 0; i < st->ngoals; i++) {
		prio_buf_adds(out, "<tr><td>");
		prio_html_escape(out, st->goals[i].goal);
		prio_buf_adds(out, "</td><td class=\"num\">");
		add_number(out, st->goals[i].open_effort);
		prio_buf_adds(out, "</td><td class=\"num\">");
		add_number(out, st->goals[i].accepted_effort);
		prio_buf_addf(out, "</td><td class=\"num\">%.0f%%</td></tr>",
		    st->goals[i].top20_share * 100);
	}
	prio_buf_adds(out, "</tbody></table></div>");
}

static void
backlog_rows(struct prio_buf *out, const struct prio_backlog *b)
{
	const struct prio_story *s;
	size_t i;

	for (i = 0; i < b->open_count; i++) {
		s = b->stories[i];
		prio_buf_addf(out, "<tr><td class=\"num\">%zu</td>"
		    "<td class=\"id\">", s->position);
		prio_html_escape(out, s->id ? s->id : "");
		prio_buf_adds(out, "</td><td>");
		prio_html_escape(out, s->title ? s->title : "");
		prio_buf_adds(out, "</td><td><span class=\"status\">");
		prio_html_escape(out, s->status ? s->status : "");
		prio_buf_adds(out, "</span></td><td class=\"num\">");
		if (s->has_score && fabs(s->score) < 1e12)
			prio_buf_addf(out, "%.2f", s->score);
		else if (s->has_score)
			prio_buf_addf(out, "%.3g", s->score);
		else
			prio_buf_adds(out, "–");
		prio_buf_addf(out, "</td><td class=\"num\">%zu/%zu</td></tr>\n",
		    s->criteria_met, s->ncriteria);
	}
}

/* --- The template ------------------------------------------------------- */

static bool
name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_';
}

/* Appends placeholder name's HTML; false when there is no such one. */
static bool
fill(struct prio_buf *out, const char *name, const char *title,
    const struct prio_backlog *b, const struct prio_stats *st)
{
	char day[16];

	if (strcmp(name, "title") == 0)
		prio_html_escape(out, title);
	else if (strcmp(name, "generated") == 0) {
		prio_day_format(st->today, day, sizeof(day));
		prio_buf_addf(out, "The backlog at commit %.7s of %s", st->commit,
		    day);
		if (st->since != PRIO_NO_DAY) {
			prio_day_format(st->since, day, sizeof(day));
			prio_buf_addf(out, "; work done since %s", day);
		}
		prio_buf_adds(out, ".");
	} else if (strcmp(name, "figures") == 0)
		figures(out, st);
	else if (strcmp(name, "health") == 0)
		health(out, st);
	else if (strcmp(name, "goals") == 0)
		goals(out, st);
	else if (strcmp(name, "backlog") == 0)
		backlog_rows(out, b);
	else if (strcmp(name, "open_count") == 0)
		prio_buf_addf(out, "%zu", b->open_count);
	else if (strcmp(name, "throughput_chart") == 0)
		throughput_chart(out, st);
	else if (strcmp(name, "cycle_chart") == 0)
		cycle_chart(out, st, b->config);
	else if (strcmp(name, "flow_chart") == 0)
		flow_chart(out, st, b);
	else if (strcmp(name, "burnup_chart") == 0)
		burnup_chart(out, st);
	else
		return false;
	return true;
}

int
prio_report_html(struct prio_buf *out, const char *tmpl, size_t len,
    const char *template_path, const char *title,
    const struct prio_backlog *b, const struct prio_stats *st,
    struct prio_diags *diags)
{
	const char *p = tmpl, *end = tmpl + len, *q, *name, *bol = tmpl;
	unsigned line = 1;
	char *key;
	bool ok;

	while (p < end) {
		q = p;
		while (q < end && !(q[0] == '{' && q + 1 < end && q[1] == '{')) {
			if (*q == '\n')
				line++, bol = q + 1;
			q++;
		}
		prio_buf_add(out, p, (size_t)(q - p));
		if (q >= end)
			break;
		for (name = q + 2, p = name; p < end && name_char(*p); p++)
			;
		if (p == name || p + 1 >= end || p[0] != '}' || p[1] != '}') {
			prio_buf_add(out, q, 2);    /* not a placeholder */
			p = q + 2;
			continue;
		}
		key = prio_xstrndup(name, (size_t)(p - name));
		ok = fill(out, key, title, b, st);
		if (!ok)
			prio_diags_add(diags, PRIO_SEV_ERROR, "template",
			    template_path, line, (unsigned)(q - bol) + 1,
			    "unknown placeholder {{%s}}", key);
		free(key);
		if (!ok)
			return PRIO_EINVAL;
		p += 2;
	}
	return PRIO_OK;
}
