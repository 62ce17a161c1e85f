#!/bin/sh
# bench/peer.sh — prio side by side with Backlog.md (issue 7).  Run it
# with `make bench-peer`.
#
# Installs Backlog.md from npm (package backlog.md) into a scratch
# directory, generates the same backlog in both formats with
# `bench/gen -f prio` and `bench/gen -f backlogmd` (same stories, bodies,
# criteria, statuses and order), commits each to a git repository of its
# own, and times, alternating the two tools run by run:
#
#   list      backlog task list --plain       prio list
#   check     backlog doctor                  prio check
#   move      backlog task edit <id> --ordinal <n>   prio move <id> --top -m ...
#
# It prints medians (n runs each), the fastest and slowest run, peak memory (largest
# RSS of any run) and the ratios, with PASS or FAIL against issue 7's
# targets: prio at least 20x faster on every row, with a fifth of the
# memory or less.  It is a report: it exits 0 whether targets pass or
# not, non-zero only when it cannot run.
#
# Backlog.md is run as the native binary its npm package installs
# (node_modules/backlog.md-<os>-<arch>/backlog), not through the
# `backlog` Node launcher, which would add Node's start-up to every one of
# its rows.  Its config has check_active_branches and remote_operations
# off, its fastest settings.  `backlog task edit` writes the file and
# commits nothing (auto_commit: false, its default); `prio move` also
# commits.  Each move moves a different open story to the top; the moves
# run in copies of the generated repositories.
#
# Environment:
#   PRIO               the prio binary (required)
#   BENCH_BIN          the directory holding gen and measure (required)
#   BENCH_PEER_SIZES   backlog sizes, default "1000 10000" ("" skips the table)
#   BENCH_PEER_RUNS    measured runs per command and tool, default 5 (plus
#                      one warm-up each)
#   BENCH_SEED         the generator's seed, default 1
#   BENCH_OUT          where backlogs and Backlog.md are kept, default
#                      bench/out
#   BENCH_PEER_SLOW_S  a Backlog.md warm-up run longer than this many
#                      seconds (default 120) is that row's only measured
#                      run: `backlog doctor` takes minutes at 10,000
#                      tasks.  The table's n columns say how many runs
#                      each median is of.
#   BACKLOG_MD_VERSION the npm version to install, default 1.52.0
#   BENCH_PEER_BMD_SIZES  sizes of the second table, default "2000 10000"
#                      ("" skips it)
#   BENCH_PEER_HISTORY commits of its generated history, default 300
#
# The second table (issue 15) runs prio on the Backlog.md project itself
# (no prio.yml: prio reads Backlog.md's files as they are), with a
# generated history of BENCH_PEER_HISTORY commits, each one as a
# Backlog.md user makes them (an ordinal changed, every tenth a status):
#
#   list      backlog task list --plain       prio list
#   check     backlog doctor                  prio check
#   log       git log -p -- backlog           prio log
#
# list and check have the targets above; log's is prio within 2x of
# `git log -p -- backlog` (Backlog.md has no log: git's is what its users
# read).  The moves are the write side's (issue 15's other half):
# bench/peer-write.sh, which `make bench-peer` runs after this.

# The table's printf formats are fixed strings kept in variables.
# shellcheck disable=SC2059

set -eu

: "${PRIO:?set PRIO to the prio binary}"
: "${BENCH_BIN:?set BENCH_BIN to the directory of gen and measure}"
sizes=${BENCH_PEER_SIZES-1000 10000}
runs=${BENCH_PEER_RUNS:-5}
seed=${BENCH_SEED:-1}
version=${BACKLOG_MD_VERSION:-1.52.0}
slow_ms=$((${BENCH_PEER_SLOW_S:-120} * 1000))
here=$(cd "$(dirname "$0")" && pwd)
out=${BENCH_OUT:-$here/out}
npmdir=$out/peer-npm-$version
# The test suite's pinned copy (tools/npm-deps.sh), when it is this version.
if ls "$here"/../tests/npm/node_modules/backlog.md-*/backlog >/dev/null 2>&1 &&
    grep -q "\"version\": \"$version\"" \
    "$here"/../tests/npm/node_modules/backlog.md/package.json 2>/dev/null; then
	npmdir=$here/../tests/npm
fi

for b in gen measure; do
	if [ ! -x "$BENCH_BIN/$b" ]; then
		echo "peer.sh: $BENCH_BIN/$b is missing; run 'make bench-peer'" >&2
		exit 2
	fi
