/*
 * prio/commit.h — turn new contents of a few files into one git commit.
 *
 * Every priority change is a commit (SPEC §3.1).  prio_commit_files()
 * takes the new bytes of the files a command changed and makes exactly
 * one commit holding exactly those files on top of HEAD, then brings the
 * work tree and the index of those files up to date.  The user's other
 * staged and unstaged work is neither committed nor disturbed.
 *
 * Refusals (PRIO_EINVAL, rule "commit", a diagnostic that says what to
 * do; nothing is written):
 *   - the repository is bare (no work tree);
 *   - a merge, rebase, cherry-pick, revert, bisect or `git am` is in
 *     progress;
 *   - a path is not repository-relative ("backlog/stories/S-1.md"): a
 *     leading '/', an empty, "." or ".." component, a backslash, a
 *     component named .git; a path given twice; a folder on the way that
 *     is a file or a symbolic link in the work tree;
 *   - a file to change is not clean: its index entry (blob or mode) or
 *     its work-tree bytes (through the filters) differ from HEAD's, it
 *     has conflict entries, or it is deleted.  A file HEAD lacks must be
 *     absent from the index and the work tree, or hold the new contents;
 *   - no author or committer name or email is known (see Identity), or
 *     GIT_AUTHOR_DATE / GIT_COMMITTER_DATE cannot be read;
 *   - the message is NULL or empty once cleaned up.
 *
 * Identity.  As git does: GIT_AUTHOR_NAME / GIT_AUTHOR_EMAIL, else the
 * config's author.name / author.email, else user.name / user.email, else
 * (email only) $EMAIL; the same for the committer with GIT_COMMITTER_*
 * and committer.*.  GIT_AUTHOR_DATE and GIT_COMMITTER_DATE are read in
 * git's internal form ("1112911993 +0200", "@1112911993"), ISO 8601
 * ("2005-04-07T22:13:13+02:00", "2005-04-07 22:13:13") and RFC 2822
 * ("Thu, 07 Apr 2005 22:13:13 +0200"); a date without a zone is local
 * time; git's other forms ("yesterday") are refused.  Unlike git, prio
 * never guesses a name from the system: a missing one is an error that
 * names `git config --global user.name "Your Name"` and user.email.  The
 * reflog entry carries the committer's name, as git's does.
 *
 * Signing (SPEC §8.1).  The commit is signed exactly when `git commit`
 * would sign it, as git 2.39 signs it (gpg-interface.c):
 *   - whether: opts->sign (PRIO_SIGN_YES / PRIO_SIGN_NO), else the
 *     repository's commit.gpgsign (a value that is not a boolean is
 *     refused).  When HEAD already holds the contents, nothing is
 *     committed and nothing is signed;
 *   - the format: gpg.format, openpgp (the default), x509 or ssh; any
 *     other value is refused, naming it and the three.  Unlike git 2.39,
 *     which refuses a bad gpg.format even for an unsigned commit, prio
 *     reads it only to sign (as later git does);
 *   - the program: openpgp gpg.program or gpg.openpgp.program (the one
 *     git reads last: the most local config file, else the later
 *     line), default "gpg"; x509 gpg.x509.program, default "gpgsm"; ssh
 *     gpg.ssh.program, default "ssh-keygen".  Found through $PATH,
 *     started without a shell in the work tree's top folder, with
 *     prio's environment; prio waits for it as git does (a passphrase
 *     prompt, a hardware key), holding the index lock meanwhile as
 *     `git commit` holds it;
 *   - the key: opts->sign_key when not empty, else user.signingkey when
 *     not empty, else for openpgp and x509 the committer as "Name
 *     <email>", for ssh the first line gpg.ssh.defaultKeyCommand prints
 *     (split into words as git does, run without a shell; it must be a
 *     "key::" or "ssh-" literal);
 *   - openpgp and x509 run `<program> --status-fd=2 -bsau <key>` with the
 *     commit object on standard input, and succeed only if the program
 *     exits 0 and a status line starts "[GNUPG:] SIG_CREATED "; ssh runs
 *     `<program> -Y sign -n git -f <key file> [-U] <payload file>` and
 *     reads <payload file>.sig.  A key that is a "key::" or "ssh-"
 *     literal is written to a temporary file and passed with -U (its
 *     private half is in ssh-agent); "~/" and "~user/" in a key path are
 *     expanded.  Temporary files go in $TMPDIR (else /tmp) and are
 *     removed;
 *   - the signature, without CRs, becomes the "gpgsig" header (all three
 *     formats, as git).  When HEAD moves under the run and the commit is
 *     rebuilt on the new HEAD (see Locks), it is signed again.
 * Signing happens after every check and before the ref moves (step 2
 * below), so a failure leaves nothing but unreachable objects: it returns
 * PRIO_EINVAL with rule "sign" and a diagnostic that names the key and
 * program, holds the program's standard error (gpg's "[GNUPG:]" status
 * lines left out) and says what to do ("check user.signingkey and
 * gpg.format, or commit with --no-gpg-sign"): a program that cannot be
 * found, exits non-zero, is killed, or makes no signature; an unknown
 * gpg.format; ssh without a key.  Only the system failing (no pipe,
 * process or temporary file) gives PRIO_EIO.  The CLI exits 1 for the
 * first, 3 for the second.
 *
 * The order of the writes, and what a SIGKILL at each point leaves
 * (every state below is finished or undone by the next prio command,
 * from the journal: see prio/journal.h):
 *   0. prio takes an flock(2) on the git directory (waited for up to
 *      about two seconds, then PRIO_EBUSY, rule "lock": "another prio is
 *      writing in this work tree"), finishes or undoes a journal a dead
 *      prio left, and writes its own, .git/prio-journal: the paths and
 *      the token that names its temporary files.
 *   1. git's index lock (.git/index.lock) is taken, as `git commit`
 *      takes it, so prio runs and git commands in one work tree take
 *      turns (it is made as a second name of .git/index.prio-lock-<token>,
 *      whose inode the journal records: that proves a stale lock is
 *      prio's); the index is copied to .git/index.prio-XXXXXX, and HEAD,
 *      that copy and the work-tree files are checked as above.
 *   2. blobs, trees and the commit go into the object database; the
 *      hooks pre-commit, prepare-commit-msg and commit-msg run after
 *      the blobs, before the trees (see Hooks).  Killed: also
 *      unreachable objects, which `git gc` prunes (`git fsck` is
 *      clean), and while a hook runs .git/index.prio-hook-XXXXXX.
 *   3. each work-tree file's new bytes go to a temporary file in its
 *      folder (".<name>.prio-<token>", never ending in .md), given the
 *      old file's permissions (missing folders are made); a file to
 *      remove gets an empty one.  A folder that cannot be written, a
 *      full disk or a name too long fails the call here, before
 *      anything the user sees has changed (PRIO_EINVAL for what the user
 *      can fix: permissions, a read-only file system, a long name; else
 *      PRIO_EIO).  As git does not, prio does not fsync work-tree files:
 *      the commit holds their bytes.
 *   4. the journal records the commit, and the branch (or a detached
 *      HEAD) moves by compare-and-swap against the commit read in step
 *      1, with the reflog entry "prio: <subject>" ("prio (initial): ..."
 *      for a first commit).  Killed inside libgit2's ref update: a stale
 *      .git/refs/heads/<branch>.lock, the branch unmoved.
 *   5. each temporary file is renamed over its file (each file is wholly
 *      old or wholly new), then the files to remove go.
 *   6. in the copy, the entries of exactly these paths get the new blob
 *      ids and fresh stat data (assume-unchanged and skip-worktree bits
 *      kept), and other entries written in the same second as the old
 *      index are marked for git to re-read (size 0), as git does, so a
 *      racily-clean change of the user's is not hidden.  The journal
 *      records the copy's inode; the copy is renamed over index.lock and
 *      index.lock over .git/index, which releases the lock.
 *   7. the journal is removed and the flock let go; the post-commit hook
 *      runs.
 * Why this order: the commit is the change, so it lands before the work
 * tree and index show it, and until the ref moves nothing the user sees
 * has changed; everything that can fail for want of room or rights is
 * done before it moves, so that after it only renames are left.  When a
 * step after the ref moved fails all the same, the call says so (see
 * Returns) and keeps the journal, so that the next prio command
 * finishes the run.  prio never deletes a lock it did not take.
 *
 * Signals.  opts->interrupted, when set, is a flag the caller's signal
 * handler sets (to the signal's number).  The call looks at it between
 * files and between steps until the ref moves (steps 0 to 4, and while
 * it waits for a lock); once set, it undoes what it did (temporary
 * files, copy, locks, journal) and fails with PRIO_EINVAL, rule
 * "interrupted" ("... nothing was changed").  From the ref's move on it
 * no longer looks: it finishes the work tree and the index (a few
 * renames and one index write) and returns PRIO_OK with the commit, and
 * skips only the post-commit hook, which reports and changes nothing.
 * The caller then says what happened and exits.  While a hook or the
 * signing program runs, prio ignores SIGINT and SIGQUIT (see Hooks).
 *
 * Hooks.  The repository's hooks run as for `git commit --only <the
 * changed files> -m <message>` (githooks(5)); none runs with no_commit,
 * nor when HEAD already holds these contents.  A hook is core.hooksPath
 * /<name> (a relative core.hooksPath is taken from the top of the work
 * tree, "~/" is expanded) or hooks/<name> in the common git directory;
 * one that is not executable is skipped with git's hint (a warning of
 * rule "hook-ignored" holding the two lines git prints after "hint: ";
 * none when advice.ignoredHook is false).  A hook is the file itself,
 * run through /bin/sh only when it has no executable format (no "#!"),
 * as git does; it runs in the top of the work tree with stdin from
 * /dev/null, its stdout sent to stderr (prio's stdout stays the
 * command's), and prio's environment plus GIT_INDEX_FILE, GIT_EDITOR=:,
 * GIT_PREFIX and GIT_AUTHOR_NAME / _EMAIL / _DATE, as git sets them.
 * prio waits for a hook however long it takes, as git does; while it
 * waits it ignores SIGINT and SIGQUIT (as system(3) does), so ^C stops
 * the hook, which then counts as failed.
 *   - pre-commit (not with no_verify), with the index lock held and the
 *     blobs stored: GIT_INDEX_FILE names .git/index.prio-hook-XXXXXX,
 *     HEAD's tree with exactly these changes (entries without stat
 *     data, as `git read-tree` leaves them); the user's staged work is
 *     not in it and stays staged.  The work tree still has the files'
 *     old bytes while the hooks run: a hook reads the new ones from
 *     that index (`git show :<path>`, `git diff --cached`).  Where git
 *     commits what a pre-commit hook stages in that index, prio commits
 *     only its own changes and, when the hook changed an entry, adds a
 *     warning of rule "hook" saying so (a mere refresh, as `git status`
 *     makes, is no change).
 *   - prepare-commit-msg <file> message (also with no_verify), then
 *     commit-msg <file> (not with no_verify), with the same index:
 *     <file> is .git/COMMIT_EDITMSG, written with the cleaned message
 *     and left there afterwards, as git leaves it.  The commit gets the
 *     file as the hooks left it, cleaned up again; if that is empty the
 *     call fails with rule "commit" ("aborting commit due to empty
 *     commit message").  The file is written only when one of the two
 *     hooks runs.
 *   - post-commit, once the ref, the work tree and the index are done
 *     and the lock released, with GIT_INDEX_FILE naming .git/index; its
 *     exit status is ignored (a warning of rule "hook" if it cannot be
 *     started).
 * A hook before the commit that exits non-zero, is killed, or cannot be
 * started fails the call with PRIO_EINVAL and a diagnostic of rule
 * "hook" that names it; nothing has changed (its temporary index is
 * removed, the lock released); what it printed has been printed.
 *
 * Locks and concurrency.  The index lock (step 1) and the ref lock
 * (step 4) are each waited for up to about two seconds; then the call
 * fails with PRIO_EBUSY and a diagnostic of rule "lock" that names the
 * lock file and says to remove it if no git process is running; nothing
 * has changed.  Since every prio run takes the index lock first, runs in
 * one work tree are serialised.  A ref moved by something else (a run in
 * another work tree of the same repository, `git update-ref`, a fetch
 * into the checked-out branch) makes the compare-and-swap fail; prio
 * then re-reads HEAD and, if it is still on the same branch and the new
 * commits left these files as they were, rebuilds the commit on the new
 * HEAD and tries again (up to 10 times).  Otherwise it fails with
 * PRIO_EINVAL and rule "head-moved" ("'<path>' changed meanwhile, run
 * it again: ..."), having written nothing to the work tree or the
 * index: the loser of two runs that change one file refuses, as a
 * lost race the user settles by running the command again.
 */
