#!/bin/sh
# Interrupts leave nothing half-done (issue 13).  SIGINT, SIGTERM and
# SIGHUP during a commit: before the branch moves, everything is rolled
# back; after, the work tree and index are finished; either way prio
# says so in one line and exits 128 + the signal.  SIGKILL at any
# moment: the next prio command finishes or undoes the run from its
# journal and says so in one line.  A write that cannot be done is
# refused before the branch moves.  git itself is the judge.
#
# PRIO_TEST_SIGNAL_AT=<point>:<signal> makes prio send itself the
# signal at one point of a commit: begin (before anything), journaled,
# locked (index.lock taken), prepared (temporary files written),
# landing (journal says the branch moves), landed (it moved), written
# (the work-tree files renamed in), installing (the new index renamed
# over index.lock).
. "$(dirname "$0")/lib.sh"

# A repository with three ranked stories and an accepted-ready one.
setup() {
	new_repo
	good_story S-1 "rank: 1"
	good_story S-2 "rank: 2"
	good_story S-3 "rank: 3"
	OLD=$(commit_all && git rev-parse HEAD)
}

# whole NAME: what git says after a run that was cut short: the index
# is HEAD, nothing is changed or untracked, fsck is clean, and no lock,
# journal or temporary file is left.
whole() {
	_w=""
	git diff --cached --quiet || _w="$_w index-differs-from-HEAD"
	[ -z "$(git status --porcelain)" ] || _w="$_w status: $(git status --porcelain | tr '\n' ' ')"
	git fsck --no-progress 2>&1 | grep -v '^dangling ' | grep -q . &&
	    _w="$_w fsck"
	for _l in .git/index.lock .git/refs/heads/main.lock \
	    .git/prio-journal .git/prio-journal.new; do
		[ -e "$_l" ] && _w="$_w $_l"
	done
	ls .git | grep -q '^index\.prio-' && _w="$_w .git/index.prio-*"
	[ -z "$(find backlog -name '.*.prio-*')" ] || _w="$_w temp-files"
	if [ -z "$_w" ]; then
		ok "$1"
	else
		not_ok "$1"
		echo "#   left:$_w"
	fi
}

# head_is WHAT NAME: HEAD is the old commit, or one commit on it.
head_is() {
	case $1 in
	old) [ "$(git rev-parse HEAD)" = "$OLD" ] ;;
	new) [ "$(git rev-parse HEAD^)" = "$OLD" ] ;;
	esac && ok "$2" || not_ok "$2"
}

# run_prio_env VAR=VALUE ARGS...: run_prio with one more variable.
run_prio_env() {
	_env=$1
	shift
	env "$_env" "$PRIO" "$@" >"$TEST_ROOT/out" 2>"$TEST_ROOT/err"
	RC=$?
}

# Process ids and commit ids vary.
scrub() {
	sed -E 's/process [0-9]+/process PID/; s/commit [0-9a-f]{7}/commit ID/; s/\[main [0-9a-f]{7}\]/[main ID]/' "$@"
}

UNDID="prio: undid a prio command that was interrupted before its commit (process PID): its lock and temporary files are removed"
FINISHED="prio: finished a prio command that was interrupted after its commit (process PID): the work tree and index now show commit ID"

# SIGKILL at each point; the next `prio list` recovers.
for case in "journaled old undid" "locked old undid" "prepared old undid" \
    "landing old undid" "landed new finished" "written new finished" \
    "installing new finished"; do
	set -- $case
	setup
	PRIO_TEST_SIGNAL_AT=$1:9 "$PRIO" move S-3 --top -m "kill" \
	    >/dev/null 2>&1
	[ $? -eq 137 ] && ok "kill at $1: prio died of SIGKILL" ||
	    not_ok "kill at $1: prio died of SIGKILL"
	[ -e .git/prio-journal ] && ok "kill at $1: the journal is left" ||
	    not_ok "kill at $1: the journal is left"
	run_prio list
	expect_rc 0 "kill at $1: prio list works"
	scrub "$TEST_ROOT/err" >"$TEST_ROOT/err.scrubbed"
	mv "$TEST_ROOT/err.scrubbed" "$TEST_ROOT/err"
	if [ "$3" = undid ]; then
		expect_err "kill at $1: the next prio undoes it, in one line" <<EOF
