#!/bin/sh
# A Backlog.md project read the way Backlog.md 1.52 reads it (issue 15),
# with its own CLI as the oracle where it can say the same thing: the
# file set (top-level <prefix>-*.md of tasks/ and completed/, draft-*.md
# of drafts/, archive/tasks/ for IDs only), unquoted '@' values, legacy
# IDs, the order (ordinal, then priority, then ID), assignee as owner,
# priority, milestone and dates in show, section markers hidden.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/bmd.sh"

# The project: what real projects hold (Backlog.md's own repository has
# "assignee: @MrLesk", flow lists of '@' names, legacy IDs, dependencies
# with the old task- prefix, an archive).
project() {
	bmd_new
	bmd_task "tasks/back-1 - Alpha.md" <<'X'
id: BACK-1
title: Alpha
status: To Do
assignee: @MrLesk
created_date: '2026-01-02'
labels: []
dependencies: []
priority: low
ordinal: 1000
X
	bmd_task "tasks/back-2 - Beta.md" <<'X'
id: BACK-2
title: Beta
status: In Progress
assignee: [@ada, "bob"]
reporter: @carol
created_date: '2026-01-02 10:30'
updated_date: '2026-01-03 09:00'
labels: []
dependencies: []
priority: high
ordinal: 1000
X
	bmd_task "tasks/back-3 - Gamma.md" <<'X'
id: BACK-3
title: Gamma
status: To Do
assignee: []
created_date: '2026-01-02'
labels: []
dependencies: [task-1, BACK-11]
ordinal: 5000
X
	bmd_task "tasks/back-4 - Delta.md" <<'X'
id: BACK-4
title: Delta
status: To Do
assignee: []
created_date: '2026-01-02'
labels: []
dependencies: []
priority: medium
X
	bmd_task "tasks/back-5 - Epsilon.md" <<'X'
id: BACK-5
title: Epsilon
status: To Do
assignee: []
created_date: '2026-01-02'
labels: []
dependencies: []
X
	bmd_task "tasks/back-6 - Zeta.md" <<'X'
id: BACK-6
title: Zeta
status: To Do
assignee: []
created_date: '2026-01-02'
due_date: 2026-12-01
milestone: m-1
labels: []
dependencies: []
priority: High
X
	bmd_task "tasks/back-epic-7 - Legacy.md" <<'X'
id: task-epic-7
title: Legacy
status: To Do
assignee: []
created_date: '2026-01-02'
labels: []
dependencies: []
ordinal: 3000
X
	# Not read by Backlog.md: no prefix, a sub-folder, an upper-case
	# name, docs.
	bmd_task "tasks/notes.md" <<'X'
title: Notes
X
	bmd_task "tasks/sub/back-9 - Nested.md" <<'X'
id: BACK-9
title: Nested
status: To Do
X
	bmd_task "tasks/BACK-10 - Upper.md" <<'X'
id: BACK-10
title: Upper
status: To Do
X
	bmd_task "docs/doc-1 - Guide.md" <<'X'
id: doc-1
title: Guide
X
	bmd_task "completed/back-8 - Shipped.md" <<'X'
id: BACK-8
title: Shipped
status: Done
assignee: []
created_date: '2026-01-02'
labels: []
dependencies: []
X
	sed 's/^- \[ \] #1/- [x] #1/' "backlog/completed/back-8 - Shipped.md" \
	    >"$TEST_ROOT/t" && cp "$TEST_ROOT/t" \
	    "backlog/completed/back-8 - Shipped.md"
	bmd_task "archive/tasks/back-11 - Old.md" <<'X'
id: BACK-11
title: Old
status: Done
X
	bmd_task "drafts/draft-1 - Idea.md" <<'X'
id: DRAFT-1
title: Idea
status: Draft
X
	commit_all "Backlog.md project"
}

project
backlog_ids | sort >"$TEST_ROOT/want"
prio_ids --all | sort >"$TEST_ROOT/got"
if cmp -s "$TEST_ROOT/want" "$TEST_ROOT/got"; then
	ok "the same tasks as 'backlog task list'"
else
	not_ok "the same tasks as 'backlog task list'"
	diff "$TEST_ROOT/want" "$TEST_ROOT/got" | sed 's/^/#   /'
fi
backlog_order >"$TEST_ROOT/want"
prio_ids >"$TEST_ROOT/got"
if cmp -s "$TEST_ROOT/want" "$TEST_ROOT/got"; then
	ok "in Backlog.md's order: ordinal, then priority, then ID"
else
	not_ok "in Backlog.md's order: ordinal, then priority, then ID"
	diff "$TEST_ROOT/want" "$TEST_ROOT/got" | sed 's/^/#   /'
fi

