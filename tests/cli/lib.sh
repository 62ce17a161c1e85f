# tests/cli/lib.sh — shared by the CLI tests (POSIX sh, TAP output).
#
# A test file sources this, then for each case:
#   new_repo                      fresh git repo in $REPO with a minimal
#                                 backlog (empty prio.yml), cwd = $REPO
#   story S-1 <<'EOF' ... EOF     write backlog/stories/S-1.md (or a path)
#   run_prio <args>               run prio; keeps $OUT, $ERR, $RC
#   run_prio_timeout <args>       the same, killed if it hangs
#   expect_same GOT WANT "name"   assert two strings are equal
#   expect_rc N "name"            assert the exit code
#   expect_out "name" <<'EOF'     assert stdout exactly (diff -u if not)
#   expect_err "name" <<'EOF'     assert stderr exactly
# and ends with `done_testing`.  Real git is the oracle for repositories.

set -u
PRIO=${PRIO:?set PRIO to the prio binary (make check does)}
PRIO_SRC=${PRIO_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
FIXTURES=$PRIO_SRC/tests/fixtures
# The real peers from npm (tools/npm-deps.sh, run by make check): the
# backlog CLI in $NPM_BIN, the MCP SDK and playwright-core for node
# scripts (NODE_PATH).
NPM_DIR=$PRIO_SRC/tests/npm/node_modules
NPM_BIN=$NPM_DIR/.bin
export NODE_PATH=$NPM_DIR
TEST_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/prio-test.XXXXXX")
trap 'chmod -R u+rwx "$TEST_ROOT" 2>/dev/null; rm -rf "$TEST_ROOT"' EXIT
export GIT_CONFIG_NOSYSTEM=1 HOME=$TEST_ROOT/home NO_COLOR=1 LC_ALL=C
export GIT_AUTHOR_NAME=Tester GIT_AUTHOR_EMAIL=tester@example.com
export GIT_COMMITTER_NAME=Tester GIT_COMMITTER_EMAIL=tester@example.com
unset GIT_DIR GIT_WORK_TREE PRIO_PAGER PAGER GIT_PAGER GIT_PAGER_IN_USE
mkdir -p "$HOME"
git config --global init.defaultBranch main
git config --global user.name Tester
git config --global user.email tester@example.com

_n=0
_failed=0
_repo_n=0

ok() {
	_n=$((_n + 1))
	echo "ok $_n - $1"
}

not_ok() {
	_n=$((_n + 1))
	_failed=$((_failed + 1))
	echo "not ok $_n - $1"
}

# new_repo [dir]: a new repository with backlog/prio.yml and stories/.
new_repo() {
	_repo_n=$((_repo_n + 1))
	REPO=$TEST_ROOT/repo$_repo_n
	mkdir -p "$REPO/backlog/stories"
	git init -q "$REPO"
	: >"$REPO/backlog/prio.yml"
	cd "$REPO" || exit 1
}

# story ID|PATH: writes stdin to backlog/stories/ID.md, or to PATH when
# the argument contains a '/' or ends in .md.
story() {
	case $1 in
	*/*|*.md) _p=backlog/stories/$1 ;;
	*) _p=backlog/stories/$1.md ;;
	esac
	mkdir -p "$(dirname "$_p")"
	cat >"$_p"
}

# A ready story with criteria and a full score; extra front-matter lines
# come from $2 (may be empty), e.g. good_story S-3 "rank: 2".
good_story() {
	{
		printf -- '---\nid: %s\ntitle: Story %s\nstatus: ready\n' "$1" "$1"
		printf 'value: 5\nurgency: 3\nrisk: 2\neffort: 5\n'
		[ -n "${2:-}" ] && printf '%s\n' "$2"
		printf -- '---\nAs a user I want it.\n\n## Acceptance criteria\n\n'
		printf -- '- [ ] It works.\n'
	} >"backlog/stories/$1.md"
}

commit_all() {
	git add -A && git commit -qm "${1:-test}"
}

run_prio() {
	"$PRIO" "$@" >"$TEST_ROOT/out" 2>"$TEST_ROOT/err"
	RC=$?
	OUT=$(cat "$TEST_ROOT/out")
	ERR=$(cat "$TEST_ROOT/err")
}

# run_prio_timeout <args>: run_prio, killed after PRIO_TEST_TIMEOUT
# seconds (10), for input that must not hang prio.
run_prio_timeout() {
	timeout "${PRIO_TEST_TIMEOUT:-10}" "$PRIO" "$@" >"$TEST_ROOT/out" \
	    2>"$TEST_ROOT/err"
	RC=$?
	OUT=$(cat "$TEST_ROOT/out")
	ERR=$(cat "$TEST_ROOT/err")
}

# run_git <args>: like run_prio, for git.
run_git() {
	git "$@" >"$TEST_ROOT/out" 2>"$TEST_ROOT/err"
	RC=$?
}

# bad_story ID: a ready story without acceptance criteria (an error).
bad_story() {
	printf -- '---\nid: %s\ntitle: No criteria\nstatus: ready\n---\nJust text.\n' \
	    "$1" >"backlog/stories/$1.md"
}

# expect_same GOT WANT "name": two strings are equal.
expect_same() {
	if [ "$1" = "$2" ]; then ok "$3"; else
		not_ok "$3"; echo "#   got '$1', want '$2'"; fi
}

expect_rc() {
	if [ "$RC" -eq "$1" ]; then
		ok "$2"
	else
		not_ok "$2"
		echo "#   exit code $RC, want $1"
		sed 's/^/#   stderr: /' "$TEST_ROOT/err"
	fi
}

_expect_file() {
	cat >"$TEST_ROOT/want"
	if diff -u "$TEST_ROOT/want" "$TEST_ROOT/$1" >"$TEST_ROOT/diff"; then
		ok "$2"
	else
		not_ok "$2"
		sed 's/^/#   /' "$TEST_ROOT/diff"
	fi
}

expect_out() {
	_expect_file out "$1"
}

expect_err() {
	_expect_file err "$1"
}

# expect_file PATH "name": assert a file's bytes exactly (stdin).
expect_file() {
	cat >"$TEST_ROOT/want"
	if cmp -s "$TEST_ROOT/want" "$1"; then
		ok "$2"
	else
		not_ok "$2"
		diff -u "$TEST_ROOT/want" "$1" | sed 's/^/#   /'
	fi
}

# expect_grep PATTERN "name": stdout matches an extended regex.
expect_grep() {
	if grep -Eq -- "$1" "$TEST_ROOT/out"; then
		ok "$2"
	else
		not_ok "$2"
		sed 's/^/#   stdout: /' "$TEST_ROOT/out"
	fi
}

# json_ok "name": stdout parses as JSON (with jq and python3 if present).
json_ok() {
	_bad=
	if command -v jq >/dev/null 2>&1; then
		jq -e . "$TEST_ROOT/out" >/dev/null 2>&1 || _bad="jq"
	fi
	if command -v python3 >/dev/null 2>&1; then
		python3 -m json.tool "$TEST_ROOT/out" >/dev/null 2>&1 ||
		    _bad="$_bad python3"
	fi
	if [ -z "$_bad" ]; then
		ok "$1"
	else
		not_ok "$1"
		echo "#   rejected by:$_bad"
	fi
}

# unprivileged CMD...: runs CMD in the current repository as a user whom
# file permissions stop: this user when not root; as root, nobody
# (setpriv), with a HOME whose git config is the test's plus
# safe.directory for this repository (the test's repositories are
# root's, and git refuses another user's repository).
unprivileged() {
	if [ "$(id -u)" -ne 0 ]; then
		"$@"
		return
	fi
	_uh=$TEST_ROOT/unprivileged-home
	mkdir -p "$_uh"
	cp "$HOME/.gitconfig" "$_uh/.gitconfig"
	printf '[safe]\n\tdirectory = %s\n' "$(pwd -P)" >>"$_uh/.gitconfig"
	chmod a+rx "$TEST_ROOT" "$_uh"
	chmod a+r "$_uh/.gitconfig"
	HOME=$_uh setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
}

done_testing() {
	echo "1..$_n"
	[ "$_failed" -eq 0 ]
}
