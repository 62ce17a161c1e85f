/* The known front-matter keys of SPEC §2.1, typed and validated. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "prio/buf.h"
#include "prio/error.h"
#include "prio/score.h"
#include "prio/dialect.h"
#include "story_parse.h"
#include "util.h"
#include "yaml_tree.h"

static const char *const known_keys[] = { "id", "title", "status", "rank",
	"value", "urgency", "risk", "effort", "owner", "labels", "depends-on",
	"goal", "created", "due", "accepted", NULL };
static const char *const date_keys[] = { "created", "due", "accepted", NULL };

static bool
in_list(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (strcmp(*list, s) == 0)
			return true;
	return false;
}

/* Copies a key and its value into s->fields. */
static void
store_field(struct prio_story *s, const struct ynode *k, const struct ynode *v)
{
	struct prio_field *f = &s->fields[s->nfields++];
	size_t i;

	memset(f, 0, sizeof(*f));
	f->key = prio_xstrdup(k->value);
	f->key_line = k->line, f->key_column = k->column;
	f->line = v->line, f->column = v->column;
	f->end_line = v->end_line, f->end_column = v->end_column;
	f->kind = v->kind == YNODE_SEQ ? PRIO_FIELD_LIST :
	    v->kind == YNODE_MAP ? PRIO_FIELD_MAP : PRIO_FIELD_SCALAR;
	if (v->kind == YNODE_SCALAR) {
		f->value = prio_xstrdup(v->value);
		f->plain = v->plain;
		return;
	}
	if (v->kind != YNODE_SEQ)
		return;
	f->items = prio_xcalloc(v->nkids + 1, sizeof(*f->items));
	for (i = 0; i < v->nkids; i++)
		if (v->kids[i]->kind == YNODE_SCALAR)
			f->items[f->nitems++] = prio_xstrdup(v->kids[i]->value);
}

static bool
is_null_field(const struct prio_field *f)
{
	return f->kind == PRIO_FIELD_SCALAR && f->plain &&
	    (f->value[0] == '\0' || strcmp(f->value, "~") == 0 ||
	    strcmp(f->value, "null") == 0);
}

/* Null or "": for a required key, the same as missing. */
static bool
is_blank_field(const struct prio_field *f)
{
	return is_null_field(f) || (f->kind == PRIO_FIELD_SCALAR &&
	    f->value[0] == '\0');
}

/* A scalar value for key, or NULL after a "type" diagnostic. */
static const char *
want_scalar(struct story_ctx *x, const struct prio_field *f)
{
	if (f->kind == PRIO_FIELD_SCALAR)
		return f->value;
	story_report(x, PRIO_RULE_TYPE, f->line, f->column,
	    "'%s' must be a single value, not %s", f->key,
	    f->kind == PRIO_FIELD_LIST ? "a list" : "a mapping");
	return NULL;
}

/* A list of plain values; null counts as empty. */
static bool
want_list(struct story_ctx *x, const struct prio_field *f, const char *eg)
{
	if (is_null_field(f))
		return false;
	if (f->kind == PRIO_FIELD_LIST && f->nitems != 0)
		return true;
	if (f->kind == PRIO_FIELD_LIST)
		return false;
	story_report(x, PRIO_RULE_TYPE, f->line, f->column,
	    "'%s' must be a list, such as %s", f->key, eg);
	return false;
}

static char **
copy_items(const struct prio_field *f, size_t *n)
{
	char **v = prio_xcalloc(f->nitems + 1, sizeof(*v));
	size_t i;

	for (i = 0; i < f->nitems; i++)
		v[i] = prio_xstrdup(f->items[i]);
	*n = f->nitems;
	return v;
}

/* The ID at the start of the file name: "S-42-pay.md" or "S-42.md". */
static bool
id_from_path(const char *path, const char *prefix, char **id)
{
	const char *base = strrchr(path, '/');
	size_t plen = strlen(prefix), n;

	base = base ? base + 1 : path;
	if (strncmp(base, prefix, plen) != 0 || base[plen] != '-')
		return false;
	n = plen + 1;
	while (base[n] >= '0' && base[n] <= '9')
		n++;
	if (base[n] != '-' && strcmp(base + n, ".md") != 0)
		return false;
	*id = prio_xstrndup(base, n);
	return prio_story_id_valid(*id, prefix, NULL);
}

/*
 * The length of the ID Backlog.md reads in a file name, "back-12.1 -
 * <title>.md": letters, '-', parts of letters and digits joined by '.',
 * '_' or '-', then " -" (TASK_FILENAME_ID_PATTERN, src/utils/
 * task-path.ts).  0 when the name carries none: "back-7-notes.md" is
 * read by its front matter alone, as Backlog.md reads it.
 */
