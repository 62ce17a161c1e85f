/*
 * The two dialects as tables (see prio/dialect.h), and the few routines
 * that read a table: key spellings, folders, the ID grammar, the front
 * matter a tool rewrites before its YAML parser sees it.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "prio/buf.h"
#include "prio/config.h"
#include "prio/dialect.h"
#include "prio/backlogmd_write.h"
#include "prio/story.h"
#include "prio/template.h"
#include "backlogmd.h"
#include "util.h"

static const enum prio_key no_keys[] = { PRIO_KEY_COUNT };
static const char *const prio_configs[] = { "backlog/prio.yml", NULL };

static const struct prio_dialect_folder prio_folders[] = {
	{ "stories", "", true, PRIO_FOLDER_OPEN },
};

static const struct prio_dialect prio_dialect = {
	.name = "prio",
	.config_paths = prio_configs,
	.parse_config = prio_config_parse,
	.default_dir = "backlog",
	.default_prefix = "S",
	.folders = prio_folders,
	.nfolders = 1,
	.keys = {
		[PRIO_KEY_ID] = "id",
		[PRIO_KEY_TITLE] = "title",
		[PRIO_KEY_STATUS] = "status",
		[PRIO_KEY_RANK] = "rank",
		[PRIO_KEY_DEPENDS_ON] = "depends-on",
		[PRIO_KEY_OWNER] = "owner",
		[PRIO_KEY_LABELS] = "labels",
		[PRIO_KEY_GOAL] = "goal",
		[PRIO_KEY_CREATED] = "created",
		[PRIO_KEY_DUE] = "due",
		[PRIO_KEY_EFFORT] = "effort",
	},
	.shown = no_keys,
	.ids = PRIO_IDS_PLAIN,
	.order = PRIO_ORDER_SCORE,
	.file_name = prio_template_slug_name,
};

/* Backlog.md 1.52: src/file-system/operations.ts (folders and globs),
 * src/markdown/parser.ts (keys, preprocessFrontmatter),
 * src/utils/task-sorting.ts (order), src/utils/priority-config.ts. */
static const char *const bmd_configs[] = { "backlog/config.yml",
	"backlog.config.yml", NULL };

static const struct prio_dialect_folder bmd_folders[] = {
	{ "tasks", NULL, false, PRIO_FOLDER_OPEN },
	{ "drafts", "draft", false, PRIO_FOLDER_DRAFTS },
	{ "completed", NULL, false, PRIO_FOLDER_DONE },
	{ "archive/tasks", NULL, false, PRIO_FOLDER_ARCHIVE },
};

static const enum prio_key bmd_shown[] = { PRIO_KEY_PRIORITY,
	PRIO_KEY_MILESTONE, PRIO_KEY_CREATED, PRIO_KEY_UPDATED, PRIO_KEY_DUE,
	PRIO_KEY_COUNT };
static const char *const bmd_at_keys[] = { "assignee", "reporter", NULL };
static const char *const bmd_quoted_keys[] = { "due_date", NULL };
static const char *const bmd_priorities[] = { "high", "medium", "low",
	NULL };
static const char *const bmd_writable[] = { "title", "status", "ordinal",
	"assignee", "labels", "dependencies", "priority", "milestone",
	"updated_date", NULL };

