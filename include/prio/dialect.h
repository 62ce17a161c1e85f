/*
 * prio/dialect.h — a backlog's file format, described as data.
 *
 * prio reads two formats of the same idea (stories as Markdown files
 * with YAML front matter in git): its own (backlog/prio.yml,
 * backlog/stories/S-42-slug.md) and Backlog.md's (backlog/config.yml,
 * backlog/tasks/back-12 - Title.md).  A dialect says, as a table, where
 * a format keeps its files, what it calls each key, what its IDs look
 * like, how it marks criteria, how it orders stories and which keys a
 * write may touch.  Generic code asks the config's dialect
 * (cfg->dialect); it never names a format.
 *
 * A key is named here by its role (enum prio_key) and spelled by the
 * dialect: PRIO_KEY_RANK is "rank" in prio and "ordinal" in Backlog.md.
 * Every message about a key uses the dialect's spelling.
 */
#ifndef PRIO_DIALECT_H
#define PRIO_DIALECT_H

#include <stdbool.h>
#include <stddef.h>

struct prio_buf;
struct prio_config;
struct prio_diags;

/* The front-matter keys a dialect may spell its own way. */
enum prio_key {
	PRIO_KEY_ID,
	PRIO_KEY_TITLE,
	PRIO_KEY_STATUS,
	PRIO_KEY_RANK,          /* the ordinal of the ranked order */
	PRIO_KEY_DEPENDS_ON,
	PRIO_KEY_OWNER,         /* Backlog.md: assignee (a list) */
	PRIO_KEY_LABELS,
	PRIO_KEY_GOAL,
	PRIO_KEY_CREATED,
	PRIO_KEY_UPDATED,
	PRIO_KEY_DUE,
	PRIO_KEY_PRIORITY,      /* Backlog.md: high, medium, low */
	PRIO_KEY_MILESTONE,
	PRIO_KEY_EFFORT,        /* what plan sums; Backlog.md has none */
	PRIO_KEY_COUNT
};

/* What the files in a folder are. */
enum prio_folder_use {
	PRIO_FOLDER_OPEN,       /* stories, listed and ranked */
	PRIO_FOLDER_DRAFTS,     /* stories in the draft status */
	PRIO_FOLDER_DONE,       /* stories out of the ranked order */
	PRIO_FOLDER_ARCHIVE     /* not stories: their IDs are taken (they
	                         * count for duplicates, next IDs and
	                         * dependencies) but they are not listed */
};

/*
 * A folder of story files, under the backlog folder (cfg->dir).  Its
 * files are those whose name starts with name_prefix and '-' (any case)
 * and ends ".md"; name_prefix NULL means the config's ID prefix, ""
 * any *.md.  recursive: sub-folders too.
 */
struct prio_dialect_folder {
	const char *dir;
	const char *name_prefix;
	bool recursive;
	enum prio_folder_use use;
};

/* The ID grammar. */
enum prio_id_grammar {
	PRIO_IDS_PLAIN,         /* <PREFIX>-<n>, exact case: S-42 */
	PRIO_IDS_DOTTED         /* <prefix>-<n>[.<n>[.<n>]], any case, with
	                         * zeros; drafts <draft_prefix>-<n>; and
	                         * legacy IDs: any <letters>-<n>... prefix
	                         * (an old task_prefix) and letter parts,
	                         * such as task-epic-11.1 */
};

/* How stories of equal rank (or none) are ordered after the rank. */
enum prio_order {
	PRIO_ORDER_SCORE,       /* rank, then score, then ID */
	PRIO_ORDER_PRIORITY     /* rank, then priority (cfg->priorities,
	                         * first highest), then ID */
};

struct prio_dialect {
	const char *name;               /* "prio", "Backlog.md" */
	/* The files belong to another tool: prio reads them in its terms;
	 * messages name the tool. */
	bool foreign;
	/* The config files looked for, in order, from the top, and how
	 * one is read: PRIO_OK and *out; PRIO_ENOTFOUND when the file
	 * holds no config of this dialect (another tool's config.yml);
	 * PRIO_ECONFIG after diagnostics. */
	const char *const *config_paths;
	int (*parse_config)(struct prio_config **out, const char *path,
	    const char *data, size_t len, struct prio_diags *diags);
	const char *default_dir;        /* the backlog folder: "backlog" */
	const char *default_prefix;     /* the ID prefix when unset */
	const struct prio_dialect_folder *folders;
	size_t nfolders;
	const char *keys[PRIO_KEY_COUNT];   /* spelling; NULL: none */
	/* The owner may be a list (assignee: [@ada, @bob]). */
	bool owner_list;
	/* Keys read as dates: prio's YYYY-MM-DD, or with " HH:MM". */
	bool dates_with_time;
	enum prio_id_grammar ids;
	const char *draft_prefix;       /* "draft" or NULL */
	const char *draft_status;       /* "Draft" or NULL */
	/* Criteria: the items between these marker lines, if set, in the
	 * criteria section; numbered: "- [ ] #1 text" is "text". */
	const char *criteria_begin, *criteria_end;
	bool criteria_numbered;
	/* Keys show prints and its JSON adds, as spelled here, ending
	 * with PRIO_KEY_COUNT (the rest every dialect shows). */
	const enum prio_key *shown;
	/* Body lines that start so are markers, hidden when shown. */
	const char *hidden_marker;
	/* Keys whose unquoted values the tool quotes before reading the
	 * YAML (Backlog.md's preprocessFrontmatter): at_keys when the value
	 * (or a flow list item) starts with '@'; quoted_keys always. */
	const char *const *at_keys;
	const char *const *quoted_keys;
	enum prio_order order;
	const char *const *default_priorities;  /* highest first */
	/* The keys (as spelled here) a write may add or change; NULL ends. */
	const char *const *writable;
	/* The key stamped with the date of each write, or NULL. */
	const char *stamp_key;
	/* A new story's file name for its ID and title, allocated
	 * (prio_template_file_name says both rules). */
	char *(*file_name)(const char *id, const char *title);
};