run_prio list --all
expect_rc 0 "list exits 0: '@' values, legacy IDs and old prefixes read"
expect_out "the list: ties by priority, unranked by priority, the draft last" <<'X'
#  ID           STATUS       SCORE  TITLE
1  BACK-2       In Progress      -  Beta
2  BACK-1       To Do            -  Alpha
3  TASK-EPIC-7  To Do            -  Legacy
4  BACK-3       To Do            -  Gamma
5  BACK-6       To Do            -  Zeta
6  BACK-4       To Do            -  Delta
7  BACK-5       To Do            -  Epsilon
8  DRAFT-1      Draft            -  Idea
-  BACK-8       Done             -  Shipped
X
expect_err "and no errors" </dev/null

run_prio check
expect_rc 0 "check passes: the old-prefix and archived dependencies resolve"
expect_out "the one warning, in Backlog.md's terms" <<'X'
backlog/tasks/back-1 - Alpha.md:10:10: warning: ordinal 1000 ties with BACK-2; the tie is ordered by priority, then id, until you run 'prio renumber' or move one [rank-tie]
X
expect_err "the archive, docs and stray files are not stories" <<'X'
prio: 9 stories checked: 0 errors, 1 warning
X

run_prio list --owner MrLesk
expect_out "--owner finds the unquoted '@' assignee without its '@'" <<'X'
#  ID      STATUS  SCORE  TITLE
2  BACK-1  To Do       -  Alpha
X
run_prio list --owner @bob
expect_out "--owner with '@' finds one of a list" <<'X'
#  ID      STATUS       SCORE  TITLE
1  BACK-2  In Progress      -  Beta
X
"$BACKLOG" task list --plain --assignee @ada >"$TEST_ROOT/want"
run_prio list --owner @ada
if grep -q "BACK-2 - Beta" "$TEST_ROOT/want"; then
	expect_grep '^1  BACK-2 ' "--owner @ada finds what 'backlog task list --assignee @ada' finds"
else
	not_ok "backlog finds @ada's task"
fi

run_prio show back-2
expect_rc 0 "show takes the ID in any case"
expect_out "show: Backlog.md's names, priority and dates; section markers hidden" <<'X'
BACK-2  Beta

  status       In Progress
  position     #1 of 8
  ordinal      1000
  score        - (a Backlog.md task has no score inputs)
  assignee     @ada, bob
  priority     high
  created_date 2026-01-02 10:30
  updated_date 2026-01-03 09:00
  criteria     0 of 1 met
  path         backlog/tasks/back-2 - Beta.md

## Description

Text.

## Acceptance Criteria
<!-- AC:BEGIN -->
- [ ] #1 It works
<!-- AC:END -->
X
"$BACKLOG" task view BACK-2 --plain >"$TEST_ROOT/view"
grep -q '^Assignee: @ada, @bob$' "$TEST_ROOT/view" &&
    grep -q '^Created: 2026-01-02 10:30' "$TEST_ROOT/view" &&
    ok "backlog task view shows the same assignees and date" ||
    not_ok "backlog task view shows the same assignees and date"

run_prio show --json BACK-6
json_ok "show --json is JSON"
expect_grep '"priority":"High","milestone":"m-1","created_date":"2026-01-02","updated_date":null,"due_date":"2026-12-01",' \
    "show --json: priority, milestone and the unquoted due_date"
run_prio show task-epic-7
expect_rc 0 "a legacy ID names its task"
expect_grep '^TASK-EPIC-7  Legacy$' "shown as Backlog.md shows it"
"$BACKLOG" task view task-epic-7 --plain >"$TEST_ROOT/view" 2>&1
expect_same "$(grep -c '^Task TASK-EPIC-7 - Legacy$' "$TEST_ROOT/view")" 1 \
    "backlog task view finds and names it so"
run_prio show TASK-1
expect_rc 2 "an old prefix with a number is no ID to look up"
"$BACKLOG" task view task-1 --plain >"$TEST_ROOT/view" 2>&1
expect_same "$(grep -c 'not found' "$TEST_ROOT/view")" 1 \
    "backlog does not find task-1 either"

run_prio plan -c 5
expect_out "plan: one line for the tasks without effort" <<'X'
#  ID  EFFORT  TITLE
total: 0 stories, effort 0 of 5, 5 left
skipped 6 stories without effort: Backlog.md tasks have none; add 'effort: <n>' to those to plan
X

# An ID in the archive is taken: a task that reuses it is a duplicate.
bmd_task "tasks/back-11 - Again.md" <<'X'
id: BACK-11
title: Again
status: To Do
ordinal: 9000
X
run_prio check
expect_rc 1 "a task reusing an archived ID fails check"
expect_grep "^backlog/tasks/back-11 - Again.md:2:5: error: id 'BACK-11' is also used by backlog/archive/tasks/back-11 - Old.md; give one of them a new id with 'prio reid' \[duplicate-id\]$" \
    "the duplicate names the archived file"