#ifndef PRIO_COMMIT_H
#define PRIO_COMMIT_H

#include <git2.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "prio/diag.h"

/*
 * One file to write.  path is repository-relative with '/' separators.
 * data is what the work tree will hold (len bytes, may contain NULs);
 * the blob is made from it through the repository's filters
 * (.gitattributes eol, core.autocrlf), as `git add` would.  Everything
 * is borrowed for the length of the call.
 */
struct prio_file_change {
	const char *path;
	const char *data;
	size_t len;
};

struct prio_index_prefetch;

struct prio_commit_opts {
	/*
	 * The whole commit message: subject, blank line, body, trailers.
	 * Cleaned up as `git commit -m` does (trailing spaces and surplus
	 * blank lines go, one final newline).  Not used with no_commit.
	 */
	const char *message;
	/*
	 * The HEAD commit the caller read the files at (prio_commit_head),
	 * the zero id for an unborn branch, or NULL to take HEAD as found.
	 * When HEAD has moved since and changed any of these files, the call
	 * fails with rule "head-moved" instead of overwriting that change.
	 */
	const git_oid *base;
	/* Write the work-tree files only; touch neither the index nor refs,
	 * and skip every check but the bare repository and the paths. */
	bool no_commit;
	/*
	 * Signing (SPEC §8.1), as `git commit` decides it: PRIO_SIGN_CONFIG
	 * follows commit.gpgsign, PRIO_SIGN_YES is -S/--gpg-sign,
	 * PRIO_SIGN_NO is --no-gpg-sign.  sign_key is the key of
	 * --gpg-sign=<key> (NULL: user.signingkey, else the committer).
	 */
	enum prio_sign_mode {
		PRIO_SIGN_CONFIG = 0,
		PRIO_SIGN_YES,
		PRIO_SIGN_NO
	} sign;
	const char *sign_key;
	/* --no-verify: skip the pre-commit and commit-msg hooks, as git
	 * does (prepare-commit-msg and post-commit still run; see Hooks). */
	bool no_verify;
	/*
	 * The caller's own pre-commit hook, run in this process (NULL
	 * members: none).  When the pre-commit hook found is one that
	 * is_own says it would run itself (for prio: the script `prio hook
	 * install` writes, calling this very program), run is called in
	 * its place with the temporary index (see Hooks; borrowed, and
	 * not written to a file unless another hook needs it), and its
	 * return is taken as the hook's exit status; it prints what the
	 * hook would print, on stderr.  That saves starting /bin/sh, git
	 * and a second prio, which then reads that index again.
	 */
	struct prio_own_hook {
		bool (*is_own)(void *arg, const char *path);
		int (*run)(void *arg, git_index *index);
		void *arg;
	} own_pre_commit;
	/*
	 * When not NULL, a flag the caller's signal handler sets (to the
	 * signal's number) to ask the run to stop; see Signals.
	 */
	const volatile sig_atomic_t *interrupted;
	/* The index read ahead (prio_commit_prefetch), or NULL: taken by
	 * the one run it is given to, if still the index. */
	struct prio_index_prefetch *prefetch;
};

