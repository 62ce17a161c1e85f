/* source_impl.h — the inside of struct prio_source, library-internal. */
#ifndef PRIO_SOURCE_IMPL_H
#define PRIO_SOURCE_IMPL_H

#include <pthread.h>
#include <stdbool.h>

#include "prio/source.h"

struct source_list {
	struct prio_source_file *files;
	size_t count;
	size_t cap;
};

struct source_ops {
	int (*list)(struct prio_source *src, const char *dir,
	    struct source_list *l, struct prio_diags *diags);
	int (*read)(struct prio_source *src, const char *path,
	    size_t max_size, struct prio_buf *out, char **why);
	void (*free)(struct prio_source *src);
};

struct prio_source {
	const struct source_ops *ops;
	enum prio_source_kind kind;
	git_repository *repo;   /* borrowed */
	char *root;             /* work tree, with a trailing '/' */
	size_t root_len;
	char *checked_dir;      /* last folder found inside the work tree */
	pthread_mutex_t lock;   /* guards checked_dir */
	git_index *index;
	bool index_borrowed;    /* index is the caller's */
	git_tree *tree;
};

/* Adds a file to l; problem (owned, may be NULL) as in prio/source.h. */
void source_files_add(struct source_list *l, const char *path, size_t size,
    char *problem);
/* Room for more files, so a large folder grows the list once. */
void source_files_reserve(struct source_list *l, size_t more);
/* The same, taking path (allocated) rather than copying it. */
void source_files_take(struct source_list *l, char *path, size_t size,
    char *problem);
/* The same, for a file whose blob id is known (index, commits). */
void source_files_add_oid(struct source_list *l, const char *path,
    size_t size, const git_oid *oid, char *problem);
/* A name that may be a story: "*.md", not hidden. */
bool source_is_story_name(const char *name);

#endif
