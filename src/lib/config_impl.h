/*
 * config_impl.h — what the two config readers share: prio.yml
 * (config.c) and a Backlog.md project's config (backlogmd.c).  Internal
 * to the library.
 */
#ifndef PRIO_CONFIG_IMPL_H
#define PRIO_CONFIG_IMPL_H

#include "prio/config.h"
#include "prio/diag.h"
#include "yaml_tree.h"

/* A config being read: errors go to diags, counted. */
struct cfg_ctx {
	struct prio_config *c;
	const char *path;
	struct prio_diags *diags;
	int errors;
};

/* A "config" error at node at (the file's start when NULL). */
void cfg_error(struct cfg_ctx *x, const struct ynode *at, const char *fmt,
    ...) __attribute__((format(printf, 3, 4)));

#endif
