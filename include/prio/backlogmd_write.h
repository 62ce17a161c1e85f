/*
 * prio/backlogmd_write.h — what writing a Backlog.md project needs that
 * prio's own format does not: how Backlog.md 1.52 places a task between
 * two others (its ordinal), stamps updated_date, names a new task's file,
 * lays out a new task, and picks the next ID.  Each rule is Backlog.md's
 * own (source MrLesk/Backlog.md; the function it mirrors is named at
 * each entry), so a project prio writes reads in Backlog.md exactly as
 * if Backlog.md had written it.
 *
 * Pure functions on text: no repository, no clock, no printing.  The
 * dialect table (which keys are whose) is the loader's; the keys here are
 * the few this module writes.  Where prio/dialect.h has the same fact as
 * data, that entry wins once both are in: prio_bmdw_file_key is
 * prio_dialect_key (by role), prio_bmdw_key_writable is
 * prio_dialect_writable, PRIO_BMDW_UPDATED is stamp_key, the file name is
 * file_name, PRIO_BMDW_ORDINAL is the rank key's spelling.  The rules
 * (the ordinal between neighbours, the stamp, the layout, next IDs) stay
 * here.
 */
#ifndef PRIO_BACKLOGMD_WRITE_H
#define PRIO_BACKLOGMD_WRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "prio/buf.h"

/* Backlog.md's DEFAULT_ORDINAL_STEP: the first ordinal, the step below
 * the last, and the step of a renumbering. */
#define PRIO_BMDW_ORDINAL_STEP 1000

/* The keys of a Backlog.md task that this module writes. */
#define PRIO_BMDW_ORDINAL "ordinal"
#define PRIO_BMDW_UPDATED "updated_date"

/*
 * The key a task file holds for one of prio's names: "rank" is
 * "ordinal", "depends-on" "dependencies", "created" "created_date",
 * "owner" "assignee" (a list);
 * any other key is itself.
 */
const char *prio_bmdw_file_key(const char *key);

/* Whether a task's key holds a list: labels, dependencies, assignee,
 * references, documentation. */
bool prio_bmdw_list_key(const char *key);

/* Keys that prio does not set in a task: id (the file's name), the
 * dates Backlog.md stamps, and its structure (parent_task_id,
 * subtasks). */
bool prio_bmdw_key_writable(const char *key);

/*
 * The ordinal for a task placed between prev and next (ordinal texts as
 * the files hold them, "1000" or "1250.5"; NULL for no neighbour), as
 * calculateNewOrdinal (src/core/reorder.ts) computes it: halfway between
 * two neighbours, half of next at the top, prev + 1000 at the bottom,
 * 1000 alone.  The number is written as JavaScript writes it ("1500",
 * "1250.5").  Returns PRIO_OK and *out (allocated), or PRIO_ERANGE when
 * Backlog.md would rebalance instead: the neighbours are less than 1e-6
 * apart, or the number would not be strictly between them, or it would
 * need an exponent (below 1e-6; prio's ranks are plain decimals).
 * PRIO_EINVAL when a neighbour is not a number.
 */
int prio_bmdw_ordinal_between(const char *prev, const char *next,
    char **out);

/* The i-th ordinal (0-based) of a renumbering, as resolveOrdinalConflicts
 * with forceSequential writes them: 1000, 2000, ...  Allocated. */
char *prio_bmdw_ordinal_nth(size_t i);

/* Whether changing key makes Backlog.md stamp updated_date: every key
 * but ordinal (buildUpdatedDateComparableTask leaves it out) and the
 * dates themselves. */
bool prio_bmdw_key_stamps(const char *key);

/* t as Backlog.md stamps created_date and updated_date: UTC to the
 * minute, "2026-11-23 11:51" (new Date().toISOString(), cut).  Not the
 * config's date_format, which is for display only. */
void prio_bmdw_stamp_text(char out[17], time_t t);

/* Whether s is such a stamp (a real date and time). */
bool prio_bmdw_stamp_valid(const char *s);

/*
 * Sets updated_date in a task's front matter as upsertTaskUpdatedDate
 * (src/utils/task-updated-date.ts) does: its line becomes
 * "updated_date: '<stamp>'" (the indentation kept), or, without one, a
 * new line goes after created_date (else at the end of the front
 * matter), with the file's line ending.  Nothing else changes.  Returns
 * PRIO_OK and out (the whole file), or PRIO_EINVAL and *err (allocated)
 * when there is no front matter.
 */
int prio_bmdw_stamp(struct prio_buf *out, const char *data, size_t len,
    const char *stamp, char **err);

/* The file name of a task: "back-7 - Pay-offline.md", the ID in lower
 * case and the title as sanitizeFilename cleans it.  Allocated. */
char *prio_bmdw_file_name(const char *id, const char *title);

/*
 * The ID after the highest of the n top-level IDs in ids ("BACK-3",
 * "back-07"; sub-task and other IDs are skipped), with prefix in upper
 * case and zero-padded to pad digits when pad > 0, as generateNextId
 * (src/utils/prefix-config.ts) does.  Allocated.
 */
char *prio_bmdw_next_id(const char *prefix, const char *const *ids,
    size_t n, unsigned pad);

/* A new task as Backlog.md's task create writes it. */
struct prio_bmdw_task {
	const char *id;             /* "BACK-7" */
	const char *title;
	const char *status;
	const char *created;        /* a stamp */
	char *const *assignee;
	size_t nassignee;
	char *const *labels;
	size_t nlabels;
	char *const *dependencies;
	size_t ndependencies;
	const char *priority;       /* NULL: none */
	const char *ordinal;        /* NULL: none (a draft) */
	const char *description;    /* NULL: no section */
	char *const *criteria;      /* the Acceptance Criteria, unchecked */
	size_t ncriteria;
};

/* The file's bytes (serializeTask): the front matter in Backlog.md's
 * key order and quoting, a blank line, the Description and Acceptance
 * Criteria sections between their markers. */
void prio_bmdw_task_text(struct prio_buf *out, const struct prio_bmdw_task *t);

#endif