$UNDID
EOF
	else
		expect_err "kill at $1: the next prio finishes it, in one line" <<EOF
$FINISHED
EOF
	fi
	head_is "$2" "kill at $1: HEAD is the $2 commit"
	whole "kill at $1: index is HEAD, status clean, fsck clean, nothing left"
	if [ "$2" = new ]; then
		git diff --quiet "$OLD" -- backlog/stories/S-3.md &&
		    not_ok "kill at $1: the work tree has the move" ||
		    ok "kill at $1: the work tree has the move"
	fi
	run_prio set S-1 owner=ada -m "after"
	expect_rc 0 "kill at $1: prio commits again, no lock removed by hand"
	[ -z "$(git status --porcelain)" ] &&
	    ok "kill at $1: and leaves status clean" ||
	    not_ok "kill at $1: and leaves status clean"
done

# A rename (reid: one file written, one removed), killed after the
# branch moved, before and after the work tree was done.
for point in landed written; do
	setup
	sed 's/^title: .*/title: Twin/' backlog/stories/S-1.md \
	    >backlog/stories/S-1-twin.md
	OLD=$(commit_all && git rev-parse HEAD)
	PRIO_TEST_SIGNAL_AT=$point:9 "$PRIO" reid backlog/stories/S-1-twin.md \
	    -m kill >/dev/null 2>&1
	run_prio list
	scrub "$TEST_ROOT/err" >"$TEST_ROOT/err.scrubbed"
	mv "$TEST_ROOT/err.scrubbed" "$TEST_ROOT/err"
	expect_err "reid killed at $point: the next prio finishes it" <<EOF
$FINISHED
EOF
	head_is new "reid killed at $point: HEAD is the new commit"
	whole "reid killed at $point: the old name gone, the new one there"
	[ ! -e backlog/stories/S-1-twin.md ] &&
	    [ "$(git ls-files backlog/stories | wc -l)" = 4 ] &&
	    ok "reid killed at $point: four stories, the twin renamed" ||
	    not_ok "reid killed at $point: four stories, the twin renamed"
done

# Before the journal exists there is nothing to recover.
setup
PRIO_TEST_SIGNAL_AT=begin:9 "$PRIO" move S-3 --top -m kill >/dev/null 2>&1
run_prio list
expect_err "kill before the journal: nothing to say" </dev/null
head_is old "kill before the journal: HEAD is the old commit"
whole "kill before the journal: nothing left"

# A kill while recovery itself finishes a run: the run after finishes it.
setup
PRIO_TEST_SIGNAL_AT=landed:9 "$PRIO" move S-3 --top -m kill >/dev/null 2>&1
PRIO_TEST_SIGNAL_AT=locked:9 "$PRIO" list >/dev/null 2>&1
[ -e .git/index.lock ] && ok "recovery killed: its lock is left" ||
    not_ok "recovery killed: its lock is left"
run_prio list
scrub "$TEST_ROOT/err" >"$TEST_ROOT/err.scrubbed"
mv "$TEST_ROOT/err.scrubbed" "$TEST_ROOT/err"
expect_err "recovery killed: the next prio finishes it" <<EOF
$FINISHED
EOF
head_is new "recovery killed: HEAD is the new commit"
whole "recovery killed: nothing left"

# A lock that is not prio's stays, journal or not.
setup
PRIO_TEST_SIGNAL_AT=journaled:9 "$PRIO" move S-3 --top -m kill \
    >/dev/null 2>&1
: >.git/index.lock
run_prio list
scrub "$TEST_ROOT/err" >"$TEST_ROOT/err.scrubbed"
mv "$TEST_ROOT/err.scrubbed" "$TEST_ROOT/err"
expect_err "a lock of someone else's: the run is undone" <<EOF
$UNDID
EOF
[ -e .git/index.lock ] && ok "a lock of someone else's: it stays" ||
    not_ok "a lock of someone else's: it stays"
[ ! -e .git/prio-journal ] && ok "a lock of someone else's: journal gone" ||
    not_ok "a lock of someone else's: journal gone"
