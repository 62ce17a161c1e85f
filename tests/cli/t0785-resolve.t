#!/bin/sh
# prio resolve: a merge conflict on a story's front matter decided,
# staged and recorded in the merge commit (real git merge of real
# branches, real git commit); prio log showing what a merge decided;
# the bad inputs, each refused with nothing changed.
. "$(dirname "$0")/lib.sh"

# st ID RANK [LINE...]: a ready story with one met criterion.
st() {
	_id=$1 _rank=$2
	shift 2
	{
		printf -- '---\nid: %s\ntitle: Story %s\nstatus: ready\n' \
		    "$_id" "$_id"
		printf 'rank: %s\n' "$_rank"
		for _l; do printf '%s\n' "$_l"; done
		printf -- '---\nBody of %s.\n\n## Acceptance criteria\n\n' "$_id"
		printf -- '- [x] It works.\n'
	} >"backlog/stories/$_id.md"
}

# at HH WHO: the next commits' dates and author.
at() {
	GIT_AUTHOR_DATE="2026-11-02T$1:00:00+00:00"
	GIT_COMMITTER_DATE=$GIT_AUTHOR_DATE
	GIT_AUTHOR_NAME=$2
	GIT_AUTHOR_EMAIL=$(echo "$2" | tr A-Z a-z)@example.com
	export GIT_AUTHOR_DATE GIT_COMMITTER_DATE GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL
}

# unchanged NAME: the story file, the index and MERGE_MSG are as saved.
save() {
	cp backlog/stories/S-8.md "$TEST_ROOT/s8"
	cp .git/MERGE_MSG "$TEST_ROOT/msg"
	git ls-files -s -u >"$TEST_ROOT/stages"
}
unchanged() {
	git ls-files -s -u >"$TEST_ROOT/stages-now"
	if cmp -s backlog/stories/S-8.md "$TEST_ROOT/s8" &&
	    cmp -s .git/MERGE_MSG "$TEST_ROOT/msg" &&
	    cmp -s "$TEST_ROOT/stages" "$TEST_ROOT/stages-now" &&
	    [ -s "$TEST_ROOT/stages-now" ]; then
		ok "$1: nothing changed"
	else
		not_ok "$1: nothing changed"
		git status --porcelain | sed 's/^/#   /'
	fi
}

# --- Outside a merge ----------------------------------------------------------

new_repo
printf 'rationale-required: false\n' >backlog/prio.yml
st S-8 3 "value: 5"
st S-9 4
at 09 Ada
git add -A && git commit -qm "Two stories"

run_prio resolve S-8 --ours -m why
expect_rc 1 "resolve outside a merge exits 1"
expect_err "resolve outside a merge says so" <<'X'
prio: no merge is in progress (no MERGE_HEAD): prio resolve decides a story's conflict while 'git merge' waits for its commit
X
[ -z "$(git status --porcelain)" ] && ok "outside a merge: nothing changed" ||
    not_ok "outside a merge: nothing changed"

# --- Two owners move S-8 on two branches --------------------------------------

git checkout -q -b d
at 10 Bea
run_prio set S-8 rank=1.264 -m "Sales needs it first."
expect_rc 0 "on d: S-8 to rank 1.264"
git checkout -q main
at 11 Ada
run_prio set S-8 rank=5 value=8 -m "Ops can wait."
expect_rc 0 "on main: S-8 to rank 5, value 8"
at 12 Ada
git merge d >/dev/null 2>&1
[ $? -eq 1 ] && [ -f .git/MERGE_HEAD ] &&
    ok "git merge d stops on the conflict" ||
    not_ok "git merge d stops on the conflict"
expect_file backlog/stories/S-8.md "the conflict is on the rank line" <<'X'
---
id: S-8
title: Story S-8
status: ready
<<<<<<< HEAD
rank: 5
value: 8
=======
rank: 1.264
value: 5
>>>>>>> d
---
Body of S-8.

## Acceptance criteria

- [x] It works.
X
save

# --- Bad input: usage errors, exit 2 ------------------------------------------

run_prio resolve S-8 --ours --theirs -m why
expect_rc 2 "--ours and --theirs together exit 2"
expect_err "--ours and --theirs together: the message" <<'X'
prio: --ours and --theirs cannot both decide; give one (with --set for the keys it does not)
usage: prio resolve <id> --ours|--theirs|--rank <r>|--set <key>=<value>... -m <why>
X
unchanged "--ours --theirs"

