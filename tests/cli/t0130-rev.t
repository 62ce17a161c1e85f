#!/bin/sh
# --rev and --staged: list, show, rank and check read a commit's tree or
# the index, never the work tree; bare repositories; unknown revisions.
. "$(dirname "$0")/lib.sh"

# st ID TITLE [LINE...]: a valid, scored, ready story; each LINE is an
# extra front-matter line such as "rank: 3".
st() {
	_id=$1 _title=$2
	shift 2
	{
		printf -- '---\nid: %s\ntitle: %s\nstatus: ready\n' "$_id" "$_title"
		printf 'value: 5\nurgency: 3\nrisk: 2\neffort: 5\n'
		for _l; do printf '%s\n' "$_l"; done
		printf -- '---\nBody of %s.\n\n## Acceptance criteria\n\n' "$_id"
		printf -- '- [ ] It works.\n'
	} >"backlog/stories/$_id.md"
}

broken='backlog/stories/S-2.md:1:1: error: no front matter; a story starts with a '"'"'---'"'"' line, then YAML keys such as id, title and status, then '"'"'---'"'"' [front-matter]'

# History: v1 (tagged) has S-1 before S-2; the next commit moves S-1
# below S-2 and adds S-3; branch "plan" re-ranks S-3 to the top and
# scores by value / effort.
new_repo
st S-1 "First idea" "rank: 1"
st S-2 "Second idea" "rank: 2"
commit_all "v1"
git tag -a -m "release 1" v1
st S-1 "First idea, renamed" "rank: 3"
st S-3 "Third idea" "rank: 2.5"
commit_all "move S-1 down, add S-3"
git checkout -q -b plan
st S-3 "Third idea" "rank: 0.5"
echo 'score: value / effort' >backlog/prio.yml
commit_all "plan: S-3 first"
git checkout -q main
# The work tree differs from every commit: S-2 is broken, S-4 is new
# and untracked, S-3 changed its title.
echo "garbage" >backlog/stories/S-2.md
st S-4 "Fourth idea" "rank: 0.1"
st S-3 "Third idea, edited" "rank: 2.5"

run_prio list
expect_rc 0 "list reads the work tree"
expect_out "the work tree's backlog" <<'X'
#  ID   STATUS  SCORE  TITLE
1  S-4  ready    2.00  Fourth idea
2  S-3  ready    2.00  Third idea, edited
3  S-1  ready    2.00  First idea, renamed
X
expect_err "the work tree's broken story is noted" <<'X'
prio: the backlog has 1 error; run 'prio check' to see it
X

run_prio list --rev HEAD~1
expect_rc 0 "list --rev HEAD~1 exits 0"
expect_out "list --rev HEAD~1 shows the backlog of that commit" <<'X'
#  ID   STATUS  SCORE  TITLE
1  S-1  ready    2.00  First idea
2  S-2  ready    2.00  Second idea
X
expect_err "list --rev does not see the work tree's broken file" </dev/null

run_prio list --rev HEAD
expect_out "list --rev HEAD shows the last commit, not the work tree" <<'X'
#  ID   STATUS  SCORE  TITLE
1  S-2  ready    2.00  Second idea
2  S-3  ready    2.00  Third idea
3  S-1  ready    2.00  First idea, renamed
X

run_prio list --rev HEAD --json
expect_rc 0 "list --rev --json exits 0"
expect_out "list --rev --json reads the commit" <<'X'
{"version":1,"kind":"prio.list","stories":[{"id":"S-2","title":"Second idea","status":"ready","rank":"2","score":2,"position":1,"path":"backlog/stories/S-2.md","owner":null,"goal":null,"labels":[],"depends_on":[],"criteria":{"total":1,"met":0}},{"id":"S-3","title":"Third idea","status":"ready","rank":"2.5","score":2,"position":2,"path":"backlog/stories/S-3.md","owner":null,"goal":null,"labels":[],"depends_on":[],"criteria":{"total":1,"met":0}},{"id":"S-1","title":"First idea, renamed","status":"ready","rank":"3","score":2,"position":3,"path":"backlog/stories/S-1.md","owner":null,"goal":null,"labels":[],"depends_on":[],"criteria":{"total":1,"met":0}}]}
X

