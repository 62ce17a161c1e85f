#!/bin/sh
# prio merge-file: git's merge driver for stories, run by real `git merge`
# between real branches; its setup by prio init and prio hook install.
. "$(dirname "$0")/lib.sh"

REAL_PRIO=$(realpath "$PRIO")
DRIVER="'$REAL_PRIO' merge-file --marker-size %L %O %A %B %P"
export PRIO_RANK_SEED=7
S=backlog/stories

# merge_repo: a repository with the driver set up (prio hook install),
# .gitattributes committed, and stories S-1 (rank 1), S-2 (rank 2).  The
# pre-commit hook goes: some cases commit files that are not stories.
merge_repo() {
	new_repo
	"$PRIO" hook install >/dev/null || not_ok "hook install"
	rm .git/hooks/pre-commit
	good_story S-1 "rank: 1"
	good_story S-2 "rank: 2"
	commit_all "the backlog"
}

# git_merge BRANCH: merges it into the current branch; $RC, and
# $TEST_ROOT/merge.out, merge.err.
git_merge() {
	git merge -q --no-edit "$1" >"$TEST_ROOT/merge.out" \
	    2>"$TEST_ROOT/merge.err"
	RC=$?
}

expect_merge_err() {
	cat >"$TEST_ROOT/want"
	if cmp -s "$TEST_ROOT/want" "$TEST_ROOT/merge.err"; then
		ok "$1"
	else
		not_ok "$1"
		diff -u "$TEST_ROOT/want" "$TEST_ROOT/merge.err" | sed 's/^/#   /'
	fi
}

# expect_cmd "name" CMD...: CMD's stdout is exactly stdin.
expect_cmd() {
	_name=$1
	shift
	"$@" >"$TEST_ROOT/out" 2>&1
	_expect_file out "$_name"
}

# --- setup ------------------------------------------------------------

new_repo
printf '*.png binary\n' >.gitattributes
run_prio hook install
expect_rc 0 "hook install: exit 0"
expect_out "and says it set up the merge driver" <<X
installed .git/hooks/pre-commit: runs 'prio check --staged' before each commit
added 'backlog/stories/**/*.md merge=prio' to .gitattributes
set merge.prio.driver: stories merge key by key (prio merge-file)
X
expect_file .gitattributes ".gitattributes: the line added, the others kept" <<'X'
*.png binary
backlog/stories/**/*.md merge=prio
X
expect_cmd "merge.prio.driver: this prio, quoted for sh" \
    git config --local --get-regexp '^merge\.prio\.' <<X
merge.prio.name prio: stories merge key by key (prio merge-file)
merge.prio.driver $DRIVER
X
run_prio hook install
expect_out "installing again changes nothing of the driver" <<X
updated .git/hooks/pre-commit: runs 'prio check --staged' before each commit
X
expect_file .gitattributes "the line is never added twice" <<'X'
*.png binary
backlog/stories/**/*.md merge=prio
X
run_prio hook uninstall
expect_rc 0 "hook uninstall: exit 0"
expect_out "uninstall removes the line and the config" <<X
removed .git/hooks/pre-commit
removed 'backlog/stories/**/*.md merge=prio' from .gitattributes
removed merge.prio.driver
X
expect_file .gitattributes "the other lines stay" <<'X'
*.png binary
X
expect_cmd "no merge.prio config is left" \
    git config --local --get-regexp '^merge\.prio\.' <<X
X
rm .gitattributes
"$PRIO" hook install >/dev/null
run_prio hook uninstall
[ ! -e .gitattributes ] && ok "a .gitattributes left empty is removed" ||
    not_ok "a .gitattributes left empty is removed"

printf 'a.txt text\r\n' >.gitattributes
"$PRIO" hook install >/dev/null
printf 'a.txt text\r\nbacklog/stories/**/*.md merge=prio\r\n' >"$TEST_ROOT/want.crlf"
cmp -s .gitattributes "$TEST_ROOT/want.crlf" &&
    ok "a CRLF .gitattributes gets a CRLF line" ||
    not_ok "a CRLF .gitattributes gets a CRLF line"