run_prio resolve S-8 -m why
expect_rc 2 "no decision exits 2"
expect_err "no decision: the message" <<'X'
prio: say how to resolve S-8: --ours, --theirs, --rank <r> or --set <key>=<value>
usage: prio resolve <id> --ours|--theirs|--rank <r>|--set <key>=<value>... -m <why>
X
unchanged "no decision"

run_prio resolve --ours
expect_rc 2 "no story exits 2"
unchanged "no story"

run_prio resolve ../../etc/passwd --ours -m why
expect_rc 2 "a path for an ID exits 2"
expect_err "a path for an ID: the message" <<'X'
prio: '../../etc/passwd' is not a story ID; IDs look like S-42
X
unchanged "a path for an ID"

run_prio resolve S-8 --set id=S-1 --ours -m why
expect_rc 2 "--set id exits 2"
unchanged "--set id"

# --- Bad input: refused, exit 1 -----------------------------------------------

run_prio resolve S-77 --ours -m why
expect_rc 1 "an unknown story exits 1"
expect_err "an unknown story: the message" <<'X'
prio: no story S-77 in conflict in this merge; 'git status' lists the conflicted files
X
unchanged "an unknown story"

run_prio resolve S-9 --ours -m why
expect_rc 1 "a story that is not conflicted exits 1"
expect_err "a story that is not conflicted: the message" <<'X'
prio: S-9 is not in conflict (backlog/stories/S-9.md merged cleanly or is resolved); change it with 'prio set' after the merge
X
unchanged "a story that is not conflicted"

run_prio resolve S-8 --ours --set status=done -m why
expect_rc 1 "--set of a key not in conflict exits 1"
expect_err "--set of a key not in conflict: the message" <<'X'
prio: status is not in conflict in backlog/stories/S-8.md (the conflict is on rank, value); decide those keys, or change status with 'prio set' after the merge
X
unchanged "--set of a key not in conflict"

run_prio resolve S-8 --rank 7 -m why
expect_rc 1 "a decision that leaves a key undecided exits 1"
expect_err "a key undecided: the message" <<'X'
prio: S-8 has conflicts on rank, value; --set and --rank decide only the keys they name: add --ours or --theirs for the rest
X
unchanged "a key undecided"

run_prio resolve S-8 --ours --rank abc -m why
expect_rc 1 "an invalid rank exits 1"
expect_err "an invalid rank: the message" <<'X'
prio: backlog/stories/S-8.md:5:7: rank 'abc' is not a plain non-negative decimal such as 3 or 2.5 [rank]
prio: S-8 is not resolved: the result would have the errors above; nothing was changed
X
unchanged "an invalid rank"

# --- The decision -------------------------------------------------------------

run_prio resolve S-8 --theirs --rank 7 -m "We agreed: after the pilot.
Sales: fine by us."
expect_rc 0 "resolve S-8 --theirs --rank 7 exits 0"
expect_out "resolve says what it decided" <<'X'
resolved S-8: rank 5 | 1.264 -> 7, value 8 | 5 -> 5 (staged backlog/stories/S-8.md; 'git commit' concludes the merge)
X
expect_err "resolve is quiet on stderr" </dev/null
expect_file backlog/stories/S-8.md "only the conflicted lines changed" <<'X'
---
id: S-8
title: Story S-8
status: ready
rank: 7
value: 5
---
Body of S-8.

## Acceptance criteria

- [x] It works.
X
[ "$(git status --porcelain)" = "M  backlog/stories/S-8.md" ] &&
    [ -z "$(git ls-files -u)" ] &&
    ok "the file is staged at stage 0, the conflict stages gone" ||
    not_ok "the file is staged at stage 0, the conflict stages gone"
expect_file .git/MERGE_MSG "MERGE_MSG carries the rationale and trailers" <<'X'
Merge branch 'd'

# Conflicts:
#	backlog/stories/S-8.md

We agreed: after the pilot.
Sales: fine by us.

Prio-Story: S-8
Prio-Change: rank 5 | 1.264 -> 7
Prio-Change: value 8 | 5 -> 5
X

