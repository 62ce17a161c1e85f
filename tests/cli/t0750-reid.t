#!/bin/sh
# prio reid: one of two stories that share an ID gets the next free ID
# (file renamed, id set), the depends-on entries that meant it follow it,
# all in one commit.  Real git is the oracle.
. "$(dirname "$0")/lib.sh"

export GIT_AUTHOR_DATE="2026-11-02T10:00:00+00:00"
export GIT_COMMITTER_DATE="2026-11-02T10:00:00+00:00"

# draft ID FILE "extra front-matter lines"
draft() {
	{
		printf -- '---\nid: %s\ntitle: Story %s from %s\nstatus: draft\n' \
		    "$1" "$1" "$2"
		[ -n "${3:-}" ] && printf '%s\n' "$3"
		printf -- '---\nBody of %s.\n' "$2"
	} >"backlog/stories/$2"
}

masked_out() {
	sed -E 's/^\[([^ ]+) [0-9a-f]{7}\]/[\1 XXXXXXX]/' "$TEST_ROOT/out" \
	    >"$TEST_ROOT/out.m" && mv "$TEST_ROOT/out.m" "$TEST_ROOT/out"
}

expect_cmd() {
	_name=$1
	shift
	"$@" >"$TEST_ROOT/out" 2>&1
	expect_out "$_name"
}

# Two branches each mint S-2, and each adds a story that depends on its
# own S-2; after the merge a third story names S-2 where both exist.
setup() {
	new_repo
	draft S-1 S-1-base.md
	commit_all "base"
	git checkout -qb feature
	draft S-2 S-2-feature.md
	commit_all "feature: S-2"
	draft S-3 S-3-needs-feature.md "depends-on: [S-2]"
	commit_all "feature: S-3"
	git checkout -q main
	draft S-2 S-2-main.md
	commit_all "main: S-2"
	draft S-4 S-4-needs-main.md "depends-on: [S-2, S-1]"
	commit_all "main: S-4"
	git merge -q --no-edit feature
	draft S-5 S-5-after-merge.md "depends-on:
  - S-2   # which one?"
	commit_all "after the merge"
}

setup
run_prio check
expect_rc 1 "check reports the duplicate"
expect_grep 'duplicate-id' "the duplicate is a duplicate-id"

run_prio reid S-2 -m "Both branches minted S-2."
expect_rc 0 "reid by ID exits 0"
masked_out
expect_out "reid names the rename and the commit" <<'X'
[main XXXXXXX] prio: reid S-2 as S-6 (S-6-feature.md, 1 depends-on rewritten)
backlog/stories/S-2-feature.md -> backlog/stories/S-6-feature.md
X
expect_err "an entry written where both existed is named, not changed" <<'X'
prio: note: S-5 (backlog/stories/S-5-after-merge.md) depends on S-2, written where both stories could be meant; it still names S-2: check it
X
expect_cmd "one commit: the rename and the dependant that meant it" \
    git show --format=%B --name-status -M HEAD <<'X'
prio: reid S-2 as S-6 (S-6-feature.md, 1 depends-on rewritten)

Both branches minted S-2.

Prio-Story: S-6
Prio-Change: id S-2 -> S-6
Prio-Story: S-3
Prio-Change: depends-on [S-2] -> [S-6]


M	backlog/stories/S-3-needs-feature.md
R091	backlog/stories/S-2-feature.md	backlog/stories/S-6-feature.md
X
expect_file backlog/stories/S-6-feature.md "the renamed story has its new id, the rest as it was" <<'X'
---
id: S-6
title: Story S-2 from S-2-feature.md
status: draft
---
Body of S-2-feature.md.
X
expect_file backlog/stories/S-3-needs-feature.md "the feature's dependant follows it" <<'X'
---
id: S-3
title: Story S-3 from S-3-needs-feature.md
status: draft
depends-on: [S-6]
---
Body of S-3-needs-feature.md.
X
expect_file backlog/stories/S-4-needs-main.md "main's dependant keeps S-2" <<'X'
---
id: S-4
title: Story S-4 from S-4-needs-main.md
status: draft
depends-on: [S-2, S-1]
---
Body of S-4-needs-main.md.
X
expect_cmd "the work tree and index are clean" git status --porcelain </dev/null
test -e backlog/stories/S-2-feature.md
RC=$?
expect_rc 1 "the old file is gone"
run_prio check
expect_rc 0 "check is clean afterwards"
expect_cmd "git fsck is clean" git fsck --no-progress </dev/null

