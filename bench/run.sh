#!/bin/sh
# bench/run.sh — prio's benchmark (SPEC §6).  Run it with `make bench`.
#
# For each size it generates a backlog (bench/gen), commits it to a fresh
# git repository, and times with bench/measure: the read floor
# (bench/readfloor: open and read every story file, nothing else), and
# `prio list` and `prio check` twice each: warm (prio's parsed-story
# cache in .git/prio, filled by the warm-up run) and cold
# (PRIO_NO_CACHE=1: every file read and parsed).  It prints medians, ratios to the floor,
# peak memory, the growth from 10k to 100k stories, and the targets with
# PASS or FAIL.  It is a report: it exits 0 whether targets pass or not,
# and non-zero only when it cannot run (gen, git, or a missing binary).
#
# Environment:
#   PRIO         the prio binary (required)
#   BENCH_BIN    the directory holding gen, readfloor and measure (required)
#   BENCH_SIZES  backlog sizes, default "1000 10000 100000"
#   BENCH_RUNS   measured runs per command, default 7 (plus one warm-up)
#   BENCH_SEED   the generator's seed, default 1
#   BENCH_OUT    where backlogs are kept, default bench/out; a backlog is
#                reused when <BENCH_OUT>/<size> exists (delete it to
#                regenerate, e.g. after changing gen.c or the seed)

# The table's printf formats are fixed strings kept in variables.
# shellcheck disable=SC2059

set -eu

: "${PRIO:?set PRIO to the prio binary}"
: "${BENCH_BIN:?set BENCH_BIN to the directory of gen, readfloor, measure}"
sizes=${BENCH_SIZES:-1000 10000 100000}
runs=${BENCH_RUNS:-7}
seed=${BENCH_SEED:-1}
here=$(cd "$(dirname "$0")" && pwd)
out=${BENCH_OUT:-$here/out}

for b in gen readfloor measure; do
	if [ ! -x "$BENCH_BIN/$b" ]; then
		echo "run.sh: $BENCH_BIN/$b is missing; run 'make bench'" >&2
		exit 2
	fi
done
if [ ! -x "$PRIO" ]; then
	echo "run.sh: PRIO=$PRIO is not an executable" >&2
	exit 2
fi

# Targets (from the issues): ratios are of medians.
T_LIST_FLOOR=2.5	# list <= 2.5x the read floor at 10k
T_CHECK_FLOOR=5		# check <= 5x the read floor at 10k
T_GROWTH=12		# 100k time <= 12x the 10k time (linear would be 10x)
T_MEM_MIB=200		# peak RSS < 200 MiB at 100k

# prepare <n>: makes sure $out/<n> holds a committed backlog of n stories.
# Builds it under a temporary name and renames it when complete, so an
# interrupted run never leaves a half-made backlog that looks reusable.
prepare() {
	dir=$out/$1
	if [ -d "$dir/.git" ] && [ -f "$dir/backlog/prio.yml" ]; then
		return 0
	fi
	echo "generating $1 stories in $dir ..." >&2
	rm -rf "$dir" "$dir.tmp"
	mkdir -p "$out"
	"$BENCH_BIN/gen" "$dir.tmp" "$1" "$seed"
	git -C "$dir.tmp" init -q
	git -C "$dir.tmp" add -A
	git -C "$dir.tmp" -c user.name=bench -c user.email=bench@example.com \
	    -c commit.gpgsign=false commit -q -m "bench: $1 stories (seed $seed)"
	mv "$dir.tmp" "$dir"
	# Files younger than two seconds are never cached (racily clean).
	sleep 3
}

# timed [measure options] <runs> -- <cmd...>: prints "<median ms> <peak
# RSS KiB>" after a warm-up run, or "ERR ERR" when the command fails (the
# reason is on stderr).
timed() {
	if line=$("$BENCH_BIN/measure" -w 1 "$@"); then
		echo "$line" |
		    sed -n 's/.*median_ms=\([^ ]*\).*peak_rss_kib=\([^ ]*\).*/\1 \2/p'
	else
		echo "ERR ERR"
	fi
}

# calc <printf format> <awk expression over a, b, c> [a [b [c]]]: prints
# the value, or "-" when an input is missing, zero or not a number.
calc() {
	cfmt=$1
	expr=$2
	shift 2
	for v in "$@"; do
		case $v in
		''|*[!0-9.]*|*.*.*|.*|*.) echo -; return ;;
		esac
		case $v in
		*[1-9]*) ;;
		*) echo -; return ;;
		esac
	done
	awk -v a="${1-}" -v b="${2-}" -v c="${3-}" \
	    "BEGIN { printf \"$cfmt\", $expr }"
}

# verdict <value> <op> <limit>: PASS, FAIL, or n/a when value is "-".
verdict() {
	case $1 in
	-|ERR|'') echo "n/a" ;;
	*) awk -v v="$1" -v l="$3" "BEGIN { print (v $2 l) ? \"PASS\" : \"FAIL\" }" ;;
	esac
}

cpus=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?')
echo "prio benchmark: $(uname -sm), $cpus CPUs," \
    "runs=$runs (+1 warm-up), seed=$seed"
echo "prio: $PRIO"
echo

