#!/bin/sh
# The repository's hooks run on prio's commits as they do for `git commit
# --only <the changed files> -m <message>` (issue 12): pre-commit sees a
# temporary index of HEAD plus exactly prio's changes, prepare-commit-msg
# and commit-msg get the message file (and may rewrite it), post-commit
# runs after; a failing hook changes nothing; --no-verify,
# core.hooksPath, a hook that is not executable, every committing
# command, --no-commit, and prio's own pre-commit hook.  Real git is the
# oracle.
. "$(dirname "$0")/lib.sh"

LOG=$TEST_ROOT/hook.log

# hook <name> [dir]: writes stdin as the hook <name> (executable).
hook() {
	_d=${2:-.git/hooks}
	mkdir -p "$_d"
	{ echo '#!/bin/sh'; cat; } >"$_d/$1"
	chmod +x "$_d/$1"
}

# logging_hooks [dir]: the four hooks, each appending its name to $LOG.
logging_hooks() {
	for _h in pre-commit prepare-commit-msg commit-msg post-commit; do
		echo "echo $_h >>'$LOG'" | hook "$_h" "${1:-.git/hooks}"
	done
}

# The commit line with its hash masked.
masked_out() {
	sed 's/^\[\([^ ]*\) [0-9a-f]\{7\}\]/[\1 XXXXXXX]/' "$TEST_ROOT/out" \
	    >"$TEST_ROOT/out.m" && mv "$TEST_ROOT/out.m" "$TEST_ROOT/out"
}

# What .git holds besides git's own files: no temporary index, no lock.
leftovers() {
	ls -a .git | grep -E 'lock$|prio-|next-index' || true
}

# snapshot / unchanged "what": HEAD, status, the index and a story's
# bytes are as before.
snapshot() {
	head0=$(git rev-parse HEAD)
	status0=$(git status --porcelain)
	cp .git/index "$TEST_ROOT/index0"
	cp backlog/stories/S-2.md "$TEST_ROOT/story0"
}
unchanged() {
	expect_same "$(git rev-parse HEAD)" "$head0" "$1: HEAD did not move"
	expect_same "$(git status --porcelain)" "$status0" \
	    "$1: git status is as before"
	if cmp -s .git/index "$TEST_ROOT/index0" &&
	    cmp -s backlog/stories/S-2.md "$TEST_ROOT/story0"; then
		ok "$1: the index and the story's bytes are as before"
	else
		not_ok "$1: the index and the story's bytes are as before"
	fi
	expect_same "$(leftovers)" "" "$1: no temporary index or lock is left"
}

start_repo() {
	new_repo
	good_story S-1 "rank: 1"
	good_story S-2 "rank: 2"
	commit_all "start"
	: >"$LOG"
}

# ---- each hook sees what git shows it ----
start_repo
echo notes >notes.txt
git add notes.txt
hook pre-commit <<X
{
	echo "pre-commit: \$(git diff --cached --name-only)"
	echo "index: \$GIT_INDEX_FILE"
	echo "cwd: \$(pwd) prefix: '\$GIT_PREFIX' editor: \$GIT_EDITOR"
	echo "stdin: \$(readlink /proc/\$\$/fd/0)"
	echo "author: \$GIT_AUTHOR_NAME <\$GIT_AUTHOR_EMAIL>"
} >>'$LOG'
echo "pre-commit writes to stdout"
X
hook prepare-commit-msg <<X
echo "prepare-commit-msg: \$# \$1 \$2 \$(head -n 1 "\$1")" >>'$LOG'
echo "index: \$GIT_INDEX_FILE" >>'$LOG'
X
hook commit-msg <<X
echo "commit-msg: \$# \$1" >>'$LOG'
sed -i '1s/^prio: /chore(backlog): /' "\$1"
echo "commit-msg says hi" >&2
X
hook post-commit <<X
echo "post-commit: \$(git rev-parse HEAD) \$(git log -1 --format=%s)" >>'$LOG'
echo "post-commit: staged \$(git diff --cached --name-only)" >>'$LOG'
X
run_prio move S-2 --top -m "Why."
expect_rc 0 "move with all four hooks: exit 0"
masked_out
expect_out "stdout names the commit by its rewritten subject" <<'X'
[main XXXXXXX] chore(backlog): move S-2 to #1 (was #2)
X
expect_err "the hooks' output (stdout too) goes to stderr" <<'X'
pre-commit writes to stdout
commit-msg says hi
X
head=$(git rev-parse HEAD)
sed "s|$REPO|REPO|g; s|index.prio-hook-[A-Za-z0-9]*|index.prio-hook-X|g; s|$head|HEAD|" \
    "$LOG" >"$TEST_ROOT/log"
