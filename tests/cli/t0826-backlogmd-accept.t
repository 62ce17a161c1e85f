#!/bin/sh
# prio accept and reject in a Backlog.md project (issue 15).  Backlog.md
# has no acceptance apart from Done, so accept refuses, saying how to add
# a status after Done to backlog/config.yml; with one ([To Do, In
# Progress, Done, Accepted]) accept moves a Done task whose criteria are
# all met to it, stamped as Backlog.md stamps an edit, and reject sends
# Done work back to In Progress either way.  Backlog.md's own CLI reads
# every result.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/bmd-write.sh"

F="$T/back-1 - Pay-offline.md"

# done_repo: the fixture project, BACK-1 made Done with its criteria
# ticked by Backlog.md's own CLI (its stamp pinned, so the bytes below
# hold), committed.
done_repo() {
	bmd_repo
	"$BACKLOG" task edit back-1 --check-ac 1 --check-ac 2 -s Done \
	    >/dev/null 2>&1 || not_ok "backlog task edit"
	sed -i "s/^updated_date: .*/updated_date: '2026-12-01 08:00'/" "$F"
	commit_all "BACK-1 done"
}

# with_accepted: a status after Done in the project's config.
with_accepted() {
	sed -i 's/^statuses: .*/statuses: ["To Do", "In Progress", "Done", "Accepted"]/' \
	    backlog/config.yml
	commit_all "Accepted work has its own status"
}

case_refuse() {
	done_repo
	head=$(git rev-parse HEAD)
	run_prio accept BACK-1
	expect_rc 1 "accept without a status after Done: exit 1"
	expect_err "it says how to add one to backlog/config.yml" <<'X'
prio: accept needs a status after 'Done' for accepted work, and this Backlog.md project has none; add one at the end of 'statuses' in backlog/config.yml, such as: statuses: ["To Do", "In Progress", "Done", "Accepted"]
X
	expect_same "$(git rev-parse HEAD)" "$head" "no commit"
	expect_clean "nothing changed"
	# Done as it was, and reject still sends it back.
	PRIO_NOW='2026-12-02 09:00' "$PRIO" reject BACK-1 \
	    -m "The sync drops payments" >/dev/null 2>&1
	git show HEAD >"$TEST_ROOT/out"
	expect_grep '^\+status: In Progress$' "reject: Done -> In Progress"
	bl view task view BACK-1 --plain
	cp "$TEST_ROOT/bl-view" "$TEST_ROOT/out"
	expect_grep '^Status: ◒ In Progress$' "backlog task view reads it"
}
run_case refuse

case_accept() {
	done_repo
	with_accepted
	before view task view BACK-1 --plain
	before list task list --plain
	PRIO_NOW='2026-12-03 10:00' run_prio accept BACK-1 -m "Pilot signed off"
	expect_rc 0 "accept with Accepted after Done: exit 0"
	expect_show "one file; the trailer names the statuses" <<'X'
prio: accept BACK-1

Pilot signed off

Prio-Story: BACK-1
Prio-Change: status Done -> Accepted


 backlog/tasks/back-1 - Pay-offline.md | 4 ++--
 1 file changed, 2 insertions(+), 2 deletions(-)
X
	git diff -U0 HEAD~ HEAD | grep -v '^index ' >"$TEST_ROOT/out"
	expect_out "the status, and updated_date stamped as Backlog.md does" <<'X'
diff --git a/backlog/tasks/back-1 - Pay-offline.md b/backlog/tasks/back-1 - Pay-offline.md
--- a/backlog/tasks/back-1 - Pay-offline.md	
+++ b/backlog/tasks/back-1 - Pay-offline.md	
@@ -4 +4 @@ title: Pay offline
-status: Done
+status: Accepted
@@ -7 +7 @@ created_date: '2026-11-23 11:51'
-updated_date: '2026-12-01 08:00'
+updated_date: '2026-12-03 10:00'
X
	expect_clean "the work tree is clean after the commit"
	bl view task view BACK-1 --plain
	expect_bl view "backlog task view BACK-1: Accepted, updated" \
	    's/^Status: ✔ Done$/Status: ○ Accepted/; s/^Updated: 2026-12-01 08:00 (UTC)$/Updated: 2026-12-03 10:00 (UTC)/'
	bl list task list --plain
	expect_bl_out list "backlog task list: BACK-1 under Accepted" <<'X'
To Do:
  BACK-1.1 - Queue storage (ac: 0/1)
  BACK-2 - Receipt by email (ac: 0/1)
  BACK-4 - Tidy settings

In Progress:
  BACK-3 - Refund flow (ac: 1/2)

Accepted:
  [HIGH] BACK-1 - Pay offline (ac: 2/2)

X
	run_prio accept BACK-1
	expect_rc 1 "accepting it again: exit 1"
	expect_err "it says so" <<'X'
prio: BACK-1 is Accepted already; nothing was changed
X
	run_prio reject BACK-1 -m "No"
	expect_rc 1 "rejecting accepted work: exit 1"
	expect_err "only Done work can be rejected" <<'X'
prio: cannot reject BACK-1: it is Accepted, and only Done work can be sent back; nothing was changed
X
	run_prio accept BACK-3
	expect_rc 1 "accepting work in progress: exit 1"
	expect_err "only Done work can be accepted" <<'X'
prio: cannot accept BACK-3: it is In Progress, and only Done work can be accepted; nothing was changed
X
}
run_case accept

# With Accepted, reject still sends Done work back to In Progress.
case_reject() {
	done_repo
	with_accepted
	PRIO_NOW='2026-12-02 09:00' run_prio reject BACK-1 \
	    -m "The sync drops payments"
	expect_rc 0 "reject: exit 0"
	git diff -U0 HEAD~ HEAD >"$TEST_ROOT/out"
	expect_grep '^\+status: In Progress$' "Done -> In Progress"
	bl view task view BACK-1 --plain
	cp "$TEST_ROOT/bl-view" "$TEST_ROOT/out"
	expect_grep '^Status: ◒ In Progress$' "backlog task view reads it"
}
run_case reject

# stats times the approval: from Done (a commit on 1 December) to
# Accepted (3 December), where it was 0 when Done played both.
case_stats() {
	export GIT_AUTHOR_DATE='2026-12-01T08:00:00Z'
	export GIT_COMMITTER_DATE=$GIT_AUTHOR_DATE
	done_repo
	with_accepted
	GIT_AUTHOR_DATE='2026-12-03T10:00:00Z' \
	    GIT_COMMITTER_DATE='2026-12-03T10:00:00Z' \
	    PRIO_NOW='2026-12-03 10:00' "$PRIO" accept BACK-1 \
	    -m "Signed off" >/dev/null 2>&1
	run_prio stats --json
	expect_rc 0 "stats: exit 0"
	expect_grep '"approval_time_days":\{"count":1,"median":2.1,' \
	    "approval took two days and two hours"
}
run_case stats

done_testing
