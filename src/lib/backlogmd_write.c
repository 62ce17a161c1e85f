/*
 * Writing a Backlog.md project the way Backlog.md 1.52 writes it (see
 * prio/backlogmd_write.h): its ordinals, its updated_date stamp, its
 * file names, next IDs and new-task layout.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prio/backlogmd_write.h"
#include "prio/error.h"
#include "edit_impl.h"
#include "util.h"

/* reorder.ts: neighbours closer than this leave no room. */
#define BMDW_EPSILON 1e-6

static const char *const aliases[][2] = {
	{ "rank", PRIO_BMDW_ORDINAL },
	{ "depends-on", "dependencies" },
	{ "created", "created_date" },
	{ "owner", "assignee" },
};
#define NALIASES (sizeof(aliases) / sizeof(aliases[0]))

const char *
prio_bmdw_file_key(const char *key)
{
	size_t i;

	for (i = 0; i < NALIASES; i++)
		if (strcmp(key, aliases[i][0]) == 0)
			return aliases[i][1];
	return key;
}

static bool
in(const char *key, const char *const *v)
{
	for (; *v; v++)
		if (strcmp(key, *v) == 0)
			return true;
	return false;
}

bool
prio_bmdw_list_key(const char *key)
{
	static const char *const lists[] = { "labels", "dependencies",
		"assignee", "references", "documentation", "modified_files",
		NULL };

	return in(key, lists);
}

bool
prio_bmdw_key_writable(const char *key)
{
	static const char *const fixed[] = { "id", "created_date",
		PRIO_BMDW_UPDATED, "parent_task_id", "subtasks", NULL };

	return !in(key, fixed);
}

/* A neighbour's ordinal as JavaScript's Number() reads it. */
static bool
read_ordinal(const char *s, double *v)
{
	return prio_parse_number(s, v) && *v >= 0;
}

/*
 * v as JavaScript's Number.prototype.toString writes it, for v from
 * 1e-6 to below 1e21 (plain digits, no exponent): the fewest
 * significant digits that read back as v.  NULL outside that range.
 */
