#!/bin/sh
# Adopting the hooks on a backlog with a past (issue 14): prio check
# --staged, the pre-commit hook (through real git commit and in prio's
# own process) and the pre-receive hook (a real push to a bare
# repository) fail only on the problems a change brings or touches;
# older ones are counted in one line; --all and prio.strictHooks keep
# the whole check; the refusal names the stories at fault.
. "$(dirname "$0")/lib.sh"

# A backlog with a past: S-1 has had an error since before the hook.
new_repo
printf 'rules:\n  unscored: off\n' >backlog/prio.yml
bad_story S-1
good_story S-2 "rank: 2"
good_story S-3 "$(printf 'rank: 3\ndepends-on: [S-2]')"
commit_all "a backlog with a past"
run_prio hook install
expect_rc 0 "install the hook on it"

# ---- prio check --staged ----
sed -i 's/^urgency: 3/urgency: 4/' backlog/stories/S-2.md
git add backlog/stories/S-2.md
run_prio check --staged
expect_rc 0 "check --staged: an old error in another story does not fail"
expect_out "and is not printed" </dev/null
expect_err "one line counts it" <<'X'
prio: 3 stories checked, no problems
prio: 1 older problem in other stories; 'prio check --staged --all' lists it
X
run_prio check --staged --all
expect_rc 1 "check --staged --all: every error fails"
expect_out "and is printed" <<'X'
backlog/stories/S-1.md:4:9: error: status 'ready' needs acceptance criteria; add a '## Acceptance criteria' section with items such as '- [ ] ...' [missing-criteria]
X
expect_err "with today's summary" <<'X'
prio: 3 stories checked: 1 error, 0 warnings
X
run_prio check
expect_rc 1 "check of the work tree stays whole"

# ---- git commit through the installed hook ----
run_git commit -q -m "S-2 more urgent"
expect_rc 0 "git commit: a change beside an old error goes through"
expect_err "the hook counts the old error in one line" <<'X'
prio: 3 stories checked, no problems
prio: 1 older problem in other stories; 'prio check --staged --all' lists it
X
expect_same "$(git log -1 --format=%s)" "S-2 more urgent" "and is committed"

# Touching the story with the old error: who edits it answers for it.
sed -i 's/^title: .*/title: Still no criteria/' backlog/stories/S-1.md
git add backlog/stories/S-1.md
before=$(git rev-parse HEAD)
run_git commit -q -m "retitle S-1"
expect_rc 1 "a commit touching the story with the old error is refused"
expect_err "naming the story at fault" <<'X'
backlog/stories/S-1.md:4:9: error: status 'ready' needs acceptance criteria; add a '## Acceptance criteria' section with items such as '- [ ] ...' [missing-criteria]
prio: 3 stories checked: 1 error, 0 warnings
prio: commit refused: S-1 would be committed with errors (above); fix them, 'git add' them, and commit again ('git commit --no-verify' skips this check)
X
expect_same "$(git rev-parse HEAD)" "$before" "nothing was committed"
git reset -q --hard

# A change that brings an error into a story it does not touch: S-3
# depends on S-2, which the commit removes.
git rm -q backlog/stories/S-2.md
run_git commit -q -m "drop S-2"
expect_rc 1 "a removal that breaks another story is refused"
expect_err "naming the story it breaks" <<'X'
backlog/stories/S-3.md:10:13: error: depends on 'S-2', which is not a story in this backlog; correct the id or remove it from depends-on [missing-dependency]
prio: 2 stories checked: 1 error, 0 warnings
prio: 1 older problem in other stories; 'prio check --staged --all' lists it
prio: commit refused: S-3 would be committed with errors (above); fix them, 'git add' them, and commit again ('git commit --no-verify' skips this check)
X
git reset -q --hard