static const struct prio_dialect bmd_dialect = {
	.name = "Backlog.md",
	.foreign = true,
	.config_paths = bmd_configs,
	.parse_config = backlogmd_parse_config,
	.default_dir = "backlog",
	.default_prefix = "task",
	.folders = bmd_folders,
	.nfolders = sizeof(bmd_folders) / sizeof(bmd_folders[0]),
	.keys = {
		[PRIO_KEY_ID] = "id",
		[PRIO_KEY_TITLE] = "title",
		[PRIO_KEY_STATUS] = "status",
		[PRIO_KEY_RANK] = "ordinal",
		[PRIO_KEY_DEPENDS_ON] = "dependencies",
		[PRIO_KEY_OWNER] = "assignee",
		[PRIO_KEY_LABELS] = "labels",
		[PRIO_KEY_CREATED] = "created_date",
		[PRIO_KEY_UPDATED] = "updated_date",
		[PRIO_KEY_DUE] = "due_date",
		[PRIO_KEY_PRIORITY] = "priority",
		[PRIO_KEY_MILESTONE] = "milestone",
	},
	.owner_list = true,
	.dates_with_time = true,
	.ids = PRIO_IDS_DOTTED,
	.draft_prefix = "draft",
	.draft_status = "Draft",
	.criteria_begin = "<!-- AC:BEGIN -->",
	.criteria_end = "<!-- AC:END -->",
	.criteria_numbered = true,
	.shown = bmd_shown,
	.hidden_marker = "<!-- SECTION:",
	.at_keys = bmd_at_keys,
	.quoted_keys = bmd_quoted_keys,
	.order = PRIO_ORDER_PRIORITY,
	.default_priorities = bmd_priorities,
	.writable = bmd_writable,
	.stamp_key = "updated_date",
	.file_name = prio_bmdw_file_name,
};

const struct prio_dialect *
prio_dialect_prio(void)
{
	return &prio_dialect;
}

const struct prio_dialect *
prio_dialect_backlogmd(void)
{
	return &bmd_dialect;
}

const struct prio_dialect *const *
prio_dialects(void)
{
	static const struct prio_dialect *const all[] = { &prio_dialect,
		&bmd_dialect, NULL };

	return all;
}

const struct prio_dialect *
prio_dialect_of_config(const char *path)
{
	const struct prio_dialect *const *d;
	const char *const *p;

	for (d = prio_dialects(); *d; d++)
		for (p = (*d)->config_paths; *p; p++)
			if (strcmp(*p, path) == 0)
				return *d;
	return NULL;
}

const char *
prio_dialect_key(const struct prio_dialect *d, enum prio_key k)
{
	return k < PRIO_KEY_COUNT ? d->keys[k] : NULL;
}

enum prio_key
prio_dialect_key_role(const struct prio_dialect *d, const char *key)
{
	int k;

	for (k = 0; k < PRIO_KEY_COUNT; k++)
		if (d->keys[k] && strcmp(d->keys[k], key) == 0)
			return (enum prio_key)k;
	return PRIO_KEY_COUNT;
}

const char *
prio_dialect_prio_key(const struct prio_dialect *d, const char *key)
{
	enum prio_key k = prio_dialect_key_role(d, key);

	if (k != PRIO_KEY_COUNT)
		return prio_dialect.keys[k] ? prio_dialect.keys[k] : key;
	/* A key prio reads under a role, spelled otherwise here, is not
	 * that role: Backlog.md's "rank" is no rank. */
	if (prio_dialect_key_role(&prio_dialect, key) != PRIO_KEY_COUNT)
		return NULL;
	return key;
}

static bool
in_list(const char *const *list, const char *s, size_t n)
{
	for (; list && *list; list++)
		if (strlen(*list) == n && strncmp(*list, s, n) == 0)
			return true;
	return false;
}

bool
prio_dialect_writable(const struct prio_dialect *d, const char *key)
{
	/* prio's own format: any key. */
	return d->writable == NULL || in_list(d->writable, key, strlen(key));
}

const struct prio_dialect_folder *
prio_dialect_folder_of(const struct prio_dialect *d, const char *dir,
    const char *path)
{
	size_t i, n = strlen(dir), f;

	if (strncmp(path, dir, n) != 0 || path[n] != '/')
		return NULL;
	path += n + 1;
	for (i = 0; i < d->nfolders; i++) {
		f = strlen(d->folders[i].dir);
		if (strncmp(path, d->folders[i].dir, f) != 0 || path[f] != '/')
			continue;
		if (d->folders[i].recursive || !strchr(path + f + 1, '/'))
			return &d->folders[i];
	}
	return NULL;
}

static bool
ends_md(const char *s)
{
	size_t n = strlen(s);

	return n > 3 && strcmp(s + n - 3, ".md") == 0;
}

