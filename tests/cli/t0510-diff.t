#!/bin/sh
# prio diff: every argument form (none, A, A B, A..B, A...B), the three
# formats, the empty diff, broken stories, renamed files, a config
# change, errors, and the blob cache.
. "$(dirname "$0")/lib.sh"

# st ID TITLE [LINE...]: a ready story scored 2.00 (value 5); each LINE
# is an extra front-matter line such as "rank: 3".  Criteria come from
# $AC (one per line, "[ ] text" or "[x] text").
AC='[ ] It works.'
st() {
	_id=$1 _title=$2
	shift 2
	{
		printf -- '---\nid: %s\ntitle: %s\nstatus: ready\n' "$_id" "$_title"
		printf 'urgency: 3\nrisk: 2\neffort: 5\n'
		_value=5
		for _l; do
			case $_l in
			value:*) _value=${_l#value: } ;;
			*) printf '%s\n' "$_l" ;;
			esac
		done
		printf 'value: %s\n' "$_value"
		printf -- '---\nBody of %s.\n\n## Acceptance criteria\n\n' "$_id"
		printf '%s\n' "$AC" | sed 's/^/- /'
	} >"backlog/stories/$_id.md"
}

# set_field ID KEY VALUE: rewrites one front-matter line.
set_field() {
	sed "s/^$2: .*/$2: $3/" "backlog/stories/$1.md" >"$TEST_ROOT/tmp" &&
	    cat "$TEST_ROOT/tmp" >"backlog/stories/$1.md"
}

# --- The history -------------------------------------------------------------
#
# main:    S-1 #1, S-2 #2, S-3 #3, S-4 #4, S-5 #5 (ranked 1..5), then
#          S-6 #6 and S-9 #7 (unranked, equal scores: by ID).
# feature: S-3 to the top (rank 0.5); S-1's criteria change (one met,
#          one reworded, one added); new S-7 at rank 1.5; S-4 deleted;
#          S-5 accepted; S-6's value 5 -> 9 (score 2.00 -> 2.80, which
#          lifts it above S-9); S-2's title only.
# main moves on after feature branched: S-2 to rank 9, new S-10.
new_repo
AC='[ ] It works.
[ ] It is fast.'
st S-1 "Pay offline" "rank: 1"
AC='[ ] It works.'
st S-2 "Export invoices" "rank: 2"
st S-3 'Refund | partial *now* <b>' "rank: 3"
st S-4 "Old idea" "rank: 4"
st S-5 "Done thing" "rank: 5"
st S-6 "Unranked A"
st S-9 "Unranked B"
commit_all "base"
git tag base

git checkout -q -b feature
set_field S-3 rank 0.5
AC='[x] It works.
[ ] It is quick.
[ ] Works on 2G.'
st S-1 "Pay offline" "rank: 1"
AC='[ ] It works.'
st S-7 "Brand new" "rank: 1.5"
git rm -q backlog/stories/S-4.md
set_field S-5 status accepted
set_field S-6 value 9
set_field S-2 title "Export invoices as CSV"
commit_all "feature"

git checkout -q main
set_field S-2 rank 9
st S-10 "Added on main" "rank: 0.1"
commit_all "main moves on"
git checkout -q feature

# --- A...B: what the branch changed since it left main ------------------------

run_prio diff main...feature
expect_rc 0 "diff A...B exits 0"
expect_out "diff A...B lists the branch's changes by new position" <<'X'
Backlog changes: 2 moved, 1 new, 1 removed, 1 status change, 1 score change, 1 criteria change

#1  S-3  Refund | partial *now* <b>
         moved ↑ #3 → #1 (rank 3 -> 0.5)
#2  S-1  Pay offline
         criterion added: It is quick.
         criterion added: Works on 2G.
         criterion removed: It is fast.
         criterion met: It works.
#3  S-7  Brand new
         new at #3, ready, 1 criterion
