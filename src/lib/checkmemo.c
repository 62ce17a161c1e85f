/*
 * checkmemo.c — the last staged checks' verdicts (prio/checkmemo.h).
 *
 * The file: "PRIOCM04", the build salt (cache_build_salt), a count of
 * verdicts (at most two), then each: its length (64 bits), the stories
 * tree id and prio.yml's blob id (20 bytes each: the key), the story
 * count, the files (a count, then each: name, blob id, size), then the
 * problems found in one file and those between stories (each a count of
 * runs of one path, then each run: the path and the problems as the
 * caches write one file's).  Numbers and strings as binio.h writes them.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <git2/sys/mempack.h>
#include <git2/sys/odb_backend.h>

#include "prio/buf.h"
#include "prio/checkmemo.h"
#include "prio/config.h"
#include "prio/dialect.h"
#include "prio/error.h"
#include "prio/rules.h"
#include "binio.h"
#include "cache.h"

#define MEMO_MAGIC "PRIOCM04"
#define MEMO_MAX_SIZE (256u << 20)

/* Diagnostics of any paths: each run of one path, its path and then
 * as the caches write one file's (cache_put_diags). */
static void
put_diags(struct prio_buf *b, const struct prio_diags *d)
{
	struct prio_diags run;
	size_t i, k, nruns = 0;

	for (i = 0; i < d->count; i = k, nruns++)
		for (k = i + 1; k < d->count && strcmp(d->items[k].path,
		    d->items[i].path) == 0; k++)
			;
	put_u32(b, (uint32_t)nruns);
	for (i = 0; i < d->count; i = k) {
		for (k = i + 1; k < d->count && strcmp(d->items[k].path,
		    d->items[i].path) == 0; k++)
			;
		run = (struct prio_diags){ d->items + i, k - i, k - i };
		put_str(b, d->items[i].path);
		cache_put_diags(b, &run);
	}
}

static void
get_diags(struct reader *r, struct prio_diags *out)
{
	uint32_t n = get_u32(r), i;
	const char *path;

	for (i = 0; i < n && !r->bad; i++) {
		if ((path = view_str(r)) == NULL)
			r->bad = true;
		else
			cache_get_diags(r, path, out);
	}
}

/* Room for n more files at once: a listing of 10,000 grown step by
 * step spends its time copying. */
static void
reserve_files(struct prio_check_memo *m, size_t n)
{
	prio_xgrow(&m->files, &m->capfiles, m->nfiles + n, sizeof(*m->files));
}

static void
add_file(struct prio_check_memo *m, const char *name, size_t len,
    const git_oid *oid, size_t size)
{
	struct prio_memo_file *f;

	prio_xgrow(&m->files, &m->capfiles, m->nfiles + 1, sizeof(*m->files));
	f = &m->files[m->nfiles++];
	f->name = prio_xstrndup(name, len);
	git_oid_cpy(&f->oid, oid);
	f->size = size;
}

/* The files, their names pointing into the memo's bytes. */
static bool
read_files(struct reader *r, struct prio_check_memo *m)
{
	uint32_t n = get_u32(r), i;
	struct prio_memo_file *f;
	const char *name;

	if (r->bad || n > (size_t)(r->end - r->p) / 33)
		return false;
	reserve_files(m, n);
	for (i = 0; i < n; i++) {
		name = view_str(r);
		f = &m->files[m->nfiles];
		get(r, f->oid.id, GIT_OID_RAWSZ);
		f->size = (size_t)get_u64(r);
		/* Sorted, strictly: binary search relies on it. */
		if (r->bad || name == NULL || (m->nfiles > 0 &&
		    strcmp(m->files[m->nfiles - 1].name, name) >= 0))
			return false;
		f->name = (char *)name;
		m->nfiles++;
	}
	return true;
}

/* One verdict, from r (at its key). */
static bool
read_memo(struct reader *r, struct prio_check_memo *m)
{
	bool ok = get(r, m->stories.id, GIT_OID_RAWSZ) &&
	    get(r, m->config.id, GIT_OID_RAWSZ);

	m->nstories = (size_t)get_u64(r);
	ok = ok && read_files(r, m);
	if (ok) {
		get_diags(r, &m->in_file);
		get_diags(r, &m->between);
	}
	return ok && !r->bad && r->p == r->end;
}

