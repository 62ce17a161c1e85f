#!/bin/sh
# Shallow and partial clones (SPEC 8.1, issue 12): in a `git clone
# --depth N` log, stats, report, diff, new and reid read the history that
# is there, starting at the shallow boundary, and say once on stderr that
# it is cut; a full clone says nothing.  In a `--filter=blob:none` clone
# a blob that was never fetched is named with the git command that
# fetches it, and exit 1.  Real git is the oracle: a full clone's `prio
# log <boundary>..HEAD` is what a shallow clone's `prio log` must print.
. "$(dirname "$0")/lib.sh"

export PRIO_TODAY=2026-11-02 PRIO_RANK_SEED=1
# A partial clone has repositoryformatversion 1, where libgit2 1.5 leaks
# (see the file): SANITIZE=1 builds must not count that against prio.
export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$PRIO_SRC/tests/cli/lsan-libgit2.supp:print_suppressions=0"
git config --global gc.auto 0

# next: the next commit's dates, one minute after the last one's.
tick=0
next() {
	tick=$((tick + 1))
	GIT_AUTHOR_DATE=$(printf '2026-11-02T%02d:%02d:00+00:00' \
	    $((8 + tick / 60)) $((tick % 60)))
	GIT_COMMITTER_DATE=$GIT_AUTHOR_DATE
	export GIT_AUTHOR_DATE GIT_COMMITTER_DATE
}

# p ARGS: prio in the source repository, which must succeed.
p() {
	next
	"$PRIO" "$@" >/dev/null || { echo "Bail out! prio $*"; exit 1; }
}

# --- The source: 80 commits of prio's own changes, two merged branches ---

SRC=$TEST_ROOT/src
mkdir -p "$SRC/backlog/stories"
cd "$SRC" || exit 1
git init -q .
git config uploadpack.allowFilter true
: >backlog/prio.yml
next
git add -A && git commit -qm "Start the backlog"
for i in 1 2 3 4 5 6 7 8; do
	p new "Story $i" --status ready --ac "It works." --field value=$i \
	    --field effort=2 --field rank=$i --commit -m "Add story $i"
done
for i in $(seq 1 25); do
	p set S-$((i % 8 + 1)) urgency=$((i % 5 + 1)) -m "Triage $i"
	p move S-$((i % 8 + 1)) --before S-$(((i + 3) % 8 + 1)) -m "Reorder $i"
done
p move S-3 --top -m "Customers ask for it"
p set S-2 value=8 -m "Worth more"
p set S-1 status=in-progress -m "Started"
next
git checkout -q -b topic
p move S-8 --top -m "Topic first"
p set S-6 value=9 -m "Topic value"
next
git checkout -q main
p set S-1 status=done -m "Finished"
next
git merge -q --no-ff topic -m "Merge branch 'topic'"
p set S-4 effort=3 -m "Bigger than thought"
p move S-2 --bottom -m "Can wait"
p set S-3 status=in-progress -m "Started S-3"
next
git checkout -q -b feature
p move S-6 --top -m "Feature first"
p set S-8 value=2 -m "Less than thought"
next
git checkout -q main
p move S-4 --to 3 -m "Sooner"
p set S-5 value=7 -m "Worth more"
p set S-7 status=in-progress -m "Started S-7"
URL=file://$SRC

# clone DIR [ARGS]: a clone of the source (every branch), and cd there.
clone() {
	_dir=$TEST_ROOT/$1
	shift
	git clone -q --no-single-branch "$@" "$URL" "$_dir" && cd "$_dir" ||
	    exit 1
}

# The note for boundary commit $1 (a full id).
note() {
	printf "prio: history is cut at the shallow clone's boundary (commit %.7s, 2026-11-02); 'git fetch --unshallow' reads the rest\n" "$1"
}

# expect_note COMMIT "name": stderr is exactly the note for COMMIT.
expect_note() {
	note "$1" >"$TEST_ROOT/note"
	expect_err "$2" <"$TEST_ROOT/note"
}

# oracle NAME ARGS: prio ARGS in the full clone, into $TEST_ROOT/NAME.
oracle() {
	_name=$1
	shift
	(cd "$TEST_ROOT/full" && "$PRIO" "$@") >"$TEST_ROOT/$_name" 2>&1
}

# --- A full clone: no note ------------------------------------------------

