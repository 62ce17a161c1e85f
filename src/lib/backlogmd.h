/*
 * backlogmd.h — a Backlog.md project read as it is, internal to the
 * library (backlogmd.c).
 *
 * A repository with no backlog/prio.yml but a Backlog.md config
 * (backlog/config.yml, or backlog.config.yml at the root, holding
 * Backlog.md's keys such as task_prefix) is read as a backlog by every
 * read-only command.  Its config maps onto struct prio_config
 * (backlogmd_dir set); its stories are the task files under
 * <dir>/tasks, <dir>/drafts (status Draft) and <dir>/completed
 * (terminal), readme.md files excepted; its IDs are BACK-12, BACK-12.1
 * (task_prefix, default "task", any case) and DRAFT-3.  A story's keys
 * are read under prio's names: ordinal is the rank, dependencies are
 * depends-on, created_date is created.  Its criteria are the items
 * between <!-- AC:BEGIN --> and <!-- AC:END --> in the Acceptance
 * Criteria section, each "#<n> " number dropped.
 */
#ifndef PRIO_BACKLOGMD_H
#define PRIO_BACKLOGMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "prio/config.h"
#include "prio/source.h"

struct story_ctx;

/*
 * Reads the Backlog.md config of src.  Returns PRIO_ENOTFOUND when
 * there is none (or the file holds none of Backlog.md's keys);
 * PRIO_OK and *out, with *hash the key of the parse cache (it differs
 * from any prio.yml's); PRIO_ECONFIG after diagnostics with line and
 * column.
 */
int backlogmd_load_config(struct prio_config **out, struct prio_source *src,
    uint64_t *hash, struct prio_diags *diags);

/*
 * Lists the story files of cfg's backlog, sorted by path: the *.md files
 * under backlog/stories for prio, or under a Backlog.md project's tasks,
 * drafts and completed folders (readme.md left out).  As
 * prio_source_list().
 */
int backlog_list_story_files(const struct prio_config *cfg,
    struct prio_source *src, struct prio_source_file **files, size_t *count,
    struct prio_diags *diags);

/*
 * Parses a Backlog.md ID at the start of s: the prefix or "draft" (any
 * case), '-', a number, and up to two ".<number>" parts.  Returns the
 * length parsed (0 when s does not start with an ID) and *num, a
 * number that orders IDs as Backlog.md does (BACK-2 < BACK-2.1 <
 * BACK-10; drafts after tasks) and is the same for two spellings of
 * one ID ("back-07", "BACK-7").
 */
size_t backlogmd_id_parse(const char *s, const char *prefix,
    unsigned long *num);

/* The prio key that a Backlog.md key stands for ("ordinal" -> "rank"),
 * the key itself when prio reads it under its own name, or NULL for a
 * prio key that Backlog.md does not have ("rank"), which is left alone. */
const char *backlogmd_key(const char *key);

/* Backlog.md's created_date: YYYY-MM-DD, optionally " HH:MM". */
bool backlogmd_is_date(const char *s);

/* Whether path is in the project's drafts or completed folder. */
bool backlogmd_in_folder(const struct prio_config *cfg, const char *path,
    const char *folder);

/* The ID at the start of the file name matches num: "back-12 - x.md". */
bool backlogmd_name_matches(const struct prio_config *cfg, const char *path,
    unsigned long num);

#endif
