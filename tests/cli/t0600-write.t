#!/bin/sh
# move, set, rerank, renumber: exactly one commit holding exactly the
# changed files, the message and trailers of SPEC §3.1, surgical edits,
# the user's other work untouched, and clean refusals.  Real git is the
# oracle.  Each case runs alone: t0600-write.t --case <name>.
. "$(dirname "$0")/lib.sh"

export PRIO_RANK_SEED=42
export GIT_AUTHOR_DATE="2026-11-02T10:00:00+00:00"
export GIT_COMMITTER_DATE="2026-11-02T10:00:00+00:00"

# A backlog with three ranked and two unranked open stories.
setup() {
	new_repo
	good_story S-1 "rank: 1"
	good_story S-2 "rank: 2"
	good_story S-3 "rank: 3"
	good_story S-4
	good_story S-5
	sed -i 's/^value: 5$/value: 9/' backlog/stories/S-4.md
	commit_all "backlog"
}

# The commit line with its hash masked: "[main XXXXXXX] subject".
masked_out() {
	sed -E 's/^\[([^ ]+) [0-9a-f]{7}\]/[\1 XXXXXXX]/' "$TEST_ROOT/out" \
	    >"$TEST_ROOT/out.m" && mv "$TEST_ROOT/out.m" "$TEST_ROOT/out"
}

# expect_cmd "name" CMD...: a command's stdout+stderr, exactly (stdin).
expect_cmd() {
	_name=$1
	shift
	"$@" >"$TEST_ROOT/out" 2>&1
	expect_out "$_name"
}

# refused "name" rc: the last run exited rc, and HEAD (still
# $head_before) and the backlog did not change.
refused() {
	expect_rc "$2" "$1: exit $2"
	if [ "$(git rev-parse HEAD)" = "$head_before" ] &&
	    [ -z "$(git status --porcelain -- backlog)" ]; then
		ok "$1: nothing changed"
	else
		not_ok "$1: nothing changed"
	fi
}

# The backlog of setup after the moves of the case move, each checked
# there: S-4, S-2, S-1, S-3, S-5, all ranked.
moved() {
	setup
	run_prio move S-3 --top -m "Offline first: the pilot needs it."
	run_prio move S-3 --after S-2 -m "Not yet."
	run_prio move S-4 --bottom -m "Rank the first unranked one."
	run_prio move S-5 --bottom -m "Rank the last one."
	run_prio move S-4 --before S-1 -m "Value 9."
	run_prio move S-1 --to 3 -m "Middle."
}

