#!/bin/sh
# bench/move.sh — two `prio move`s against two `sed` + `git add` + `git
# commit`s of the same kind of change (one line of one story, new each
# time), on a committed 10,000-story backlog without hooks (issue 3's
# and issue 16's target: no slower than git).  Run by `make bench`.
#
# A run is two changes of two different stories, one after the other,
# each side in its own `sh -c` (so both pay for one shell): the second
# change meets what the first left (prio's caches, git's index), as a
# user's next command does.  prio's runs and git's alternate, after one
# warm-up each, so the load of a shared machine falls on both alike
# (as move-hooks.sh does).  Each row gives the medians of wall time and
# of CPU time (the command's and its children's, bench/measure): the
# steadier figure when others share the machine.
#
# Then the floors, two of each per run as above, alternating with prio:
#   prio --version        starting prio at all (exec, dynamic linking)
#   libgit2 read          libgit2 opens the repository, reads the index
#   libgit2 commit        sed, then libgit2 stages the file, writes the
#                         index and commits it (bench/libgit2floor.c):
#                         the least any libgit2 tool can do for a commit
#   list + libgit2 commit the same after listing the stories folder and
#                         lstat-ing every story (libgit2floor move): the
#                         least a tool can do for a move, which must know
#                         every story, untracked ones too, is as it last
#                         read them before it ranks one among them
#
# Then the same, counted in instructions under callgrind (every process
# of each side), the figure a shared machine does not move.
#
# Environment: PRIO, BENCH_BIN as for run.sh; BENCH_RUNS (default 7);
# BENCH_OUT (default bench/out; the 10000 backlog run.sh made is copied,
# so the original is not given commits); BENCH_MOVE_SIZE (10000);
# BENCH_MOVE_FLOORS=0 skips the floors; BENCH_INSTR_RUNS (default 3; 0
# skips the instruction counts).
set -eu
: "${PRIO:?set PRIO}" "${BENCH_BIN:?set BENCH_BIN}"
runs=${BENCH_RUNS:-7}
here=$(cd "$(dirname "$0")" && pwd)
out=${BENCH_OUT:-$here/out}
n=${BENCH_MOVE_SIZE:-10000}
. "$here/work.sh"
work_copy "$n" move
# Two files git changes, and two open stories prio moves, somewhere in
# the middle of the ranked order.
f1=backlog/stories/$(ls backlog/stories | sed -n 8p)
f2=backlog/stories/$(ls backlog/stories | sed -n 9p)
id1=$("$PRIO" list | awk 'NR == 200 { print $2 }')
id2=$("$PRIO" list | awk 'NR == 400 { print $2 }')

# git: a new title in each file (the shell's process id), staged and
# committed; prio: a new rank (--top) for each story, committed.
git_one() {
	echo "sed -i \"s/^title: .*/title: Bench \$\$/\" $1 && git add $1 && \
git commit -q -m 'bench: one-line change'"
}
git_two="$(git_one "$f1") && $(git_one "$f2")"
prio_two="'$PRIO' move $id1 --top -m 'bench: move' && \
'$PRIO' move $id2 --top -m 'bench: move'"
version_two="'$PRIO' --version && '$PRIO' --version"
read_two="'$BENCH_BIN/libgit2floor' index && '$BENCH_BIN/libgit2floor' index"
floor_one() {
	echo "sed -i \"s/^title: .*/title: Floor \$\$/\" $1 && \
'$BENCH_BIN/libgit2floor' commit $1"
}
commit_two="$(floor_one "$f1") && $(floor_one "$f2")"
job_one() {
	echo "sed -i \"s/^title: .*/title: Floor \$\$/\" $1 && \
'$BENCH_BIN/libgit2floor' move backlog/stories $1"
}
job_two="$(job_one "$f1") && $(job_one "$f2")"

