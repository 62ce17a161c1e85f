/* backlog/prio.yml: defaults, then the file's keys (see prio/config.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prio/buf.h"
#include "prio/config.h"
#include "prio/dialect.h"
#include "prio/error.h"
#include "prio/score.h"
#include "config_impl.h"
#include "util.h"
#include "yaml_tree.h"

static const char *const default_statuses[] = { "draft", "ready",
	"in-progress", "done", "accepted", "dropped" };

void
cfg_error(struct cfg_ctx *x, const struct ynode *at, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	prio_diags_vadd(x->diags, PRIO_SEV_ERROR, "config", x->path,
	    at ? at->line : 1, at ? at->column : 1, fmt, ap);
	va_end(ap);
	x->errors++;
}

static void
set_defaults(struct prio_config *c)
{
	size_t i, n = sizeof(default_statuses) / sizeof(default_statuses[0]);

	c->dialect = prio_dialect_prio();
	c->dir = prio_xstrdup(c->dialect->default_dir);
	c->id_prefix = prio_xstrdup(c->dialect->default_prefix);
	c->nstatuses = n;
	c->statuses = prio_xcalloc(n, sizeof(*c->statuses));
	c->terminal = prio_xcalloc(n, sizeof(*c->terminal));
	for (i = 0; i < n; i++)
		c->statuses[i] = prio_xstrdup(default_statuses[i]);
	c->terminal[4] = c->terminal[5] = true;
	c->criteria_from = 1;
	c->criteria_heading = prio_xstrdup("Acceptance criteria");
	c->score_formula = prio_xstrdup(prio_score_preset("wsjf"));
	c->rationale_required = true;
	c->commit = true;
	c->commit_subject = prio_xstrdup("prio: {summary}");
	c->max_file_size = PRIO_DEFAULT_MAX_FILE_SIZE;
	for (i = 0; i < PRIO_RULE_COUNT; i++)
		c->severity[i] = prio_rule_default((enum prio_rule)i);
}

static const char *
want_scalar(struct cfg_ctx *x, const struct ynode *key, const struct ynode *v)
{
	if (v->kind == YNODE_SCALAR && !ynode_is_null(v))
		return v->value;
	cfg_error(x, v, "'%s' must be a single value, not %s", key->value,
	    ynode_is_null(v) ? "empty" : ynode_kind_name(v));
	return NULL;
}

static bool
want_bool(struct cfg_ctx *x, const struct ynode *key, const struct ynode *v,
    bool *out)
{
	const char *s = want_scalar(x, key, v);

	if (s == NULL)
		return false;
	if (strcmp(s, "true") == 0 || strcmp(s, "yes") == 0)
		*out = true;
	else if (strcmp(s, "false") == 0 || strcmp(s, "no") == 0)
		*out = false;
	else {
		cfg_error(x, v, "'%s' must be true or false, not '%s'",
		    key->value, s);
		return false;
	}
	return true;
}

/* A list of plain strings; a single value is taken as a one-item list. */
static bool
want_list(struct cfg_ctx *x, const struct ynode *key, const struct ynode *v)
{
	size_t i;

	if (v->kind != YNODE_SEQ) {
		cfg_error(x, v, "'%s' must be a list, such as [a, b]",
		    key->value);
		return false;
	}
	for (i = 0; i < v->nkids; i++)
		if (v->kids[i]->kind != YNODE_SCALAR ||
		    ynode_is_null(v->kids[i])) {
			cfg_error(x, v->kids[i],
			    "'%s' must list plain values", key->value);
			return false;
		}
	return true;
}

/*
 * The first byte of v's text that is a control character (C0 with NUL,
 * DEL, or C1 as UTF-8), or that is in also; NULL when none.
 */
static const char *
find_bad_char(const struct ynode *v, const char *also)
{
	const unsigned char *p = (const unsigned char *)v->value;
	size_t i;

	for (i = 0; i < v->value_len; i++)
		if (p[i] < 0x20 || p[i] == 0x7f || (p[i] == 0xc2 &&
		    i + 1 < v->value_len && p[i + 1] >= 0x80 &&
		    p[i + 1] <= 0x9f) || (p[i] && strchr(also, p[i])))
			return (const char *)p + i;
	return NULL;
}

