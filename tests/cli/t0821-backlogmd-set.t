#!/bin/sh
# prio set in a Backlog.md project (issue 15): the keys are the task's
# own (priority, labels, dependencies, assignee; rank is ordinal), only
# their bytes change, and updated_date is stamped as Backlog.md stamps it
# (UTC to the minute, in single quotes, after created_date when new) for
# every key but ordinal.  Backlog.md's CLI reads each result as before
# plus exactly the change; what it would refuse, prio refuses with the
# file, line and column, and writes nothing.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/bmd-write.sh"

export PRIO_NOW="2026-11-24 09:30"

bmd_repo
before view1 task view BACK-1 --plain
before order task list --plain --sort ordinal
run_prio set BACK-1 priority=Low labels=payments,offline,pilot \
    -m "The pilot shop pays online"
expect_rc 0 "set priority and labels"
expect_grep '^\[main [0-9a-f]{7}\] prio: set BACK-1 priority=low, labels=payments,offline,pilot$' \
    "the summary names the keys, the priority as written"
expect_show "one file; a trailer per key, none for the stamp" <<'X'
prio: set BACK-1 priority=low, labels=payments,offline,pilot

The pilot shop pays online

Prio-Story: BACK-1
Prio-Change: priority high -> low
Prio-Change: labels [payments, offline] -> [payments, offline, pilot]


 backlog/tasks/back-1 - Pay-offline.md | 4 +++-
 1 file changed, 3 insertions(+), 1 deletion(-)
X
git diff -U0 HEAD~ HEAD | grep '^[-+][^-+]' >"$TEST_ROOT/out"
expect_out "the changed lines: the values and the new updated_date after created_date" <<'X'
+updated_date: '2026-11-24 09:30'
+  - pilot
-priority: high
+priority: low
X
expect_clean "committed, nothing left"
bl view1 task view BACK-1 --plain
expect_bl view1 "backlog task view: the priority, labels and Updated, nothing else" \
    's/^Priority: High$/Priority: Low/; s/^Labels: payments, offline$/Labels: payments, offline, pilot/
/^Created: /a\
Updated: 2026-11-24 09:30 (UTC)'
bl_order order
expect_bl order "backlog task list: BACK-1 is [LOW] now, in its place" \
    's/^  \[HIGH\] BACK-1 /  [LOW] BACK-1 /'

# An updated_date already there is rewritten on its line.
before view3 task view BACK-3 --plain
run_prio set BACK-3 assignee=@bob,@ada "title=Refund: the whole flow" \
    -m "Bob joins"
expect_rc 0 "set assignee and title"
git diff -U0 HEAD~ HEAD | grep '^[-+][^-+]' >"$TEST_ROOT/out"
expect_out "the new assignee in the old one's quotes; the title quoted; the stamp in place" <<'X'
-title: Refund flow
+title: 'Refund: the whole flow'
+  - '@bob'
-updated_date: '2026-11-23 11:51'
+updated_date: '2026-11-24 09:30'
X
git show --stat --format= HEAD >"$TEST_ROOT/out"
expect_out "the file keeps its name, as Backlog.md keeps it on a new title" <<'X'
 backlog/tasks/back-3 - Refund-flow.md | 5 +++--
 1 file changed, 3 insertions(+), 2 deletions(-)
X
bl view3 task view BACK-3 --plain
expect_bl view3 "backlog task view: the title, assignees and Updated" \
    's/^Task BACK-3 - Refund flow$/Task BACK-3 - Refund: the whole flow/
s/^Assignee: @ada$/Assignee: @bob, @ada/
s/^Updated: 2026-11-23 11:51 (UTC)$/Updated: 2026-11-24 09:30 (UTC)/'

# dependencies (prio's depends-on) and ordinal (prio's rank), by either
# name; an ordinal is no reason to stamp.
before view2 task view BACK-2 --plain
run_prio set BACK-2 depends-on= rank=2500 -m "Independent of payments"
expect_rc 0 "set by prio's names"
expect_show "the trailers use the file's names" <<'X'
prio: set BACK-2 dependencies=, ordinal=2500

Independent of payments

Prio-Story: BACK-2
Prio-Change: dependencies [BACK-1] -> []
Prio-Change: ordinal 2000 -> 2500


 backlog/tasks/back-2 - Receipt-by-email.md | 6 +++---
 1 file changed, 3 insertions(+), 3 deletions(-)
X
bl view2 task view BACK-2 --plain
grep -c '^Updated: 2026-11-24 09:30 (UTC)$' "$TEST_ROOT/bl-view2" >"$TEST_ROOT/out"
expect_out "dependencies stamp updated_date" <<'X'
1
X
run_prio set BACK-2 ordinal=2600 -m "A little lower"
git diff -U0 HEAD~ HEAD | grep '^[-+][^-+]' >"$TEST_ROOT/out"
expect_out "an ordinal alone stamps nothing" <<'X'
-ordinal: 2500
+ordinal: 2600
X
run_prio set BACK-2 owner=@ada -m "Ada owns receipts"
expect_rc 0 "prio's owner is Backlog.md's assignee"
git diff -U0 HEAD~ HEAD | grep '^[-+][^-+]' >"$TEST_ROOT/out"
expect_out "a list of one, quoted as Backlog.md quotes it" <<'X'
-assignee: []
+assignee: ['@ada']
X
bl view2 task view BACK-2 --plain
grep '^Assignee:' "$TEST_ROOT/bl-view2" >"$TEST_ROOT/out"
expect_out "Backlog.md reads the assignee" <<'X'
Assignee: @ada
X
expect_commits 6 "one commit per set"

