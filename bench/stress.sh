#!/bin/sh
# bench/stress.sh — the big stress cases of issue 7, timed.  Run it with
# `make bench-stress`; tests/cli/t0960-stress.t runs smaller versions in
# `make check`.
#
#   - a 100,000-story backlog: list (warm, cold), check, show, rank
#     --by score, move;
#   - a dependency chain 100,000 deep: check, and check with the chain
#     closed into one cycle;
#   - 100,000 stories each closing a cycle through all before it: check
#     (the output must stay linear: one bounded line per cycle);
#   - a story with 10,000 criteria: list, show, check, set;
#   - 1,000 stories with 200-digit fraction ranks: list, move between;
#   - WRITERS processes (default 64) each setting a different story of a
#     2,000-story backlog at once, retrying while another holds git's
#     lock: every commit lands, history stays linear, fsck is clean.
#
# Prints the median of BENCH_RUNS runs (default 3) per command and
# peak memory; exits 1 if a case breaks (a wrong result, a crash, or a
# run over its time limit), 0 otherwise.
set -u
: "${PRIO:?set PRIO to the prio binary}"
: "${BENCH_BIN:?set BENCH_BIN to the directory of gen and measure}"
RUNS=${BENCH_RUNS:-3}
WRITERS=${WRITERS:-64}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/prio-stress.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
trap 'exit 1' HUP INT TERM
export GIT_CONFIG_NOSYSTEM=1 HOME=$WORK/home NO_COLOR=1 LC_ALL=C
unset GIT_DIR GIT_WORK_TREE
mkdir -p "$HOME"
git config --global user.name Tester
git config --global user.email tester@example.com
git config --global init.defaultBranch main
fail=0

# time_it NAME CODES ARGS...: the median of RUNS runs of prio ARGS in
# the current directory (exit codes in CODES are success).
time_it() {
	name=$1 codes=$2
	shift 2
	r=$("$BENCH_BIN/measure" -w 1 -e "$codes" "$RUNS" -- \
	    timeout 300 "$PRIO" "$@") || {
		echo "FAIL  $name"
		fail=1
		return
	}
	printf '%-52s %s\n' "$name" "$r"
}

# repo DIR: a fresh repository with an empty backlog, cwd = DIR.
repo() {
	rm -rf "$1"
	mkdir -p "$1/backlog/stories"
	git init -q "$1"
	: >"$1/backlog/prio.yml"
	cd "$1" || exit 2
}

# repo_gen DIR N SEED: a fresh repository holding bench/gen's backlog
# of N stories, committed; cwd = DIR.
repo_gen() {
	rm -rf "$1"
	"$BENCH_BIN/gen" "$1" "$2" "$3" >/dev/null || exit 2
	git init -q "$1"
	cd "$1" || exit 2
	git add -A && git commit -qm base
}

# stories N EXTRA: as in t0960: N draft stories; EXTRA is awk for x.
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

echo "== 100,000 stories (bench/gen)"
repo_gen "$WORK/big" 100000 1
top=$("$PRIO" list | awk 'NR == 2 { print $2 }')
mid=$("$PRIO" list | awk 'NR == 5001 { print $2 }')
time_it "list (warm cache)" 0 list
export PRIO_NO_CACHE=1
time_it "list (cold: every file parsed)" 0 list
unset PRIO_NO_CACHE
time_it "check" 0,1 check
time_it "show $top" 0 show "$top"
time_it "rank --by score" 0 rank --by score
time_it "move $mid --top --no-commit" 0 move "$mid" --top --no-commit
git checkout -q -- .
t0=$(date +%s%N)
"$PRIO" move "$mid" --top -m "stress" >/dev/null 2>&1 || {
	echo "FAIL  move with a commit"; fail=1; }
t1=$(date +%s%N)
printf '%-52s %s\n' "move $mid --top (one run, committed)" \
    "ms=$(((t1 - t0) / 1000000))"

echo "== a dependency chain 100,000 deep"
repo "$WORK/chain"
stories 100000 'x = i > 1 ? "depends-on: [S-" i - 1 "]\n" : ""'
time_it "check (no cycle)" 0 check
sed -i 's/^status: draft$/status: draft\ndepends-on: [S-100000]/' \
    backlog/stories/S-1.md
