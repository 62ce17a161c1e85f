#!/bin/sh
# Colour and the pager happen only on a terminal, as in git: colour never
# with NO_COLOR, the pager from PRIO_PAGER, then PAGER, then less.
. "$(dirname "$0")/lib.sh"

if ! command -v script >/dev/null 2>&1; then
	echo "Bail out! util-linux script(1) is needed for a pseudo-terminal"
	exit 1
fi

new_repo
good_story S-1

# on_tty CMD...: runs CMD with a pseudo-terminal as stdout; output in $OUT.
on_tty() {
	script -qec "$*" /dev/null </dev/null >"$TEST_ROOT/out" 2>&1
	RC=$?
	tr -d '\r' <"$TEST_ROOT/out" >"$TEST_ROOT/out.clean"
	mv "$TEST_ROOT/out.clean" "$TEST_ROOT/out"
}

esc=$(printf '\033')

unset NO_COLOR
PRIO_PAGER=cat on_tty "$PRIO" list
expect_rc 0 "list on a terminal exits 0"
if grep -q "$esc\\[1m#" "$TEST_ROOT/out"; then
	ok "the header is bold on a terminal"
else
	not_ok "the header is bold on a terminal"
	sed 's/^/#   /' "$TEST_ROOT/out" | cat -v
fi

NO_COLOR=1 PRIO_PAGER=cat on_tty "$PRIO" list
if grep -q "$esc" "$TEST_ROOT/out"; then
	not_ok "NO_COLOR turns colour off on a terminal"
else
	ok "NO_COLOR turns colour off on a terminal"
fi

TERM=dumb PRIO_PAGER=cat on_tty "$PRIO" list
if grep -q "$esc" "$TEST_ROOT/out"; then
	not_ok "TERM=dumb turns colour off"
else
	ok "TERM=dumb turns colour off"
fi

run_prio list
if grep -q "$esc" "$TEST_ROOT/out"; then
	not_ok "no colour when stdout is not a terminal"
else
	ok "no colour when stdout is not a terminal"
fi

NO_COLOR=1 PRIO_PAGER="sed s/^/paged:/" on_tty "$PRIO" list
expect_out "a terminal's output goes through PRIO_PAGER" <<'X'
paged:#  ID   STATUS  SCORE  TITLE
paged:1  S-1  ready    2.00  Story S-1
X

NO_COLOR=1 PAGER="sed s/^/pager:/" on_tty "$PRIO" show S-1
if grep -q '^pager:S-1  Story S-1$' "$TEST_ROOT/out"; then
	ok "PAGER is used when PRIO_PAGER is unset"
else
	not_ok "PAGER is used when PRIO_PAGER is unset"
	sed 's/^/#   /' "$TEST_ROOT/out"
fi

NO_COLOR=1 PRIO_PAGER="sed s/^/paged:/" run_prio list
expect_out "no pager when stdout is not a terminal" <<'X'
#  ID   STATUS  SCORE  TITLE
1  S-1  ready    2.00  Story S-1
X

NO_COLOR=1 PRIO_PAGER="sed s/^/paged:/" on_tty "$PRIO" check
if grep -q '^paged:' "$TEST_ROOT/out"; then
	not_ok "check is not paged (its output is for tools too)"
else
	ok "check is not paged (its output is for tools too)"
fi

# The rationale comes from the editor when prio runs on a terminal, as
# with git commit: comment lines dropped, an empty text aborts.
git add -A && git commit -qm base
cat >"$TEST_ROOT/editor" <<'X'
#!/bin/sh
grep -q '^# Why? Write the rationale for:' "$1" || exit 1
printf 'Because the pilot needs it.\n# a comment\n' >"$1"
X
chmod +x "$TEST_ROOT/editor"
GIT_EDITOR="'$TEST_ROOT/editor'" on_tty "$PRIO" move S-1 --bottom
expect_rc 0 "move takes the rationale from the editor on a terminal"
git log -1 --format=%B >"$TEST_ROOT/out"
expect_out "the editor's text, without comment lines, is the rationale" <<'X'
prio: move S-1 to #1 (was #1)

Because the pilot needs it.

Prio-Story: S-1
Prio-Change: rank none -> 1

X
head_before=$(git rev-parse HEAD)
GIT_EDITOR=true on_tty "$PRIO" move S-1 --top
expect_rc 1 "an empty rationale from the editor aborts"
[ "$(git rev-parse HEAD)" = "$head_before" ] &&
    ok "and nothing is committed" || not_ok "and nothing is committed"

done_testing
