#!/bin/sh
# bench/mcp.sh — prio mcp at 10,000 stories (issue 17): a `list` call on a
# running server against a `prio list --json` process (target: at most
# half its time), and 1,000 `show` calls in a row (target: within 2x of
# the first, memory flat).  The server is driven by bench/mcp.py, which
# alternates the two sides run by run; figures are medians of wall time.
#
#   PRIO=build/prio BENCH_BIN=build/bench sh bench/mcp.sh
#
# BENCH_RUNS (default 7) list runs per side, BENCH_SHOWS (1000) shows,
# BENCH_OUT and BENCH_SEED as for run.sh, whose committed backlog of
# 10,000 stories this works on (a packed working copy, see work.sh).
set -eu
: "${PRIO:?set PRIO to the prio binary}"
: "${BENCH_BIN:?set BENCH_BIN to the directory of gen, readfloor, measure}"
here=$(cd "$(dirname "$0")" && pwd)
out=${BENCH_OUT:-$here/out}
PRIO=$(cd "$(dirname "$PRIO")" && pwd)/$(basename "$PRIO")
export PRIO BENCH_BIN
command -v python3 >/dev/null 2>&1 || {
	echo "bench/mcp.sh: python3 is needed (apt-get install python3)" >&2
	exit 1
}
mkdir -p "$out"
. "$here/work.sh"
work_copy 10000 mcp
echo "prio mcp at 10,000 stories (medians, wall time; a shared machine" \
    "makes them noisy):"
python3 "$here/mcp.py" "$PRIO" "$PWD" "${BENCH_RUNS:-7}" \
    "${BENCH_SHOWS:-1000}"