time_it "check (one cycle of 100,000)" 1 check
n=$("$PRIO" check 2>/dev/null | grep -c dependency-cycle)
[ "$n" = 1 ] || { echo "FAIL  the cycle: $n reports"; fail=1; }

echo "== 100,000 stories, each closing a cycle through all before it"
repo "$WORK/cycles"
stories 100000 'x = i < 100000 ? "depends-on: [S-" i + 1 ", S-1]\n" : \
    "depends-on: [S-1]\n"'
time_it "check (100,000 cycles)" 1 check
"$PRIO" check >"$WORK/cycles.out" 2>/dev/null
printf '%-52s %s\n' "  its output" "$(wc -c <"$WORK/cycles.out") bytes, $(grep -c dependency-cycle "$WORK/cycles.out") cycles"

echo "== a story with 10,000 criteria"
repo "$WORK/criteria"
{
	printf -- '---\nid: S-1\ntitle: Many criteria\nstatus: ready\n'
	printf 'value: 1\nurgency: 1\nrisk: 1\neffort: 1\n---\n'
	printf '## Acceptance criteria\n\n'
	awk 'BEGIN { for (i = 1; i <= 10000; i++)
	    printf "- [%s] Criterion %d holds.\n", i % 3 ? " " : "x", i }'
} >backlog/stories/S-1.md
git add -A && git commit -qm base
time_it "list" 0 list
time_it "show S-1" 0 show S-1
time_it "check" 0 check
time_it "set S-1 owner=ada --no-commit" 0 set S-1 owner=ada --no-commit

echo "== 1,000 stories with 200-digit fraction ranks"
repo "$WORK/digits"
stories 1000 'x = sprintf("rank: 1.%0196d%04d\n", 0, i)'
# (rank 1.000...0iiii: 200 fraction digits, all distinct.)
git add -A && git commit -qm base
time_it "list" 0 list
time_it "check" 0,1 check
time_it "move S-1000 --after S-1 --no-commit" 0 move S-1000 --after S-1 --no-commit

echo "== $WRITERS writers at once on 2,000 stories"
repo_gen "$WORK/writers" 2000 3
ids=$("$PRIO" list | awk 'NR > 1 { print $2 }' | head -n "$WRITERS")
t0=$(date +%s%N)
for id in $ids; do
	(
		try=0
		while [ $try -lt 100 ]; do
			"$PRIO" set "$id" owner=writer -m "writer $id" \
			    >/dev/null 2>"$WORK/err.$id" && exit 0
			grep -q "lock' exists\|\.lock' exists" "$WORK/err.$id" ||
			    exit 1
			try=$((try + 1))
			echo >>"$WORK/retries"
		done
		exit 1
	) &
done
wait
t1=$(date +%s%N)
landed=$(($(git rev-list --count HEAD) - 1))
retries=$(cat "$WORK/retries" 2>/dev/null | wc -l)
printf '%-52s %s\n' "$WRITERS writers" "ms=$(((t1 - t0) / 1000000)) commits=$landed retries=$retries"
lost=0
for id in $ids; do
	git log --format=%s -1 -- "$(git ls-files "backlog/stories/$id-*")" |
	    grep -qx "prio: set $id owner=writer" || lost=$((lost + 1))
done
[ "$landed" -eq "$WRITERS" ] && [ $lost -eq 0 ] ||
    { echo "FAIL  writers: $landed commits, $lost changes lost"; fail=1; }
[ -z "$(git status --porcelain)" ] || { echo "FAIL  writers: status"; fail=1; }
git fsck --no-progress >/dev/null 2>&1 || { echo "FAIL  writers: fsck"; fail=1; }
[ "$(git log --format=%p | awk 'NF > 1' | wc -l)" -eq 0 ] ||
    { echo "FAIL  writers: merges"; fail=1; }

[ $fail -eq 0 ] && echo "stress: every case passed" ||
    { echo "stress: some cases failed"; exit 1; }
