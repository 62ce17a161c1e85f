#!/bin/sh
# status-roles: the statuses that play ready, in-progress, done and
# accepted, whatever a team calls them.  Two real workflows end to end
# (accept, reject, plan, stats, report, board, check's criteria rules):
# "To Do / In Progress / Done / Accepted" named in status-roles, and
# "backlog / ready / active / done / archived" where ready and done are
# the built-in names; then a workflow that lacks a role (the command
# says which key to add).  The default workflow is t0710, t0720, t0900
# and t0910, unchanged.  Real git is the oracle.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/stats-history.sh"

masked_out() {
	sed -E 's/^\[([^ ]+) [0-9a-f]{7}\]/[\1 XXXXXXX]/' "$TEST_ROOT/out" \
	    >"$TEST_ROOT/out.m" && mv "$TEST_ROOT/out.m" "$TEST_ROOT/out"
}

expect_cmd() {
	_name=$1
	shift
	"$@" >"$TEST_ROOT/out" 2>&1
	expect_out "$_name"
}

# sc ID STATUS EFFORT [LINE...]: a scored story whose one criterion is
# met (st of stats-history.sh).
sc() {
	_sid=$1 _sst=$2 _eff=$3
	shift 3
	st "$_sid" "$_sst" "value: 5" "urgency: 3" "risk: 2" "effort: $_eff" \
	    "$@"
}

# bare ID STATUS: a story without criteria or score.
bare() {
	printf -- '---\nid: %s\ntitle: Story %s\nstatus: %s\n---\nJust an idea.\n' \
	    "$1" "$1" "$2" >"backlog/stories/$1.md"
}

# --- "To Do / In Progress / Done / Accepted" ---------------------------------
#
# The ready role is the third status, so missing-criteria starts there
# (criteria-from follows the ready role): an Icebox or Backlog story may
# lack criteria.

TODO_CONFIG='statuses: [Icebox, Backlog, To Do, In Progress, Done, Accepted, Dropped]
terminal: [Accepted, Dropped]
status-roles:
  ready: To Do
  in-progress: "In Progress"
  done: Done
  accepted: Accepted
'

new_repo
printf '%s' "$TODO_CONFIG" >backlog/prio.yml
bare S-1 Backlog
bare S-2 "To Do"
st S-3 Accepted
sed 's/- \[x\]/- [ ]/' backlog/stories/S-3.md >"$TEST_ROOT/s" &&
    cat "$TEST_ROOT/s" >backlog/stories/S-3.md
run_prio check
expect_rc 1 "To Do: check fails on the criteria rules"
expect_out "To Do: the ready role needs criteria and a score; Accepted needs them met" <<'X'
backlog/stories/S-2.md:4:9: error: status 'To Do' needs acceptance criteria; add a '## Acceptance criteria' section with items such as '- [ ] ...' [missing-criteria]
backlog/stories/S-2.md:4:9: warning: no score: 'value' is missing; the score is (value + urgency + risk) / effort [unscored]
backlog/stories/S-3.md:10:1: error: the story is Accepted but criterion 1 is open; tick it ('- [x]') or reopen the story [unmet-criteria]
X

# The history: S-1 goes To Do 01-05, In Progress 01-06, Done 01-08 and
# is accepted 01-09 (cycle 2, lead 4, approval 1 days).  S-2: In
# Progress 01-07, Done 01-12 (cycle 5), rejected 01-13, Done again
# 01-14 (the first counts).  S-4 In Progress from the start.  S-5 and
# S-6 wait in To Do for the plan; S-7 sits in the Backlog.
#   cycle [2, 5]: median 3.5, p85 5, mean 3.5.  Ready effort (S-5, S-6)
#   11 over a pace of 3 / 6 a week: 22 weeks.
new_repo
printf '%s' "$TODO_CONFIG" >backlog/prio.yml
at 2026-01-05
sc S-1 "To Do" 3 "rank: 1"
sc S-2 "To Do" 5 "rank: 2"
sc S-4 "In Progress" 2 "rank: 3"
sc S-5 "To Do" 3 "rank: 4"
sc S-6 "To Do" 8 "rank: 5"
sc S-7 Backlog 1 "rank: 6"
commit "the backlog"
at 2026-01-06
status S-1.md "In Progress"
commit "start S-1"
at 2026-01-07
status S-2.md "In Progress"
commit "start S-2"
at 2026-01-08
status S-1.md Done
commit "S-1 done"