clone full
run_prio log
expect_rc 0 "log in a full clone exits 0"
expect_err "log in a full clone says nothing about shallowness" </dev/null
test "$(echo "$OUT" | grep -c '^commit')" -eq 70 &&
    ok "log in a full clone has every non-merge commit" ||
    not_ok "log in a full clone has every non-merge commit"
run_prio stats
expect_rc 0 "stats in a full clone exits 0"
expect_err "stats in a full clone says nothing about shallowness" </dev/null
run_prio report -o x.html
expect_rc 0 "report in a full clone exits 0"
expect_err "report in a full clone says nothing about shallowness" </dev/null

# --- --depth 5 ------------------------------------------------------------

clone d5 --depth 5
# feature's five commits reach one below main's fifth: that is where
# main's history is cut.
BOUNDARY=$(git rev-list HEAD | tail -n 1)
test "$(git rev-parse HEAD~5)" = "$BOUNDARY" &&
    grep -qx "$BOUNDARY" .git/shallow &&
    ok "--depth 5 with feature's line: HEAD~5 is the boundary" ||
    not_ok "--depth 5 with feature's line: HEAD~5 is the boundary"

run_prio log
expect_rc 0 "log in a --depth 5 clone exits 0"
expect_note "$BOUNDARY" "log says once where the history is cut"
oracle expected log "$BOUNDARY..HEAD"
expect_out "log shows the decisions of the commits after the boundary" \
    <"$TEST_ROOT/expected"
echo "$OUT" | grep '^    S-' >"$TEST_ROOT/out"
expect_out "those are the changes after the boundary" <<'X'
    S-7 status ready -> in-progress
    S-5 value 5 -> 7
    S-4 rank 6.77 -> 0.198, #7 -> #3
    S-3 status ready -> in-progress
    S-2 rank 0.163 -> 7, #3 -> #8
X

run_prio log S-4
expect_rc 0 "log <id> in a --depth 5 clone exits 0"
expect_note "$BOUNDARY" "log <id> says once where the history is cut"
oracle expected log S-4 "$BOUNDARY..HEAD"
expect_out "log <id> filters the shallow history" <"$TEST_ROOT/expected"

run_prio log --json
expect_rc 0 "log --json in a --depth 5 clone exits 0"
expect_note "$BOUNDARY" "log --json says once where the history is cut"
json_ok "log --json stays JSON: the note is on stderr"

run_prio stats
expect_rc 0 "stats in a --depth 5 clone exits 0"
expect_note "$BOUNDARY" "stats says once where the history is cut"
sed -E 's/\([0-9a-f]{7},/(XXXXXXX,/' "$TEST_ROOT/out" >"$TEST_ROOT/masked"
mv "$TEST_ROOT/masked" "$TEST_ROOT/out"
expect_out "stats reads figures from the shallow history" <<'X'
Figures from the history of HEAD (XXXXXXX, 2026-11-02)

cycle time     no stories yet
lead time      no stories yet
approval time  no stories yet
throughput     nothing accepted yet
health         8 open, 5 ready (0 without criteria), 0 unestimated,
               0 stale (unchanged for 90 days), 0 rank ties
ready work     no pace: nothing accepted in the last 6 weeks
X

run_prio report -o x.html
expect_rc 0 "report in a --depth 5 clone exits 0"
expect_note "$BOUNDARY" "report says once where the history is cut"
expect_out "report writes the page and prints nothing" </dev/null
grep -q '</html>' x.html && ok "report wrote the page" ||
    not_ok "report wrote the page"

run_prio diff HEAD~1..HEAD
expect_rc 0 "diff HEAD~1..HEAD in a --depth 5 clone exits 0"
expect_err "diff of two present commits needs no note" </dev/null
oracle expected diff HEAD~1..HEAD
expect_out "diff HEAD~1..HEAD as in a full clone" <"$TEST_ROOT/expected"

run_prio diff main...origin/feature
expect_rc 0 "diff main...feature in a --depth 5 clone exits 0"
expect_err "the merge base is in the clone: no note" </dev/null
oracle expected diff main...origin/feature
expect_out "diff main...feature as in a full clone" <"$TEST_ROOT/expected"

run_prio diff HEAD~7..HEAD
expect_rc 2 "a revision beyond the boundary exits 2"
expect_err "it says the clone is shallow and what reads the rest" <<'X'
prio: unknown revision 'HEAD~7'; name a commit, branch or tag; this clone is shallow and may not have it: 'git fetch --unshallow' reads the history before its boundary
X