/*
 * Refuses a setting whose text holds a control character (a newline in
 * commit-subject would end the subject and forge lines of the message,
 * even trailers; one in id-prefix or a status would reach file names,
 * terminals and trailers) or a character of also; true when it is
 * clean.  The error points at the character when the value is plain on
 * one line (so the file's columns are the value's), else at the value.
 */
static bool
want_clean(struct cfg_ctx *x, const struct ynode *k, const struct ynode *v,
    const char *also, const char *why)
{
	const char *bad = find_bad_char(v, also);
	struct ynode where = *v;
	unsigned char c;
	const char *p;
	char what[32];

	if (bad == NULL)
		return true;
	if (v->plain && v->line == v->end_line)
		for (p = v->value; p < bad; p++)
			if (((unsigned char)*p & 0xc0) != 0x80)
				where.column++;
	c = (unsigned char)*bad;
	if (c == '\n' || c == '\r')
		snprintf(what, sizeof(what), "a line break");
	else if (c == 0xc2)
		snprintf(what, sizeof(what), "control character U+%04X",
		    (unsigned char)bad[1]);
	else if (c < 0x20 || c == 0x7f)
		snprintf(what, sizeof(what), "control character U+%04X", c);
	else if (c == ' ')
		snprintf(what, sizeof(what), "a space");
	else
		snprintf(what, sizeof(what), "'%c'", c);
	cfg_error(x, &where, "'%s' cannot hold %s; %s", k->value, what, why);
	return false;
}

static void
set_string(struct cfg_ctx *x, const struct ynode *k, const struct ynode *v,
    char **dst)
{
	const char *s = want_scalar(x, k, v);

	if (s) {
		free(*dst);
		*dst = prio_xstrdup(s);
	}
}

/* A string setting that must be clean text (want_clean). */
static void
set_text(struct cfg_ctx *x, const struct ynode *k, const struct ynode *v,
    char **dst, const char *also, const char *why)
{
	if (want_scalar(x, k, v) && want_clean(x, k, v, also, why))
		set_string(x, k, v, dst);
}

static void
set_statuses(struct cfg_ctx *x, const struct ynode *k, const struct ynode *v)
{
	struct prio_config *c = x->c;
	size_t i, j;

	if (!want_list(x, k, v))
		return;
	if (v->nkids == 0) {
		cfg_error(x, v, "'statuses' must name at least one status");
		return;
	}
	for (i = 0; i < v->nkids; i++)
		if (!want_clean(x, k, v->kids[i], "", "a status is one line "
		    "of text"))
			return;
	for (i = 0; i < v->nkids; i++)
		for (j = 0; j < i; j++)
			if (strcmp(v->kids[i]->value, v->kids[j]->value) == 0) {
				cfg_error(x, v->kids[i],
				    "status '%s' is listed twice",
				    v->kids[i]->value);
				return;
			}
	prio_strv_free(c->statuses, c->nstatuses);
	free(c->terminal);
	c->nstatuses = v->nkids;
	c->statuses = prio_xcalloc(v->nkids, sizeof(*c->statuses));
	c->terminal = prio_xcalloc(v->nkids, sizeof(*c->terminal));
	for (i = 0; i < v->nkids; i++)
		c->statuses[i] = prio_xstrdup(v->kids[i]->value);
}

/* The value under key in map (and the key node in *keynode), or NULL. */
static const struct ynode *
map_find(const struct ynode *map, const char *key,
    const struct ynode **keynode)
{
	size_t i;

	for (i = 0; map && map->kind == YNODE_MAP && i + 1 < map->nkids;
	    i += 2)
		if (strcmp(map->kids[i]->value, key) == 0) {
			if (keynode)
				*keynode = map->kids[i];
			return map->kids[i + 1];
		}
	return NULL;
}

static const struct ynode *
map_get(const struct ynode *map, const char *key)
{
	return map_find(map, key, NULL);
}

static bool
want_number(struct cfg_ctx *x, const struct ynode *v, const char *what,
    double *out)
{
	if (v->kind == YNODE_SCALAR && prio_parse_number(v->value, out))
		return true;
	cfg_error(x, v, "%s must be a number", what);
	return false;
}