run_prio accept S-4
expect_rc 1 "To Do: accept refuses work that is not Done"
expect_err "To Do: only Done work can be accepted" <<'X'
prio: cannot accept S-4: it is In Progress, and only Done work can be accepted; nothing was changed
X

at 2026-01-09
PRIO_TODAY=2026-01-09 run_prio accept S-1 -m "Demoed."
expect_rc 0 "To Do: accept takes Done to Accepted"
masked_out
expect_out "To Do: accept commits" <<'X'
[main XXXXXXX] prio: accept S-1
X
expect_cmd "To Do: the commit says Done -> Accepted" \
    git log -1 --format=%B <<'X'
prio: accept S-1

Demoed.

Prio-Story: S-1
Prio-Change: status Done -> Accepted
Prio-Change: accepted none -> 2026-01-09

X
expect_cmd "To Do: the file is Accepted with the date" \
    git show HEAD:backlog/stories/S-1.md <<'X'
---
id: S-1
title: Story S-1
status: Accepted
value: 5
urgency: 3
risk: 2
effort: 3
rank: 1
accepted: 2026-01-09
---
Body of S-1.

## Acceptance criteria

- [x] It works.
X

at 2026-01-12
status S-2.md Done
commit "S-2 done"
at 2026-01-13
run_prio reject S-2 -m "The export is empty."
expect_rc 0 "To Do: reject sends Done work back"
expect_cmd "To Do: back to In Progress" git log -1 --format=%B <<'X'
prio: reject S-2

The export is empty.

Prio-Story: S-2
Prio-Change: status Done -> In Progress

X
expect_cmd "To Do: the file says In Progress" \
    grep '^status:' backlog/stories/S-2.md <<'X'
status: In Progress
X
expect_cmd "To Do: git status is clean" git status --porcelain </dev/null
at 2026-01-14
status S-2.md Done
commit "S-2 done again"

run_prio plan --capacity 5
expect_rc 0 "To Do: plan exits 0"
expect_out "To Do: plan draws from To Do" <<'X'
#  ID   EFFORT  TITLE
3  S-5       3  Story S-5
total: 1 story, effort 3 of 5, 2 left
skipped S-6: effort 8, only 2 left
X

COLUMNS=100 run_prio board
expect_rc 0 "To Do: board exits 0"
expect_out "To Do: one column per open status, spaces and all" <<'X'
Icebox (0)          Backlog (1)         To Do (2)           In Progress (1)     Done (1)
------------------  ------------------  ------------------  ------------------  ------------------
                    S-7 Story S-7       S-5 Story S-5       S-4 Story S-4       S-2 Story S-2
                                        S-6 Story S-6
X

run_prio stats --json
expect_rc 0 "To Do: stats exits 0"
expect_out "To Do: cycle In Progress -> Done, lead and approval to Accepted" <<'X'
{"version":1,"kind":"prio.stats","cycle_time_days":{"count":2,"median":3.5,"p85":5,"mean":3.5},"lead_time_days":{"count":1,"median":4,"p85":4,"mean":4},"approval_time_days":{"count":1,"median":1,"p85":1,"mean":1},"throughput":[{"week":"2026-W02","accepted":1,"effort":3},{"week":"2026-W03","accepted":0,"effort":0}],"health":{"open":5,"ready":2,"ready_without_criteria":0,"unestimated":0,"stale":0,"rank_ties":0,"ready_weeks":22},"goals":[]}
X
expect_err "To Do: every role has a status: no note" </dev/null

run_prio report -o "$TEST_ROOT/todo.html"
expect_rc 0 "To Do: report exits 0"
if grep -q '>days from In Progress to Done</text>' "$TEST_ROOT/todo.html" &&
    grep -q 'id="ready"' "$TEST_ROOT/todo.html"; then
	ok "To Do: the report's cycle chart names In Progress and Done"
else
	not_ok "To Do: the report's cycle chart names In Progress and Done"
fi