mkdir "$TEST_ROOT/fresh" && cd "$TEST_ROOT/fresh" && git init -q
run_prio init
expect_rc 0 "init: exit 0"
expect_file .gitattributes "init writes .gitattributes" <<'X'
backlog/stories/**/*.md merge=prio
X
expect_cmd "and sets the driver" git config merge.prio.driver <<X
$DRIVER
X
expect_cmd "init commits nothing" git status --porcelain <<'X'
?? .gitattributes
?? backlog/
X

# --- different keys merge ----------------------------------------------

merge_repo
git checkout -q -b side
"$PRIO" set S-1 value=8 -m "Worth more than we thought" >/dev/null
git checkout -q main
"$PRIO" set S-1 owner=ada -m "Ada takes it" >/dev/null
git_merge side
expect_rc 0 "two owners change different keys: the merge is clean"
expect_merge_err "and quiet" <<'X'
X
expect_file $S/S-1.md "both changes, every other byte as it was" <<'X'
---
id: S-1
title: Story S-1
status: ready
value: 8
urgency: 3
risk: 2
effort: 5
rank: 1
owner: ada
---
As a user I want it.

## Acceptance criteria

- [ ] It works.
X
expect_cmd "git status is clean after the merge commit" \
    git status --porcelain <<'X'
X
[ "$(git rev-list --parents -n 1 HEAD | wc -w)" -eq 3 ] &&
    ok "a real merge commit" || not_ok "a real merge commit"
run_prio check
expect_rc 0 "prio check passes on the merge"

# --- the same change on both sides --------------------------------------

merge_repo
git checkout -q -b side
"$PRIO" set S-2 value=8 status=in-progress -m "Bob: worth more" >/dev/null
git checkout -q main
"$PRIO" set S-2 value=8 -m "Ada: worth more" >/dev/null
git_merge side
expect_rc 0 "the same change on both sides merges"
expect_file $S/S-2.md "once" <<'X'
---
id: S-2
title: Story S-2
status: in-progress
value: 8
urgency: 3
risk: 2
effort: 5
rank: 2
---
As a user I want it.

## Acceptance criteria

- [ ] It works.
X

# --- lists merge as sets ------------------------------------------------

merge_repo
good_story S-3 "rank: 3"
good_story S-4 "rank: 4"
story S-5 <<'X'
---
id: S-5
title: Lists
status: draft
labels: [a, b]
depends-on:
  - S-1
  - S-2 # the API
---
Body.
X
commit_all "lists"
git checkout -q -b side
"$PRIO" set S-5 labels=b,d depends-on=S-1,S-4 -m "Bob's lists" >/dev/null
git checkout -q main
"$PRIO" set S-5 labels=a,b,c depends-on=S-3,S-1,S-2 -m "Ada's lists" >/dev/null
git_merge side
expect_rc 0 "labels and depends-on changed on both sides merge"
expect_file $S/S-5.md "as sets: ours' order, theirs' additions, minus removals" <<'X'
---
id: S-5
title: Lists
status: draft
labels: [b, c, d]
depends-on:
  - S-3
  - S-1
  - S-4
---
Body.
X
run_prio check
expect_rc 0 "prio check passes"

# --- a key added on one side, removed on the other ------------------------

merge_repo
git checkout -q -b side
"$PRIO" set S-1 goal=G-1 -m "Goal" >/dev/null
git checkout -q main
sed -i '/^risk:/d' $S/S-1.md
git commit -qam "risk is not scored any more"
git_merge side
expect_rc 0 "a key added on one side and one removed on the other merge"
expect_file $S/S-1.md "added, and removed" <<'X'
---
id: S-1
title: Story S-1
status: ready
value: 5
urgency: 3
effort: 5
rank: 1
goal: G-1
---
As a user I want it.

## Acceptance criteria

- [ ] It works.
X

# --- the same key changed differently: a conflict ---------------------------

merge_repo
good_story S-3 "rank: 3"
commit_all "three"
git checkout -q -b side
"$PRIO" move S-3 --top -m "Customers in Kenya asked for it

