/*
 * prio/date.h — calendar days and ISO 8601 weeks, for dating stories by
 * their commits (prio/stats.h, prio/report.h).
 *
 * A day is a count of days from 1970-01-01 in the proleptic Gregorian
 * calendar, so days subtract and compare as numbers; a day of a time is
 * the local day of the committer, by the commit's own UTC offset.
 * Weeks run Monday to Sunday and are named by ISO 8601 ("2026-W02"):
 * a week belongs to the year of its Thursday.  No function here reads
 * the clock or the time zone.
 */
#ifndef PRIO_DATE_H
#define PRIO_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Days from the Unix epoch; a story or week is dated by these. */
typedef long prio_day;

/* No day: the sentinel for "not given" (a since day, say). */
#define PRIO_NO_DAY ((prio_day)-1000000000L)
/* Seconds in a day: durations in days are seconds over this. */
#define PRIO_DAY_SECONDS 86400

/* "YYYY-MM-DD" as a day; false when s is not a valid date. */
bool prio_day_parse(const char *s, prio_day *out);
/* The day as "YYYY-MM-DD" into buf (at least 11 bytes). */
void prio_day_format(prio_day d, char *buf, size_t size);
/* The local day of a time with its offset in minutes. */
prio_day prio_day_of(int64_t time, int offset);
/* The Monday of d's ISO week, and its name ("2026-W02"). */
prio_day prio_week_monday(prio_day d);
void prio_week_name(prio_day monday, char *buf, size_t size);

#endif