rm .git/index.lock

# A work-tree file the user changed after the kill is not overwritten;
# the index still becomes HEAD's.
setup
PRIO_TEST_SIGNAL_AT=landed:9 "$PRIO" move S-3 --top -m kill >/dev/null 2>&1
echo "mine" >>backlog/stories/S-3.md
run_prio list
expect_rc 0 "user's change after the kill: prio list works"
git diff --cached --quiet && ok "user's change after the kill: index is HEAD" ||
    not_ok "user's change after the kill: index is HEAD"
[ "$(tail -n 1 backlog/stories/S-3.md)" = mine ] &&
    ok "user's change after the kill: kept" ||
    not_ok "user's change after the kill: kept"
[ "$(git status --porcelain)" = " M backlog/stories/S-3.md" ] &&
    ok "user's change after the kill: shows as the user's change" ||
    not_ok "user's change after the kill: shows as the user's change"

# The branch moved on (an update-ref) before any prio came: not
# finished, said so, locks and temporary files gone.
setup
PRIO_TEST_SIGNAL_AT=landed:9 "$PRIO" move S-3 --top -m kill >/dev/null 2>&1
git update-ref refs/heads/main "$(git commit-tree -p HEAD -m on HEAD^{tree})"
run_prio list
scrub "$TEST_ROOT/err" >"$TEST_ROOT/err.scrubbed"
mv "$TEST_ROOT/err.scrubbed" "$TEST_ROOT/err"
expect_err "moved on: says the run was not finished, and why" <<'EOF'
prio: a prio command interrupted after its commit ID (process PID) was not finished: the branch has moved on since; its lock and temporary files are removed, and 'git status' shows what the index lacks
EOF
[ ! -e .git/index.lock ] && [ ! -e .git/prio-journal ] &&
    ok "moved on: no lock or journal left" ||
    not_ok "moved on: no lock or journal left"

# A live writer's journal is left alone.
setup
PRIO_TEST_SIGNAL_AT=locked:19 "$PRIO" move S-3 --top -m stop \
    >"$TEST_ROOT/bg.out" 2>"$TEST_ROOT/bg.err" &
bg=$!
i=0
while [ ! -e .git/index.lock ] && [ $i -lt 100 ]; do
	sleep 0.05
	i=$((i + 1))
done
run_prio list
expect_err "a live writer: prio list says nothing" </dev/null
[ -e .git/index.lock ] && [ -e .git/prio-journal ] &&
    ok "a live writer: its lock and journal stay" ||
    not_ok "a live writer: its lock and journal stay"
run_prio set S-1 owner=ada -m "meanwhile"
expect_rc 1 "a live writer: another commit waits, then is refused"
expect_err "a live writer: and says why" <<'EOF'
prio: cannot commit: another prio is writing in this work tree; run the command again when it has finished
EOF
kill -CONT $bg
wait $bg
[ $? -eq 0 ] && ok "a live writer: it finishes" ||
    not_ok "a live writer: it finishes"
head_is new "a live writer: HEAD is its commit"
whole "a live writer: nothing left"

# SIGINT, SIGTERM and SIGHUP before the branch moves: rolled back.
for case in "journaled 1 HUP" "locked 15 TERM" "prepared 2 INT"; do
	set -- $case
	setup
	run_prio_env PRIO_TEST_SIGNAL_AT=$1:$2 move S-3 --top -m "stop"
	expect_rc $((128 + $2)) "SIG$3 at $1: exit 128+$2"
	expect_out "SIG$3 at $1: nothing on stdout" </dev/null
	expect_err "SIG$3 at $1: says so in one line" <<EOF
prio: interrupted by SIG$3; nothing was changed
EOF
	head_is old "SIG$3 at $1: HEAD is the old commit"
	whole "SIG$3 at $1: rolled back completely"
done

