#!/bin/sh
# prio hook install/uninstall/run, driven through the real git: commits
# refused and accepted by pre-commit, pushes to a bare repository
# refused and accepted by pre-receive, core.hooksPath, foreign hooks, a
# minimal PATH.
. "$(dirname "$0")/lib.sh"

REAL_PRIO=$(readlink -f "$PRIO")
HOOKS=$PRIO_SRC/templates/hooks

commits() {
	git rev-list --count HEAD 2>/dev/null || echo 0
}

# ---- install ----
new_repo
printf 'rules:\n  unscored: off\n' >backlog/prio.yml
good_story S-1
commit_all "start"

run_prio hook install
expect_rc 0 "install: exit 0"
expect_out "install says what it did" <<'X'
installed .git/hooks/pre-commit: runs 'prio check --staged' before each commit
added 'backlog/stories/**/*.md merge=prio' to .gitattributes
set merge.prio.driver: stories merge key by key (prio merge-file)
X
sed "s|@PRIO@|$REAL_PRIO|" "$HOOKS/pre-commit" >"$TEST_ROOT/hook"
expect_file .git/hooks/pre-commit "the hook records where prio is" \
    <"$TEST_ROOT/hook"
[ -x .git/hooks/pre-commit ] && ok "the hook is executable" ||
    not_ok "the hook is executable"
run_prio hook install
expect_out "installing again updates it" <<'X'
updated .git/hooks/pre-commit: runs 'prio check --staged' before each commit
X

# ---- pre-commit through git commit ----
bad_story S-2
git add backlog/stories/S-2.md
before=$(commits)
run_git commit -q -m "add S-2"
expect_rc 1 "a commit staging an invalid story is refused"
expect_err "the diagnostics are shown" <<'X'
backlog/stories/S-2.md:4:9: error: status 'ready' needs acceptance criteria; add a '## Acceptance criteria' section with items such as '- [ ] ...' [missing-criteria]
prio: 2 stories checked: 1 error, 0 warnings
prio: commit refused: S-2 would be committed with errors (above); fix them, 'git add' them, and commit again ('git commit --no-verify' skips this check)
X
expect_same "$(commits)" "$before" "nothing was committed"

good_story S-2
git add backlog/stories/S-2.md
run_git commit -q -m "add S-2"
expect_rc 0 "a commit of a valid story goes through"
expect_same "$(commits)" "$((before + 1))" "and is recorded"

# The index is what counts: bad staged, good in the work tree.
bad_story S-3
git add backlog/stories/S-3.md
good_story S-3
run_git commit -q -m "add S-3"
expect_rc 1 "a bad staged version with a good work-tree version is refused"
# ... and the other way round.
git add backlog/stories/S-3.md
bad_story S-3
run_git commit -q -m "add S-3"
expect_rc 0 "a good staged version with a bad work-tree version goes through"
git checkout -q -- backlog/stories/S-3.md

# git commit -a builds a temporary index (GIT_INDEX_FILE).
bad_story S-1
run_git commit -q -a -m "break S-1"
expect_rc 1 "git commit -a of an invalid story is refused"
git checkout -q -- backlog/stories/S-1.md

# Nothing under backlog/ staged: the backlog is not even read, so a bad
# story committed with --no-verify does not block unrelated work.
bad_story S-4
git add backlog/stories/S-4.md
run_git commit -q --no-verify -m "bad, on purpose"
expect_rc 0 "--no-verify skips the hook"
run_prio hook run pre-commit
expect_rc 0 "hook run: an index that matches HEAD under backlog/ passes"
expect_err "without reading the backlog" </dev/null
run_prio hook run pre-commit --changed
expect_rc 0 "with --changed it checks without comparing (the hook asked git)"
expect_err "and counts S-4's error, which HEAD has, in one line" <<'X'
prio: 4 stories checked, no problems
prio: 1 older problem in other stories; 'prio check --staged --all' lists it
X
run_prio hook run --all pre-commit --changed
expect_rc 1 "with --all every error fails"
expect_err "and says why the commit is refused" <<'X'
prio: 4 stories checked: 1 error, 0 warnings
prio: commit refused: S-4 would be committed with errors (above); fix them, 'git add' them, and commit again ('git commit --no-verify' skips this check)
X
run_prio hook run pre-receive --changed </dev/null
expect_rc 2 "--changed is for pre-commit only"
expect_err "and says so" <<'X'
prio: --changed goes with 'run pre-commit'
usage: prio hook install [--force] [pre-commit|pre-receive]...
       prio hook uninstall [pre-commit|pre-receive]...
       prio hook run [--all] pre-commit [--changed] | pre-receive
