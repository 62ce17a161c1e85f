#!/bin/sh
# Writes keep the backlog valid (issue 13): a story git does not track is
# not committed, and every command that writes refuses the errors the
# write would bring into the backlog (prio check's rules, those between
# stories too), while a problem that was there before blocks nothing.
# Real git is the oracle for "nothing changed".
. "$(dirname "$0")/lib.sh"

export PRIO_RANK_SEED=42 PRIO_TODAY=2026-11-02
export GIT_AUTHOR_DATE="2026-11-02T10:00:00+00:00"
export GIT_COMMITTER_DATE="2026-11-02T10:00:00+00:00"

# Three ranked and two unranked ready stories, committed.
setup() {
	new_repo
	good_story S-1 "rank: 1"
	good_story S-2 "rank: 2"
	good_story S-3 "rank: 3"
	good_story S-4
	good_story S-5
	commit_all "backlog"
	HEAD0=$(git rev-parse HEAD)
}

# expect_cmd "name" CMD...: a command's stdout+stderr, exactly (stdin).
expect_cmd() {
	_name=$1
	shift
	"$@" >"$TEST_ROOT/out" 2>&1
	expect_out "$_name"
}

# unchanged "name": HEAD is still $HEAD0 and git status is clean but
# for what $1... (stdin: the expected `git status --porcelain`).
unchanged() {
	if [ "$(git rev-parse HEAD)" = "$HEAD0" ]; then
		ok "$1: no commit"
	else
		not_ok "$1: no commit"
		git log --oneline -3 | sed 's/^/#   /'
	fi
	expect_cmd "$1: the work tree and index as they were" \
	    git status --porcelain --untracked-files=all
}

# --- A story git does not track ---------------------------------------

# Before the first commit: a move that leaves the file's bytes as they
# are used to make a first commit holding the whole untracked file.
new_repo
good_story S-1 "rank: 1"
git add backlog/prio.yml
run_prio move S-1 --top -m "first"
expect_rc 1 "unborn branch: a move of an untracked story is refused"
expect_err "it says to git add it" <<'X'
prio: cannot change S-1: backlog/stories/S-1.md is not tracked by git; 'git add' it first, and run the command again
X
expect_cmd "nothing was committed" git rev-list --all <<'X'
X
expect_cmd "nothing was staged" git status --porcelain --untracked-files=all <<'X'
A  backlog/prio.yml
?? backlog/stories/S-1.md
X
git add backlog/stories/S-1.md
run_prio move S-1 --top -m "first"
expect_rc 0 "once staged, the same move makes the first commit"

# On a branch with history: set to the value the file has.
setup
good_story S-6
run_prio set S-6 status=ready -m "no-op"
expect_rc 1 "history: a set of an untracked story is refused"
expect_err "it says to commit it first" <<'X'
prio: cannot change S-6: backlog/stories/S-6.md is not tracked by git; commit it first ('git add' it, then 'git commit'), and run the command again
X
unchanged "untracked set" <<'X'
?? backlog/stories/S-6.md
X
run_prio move S-6 --bottom -m "x"
expect_rc 1 "history: a move of an untracked story is refused"
git add backlog/stories/S-6.md
run_prio set S-6 status=ready -m "no-op"
expect_rc 1 "history: a story staged but never committed is refused"
expect_err "it says to commit it" <<'X'
prio: cannot change S-6: backlog/stories/S-6.md is staged but not committed; commit it first ('git commit'), and run the command again
X
unchanged "staged set" <<'X'
A  backlog/stories/S-6.md
X
run_prio set S-6 owner=ada --no-commit
expect_rc 0 "--no-commit writes an untracked story: nothing is committed"
git add backlog/stories/S-6.md
git commit -qm "S-6"
HEAD0=$(git rev-parse HEAD)
run_prio set S-6 owner=bo -m "now committed"
expect_rc 0 "once committed, it can be changed"

# --- Errors a write would bring ---------------------------------------

setup
run_prio set S-1 depends-on=S-1 -m "x"
expect_rc 1 "set depends-on on itself: exit 1"
expect_err "the cycle, where check shows it" <<'X'
prio: backlog/stories/S-1.md:10:13: dependency cycle: S-1 -> S-1; remove one of these dependencies [dependency-cycle]
prio: nothing was changed: 'set S-1 depends-on=S-1' would bring the error above into the backlog
X
unchanged "a self-dependency" </dev/null
run_prio set S-1 depends-on=S-1 --no-commit
expect_rc 1 "--no-commit is refused too"
unchanged "a self-dependency, --no-commit" </dev/null

run_prio set S-1 depends-on=S-2 -m "S-2 first"
expect_rc 0 "a dependency that closes no cycle is committed"
HEAD0=$(git rev-parse HEAD)
run_prio set S-2 depends-on=S-1 -m "x"
expect_rc 1 "a dependency that closes a cycle: exit 1"
expect_err "the cycle through both stories" <<'X'
prio: backlog/stories/S-2.md:10:13: dependency cycle: S-1 -> S-2 -> S-1; remove one of these dependencies [dependency-cycle]
prio: nothing was changed: 'set S-2 depends-on=S-1' would bring the error above into the backlog
X
unchanged "a two-story cycle" </dev/null

