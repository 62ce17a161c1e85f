#!/bin/sh
# A Backlog.md project read as it is (issue 5): with no backlog/prio.yml
# but Backlog.md's config, list, show, rank and check (and --rev,
# --staged) read its tasks, drafts and completed folders, its IDs
# (BACK-12, BACK-12.1, DRAFT-1), ordinals, dependencies and the criteria
# between its AC markers.  The fixture is real Backlog.md output (see
# tests/fixtures/backlogmd/README.txt); malformed files are edited copies.
. "$(dirname "$0")/lib.sh"

T=backlog/tasks
missing4="$T/back-4 - Tidy-settings.md:4:9: error: status 'To Do' needs acceptance criteria; add a '## Acceptance Criteria' section with items such as '- [ ] ...' [missing-criteria]"

# bmd_repo: a repository holding the fixture project, committed.
bmd_repo() {
	new_repo
	rm -rf backlog
	cp -R "$FIXTURES/backlogmd/backlog" backlog
	commit_all "Backlog.md project"
}

bmd_repo
run_prio list
expect_rc 0 "list reads a Backlog.md project"
expect_out "tasks in ordinal order, sub-tasks by their own ordinal, the draft unranked last" <<'X'
#  ID        STATUS       SCORE  TITLE
1  BACK-1    To Do            -  Pay offline
2  BACK-2    To Do            -  Receipt by email
3  BACK-3    In Progress      -  Refund flow
4  BACK-1.1  To Do            -  Queue storage
5  BACK-4    To Do            -  Tidy settings
6  DRAFT-1   Draft            -  Loyalty points idea
X
expect_err "list points at the one error" <<'X'
prio: the backlog has 1 error; run 'prio check' to see it
X

run_prio list --all
expect_out "list --all adds the completed task; readme.md is no story" <<'X'
#  ID        STATUS       SCORE  TITLE
1  BACK-1    To Do            -  Pay offline
2  BACK-2    To Do            -  Receipt by email
3  BACK-3    In Progress      -  Refund flow
4  BACK-1.1  To Do            -  Queue storage
5  BACK-4    To Do            -  Tidy settings
6  DRAFT-1   Draft            -  Loyalty points idea
-  BACK-5    Done             -  Old release notes
X

run_prio list --status Draft
expect_out "the drafts folder holds Draft stories" <<'X'
#  ID       STATUS  SCORE  TITLE
6  DRAFT-1  Draft       -  Loyalty points idea
X

# Done, the last status, plays done; In Progress, the one after ready,
# plays in-progress.
run_prio list --role done
expect_out "list --role done lists the Done task" <<'X'
#  ID      STATUS  SCORE  TITLE
-  BACK-5  Done        -  Old release notes
X
run_prio list --role in-progress
expect_out "list --role in-progress lists In Progress" <<'X'
#  ID      STATUS       SCORE  TITLE
3  BACK-3  In Progress      -  Refund flow
X

run_prio list --json
expect_rc 0 "list --json exits 0"
json_ok "list --json is JSON"
expect_out "list --json: ordinal as rank, dependencies as depends_on, criteria counted between the markers" <<'X'
{"version":1,"kind":"prio.list","stories":[{"id":"BACK-1","title":"Pay offline","status":"To Do","rank":"1000","score":null,"position":1,"path":"backlog/tasks/back-1 - Pay-offline.md","owner":null,"goal":null,"labels":["payments","offline"],"depends_on":[],"criteria":{"total":2,"met":0}},{"id":"BACK-2","title":"Receipt by email","status":"To Do","rank":"2000","score":null,"position":2,"path":"backlog/tasks/back-2 - Receipt-by-email.md","owner":null,"goal":null,"labels":["receipts"],"depends_on":["BACK-1"],"criteria":{"total":1,"met":0}},{"id":"BACK-3","title":"Refund flow","status":"In Progress","rank":"3000","score":null,"position":3,"path":"backlog/tasks/back-3 - Refund-flow.md","owner":"@ada","goal":null,"labels":[],"depends_on":[],"criteria":{"total":2,"met":1}},{"id":"BACK-1.1","title":"Queue storage","status":"To Do","rank":"4000","score":null,"position":4,"path":"backlog/tasks/back-1.1 - Queue-storage.md","owner":null,"goal":null,"labels":[],"depends_on":[],"criteria":{"total":1,"met":0}},{"id":"BACK-4","title":"Tidy settings","status":"To Do","rank":"5000","score":null,"position":5,"path":"backlog/tasks/back-4 - Tidy-settings.md","owner":null,"goal":null,"labels":[],"depends_on":[],"criteria":{"total":0,"met":0}},{"id":"DRAFT-1","title":"Loyalty points idea","status":"Draft","rank":null,"score":null,"position":6,"path":"backlog/drafts/draft-1 - Loyalty-points-idea.md","owner":null,"goal":null,"labels":[],"depends_on":[],"criteria":{"total":0,"met":0}}]}
X

