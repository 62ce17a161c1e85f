/*
 * prio/backlog.h — all stories of a backlog, ordered (SPEC §2.2).
 *
 * prio_backlog_load() reads backlog/prio.yml and every story file through
 * a source (work tree, index or commit), parses them, and orders them:
 *
 *   1. open stories with a rank, by rank, then ID number;
 *   2. open stories without a rank, by score (highest first; unscored
 *      last), then ID number;
 *   3. terminal stories, by ID number;
 *   4. files that could not be read as stories (no front matter, no
 *      valid id), by path.
 *
 * Stories in groups 1 and 2 have positions 1..open_count.
 */
#ifndef PRIO_BACKLOG_H
#define PRIO_BACKLOG_H

#include "prio/config.h"
#include "prio/diag.h"
#include "prio/source.h"
#include "prio/story.h"

struct prio_backlog {
	struct prio_config *config;
	struct prio_story **stories;  /* owned; in the order above */
	size_t count;
	size_t open_count;            /* stories[0..open_count) are ranked */
	struct prio_story **by_id;    /* borrowed; stories with an id, by
	                               * id number then path */
	size_t nby_id;
	/* Stories whose IDs are taken but which are not listed (a
	 * dialect's archive folder): in by_id, not in stories.  Owned. */
	struct prio_story **archived;
	size_t narchived;
	size_t parsed;                /* files read and parsed this time */
	size_t cached;                /* files taken from the cache */
};

/*
 * Loads the backlog of src.  Returns PRIO_OK and *out (free with
 * prio_backlog_free); per-file problems are diagnostics, not failures.
 * Returns PRIO_ENOTFOUND when src has no backlog/prio.yml, PRIO_ECONFIG
 * when the config is wrong (diagnostics say where), PRIO_EIO/PRIO_EGIT
 * when the source cannot be listed, PRIO_EFETCH when a partial clone has
 * not fetched a story's blob (the last diagnostic names the first one,
 * and how to fetch it; prio/shallow.h): a backlog with holes is no
 * backlog to show.
 */
int prio_backlog_load(struct prio_backlog **out, struct prio_source *src,
    struct prio_diags *diags);

/*
 * The same, keeping parsed stories between runs in the file cache_path.
 * For a work-tree source it is the stat cache (the CLI's is
 * $GIT_DIR/prio/stories.cache): a story file whose size, times and inode
 * are unchanged is not read again.  For the index and commits it is the
 * blob cache ($GIT_DIR/prio/blobs.cache): a story whose blob was parsed
 * before, by any command, is not read again.  cache_path NULL is
 * prio_backlog_load().  Caches are best effort: rewritten when stories
 * changed; an unwritable or damaged cache only costs the time to parse.
 */
int prio_backlog_load_cached(struct prio_backlog **out,
    struct prio_source *src, const char *cache_path,
    struct prio_diags *diags);

/*
 * Only the story files given (sorted by path, as prio_source_list gives
 * them): each story and its diagnostics as a load of the whole backlog
 * gives them, without listing or reading the other files (the hook's
 * check of the few files a commit writes, prio/checkmemo.h).  No cache.
 */
int prio_backlog_load_files(struct prio_backlog **out,
    struct prio_source *src, const struct prio_source_file *files, size_t n,
    struct prio_diags *diags);

/*
 * Whether path (repository-relative) is where cfg's dialect keeps a
 * story that is listed: a file a load would read as a story, by the
 * folders and name patterns of the dialect (an archived task is not
 * one).  The name alone decides; nothing is read.
 */
bool prio_backlog_is_story_path(const struct prio_config *cfg,
    const char *path);

/*
 * The config of the backlog in src: backlog/prio.yml, else a Backlog.md
 * project's config (the Backlog.md dialect), read as the loaders read
 * it.  PRIO_OK and *out (free with prio_config_free); PRIO_ENOTFOUND
 * when there is neither; PRIO_ECONFIG or PRIO_EFETCH with diagnostics.
 */
int prio_config_load(struct prio_config **out, struct prio_source *src,
    struct prio_diags *diags);

/* The first story (by path) with this id, or NULL.  Borrowed. */
struct prio_story *prio_backlog_find(const struct prio_backlog *b,
    const char *id);

/*
 * The order scores propose (`prio rank --by score`): the open stories by
 * score, highest first, ties by ID number; then the unscored ones in
 * their current order (the score proposes nothing for them).  *out is an
 * allocated array of open_count borrowed pointers (caller frees the
 * array only).
 */
void prio_backlog_score_order(const struct prio_backlog *b,
    struct prio_story ***out);

/* Backlog order of two stories, as described above. */
int prio_backlog_cmp(const struct prio_story *a, const struct prio_story *b);

/*
 * What places a story in the order, without the rest of the story: for
 * code that orders more stories than it holds (prio diff keeps only
 * this much of each story of a commit).  prio_backlog_cmp compares
 * exactly these.  group is 0 to 3 as in the list above.
 */
struct prio_order_key {
	struct prio_rank rank;   /* rank.text NULL: unranked; borrowed */
	const char *path;        /* borrowed */
	double score;
	unsigned long id_num;
	int priority;            /* higher first, after the rank */
	int group;
	bool has_score;
};

/* The key of s; it borrows s's rank text and path. */
void prio_order_key_of(struct prio_order_key *k, const struct prio_story *s);
int prio_order_key_cmp(const struct prio_order_key *a,
    const struct prio_order_key *b);

void prio_backlog_free(struct prio_backlog *b);

#endif
