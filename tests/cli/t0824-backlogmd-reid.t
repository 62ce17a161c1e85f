#!/bin/sh
# renumber, rerank and reid in a Backlog.md project (issue 15).
# renumber spaces the ordinals 1000 apart, in the order they stand, as
# Backlog.md's reorder renumbers them; rerank has no score to apply;
# reid gives one of two tasks that share an ID the next one, renaming
# its file as Backlog.md names a task and rewriting the dependencies that
# meant it.  Backlog.md's CLI reads each result.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/bmd-write.sh"

export PRIO_NOW="2026-11-24 09:30"

bmd_repo
sed -i 's/^ordinal: 2000$/ordinal: 1500.25/; s/^ordinal: 4000$/ordinal: 7/' \
    "$T/back-2 - Receipt-by-email.md" "$T/back-1.1 - Queue-storage.md"
commit_all "odd ordinals"
before order task list --plain --sort ordinal
run_prio renumber -m "Space the ordinals"
expect_rc 0 "renumber in a Backlog.md project"
expect_show "every ranked task 1000 apart, in its order" <<'X'
prio: renumber ordinals 1000..5000 (4 changed, order unchanged)

Space the ordinals

Prio-Story: BACK-1.1
Prio-Change: ordinal 7 -> 1000
Prio-Story: BACK-1
Prio-Change: ordinal 1000 -> 2000
Prio-Story: BACK-2
Prio-Change: ordinal 1500.25 -> 3000
Prio-Story: BACK-3
Prio-Change: ordinal 3000 -> 4000


 backlog/tasks/back-1 - Pay-offline.md      | 2 +-
 backlog/tasks/back-1.1 - Queue-storage.md  | 2 +-
 backlog/tasks/back-2 - Receipt-by-email.md | 2 +-
 backlog/tasks/back-3 - Refund-flow.md      | 2 +-
 4 files changed, 4 insertions(+), 4 deletions(-)
X
git diff -U0 HEAD~ HEAD | grep -c '^+updated_date' >"$TEST_ROOT/out"
expect_out "an ordinal stamps no updated_date" <<'X'
0
X
bl_order order
expect_bl order "Backlog.md's order is unchanged"
expect_clean "committed"
run_prio renumber -m "again"
expect_rc 0 "renumber twice"
expect_err "the second time there is nothing to do" <<'X'
prio: the ordinals are already 1000..5000; nothing to change
X

run_prio rerank --by score -m "x"
expect_rc 1 "rerank --by score in a Backlog.md project"
expect_err "a task has no score" <<'X'
prio: a Backlog.md task has no score, so there is no score order to apply; place tasks with 'prio move', or space the ordinals with 'prio renumber'
X
expect_commits 3 "the refusals committed nothing"

# reid: two branches each made BACK-6; the one that joined last (with
# the merge) gets BACK-7, and the dependency written beside it follows.
bmd_repo
git checkout -qb other
run_prio new "Loyalty" --status "To Do" --ac "Points" --commit -m "l"
run_prio set BACK-2 dependencies=BACK-1,BACK-6 -m "receipts need loyalty"
git checkout -q main
run_prio new "Gift" --status "To Do" --ac "Cards" --commit -m "g"
git merge -q --no-edit other
run_prio check
expect_grep "^backlog/tasks/back-6 - Gift.md:2:5: error: id 'BACK-6' is also used by backlog/tasks/back-6 - Loyalty.md" \
    "the merge leaves two BACK-6"
before order task list --plain --sort ordinal
run_prio reid back-06 -m "Two branches minted BACK-6"
expect_rc 0 "reid in a Backlog.md project, by any spelling of the ID"
sed 's/^\[main [0-9a-f]*\]/[main X]/' "$TEST_ROOT/out" >"$TEST_ROOT/out2"
mv "$TEST_ROOT/out2" "$TEST_ROOT/out"
expect_out "it says which file moved where" <<'X'
[main X] prio: reid BACK-6 as BACK-7 (back-7 - Loyalty.md, 1 dependencies rewritten)
backlog/tasks/back-6 - Loyalty.md -> backlog/tasks/back-7 - Loyalty.md
X
expect_show "the rename and the dependency in one commit" <<'X'
prio: reid BACK-6 as BACK-7 (back-7 - Loyalty.md, 1 dependencies rewritten)

Two branches minted BACK-6

Prio-Story: BACK-7
Prio-Change: id BACK-6 -> BACK-7
Prio-Story: BACK-2
Prio-Change: dependencies [BACK-1, BACK-6] -> [BACK-1, BACK-7]


 backlog/tasks/back-2 - Receipt-by-email.md                 | 2 +-
 backlog/tasks/{back-6 - Loyalty.md => back-7 - Loyalty.md} | 3 ++-
 2 files changed, 3 insertions(+), 2 deletions(-)
X
expect_clean "committed whole"
grep -c '^WARNING: 1 duplicate task ID group' "$TEST_ROOT/bl-order-before" \
    >"$TEST_ROOT/out"
expect_out "before, Backlog.md warned of the duplicate" <<'X'
1
X
bl_order order
expect_bl_out order "after, no warning: BACK-6 is Gift, BACK-7 Loyalty" <<'X'
To Do:
  [HIGH] BACK-1 - Pay offline (ac: 0/2)
  BACK-2 - Receipt by email (ac: 0/1)
  BACK-1.1 - Queue storage (ac: 0/1)
  BACK-4 - Tidy settings
  BACK-6 - Gift (ac: 0/1)
  BACK-7 - Loyalty (ac: 0/1)

In Progress:
  BACK-3 - Refund flow (ac: 1/2)

X
bl view7 task view BACK-7 --plain
grep -E '^(Task|Updated)' "$TEST_ROOT/bl-view7" >"$TEST_ROOT/out"
expect_out "Backlog.md finds BACK-7, stamped" <<'X'
Task BACK-7 - Loyalty
Updated: 2026-11-24 09:30 (UTC)
X
bl view2 task view BACK-2 --plain
grep -A3 '^Depends on' "$TEST_ROOT/bl-view2" >"$TEST_ROOT/out"
expect_out "BACK-2 depends on BACK-7 now" <<'X'
Depends on (2 direct, 2 total):
├─ BACK-1 - Pay offline [To Do]
└─ BACK-7 - Loyalty [To Do]

X
run_prio check
expect_rc 1 "check: the duplicate is gone"
grep -c duplicate-id "$TEST_ROOT/out" >"$TEST_ROOT/out2"
expect_same "$(cat "$TEST_ROOT/out2")" 0 "no duplicate-id"

run_prio reid BACK-6 -m "x"
expect_rc 1 "reid of an ID only one task has"
expect_err "says so" <<'X'
prio: backlog/tasks/back-6 - Gift.md is the only story with ID BACK-6; reid gives a fresh ID to one of stories that share one
X

done_testing
