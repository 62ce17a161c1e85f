#!/bin/sh
# prio plan: fill a sprint from the top, honouring capacity, effort and
# dependencies; text, JSON, --rev, and usage errors.
. "$(dirname "$0")/lib.sh"

# ready story: plan_story ID RANK "extra front-matter lines"
plan_story() {
	{
		printf -- '---\nid: %s\ntitle: Story %s\nstatus: %s\nrank: %s\n' \
		    "$1" "$1" "${4:-ready}" "$2"
		[ -n "$3" ] && printf '%s\n' "$3"
		printf -- '---\nBody.\n\n## Acceptance criteria\n\n- [ ] Works.\n'
	} >"backlog/stories/$1.md"
}

new_repo
plan_story S-1 1 "effort: 3"
plan_story S-2 2 "effort: 8
depends-on: [S-1]"
plan_story S-3 3 ""
plan_story S-4 4 "effort: 1
depends-on: [S-5]"
plan_story S-5 5 "effort: 2" in-progress
plan_story S-6 6 "effort: 2.5"
plan_story S-7 7 "effort: lots"
plan_story S-8 8 "effort: 1
depends-on: [S-9]"
plan_story S-9 9 "effort: 1" dropped
plan_story S-10 10 "effort: 0.1"
plan_story S-11 11 "effort: 0.2"
commit_all "backlog"

run_prio plan --capacity 10
expect_rc 0 "plan exits 0"
expect_out "plan takes what fits, in backlog order, and says what it skipped" <<'X'
 #  ID    EFFORT  TITLE
 1  S-1        3  Story S-1
 6  S-6      2.5  Story S-6
 8  S-8        1  Story S-8
 9  S-10     0.1  Story S-10
10  S-11     0.2  Story S-11
total: 5 stories, effort 6.8 of 10, 3.2 left
skipped S-2: effort 8, only 7 left
skipped S-3: no effort
skipped S-4: waits for S-5, not planned
skipped S-7: effort 'lots' is not a number
X
expect_err "problems in the backlog are noted, as list notes them" <<'X'
prio: the backlog has 1 error; run 'prio check' to see it
X

run_prio plan --capacity 20
expect_out "a dependency taken earlier in the walk lets its dependant in" <<'X'
 #  ID    EFFORT  TITLE
 1  S-1        3  Story S-1
 2  S-2        8  Story S-2
 6  S-6      2.5  Story S-6
 8  S-8        1  Story S-8
 9  S-10     0.1  Story S-10
10  S-11     0.2  Story S-11
total: 6 stories, effort 14.8 of 20, 5.2 left
skipped S-3: no effort
skipped S-4: waits for S-5, not planned
skipped S-7: effort 'lots' is not a number
X

run_prio plan -c 5.5
expect_out "the walk ends when the capacity is used up" <<'X'
#  ID   EFFORT  TITLE
1  S-1       3  Story S-1
6  S-6     2.5  Story S-6
total: 2 stories, effort 5.5 of 5.5, 0 left
skipped S-2: effort 8, only 2.5 left
skipped S-3: no effort
skipped S-4: waits for S-5, not planned
X

run_prio plan --capacity 2
expect_out "stories too big are skipped and smaller ones below are taken" <<'X'
 #  ID    EFFORT  TITLE
 8  S-8        1  Story S-8
 9  S-10     0.1  Story S-10
10  S-11     0.2  Story S-11
total: 3 stories, effort 1.3 of 2, 0.7 left
skipped S-1: effort 3, only 2 left
skipped S-2: waits for S-1, not planned
skipped S-3: no effort
skipped S-4: waits for S-5, not planned
skipped S-6: effort 2.5, only 2 left
skipped S-7: effort 'lots' is not a number
X

run_prio plan --capacity 0.05
expect_out "nothing fits: an empty plan" <<'X'
#  ID  EFFORT  TITLE
total: 0 stories, effort 0 of 0.05, 0.05 left
skipped S-1: effort 3, only 0.05 left
skipped S-2: waits for S-1, not planned
skipped S-3: no effort
skipped S-4: waits for S-5, not planned
skipped S-6: effort 2.5, only 0.05 left
skipped S-7: effort 'lots' is not a number
skipped S-8: effort 1, only 0.05 left
skipped S-10: effort 0.1, only 0.05 left
skipped S-11: effort 0.2, only 0.05 left
X