expect_file "$TEST_ROOT/log" "each hook saw what git shows it, in git's order" <<'X'
pre-commit: backlog/stories/S-2.md
index: REPO/.git/index.prio-hook-X
cwd: REPO prefix: '' editor: :
stdin: /dev/null
author: Tester <tester@example.com>
prepare-commit-msg: 2 REPO/.git/COMMIT_EDITMSG message prio: move S-2 to #1 (was #2)
index: REPO/.git/index.prio-hook-X
commit-msg: 1 REPO/.git/COMMIT_EDITMSG
post-commit: HEAD chore(backlog): move S-2 to #1 (was #2)
post-commit: staged notes.txt
X
git log -1 --format=%B | sed 's/^\(Prio-Change: rank 2 -> \).*/\1R/' \
    >"$TEST_ROOT/msg"
expect_file "$TEST_ROOT/msg" "the commit's message is the one commit-msg rewrote" <<'X'
chore(backlog): move S-2 to #1 (was #2)

Why.

Prio-Story: S-2
Prio-Change: rank 2 -> R

X
expect_same "$(git diff --cached --name-only)" "notes.txt" \
    "the user's staged work is still staged"
expect_same "$(git show --format= --name-only HEAD)" "backlog/stories/S-2.md" \
    "and out of the commit"
expect_same "$(git status --porcelain)" "A  notes.txt" \
    "the story is committed, the work tree and index agree"
expect_same "$(leftovers)" "" "no temporary index or lock is left"

# The hooks run in the top of the work tree, from a folder too.
: >"$LOG"
hook pre-commit <<X
echo "cwd: \$(pwd) prefix: '\$GIT_PREFIX'" >>'$LOG'
X
cd backlog
run_prio move S-1 --top -m "From below."
cd ..
expect_rc 0 "from a folder: exit 0"
expect_same "$(sed "s|$REPO|REPO|" "$LOG" | head -n 1)" \
    "cwd: REPO prefix: 'backlog/'" "the hook runs in the top, GIT_PREFIX set"

# ---- a failing hook changes nothing ----
for h in pre-commit prepare-commit-msg commit-msg; do
	start_repo
	echo staged >notes.txt
	git add notes.txt
	logging_hooks
	hook "$h" <<X
echo "$h hook output"
echo "$h says no" >&2
exit 1
X
	snapshot
	run_prio move S-2 --top -m "Refused."
	expect_rc 1 "a failing $h: exit 1"
	skip=" ('--no-verify' skips it)"
	[ "$h" = prepare-commit-msg ] && skip=
	expect_err "a failing $h: its output is shown, then why" <<X
$h hook output
$h says no
prio: the $h hook refused the commit (exit status 1); nothing was changed$skip
X
	expect_same "$(grep -c post-commit "$LOG")" 0 \
	    "a failing $h: post-commit does not run"
	unchanged "a failing $h"
done

start_repo
hook pre-commit <<'X'
exit 7
X
snapshot
run_prio move S-2 --top -m "Refused."
expect_rc 1 "a pre-commit exiting 7: exit 1"
expect_err "the hook's exit status is named" <<'X'
prio: the pre-commit hook refused the commit (exit status 7); nothing was changed ('--no-verify' skips it)
X
unchanged "a pre-commit exiting 7"

hook pre-commit <<'X'
kill -9 $$
X
run_prio move S-2 --top -m "Killed."
expect_rc 1 "a pre-commit killed by a signal: exit 1"
expect_err "the signal is named" <<'X'
prio: the pre-commit hook was killed by signal 9 (Killed); nothing was changed
X
unchanged "a killed pre-commit"

# ^C reaches the hook and prio alike: prio waits on, the hook stops.
hook pre-commit <<'X'
kill -INT $$
X
run_prio move S-2 --top -m "Interrupted."
expect_rc 1 "a pre-commit stopped by SIGINT: exit 1"
expect_err "prio outlives the signal and says what happened" <<'X'
prio: the pre-commit hook was killed by signal 2 (Interrupt); nothing was changed
X
unchanged "an interrupted pre-commit"
hook pre-commit <<'X'
kill -INT $PPID && kill -QUIT $PPID && exit 0
X
run_prio move S-2 --top -m "Not interrupted."
expect_rc 0 "SIGINT and SIGQUIT to prio while a hook runs: ignored, exit 0"
expect_same "$(git log -1 --format=%s)" "prio: move S-2 to #1 (was #2)" \
    "the commit is made"
