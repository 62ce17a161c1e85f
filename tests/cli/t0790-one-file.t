#!/bin/sh
# One story, one file (issue 14): an ID that two files carry names
# neither, so every command that takes an ID refuses it, names both
# files and suggests 'prio reid'; a path to the story file works instead
# of an ID, and a path outside the story folder is refused.  list, board
# and plan count the backlog's errors as check does.  Real git is the
# oracle for "nothing changed".
. "$(dirname "$0")/lib.sh"

export PRIO_RANK_SEED=7

# st PATH ID STATUS [EXTRA]: a story with criteria at backlog/stories/PATH.
st() {
	mkdir -p "$(dirname "backlog/stories/$1")"
	{
		printf -- '---\nid: %s\ntitle: Story %s\nstatus: %s\n' "$2" "$1" "$3"
		[ -n "${4:-}" ] && printf '%s\n' "$4"
		printf -- '---\nBody.\n\n## Acceptance criteria\n\n- [x] Works.\n'
	} >"backlog/stories/$1.md"
}

# unchanged NAME: HEAD is $head_before and git status is clean.
unchanged() {
	if [ "$(git rev-parse HEAD)" = "$head_before" ] &&
	    [ -z "$(git status --porcelain)" ]; then
		ok "$1: nothing changed"
	else
		not_ok "$1: nothing changed"
		git status --porcelain | sed 's/^/#   /'
	fi
}

# Two branches minted S-19; the merge holds both files.
new_repo
st S-2 S-2 ready "rank: 1"
st S-19-a S-19 done "rank: 2"
st S-19-b S-19 done "rank: 3"
commit_all "backlog"
head_before=$(git rev-parse HEAD)
DUP="prio: S-19 names two files: backlog/stories/S-19-a.md and backlog/stories/S-19-b.md; give the path of one, or renumber one with 'prio reid'"

for cmd in "show S-19" "show S-19 --json" "move S-19 --top -m x" \
    "set S-19 owner=ada -m x" "accept S-19 -m x" "reject S-19 -m x" \
    "move S-2 --before S-19 -m x" "move S-2 --after S-19 -m x"; do
	# shellcheck disable=SC2086
	run_prio $cmd
	expect_rc 1 "$cmd: refused, exit 1"
	expect_out "$cmd: prints nothing" </dev/null
	expect_err "$cmd: names both files and 'prio reid'" <<X
$DUP
X
	unchanged "$cmd"
done
[ "$(git log --format=%s)" = "backlog" ] &&
    ok "no refusal made a commit" || not_ok "no refusal made a commit"

# Three files: all are named.
st S-19-c S-19 done "rank: 4"
git add -A && git commit -qm "third"
head_before=$(git rev-parse HEAD)
run_prio show S-19
expect_rc 1 "three files: exit 1"
expect_err "three files: all named" <<'X'
prio: S-19 names 3 files: backlog/stories/S-19-a.md, backlog/stories/S-19-b.md and backlog/stories/S-19-c.md; give the path of one, or renumber one with 'prio reid'
X
git rm -q backlog/stories/S-19-c.md && git commit -qm "not third"

# A path instead of an ID: from the top, from the current directory, or
# a file name only one story file has.
run_prio show backlog/stories/S-19-b.md
expect_rc 0 "show <path from the top> exits 0"
expect_out "show <path> shows that file's story" <<'X'
S-19  Story S-19-b

  status    done
  position  #3 of 3
  rank      3
  score     - (missing value, urgency, risk, effort: (value + urgency + risk) / effort)
  criteria  1 of 1 met
  path      backlog/stories/S-19-b.md

Body.

## Acceptance criteria

- [x] Works.
X
run_prio show ./backlog//stories/../stories/S-19-a.md --json
expect_rc 0 "a path with ./, // and .. is folded"
expect_grep '"path":"backlog/stories/S-19-a.md"' "and names that file"
cd backlog || exit 1
run_prio show stories/S-19-b.md --json
expect_grep '"path":"backlog/stories/S-19-b.md"' \
    "a path from the current directory (backlog/)"
cd stories || exit 1
run_prio show ./S-19-a.md --json
expect_grep '"path":"backlog/stories/S-19-a.md"' \
    "a path from the current directory (backlog/stories/)"
run_prio show "$REPO/backlog/stories/S-19-b.md" --json
expect_grep '"path":"backlog/stories/S-19-b.md"' "an absolute path"
cd "$REPO" || exit 1
run_prio show S-19-a.md --json
expect_grep '"path":"backlog/stories/S-19-a.md"' \
    "a file name that only one story file has"
run_prio -C backlog show stories/S-19-a.md --json
expect_grep '"path":"backlog/stories/S-19-a.md"' "-C <dir> is the current directory"

# Writes by path: exactly that file changes.
head_before=$(git rev-parse HEAD)
run_prio set backlog/stories/S-19-b.md owner=ada -m "Ada takes this one."
expect_rc 0 "set <path> exits 0"
expect_cmd() {
	_name=$1
	shift
	"$@" >"$TEST_ROOT/out" 2>&1
	expect_out "$_name"
}
expect_cmd "set <path>: the commit holds that file only" \
    git show --name-only --format=%s HEAD <<'X'
prio: set S-19 owner=ada

backlog/stories/S-19-b.md
X
expect_cmd "set <path>: git status is clean" git status --porcelain </dev/null
run_prio move backlog/stories/S-19-b.md --before backlog/stories/S-2.md \
    -m "First."
expect_rc 0 "move <path> --before <path> exits 0"
expect_cmd "move by path: that file only" \
    git show --name-only --format=%s HEAD <<'X'
prio: move S-19 to #1 (was #3)