static size_t
dotted_name_id(const char *base)
{
	size_t n = 0, start;

	while (isalpha((unsigned char)base[n]))
		n++;
	if (n == 0 || base[n++] != '-')
		return 0;
	for (;;) {
		for (start = n; isalnum((unsigned char)base[n]); n++)
			;
		if (n == start)
			return 0;
		if (base[n] != '.' && base[n] != '_' && base[n] != '-')
			break;
		if (!isalnum((unsigned char)base[n + 1]))
			break;
		n++;
	}
	return strncmp(base + n, " -", 2) == 0 ? n : 0;
}

/* The file name does not say another ID than id (number num): the same
 * number ("back-007 - x.md" is BACK-7), the same text in any case, or
 * no ID at all. */
static bool
dotted_name_matches(const struct prio_config *cfg, const char *path,
    const char *id, unsigned long num)
{
	const char *base = strrchr(path, '/');
	unsigned long n;
	size_t len;

	base = base ? base + 1 : path;
	if ((len = dotted_name_id(base)) == 0)
		return true;
	if (prio_dialect_id_parse(cfg->dialect, base, cfg->id_prefix, false,
	    &n) == len)
		return n == num;
	return strlen(id) == len && prio_ascii_ieq(base, len, id, len);
}

/* A dotted ID: BACK-12 or BACK-12.1 named "back-12 - <title>.md"; a
 * legacy one (task-epic-11.1, an old prefix) as the tool takes it. */
