#!/bin/sh
# bench/move.sh — prio move against git add + git commit of the same
# one-line change, on a committed 10,000-story backlog (issue 3's target:
# no slower than git).  Run by `make bench` after run.sh.
#
# Environment: PRIO, BENCH_BIN as for run.sh; BENCH_RUNS (default 7);
# BENCH_OUT (default bench/out; the 10000 backlog run.sh made is copied,
# so the original is not given commits).
set -eu
: "${PRIO:?set PRIO}" "${BENCH_BIN:?set BENCH_BIN}"
runs=${BENCH_RUNS:-7}
here=$(cd "$(dirname "$0")" && pwd)
out=${BENCH_OUT:-$here/out}
n=${BENCH_MOVE_SIZE:-10000}
src=$out/$n
if [ ! -d "$src/.git" ]; then
	BENCH_SIZES=$n BENCH_RUNS=1 sh "$here/run.sh" >/dev/null
fi
work=$out/move-$n
rm -rf "$work"
cp -R "$src" "$work"
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com
cd "$work"
other=$(ls backlog/stories | sed -n 8p)
# An open story somewhere in the middle of the ranked order.
id=$("$PRIO" list | awk 'NR == 200 { print $2 }')

# git: change one line of one story, stage it, commit it.
git_change="sed -i 's/^urgency: .*/urgency: '\$(date +%s%N)'/' \
backlog/stories/$other && git add backlog/stories/$other && \
git commit -q -m 'bench: one-line change'"
g=$("$BENCH_BIN/measure" -w 1 "$runs" -- sh -c "$git_change")
# prio: the same kind of one-line change (the rank), committed.
p=$("$BENCH_BIN/measure" -w 1 "$runs" -- "$PRIO" move "$id" --top \
    -m "bench: move")
gm=$(echo "$g" | sed 's/.*median_ms=\([^ ]*\).*/\1/')
pm=$(echo "$p" | sed 's/.*median_ms=\([^ ]*\).*/\1/')
echo "move at $n stories (median of $runs, after a warm-up):"
echo "  git add + git commit   $gm ms"
echo "  prio move --top        $pm ms"
awk -v g="$gm" -v p="$pm" 'BEGIN { printf "  ratio prio/git         %.2fx (target <= 1.00x) %s\n", p / g, (p <= g ? "PASS" : "FAIL") }'
git fsck --no-progress >/dev/null && echo "  git fsck: clean"