# A new file with an old story's id: both files are named.
good_story S-4
sed 's/^id: S-4/id: S-2/' backlog/stories/S-4.md >backlog/stories/S-2-copy.md
rm backlog/stories/S-4.md
git add backlog/stories/S-2-copy.md
run_git commit -q -m "a copy of S-2"
expect_rc 1 "a new file with an existing id is refused"
expect_err "both files of the duplicate are shown" <<'X'
backlog/stories/S-2-copy.md:2:5: error: id 'S-2' is also used by backlog/stories/S-2.md; give one of them a new id with 'prio reid' [duplicate-id]
backlog/stories/S-2.md:2:5: error: id 'S-2' is also used by backlog/stories/S-2-copy.md; give one of them a new id with 'prio reid' [duplicate-id]
prio: 4 stories checked: 2 errors, 0 warnings
prio: 1 older problem in other stories; 'prio check --staged --all' lists it
prio: commit refused: S-2 would be committed with errors (above); fix them, 'git add' them, and commit again ('git commit --no-verify' skips this check)
X
git rm -q --cached backlog/stories/S-2-copy.md
rm backlog/stories/S-2-copy.md

# A team that wants the whole check: prio.strictHooks.
sed -i 's/^urgency: 4/urgency: 5/' backlog/stories/S-2.md
git add backlog/stories/S-2.md
git config prio.strictHooks true
run_git commit -q -m "strict"
expect_rc 1 "prio.strictHooks: the old error fails the commit again"
expect_err "naming the story that has it" <<'X'
backlog/stories/S-1.md:4:9: error: status 'ready' needs acceptance criteria; add a '## Acceptance criteria' section with items such as '- [ ] ...' [missing-criteria]
prio: 3 stories checked: 1 error, 0 warnings
prio: commit refused: S-1 would be committed with errors (above); fix them, 'git add' them, and commit again ('git commit --no-verify' skips this check)
X
git config prio.strictHooks false
run_git commit -q -m "lenient again"
expect_rc 0 "prio.strictHooks false: the default"

