#!/bin/sh
# The history of a Backlog.md project (issue 15): log, diff, stats,
# report, check --rev and --staged, both hooks and --rev on read commands,
# from the first commit with backlog/config.yml.  The history is made by
# Backlog.md's own CLI, one real git commit per step; the audit trail
# follows a task by ID when its file is renamed and when it moves from
# tasks/ to completed/.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/bmd.sh"

bl() {
	"$BACKLOG" "$@" >"$TEST_ROOT/bl.out" 2>&1 ||
	    { echo "# backlog $* failed:"; sed 's/^/#   /' "$TEST_ROOT/bl.out"; }
}

new_repo
rm -rf backlog
echo "Shop" >README.md
commit_all "before the backlog"
bl init "Shop" --defaults --task-prefix back --agent-instructions none
bl config set remoteOperations false
bl config set checkActiveBranches false
commit_all "init backlog"
bl task create "Pay offline" --ac "Payments queue offline"
bl task create "Refunds" --ac "Refund reaches the card"
commit_all "two tasks"
bl task edit BACK-1 -s "In Progress"
commit_all "start BACK-1"
bl task edit BACK-2 --ordinal 500
commit_all "BACK-2 first"
# A title change that renames the file, as older Backlog.md versions do.
sed 's/^title: Pay offline$/title: Pay offline, queued/' \
    "backlog/tasks/back-1 - Pay-offline.md" \
    >"backlog/tasks/back-1 - Pay-offline-queued.md"
git rm -q "backlog/tasks/back-1 - Pay-offline.md"
commit_all "rename BACK-1"
bl task edit BACK-1 --check-ac 1 -s Done
commit_all "finish BACK-1"
bl task complete BACK-1
commit_all "complete BACK-1"
expect_same "$(git ls-files backlog/completed)" \
    "backlog/completed/back-1 - Pay-offline-queued.md" \
    "backlog task complete moved BACK-1 to completed/"

# The change lines of log's text (not the commit subjects).
changes() {
	sed -n 's/^    //p' "$TEST_ROOT/out" |
	    grep -E '^BACK-[0-9]+ (status|ordinal|created|removed)'
}

run_prio log
expect_rc 0 "log reads a Backlog.md history"
changes >"$TEST_ROOT/got"
cat >"$TEST_ROOT/want" <<'X'
BACK-1 status In Progress -> Done, was #2
BACK-2 ordinal 2000 -> 500, #2 -> #1
BACK-1 status To Do -> In Progress
BACK-1 created at #1
BACK-2 created at #2
X
if cmp -s "$TEST_ROOT/want" "$TEST_ROOT/got"; then
	ok "the status and ordinal decisions, newest first; the rename and the move to completed/ are no change"
else
	not_ok "the status and ordinal decisions, newest first; the rename and the move to completed/ are no change"
	diff -u "$TEST_ROOT/want" "$TEST_ROOT/got" | sed 's/^/#   /'
fi
expect_same "$(grep -c '^commit ' "$TEST_ROOT/out")" 4 \
    "four commits decided something"

run_prio log back-1
expect_rc 0 "log <id> takes the ID in any case"
changes >"$TEST_ROOT/got"
printf '%s\n' "BACK-1 status In Progress -> Done, was #2" \
    "BACK-1 status To Do -> In Progress" "BACK-1 created at #1" \
    >"$TEST_ROOT/want"
if cmp -s "$TEST_ROOT/want" "$TEST_ROOT/got"; then
	ok "the trail follows BACK-1 by ID across the rename and the move"
else
	not_ok "the trail follows BACK-1 by ID across the rename and the move"
	diff -u "$TEST_ROOT/want" "$TEST_ROOT/got" | sed 's/^/#   /'
fi

run_prio log --json
json_ok "log --json is JSON"
expect_grep '"field":"rank","from":"2000","to":"500"' \
    "log --json keeps its field names"

run_prio diff HEAD~5 HEAD
expect_rc 0 "diff <rev> <rev> exits 0"
expect_out "diff: the moved task in Backlog.md's terms, the completed one" <<'X'
Backlog changes: 1 moved, 1 status change, 1 criteria change