run_prio show --json back-3
expect_rc 0 "show takes an ID in any case"
expect_out "show --json: criteria texts without Backlog.md's '#<n>' numbers" <<'X'
{"version":1,"kind":"prio.show","story":{"id":"BACK-3","title":"Refund flow","status":"In Progress","rank":"3000","score":null,"position":3,"path":"backlog/tasks/back-3 - Refund-flow.md","owner":"@ada","goal":null,"labels":[],"depends_on":[],"criteria":{"total":2,"met":1},"criteria_items":[{"text":"Refund reaches the card","met":true,"line":22},{"text":"The shop sees the refund","met":false,"line":23}],"priority":null,"milestone":null,"created_date":"2026-11-23 11:51","updated_date":"2026-11-23 11:51","due_date":null,"body":"\n## Description\n\n<!-- SECTION:DESCRIPTION:BEGIN -->\nRefund a card payment.\n<!-- SECTION:DESCRIPTION:END -->\n\n## Acceptance Criteria\n<!-- AC:BEGIN -->\n- [x] #1 Refund reaches the card\n- [ ] #2 The shop sees the refund\n<!-- AC:END -->\n"}}
X

run_prio show BACK-1.1
expect_rc 0 "show finds a sub-task by its dotted ID"
expect_grep '^BACK-1\.1  Queue storage$' "show BACK-1.1 names it"
expect_grep '^  criteria     0 of 1 met$' "show BACK-1.1 counts its criterion"

run_prio show BACK-5
expect_rc 0 "show finds a completed task"
expect_out "show: a completed task is terminal, without a score" <<'X'
BACK-5  Old release notes

  status       Done
  position     - (terminal)
  ordinal      6000
  score        - (a Backlog.md task has no score inputs)
  created_date 2026-11-23 11:51
  updated_date 2026-11-23 11:51
  criteria     1 of 1 met
  path         backlog/completed/back-5 - Old-release-notes.md

## Acceptance Criteria
<!-- AC:BEGIN -->
- [x] #1 Notes published
<!-- AC:END -->
X

run_prio show BACK-12
expect_rc 1 "show of an unknown task exits 1"
expect_err "and says so" <<'X'
prio: no story BACK-12 in this backlog; 'prio list --all' shows them all
X

run_prio show S-1
expect_rc 2 "show of a prio-style ID exits 2"
expect_err "and shows the project's IDs" <<'X'
prio: 'S-1' is not a story ID; IDs look like BACK-42
X

run_prio show --json back-01.1
expect_rc 0 "a zero-padded ID names the same task"
expect_grep '^\{"version":1,"kind":"prio.show","story":\{"id":"BACK-1.1",' "back-01.1 is BACK-1.1"

for bad in BACK-1.1.1.1 BACK-1.70000 BACK-0 BACK- 1 "BACK-1 "; do
	run_prio show "$bad"
	expect_rc 2 "'$bad' is not an ID"
done