#5  S-6  Unranked A
         moved ↑ #6 → #5 (by score)
         score 2.00 -> 2.80 (value 5 -> 9)
 -  S-4  Old idea
         removed (was #4)
 -  S-5  Done thing
         status ready -> accepted (was #5)
X
expect_err "diff A...B prints nothing on stderr" </dev/null

# The new positions are those prio list gives for the branch.
run_prio list --rev feature
for pair in 1:S-3 2:S-1 3:S-7 5:S-6; do
	if grep -Eq "^${pair%%:*} +${pair#*:} " "$TEST_ROOT/out"; then
		ok "list --rev feature agrees: ${pair#*:} at #${pair%%:*}"
	else
		not_ok "list --rev feature agrees: ${pair#*:} at #${pair%%:*}"
		sed 's/^/#   /' "$TEST_ROOT/out"
	fi
done

run_prio diff main...feature --format markdown
expect_rc 0 "diff --format markdown exits 0"
expect_out "markdown: a summary line and a table; titles escaped" <<'X'
**Backlog changes**: 2 moved, 1 new, 1 removed, 1 status change, 1 score change, 1 criteria change

| # | Story | Change |
|--:|---|---|
| 1 | S-3 Refund \| partial \*now\* \<b\> | ↑ moved up `#3 → #1` (rank 3 → 0.5) |
| 2 | S-1 Pay offline | criterion added: It is quick.<br>criterion added: Works on 2G.<br>criterion removed: It is fast.<br>criterion met: It works. |
| 3 | S-7 Brand new | new story at `#3` (ready, 1 criterion) |
| 5 | S-6 Unranked A | ↑ moved up `#6 → #5` (by score)<br>score 2.00 → 2.80 (value 5 → 9) |
| – | S-4 Old idea | removed (was `#4`) |
| – | S-5 Done thing | status ready → accepted (was `#5`) |
X

base=$(git rev-parse base)
tip=$(git rev-parse feature)
run_prio diff main...feature --format json
expect_rc 0 "diff --format json exits 0"
expect_out "json: from the merge base to the branch, every field" <<X
{"version":1,"kind":"prio.diff","from":"$base","to":"$tip","stories":[{"id":"S-3","title":"Refund | partial *now* <b>","path":"backlog/stories/S-3.md","position_from":3,"position_to":1,"rank_from":"3","rank_to":"0.5","status_from":"ready","status_to":"ready","score_from":2,"score_to":2,"score_inputs":[],"changes":["moved"],"criteria":{"added":[],"removed":[],"met":[]},"depends_on":{"added":[],"removed":[]},"criteria_total":null,"criteria_met":null,"decisions":[],"collisions":[]},{"id":"S-1","title":"Pay offline","path":"backlog/stories/S-1.md","position_from":1,"position_to":2,"rank_from":"1","rank_to":"1","status_from":"ready","status_to":"ready","score_from":2,"score_to":2,"score_inputs":[],"changes":["criteria"],"criteria":{"added":["It is quick.","Works on 2G."],"removed":["It is fast."],"met":["It works."]},"depends_on":{"added":[],"removed":[]},"criteria_total":null,"criteria_met":null,"decisions":[],"collisions":[]},{"id":"S-7","title":"Brand new","path":"backlog/stories/S-7.md","position_from":null,"position_to":3,"rank_from":null,"rank_to":"1.5","status_from":null,"status_to":"ready","score_from":null,"score_to":2,"score_inputs":[],"changes":["new"],"criteria":{"added":[],"removed":[],"met":[]},"depends_on":{"added":[],"removed":[]},"criteria_total":1,"criteria_met":0,"decisions":[],"collisions":[]},{"id":"S-6","title":"Unranked A","path":"backlog/stories/S-6.md","position_from":6,"position_to":5,"rank_from":null,"rank_to":null,"status_from":"ready","status_to":"ready","score_from":2,"score_to":2.8,"score_inputs":[{"field":"value","from":"5","to":"9"}],"changes":["moved","score"],"criteria":{"added":[],"removed":[],"met":[]},"depends_on":{"added":[],"removed":[]},"criteria_total":null,"criteria_met":null,"decisions":[],"collisions":[]},{"id":"S-4","title":"Old idea","path":"backlog/stories/S-4.md","position_from":4,"position_to":null,"rank_from":"4","rank_to":null,"status_from":"ready","status_to":null,"score_from":2,"score_to":null,"score_inputs":[],"changes":["removed"],"criteria":{"added":[],"removed":[],"met":[]},"depends_on":{"added":[],"removed":[]},"criteria_total":null,"criteria_met":null,"decisions":[],"collisions":[]},{"id":"S-5","title":"Done thing","path":"backlog/stories/S-5.md","position_from":5,"position_to":null,"rank_from":"5","rank_to":"5","status_from":"ready","status_to":"accepted","score_from":2,"score_to":2,"score_inputs":[],"changes":["status"],"criteria":{"added":[],"removed":[],"met":[]},"depends_on":{"added":[],"removed":[]},"criteria_total":null,"criteria_met":null,"decisions":[],"collisions":[]}]}
X
json_ok "json output parses"
run_prio diff --json main...feature
expect_grep "^\{\"version\":1,\"kind\":\"prio.diff\",\"from\":\"$base\"" "--json is --format json, before the range too"

# --- A..B and A B: the two tips, so main's own changes show reversed ---------

run_prio diff main..feature
expect_rc 0 "diff A..B exits 0"
expect_out "diff A..B compares the tips: main's S-2 and S-10 show" <<'X'
Backlog changes: 3 moved, 1 new, 2 removed, 1 status change, 1 score change, 1 criteria change

#1  S-3   Refund | partial *now* <b>
          moved ↑ #3 → #1 (rank 3 -> 0.5)
#2  S-1   Pay offline
          criterion added: It is quick.
          criterion added: Works on 2G.
          criterion removed: It is fast.
          criterion met: It works.
#3  S-7   Brand new
          new at #3, ready, 1 criterion
#4  S-2   Export invoices as CSV
          moved ↑ #6 → #4 (rank 9 -> 2)
#5  S-6   Unranked A
          moved ↑ #7 → #5 (by score)
          score 2.00 -> 2.80 (value 5 -> 9)
 -  S-4   Old idea
          removed (was #4)
 -  S-5   Done thing
          status ready -> accepted (was #5)
 -  S-10  Added on main
          removed (was #1)
X
cp "$TEST_ROOT/out" "$TEST_ROOT/dotdot"
run_prio diff main feature
expect_rc 0 "diff A B exits 0"
expect_file "$TEST_ROOT/dotdot" "diff A B is diff A..B" <"$TEST_ROOT/out"
run_prio diff ..main
expect_grep '^#1  S-10  Added on main$' "diff ..B starts at HEAD: S-10 is on main"
expect_grep '^          new at #1, ready, 1 criterion$' "diff ..B: S-10 is new on main"
expect_grep '^ -  S-7   Brand new$' "diff ..B: the branch's S-7 is not"
run_prio diff feature..
expect_out "diff A.. ends at HEAD (here the same commit)" <<'X'
Backlog changes: none
X
run_prio diff ...main
expect_out "diff ...B: main since it left HEAD's branch" <<'X'
Backlog changes: 1 moved, 1 new

#1  S-10  Added on main
          new at #1, ready, 1 criterion
#6  S-2   Export invoices
          moved ↓ #2 → #6 (rank 2 -> 9)
X

# --- The empty diff -------------------------------------------------------------

run_prio diff main main
expect_rc 0 "an empty diff exits 0"
expect_out "an empty diff says none" <<'X'
Backlog changes: none
X
run_prio diff main main --format markdown
expect_out "an empty markdown diff is its summary line" <<'X'
**Backlog changes**: none
X
main=$(git rev-parse main)
run_prio diff main main --format json
expect_out "an empty json diff has no stories" <<X
{"version":1,"kind":"prio.diff","from":"$main","to":"$main","stories":[]}
X
run_prio diff
expect_out "no argument: HEAD and a clean work tree are the same" <<'X'
Backlog changes: none
X

# --- The work tree ----------------------------------------------------------------

set_field S-7 status in-progress
st S-11 "Not yet committed" "rank: 0.25"
printf 'no front matter\n' >backlog/stories/S-9.md
run_prio diff
expect_rc 0 "diff against the work tree exits 0"
expect_out "no argument: HEAD against the work tree, untracked files too" <<'X'
Backlog changes: 1 new, 1 status change, 1 unreadable

#1  S-11  Not yet committed
          new at #1, ready, 1 criterion
#4  S-7   Brand new
          status ready -> in-progress
 -  S-9   Unranked B
          unreadable (was #6): 'prio check' says why
X
cp "$TEST_ROOT/out" "$TEST_ROOT/wt"
run_prio diff HEAD
expect_file "$TEST_ROOT/wt" "diff HEAD is the same" <"$TEST_ROOT/out"
run_prio diff base --format markdown
expect_out "diff A: a commit against the work tree" <<'X'
**Backlog changes**: 1 moved, 2 new, 1 removed, 1 status change, 1 score change, 1 criteria change, 1 unreadable

| # | Story | Change |
|--:|---|---|
| 1 | S-11 Not yet committed | new story at `#1` (ready, 1 criterion) |
| 2 | S-3 Refund \| partial \*now\* \<b\> | ↑ moved up `#3 → #2` (rank 3 → 0.5) |
| 3 | S-1 Pay offline | criterion added: It is quick.<br>criterion added: Works on 2G.<br>criterion removed: It is fast.<br>criterion met: It works. |
| 4 | S-7 Brand new | new story at `#4` (in-progress, 1 criterion) |
| 6 | S-6 Unranked A | score 2.00 → 2.80 (value 5 → 9) |
| – | S-4 Old idea | removed (was `#4`) |
| – | S-5 Done thing | status ready → accepted (was `#5`) |
| – | S-9 Unranked B | cannot be read as a story, was `#7` (`prio check` says why) |
X
git checkout -q -- backlog/stories
rm backlog/stories/S-11.md

# --- A broken story on one side ------------------------------------------------

git checkout -q -b broken
printf 'no front matter\n' >backlog/stories/S-2.md
commit_all "break S-2"
run_prio diff feature broken
expect_rc 0 "a story broken on the new side still exits 0"
expect_out "it is shown as unreadable, with the check to run" <<'X'
Backlog changes: 1 unreadable

-  S-2  Export invoices as CSV
        unreadable (was #4): 'prio check --rev broken' says why
X
expect_err "and nothing on stderr" </dev/null
run_prio diff feature broken --format json
expect_out "json: unreadable has the old side's values only" <<X
{"version":1,"kind":"prio.diff","from":"$tip","to":"$(git rev-parse broken)","stories":[{"id":"S-2","title":"Export invoices as CSV","path":"backlog/stories/S-2.md","position_from":4,"position_to":null,"rank_from":"2","rank_to":null,"status_from":"ready","status_to":null,"score_from":2,"score_to":null,"score_inputs":[],"changes":["unreadable"],"criteria":{"added":[],"removed":[],"met":[]},"depends_on":{"added":[],"removed":[]},"criteria_total":null,"criteria_met":null,"decisions":[],"collisions":[]}]}
X
run_prio diff broken feature
expect_rc 0 "a story broken on the old side exits 0"
expect_out "mended, it is new: the old side had no story there" <<'X'
Backlog changes: 1 new

#4  S-2  Export invoices as CSV
         new at #4, ready, 1 criterion
X

# --- Renamed files, nested folders, a renumber ------------------------------------

git checkout -q feature
git checkout -q -b tidy
mkdir backlog/stories/payments
git mv backlog/stories/S-1.md backlog/stories/payments/S-1-pay-offline.md
git mv backlog/stories/S-3.md backlog/stories/payments/S-3.md
set_field ../stories/payments/S-3 rank 1.75
commit_all "tidy"
run_prio diff feature tidy
expect_out "a file moved to a folder is the same story (by ID)" <<'X'
Backlog changes: 1 moved

#3  S-3  Refund | partial *now* <b>
         moved ↓ #1 → #3 (rank 0.5 -> 1.75)
X
run_prio diff feature tidy --format json
expect_grep '"path":"backlog/stories/payments/S-3.md","position_from":1,"position_to":3,' \
    "json names the new path"

git checkout -q -b renumber feature
set_field S-3 rank 10
set_field S-1 rank 20
set_field S-7 rank 30
set_field S-2 rank 40
commit_all "renumber"
run_prio diff feature renumber
expect_out "new ranks in the same order are not moves" <<'X'
Backlog changes: none
X

# --- A config change: every story is compared -------------------------------------

git checkout -q -b by-value feature
echo 'score: value / effort' >backlog/prio.yml
commit_all "score by value"
run_prio diff feature by-value
expect_out "a new score formula changes every score; unranked ones move" <<'X'
Backlog changes: 7 score changes

#1  S-3  Refund | partial *now* <b>
         score 2.00 -> 1.00
#2  S-1  Pay offline
         score 2.00 -> 1.00
#3  S-7  Brand new
         score 2.00 -> 1.00
#4  S-2  Export invoices as CSV
         score 2.00 -> 1.00
#5  S-6  Unranked A
         score 2.80 -> 1.80
#6  S-9  Unranked B
         score 2.00 -> 1.00
 -  S-5  Done thing
         score 2.00 -> 1.00
X

git checkout -q -b bad-config feature
printf 'statuses: [draft\n' >backlog/prio.yml
commit_all "break the config"
run_prio diff feature bad-config
expect_rc 2 "a broken config on one side exits 2"
expect_err "the config's error names the revision" <<'X'
bad-config:backlog/prio.yml:2:1: error: invalid YAML: did not find expected ',' or ']' while parsing a flow sequence that starts on line 1; close the [ ] list, or quote a value holding ',', '[' or ']'
prio: the backlog's config is wrong; fix backlog/prio.yml
X
expect_out "and prints no diff" </dev/null
git checkout -q feature

# --- Errors ------------------------------------------------------------------------

run_prio diff nope
expect_rc 2 "an unknown revision exits 2"
expect_err "an unknown revision says so" <<'X'
prio: unknown revision 'nope'; name a commit, branch or tag
X
run_prio diff main...nope
expect_rc 2 "an unknown revision in a range exits 2"
expect_err "and names it" <<'X'
prio: unknown revision 'nope'; name a commit, branch or tag
X
run_prio diff 'HEAD^{tree}'
expect_rc 2 "a tree is not a commit"
expect_err "a tree is refused" <<'X'
prio: 'HEAD^{tree}' is a tree, not a commit; name a commit, branch or tag
X
run_prio diff main feature base
expect_rc 2 "three revisions exit 2"
expect_err "three revisions are a usage error" <<'X'
prio: too many revisions: give at most two, or one range
usage: prio diff [<rev> | <rev> <rev> | <rev>..<rev> | <rev>...<rev>] [--format text|markdown|json]
X
run_prio diff main..feature base
expect_rc 2 "a range and a revision exit 2"
expect_err "a range and a revision are a usage error" <<'X'
prio: give either two revisions or one range, not both
usage: prio diff [<rev> | <rev> <rev> | <rev>..<rev> | <rev>...<rev>] [--format text|markdown|json]
X
run_prio diff --format html
expect_rc 2 "an unknown format exits 2"
expect_err "an unknown format says which exist" <<'X'
prio: unknown format 'html'; use text, markdown or json
usage: prio diff [<rev> | <rev> <rev> | <rev>..<rev> | <rev>...<rev>] [--format text|markdown|json]
X
git branch lonely "$(git commit-tree -m lonely "$(git mktree </dev/null)")"
run_prio diff main...lonely
expect_rc 2 "no merge base exits 2"
expect_err "no merge base says what to do" <<'X'
prio: 'main' and 'lonely' have no common ancestor; compare them directly with 'prio diff main lonely'
X
run_prio diff lonely lonely
expect_rc 2 "no backlog on either side exits 2"
expect_err "no backlog on either side says so" <<'X'
prio: no backlog in lonely or lonely: neither has backlog/prio.yml
X
run_prio diff lonely main
expect_rc 0 "a side without a backlog is an empty backlog"
expect_grep '^Backlog changes: 8 new$' "so every story of the other side is new"

# --- An unborn HEAD; a bare repository -------------------------------------------

new_repo
st S-1 "First"
run_prio diff --format json
expect_rc 0 "an unborn HEAD is an empty backlog"
expect_out "so the work tree's stories are new, and from is null" <<'X'
{"version":1,"kind":"prio.diff","from":null,"to":null,"stories":[{"id":"S-1","title":"First","path":"backlog/stories/S-1.md","position_from":null,"position_to":1,"rank_from":null,"rank_to":null,"status_from":null,"status_to":"ready","score_from":null,"score_to":2,"score_inputs":[],"changes":["new"],"criteria":{"added":[],"removed":[],"met":[]},"depends_on":{"added":[],"removed":[]},"criteria_total":1,"criteria_met":0,"decisions":[],"collisions":[]}]}
X
commit_all "one"
st S-2 "Second" "rank: 1"
commit_all "two"
git clone -q --bare "$REPO" "$TEST_ROOT/bare.git"
cd "$TEST_ROOT/bare.git" || exit 1
run_prio diff
expect_rc 2 "no revision in a bare repository exits 2"
expect_err "it has no work tree" <<'X'
prio: this repository is bare: there is no work tree to compare; name two revisions
X
run_prio diff HEAD~1 HEAD
expect_rc 0 "two revisions in a bare repository work"
expect_out "and compare the commits" <<'X'
Backlog changes: 1 new

#1  S-2  Second
         new at #1, ready, 1 criterion
X

# --- Markdown escaping ---------------------------------------------------------------

new_repo
commit_all "empty backlog"
st S-1 'A `tick` _under_ [link](x) & $x$ ~y~ \ back | bar' "rank: 1"
commit_all "odd title"
run_prio diff HEAD~1 HEAD --format markdown
expect_out "markdown escapes what GitHub would format" <<'X'
**Backlog changes**: 1 new

| # | Story | Change |
|--:|---|---|
| 1 | S-1 A \`tick\` \_under\_ \[link\](x) \& \$x\$ \~y\~ \\ back \| bar | new story at `#1` (ready, 1 criterion) |
X

# --- Mentions and references from story text ---------------------------------

# The markdown is posted as a PR comment: text from the PR must not ping
# people or link issues.  A WORD JOINER (U+2060, shown here as <WJ>)
# after the @ or # (inside GH-, www. and after a URL's scheme) breaks GitHub's patterns
# and reads the same; an @ or # that starts nothing is left alone.
new_repo
commit_all "empty backlog"
st S-1 "'Ping @someone about #42 at https://github.com/acme/web/issues/42 or www.example.com'" "rank: 1"
commit_all "mentions"
run_prio diff HEAD~1 HEAD --format markdown
expect_rc 0 "a diff with mentions exits 0"
wj() {
	LC_ALL=C sed 's/\xe2\x81\xa0/<WJ>/g' "$TEST_ROOT/out" >"$TEST_ROOT/out.v" &&
	    mv "$TEST_ROOT/out.v" "$TEST_ROOT/out"
}
wj
expect_out "markdown breaks @mentions, #refs and bare URLs in titles" <<'X'
**Backlog changes**: 1 new

| # | Story | Change |
|--:|---|---|
| 1 | S-1 Ping @<WJ>someone about #<WJ>42 at https:<WJ>//github.com/acme/web/issues/42 or www<WJ>.example.com | new story at `#1` (ready, 1 criterion) |
X
AC='[ ] Ask @alice-b and @acme/web-team, not a @ b.
[ ] Fixes #123, GH-7 and acme/web#9; C# 5; mail me@example.com.' \
st S-1 "'Ping'" "rank: 1"
commit_all "criteria"
run_prio diff HEAD~1 HEAD --format markdown
wj
expect_out "and in criteria; an @ or # that starts nothing stays" <<'X'
**Backlog changes**: 1 criteria change

| # | Story | Change |
|--:|---|---|
| 1 | S-1 Ping | criterion added: Ask @<WJ>alice-b and @<WJ>acme/web-team, not a @ b.<br>criterion added: Fixes #<WJ>123, GH<WJ>-7 and acme/web#<WJ>9; C# 5; mail me@<WJ>example.com.<br>criterion removed: It works. |
X

# --- The blob cache ---------------------------------------------------------------------

trace() {
	PRIO_TRACE=1 run_prio "$@"
	TRACE=$(grep '^prio: trace:' "$TEST_ROOT/err")
}

expect_trace() {
	if [ "$TRACE" = "prio: trace: diff: $1" ]; then
		ok "$2"
	else
		not_ok "$2"
		echo "#   got: $TRACE"
		echo "#  want: prio: trace: diff: $1"
	fi
}

new_repo
for i in 1 2 3 4; do st "S-$i" "Story $i" "rank: $i"; done
commit_all "four"
set_field S-2 rank 9
commit_all "S-2 down"
trace diff HEAD~1 HEAD
expect_trace "4 story files, 1 compared, 0 from the cache, 6 parsed" \
    "cold: every old story is parsed once, the changed one in full twice"
cp "$TEST_ROOT/out" "$TEST_ROOT/cold"
[ -f .git/prio/blobs.cache ] && ok "the blob cache lives in the git dir" ||
    not_ok "the blob cache lives in the git dir"
trace diff HEAD~1 HEAD
expect_trace "4 story files, 1 compared, 6 from the cache, 0 parsed" \
    "warm: nothing is read or parsed"
expect_file "$TEST_ROOT/cold" "warm output is the cold output" <"$TEST_ROOT/out"
trace diff HEAD HEAD~1
expect_trace "4 story files, 1 compared, 6 from the cache, 0 parsed" \
    "the other way round uses the same entries"
printf 'PRIOBC01 garbage' >.git/prio/blobs.cache
trace diff HEAD~1 HEAD
expect_trace "4 story files, 1 compared, 0 from the cache, 6 parsed" \
    "a damaged cache is ignored"
expect_file "$TEST_ROOT/cold" "and does no harm" <"$TEST_ROOT/out"
trace diff HEAD~1 HEAD
expect_trace "4 story files, 1 compared, 6 from the cache, 0 parsed" \
    "and is rewritten"
size=$(wc -c <.git/prio/blobs.cache)
head -c $((size - 5)) .git/prio/blobs.cache >cut && mv cut .git/prio/blobs.cache
trace diff HEAD~1 HEAD
expect_trace "4 story files, 1 compared, 0 from the cache, 6 parsed" \
    "a truncated cache is ignored"
rm -f .git/prio/blobs.cache
PRIO_NO_CACHE=1 run_prio diff HEAD~1 HEAD
[ ! -e .git/prio/blobs.cache ] && ok "PRIO_NO_CACHE=1 writes no blob cache" ||
    not_ok "PRIO_NO_CACHE=1 writes no blob cache"
expect_file "$TEST_ROOT/cold" "and gives the same diff" <"$TEST_ROOT/out"
chmod a-w .git
rm -f .git/prio/blobs.cache
unprivileged "$PRIO" diff HEAD~1 HEAD >"$TEST_ROOT/out" 2>"$TEST_ROOT/err"
RC=$?
expect_rc 0 "an unwritable git dir does not stop prio diff"
expect_file "$TEST_ROOT/cold" "and gives the same diff, unwritable" \
    <"$TEST_ROOT/out"
[ ! -e .git/prio/blobs.cache ] && ok "and writes no blob cache" ||
    not_ok "and writes no blob cache"
chmod u+w .git

done_testing