snapshot

printf '#!/nonexistent/interpreter\nexit 0\n' >.git/hooks/pre-commit
run_prio move S-2 --top -m "Cannot run."
expect_rc 1 "a hook that cannot be run: exit 1"
expect_err "why it cannot run is named" <<'X'
prio: cannot run the pre-commit hook '.git/hooks/pre-commit': No such file or directory; nothing was changed
X
unchanged "a hook that cannot be run"

rm .git/hooks/pre-commit
hook commit-msg <<'X'
: >"$1"
X
run_prio move S-2 --top -m "Emptied."
expect_rc 1 "a commit-msg that empties the message: exit 1"
expect_err "the commit is aborted as git aborts it" <<'X'
prio: aborting commit due to empty commit message (the hooks emptied it); nothing was changed
X
unchanged "an emptied message"

# The message file cannot be written: an I/O failure, nothing changed.
echo 'exit 0' | hook commit-msg
rm -f .git/COMMIT_EDITMSG && mkdir .git/COMMIT_EDITMSG
run_prio move S-2 --top -m "No message file."
expect_rc 3 "the message file cannot be written: exit 3"
sed "s|$REPO|REPO|" "$TEST_ROOT/err" >"$TEST_ROOT/err.m"
expect_file "$TEST_ROOT/err.m" "it says which file and why" <<'X'
prio: cannot write the commit message to 'REPO/.git/COMMIT_EDITMSG': Is a directory
X
unchanged "the message file cannot be written"
rmdir .git/COMMIT_EDITMSG

# A hook without a '#!' line runs through the shell, as with git.
rm .git/hooks/commit-msg
printf 'echo "shell: $0" >>"%s"\n' "$LOG" >.git/hooks/pre-commit
chmod +x .git/hooks/pre-commit
: >"$LOG"
run_prio move S-2 --top -m "No shebang."
expect_rc 0 "a hook without '#!': exit 0"
expect_same "$(sed "s|$REPO|REPO|" "$LOG")" "shell: REPO/.git/hooks/pre-commit" \
    "it ran through /bin/sh"

# ---- what the pre-commit hook does to its index ----
start_repo
hook pre-commit <<'X'
git status --porcelain >/dev/null
X
run_prio move S-2 --top -m "Status in the hook."
expect_rc 0 "a hook that refreshes its index: exit 0"
expect_err "refreshing the index is no change" </dev/null

hook pre-commit <<'X'
echo extra >extra.txt && git add extra.txt
X
run_prio move S-1 --top -m "The hook stages more."
expect_rc 0 "a hook that stages a file: exit 0"
expect_err "prio says it commits only its own changes" <<'X'
prio: warning: the pre-commit hook changed the index it was given; prio commits only its own changes, so what the hook staged is not in the commit: see 'git status'
X
expect_same "$(git show --format= --name-only HEAD)" "backlog/stories/S-1.md" \
    "the commit holds prio's change only"
expect_same "$(git status --porcelain)" "?? extra.txt" \
    "what the hook staged is neither committed nor staged"

# ---- --no-verify ----
start_repo
logging_hooks
printf 'echo pre-commit >>"%s"\nexit 1\n' "$LOG" | hook pre-commit
printf 'echo commit-msg >>"%s"\nexit 1\n' "$LOG" | hook commit-msg
run_prio move S-2 --top -m "Skip them." --no-verify
expect_rc 0 "--no-verify with failing pre-commit and commit-msg: exit 0"
expect_file "$LOG" "--no-verify skips pre-commit and commit-msg, not the others" <<'X'
prepare-commit-msg
post-commit
X
expect_same "$(git log -1 --format=%s)" "prio: move S-2 to #1 (was #2)" \
    "--no-verify: the commit is made"

