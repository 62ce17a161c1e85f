/*
 * Unit tests for prio/config.h: the defaults of an empty prio.yml, every
 * key read with its exact value, the look-ups (status index, terminal,
 * field rules, score inputs, IDs), and bad configs refused with their
 * exact diagnostic and no config.  Status roles have t-config-roles.c.
 */
#include <stdlib.h>
#include <string.h>

#include "prio/config.h"
#include "prio/error.h"
#include "diagtext.h"
#include "tap.h"

static struct prio_config *
parse(const char *yml, struct prio_diags *d)
{
	struct prio_config *c = NULL;

	if (prio_config_parse(&c, "prio.yml", yml, strlen(yml), d) !=
	    PRIO_OK) {
		ok(c == NULL, "a refused config leaves *out NULL");
		return NULL;
	}
	return c;
}

static char *
joined(char *const *v, size_t n)
{
	struct prio_buf b = PRIO_BUF_INIT;
	size_t i;

	for (i = 0; i < n; i++)
		prio_buf_addf(&b, "%s%s", i ? "," : "", v[i]);
	return prio_buf_detach(&b, NULL);
}

#define is_list(v, n, want, ...) do {                                    \
	char *j_ = joined((v), (n));                                     \
	is_str(j_, (want), __VA_ARGS__);                                 \
	free(j_);                                                        \
} while (0)

static void
test_defaults(void)
{
	struct prio_diags d = PRIO_DIAGS_INIT;
	struct prio_config *c = parse("", &d);
	size_t i;
	int r;

	if (!ok(c != NULL, "an empty prio.yml is a config"))
		return;
	is_str(c->id_prefix, "S", "default id-prefix");
	is_list(c->statuses, c->nstatuses,
	    "draft,ready,in-progress,done,accepted,dropped",
	    "default statuses");
	for (i = 0; i < c->nstatuses; i++)
		is_int(c->terminal[i], i >= 4, "'%s' terminal: %d",
		    c->statuses[i], i >= 4);
	is_int(c->criteria_from, 1, "criteria from ready");
	is_str(c->criteria_heading, "Acceptance criteria", "criteria heading");
	is_str(c->score_formula, "(value + urgency + risk) / effort",
	    "the score is wsjf");
	ok(c->score != NULL, "the formula is parsed");
	ok(c->rationale_required, "rationale required");
	ok(!c->closed_schema, "open schema");
	ok(c->commit, "commit");
	is_str(c->commit_subject, "prio: {summary}", "commit subject");
	is_int(c->max_file_size, PRIO_DEFAULT_MAX_FILE_SIZE, "max file size");
	is_int(c->nfields, 0, "no field rules");
	is_int(c->nkeys, 0, "no extra keys");
	ok(prio_config_foreign_dir(c) == NULL, "a prio backlog");
	for (r = 0; r < PRIO_RULE_COUNT; r++)
		is_int(c->severity[r], prio_rule_default((enum prio_rule)r),
		    "rule %s at its default",
		    prio_rule_name((enum prio_rule)r));
	is_diags(&d, "", "defaults: no diagnostics");
	prio_config_free(c);
}

static const char every_key[] =
    "id-prefix: BUG\n"
    "statuses: [new, doing, shipped, gone]\n"
    "terminal: [shipped, gone]\n"
    "criteria-from: doing\n"
    "criteria-heading: Done when\n"
    "score: value / effort\n"
    "rationale-required: false\n"
    "closed-schema: true\n"
    "keys: [component, team]\n"
    "commit: false\n"
    "commit-subject: \"backlog: {summary}\"\n"
    "max-file-size: 2048\n"
    "rules: {rank-tie: error, unscored: off}\n"
    "fields:\n"
    "  effort: {scale: [1, 2, 3]}\n"
    "  value: {min: 1, max: 10}\n";

