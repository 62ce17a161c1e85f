#!/bin/sh
# Outputs go where they are told, and failures are reported: a write to
# stdout that fails is exit 3 with a message (a reader that has gone
# ends prio by SIGPIPE, as git); report -o writes through FIFOs, devices
# and symlinks instead of renaming over them.
. "$(dirname "$0")/lib.sh"

new_repo
good_story S-1 "rank: 1"
good_story S-2 "rank: 2"
commit_all "backlog"
# A clean check writes nothing to stdout, and exits 0: nothing lost.
"$PRIO" check >/dev/full 2>"$TEST_ROOT/err"
RC=$?
expect_rc 0 "a check with nothing to say exits 0 into /dev/full"

# A story with an error: commands then say so on stderr, which flushes
# stdout first (that flush failing must not hide the failure).
printf -- '---\nid: S-3\n' >backlog/stories/S-3.md

# --- a failed write to stdout --------------------------------------------

if [ ! -w /dev/full ]; then
	echo "Bail out! /dev/full is needed to test a failed write"
	exit 1
fi

for cmd in "list" "list --json" "list --format csv" "show S-1" "rank" \
    "check" "log" "board" "plan --capacity 5" "stats" \
    "report -o -" "completion bash" "--help" "list --help"; do
	# shellcheck disable=SC2086
	"$PRIO" $cmd >/dev/full 2>"$TEST_ROOT/err"
	RC=$?
	expect_rc 3 "prio $cmd > /dev/full exits 3"
	# Last, after what the command said; stdio keeps no errno of a
	# write that failed before the last flush.
	if tail -n 1 "$TEST_ROOT/err" | grep -Eqx 'prio: cannot write the output: (No space left on device|a write failed)'; then
		ok "prio $cmd > /dev/full says so"
	else
		not_ok "prio $cmd > /dev/full says so"
		sed 's/^/#   /' "$TEST_ROOT/err"
	fi
done

# A closed stdout is not filled by a file prio opens (as git: /dev/null).
"$PRIO" list >&- 2>"$TEST_ROOT/err"
RC=$?
expect_rc 0 "list with stdout closed exits 0"
expect_err "list with stdout closed says only what it has to" <<'X'
prio: the backlog has 1 error; run 'prio check' to see it
X

# A reader that has gone: prio dies of SIGPIPE, quietly, as git does,
# even when SIGPIPE was ignored by whoever started it (EPIPE).
rc_file=$TEST_ROOT/pipe-rc
{ sleep 1; "$PRIO" list --all 2>"$TEST_ROOT/err"; echo $? >"$rc_file"; } | true
RC=$(cat "$rc_file")
expect_rc 141 "list into a closed pipe dies of SIGPIPE"
expect_err "list into a closed pipe says nothing" </dev/null
(trap '' PIPE
{ sleep 1; "$PRIO" list --all 2>"$TEST_ROOT/err"; echo $? >"$rc_file"; } | true)
RC=$(cat "$rc_file")
expect_rc 141 "list into a closed pipe with SIGPIPE ignored ends by SIGPIPE"
expect_err "list into a closed pipe with SIGPIPE ignored says no more" <<'X'
prio: the backlog has 1 error; run 'prio check' to see it
X

done_testing
