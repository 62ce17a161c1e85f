/*
 * Unit tests for signing in prio/commit.h, without keys: a small shell
 * script stands in for gpg, records how it was run and what it read,
 * and answers as gpg does.  What decides to sign (opts->sign,
 * commit.gpgsign), the key chosen, the program chosen by gpg.format,
 * the payload and the gpgsig header, and that a failure commits
 * nothing.  Real keys are tested in tests/cli/t0620-sign.t.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <git2.h>

#include "prio/buf.h"
#include "prio/commit.h"
#include "prio/diag.h"
#include "prio/error.h"
#include "shell.h"
#include "tap.h"

#define DATE "1700000000 +0000"
#define MSG "prio: move S-1 to #1 (was #2)\n\nCustomers asked.\n"
#define S1 "backlog/stories/S-1.md"
#define OLD1 "---\nid: S-1\nrank: 2\n---\n"

/* Records its arguments and input, then signs as gpg would. */
#define SIGNER "#!/bin/sh\n" \
	"printf '%%s|' \"$@\" >>'%s/log'\n" \
	"cat >'%s/payload'\n" \
	"echo '[GNUPG:] SIG_CREATED D 22 8 00 1 X' >&2\n" \
	"printf -- '-----BEGIN PGP SIGNATURE-----\\r\\n\\r\\nsig\\r\\n" \
	"-----END PGP SIGNATURE-----\\r\\n'\n"
#define FAILER "#!/bin/sh\necho 'failer: no card' >&2\nexit 1\n"

static char tmp[PATH_MAX];

static void
put(const char *path, const char *data, mode_t mode)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL || fputs(data, f) == EOF || fclose(f) != 0 ||
	    chmod(path, mode) != 0)
		bail(path);
}

/* A repository with S-1 committed, and the recording signer as
 * gpg.program; the log and payload files start absent. */
static char *
repo_new(const char *name)
{
	char *dir = prio_xasprintf("%s/%s", tmp, name);
	char *path;

	if (sh_in(tmp, "git init -q -b main '%s' && cd '%s' && "
	    "git config user.name 'Pat Doe' && "
	    "git config user.email pat@example.com && "
	    "mkdir -p backlog/stories && printf -- '%s' >%s && "
	    "git add -A && git commit -qm base && "
	    "git config gpg.program '%s/signer'", name, name, OLD1, S1,
	    tmp) != 0)
		bail("git init");
	path = prio_xasprintf("%s/log", tmp);
	unlink(path);
	free(path);
	return dir;
}

static const char *
last(const struct prio_diags *d)
{
	return d->count ? d->items[d->count - 1].message : "";
}

/* Commits S-1 with a new rank; rc, diagnostics in *d. */
static int
commit(const char *dir, enum prio_sign_mode sign, const char *key,
    const char *rank, struct prio_diags *d, git_oid *id)
{
	git_repository *r;
	char *data = prio_xasprintf("---\nid: S-1\nrank: %s\n---\n", rank);
	struct prio_file_change c = { S1, data, strlen(data) };
	struct prio_commit_opts o = { .message = MSG, .sign = sign,
	    .sign_key = key };
	int rc;

	if (git_repository_open(&r, dir) < 0)
		bail("git_repository_open");
	rc = prio_commit_files(r, &c, 1, &o, id, d);
	git_repository_free(r);
	free(data);
	return rc;
}

/* What the signer was run with since the last call ("" if not run). */
static char *
signer_log(void)
{
	return raw_out_in(tmp, "cat log 2>/dev/null; rm -f log");
}

/* HEAD's gpgsig header, "" when unsigned. */
static char *
gpgsig(const char *dir)
{
	return raw_out_in(dir, "git cat-file commit HEAD | "
	    "sed -n '/^gpgsig/,/^ -----END/p'");
}

