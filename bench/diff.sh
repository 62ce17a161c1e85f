#!/bin/sh
# bench/diff.sh — how fast `prio diff` compares two commits of a large
# backlog (issue 3).  Run it with `make bench-diff`.
#
# It generates a backlog (bench/gen, 10,000 stories by default), commits
# it, then commits a change to exactly 100 stories (S-97, S-194, ...
# S-9700): a third get a new rank near the top, a third a new status, a
# third a new value (so a new score).  It then times, with bench/measure,
#
#   prio diff A B --format json    warm: the blob cache in .git/prio is
#                                  filled (by the warm-up run)
#   prio diff A B --format json    cold: the cache file is removed before
#                                  each run, so every story of A is read
#                                  and parsed, and the cache written (what
#                                  a fresh CI checkout sees)
#   git diff --stat A B            the reference
#
# one run of each in turn, so that a change in the machine's load falls
# on all three alike, and prints the medians and the ratios to git (the
# target: warm within 2x).  Like run.sh it is a report: it exits 0
# whether the target passes or not, non-zero only when it cannot run.
#
# Environment:
#   PRIO             the prio binary (required)
#   BENCH_BIN        the directory holding gen and measure (required)
#   BENCH_DIFF_SIZE  stories in the backlog, default 10000 (at least 9700)
#   BENCH_RUNS       measured runs per command, default 11 (plus a warm-up)
#   BENCH_SEED       the generator's seed, default 1
#   BENCH_OUT        where backlogs are kept, default bench/out; the
#                    repository <BENCH_OUT>/diff-<size> is reused when it
#                    exists (delete it to regenerate)

# The printf formats are fixed strings kept in variables.
# shellcheck disable=SC2059

set -eu

: "${PRIO:?set PRIO to the prio binary}"
: "${BENCH_BIN:?set BENCH_BIN to the directory of gen and measure}"
size=${BENCH_DIFF_SIZE:-10000}
runs=${BENCH_RUNS:-11}
seed=${BENCH_SEED:-1}
here=$(cd "$(dirname "$0")" && pwd)
out=${BENCH_OUT:-$here/out}
dir=$out/diff-$size
T_RATIO=2	# warm prio diff <= 2x git diff --stat

for b in gen measure; do
	if [ ! -x "$BENCH_BIN/$b" ]; then
		echo "diff.sh: $BENCH_BIN/$b is missing; run 'make bench-diff'" >&2
		exit 2
	fi
done
if [ ! -x "$PRIO" ]; then
	echo "diff.sh: PRIO=$PRIO is not an executable" >&2
	exit 2
fi
if [ "$size" -lt 9700 ]; then
	echo "diff.sh: BENCH_DIFF_SIZE must be at least 9700" >&2
	exit 2
fi

git_c() {
	_d=$1
	shift
	git -C "$_d" -c user.name=bench -c user.email=bench@example.com \
	    -c commit.gpgsign=false "$@"
}

# change_story <file> <k>: story k of 100 gets a new rank, status or value.
change_story() {
	awk -v k="$2" '
	BEGIN { kind = k % 3; fm = 0 }
	/^---$/ { fm++ }
	fm == 1 && kind == 0 && /^rank: / { next }
	fm == 1 && kind == 0 && /^status: / {
		print; printf "rank: 0.%03d1\n", k; next
	}
	fm == 1 && kind == 1 && /^status: / {
		print ($2 == "ready" ? "status: in-progress" : "status: ready")
		next
	}
	fm == 1 && kind == 2 && /^value: / {
		print ($2 == "10" ? "value: 9" : "value: 10"); next
	}
	{ print }' "$1" >"$1.tmp"
	mv "$1.tmp" "$1"
}