bool
prio_dialect_file_matches(const struct prio_dialect *d,
    const struct prio_dialect_folder *f, const char *prefix,
    const char *base)
{
	const char *p = f->name_prefix ? f->name_prefix : prefix;
	size_t n = strlen(p);

	(void)d;
	if (!ends_md(base))
		return false;
	if (*p == '\0')
		return true;
	/* Bun.Glob("back-*.md") matches case-sensitively on Linux, and
	 * Backlog.md writes the prefix in lower case. */
	for (size_t i = 0; i < n; i++)
		if (tolower((unsigned char)p[i]) != base[i])
			return false;
	return base[n] == '-';
}

/* ---- preprocessing ---- */

static const char *
skip_sp(const char *s, const char *e)
{
	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	return s;
}

/* s..e with a backslash before '\\' and '"', in double quotes. */
static void
add_quoted(struct prio_buf *b, const char *s, const char *e)
{
	prio_buf_addch(b, '"');
	for (; s < e; s++) {
		if (*s == '\\' || *s == '"')
			prio_buf_addch(b, '\\');
		prio_buf_addch(b, *s);
	}
	prio_buf_addch(b, '"');
}

static const char *
trim_end(const char *s, const char *e)
{
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		e--;
	return e;
}

/* "[@a, b]" with its @ items quoted, as normalizeFlowList does; false
 * when v..e is no flow list. */
static bool
flow_list(struct prio_buf *b, const char *v, const char *e)
{
	const char *close = NULL, *p, *item, *ie;

	if (v >= e || *v != '[')
		return false;
	for (p = v; p < e; p++)
		if (*p == ']')
			close = p;
	if (close == NULL)
		return false;
	p = skip_sp(close + 1, e);
	if (p < e && *p != '#')
		return false;
	prio_buf_addch(b, '[');
	for (item = v + 1; item <= close; item = ie + 1) {
		bool first = item == v + 1;

		for (ie = item; ie < close && *ie != ','; ie++)
			;
		item = skip_sp(item, ie);
		p = trim_end(item, ie);
		if (p == item)
			continue;
		if (!first && b->ptr[b->len - 1] != '[')
			prio_buf_adds(b, ", ");
		if (*item == '@')
			add_quoted(b, item, p);
		else
			prio_buf_add(b, item, (size_t)(p - item));
	}
	prio_buf_addch(b, ']');
	if ((p = skip_sp(close + 1, e)) < e) {
		prio_buf_addch(b, ' ');
		prio_buf_add(b, p, (size_t)(e - p));
	}
	return true;
}

/* The key at the start of a line (after indent) and its value. */
static bool
key_line(const char *s, const char *e, const char *const *keys,
    const char **v)
{
	const char *k = skip_sp(s, e), *p = k;

	while (p < e && *p != ':' && *p != ' ')
		p++;
	if (p >= e || *p != ':' || !in_list(keys, k, (size_t)(p - k)))
		return false;
	*v = skip_sp(p + 1, e);
	return true;
}

static bool
yaml_null(const char *s, const char *e)
{
	return (e - s == 1 && *s == '~') || (e - s == 4 &&
	    prio_ascii_ieq(s, 4, "null", 4));
}

/* One line as the tool rewrites it into b; false when it keeps it. */
static bool
rewrite_line(const struct prio_dialect *d, struct prio_buf *b,
    const char *s, const char *e)
{
	const char *v, *ve, *c;

	if (key_line(s, e, d->quoted_keys, &v)) {
		/* due_date: value [# comment] */
		for (c = v; c < e && !(c > v && (c[-1] == ' ' ||
		    c[-1] == '\t') && *c == '#'); c++)
			;
		ve = trim_end(v, c);
		if (ve == v || *v == '\'' || *v == '"' || yaml_null(v, ve))
			return false;
		prio_buf_add(b, s, (size_t)(v - s));
		add_quoted(b, v, ve);
		prio_buf_add(b, ve, (size_t)(e - ve));
		return true;
	}
	if (!key_line(s, e, d->at_keys, &v))
		return false;
	ve = trim_end(v, e);
	prio_buf_add(b, s, (size_t)(v - s));
	if (flow_list(b, v, ve))
		return true;
	if (ve == v || *v == '[' || *v == '\'' || *v == '"' || *v == '-') {
		prio_buf_truncate(b, b->len - (size_t)(v - s));
		return false;
	}
	add_quoted(b, v, ve);
	return true;
}