run_prio show S-1 --rev v1
expect_rc 0 "show --rev <annotated tag> exits 0"
expect_out "show --rev shows the story as it was at the tag" <<'X'
S-1  First idea

  status    ready
  position  #1 of 2
  rank      1
  score     2.00 = (value + urgency + risk) / effort
  criteria  0 of 1 met
  path      backlog/stories/S-1.md

Body of S-1.

## Acceptance criteria

- [ ] It works.
X
run_prio show --rev v1 --json S-2
expect_out "show --rev --json reads the body from the commit" <<'X'
{"version":1,"kind":"prio.show","story":{"id":"S-2","title":"Second idea","status":"ready","rank":"2","score":2,"position":2,"path":"backlog/stories/S-2.md","owner":null,"goal":null,"labels":[],"depends_on":[],"criteria":{"total":1,"met":0},"criteria_items":[{"text":"It works.","met":false,"line":15}],"body":"Body of S-2.\n\n## Acceptance criteria\n\n- [ ] It works.\n"}}
X
run_prio show S-3 --rev v1
expect_rc 1 "a story added later is unknown at the tag"
expect_err "show --rev says the story is not there" <<'X'
prio: no story S-3 in this backlog; 'prio list --all' shows them all
X
run_prio show S-4
expect_rc 0 "show without --rev sees the untracked story"

run_prio rank --rev plan
expect_rc 0 "rank --rev <branch> exits 0"
expect_out "rank --rev reads the branch's stories and config" <<'X'
#  ID   RANK  SCORE  TITLE
1  S-3  0.5    1.00  Third idea
2  S-2  2      1.00  Second idea
3  S-1  3      1.00  First idea, renamed
X
run_prio rank --rev plan --by score --json
expect_out "rank --rev --by score --json" <<'X'
{"version":1,"kind":"prio.rank","stories":[{"id":"S-1","title":"First idea, renamed","rank":"3","score":1,"position":3,"proposed_position":1},{"id":"S-2","title":"Second idea","rank":"2","score":1,"position":2,"proposed_position":2},{"id":"S-3","title":"Third idea","rank":"0.5","score":1,"position":1,"proposed_position":3}]}
X

# --- check --rev and check --staged ------------------------------------------

run_prio check
expect_rc 1 "check reads the work tree and fails on its broken file"
expect_out "check names the work tree's broken file" <<X
$broken
X

run_prio check --rev HEAD
expect_rc 0 "check --rev HEAD passes: the commit is fine"
expect_out "check --rev prints no diagnostics" </dev/null
expect_err "check --rev counts the commit's stories" <<'X'
prio: 3 stories checked, no problems
X

run_prio check --staged
expect_rc 0 "check --staged passes: the index is fine"
expect_err "check --staged counts the index's stories" <<'X'
prio: 3 stories checked, no problems
X

# Stage the broken file, then mend the work tree: only the index is bad.
git add backlog/stories/S-2.md
git show HEAD:backlog/stories/S-2.md >backlog/stories/S-2.md
run_prio check --staged
expect_rc 1 "check --staged fails when the index holds the broken file"
expect_out "check --staged names the staged file" <<X
$broken
X
run_prio check --rev HEAD
expect_rc 0 "check --rev HEAD still passes"
run_prio list --rev HEAD
expect_err "list --rev does not see the index" </dev/null

# A new story that is only in the index, deleted from the work tree.
st S-5 "Staged only" "rank: 9"
git add backlog/stories/S-5.md
git show HEAD:backlog/stories/S-2.md >backlog/stories/S-2.md
git add backlog/stories/S-2.md
rm backlog/stories/S-5.md
run_prio check --staged
expect_rc 0 "check --staged passes once the fix is staged"
expect_err "check --staged sees the staged-only story" <<'X'
prio: 4 stories checked, no problems
X