# prio's own commits run the same check in-process.
run_prio move S-3 --top -m "S-3 first."
expect_rc 0 "prio move beside an old error: prio's own hook lets it through"
expect_err "and counts the old error (the warning is the moved story's)" <<'X'
backlog/stories/S-3.md:9:7: warning: S-3 (#1) is ranked ahead of S-2 (#2), which it depends on; move S-2 up or S-3 down [rank-before-dependency]
prio: 3 stories checked: 0 errors, 1 warning
prio: 1 older problem in other stories; 'prio check --staged --all' lists it
X
expect_same "$(git log -1 --format=%s)" "prio: move S-3 to #1 (was #2)" \
    "the move is committed"
run_prio set S-1 owner=ada -m "Give S-1 an owner."
expect_rc 1 "prio set on the story with the old error: refused by the hook"
expect_err "naming it (a warning in another story is not shown)" <<'X'
backlog/stories/S-1.md:4:9: error: status 'ready' needs acceptance criteria; add a '## Acceptance criteria' section with items such as '- [ ] ...' [missing-criteria]
prio: 3 stories checked: 1 error, 0 warnings
prio: commit refused: S-1 would be committed with errors (above); fix them, 'git add' them, and commit again ('git commit --no-verify' skips this check)
prio: the pre-commit hook refused the commit (exit status 1); nothing was changed ('--no-verify' skips it)
X

# A change to prio.yml can change every verdict: checked whole.
printf 'rules:\n  unscored: off\n  rank-tie: warning\n' >backlog/prio.yml
git add backlog/prio.yml
run_prio check --staged
expect_rc 1 "a staged prio.yml: the index is checked whole"
git reset -q --hard

# ---- pre-receive: a real push to a bare repository ----
BARE=$TEST_ROOT/server.git
git init -q --bare "$BARE"
git push -q "$BARE" main 2>/dev/null
run_prio -C "$BARE" hook install
expect_rc 0 "install pre-receive in a bare repository"
git remote add origin "$BARE"

# remote_lines: what the hook said, from git push's stderr.
remote_lines() {
	sed -n 's/^remote: //p' "$TEST_ROOT/err" | sed 's/ *$//'
}

sed -i 's/^urgency: 5/urgency: 6/' backlog/stories/S-2.md
git commit -q -am "S-2 again" 2>/dev/null
run_git push -q origin main
expect_rc 0 "a push beside an old error is accepted"
remote_lines >"$TEST_ROOT/remote"
expect_file "$TEST_ROOT/remote" "the server counts the old error" <<X
prio: 3 stories checked, no problems
prio: 1 older problem in other stories; 'prio check --rev $(git rev-parse HEAD)' lists it
X

sed -i 's/^title: .*/title: Touched/' backlog/stories/S-1.md
git commit -q --no-verify -am "touch S-1"
run_git push -q origin main
expect_rc 1 "a push touching the story with the old error is refused"
remote_lines | grep '^prio: push refused' >"$TEST_ROOT/remote"
expect_file "$TEST_ROOT/remote" "naming the story at fault" <<X
prio: push refused: refs/heads/main ($(git rev-parse --short=12 HEAD)) would record S-1 with errors (above); fix them in a new commit and push again
X
expect_same "$(git -C "$BARE" rev-parse main)" "$(git rev-parse HEAD~1)" \
    "the server's branch did not move"

# A new branch is compared with its merge base with the default branch
# (the bare repository's HEAD).
git reset -q --hard HEAD~1
git checkout -q -b feature
sed -i 's/^urgency: 6/urgency: 7/' backlog/stories/S-2.md
git commit -q -am "feature: S-2" 2>/dev/null
run_git push -q origin feature
expect_rc 0 "a new branch beside an old error is accepted"
remote_lines | sed -n 2p >"$TEST_ROOT/remote"
expect_file "$TEST_ROOT/remote" "compared with its merge base with main" <<X
prio: 1 older problem in other stories; 'prio check --rev $(git rev-parse HEAD)' lists it
X
git checkout -q -b touching
sed -i 's/^title: .*/title: Touched/' backlog/stories/S-1.md
git commit -q --no-verify -am "touch S-1"
run_git push -q origin touching
expect_rc 1 "a new branch touching the old error is refused"

# A new branch with no history in common: checked whole.
git checkout -q --orphan alone
git commit -q --no-verify -m "alone"
run_git push -q origin alone
expect_rc 1 "a new branch without a merge base is checked whole"

# strict on the server
git checkout -q main
git -C "$BARE" config prio.strictHooks true
sed -i 's/^urgency: 6/urgency: 8/' backlog/stories/S-2.md
git commit -q -am "S-2 once more" 2>/dev/null
run_git push -q origin main
expect_rc 1 "prio.strictHooks on the server: the old error refuses the push"
remote_lines | grep '^prio: push refused' >"$TEST_ROOT/remote"
expect_file "$TEST_ROOT/remote" "naming the story that has it" <<X
prio: push refused: refs/heads/main ($(git rev-parse --short=12 HEAD)) would record S-1 with errors (above); fix them in a new commit and push again
X


# A move changes one story's place, which only the order rules read:
# while they are warnings (the default) the hook compares the written
# file alone (the quick way); when one is an error, the whole backlog.
new_repo
good_story S-1 "rank: 1"
good_story S-2 "rank: 2"
good_story S-3 "rank: 3"
commit_all "three stories"
run_prio hook install
PRIO_TRACE=2 run_prio move S-3 --top -m "The quick way."
expect_rc 0 "a move through prio's own hook: exit 0"
grep -qx "prio: trace: compared with the base the quick way, 1 files written" \
    "$TEST_ROOT/err" &&
    ok "a move takes the quick way while the order rules are warnings" ||
    not_ok "a move takes the quick way while the order rules are warnings"
printf 'rules:\n  rank-tie: error\n' >backlog/prio.yml
git add backlog/prio.yml && git commit -q --no-verify -m "ties are errors"
PRIO_TRACE=2 run_prio move S-3 --bottom -m "The whole way."
expect_rc 0 "with rank-tie an error: the move still passes"
grep -qx "prio: trace: compared with the base the full way, 1 files written" \
    "$TEST_ROOT/err" && ok "and the hook compares the whole backlog" ||
    not_ok "and the hook compares the whole backlog"

done_testing