/*
 * Reading the index ahead.  libgit2 checks the SHA-1 of the whole index
 * on every read (10 ms at 10,000 stories), which a command that is
 * going to commit can have done on a spare core while it loads the
 * backlog.  prio_commit_prefetch() starts the read on a thread (NULL
 * when no thread can start: nothing is lost); opts->prefetch hands it
 * to one prio_commit_changes(), which, holding the index lock, takes
 * the copy read only if the index is still that file (the same size
 * and trailing checksum), else reads the index as it would without.
 * prio_commit_prefetch_result() waits for the read and says what became
 * of it.  prio_commit_prefetch_free() waits too, and frees what the run
 * did not take (NULL is fine); call it after the run, or when no run
 * comes.  The copy is a second name of the index in $GIT_DIR/prio/
 * (a copy where the file system has no hard links), removed as soon as
 * it is read; one a killed prio left is removed by the next read ahead
 * once a minute old.  No read ahead starts when $GIT_DIR/prio/ is on
 * another file system than the git directory.
 */
enum prio_prefetch_result {
	PRIO_PREFETCH_NONE = 0,     /* NULL: no read ahead */
	PRIO_PREFETCH_FAILED,       /* no index, or it could not be read */
	PRIO_PREFETCH_READ,         /* read, not (yet) taken */
	PRIO_PREFETCH_TAKEN,        /* a run used it */
	PRIO_PREFETCH_STALE         /* a run found the index changed */
};
struct prio_index_prefetch *prio_commit_prefetch(git_repository *repo);
enum prio_prefetch_result prio_commit_prefetch_result(
    struct prio_index_prefetch *p);