static void
parse_field_rule(struct cfg_ctx *x, const struct ynode *k,
    const struct ynode *v, struct prio_field_rule *r)
{
	const struct ynode *min = map_get(v, "min"), *max = map_get(v, "max");
	const struct ynode *scale = map_get(v, "scale");
	size_t i;

	r->name = prio_xstrdup(k->value);
	if (v->kind != YNODE_MAP) {
		cfg_error(x, v, "field '%s' must be a mapping with min, max "
		    "or scale", k->value);
		return;
	}
	for (i = 0; i + 1 < v->nkids; i += 2)
		if (strcmp(v->kids[i]->value, "min") &&
		    strcmp(v->kids[i]->value, "max") &&
		    strcmp(v->kids[i]->value, "scale"))
			cfg_error(x, v->kids[i], "unknown key '%s' for field "
			    "'%s'; use min, max or scale", v->kids[i]->value,
			    k->value);
	if (min)
		r->has_min = want_number(x, min, "'min'", &r->min);
	if (max)
		r->has_max = want_number(x, max, "'max'", &r->max);
	if (r->has_min && r->has_max && r->min > r->max)
		cfg_error(x, min, "field '%s' has min above max", k->value);
	if (scale == NULL)
		return;
	if (scale->kind != YNODE_SEQ || scale->nkids == 0) {
		cfg_error(x, scale, "'scale' must be a list of numbers");
		return;
	}
	r->scale = prio_xcalloc(scale->nkids, sizeof(*r->scale));
	for (i = 0; i < scale->nkids; i++)
		if (want_number(x, scale->kids[i], "a scale value",
		    &r->scale[r->nscale]))
			r->nscale++;
}

static void
set_fields(struct cfg_ctx *x, const struct ynode *k, const struct ynode *v)
{
	size_t i;

	if (v->kind != YNODE_MAP) {
		cfg_error(x, v, "'fields' must be a mapping of field names");
		return;
	}
	x->c->fields = prio_xcalloc(v->nkids / 2 + 1, sizeof(*x->c->fields));
	for (i = 0; i + 1 < v->nkids; i += 2)
		parse_field_rule(x, v->kids[i], v->kids[i + 1],
		    &x->c->fields[x->c->nfields++]);
}

static void
set_rules(struct cfg_ctx *x, const struct ynode *k, const struct ynode *v)
{
	size_t i;

	if (v->kind != YNODE_MAP) {
		cfg_error(x, v, "'rules' must map rule names to error, "
		    "warning or off");
		return;
	}
	for (i = 0; i + 1 < v->nkids; i += 2) {
		const struct ynode *name = v->kids[i], *sev = v->kids[i + 1];
		enum prio_rule r = prio_rule_lookup(name->value);
		const char *s = sev->kind == YNODE_SCALAR ? sev->value : "";

		if (r == PRIO_RULE_COUNT) {
			cfg_error(x, name, "unknown rule '%s'", name->value);
			continue;
		}
		if (strcmp(s, "error") == 0)
			x->c->severity[r] = PRIO_SEV_ERROR;
		else if (strcmp(s, "warning") == 0)
			x->c->severity[r] = PRIO_SEV_WARNING;
		else if (strcmp(s, "off") == 0 || strcmp(s, "false") == 0)
			x->c->severity[r] = PRIO_SEV_OFF;
		else
			cfg_error(x, sev, "rule '%s' must be error, warning "
			    "or off", name->value);
	}
}

static void
set_max_file_size(struct cfg_ctx *x, const struct ynode *k,
    const struct ynode *v)
{
	double n;

	if (!want_number(x, v, "'max-file-size'", &n))
		return;
	if (n < 1 || n > PRIO_MAX_FILE_SIZE_LIMIT || n != (double)(size_t)n)
		cfg_error(x, v, "'max-file-size' must be a whole number of "
		    "bytes from 1 to %d", PRIO_MAX_FILE_SIZE_LIMIT);
	else
		x->c->max_file_size = (size_t)n;
}

static void
set_strv(struct cfg_ctx *x, const struct ynode *k, const struct ynode *v,
    char ***dst, size_t *n)
{
	size_t i;

	if (!want_list(x, k, v))
		return;
	prio_strv_free(*dst, *n);
	*n = v->nkids;
	*dst = prio_xcalloc(v->nkids + 1, sizeof(**dst));
	for (i = 0; i < v->nkids; i++)
		(*dst)[i] = prio_xstrdup(v->kids[i]->value);
}