run_prio log HEAD~7..HEAD
expect_rc 2 "log of a range beyond the boundary exits 2"
expect_err "log says the clone is shallow" <<'X'
prio: unknown revision or range 'HEAD~7..HEAD'; name a commit, branch or tag, or a range such as main..feature; this clone is shallow and may not have it: 'git fetch --unshallow' reads the history before its boundary
X

run_prio new "Story nine"
expect_rc 0 "new in a --depth 5 clone exits 0"
expect_out "new takes the next free ID" <<'X'
backlog/stories/S-9-story-nine.md
X
expect_err "new reads no history: no note" </dev/null
rm backlog/stories/S-9-story-nine.md x.html

# reid: two stories minted S-9, and S-2 depends on the first one, from
# before the second one came: the walk to learn that reaches the boundary.
twin() {
	printf -- '---\nid: S-9\ntitle: Twin %s\nstatus: draft\n---\n' "$1" \
	    >"backlog/stories/S-9-twin-$1.md"
}
twin b
sed 's/^rank:/depends-on: [S-9]\nrank:/' backlog/stories/S-2-story-2.md \
    >"$TEST_ROOT/s2" && cat "$TEST_ROOT/s2" >backlog/stories/S-2-story-2.md
next
git add -A && git commit -qm "Twin b, and S-2 needs it"
twin a
next
git add -A && git commit -qm "Twin a"
run_prio reid backlog/stories/S-9-twin-b.md -m "Both minted S-9."
expect_rc 0 "reid in a --depth 5 clone exits 0"
expect_note "$BOUNDARY" "reid says once where the history is cut"
echo "$OUT" | sed -E 's/^\[main [0-9a-f]{7}\]/[main XXXXXXX]/' \
    >"$TEST_ROOT/out"
expect_out "reid renames the twin and the dependency follows it" <<'X'
[main XXXXXXX] prio: reid S-9 as S-10 (S-10-twin-b.md, 1 depends-on rewritten)
backlog/stories/S-9-twin-b.md -> backlog/stories/S-10-twin-b.md
X
grep -q 'depends-on: \[S-10\]' backlog/stories/S-2-story-2.md &&
    ok "S-2 now depends on S-10" || not_ok "S-2 now depends on S-10"

# --- --depth 1 ------------------------------------------------------------

clone d1 --depth 1
TIP=$(git rev-parse HEAD)
run_prio log
expect_rc 0 "log in a --depth 1 clone exits 0"
expect_out "the only commit is the boundary: no decision" </dev/null
expect_note "$TIP" "log in a --depth 1 clone says the history is cut"

run_prio log S-1
expect_rc 0 "log <id> in a --depth 1 clone exits 0"
expect_out "log <id> has no decision either" </dev/null
expect_note "$TIP" "log <id> knows the story and says the history is cut"

run_prio stats --json
expect_rc 0 "stats in a --depth 1 clone exits 0"
expect_note "$TIP" "stats in a --depth 1 clone says the history is cut"
json_ok "stats --json in a --depth 1 clone is JSON"

run_prio report -o x.html
expect_rc 0 "report in a --depth 1 clone exits 0"
expect_note "$TIP" "report in a --depth 1 clone says the history is cut"

run_prio diff HEAD~1..HEAD
expect_rc 2 "diff HEAD~1..HEAD in a --depth 1 clone exits 2"
expect_err "HEAD~1 is beyond the boundary, and prio says so" <<'X'
prio: unknown revision 'HEAD~1'; name a commit, branch or tag; this clone is shallow and may not have it: 'git fetch --unshallow' reads the history before its boundary
X

run_prio diff main...origin/feature
expect_rc 2 "diff main...feature without their merge base exits 2"
printf "prio: 'main' and 'origin/feature' have no common ancestor in this shallow clone: its history is cut at commit %.7s; 'git fetch --unshallow' reads the rest, or compare them directly with 'prio diff main origin/feature'\n" "$TIP" \
    >"$TEST_ROOT/note"
expect_err "diff main...feature says the boundary hides the merge base" \
    <"$TEST_ROOT/note"