done
if [ ! -x "$PRIO" ]; then
	echo "peer.sh: PRIO=$PRIO is not an executable" >&2
	exit 2
fi

# Backlog.md, from npm, into a scratch directory of its own.
mkdir -p "$out"
if ! ls "$npmdir"/node_modules/backlog.md-*/backlog >/dev/null 2>&1; then
	echo "installing backlog.md@$version from npm into $npmdir ..." >&2
	rm -rf "$npmdir"
	mkdir -p "$npmdir"
	npm install --prefix "$npmdir" --no-audit --no-fund --silent \
	    "backlog.md@$version" >&2
fi
BACKLOG=$(ls "$npmdir"/node_modules/backlog.md-*/backlog | head -n 1)
if ! bversion=$("$BACKLOG" --version 2>/dev/null); then
	echo "peer.sh: $BACKLOG does not run on this machine" >&2
	exit 2
fi

export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com

# prepare <format> <n>: $out/peer-<format>-<n> holds a committed backlog.
prepare() {
	dir=$out/peer-$1-$2
	if [ -d "$dir/.git" ]; then
		return 0
	fi
	echo "generating $2 stories ($1) in $dir ..." >&2
	rm -rf "$dir" "$dir.tmp"
	"$BENCH_BIN/gen" -f "$1" "$dir.tmp" "$2" "$seed"
	git -C "$dir.tmp" init -q
	git -C "$dir.tmp" add -A
	git -C "$dir.tmp" -c commit.gpgsign=false commit -q \
	    -m "bench: $2 stories (seed $seed)"
	mv "$dir.tmp" "$dir"
}

. "$here/peer-lib.sh"

# keep <file> <result>: appends a result; a failed run is left out.
keep() {
	if [ -n "$2" ]; then
		echo "$2" >>"$1"
	else
		echo "peer.sh: a run failed; it is left out of $(basename "$1")" >&2
	fi
}

# run_row <b|p> <row> <i>: one run of a row's command by one tool (the
# i-th move moves the i-th story of $tmp/ids).
run_row() {
	case $1.$2 in
	b.list) one "$bdir" 0 "$BACKLOG" task list --plain ;;
	b.check) one "$bdir" 0 "$BACKLOG" doctor ;;
	b.move) one "$tmp/b" 0 "$BACKLOG" task edit \
	    "$(sed -n "$(($3 + 1))p" "$tmp/ids")" --ordinal $((9000 - $3)) ;;
	p.list) one "$pdir" 0 "$PRIO" list ;;
	p.check) one "$pdir" 0,1 "$PRIO" check ;;
	p.move) one "$tmp/p" 0 "$PRIO" move \
	    "$(sed -n "$(($3 + 1))p" "$tmp/ids")" --top -m "bench: move" ;;
	esac
}

# run_bmd <b|p> <row> <i>: the second table's rows, in $hdir.
run_bmd() {
	case $1.$2 in
	b.list) one "$hdir" 0 "$BACKLOG" task list --plain ;;
	b.check) one "$hdir" 0 "$BACKLOG" doctor ;;
	b.log) one "$hdir" 0 git log -p -- backlog ;;
	p.list) one "$hdir" 0 "$PRIO" list ;;
	p.check) one "$hdir" 0,1 "$PRIO" check ;;
	p.log) one "$hdir" 0 "$PRIO" log ;;
	esac
}

