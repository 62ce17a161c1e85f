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
#
# Cases.  A file is a list of named cases, each a function run by the
# line after it:
#
#   # move --top commits the story alone.
#   case_move_top() {
#   	setup
#   	run_prio move S-3 --top -m why
#   	expect_rc 0 "move --top exits 0"
#   }
#   run_case move-top
#
# run_case NAME runs case_NAME ('-' in NAME is '_' in the function's
# name) in a subshell, in a fresh repository (new_repo; the case may
# make its own with setup or new_repo), so nothing a case does (its
# directory, variables, repository, or an `exit` halfway) reaches the
# next one: a failure early in a file does not cascade into the rest.
# A case that stops before its end is one failed check that says so.
# A case starts from nothing but the file's helpers and exports: what it
# needs, it makes.  Its checks are numbered on from the case before.
#
#   t0600-write.t --case set      runs the case named set alone
#   t0600-write.t --list-cases    names the file's cases, in order
#
# (PRIO_CASE=set does what --case does, for prove on one file.)  Code
# outside a case, in files not yet made of cases, runs either way.

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
_repo_base=$TEST_ROOT
_case_only=${PRIO_CASE:-}
_list_cases=
_cases=
_case_ran=
while [ $# -gt 0 ]; do
	case $1 in
	--case) [ $# -ge 2 ] || { echo "$0: --case needs a name" >&2; exit 2; }
		_case_only=$2; shift 2 ;;
	--case=*) _case_only=${1#--case=}; shift ;;
	--list-cases) _list_cases=1; shift ;;
	*) echo "usage: $0 [--case <name>] [--list-cases]" >&2; exit 2 ;;
	esac
done

# The count of checks lives in a file too, so a case (a subshell) can
# hand it on to the next.
_count() {
	echo "$_n $_failed" >"$TEST_ROOT/.tap-count"
}

ok() {
	_n=$((_n + 1))
	echo "ok $_n - $1"
	_count
}

not_ok() {
	_n=$((_n + 1))
	_failed=$((_failed + 1))
	echo "not ok $_n - $1"
	_count
}

# run_case NAME: runs the function case_NAME as described above, unless
# --case names another case.
run_case() {
	_fn=case_$(echo "$1" | tr - _)
	_cases="$_cases $1"
	if [ -n "$_list_cases" ]; then
		echo "$1"
		return 0
	fi
	if [ -n "$_case_only" ] && [ "$_case_only" != "$1" ] &&
	    [ "case_$(echo "$_case_only" | tr - _)" != "$_fn" ]; then
		return 0
	fi
	_case_ran=1
	echo "# case $1"
	_count
	rm -f "$TEST_ROOT/.case-done"
	(
		_repo_base=$TEST_ROOT/case-$1
		_repo_n=0
		new_repo
		"$_fn"
		: >"$TEST_ROOT/.case-done"
	)
	_rc=$?
	read -r _n _failed <"$TEST_ROOT/.tap-count"
	[ -e "$TEST_ROOT/.case-done" ] ||
	    not_ok "case $1 stopped before its end (exit $_rc)"
	return 0
}

# new_repo [dir]: a new repository with backlog/prio.yml and stories/.
new_repo() {
	_repo_n=$((_repo_n + 1))
	REPO=$_repo_base/repo$_repo_n
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
	[ -n "$_list_cases" ] && exit 0
	if [ -n "$_case_only" ] && [ -z "$_case_ran" ]; then
		not_ok "no case named '$_case_only'; the cases are:${_cases:- none}"
	fi
	echo "1..$_n"
	[ "$_failed" -eq 0 ]
}