run_prio rank
expect_out "rank shows the ordinals" <<'X'
#  ID        RANK  SCORE  TITLE
1  BACK-1    1000      -  Pay offline
2  BACK-2    2000      -  Receipt by email
3  BACK-3    3000      -  Refund flow
4  BACK-1.1  4000      -  Queue storage
5  BACK-4    5000      -  Tidy settings
6  DRAFT-1   -         -  Loyalty points idea
X

run_prio check
expect_rc 1 "check fails on what would block the tasks in a prio backlog"
printf '%s\n' "$missing4" >"$TEST_ROOT/want-check"
expect_out "a To Do task without criteria; the draft and the met criteria pass" \
    <"$TEST_ROOT/want-check"
expect_err "check's summary counts every file but readme.md" <<'X'
prio: 7 stories checked: 1 error, 0 warnings
X

run_prio check --format json
json_ok "check --format json is JSON"

# Malformed Backlog.md files: each a diagnostic with file and line.
bmd_repo
awk 'NR == 1 || !/^---$/' "$T/back-2 - Receipt-by-email.md" |
    sed 's/BACK-2/BACK-6/' >"$T/back-6 - Unterminated.md"
sed 's/^id: BACK-1$/id: BACK-7/; s/^status: To Do/status: Doing/;
    s/^ordinal: 1000/ordinal: -5/; s/^created_date: .*/created_date: soon/' \
    "$T/back-1 - Pay-offline.md" >"$T/back-7 - Bad-values.md"
sed 's/^id: BACK-1.1/id: BACK-8/; /AC:END/d; s/^ordinal: 4000/ordinal: 7000/' \
    "$T/back-1.1 - Queue-storage.md" >"$T/back-8 - No-end.md"
sed 's/^id: BACK-4/id: BACK_x/' "$T/back-4 - Tidy-settings.md" \
    >"$T/back-9 - Bad-id.md"
sed 's/^id: BACK-4/id: BACK-10/; s/^ordinal: 5000/ordinal: 9000/
    s/No criteria yet./Named wrong./' "$T/back-4 - Tidy-settings.md" \
    >"$T/back-11 - Wrong-name.md"
sed 's/^  - BACK-1$/  - BACK-99/; s/^id: BACK-2/id: BACK-12/
    s/^ordinal: 2000/ordinal: 9500/' "$T/back-2 - Receipt-by-email.md" \
    >"$T/back-12 - Missing-dep.md"
run_prio check
expect_rc 1 "check on malformed Backlog.md files exits 1"
expect_out "every malformed file is a diagnostic with file and line" <<X
$T/back-11 - Wrong-name.md:2:5: error: the file name does not start with the id 'BACK-10'; Backlog.md names the file '<id> - <title>.md' [id-mismatch]
$T/back-11 - Wrong-name.md:4:9: error: status 'To Do' needs acceptance criteria; add a '## Acceptance Criteria' section with items such as '- [ ] ...' [missing-criteria]
$T/back-12 - Missing-dep.md:10:3: error: depends on 'BACK-99', which is not a story in this backlog; correct the id or remove it from dependencies [missing-dependency]
$missing4
$T/back-6 - Unterminated.md:1:1: error: the front matter is not terminated; add a '---' line after its last key [front-matter]
$T/back-7 - Bad-values.md:4:9: error: status 'Doing' is not one of: Draft, To Do, In Progress, Done [status]
$T/back-7 - Bad-values.md:6:15: error: 'created_date' must be a date written YYYY-MM-DD or YYYY-MM-DD HH:MM, not 'soon' [type]
$T/back-7 - Bad-values.md:12:10: error: ordinal '-5' is not a plain non-negative decimal such as 3 or 2.5 [rank]
$T/back-8 - No-end.md:14:1: error: the acceptance criteria open with '<!-- AC:BEGIN -->' but have no '<!-- AC:END -->'; add it after the last criterion [file]
$T/back-9 - Bad-id.md:2:5: error: id 'BACK_x' is malformed; write BACK-<number>, such as BACK-42 or BACK-42.1 [id-mismatch]
$T/back-9 - Bad-id.md:4:9: error: status 'To Do' needs acceptance criteria; add a '## Acceptance Criteria' section with items such as '- [ ] ...' [missing-criteria]
X
sed 's/^id: BACK-3/id: back-03/' "$T/back-3 - Refund-flow.md" \
    >"$T/back-03 - Same.md"