static void
test_decision(void)
{
	char *dir = repo_new("decide"), *s;
	struct prio_diags d = { 0 };
	git_oid id;

	is_int(commit(dir, PRIO_SIGN_CONFIG, NULL, "1", &d, &id), PRIO_OK,
	    "no commit.gpgsign: commits");
	s = signer_log();
	is_str(s, "", "no commit.gpgsign: the signer is not run");
	free(s);
	s = gpgsig(dir);
	is_str(s, "", "no commit.gpgsign: no gpgsig header");
	free(s);

	sh_in(dir, "git config commit.gpgsign true");
	is_int(commit(dir, PRIO_SIGN_CONFIG, NULL, "2", &d, &id), PRIO_OK,
	    "commit.gpgsign: commits");
	s = signer_log();
	is_str(s, "--status-fd=2|-bsau|Pat Doe <pat@example.com>|",
	    "commit.gpgsign: gpg's arguments, the committer as the key");
	free(s);
	s = gpgsig(dir);
	is_str(s, "gpgsig -----BEGIN PGP SIGNATURE-----\n \n sig\n"
	    " -----END PGP SIGNATURE-----\n",
	    "the signature is the gpgsig header, without CRs");
	free(s);
	ok(sh_in(dir, "git cat-file commit HEAD | sed '/^gpgsig/,/^ -----END/d' "
	    "| cmp -s - '%s/payload'", tmp) == 0,
	    "the signer read the commit's bytes without the header");
	ok(sh_in(dir, "git fsck --strict --no-dangling >/dev/null 2>&1") == 0,
	    "git fsck --strict passes");

	is_int(commit(dir, PRIO_SIGN_NO, NULL, "3", &d, &id), PRIO_OK,
	    "PRIO_SIGN_NO: commits");
	s = signer_log();
	is_str(s, "", "PRIO_SIGN_NO beats commit.gpgsign");
	free(s);

	is_int(commit(dir, PRIO_SIGN_CONFIG, NULL, "3", &d, &id), PRIO_OK,
	    "nothing to commit: PRIO_OK");
	ok(git_oid_is_zero(&id), "nothing to commit: no commit");
	s = signer_log();
	is_str(s, "", "nothing to commit: nothing is signed");
	free(s);

	sh_in(dir, "git config commit.gpgsign false && "
	    "git config user.signingkey CAFE");
	is_int(commit(dir, PRIO_SIGN_YES, NULL, "4", &d, &id), PRIO_OK,
	    "PRIO_SIGN_YES: commits");
	s = signer_log();
	is_str(s, "--status-fd=2|-bsau|CAFE|",
	    "PRIO_SIGN_YES beats commit.gpgsign=false; user.signingkey");
	free(s);
	is_int(commit(dir, PRIO_SIGN_YES, "BEEF", "5", &d, &id), PRIO_OK,
	    "sign_key: commits");
	s = signer_log();
	is_str(s, "--status-fd=2|-bsau|BEEF|", "sign_key beats user.signingkey");
	free(s);
	is_int(commit(dir, PRIO_SIGN_YES, "", "6", &d, &id), PRIO_OK,
	    "empty sign_key: commits");
	s = signer_log();
	is_str(s, "--status-fd=2|-bsau|CAFE|", "an empty sign_key is no key");
	free(s);

	sh_in(dir, "git config gpg.format x509 && "
	    "git config gpg.x509.program '%s/signer' && "
	    "git config gpg.program /no/such/gpg", tmp);
	is_int(commit(dir, PRIO_SIGN_YES, NULL, "7", &d, &id), PRIO_OK,
	    "x509: commits");
	s = signer_log();
	is_str(s, "--status-fd=2|-bsau|CAFE|",
	    "x509: gpg.x509.program, same arguments; gpg.program unused");
	free(s);
	prio_diags_free(&d);
	free(dir);
}

