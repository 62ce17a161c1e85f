# tests/cli/bmd-write.sh — shared by the t082x tests of writing a
# Backlog.md project (sourced after lib.sh).  Backlog.md's own CLI (npm
# backlog.md 1.52.0, installed by tools/npm-deps.sh) is the oracle: after
# each write prio makes, `backlog task list` and `backlog task view` must
# print what they printed before, plus exactly the change.

BACKLOG=$NPM_BIN/backlog
if ! "$BACKLOG" --version >/dev/null 2>&1; then
	echo "Bail out! Backlog.md's CLI ($BACKLOG) does not run; install it with 'sh tools/npm-deps.sh'"
	exit 1
fi
T=backlog/tasks

# bmd_repo: a repository holding the fixture project (real Backlog.md
# output, tests/fixtures/backlogmd), committed.
bmd_repo() {
	new_repo
	rm -rf backlog
	cp -R "$FIXTURES/backlogmd/backlog" backlog
	commit_all "Backlog.md project"
}

# bl NAME <args>: runs Backlog.md's CLI, its output (both streams) kept
# as $TEST_ROOT/bl-NAME.
bl() {
	_bl=$1
	shift
	"$BACKLOG" "$@" >"$TEST_ROOT/bl-$_bl" 2>&1
}

# bl_order NAME: the tasks by status in ordinal order, as Backlog.md
# lists them.
bl_order() {
	bl "$1" task list --plain --sort ordinal
}

# expect_bl NAME "name" [SED]: $TEST_ROOT/bl-NAME (just run) is what
# bl-NAME-before held, edited by the sed script SED (none: unchanged).
expect_bl() {
	sed "${3:-}" "$TEST_ROOT/bl-$1-before" >"$TEST_ROOT/bl-want"
	expect_file "$TEST_ROOT/bl-$1" "$2" <"$TEST_ROOT/bl-want"
}

# expect_bl_out NAME "name": $TEST_ROOT/bl-NAME is exactly stdin.
expect_bl_out() {
	expect_file "$TEST_ROOT/bl-$1" "$2"
}

# before NAME <args>: runs backlog and keeps the output as the "before".
before() {
	_b=$1
	shift
	"$BACKLOG" "$@" >"$TEST_ROOT/bl-$_b-before" 2>&1
}

# expect_clean "name": the work tree and index are as committed.
expect_clean() {
	if [ -z "$(git status --porcelain)" ]; then ok "$1"; else
		not_ok "$1"; git status --porcelain | sed 's/^/#   /'; fi
}

# expect_commits N "name": HEAD has N commits.
expect_commits() {
	expect_same "$(git rev-list --count HEAD)" "$1" "$2"
}

# expect_show "name": git show --stat of HEAD, message and files, is
# exactly stdin.
expect_show() {
	git show --stat --format=%B HEAD >"$TEST_ROOT/out" 2>&1
	expect_out "$1"
}
