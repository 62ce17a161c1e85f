#!/bin/sh
# src/cli keeps its layers (README, "Where things live in src/cli"):
# a command's file defines its command and nothing else the rest of
# prio links to, and no command calls into another command's file
# (what two commands share lives in a cli_* helper or the library);
# main.c and cli_util.c do not import each other.  Read from the
# objects the build made, with nm: what a file defines and what it
# uses is what the linker sees, whatever the headers say.
. "$(dirname "$0")/lib.sh"

# The objects are where make put them: $(BUILD)/src/cli, and make check
# sets PRIO_UNIT_DIR to $(BUILD)/tests (BUILD=, SANITIZE= and all).
unit=${PRIO_UNIT_DIR:-}
if [ -z "$unit" ]; then
	not_ok "PRIO_UNIT_DIR is not set; run this through make check, or set it to <build>/tests"
	done_testing
	exit 1
fi
# (Taken apart as text: a build of prio alone has no tests/ to go up from.)
case $unit in
*/tests|*/tests/) objdir=${unit%/}; objdir=${objdir%/tests}/src/cli ;;
*) objdir=$unit/../src/cli ;;
esac
if ! command -v nm >/dev/null 2>&1; then
	not_ok "nm is needed to read the objects (Debian: binutils)"
	done_testing
	exit 1
fi
if [ ! -f "$objdir/main.o" ] || [ ! -f "$objdir/cli_util.o" ]; then
	not_ok "no objects in $objdir; build first (make all)"
	done_testing
	exit 1
fi

work=$TEST_ROOT/layers
mkdir -p "$work"

# The global symbols an object defines, and those it uses, one a line;
# what a sanitizer adds of its own (ASan's ODR indicators) is not
# prio's.
defined() {
	nm -g --defined-only "$1" | awk 'NF == 3 { print $3 }' |
	    grep -v '^__odr_asan\|^__asan\|^__tsan\|^__sancov' | sort -u
}
used() {
	nm -u "$1" | awk '{ print $NF }' | sort -u
}

# The command objects of the sources there are (a stale object of a
# file that has gone does not count).
cmds=
for src in "$PRIO_SRC"/src/cli/cmd_*.c; do
	name=$(basename "$src" .c)
	if [ ! -f "$objdir/$name.o" ]; then
		not_ok "$name.o is missing from $objdir; build first (make all)"
		continue
	fi
	cmds="$cmds $name"
	defined "$objdir/$name.o" >"$work/$name.def"
	used "$objdir/$name.o" >"$work/$name.use"
done
[ -n "$cmds" ] || not_ok "no cmd_*.c in $PRIO_SRC/src/cli"
# "symbol cmd_<name>": what each command's object defines.
for name in $cmds; do
	sed "s/\$/ $name/" "$work/$name.def"
done >"$work/alldefs"

for name in $cmds; do
	# Defines cmd_<name> and nothing else.
	grep -vx "$name" "$work/$name.def" >"$work/extra"
	# Uses nothing another command's object defines.
	awk -v me="$name" 'NR == FNR { if ($2 != me) def[$1] = $2; next }
	    ($1 in def) { print $1, "(defined in " def[$1] ".o)" }' \
	    "$work/alldefs" "$work/$name.use" >"$work/cross"
	if [ -s "$work/extra" ] || [ -s "$work/cross" ]; then
		not_ok "$name.o defines only $name and uses no other command"
		sed 's/^/#   defines /' "$work/extra"
		sed 's/^/#   uses /' "$work/cross"
	else
		ok "$name.o defines only $name and uses no other command"
	fi
done

# main.c and cli_util.c do not import each other.
defined "$objdir/main.o" >"$work/main.def"
used "$objdir/main.o" >"$work/main.use"
defined "$objdir/cli_util.o" >"$work/util.def"
used "$objdir/cli_util.o" >"$work/util.use"
comm -12 "$work/util.use" "$work/main.def" >"$work/util-main"
if [ -s "$work/util-main" ]; then
	not_ok "cli_util.o uses nothing main.o defines"
	sed 's/^/#   uses /' "$work/util-main"
else
	ok "cli_util.o uses nothing main.o defines"
fi
comm -12 "$work/main.use" "$work/util.def" >"$work/main-util"
if [ -s "$work/main-util" ]; then
	not_ok "main.o uses nothing cli_util.o defines"
	sed 's/^/#   uses /' "$work/main-util"
else
	ok "main.o uses nothing cli_util.o defines"
fi

done_testing