void prio_commit_prefetch_free(struct prio_index_prefetch *p);

/*
 * Writes the n files and commits exactly them on top of HEAD: a branch
 * moves, a detached HEAD moves itself, an unborn branch gets its first
 * commit (no parent).  repo and files are borrowed.
 *
 * *commit_out (when not NULL) is the new commit's id whenever the commit
 * was made (even if writing the work tree or index then failed), else
 * the zero id: on failure, with no_commit, and when HEAD already holds
 * exactly these contents (no empty commit is made; PRIO_OK).
 *
 * Returns:
 *   PRIO_OK;
 *   PRIO_EINVAL  a refusal above (rule "commit"; the diagnostic's path
 *                is the file concerned, if any), a hook that refused
 *                (rule "hook"), the commit could not be signed (rule
 *                "sign"), HEAD changed these files meanwhile (rule
 *                "head-moved"), a file that cannot be written for want
 *                of rights (rule "file"), a signal (rule
 *                "interrupted"), or no files (n == 0); nothing was
 *                written;
 *   PRIO_EBUSY   a lock stayed taken (rule "lock");
 *   PRIO_EGIT    libgit2 failed (rule "git": "cannot <what prio was
 *                doing>: <libgit2's message>");
 *   PRIO_EIO     the operating system failed (rule "file", "lock",
 *                "journal", or "sign": no pipe, process or temporary
 *                file for the signing program).
 * After PRIO_EGIT or PRIO_EIO the work tree and index are untouched
 * unless *commit_out is set; then the commit was made, the last
 * diagnostic says which step failed and the git command that finishes
 * it by hand, and the journal is kept so that the next prio command
 * finishes it.  Diagnostics are appended to diags, which the caller
 * owns.  A journal a dead prio left is finished or undone first; a
 * warning of rule "journal" says which.
 *
 * Not thread-safe on one repo object: while the ref moves, repo's reflog
 * identity (git_repository_set_ident) is set to the committer and then
 * put back.
 */
