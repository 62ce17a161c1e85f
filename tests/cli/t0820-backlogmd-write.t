#!/bin/sh
# prio move in a Backlog.md project (issue 15): the moved task's ordinal
# becomes the number Backlog.md's own reorder gives it (halfway between
# its new neighbours, half the first at the top, the last + 1000 at the
# bottom), one file changes and updated_date is left alone, as Backlog.md
# leaves it for an ordinal; when no number fits, the ranked tasks are
# renumbered 1000 apart and prio says so.  Backlog.md's CLI reads the
# result: the same tasks, with exactly the new order.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/bmd-write.sh"

bmd_repo
before order task list --plain --sort ordinal
before view4 task view BACK-4 --plain
before view2 task view BACK-2 --plain
run_prio move BACK-4 --top -m "Settings block the pilot"
expect_rc 0 "move --top in a Backlog.md project"
expect_grep '^\[main [0-9a-f]{7}\] prio: move BACK-4 to #1 \(was #5\)$' \
    "it reports the commit"
expect_show "one file, one line; the trailer names the key as the file does" <<'X'
prio: move BACK-4 to #1 (was #5)

Settings block the pilot

Prio-Story: BACK-4
Prio-Change: ordinal 5000 -> 500


 backlog/tasks/back-4 - Tidy-settings.md | 2 +-
 1 file changed, 1 insertion(+), 1 deletion(-)
X
git diff HEAD~ HEAD >"$TEST_ROOT/out"
expect_out "the diff is the ordinal's line: no updated_date for an ordinal" <<'X'
diff --git a/backlog/tasks/back-4 - Tidy-settings.md b/backlog/tasks/back-4 - Tidy-settings.md
index 1ee912f..6e0b99b 100644
--- a/backlog/tasks/back-4 - Tidy-settings.md	
+++ b/backlog/tasks/back-4 - Tidy-settings.md	
@@ -6,7 +6,7 @@ assignee: []
 created_date: '2026-11-23 11:51'
 labels: []
 dependencies: []
-ordinal: 5000
+ordinal: 500
 ---
 
 ## Description
X
expect_clean "the work tree is clean after the commit"
bl_order order
expect_bl order "backlog task list: BACK-4 first in To Do, nothing else moved" \
    '/^  BACK-4 /d; s/^To Do:$/To Do:\
  BACK-4 - Tidy settings/'
bl view4 task view BACK-4 --plain
expect_bl view4 "backlog task view BACK-4: only the ordinal differs" \
    's/^Ordinal: 5000$/Ordinal: 500/'

# Between two neighbours: halfway.
cp "$TEST_ROOT/bl-order" "$TEST_ROOT/bl-order-before"
run_prio move BACK-2 --before BACK-1 -m "Receipts first"
expect_rc 0 "move --before"
expect_grep 'prio: move BACK-2 to #2 \(was #3\)$' "BACK-2 goes to #2"
git show HEAD >"$TEST_ROOT/out"
expect_grep '^\+ordinal: 750$' "halfway between 500 and 1000"
bl_order order
expect_bl order "backlog lists BACK-2 between BACK-4 and BACK-1" \
    '/^  BACK-2 /d; s/^  BACK-4 - Tidy settings$/&\
  BACK-2 - Receipt by email (ac: 0\/1)/'
bl view2 task view BACK-2 --plain
expect_bl view2 "backlog task view BACK-2: only the ordinal differs" \
    's/^Ordinal: 2000$/Ordinal: 750/'

# A fraction, written as Backlog.md (JavaScript) writes the number.
run_prio move BACK-1.1 --after BACK-2 -m "Storage next"
expect_rc 0 "move --after"
git show HEAD >"$TEST_ROOT/out"
expect_grep '^\+ordinal: 875$' "875 between 750 and 1000"
run_prio move BACK-3 --after BACK-2 -m "Refunds next"
git show HEAD >"$TEST_ROOT/out"
expect_grep '^\+ordinal: 812.5$' "812.5 between 750 and 875"
run_prio rank
expect_out "prio's order: the new ordinals" <<'X'
#  ID        RANK   SCORE  TITLE
1  BACK-4    500        -  Tidy settings
2  BACK-2    750        -  Receipt by email
3  BACK-3    812.5      -  Refund flow
4  BACK-1.1  875        -  Queue storage
5  BACK-1    1000       -  Pay offline
6  DRAFT-1   -          -  Loyalty points idea
X
bl_order order
expect_bl_out order "Backlog.md's order is the same" <<'X'
To Do:
  BACK-4 - Tidy settings
  BACK-2 - Receipt by email (ac: 0/1)
  BACK-1.1 - Queue storage (ac: 0/1)
  [HIGH] BACK-1 - Pay offline (ac: 0/2)

In Progress:
  BACK-3 - Refund flow (ac: 1/2)

X
bl view3 task view BACK-3 --plain
expect_grep . "(a command ran)"
grep -q "^Updated: 2026-11-23 11:51 (UTC)$" "$TEST_ROOT/bl-view3" &&
    ok "BACK-3's updated_date is untouched" ||
    not_ok "BACK-3's updated_date is untouched"

# The bottom: the last ordinal + 1000.
run_prio move BACK-4 --bottom -m "Settings can wait"
expect_rc 0 "move --bottom"
git show HEAD >"$TEST_ROOT/out"
expect_grep '^\+ordinal: 2000$' "1000 after the last ordinal"
run_prio move BACK-4 --to 2 -m "Second"
git show HEAD >"$TEST_ROOT/out"
expect_grep '^\+ordinal: 781.25$' "--to 2: between the first two"
expect_commits 7 "one commit per move"
expect_clean "nothing left uncommitted"

