#!/bin/sh
# bench/hook.sh — what prio's pre-commit hook adds to a `git commit` of a
# one-story change on a committed 10,000-story backlog (issue 4's target:
# at most 1.5x the same commit with hooks disabled).  Run by `make bench`.
#
# Environment: PRIO, BENCH_BIN as for run.sh; BENCH_RUNS (default 9);
# BENCH_OUT (default bench/out); the backlog run.sh made is copied.
set -eu
: "${PRIO:?set PRIO}" "${BENCH_BIN:?set BENCH_BIN}"
runs=${BENCH_RUNS:-9}
here=$(cd "$(dirname "$0")" && pwd)
out=${BENCH_OUT:-$here/out}
n=${BENCH_HOOK_SIZE:-10000}
. "$here/work.sh"
work_copy "$n" hook
"$PRIO" hook install >/dev/null
f=backlog/stories/$(ls backlog/stories | sed -n 8p)
stage() { bump_urgency "$f" && git add "$f"; }
# The first check of a clone parses every staged story (then they are
# kept by blob id): time it once, then warm up both.
stage
cold=$(ms "$("$BENCH_BIN/measure" 1 -- git commit -q -m cold)")
stage
"$BENCH_BIN/measure" 1 -- git -c core.hooksPath=/dev/null commit -q -m w \
    >/dev/null
: >"$work.with" && : >"$work.without"
i=0
while [ "$i" -lt "$runs" ]; do
	stage
	ms "$("$BENCH_BIN/measure" 1 -- git commit -q -m with)" \
	    >>"$work.with"
	stage
	ms "$("$BENCH_BIN/measure" 1 -- git -c core.hooksPath=/dev/null \
	    commit -q -m without)" >>"$work.without"
	i=$((i + 1))
done
w=$(median "$work.with")
wo=$(median "$work.without")
rm -f "$work.with" "$work.without"
echo "git commit of a one-story change at $n stories (median of $runs alternating runs):"
echo "  hooks disabled                  $wo ms"
echo "  with prio's pre-commit hook     $w ms (first run of a clone: $cold ms)"
awk -v a="$w" -v b="$wo" 'BEGIN { printf "  ratio                           %.2fx (target <= 1.50x) %s\n", a / b, (a <= 1.5 * b ? "PASS" : "FAIL") }'
# A commit that stages no story: the hook stops before prio starts.
echo readme >README && git add README
nb=$(ms "$("$BENCH_BIN/measure" 1 -- git commit -q -m readme)")
echo "  commit staging no story, with the hook: $nb ms"
