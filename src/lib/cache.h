/*
 * cache.h — parsed stories kept between runs, as git keeps stat data in
 * its index.  Internal to the library; used by backlog.c for the work
 * tree only.
 *
 * An entry holds a story file's path, its stat stamp, the parsed story
 * (the light form) and the diagnostics its parse gave.  An entry is used
 * only when the file's stamp is unchanged and the config is the one the
 * entry was made with, by the same prio build (the whole cache is keyed
 * by a hash of prio.yml, the build and the cache format).  Entries whose mtime or ctime is within two
 * seconds of the moment the cache is written are not stored ("racily
 * clean", as git calls it): a later edit in the same clock tick could
 * otherwise keep its old stamp.
 *
 * Any damage to the file (truncated, foreign, another version) makes the
 * cache empty; it is never trusted beyond a bounds-checked read.
 */
#ifndef PRIO_CACHE_H
#define PRIO_CACHE_H

#include <stdint.h>

#include "prio/diag.h"
#include "prio/source.h"
#include "prio/story.h"

struct story_cache;

/* 64-bit FNV-1a, for keying the cache by the config's bytes. */
uint64_t cache_hash(const void *data, size_t len);

/*
 * Identifies the running prio build: cached stories carry diagnostics
 * worded by the build that parsed them, so another build (an upgrade, a
 * rebuild) must not use them.  The executable's size, modification time
 * and inode: one stat of /proc/self/exe; 0 where that does not exist.
 */
uint64_t cache_build_salt(void);

/* Reads the cache at path; an absent or damaged file gives an empty
 * cache.  Never NULL; free with story_cache_free. */
struct story_cache *story_cache_load(const char *path, uint64_t config_hash);

/* The cached story for f, with its diagnostics appended to diags, or
 * NULL when there is no valid entry.  Safe to call from several threads
 * at once.  The caller owns the story. */
struct prio_story *story_cache_get(const struct story_cache *c,
    const struct prio_source_file *f, struct prio_diags *diags);

/* How many entries the cache holds. */
size_t story_cache_count(const struct story_cache *c);

/*
 * Writes n stories with their per-file diagnostics to path, atomically
 * (a temporary file renamed over it).  Best effort: a repository we may
 * not write to simply has no cache.
 */
void story_cache_save(const char *path, uint64_t config_hash,
    const struct prio_source_file *files, struct prio_story *const *stories,
    const struct prio_diags *diags, size_t n);

void story_cache_free(struct story_cache *c);

#endif