bool
prio_dialect_preprocess(const struct prio_dialect *d, const char *fm,
    size_t len, struct prio_buf *out, struct prio_dialect_shift **grew,
    size_t *ngrew)
{
	const char *s = fm, *e, *end = fm + len;
	size_t cap = 0, before;
	unsigned line = 1;
	bool changed = false;

	*grew = NULL;
	*ngrew = 0;
	if (d->at_keys == NULL && d->quoted_keys == NULL)
		return false;
	prio_buf_clear(out);
	for (; s < end; s = e + (e < end), line++) {
		e = memchr(s, '\n', (size_t)(end - s));
		if (e == NULL)
			e = end;
		before = out->len;
		if (rewrite_line(d, out, s, e) && (out->len - before !=
		    (size_t)(e - s) || memcmp(out->ptr + before, s,
		    (size_t)(e - s)) != 0)) {
			size_t was = (size_t)(e - s), now = out->len - before;
			const char *colon = memchr(s, ':', was);

			changed = true;
			prio_xgrow(grew, &cap, *ngrew + 1, sizeof(**grew));
			(*grew)[(*ngrew)++] = (struct prio_dialect_shift){
				line, (unsigned)(skip_sp(colon + 1, e) - s) + 1,
				now > was ? (unsigned)(now - was) : 0 };
		} else {
			prio_buf_truncate(out, before);
			prio_buf_add(out, s, (size_t)(e - s));
		}
		if (e < end)
			prio_buf_addch(out, '\n');
	}
	if (!changed) {
		free(*grew);
		*grew = NULL;
		*ngrew = 0;
	}
	return changed;
}

/* ---- IDs ---- */

#define LEGACY_BIT (1ULL << 63)

bool
prio_dialect_id_legacy(unsigned long num)
{
	return ((uint64_t)num & LEGACY_BIT) != 0;
}

/* Digits at s (at most max_digits) as a number from 1 to max; how many
 * digits, 0 when there is no such number. */
static size_t
id_part(const char *s, size_t max_digits, uint64_t max, uint64_t *v)
{
	size_t i;

	*v = 0;
	for (i = 0; isdigit((unsigned char)s[i]); i++) {
		if (i == max_digits)
			return 0;
		*v = *v * 10 + (uint64_t)(s[i] - '0');
	}
	return i > 0 && *v >= 1 && *v <= max ? i : 0;
}

static size_t
letters(const char *s)
{
	size_t n = 0;

	while (isalpha((unsigned char)s[n]))
		n++;
	return n;
}

/* A legacy ID: letters, then [._-] separated letter-and-digit parts,
 * such as task-epic-11.1 (LEGACY_TASK_ID_PATTERN in task-id.ts). */
static size_t
legacy_id(const char *s, unsigned long *num)
{
	size_t n = letters(s), part;
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	if (n == 0 || s[n] != '-')
		return 0;
	for (;;) {
		for (part = 0; isalnum((unsigned char)s[n + 1 + part]); part++)
			;
		if (part == 0)
			break;
		n += 1 + part;
		if (s[n] != '.' && s[n] != '_' && s[n] != '-')
			break;
	}
	if (s[n] != '\0' && s[n] != ' ' && s[n] != '.' && s[n] != '_' &&
	    s[n] != '-' && s[n] != ',')
		return 0;
	if (!isalnum((unsigned char)s[n - 1]))
		return 0;
	for (i = 0; i < n; i++)
		h = (h ^ (uint64_t)tolower((unsigned char)s[i])) *
		    1099511628211ULL;
	/* Apart from every numeric ID: the top bit, and after drafts. */
	*num = (unsigned long)(LEGACY_BIT | (h >> 2));
	return n;
}

/* The numeric body at s: <n>[.<n>[.<n>]], each part without a letter
 * or '-' after it; 0 when s holds none. */
