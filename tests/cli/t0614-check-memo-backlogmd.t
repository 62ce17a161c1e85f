#!/bin/sh
# The pre-commit hook's quick way and memo way (prio/checkmemo.h) in a
# Backlog.md project (issue 15): the memo is keyed by backlog/config.yml's
# blob and the tree ids of tasks/, drafts/, completed/ and archive/tasks/,
# and the checks between tasks read their dependencies and their place
# in the order (ordinal, then priority).  What `check --staged` prints
# must be exactly what it prints without any cache (PRIO_NO_CACHE=1),
# whichever way it goes (PRIO_TRACE=2 says which).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/check-memo.sh"

T=backlog/tasks

# The fixture project (real Backlog.md output) with a past: BACK-4 has
# had an error for long (To Do without criteria), BACK-3 depends on a
# task that does not exist (an error between tasks), an archived task
# keeps its ID.
new_repo
rm -rf backlog
cp -R "$FIXTURES/backlogmd/backlog" backlog
sed -i 's/^dependencies: \[\]$/dependencies:\n  - BACK-99/' \
    "$T/back-3 - Refund-flow.md"
mkdir -p backlog/archive/tasks
sed 's/^id: BACK-5$/id: BACK-6/; s/^title: .*/title: Old idea/' \
    "backlog/completed/back-5 - Old-release-notes.md" \
    >"backlog/archive/tasks/back-6 - Old-idea.md"
commit_all "a Backlog.md project with a past"
run_prio hook install
expect_rc 0 "install the hook"

# The first hooked commit has no memo: the quick way, which keeps the
# verdict of what it let through.
sed -i 's/^  - offline$/  - offline\n  - pilot/' "$T/back-1 - Pay-offline.md"
git add "$T/back-1 - Pay-offline.md"
PRIO_TRACE=2 git commit -q -m "BACK-1 is for the pilot" 2>"$TEST_ROOT/err"
expect_same "$(grep -c 'the quick way' "$TEST_ROOT/err")" 1 \
    "the first hooked commit takes the quick way"
[ -s .git/prio/check.memo ] && ok "and keeps its verdict in the memo" ||
    not_ok "and keeps its verdict in the memo"

# ---- the memo way, to the letter of the check without it ----
sed -i 's/^  - pilot$/  - beta/' "$T/back-1 - Pay-offline.md"
git add "$T/back-1 - Pay-offline.md"
same_as_oracle "a label changed: the same output as without the memo"
expect_same "$WAY" memo "and it took the memo way"

sed -i 's/^Refund a card payment.$/Refund a card payment in full./' \
    "$T/back-3 - Refund-flow.md"
git add "$T/back-3 - Refund-flow.md"
same_as_oracle "the task with an error between tasks, its body edited"
expect_same "$WAY" memo "took the memo way"
run_prio check --staged
expect_rc 1 "and fails on its missing dependency"
expect_out "which the memo kept, at its line, in Backlog.md's words" <<X
$T/back-3 - Refund-flow.md:11:3: error: depends on 'BACK-99', which is not a story in this backlog; correct the id or remove it from dependencies [missing-dependency]
X
git reset -q --hard

sed -i 's/^title: Tidy settings$/title: Tidy the settings/' \
    "$T/back-4 - Tidy-settings.md"
git add "$T/back-4 - Tidy-settings.md"
same_as_oracle "the task with the old error, touched"
expect_same "$WAY" memo "took the memo way"
run_prio check --staged
expect_rc 1 "and its error fails the commit"
git reset -q --hard

sed -i 's/^Maybe later.$/Maybe next year./' backlog/drafts/draft-1*.md
git add backlog/drafts
same_as_oracle "a draft edited"
expect_same "$WAY" memo "took the memo way (drafts/ is in the key)"
git reset -q --hard

# ---- where the memo cannot be sure: another way, same output ----
sed -i 's/^priority: high$/priority: low/' "$T/back-1 - Pay-offline.md"
git add "$T/back-1 - Pay-offline.md"
same_as_oracle "a priority changed (the order after the ordinal)"
expect_same "$WAY" quick "not the memo way: the order changed"
git reset -q --hard

sed -i 's/^ordinal: 5000$/ordinal: 3000/' "$T/back-4 - Tidy-settings.md"
git add "$T/back-4 - Tidy-settings.md"
same_as_oracle "an ordinal changed to another task's (a tie)"
expect_same "$WAY" quick "not the memo way: the order changed"
git reset -q --hard

sed -i 's/^  - BACK-99$/  - BACK-1/' "$T/back-3 - Refund-flow.md"
git add "$T/back-3 - Refund-flow.md"
same_as_oracle "a dependency changed"
expect_same "$WAY" full "the full comparison"
git reset -q --hard

sed -i 's/^assignee: \[\]$/reporter: ada\nassignee: []/' \
    "$T/back-2 - Receipt-by-email.md"
git add "$T/back-2 - Receipt-by-email.md"
same_as_oracle "a key added above dependencies (its line moves)"
expect_same "$WAY" quick "the memo is not used: its positions moved"
git reset -q --hard

sed -i 's/^title: Old idea$/title: An old idea/' backlog/archive/tasks/*.md
git add backlog/archive
same_as_oracle "an archived task edited"
expect_same "$WAY" full "the full comparison"
git reset -q --hard

sed 's/^id: BACK-2$/id: BACK-7/' "$T/back-2 - Receipt-by-email.md" \
    >"$T/back-7 - Receipt-again.md"
git add "$T/back-7 - Receipt-again.md"
same_as_oracle "a new task"
expect_same "$WAY" full "not the memo way"
git rm -q --cached "$T/back-7 - Receipt-again.md"
rm "$T/back-7 - Receipt-again.md"

git mv "$T/back-3 - Refund-flow.md" backlog/completed/
same_as_oracle "a task moved to completed/"
expect_same "$WAY" full "not the memo way"
git reset -q --hard

printf 'definition_of_done: []\n' >>backlog/config.yml
sed -i 's/^  - pilot$/  - gamma/' "$T/back-1 - Pay-offline.md"
git add backlog/config.yml "$T/back-1 - Pay-offline.md"
same_as_oracle "config.yml changed"
expect_same "$WAY" "" "the whole check, no memo"
git reset -q --hard

# ---- HEAD made without the hook: the memo is of an older commit ----
sed -i 's/^  - pilot$/  - delta/' "$T/back-1 - Pay-offline.md"
git commit -q --no-verify -am "without the hook"
sed -i 's/^Send the receipt by email.$/Send the receipt by mail./' \
    "$T/back-2 - Receipt-by-email.md"
git add "$T/back-2 - Receipt-by-email.md"
same_as_oracle "HEAD is not the memo's commit"
expect_same "$WAY" memo "the memo way still, comparing with HEAD's tree"
run_git commit -q -m "BACK-2 by mail"
expect_rc 0 "the commit goes through"
expect_err "counting the old errors" <<'X'
prio: 7 stories checked, no problems
prio: 2 older problems in other stories; 'prio check --staged --all' lists them
X
run_git fsck --strict
expect_rc 0 "git fsck is clean"

done_testing
