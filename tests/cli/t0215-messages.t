#!/bin/sh
# Messages that say what happened: a repository owned by another user,
# symbolic link loops, a prio.yml that is a folder or a FIFO, and set and
# move of a story in merge conflict.  (The pre-commit hook without prio
# is in t0610-hooks.t.)
. "$(dirname "$0")/lib.sh"

# run_prio_timeout <args>: run_prio that cannot hang the suite.
# ---- a repository owned by another user ----
# git refuses it ("dubious ownership") and so does libgit2; prio says so
# as git does, with git's command, not "not in a git repository".
new_repo
good_story S-1
commit_all
if [ "$(id -u)" -ne 0 ]; then
	ok "# SKIP needs root to give a repository another owner (chown)"
else
	chown -R 12345 "$REPO"
	top=$(cd "$REPO" && pwd -P)
	# git's own advice, as the oracle for the path and the command.
	git status 2>"$TEST_ROOT/git-err" >/dev/null
	want_cmd=$(grep 'safe.directory' "$TEST_ROOT/git-err" | sed 's/^[[:space:]]*//')
	expect_same "$want_cmd" \
	    "git config --global --add safe.directory $top" \
	    "another owner: git refuses it, with this command"
	before=$(git -c safe.directory="$top" rev-parse HEAD)
	run_prio list
	expect_rc 2 "another owner: exit 2"
	expect_err "another owner: dubious ownership, and git's command" <<X
prio: detected dubious ownership in repository at '$top': it is owned by another user; if you trust it, run
	git config --global --add safe.directory $top
X
	cd backlog/stories
	run_prio check
	expect_rc 2 "another owner, from a subfolder: exit 2"
	expect_err "another owner, from a subfolder: the top folder is named" <<X
prio: detected dubious ownership in repository at '$top': it is owned by another user; if you trust it, run
	git config --global --add safe.directory $top
X
	cd /
	run_prio -C "$REPO" set S-1 title=Other
	expect_rc 2 "another owner, -C: exit 2"
	expect_err "another owner, -C: the same message" <<X
prio: detected dubious ownership in repository at '$top': it is owned by another user; if you trust it, run
	git config --global --add safe.directory $top
X
	cd "$REPO"
	expect_same "$(git -c safe.directory="$top" rev-parse HEAD)" \
	    "$before" "another owner: nothing was committed"
	# With some other directory trusted, libgit2 says GIT_EOWNER itself.
	git config --global --add safe.directory /elsewhere
	run_prio list
	expect_rc 2 "another owner, another folder trusted: exit 2"
	expect_err "another owner, another folder trusted: the same message" <<X
prio: detected dubious ownership in repository at '$top': it is owned by another user; if you trust it, run
	git config --global --add safe.directory $top
X
	# The command prio gives is the one that works.
	eval "$(sed -n 's/^	//p' "$TEST_ROOT/err")"
	run_prio list
	expect_rc 0 "another owner: after prio's command, prio reads it"
	expect_out "another owner: and lists the story" <<'X'
#  ID   STATUS  SCORE  TITLE
1  S-1  ready    2.00  Story S-1
X
	git config --global --unset-all safe.directory
fi

# ---- symbolic link loops ----
new_repo
good_story S-1
commit_all
ln -s S-2.md backlog/stories/S-2.md
run_prio_timeout check
expect_rc 1 "a story file that is a link loop: exit 1"
expect_out "a story file that is a link loop: a loop, not a missing file" <<'X'
backlog/stories/S-2.md:1:1: error: the file is a symbolic link loop (it leads back to itself); fix or remove the link [file]
X
rm backlog/stories/S-2.md

mv backlog/stories backlog/real
ln -s stories backlog/stories
run_prio_timeout check
expect_rc 1 "backlog/stories a link loop: exit 1"
expect_out "backlog/stories a link loop: a loop" <<'X'
backlog/stories:1:1: error: the folder is a symbolic link loop (it leads back to itself); fix or remove the link [file]
X
rm backlog/stories
mv backlog/real backlog/stories

mv backlog/prio.yml "$TEST_ROOT/prio.yml"
ln -s prio.yml backlog/prio.yml
run_prio_timeout list
expect_rc 2 "prio.yml a link loop: exit 2"
expect_err "prio.yml a link loop: a loop, not a missing file" <<'X'
backlog/prio.yml:1:1: error: the file is a symbolic link loop (it leads back to itself); fix or remove the link
prio: the backlog's config is wrong; fix backlog/prio.yml
X
rm backlog/prio.yml
mv "$TEST_ROOT/prio.yml" backlog/prio.yml