int prio_commit_files(git_repository *repo,
    const struct prio_file_change *files, size_t n,
    const struct prio_commit_opts *opts, git_oid *commit_out,
    struct prio_diags *diags);

/*
 * The same, and the commit also removes the nremove files named in
 * removes (repository-relative paths, as for files): what a rename
 * needs (`prio reid`: the old path removed, the new one written).  A
 * file to remove must be in HEAD and clean, exactly as a file to change
 * (the same refusals); a path given both to write and to remove is
 * refused.  After the commit, the files are written first and then the
 * removed ones are deleted from the work tree (a folder left empty goes
 * too, as with `git rm`) and from the index; a kill in between leaves
 * both, never neither.  With no_commit only the work tree changes.
 * prio_commit_files() is this with no removals.
 */
int prio_commit_changes(git_repository *repo,
    const struct prio_file_change *files, size_t n,
    const char *const *removes, size_t nremove,
    const struct prio_commit_opts *opts, git_oid *commit_out,
    struct prio_diags *diags);

/*
 * Sets *out to the commit HEAD names now, or to the zero id when HEAD's
 * branch is unborn: what to pass as prio_commit_opts.base after reading
 * the files.  Returns PRIO_OK or PRIO_EGIT (rule "git").
 */
int prio_commit_head(git_oid *out, git_repository *repo,
    struct prio_diags *diags);

#endif