run_prio diff main origin/feature
expect_rc 0 "diff of two tips needs no history"
oracle expected diff main origin/feature
# The decisions behind the boundary are not in the clone: the full
# clone's lines less their "why" of a commit the clone lacks.
while IFS= read -r _l; do
	case $_l in
	*"why ("*) _c=${_l#*why (}; _c=${_c%%,*}
		git cat-file -e "$_c^{commit}" 2>/dev/null || continue ;;
	esac
	printf '%s\n' "$_l"
done <"$TEST_ROOT/expected" >"$TEST_ROOT/expected.cut"
expect_out "diff main feature as in a full clone, less the decisions behind the boundary" <"$TEST_ROOT/expected.cut"

run_prio new "Story nine"
expect_rc 0 "new in a --depth 1 clone exits 0"
expect_out "new in a --depth 1 clone takes the next free ID" <<'X'
backlog/stories/S-9-story-nine.md
X
rm backlog/stories/S-9-story-nine.md x.html

twin a
next
git add -A && git commit -qm "Twin a"
twin b
next
git add -A && git commit -qm "Twin b"
run_prio reid S-9 -m "Both minted S-9."
expect_rc 0 "reid by ID in a --depth 1 clone exits 0"
expect_note "$TIP" "reid in a --depth 1 clone says the history is cut"
echo "$OUT" | sed -E 's/^\[main [0-9a-f]{7}\]/[main XXXXXXX]/' \
    >"$TEST_ROOT/out"
expect_out "reid renames the newcomer, as its first-parent walk says" <<'X'
[main XXXXXXX] prio: reid S-9 as S-10 (S-10-twin-b.md)
backlog/stories/S-9-twin-b.md -> backlog/stories/S-10-twin-b.md
X

# --- --depth 50 -----------------------------------------------------------

clone d50 --depth 50
BOUNDARY=$(git rev-list HEAD | tail -n 1)
run_prio log
expect_rc 0 "log in a --depth 50 clone exits 0"
expect_note "$BOUNDARY" "log in a --depth 50 clone says the history is cut"
oracle expected log "$BOUNDARY..HEAD"
expect_out "log in a --depth 50 clone: every commit after the boundary" \
    <"$TEST_ROOT/expected"
run_prio stats
expect_rc 0 "stats in a --depth 50 clone exits 0"
expect_note "$BOUNDARY" "stats in a --depth 50 clone says it once"
run_prio report -o x.html
expect_rc 0 "report in a --depth 50 clone exits 0"
expect_note "$BOUNDARY" "report in a --depth 50 clone says it once"
run_prio diff main...origin/feature
expect_rc 0 "diff main...feature in a --depth 50 clone exits 0"
oracle expected diff main...origin/feature
expect_out "diff main...feature in a --depth 50 clone as in a full one" \
    <"$TEST_ROOT/expected"

# A walk that stays above the boundary reads whole history: no note.
run_prio log HEAD~3..HEAD
expect_rc 0 "log of a range above the boundary exits 0"
expect_err "a range above the boundary is not cut: no note" </dev/null

# A linked worktree reads the boundary from the common git directory.
git worktree add -q --detach "$TEST_ROOT/wt50" HEAD
cd "$TEST_ROOT/wt50" || exit 1
run_prio log
expect_rc 0 "log in a worktree of a shallow clone exits 0"
expect_note "$BOUNDARY" "log in a worktree says where the history is cut"
oracle expected log "$BOUNDARY..HEAD"
expect_out "log in a worktree reads the same history" <"$TEST_ROOT/expected"

# --- A partial clone: blobs fetched on demand -----------------------------

clone partial --filter=blob:none
# expect_missing "name": stderr is exactly one missing-blob message, and
# the blob it names is that file at that commit, and not in the clone.
expect_missing() {
	_b=$(sed -n 's/^prio: blob \([0-9a-f]\{40\}\) .*/\1/p' "$TEST_ROOT/err")
	_p=$(sed -n 's/^prio: blob [0-9a-f]* (\([^ ]*\) at commit .*/\1/p' \
	    "$TEST_ROOT/err")
	_c=$(sed -n 's/.* at commit \([0-9a-f]\{7\}\)) .*/\1/p' "$TEST_ROOT/err")
	printf "prio: blob %s (%s at commit %s) is not in this partial clone yet; 'git cat-file -e %s' fetches it, 'git log -p --all -- backlog >/dev/null' every version of the backlog\n" \
	    "$_b" "$_p" "$_c" "$_b" >"$TEST_ROOT/expected"
	expect_err "$1" <"$TEST_ROOT/expected"
	if [ -n "$_b" ] && [ "$(git rev-parse "$_c:$_p")" = "$_b" ] &&
	    git rev-list --objects --missing=print --all | grep -qx "?$_b"
	then
		ok "$1: that blob is $_p at $_c, and missing"
	else
		not_ok "$1: that blob is $_p at $_c, and missing"
	fi
}

COMMIT=$(git log --format=%H --grep='^Started$' -n 1)
run_prio diff "$COMMIT~1..$COMMIT"
expect_rc 1 "diff over a missing blob exits 1: the user can fetch it"
expect_missing "diff names the blob, the file, the commit and the fetch"
run_prio log
expect_rc 1 "log in a partial clone exits 1"
expect_missing "log names the first blob it lacks"
run_prio log S-1
expect_rc 1 "log <id> in a partial clone exits 1"
expect_missing "log <id> names the first blob it lacks"
run_prio stats
expect_rc 1 "stats in a partial clone exits 1"
expect_missing "stats names the first blob it lacks"
run_prio report -o x.html
expect_rc 1 "report in a partial clone exits 1"
expect_missing "report names the first blob it lacks"
test ! -e x.html && ok "report wrote nothing" || not_ok "report wrote nothing"
# A --rev read: the first story file (by path) whose blob is missing is
# named, with how many more are; git ls-tree and rev-list are the oracle.
git rev-list --objects --missing=print --all | sed -n 's/^?//p' \
    >"$TEST_ROOT/missing"
git ls-tree -r "$COMMIT" backlog/stories | while read -r _ _ b p; do
	grep -qx "$b" "$TEST_ROOT/missing" && echo "$b $p"
done >"$TEST_ROOT/lacks"
read -r BLOB FILE <"$TEST_ROOT/lacks"
MORE=$(($(wc -l <"$TEST_ROOT/lacks") - 1))
test "$MORE" -gt 0 && ok "several story files at that commit are missing" ||
    not_ok "several story files at that commit are missing"
printf "prio: blob %s (%s) is not in this partial clone yet; 'git cat-file -e %s' fetches it, 'git log -p --all -- backlog >/dev/null' every version of the backlog (%s more story files are missing too)\n" \
    "$BLOB" "$FILE" "$BLOB" "$MORE" >"$TEST_ROOT/expected"
for cmd in list check show board; do
	case $cmd in show) set -- S-1 ;; *) set -- ;; esac
	run_prio $cmd "$@" --rev "$COMMIT"
	expect_rc 1 "$cmd --rev over missing blobs exits 1"
	expect_err "$cmd --rev names the first missing blob and the count" \
	    <"$TEST_ROOT/expected"
	expect_out "$cmd --rev shows no backlog with holes" </dev/null