X
run_prio hook install --changed
expect_rc 2 "--changed is for run only"
git rm -q --cached backlog/stories/S-4.md
run_prio hook run pre-commit
expect_rc 0 "a staged deletion of the bad story passes"
expect_err "after checking what is left" <<'X'
prio: 3 stories checked, no problems
X
git reset -q
echo readme >README
git add README
run_git commit -q -m "docs"
expect_rc 0 "a commit that leaves backlog/ alone is not checked"
rm backlog/stories/S-4.md
git add -A backlog
run_git commit -q -m "drop S-4"
expect_rc 0 "removing the bad story goes through"

# A GUI client's minimal PATH: the recorded path still finds prio.
bad_story S-5
git add backlog/stories/S-5.md
PATH=/usr/bin:/bin run_git commit -q -m "add S-5"
expect_rc 1 "with a minimal PATH the hook still runs prio"
# The recorded prio gone: the hook falls back to PATH.
sed -i "s|^recorded='.*'|recorded='$TEST_ROOT/gone/prio'|" .git/hooks/pre-commit
mkdir -p "$TEST_ROOT/bin"
ln -sf "$REAL_PRIO" "$TEST_ROOT/bin/prio"
PATH=$TEST_ROOT/bin:/usr/bin:/bin run_git commit -q -m "add S-5"
expect_rc 1 "without the recorded prio, prio on PATH is used"
before=$(commits)
PATH=/usr/bin:/bin run_git commit -q -m "add S-5"
expect_rc 1 "no prio at all: a commit that touches a story is refused"
expect_err "and the hook says prio is not found, and how to go on" <<X
prio: pre-commit hook: prio not found (not at $TEST_ROOT/gone/prio, not on PATH), so the staged stories cannot be checked; install prio or run 'prio hook uninstall', or skip the check once with 'git commit --no-verify'
X
expect_same "$(commits)" "$before" "no prio at all: nothing was committed"
# Even a valid story: with no prio, nothing can say it is valid.
good_story S-5
git add backlog/stories/S-5.md
PATH=/usr/bin:/bin run_git commit -q -m "add S-5"
expect_rc 1 "no prio at all: a valid story is refused too"
PATH=/usr/bin:/bin run_git commit -q --no-verify -m "add S-5"
expect_rc 0 "no prio at all: --no-verify commits it, as the hook says"
expect_same "$(git diff --cached --name-only)" "" \
    "no prio at all: --no-verify recorded the story"
# A commit that touches no story needs no prio.
echo more >>README
git add README
before=$(commits)
PATH=/usr/bin:/bin run_git commit -q -m "docs"
expect_rc 0 "no prio at all: a commit that leaves backlog/ alone passes"
expect_err "no prio at all: and the hook says nothing" </dev/null
expect_same "$(commits)" "$((before + 1))" \
    "no prio at all: the commit that leaves backlog/ alone is recorded"
expect_same "$(git status --porcelain)" "?? .gitattributes" \
    "no prio at all: the work tree is clean (but for the merge driver's line, not committed)"

# ---- uninstall ----
run_prio hook uninstall
expect_rc 0 "uninstall: exit 0"
expect_out "uninstall says what it did" <<'X'
removed .git/hooks/pre-commit
removed 'backlog/stories/**/*.md merge=prio' from .gitattributes
removed merge.prio.driver
X
[ ! -e .git/hooks/pre-commit ] && ok "the hook is gone" ||
    not_ok "the hook is gone"
