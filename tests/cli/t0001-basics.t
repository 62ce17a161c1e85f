#!/bin/sh
# Global behaviour: help, version, unknown commands, no repository, no
# backlog, -C.  Each case runs alone: t0001-basics.t --case <name>.
. "$(dirname "$0")/lib.sh"

case_usage() {
	run_prio
	expect_rc 2 "no command is a usage error"

	run_prio --help
	expect_rc 0 "--help exits 0"
	expect_grep '^usage: prio \[-C <dir>\] <command>' \
	    "--help shows the usage"

	run_prio frobnicate
	expect_rc 2 "unknown command exits 2"
	expect_err "unknown command names itself" <<'X'
prio: 'frobnicate' is not a prio command; see 'prio --help'
X
}
run_case usage

case_command_help() {
	for c in accept board check diff hook init list log move new plan rank reid reject renumber report rerank set show stats; do
		run_prio "$c" --help
		expect_rc 0 "$c --help exits 0"
		expect_grep "^usage: prio $c " "$c --help shows its usage"
		run_prio help "$c"
		expect_rc 0 "help $c exits 0"
	done
}
run_case command-help

case_no_repository() {
	mkdir "$TEST_ROOT/nogit"
	cd "$TEST_ROOT/nogit" || exit 1
	for c in check list rank; do
		GIT_CEILING_DIRECTORIES=$TEST_ROOT run_prio "$c"
		expect_rc 2 "$c outside a repository exits 2"
		expect_err "$c outside a repository says so" <<'X'
prio: not in a git repository; run prio inside one, or name one with -C <dir>
X
	done
}
run_case no-repository

case_no_backlog() {
	rm backlog/prio.yml
	for c in check list rank; do
		run_prio "$c"
		expect_rc 2 "$c without a backlog exits 2"
		expect_err "$c without a backlog says how to make one" <<'X'
prio: no backlog here: backlog/prio.yml not found in the work tree; run 'prio init' to create one
X
	done
}
run_case no-backlog

case_dash_C() {
	good_story S-1
	cd "$TEST_ROOT" || exit 1
	run_prio -C "$REPO" list
	expect_rc 0 "-C runs in another directory"
	expect_out "-C lists that repository's backlog" <<'X'
#  ID   STATUS  SCORE  TITLE
1  S-1  ready    2.00  Story S-1
X
	cd "$REPO/backlog/stories" || exit 1
	run_prio list
	expect_rc 0 "a sub-directory of the work tree finds the backlog"

	run_prio -C /nonexistent list
	expect_rc 2 "-C to a missing directory exits 2"
}
run_case dash-C

done_testing