/* A failed signature: rc, the message, and nothing changed. */
static void
refused(const char *dir, const char *what, const char *want_msg)
{
	struct prio_diags d = { 0 };
	char *head = raw_out_in(dir, "git rev-parse HEAD"), *now, *st;
	git_oid id;
	int rc = commit(dir, PRIO_SIGN_YES, NULL, "9", &d, &id);

	is_int(rc, PRIO_EINVAL, "%s: PRIO_EINVAL", what);
	is_str(d.count ? d.items[d.count - 1].rule : "", "sign",
	    "%s: rule sign", what);
	if (!ok(strstr(last(&d), want_msg) != NULL, "%s: the message", what))
		printf("#   got: %s\n", last(&d));
	ok(git_oid_is_zero(&id), "%s: no commit id", what);
	now = raw_out_in(dir, "git rev-parse HEAD");
	st = raw_out_in(dir, "git status --porcelain; cat %s", S1);
	is_str(now, head, "%s: HEAD did not move", what);
	is_str(st, OLD1, "%s: nothing changed in the work tree", what);
	free(now);
	free(st);
	free(head);
	prio_diags_free(&d);
}

static void
test_failures(void)
{
	char *dir = repo_new("fail");

	sh_in(dir, "git config gpg.program '%s/failer'", tmp);
	refused(dir, "a failing signer", "failed (exit status 1):\n"
	    "  failer: no card\ncheck user.signingkey and gpg.format, or "
	    "commit with --no-gpg-sign");
	sh_in(dir, "git config gpg.program '%s/no-such-program'", tmp);
	refused(dir, "a missing signer", "no-such-program': No such file or "
	    "directory; install it or set gpg.program");
	sh_in(dir, "git config gpg.program '%s/signer' && "
	    "git config gpg.format smime", tmp);
	refused(dir, "an unknown gpg.format", "gpg.format is 'smime', which "
	    "git does not know; set it to openpgp, x509 or ssh");
	sh_in(dir, "git config gpg.format ssh");
	refused(dir, "ssh without a key", "gpg.format is ssh and no key is "
	    "set");
	sh_in(dir, "git config --unset gpg.format && "
	    "git config gpg.program '%s/unsigner'", tmp);
	refused(dir, "no SIG_CREATED", "made no signature (no \"[GNUPG:] "
	    "SIG_CREATED\" line");
	free(dir);
}

static void
setup(void)
{
	static const char *const unset[] = { "GIT_DIR", "GIT_WORK_TREE",
	    "GIT_INDEX_FILE", "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL",
	    "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "EMAIL" };
	char *home, *path, *script;
	size_t i;

	snprintf(tmp, sizeof(tmp), "%s/prio-t-commit-sign-XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(tmp) == NULL)
		bail("mkdtemp");
	home = prio_xasprintf("%s/home", tmp);
	mkdir(home, 0777);
	for (i = 0; i < sizeof(unset) / sizeof(unset[0]); i++)
		unsetenv(unset[i]);
	setenv("HOME", home, 1);
	setenv("XDG_CONFIG_HOME", home, 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("GIT_AUTHOR_DATE", DATE, 1);
	setenv("GIT_COMMITTER_DATE", DATE, 1);
	git_libgit2_init();
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_SYSTEM,
	    home);
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_XDG, home);
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_GLOBAL,
	    home);
	path = prio_xasprintf("%s/signer", tmp);
	script = prio_xasprintf(SIGNER, tmp, tmp);
	put(path, script, 0755);
	free(script);
	free(path);
	path = prio_xasprintf("%s/failer", tmp);
	put(path, FAILER, 0755);
	free(path);
	path = prio_xasprintf("%s/unsigner", tmp);
	put(path, "#!/bin/sh\ncat >/dev/null\necho sig\n", 0755);
	free(path);
	free(home);
}

int
main(void)
{
	int rc;

	setup();
	test_decision();
	test_failures();
	rc = tap_done();
	git_libgit2_shutdown();
	if (rc == 0)
		sh_in("/", "rm -rf '%s'", tmp);
	return rc;
}