# time_rows <runner> <row>...: each row by both tools, runs + 1 times;
# run 0 is the warm-up of both, the others alternate which tool goes
# first.  Results in $tmp/<b|p>.<row>.  A Backlog.md warm-up longer
# than slow_ms is that row's one measured run.
time_rows() {
	runner=$1
	shift
	for row in "$@"; do
		: >"$tmp/b.$row"
		: >"$tmp/p.$row"
		eval "slow_$row=0"
	done
	# Files younger than two seconds are never cached (racily clean).
	sleep 3
	i=0
	while [ "$i" -le "$runs" ]; do
		for tool in b p; do
			[ $((i % 2)) -eq 1 ] && tool=$(echo "$tool" | tr bp pb)
			for row in "$@"; do
				eval "slow=\$slow_$row"
				[ "$tool" = b ] && [ "$slow" = 1 ] && continue
				r=$("$runner" "$tool" "$row" "$i")
				if [ "$i" -gt 0 ]; then
					keep "$tmp/$tool.$row" "$r"
				elif [ "$tool" = b ] && [ -n "$r" ] &&
				    [ "$(echo "$r" | cut -d. -f1 | cut -d" " -f1)" -gt "$slow_ms" ]; then
					# Too slow to repeat: the warm-up is
					# the one measured run.
					keep "$tmp/$tool.$row" "$r"
					eval "slow_$row=1"
				fi
			done
		done
		i=$((i + 1))
	done
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "prio vs Backlog.md $bversion: $(uname -sm)," \
    "$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') CPUs," \
    "runs=$runs (+1 warm-up each, alternating), seed=$seed"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
echo

fmt='%7s %-5s | %9s %-19s %2s %7s | %7s %-13s %2s %5s | %6s %5s  %s\n'
table=$(printf "$fmt" stories row "Bmd ms" "(min-max)" n "MiB" \
    "prio ms" "(min-max)" n "MiB" "faster" "mem" "verdict")
pass=0 fail=0
for n in $sizes; do
	prepare prio "$n"
	prepare backlogmd "$n"
	pdir=$out/peer-prio-$n bdir=$out/peer-backlogmd-$n
	# Copies for the moves, so the generated repositories stay as made.
	rm -rf "$tmp/p" "$tmp/b"
	cp -R "$pdir" "$tmp/p"
	cp -R "$bdir" "$tmp/b"
	# Open stories, ranked or not, from the middle of the backlog.
	"$PRIO" -C "$pdir" list | awk 'NR > 1 { print $2 }' |
	    sed -n "100,$((100 + runs))p" >"$tmp/ids"
	if [ "$(wc -l <"$tmp/ids")" -le "$runs" ]; then
		"$PRIO" -C "$pdir" list | awk 'NR > 1 { print $2 }' |
		    head -n $((runs + 1)) >"$tmp/ids"
	fi
	time_rows run_row list check move
	for row in list check move; do
		nb=$(wc -l <"$tmp/b.$row") np=$(wc -l <"$tmp/p.$row")
		set -- $(stats "$tmp/b.$row") $(stats "$tmp/p.$row")
		bm=$1 bmin=$2 bmax=$3 bk=$4 pm=$5 pmin=$6 pmax=$7 pk=$8
		faster=$(awk -v b="$bm" -v p="$pm" 'BEGIN { if (p > 0) printf "%.0fx", b / p; else print "-" }')
		mem=$(awk -v b="$bk" -v p="$pk" 'BEGIN { if (b > 0) printf "%.2f", p / b; else print "-" }')
		verdict=$(awk -v b="$bm" -v p="$pm" -v bk="$bk" -v pk="$pk" \
		    'BEGIN { print (p > 0 && b / p >= 20 && bk > 0 && pk / bk <= 0.2) ? "PASS" : "FAIL" }')
		if [ "$verdict" = PASS ]; then
			pass=$((pass + 1))
		else
			fail=$((fail + 1))
		fi
		table="$table
$(printf "$fmt" "$n" "$row" "$bm" "($bmin-$bmax)" "$nb" \
		    "$(awk -v k="$bk" 'BEGIN { printf "%.1f", k / 1024 }')" \
		    "$pm" "($pmin-$pmax)" "$np" \
		    "$(awk -v k="$pk" 'BEGIN { printf "%.1f", k / 1024 }')" \
		    "$faster" "$mem" "$verdict")"
	done
	if ! git -C "$tmp/p" fsck --no-progress >/dev/null 2>&1; then
		echo "warning: git fsck fails after the prio moves at $n" >&2
	fi
	# Both tools really moved the stories: the first one is on top.
	first=$(sed -n 1p "$tmp/ids")
	if ! grep -q '^ordinal: 9000$' "$tmp/b/backlog/tasks/$(echo "$first" |
	    tr 'S' 's') - "*; then
		echo "warning: backlog task edit did not set $first's ordinal" >&2
	fi
	moves=$(git -C "$tmp/p" rev-list --count HEAD)
	if [ "$moves" -ne $((runs + 2)) ]; then
		echo "warning: prio made $((moves - 1)) commits, not $((runs + 1))" >&2
	fi
done

if [ -n "$sizes" ]; then
	echo "rows: list = 'backlog task list --plain' vs 'prio list';"
	echo "      check = 'backlog doctor' vs 'prio check';"
	echo "      move = 'backlog task edit <id> --ordinal <n>' vs" \
	    "'prio move <id> --top -m ...' (commits)"
	echo "faster = Backlog.md median / prio median;" \
	    "mem = prio peak / Backlog.md peak"
	echo
	echo "$table"
	echo