static char *
js_number(double v)
{
	char digits[32], buf[64];
	int p, exp, ndig, i;
	struct prio_buf b = PRIO_BUF_INIT;

	if (!isfinite(v) || v < 0 || (v != 0 && v < 1e-6) || v >= 1e21)
		return NULL;
	if (v == 0)
		return prio_xstrdup("0");
	for (p = 1; p <= 17; p++) {
		snprintf(buf, sizeof(buf), "%.*e", p - 1, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	/* buf is d.ddddde±XX: the digits, then the exponent. */
	ndig = 0;
	for (i = 0; buf[i] && buf[i] != 'e'; i++)
		if (isdigit((unsigned char)buf[i]))
			digits[ndig++] = buf[i];
	exp = atoi(buf + i + 1);
	while (ndig > 1 && digits[ndig - 1] == '0')
		ndig--;
	if (exp < 0) {
		prio_buf_adds(&b, "0.");
		for (i = 0; i < -exp - 1; i++)
			prio_buf_addch(&b, '0');
		prio_buf_add(&b, digits, (size_t)ndig);
	} else {
		for (i = 0; i < ndig || i <= exp; i++) {
			if (i == exp + 1)
				prio_buf_addch(&b, '.');
			prio_buf_addch(&b, i < ndig ? digits[i] : '0');
		}
	}
	return prio_buf_detach(&b, NULL);
}

int
prio_bmdw_ordinal_between(const char *prev, const char *next, char **out)
{
	double lo = 0, hi = 0, v;
	bool rebalance;

	*out = NULL;
	if ((prev && !read_ordinal(prev, &lo)) ||
	    (next && !read_ordinal(next, &hi)))
		return PRIO_EINVAL;
	if (prev == NULL && next == NULL) {
		v = PRIO_BMDW_ORDINAL_STEP;
		rebalance = false;
	} else if (prev == NULL) {
		v = hi / 2;
		rebalance = v <= 0 || v >= hi - BMDW_EPSILON;
	} else if (next == NULL) {
		v = lo + PRIO_BMDW_ORDINAL_STEP;
		rebalance = !isfinite(v);
	} else if (hi - lo <= BMDW_EPSILON) {
		return PRIO_ERANGE;
	} else {
		v = lo + (hi - lo) / 2;
		rebalance = v <= lo + BMDW_EPSILON || v >= hi - BMDW_EPSILON;
	}
	if (rebalance || (*out = js_number(v)) == NULL)
		return PRIO_ERANGE;
	return PRIO_OK;
}

char *
prio_bmdw_ordinal_nth(size_t i)
{
	return prio_xasprintf("%zu", (i + 1) * PRIO_BMDW_ORDINAL_STEP);
}

bool
prio_bmdw_key_stamps(const char *key)
{
	return strcmp(key, PRIO_BMDW_ORDINAL) != 0 &&
	    strcmp(key, PRIO_BMDW_UPDATED) != 0 &&
	    strcmp(key, "created_date") != 0;
}

void
prio_bmdw_stamp_text(char out[17], time_t t)
{
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(out, 17, "%Y-%m-%d %H:%M", &tm) != 16)
		memcpy(out, "1970-01-01 00:00", 17);
}

bool
prio_bmdw_stamp_valid(const char *s)
{
	char date[11];

	if (strlen(s) != 16 || s[10] != ' ' || s[13] != ':' ||
	    !isdigit((unsigned char)s[11]) || !isdigit((unsigned char)s[12]) ||
	    !isdigit((unsigned char)s[14]) || !isdigit((unsigned char)s[15]))
		return false;
	memcpy(date, s, 10);
	date[10] = '\0';
	return prio_is_date(date) && (s[11] - '0') * 10 + (s[12] - '0') < 24 &&
	    s[14] < '6';
}

/* The key of a front-matter line: "  updated_date :" has updated_date. */
static bool
line_has_key(const char *p, size_t n, const char *key)
{
	size_t i = 0, k = strlen(key);

	while (i < n && (p[i] == ' ' || p[i] == '\t'))
		i++;
	if (n - i < k || strncmp(p + i, key, k) != 0)
		return false;
	for (i += k; i < n && (p[i] == ' ' || p[i] == '\t'); i++)
		;
	return i < n && p[i] == ':';
}

static bool
has_crlf(const char *data, size_t len)
{
	const char *p = data, *end = data + len;

	while ((p = memchr(p, '\r', (size_t)(end - p))) != NULL && p + 1 < end)
		if (*++p == '\n')
			return true;
	return false;
}

int
prio_bmdw_stamp(struct prio_buf *out, const char *data, size_t len,
    const char *stamp, char **err)
{
	struct prio_front_matter fm;
	const char *end = data + len, *p, *next, *after = NULL, *eol;
	struct prio_buf b = PRIO_BUF_INIT;
	size_t n;

	if (prio_front_matter_find(data, len, &fm) != PRIO_FM_OK) {
		if (err)
			*err = prio_xstrdup("the task has no front matter to "
			    "stamp updated_date in");
		return PRIO_EINVAL;
	}
	/* Backlog.md writes CRLF everywhere when the file has any. */
	eol = has_crlf(data, len) ? "\r\n" : "\n";
	for (p = data + fm.start; p < data + fm.end; p = next) {
		n = prio_line_length(p, end, &next);
		if (line_has_key(p, n, PRIO_BMDW_UPDATED)) {
			size_t indent = strspn(p, " \t");

			prio_buf_add(&b, data, (size_t)(p - data) + indent);
			prio_buf_addf(&b, "%s: '%s'", PRIO_BMDW_UPDATED, stamp);
			prio_buf_add(&b, p + n, (size_t)(end - (p + n)));
			goto done;
		}
		if (after == NULL && line_has_key(p, n, "created_date"))
			after = next;
	}
	if (after == NULL)
		after = data + fm.end;
	prio_buf_add(&b, data, (size_t)(after - data));
	/* A created_date on the last line without its line ending. */
	if (after > data && after[-1] != '\n')
		prio_buf_adds(&b, eol);
	prio_buf_addf(&b, "%s: '%s'%s", PRIO_BMDW_UPDATED, stamp, eol);
	prio_buf_add(&b, after, (size_t)(end - after));
done:
	prio_buf_free(out);
	*out = b;
	if (err)
		*err = NULL;
	return PRIO_OK;
}

char *
prio_bmdw_file_name(const char *id, const char *title)
{
	struct prio_buf b = PRIO_BUF_INIT;
	const char *s;
	size_t i;

	for (i = 0; id[i]; i++)
		prio_buf_addch(&b, tolower((unsigned char)id[i]));
	prio_buf_adds(&b, " - ");
	/*
	 * sanitizeFilename: path-unsafe characters become '-', noisy
	 * punctuation goes, runs of blanks and dashes become one '-', and
	 * none is left at either end.
	 */
	i = b.len;
	for (s = title; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (strchr("'(),!@#$%^&+=[]{};", c))
			continue;
		if (strchr("<>:\"/\\|?*", c) || isspace(c) || c == '-') {
			if (b.len > i && b.ptr[b.len - 1] != '-')
				prio_buf_addch(&b, '-');
			continue;
		}
		prio_buf_addch(&b, (char)c);
	}
	if (b.len > i && b.ptr[b.len - 1] == '-')
		prio_buf_truncate(&b, b.len - 1);
	prio_buf_adds(&b, ".md");
	return prio_buf_detach(&b, NULL);
}

char *
prio_bmdw_next_id(const char *prefix, const char *const *ids, size_t n,
    unsigned pad)
{
	size_t plen = strlen(prefix), i, j;
	unsigned long long max = 0, v;
	struct prio_buf b = PRIO_BUF_INIT;
	char num[32];

	for (i = 0; i < n; i++) {
		const char *s = ids[i];

		if (strlen(s) <= plen + 1 || s[plen] != '-' ||
		    !prio_ascii_ieq(s, plen, prefix, plen))
			continue;
		s += plen + 1;
		for (j = 0, v = 0; isdigit((unsigned char)s[j]) && j < 18; j++)
			v = v * 10 + (unsigned long long)(s[j] - '0');
		/* Top-level IDs only: "BACK-3", not "BACK-3.1". */
		if (j > 0 && s[j] == '\0' && v > max)
			max = v;
	}
	for (i = 0; i < plen; i++)
		prio_buf_addch(&b, toupper((unsigned char)prefix[i]));
	snprintf(num, sizeof(num), "%llu", max + 1);
	prio_buf_addch(&b, '-');
	for (i = strlen(num); i < pad; i++)
		prio_buf_addch(&b, '0');
	prio_buf_adds(&b, num);
	return prio_buf_detach(&b, NULL);
}

/* A scalar as js-yaml dumps it: plain when YAML reads it back as the
 * same text, else in single quotes. */
static void
add_scalar(struct prio_buf *b, const char *s)
{
	edit_add_scalar(b, s, EDIT_PLAIN_SINGLE, false, true);
}

static void
add_list(struct prio_buf *b, const char *key, char *const *v, size_t n)
{
	size_t i;

	prio_buf_addf(b, "%s:%s\n", key, n ? "" : " []");
	for (i = 0; i < n; i++) {
		prio_buf_adds(b, "  - ");
		add_scalar(b, v[i]);
		prio_buf_addch(b, '\n');
	}
}

static void
add_key(struct prio_buf *b, const char *key, const char *value)
{
	prio_buf_addf(b, "%s: ", key);
	add_scalar(b, value);
	prio_buf_addch(b, '\n');
}

void
prio_bmdw_task_text(struct prio_buf *out, const struct prio_bmdw_task *t)
{
	size_t i;

	prio_buf_adds(out, "---\n");
	add_key(out, "id", t->id);
	add_key(out, "title", t->title);
	add_key(out, "status", t->status);
	add_list(out, "assignee", t->assignee, t->nassignee);
	prio_buf_addf(out, "created_date: '%s'\n", t->created);
	add_list(out, "labels", t->labels, t->nlabels);
	add_list(out, "dependencies", t->dependencies, t->ndependencies);
	if (t->priority)
		add_key(out, "priority", t->priority);
	if (t->ordinal)
		prio_buf_addf(out, "ordinal: %s\n", t->ordinal);
	prio_buf_adds(out, "---\n\n");
	if (t->description)
		prio_buf_addf(out, "## Description\n\n<!-- SECTION:DESCRIPTION:"
		    "BEGIN -->\n%s\n<!-- SECTION:DESCRIPTION:END -->\n",
		    t->description);
	if (t->ncriteria) {
		prio_buf_adds(out, t->description ? "\n" : "");
		prio_buf_adds(out, "## Acceptance Criteria\n<!-- AC:BEGIN -->\n");
		for (i = 0; i < t->ncriteria; i++)
			prio_buf_addf(out, "- [ ] #%zu %s\n", i + 1,
			    t->criteria[i]);
		prio_buf_adds(out, "<!-- AC:END -->\n");
	}
	if (t->description == NULL && t->ncriteria == 0)
		prio_buf_addch(out, '\n');
}
