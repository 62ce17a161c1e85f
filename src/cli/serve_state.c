/*
 * serve_state — what the page's data is based on, cheaply: HEAD's
 * commit, the index's entries under backlog/ (their blob ids: not their
 * stat data, which git and libgit2 refresh on a mere read), and the stat
 * of every file under backlog/ in the work tree.
 * The page polls it every second or so to follow the repository, and
 * each write names the state it was based on, so that a write from an
 * old page is refused rather than overwriting another decision.  Stats
 * rather than contents: 10,000 stories cost a few milliseconds.
 */
#include <dirent.h>
#include <string.h>
#include <sys/stat.h>

#include "prio/buf.h"

#include "serve.h"

/* Adds one line per entry under dir (its path from base), depth first;
 * deep trees stop at a depth no backlog has. */
static void
add_tree(struct prio_buf *b, struct prio_buf *path, int depth)
{
	DIR *d;
	struct dirent *e;
	struct stat st;
	size_t len = path->len;

	if (depth > 32 || (d = opendir(path->ptr)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		prio_buf_truncate(path, len);
		prio_buf_addf(path, "/%s", e->d_name);
		if (lstat(path->ptr, &st) != 0)
			continue;
		prio_buf_addf(b, "%s %lld %lld.%ld %lld.%ld %llu %o\n",
		    path->ptr, (long long)st.st_size,
		    (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
		    (long long)st.st_ctim.tv_sec, st.st_ctim.tv_nsec,
		    (unsigned long long)st.st_ino, (unsigned)st.st_mode);
		if (S_ISDIR(st.st_mode))
			add_tree(b, path, depth + 1);
	}
	prio_buf_truncate(path, len);
	closedir(d);
}

void
serve_state(const struct serve *s, char *out)
{
	struct prio_buf b = PRIO_BUF_INIT, path = PRIO_BUF_INIT;
	const git_index_entry *e;
	git_index *index = NULL;
	git_oid head, sum;
	size_t i, n;

	if (git_reference_name_to_id(&head, s->repo, "HEAD") == 0)
		prio_buf_addf(&b, "HEAD %s\n", git_oid_tostr_s(&head));
	else
		prio_buf_adds(&b, "HEAD none\n");
	if (git_repository_index(&index, s->repo) == 0 &&
	    git_index_read(index, false) == 0) {
		n = git_index_entrycount(index);
		for (i = 0; i < n; i++) {
			e = git_index_get_byindex(index, i);
			if (strncmp(e->path, "backlog/", 8) == 0)
				prio_buf_addf(&b, "%s %o %d %s\n",
				    git_oid_tostr_s(&e->id), e->mode,
				    git_index_entry_stage(e), e->path);
		}
	}
	git_index_free(index);
	prio_buf_adds(&path, s->backlog_dir);
	add_tree(&b, &path, 0);
	git_odb_hash(&sum, b.ptr, b.len, GIT_OBJECT_BLOB);
	git_oid_tostr(out, GIT_OID_HEXSZ + 1, &sum);
	prio_buf_free(&path);
	prio_buf_free(&b);
}
