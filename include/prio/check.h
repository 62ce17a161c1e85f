/*
 * prio/check.h — the rules between stories (SPEC §3.4): duplicate-id,
 * missing-dependency, dependency-cycle, rank-before-dependency,
 * rank-tie.  The rules one file breaks on its own are found while it is
 * parsed (story.h); a full check is prio_backlog_load() then this.
 */
#ifndef PRIO_CHECK_H
#define PRIO_CHECK_H

#include "prio/backlog.h"

/* Adds the diagnostics of the cross-story rules to diags. */
void prio_check_backlog(const struct prio_backlog *b,
    struct prio_diags *diags);

#endif