backlog/stories/S-19-b.md
X
run_prio reject backlog/stories/S-19-a.md -m "Not done: the export fails."
expect_rc 0 "reject <path> exits 0"
expect_cmd "reject <path>: that file only" \
    git show --name-only --format=%s HEAD <<'X'
prio: reject S-19

backlog/stories/S-19-a.md
X
run_prio move S-2 --after backlog/stories/S-19-a.md -m "After the export."
expect_rc 0 "an anchor by path"
expect_cmd "the anchor by path: the moved story only" \
    git show --name-only --format=%s HEAD <<'X'
prio: move S-2 to #3 (was #2)

backlog/stories/S-2.md
X
run_prio move S-2 --after S-19 -m x
expect_rc 1 "the anchor by the shared ID is still refused"
expect_err "the anchor by the shared ID: named" <<X
$DUP
X

# reid takes the same paths: here from the story folder.
cd backlog/stories || exit 1
run_prio reid ./S-19-b.md -m "Two branches minted S-19."
cd "$REPO" || exit 1
expect_rc 0 "reid <path from the current directory> exits 0"
sed -E 's/^\[([^ ]+) [0-9a-f]{7}\]/[\1 XXXXXXX]/' "$TEST_ROOT/out" >"$TEST_ROOT/out.m"
mv "$TEST_ROOT/out.m" "$TEST_ROOT/out"
expect_out "reid renamed that file" <<'X'
[main XXXXXXX] prio: reid S-19 as S-20 (S-20-b.md)
backlog/stories/S-19-b.md -> backlog/stories/S-20-b.md
X
run_prio show S-19 --json
expect_grep '"path":"backlog/stories/S-19-a.md"' "then S-19 names one file again"

# Paths that name no story.
head_before=$(git rev-parse HEAD)
mkdir -p etc && echo SECRET >etc/passwd
for p in ../../etc/passwd /etc/passwd etc/passwd backlog/prio.yml \
    backlog/stories/../prio.yml; do
	run_prio show "$p"
	expect_rc 2 "show $p: a usage error, exit 2"
	expect_err "show $p: says where story files are" <<X
prio: '$p' is not in backlog/stories/, where the story files are; name a story by its ID or by the path of its file
X
	run_prio move "$p" --top -m x
	expect_rc 2 "move $p: exit 2"
done
rm -r etc
unchanged "paths outside the story folder"
run_prio move backlog/stories/S-404.md --top -m x
expect_rc 1 "a path in the story folder with no story: exit 1"
expect_err "says there is no such story file" <<'X'
prio: no story file backlog/stories/S-404.md in this backlog; 'prio list --all' shows them all
X
printf 'no front matter\n' >backlog/stories/S-5.md
git add -A && git commit -qm "a broken story"
head_before=$(git rev-parse HEAD)
run_prio move backlog/stories/S-5.md --top -m x
expect_rc 1 "a path to a file that is no story: exit 1"
expect_err "says it cannot be read" <<'X'
prio: backlog/stories/S-5.md cannot be read as a story: it has errors; run 'prio check' to see them
X
unchanged "a broken story by path"
git rm -q backlog/stories/S-5.md && git commit -qm "fixed"
st one/S-30-x S-30 draft
st two/S-30-x S-31 draft
git add -A && git commit -qm "same file names"
run_prio show S-30-x.md
expect_rc 1 "a file name two story files have: exit 1"
expect_err "says to give the path" <<'X'
prio: more than one story file is named 'S-30-x.md'; give its path, as 'prio check' shows it
X

# list, board and plan count errors as check does: the rules between
# stories too.
count_check() {
	run_prio check
	CHECK_ERRORS=$(sed -n 's/^prio: .* checked: \([0-9]*\) errors\{0,1\},.*/\1/p' "$TEST_ROOT/err")
}
new_repo
st S-1 S-1 ready "value: 1
urgency: 1
risk: 1
effort: 1
depends-on: [S-9]"
commit_all "a missing dependency"
count_check
[ "$CHECK_ERRORS" = 1 ] && ok "check: 1 error (missing-dependency)" ||
    not_ok "check: 1 error (missing-dependency), got '$CHECK_ERRORS'"
for cmd in list board "plan --capacity 5" rank; do
	# shellcheck disable=SC2086
	run_prio $cmd
	expect_rc 0 "$cmd with a missing dependency: exit 0"
	expect_err "$cmd: counts the missing dependency" <<'X'
prio: the backlog has 1 error; run 'prio check' to see it
X
done
st S-1-copy S-1 ready
commit_all "a duplicate"
count_check
[ "$CHECK_ERRORS" = 3 ] && ok "check: 3 errors (duplicate-id twice, missing-dependency)" ||
    not_ok "check: 3 errors, got '$CHECK_ERRORS'"
for cmd in list board "plan --capacity 5"; do
	# shellcheck disable=SC2086
	run_prio $cmd
	expect_err "$cmd: counts as check" <<'X'
prio: the backlog has 3 errors; run 'prio check' to see them
X
done
printf 'rules:\n  missing-dependency: warning\n' >backlog/prio.yml
count_check
run_prio list
expect_err "with the config's severities: a warning is not an error" <<X
prio: the backlog has $CHECK_ERRORS errors; run 'prio check' to see them
X
[ "$CHECK_ERRORS" = 2 ] && ok "check agrees: 2 errors" ||
    not_ok "check agrees: 2 errors, got '$CHECK_ERRORS'"
git checkout -q backlog/prio.yml
git rm -q backlog/stories/S-1-copy.md && git commit -qm "one S-1"
run_prio list --rev HEAD~1
expect_err "list --rev counts that commit's errors" <<'X'
prio: the backlog has 3 errors; run 'prio check --rev HEAD~1' to see them
X

done_testing
