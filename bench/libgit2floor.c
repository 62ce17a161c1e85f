/*
 * bench/libgit2floor.c — the least a tool built on libgit2 can do:
 *
 *	libgit2floor              start and initialise libgit2
 *	libgit2floor index        also open the repository (GIT_DIR,
 *	                          GIT_INDEX_FILE, or the one around the
 *	                          current directory) and read its index
 *	libgit2floor commit PATH  also stage PATH from the work tree, write
 *	                          the index, and commit it on HEAD: what
 *	                          `git add PATH && git commit` does, with
 *	                          libgit2 and nothing else
 *	libgit2floor list DIR     (libc only) list the folder DIR, and print
 *	                          how long that took: "list_ms=<ms>"; the
 *	                          one step of a move `git commit` does not
 *	                          take (bench/move.sh)
 *	libgit2floor move DIR PATH  first list the folder DIR and lstat
 *	                          every entry (on two threads), then as
 *	                          commit: the least a tool can do for
 *	                          `prio move`, which must know that every
 *	                          story is as it last read it, untracked
 *	                          ones too, before it ranks one among them
 *	                          (git's refresh lstats the tracked files,
 *	                          but lists no folder)
 *
 * bench/hook.sh times `git commit` with "index" as the hook, to show what
 * prio's pre-commit hook costs before prio does any work; bench/move.sh
 * times "commit" against `prio move`, the floor under any commit of one
 * changed file through libgit2.
 */
#include <dirent.h>
#include <fcntl.h>
#include <git2.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

struct listing {
	int dfd;
	char **names;
	size_t n;
};

struct half {
	struct listing *l;
	size_t from, to;
};

static void *
stat_half(void *arg)
{
	struct half *h = arg;
	struct stat st;
	size_t i;

	for (i = h->from; i < h->to; i++)
		(void)fstatat(h->l->dfd, h->l->names[i], &st,
		    AT_SYMLINK_NOFOLLOW);
	return NULL;
}

/* Lists dir and, with and_stat, lstats every entry, on this thread and one
 * more. */
static int
list(const char *dir, bool and_stat)
{
	struct listing l = { -1, NULL, 0 };
	struct half first, second;
	struct dirent *e;
	size_t cap = 0, i;
	pthread_t t;
	DIR *d = opendir(dir);

	if (d == NULL)
		return 1;
	while ((e = readdir(d)) != NULL) {
		if (l.n == cap && (l.names = realloc(l.names, (cap = cap * 2 +
		    64) * sizeof(*l.names))) == NULL)
			return 1;
		l.names[l.n++] = strdup(e->d_name);
	}
	l.dfd = dirfd(d);
	first = (struct half){ &l, 0, l.n / 2 };
	second = (struct half){ &l, l.n / 2, l.n };
	if (and_stat && pthread_create(&t, NULL, stat_half, &second) != 0) {
		stat_half(&first);
		stat_half(&second);
	} else if (and_stat) {
		stat_half(&first);
		pthread_join(t, NULL);
	}
	for (i = 0; i < l.n; i++)
		free(l.names[i]);
	free(l.names);
	closedir(d);
	return 0;
}

/* Stages path, writes the index and commits it on HEAD. */
static int
commit(git_repository *repo, git_index *index, const char *path)
{
	git_signature *sig = NULL;
	git_object *head = NULL;
	git_tree *tree = NULL;
	git_oid tree_id, id;
	int rc = -1;

	if (git_index_add_bypath(index, path) < 0 ||
	    git_index_write(index) < 0 ||
	    git_index_write_tree(&tree_id, index) < 0 ||
	    git_tree_lookup(&tree, repo, &tree_id) < 0 ||
	    git_revparse_single(&head, repo, "HEAD^{commit}") < 0 ||
	    git_signature_default(&sig, repo) < 0)
		goto out;
	rc = git_commit_create_v(&id, repo, "HEAD", sig, sig, NULL,
	    "libgit2floor: one file", tree, 1, (const git_commit *)head);
out:
	git_signature_free(sig);
	git_object_free(head);
	git_tree_free(tree);
	return rc < 0 ? 1 : 0;
}

int
main(int argc, char **argv)
{
	git_repository *repo = NULL;
	git_index *index = NULL;
	struct timespec t0, t1;
	int rc = 0;

	if (argc > 2 && strcmp(argv[1], "list") == 0) {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		rc = list(argv[2], false);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		printf("list_ms=%.2f\n", (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
		    (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
		return rc;
	}
	if (argc > 3 && strcmp(argv[1], "move") == 0) {
		if (list(argv[2], true) != 0)
			return 1;
		argv[1] = "commit", argv[2] = argv[3];
	}
	git_libgit2_init();
	if (argc > 1 && (strcmp(argv[1], "index") == 0 ||
	    strcmp(argv[1], "commit") == 0) &&
	    (git_repository_open_ext(&repo, NULL,
	    GIT_REPOSITORY_OPEN_FROM_ENV, NULL) < 0 ||
	    git_repository_index(&index, repo) < 0 ||
	    git_index_entrycount(index) == 0))
		rc = 1;
	if (rc == 0 && argc > 2 && strcmp(argv[1], "commit") == 0)
		rc = commit(repo, index, argv[2]);
	git_index_free(index);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return rc;
}
