#!/bin/sh
# prio diff for a reviewer (issue 14): the decisions behind each change
# (rationale from the commits' bodies and Prio-Story trailers, most
# recent first, with the author), dependency changes, a new story's
# status and criteria count, and a new story's ID taken by another file
# on another branch (local or remote-tracking); in text, markdown (with
# mentions and references broken) and json.
. "$(dirname "$0")/lib.sh"

st() {
	printf -- '---\nid: %s\ntitle: %s\nstatus: ready\nvalue: 5\nurgency: 3\nrisk: 2\neffort: 5\nrank: %s\n---\nBody.\n\n## Acceptance criteria\n\n- [ ] It works.\n' \
	    "$1" "$2" "$3" >"backlog/stories/$1.md"
}
short() { git rev-parse "$1" | cut -c1-7; }

new_repo
printf 'rules:\n  unscored: off\n' >backlog/prio.yml
st S-1 "Pay offline" 1
st S-2 "Export invoices" 2
st S-3 "Refunds" 3
commit_all "base"

# Another branch mints S-4 in another file, and is pushed: its
# remote-tracking branch holds it too.
git checkout -q -b other
printf -- '---\nid: S-4\ntitle: Other four\nstatus: draft\n---\nx\n' \
    >backlog/stories/S-4-other.md
commit_all "other: S-4"
BARE=$TEST_ROOT/server.git
git init -q --bare "$BARE"
git remote add origin "$BARE"
git push -q origin other 2>/dev/null
git checkout -q main
git branch -q -D other

git checkout -q -b feature
sed -i 's/^rank: 3/rank: 0.5/' backlog/stories/S-3.md
git add -A && git commit -q -m "S-3 first" -m "Customers @bob asked for it, see #12 and https://x.example/a."
sed -i 's/^rank: 0.5/rank: 0.25/' backlog/stories/S-3.md
GIT_AUTHOR_NAME=Bea git commit -q -am "S-3 even higher" -m "Refunds block the launch."
sed -i 's/^rank: 2/rank: 2\ndepends-on: [S-1]/' backlog/stories/S-2.md
printf -- '- [ ] CSV has a header.\n' >>backlog/stories/S-2.md
git commit -q -am "S-2 waits for S-1"
run_prio set S-1 value=8 -m "Worth more offline."
expect_rc 0 "prio set commits a decision with trailers"
printf -- '---\nid: S-4\ntitle: Four\nstatus: ready\nrank: 9\n---\nx\n\n## Acceptance criteria\n\n- [x] A.\n- [ ] B.\n' \
    >backlog/stories/S-4.md
git add -A && GIT_AUTHOR_NAME=Bob git commit -q -m "add S-4" -m "Needed for the audit."
A=$(short HEAD~4) B=$(short HEAD~3) C=$(short HEAD~1) D=$(short HEAD)

run_prio diff main...feature
expect_rc 0 "diff exits 0"
expect_out "text: why, most recent first, with the author; dependencies; the new story" <<X
Backlog changes: 1 moved, 1 new, 1 score change, 1 criteria change, 1 dependency change

#1  S-3  Refunds
         moved ↑ #3 → #1 (rank 3 -> 0.25)
         why ($B, Bea): Refunds block the launch.
         why ($A, Tester): Customers @bob asked for it, see #12 and https://x.example/a.
#2  S-1  Pay offline
         score 2.00 -> 2.60 (value 5 -> 8)
         why ($C, Tester): Worth more offline.
#3  S-2  Export invoices
         criterion added: CSV has a header.
         depends on S-1 (added)
#4  S-4  Four
         new at #4, ready, 2 criteria, 1 met
         id S-4 is also backlog/stories/S-4-other.md on origin/other; give one of them a new id with 'prio reid' before merging
         why ($D, Bob): Needed for the audit.
X

run_prio diff --format markdown main...feature
expect_out "markdown: the same, mentions and references broken" <<X
**Backlog changes**: 1 moved, 1 new, 1 score change, 1 criteria change, 1 dependency change

| # | Story | Change |
|--:|---|---|
| 1 | S-3 Refunds | ↑ moved up \`#3 → #1\` (rank 3 → 0.25)<br>_why_ ($B, Bea): Refunds block the launch.<br>_why_ ($A, Tester): Customers @⁠bob asked for it, see #⁠12 and https:⁠//x.example/a. |
| 2 | S-1 Pay offline | score 2.00 → 2.60 (value 5 → 8)<br>_why_ ($C, Tester): Worth more offline. |
| 3 | S-2 Export invoices | criterion added: CSV has a header.<br>depends on S-1 (added) |
| 4 | S-4 Four | new story at \`#4\` (ready, 2 criteria, 1 met)<br>⚠️ ID collision: S-4 is also backlog/stories/S-4-other.md on origin/other; run \`prio reid\` on one before merging<br>_why_ ($D, Bob): Needed for the audit. |
X

run_prio diff --json main...feature
json_ok "json parses"
printf '%s\n' "$OUT" | python3 -c '
import json, sys
d = json.load(sys.stdin)
for s in d["stories"]:
    print(s["id"], s["depends_on"], s["criteria_total"], s["criteria_met"],
        [(x["commit"][:7], x["author"], x["rationale"]) for x in s["decisions"]],
        [(c["ref"], c["path"]) for c in s["collisions"]])
' >"$TEST_ROOT/out"
expect_out "json: decisions, depends_on, criteria of a new story, collisions" <<X
S-3 {'added': [], 'removed': []} None None [('$B', 'Bea', 'Refunds block the launch.'), ('$A', 'Tester', 'Customers @bob asked for it, see #12 and https://x.example/a.')] []
S-1 {'added': [], 'removed': []} None None [('$C', 'Tester', 'Worth more offline.')] []
S-2 {'added': ['S-1'], 'removed': []} None None [] []
S-4 {'added': [], 'removed': []} 2 1 [('$D', 'Bob', 'Needed for the audit.')] [('origin/other', 'backlog/stories/S-4-other.md')]
X

# A local branch with the same ID in the same file is the same story:
# no collision.  A dependency removed is shown.
git checkout -q -b same feature
git checkout -q feature
sed -i 's/^depends-on: \[S-1\]/depends-on: []/' backlog/stories/S-2.md
git commit -q -am "S-2 no longer waits" -m "The API is out."
run_prio diff feature~1 feature
expect_out "a removed dependency, with its decision" <<X
Backlog changes: 1 dependency change

#3  S-2  Export invoices
         no longer depends on S-1
         why ($(short HEAD), Tester): The API is out.
X
run_prio diff main...same
if grep -q "collision\|is also backlog/stories/S-4.md" "$TEST_ROOT/out"; then
	not_ok "the same file on another branch is no collision"
else
	ok "the same file on another branch is no collision"
fi

done_testing