# ---- core.hooksPath ----
start_repo
mkdir -p .git/hooks
echo 'exit 1' | hook pre-commit
logging_hooks "$TEST_ROOT/shared-hooks"
git config core.hooksPath "$TEST_ROOT/shared-hooks"
run_prio move S-2 --top -m "Absolute hooksPath."
expect_rc 0 "an absolute core.hooksPath: exit 0 (.git/hooks is not used)"
expect_file "$LOG" "an absolute core.hooksPath: its hooks run" <<'X'
pre-commit
prepare-commit-msg
commit-msg
post-commit
X
: >"$LOG"
logging_hooks tools/hooks
git config core.hooksPath tools/hooks
cd backlog/stories
run_prio move S-1 --top -m "Relative hooksPath."
cd ../..
expect_rc 0 "a relative core.hooksPath, from a folder: exit 0"
expect_file "$LOG" "a relative core.hooksPath is the work tree's" <<'X'
pre-commit
prepare-commit-msg
commit-msg
post-commit
X
git config core.hooksPath /dev/null
: >"$LOG"
run_prio move S-2 --top -m "No hooks."
expect_rc 0 "core.hooksPath=/dev/null: exit 0"
expect_file "$LOG" "core.hooksPath=/dev/null: no hook runs" </dev/null

# ---- a hook that is not executable ----
start_repo
logging_hooks
chmod -x .git/hooks/pre-commit
run_prio move S-2 --top -m "Not executable."
expect_rc 0 "a hook that is not executable: exit 0"
expect_err "git's hint is given" <<'X'
hint: The '.git/hooks/pre-commit' hook was ignored because it's not set as executable.
hint: You can disable this warning with `git config advice.ignoredHook false`.
X
expect_file "$LOG" "it is ignored, the others run" <<'X'
prepare-commit-msg
commit-msg
post-commit
X
expect_same "$(git log -1 --format=%s)" "prio: move S-2 to #1 (was #2)" \
    "the commit is made"
git config advice.ignoredHook false
run_prio move S-1 --top -m "Quietly."
expect_rc 0 "advice.ignoredHook false: exit 0"
expect_err "advice.ignoredHook false: no hint" </dev/null

# ---- every committing command runs them; --no-commit runs none ----
start_repo
good_story S-3 "rank: 3"
sed -i 's/status: ready/status: done/; s/- \[ \]/- [x]/' backlog/stories/S-3.md
good_story S-4 "rank: 4"
sed -i 's/status: ready/status: done/' backlog/stories/S-4.md
sed 's/^title: .*/title: Twin/' backlog/stories/S-4.md >backlog/stories/S-4-twin.md
commit_all "more stories"
logging_hooks
four="pre-commit
prepare-commit-msg
commit-msg
post-commit"
each() {
	: >"$LOG"
	_before=$(git rev-list --count HEAD)
	run_prio "$@"
	expect_rc 0 "$1 with hooks: exit 0"
	expect_same "$(cat "$LOG")" "$four" "$1 runs the four hooks"
	expect_same "$(git rev-list --count HEAD)" "$((_before + 1))" \
	    "$1 commits"
}
each move S-2 --top -m "m"
each set S-1 urgency=4 -m "s"
each renumber -m "r"
each rerank --by score -m "rr"
each accept S-3 -m "a"
each reid backlog/stories/S-4-twin.md -m "i"
each reject S-4 -m "j"
each new "A new story" --commit -m "n"

: >"$LOG"
run_prio move S-1 --top -m "Not committed." --no-commit
expect_rc 0 "--no-commit: exit 0"
expect_file "$LOG" "--no-commit runs no hook" </dev/null
git checkout -q -- backlog
printf 'commit: false\n' >>backlog/prio.yml
git commit -q --no-verify -m "no commits" backlog/prio.yml
: >"$LOG"
run_prio move S-1 --top -m "Not committed."
expect_rc 0 "commit: false: exit 0"
expect_file "$LOG" "commit: false runs no hook" </dev/null

# ---- prio's own pre-commit hook ----
start_repo
run_prio hook install
expect_rc 0 "prio hook install"
run_prio move S-2 --top -m "Checked by prio's hook."
expect_rc 0 "a valid move passes prio's pre-commit hook"
expect_same "$(git log -1 --format=%s)" "prio: move S-2 to #1 (was #2)" \
    "and is committed"
