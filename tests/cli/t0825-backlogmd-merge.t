#!/bin/sh
# prio's merge driver in a Backlog.md project (issue 15): prio hook
# install sends the task files (tasks/, drafts/, completed/ under the
# configured folder) to prio merge-file, not backlog/stories/; real `git
# merge` of two branches that changed one task merges it key by key, the
# later updated_date wins (Backlog.md stamps it on every edit, so two
# edits of one task would otherwise always conflict there), and a task
# both branches reordered conflicts on its ordinal alone.  Backlog.md's
# own CLI reads the merged file.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/bmd-write.sh"

F="$T/back-2 - Receipt-by-email.md"

# merge_bmd: the fixture project with prio's hooks and driver installed
# and committed, on main; the pre-commit hook goes (the cases are about
# the driver).
merge_bmd() {
	bmd_repo
	"$PRIO" hook install >/dev/null || not_ok "hook install"
	rm .git/hooks/pre-commit
	commit_all "merge driver"
}

# git_merge BRANCH: merges it into the current branch; $RC, and
# $TEST_ROOT/merge.err.
git_merge() {
	git merge -q --no-edit "$1" >"$TEST_ROOT/merge.out" \
	    2>"$TEST_ROOT/merge.err"
	RC=$?
}

case_install() {
	bmd_repo
	run_prio hook install
	expect_rc 0 "hook install in a Backlog.md project: exit 0"
	expect_out "it names the task folders, not backlog/stories" <<'X'
installed .git/hooks/pre-commit: runs 'prio check --staged' before each commit
added 'backlog/tasks/*.md merge=prio' to .gitattributes
added 'backlog/drafts/*.md merge=prio' to .gitattributes
added 'backlog/completed/*.md merge=prio' to .gitattributes
set merge.prio.driver: stories merge key by key (prio merge-file)
X
	git check-attr merge -- "$F" "backlog/completed/back-5 - Old-release-notes.md" \
	    "backlog/drafts/draft-1 - Loyalty-points-idea.md" \
	    backlog/archive/tasks/back-9.md backlog/stories/S-1.md \
	    >"$TEST_ROOT/out"
	expect_out "git sends tasks, drafts and completed tasks to prio" <<X
$F: merge: prio
backlog/completed/back-5 - Old-release-notes.md: merge: prio
backlog/drafts/draft-1 - Loyalty-points-idea.md: merge: prio
backlog/archive/tasks/back-9.md: merge: unspecified
backlog/stories/S-1.md: merge: unspecified
X
	run_prio hook install
	expect_out "a second install adds nothing" <<'X'
updated .git/hooks/pre-commit: runs 'prio check --staged' before each commit
X
	run_prio hook uninstall
	expect_out "uninstall removes each line, and the file left empty" <<'X'
removed .git/hooks/pre-commit
removed 'backlog/tasks/*.md merge=prio' from .gitattributes
removed 'backlog/drafts/*.md merge=prio' from .gitattributes
removed 'backlog/completed/*.md merge=prio' from .gitattributes
removed merge.prio.driver
X
	expect_same "$(ls .gitattributes 2>&1)" \
	    "ls: cannot access '.gitattributes': No such file or directory" \
	    ".gitattributes is gone"
}
run_case install

# A configured backlog_directory moves the lines with it.
case_install_dir() {
	new_repo
	rm -rf backlog
	mkdir -p work
	cp -R "$FIXTURES/backlogmd/backlog" work/plan
	mv work/plan/config.yml backlog.config.yml
	printf 'backlog_directory: "work/plan"\n' >>backlog.config.yml
	commit_all "Backlog.md project in work/plan"
	"$BACKLOG" task list --plain >"$TEST_ROOT/out" 2>&1
	expect_grep "BACK-2 - Receipt by email" \
	    "Backlog.md reads the project in work/plan"
	run_prio hook install
	expect_out "the lines name work/plan" <<'X'
installed .git/hooks/pre-commit: runs 'prio check --staged' before each commit
added 'work/plan/tasks/*.md merge=prio' to .gitattributes
added 'work/plan/drafts/*.md merge=prio' to .gitattributes
added 'work/plan/completed/*.md merge=prio' to .gitattributes
set merge.prio.driver: stories merge key by key (prio merge-file)
X
}
run_case install-dir

