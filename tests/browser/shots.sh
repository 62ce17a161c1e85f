# tests/browser/shots.sh — sourced by the browser tests after lib.sh.
#
# shot_checks NAME WIDTH HEIGHT COLOURS [#rrggbb...]: the facts of
# $TEST_ROOT/NAME.png (png-facts.py, with the pixel counts of the colours
# given) into $TEST_ROOT/facts, and two checks: the screenshot is the
# size asked for, and it is not blank (at least COLOURS colours, and a
# tenth or more of it not white).
shot_checks() {
	_name=$1 _w=$2 _h=$3 _colours=$4
	shift 4
	python3 "$PRIO_SRC/tests/browser/png-facts.py" "$TEST_ROOT/$_name.png" \
	    "$@" >"$TEST_ROOT/facts" 2>&1
	if [ "$(sed -n 's/^size //p' "$TEST_ROOT/facts")" = "${_w}x$_h" ]; then
		ok "the $_name screenshot is ${_w}x$_h"
	else
		not_ok "the $_name screenshot is ${_w}x$_h"
		sed 's/^/#   /' "$TEST_ROOT/facts"
	fi
	_c=$(sed -n 's/^colours //p' "$TEST_ROOT/facts")
	_inked=$(sed -n 's/^not white \([0-9]*\)%/\1/p' "$TEST_ROOT/facts")
	if [ "${_c:-0}" -ge "$_colours" ] && [ "${_inked:-0}" -ge 10 ]; then
		ok "the $_name screenshot is not blank"
	else
		not_ok "the $_name screenshot is not blank"
		sed 's/^/#   /' "$TEST_ROOT/facts"
	fi
}