# Every kind of move, each one commit that git reads back.
case_move() {
	setup
	run_prio move S-3 --top -m "Offline first: the pilot needs it."
	expect_rc 0 "move --top exits 0"
	masked_out
	expect_out "move prints the commit as git commit does" <<'X'
[main XXXXXXX] prio: move S-3 to #1 (was #3)
X
	expect_cmd "the message: subject, rationale, trailers" \
	    git log -1 --format=%B <<'X'
prio: move S-3 to #1 (was #3)

Offline first: the pilot needs it.

Prio-Story: S-3
Prio-Change: rank 3 -> 0.4

X
	git log -1 --format=%B | git interpret-trailers --parse >"$TEST_ROOT/out"
	expect_out "git reads the trailers" <<'X'
Prio-Story: S-3
Prio-Change: rank 3 -> 0.4
X
	expect_cmd "the commit holds exactly the moved story" \
	    git show --stat --format= HEAD <<'X'
 backlog/stories/S-3.md | 2 +-
 1 file changed, 1 insertion(+), 1 deletion(-)
X
	expect_cmd "only the rank's bytes changed" \
	    sh -c 'git diff HEAD~1 HEAD | grep "^[-+][^-+]"' <<'X'
-rank: 3
+rank: 0.4
X
	expect_cmd "git status is clean" git status --porcelain </dev/null
	expect_cmd "git fsck is clean" git fsck --no-progress </dev/null
	run_prio list
	expect_out "the new order" <<'X'
#  ID   STATUS  SCORE  TITLE
1  S-3  ready    2.00  Story S-3
2  S-1  ready    2.00  Story S-1
3  S-2  ready    2.00  Story S-2
4  S-4  ready    2.80  Story S-4
5  S-5  ready    2.00  Story S-5
X

	run_prio move S-3 --after S-2 -m "Not yet."
	masked_out
	expect_out "--after" <<'X'
[main XXXXXXX] prio: move S-3 to #3 (was #1)
X
	head_before=$(git rev-parse HEAD)
	run_prio move S-5 --bottom -m "Rank the last one."
	expect_rc 1 "--bottom refuses to move an unranked story up"
	expect_err "and says how to get it lower" <<'X'
prio: cannot move S-5: --bottom would move it up, from #5 to #4: unranked stories follow the ranked ones, and a rank places it right after the last ranked one; to put it lower, rank the unranked stories above it first, in order from S-4, each with 'prio move <id> --bottom' (which ranks a story where it stands), then move it again
X
	[ "$(git rev-parse HEAD)" = "$head_before" ] &&
	    [ -z "$(git status --porcelain)" ] &&
	    ok "the refused --bottom changed nothing" ||
	    not_ok "the refused --bottom changed nothing"
	run_prio move S-4 --bottom -m "Rank the first unranked one."
	masked_out
	expect_out "--bottom ranks the first unranked story where it stands" <<'X'
[main XXXXXXX] prio: move S-4 to #4 (was #4)
X
	expect_cmd "--bottom is the last rank + 1, an integer" \
	    sh -c 'git diff HEAD~1 HEAD | grep "^[-+][^-+]"' <<'X'
+rank: 4
X
	run_prio move S-5 --bottom -m "Rank the last one."
	masked_out
	expect_out "then the next one, the last, is at the bottom" <<'X'
[main XXXXXXX] prio: move S-5 to #5 (was #5)
X
	run_prio move S-4 --before S-1 -m "Value 9."
	masked_out
	expect_out "--before" <<'X'
[main XXXXXXX] prio: move S-4 to #1 (was #4)
X
	run_prio move S-1 --to 3 -m "Middle."
	masked_out
	expect_out "--to" <<'X'
[main XXXXXXX] prio: move S-1 to #3 (was #2)
X
	run_prio list
	expect_out "every move landed" <<'X'
#  ID   STATUS  SCORE  TITLE
1  S-4  ready    2.80  Story S-4
2  S-2  ready    2.00  Story S-2
3  S-1  ready    2.00  Story S-1
4  S-3  ready    2.00  Story S-3
5  S-5  ready    2.00  Story S-5
X
	expect_cmd "one commit per move" git log --format=%s <<'X'
prio: move S-1 to #3 (was #2)
prio: move S-4 to #1 (was #4)
prio: move S-5 to #5 (was #5)
prio: move S-4 to #4 (was #4)
prio: move S-3 to #3 (was #1)
prio: move S-3 to #1 (was #3)
backlog
X
}
run_case move

