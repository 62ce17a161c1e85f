#!/bin/sh
# prio reject and accept in a Backlog.md project (issue 15), where its
# statuses allow: prio reads the statuses after Draft as ready,
# in-progress (the second, before Done) and done (Done, else the last):
# To Do, In Progress and Done in Backlog.md's own.  reject sends a Done
# task back to In Progress, stamping updated_date as Backlog.md does;
# accept needs a status after Done, which Backlog.md does not have by
# default, and refuses saying how to add one (t0826 adds one).  A task in completed/ is out of Backlog.md's lists and is
# not sent back.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/bmd-write.sh"

export PRIO_NOW="2026-11-24 09:30"

bmd_repo
sed -i 's/^status: In Progress$/status: Done/; s/^- \[ \] #2/- [x] #2/' \
    "$T/back-3 - Refund-flow.md"
commit_all "BACK-3 done"
before view3 task view BACK-3 --plain
before order task list --plain --sort ordinal
run_prio reject BACK-3 -m "The shop still cannot see refunds"
expect_rc 0 "reject a Done task"
expect_show "the status back to In Progress, with the reason and trailers" <<'X'
prio: reject BACK-3

The shop still cannot see refunds

Prio-Story: BACK-3
Prio-Change: status Done -> In Progress


 backlog/tasks/back-3 - Refund-flow.md | 4 ++--
 1 file changed, 2 insertions(+), 2 deletions(-)
X
git diff -U0 HEAD~ HEAD | grep '^[-+][^-+]' >"$TEST_ROOT/out"
expect_out "the status and the stamp, nothing else" <<'X'
-status: Done
+status: In Progress
-updated_date: '2026-11-23 11:51'
+updated_date: '2026-11-24 09:30'
X
expect_clean "committed"
bl view3 task view BACK-3 --plain
expect_bl view3 "backlog task view: the status and Updated" \
    's/^Status: ✔ Done$/Status: ◒ In Progress/
s/^Updated: 2026-11-23 11:51 (UTC)$/Updated: 2026-11-24 09:30 (UTC)/'
bl_order order
expect_bl order "backlog task list: BACK-3 is in progress again" \
    's/^Done:$/In Progress:/'

run_prio reject BACK-3 -m "again"
expect_rc 1 "an In Progress task cannot be rejected"
expect_err "and prio says which status can" <<'X'
prio: cannot reject BACK-3: it is In Progress, and only Done work can be sent back; nothing was changed
X
run_prio reject BACK-3
expect_rc 1 "reject needs a reason"

# accept: no status after Done.
sed -i 's/^status: In Progress$/status: Done/' "$T/back-3 - Refund-flow.md"
commit_all "BACK-3 done again"
run_prio accept BACK-3 -m "Looks good"
expect_rc 1 "accept refuses in a Backlog.md project"
expect_err "and says why, with the statuses" <<'X'
prio: accept needs a status after 'Done' for accepted work, and this Backlog.md project has none; add one at the end of 'statuses' in backlog/config.yml, such as: statuses: ["To Do", "In Progress", "Done", "Accepted"]
X

# A completed task is Backlog.md's to bring back.
run_prio reject BACK-5 -m "Notes are wrong"
expect_rc 1 "a task in completed/ is not rejected"
expect_err "prio says how to bring it back" <<'X'
prio: cannot reject BACK-5: it is in backlog/completed/, which Backlog.md keeps out of its lists; bring it back to backlog/tasks/ first (move the file with 'git mv')
X

# Statuses of the project's own: the second is in-progress.
sed -i 's/^statuses: .*/statuses: ["To Do", "Doing", "Done"]/' backlog/config.yml
commit_all "own statuses"
run_prio reject BACK-3 -m "Not yet"
expect_rc 0 "reject with the project's own statuses"
git diff -U0 HEAD~ HEAD | grep '^[-+]status' >"$TEST_ROOT/out"
expect_out "Done goes back to the second status" <<'X'
-status: Done
+status: Doing
X
bl view3 task view BACK-3 --plain
grep '^Status:' "$TEST_ROOT/bl-view3" >"$TEST_ROOT/out"
expect_out "Backlog.md reads it" <<'X'
Status: ○ Doing
X

# Two statuses: nothing is in progress, no reject.
sed -i 's/^statuses: .*/statuses: ["To Do", "Done"]/' backlog/config.yml
sed -i 's/^status: Doing$/status: Done/' "$T/back-3 - Refund-flow.md"
commit_all "two statuses"
run_prio reject BACK-3 -m "x"
expect_rc 1 "without a status between, reject has nowhere to send work"
expect_err "prio names the role and lists the statuses" <<'X'
prio: reject needs a status for the 'in-progress' role, and this Backlog.md project has none: prio reads its statuses after Draft as ready, in-progress (the second, before Done) and done (Done, else the last); its statuses are:
  Draft
  To Do
  Done
X
expect_commits 7 "the refusals committed nothing"
expect_clean "and wrote nothing"

done_testing
