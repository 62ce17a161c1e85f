#!/bin/sh
# bench/peer-write.sh — a move in a Backlog.md project: prio against
# Backlog.md's own CLI (issue 15, Speed).  Run it with
# `make bench-peer-write`.
#
# Generates a Backlog.md project with `bench/gen -f backlogmd` (the same
# generator as bench/peer.sh), commits it, and times, alternating the two
# tools run by run, on copies of it:
#
#   move   backlog task edit <id> --ordinal <n>    prio move <id> --top -m ...
#
# Backlog.md's CLI has no reorder command (its board's drag and drop
# calls reorderTask); `task edit --ordinal` is the CLI's way to place a
# task, and loads the same project.  prio computes the ordinal as that
# reorder does (half the first task's at the top) and commits; Backlog.md
# writes the file and commits nothing (auto_commit: false, as generated).
# Each run moves a different open task.  It prints the medians, fastest
# and slowest runs and peak memory; it is a report and exits 0 unless it
# cannot run.
#
# Backlog.md is the native binary of the npm package tests/npm installs
# (sh tools/npm-deps.sh), not the Node launcher.
#
# Environment:
#   PRIO               the prio binary (required)
#   BENCH_BIN          the directory holding gen and measure (required)
#   BENCH_PEER_WRITE_SIZES  backlog sizes, default "2000 10000"
#   BENCH_PEER_RUNS    measured runs per tool, default 5 (plus a warm-up)
#   BENCH_SEED         the generator's seed, default 1
#   BENCH_OUT          where the backlogs are kept, default bench/out

# shellcheck disable=SC2059

set -eu

: "${PRIO:?set PRIO to the prio binary}"
: "${BENCH_BIN:?set BENCH_BIN to the directory of gen and measure}"
sizes=${BENCH_PEER_WRITE_SIZES:-2000 10000}
runs=${BENCH_PEER_RUNS:-5}
seed=${BENCH_SEED:-1}
here=$(cd "$(dirname "$0")" && pwd)
out=${BENCH_OUT:-$here/out}

BACKLOG=$(ls "$here"/../tests/npm/node_modules/backlog.md-*/backlog \
    2>/dev/null | head -n 1)
if [ -z "$BACKLOG" ] || ! bversion=$("$BACKLOG" --version 2>/dev/null); then
	echo "peer-write.sh: Backlog.md's CLI is missing; run 'sh tools/npm-deps.sh'" >&2
	exit 2
fi
for b in gen measure; do
	if [ ! -x "$BENCH_BIN/$b" ]; then
		echo "peer-write.sh: $BENCH_BIN/$b is missing; run 'make bench-peer-write'" >&2
		exit 2
	fi
done

export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com

# prepare <n>: $out/peer-backlogmd-<n> holds a committed project (the
# directory bench/peer.sh makes too).
prepare() {
	dir=$out/peer-backlogmd-$1
	[ -d "$dir/.git" ] && return 0
	echo "generating $1 tasks in $dir ..." >&2
	rm -rf "$dir" "$dir.tmp"
	mkdir -p "$out"
	"$BENCH_BIN/gen" -f backlogmd "$dir.tmp" "$1" "$seed"
	git -C "$dir.tmp" init -q
	git -C "$dir.tmp" add -A
	git -C "$dir.tmp" -c commit.gpgsign=false commit -q \
	    -m "bench: $1 tasks (seed $seed)"
	mv "$dir.tmp" "$dir"
}

. "$here/peer-lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "prio move vs Backlog.md $bversion in a Backlog.md project: $(uname -sm)," \
    "$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') CPUs, runs=$runs" \
    "(+1 warm-up, alternating), seed=$seed"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
echo
fmt='%7s | %9s %-19s %2s %7s | %7s %-13s %2s %5s | %6s\n'
printf "$fmt" tasks "Bmd ms" "(min-max)" n MiB "prio ms" "(min-max)" n MiB faster
for n in $sizes; do
	prepare "$n"
	src=$out/peer-backlogmd-$n
	rm -rf "$tmp/p" "$tmp/b"
	cp -R "$src" "$tmp/p"
	cp -R "$src" "$tmp/b"
	: >"$tmp/p.ms"
	: >"$tmp/b.ms"
	"$PRIO" -C "$src" list 2>/dev/null | awk 'NR > 1 { print $2 }' |
	    sed -n "100,$((100 + runs))p" >"$tmp/ids"
	sleep 3
	i=0
	while [ "$i" -le "$runs" ]; do
		id=$(sed -n "$((i + 1))p" "$tmp/ids")
		for tool in b p; do
			[ $((i % 2)) -eq 1 ] && tool=$(echo "$tool" | tr bp pb)
			if [ "$tool" = b ]; then
				r=$(one "$tmp/b" 0 "$BACKLOG" task edit "$id" \
				    --ordinal $((9 - i)))
			else
				r=$(one "$tmp/p" 0 "$PRIO" move "$id" --top \
				    -m "bench: move")
			fi
			if [ "$i" -gt 0 ] && [ -n "$r" ]; then
				echo "$r" >>"$tmp/$tool.ms"
			elif [ -z "$r" ]; then
				echo "peer-write.sh: a $tool run failed" >&2
			fi
		done
		i=$((i + 1))
	done
	set -- $(stats "$tmp/b.ms") $(stats "$tmp/p.ms")
	printf "$fmt" "$n" "$1" "($2-$3)" "$(wc -l <"$tmp/b.ms")" \
	    "$(awk -v k="$4" 'BEGIN { printf "%.1f", k / 1024 }')" \
	    "$5" "($6-$7)" "$(wc -l <"$tmp/p.ms")" \
	    "$(awk -v k="$8" 'BEGIN { printf "%.1f", k / 1024 }')" \
	    "$(awk -v b="$1" -v p="$5" 'BEGIN { if (p > 0) printf "%.0fx", b / p; else print "-" }')"
	# prio's moves are commits, each one file; git agrees.
	if ! git -C "$tmp/p" fsck --no-progress >/dev/null 2>&1; then
		echo "warning: git fsck fails after the prio moves at $n" >&2
	fi
	if [ "$(git -C "$tmp/p" rev-list --count HEAD)" -ne $((runs + 2)) ]; then
		echo "warning: prio did not make one commit per move at $n" >&2
	fi
done
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
