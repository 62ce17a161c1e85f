/*
 * backlogmd.h — a Backlog.md config read as prio's, internal to the
 * library (backlogmd.c).
 *
 * A repository with no backlog/prio.yml but a Backlog.md config
 * (backlog/config.yml, or backlog.config.yml at the root, holding
 * Backlog.md's keys such as task_prefix) is a Backlog.md project.  Its
 * config maps onto struct prio_config under the Backlog.md dialect
 * (prio/dialect.h, which says everything else about its files): the
 * statuses are Draft and then its statuses, the last terminal; its
 * priorities order stories of equal ordinal.
 */
#ifndef PRIO_BACKLOGMD_H
#define PRIO_BACKLOGMD_H

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
 * The same from len bytes of the file at path (backlog/config.yml or,
 * with backlog_directory, backlog.config.yml): for a tree that no
 * prio_source reads, such as a commit's in the audit trail.
 */
int backlogmd_parse_config(struct prio_config **out, const char *path,
    const char *data, size_t len, struct prio_diags *diags);

#endif