expect_same "$(grep -c '^backlog/archive/' "$TEST_ROOT/out")" 0 \
    "the archived file itself is not reported"
rm "backlog/tasks/back-11 - Again.md"

# A file name without " - " carries no ID for Backlog.md, which reads
# the task by its front matter (Backlog.md's own repository has
# back-196-add-nixos-packaging-support.md); one with " - " must agree.
bmd_task "tasks/back-12-no-title-separator.md" <<'X'
id: BACK-12
title: Twelve
status: To Do
ordinal: 9500
X
run_prio check
expect_rc 0 "a name without ' - ' is no id-mismatch"
"$BACKLOG" task view back-12 --plain >"$TEST_ROOT/view" 2>&1
expect_same "$(grep -c '^Task BACK-12 - Twelve$' "$TEST_ROOT/view")" 1 \
    "backlog task view reads it by its front matter"
rm "backlog/tasks/back-12-no-title-separator.md"
bmd_task "tasks/back-13 - Thirteen.md" <<'X'
id: BACK-12
title: Thirteen
status: To Do
ordinal: 9500
X
run_prio check
expect_rc 1 "a name that says another ID fails check"
expect_grep "^backlog/tasks/back-13 - Thirteen.md:2:5: error: the file name does not start with the id 'BACK-12'; Backlog.md names the file '<id> - <title>.md' \[id-mismatch\]$" \
    "and names the rule"
rm "backlog/tasks/back-13 - Thirteen.md"

# The config's priorities order the tasks (getPriorityRank).
sed 's/^labels: \[\]$/labels: []\npriorities: [Low, Medium, High]/' \
    backlog/config.yml >"$TEST_ROOT/c" && cp "$TEST_ROOT/c" backlog/config.yml
backlog_order >"$TEST_ROOT/want"
prio_ids >"$TEST_ROOT/got"
if cmp -s "$TEST_ROOT/want" "$TEST_ROOT/got"; then
	ok "the config's priorities order ties and the unranked, as Backlog.md's"
else
	not_ok "the config's priorities order ties and the unranked, as Backlog.md's"
	diff "$TEST_ROOT/want" "$TEST_ROOT/got" | sed 's/^/#   /'
fi
expect_same "$(prio_ids | head -2 | tr '\n' ' ')" "BACK-1 BACK-2 " \
    "low is now the highest: BACK-1 before BACK-2"

# What YAML still rejects after Backlog.md's quoting is reported with
# file, line and column.
project
printf -- '---\nid: BACK-12\ntitle: Bad\nstatus: To Do\nassignee: [@a\nordinal: 1\n---\n' \
    >"backlog/tasks/back-12 - Bad.md"
run_prio check
expect_rc 1 "an unclosed flow list fails check"
expect_grep '^backlog/tasks/back-12 - Bad.md:[0-9]+:[0-9]+: error: .*\[yaml\]$' \
    "with file, line and column"

# A Backlog.md project and backlog/prio.yml in one repository: prio.yml
# wins, at every commit (the work tree, --rev, log, diff): prio reads its
# own stories in backlog/stories and leaves Backlog.md's tasks to it; in
# the history, the commit that adds prio.yml is where they leave.
project
mkdir -p backlog/stories
: >backlog/prio.yml
printf -- '---\nid: S-1\ntitle: Ours\nstatus: draft\n---\n' \
    >backlog/stories/S-1-ours.md
commit_all "prio next to Backlog.md"
run_prio list --all
expect_out "with backlog/prio.yml, prio's stories and not Backlog.md's tasks" <<'X'
#  ID   STATUS  SCORE  TITLE
1  S-1  draft       -  Ours
X
run_prio log HEAD~1..HEAD
expect_grep '^    S-1 created at #1$' "log: prio's story from the commit that added prio.yml"
expect_grep '^    BACK-2 removed from #1$' \
    "where the Backlog.md tasks leave prio's view"
run_prio log HEAD~1
expect_grep '^    BACK-2 created at #' "before it, the Backlog.md project's history"

run_prio diff HEAD~1 HEAD
expect_out "diff: across the switch, prio's stories are new" <<'X'
Backlog changes: 1 new

#1  S-1  Ours
         new at #1, draft, 0 criteria
X
"$BACKLOG" task list --plain >"$TEST_ROOT/bl"
expect_same "$(grep -c 'BACK-1 - Alpha' "$TEST_ROOT/bl")" 1 \
    "Backlog.md still reads its own tasks"

done_testing