They cannot pay otherwise." >/dev/null
printf 'Theirs adds a note.\n' >>$S/S-3.md
git commit -qam "a note"
git checkout -q main
"$PRIO" move S-3 --after S-1 -m "The security audit comes first" >/dev/null
"$PRIO" set S-3 value=9 -m "Value" >/dev/null
ours_rank=$(sed -n 's/^rank: //p' $S/S-3.md)
theirs_rank=$(git show side:$S/S-3.md | sed -n 's/^rank: //p')
ours_c=$(git rev-parse --short HEAD~1)
theirs_c=$(git rev-parse --short side~1)
[ "$ours_rank" != "$theirs_rank" ] && ok "the two moves set different ranks" ||
    not_ok "the two moves set different ranks"
git_merge side
expect_rc 1 "the same key changed differently conflicts"
expect_file $S/S-3.md "only rank's line is marked, each side with its decision" <<X
---
id: S-3
title: Story S-3
status: ready
value: 9
urgency: 3
risk: 2
effort: 5
<<<<<<< ours
# decided in $ours_c by Tester: The security audit comes first
rank: $ours_rank
=======
# decided in $theirs_c by Tester: Customers in Kenya asked for it They cannot pay otherwise.
rank: $theirs_rank
>>>>>>> theirs
---
As a user I want it.

## Acceptance criteria

- [ ] It works.
Theirs adds a note.
X
grep -q "prio: merge-file: $S/S-3.md: conflict in rank; edit the lines between the markers, then git add the file" \
    "$TEST_ROOT/merge.err" && ok "the driver names the conflicted key" ||
    not_ok "the driver names the conflicted key"
expect_cmd "git lists the story as unmerged" \
    git diff --name-only --diff-filter=U <<X
$S/S-3.md
X
run_prio check
expect_rc 1 "prio check sees the markers"
# Resolve: keep ours' side.
awk '/^<<<<<<< /{side=1; next} /^=======$/{side=2; next}
    /^>>>>>>> /{side=0; next} side != 2 {print}' $S/S-3.md >"$TEST_ROOT/res"
cp "$TEST_ROOT/res" $S/S-3.md
run_prio check
expect_rc 0 "resolved, the story is one prio reads"
git add $S/S-3.md && git commit -q --no-edit
expect_cmd "and the merge commits" git status --porcelain <<'X'
X

# Removed on one side, changed on the other: the removal is a decision too.
merge_repo
git checkout -q -b side
"$PRIO" set S-2 urgency=5 -m "Urgent now" >/dev/null
git checkout -q main
sed -i '/^urgency:/d' $S/S-2.md
git commit -qam "Drop urgency

We score by value alone."
ours_c=$(git rev-parse --short HEAD)
theirs_c=$(git rev-parse --short side)
git_merge side
expect_rc 1 "a key removed on one side and changed on the other conflicts"
expect_file $S/S-2.md "an empty ours, with the commit that removed it" <<X
---
id: S-2
title: Story S-2
status: ready
value: 5
risk: 2
effort: 5
rank: 2
<<<<<<< ours
# decided in $ours_c by Tester: We score by value alone.
=======
# decided in $theirs_c by Tester: Urgent now
urgency: 5
>>>>>>> theirs
---
As a user I want it.

## Acceptance criteria

- [ ] It works.
X

# merge.conflictStyle diff3: the base's lines too, in the front matter
# and in the body.
merge_repo
git checkout -q -b side
"$PRIO" set S-1 effort=8 -m "Bigger" >/dev/null
sed -i 's/^As a user I want it.$/As a buyer I want it./' $S/S-1.md
git commit -qam "buyer"
git checkout -q main
"$PRIO" set S-1 effort=3 -m "Smaller" >/dev/null
sed -i 's/^As a user I want it.$/As a seller I want it./' $S/S-1.md
git commit -qam "seller"
ours_c=$(git rev-parse --short HEAD~1)
theirs_c=$(git rev-parse --short side~1)
git -c merge.conflictStyle=diff3 merge -q --no-edit side \
    >"$TEST_ROOT/merge.out" 2>"$TEST_ROOT/merge.err"