mv backlog real-backlog
ln -s backlog backlog
run_prio_timeout list
expect_rc 2 "backlog/ a link loop: exit 2"
expect_err "backlog/ a link loop: a loop on the config's path" <<'X'
backlog/prio.yml:1:1: error: a folder on the file's path is a symbolic link loop (it leads back to itself); fix or remove the link
prio: the backlog's config is wrong; fix backlog/prio.yml
X
rm backlog
mv real-backlog backlog
expect_same "$(git status --porcelain)" "" "link loops: nothing changed"

# ---- prio.yml that is not a file ----
mv backlog/prio.yml "$TEST_ROOT/prio.yml"
mkdir backlog/prio.yml
run_prio_timeout list
expect_rc 2 "prio.yml a folder: exit 2"
expect_err "prio.yml a folder: is a directory" <<'X'
backlog/prio.yml:1:1: error: the file is a directory; replace it with a regular file
prio: the backlog's config is wrong; fix backlog/prio.yml
X
rmdir backlog/prio.yml
mkfifo backlog/prio.yml
run_prio_timeout list
expect_rc 2 "prio.yml a FIFO: exit 2, no hang"
expect_err "prio.yml a FIFO: not a regular file" <<'X'
backlog/prio.yml:1:1: error: the file is not a regular file (but a FIFO, socket or device); replace it with a regular file
prio: the backlog's config is wrong; fix backlog/prio.yml
X
run_prio_timeout set S-1 title=Other
expect_rc 2 "prio.yml a FIFO: set exits 2, no hang"
rm backlog/prio.yml
mv "$TEST_ROOT/prio.yml" backlog/prio.yml
expect_same "$(git status --porcelain)" "" "prio.yml not a file: nothing changed"

# ---- set and move of a story in merge conflict ----
new_repo
good_story S-1 "rank: 1"
good_story S-2 "rank: 2"
commit_all one
git checkout -qb other
sed -i 's/^title: .*/title: Theirs/' backlog/stories/S-1.md
commit_all theirs
git checkout -q main
sed -i 's/^title: .*/title: Ours/' backlog/stories/S-1.md
commit_all ours
git merge -q other >/dev/null 2>&1
expect_same "$(git status --porcelain)" "UU backlog/stories/S-1.md" \
    "conflict: git shows S-1 unmerged"
cp backlog/stories/S-1.md "$TEST_ROOT/conflicted"
head=$(git rev-parse HEAD)
run_prio show S-1
expect_rc 1 "conflict: show exits 1"
expect_err "conflict: show says S-1 cannot be read" <<'X'
prio: S-1 cannot be read as a story: backlog/stories/S-1.md has errors; run 'prio check' to see them
X
run_prio set S-1 status=done
expect_rc 1 "conflict: set exits 1"
expect_err "conflict: set says S-1 cannot be read, not 'no story'" <<'X'
prio: S-1 cannot be read as a story: backlog/stories/S-1.md has errors; run 'prio check' to see them
X
run_prio move S-1 --before S-2
expect_rc 1 "conflict: move exits 1"
expect_err "conflict: move says S-1 cannot be read, not 'no story'" <<'X'
prio: S-1 cannot be read as a story: backlog/stories/S-1.md has errors; run 'prio check' to see them
X
run_prio move S-2 --after S-1
expect_rc 1 "conflict: move with it as the anchor exits 1"
expect_err "conflict: the anchor cannot be read, not 'no story'" <<'X'
prio: S-1 cannot be read as a story: backlog/stories/S-1.md has errors; run 'prio check' to see them
X
run_prio set S-9 status=done
expect_rc 1 "a story that is not there: exit 1"
expect_err "a story that is not there: still 'no story'" <<'X'
prio: no story S-9 in this backlog; 'prio list --all' shows them all
X
expect_same "$(git rev-parse HEAD)" "$head" "conflict: nothing committed"
expect_same "$(git status --porcelain)" "UU backlog/stories/S-1.md" \
    "conflict: the index still holds the conflict"
cmp -s backlog/stories/S-1.md "$TEST_ROOT/conflicted" &&
    ok "conflict: the file is untouched" ||
    not_ok "conflict: the file is untouched"

done_testing