#1  BACK-2  Refunds
            moved ↑ #2 → #1 (ordinal 2000 -> 500)
 -  BACK-1  Pay offline, queued
            status To Do -> Done (was #1)
            criterion met: Payments queue offline
X
run_prio diff HEAD~5..HEAD --format json
json_ok "diff --format json is JSON"
run_prio diff HEAD~5...HEAD --format markdown
expect_grep '^\| 1 \| BACK-2 Refunds \| ↑ moved up `#2 → #1` \(ordinal 2000 → 500\) \|$' \
    "diff --format markdown: the ordinal"

bl task edit BACK-2 --ordinal 9000
bl task create "Receipts" --ac "Receipt by email"
run_prio diff
expect_rc 0 "diff of the work tree exits 0"
expect_out "diff: the work tree's new task and ordinal" <<'X'
Backlog changes: 1 new

#2  BACK-3  Receipts
            new at #2, To Do, 1 criterion
X
git checkout -q -- backlog
rm -f backlog/tasks/back-3*

run_prio list --rev HEAD~4
expect_out "list --rev: the order before BACK-2 moved up" <<'X'
#  ID      STATUS       SCORE  TITLE
1  BACK-1  In Progress      -  Pay offline
2  BACK-2  To Do            -  Refunds
X
run_prio show --rev HEAD~4 BACK-1
expect_grep '^  status       In Progress$' "show --rev: the status then"
run_prio rank --rev HEAD~3
expect_grep '^1  BACK-2 +500 ' "rank --rev: the ordinal then"
run_prio list --rev HEAD~7
expect_rc 2 "before backlog/config.yml there is no backlog"

run_prio check --rev HEAD~2
expect_rc 0 "check --rev exits 0"
expect_err "check --rev reads the commit's tasks" <<'X'
prio: 2 stories checked, no problems
X

run_prio stats
expect_rc 0 "stats exits 0"
expect_grep '^cycle time +1 story' "stats: cycle time from the status changes"
expect_grep '^throughput .*1 story accepted' "stats: Done counts as accepted"
expect_grep '^approval time  none: one status is both done and accepted$' \
    "stats: no approval time where Done is also acceptance"
expect_err "stats: a note says so, and how to add an acceptance status" <<'X'
prio: note: 'Done' is both done and accepted, so there is no approval time; a status listed after it is acceptance, and 'prio accept' moves work there
X
run_prio report -o "$TEST_ROOT/one-step.html"
expect_rc 0 "report on a one-step workflow exits 0"
if grep -q 'none: one status is both done and accepted' \
    "$TEST_ROOT/one-step.html"; then
	ok "report: the approval card says there is no approval step"
else
	not_ok "report: the approval card says there is no approval step"
fi

run_prio report -o report.html
expect_rc 0 "report exits 0"
grep -q 'BACK-2' report.html && ok "report names the tasks" ||
    not_ok "report names the tasks"
rm -f report.html

# check --staged and the pre-commit hook: a task without criteria.
run_prio hook install pre-commit
expect_rc 0 "hook install"
bl task create "No criteria"
git add backlog
run_prio check --staged
expect_rc 1 "check --staged fails on the staged task"
expect_out "with Backlog.md's file and line" <<'X'
backlog/tasks/back-3 - No-criteria.md:4:9: error: status 'To Do' needs acceptance criteria; add a '## Acceptance Criteria' section with items such as '- [ ] ...' [missing-criteria]
X
PATH=$(dirname "$PRIO"):$PATH run_git commit -qm "bad task"
expect_rc 1 "the pre-commit hook refuses the commit"
grep -q "commit refused: BACK-3" "$TEST_ROOT/err" &&
    ok "and names the task" || not_ok "and names the task"
git commit -qm "bad task" --no-verify
# With that error committed, a commit that leaves BACK-3 alone passes.
bl task edit BACK-2 -t "Refunds to the card"
git add backlog
PATH=$(dirname "$PRIO"):$PATH run_git commit -qm "retitle BACK-2"
expect_rc 0 "the hook takes a commit that does not touch the task in error"
expect_err "and counts the older problem" <<'X'
prio: 3 stories checked, no problems
prio: 1 older problem in other stories; 'prio check --staged --all' lists it
X
git reset -q --hard HEAD~1

# The pre-receive hook of a bare clone.
git clone -q --bare . "$TEST_ROOT/bare.git"
(cd "$TEST_ROOT/bare.git" && "$PRIO" hook install pre-receive >/dev/null)
git reset -q --hard HEAD~1
git clone -q "$TEST_ROOT/bare.git" "$TEST_ROOT/clone"
(cd "$TEST_ROOT/bare.git" && git update-ref refs/heads/main HEAD~1)
PATH=$(dirname "$PRIO"):$PATH run_git -C "$TEST_ROOT/clone" push -q origin main
expect_rc 1 "the pre-receive hook refuses a push of the task without criteria"
grep -q "push refused: refs/heads/main" "$TEST_ROOT/err" &&
    ok "and says which branch" || not_ok "and says which branch"
PATH=$(dirname "$PRIO"):$PATH run_git push -q "$TEST_ROOT/bare.git" main
expect_rc 0 "a push of the valid history is taken"

done_testing
