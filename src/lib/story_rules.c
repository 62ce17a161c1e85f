/*
 * The rules that one story can break on its own (SPEC §3.4):
 * missing-criteria, empty-criterion, unmet-criteria, range, unscored.
 * Rules between stories live in check.c.
 */
#include <math.h>
#include <string.h>

#include "prio/buf.h"
#include "prio/score.h"
#include "story_parse.h"
#include "util.h"

/*
 * A story that left the backlog (terminal: accepted, dropped) is not held
 * to missing-criteria: a dropped idea needs none, and an accepted story
 * is judged by unmet-criteria.
 */
static void
check_criteria(struct story_ctx *x)
{
	const struct prio_story *s = x->s;
	const struct prio_pos *st = &s->status_pos;
	size_t i;

	for (i = 0; i < s->ncriteria; i++)
		if (s->criteria[i].empty)
			story_report(x, PRIO_RULE_EMPTY_CRITERION,
			    s->criteria[i].line, s->criteria[i].column,
			    "acceptance criterion %zu has no text; say what "
			    "must be true, or remove the item", i + 1);
	if (s->status_index < 0 || s->ncriteria > 0 || s->terminal ||
	    (size_t)s->status_index < x->cfg->criteria_from)
		return;
	if (s->has_criteria_heading)
		story_report(x, PRIO_RULE_MISSING_CRITERIA, s->criteria_line,
		    1, "status '%s' needs acceptance criteria, but the '%s' "
		    "section lists none; add items such as '- [ ] ...'",
		    s->status, x->cfg->criteria_heading);
	else
		story_report(x, PRIO_RULE_MISSING_CRITERIA, st->line,
		    st->column, "status '%s' needs acceptance criteria; add "
		    "a '## %s' section with items such as '- [ ] ...'",
		    s->status, x->cfg->criteria_heading);
}

static void
check_unmet(struct story_ctx *x)
{
	const struct prio_story *s = x->s;
	size_t i;

	/* The accepted role's status (a Backlog.md project's last status,
	 * Done, plays it: see backlogmd.c). */
	if (s->status == NULL ||
	    !prio_config_is_role(x->cfg, s->status, PRIO_ROLE_ACCEPTED))
		return;
	for (i = 0; i < s->ncriteria; i++)
		if (!s->criteria[i].met)
			story_report(x, PRIO_RULE_UNMET_CRITERIA,
			    s->criteria[i].line, s->criteria[i].column,
			    "the story is %s but criterion %zu is open; "
			    "tick it ('- [x]') or reopen the story", s->status,
			    i + 1);
}

static void
format_scale(struct prio_buf *out, const struct prio_field_rule *r)
{
	size_t i;

	for (i = 0; i < r->nscale; i++)
		prio_buf_addf(out, "%s%g", i ? ", " : "", r->scale[i]);
}

static void
check_range(struct story_ctx *x, const struct prio_field *f)
{
	const struct prio_field_rule *r = prio_config_field(x->cfg, f->key);
	struct prio_buf scale = PRIO_BUF_INIT;
	double d;
	size_t i;

	if (r == NULL || f->kind != PRIO_FIELD_SCALAR ||
	    !prio_parse_number(f->value, &d))
		return;
	if (r->has_min && d < r->min)
		story_report(x, PRIO_RULE_RANGE, f->line, f->column,
		    "%s %s is below the minimum %g", f->key, f->value, r->min);
	else if (r->has_max && d > r->max)
		story_report(x, PRIO_RULE_RANGE, f->line, f->column,
		    "%s %s is above the maximum %g", f->key, f->value, r->max);
	if (r->nscale == 0)
		return;
	for (i = 0; i < r->nscale; i++)
		if (r->scale[i] == d)
			return;
	format_scale(&scale, r);
	story_report(x, PRIO_RULE_RANGE, f->line, f->column,
	    "%s %s is not on the scale %s", f->key, f->value, scale.ptr);
	prio_buf_free(&scale);
}

/* At or past the ready role's status (or the criteria status when no
 * status plays it). */
static bool
wants_score(const struct story_ctx *x)
{
	int ready = prio_config_role_index(x->cfg, PRIO_ROLE_READY);
	size_t from = ready >= 0 ? (size_t)ready : x->cfg->criteria_from;

	return x->s->status_index >= 0 && !x->s->terminal &&
	    (size_t)x->s->status_index >= from;
}

/* Absent, or written as null ("key:", "key: ~"). */
static bool
is_unset(const struct prio_field *f)
{
	return f == NULL || (f->kind == PRIO_FIELD_SCALAR && f->plain &&
	    (f->value[0] == '\0' || strcmp(f->value, "~") == 0 ||
	    strcmp(f->value, "null") == 0));
}

static void
check_unscored(struct story_ctx *x)
{
	const struct prio_story *s = x->s;
	const struct prio_pos *st = &s->status_pos;
	const struct prio_field *f;
	size_t i, n = prio_score_field_count(x->cfg->score);
	double d;

	if (s->has_score || !wants_score(x))
		return;
	for (i = 0; i < n; i++) {
		f = prio_story_field(s, prio_score_field(x->cfg->score, i));
		if (f == NULL || f->kind != PRIO_FIELD_SCALAR ||
		    !prio_parse_number(f->value, &d)) {
			story_report(x, PRIO_RULE_UNSCORED, st->line,
			    st->column, "no score: '%s' is %s; the score is %s",
			    prio_score_field(x->cfg->score, i),
			    is_unset(f) ? "missing" : "not a number",
			    x->cfg->score_formula);
			return;
		}
	}
	story_report(x, PRIO_RULE_UNSCORED, st->line, st->column,
	    "no score: the formula %s divides by zero for this story",
	    x->cfg->score_formula);
}

void
story_check_rules(struct story_ctx *x)
{
	size_t i;

	check_criteria(x);
	check_unmet(x);
	for (i = 0; i < x->s->nfields; i++)
		check_range(x, &x->s->fields[i]);
	if (x->cfg->score)
		check_unscored(x);
}
