#!/bin/sh
# The harness itself (lib.sh): a file of cases runs each in a fresh
# repository, a case that fails or stops halfway does not reach the
# next, --case runs one named case alone, --list-cases names them.
. "$(dirname "$0")/lib.sh"

# A test file of three cases: the first fails a check and stops early,
# the second looks for anything the first left behind.
demo=$TEST_ROOT/demo.t
cat >"$demo" <<X
#!/bin/sh
. "$PRIO_SRC/tests/cli/lib.sh"
X
cat >>"$demo" <<'X'
case_leaves_mess() {
	good_story S-1
	commit_all
	left=yes
	not_ok "a failing check"
	cd /nonexistent/prio-demo 2>/dev/null || exit 7
	ok "never reached"
}
run_case leaves-mess

case_fresh_start() {
	expect_same "$(git rev-list --all | wc -l)" 0 "a fresh repository"
	expect_same "$(ls backlog/stories)" "" "no story from before"
	expect_same "${left:-unset}" unset "no variable from before"
	expect_same "$(basename "$(dirname "$(pwd)")")" case-fresh-start \
	    "in the case's own folder"
}
run_case fresh-start

case_last() {
	ok "the last case"
}
run_case last

done_testing
X

export PRIO PRIO_SRC
unset PRIO_CASE
sh "$demo" >"$TEST_ROOT/out" 2>"$TEST_ROOT/err"
RC=$?
expect_rc 1 "a file with a failed case fails"
expect_out "the failure stays in its case; numbering runs on" <<'X'
# case leaves-mess
not ok 1 - a failing check
not ok 2 - case leaves-mess stopped before its end (exit 7)
# case fresh-start
ok 3 - a fresh repository
ok 4 - no story from before
ok 5 - no variable from before
ok 6 - in the case's own folder
# case last
ok 7 - the last case
1..7
X

sh "$demo" --case fresh-start >"$TEST_ROOT/out" 2>"$TEST_ROOT/err"
RC=$?
expect_rc 0 "--case runs one case"
expect_out "--case runs that case alone" <<'X'
# case fresh-start
ok 1 - a fresh repository
ok 2 - no story from before
ok 3 - no variable from before
ok 4 - in the case's own folder
1..4
X

sh "$demo" --case=last >"$TEST_ROOT/out" 2>"$TEST_ROOT/err"
RC=$?
expect_rc 0 "--case=<name> too"
PRIO_CASE=fresh_start sh "$demo" >"$TEST_ROOT/out" 2>"$TEST_ROOT/err"
RC=$?
expect_rc 0 "PRIO_CASE, with the function's spelling"
expect_grep '^1\.\.4$' "PRIO_CASE runs the case alone"

sh "$demo" --case nope >"$TEST_ROOT/out" 2>"$TEST_ROOT/err"
RC=$?
expect_rc 1 "an unknown case fails"
expect_out "and names the cases there are" <<'X'
not ok 1 - no case named 'nope'; the cases are: leaves-mess fresh-start last
1..1
X

sh "$demo" --list-cases >"$TEST_ROOT/out" 2>"$TEST_ROOT/err"
RC=$?
expect_rc 0 "--list-cases exits 0"
expect_out "--list-cases names the cases in order" <<'X'
leaves-mess
fresh-start
last
X

sh "$demo" --frobnicate >"$TEST_ROOT/out" 2>"$TEST_ROOT/err"
RC=$?
expect_rc 2 "an unknown option is a usage error"
expect_err "and says the usage" <<X
usage: $demo [--case <name>] [--list-cases]
X
sh "$demo" --case >"$TEST_ROOT/out" 2>"$TEST_ROOT/err"
RC=$?
expect_rc 2 "--case without a name is a usage error"

done_testing
