#!/bin/sh
# Stress (issue 7): many writers at once lose no commit; a story with
# 10,000 criteria; a dependency chain 10,000 deep, and cycles through
# all of a backlog; ranks with 200 fraction digits.  `make bench-stress`
# runs the big versions (100,000 stories, a chain 100,000 deep) and
# prints the times.  Each run here is under a timeout, so deep recursion
# (a crash) or quadratic time (a hang) fails.
. "$(dirname "$0")/lib.sh"

# tprio ARGS: prio under a timeout; keeps $OUT, $ERR, $RC.
tprio() {
	timeout "${PRIO_TEST_TIMEOUT:-60}" "$PRIO" "$@" >"$TEST_ROOT/out" \
	    2>"$TEST_ROOT/err"
	RC=$?
	OUT=$(cat "$TEST_ROOT/out")
	ERR=$(cat "$TEST_ROOT/err")
}

# stories N [EXTRA]: N draft stories S-1..S-N; EXTRA is an awk
# expression for story i's extra front-matter lines ("" for none).
stories() {
	awk -v n="$1" 'BEGIN {
		for (i = 1; i <= n; i++) {
			f = "backlog/stories/S-" i ".md"
			printf "---\nid: S-%d\ntitle: Story %d\nstatus: draft\n",
			    i, i > f
			'"${2:-x = \"\"}"'
			printf "%s", x > f
			printf "---\nText.\n" > f
			close(f)
		}
	}'
}

# --- Many writers at once: 16 processes, 16 stories, each retrying
# while another holds the lock.  Every one lands; nothing is lost.
new_repo
stories 16 'x = "rank: " i "\n"'
commit_all base
i=1
while [ $i -le 16 ]; do
	(
		try=0
		while [ $try -lt 20 ]; do
			"$PRIO" set "S-$i" "owner=writer-$i" -m "writer $i" \
			    >/dev/null 2>"$TEST_ROOT/err.$i" && exit 0
			grep -q "index.lock' exists\|main.lock' exists" \
			    "$TEST_ROOT/err.$i" || exit 1
			try=$((try + 1))
		done
		exit 1
	) &
	i=$((i + 1))
done
wait
[ "$(git rev-list --count HEAD)" = 17 ] &&
    ok "16 writers at once: 16 commits on the base" ||
    not_ok "16 writers at once: 16 commits on the base"
i=1
lost=""
while [ $i -le 16 ]; do
	git show HEAD:backlog/stories/S-$i.md | grep -qx "owner: writer-$i" ||
	    lost="$lost S-$i"
	[ "$(git log --format=%s -- backlog/stories/S-$i.md | head -n 1)" = \
	    "prio: set S-$i owner=writer-$i" ] || lost="$lost S-$i"
	i=$((i + 1))
done
[ -z "$lost" ] && ok "16 writers at once: every change committed" ||
    { not_ok "16 writers at once: every change committed"; echo "#  $lost"; }
[ -z "$(git status --porcelain)" ] && ok "16 writers at once: status clean" ||
    not_ok "16 writers at once: status clean"
git fsck --no-progress >/dev/null 2>&1 && ok "16 writers at once: fsck clean" ||
    not_ok "16 writers at once: fsck clean"
[ "$(git log --format=%p | awk 'NF > 1' | wc -l)" -eq 0 ] &&
    ok "16 writers at once: history stays linear" ||
    not_ok "16 writers at once: history stays linear"

# --- A story with 10,000 criteria, a third of them met.
new_repo
{
	printf -- '---\nid: S-1\ntitle: Many criteria\nstatus: ready\n'
	printf 'value: 1\nurgency: 1\nrisk: 1\neffort: 1\n---\n'
	printf '## Acceptance criteria\n\n'
	awk 'BEGIN { for (i = 1; i <= 10000; i++)
	    printf "- [%s] Criterion %d holds.\n", i % 3 ? " " : "x", i }'
} >backlog/stories/S-1.md
commit_all
tprio list --json
expect_rc 0 "10,000 criteria: list"
expect_grep '"criteria":\{"total":10000,"met":3333\}' \
    "10,000 criteria: all counted"
tprio check
expect_rc 0 "10,000 criteria: check"
tprio show S-1
expect_rc 0 "10,000 criteria: show"
[ "$(grep -c 'Criterion' "$TEST_ROOT/out")" = 10000 ] &&
    ok "10,000 criteria: show prints them all" ||
    not_ok "10,000 criteria: show prints them all"