run_prio check
expect_grep "^$T/back-03 - Same.md:2:5: error: id 'BACK-03' is also used by $T/back-3 - Refund-flow.md; give one of them a new id with 'prio reid' \[duplicate-id\]$" \
    "two spellings of one ID are a duplicate"
rm "$T/back-03 - Same.md"
run_prio list
expect_err "list does not drop them silently, and counts as check does" <<'X'
prio: the backlog has 11 errors; run 'prio check' to see them
X

# A completed task with an open criterion, and a Done task in tasks/.
bmd_repo
sed 's/^- \[x\] #1/- [ ] #1/' "backlog/completed/back-5 - Old-release-notes.md" \
    >"backlog/completed/back-5 - Old-release-notes.md.new"
mv "backlog/completed/back-5 - Old-release-notes.md.new" \
    "backlog/completed/back-5 - Old-release-notes.md"
run_prio check
expect_out "Done with an open criterion is an unmet-criteria error" <<X
backlog/completed/back-5 - Old-release-notes.md:15:1: error: the story is Done but criterion 1 is open; tick it ('- [x]') or reopen the story [unmet-criteria]
$missing4
X
sed 's/^status: In Progress/status: Done/' "$T/back-3 - Refund-flow.md" \
    >"$T/x" && mv "$T/x" "$T/back-3 - Refund-flow.md"
run_prio list
expect_out "the last status is terminal, in tasks/ too" <<'X'
#  ID        STATUS  SCORE  TITLE
1  BACK-1    To Do       -  Pay offline
2  BACK-2    To Do       -  Receipt by email
3  BACK-1.1  To Do       -  Queue storage
4  BACK-4    To Do       -  Tidy settings
5  DRAFT-1   Draft       -  Loyalty points idea
X

# --rev and --staged read the committed and the staged project.
bmd_repo
sed 's/^ordinal: 4000/ordinal: 500/' "$T/back-1.1 - Queue-storage.md" \
    >"$T/x" && mv "$T/x" "$T/back-1.1 - Queue-storage.md"
rm "$T/back-4 - Tidy-settings.md"
run_prio rank
expect_out "the work tree: BACK-1.1 moved up, BACK-4 gone" <<'X'
#  ID        RANK  SCORE  TITLE
1  BACK-1.1  500       -  Queue storage
2  BACK-1    1000      -  Pay offline
3  BACK-2    2000      -  Receipt by email
4  BACK-3    3000      -  Refund flow
5  DRAFT-1   -         -  Loyalty points idea
X
run_prio rank --rev HEAD
expect_rc 0 "rank --rev HEAD exits 0"
expect_out "rank --rev HEAD: the committed order" <<'X'
#  ID        RANK  SCORE  TITLE
1  BACK-1    1000      -  Pay offline
2  BACK-2    2000      -  Receipt by email
3  BACK-3    3000      -  Refund flow
4  BACK-1.1  4000      -  Queue storage
5  BACK-4    5000      -  Tidy settings
6  DRAFT-1   -         -  Loyalty points idea
X
run_prio check --rev HEAD
expect_rc 1 "check --rev HEAD sees the committed BACK-4"
expect_out "check --rev HEAD: its diagnostic" <"$TEST_ROOT/want-check"
run_prio show --rev HEAD BACK-1.1
expect_grep '^  ordinal      4000$' "show --rev HEAD: the committed ordinal"
run_prio check
expect_rc 0 "check of the work tree passes"
run_prio check --staged --all
expect_rc 1 "check --staged --all reads the index, which still has BACK-4"
expect_out "check --staged --all: its diagnostic" <"$TEST_ROOT/want-check"
run_prio check --staged
expect_rc 0 "check --staged: BACK-4's error is older than the change"
expect_err "and is counted, in the tasks' folders (issue 15)" <<'X'
prio: 7 stories checked, no problems
prio: 1 older problem in other stories; 'prio check --staged --all' lists it
X
git add -A
run_prio check --staged
expect_rc 0 "once staged, check --staged passes"
run_prio list --rev HEAD --all --json
json_ok "list --rev --json is JSON"