# alternate <cmd a> <cmd b>: alternate_runs (work.sh) with nothing
# before either.
alternate() {
	alternate_runs : "$1" : "$2"
}
# row <label> <prio ms> <other ms> <prio cpu> <other cpu> [target]
row() {
	awk -v l="$1" -v p="$2" -v o="$3" -v pc="$4" -v oc="$5" -v t="${6:-}" 'BEGIN {
		printf "  %-30s %8.1f ms  prio %8.1f ms  %.2fx", l, o, p, p / o
		if (t != "") printf " (target <= 1.00x) %s", p <= o ? "PASS" : "FAIL"
		printf ";  CPU %7.1f ms  prio %7.1f ms  %.2fx\n", oc, pc, pc / oc }'
}

echo "two moves at $n stories, no hooks (medians of $runs alternating runs, after a warm-up;"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)):"
alternate "$prio_two" "$git_two"
row "sed + git add + git commit" "$a" "$b" "$ca" "$cb" target
prio_w=$a gitw=$b
git log -1 --format=%s | grep -q '^bench: one-line change$' &&
    git log -2 --format=%s | tail -n 1 | grep -q '^bench: one-line' ||
    echo "  ERROR: git's last commits are not there"
git log -3 --format=%s | tail -n 1 | grep -q "^prio: move $id2 " ||
    echo "  ERROR: prio's last commit is not there"
if [ "${BENCH_MOVE_FLOORS:-1}" != 0 ]; then
	echo "the floors under them, two of each (prio move alternating with each):"
	alternate "$prio_two" "$version_two"
	row "prio --version" "$a" "$b" "$ca" "$cb"
	alternate "$prio_two" "$read_two"
	row "libgit2 open + index read" "$a" "$b" "$ca" "$cb"
	alternate "$prio_two" "$commit_two"
	row "sed + libgit2 add + commit" "$a" "$b" "$ca" "$cb"
	alternate "$prio_two" "$job_two"
	row "sed + list + libgit2 commit" "$a" "$b" "$ca" "$cb"
	# Listing the folder alone, timed inside the program (no process
	# start): a move must, git's commit need not (it lstats the files
	# its index tracks, and lists no folder).
	: >"$work.l"
	i=0
	while [ "$i" -lt "$runs" ]; do
		"$BENCH_BIN/libgit2floor" list backlog/stories |
		    sed 's/^list_ms=//' >>"$work.l"
		i=$((i + 1))
	done
	awk -v l="$(median "$work.l")" -v p="$prio_w" -v g="$gitw" 'BEGIN {
		printf "  listing the stories folder %.1f ms per move; prio over git %.1f ms per move\n", l, (p - g) / 2 }'
	rm -f "$work.l"
fi
# The same two changes in instructions (instr, work.sh): the figure a
# busy machine does not move.  A first pair of moves under valgrind
# fills prio's caches for it (they are keyed by the executable).
# BENCH_INSTR_RUNS=0 skips it.
instr_runs=${BENCH_INSTR_RUNS:-3}
if [ "$instr_runs" -gt 0 ] && command -v valgrind >/dev/null 2>&1; then
	instr sh -c "$prio_two" >/dev/null
	: >"$work.ip" && : >"$work.ig" && : >"$work.if"
	i=0
	while [ "$i" -lt "$instr_runs" ]; do
		instr sh -c "$prio_two" >>"$work.ip"
		instr sh -c "$git_two" >>"$work.ig"
		instr sh -c "$commit_two" >>"$work.if"
		i=$((i + 1))
	done
	echo "in instructions (callgrind, every process; medians of $instr_runs):"
	awk -v p="$(median "$work.ip")" -v g="$(median "$work.ig")" \
	    -v f="$(median "$work.if")" 'BEGIN {
		printf "  prio %.1fM;  sed + git add + git commit %.1fM: prio %.2fx;  sed + libgit2 add + commit %.1fM: prio %.2fx\n", p / 1e6, g / 1e6, p / g, f / 1e6, p / f }'
	rm -f "$work.ip" "$work.ig" "$work.if"
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
git status --porcelain | grep -q . && echo "  ERROR: the work tree is not clean"
git fsck --no-progress >/dev/null && echo "  git fsck: clean"