# Refusals change nothing.
case_move_refusals() {
	moved
	head_before=$(git rev-parse HEAD)
	run_prio move S-9 --top -m x
	refused "an unknown story" 1
	expect_err "an unknown story is named" <<'X'
prio: no story S-9 in this backlog; 'prio list --all' shows them all
X
	run_prio move ../../etc/passwd --top -m x
	refused "a malformed id" 2
	run_prio move S-1 -m x
	refused "no destination" 2
	run_prio move S-1 --top --bottom -m x
	refused "two destinations" 2
	run_prio move S-1 --to 0 -m x
	refused "--to 0" 2
	run_prio move S-1 --to 9 -m x
	refused "--to past the end" 1
	expect_err "--to past the end says the range" <<'X'
prio: cannot move S-1: position 9 is out of range: ranked stories take positions 1 to 5
X
	run_prio move S-1 --before S-1 -m x
	refused "before itself" 1
	good_story S-6
	good_story S-7
	commit_all "S-6, S-7"
	head_before=$(git rev-parse HEAD)
	run_prio move S-1 --before S-7 -m x
	refused "before an unranked story" 1
	expect_err "says how to rank the anchor" <<'X'
prio: cannot move S-1: S-7 has no rank, so nothing can be placed next to it; rank the unranked stories down to it first, in order from S-6, each with 'prio move <id> --bottom' (which ranks a story where it stands)
X
	run_prio move S-1 --after S-6 -m x
	refused "after the first unranked story" 1
	expect_err "says how to rank it in place" <<'X'
prio: cannot move S-1: S-6 has no rank, so nothing can be placed after it; rank it first: 'prio move S-6 --bottom' ranks it where it stands
X
	run_prio move S-1 --top </dev/null
	refused "no rationale and no terminal" 1
	expect_err "says how to give a rationale" <<'X'
prio: a rationale is required: say why with -m <why> (or set rationale-required: false in backlog/prio.yml)
X
	run_prio move S-1 --top -m "   "
	refused "an empty rationale" 1
	echo "edited by hand" >>backlog/stories/S-1.md
	run_prio move S-1 --top -m x
	expect_rc 1 "a story file with uncommitted edits is refused"
	if [ "$(git rev-parse HEAD)" = "$head_before" ] &&
	    tail -n 1 backlog/stories/S-1.md | grep -q "edited by hand"; then
		ok "the user's edit is kept and nothing is committed"
	else
		not_ok "the user's edit is kept and nothing is committed"
	fi
	git checkout -q -- backlog/stories/S-1.md
}
run_case move-refusals

# A story moved to where it stands gets a new rank in the same gap, and
# the move commits, as every move does.  With one seed (PRIO_RANK_SEED,
# here for the whole file) the same gap gives the same draw: the second
# move meets exactly the rank the story has, which it must not keep.
case_move_in_place() {
	good_story S-1 "rank: 1"
	good_story S-2 "rank: 2"
	commit_all
	run_prio move S-1 --top -m "first"
	expect_rc 0 "a move to the top commits"
	first=$(sed -n 's/^rank: //p' backlog/stories/S-1.md)
	commits=$(git rev-list --count HEAD)
	run_prio move S-1 --top -m "again"
	expect_rc 0 "a move to where the story stands exits 0"
	again=$(sed -n 's/^rank: //p' backlog/stories/S-1.md)
	[ -n "$again" ] && [ "$again" != "$first" ] &&
	    ok "and gives it another rank ($first, then $again)" ||
	    not_ok "and gives it another rank ($first, then $again)"
	expect_same "$(git rev-list --count HEAD) $(git log -1 --format=%s)" \
	    "$((commits + 1)) prio: move S-1 to #1 (was #1)" "and commits it"
	expect_cmd "the work tree is clean" git status --porcelain </dev/null
}
run_case move-in-place

# move beside the user's other work, --no-commit, and the config's
# commit-subject and rationale-required.
case_move_options() {
	moved
	good_story S-6
	good_story S-7
	commit_all "S-6, S-7"
	# The user's other work is neither committed nor disturbed.
	echo "staged" >notes.txt
	git add notes.txt
	echo "unstaged" >>backlog/stories/S-6.md
	run_prio move S-2 --top -m "Keep the rest."
	expect_rc 0 "move with other staged and unstaged work exits 0"
	expect_cmd "the commit holds only the story" \
	    git show --name-only --format= HEAD <<'X'
backlog/stories/S-2.md
X
	expect_cmd "the other work is as it was" git status --porcelain <<'X'
 M backlog/stories/S-6.md
A  notes.txt
X
	git reset -q notes.txt && rm notes.txt
	git checkout -q -- backlog/stories/S-6.md

	# --no-commit writes the file only; commit: false in the config too.
	head_before=$(git rev-parse HEAD)
	run_prio move S-1 --bottom --no-commit
	expect_rc 0 "--no-commit exits 0 without a rationale"
	expect_out "--no-commit says so" <<'X'
prio: move S-1 to #5 (was #3) (written, not committed)
X
	expect_cmd "--no-commit leaves an ordinary change" \
	    git status --porcelain <<'X'
 M backlog/stories/S-1.md
X
	[ "$(git rev-parse HEAD)" = "$head_before" ] && ok "--no-commit commits nothing" ||
	    not_ok "--no-commit commits nothing"
	git checkout -q -- backlog/stories/S-1.md

	printf 'commit-subject: "chore(backlog): {summary}"\n' >backlog/prio.yml
	commit_all "config"
	run_prio move S-1 --top -m "Conventional commits."
	masked_out
	expect_out "the subject follows commit-subject" <<'X'
[main XXXXXXX] chore(backlog): move S-1 to #1 (was #3)
X
	printf 'rationale-required: false\n' >backlog/prio.yml
	commit_all "config"
	run_prio move S-1 --bottom </dev/null
	expect_rc 0 "rationale-required: false allows no rationale"
	expect_cmd "the message is subject and trailers" git log -1 --format=%B <<'X'
prio: move S-1 to #5 (was #1)

Prio-Story: S-1
Prio-Change: rank 0.064 -> 6

X
}
run_case move-options