int
prio_check_memo_load(struct prio_check_memo *m, const char *path,
    const git_oid *stories, const git_oid *config)
{
	struct prio_buf data = PRIO_BUF_INIT;
	struct reader r, one;
	char magic[8];
	uint32_t n, i;
	uint64_t len;
	int fd;
	bool ok, found = false;

	memset(m, 0, sizeof(*m));
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return PRIO_ENOTFOUND;
	/* Names point into the bytes: those of a verdict read must stay. */
	ok = prio_buf_read_fd(&data, fd) == 0 && data.len < MEMO_MAX_SIZE;
	close(fd);
	r = (struct reader){ (const unsigned char *)data.ptr,
	    (const unsigned char *)data.ptr + data.len, !ok };
	ok = get(&r, magic, sizeof(magic)) &&
	    memcmp(magic, MEMO_MAGIC, sizeof(magic)) == 0 &&
	    get_u64(&r) == cache_build_salt();
	n = get_u32(&r);
	for (i = 0; ok && !found && i < n; i++) {
		len = get_u64(&r);
		if (r.bad || len < 2 * GIT_OID_RAWSZ ||
		    len > (uint64_t)(r.end - r.p))
			break;
		one = (struct reader){ r.p, r.p + len, false };
		r.p += len;
		found = (stories == NULL ||
		    memcmp(one.p, stories->id, GIT_OID_RAWSZ) == 0) &&
		    memcmp(one.p + GIT_OID_RAWSZ, config->id,
		    GIT_OID_RAWSZ) == 0;
		if (found && !read_memo(&one, m))
			found = false, ok = false;
	}
	if (!found) {
		/* Its names were views into data: not each to free. */
		m->nfiles = 0;
		prio_buf_free(&data);
		prio_check_memo_free(m);
		return PRIO_ENOTFOUND;
	}
	m->data = prio_buf_detach(&data, NULL);
	return PRIO_OK;
}

static void
put_memo(struct prio_buf *b, const struct prio_check_memo *m)
{
	size_t at, i;
	uint64_t len;

	put_u64(b, 0);
	at = b->len;
	prio_buf_add(b, m->stories.id, GIT_OID_RAWSZ);
	prio_buf_add(b, m->config.id, GIT_OID_RAWSZ);
	put_u64(b, m->nstories);
	put_u32(b, (uint32_t)m->nfiles);
	for (i = 0; i < m->nfiles; i++) {
		put_str(b, m->files[i].name);
		prio_buf_add(b, m->files[i].oid.id, GIT_OID_RAWSZ);
		put_u64(b, m->files[i].size);
	}
	put_diags(b, &m->in_file);
	put_diags(b, &m->between);
	len = b->len - at;
	memcpy(b->ptr + at - sizeof(len), &len, sizeof(len));
}

void
prio_check_memo_save(const char *path, const struct prio_check_memo *m,
    const struct prio_check_memo *also)
{
	struct prio_buf b = PRIO_BUF_INIT;
	bool two = also && !(git_oid_equal(&m->stories, &also->stories) &&
	    git_oid_equal(&m->config, &also->config));

	prio_buf_add(&b, MEMO_MAGIC, 8);
	put_u64(&b, cache_build_salt());
	put_u32(&b, two ? 2 : 1);
	put_memo(&b, m);
	if (two)
		put_memo(&b, also);
	cache_replace_file(path, &b, NULL);
	prio_buf_free(&b);
}

void
prio_check_memo_free(struct prio_check_memo *m)
{
	size_t i;

	for (i = 0; !m->data && i < m->nfiles; i++)
		free(m->files[i].name);
	free(m->files);
	free(m->data);
	prio_diags_free(&m->in_file);
	prio_diags_free(&m->between);
	memset(m, 0, sizeof(*m));
}

static int
cmp_name(const void *key, const void *elem)
{
	return strcmp(key, ((const struct prio_memo_file *)elem)->name);
}

struct prio_memo_file *
prio_check_memo_find(const struct prio_check_memo *m, const char *name)
{
	return m->nfiles ? bsearch(name, m->files, m->nfiles,
	    sizeof(*m->files), cmp_name) : NULL;
}

/* The id of the tree or blob at path in the tree root. */
static bool
id_at(git_repository *repo, const git_oid *root, const char *path,
    git_object_t type, git_oid *out)
{
	git_tree *tree = NULL;
	git_tree_entry *e = NULL;
	bool found;

	found = git_tree_lookup(&tree, repo, root) == 0 &&
	    git_tree_entry_bypath(&e, tree, path) == 0 &&
	    git_tree_entry_type(e) == type;
	if (found)
		git_oid_cpy(out, git_tree_entry_id(e));
	git_tree_entry_free(e);
	git_tree_free(tree);
	return found;
}

/* The folder of cfg's dialect numbered i, from the top: "backlog/tasks". */
static char *
folder_path(const struct prio_config *cfg, size_t i)
{
	return prio_xasprintf("%s/%s", cfg->dir, cfg->dialect->folders[i].dir);
}