fmt='%7s %8s | %8s %6s %8s %6s %6s | %8s %6s %8s %6s %6s\n'
tfmt='%-44s %8s  %-8s %s\n'
table=
rev_rows=
for n in $sizes; do
	prepare "$n"
	dir=$out/$n
	r=$(timed "$runs" -- "$BENCH_BIN/readfloor" "$dir")
	floor_ms=${r% *}
	r=$(timed "$runs" -- "$PRIO" -C "$dir" list)
	list_ms=${r% *} list_kib=${r#* }
	r=$(timed "$runs" -- env PRIO_NO_CACHE=1 "$PRIO" -C "$dir" list)
	listc_ms=${r% *} listc_kib=${r#* }
	# check exits 1 when the backlog has errors; the generated one should
	# have none, but a report on its speed is still worth having.
	r=$(timed -e 0,1 "$runs" -- "$PRIO" -C "$dir" check)
	check_ms=${r% *} check_kib=${r#* }
	r=$(timed -e 0,1 "$runs" -- env PRIO_NO_CACHE=1 "$PRIO" -C "$dir" check)
	checkc_ms=${r% *} checkc_kib=${r#* }
	# --rev reads git objects (no stat cache): worth its own line.
	r=$(timed "$runs" -- "$PRIO" -C "$dir" list --rev HEAD)
	rev_rows="$rev_rows$(printf '%8s  list --rev HEAD %10s ms  (%s x the read floor)' \
	    "$n" "${r% *}" "$(calc %.2f 'b / a' "$floor_ms" "${r% *}")")
"
	if [ "$check_ms" != ERR ] &&
	    ! "$PRIO" -C "$dir" check >"$out/check-$n.txt" 2>&1; then
		echo "warning: prio check finds errors in the generated" \
		    "$n-story backlog (all in $out/check-$n.txt):" >&2
		head -n 5 "$out/check-$n.txt" >&2
	fi
	row=$(printf "$fmt" "$n" "$floor_ms" \
	    "$list_ms" "$(calc %.2fx 'b / a' "$floor_ms" "$list_ms")" \
	    "$listc_ms" "$(calc %.2fx 'b / a' "$floor_ms" "$listc_ms")" \
	    "$(calc %.0f '(a > b ? a : b) / 1024' "$list_kib" "$listc_kib")" \
	    "$check_ms" "$(calc %.2fx 'b / a' "$floor_ms" "$check_ms")" \
	    "$checkc_ms" "$(calc %.2fx 'b / a' "$floor_ms" "$checkc_ms")" \
	    "$(calc %.0f '(a > b ? a : b) / 1024' "$check_kib" "$checkc_kib")")
	table="$table$row
"
	eval "floor_$n=\$floor_ms list_$n=\$list_ms check_$n=\$check_ms"
	eval "listc_$n=\$listc_ms checkc_$n=\$checkc_ms"
	eval "listkib_$n=\$list_kib checkkib_$n=\$check_kib"
	eval "listckib_$n=\$listc_kib checkckib_$n=\$checkc_kib"
done

printf "$fmt" "" "" "list" "" "list" "" "" "check" "" "check" "" ""
printf "$fmt" size "floor ms" "warm ms" "/floor" "cold ms" "/floor" "MiB" \
    "warm ms" "/floor" "cold ms" "/floor" "MiB"
printf '%s' "$table"
echo
printf '%s' "$rev_rows"
echo

get() { eval "echo \${$1-}"; }
ratio() { calc %.2f 'b / a' "$(get "$1")" "$(get "$2")"; }

mem=$(calc %.1f '(a > b ? a : b) / 1024' "$(get listckib_100000)" \
    "$(get checkckib_100000)")
memw=$(calc %.1f '(a > b ? a : b) / 1024' "$(get listkib_100000)" \
    "$(get checkkib_100000)")

target() {
	printf "$tfmt" "$1" "$2" "$3 $4" "$(verdict "$2" "$3" "$4")"
}

printf "$tfmt" target measured limit verdict
target "list / read floor at 10k (warm)" "$(ratio floor_10000 list_10000)" \
    '<=' "$T_LIST_FLOOR"
target "list / read floor at 10k (cold)" "$(ratio floor_10000 listc_10000)" \
    '<=' "$T_LIST_FLOOR"
target "check / read floor at 10k (warm)" \
    "$(ratio floor_10000 check_10000)" '<=' "$T_CHECK_FLOOR"
target "check / read floor at 10k (cold)" \
    "$(ratio floor_10000 checkc_10000)" '<=' "$T_CHECK_FLOOR"
target "list 100k / 10k (warm)" "$(ratio list_10000 list_100000)" \
    '<=' "$T_GROWTH"
target "list 100k / 10k (cold)" "$(ratio listc_10000 listc_100000)" \
    '<=' "$T_GROWTH"
target "check 100k / 10k (warm)" "$(ratio check_10000 check_100000)" \
    '<=' "$T_GROWTH"
target "check 100k / 10k (cold)" "$(ratio checkc_10000 checkc_100000)" \
    '<=' "$T_GROWTH"
target "peak RSS at 100k, MiB (warm)" "$memw" '<' "$T_MEM_MIB"
target "peak RSS at 100k, MiB (cold)" "$mem" '<' "$T_MEM_MIB"
printf "$tfmt" "(read floor 100k / 10k, for reference)" \
    "$(ratio floor_10000 floor_100000)" "" ""
echo
echo "n/a: a size the target needs was not measured, or prio failed (ERR)."
exit 0