# set: fields, lists, a missing key added, invalid values refused.
case_set() {
	setup
	run_prio set S-5 status=in-progress value=8 owner=ada labels=a,b -m "Started."
	expect_rc 0 "set exits 0"
	masked_out
	expect_out "set's subject lists the fields" <<'X'
[main XXXXXXX] prio: set S-5 status=in-progress, value=8, owner=ada, labels=a,b
X
	expect_cmd "one Prio-Change per field" git log -1 --format=%B <<'X'
prio: set S-5 status=in-progress, value=8, owner=ada, labels=a,b

Started.

Prio-Story: S-5
Prio-Change: status ready -> in-progress
Prio-Change: value 5 -> 8
Prio-Change: owner none -> ada
Prio-Change: labels none -> [a, b]

X
	expect_file backlog/stories/S-5.md "missing keys are added at the end of the front matter" <<'X'
---
id: S-5
title: Story S-5
status: in-progress
value: 8
urgency: 3
risk: 2
effort: 5
owner: ada
labels: [a, b]
---
As a user I want it.

## Acceptance criteria

- [ ] It works.
X
	head_before=$(git rev-parse HEAD)
	run_prio set S-5 status=doing -m x
	refused "an unknown status" 1
	expect_err "the new error is shown" <<'X'
prio: backlog/stories/S-5.md:4:9: status 'doing' is not one of: draft, ready, in-progress, done, accepted, dropped [status]
prio: nothing was changed: 'set S-5 status=doing' would bring the error above into the backlog
X
	run_prio set S-5 value=lots -m x
	refused "a non-number score input" 1
	run_prio set S-5 id=S-9 -m x
	refused "setting the id" 2
	run_prio set S-5 novalue -m x
	refused "an argument without =" 2
	run_prio set S-5 -m x
	refused "no field" 2
	run_prio set S-5 'title=Pay: offline # now' -m "Rename."
	expect_rc 0 "a title YAML would misread is quoted"
	expect_cmd "the title reads back exactly" \
	    sh -c "$PRIO show S-5 --json | sed 's/.*\"title\":\"\\([^\"]*\\)\".*/\\1/'" <<'X'
Pay: offline # now
X
}
run_case set

# renumber and rerank: one commit, one trailer set per story.
case_renumber_rerank() {
	setup
	run_prio move S-3 --after S-1 -m "Between."
	run_prio renumber -m "Short ranks again."
	masked_out
	expect_out "renumber" <<'X'
[main XXXXXXX] prio: renumber ranks 1..3 (2 changed, order unchanged)
X
	expect_cmd "renumber's trailers" sh -c 'git log -1 --format=%B | git interpret-trailers --parse' <<'X'
Prio-Story: S-3
Prio-Change: rank 1.4 -> 2
Prio-Story: S-2
Prio-Change: rank 2 -> 3
X
	run_prio list
	expect_out "renumber keeps the order" <<'X'
#  ID   STATUS  SCORE  TITLE
1  S-1  ready    2.00  Story S-1
2  S-3  ready    2.00  Story S-3
3  S-2  ready    2.00  Story S-2
4  S-4  ready    2.80  Story S-4
5  S-5  ready    2.00  Story S-5
X
	run_prio renumber -m "Again."
	expect_rc 0 "renumber with nothing to do exits 0"
	expect_err "and says so" <<'X'
prio: the ranks are already 1..3; nothing to change
X
	run_prio rerank --by score -m "Follow the score."
	masked_out
	expect_out "rerank" <<'X'
[main XXXXXXX] prio: rerank 4 of 5 stories by score
X
	run_prio rank
	expect_out "rerank applied the proposed order" <<'X'
#  ID   RANK  SCORE  TITLE
1  S-4  1      2.80  Story S-4
2  S-1  2      2.00  Story S-1
3  S-2  3      2.00  Story S-2
4  S-3  4      2.00  Story S-3
5  S-5  5      2.00  Story S-5
X
	run_prio rerank -m x
	expect_rc 2 "rerank needs --by score"
	expect_cmd "fsck after all of it" git fsck --no-progress </dev/null
}
run_case renumber-rerank