# prepare: a repository whose commits diff-a and diff-b differ in exactly
# 100 story files.  Built under a temporary name and renamed when
# complete, so an interrupted run never leaves one that looks reusable.
prepare() {
	if git -C "$dir" rev-parse -q --verify diff-b >/dev/null 2>&1; then
		return 0
	fi
	echo "generating $size stories and a 100-story change in $dir ..." >&2
	rm -rf "$dir" "$dir.tmp"
	mkdir -p "$out"
	"$BENCH_BIN/gen" "$dir.tmp" "$size" "$seed"
	git -C "$dir.tmp" init -q
	git -C "$dir.tmp" add -A
	git_c "$dir.tmp" commit -q -m "bench: $size stories (seed $seed)"
	git -C "$dir.tmp" tag diff-a
	k=1
	while [ "$k" -le 100 ]; do
		for f in "$dir.tmp/backlog/stories/S-$((k * 97))"-*.md; do
			change_story "$f" "$k"
		done
		k=$((k + 1))
	done
	git -C "$dir.tmp" add -A
	git_c "$dir.tmp" commit -q -m "bench: change 100 stories"
	git -C "$dir.tmp" tag diff-b
	mv "$dir.tmp" "$dir"
}

# once <cmd...>: one run's wall time in ms, or ERR (the reason on stderr).
once() {
	if line=$("$BENCH_BIN/measure" 1 -- "$@"); then
		echo "$line" | sed -n 's/.*median_ms=\([^ ]*\).*/\1/p'
	else
		echo ERR
	fi
}

median() {
	sort -n | awk '{ v[NR] = $1 } END {
		if (NR == 0) { print "ERR"; exit }
		if (NR % 2) print v[(NR + 1) / 2];
		else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

ratio() {
	case "$1$2" in
	*ERR*) echo - ;;
	*) awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b / a }' ;;
	esac
}

verdict() {
	case $1 in
	-) echo n/a ;;
	*) awk -v v="$1" -v l="$T_RATIO" \
	    'BEGIN { print (v <= l) ? "PASS" : "FAIL" }' ;;
	esac
}

prepare
changed=$(git -C "$dir" diff --name-only diff-a diff-b | wc -l)
if [ "$changed" -ne 100 ]; then
	echo "diff.sh: diff-a and diff-b differ in $changed files, not 100;" \
	    "delete $dir" >&2
	exit 2
fi
cache=$(git -C "$dir" rev-parse --absolute-git-dir)/prio/blobs.cache
listed=$("$PRIO" -C "$dir" diff diff-a diff-b | head -n 1)

cpus=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?')
echo "prio diff benchmark: $(uname -sm), $cpus CPUs, $size stories," \
    "100 changed, runs=$runs (+1 warm-up), seed=$seed"
echo "prio: $PRIO"
echo "prio diff diff-a diff-b: $listed"
echo

# Warm-up: the page cache for all, prio's blob cache for the warm runs.
"$PRIO" -C "$dir" diff diff-a diff-b --format json >/dev/null
git -C "$dir" diff --stat diff-a diff-b >/dev/null
tmp=$(mktemp -d "${TMPDIR:-/tmp}/prio-bench-diff.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
i=0
while [ "$i" -lt "$runs" ]; do
	once "$PRIO" -C "$dir" diff diff-a diff-b --format json >>"$tmp/warm"
	once sh -c 'rm -f "$1" && shift && exec "$@"' sh "$cache" \
	    "$PRIO" -C "$dir" diff diff-a diff-b --format json >>"$tmp/cold"
	once git -C "$dir" diff --stat diff-a diff-b >>"$tmp/git"
	i=$((i + 1))
done
warm=$(median <"$tmp/warm")
cold=$(median <"$tmp/cold")
ref=$(median <"$tmp/git")

fmt='%-44s %10s %8s  %s\n'
printf "$fmt" command "median ms" "/ git" "target"
printf "$fmt" "git diff --stat diff-a diff-b" "$ref" "1.00" ""
r=$(ratio "$ref" "$warm")
printf "$fmt" "prio diff diff-a diff-b --format json, warm" "$warm" "$r" \
    "<= ${T_RATIO}x $(verdict "$r")"
r=$(ratio "$ref" "$cold")
printf "$fmt" "prio diff diff-a diff-b --format json, cold" "$cold" "$r" \
    "(information: no cache yet)"
echo
echo "cold: the blob cache is removed before each run (an 'sh -c' start is"
echo "included), so all $size stories of diff-a are read and parsed."
exit 0