run_prio plan --capacity 10 --json
expect_rc 0 "plan --json exits 0"
json_ok "plan --json parses as JSON"
expect_out "plan --json: capacity, used, left, stories with effort, skipped" <<'X'
{"version":1,"kind":"prio.plan","capacity":10,"used":6.8,"left":3.2,"stories":[{"id":"S-1","title":"Story S-1","status":"ready","rank":"1","score":null,"position":1,"path":"backlog/stories/S-1.md","owner":null,"goal":null,"labels":[],"depends_on":[],"criteria":{"total":1,"met":0},"effort":3},{"id":"S-6","title":"Story S-6","status":"ready","rank":"6","score":null,"position":6,"path":"backlog/stories/S-6.md","owner":null,"goal":null,"labels":[],"depends_on":[],"criteria":{"total":1,"met":0},"effort":2.5},{"id":"S-8","title":"Story S-8","status":"ready","rank":"8","score":null,"position":8,"path":"backlog/stories/S-8.md","owner":null,"goal":null,"labels":[],"depends_on":["S-9"],"criteria":{"total":1,"met":0},"effort":1},{"id":"S-10","title":"Story S-10","status":"ready","rank":"10","score":null,"position":9,"path":"backlog/stories/S-10.md","owner":null,"goal":null,"labels":[],"depends_on":[],"criteria":{"total":1,"met":0},"effort":0.1},{"id":"S-11","title":"Story S-11","status":"ready","rank":"11","score":null,"position":10,"path":"backlog/stories/S-11.md","owner":null,"goal":null,"labels":[],"depends_on":[],"criteria":{"total":1,"met":0},"effort":0.2}],"skipped":[{"id":"S-2","title":"Story S-2","position":2,"effort":8,"reason":"too-big","waits_for":[]},{"id":"S-3","title":"Story S-3","position":3,"effort":null,"reason":"no-effort","waits_for":[]},{"id":"S-4","title":"Story S-4","position":4,"effort":1,"reason":"waits","waits_for":["S-5"]},{"id":"S-7","title":"Story S-7","position":7,"effort":null,"reason":"no-effort","waits_for":[]}]}
X

# --rev: the backlog as it was.
git rm -q backlog/stories/S-1.md
git commit -qm "drop S-1"
run_prio plan --capacity 4 --rev HEAD~1
expect_out "plan --rev plans the backlog of that commit" <<'X'
#  ID   EFFORT  TITLE
1  S-1       3  Story S-1
8  S-8       1  Story S-8
total: 2 stories, effort 4 of 4, 0 left
skipped S-2: effort 8, only 1 left
skipped S-3: no effort
skipped S-4: waits for S-5, not planned
skipped S-6: effort 2.5, only 1 left
skipped S-7: effort 'lots' is not a number
X
run_prio plan --capacity 4
expect_out "without --rev: the work tree" <<'X'
#  ID    EFFORT  TITLE
5  S-6      2.5  Story S-6
7  S-8        1  Story S-8
8  S-10     0.1  Story S-10
9  S-11     0.2  Story S-11
total: 4 stories, effort 3.8 of 4, 0.2 left
skipped S-2: waits for S-1, not planned
skipped S-3: no effort
skipped S-4: waits for S-5, not planned
skipped S-7: effort 'lots' is not a number
X
expect_err "a missing dependency blocks its dependant, and counts as check counts it" <<'X'
prio: the backlog has 2 errors; run 'prio check' to see them
X

# A config without a "ready" status plans from criteria-from.
new_repo
printf 'statuses: [idea, todo, doing, done]\nterminal: [done]\ncriteria-from: todo\n' \
    >backlog/prio.yml
plan_story S-1 1 "effort: 2" todo
plan_story S-2 2 "effort: 2" idea
run_prio plan --capacity 3
expect_out "without a ready status, the criteria-from status is planned" <<'X'
#  ID   EFFORT  TITLE
1  S-1       2  Story S-1
total: 1 story, effort 2 of 3, 1 left
X

# Usage errors: exit 2, nothing on stdout.
for bad in 0 -1 abc 1e3 .5 5. 1.2.3 "" inf 0x10 2000000000; do
	run_prio plan --capacity "$bad"
	expect_rc 2 "capacity '$bad' is a usage error"
done
expect_err "the capacity error says what to write" <<'X'
prio: capacity '2000000000' is not a positive number; write it like 13 or 20.5
usage: prio plan --capacity <n> [--json] [--rev <rev>]
X
run_prio plan
expect_rc 2 "plan without --capacity is a usage error"
expect_err "plan without --capacity says how to give it" <<'X'
prio: say how much effort the sprint holds with --capacity <n>
usage: prio plan --capacity <n> [--json] [--rev <rev>]
X
run_prio plan --capacity 3 extra
expect_rc 2 "an extra argument is a usage error"
run_prio plan --capacity 3 --rev no-such-rev
expect_rc 2 "an unknown --rev is exit 2"
run_prio plan --help
expect_rc 0 "plan --help exits 0"
expect_grep '^usage: prio plan --capacity <n> \[--json\] \[--rev <rev>\]$' \
    "plan --help shows the usage"

done_testing