# The config at the root, with its own folder; statuses of its own.
new_repo
rm -rf backlog
mkdir -p planning
cp -R "$FIXTURES/backlogmd/backlog/tasks" planning/tasks
sed 's/^statuses: .*/statuses: ["Todo", "Doing", "Done"]/' \
    "$FIXTURES/backlogmd/backlog/config.yml" >backlog.config.yml
echo 'backlog_directory: "planning"' >>backlog.config.yml
run_prio check
expect_rc 1 "backlog.config.yml with backlog_directory is read"
expect_grep "^planning/tasks/back-1 - Pay-offline.md:4:9: error: status 'To Do' is not one of: Draft, Todo, Doing, Done \[status\]$" \
    "the statuses come from its config"

new_repo
rm -rf backlog
mkdir -p planning/tasks
echo 'task_prefix: "back"' >backlog.config.yml
echo 'backlog_directory: "../outside"' >>backlog.config.yml
run_prio list
expect_rc 2 "a backlog_directory outside the repository is a config error"
expect_err "with file and line" <<'X'
backlog.config.yml:2:20: error: backlog_directory '../outside' must be a folder inside the repository, such as backlog
prio: the backlog's config is wrong; fix backlog.config.yml
X

new_repo
rm -rf backlog
mkdir backlog
printf 'task_prefix: "b4ck"\nstatuses: [To Do, To Do]\n' >backlog/config.yml
run_prio list
expect_rc 2 "a bad Backlog.md config exits 2"
expect_err "each problem with line and column" <<'X'
backlog/config.yml:1:14: error: task_prefix 'b4ck' must be letters only, such as task or back
backlog/config.yml:2:19: error: status 'To Do' is listed twice
prio: the backlog's config is wrong; fix backlog/config.yml
X

# A backlog/config.yml that is not Backlog.md's is no backlog; prio.yml
# wins over a Backlog.md config.
new_repo
rm -rf backlog
mkdir backlog
echo 'theme: dark' >backlog/config.yml
run_prio list
expect_rc 2 "a config.yml without Backlog.md's keys is no backlog"

bmd_repo
: >backlog/prio.yml
mkdir -p backlog/stories
good_story S-1
run_prio list
expect_out "with backlog/prio.yml the backlog is prio's" <<'X'
#  ID   STATUS  SCORE  TITLE
1  S-1  ready    2.00  Story S-1
X

# The parse cache is keyed by the mode: the same file read as a prio
# story, then as a Backlog.md task, is parsed again.
new_repo
mkdir -p backlog/stories/tasks
cp "$FIXTURES/backlogmd/backlog/tasks/back-1 - Pay-offline.md" backlog/stories/tasks/
cp "$FIXTURES/backlogmd/backlog/config.yml" backlog.config.yml
echo 'backlog_directory: "backlog/stories"' >>backlog.config.yml
sleep 3
run_prio check
expect_rc 1 "read as a prio backlog, the task has errors"
run_prio check
expect_rc 1 "and has them again from the cache"
rm backlog/prio.yml
PRIO_TRACE=1 run_prio list
expect_out "read as a Backlog.md task, it is parsed anew" <<'X'
#  ID      STATUS  SCORE  TITLE
1  BACK-1  To Do       -  Pay offline
X
expect_err "not taken from the prio-mode cache" <<'X'
prio: trace: 1 story files, 1 parsed, 0 from the cache
X

done_testing
