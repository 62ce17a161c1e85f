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
. "$here/work.sh"
work_copy "$n" move
other=$(ls backlog/stories | sed -n 8p)
# An open story somewhere in the middle of the ranked order.
id=$("$PRIO" list | awk 'NR == 200 { print $2 }')

# git: change one line of one story, stage it, commit it.
f=backlog/stories/$other
git_change=". '$here/work.sh' && bump_urgency $f && git add $f && \
git commit -q -m 'bench: one-line change'"
# prio: the same kind of one-line change (the rank), committed.  The two
# alternate run by run, after one warm-up each, so that the load of a
# shared machine falls on both alike.
"$BENCH_BIN/measure" 1 -- sh -c "$git_change" >/dev/null
"$BENCH_BIN/measure" 1 -- "$PRIO" move "$id" --top -m "bench: move" >/dev/null
: >"$work.git" && : >"$work.prio"
i=0
while [ "$i" -lt "$runs" ]; do
	ms "$("$BENCH_BIN/measure" 1 -- sh -c "$git_change")" >>"$work.git"
	ms "$("$BENCH_BIN/measure" 1 -- "$PRIO" move "$id" --top \
	    -m "bench: move")" >>"$work.prio"
	i=$((i + 1))
done
gm=$(median "$work.git")
pm=$(median "$work.prio")
rm -f "$work.git" "$work.prio"
echo "move at $n stories (median of $runs alternating runs, after a warm-up):"
echo "  git add + git commit   $gm ms"
echo "  prio move --top        $pm ms"
awk -v g="$gm" -v p="$pm" 'BEGIN { printf "  ratio prio/git         %.2fx (target <= 1.00x) %s\n", p / g, (p <= g ? "PASS" : "FAIL") }'
git fsck --no-progress >/dev/null && echo "  git fsck: clean"