static const char *const known_keys[] = { "id-prefix", "statuses",
	"terminal", "status-roles", "criteria-from", "criteria-heading", "score", "fields",
	"rationale-required", "closed-schema", "keys", "rules",
	"max-file-size", "commit", "commit-subject", NULL };

static void
check_known_keys(struct cfg_ctx *x, const struct ynode *root)
{
	size_t i, j;

	for (i = 0; i + 1 < root->nkids; i += 2) {
		for (j = 0; known_keys[j]; j++)
			if (strcmp(root->kids[i]->value, known_keys[j]) == 0)
				break;
		if (known_keys[j] == NULL)
			cfg_error(x, root->kids[i], "unknown key '%s'; the "
			    "keys are id-prefix, statuses, terminal, "
			    "status-roles, criteria-from, criteria-heading, score, fields, "
			    "rationale-required, closed-schema, keys, rules, "
			    "max-file-size, commit and commit-subject", root->kids[i]->value);
	}
}

static void
set_terminal(struct cfg_ctx *x, const struct ynode *k, const struct ynode *v)
{
	struct prio_config *c = x->c;
	size_t i;
	int s;

	if (!want_list(x, k, v))
		return;
	memset(c->terminal, 0, c->nstatuses * sizeof(*c->terminal));
	for (i = 0; i < v->nkids; i++) {
		s = prio_config_status_index(c, v->kids[i]->value);
		if (s < 0)
			cfg_error(x, v->kids[i], "terminal status '%s' is not "
			    "in 'statuses'", v->kids[i]->value);
		else
			c->terminal[s] = true;
	}
}

/* The names of the roles in prio.yml, by enum prio_role. */
static const char *const role_names[PRIO_ROLE_COUNT] = { "ready",
	"in-progress", "done", "accepted" };

static int
role_lookup(const char *name)
{
	int r;

	for (r = 0; r < PRIO_ROLE_COUNT; r++)
		if (strcmp(role_names[r], name) == 0)
			return r;
	return -1;
}

/*
 * status-roles: {done: Done, ...}.  Each role names one status of the
 * workflow, and no status plays two roles: accept would take Done to
 * Done, and reject send work back to where it is.  A role given twice
 * is the YAML reader's "key repeats".
 */
static void
set_status_roles(struct cfg_ctx *x, const struct ynode *k,
    const struct ynode *v)
{
	const struct ynode *role, *st, *at[PRIO_ROLE_COUNT] = { NULL };
	size_t i;
	int r, o;

	if (v->kind != YNODE_MAP) {
		cfg_error(x, v, "'status-roles' must map roles to statuses, "
		    "such as {ready: To Do, done: Done}");
		return;
	}
	for (i = 0; i + 1 < v->nkids; i += 2) {
		role = v->kids[i], st = v->kids[i + 1];
		if ((r = role_lookup(role->value)) < 0) {
			cfg_error(x, role, "unknown role '%s' in "
			    "'status-roles'; the roles are ready, in-progress, "
			    "done and accepted", role->value);
			continue;
		}
		if (st->kind != YNODE_SCALAR || ynode_is_null(st)) {
			cfg_error(x, st, "role '%s' must name one status, not "
			    "%s", role->value, ynode_is_null(st) ? "empty" :
			    ynode_kind_name(st));
			continue;
		}
		if (prio_config_status_index(x->c, st->value) < 0) {
			cfg_error(x, st, "status '%s' of role '%s' is not in "
			    "'statuses'; name one that is, or list it there",
			    st->value, role->value);
			continue;
		}
		for (o = 0; o < PRIO_ROLE_COUNT; o++)
			if (at[o] && strcmp(at[o]->value, st->value) == 0)
				break;
		if (o < PRIO_ROLE_COUNT) {
			cfg_error(x, st, "status '%s' plays two roles, '%s' "
			    "and '%s'; give each role its own status",
			    st->value, role_names[o], role->value);
			continue;
		}
		at[r] = st;
		free(x->c->roles[r]);
		x->c->roles[r] = prio_xstrdup(st->value);
	}
}

