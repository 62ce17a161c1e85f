# tests/cli/check-memo.sh — shared by the tests of the hook's check memo
# (t0613, t0614; sourced after lib.sh).

# same_as_oracle NAME: check --staged with the memo, then without any
# cache; stdout, stderr (less the trace) and exit code must be equal.
# WAY gets the way the first took.
same_as_oracle() {
	PRIO_TRACE=2 "$PRIO" check --staged >"$TEST_ROOT/m.out" \
	    2>"$TEST_ROOT/m.err"
	m_rc=$?
	WAY=$(sed -n 's/^prio: trace: compared with the base the \([a-z]*\) way.*/\1/p' \
	    "$TEST_ROOT/m.err")
	grep -v '^prio: trace:' "$TEST_ROOT/m.err" >"$TEST_ROOT/m.err2"
	PRIO_NO_CACHE=1 "$PRIO" check --staged >"$TEST_ROOT/o.out" \
	    2>"$TEST_ROOT/o.err"
	o_rc=$?
	if [ "$m_rc" = "$o_rc" ] && cmp -s "$TEST_ROOT/m.out" "$TEST_ROOT/o.out" &&
	    cmp -s "$TEST_ROOT/m.err2" "$TEST_ROOT/o.err"; then
		ok "$1"
	else
		not_ok "$1"
		echo "#   exit $m_rc (memo) against $o_rc (no cache)"
		diff -u "$TEST_ROOT/o.out" "$TEST_ROOT/m.out" | sed 's/^/#   /'
		diff -u "$TEST_ROOT/o.err" "$TEST_ROOT/m.err2" | sed 's/^/#   /'
	fi
}
