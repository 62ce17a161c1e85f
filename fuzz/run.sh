#!/bin/sh
# fuzz/run.sh BUILD SECONDS TARGET...: runs each libFuzzer target in turn
# (one process, one job: the machine is shared) for SECONDS, on a corpus
# kept in BUILD/fuzz/corpus-<target> and the seeds from the fixtures.  A
# crash ends that target's run; the input is saved as
# BUILD/fuzz/crash-<target>-* and belongs, once fixed, in
# tests/fixtures/fuzz/<target>/.  Exits 1 if any target crashed.
set -e
failed=""
build=$1
seconds=$2
shift 2
here=$(dirname "$0")
for t in "$@"; do
	sh "$here/corpus.sh" "$t" "$build/fuzz/seeds-$t"
	mkdir -p "$build/fuzz/corpus-$t"
	echo "== fuzz $t for ${seconds}s"
	"$build/fuzz/fuzz-$t" -max_total_time="$seconds" -timeout=10 \
	    -max_len=8192 -print_final_stats=1 \
	    -artifact_prefix="$build/fuzz/crash-$t-" \
	    "$build/fuzz/corpus-$t" "$build/fuzz/seeds-$t" \
	    2>"$build/fuzz/log-$t" || {
		tail -n 60 "$build/fuzz/log-$t"
		echo "fuzz/run.sh: $t found a problem; see $build/fuzz/log-$t" >&2
		failed="$failed $t"
		continue
	}
	grep -E '^#[0-9]+[[:space:]]+DONE|^stat::number_of_executed_units|^stat::peak_rss' \
	    "$build/fuzz/log-$t" || true
	tail -n 1 "$build/fuzz/log-$t"
done
if [ -n "$failed" ]; then
	echo "fuzz/run.sh: problems found by:$failed" >&2
	exit 1
fi
