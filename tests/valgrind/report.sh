#!/bin/sh
# tests/valgrind/report.sh DIR: after the tests, print every valgrind
# report left in DIR and fail if there is one.
dir=${1:?}
found=0
for f in "$dir"/vg.*; do
	[ -s "$f" ] || continue
	found=$((found + 1))
	echo "== $f"
	cat "$f"
done
if [ $found -gt 0 ]; then
	echo "check-valgrind: $found prio run(s) with memory errors or leaks" >&2
	exit 1
fi
echo "check-valgrind: no memory errors, no leaks"
