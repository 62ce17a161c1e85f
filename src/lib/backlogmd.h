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

#include "prio/config.h"

/*
 * Reads a Backlog.md config from len bytes of the file at path
 * (backlog/config.yml, or backlog.config.yml at the top, where its
 * backlog_directory counts): the Backlog.md dialect's parse_config.
 * PRIO_ENOTFOUND when the file holds none of Backlog.md's keys; PRIO_OK
 * and *out; PRIO_ECONFIG after diagnostics with line and column.
 */
int backlogmd_parse_config(struct prio_config **out, const char *path,
    const char *data, size_t len, struct prio_diags *diags);

#endif