/*
 * The key of the tree root: every story folder's tree id (zeros for a
 * folder it has not), hashed with the folder's path, in the dialect's
 * order; and the blob id of the first of the dialect's config files it
 * holds.  False when it holds none.
 */
static bool
key_of_root(git_repository *repo, const git_oid *root,
    const struct prio_config *cfg, git_oid *stories, git_oid *config)
{
	const char *const *p;
	struct prio_buf b = PRIO_BUF_INIT;
	git_oid tree;
	size_t i;
	char *dir;
	bool found = false;

	for (p = cfg->dialect->config_paths; *p && !found; p++)
		found = id_at(repo, root, *p, GIT_OBJECT_BLOB, config);
	for (i = 0; found && i < cfg->dialect->nfolders; i++) {
		dir = folder_path(cfg, i);
		if (!id_at(repo, root, dir, GIT_OBJECT_TREE, &tree))
			memset(&tree, 0, sizeof(tree));
		prio_buf_add(&b, dir, strlen(dir) + 1);
		prio_buf_add(&b, tree.id, GIT_OID_RAWSZ);
		free(dir);
	}
	/* Hashing a buffer in memory fails only on a libgit2 bug. */
	found = found && git_odb_hash(stories, b.ptr, b.len,
	    GIT_OBJECT_BLOB) == 0;
	prio_buf_free(&b);
	return found;
}

int
prio_check_memo_key_at(git_repository *repo, const char *rev,
    const struct prio_config *cfg, git_oid *stories, git_oid *config)
{
	git_object *tree = NULL;
	char *spec = prio_xasprintf("%s^{tree}", rev);
	bool found;

	found = git_revparse_single(&tree, repo, spec) == 0 &&
	    key_of_root(repo, git_object_id(tree), cfg, stories, config);
	git_object_free(tree);
	free(spec);
	git_error_clear();
	return found ? PRIO_OK : PRIO_ENOTFOUND;
}

/*
 * The key of index.  git_index_write_tree_to() answers from the index's
 * cached trees when they are whole (git makes them so before the
 * pre-commit hook) and writes no object then; when they are not, it
 * writes the trees, so it is given a repository whose object database
 * writes into memory (a mempack) and reads the real objects as an
 * alternate: nothing reaches the repository.
 */
static bool
key_of_index(git_repository *repo, git_index *index,
    const struct prio_config *cfg, git_oid *stories, git_oid *config)
{
	git_odb *odb = NULL;
	git_odb_backend *mem = NULL;
	git_repository *scratch = NULL;
	git_oid root;
	char *objects = prio_xasprintf("%sobjects",
	    git_repository_path(repo));
	bool found;

	found = git_odb_new(&odb) == 0 && git_mempack_new(&mem) == 0 &&
	    git_odb_add_backend(odb, mem, 2) == 0 && ((mem = NULL), true) &&
	    git_odb_add_disk_alternate(odb, objects) == 0 &&
	    git_repository_wrap_odb(&scratch, odb) == 0 &&
	    git_index_write_tree_to(&root, index, scratch) == 0 &&
	    key_of_root(scratch, &root, cfg, stories, config);
	if (mem)
		mem->free(mem);
	git_repository_free(scratch);
	git_odb_free(odb);
	free(objects);
	git_error_clear();
	return found;
}

/* Whether the entry at path, in folder number i, is one of its story
 * files; *ok false when it is one a memo cannot describe: a folder or
 * link where the dialect reads sub-folders (prio's stories/). */
static bool
memo_story(const struct prio_config *cfg, size_t i, const char *path,
    bool blob, bool *ok)
{
	const char *rest = path + strlen(cfg->dir) + 1 +
	    strlen(cfg->dialect->folders[i].dir) + 1;

	if (cfg->dialect->folders[i].recursive && (!blob ||
	    strchr(rest, '/') != NULL)) {
		*ok = false;
		return false;
	}
	return blob && strchr(rest, '/') == NULL &&
	    prio_config_is_story_path(cfg, path, true);
}

static int
cmp_file(const void *a, const void *b)
{
	return strcmp(((const struct prio_memo_file *)a)->name,
	    ((const struct prio_memo_file *)b)->name);
}

/* Sorts m's files by path: the folders come in the dialect's order,
 * each sorted already (one folder, prio's, needs no sort at all). */
static void
sort_files(struct prio_check_memo *m)
{
	size_t i;

	for (i = 1; i < m->nfiles; i++)
		if (strcmp(m->files[i - 1].name, m->files[i].name) > 0) {
			qsort(m->files, m->nfiles, sizeof(*m->files),
			    cmp_file);
			return;
		}
}

/* Adds index's story files of folder number i to m; false when one is
 * not a file a memo describes (in conflict, a folder or link). */