# --- Revisions that do not exist or hold no backlog ---------------------------

for c in list rank check; do
	run_prio "$c" --rev nope
	expect_rc 2 "$c --rev <unknown> exits 2"
	expect_err "$c --rev <unknown> says so" <<'X'
prio: unknown revision 'nope'; name a commit, branch or tag
X
	expect_out "$c --rev <unknown> prints nothing" </dev/null
done
run_prio show S-1 --rev nope
expect_rc 2 "show --rev <unknown> exits 2"
expect_err "show --rev <unknown> says so" <<'X'
prio: unknown revision 'nope'; name a commit, branch or tag
X
run_prio list --rev 'HEAD^{tree}'
expect_rc 2 "a tree is not a commit"
expect_err "a tree is refused as a revision" <<'X'
prio: 'HEAD^{tree}' is a tree, not a commit; name a commit, branch or tag
X

git branch empty "$(git commit-tree -m "no backlog" "$(git mktree </dev/null)")"
run_prio list --rev empty
expect_rc 2 "a commit without a backlog exits 2"
expect_err "a commit without a backlog says so" <<'X'
prio: no backlog in empty: it has no backlog/prio.yml
X

# --- Bare repositories ---------------------------------------------------------

git clone -q --bare "$REPO" "$TEST_ROOT/bare.git"
cd "$TEST_ROOT/bare.git" || exit 1
run_prio list --rev v1
expect_rc 0 "list --rev works in a bare repository"
expect_out "list --rev in a bare repository reads the commit" <<'X'
#  ID   STATUS  SCORE  TITLE
1  S-1  ready    2.00  First idea
2  S-2  ready    2.00  Second idea
X
run_prio show S-1 --rev main
expect_rc 0 "show --rev works in a bare repository"
expect_grep '^S-1  First idea, renamed$' "show --rev in a bare repository shows the story"
run_prio rank --rev plan
expect_rc 0 "rank --rev works in a bare repository"
expect_out "rank --rev in a bare repository reads the branch" <<'X'
#  ID   RANK  SCORE  TITLE
1  S-3  0.5    1.00  Third idea
2  S-2  2      1.00  Second idea
3  S-1  3      1.00  First idea, renamed
X
run_prio check --rev main
expect_rc 0 "check --rev works in a bare repository"

for c in list rank check "show S-1"; do
	# shellcheck disable=SC2086
	run_prio $c
	expect_rc 2 "plain $c in a bare repository exits 2"
	expect_err "plain $c in a bare repository says to use --rev" <<'X'
prio: this repository is bare: there is no work tree to read; use --rev <rev> to read a commit
X
	expect_out "plain $c in a bare repository prints nothing" </dev/null
done
run_prio check --staged
expect_rc 2 "check --staged in a bare repository exits 2"
expect_err "check --staged in a bare repository says there is no index" <<'X'
prio: this repository is bare: it has no index to check; use --rev <rev> to check a commit
X

cd "$TEST_ROOT" || exit 1
run_prio -C bare.git list --rev v1
expect_rc 0 "-C <bare repository> with --rev works"
GIT_DIR=$TEST_ROOT/bare.git run_prio list --rev v1
expect_rc 0 "GIT_DIR=<bare repository> with --rev works"
expect_out "GIT_DIR reads the bare repository's commit" <<'X'
#  ID   STATUS  SCORE  TITLE
1  S-1  ready    2.00  First idea
2  S-2  ready    2.00  Second idea
X

# The hint after listing a commit points at checking that same commit.
new_repo
good_story S-1
printf -- '---\nid: S-2\n' >backlog/stories/S-2.md
commit_all "broken S-2"
good_story S-2
run_prio list --rev HEAD
expect_err "list --rev's hint names the revision" <<'X'
prio: the backlog has 1 error; run 'prio check --rev HEAD' to see it
X
run_prio list
expect_err "the work tree is fine" </dev/null

done_testing