static void
test_every_key(void)
{
	struct prio_diags d = PRIO_DIAGS_INIT;
	struct prio_config *c = parse(every_key, &d);
	const struct prio_field_rule *f;

	if (!ok(c != NULL, "every key: parses"))
		return;
	is_str(c->id_prefix, "BUG", "id-prefix");
	is_list(c->statuses, c->nstatuses, "new,doing,shipped,gone",
	    "statuses");
	ok(!c->terminal[0] && !c->terminal[1] && c->terminal[2] &&
	    c->terminal[3], "terminal");
	is_int(c->criteria_from, 1, "criteria-from doing");
	is_str(c->criteria_heading, "Done when", "criteria-heading");
	is_str(c->score_formula, "value / effort", "a formula of one's own");
	ok(!c->rationale_required, "rationale-required false");
	ok(c->closed_schema, "closed-schema true");
	is_list(c->keys, c->nkeys, "component,team", "keys");
	ok(!c->commit, "commit false");
	is_str(c->commit_subject, "backlog: {summary}", "commit-subject");
	is_int(c->max_file_size, 2048, "max-file-size");
	is_int(c->severity[PRIO_RULE_RANK_TIE], PRIO_SEV_ERROR,
	    "rank-tie raised to error");
	is_int(c->severity[PRIO_RULE_UNSCORED], PRIO_SEV_OFF,
	    "unscored turned off");
	is_int(c->severity[PRIO_RULE_YAML], PRIO_SEV_ERROR,
	    "other rules untouched");
	is_int(c->nfields, 2, "two field rules");

	f = prio_config_field(c, "effort");
	ok(f != NULL && f->nscale == 3 && f->scale[0] == 1 &&
	    f->scale[2] == 3 && !f->has_min && !f->has_max, "effort's scale");
	f = prio_config_field(c, "value");
	ok(f != NULL && f->has_min && f->min == 1 && f->has_max &&
	    f->max == 10 && f->scale == NULL, "value's range");
	ok(prio_config_field(c, "risk") == NULL, "no rule for risk");
	ok(prio_config_is_score_input(c, "value"), "value is a score input");
	ok(prio_config_is_score_input(c, "effort"), "effort is one");
	ok(!prio_config_is_score_input(c, "urgency"),
	    "urgency is not in this formula");

	is_int(prio_config_status_index(c, "shipped"), 2, "status index");
	is_int(prio_config_status_index(c, "Shipped"), -1,
	    "statuses are case-sensitive");
	is_int(prio_config_status_index(c, "draft"), -1,
	    "a default status is not in a custom workflow");
	ok(prio_config_is_terminal(c, 3), "gone is terminal");
	ok(!prio_config_is_terminal(c, 0), "new is not");
	ok(!prio_config_is_terminal(c, -1), "an unknown status is not");
	ok(!prio_config_is_terminal(c, 4), "past the end is not");

	ok(prio_config_id_valid(c, "BUG-12", NULL), "BUG-12 is an ID");
	ok(!prio_config_id_valid(c, "S-12", NULL),
	    "S-12 is not, with this prefix");
	is_diags(&d, "", "every key: no diagnostics");
	prio_config_free(c);
}

/* A bad config: refused, with exactly this diagnostic. */
static void
refused(const char *name, const char *yml, const char *want)
{
	struct prio_diags d = PRIO_DIAGS_INIT;
	struct prio_config *c = NULL;
	int rc = prio_config_parse(&c, "prio.yml", yml, strlen(yml), &d);

	is_int(rc, PRIO_ECONFIG, "%s: refused", name);
	ok(c == NULL, "%s: no config", name);
	is_diags(&d, want, "%s: diagnostic", name);
	prio_config_free(c);
}

static void
test_refused(void)
{
	refused("an unknown terminal status",
	    "statuses: [a, b]\nterminal: [c]\n",
	    "error config prio.yml:2:12 terminal status 'c' is not in "
	    "'statuses'\n");
	refused("a status twice",
	    "statuses: [a, a]\n",
	    "error config prio.yml:1:15 status 'a' is listed twice\n");
	refused("statuses not a list",
	    "statuses: notalist\n",
	    "error config prio.yml:1:11 'statuses' must be a list, such as "
	    "[a, b]\n");
	refused("an unknown criteria-from",
	    "criteria-from: nosuch\n",
	    "error config prio.yml:1:16 criteria-from status 'nosuch' is not "
	    "in 'statuses'\n");
	refused("max-file-size too big",
	    "max-file-size: 99999999999\n",
	    "error config prio.yml:1:16 'max-file-size' must be a whole "
	    "number of bytes from 1 to 16777216\n");
	refused("max-file-size 0",
	    "max-file-size: 0\n",
	    "error config prio.yml:1:16 'max-file-size' must be a whole "
	    "number of bytes from 1 to 16777216\n");
	refused("an unknown rule",
	    "rules: {nosuch: error}\n",
	    "error config prio.yml:1:9 unknown rule 'nosuch'\n");
	refused("an unknown severity",
	    "rules: {unscored: loud}\n",
	    "error config prio.yml:1:19 rule 'unscored' must be error, "
	    "warning or off\n");
	refused("an unknown key",
	    "bogus: 1\n",
	    "error config prio.yml:1:1 unknown key 'bogus'; the keys are "
	    "id-prefix, statuses, terminal, status-roles, criteria-from, "
	    "criteria-heading, score, fields, rationale-required, "
	    "closed-schema, keys, rules, max-file-size, commit and "
	    "commit-subject\n");
	refused("a formula cut short",
	    "score: (value +\n",
	    "error config prio.yml:1:16 score formula: expected a number, a "
	    "field name or '(' but found the end of the formula\n");
	refused("min above max",
	    "fields:\n  value: {min: 5, max: 1}\n",
	    "error config prio.yml:2:16 field 'value' has min above max\n");
	refused("commit not a boolean",
	    "commit: maybe\n",
	    "error config prio.yml:1:9 'commit' must be true or false, not "
	    "'maybe'\n");
	refused("a list, not a mapping",
	    "[1, 2]\n",
	    "error config prio.yml:1:1 the config must be a mapping of keys, "
	    "not a list\n");
	refused("a repeated key",
	    "id-prefix: S\nid-prefix: T\n",
	    "error yaml prio.yml:2:1 key 'id-prefix' repeats (first at line "
	    "1); keep one\n");
	refused("invalid YAML",
	    ": :\n",
	    "error yaml prio.yml:1:1 invalid YAML: did not find expected key "
	    "while parsing a block mapping; check the indentation\n");
}

int
main(void)
{
	test_defaults();
	test_every_key();
	test_refused();
	return tap_done();
}
