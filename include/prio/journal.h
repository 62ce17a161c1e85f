/*
 * prio/journal.h — a write that was cut short is finished or undone by
 * the next prio.
 *
 * Every commit prio_commit_changes() makes (prio/commit.h) keeps a
 * journal in the git directory, $GIT_DIR/prio-journal, from before it
 * takes the index lock until everything is written and every lock
 * released.  It says what a later process needs to clean up after this
 * one: its process id, the token that names its temporary files, the
 * repository paths it writes or removes, the inode of the index lock it
 * took, the branch it moves with the commit it had and the commit it
 * made, and the inode of the new index it is installing.  The journal
 * is made whole in a side file and renamed into place; later facts are
 * appended, one line with one write(2) each; a reader ignores a last
 * line without its newline.
 *
 * Who is alive.  While it writes, a prio holds an flock(2) on the git
 * directory itself.  The kernel releases it when the process ends in
 * any way (SIGKILL included), so "the lock can be taken" means "no prio
 * is writing in this work tree": no process id is trusted, so a reused
 * id fools nothing.  Every temporary file prio makes in the git
 * directory (index.prio-*, prio-journal.new) belongs to a writer, so
 * whoever holds that lock may remove those left behind.  Where the file
 * system cannot flock (NFS mounted without lockd), the journal's process
 * id stands in: a writer that still runs (kill(pid, 0)) is left alone.
 *
 * Recovery.  prio_journal_recover() costs one stat(2) when there is no
 * journal, which is always but after a crash.  With one whose writer is
 * gone, it:
 *   - removes the writer's temporary files (".<name>.prio-<token>"
 *     beside each path, and index.prio-* and prio-journal.new in the git
 *     directory);
 *   - removes .git/index.lock only when it is the writer's (the same
 *     inode the journal recorded: a hard link to it was kept, so the
 *     number cannot have been reused), and the branch's lock only when
 *     it holds nothing or the writer's new commit and is no older than
 *     the journal's record of the move; a lock of anyone else's stays;
 *   - if the branch names the writer's new commit (the commit landed),
 *     finishes the change: the index entries of the paths become the
 *     commit's, and each work-tree file that still holds its old
 *     version (or is missing) gets the new one; a file the user has
 *     changed since is left as it is (its index entry then carries no
 *     stat data, so git compares its contents).  This run is journaled
 *     in turn;
 *   - if the branch has moved on past that commit (an update-ref or a
 *     fetch into it came first), says so and finishes nothing: the
 *     index cannot be both that commit's and HEAD's;
 *   - otherwise the change is undone: nothing of it remains but
 *     unreachable objects, which `git gc` prunes (and a reflog entry
 *     libgit2 wrote for a move that did not happen is dropped);
 *   - removes the journal.
 * The repository is then as if the interrupted command had either
 * never run or fully finished.
 */
#ifndef PRIO_JOURNAL_H
#define PRIO_JOURNAL_H

#include <git2.h>

#include "prio/diag.h"

/*
 * Finishes or undoes the write the journal of repo's git directory
 * describes, if its writer is gone.  *said is NULL when there was
 * nothing to do (no journal, a bare repository, or the writer still
 * running), else one line for the user that says what was done and for
 * which process (caller frees).  Returns PRIO_OK, or PRIO_EIO / PRIO_EGIT
 * with a diagnostic (rule "journal") when the journal cannot be read or
 * the change neither finished nor undone; the journal is then kept for
 * the next run, and *said is NULL.
 */
int prio_journal_recover(git_repository *repo, char **said,
    struct prio_diags *diags);

#endif