# rerank --by score applies rank --by score's order: unscored stories
# keep their current order after the scored ones; with no scores at all
# there is no order to apply.
case_rerank_unscored() {
	good_story S-3 "rank: 3"
	good_story S-4
	for id in S-5 S-2 S-1; do
		printf -- '---\nid: %s\ntitle: Story %s\nstatus: draft\n---\n' \
		    "$id" "$id" >"backlog/stories/$id.md"
	done
	printf 'rank: 1\n' | sed -i '3r /dev/stdin' backlog/stories/S-5.md
	printf 'rank: 2\n' | sed -i '3r /dev/stdin' backlog/stories/S-2.md
	sed -i 's/^value: 5$/value: 9/' backlog/stories/S-4.md
	commit_all "mixed"
	run_prio rerank --by score -m "Follow the score."
	expect_rc 0 "rerank with unscored stories exits 0"
	run_prio rank
	expect_out "the unscored stories kept their order, after the scored" <<'X'
#  ID   RANK  SCORE  TITLE
1  S-4  1      2.80  Story S-4
2  S-3  2      2.00  Story S-3
3  S-5  3         -  Story S-5
4  S-2  4         -  Story S-2
5  S-1  5         -  Story S-1
X
}
run_case rerank-unscored

# With no scores at all, there is no order to apply.
case_rerank_no_scores() {
	for id in S-3 S-1 S-2; do
		printf -- '---\nid: %s\ntitle: Story %s\nstatus: draft\n---\n' \
		    "$id" "$id" >"backlog/stories/$id.md"
	done
	printf 'rank: 1\n' | sed -i '3r /dev/stdin' backlog/stories/S-3.md
	commit_all "no scores"
	head_before=$(git rev-parse HEAD)
	run_prio rerank --by score -m "Follow the score."
	refused "rerank with no scores" 1
	expect_err "rerank with no scores says there is no order" <<'X'
prio: no open story has a score, so there is no score order to apply; give stories what the score reads: (value + urgency + risk) / effort
X
	expect_cmd "rerank with no scores: no commit" git log --format=%s <<'X'
no scores
X
}
run_case rerank-no-scores

