#!/bin/sh
# The history of a Backlog.md project whose config is backlog.config.yml
# at the top, with its tasks in another backlog_directory (`backlog init
# --config-location root --backlog-dir planning`): log, diff, stats and
# report find the config the way the work-tree loader does
# (prio/treeread.h): the dialects' config paths in order,
# backlog/prio.yml first, a file that holds no config of its dialect
# (another tool's backlog/config.yml) passed over.  The history is made by Backlog.md's
# own CLI, one real git commit per step, at fixed dates.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/bmd.sh"

bl() {
	"$BACKLOG" "$@" >"$TEST_ROOT/bl.out" 2>&1 ||
	    { echo "# backlog $* failed:"; sed 's/^/#   /' "$TEST_ROOT/bl.out"; }
}

# at "subject": commits everything, a day after the commit before.
_day=0
at() {
	_day=$((_day + 1))
	GIT_AUTHOR_DATE=$(printf '2026-03-%02dT10:00:00+00:00' "$_day")
	GIT_COMMITTER_DATE=$GIT_AUTHOR_DATE
	export GIT_AUTHOR_DATE GIT_COMMITTER_DATE
	commit_all "$1"
}

# step "subject" <backlog args>: one Backlog.md command, one commit.
step() {
	_subject=$1
	shift
	bl "$@"
	at "$_subject"
}

# entry N DAY "subject" "change"...: log's entry for HEAD~N, committed
# on March DAY.
entry() {
	printf 'commit %s\nAuthor: Tester <tester@example.com>\n' \
	    "$(git rev-parse "HEAD~$1")"
	printf 'Date:   2026-03-%02dT10:00:00+00:00\n\n    %s\n\n' "$2" "$3"
	shift 3
	printf '    %s\n' "$@"
}

_repo_n=$((_repo_n + 1))
REPO=$TEST_ROOT/repo$_repo_n
git init -q "$REPO"
cd "$REPO" || exit 1
echo "Shop" >README.md
at "before the backlog"
bl init "Shop" --defaults --task-prefix back --agent-instructions none \
    --backlog-dir planning --config-location root
bl config set remoteOperations false
bl config set checkActiveBranches false
at "init backlog"
expect_same "$(git ls-files)" "$(printf 'README.md\nbacklog.config.yml')" \
    "backlog init --config-location root wrote backlog.config.yml alone"
expect_same "$(sed -n 's/^backlog_directory: //p' backlog.config.yml)" \
    '"planning"' "its backlog_directory is planning"
bl task create "Pay offline" --ac "Payments queue offline"
step "two tasks" task create "Refunds" --ac "Refund reaches the card"
step "start BACK-1" task edit BACK-1 -s "In Progress"
step "BACK-2 first" task edit BACK-2 --ordinal 500
step "finish BACK-1" task edit BACK-1 --check-ac 1 -s Done
step "complete BACK-1" task complete BACK-1
expect_same "$(git ls-files planning)" "$(printf '%s\n' \
    "planning/completed/back-1 - Pay-offline.md" \
    "planning/tasks/back-2 - Refunds.md")" \
    "the tasks are under planning/, BACK-1 in completed/"

run_prio log
expect_rc 0 "log reads the history of a backlog.config.yml project"
{
	entry 1 6 "finish BACK-1" "BACK-1 status In Progress -> Done, was #2"
	echo
	entry 2 5 "BACK-2 first" "BACK-2 ordinal 2000 -> 500, #2 -> #1"
	echo
	entry 3 4 "start BACK-1" "BACK-1 status To Do -> In Progress"
	echo
	entry 4 3 "two tasks" "BACK-1 created at #1" "BACK-2 created at #2"
} >"$TEST_ROOT/expected"
expect_out "log: the status and ordinal decisions; the move to completed/ is none" \
    <"$TEST_ROOT/expected"
expect_err "log writes nothing on stderr" </dev/null

run_prio log BACK-2 HEAD~3..HEAD
expect_rc 0 "log <id> <range> exits 0"
entry 2 5 "BACK-2 first" "BACK-2 ordinal 2000 -> 500, #2 -> #1" \
    >"$TEST_ROOT/expected"
expect_out "log <id> <range>: BACK-2's ordinal alone" <"$TEST_ROOT/expected"

run_prio diff HEAD~4 HEAD~1
expect_rc 0 "diff <rev> <rev> exits 0"
expect_out "diff: the moved task, the finished one" <<'X'
Backlog changes: 1 moved, 1 status change, 1 criteria change