RC=$?
expect_rc 1 "diff3: conflicts"
expect_file $S/S-1.md "diff3: the base's value and body line shown" <<X
---
id: S-1
title: Story S-1
status: ready
value: 5
urgency: 3
risk: 2
<<<<<<< ours
# decided in $ours_c by Tester: Smaller
effort: 3
||||||| base
effort: 5
=======
# decided in $theirs_c by Tester: Bigger
effort: 8
>>>>>>> theirs
rank: 1
---
<<<<<<< ours
As a seller I want it.
||||||| base
As a user I want it.
=======
As a buyer I want it.
>>>>>>> theirs

## Acceptance criteria

- [ ] It works.
X

# --- a rebase: ours is the branch rebased onto, theirs the replayed commit ---

merge_repo
git checkout -q -b side
"$PRIO" set S-2 rank=5 -m "Bob wants it fifth" >/dev/null
git checkout -q main
"$PRIO" set S-2 rank=8 -m "Ada wants it eighth" >/dev/null
ours_c=$(git rev-parse --short main)
theirs_c=$(git rev-parse --short side)
git checkout -q side
git rebase main >"$TEST_ROOT/merge.out" 2>"$TEST_ROOT/merge.err"
[ $? -ne 0 ] && ok "a rebase that conflicts stops" ||
    not_ok "a rebase that conflicts stops"
expect_file $S/S-2.md "both decisions named: the upstream's and the replayed commit's" <<X
---
id: S-2
title: Story S-2
status: ready
value: 5
urgency: 3
risk: 2
effort: 5
<<<<<<< ours
# decided in $ours_c by Tester: Ada wants it eighth
rank: 8
=======
# decided in $theirs_c by Tester: Bob wants it fifth
rank: 5
>>>>>>> theirs
---
As a user I want it.

## Acceptance criteria

- [ ] It works.
X
git rebase --abort

# --- a body conflict: git's line merge ------------------------------------

merge_repo
git checkout -q -b side
sed -i 's/^As a user I want it.$/As a buyer I want it./' $S/S-2.md
git commit -qam "buyer"
"$PRIO" set S-2 urgency=5 -m "Urgent" >/dev/null
git checkout -q main
sed -i 's/^As a user I want it.$/As a seller I want it./' $S/S-2.md
git commit -qam "seller"
git_merge side
expect_rc 1 "a body changed differently on both sides conflicts"
expect_file $S/S-2.md "the body by git's line merge, the front matter merged" <<'X'
---
id: S-2
title: Story S-2
status: ready
value: 5
urgency: 5
risk: 2
effort: 5
rank: 2
---
<<<<<<< ours
As a seller I want it.
=======
As a buyer I want it.
>>>>>>> theirs

## Acceptance criteria

- [ ] It works.
X
grep -q "conflict in the body" "$TEST_ROOT/merge.err" &&
    ok "the driver says the body conflicts" ||
    not_ok "the driver says the body conflicts"

# --- bad input: merged as text, and said so ---------------------------------

merge_repo
printf 'line one\nline two\nline three\n' >$S/notes.md
commit_all "notes"
git checkout -q -b side
sed -i 's/^line three$/line 3/' $S/notes.md
git commit -qam "three"
git checkout -q main
sed -i 's/^line one$/line 1/' $S/notes.md
git commit -qam "one"
git_merge side
expect_rc 0 "a file that is not a story merges as text"
expect_merge_err "and prio says so in one line" <<X
prio: merge-file: $S/notes.md: ours has no front matter; merged as text
X
expect_file $S/notes.md "both changes kept" <<'X'
line 1
line two
line 3
X