PRIO_NOW="2026-11-25 10:00" run_prio set BACK-2 "status=To Do" labels=receipts \
    -m "The same"
expect_rc 0 "a set of the values a task has"
expect_err "commits nothing, and stamps nothing" <<'X'
prio: nothing to commit: the files already say that
X
expect_commits 6 "no commit for it"
expect_clean "no stamp in the work tree"

# Status: one of the config's.
bmd_repo
before view4 task view BACK-4 --plain
run_prio set BACK-1.1 status="In Progress" -m "Started"
expect_rc 0 "set status"
bl view11 task view BACK-1.1 --plain
grep -E '^(Status|Updated):' "$TEST_ROOT/bl-view11" >"$TEST_ROOT/out"
expect_out "Backlog.md reads the new status and the stamp" <<'X'
Status: ◒ In Progress
Updated: 2026-11-24 09:30 (UTC)
X

# A task saved with CRLF line endings keeps them, the new lines too.
bmd_repo
sed -i 's/$/\r/' "$T/back-2 - Receipt-by-email.md"
commit_all "CRLF"
before view2 task view BACK-2 --plain
run_prio set BACK-2 priority=low -m "Receipts can wait"
expect_rc 0 "set in a CRLF task"
git diff -U0 HEAD~ HEAD | grep '^+[^+]' >"$TEST_ROOT/added"
expect_same "$(wc -l <"$TEST_ROOT/added")" 2 "two lines added"
expect_same "$(tr -cd '\r' <"$TEST_ROOT/added" | wc -c)" 2 \
    "both end in CRLF, as the file's lines"
bl view2 task view BACK-2 --plain
expect_bl view2 "Backlog.md reads the priority and the stamp" \
    's/^Ordinal: 2000$/Priority: Low\
Ordinal: 2000/
/^Created: /a\
Updated: 2026-11-24 09:30 (UTC)'

# Bad input: refused, with file, line and column; nothing written.
bmd_repo
run_prio set BACK-2 status=Doing -m x
expect_rc 1 "a status the config does not list"
expect_err "is refused where it would be written" <<'X'
prio: backlog/tasks/back-2 - Receipt-by-email.md:4:9: status 'Doing' is not one of: Draft, To Do, In Progress, Done [status]
prio: nothing was changed: 'set BACK-2 status=Doing' would bring the error above into the backlog
X
run_prio set BACK-2 priority=urgent -m x
expect_rc 2 "a priority Backlog.md does not have"
expect_err "is a usage error, in Backlog.md's terms" <<'X'
prio: priority 'urgent' is not one of Backlog.md's: high, medium, low
usage: prio set <id> <field>=<value>... -m <why> [--no-commit]
X
run_prio set BACK-2 ordinal=-3 -m x
expect_rc 1 "a negative ordinal"
expect_err "is refused with its line and column" <<'X'
prio: backlog/tasks/back-2 - Receipt-by-email.md:11:10: ordinal '-3' is not a plain non-negative decimal such as 3 or 2.5 [rank]
prio: nothing was changed: 'set BACK-2 ordinal=-3' would bring the error above into the backlog
X
run_prio set BACK-3 status=Done -m x
expect_rc 1 "Done with an open criterion"
run_prio set BACK-2 status=Draft -m x
expect_rc 1 "a task's status cannot be Draft"
expect_err "Backlog.md keeps drafts in a folder" <<'X'
prio: cannot set BACK-2's status to Draft: in Backlog.md a draft is a file in backlog/drafts/, not a status ('backlog task demote BACK-2' makes it one)
X
run_prio set DRAFT-1 "status=To Do" -m x
expect_rc 1 "a draft's status cannot be set to a task's"
expect_err "prio names the command that promotes it" <<'X'
prio: cannot set DRAFT-1's status to To Do: it is a draft in backlog/drafts/; make it a task first ('backlog draft promote DRAFT-1')
X
for key in updated_date created_date id parent_task_id; do
	run_prio set BACK-2 "$key=x" -m x
	expect_rc 2 "$key cannot be set"
done
expect_err "and prio says why" <<'X'
prio: parent_task_id is Backlog.md's own (the task's place among its parent's sub-tasks) and cannot be set
usage: prio set <id> <field>=<value>... -m <why> [--no-commit]
X
run_prio set BACK-2 updated_date=x -m x
expect_err "a date is stamped, not set" <<'X'
prio: updated_date is Backlog.md's own (stamped when the task is created or changed) and cannot be set
usage: prio set <id> <field>=<value>... -m <why> [--no-commit]
X
run_prio set BACK-2 "title=Two
lines" -m x
expect_rc 2 "a value of two lines"
expect_err "is refused: it would break the trailers" <<'X'
prio: the value of title must be one line of text, without control characters
usage: prio set <id> <field>=<value>... -m <why> [--no-commit]
X
PRIO_NOW=tomorrow run_prio set BACK-2 labels=x -m x
expect_rc 2 "a PRIO_NOW that is no time"
expect_err "is named" <<'X'
prio: PRIO_NOW is 'tomorrow', not a time such as '2026-11-02 14:30'; fix or unset it
X
expect_commits 1 "nothing was committed"
expect_clean "nothing was written"

done_testing