#1  BACK-2  Refunds
            moved ↑ #2 → #1 (ordinal 2000 -> 500)
 -  BACK-1  Pay offline
            status To Do -> Done (was #1)
            criterion met: Payments queue offline
X

run_prio diff HEAD~5 HEAD
expect_rc 0 "diff from the commit with the config alone exits 0"
expect_out "diff: two new tasks, one of them completed" <<'X'
Backlog changes: 2 new

#1  BACK-2  Refunds
            new at #1, To Do, 1 criterion
 -  BACK-1  Pay offline
            new, Done, 1 criterion, 1 met
X

run_prio stats
expect_rc 0 "stats reads the history of a backlog.config.yml project"
expect_out "stats: BACK-1's figures from its status changes" <<X
Figures from the history of HEAD ($(git rev-parse --short=7 HEAD), 2026-03-07)

cycle time     1 story, median 2.0 days, p85 2.0, mean 2.0
lead time      1 story, median 3.0 days, p85 3.0, mean 3.0
approval time  none: one status is both done and accepted
throughput     #  2026-W10..2026-W10: 1 story accepted, effort 0
health         1 open, 1 ready (0 without criteria), 1 unestimated,
               0 stale (unchanged for 90 days), 0 rank ties
ready work     no pace: nothing accepted in the last 6 weeks
X

run_prio report -o "$TEST_ROOT/report.html"
expect_rc 0 "report reads the history of a backlog.config.yml project"
python3 "$PRIO_SRC/tests/cli/report-parts.py" "$TEST_ROOT/report.html" |
    grep -E '^(card (cycle|lead)-time|svg Cycle|backlog row: 1 )' \
    >"$TEST_ROOT/parts"
expect_same "$(cat "$TEST_ROOT/parts")" "$(printf '%s\n' \
    "card cycle-time: Cycle time = 2.0 days (median of 1 story; p85 2.0, mean 2.0)" \
    "card lead-time: Lead time = 3.0 days (median of 1 story; p85 3.0, mean 3.0)" \
    "svg Cycle time in days of each story done, by the day it was done: circle.point 1, line.p85 1, svg.chart 1; titles: BACK-1: 2.0 days, done 2026-03-06" \
    "backlog row: 1 | BACK-2 | Refunds | To Do | – | 0/1")" \
    "report: BACK-1's cycle and lead time, BACK-2 in the backlog"

# Another tool's backlog/config.yml is passed over, as `prio list` does:
# the project is still the one backlog.config.yml describes.
mkdir backlog
echo 'theme: dark' >backlog/config.yml
step "a theme, and start BACK-2" task edit BACK-2 -s "In Progress"
run_prio list
expect_out "list reads backlog.config.yml past another tool's backlog/config.yml" <<'X'
#  ID      STATUS       SCORE  TITLE
1  BACK-2  In Progress      -  Refunds
X
run_prio log HEAD~1..HEAD
expect_rc 0 "log past another tool's backlog/config.yml exits 0"
entry 0 8 "a theme, and start BACK-2" \
    "BACK-2 status To Do -> In Progress" >"$TEST_ROOT/expected"
expect_out "log: the commit that adds it decides BACK-2's status, nothing else" \
    <"$TEST_ROOT/expected"
run_prio diff HEAD~1 HEAD
expect_rc 0 "diff past another tool's backlog/config.yml exits 0"
expect_out "diff: BACK-2's status, no task removed" <<'X'
Backlog changes: 1 status change

#1  BACK-2  Refunds
            status To Do -> In Progress
X

bl task edit BACK-2 -s Done
run_prio diff
expect_rc 0 "diff of the work tree past another tool's backlog/config.yml exits 0"
expect_out "diff of the work tree: BACK-2's status" <<'X'
Backlog changes: 1 status change

-  BACK-2  Refunds
           status In Progress -> Done (was #1)
X
git checkout -q -- planning

# backlog/prio.yml wins over backlog.config.yml too: from the commit
# that adds it, the Backlog.md tasks leave prio's view.
: >backlog/prio.yml
at "prio's own backlog"
run_prio log HEAD~1..HEAD
expect_rc 0 "log of the commit that adds prio.yml exits 0"
entry 0 9 "prio's own backlog" "BACK-1 removed" "BACK-2 removed from #1" \
    >"$TEST_ROOT/expected"
expect_out "log: prio.yml wins; the tasks are removed" <"$TEST_ROOT/expected"

done_testing