run_prio hook uninstall pre-commit
expect_rc 0 "uninstalling nothing: exit 0"
expect_out "and says so" <<'X'
no pre-commit hook in .git/hooks; nothing to remove
X

# ---- a foreign hook ----
printf '#!/bin/sh\necho mine\n' >.git/hooks/pre-commit
chmod +x .git/hooks/pre-commit
cp .git/hooks/pre-commit "$TEST_ROOT/foreign"
run_prio hook install
expect_rc 1 "a foreign hook is not replaced"
expect_err "install says why and what to do" <<'X'
prio: .git/hooks/pre-commit exists and was not written by prio; left in place.  Call 'prio check --staged' from it, or replace it with 'prio hook install --force pre-commit' (it is kept as pre-commit.prio-saved)
X
expect_file .git/hooks/pre-commit "the foreign hook is untouched" \
    <"$TEST_ROOT/foreign"
run_prio hook uninstall
expect_rc 1 "a foreign hook is not removed"
expect_err "uninstall says why" <<'X'
prio: .git/hooks/pre-commit was not written by prio; left in place
X
run_prio hook install --force
expect_rc 0 "--force replaces it"
expect_out "and says where the old one went" <<'X'
saved the old hook as .git/hooks/pre-commit.prio-saved
installed .git/hooks/pre-commit: runs 'prio check --staged' before each commit
added 'backlog/stories/**/*.md merge=prio' to .gitattributes
set merge.prio.driver: stories merge key by key (prio merge-file)
X
expect_file .git/hooks/pre-commit.prio-saved "the old hook is kept" \
    <"$TEST_ROOT/foreign"
run_prio hook uninstall
expect_out "uninstall puts the old hook back" <<'X'
removed .git/hooks/pre-commit
restored the hook saved as .git/hooks/pre-commit.prio-saved
removed 'backlog/stories/**/*.md merge=prio' from .gitattributes
removed merge.prio.driver
X
expect_file .git/hooks/pre-commit "the foreign hook is back" \
    <"$TEST_ROOT/foreign"
rm .git/hooks/pre-commit

# ---- core.hooksPath ----
git config core.hooksPath githooks
run_prio hook install
expect_out "core.hooksPath is honoured" <<'X'
installed githooks/pre-commit: runs 'prio check --staged' before each commit
added 'backlog/stories/**/*.md merge=prio' to .gitattributes
set merge.prio.driver: stories merge key by key (prio merge-file)
X
bad_story S-6
git add backlog/stories/S-6.md
run_git commit -q -m "add S-6"
expect_rc 1 "git runs the hook from core.hooksPath"
git reset -q
rm backlog/stories/S-6.md
git config --unset core.hooksPath

# ---- usage ----
run_prio hook install pre-push
expect_rc 2 "an unknown hook is a usage error"
expect_err "and names the hooks" <<'X'
prio: prio has no 'pre-push' hook; name pre-commit or pre-receive
usage: prio hook install [--force] [pre-commit|pre-receive]...
       prio hook uninstall [pre-commit|pre-receive]...
       prio hook run [--all] pre-commit [--changed] | pre-receive
X
run_prio hook
expect_rc 2 "no action is a usage error"
run_prio hook frob
expect_rc 2 "an unknown action is a usage error"

# ---- pre-receive on a bare repository ----
BARE=$TEST_ROOT/server.git
git init -q --bare "$BARE"
git push -q "$BARE" main 2>/dev/null
run_prio -C "$BARE" hook install
expect_rc 0 "install in a bare repository"
expect_out "a bare repository gets pre-receive" <<X
installed $BARE/hooks/pre-receive: checks the backlog of every pushed branch tip
X
git remote add origin "$BARE"

good_story S-7
git add backlog/stories/S-7.md
git commit -q -m "add S-7"
run_git push -q origin main
expect_rc 0 "a push of valid stories is accepted"

