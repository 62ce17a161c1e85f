#!/bin/sh
# Crash safety (issues 7 and 13, SPEC §3.1): a prio interrupted by
# SIGINT or SIGTERM leaves the repository whole at once; one killed by
# SIGKILL is finished or undone by the next prio command, with no lock
# removed by hand.  A stale lock that is not prio's is named with what
# to do.  The kills are bench/crash.sh's (`make bench-crash` runs 200
# of them on 2,000 stories); here a handful on a small backlog.
. "$(dirname "$0")/lib.sh"

new_repo
good_story S-1 "rank: 1"
good_story S-2 "rank: 2"
commit_all

# A stale index.lock: named, with what to do; git status still reads.
: >.git/index.lock
run_prio set S-1 owner=ada -m "who does it"
expect_rc 1 "a stale index.lock: refused (exit 1: the user can clear it)"
expect_out "a stale index.lock: nothing on stdout" </dev/null
expect_err "a stale index.lock: named, and how to clear it" <<'EOF2'
prio: cannot lock the index: '.git/index.lock' exists; another git process seems to be running in this repository (an editor opened by 'git commit'?); if none is, a git command was interrupted: remove the file and run the command again
EOF2
if git status --porcelain >/dev/null 2>&1; then
	ok "a stale index.lock: git status still reads the index"
else
	not_ok "a stale index.lock: git status still reads the index"
fi
[ "$(git rev-list --count HEAD)" = 1 ] && ok "a stale index.lock: no commit" ||
    not_ok "a stale index.lock: no commit"
rm .git/index.lock
run_prio set S-1 owner=ada -m "who does it"
expect_rc 0 "the lock removed: prio works again"

# A stale lock on the branch.
: >.git/refs/heads/main.lock
run_prio set S-2 owner=bo -m "who does it"
expect_rc 1 "a stale branch lock: refused (exit 1)"
expect_err "a stale branch lock: named, and how to clear it" <<'EOF2'
prio: cannot update refs/heads/main: '.git/refs/heads/main.lock' exists; another git process seems to be running in this repository; if none is, a git command was interrupted: remove the file and run the command again
EOF2
git diff --quiet HEAD -- backlog/stories/S-2.md &&
    ok "a stale branch lock: the story file is not changed" ||
    not_ok "a stale branch lock: the story file is not changed"
rm .git/refs/heads/main.lock
run_prio set S-2 owner=bo -m "who does it"
expect_rc 0 "the branch lock removed: prio works again"

# SIGKILL, SIGINT and SIGTERM to move and rerank at random moments
# (12 runs, 100 stories).
if sh "$PRIO_SRC/bench/crash.sh" 12 100 >"$TEST_ROOT/crash" 2>&1; then
	ok "interrupted move and rerank: every promise kept"
else
	not_ok "interrupted move and rerank: every promise kept"
fi
sed 's/^/# /' "$TEST_ROOT/crash"

done_testing
