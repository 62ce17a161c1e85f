#!/bin/sh
# Runs every C unit test binary and re-emits its TAP as one subtest each,
# so prove counts them alongside the shell tests.
dir=${PRIO_UNIT_DIR:?set PRIO_UNIT_DIR (make check does)}
n=0
fail=0
for t in "$dir"/t-*; do
	[ -x "$t" ] || continue
	n=$((n + 1))
	name=$(basename "$t")
	out=$("$t" 2>&1); rc=$?
	printf '%s\n' "$out" | sed 's/^/    /'
	if [ $rc -eq 0 ] && ! printf '%s\n' "$out" | grep -q '^not ok'; then
		echo "ok $n - $name"
	else
		echo "not ok $n - $name (exit $rc)"
		fail=1
	fi
done
echo "1..$n"
[ $n -gt 0 ] || { echo "# no unit tests found in $dir"; exit 1; }
exit $fail