run_prio set S-3 "depends-on=S-2, S-999" -m "x"
expect_rc 1 "a dependency on no story: exit 1"
expect_err "missing-dependency" <<'X'
prio: backlog/stories/S-3.md:10:13: depends on 'S-999', which is not a story in this backlog; correct the id or remove it from depends-on [missing-dependency]
prio: nothing was changed: 'set S-3 depends-on=S-2, S-999' would bring the error above into the backlog
X
unchanged "a missing dependency" </dev/null

# The rules read the work tree, but the commit records HEAD and the
# written file: a new dependency on a story being drafted (in the work
# tree, not committed) would be a missing dependency in the commit.
good_story S-6
run_prio set S-3 depends-on=S-6 -m "x"
expect_rc 1 "a dependency on an uncommitted story: exit 1"
expect_err "it says the story is not committed" <<'X'
prio: backlog/stories/S-3.md:10:13: depends on 'S-6', whose file backlog/stories/S-6.md is not committed, so the commit would lack it; commit S-6 first [missing-dependency]
prio: nothing was changed: 'set S-3 depends-on=S-6' would bring the error above into the backlog
X
unchanged "a dependency on an uncommitted story" <<'X'
?? backlog/stories/S-6.md
X
run_prio new "After S-6" --field depends-on=S-6 --commit -m "x"
expect_rc 1 "new --commit depending on an uncommitted story: exit 1"
expect_err "refused before the file is created" <<'X'
prio: backlog/stories/S-7-after-s-6.md:6:13: depends on 'S-6', whose file backlog/stories/S-6.md is not committed, so the commit would lack it; commit S-6 first [missing-dependency]
prio: nothing was created: the story would have errors
X
unchanged "new --commit depending on an uncommitted story" <<'X'
?? backlog/stories/S-6.md
X
run_prio new "After S-6" --field depends-on=S-6
expect_rc 0 "new without --commit may depend on it: the work tree has S-6"
rm backlog/stories/S-7-after-s-6.md
run_prio set S-3 depends-on=S-6 --no-commit
expect_rc 0 "--no-commit may write it: the work tree has S-6"
git checkout -q -- backlog/stories/S-3.md
rm backlog/stories/S-6.md

# new, with and without --commit.
run_prio new "Needs a ghost" --field depends-on=S-999
expect_rc 1 "new with a dependency on no story: exit 1"
expect_err "missing-dependency, nothing created" <<'X'
prio: backlog/stories/S-6-needs-a-ghost.md:6:13: depends on 'S-999', which is not a story in this backlog; correct the id or remove it from depends-on [missing-dependency]
prio: nothing was created: the story would have errors
X
unchanged "new" </dev/null
run_prio new "Needs a ghost" --field depends-on=S-999 --commit -m "x"
expect_rc 1 "new --commit with a dependency on no story: exit 1"
unchanged "new --commit" </dev/null
run_prio new "Needs S-3" --field depends-on=S-3 --field rank=9 \
    --field value=9 --commit -m "x"
expect_rc 0 "new with a dependency on a story is committed"
HEAD0=$(git rev-parse HEAD)

# Rules turned into errors count: rank-before-dependency and rank-tie.
# S-1 (#1) depends on S-2 (#2): a problem there before, which blocks
# nothing, even a move of S-1 itself.
cat >>backlog/prio.yml <<'X'
rules:
  rank-before-dependency: error
  rank-tie: error