done

# --filter=tree:0 leaves trees behind too: the same message names one.
(
	clone trees --filter=tree:0
	# (git rev-parse HEAD~3^{tree} would fetch the tree.)
	TREE=$(git log -1 --format=%T HEAD~3)
	run_prio list --rev HEAD~3
	expect_rc 1 "list --rev over a missing tree exits 1"
	cat >"$TEST_ROOT/expected" <<X
prio: tree $TREE (the root folder of HEAD~3) is not in this partial clone yet; 'git cat-file -e $TREE' fetches it, 'git log -p --all -- backlog >/dev/null' every version of the backlog
X
	expect_err "list --rev names the missing tree" <"$TEST_ROOT/expected"
	run_prio diff HEAD~3..HEAD
	expect_rc 1 "diff over a missing tree exits 1"
	expect_err "diff names the missing tree" <"$TEST_ROOT/expected"
	git cat-file -e "$TREE"
	run_prio list --rev HEAD~3
	grep -q "$TREE" "$TEST_ROOT/err" &&
	    not_ok "after 'git cat-file -e <tree>' that tree is here" ||
	    ok "after 'git cat-file -e <tree>' that tree is here"
	git log -p --all -- backlog >/dev/null
	run_prio list --rev HEAD~3
	expect_rc 0 "after 'git log -p --all -- backlog' list --rev exits 0"
	oracle expected list --rev HEAD~3
	expect_out "and lists what a full clone does" <"$TEST_ROOT/expected"
	echo "$_n" >"$TEST_ROOT/n"
)
_n=$(cat "$TEST_ROOT/n")

# The commands the message gives do fetch.
git cat-file -e "$BLOB"
git rev-list --objects --missing=print HEAD | grep -qx "?$BLOB" &&
    not_ok "'git cat-file -e' fetched the blob" ||
    ok "'git cat-file -e' fetched the blob"
git log -p --all -- backlog >/dev/null
run_prio log
expect_rc 0 "after 'git log -p --all -- backlog' log exits 0"
oracle expected log
expect_out "and prints what a full clone does" <"$TEST_ROOT/expected"
expect_err "a partial clone that is not shallow has no note" </dev/null

done_testing
