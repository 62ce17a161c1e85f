/*
 * prio/config.h — backlog/prio.yml (SPEC §2.4).
 *
 * Every key has a default, so an empty (or absent) file gives a working
 * config.  Keys:
 *
 *   id-prefix: S                      story IDs are <prefix>-<n>
 *   statuses: [draft, ready, ...]     workflow order
 *   terminal: [accepted, dropped]     statuses that leave the ranked order
 *   criteria-from: ready              first status that needs criteria
 *   status-roles: {done: Done, ...}   the statuses that play the roles
 *                                     ready, in-progress, done and
 *                                     accepted (see prio_config_role)
 *   criteria-heading: Acceptance criteria
 *   score: wsjf                       a preset name or a formula
 *   fields:                           numeric ranges and scales
 *     effort: {scale: [1, 2, 3, 5, 8, 13]}
 *     value: {min: 1, max: 10}
 *   rationale-required: true          priority changes need -m <why>
 *   closed-schema: false              warn on keys not declared
 *   keys: [component]                 extra keys declared for closed-schema
 *   rules: {rank-tie: error, unscored: off}
 *   max-file-size: 1048576            bytes; larger story files are refused
 *   commit: true                      false: priority changes are written,
 *                                     not committed (teams who commit by
 *                                     hand)
 *   commit-subject: "prio: {summary}" the commit subject; {summary} is
 *                                     "move S-42 to #3 (was #9)"
 */
#ifndef PRIO_CONFIG_H
#define PRIO_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "prio/dialect.h"
#include "prio/diag.h"
#include "prio/rules.h"

#define PRIO_CONFIG_PATH "backlog/prio.yml"
#define PRIO_STORIES_DIR "backlog/stories"
/* The largest story file read unless the config says otherwise. */
#define PRIO_DEFAULT_MAX_FILE_SIZE (1024 * 1024)
/* The hard ceiling for max-file-size. */
#define PRIO_MAX_FILE_SIZE_LIMIT (16 * 1024 * 1024)

struct prio_score;

/*
 * The roles statuses play (SPEC §8.3), whatever a team calls them:
 * plan draws from ready; reject sends done work back to in-progress;
 * accept takes done to accepted; stats times in-progress -> done ->
 * accepted; an accepted story's criteria must all be met.
 */
enum prio_role {
	PRIO_ROLE_READY,
	PRIO_ROLE_IN_PROGRESS,
	PRIO_ROLE_DONE,
	PRIO_ROLE_ACCEPTED,
	PRIO_ROLE_COUNT
};

struct prio_field_rule {
	char *name;
	bool has_min, has_max;
	double min, max;
	double *scale;       /* allowed values, or NULL */
	size_t nscale;
};

struct prio_config {
	char *id_prefix;
	char **statuses;
	bool *terminal;      /* parallel to statuses */
	size_t nstatuses;
	size_t criteria_from; /* index into statuses */
	/* status-roles: the status named for each role, or NULL for the
	 * default (read them with prio_config_role) */
	char *roles[PRIO_ROLE_COUNT];
	char *criteria_heading;
	char *score_formula;
	struct prio_score *score;
	struct prio_field_rule *fields;
	size_t nfields;
	char **keys;         /* extra declared keys (closed-schema) */
	size_t nkeys;
	bool rationale_required;
	bool closed_schema;
	bool commit;
	char *commit_subject;
	size_t max_file_size;
	enum prio_severity severity[PRIO_RULE_COUNT];
	/* The file format (prio/dialect.h): prio's own, or another tool's
	 * read as it is.  Never NULL. */
	const struct prio_dialect *dialect;
	/* The backlog folder, such as "backlog": the dialect's folders are
	 * under it. */
	char *dir;
	/* The priorities a story may have, highest first (the dialect's
	 * default or the config's); none for prio's own format. */
	char **priorities;
	size_t npriorities;
	/* How the dialect's tool writes dates when it stamps them, as its
	 * config says (Backlog.md's date_format: "yyyy-mm-dd" or
	 * "yyyy-mm-dd hh:mm"); NULL for prio's own format. */
	char *date_format;
};

/*
 * Reads a config from len bytes of YAML (len 0 gives the defaults).
 * path names the file in diagnostics.  Returns PRIO_OK and *out (free
 * with prio_config_free), or PRIO_ECONFIG after adding error
 * diagnostics with line and column; *out is then NULL.
 */
int prio_config_parse(struct prio_config **out, const char *path,
    const char *data, size_t len, struct prio_diags *diags);

/*
 * Whether s is a story ID of this backlog, with its number in *num (if
 * not NULL): prio_story_id_valid() with the ID prefix, or for a
 * Backlog.md project its IDs, such as BACK-12, back-12.1 or DRAFT-3.
 */
bool prio_config_id_valid(const struct prio_config *c, const char *s,
    unsigned long *num);

/*
 * The folder that holds the backlog's story folders, such as
 * "backlog/stories" (one folder) or "backlog" (Backlog.md's tasks,
 * drafts, ...).  Caller frees.
 */
char *prio_config_story_root(const struct prio_config *c);
/*
 * Whether the file at path (from the top) is a story file of the
 * backlog: in one of its dialect's folders, named as the folder's files
 * are; a file in the archive only when archive is true.
 */
bool prio_config_is_story_path(const struct prio_config *c,
    const char *path, bool archive);

/* Index of status in the workflow, or -1 when it is not configured. */
int prio_config_status_index(const struct prio_config *c, const char *status);
bool prio_config_is_terminal(const struct prio_config *c, int status_index);
/*
 * The status that plays role: the one status-roles names, else the
 * status named as the role ("ready", "in-progress", "done",
 * "accepted") when the workflow has it, else NULL (no status plays it:
 * a command that needs the role refuses, a figure that needs it is
 * not computed).
 */
const char *prio_config_role(const struct prio_config *c, enum prio_role r);
/* Its index in the workflow, or -1 when no status plays role. */
int prio_config_role_index(const struct prio_config *c, enum prio_role r);
/* Whether status (may be NULL) is the one that plays role. */
bool prio_config_is_role(const struct prio_config *c, const char *status,
    enum prio_role r);
/* The role's name in prio.yml: "ready", "in-progress", ... */
const char *prio_role_name(enum prio_role r);
/* The range rule for a field, or NULL. */
const struct prio_field_rule *prio_config_field(const struct prio_config *c,
    const char *name);
/* Whether the score formula reads this field. */
bool prio_config_is_score_input(const struct prio_config *c, const char *name);

/* The backlog folder of a backlog in another tool's format (Backlog.md's
 * "backlog"), or NULL for prio's own. */
const char *prio_config_foreign_dir(const struct prio_config *c);

void prio_config_free(struct prio_config *c);

#endif