bad_story S-8
git add backlog/stories/S-8.md
git commit -q --no-verify -m "bad S-8"
run_git push -q origin main
expect_rc 1 "a push of a commit made with --no-verify is refused"
grep -q "^remote: backlog/stories/S-8.md:4:9: error: status 'ready' needs acceptance criteria" "$TEST_ROOT/err" &&
    ok "the pusher sees the diagnostic" ||
    { not_ok "the pusher sees the diagnostic"; sed 's/^/#   /' "$TEST_ROOT/err"; }
grep -q "^remote: prio: push refused: refs/heads/main (" "$TEST_ROOT/err" &&
    ok "and which ref was refused" || not_ok "and which ref was refused"
expect_same "$(git -C "$BARE" rev-parse main)" "$(git rev-parse HEAD~1)" \
    "the server's branch did not move"

run_git push -q origin main:refs/heads/topic
expect_rc 1 "a new branch with a bad backlog is refused"
git reset -q --hard HEAD~1
run_git push -q origin main:refs/heads/topic
expect_rc 0 "a new branch with a good backlog is accepted"
run_git push -q origin :refs/heads/topic
expect_rc 0 "deleting a branch is accepted"

# A backlog already bad on the server (pushed before the hook) does not
# block a push that leaves backlog/ alone.
mv "$BARE/hooks/pre-receive" "$TEST_ROOT/pre-receive"
bad_story S-9
git add backlog/stories/S-9.md
git commit -q --no-verify -m "bad S-9"
git push -q origin main 2>/dev/null
mv "$TEST_ROOT/pre-receive" "$BARE/hooks/pre-receive"
echo more >>README
git commit -q -am "docs"
run_git push -q origin main
expect_rc 0 "a push that does not touch backlog/ is not checked"
good_story S-9
git commit -q -am "fix S-9"
run_git push -q origin main
expect_rc 0 "the fix is accepted"

# hook run pre-receive reads git's lines; a malformed one is refused.
echo "garbage" | "$PRIO" -C "$BARE" hook run pre-receive \
    >"$TEST_ROOT/out" 2>"$TEST_ROOT/err"
RC=$?
expect_rc 2 "a malformed update line is a usage error"
expect_err "and says what git sends" <<'X'
prio: pre-receive: expected '<old> <new> <ref>' on standard input, as git sends it
X
echo "not a ref" | "$PRIO" -C "$BARE" hook run pre-receive \
    >"$TEST_ROOT/out" 2>"$TEST_ROOT/err"
RC=$?
expect_rc 2 "an update line without object ids is a usage error"
expect_err "and names the ref" <<'X'
prio: pre-receive: cannot read the update line for 'ref'; git sends '<old> <new> <ref>'
X
run_prio -C "$BARE" hook uninstall
expect_out "uninstall in a bare repository" <<X
removed $BARE/hooks/pre-receive
X

# ---- .pre-commit-hooks.yaml: its entry is a working command ----
entry=$(sed -n 's/^ *entry: *//p' "$PRIO_SRC/.pre-commit-hooks.yaml")
expect_same "$entry" "prio check --staged" \
    "the pre-commit framework runs prio check --staged"
bad_story S-10
git add backlog/stories/S-10.md
run_prio check --staged
expect_rc 1 "which refuses a bad staged story"

# ---- prio init --hooks ----
mkdir "$TEST_ROOT/fresh" && cd "$TEST_ROOT/fresh" && git init -q
run_prio init --hooks
expect_rc 0 "init --hooks: exit 0"
expect_out "init --hooks creates the backlog and installs the hook" <<'X'
created backlog/prio.yml
created backlog/stories/
added 'backlog/stories/**/*.md merge=prio' to .gitattributes
set merge.prio.driver: stories merge key by key (prio merge-file)
installed .git/hooks/pre-commit: runs 'prio check --staged' before each commit
next: prio new "<title>" writes a story
X
bad_story S-1
git add -A
run_git commit -q -m "first"
expect_rc 1 "and the hook guards the first commit"

run_prio hook --help
expect_rc 0 "hook --help"
done_testing