X
git commit -qam "strict"
HEAD0=$(git rev-parse HEAD)
run_prio check
expect_rc 1 "check finds the problem that is there"
run_prio move S-3 --top -m "S-1 still ahead of S-2, one place down"
expect_rc 0 "a move that keeps an old problem (at new positions) passes"
HEAD0=$(git rev-parse HEAD)
run_prio move S-3 --bottom -m "x"
expect_rc 1 "moving a dependency below its dependent: exit 1"
expect_err "only the new problem is shown" <<'X'
prio: backlog/stories/S-6-needs-s-3.md:7:7: S-6 (#3) is ranked ahead of S-3 (#4), which it depends on; move S-3 up or S-6 down [rank-before-dependency]
prio: nothing was changed: 'move S-3 to #4 (was #1)' would bring the error above into the backlog
X
unchanged "rank-before-dependency" </dev/null
run_prio set S-4 rank=2 -m "x"
expect_rc 1 "a rank that ties: exit 1"
expect_err "rank-tie" <<'X'
prio: backlog/stories/S-4.md:9:7: rank 2 ties with S-2; the tie is ordered by id until you run 'prio renumber' or move one [rank-tie]
prio: nothing was changed: 'set S-4 rank=2' would bring the error above into the backlog
X
unchanged "rank-tie" </dev/null
# S-2, S-4 and S-5 tie at rank 2; moving S-4 away leaves S-2 and S-5
# tied, as they were: not a new tie.
printf 'rank: 2\n' >"$TEST_ROOT/rank"
sed -i "/^effort:/r $TEST_ROOT/rank" backlog/stories/S-4.md \
    backlog/stories/S-5.md
git commit -qam "a three-way tie"
HEAD0=$(git rev-parse HEAD)
run_prio check
expect_out "S-2, S-4 and S-5 tie" <<'X'
backlog/stories/S-1.md:9:7: error: S-1 (#2) is ranked ahead of S-2 (#3), which it depends on; move S-2 up or S-1 down [rank-before-dependency]
backlog/stories/S-4.md:9:7: error: rank 2 ties with S-2; the tie is ordered by id until you run 'prio renumber' or move one [rank-tie]
backlog/stories/S-5.md:9:7: error: rank 2 ties with S-4; the tie is ordered by id until you run 'prio renumber' or move one [rank-tie]
X
run_prio move S-4 --bottom -m "out of the tie"
expect_rc 0 "moving a story out of a three-way tie passes"
HEAD0=$(git rev-parse HEAD)
# rerank --by score keeps dependencies ahead of their dependents, so it
# brings no rank-before-dependency (S-6 has the highest score).
run_prio rerank --by score -m "by score"
expect_rc 0 "rerank passes the problem there before"
run_prio renumber -m "x"
expect_rc 0 "renumber, which keeps the order, passes"

# --- A problem that was there before blocks nothing ---------------------

setup
good_story S-6 "depends-on: [S-7]"
good_story S-7 "depends-on: [S-6]"
good_story S-8 "depends-on: [S-404]"
cp backlog/stories/S-8.md backlog/stories/S-8-copy.md
printf -- '---\nid: S-10\ntitle: No criteria\nstatus: ready\nvalue: 1\n---\n' \
    >backlog/stories/S-10.md
commit_all "broken"
HEAD0=$(git rev-parse HEAD)
run_prio check
expect_rc 1 "the backlog has a cycle, missing dependencies and a duplicate id"
run_prio move S-3 --top -m "unrelated"
expect_rc 0 "move of an unrelated story still commits"
run_prio set S-2 owner=ada -m "unrelated"
expect_rc 0 "set of an unrelated story still commits"
run_prio set S-6 owner=ada -m "in the cycle"
expect_rc 0 "set of a story in the cycle, not touching it, still commits"
run_prio move S-6 --top -m "in the cycle"
expect_rc 0 "move of a story in the cycle still commits"
# S-5 -> S-7 makes the search enter the old cycle at S-7, so check
# reports it at S-6 as "S-7 -> S-6 -> S-7": the same cycle.
run_prio set S-5 depends-on=S-7 -m "into the old cycle, closing no new one"
expect_rc 0 "a dependency into an old cycle still commits"
run_prio check
expect_grep "S-7 -> S-6 -> S-7" "check shows the old cycle entered at S-7"
# S-11 -> S-12 -> S-13 -> S-11 and S-11 -> S-13 -> S-11: check reports
# the first only, until S-10 -> S-13 makes the search enter at S-13 and
# report both.  The second was there before (every edge of it was): no
# new cycle.
good_story S-11 "depends-on: [S-12, S-13]"
good_story S-12 "depends-on: [S-13]"
good_story S-13 "depends-on: [S-11]"
commit_all "two cycles, one reported"
run_prio set S-10 depends-on=S-13 -m "into a group of old cycles"
expect_rc 0 "a dependency that makes check report another old cycle commits"
run_prio check
expect_grep "S-13 -> S-11 -> S-13" "check now reports the second old cycle"
run_prio set S-10 owner=ada -m "its own problem, a line further down"
expect_rc 0 "set of a story with an error of its own still commits"
run_prio renumber -m "short ranks"
expect_rc 0 "renumber still commits"
run_prio rerank --by score -m "by score"
expect_rc 0 "rerank still commits"
run_prio reid backlog/stories/S-8-copy.md -m "duplicate"
expect_rc 0 "reid of a duplicate keeps its missing dependency and commits"
HEAD0=$(git rev-parse HEAD)
run_prio set S-1 depends-on=S-1 -m "x"
expect_rc 1 "a new cycle is still refused beside an old one"
expect_err "only the new cycle is shown" <<'X'
prio: backlog/stories/S-1.md:10:13: dependency cycle: S-1 -> S-1; remove one of these dependencies [dependency-cycle]
prio: nothing was changed: 'set S-1 depends-on=S-1' would bring the error above into the backlog
X
unchanged "a new cycle beside an old one" </dev/null

# accept and reject are writes too: a story that depends on a missing
# one cannot be reviewed into a new error, and an old one blocks nothing.
setup
sed -i 's/^status: ready$/status: done/; s/- \[ \]/- [x]/' \
    backlog/stories/S-4.md
git commit -qam "S-4 done"
run_prio accept S-4 -m "Demoed."
expect_rc 0 "accept commits"
sed -i 's/^status: ready$/status: done/' backlog/stories/S-5.md
git commit -qam "S-5 done"
run_prio reject S-5 -m "Not yet."
expect_rc 0 "reject commits"

done_testing
