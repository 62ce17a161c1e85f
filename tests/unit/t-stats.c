/*
 * Unit tests for the calendar of prio/date.h (days, ISO weeks) and the
 * HTML escaping of prio/report.h.
 */
#include <stdio.h>
#include <string.h>

#include "prio/buf.h"
#include "prio/date.h"
#include "prio/report.h"
#include "tap.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const char *
week_of(const char *date)
{
	static char name[16];
	prio_day d;

	if (!prio_day_parse(date, &d))
		return "(bad date)";
	prio_week_name(prio_week_monday(d), name, sizeof(name));
	return name;
}

static void
known_weeks(void)
{
	static const struct {
		const char *date, *week;
	} cases[] = {
		{ "2026-01-01", "2026-W01" },   /* a Thursday */
		{ "2025-12-29", "2026-W01" },   /* its Monday */
		{ "2026-01-04", "2026-W01" },   /* its Sunday */
		{ "2026-01-05", "2026-W02" },
		{ "2024-12-30", "2025-W01" },
		{ "2021-01-03", "2020-W53" },
		{ "2020-12-31", "2020-W53" },
		{ "2027-01-01", "2026-W53" },
		{ "2026-12-31", "2026-W53" },
		{ "2000-02-29", "2000-W09" },
		{ "1970-01-01", "1970-W01" },
		{ "1969-12-29", "1970-W01" },
		{ "1900-01-01", "1900-W01" },
		{ NULL, NULL }
	}, *c;

	for (c = cases; c->date; c++)
		is_str(week_of(c->date), c->week, "the ISO week of %s",
		    c->date);
}

static void
dates(void)
{
	static const char *const bad[] = { "", "2026-1-05", "2026-01-5",
	    "2026-13-01", "2026-00-10", "2026-02-29", "2026-04-31",
	    "2026-01-05x", "2026/01/05", "20260105", "2026-01-00",
	    "1900-02-29", "abcd-ef-gh" };
	char buf[16];
	prio_day d;
	size_t i;

	ok(prio_day_parse("1970-01-01", &d) && d == 0, "1970-01-01 is day 0");
	ok(prio_day_parse("2000-02-29", &d), "2000-02-29 exists");
	ok(prio_day_parse("2024-02-29", &d), "2024-02-29 exists");
	for (i = 0; i < NELEM(bad); i++)
		ok(!prio_day_parse(bad[i], &d), "'%s' is not a date", bad[i]);
	is_int(prio_day_of(86399, 0), 0, "the last second of day 0");
	is_int(prio_day_of(86400, 0), 1, "the first second of day 1");
	is_int(prio_day_of(82800, 60), 1, "23:00 UTC is the next day at +01:00");
	is_int(prio_day_of(3600, -120), -1, "01:00 UTC is the day before at -02:00");
	is_int(prio_day_of(-1, 0), -1, "a second before the epoch is day -1");
	prio_day_format(-1, buf, sizeof(buf));
	is_str(buf, "1969-12-31", "day -1 is 1969-12-31");
}

/* Every day from 1900 to 2100: parse and format agree, a week is seven
 * days from a Monday, and week numbers count up by one or start again
 * at 1 (after 52 or 53) with the next ISO year. */
static void
every_day(void)
{
	prio_day first, last, d;
	char buf[16], name[16], prev[16] = "";
	int bad_round = 0, bad_week = 0, y, w, py = 0, pw = 0;

	prio_day_parse("1900-01-01", &first);
	prio_day_parse("2100-12-31", &last);
	for (d = first; d <= last; d++) {
		prio_day back;

		prio_day_format(d, buf, sizeof(buf));
		if (!prio_day_parse(buf, &back) || back != d)
			bad_round++;
		if (prio_week_monday(d) > d || prio_week_monday(d) + 6 < d ||
		    prio_week_monday(prio_week_monday(d)) !=
		    prio_week_monday(d))
			bad_week++;
		if (prio_week_monday(d) != d)
			continue;
		prio_week_name(d, name, sizeof(name));
		if (sscanf(name, "%d-W%d", &y, &w) != 2)
			bad_week++;
		else if (*prev && !((y == py && w == pw + 1) ||
		    (y == py + 1 && w == 1 && (pw == 52 || pw == 53))))
			bad_week++;
		memcpy(prev, name, sizeof(prev));
		py = y, pw = w;
	}
	is_int(bad_round, 0, "every day from 1900 to 2100 formats and parses back");
	is_int(bad_week, 0, "every week from 1900 to 2100 follows the last");
}

static void
escape(void)
{
	struct prio_buf b = PRIO_BUF_INIT;

	prio_html_escape(&b, "<a href=\"x\">Tom & Jerry's</a>\x01\ttab");
	is_str(b.ptr, "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s"
	    "&lt;/a&gt;?\ttab", "HTML text is escaped, control characters "
	    "shown as ?");
	prio_buf_clear(&b);
	prio_html_escape(&b, NULL);
	is_str(b.ptr, "", "NULL escapes to nothing");
	prio_buf_free(&b);
}

int
main(void)
{
	known_weeks();
	dates();
	every_day();
	escape();
	return tap_done();
}