# No number fits between the neighbours: every ranked task renumbered
# 1000 apart in the new order, as Backlog.md's reorder does, and said.
bmd_repo
sed -i 's/^ordinal: 2000$/ordinal: 1000.0000005/' "$T/back-2 - Receipt-by-email.md"
commit_all "ordinals too close"
run_prio move BACK-4 --after BACK-1 -m "Settings right after payments"
expect_rc 0 "a move where no ordinal fits"
expect_err "prio says it renumbered, and how many files" <<'X'
prio: no ordinal fits between BACK-1 (1000) and BACK-2 (1000.0000005), so the ranked tasks are renumbered 1000 apart, as Backlog.md's reorder does: 4 files changed
X
expect_show "one commit with a Prio-Story per task renumbered" <<'X'
prio: move BACK-4 to #2 (was #5), renumbering 4 tasks

Settings right after payments

Prio-Story: BACK-4
Prio-Change: ordinal 5000 -> 2000
Prio-Story: BACK-2
Prio-Change: ordinal 1000.0000005 -> 3000
Prio-Story: BACK-3
Prio-Change: ordinal 3000 -> 4000
Prio-Story: BACK-1.1
Prio-Change: ordinal 4000 -> 5000


 backlog/tasks/back-1.1 - Queue-storage.md  | 2 +-
 backlog/tasks/back-2 - Receipt-by-email.md | 2 +-
 backlog/tasks/back-3 - Refund-flow.md      | 2 +-
 backlog/tasks/back-4 - Tidy-settings.md    | 2 +-
 4 files changed, 4 insertions(+), 4 deletions(-)
X
bl_order order
expect_bl_out order "Backlog.md reads the renumbered order" <<'X'
To Do:
  [HIGH] BACK-1 - Pay offline (ac: 0/2)
  BACK-4 - Tidy settings
  BACK-2 - Receipt by email (ac: 0/1)
  BACK-1.1 - Queue storage (ac: 0/1)

In Progress:
  BACK-3 - Refund flow (ac: 1/2)

X
expect_clean "the renumbering is committed whole"

# A task Backlog.md created without an ordinal (a project where none
# has one): moving it gives it one.
bmd_repo
sed -i '/^ordinal: /d' "$T"/*.md
commit_all "no ordinals"
run_prio move BACK-3 --top -m "Refunds first"
expect_rc 0 "move --top with no ordinals anywhere"
git show HEAD >"$TEST_ROOT/out"
expect_grep '^\+ordinal: 1000$' "the first ordinal is Backlog.md's 1000"
grep -c '^ordinal:' "$T"/*.md | grep -c ':1$' >"$TEST_ROOT/out"
expect_out "only BACK-3 has an ordinal" <<'X'
1
X
bl_order order
expect_bl_out order "Backlog.md lists the ranked task first" <<'X'
To Do:
  [HIGH] BACK-1 - Pay offline (ac: 0/2)
  BACK-1.1 - Queue storage (ac: 0/1)
  BACK-2 - Receipt by email (ac: 0/1)
  BACK-4 - Tidy settings

In Progress:
  BACK-3 - Refund flow (ac: 1/2)

X

# --no-commit writes the file and commits nothing.
bmd_repo
run_prio move BACK-4 --top --no-commit
expect_rc 0 "move --no-commit"
expect_out "it says it wrote" <<'X'
prio: move BACK-4 to #1 (was #5) (written, not committed)
X
git status --porcelain >"$TEST_ROOT/out"
expect_out "the one file is changed, not committed" <<'X'
 M "backlog/tasks/back-4 - Tidy-settings.md"
X
expect_commits 1 "no commit"

# Bad input: nothing is written.
bmd_repo
run_prio move BACK-5 --top -m "x"
expect_rc 1 "a completed task is not in the order"
expect_err "and prio says so" <<'X'
prio: cannot move BACK-5: BACK-5 is Done: only open stories are in the ranked order
X
run_prio move BACK-1 --before DRAFT-1 -m "Payments last"
expect_rc 0 "before the first unranked (the draft) is the bottom"
git show HEAD -- "$T/back-1 - Pay-offline.md" >"$TEST_ROOT/out"
expect_grep '^\+ordinal: 6000$' "after the last ordinal, 5000"
run_prio move BACK-1 --bottom -m "x"
expect_rc 0 "a move to where the task stands"
expect_err "commits nothing" <<'X'
prio: nothing to commit: the files already say that
X
run_prio move BACK-4 --after DRAFT-1 -m "x"
expect_rc 1 "nothing goes after an unranked task"
expect_err "the advice works in this mode" <<'X'
prio: cannot move BACK-4: DRAFT-1 has no rank, so nothing can be placed after it; rank it first: 'prio move DRAFT-1 --bottom' ranks it where it stands
X
sed -i 's/^ordinal: 2000$/ordinal: [1/' "$T/back-2 - Receipt-by-email.md"
commit_all "broken task"
run_prio move BACK-2 --top -m "x"
expect_rc 1 "a task whose YAML is broken is refused"
expect_err "with file, line and column" <<'X'
prio: BACK-2 cannot be read as a story: backlog/tasks/back-2 - Receipt-by-email.md:12:1: invalid YAML: did not find expected ',' or ']' while parsing a flow sequence that starts on line 11; close the [ ] list, or quote a value holding ',', '[' or ']'
X
run_prio move DRAFT-1 --top -m "x"
expect_rc 1 "a draft is not in Backlog.md's order"
expect_err "prio says how to make it a task" <<'X'
prio: cannot move DRAFT-1: it is a draft, and Backlog.md orders tasks only; make it a task first ('backlog draft promote DRAFT-1')
X
run_prio move BACK-3 --top
expect_rc 1 "no rationale, no move"
expect_commits 3 "nothing was committed by the refusals"
expect_clean "nothing was written by the refusals"

done_testing