# --bottom, --before, --after and --to never move the wrong way.
case_never_the_wrong_way() {
	good_story S-1 "rank: 1"
	good_story S-2 "rank: 2"
	for id in S-3 S-4 S-5 S-6; do good_story "$id"; done
	commit_all "two ranked, four unranked"
	head_before=$(git rev-parse HEAD)
	run_prio move S-6 --bottom -m "Last."
	refused "--bottom of the last, unranked story" 1
	expect_err "--bottom from #6 would go up to #3: refused" <<'X'
prio: cannot move S-6: --bottom would move it up, from #6 to #3: unranked stories follow the ranked ones, and a rank places it right after the last ranked one; to put it lower, rank the unranked stories above it first, in order from S-3, each with 'prio move <id> --bottom' (which ranks a story where it stands), then move it again
X
	run_prio move S-4 --bottom -m "Lower."
	refused "--bottom of a middle unranked story" 1
	run_prio move S-1 --bottom -m "Lower."
	masked_out
	expect_out "--bottom of a ranked story moves it down, after the last ranked" <<'X'
[main XXXXXXX] prio: move S-1 to #2 (was #1)
X
	run_prio move S-5 --before S-3 -m "Before the first unranked."
	masked_out
	expect_out "--before the first unranked story: after the last ranked" <<'X'
[main XXXXXXX] prio: move S-5 to #3 (was #5)
X
	run_prio move S-6 --to 4 -m "Fourth."
	masked_out
	expect_out "--to the place after the last ranked" <<'X'
[main XXXXXXX] prio: move S-6 to #4 (was #6)
X
	for id in S-3 S-4; do
		run_prio move "$id" --bottom -m "In place."
		expect_rc 0 "$id --bottom ranks it where it stands"
	done
	run_prio list
	expect_out "every story where the moves said" <<'X'
#  ID   STATUS  SCORE  TITLE
1  S-2  ready    2.00  Story S-2
2  S-1  ready    2.00  Story S-1
3  S-5  ready    2.00  Story S-5
4  S-6  ready    2.00  Story S-6
5  S-3  ready    2.00  Story S-3
6  S-4  ready    2.00  Story S-4
X
	run_prio move S-2 --bottom -m "Now the bottom is the bottom."
	masked_out
	expect_out "with every story ranked, --bottom is last" <<'X'
[main XXXXXXX] prio: move S-2 to #6 (was #1)
X
}
run_case never-the-wrong-way

# Parallel runs on different stories: every one lands.
case_parallel() {
	i=1
	while [ $i -le 8 ]; do good_story "S-$i"; i=$((i + 1)); done
	commit_all "eight"
	i=1
	while [ $i -le 8 ]; do
		"$PRIO" move "S-$i" --top -m "parallel $i" >/dev/null 2>&1 &
		i=$((i + 1))
	done
	wait
	n=$(git log --format=%s | grep -c '^prio: move')
	[ "$n" -eq 8 ] && ok "8 parallel moves made 8 commits" ||
	    not_ok "8 parallel moves made 8 commits (got $n)"
	expect_cmd "and the work tree is clean" git status --porcelain </dev/null
	expect_cmd "and git fsck is clean" git fsck --no-progress </dev/null
}
run_case parallel

# An unborn branch, a detached HEAD, a bare repository, a merge.
case_unborn_detached_bare() {
	good_story S-1
	good_story S-2
	run_prio move S-1 --top -m "first"
	expect_rc 1 "an untracked story on an unborn branch is refused"
	git add -A
	echo "more" >>backlog/stories/S-2.md
	run_prio move S-2 --top -m "first"
	expect_rc 1 "on an unborn branch, a staged story with unstaged edits is refused"
	git checkout -q -- backlog/stories/S-2.md
	run_prio move S-1 --top -m "first"
	expect_rc 0 "on an unborn branch, a staged story makes the first commit"
	expect_cmd "the first commit holds exactly that story" \
	    git show --name-only --format=%s HEAD <<'X'
prio: move S-1 to #1 (was #1)

backlog/stories/S-1.md
X
	expect_cmd "the other staged files stay staged" git status --porcelain <<'X'
A  backlog/prio.yml
A  backlog/stories/S-2.md
X
	git commit -qm one
	git checkout -q --detach
	run_prio move S-1 --top -m "already"
	expect_rc 0 "a move that changes nothing exits 0"
	expect_out "prints no commit" </dev/null
	expect_err "and says why" <<'X'
prio: nothing to commit: the files already say that
X
	[ "$(git log -1 --format=%s HEAD)" = "one" ] &&
	    ok "and makes no empty commit" || not_ok "and makes no empty commit"
	run_prio move S-2 --top -m "detached"
	expect_rc 0 "a detached HEAD works"
	[ "$(git log -1 --format=%s HEAD)" = "prio: move S-2 to #1 (was #2)" ] &&
	    ok "the detached HEAD moved" || not_ok "the detached HEAD moved"
	git clone -q --bare . "$TEST_ROOT/bare.git"
	run_prio -C "$TEST_ROOT/bare.git" move S-1 --top -m x
	expect_rc 2 "a bare repository has no work tree to change"
}
run_case unborn-detached-bare

done_testing