# ... after the branch moves: finished, then the exit.
for case in "landing 15 TERM" "landed 2 INT" "written 1 HUP" \
    "installing 2 INT"; do
	set -- $case
	setup
	run_prio_env PRIO_TEST_SIGNAL_AT=$1:$2 move S-3 --top -m "stop"
	expect_rc $((128 + $2)) "SIG$3 at $1: exit 128+$2"
	scrub "$TEST_ROOT/out" >"$TEST_ROOT/out.scrubbed"
	mv "$TEST_ROOT/out.scrubbed" "$TEST_ROOT/out"
	expect_out "SIG$3 at $1: the commit is reported" <<'EOF'
[main ID] prio: move S-3 to #1 (was #3)
EOF
	expect_err "SIG$3 at $1: says so in one line" <<EOF
prio: interrupted by SIG$3 after the commit was made; the work tree and index show it
EOF
	head_is new "SIG$3 at $1: HEAD is the new commit"
	whole "SIG$3 at $1: work tree and index finished"
done

# Every command that commits stops cleanly.  Ranks out of score order
# and not 1..n, a done story, and (for reid) two stories with one ID.
new_repo
for i in 1 2 3; do
	good_story S-$i "rank: $((i * 10))"
	sed -i "s/^value: 5/value: $i/" backlog/stories/S-$i.md
done
story S-4 <<'EOF'
---
id: S-4
title: Done story
status: done
value: 5
urgency: 3
risk: 2
effort: 5
rank: 40
---
As a user I want it.

## Acceptance criteria

- [x] It works.
EOF
OLD=$(commit_all && git rev-parse HEAD)
for cmd in "move S-3 --top -m x" "set S-1 owner=ada -m x" \
    "rerank --by score -m x" "renumber -m x" "accept S-4 -m x" \
    "reject S-4 -m x" "new Interrupted --commit -m x" \
    "reid backlog/stories/S-1-twin.md -m x"; do
	case $cmd in
	reid*)
		sed 's/^title: .*/title: Twin/' backlog/stories/S-1.md \
		    >backlog/stories/S-1-twin.md
		OLD=$(commit_all && git rev-parse HEAD)
		;;
	esac
	run_prio_env PRIO_TEST_SIGNAL_AT=prepared:2 $cmd
	expect_rc 130 "SIGINT during $cmd: exit 130"
	grep -qx "prio: interrupted by SIGINT; nothing was changed" \
	    "$TEST_ROOT/err" && ok "SIGINT during $cmd: said" ||
	    { not_ok "SIGINT during $cmd: said"; sed 's/^/#   /' "$TEST_ROOT/err"; }
	head_is old "SIGINT during $cmd: no commit"
	# `prio new` leaves the story it created, as it says it does.
	git clean -qf backlog/stories
	whole "SIGINT during $cmd: nothing left"
done

# The loser of two moves of one story: exit 1, "run it again".
setup
PRIO_TEST_SIGNAL_AT=begin:19 "$PRIO" move S-3 --top -m first \
    >"$TEST_ROOT/bg.out" 2>"$TEST_ROOT/bg.err" &
bg=$!
i=0
until grep -q '^T' /proc/$bg/stat 2>/dev/null ||
    [ "$(cut -d' ' -f3 /proc/$bg/stat 2>/dev/null)" = T ] || [ $i -ge 100 ]; do
	sleep 0.05
	i=$((i + 1))
done
run_prio move S-3 --after S-1 -m second
expect_rc 0 "two moves of one story: the first to commit wins"
kill -CONT $bg
wait $bg
[ $? -eq 1 ] && ok "two moves of one story: the loser exits 1" ||
    not_ok "two moves of one story: the loser exits 1"
diff -u - "$TEST_ROOT/bg.err" <<'EOF' &&
prio: 'backlog/stories/S-3.md' changed meanwhile, run it again: HEAD moved while prio was working, and the new HEAD changes it too
EOF
    ok "two moves of one story: the loser says to run it again" ||
    { not_ok "two moves of one story: the loser says to run it again"; sed 's/^/#   /' "$TEST_ROOT/bg.err"; }
whole "two moves of one story: nothing left"