# body FILE: what follows the front matter.
body() {
	awk 'n >= 2; /^---$/ { n++ }' "$1"
}
body backlog/stories/S-1.md >"$TEST_ROOT/body.before"
tprio set S-1 owner=ada -m "an owner"
expect_rc 0 "10,000 criteria: set"
body backlog/stories/S-1.md | cmp -s - "$TEST_ROOT/body.before" &&
    ok "10,000 criteria: the body is unchanged" ||
    not_ok "10,000 criteria: the body is unchanged"

# --- A dependency chain 5,000 deep: S-i depends on S-(i-1).  (check
# reads the work tree: no commit needed.)
new_repo
stories 5000 'x = i > 1 ? "depends-on: [S-" i - 1 "]\n" : ""'
tprio check
expect_rc 0 "a chain 5,000 deep: check"
expect_err "a chain 5,000 deep: no problems" <<'X'
prio: 5000 stories checked, no problems
X
# Closed into one cycle of 5,000: one error, the cycle shortened.
sed -i 's/^status: draft$/status: draft\ndepends-on: [S-5000]/' \
    backlog/stories/S-1.md
tprio check
expect_rc 1 "a cycle of 5,000: check fails"
expect_out "a cycle of 5,000: one error, shortened" <<'X'
backlog/stories/S-2.md:5:13: error: dependency cycle: S-1 -> S-5000 -> S-4999 -> S-4998 -> S-4997 -> ... 4990 more ... -> S-6 -> S-5 -> S-4 -> S-3 -> S-2 -> S-1; remove one of these dependencies [dependency-cycle]
X

# Every story closes a cycle through all those before it: 1,000
# cycles, each printed in a bounded line (printed whole they would be
# 5 MB; at 100,000 stories, 50 GB).
new_repo
stories 1000 'x = i < 1000 ? "depends-on: [S-" i + 1 ", S-1]\n" : \
    "depends-on: [S-1]\n"'
tprio check
expect_rc 1 "1,000 cycles through everything: check fails"
[ "$(grep -c 'dependency-cycle' "$TEST_ROOT/out")" = 1000 ] &&
    ok "1,000 cycles through everything: each reported" ||
    not_ok "1,000 cycles through everything: each reported"
[ "$(wc -c <"$TEST_ROOT/out")" -lt 300000 ] &&
    ok "1,000 cycles through everything: output stays linear" ||
    not_ok "1,000 cycles through everything: output stays linear"

# --- Ranks with 200 fraction digits.
new_repo
Z199=$(printf '%0199d' 0)
R1=1.${Z199}1
R2=1.${Z199}2
R3=1.0${Z199}5
stories 3 'x = ""'
sed -i "s/^status: draft\$/status: draft\nrank: $R1/" backlog/stories/S-1.md
sed -i "s/^status: draft\$/status: draft\nrank: $R2/" backlog/stories/S-2.md
sed -i "s/^status: draft\$/status: draft\nrank: $R3/" backlog/stories/S-3.md
good_story S-4 "rank: 2"
commit_all
tprio list
expect_out "200 fraction digits: listed in exact order" <<'X'
#  ID   STATUS  SCORE  TITLE
1  S-3  draft       -  Story 3
2  S-1  draft       -  Story 1
3  S-2  draft       -  Story 2
4  S-4  ready    2.00  Story S-4
X
PRIO_RANK_SEED=7 tprio move S-4 --after S-1 -m "between long ranks"
expect_rc 0 "200 fraction digits: move between two"
new=$(sed -n 's/^rank: //p' backlog/stories/S-4.md)
awk -v r="$new" -v lo="$R1" -v hi="$R2" 'BEGIN {
	f = length(r) - 2
	exit !((r "") > (lo "") && (r "") < (hi "") && f > 200 && f <= 203)
}' && ok "200 fraction digits: the new rank is strictly between, short" ||
    { not_ok "200 fraction digits: the new rank is strictly between, short"
      echo "#   $new"; }
tprio list
expect_out "200 fraction digits: the moved story sits between" <<'X'
#  ID   STATUS  SCORE  TITLE
1  S-3  draft       -  Story 3
2  S-1  draft       -  Story 1
3  S-4  ready    2.00  Story S-4
4  S-2  draft       -  Story 2
X
tprio check
expect_rc 0 "200 fraction digits: check"

done_testing