/* The two dialects. */
const struct prio_dialect *prio_dialect_prio(void);
const struct prio_dialect *prio_dialect_backlogmd(void);
/* Every dialect, in the order their configs are looked for (prio's
 * first: a backlog/prio.yml wins over another tool's config); NULL
 * ends. */
const struct prio_dialect *const *prio_dialects(void);
/* The dialect whose config is at path, or NULL. */
const struct prio_dialect *prio_dialect_of_config(const char *path);

/* How d spells key k, or NULL when d has no such key. */
const char *prio_dialect_key(const struct prio_dialect *d, enum prio_key k);
/* The role of the key spelled key in d, or PRIO_KEY_COUNT when it has
 * none (a key prio does not read under a role). */
enum prio_key prio_dialect_key_role(const struct prio_dialect *d,
    const char *key);
/* The key prio's own dialect uses for the key spelled key in d: "rank"
 * for "ordinal"; the key itself when it has no role; NULL for a key of
 * prio's that d spells otherwise (Backlog.md's "rank" is no rank). */
const char *prio_dialect_prio_key(const struct prio_dialect *d,
    const char *key);
/* Whether a write may add or change the key spelled key in d. */
bool prio_dialect_writable(const struct prio_dialect *d, const char *key);
/* The folder of d that path (repository-relative) is directly in, under
 * dir, or NULL. */
const struct prio_dialect_folder *prio_dialect_folder_of(
    const struct prio_dialect *d, const char *dir, const char *path);
/*
 * Whether the file named base (no folder) in folder f is a story file
 * of d: its name pattern, with prefix the config's ID prefix.
 */
bool prio_dialect_file_matches(const struct prio_dialect *d,
    const struct prio_dialect_folder *f, const char *prefix,
    const char *base);

/*
 * Rewrites front matter fm (len bytes) as the dialect's own tool does
 * before reading it as YAML: Backlog.md quotes "assignee: @ada" as
 * "assignee: \"@ada\"".  Returns false when nothing changes (out may
 * hold a copy: free it either way); else true and the new text in out,
 * with each changed line's number (1-based, from fm's start) and the
 * columns it gained in *grew (free it), for mapping positions back.
 */
struct prio_dialect_shift {
	unsigned line;
	unsigned after;         /* columns after this one moved ... */
	unsigned by;            /* ... this many to the right */
};
bool prio_dialect_preprocess(const struct prio_dialect *d, const char *fm,
    size_t len, struct prio_buf *out, struct prio_dialect_shift **grew,
    size_t *ngrew);

/*
 * Parses an ID of a PRIO_IDS_DOTTED dialect at the start of s: prefix
 * (any case) or the draft prefix, or with other_prefix any letters (an
 * old prefix: Backlog.md resolves the dependency task-100.1 in a back
 * project); '-'; a number and up to two ".<number>" parts, or a legacy
 * body with letters (task-epic-11.1, BACK-x).  Returns the length (0:
 * no ID) and *num, which orders IDs as the tool does (2 < 2.1 < 10;
 * drafts after tasks, legacy IDs after drafts) and is the same for two
 * spellings of one ID (case, zero padding, the prefix of a numeric
 * one).
 */
size_t prio_dialect_id_parse(const struct prio_dialect *d, const char *s,
    const char *prefix, bool other_prefix, unsigned long *num);

/* Whether num (from prio_dialect_id_parse) is a legacy ID's. */
bool prio_dialect_id_legacy(unsigned long num);

/* The weight of priority p (case and spaces as the tool folds them)
 * among prios (n of them, highest first): n for the first ... 1 for
 * the last; 0 for none or one not listed. */
int prio_dialect_priority_weight(const char *p, char *const *prios,
    size_t n);

#endif