# Statuses with spaces on the command line.
run_prio list --status "In Progress"
expect_out "To Do: list --status with a space" <<'X'
#  ID   STATUS       SCORE  TITLE
2  S-4  In Progress   5.00  Story S-4
X
# --role names the status that plays it.
run_prio list --role in-progress
expect_out "To Do: list --role in-progress lists In Progress" <<'X'
#  ID   STATUS       SCORE  TITLE
2  S-4  In Progress   5.00  Story S-4
X
run_prio list --role nothing
expect_rc 2 "list --role: an unknown role is a usage error"
expect_err "list --role: says which roles there are" <<'X'
prio: unknown role 'nothing'; the roles are ready, in-progress, done, accepted
X
run_prio list --next --role done
expect_rc 2 "list --role: not with --next"
run_prio set S-5 "status=In Progress" -m "Started."
expect_rc 0 "To Do: set status=In Progress"
expect_cmd "To Do: set wrote the status" \
    grep '^status:' backlog/stories/S-5.md <<'X'
status: In Progress
X
run_prio new "Offline mode" --status "To Do" --ac "Works offline" \
    --field value=1 --field urgency=1 --field risk=1 --field effort=1
expect_rc 0 "To Do: new --status 'To Do'"
run_prio check
expect_rc 0 "To Do: the backlog checks clean"

# --- "backlog / ready / active / done / archived" ----------------------------
#
# ready and done are the built-in names and play their roles without a
# word; in-progress and accepted are named.

ACTIVE_CONFIG='statuses: [backlog, ready, active, done, archived]
status-roles: {in-progress: active, accepted: archived}
'

new_repo
printf '%s' "$ACTIVE_CONFIG" >backlog/prio.yml
bare S-1 backlog
bare S-2 ready
st S-3 archived
sed 's/- \[x\]/- [ ]/' backlog/stories/S-3.md >"$TEST_ROOT/s" &&
    cat "$TEST_ROOT/s" >backlog/stories/S-3.md
run_prio check
expect_rc 1 "active: check fails on the criteria rules"
expect_out "active: ready needs criteria and a score; archived needs them met" <<'X'
backlog/stories/S-2.md:4:9: error: status 'ready' needs acceptance criteria; add a '## Acceptance criteria' section with items such as '- [ ] ...' [missing-criteria]
backlog/stories/S-2.md:4:9: warning: no score: 'value' is missing; the score is (value + urgency + risk) / effort [unscored]
backlog/stories/S-3.md:10:1: error: the story is archived but criterion 1 is open; tick it ('- [x]') or reopen the story [unmet-criteria]
X

new_repo
printf '%s' "$ACTIVE_CONFIG" >backlog/prio.yml
at 2026-02-02
sc S-1 ready 3 "rank: 1"
sc S-2 ready 5 "rank: 2"
sc S-3 ready 2 "rank: 3"
commit "the backlog"
at 2026-02-03
status S-1.md active
status S-2.md active
commit "start S-1 and S-2"
at 2026-02-05
status S-1.md done
status S-2.md done
commit "S-1 and S-2 done"

at 2026-02-06
PRIO_TODAY=2026-02-06 run_prio accept S-1
expect_rc 0 "active: accept takes done to archived"
expect_cmd "active: the commit says done -> archived" \
    git log -1 --format=%B <<'X'
prio: accept S-1

Prio-Story: S-1
Prio-Change: status done -> archived
Prio-Change: accepted none -> 2026-02-06

X
run_prio reject S-2 -m "Fails on Safari."
expect_rc 0 "active: reject sends done work back"
expect_cmd "active: back to active" git log -1 --format=%B <<'X'
prio: reject S-2

Fails on Safari.

Prio-Story: S-2
Prio-Change: status done -> active

X
run_prio accept S-2
expect_rc 1 "active: accept refuses active work"
expect_err "active: only done work can be accepted" <<'X'
prio: cannot accept S-2: it is active, and only done work can be accepted; nothing was changed
X

run_prio plan --capacity 10
expect_out "active: plan draws from ready" <<'X'
#  ID   EFFORT  TITLE
2  S-3       2  Story S-3
total: 1 story, effort 2 of 10, 8 left
X

COLUMNS=60 run_prio board
expect_out "active: the archived stories leave the board" <<'X'
backlog (0)    ready (1)      active (1)     done (0)
-------------  -------------  -------------  -------------
               S-3 Story S-3  S-2 Story S-2
X

