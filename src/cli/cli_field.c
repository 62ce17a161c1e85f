/* Front-matter fields on the command line: "field=value" for set and
 * new --field, an old value as a Prio-Change trailer shows it, and
 * today's date for new and accept. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "cli_change.h"
#include "prio/backlogmd_write.h"
#include "prio/edit.h"

/* A real calendar date written YYYY-MM-DD. */
static bool
is_date(const char *s)
{
	static const int days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int y, m, d, i;

	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : !isdigit((unsigned char)s[i]))
			return false;
	if (s[10] != '\0')
		return false;
	y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
	if (m < 1 || m > 12 || d < 1 || d > days[m - 1])
		return false;
	return m != 2 || d < 29 || (y % 4 == 0 && (y % 100 != 0 ||
	    y % 400 == 0));
}

int
cli_today(char out[11])
{
	const char *pin = getenv("PRIO_TODAY");
	time_t now = time(NULL);
	struct tm tm;

	if (pin && *pin) {
		if (!is_date(pin)) {
			cli_error("PRIO_TODAY is '%s', not a date such as "
			    "2026-11-02; fix or unset it", pin);
			return EXIT_USAGE;
		}
		memcpy(out, pin, 11);
		return EXIT_OK;
	}
	if (localtime_r(&now, &tm) == NULL ||
	    strftime(out, 11, "%Y-%m-%d", &tm) != 10) {
		cli_error("cannot tell today's date");
		return EXIT_FAILURE_;
	}
	return EXIT_OK;
}

/* Keys whose value is a list: "a, b" on the command line. */
static bool
is_list_key(const char *key)
{
	return strcmp(key, "labels") == 0 || strcmp(key, "depends-on") == 0;
}

static bool
valid_key(const char *key, size_t len)
{
	size_t i;

	if (len == 0 || !isalpha((unsigned char)key[0]))
		return false;
	for (i = 1; i < len; i++)
		if (!isalnum((unsigned char)key[i]) && key[i] != '-' &&
		    key[i] != '_')
			return false;
	return true;
}

/* Splits "a, b,c" into trimmed items; "" gives none. */
static char **
split_list(const char *v, size_t *n)
{
	char **items = prio_xcalloc(strlen(v) + 2, sizeof(*items));
	const char *p = v, *end;

	*n = 0;
	while (*p) {
		while (*p == ' ' || *p == ',')
			p++;
		end = p;
		while (*end && *end != ',')
			end++;
		while (end > p && end[-1] == ' ')
			end--;
		if (end > p)
			items[(*n)++] = prio_xstrndup(p, (size_t)(end - p));
		p = *end ? end : end;
		while (*p && *p != ',')
			p++;
	}
	return items;
}

/*
 * A Backlog.md task's key as the file names it (rank is ordinal), or
 * NULL after saying why prio does not set it.  A priority is one of
 * Backlog.md's three, written in lower case as it writes them.
 */
static const char *
bmd_key(struct cli *cli, const char *key, char *value, int *rc)
{
	static const char *const prios[] = { "high", "medium", "low" };
	const char *k = prio_bmdw_file_key(key);
	size_t i;

	*rc = EXIT_OK;
	if (!prio_bmdw_key_writable(k)) {
		*rc = cli_usage_error(cli, "%s is Backlog.md's own (%s) and "
		    "cannot be set", k, strcmp(k, "id") == 0 ? "it names the "
		    "task's file" : strstr(k, "_date") ? "stamped when the "
		    "task is created or changed" : "the task's place among "
		    "its parent's sub-tasks");
		return NULL;
	}
	if (strcmp(k, "priority") != 0 || *value == '\0')
		return k;
	for (i = 0; value[i]; i++)
		value[i] = (char)tolower((unsigned char)value[i]);
	for (i = 0; i < 3; i++)
		if (strcmp(value, prios[i]) == 0)
			return k;
	*rc = cli_usage_error(cli, "priority '%s' is not one of Backlog.md's: "
	    "high, medium, low", value);
	return NULL;
}

/* Whether s has a control character: a value is one line of text, and
 * a line break in it would end the Prio-Change trailer that shows it. */
static bool
has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}

int
cli_parse_field(struct cli *cli, char *pair, struct prio_edit *e,
    char ***list)
{
	const char *eq = strchr(pair, '=');
	size_t klen = eq ? (size_t)(eq - pair) : 0;
	bool bmd = cli->backlog && prio_config_foreign_dir(cli->backlog->config);
	int rc;

	*list = NULL;
	if (eq == NULL || !valid_key(pair, klen))
		return cli_usage_error(cli, "'%s' is not field=value", pair);
	pair[klen] = '\0';
	if (strcmp(pair, "id") == 0 && !bmd)
		return cli_usage_error(cli, "the id names the file and cannot "
		    "be set; 'prio reid' gives a story a new id");
	memset(e, 0, sizeof(*e));
	e->key = pair;
	e->value = eq + 1;
	if (bmd && (e->key = bmd_key(cli, pair, pair + klen + 1, &rc)) ==
	    NULL)
		return rc;
	/* A Backlog.md description is body text, of many lines. */
	if (has_control(e->value) && !(bmd && strcmp(e->key,
	    "description") == 0))
		return cli_usage_error(cli, "the value of %s must be one line "
		    "of text, without control characters", e->key);
	if (bmd ? prio_bmdw_list_key(e->key) : is_list_key(e->key)) {
		e->is_list = true;
		*list = split_list(eq + 1, &e->nitems);
		e->items = *list;
	}
	return EXIT_OK;
}

char *
cli_field_text(const struct prio_story *full, const char *key)
{
	const struct prio_field *f = full ? prio_story_field(full, key) : NULL;
	struct prio_buf b = PRIO_BUF_INIT;
	size_t i;

	if (f == NULL)
		return NULL;
	if (f->kind != PRIO_FIELD_LIST)
		return prio_xstrdup(f->value ? f->value : "");
	prio_buf_addch(&b, '[');
	for (i = 0; i < f->nitems; i++)
		prio_buf_addf(&b, "%s%s", i ? ", " : "", f->items[i]);
	prio_buf_addch(&b, ']');
	return prio_buf_detach(&b, NULL);
}