# Named by path: that one is renamed, and main's dependant follows it.
setup
run_prio reid backlog/stories/S-2-main.md -m "Keep the feature's S-2."
expect_rc 0 "reid by path exits 0"
masked_out
expect_out "reid by path renames that file" <<'X'
[main XXXXXXX] prio: reid S-2 as S-6 (S-6-main.md, 1 depends-on rewritten)
backlog/stories/S-2-main.md -> backlog/stories/S-6-main.md
X
expect_cmd "main's dependant follows main's story" \
    git show --format= --name-status -M HEAD <<'X'
M	backlog/stories/S-4-needs-main.md
R090	backlog/stories/S-2-main.md	backlog/stories/S-6-main.md
X
expect_file backlog/stories/S-4-needs-main.md "only the meant entry changes" <<'X'
---
id: S-4
title: Story S-4 from S-4-needs-main.md
status: draft
depends-on: [S-6, S-1]
---
Body of S-4-needs-main.md.
X
expect_file backlog/stories/S-5-after-merge.md "an ambiguous entry is left as written" <<'X'
---
id: S-5
title: Story S-5 from S-5-after-merge.md
status: draft
depends-on:
  - S-2   # which one?
---
Body of S-5-after-merge.md.
X

# A file name alone is enough when it is unique.
setup
run_prio reid S-2-main.md -m "By file name."
expect_rc 0 "reid by file name exits 0"
expect_grep '^backlog/stories/S-2-main.md -> backlog/stories/S-6-main.md$' \
    "a bare file name finds the story"

# The next free ID counts every branch, local and remote-tracking.
setup
git checkout -qb elsewhere
draft S-9 S-9-elsewhere.md
commit_all "elsewhere: S-9"
git checkout -q main
git checkout -q --detach
draft S-14 S-14-remote.md
commit_all "on a remote"
git update-ref refs/remotes/origin/side HEAD
git checkout -q main
run_prio reid S-2 -m "Fresh ID past every branch."
masked_out
expect_out "the fresh ID is above those of all branches" <<'X'
[main XXXXXXX] prio: reid S-2 as S-15 (S-15-feature.md, 1 depends-on rewritten)
backlog/stories/S-2-feature.md -> backlog/stories/S-15-feature.md
X

# A front-matter id in the work tree counts too, as for prio new.
setup
draft S-30 misnamed.md
run_prio reid S-2 -m "Past the misnamed file."
masked_out
expect_out "an id in a file not named by it counts" <<'X'
[main XXXXXXX] prio: reid S-2 as S-31 (S-31-feature.md, 1 depends-on rewritten)
backlog/stories/S-2-feature.md -> backlog/stories/S-31-feature.md
X
expect_err "stderr has only the note on the ambiguous entry" <<'X'
prio: note: S-5 (backlog/stories/S-5-after-merge.md) depends on S-2, written where both stories could be meant; it still names S-2: check it
X

# A story never committed cannot be renamed by a commit.
setup
draft S-2 S-2-uncommitted.md
run_prio reid backlog/stories/S-2-uncommitted.md -m "x"
expect_rc 1 "reid of an uncommitted story is refused"
expect_out "a refused reid prints no rename" </dev/null
expect_err "the refusal says to commit it first" <<'X'
prio: cannot remove 'backlog/stories/S-2-uncommitted.md': HEAD does not have it; commit it first, and run the command again
X
expect_cmd "nothing was written" git status --porcelain --untracked-files=all <<'X'
?? backlog/stories/S-2-uncommitted.md
X

# Both added in one commit: no newcomer, so a path is needed.
new_repo
draft S-1 S-1.md
draft S-1 S-1-twin.md
commit_all "twins"
run_prio reid S-1 -m "Twins."
expect_rc 1 "reid of twins by ID is refused"
expect_err "the refusal lists the paths to choose from" <<'X'
prio: the files with ID S-1 joined this branch together, so neither is the newcomer; name the one to renumber by its path:
  prio reid backlog/stories/S-1-twin.md -m <why>
  prio reid backlog/stories/S-1.md -m <why>