static void
read_dotted_id(struct story_ctx *x, const struct prio_field *f,
    const char *v)
{
	const char *prefix = x->cfg->id_prefix;
	size_t len;

	len = prio_dialect_id_parse(x->cfg->dialect, v, prefix, true,
	    &x->s->id_num);
	if (len == 0 || v[len] != '\0') {
		story_report(x, PRIO_RULE_ID_MISMATCH, f->line, f->column,
		    "%s '%s' is malformed; write %s-<number>, such as %s-42 "
		    "or %s-42.1", f->key, v, prefix, prefix, prefix);
		return;
	}
	/* Shown as the tool shows it: upper case (back-epic-7 is
	 * BACK-EPIC-7). */
	x->s->id = prio_xstrdup(v);
	for (char *p = x->s->id; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	if (!dotted_name_matches(x->cfg, x->s->path, x->s->id,
	    x->s->id_num) &&
	    prio_dialect_id_parse(x->cfg->dialect, v, prefix, false,
	    &x->s->id_num) == len)
		story_report(x, PRIO_RULE_ID_MISMATCH, f->line, f->column,
		    "the file name does not start with the %s '%s'; %s names "
		    "the file '<%s> - <%s>.md'", f->key, v,
		    x->cfg->dialect->name, f->key,
		    prio_dialect_key(x->cfg->dialect, PRIO_KEY_TITLE));
}

static void
read_id(struct story_ctx *x, const struct prio_field *f)
{
	const char *prefix = x->cfg->id_prefix, *v;
	char *want = NULL;

	if (is_blank_field(f) || (v = want_scalar(x, f)) == NULL)
		return;
	if (x->cfg->dialect->ids == PRIO_IDS_DOTTED) {
		read_dotted_id(x, f, v);
		return;
	}
	if (!prio_story_id_valid(v, prefix, &x->s->id_num)) {
		story_report(x, PRIO_RULE_ID_MISMATCH, f->line, f->column,
		    "id '%s' is malformed; write %s-<number>, such as %s-42",
		    v, prefix, prefix);
		return;
	}
	x->s->id = prio_xstrdup(v);
	if (!id_from_path(x->s->path, prefix, &want))
		story_report(x, PRIO_RULE_ID_MISMATCH, f->line, f->column,
		    "the file name does not start with the id '%s'; name the "
		    "file %s-<slug>.md", v, v);
	else if (strcmp(want, v) != 0)
		story_report(x, PRIO_RULE_ID_MISMATCH, f->line, f->column,
		    "id '%s' differs from '%s' in the file name; the two must "
		    "match", v, want);
	free(want);
}

static void
read_status(struct story_ctx *x, const struct prio_field *f)
{
	const struct prio_dialect_folder *folder = prio_dialect_folder_of(
	    x->cfg->dialect, x->cfg->dir, x->s->path);
	struct prio_buf all = PRIO_BUF_INIT;
	const char *v;
	size_t i;

	if (is_blank_field(f) || (v = want_scalar(x, f)) == NULL)
		return;
	/* A dialect's folders may say what a story is, whatever the status
	 * reads: a draft, or (done) out of the ranked order. */
	if (folder && folder->use == PRIO_FOLDER_DRAFTS &&
	    x->cfg->dialect->draft_status)
		v = x->cfg->dialect->draft_status;
	x->s->status = prio_xstrdup(v);
	x->s->status_index = prio_config_status_index(x->cfg, v);
	x->s->terminal = prio_config_is_terminal(x->cfg, x->s->status_index) ||
	    (folder && (folder->use == PRIO_FOLDER_DONE ||
	    folder->use == PRIO_FOLDER_ARCHIVE));
	if (x->s->status_index >= 0)
		return;
	for (i = 0; i < x->cfg->nstatuses; i++)
		prio_buf_addf(&all, "%s%s", i ? ", " : "",
		    x->cfg->statuses[i]);
	story_report(x, PRIO_RULE_STATUS, f->line, f->column,
	    "status '%s' is not one of: %s", v, all.ptr);
	prio_buf_free(&all);
}

static void
read_rank(struct story_ctx *x, const struct prio_field *f)
{
	const char *v;

	if (is_null_field(f) || (v = want_scalar(x, f)) == NULL)
		return;
	if (prio_rank_parse(&x->s->rank, v, strlen(v)) != PRIO_OK) {
		story_report(x, PRIO_RULE_RANK, f->line, f->column,
		    "%s '%s' is not a plain non-negative decimal such as 3 "
		    "or 2.5", f->key, v);
		return;
	}
	x->s->rank_text = prio_xstrdup(v);
}

static void
read_string(struct story_ctx *x, const struct prio_field *f, char **dst)
{
	const char *v;

	if (is_null_field(f) || (v = want_scalar(x, f)) == NULL)
		return;
	*dst = prio_xstrdup(v);
}

/* YYYY-MM-DD HH:MM, as Backlog.md writes created_date. */
static bool
is_date_time(const char *s)
{
	char date[11];

	if (strlen(s) != 16 || s[10] != ' ')
		return false;
	memcpy(date, s, 10);
	date[10] = '\0';
	return prio_is_date(date) && isdigit((unsigned char)s[11]) &&
	    isdigit((unsigned char)s[12]) && s[13] == ':' &&
	    isdigit((unsigned char)s[14]) && isdigit((unsigned char)s[15]) &&
	    (s[11] - '0') * 10 + (s[12] - '0') < 24 && s[14] < '6';
}

static void
read_date(struct story_ctx *x, const struct prio_field *f)
{
	const char *v;

	if (is_null_field(f) || (v = want_scalar(x, f)) == NULL)
		return;
	if (!prio_is_date(v) && !(x->cfg->dialect->dates_with_time &&
	    is_date_time(v)))
		story_report(x, PRIO_RULE_TYPE, f->line, f->column,
		    "'%s' must be a date written YYYY-MM-DD%s, not '%s'",
		    f->key, x->cfg->dialect->dates_with_time ?
		    " or YYYY-MM-DD HH:MM" : "", v);
}

/* Fields the score reads or the config gives a range must be numbers. */
static bool
is_numeric_key(const struct prio_config *cfg, const char *key)
{
	static const char *const numeric[] = { "value", "urgency", "risk",
		"effort", NULL };

	return in_list(numeric, key) || prio_config_is_score_input(cfg, key) ||
	    prio_config_field(cfg, key) != NULL;
}

static void
read_number(struct story_ctx *x, const struct prio_field *f)
{
	const char *v;
	double d;

	if (is_null_field(f) || (v = want_scalar(x, f)) == NULL)
		return;
	if (!prio_parse_number(v, &d))
		story_report(x, PRIO_RULE_TYPE, f->line, f->column,
		    "'%s' must be a number, not '%s'", f->key, v);
}

static bool
declared(const struct prio_config *cfg, const char *key)
{
	size_t i;

	if (in_list(known_keys, key) || is_numeric_key(cfg, key))
		return true;
	for (i = 0; i < cfg->nkeys; i++)
		if (strcmp(cfg->keys[i], key) == 0)
			return true;
	return false;
}

/* The prio key that f's key stands for (a dialect names some keys
 * otherwise), or NULL when prio does not read it. */
static const char *
prio_key(const struct story_ctx *x, const char *key)
{
	return prio_dialect_prio_key(x->cfg->dialect, key);
}

/* The owner: one value, or (Backlog.md's assignee) a list of them,
 * kept as "@ada, @bob". */
static void
read_owner(struct story_ctx *x, const struct prio_field *f)
{
	struct prio_buf b = PRIO_BUF_INIT;
	size_t i;

	if (f->kind != PRIO_FIELD_LIST || !x->cfg->dialect->owner_list) {
		read_string(x, f, &x->s->owner);
		return;
	}
	for (i = 0; i < f->nitems; i++)
		if (f->items[i][0])
			prio_buf_addf(&b, "%s%s", b.len ? ", " : "",
			    f->items[i]);
	if (b.len)
		x->s->owner = prio_xstrdup(b.ptr);
	prio_buf_free(&b);
}

static void
read_priority(struct story_ctx *x, const struct prio_field *f)
{
	const char *v;

	if (is_null_field(f) || (v = want_scalar(x, f)) == NULL)
		return;
	x->s->priority = prio_dialect_priority_weight(v, x->cfg->priorities,
	    x->cfg->npriorities);
}

static void
read_field(struct story_ctx *x, const struct prio_field *f)
{
	struct prio_story *s = x->s;
	struct prio_pos at = { f->line, f->column };
	const char *key = prio_key(x, f->key);

	if (key == NULL)
		return;
	if (strcmp(key, "id") == 0)
		s->id_pos = at;
	else if (strcmp(key, "status") == 0)
		s->status_pos = at;
	else if (strcmp(key, "rank") == 0)
		s->rank_pos = at;
	else if (strcmp(key, "depends-on") == 0)
		s->depends_on_pos = at;
	if (strcmp(key, "id") == 0)
		read_id(x, f);
	else if (strcmp(key, "title") == 0)
		read_string(x, f, &s->title);
	else if (strcmp(key, "status") == 0)
		read_status(x, f);
	else if (strcmp(key, "rank") == 0)
		read_rank(x, f);
	else if (strcmp(key, "owner") == 0)
		read_owner(x, f);
	else if (strcmp(key, "priority") == 0 && x->cfg->npriorities)
		read_priority(x, f);
	else if (strcmp(key, "goal") == 0)
		read_string(x, f, &s->goal);
	else if (strcmp(key, "labels") == 0) {
		if (want_list(x, f, "[payments, mobile]"))
			s->labels = copy_items(f, &s->nlabels);
	} else if (strcmp(key, "depends-on") == 0) {
		if (want_list(x, f, "[S-17, S-20]"))
			s->depends_on = copy_items(f, &s->ndepends_on);
	} else if (in_list(date_keys, key))
		read_date(x, f);
	else if (is_numeric_key(x->cfg, key))
		read_number(x, f);
	else if (x->cfg->closed_schema && !declared(x->cfg, f->key))
		story_report(x, PRIO_RULE_UNKNOWN_KEY, f->key_line,
		    f->key_column, "key '%s' is not declared; add it to "
		    "'keys' in backlog/prio.yml or remove it", f->key);
}

/* A known list (labels, depends-on) whose items are not all plain values;
 * other keys are not ours to judge. */
static void
check_list_items(struct story_ctx *x, const struct ynode *v,
    const struct prio_field *f)
{
	const char *key = prio_key(x, f->key);
	size_t i;

	if (key == NULL || (strcmp(key, "labels") != 0 &&
	    strcmp(key, "depends-on") != 0))
		return;
	for (i = 0; v->kind == YNODE_SEQ && i < v->nkids; i++)
		if (v->kids[i]->kind != YNODE_SCALAR) {
			story_report(x, PRIO_RULE_TYPE, v->kids[i]->line,
			    v->kids[i]->column, "'%s' items must be single "
			    "values, not %s", f->key,
			    ynode_kind_name(v->kids[i]));
			return;
		}
}

static bool
lookup_number(void *payload, const char *name, double *value)
{
	const struct prio_story *s = payload;
	const struct prio_field *f = prio_story_field(s, name);

	return f && f->kind == PRIO_FIELD_SCALAR &&
	    prio_parse_number(f->value, value);
}

static void
check_required(struct story_ctx *x)
{
	static const char *const required[] = { "id", "title", "status" };
	const struct prio_field *f;
	size_t i;

	for (i = 0; i < 3; i++)
		if ((f = prio_story_field(x->s, required[i])) == NULL)
			story_report(x, PRIO_RULE_REQUIRED, 1, 1,
			    "'%s' is missing; every story needs id, title "
			    "and status", required[i]);
		else if (is_blank_field(f))
			story_report(x, PRIO_RULE_REQUIRED, f->key_line,
			    f->key_column, "'%s' is empty; every story needs "
			    "id, title and status", required[i]);
}

void
story_read_fields(struct story_ctx *x, const struct ynode *root)
{
	struct prio_story *s = x->s;
	size_t i, n = root ? root->nkids / 2 : 0;

	s->fields = prio_xcalloc(n + 1, sizeof(*s->fields));
	for (i = 0; i < n; i++) {
		store_field(s, root->kids[2 * i], root->kids[2 * i + 1]);
		check_list_items(x, root->kids[2 * i + 1], &s->fields[i]);
	}
	for (i = 0; i < s->nfields; i++)
		read_field(x, &s->fields[i]);
	check_required(x);
	if (x->cfg->score)
		s->has_score = prio_score_eval(x->cfg->score, lookup_number, s,
		    &s->score);
}
