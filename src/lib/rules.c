/* The rule table of SPEC §3.4 (see prio/rules.h). */
#include <string.h>

#include "prio/rules.h"

static const struct {
	const char *name;
	enum prio_severity severity;
} rules[PRIO_RULE_COUNT] = {
	[PRIO_RULE_FILE] = { "file", PRIO_SEV_ERROR },
	[PRIO_RULE_FRONT_MATTER] = { "front-matter", PRIO_SEV_ERROR },
	[PRIO_RULE_YAML] = { "yaml", PRIO_SEV_ERROR },
	[PRIO_RULE_TYPE] = { "type", PRIO_SEV_ERROR },
	[PRIO_RULE_REQUIRED] = { "required", PRIO_SEV_ERROR },
	[PRIO_RULE_STATUS] = { "status", PRIO_SEV_ERROR },
	[PRIO_RULE_ID_MISMATCH] = { "id-mismatch", PRIO_SEV_ERROR },
	[PRIO_RULE_DUPLICATE_ID] = { "duplicate-id", PRIO_SEV_ERROR },
	[PRIO_RULE_MISSING_DEPENDENCY] = { "missing-dependency",
	    PRIO_SEV_ERROR },
	[PRIO_RULE_DEPENDENCY_CYCLE] = { "dependency-cycle", PRIO_SEV_ERROR },
	[PRIO_RULE_RANK_BEFORE_DEPENDENCY] = { "rank-before-dependency",
	    PRIO_SEV_WARNING },
	[PRIO_RULE_RANK] = { "rank", PRIO_SEV_ERROR },
	[PRIO_RULE_RANK_TIE] = { "rank-tie", PRIO_SEV_WARNING },
	[PRIO_RULE_MISSING_CRITERIA] = { "missing-criteria", PRIO_SEV_ERROR },
	[PRIO_RULE_EMPTY_CRITERION] = { "empty-criterion", PRIO_SEV_ERROR },
	[PRIO_RULE_UNMET_CRITERIA] = { "unmet-criteria", PRIO_SEV_ERROR },
	[PRIO_RULE_UNSCORED] = { "unscored", PRIO_SEV_WARNING },
	[PRIO_RULE_RANGE] = { "range", PRIO_SEV_ERROR },
	[PRIO_RULE_CONFLICT_MARKER] = { "conflict-marker", PRIO_SEV_ERROR },
	[PRIO_RULE_UNKNOWN_KEY] = { "unknown-key", PRIO_SEV_WARNING },
};

const char *
prio_rule_name(enum prio_rule rule)
{
	return rules[rule].name;
}

enum prio_severity
prio_rule_default(enum prio_rule rule)
{
	return rules[rule].severity;
}

enum prio_rule
prio_rule_lookup(const char *name)
{
	int i;

	for (i = 0; i < PRIO_RULE_COUNT; i++)
		if (strcmp(rules[i].name, name) == 0)
			return (enum prio_rule)i;
	return PRIO_RULE_COUNT;
}
