#!/bin/sh
# The hook's memo of the last check (prio/checkmemo.h, issue 14's cost
# target): after a staged check, $GIT_DIR/prio/check.memo keeps its
# verdict by the stories folder's tree id, and the next `check --staged`
# against HEAD reads only the story files the commit writes.  What it
# prints must be exactly what the check without the memo prints
# (PRIO_NO_CACHE=1 is the oracle), whichever way it goes; it takes the
# memo way only when that is sure (PRIO_TRACE=2 says which way), and
# writes nothing to the repository's objects.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/check-memo.sh"

# A backlog with a past: S-1 has had an error for long, S-3 depends on
# a story that does not exist (an error between stories), S-4 is fine.
new_repo
printf 'rules:\n  unscored: off\n' >backlog/prio.yml
bad_story S-1
good_story S-2 "rank: 2"
good_story S-3 "$(printf 'rank: 3\ndepends-on: [S-9]')"
good_story S-4 "rank: 4"
commit_all "a backlog with a past"
run_prio hook install
expect_rc 0 "install the hook"

# The first hooked commit has no memo: it checks the usual way, then
# keeps the verdict of what it let through.
sed -i 's/^urgency: 3/urgency: 4/' backlog/stories/S-2.md
git add backlog/stories/S-2.md
PRIO_TRACE=2 git commit -q -m "S-2 more urgent" 2>"$TEST_ROOT/err"
expect_same "$(grep -c 'the quick way' "$TEST_ROOT/err")" 1 \
    "the first hooked commit takes the quick way"
[ -s .git/prio/check.memo ] && ok "and keeps its verdict in the memo" ||
    not_ok "and keeps its verdict in the memo"

# ---- the memo way, to the letter of the check without it ----
sed -i 's/^urgency: 4/urgency: 5/' backlog/stories/S-2.md
git add backlog/stories/S-2.md
same_as_oracle "a value changed: the same output as without the memo"
expect_same "$WAY" memo "and it took the memo way"

sed -i 's/^As a user I want it./As a user I want it now./' \
    backlog/stories/S-3.md
git add backlog/stories/S-3.md
same_as_oracle "the story with an error between stories, its body edited"
expect_same "$WAY" memo "took the memo way"
run_prio check --staged
expect_rc 1 "and fails on its missing dependency"
expect_out "which the memo kept, at its line" <<'X'
backlog/stories/S-3.md:10:13: error: depends on 'S-9', which is not a story in this backlog; correct the id or remove it from depends-on [missing-dependency]
X

git reset -q --hard
sed -i 's/^title: No criteria/title: Still no criteria/' \
    backlog/stories/S-1.md
git add backlog/stories/S-1.md
same_as_oracle "the story with the old error, touched"
expect_same "$WAY" memo "took the memo way"
run_prio check --staged
expect_rc 1 "and its error fails the commit"
git reset -q --hard

# ---- where the memo cannot be sure: the usual way, same output ----
sed -i 's/^status: ready/owner: ada\nstatus: ready/' backlog/stories/S-3.md
git add backlog/stories/S-3.md
same_as_oracle "a key added above depends-on (its line moves)"
expect_same "$WAY" quick "the memo is not used: its positions moved"
git reset -q --hard

good_story S-5 "rank: 5"
git add backlog/stories/S-5.md
same_as_oracle "a new story"
expect_same "$WAY" full "not the memo way"
git rm -q --cached backlog/stories/S-5.md
rm backlog/stories/S-5.md

sed -i 's/^rank: 4/rank: 3/' backlog/stories/S-4.md
git add backlog/stories/S-4.md
same_as_oracle "a rank changed to another story's (a tie in the order)"
expect_same "$WAY" quick "not the memo way: the order changed"
git reset -q --hard

printf 'rules:\n  unscored: off\n  rank-tie: error\n' >backlog/prio.yml
sed -i 's/^urgency: 3/urgency: 4/' backlog/stories/S-4.md
git add backlog/prio.yml backlog/stories/S-4.md
same_as_oracle "prio.yml changed"
expect_same "$WAY" "" "the whole check, no memo"
git reset -q --hard

# ---- HEAD made without the hook: the memo is of an older commit ----
sed -i 's/^urgency: 4/urgency: 6/' backlog/stories/S-2.md
git commit -q --no-verify -am "without the hook"
sed -i 's/^urgency: 3/urgency: 7/' backlog/stories/S-4.md
git add backlog/stories/S-4.md
same_as_oracle "HEAD is not the memo's commit"
expect_same "$WAY" memo "the memo way still, comparing with HEAD's tree"
run_git commit -q -m "S-4 more urgent"
expect_rc 0 "the commit goes through"
expect_err "counting the old errors" <<'X'
prio: 4 stories checked, no problems
prio: 2 older problems in other stories; 'prio check --staged --all' lists them
X

# ---- a damaged or foreign memo is no memo ----
sed -i 's/^urgency: 7/urgency: 8/' backlog/stories/S-4.md
git add backlog/stories/S-4.md
head -c 100 .git/prio/check.memo >"$TEST_ROOT/short"
cp "$TEST_ROOT/short" .git/prio/check.memo
same_as_oracle "a truncated memo"
expect_same "$WAY" quick "is not used"
printf 'PRIOCM04garbage' >.git/prio/check.memo
same_as_oracle "a memo of garbage"
expect_same "$WAY" quick "is not used"
cp "$PRIO" "$TEST_ROOT/other-prio"
"$TEST_ROOT/other-prio" check --staged >/dev/null 2>&1
PRIO_TRACE=2 "$TEST_ROOT/other-prio" check --staged 2>"$TEST_ROOT/err" >/dev/null
expect_same "$(grep -c 'the memo way' "$TEST_ROOT/err")" 1 \
    "another build uses its own memo"
same_as_oracle "a memo another prio build wrote"
expect_same "$WAY" quick "is not used"
git reset -q --hard

# ---- nothing reaches the repository ----
rm -rf .git/prio
sed -i 's/^urgency: 7/urgency: 9/' backlog/stories/S-4.md
git add backlog/stories/S-4.md
objects() { find .git/objects -type f | sort; }
objects >"$TEST_ROOT/before"
run_prio check --staged
expect_rc 0 "check --staged after git add (the index's trees not cached)"
objects >"$TEST_ROOT/after"
cmp -s "$TEST_ROOT/before" "$TEST_ROOT/after" &&
    ok "writes no object into the repository" ||
    not_ok "writes no object into the repository"
[ -s .git/prio/check.memo ] && ok "yet keeps its memo" ||
    not_ok "yet keeps its memo"
run_git fsck --strict
expect_rc 0 "git fsck is clean"
run_git status --porcelain -- backlog
expect_same "$(cat "$TEST_ROOT/out")" "M  backlog/stories/S-4.md" \
    "and the index is as git add left it"
rm -rf .git/prio
PRIO_NO_CACHE=1 "$PRIO" check --staged >/dev/null 2>&1
[ ! -e .git/prio/check.memo ] && ok "PRIO_NO_CACHE=1 keeps no memo" ||
    not_ok "PRIO_NO_CACHE=1 keeps no memo"

done_testing