run_prio resolve S-8 --ours -m again
expect_rc 1 "a resolved story is no longer in conflict"

git commit -q --no-edit
[ $? -eq 0 ] && ok "git commit --no-edit concludes the merge" ||
    not_ok "git commit --no-edit concludes the merge"
git log -1 --format=%B >"$TEST_ROOT/body"
expect_file "$TEST_ROOT/body" "the merge commit carries the decision" <<'X'
Merge branch 'd'

# Conflicts:
#	backlog/stories/S-8.md

We agreed: after the pilot.
Sales: fine by us.

Prio-Story: S-8
Prio-Change: rank 5 | 1.264 -> 7
Prio-Change: value 8 | 5 -> 5

X
git log -1 --format='%(trailers:key=Prio-Change,valueonly)' >"$TEST_ROOT/tr"
expect_file "$TEST_ROOT/tr" "git reads the trailers" <<'X'
rank 5 | 1.264 -> 7
value 8 | 5 -> 5

X
[ -z "$(git status --porcelain)" ] && ok "git status is clean" ||
    not_ok "git status is clean"
run_prio check
expect_rc 0 "prio check passes after the merge"

M=$(git rev-parse HEAD)
run_prio log S-8 HEAD^..HEAD
expect_rc 0 "prio log of the merge exits 0"
expect_out "prio log shows the merge's decision and rationale" <<X
commit $M
Author: Ada <ada@example.com>
Date:   2026-11-02T12:00:00+00:00

    Merge branch 'd'

    # Conflicts:
    #	backlog/stories/S-8.md

    We agreed: after the pilot.
    Sales: fine by us.

    S-8 rank 5 | 1.264 -> 7, value 8 | 5 -> 5 (merge of d)

commit $(git rev-parse d)
Author: Bea <bea@example.com>
Date:   2026-11-02T10:00:00+00:00

    prio: set S-8 rank=1.264

    Sales needs it first.

    S-8 rank 3 -> 1.264
X

run_prio log HEAD^..HEAD --json
expect_rc 0 "prio log --json of the merge exits 0"
json_ok "prio log --json is JSON"
python3 -c '
import json, sys
e = json.load(open(sys.argv[1]))["entries"][0]
c = e["changes"]
print(e["merge_of"], len(c), c[0]["story"], c[0]["field"], c[0]["from"],
    c[0]["from_theirs"], c[0]["to"], c[0]["position_from"], c[0]["position_to"])
' "$TEST_ROOT/out" >"$TEST_ROOT/j"
expect_file "$TEST_ROOT/j" "--json: merge_of and from_theirs" <<'X'
d 2 S-8 rank 5 1.264 7 2 2
X

# A merge that only takes each side's changes decides nothing.
git checkout -q -b e
at 13 Bea
run_prio set S-9 rank=2 -m "e moves S-9"
git checkout -q main
git merge -q --no-ff -m "Merge branch 'e'" e
run_prio log HEAD^..HEAD
expect_out "a clean merge is no decision; its branch's commit is" <<X
commit $(git rev-parse e)
Author: Bea <bea@example.com>
Date:   2026-11-02T13:00:00+00:00

    prio: set S-9 rank=2

    e moves S-9

    S-9 rank 4 -> 2
X

# A change made in the merge itself (git merge --no-commit, then an
# edit) is the merge's decision, named by its short id without a name.
git checkout -q -b f HEAD~1
at 14 Bea
st S-10 ""
git add -A && git commit -q -m "f adds S-10"
git checkout -q main
git merge -q --no-ff --no-commit f >/dev/null 2>&1
sed 's/^rank: 7$/rank: 0.5/' backlog/stories/S-8.md >"$TEST_ROOT/x" &&
    cp "$TEST_ROOT/x" backlog/stories/S-8.md
st S-11 ""
git add -A && git commit -q -m "Joined"
run_prio log HEAD^..HEAD
expect_grep "^    S-8 rank 7 \| 7 -> 0.5, #2 -> #1 \(merge of $(git rev-parse --short=7 f)\)$" \
    "a change made in the merge, by the merged commit's short id"
expect_grep "^    S-11 created at #4 \(merge of $(git rev-parse --short=7 f)\)$" \
    "a story created in the merge itself"