# The post-commit hook runs once the run is over: a prio it runs may
# commit in turn, with no journal or lock in its way.
setup
cat >.git/hooks/post-commit <<'EOF'
#!/bin/sh
[ -n "${IN_HOOK:-}" ] && exit 0
export IN_HOOK=1
ls -a .git | grep -e prio-journal -e 'index\.' >"$HOME/hook.saw"
"$PRIO" set S-1 owner=hook -m "from the hook" >/dev/null 2>&1 &&
    echo committed >>"$HOME/hook.saw"
EOF
chmod +x .git/hooks/post-commit
PRIO=$PRIO run_prio move S-3 --top -m "with a hook"
rm .git/hooks/post-commit
expect_rc 0 "post-commit: the move commits"
expect_file "$HOME/hook.saw" "post-commit: no journal or lock left; a prio in the hook commits" <<'EOF'
committed
EOF
[ "$(git log --format=%s -2 | tail -n 1)" = "prio: move S-3 to #1 (was #3)" ] &&
    ok "post-commit: the hook's commit is on top" ||
    not_ok "post-commit: the hook's commit is on top"
whole "post-commit: nothing left"

# A folder that cannot be written: refused before the branch moves.
# We run as root in CI, and root writes anywhere: drop the capabilities
# that let it (setpriv, util-linux), so the permission bits hold as
# they do for everyone else.
setup
as_user=""
if [ "$(id -u)" = 0 ]; then
	command -v setpriv >/dev/null 2>&1 || {
		not_ok "setpriv (util-linux) is needed to test permissions as root"
		done_testing
		exit
	}
	as_user="setpriv --bounding-set=-dac_override,-dac_read_search,-fowner,-linux_immutable --"
fi
chmod a-w backlog/stories
$as_user "$PRIO" move S-3 --top -m "no way" >"$TEST_ROOT/out" 2>"$TEST_ROOT/err"
RC=$?
chmod u+w backlog/stories
expect_rc 1 "stories not writable: refused (exit 1)"
expect_err "stories not writable: says which file, and that nothing was committed" <<'EOF'
prio: cannot write 'backlog/stories/S-3.md': Permission denied; nothing was committed
EOF
head_is old "stories not writable: the branch did not move"
whole "stories not writable: nothing left"

# A write that fails after the branch moved all the same (here .git
# made read-only at that moment): said, the journal kept, and the next
# prio finishes the run.
setup
PRIO_TEST_SIGNAL_AT=landed:19 $as_user "$PRIO" move S-3 --top -m late \
    >"$TEST_ROOT/bg.out" 2>"$TEST_ROOT/bg.err" &
bg=$!
i=0
until [ "$(cut -d' ' -f3 /proc/$bg/stat 2>/dev/null)" = T ] ||
    [ $i -ge 100 ]; do
	sleep 0.05
	i=$((i + 1))
done
chmod a-w .git
kill -CONT $bg
wait $bg
rc=$?
chmod u+w .git
[ $rc -eq 3 ] && ok "late failure: exit 3" ||
    not_ok "late failure: exit 3 (got $rc)"
grep -q "the next prio command finishes it" "$TEST_ROOT/bg.err" &&
    ok "late failure: says the next prio finishes it" ||
    { not_ok "late failure: says the next prio finishes it"; sed 's/^/#   /' "$TEST_ROOT/bg.err"; }
[ -e .git/prio-journal ] && ok "late failure: the journal is kept" ||
    not_ok "late failure: the journal is kept"
run_prio list
scrub "$TEST_ROOT/err" >"$TEST_ROOT/err.scrubbed"
mv "$TEST_ROOT/err.scrubbed" "$TEST_ROOT/err"
expect_err "late failure: the next prio finishes it" <<EOF
$FINISHED
EOF
head_is new "late failure: HEAD is the new commit"
whole "late failure: index is HEAD, nothing left"


# Killed while writing the journal itself (its first write): only
# .git/prio-journal.new is left, and the next prio removes it quietly.
setup
printf 'prio-journal 1\npid 999999\ntoken 0123456789abcdef\nwri' \
    >.git/prio-journal.new
run_prio list
expect_rc 0 "a cut-short journal.new: prio works"
expect_err "a cut-short journal.new: nothing to say" </dev/null
head_is old "a cut-short journal.new: HEAD is the old commit"
whole "a cut-short journal.new: removed, nothing left"

done_testing
