/*
 * prio/rules.h — the check rules of SPEC §3.4: stable names and default
 * severities.  The config may turn any rule off or change its severity.
 */
#ifndef PRIO_RULES_H
#define PRIO_RULES_H

#include "prio/diag.h"

enum prio_rule {
	PRIO_RULE_FILE,
	PRIO_RULE_FRONT_MATTER,
	PRIO_RULE_YAML,
	PRIO_RULE_TYPE,
	PRIO_RULE_REQUIRED,
	PRIO_RULE_STATUS,
	PRIO_RULE_ID_MISMATCH,
	PRIO_RULE_DUPLICATE_ID,
	PRIO_RULE_MISSING_DEPENDENCY,
	PRIO_RULE_DEPENDENCY_CYCLE,
	PRIO_RULE_RANK_BEFORE_DEPENDENCY,
	PRIO_RULE_RANK,
	PRIO_RULE_RANK_TIE,
	PRIO_RULE_MISSING_CRITERIA,
	PRIO_RULE_EMPTY_CRITERION,
	PRIO_RULE_UNMET_CRITERIA,
	PRIO_RULE_UNSCORED,
	PRIO_RULE_RANGE,
	PRIO_RULE_CONFLICT_MARKER,
	PRIO_RULE_UNKNOWN_KEY,
	PRIO_RULE_COUNT
};

/* The stable name, e.g. "missing-criteria"; static. */
const char *prio_rule_name(enum prio_rule rule);
enum prio_severity prio_rule_default(enum prio_rule rule);
/* Returns the rule named name, or PRIO_RULE_COUNT if there is none. */
enum prio_rule prio_rule_lookup(const char *name);

#endif