static void
set_criteria_from(struct cfg_ctx *x, const struct ynode *k,
    const struct ynode *v)
{
	const char *s = want_scalar(x, k, v);
	int i;

	if (s == NULL)
		return;
	i = prio_config_status_index(x->c, s);
	if (i < 0)
		cfg_error(x, v, "criteria-from status '%s' is not in "
		    "'statuses'", s);
	else
		x->c->criteria_from = (size_t)i;
}

static void
set_score(struct cfg_ctx *x, const struct ynode *k, const struct ynode *v)
{
	const char *s = want_scalar(x, k, v), *preset;

	if (s == NULL)
		return;
	preset = prio_score_preset(s);
	free(x->c->score_formula);
	x->c->score_formula = prio_xstrdup(preset ? preset : s);
}

static void
compile_score(struct cfg_ctx *x, const struct ynode *at)
{
	char *err = NULL;
	unsigned col = 1;

	if (prio_score_parse(&x->c->score, x->c->score_formula, &err,
	    &col) == PRIO_OK)
		return;
	/* A formula on the key's own line: point at the bad character. */
	if (at && at->line == at->end_line && at->plain) {
		struct ynode where = *at;

		where.column += col - 1;
		cfg_error(x, &where, "score formula: %s", err);
	} else
		cfg_error(x, at, "score formula: %s", err);
	free(err);
}

static void
apply_keys(struct cfg_ctx *x, const struct ynode *root)
{
	struct prio_config *c = x->c;
	const struct ynode *k = NULL, *v;

#define KEY(name) ((v = map_find(root, name, &k)) != NULL)
	if (KEY("id-prefix")) {
		set_text(x, k, v, &c->id_prefix, " /\\", "IDs become file "
		    "names such as S-42.md: use letters and digits");
		if (c->id_prefix[0] == '\0')
			cfg_error(x, v, "'id-prefix' cannot be empty; IDs "
			    "look like S-42: use letters and digits");
		/* "-S-42" on a command line is an option, and "=S-42" a
		 * spreadsheet's formula. */
		else if (strchr("-=+@'\"#.", c->id_prefix[0]))
			cfg_error(x, v, "'id-prefix' cannot start with '%c'; "
			    "IDs look like S-42: use letters and digits",
			    c->id_prefix[0]);
	}
	if (KEY("statuses"))
		set_statuses(x, k, v);
	if (KEY("terminal"))
		set_terminal(x, k, v);
	else if (map_get(root, "statuses"))
		c->terminal[c->nstatuses - 1] = c->nstatuses > 1;
	if (KEY("status-roles"))
		set_status_roles(x, k, v);
	if (KEY("criteria-from"))
		set_criteria_from(x, k, v);
	else if (c->roles[PRIO_ROLE_READY])     /* a ready story has them */
		c->criteria_from = (size_t)prio_config_status_index(c,
		    c->roles[PRIO_ROLE_READY]);
	else if (c->criteria_from >= c->nstatuses)
		c->criteria_from = 0;
	if (KEY("criteria-heading"))
		set_text(x, k, v, &c->criteria_heading, "", "a heading is "
		    "one line of text");
	if (KEY("score"))
		set_score(x, k, v);
	if (KEY("fields"))
		set_fields(x, k, v);
	if (KEY("rationale-required"))
		want_bool(x, k, v, &c->rationale_required);
	if (KEY("closed-schema"))
		want_bool(x, k, v, &c->closed_schema);
	if (KEY("keys"))
		set_strv(x, k, v, &c->keys, &c->nkeys);
	if (KEY("rules"))
		set_rules(x, k, v);
	if (KEY("max-file-size"))
		set_max_file_size(x, k, v);
	if (KEY("commit"))
		want_bool(x, k, v, &c->commit);
	if (KEY("commit-subject"))
		set_text(x, k, v, &c->commit_subject, "", "the subject is one "
		    "line: the rationale and trailers follow it");
#undef KEY
	compile_score(x, map_get(root, "score"));
}