static bool
index_files(struct prio_check_memo *m, git_index *index,
    const struct prio_config *cfg, size_t i)
{
	char *dir = folder_path(cfg, i), *prefix = prio_xasprintf("%s/", dir);
	size_t plen = strlen(prefix), n = git_index_entrycount(index), pos;
	const git_index_entry *e;
	bool ok = true, blob;

	if (git_index_find_prefix(&pos, index, prefix) < 0)
		pos = n;
	reserve_files(m, n - pos);
	for (; ok && pos < n; pos++) {
		e = git_index_get_byindex(index, pos);
		if (strncmp(e->path, prefix, plen) != 0)
			break;
		blob = e->mode == GIT_FILEMODE_BLOB ||
		    e->mode == GIT_FILEMODE_BLOB_EXECUTABLE;
		if (memo_story(cfg, i, e->path, blob, &ok))
			add_file(m, e->path, strlen(e->path), &e->id,
			    e->file_size);
		else if (!blob && ok && strchr(e->path + plen, '/') == NULL &&
		    prio_config_is_story_path(cfg, e->path, true))
			ok = false;     /* a link named as a story */
	}
	git_error_clear();
	free(prefix);
	free(dir);
	return ok;
}

int
prio_check_memo_of_index(struct prio_check_memo *m, git_repository *repo,
    git_index *index, const struct prio_config *cfg)
{
	size_t i;
	bool ok;

	memset(m, 0, sizeof(*m));
	ok = !git_index_has_conflicts(index);
	for (i = 0; ok && i < cfg->dialect->nfolders; i++)
		ok = index_files(m, index, cfg, i);
	if (!ok || !key_of_index(repo, index, cfg, &m->stories, &m->config)) {
		prio_check_memo_free(m);
		git_error_clear();
		return PRIO_ENOTFOUND;
	}
	sort_files(m);
	return PRIO_OK;
}

/* Adds the story files of folder number i of the tree root to m.  The
 * paths are built in one buffer: 10,000 formatted strings cost the hook
 * milliseconds. */
static bool
tree_files(struct prio_check_memo *m, git_repository *repo,
    git_tree *root, const struct prio_config *cfg, size_t i)
{
	git_tree_entry *te = NULL;
	git_tree *t = NULL;
	const git_tree_entry *e;
	struct prio_buf path = PRIO_BUF_INIT;
	char *dir = folder_path(cfg, i);
	size_t k, n, plen;
	bool ok = true, blob;

	if (git_tree_entry_bypath(&te, root, dir) == 0 &&
	    git_tree_entry_type(te) == GIT_OBJECT_TREE)
		ok = git_tree_lookup(&t, repo, git_tree_entry_id(te)) == 0;
	n = t ? git_tree_entrycount(t) : 0;
	reserve_files(m, n);
	prio_buf_addf(&path, "%s/", dir);
	plen = path.len;
	for (k = 0; ok && k < n; k++) {
		e = git_tree_entry_byindex(t, k);
		prio_buf_truncate(&path, plen);
		prio_buf_adds(&path, git_tree_entry_name(e));
		blob = git_tree_entry_filemode(e) == GIT_FILEMODE_BLOB ||
		    git_tree_entry_filemode(e) == GIT_FILEMODE_BLOB_EXECUTABLE;
		if (memo_story(cfg, i, path.ptr, blob, &ok))
			add_file(m, path.ptr, path.len, git_tree_entry_id(e),
			    0);
		else if (!blob && ok && git_tree_entry_type(e) !=
		    GIT_OBJECT_TREE && prio_config_is_story_path(cfg,
		    path.ptr, true))
			ok = false;     /* a link named as a story */
	}
	prio_buf_free(&path);
	git_tree_free(t);
	git_tree_entry_free(te);
	free(dir);
	return ok;
}

int
prio_check_memo_of_rev(struct prio_check_memo *m, git_repository *repo,
    const char *rev, const struct prio_config *cfg)
{
	git_object *root = NULL;
	char *spec = prio_xasprintf("%s^{tree}", rev);
	size_t i;
	bool ok;

	memset(m, 0, sizeof(*m));
	ok = git_revparse_single(&root, repo, spec) == 0 &&
	    key_of_root(repo, git_object_id(root), cfg, &m->stories,
	    &m->config);
	for (i = 0; ok && i < cfg->dialect->nfolders; i++)
		ok = tree_files(m, repo, (git_tree *)root, cfg, i);
	git_object_free(root);
	free(spec);
	git_error_clear();
	if (!ok) {
		prio_check_memo_free(m);
		return PRIO_ENOTFOUND;
	}
	sort_files(m);
	return PRIO_OK;
}