merge_repo
git checkout -q -b side
sed -i 's/^title: Story S-1$/title: [unclosed/' $S/S-1.md
git commit -qam "broken"
git checkout -q main
sed -i 's/^As a user I want it.$/As a user I need it./' $S/S-1.md
git commit -qam "need"
git_merge side
expect_rc 0 "invalid YAML on one side merges as text"
expect_merge_err "and prio says why" <<X
prio: merge-file: $S/S-1.md: the front matter of theirs is not valid YAML (line 4: invalid YAML: did not find expected ',' or ']' while parsing a flow sequence that starts on line 3; close the [ ] list, or quote a value holding ',', '[' or ']'); merged as text
X
expect_file $S/S-1.md "nothing of either side lost" <<'X'
---
id: S-1
title: [unclosed
status: ready
value: 5
urgency: 3
risk: 2
effort: 5
rank: 1
---
As a user I need it.

## Acceptance criteria

- [ ] It works.
X

merge_repo
git checkout -q -b side
good_story S-9 "rank: 9"
commit_all "S-9 on side"
git checkout -q main
good_story S-9 "rank: 10"
commit_all "S-9 on main"
git_merge side
expect_rc 1 "a story both sides added conflicts as text"
grep -q "prio: merge-file: $S/S-9.md: both sides added the file; merged as text" \
    "$TEST_ROOT/merge.err" && ok "and prio says why" ||
    not_ok "and prio says why"
expect_file $S/S-9.md "git's markers around the differing line" <<'X'
---
id: S-9
title: Story S-9
status: ready
value: 5
urgency: 3
risk: 2
effort: 5
<<<<<<< ours
rank: 10
=======
rank: 9
>>>>>>> theirs
---
As a user I want it.

## Acceptance criteria

- [ ] It works.
X

merge_repo
printf 'junk\000one\n' >$S/junk.md
commit_all "junk"
git checkout -q -b side
printf 'junk\000theirs\n' >$S/junk.md
git commit -qam "theirs"
git checkout -q main
printf 'junk\000ours\n' >$S/junk.md
git commit -qam "ours"
git_merge side
expect_rc 1 "binary junk conflicts"
grep -q "prio: merge-file: $S/junk.md: ours is binary; kept ours" \
    "$TEST_ROOT/merge.err" && ok "and prio says it kept ours" ||
    not_ok "and prio says it kept ours"
printf 'junk\000ours\n' >"$TEST_ROOT/want.bin"
cmp -s "$TEST_ROOT/want.bin" $S/junk.md && ok "ours, byte for byte" ||
    not_ok "ours, byte for byte"
git show :3:$S/junk.md >"$TEST_ROOT/theirs.bin"
printf 'junk\000theirs\n' >"$TEST_ROOT/want.bin"
cmp -s "$TEST_ROOT/want.bin" "$TEST_ROOT/theirs.bin" &&
    ok "theirs is kept in the index" || not_ok "theirs is kept in the index"

merge_repo
git checkout -q -b side
git rm -q $S/S-2.md
git commit -qm "S-2 goes"
git checkout -q main
"$PRIO" set S-2 value=9 -m "Worth more" >/dev/null
git_merge side
expect_rc 1 "modified on one side, deleted on the other: git's conflict"
grep -q "CONFLICT (modify/delete)" "$TEST_ROOT/merge.out" &&
    ok "git reports it itself" || not_ok "git reports it itself"
grep -q prio "$TEST_ROOT/merge.err" && not_ok "the driver is not run" ||
    ok "the driver is not run"
expect_cmd "ours stays in the work tree" sed -n 's/^value: //p' $S/S-2.md <<'X'
9
X

# --- by hand: usage and files -----------------------------------------------

cd "$TEST_ROOT" || exit 1
printf -- '---\nid: S-1\ntitle: T\nstatus: ready\nrank: 1\n---\nBody\n' >base.md
printf -- '---\nid: S-1\ntitle: T\nstatus: ready\nrank: 2\n---\nBody\n' >ours.md
printf -- '---\nid: S-1\ntitle: T\nstatus: ready\nrank: 3\n---\nBody\n' >theirs.md
run_prio merge-file --marker-size 3 base.md ours.md theirs.md
expect_rc 1 "by hand: a conflict exits 1"
expect_file ours.md "--marker-size sets the markers' length" <<'X'
---
id: S-1
title: T
status: ready
<<< ours
rank: 2
===
rank: 3
>>> theirs
---
Body
X
expect_err "outside a repository: no decision comments, the conflict named" <<'X'
prio: merge-file: ours.md: conflict in rank; edit the lines between the markers, then git add the file
X
run_prio merge-file base.md ours.md
expect_rc 2 "two files are a usage error"
run_prio merge-file --marker-size 0 base.md ours.md theirs.md
expect_rc 2 "a marker size of 0 is a usage error"
cp theirs.md mine.md
mkdir a-dir
run_prio merge-file base.md mine.md a-dir
expect_rc 3 "an unreadable file: exit 3"
cmp -s theirs.md mine.md && ok "and ours is left as it was" ||
    not_ok "and ours is left as it was"
printf 'plain\n' >ours.md
printf 'plain\n' >theirs.md
run_prio merge-file /nonexistent ours.md theirs.md x.md
expect_rc 0 "a missing base is an empty one"
expect_err "and prio says it merged as text" <<'X'
prio: merge-file: x.md: both sides added the file; merged as text
X

# A huge story: over 16 MiB, merged as text.
awk 'BEGIN { print "---"; print "id: S-1"; print "rank: 1"; print "---";
    for (i = 0; i < 520000; i++) print "line " i " of a very long story body" }' \
    >big-base.md