fi

# ---- prio on the Backlog.md project itself (issue 15) ----

# history <dir> <commits>: commits to dir's backlog as Backlog.md users
# do, one task file per commit: an ordinal, every tenth a status.
history() {
	files=$tmp/files
	(cd "$1" && ls backlog/tasks | head -n "$2") >"$files"
	k=0
	while read -r f; do
		k=$((k + 1))
		p="$1/backlog/tasks/$f"
		# An ordinal (a task without one gets one), every tenth
		# commit another status than the one it has.
		awk -v k="$k" -v st=$((k % 10 == 0)) '
		    /^status: / && st && !done { done = 1; s = "Done"
			if ($0 == "status: Done") s = "Ready"
			print "status: " s; next }
		    /^ordinal: / && !st { print "ordinal: " k; done = 1; next }
		    /^---$/ && ++fm == 2 && !done { print "ordinal: " k }
		    { print }' "$p" >"$tmp/t"
		cat "$tmp/t" >"$p"
		git -C "$1" -c commit.gpgsign=false commit -qam "bench: edit $k"
	done <"$files"
}

bsizes=${BENCH_PEER_BMD_SIZES-2000 10000}
hist=${BENCH_PEER_HISTORY:-300}
fmt2='%7s %-5s | %-24s %9s %-19s %2s | %7s %-13s %2s | %6s  %s\n'
table2=$(printf "$fmt2" stories row "peer" "ms" "(min-max)" n "prio ms" \
    "(min-max)" n "ratio" "verdict")
pass2=0 fail2=0
for n in $bsizes; do
	prepare backlogmd "$n"
	hdir=$out/peer-bmdhist-$n-$hist
	if [ ! -d "$hdir/.git" ]; then
		echo "generating $hist commits of history in $hdir ..." >&2
		rm -rf "$hdir" "$hdir.tmp"
		cp -R "$out/peer-backlogmd-$n" "$hdir.tmp"
		history "$hdir.tmp" "$hist"
		mv "$hdir.tmp" "$hdir"
	fi
	time_rows run_bmd list check log
	for row in list check log; do
		nb=$(wc -l <"$tmp/b.$row") np=$(wc -l <"$tmp/p.$row")
		set -- $(stats "$tmp/b.$row") $(stats "$tmp/p.$row")
		bm=$1 bmin=$2 bmax=$3 pm=$5 pmin=$6 pmax=$7
		case $row in
		list) peer="backlog task list" ;;
		check) peer="backlog doctor" ;;
		log) peer="git log -p -- backlog" ;;
		esac
		if [ "$row" = log ]; then
			ratio=$(awk -v b="$bm" -v p="$pm" 'BEGIN { if (b > 0) printf "%.2fx", p / b; else print "-" }')
			verdict=$(awk -v b="$bm" -v p="$pm" 'BEGIN { print (b > 0 && p / b <= 2) ? "PASS" : "FAIL" }')
		else
			ratio=$(awk -v b="$bm" -v p="$pm" 'BEGIN { if (p > 0) printf "%.0fx", b / p; else print "-" }')
			verdict=$(awk -v b="$bm" -v p="$pm" 'BEGIN { print (p > 0 && b / p >= 20) ? "PASS" : "FAIL" }')
		fi
		if [ "$verdict" = PASS ]; then
			pass2=$((pass2 + 1))
		else
			fail2=$((fail2 + 1))
		fi
		table2="$table2
$(printf "$fmt2" "$n" "$row" "$peer" "$bm" "($bmin-$bmax)" "$nb" \
		    "$pm" "($pmin-$pmax)" "$np" "$ratio" "$verdict")"
	done
done
if [ -n "$bsizes" ]; then
	echo "prio on the Backlog.md project itself, $hist commits of history:"
	echo "ratio = peer median / prio median (list, check: target >= 20x);"
	echo "        prio median / git's (log: target <= 2x)"
	echo
	echo "$table2"
	echo
fi

echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
if [ -n "$sizes" ]; then
	echo "targets (prio >= 20x faster, <= 0.2x the memory):" \
	    "$pass PASS, $fail FAIL"
fi
if [ -n "$bsizes" ]; then
	echo "targets on the Backlog.md project: $pass2 PASS, $fail2 FAIL"
fi