X
run_prio reid backlog/stories/S-1.md -m "Twins."
expect_rc 0 "a path settles it"
masked_out
expect_out "a name that is only the ID keeps that form" <<'X'
[main XXXXXXX] prio: reid S-1 as S-2 (S-2.md)
backlog/stories/S-1.md -> backlog/stories/S-2.md
X

# Refusals.
setup
run_prio reid S-1 -m "x"
expect_rc 1 "a unique ID is refused"
expect_err "a unique ID: reid is for shared ones" <<'X'
prio: backlog/stories/S-1-base.md is the only story with ID S-1; reid gives a fresh ID to one of stories that share one
X
run_prio reid S-77 -m "x"
expect_rc 1 "an unknown ID is exit 1"
expect_err "an unknown ID says so" <<'X'
prio: no story S-77 in this backlog; 'prio list --all' shows them all
X
run_prio reid ../../etc/passwd -m "x"
expect_rc 2 "a path outside the backlog is a usage error, as for every command"
expect_err "a path outside the backlog names no story" <<'X'
prio: '../../etc/passwd' is not in backlog/stories/, where the story files are; name a story by its ID or by the path of its file
X
run_prio reid 'S-2; rm -rf' -m "x"
expect_rc 2 "a malformed ID is a usage error"
run_prio reid -m "x"
expect_rc 2 "no story named is a usage error"
run_prio reid S-2 S-3 -m "x"
expect_rc 2 "two stories named is a usage error"
run_prio reid S-2 </dev/null
expect_rc 1 "no rationale is refused"
expect_err "no rationale says how to give one" <<'X'
prio: a rationale is required: say why with -m <why> (or set rationale-required: false in backlog/prio.yml)
X
head=$(git rev-parse HEAD)
echo "edited" >>backlog/stories/S-2-feature.md
run_prio reid S-2 -m "x"
expect_rc 1 "an uncommitted edit to the story is refused"
expect_cmd "nothing was committed or moved" sh -c \
    "test \"\$(git rev-parse HEAD)\" = $head && git status --porcelain" <<'X'
 M backlog/stories/S-2-feature.md
X
git checkout -q -- backlog/stories/S-2-feature.md

# --no-commit writes the files and commits nothing.
run_prio reid S-2 -m "x" --no-commit
expect_rc 0 "reid --no-commit exits 0"
expect_out "--no-commit says it wrote" <<'X'
prio: reid S-2 as S-6 (S-6-feature.md, 1 depends-on rewritten) (written, not committed)
backlog/stories/S-2-feature.md -> backlog/stories/S-6-feature.md
X
expect_cmd "--no-commit leaves the change uncommitted" \
    git status --porcelain --untracked-files=all <<'X'
 D backlog/stories/S-2-feature.md
 M backlog/stories/S-3-needs-feature.md
?? backlog/stories/S-6-feature.md
X

# A story in a sub-folder stays in its folder.
new_repo
mkdir -p backlog/stories/epic
draft S-1 S-1-one.md
commit_all "one"
git checkout -qb side
draft S-2 epic/S-2-side.md
commit_all "side"
git checkout -q main
draft S-2 S-2-main.md
commit_all "main"
git merge -q --no-edit side
run_prio reid S-2 -m "Side merged later."
masked_out
expect_out "the merged-in story is the newcomer; its folder is kept" <<'X'
[main XXXXXXX] prio: reid S-2 as S-3 (S-3-side.md)
backlog/stories/epic/S-2-side.md -> backlog/stories/epic/S-3-side.md
X

# In a Backlog.md project (t0824 has more): an ID one task has.
_repo_n=$((_repo_n + 1))
REPO=$TEST_ROOT/repo$_repo_n
mkdir -p "$REPO"
cd "$REPO" || exit 1
git init -q
cp -R "$FIXTURES/backlogmd/backlog" backlog
commit_all "Backlog.md"
run_prio reid BACK-1 -m "x"
expect_rc 1 "reid of a task no other shares an ID with is refused"
expect_cmd "nothing changes in a Backlog.md project" \
    git status --porcelain --untracked-files=all </dev/null

run_prio reid --help
expect_rc 0 "reid --help exits 0"

done_testing