static size_t
numeric_body(const char *s, uint64_t part[3])
{
	size_t n, k, d;

	if ((n = id_part(s, 9, 999999999, &part[0])) == 0)
		return 0;
	/* Sub-tasks: ".1", ".1.2"; a '.' and no number ends the ID. */
	for (k = 1; k < 3 && s[n] == '.' &&
	    isdigit((unsigned char)s[n + 1]); k++) {
		if ((d = id_part(s + n + 1, 5, 0xffff, &part[k])) == 0)
			return 0;
		n += 1 + d;
	}
	if (isalnum((unsigned char)s[n]) || s[n] == '-' || s[n] == '_' ||
	    (s[n] == '.' && isalnum((unsigned char)s[n + 1])))
		return 0;
	return n;
}

static bool
has_letter(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (isalpha((unsigned char)s[i]))
			return true;
	return false;
}

size_t
prio_dialect_id_parse(const struct prio_dialect *d, const char *s,
    const char *prefix, bool other_prefix, unsigned long *num)
{
	size_t plen = strlen(prefix), n, dl, k;
	uint64_t part[3] = { 0, 0, 0 }, v;
	bool draft = false;

	dl = d->draft_prefix ? strlen(d->draft_prefix) : 0;
	if (strlen(s) > plen && s[plen] == '-' &&
	    prio_ascii_ieq(s, plen, prefix, plen))
		n = plen + 1;
	else if (dl && strlen(s) > dl && s[dl] == '-' &&
	    prio_ascii_ieq(s, dl, d->draft_prefix, dl)) {
		n = dl + 1;
		draft = true;
	} else if (other_prefix && (n = letters(s)) > 0 && s[n] == '-')
		n++;    /* an old prefix: task-12 in a back project */
	else
		return 0;
	if ((k = numeric_body(s + n, part)) == 0) {
		/* back-epic-11.1: a letter in the body, as old versions
		 * wrote them. */
		size_t len = legacy_id(s, num);

		return len > n && has_letter(s + n, len - n) ? len : 0;
	}
	n += k;
	v = (uint64_t)draft << 62 | part[0] << 32 | part[1] << 16 | part[2];
	if ((uint64_t)(unsigned long)v != v)
		return 0;
	*num = (unsigned long)v;
	return n;
}

int
prio_dialect_priority_weight(const char *p, char *const *prios, size_t n)
{
	size_t i, len;

	if (p == NULL)
		return 0;
	while (isspace((unsigned char)*p))
		p++;
	len = strlen(p);
	while (len && isspace((unsigned char)p[len - 1]))
		len--;
	for (i = 0; i < n; i++)
		if (prio_ascii_ieq(p, len, prios[i], strlen(prios[i])))
			return (int)(n - i);
	return 0;
}

bool
prio_config_id_valid(const struct prio_config *c, const char *s,
    unsigned long *num)
{
	unsigned long n;
	size_t len;

	if (c->dialect->ids == PRIO_IDS_PLAIN)
		return prio_story_id_valid(s, c->id_prefix, num);
	len = prio_dialect_id_parse(c->dialect, s, c->id_prefix, false, &n);
	/* A legacy ID under an old prefix (task-epic-11.1) is looked up as
	 * Backlog.md looks it up; a numeric one (task-12) is not. */
	if ((len == 0 || s[len] != '\0') && ((len = prio_dialect_id_parse(
	    c->dialect, s, c->id_prefix, true, &n)) == 0 ||
	    !prio_dialect_id_legacy(n)))
		return false;
	if (s[len] != '\0')
		return false;
	if (num)
		*num = n;
	return true;
}

char *
prio_config_story_root(const struct prio_config *c)
{
	const struct prio_dialect *d = c->dialect;

	return d->nfolders == 1 ? prio_xasprintf("%s/%s", c->dir,
	    d->folders[0].dir) : prio_xstrdup(c->dir);
}

bool
prio_config_is_story_path(const struct prio_config *c, const char *path,
    bool archive)
{
	const struct prio_dialect_folder *f = prio_dialect_folder_of(
	    c->dialect, c->dir, path);
	const char *base = strrchr(path, '/');

	return f && base && (archive || f->use != PRIO_FOLDER_ARCHIVE) &&
	    base[1] != '.' &&
	    prio_dialect_file_matches(c->dialect, f, c->id_prefix, base + 1);
}