int
prio_config_parse(struct prio_config **out, const char *path,
    const char *data, size_t len, struct prio_diags *diags)
{
	struct cfg_ctx x = { .path = path, .diags = diags };
	struct ynode *root = NULL;
	size_t bad;

	*out = NULL;
	x.c = prio_xcalloc(1, sizeof(*x.c));
	set_defaults(x.c);
	if (!prio_utf8_valid(data, len, &bad)) {
		unsigned line, col;

		prio_line_col(data, bad, &line, &col);
		prio_diags_add(diags, PRIO_SEV_ERROR, "config", path, line, col,
		    "the config is not valid UTF-8; save it as UTF-8");
		x.errors++;
	} else if (ytree_parse(&root, data, len, 1, path, PRIO_SEV_ERROR,
	    diags) != PRIO_OK)
		x.errors++;
	else if (root && root->kind != YNODE_MAP && !ynode_is_null(root))
		cfg_error(&x, root, "the config must be a mapping of keys, "
		    "not %s", ynode_kind_name(root));
	else if (root && root->kind == YNODE_MAP) {
		check_known_keys(&x, root);
		apply_keys(&x, root);
	} else
		compile_score(&x, NULL);
	ynode_free(root);
	if (x.errors) {
		prio_config_free(x.c);
		return PRIO_ECONFIG;
	}
	*out = x.c;
	return PRIO_OK;
}

int
prio_config_status_index(const struct prio_config *c, const char *status)
{
	size_t i;

	for (i = 0; i < c->nstatuses; i++)
		if (strcmp(c->statuses[i], status) == 0)
			return (int)i;
	return -1;
}

bool
prio_config_is_terminal(const struct prio_config *c, int status_index)
{
	return status_index >= 0 && (size_t)status_index < c->nstatuses &&
	    c->terminal[status_index];
}

const char *
prio_config_role(const struct prio_config *c, enum prio_role r)
{
	int i, o;

	if ((int)r < 0 || (int)r >= PRIO_ROLE_COUNT)
		return NULL;
	if (c->roles[r])
		return c->roles[r];
	/* The status named as the role, unless another role claims it
	 * ({accepted: done} leaves done without a status). */
	for (o = 0; o < PRIO_ROLE_COUNT; o++)
		if (c->roles[o] && strcmp(c->roles[o], role_names[r]) == 0)
			return NULL;
	i = prio_config_status_index(c, role_names[r]);
	return i >= 0 ? c->statuses[i] : NULL;
}

int
prio_config_role_index(const struct prio_config *c, enum prio_role r)
{
	const char *s = prio_config_role(c, r);

	return s ? prio_config_status_index(c, s) : -1;
}

bool
prio_config_is_role(const struct prio_config *c, const char *status,
    enum prio_role r)
{
	const char *s = prio_config_role(c, r);

	return s && status && strcmp(s, status) == 0;
}

const char *
prio_role_name(enum prio_role r)
{
	return (int)r >= 0 && (int)r < PRIO_ROLE_COUNT ? role_names[r] :
	    NULL;
}

const struct prio_field_rule *
prio_config_field(const struct prio_config *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->nfields; i++)
		if (strcmp(c->fields[i].name, name) == 0)
			return &c->fields[i];
	return NULL;
}

bool
prio_config_is_score_input(const struct prio_config *c, const char *name)
{
	size_t i, n = c->score ? prio_score_field_count(c->score) : 0;

	for (i = 0; i < n; i++)
		if (strcmp(prio_score_field(c->score, i), name) == 0)
			return true;
	return false;
}

const char *
prio_config_foreign_dir(const struct prio_config *c)
{
	return c->dialect->foreign ? c->dir : NULL;
}

void
prio_config_free(struct prio_config *c)
{
	size_t i;

	if (c == NULL)
		return;
	free(c->id_prefix);
	prio_strv_free(c->statuses, c->nstatuses);
	free(c->terminal);
	free(c->criteria_heading);
	for (i = 0; i < PRIO_ROLE_COUNT; i++)
		free(c->roles[i]);
	free(c->commit_subject);
	free(c->score_formula);
	prio_score_free(c->score);
	for (i = 0; i < c->nfields; i++) {
		free(c->fields[i].name);
		free(c->fields[i].scale);
	}
	free(c->fields);
	prio_strv_free(c->keys, c->nkeys);
	free(c->dir);
	free(c->date_format);
	prio_strv_free(c->priorities, c->npriorities);
	free(c);
}
