#!/bin/sh
# .clang-format says the house style (OpenBSD style(9), as tmux): a
# file written in it comes out of clang-format unchanged, and the same
# file written any which way comes out as it.  What clang-format cannot
# say is in the README ("Formatting").
. "$(dirname "$0")/lib.sh"

STYLE=$FIXTURES/style

case_formatter() {
	if ! command -v clang-format >/dev/null 2>&1; then
		not_ok "clang-format is installed (apt-get install clang-format; tools/deps.sh lists it)"
		return
	fi
	case $(clang-format --version) in
	*"version 14."*) ok "clang-format is version 14, the one the config is written for" ;;
	*) not_ok "clang-format is version 14 (got: $(clang-format --version))" ;;
	esac
	# clang-format finds .clang-format above the file, in PRIO_SRC.
	clang-format --style=file "$STYLE/house.c" >"$TEST_ROOT/out" \
	    2>"$TEST_ROOT/err"
	RC=$?
	expect_rc 0 "clang-format reads the config"
	expect_file "$STYLE/house.c" "house style is left as it is" \
	    <"$TEST_ROOT/out"
	clang-format --style=file --assume-filename="$STYLE/x.c" \
	    <"$STYLE/unformatted.c" >"$TEST_ROOT/out" 2>"$TEST_ROOT/err"
	RC=$?
	expect_rc 0 "clang-format formats the unformatted file"
	expect_file "$STYLE/house.c" "and makes it house style" \
	    <"$TEST_ROOT/out"
}
run_case formatter

done_testing
