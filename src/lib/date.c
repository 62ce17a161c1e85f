/* Calendar days and ISO weeks (see prio/date.h). */
#include <stdio.h>
#include <stdlib.h>

#include "prio/date.h"

#define DAY PRIO_DAY_SECONDS

/* Days from 1970-01-01 of a proleptic Gregorian date (Hinnant's
 * days_from_civil). */
static prio_day
days_from_civil(long y, unsigned m, unsigned d)
{
	long era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

static void
civil_from_days(prio_day z, long *y, unsigned *m, unsigned *d)
{
	long era;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (long)yoe + era * 400 + (*m <= 2);
}

bool
prio_day_parse(const char *s, prio_day *out)
{
	static const unsigned mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30,
	    31, 30, 31 };
	unsigned y, m, d, i;
	bool leap;

	for (i = 0; i < 10; i++)
		if ((i == 4 || i == 7) ? s[i] != '-' :
		    (s[i] < '0' || s[i] > '9'))
			return false;
	if (s[10] != '\0')
		return false;
	y = (unsigned)atoi(s), m = (unsigned)atoi(s + 5),
	    d = (unsigned)atoi(s + 8);
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1] ||
	    (m == 2 && d == 29 && !leap))
		return false;
	*out = days_from_civil((long)y, m, d);
	return true;
}

void
prio_day_format(prio_day day, char *buf, size_t size)
{
	long y;
	unsigned m, d;

	civil_from_days(day, &y, &m, &d);
	snprintf(buf, size, "%04ld-%02u-%02u", y, m, d);
}

prio_day
prio_day_of(int64_t time, int offset)
{
	int64_t t = time + (int64_t)offset * 60;

	return (prio_day)(t >= 0 ? t / DAY : -((-t + DAY - 1) / DAY));
}

prio_day
prio_week_monday(prio_day d)
{
	/* 1970-01-01 was a Thursday: Monday is 0 at d = -3. */
	long wd = ((d + 3) % 7 + 7) % 7;

	return d - wd;
}

void
prio_week_name(prio_day monday, char *buf, size_t size)
{
	prio_day thursday = monday + 3;
	long y;
	unsigned m, d;

	/* The ISO year is the Thursday's; the week counts Thursdays. */
	civil_from_days(thursday, &y, &m, &d);
	snprintf(buf, size, "%04ld-W%02ld", y,
	    (thursday - days_from_civil(y, 1, 1)) / 7 + 1);
}