run_prio stats --json
expect_rc 0 "active: stats exits 0"
expect_out "active: cycle active -> done; accepted means archived" <<'X'
{"version":1,"kind":"prio.stats","cycle_time_days":{"count":2,"median":2,"p85":2,"mean":2},"lead_time_days":{"count":1,"median":4,"p85":4,"mean":4},"approval_time_days":{"count":1,"median":1,"p85":1,"mean":1},"throughput":[{"week":"2026-W06","accepted":1,"effort":3}],"health":{"open":2,"ready":1,"ready_without_criteria":0,"unestimated":0,"stale":0,"rank_ties":0,"ready_weeks":4},"goals":[]}
X
run_prio report -o "$TEST_ROOT/active.html"
expect_rc 0 "active: report exits 0"
if grep -q '>days from active to done</text>' "$TEST_ROOT/active.html"; then
	ok "active: the report's cycle chart names active and done"
else
	not_ok "active: the report's cycle chart names active and done"
fi

# --- A workflow that lacks a role --------------------------------------------

new_repo
printf 'statuses: [backlog, ready, active, done, archived]\n' \
    >backlog/prio.yml
sc S-1 done 3
commit "a done story"
run_prio accept S-1
expect_rc 1 "no accepted role: accept refuses (the config is valid)"
expect_err "no accepted role: accept says which key to add" <<'X'
prio: accept needs a status for the 'accepted' role; add 'status-roles: {accepted: <status>}' to backlog/prio.yml
X
run_prio reject S-1 -m "why"
expect_rc 1 "no in-progress role: reject refuses"
expect_err "no in-progress role: reject says which key to add" <<'X'
prio: reject needs a status for the 'in-progress' role; add 'status-roles: {in-progress: <status>}' to backlog/prio.yml
X
expect_cmd "no role: nothing was committed" git log --format=%s <<'X'
a done story
X
expect_cmd "no role: nothing was changed" git status --porcelain </dev/null
run_prio stats
expect_rc 0 "no role: stats still gives what it can"
expect_err "no role: stats notes the figures a role would give" <<'X'
prio: note: no status plays the 'in-progress' role, so cycle time is not computed; add 'status-roles: {in-progress: <status>}' to backlog/prio.yml
prio: note: no status plays the 'accepted' role, so lead and approval time, throughput and pace are not computed; add 'status-roles: {accepted: <status>}' to backlog/prio.yml
X

run_prio list --role in-progress
expect_rc 1 "no role: list --role in-progress refuses"
expect_err "no role: list --role says how to name one" <<'X'
prio: no status plays the 'in-progress' role; add 'status-roles: {in-progress: <status>}' to backlog/prio.yml
X

run_prio report -o "$TEST_ROOT/none.html"
expect_rc 0 "no role: report still writes the page"
expect_err "no role: report gives the same notes" <<'X'
prio: note: no status plays the 'in-progress' role, so cycle time is not computed; add 'status-roles: {in-progress: <status>}' to backlog/prio.yml
prio: note: no status plays the 'accepted' role, so lead and approval time, throughput and pace are not computed; add 'status-roles: {accepted: <status>}' to backlog/prio.yml
X
if grep -q '>No story has gone from in-progress to done yet.</p>' \
    "$TEST_ROOT/none.html"; then
	ok "no role: the cycle chart names the role that has no status"
else
	not_ok "no role: the cycle chart names the role that has no status"
fi

# A role claims a built-in name for itself: {accepted: done} leaves the
# done role without a status (accept would take done to done).
new_repo
printf 'status-roles: {accepted: done}\n' >backlog/prio.yml
sc S-1 done 3
commit "a done story"
run_prio accept S-1
expect_rc 1 "accepted: done: the done role has no status"
expect_err "accepted: done: accept asks for the done role" <<'X'
prio: accept needs a status for the 'done' role; add 'status-roles: {done: <status>}' to backlog/prio.yml
X

# An unknown --role is a usage error before anything is read: a config
# that does not parse is not what is reported.
new_repo
printf 'statuses: [\n' >backlog/prio.yml
run_prio list --role nothing
expect_rc 2 "list --role nothing: exit 2 before loading"
expect_err "list --role nothing: the role, not the config" <<'X'
prio: unknown role 'nothing'; the roles are ready, in-progress, done, accepted
X

done_testing
