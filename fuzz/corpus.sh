#!/bin/sh
# fuzz/corpus.sh TARGET DIR: fills DIR with the seed inputs of one fuzz
# target, taken from the test fixtures.  `make fuzz` calls it; libFuzzer
# reads DIR and adds what it finds to a corpus directory of its own.
set -e
target=$1
dir=$2
src=$(dirname "$0")/..
fx=$src/tests/fixtures
rm -rf "$dir"
mkdir -p "$dir"
# Every input ever saved for the target (seeds and crashers).
cp "$fx/fuzz/$target"/* "$dir"/
case $target in
story)
	for f in "$fx"/bad/*.md "$fx"/edit/*.md "$src"/examples/backlog/stories/*.md
	do
		cp "$f" "$dir/$(basename "$(dirname "$f")")-$(basename "$f")"
	done
	;;
config)
	cp "$src/examples/backlog/prio.yml" "$dir/example-prio.yml"
	;;
edit)
	# The first byte chooses the edit (see fuzz_edit.c): one copy of
	# each editor fixture per key, with the first value for the key.
	for f in "$fx"/edit/*.in.md "$fx"/bad/*.md
	do
		for k in 0 1 2 3 4 5 6 7 8 9; do
			{ printf "\\$(printf %o $k)"; cat "$f"; } \
			    >"$dir/$(basename "$f" .md)-$k"
		done
	done
	;;
esac