sed 's/^rank: 1$/rank: 2/' big-base.md >big-ours.md
sed 's/^line 519999 of/last line of/' big-base.md >big-theirs.md
sed 's/^line 519999 of/last line of/' big-ours.md >big-want.md
run_prio merge-file big-base.md big-ours.md big-theirs.md big.md
expect_rc 0 "a story over 16 MiB merges"
expect_err "as text, and prio says so" <<'X'
prio: merge-file: big.md: ours is over 16777216 bytes; merged as text
X
cmp -s big-want.md big-ours.md && ok "with both changes" ||
    not_ok "with both changes"

# A prio whose path needs quoting for sh still runs as the driver.
merge_repo
odd="$TEST_ROOT/it's a dir"
mkdir "$odd" && cp "$PRIO" "$odd/prio"
"$odd/prio" hook install >/dev/null
rm .git/hooks/pre-commit
real=$(realpath "$TEST_ROOT")
expect_cmd "the driver's path is quoted for sh" git config merge.prio.driver <<X
'$real/it'\''s a dir/prio' merge-file --marker-size %L %O %A %B %P
X
git checkout -q -b side
"$PRIO" set S-1 value=8 -m "Value" >/dev/null
git checkout -q main
"$PRIO" set S-1 urgency=4 -m "Urgency" >/dev/null
git_merge side
expect_rc 0 "git runs it: adjacent keys merge"

# --- a clone without the driver's config merges as plain git ----------------

merge_repo
git clone -q "$REPO" "$TEST_ROOT/clone$_repo_n"
cd "$TEST_ROOT/clone$_repo_n" || exit 1
expect_cmd "the clone has the attribute but no driver" \
    git config --get-regexp '^merge\.prio\.' <<'X'
X
git checkout -q -b side
sed -i 's/^value: 5$/value: 8/' $S/S-1.md
git commit -qam "value"
git checkout -q main
sed -i 's/^urgency: 3$/urgency: 4/' $S/S-1.md
git commit -qam "urgency"
git_merge side
expect_rc 1 "adjacent keys conflict under git's own merge"
expect_file $S/S-1.md "git's markers and labels: no driver ran" <<'X'
---
id: S-1
title: Story S-1
status: ready
<<<<<<< HEAD
value: 5
urgency: 4
=======
value: 8
urgency: 3
>>>>>>> side
risk: 2
effort: 5
rank: 1
---
As a user I want it.

## Acceptance criteria

- [ ] It works.
X
grep -q prio "$TEST_ROOT/merge.err" && not_ok "prio did not run" ||
    ok "prio did not run"
git merge --abort
"$PRIO" hook install >/dev/null
git_merge side
expect_rc 0 "with the driver set up, the same merge is clean"

done_testing