expect_err "prio's hook checked the stories" <<'X'
prio: 2 stories checked, no problems
X
# prio itself refuses a write that brings an error (t0605), but lets
# one through that leaves an old error as it was; a strict hook
# (prio.strictHooks; t0612 has the default) checks the whole backlog
# the commit records, so it refuses that commit.
git config prio.strictHooks true
good_story S-3 "depends-on: [S-99]"
git add backlog/stories/S-3.md
git commit -q --no-verify -m "S-3, broken"
snapshot
run_prio set S-2 owner=ada -m "A backlog with an old error."
expect_rc 1 "a change to a backlog with errors is refused by prio's pre-commit hook"
expect_err "with the check's diagnostics, then why" <<'X'
backlog/stories/S-3.md:9:13: error: depends on 'S-99', which is not a story in this backlog; correct the id or remove it from depends-on [missing-dependency]
prio: 3 stories checked: 1 error, 0 warnings
prio: commit refused: S-3 would be committed with errors (above); fix them, 'git add' them, and commit again ('git commit --no-verify' skips this check)
prio: the pre-commit hook refused the commit (exit status 1); nothing was changed ('--no-verify' skips it)
X
unchanged "refused by prio's hook"
run_prio set S-2 owner=ada -m "Anyway." --no-verify
expect_rc 0 "--no-verify skips prio's hook"

# prio runs its own hook in its own process: byte for byte the script
# 'prio hook install' writes, calling this prio (execs: how many
# programs were started, and the exit status).  The answer is the
# script's; an edited hook, or one calling another prio, is started.
# (LeakSanitizer cannot run under strace's ptrace: leaks are checked
# everywhere else.)
execs() {
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
	    strace -f -qq -e trace=execve -o "$TEST_ROOT/trace" "$PRIO" "$@" \
	    >"$TEST_ROOT/out" 2>"$TEST_ROOT/err"
	rc=$?
	n=$(grep -c 'execve(' "$TEST_ROOT/trace")
}
command -v strace >/dev/null || { echo "Bail out! strace is missing: apt-get install strace"; exit 1; }
start_repo
run_prio hook install
execs move S-2 --top -m "In-process."
expect_same "$n" 1 \
    "prio's own hook runs in prio's process: nothing else is started"
expect_same "$rc:$(git log -1 --format=%s)" "0:prio: move S-2 to #1 (was #2)" \
    "and the move is committed"
expect_err "with the hook's output" <<'X'
prio: 2 stories checked, no problems
X
# A story with an error committed past the hook: a strict hook now
# refuses every change to backlog/, as it does for git commit.
git config prio.strictHooks true
good_story S-3 "$(printf 'rank: 3\ndepends-on: [S-99]')"
git add backlog && git commit -q --no-verify -m "S-3, unchecked"
snapshot
execs move S-1 --top -m "Refused in-process."
expect_same "$n" 1 \
    "a refusal is made in-process too"
expect_same "$rc" 1 "prio's own hook refuses: exit 1"
cp "$TEST_ROOT/err" "$TEST_ROOT/err.own"
expect_err "with the check's diagnostics, then why" <<'X'
backlog/stories/S-3.md:10:13: error: depends on 'S-99', which is not a story in this backlog; correct the id or remove it from depends-on [missing-dependency]
prio: 3 stories checked: 1 error, 0 warnings
prio: commit refused: S-3 would be committed with errors (above); fix them, 'git add' them, and commit again ('git commit --no-verify' skips this check)
prio: the pre-commit hook refused the commit (exit status 1); nothing was changed ('--no-verify' skips it)
X
unchanged "refused by prio's own hook in-process"
echo "# the team's comment" >>.git/hooks/pre-commit
execs move S-1 --top -m "Refused by the script."
expect_same "$rc" 1 "the edited hook refuses: exit 1"
if [ "$n" -gt 2 ]; then ok "an edited hook is started ($n programs)"; else
	not_ok "an edited hook is started ($n programs)"; fi
if cmp -s "$TEST_ROOT/err" "$TEST_ROOT/err.own"; then
	ok "the script says what prio said in-process, byte for byte"
else
	not_ok "the script says what prio said in-process, byte for byte"
	diff "$TEST_ROOT/err.own" "$TEST_ROOT/err" | sed 's/^/#   /'
fi
unchanged "refused by the script"
cp "$PRIO" "$TEST_ROOT/other-prio"
"$TEST_ROOT/other-prio" hook install >/dev/null
execs move S-1 --top -m "Another prio's hook."
if [ "$n" -gt 2 ]; then ok "a hook calling another prio is started"; else
	not_ok "a hook calling another prio is started ($n programs)"; fi
expect_same "$rc" 1 "and refuses too"
git rm -q backlog/stories/S-3.md && git commit -q --no-verify -m "no S-3"
"$PRIO" hook install >/dev/null
execs rerank --by score -m "In-process."
expect_same "$n" 1 \
    "rerank runs prio's hook in-process"
expect_same "$rc:$(git log -1 --format=%s)" "0:prio: rerank 1 of 2 stories by score" \
    "and commits"

done_testing
