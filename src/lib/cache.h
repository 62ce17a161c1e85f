/*
 * cache.h — parsed stories kept between runs.  Internal to the library.
 *
 * Two caches share one file format and one serialisation of a story:
 *
 * The stat cache (backlog.c, work tree only), as git keeps stat data in
 * its index.  An entry holds a story file's path, its stat stamp, the
 * parsed story (the light form) and the diagnostics its parse gave.  An
 * entry is used only when the file's stamp is unchanged and the config
 * is the one the entry was made with, by the same prio build (the whole
 * cache is keyed by a hash of prio.yml, the build and the cache format).
 * Entries whose mtime or ctime is within two seconds of the moment the
 * cache is written are not stored ("racily clean", as git calls it): a
 * later edit in the same clock tick could otherwise keep its old stamp.
 *
 * The blob cache (bdiff.c: stories in commits).  An entry is keyed by the
 * story file's path, its blob id and the config hash: the blob id is a
 * hash of the content, so an entry can never be stale, and the path is
 * in the key because the parse depends on it (the ID in the file name).
 * Entries for several configs live side by side, so comparing two
 * commits whose prio.yml differs keeps both sets.  The body is the
 * parsed story and its diagnostics, as in the stat cache; an entry made
 * from a full parse (a story prio diff compared) also holds its
 * criteria texts and scalar front-matter values, so the next diff of
 * the same commits reads no story file at all.  The file is
 * rewritten only when a run added entries; entries this run did not use
 * are dropped when the file has grown past four times what the run used
 * (plus 1024), so it stays near the size of the backlogs in use.
 *
 * The file: "PRIOSC02" or "PRIOBC01", a 64-bit hash (config and build,
 * or build only), the entry count, a table of entry offsets, then the
 * entries sorted by key, each a 32-bit key length, the key, a 32-bit
 * body length and the body: the stat stamp (stat cache only), the
 * story, its diagnostics, and a flag saying whether the extras of a full
 * parse follow.  Strings are a 32-bit length and the bytes with a
 * terminating NUL, so a reader may point into the file instead of
 * copying; the story's canonical rank follows the rank as written, so
 * an order key needs no parsing.
 *
 * The file is mapped (reading 3 MB into fresh memory costs several times
 * as much on the machines we measured), checked whole when it is opened
 * (every offset, length and the key order), and any damage (truncated,
 * foreign, another version) makes the cache empty; it is never trusted
 * beyond a bounds-checked read.  prio replaces the file by rename, never
 * rewrites it in place, so a mapped file does not change under a reader.
 */
#ifndef PRIO_CACHE_H
#define PRIO_CACHE_H

#include <git2.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "prio/backlog.h"
#include "prio/diag.h"
#include "prio/source.h"
#include "prio/story.h"

/* 64-bit FNV-1a, for keying the cache by the config's bytes. */
uint64_t cache_hash(const void *data, size_t len);

/*
 * Identifies the running prio build: cached stories carry diagnostics
 * worded by the build that parsed them, so another build (an upgrade, a
 * rebuild) must not use them.  The executable's size, modification time
 * and inode: one stat of /proc/self/exe; 0 where that does not exist.
 */
uint64_t cache_build_salt(void);
/* The key of a config's parse cache: its bytes, the build, and for a
 * dialect other than prio's its path (the same bytes in another
 * format's config read other stories). */
uint64_t cache_config_hash(const char *path, const void *data, size_t len);

/* One file's diagnostics (d->items, all with the same path), written
 * (binio.h) without their path; read back with path as theirs, added to
 * out (a bad record marks r bad). */
struct reader;
void cache_put_diags(struct prio_buf *b, const struct prio_diags *d);
void cache_get_diags(struct reader *r, const char *path,
    struct prio_diags *out);

/* Writes head then rest (NULL: none) to path as a new file renamed over
 * it, making path's folder if need be: a reader that has the old file
 * open or mapped keeps it whole.  Best effort: on any error the old file
 * stays and the new one is removed. */
struct prio_buf;
void cache_replace_file(const char *path, const struct prio_buf *head,
    const struct prio_buf *rest);

/* ---- the stat cache ---- */

struct story_cache;

/* Reads the cache at path; an absent or damaged file gives an empty
 * cache.  Never NULL; free with story_cache_free. */
struct story_cache *story_cache_load(const char *path, uint64_t config_hash);

/* The cached story for f, with its diagnostics appended to diags, or
 * NULL when there is no valid entry; *stale is set when there is an
 * entry for f's path that f's stamp no longer matches.  Safe to call
 * from several threads at once.  The caller owns the story. */
struct prio_story *story_cache_get(const struct story_cache *c,
    const struct prio_source_file *f, struct prio_diags *diags, bool *stale);

/* How many entries the cache holds. */
size_t story_cache_count(const struct story_cache *c);

/* Whether the story s parsed from f may be stored: a regular file, not
 * racily clean at time now, parsed light. */
bool story_cache_storable(const struct prio_source_file *f,
    const struct prio_story *s, time_t now);

/*
 * Writes n stories with their per-file diagnostics to path, atomically
 * (a temporary file renamed over it).  files must be sorted by path.
 * Best effort: a repository we may not write to simply has no cache.
 */
void story_cache_save(const char *path, uint64_t config_hash,
    const struct prio_source_file *files, struct prio_story *const *stories,
    const struct prio_diags *diags, size_t n);

void story_cache_free(struct story_cache *c);

/* ---- the blob cache (single-threaded) ---- */

struct blob_cache;

/* Opens the cache at path (NULL: a cache that keeps nothing); an absent
 * or damaged file gives an empty cache.  Never NULL. */
struct blob_cache *blob_cache_open(const char *path);

/*
 * The order key (see prio/backlog.h) of the story in blob id at path,
 * parsed with the config of config_hash.  Returns false when there is
 * no valid entry.  The key's rank text and path point into the cache
 * and stay valid until blob_cache_free.
 */
bool blob_cache_key(struct blob_cache *c, uint64_t config_hash,
    const char *path, const git_oid *id, struct prio_order_key *key);

/*
 * The whole cached story, its diagnostics appended to diags, or NULL.
 * Light, or with full what PRIO_PARSE_FULL adds that prio diff compares:
 * each criterion's text and the scalar fields (not lists or positions);
 * NULL when the entry was not made from a full parse.  The caller owns
 * the story.
 */
struct prio_story *blob_cache_get(struct blob_cache *c, uint64_t config_hash,
    const char *path, const git_oid *id, bool full, struct prio_diags *diags);

/* Adds the story parsed from blob id at path (with PRIO_PARSE_FULL when
 * full), with the diagnostics of that parse, to be written by
 * blob_cache_save; it replaces an entry with the same key. */
void blob_cache_put(struct blob_cache *c, uint64_t config_hash,
    const char *path, const git_oid *id, const struct prio_story *s,
    bool full, const struct prio_diags *diags);

/* Entries found and entries added so far. */
size_t blob_cache_hits(const struct blob_cache *c);
size_t blob_cache_added(const struct blob_cache *c);

/* Writes the file again if entries were added (atomically, best
 * effort, as story_cache_save). */
void blob_cache_save(struct blob_cache *c);

void blob_cache_free(struct blob_cache *c);

#endif