# Different keys of one task on each branch, each stamping updated_date:
# a clean merge with both changes and the later stamp.
case_keys() {
	merge_bmd
	before view task view BACK-2 --plain
	git checkout -q -b pay
	PRIO_NOW='2026-12-01 10:00' "$PRIO" set BACK-2 priority=high \
	    -m "Receipts matter" >/dev/null
	git checkout -q main
	PRIO_NOW='2026-12-02 09:30' "$PRIO" set BACK-2 \
	    labels=receipts,mail -m "Mail" >/dev/null
	git_merge pay
	expect_same "$RC" 0 "git merge: clean"
	expect_file "$F" "both keys, the later updated_date" <<'X'
---
id: BACK-2
title: Receipt by email
status: To Do
assignee: []
created_date: '2026-11-23 11:51'
updated_date: '2026-12-02 09:30'
labels:
  - receipts
  - mail
dependencies:
  - BACK-1
ordinal: 2000
priority: high
---

## Description

<!-- SECTION:DESCRIPTION:BEGIN -->
Send the receipt by email.
<!-- SECTION:DESCRIPTION:END -->

## Acceptance Criteria
<!-- AC:BEGIN -->
- [ ] #1 The email arrives within a minute
<!-- AC:END -->
X
	expect_clean "the merge is committed"
	bl view task view BACK-2 --plain
	expect_bl view "backlog task view BACK-2 reads both changes" \
	    's/^Status: ○ To Do$/&\
Priority: High/; s/^Created: 2026-11-23 11:51 (UTC)$/&\
Updated: 2026-12-02 09:30 (UTC)/; s/^Labels: receipts$/Labels: receipts, mail/'
	# The other way round: theirs' stamp is the later one.
	git reset -q --hard HEAD~1
	git checkout -q pay
	git_merge main
	expect_same "$RC" 0 "git merge the other way: clean"
	cp "$F" "$TEST_ROOT/out"
	expect_grep "^updated_date: '2026-12-02 09:30'\$" \
	    "theirs' later stamp wins"
}
run_case keys

# Both branches reorder the task: the ordinal alone conflicts, each side
# with its decision; the rest merges (keys only theirs added go at the
# end of the front matter, prio/merge.h).  Settled by hand, Backlog.md
# reads it.
case_ordinal() {
	merge_bmd
	before view task view BACK-2 --plain
	git checkout -q -b top
	PRIO_NOW='2026-12-01 10:00' "$PRIO" set BACK-2 priority=high \
	    -m "Receipts matter" >/dev/null
	"$PRIO" move BACK-2 --top -m "Receipts first" >/dev/null
	git checkout -q main
	"$PRIO" move BACK-2 --bottom -m "Receipts can wait" >/dev/null
	git_merge top
	expect_same "$RC" 1 "git merge: stops on the conflict"
	expect_file "$F" "only the ordinal is between markers" <<X
---
id: BACK-2
title: Receipt by email
status: To Do
assignee: []
created_date: '2026-11-23 11:51'
labels:
  - receipts
dependencies:
  - BACK-1
<<<<<<< ours
# decided in $(git rev-parse --short main) by Tester: Receipts can wait
ordinal: 6000
=======
# decided in $(git rev-parse --short top) by Tester: Receipts first
ordinal: 500
>>>>>>> theirs
updated_date: '2026-12-01 10:00'
priority: high
---

## Description

<!-- SECTION:DESCRIPTION:BEGIN -->
Send the receipt by email.
<!-- SECTION:DESCRIPTION:END -->

## Acceptance Criteria
<!-- AC:BEGIN -->
- [ ] #1 The email arrives within a minute
<!-- AC:END -->
X
	cp "$TEST_ROOT/merge.err" "$TEST_ROOT/out"
	expect_grep \
	    "^prio: merge-file: $F: conflict in ordinal; edit the lines between the markers, then git add the file\$" \
	    "the driver names the conflicted key"
	# Settled by hand: the markers and comments go, 500 stays.
	sed -i '/^<<<<<<< ours$/,/^=======$/d; /^# decided in /d; /^>>>>>>> theirs$/d' "$F"
	git add "$F"
	git commit -q --no-edit
	expect_clean "the settled merge is committed"
	bl view task view BACK-2 --plain
	expect_bl view "backlog task view BACK-2 reads the settled task" \
	    's/^Status: ○ To Do$/&\
Priority: High/; s/^Ordinal: 2000$/Ordinal: 500/; s/^Created: 2026-11-23 11:51 (UTC)$/&\
Updated: 2026-12-01 10:00 (UTC)/'
}
run_case ordinal

# The same conflict decided with prio resolve: the task is found by its
# ID in any spelling, theirs' ordinal is taken, the file is staged and
# the decision goes into the merge message; Backlog.md reads the result.
case_resolve() {
	merge_bmd
	git checkout -q -b top
	"$PRIO" move BACK-2 --top -m "Receipts first" >/dev/null
	git checkout -q main
	"$PRIO" move BACK-2 --bottom -m "Receipts can wait" >/dev/null
	git_merge top
	expect_same "$RC" 1 "resolve: git merge stops on the conflict"
	run_prio resolve back-2 --theirs -m "The pilot needs receipts"
	expect_rc 0 "resolve finds the Backlog.md task by its ID"
	expect_same "$(grep -c '^<<<<<<<\|^=======\|^>>>>>>>\|^# decided in ' "$F")" 0 \
	    "resolve: no markers or decision comments are left"
	expect_same "$(grep '^ordinal:' "$F")" "ordinal: 500" \
	    "resolve: theirs' ordinal"
	expect_same "$(git diff --name-only --diff-filter=U)" "" \
	    "resolve: the file is staged, nothing is in conflict"
	expect_same "$(grep -c '^Prio-Story: BACK-2$' .git/MERGE_MSG)" 1 \
	    "resolve: the merge message names the task"
	git commit -q --no-edit
	expect_clean "resolve: the merge is committed"
	"$BACKLOG" task view BACK-2 --plain >"$TEST_ROOT/out" 2>&1
	expect_grep '^Ordinal: 500$' "resolve: backlog task view reads the ordinal"
}
run_case resolve

done_testing