if grep -q "S-10" "$TEST_ROOT/out" &&
    ! grep -q "S-10.*merge of" "$TEST_ROOT/out"; then
	ok "a story the merge took from its branch is that branch's decision"
else
	not_ok "a story the merge took from its branch is that branch's decision"
	sed 's/^/#   /' "$TEST_ROOT/out"
fi

# A merge that removes a story both parents had decides that.
git checkout -q -b g
at 15 Bea
st S-12 3
git add -A && git commit -q -m "g adds S-12"
git checkout -q main
git merge -q --no-ff --no-commit g >/dev/null 2>&1
git rm -q backlog/stories/S-9.md
git commit -q -m "Merge branch 'g' without S-9"
run_prio log HEAD^..HEAD
expect_grep "^    S-9 removed from #2 \(merge of g\)$" \
    "a story removed in the merge, both parents having it"

# --- Two decisions in one merge; the rationale a config requires ----------

new_repo
st S-1 1
st S-2 2
at 09 Ada
git add -A && git commit -qm "Two stories"
git checkout -q -b x
run_prio set S-1 status=in-progress -m "x starts S-1"
run_prio set S-2 rank=3 -m "x lowers S-2"
git checkout -q main
run_prio set S-1 status=done -m "main finished S-1"
run_prio set S-2 rank=0.5 -m "main raises S-2"
git merge x >/dev/null 2>&1
cp backlog/stories/S-1.md "$TEST_ROOT/s1"
run_prio resolve S-1 --theirs </dev/null
expect_rc 1 "without -m, when the config requires a rationale, exit 1"
expect_err "and it says how to give one" <<'X'
prio: a rationale is required: say why with -m <why> (or set rationale-required: false in backlog/prio.yml)
X
cmp -s backlog/stories/S-1.md "$TEST_ROOT/s1" &&
    [ "$(git ls-files -u backlog/stories/S-1.md | wc -l)" -eq 3 ] &&
    ok "without a rationale: nothing changed" ||
    not_ok "without a rationale: nothing changed"
run_prio resolve S-1 --theirs -m "Reopened: the fix did not hold."
expect_rc 0 "the first decision"
run_prio resolve S-2 --ours -m "main's rank stands."
expect_rc 0 "the second decision"
expect_out "--ours keeps our value" <<'X'
resolved S-2: rank 0.5 | 3 -> 0.5 (staged backlog/stories/S-2.md; 'git commit' concludes the merge)
X
expect_file .git/MERGE_MSG "both rationales, then one trailer block" <<'X'
Merge branch 'x'

# Conflicts:
#	backlog/stories/S-1.md
#	backlog/stories/S-2.md

Reopened: the fix did not hold.

main's rank stands.

Prio-Story: S-1
Prio-Change: status done | in-progress -> in-progress
Prio-Story: S-2
Prio-Change: rank 0.5 | 3 -> 0.5
X
git commit -q --no-edit
[ -z "$(git status --porcelain)" ] && ok "both staged; the merge commits" ||
    not_ok "both staged; the merge commits"
# Each decision kept one side's value, yet it was decided: the merge's
# trailers record it, and the log shows it (no positions: the trees
# alone do not tell them for a value ours kept).
M=$(git rev-parse HEAD)
run_prio log HEAD^..HEAD
expect_out "the log shows both recorded decisions" <<X
commit $M
Author: Ada <ada@example.com>
Date:   2026-11-02T09:00:00+00:00

    Merge branch 'x'

    # Conflicts:
    #	backlog/stories/S-1.md
    #	backlog/stories/S-2.md

    Reopened: the fix did not hold.

    main's rank stands.

    S-1 status done | in-progress -> in-progress (merge of x)
    S-2 rank 0.5 | 3 -> 0.5 (merge of x)

commit $(git rev-parse x)
Author: Ada <ada@example.com>
Date:   2026-11-02T09:00:00+00:00

    prio: set S-2 rank=3

    x lowers S-2

    S-2 rank 2 -> 3

commit $(git rev-parse x~1)
Author: Ada <ada@example.com>
Date:   2026-11-02T09:00:00+00:00

    prio: set S-1 status=in-progress

    x starts S-1

    S-1 status ready -> in-progress
X

done_testing
