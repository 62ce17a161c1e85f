#!/bin/sh
# prio log: the audit trail of SPEC 3.2 — hand edits and prio's own
# commits, a branch merged with --no-ff, positions before and after,
# a score formula changed mid-way, ranges, one story, --json, errors.
. "$(dirname "$0")/lib.sh"

# st [PATH/]ID STATUS [LINE...]: a story whose one criterion is met; each
# LINE is an extra front-matter line ("rank: 3").
st() {
	_path=backlog/stories/$1.md _id=${1##*/} _status=$2
	shift 2
	mkdir -p "$(dirname "$_path")"
	{
		printf -- '---\nid: %s\ntitle: Story %s\nstatus: %s\n' \
		    "$_id" "$_id" "$_status"
		for _l; do printf '%s\n' "$_l"; done
		printf -- '---\nBody of %s.\n\n## Acceptance criteria\n\n' "$_id"
		printf -- '- [x] It works.\n'
	} >"$_path"
}

# at HH[:MM] WHO: the next commit's dates (2026-11-02, UTC) and author.
at() {
	GIT_AUTHOR_DATE="2026-11-02T$1:00+00:00"
	case $1 in *:*) ;; *) GIT_AUTHOR_DATE="2026-11-02T$1:00:00+00:00" ;; esac
	GIT_COMMITTER_DATE=$GIT_AUTHOR_DATE
	GIT_AUTHOR_NAME=$2
	GIT_AUTHOR_EMAIL=$(echo "$2" | tr A-Z a-z)@example.com
	export GIT_AUTHOR_DATE GIT_COMMITTER_DATE GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL
}

# commit TAG: commits everything with the message on stdin, tags it.
commit() {
	git add -A && git commit -q -F - && git tag "$1"
}

# --- Outside a repository, no commits, no backlog ---------------------------

mkdir "$TEST_ROOT/nogit"
cd "$TEST_ROOT/nogit" || exit 1
GIT_CEILING_DIRECTORIES=$TEST_ROOT run_prio log
expect_rc 2 "log outside a repository exits 2"
expect_err "log outside a repository says so" <<'X'
prio: not in a git repository; run prio inside one, or name one with -C <dir>
X

new_repo
run_prio log
expect_rc 2 "log before the first commit exits 2"
expect_err "log before the first commit says there is no history" <<'X'
prio: the current branch has no commits yet, so there is no history to read
X
expect_out "log before the first commit prints nothing" </dev/null

rm backlog/prio.yml
st S-1 ready "rank: 1"
at 09 Ada
commit nobacklog <<'X'
Stories, but no prio.yml yet
X
run_prio log
expect_rc 2 "log without a committed backlog exits 2"
expect_err "log without a committed backlog says what to do" <<'X'
prio: no backlog in the history of HEAD: no commit has backlog/prio.yml; 'prio init' creates it, then commit it
X
# The commit that adds prio.yml creates the stories committed before it.
: >backlog/prio.yml
at 10 Ada
commit withbacklog <<'X'
Add the config
X
run_prio log
expect_rc 0 "log exits 0 once the config is committed"
expect_out "the commit adding prio.yml creates the stories already there" <<X
commit $(git rev-parse withbacklog)
Author: Ada <ada@example.com>
Date:   2026-11-02T10:00:00+00:00

    Add the config

    S-1 created at #1
X
run_prio log HEAD..HEAD
expect_rc 0 "an empty range exits 0"
expect_out "an empty range prints nothing" </dev/null
run_prio log HEAD..HEAD --json
expect_out "an empty range is an empty JSON list" <<'X'
{"version":1,"kind":"prio.log","entries":[]}
X

# --- A history: prio's commits, hand edits, a branch, a new formula ---------

new_repo
# c1: five stories.  Order: S-1 S-2 S-3 (ranked), S-6 (score 5.5), S-4 (5).
st S-1 ready "rank: 1"
st S-2 ready "rank: 2"
st S-3 ready "rank: 3"
st S-4 draft "value: 3" "urgency: 1" "risk: 1" "effort: 1"
st S-6 draft "value: 9" "urgency: 1" "risk: 1" "effort: 2"
at 10 Ada
commit c1 <<'X'
Start the backlog
X
# c2: what `prio move S-3 --top` writes, message and trailers included.
st S-3 ready "rank: 0.5"
at 11 Ada
commit c2 <<'X'
prio: move S-3 to #1 (was #3)

The Kenya pilot needs offline payments first.

Prio-Story: S-3
Prio-Change: rank 3 -> 0.5
X
# c3: by hand, a status and a title (titles are not decisions).
st S-1 in-progress "rank: 1"
sed 's/^title: .*/title: Renamed/' backlog/stories/S-2.md >"$TEST_ROOT/s"
cat "$TEST_ROOT/s" >backlog/stories/S-2.md
at 12 Bob
commit c3 <<'X'
Start work on S-1

Signed-off-by: Bob <bob@example.com>
X
# A branch: f1 raises S-4's value past S-6; f2 adds S-5 at rank 1.5.
git checkout -q -b feature
st S-4 draft "value: 8" "urgency: 1" "risk: 1" "effort: 1"
at 13 Cy
commit f1 <<'X'
S-4 is worth more than we thought
X
st S-5 ready "rank: 1.5"
at 14 Cy
commit f2 <<'X'
Add S-5
X
# Meanwhile on main, S-2 is dropped; then the branch is merged.
git checkout -q main
st S-2 dropped "rank: 2"
at 13:30 Ada
commit c4 <<'X'
Drop S-2
X
at 15 Ada
git merge -q --no-ff -m "Merge branch 'feature'" feature
git tag merge
# c5 leaves the backlog alone; c6 removes S-1.
echo "readme" >README.md
at 16 Ada
commit c5 <<'X'
Add a README
X
git rm -q backlog/stories/S-1.md
at 16:30 Ada
commit c6 <<'X'
S-1 is done elsewhere
X
# c7: the score becomes value alone (S-6 now before S-4); c8 changes
# what is no longer a score input; c9 a value that is one.
echo "score: value" >backlog/prio.yml
at 17 Ada
commit c7 <<'X'
Score by value alone
X
st S-6 draft "value: 9" "urgency: 9" "risk: 1" "effort: 3"
at 18 Ada
commit c8 <<'X'
Urgency and effort of S-6
X
st S-4 draft "value: 10" "urgency: 1" "risk: 1" "effort: 1"
at 19 Ada
commit c9 <<'X'
S-4 is worth even more
X
# c10: a renamed file is the same story; c11: a story that can no
# longer be read leaves the backlog; c12: the same rank written anew
# (0.50) is no change, a terminal story's value is one.
git mv backlog/stories/S-5.md backlog/stories/S-5-pay-offline.md
sed 's/^rank: .*/rank: 0.25/' backlog/stories/S-5-pay-offline.md >"$TEST_ROOT/s"
cat "$TEST_ROOT/s" >backlog/stories/S-5-pay-offline.md
at 20 Ada
commit c10 <<'X'
Rename S-5's file, and move it up
X
printf 'no front matter\n' >backlog/stories/S-6.md
at 21 Ada
commit c11 <<'X'
Break S-6
X
st S-3 ready "rank: 0.50"
st S-2 dropped "rank: 2" "value: 4"
at 22 Ada
commit c12 <<'X'
Tidy S-3, value S-2
X

h() { git rev-parse "$1"; }

run_prio log
expect_rc 0 "log exits 0"
expect_out "log shows every decision, newest first, merges skipped" <<X
commit $(h c12)
Author: Ada <ada@example.com>
Date:   2026-11-02T22:00:00+00:00

    Tidy S-3, value S-2

    S-2 value none -> 4

commit $(h c11)
Author: Ada <ada@example.com>
Date:   2026-11-02T21:00:00+00:00

    Break S-6

    S-6 removed from #4

commit $(h c10)
Author: Ada <ada@example.com>
Date:   2026-11-02T20:00:00+00:00

    Rename S-5's file, and move it up

    S-5 rank 1.5 -> 0.25, #2 -> #1

commit $(h c9)
Author: Ada <ada@example.com>
Date:   2026-11-02T19:00:00+00:00

    S-4 is worth even more

    S-4 value 8 -> 10, #4 -> #3

commit $(h c7)
Author: Ada <ada@example.com>
Date:   2026-11-02T17:00:00+00:00

    Score by value alone

    score formula (value + urgency + risk) / effort -> value

commit $(h c6)
Author: Ada <ada@example.com>
Date:   2026-11-02T16:30:00+00:00

    S-1 is done elsewhere

    S-1 removed from #2

commit $(h f2)
Author: Cy <cy@example.com>
Date:   2026-11-02T14:00:00+00:00

    Add S-5

    S-5 created at #3

commit $(h c4)
Author: Ada <ada@example.com>
Date:   2026-11-02T13:30:00+00:00

    Drop S-2

    S-2 status ready -> dropped, was #3

commit $(h f1)
Author: Cy <cy@example.com>
Date:   2026-11-02T13:00:00+00:00

    S-4 is worth more than we thought

    S-4 value 3 -> 8, #5 -> #4

commit $(h c3)
Author: Bob <bob@example.com>
Date:   2026-11-02T12:00:00+00:00

    Start work on S-1

    Signed-off-by: Bob <bob@example.com>

    S-1 status ready -> in-progress

commit $(h c2)
Author: Ada <ada@example.com>
Date:   2026-11-02T11:00:00+00:00

    prio: move S-3 to #1 (was #3)

    The Kenya pilot needs offline payments first.

    S-3 rank 3 -> 0.5, #3 -> #1

commit $(h c1)
Author: Ada <ada@example.com>
Date:   2026-11-02T10:00:00+00:00

    Start the backlog

    S-1 created at #1
    S-2 created at #2
    S-3 created at #3
    S-4 created at #5
    S-6 created at #4
X
expect_err "log is quiet on stderr" </dev/null

# git is the oracle for which commits and in what order: those of
# `git log --no-merges` that touch the backlog, less c8 (no decision).
git log --no-merges --format=%H -- backlog | grep -v "$(h c8)" >"$TEST_ROOT/want-commits"
sed -n 's/^commit //p' "$TEST_ROOT/out" >"$TEST_ROOT/got-commits"
if cmp -s "$TEST_ROOT/want-commits" "$TEST_ROOT/got-commits"; then
	ok "the entries are git log --no-merges's commits, in its order"
else
	not_ok "the entries are git log --no-merges's commits, in its order"
	diff -u "$TEST_ROOT/want-commits" "$TEST_ROOT/got-commits" | sed 's/^/#   /'
fi

# Positions agree with `prio list --rev` before and after each commit.
for c in c2 c3 f1 f2 c4 c6 c9 c10; do
	run_prio list --rev "$c~1"
	before=$OUT
	run_prio list --rev "$c"
	after=$OUT
	run_prio log "$c~1..$c" --json
	printf '%s\n' "$OUT" | tr '{' '\n' |
	    sed -n 's/^"story":"\([^"]*\)".*"position_from":\([0-9a-z]*\),"position_to":\([0-9a-z]*\)}.*/\1 \2 \3/p' |
	    sort -u >"$TEST_ROOT/pos"
	_bad=
	while read -r id from to; do
		b=$(printf '%s\n' "$before" | awk -v id="$id" '$2 == id { print $1 }')
		a=$(printf '%s\n' "$after" | awk -v id="$id" '$2 == id { print $1 }')
		[ "${b:-null}" = "$from" ] && [ "${a:-null}" = "$to" ] ||
		    _bad="$_bad $id:$from/$to!=${b:-null}/${a:-null}"
	done <"$TEST_ROOT/pos"
	if [ -s "$TEST_ROOT/pos" ] && [ -z "$_bad" ]; then
		ok "positions of $c agree with prio list --rev"
	else
		not_ok "positions of $c agree with prio list --rev"
		echo "#  $_bad"
	fi
done

run_prio log --json
expect_rc 0 "log --json exits 0"
expect_out "log --json is the documented schema" <<X
{"version":1,"kind":"prio.log","entries":[{"commit":"$(h c12)","author":"Ada <ada@example.com>","date":"2026-11-02T22:00:00+00:00","subject":"Tidy S-3, value S-2","body":"","changes":[{"story":"S-2","field":"value","from":null,"to":"4","position_from":null,"position_to":null}]},{"commit":"$(h c11)","author":"Ada <ada@example.com>","date":"2026-11-02T21:00:00+00:00","subject":"Break S-6","body":"","changes":[{"story":"S-6","field":"removed","from":"draft","to":null,"position_from":4,"position_to":null}]},{"commit":"$(h c10)","author":"Ada <ada@example.com>","date":"2026-11-02T20:00:00+00:00","subject":"Rename S-5's file, and move it up","body":"","changes":[{"story":"S-5","field":"rank","from":"1.5","to":"0.25","position_from":2,"position_to":1}]},{"commit":"$(h c9)","author":"Ada <ada@example.com>","date":"2026-11-02T19:00:00+00:00","subject":"S-4 is worth even more","body":"","changes":[{"story":"S-4","field":"value","from":"8","to":"10","position_from":4,"position_to":3}]},{"commit":"$(h c7)","author":"Ada <ada@example.com>","date":"2026-11-02T17:00:00+00:00","subject":"Score by value alone","body":"","changes":[{"story":null,"field":"score-formula","from":"(value + urgency + risk) / effort","to":"value","position_from":null,"position_to":null}]},{"commit":"$(h c6)","author":"Ada <ada@example.com>","date":"2026-11-02T16:30:00+00:00","subject":"S-1 is done elsewhere","body":"","changes":[{"story":"S-1","field":"removed","from":"in-progress","to":null,"position_from":2,"position_to":null}]},{"commit":"$(h f2)","author":"Cy <cy@example.com>","date":"2026-11-02T14:00:00+00:00","subject":"Add S-5","body":"","changes":[{"story":"S-5","field":"created","from":null,"to":"ready","position_from":null,"position_to":3}]},{"commit":"$(h c4)","author":"Ada <ada@example.com>","date":"2026-11-02T13:30:00+00:00","subject":"Drop S-2","body":"","changes":[{"story":"S-2","field":"status","from":"ready","to":"dropped","position_from":3,"position_to":null}]},{"commit":"$(h f1)","author":"Cy <cy@example.com>","date":"2026-11-02T13:00:00+00:00","subject":"S-4 is worth more than we thought","body":"","changes":[{"story":"S-4","field":"value","from":"3","to":"8","position_from":5,"position_to":4}]},{"commit":"$(h c3)","author":"Bob <bob@example.com>","date":"2026-11-02T12:00:00+00:00","subject":"Start work on S-1","body":"Signed-off-by: Bob <bob@example.com>","changes":[{"story":"S-1","field":"status","from":"ready","to":"in-progress","position_from":2,"position_to":2}]},{"commit":"$(h c2)","author":"Ada <ada@example.com>","date":"2026-11-02T11:00:00+00:00","subject":"prio: move S-3 to #1 (was #3)","body":"The Kenya pilot needs offline payments first.\n\nPrio-Story: S-3\nPrio-Change: rank 3 -> 0.5","changes":[{"story":"S-3","field":"rank","from":"3","to":"0.5","position_from":3,"position_to":1}]},{"commit":"$(h c1)","author":"Ada <ada@example.com>","date":"2026-11-02T10:00:00+00:00","subject":"Start the backlog","body":"","changes":[{"story":"S-1","field":"created","from":null,"to":"ready","position_from":null,"position_to":1},{"story":"S-2","field":"created","from":null,"to":"ready","position_from":null,"position_to":2},{"story":"S-3","field":"created","from":null,"to":"ready","position_from":null,"position_to":3},{"story":"S-4","field":"created","from":null,"to":"draft","position_from":null,"position_to":5},{"story":"S-6","field":"created","from":null,"to":"draft","position_from":null,"position_to":4}]}]}
X
json_ok "log --json parses as JSON"

# --- One story --------------------------------------------------------------

run_prio log S-4
expect_rc 0 "log <id> exits 0"
expect_out "log <id> keeps that story's decisions" <<X
commit $(h c9)
Author: Ada <ada@example.com>
Date:   2026-11-02T19:00:00+00:00

    S-4 is worth even more

    S-4 value 8 -> 10, #4 -> #3

commit $(h f1)
Author: Cy <cy@example.com>
Date:   2026-11-02T13:00:00+00:00

    S-4 is worth more than we thought

    S-4 value 3 -> 8, #5 -> #4

commit $(h c1)
Author: Ada <ada@example.com>
Date:   2026-11-02T10:00:00+00:00

    Start the backlog

    S-4 created at #5
X

run_prio log S-4 --json c7
expect_rc 0 "log <id> <range> exits 0"
expect_out "log <id> <range> keeps that story's changes in the range" <<X
{"version":1,"kind":"prio.log","entries":[{"commit":"$(h f1)","author":"Cy <cy@example.com>","date":"2026-11-02T13:00:00+00:00","subject":"S-4 is worth more than we thought","body":"","changes":[{"story":"S-4","field":"value","from":"3","to":"8","position_from":5,"position_to":4}]},{"commit":"$(h c1)","author":"Ada <ada@example.com>","date":"2026-11-02T10:00:00+00:00","subject":"Start the backlog","body":"","changes":[{"story":"S-4","field":"created","from":null,"to":"draft","position_from":null,"position_to":5}]}]}
X

run_prio log S-99
expect_rc 0 "an ID that never existed is no error"
expect_out "an ID that never existed has no entries" </dev/null
expect_err "an ID that never existed gets a note" <<'X'
prio: no story S-99 in the history of HEAD
X
run_prio log S-99 --json
expect_out "an ID that never existed is an empty JSON list" <<'X'
{"version":1,"kind":"prio.log","entries":[]}
X

# A story named by its file: the ID that file carries in the work tree.
run_prio log S-4 --json c7
cp "$TEST_ROOT/out" "$TEST_ROOT/by-id"
s4=$(cd backlog/stories && ls S-4*.md)
run_prio log "backlog/stories/$s4" --json c7
expect_rc 0 "log <file> <range> exits 0"
expect_file "$TEST_ROOT/by-id" "log <file> is log <its ID>" <"$TEST_ROOT/out"
(cd backlog/stories && "$PRIO" log "$s4" --json c7) >"$TEST_ROOT/out" 2>&1
expect_file "$TEST_ROOT/by-id" "log <file> from the story folder" \
    <"$TEST_ROOT/out"
run_prio log backlog/stories/S-77.md
expect_rc 1 "log <file>: no such story file"
expect_err "log <file>: says there is no such file" <<'X'
prio: no story file backlog/stories/S-77.md in this backlog; 'prio list --all' shows them all
X
run_prio log notes/S-4.md
expect_rc 2 "log <file>: a file outside the story folder is a usage error"

run_prio log S-1 c9..c12
expect_rc 0 "a story the range does not change exits 0"
expect_out "a story the range does not change has no entries" </dev/null
expect_err "a story deleted before the range is not in it" <<'X'
prio: no story S-1 in the history of c9..c12
X
run_prio log S-3 c9..c12
expect_out "a story in the range but unchanged has no entries" </dev/null
expect_err "a story in the range but unchanged gets no note" </dev/null

# --- Ranges -----------------------------------------------------------------

run_prio log c6..c9
expect_rc 0 "log A..B exits 0"
expect_out "log A..B starts from A's backlog" <<X
commit $(h c9)
Author: Ada <ada@example.com>
Date:   2026-11-02T19:00:00+00:00

    S-4 is worth even more

    S-4 value 8 -> 10, #4 -> #3

commit $(h c7)
Author: Ada <ada@example.com>
Date:   2026-11-02T17:00:00+00:00

    Score by value alone

    score formula (value + urgency + risk) / effort -> value
X

run_prio log feature --json
expect_rc 0 "log <rev> exits 0"
sed 's/"commit":"\([0-9a-f]*\)"/\n\1\n/g' "$TEST_ROOT/out" | grep -E '^[0-9a-f]{40}$' >"$TEST_ROOT/got-commits"
printf '%s\n' "$(h f2)" "$(h f1)" "$(h c3)" "$(h c2)" "$(h c1)" >"$TEST_ROOT/want-commits"
if cmp -s "$TEST_ROOT/want-commits" "$TEST_ROOT/got-commits"; then
	ok "log <rev> shows the history reachable from rev"
else
	not_ok "log <rev> shows the history reachable from rev"
	diff -u "$TEST_ROOT/want-commits" "$TEST_ROOT/got-commits" | sed 's/^/#   /'
fi

run_prio log c4...feature
expect_rc 0 "log A...B exits 0"
sed -n 's/^commit //p' "$TEST_ROOT/out" >"$TEST_ROOT/got-commits"
git log --format=%H c4...feature >"$TEST_ROOT/want-commits"
if cmp -s "$TEST_ROOT/want-commits" "$TEST_ROOT/got-commits"; then
	ok "log A...B is git's symmetric difference"
else
	not_ok "log A...B is git's symmetric difference"
	diff -u "$TEST_ROOT/want-commits" "$TEST_ROOT/got-commits" | sed 's/^/#   /'
fi

run_prio log merge~1..merge
expect_rc 0 "a range holding only a merge's branch exits 0"
expect_out "the merge is skipped, its branch's commits are not" <<X
commit $(h f2)
Author: Cy <cy@example.com>
Date:   2026-11-02T14:00:00+00:00

    Add S-5

    S-5 created at #3

commit $(h f1)
Author: Cy <cy@example.com>
Date:   2026-11-02T13:00:00+00:00

    S-4 is worth more than we thought

    S-4 value 3 -> 8, #5 -> #4
X

# A commit after the merge starts from the merged backlog: c6 removes S-1
# from #2 of S-3 S-1 S-5 S-4 S-6.
run_prio log merge..c6
expect_out "a commit after a merge sees the merged backlog" <<X
commit $(h c6)
Author: Ada <ada@example.com>
Date:   2026-11-02T16:30:00+00:00

    S-1 is done elsewhere

    S-1 removed from #2
X

run_prio -C "$REPO/backlog" log c10~1..c10
expect_rc 0 "log honours -C"
expect_grep "^    S-5 rank 1.5 -> 0.25, #2 -> #1$" "log -C finds the repository"

# A bare repository has a history too.
run_prio log S-4 --json
cp "$TEST_ROOT/out" "$TEST_ROOT/nonbare"
git clone -q --bare "$REPO" "$TEST_ROOT/bare.git"
run_prio -C "$TEST_ROOT/bare.git" log S-4 --json
expect_rc 0 "log in a bare repository exits 0"
expect_out "log in a bare repository reads the same history" <"$TEST_ROOT/nonbare"

# --- Usage errors -----------------------------------------------------------

run_prio log nosuchbranch
expect_rc 2 "an unknown revision exits 2"
expect_err "an unknown revision is named" <<'X'
prio: unknown revision or range 'nosuchbranch'; name a commit, branch or tag, or a range such as main..feature
X
expect_out "an unknown revision prints nothing" </dev/null

run_prio log c1..nosuch
expect_rc 2 "a bad range exits 2"
expect_err "a bad range is named" <<'X'
prio: unknown revision or range 'c1..nosuch'; name a commit, branch or tag, or a range such as main..feature
X

run_prio log 'HEAD^{tree}'
expect_rc 2 "a tree is not a commit"
expect_err "a tree is refused as a revision" <<'X'
prio: 'HEAD^{tree}' is not a commit; name a commit, branch or tag
X

run_prio log S-x HEAD
expect_rc 2 "a bad ID before a range exits 2"
expect_err "a bad ID before a range says what IDs look like" <<'X'
prio: 'S-x' is not a story ID; IDs look like S-42
usage: prio log [<id>] [<range>] [--json]
X

run_prio log S-1 HEAD extra
expect_rc 2 "a third argument exits 2"
expect_err "a third argument is named" <<'X'
prio: unexpected argument 'extra'
usage: prio log [<id>] [<range>] [--json]
X

run_prio log --jsn
expect_rc 2 "an unknown option exits 2"
expect_err "an unknown option is named" <<'X'
prio: unknown option '--jsn'
usage: prio log [<id>] [<range>] [--json]
X

run_prio log --help
expect_rc 0 "log --help exits 0"
expect_grep '^usage: prio log \[<id>\] \[<range>\] \[--json\]$' "log --help shows the usage"
expect_grep '^      S-42 rank 12 -> 2.5, #9 -> #3$' "log --help shows the format"

# --- Folders, and a backlog deleted and restored ----------------------------

new_repo
st S-1 ready "rank: 1"
st payments/S-16 ready "rank: 2"
at 10 Ada
commit d1 <<'X'
Two stories, one in a folder
X
st payments/S-16 ready "rank: 0.5"
at 11 Ada
commit d2 <<'X'
S-16 first
X
git rm -q -r backlog
at 12 Ada
commit d3 <<'X'
Delete the backlog
X
git checkout -q d2 -- backlog
at 13 Ada
commit d4 <<'X'
Restore the backlog
X
run_prio log d1..
expect_rc 0 "log over a deleted backlog exits 0"
expect_out "stories in folders; a deleted backlog removes all, a restored one creates all" <<X
commit $(h d4)
Author: Ada <ada@example.com>
Date:   2026-11-02T13:00:00+00:00

    Restore the backlog

    S-1 created at #2
    S-16 created at #1

commit $(h d3)
Author: Ada <ada@example.com>
Date:   2026-11-02T12:00:00+00:00

    Delete the backlog

    S-1 removed from #2
    S-16 removed from #1

commit $(h d2)
Author: Ada <ada@example.com>
Date:   2026-11-02T11:00:00+00:00

    S-16 first

    S-16 rank 2 -> 0.5, #2 -> #1
X

# --- Offsets, messages, terminal stories, IDs, a broken config --------------

new_repo
printf 'id-prefix: PAY\n' >backlog/prio.yml
st PAY-1 ready "rank: 1"
GIT_AUTHOR_DATE='2026-11-02T10:00:00-05:30' GIT_COMMITTER_DATE='2026-11-02T10:00:00-05:30' \
    GIT_AUTHOR_NAME='Zoë Ünal' GIT_AUTHOR_EMAIL=zoe@example.com commit p1 <<'X'
First
line of a long subject

Why: the pilot.
Still the rationale.

Prio-Story: PAY-1
Co-authored-by: Ada <ada@example.com>
Prio-Change: rank none -> 1
X
run_prio log
expect_rc 0 "a custom ID prefix logs"
expect_out "the author date keeps its offset; Prio-* trailers are left out of the text" <<X
commit $(h p1)
Author: Zoë Ünal <zoe@example.com>
Date:   2026-11-02T10:00:00-05:30

    First line of a long subject

    Why: the pilot.
    Still the rationale.

    Co-authored-by: Ada <ada@example.com>

    PAY-1 created at #1
X
run_prio log --json
expect_out "--json keeps the whole body as written" <<X
{"version":1,"kind":"prio.log","entries":[{"commit":"$(h p1)","author":"Zoë Ünal <zoe@example.com>","date":"2026-11-02T10:00:00-05:30","subject":"First line of a long subject","body":"Why: the pilot.\nStill the rationale.\n\nPrio-Story: PAY-1\nCo-authored-by: Ada <ada@example.com>\nPrio-Change: rank none -> 1","changes":[{"story":"PAY-1","field":"created","from":null,"to":"ready","position_from":null,"position_to":1}]}]}
X
json_ok "non-ASCII names parse as JSON"

# p2: a story created dropped; p3: reopened with two score inputs
# changed; p4: a broken prio.yml keeps the config before it; p5: an id
# changed inside a file is another story; p6: the config mended.
st PAY-2 dropped "value: 1" "urgency: 1" "risk: 1" "effort: 1"
at 11 Ada
commit p2 <<'X'
Record PAY-2 as dropped
X
st PAY-2 ready "value: 3" "urgency: 1" "risk: 1" "effort: 2"
at 12 Ada
commit p3 <<'X'
Reopen PAY-2
X
printf 'id-prefix: PAY\nscore: (value +\n' >backlog/prio.yml
st PAY-2 ready "rank: 0.5" "value: 3" "urgency: 1" "risk: 1" "effort: 2"
at 13 Ada
commit p4 <<'X'
Rank PAY-2 first, and break the config
X
sed 's/^id: PAY-1$/id: PAY-3/' backlog/stories/PAY-1.md >"$TEST_ROOT/s"
cat "$TEST_ROOT/s" >backlog/stories/PAY-1.md
at 14 Ada
commit p5 <<'X'
PAY-1 is PAY-3 now
X
printf 'id-prefix: PAY\n' >backlog/prio.yml
at 15 Ada
commit p6 <<'X'
Mend the config
X
run_prio log p1..
expect_rc 0 "log A.. exits 0"
expect_out "terminal stories, several inputs, a broken config, a changed ID" <<X
commit $(h p5)
Author: Ada <ada@example.com>
Date:   2026-11-02T14:00:00+00:00

    PAY-1 is PAY-3 now

    PAY-1 removed from #2
    PAY-3 created at #2

commit $(h p4)
Author: Ada <ada@example.com>
Date:   2026-11-02T13:00:00+00:00

    Rank PAY-2 first, and break the config

    PAY-2 rank none -> 0.5, #2 -> #1

commit $(h p3)
Author: Ada <ada@example.com>
Date:   2026-11-02T12:00:00+00:00

    Reopen PAY-2

    PAY-2 status dropped -> ready, value 1 -> 3, effort 1 -> 2, now #2

commit $(h p2)
Author: Ada <ada@example.com>
Date:   2026-11-02T11:00:00+00:00

    Record PAY-2 as dropped

    PAY-2 created as dropped
X
run_prio log PAY-2 p3~1..p3 --json
expect_out "one change per field, each with the story's positions" <<X
{"version":1,"kind":"prio.log","entries":[{"commit":"$(h p3)","author":"Ada <ada@example.com>","date":"2026-11-02T12:00:00+00:00","subject":"Reopen PAY-2","body":"","changes":[{"story":"PAY-2","field":"status","from":"dropped","to":"ready","position_from":null,"position_to":2},{"story":"PAY-2","field":"value","from":"1","to":"3","position_from":null,"position_to":2},{"story":"PAY-2","field":"effort","from":"1","to":"2","position_from":null,"position_to":2}]}]}
X
run_prio log PAY-1
expect_rc 0 "an ID with the backlog's prefix is an ID"
expect_out "log PAY-1 filters to that story" <<X
commit $(h p5)
Author: Ada <ada@example.com>
Date:   2026-11-02T14:00:00+00:00

    PAY-1 is PAY-3 now

    PAY-1 removed from #2

commit $(h p1)
Author: Zoë Ünal <zoe@example.com>
Date:   2026-11-02T10:00:00-05:30

    First line of a long subject

    Why: the pilot.
    Still the rationale.

    Co-authored-by: Ada <ada@example.com>

    PAY-1 created at #1
X
git branch S-1 p1
run_prio log S-1
expect_rc 0 "with prefix PAY, S-1 is a revision"
expect_out "log S-1 reads branch S-1" <<X
commit $(h p1)
Author: Zoë Ünal <zoe@example.com>
Date:   2026-11-02T10:00:00-05:30

    First line of a long subject

    Why: the pilot.
    Still the rationale.

    Co-authored-by: Ada <ada@example.com>

    PAY-1 created at #1
X

# prio's own commits read the same: the change comes from the files, the
# Prio-* trailers stay in --json's body only.
unset GIT_AUTHOR_DATE GIT_COMMITTER_DATE
run_prio move PAY-3 --top -m "PAY-3 blocks the pilot"
expect_rc 0 "prio move commits"
run_prio log HEAD~1..HEAD
expect_rc 0 "log after prio move exits 0"
expect_grep '^    PAY-3 rank 1 -> 0\.[0-9]+, #2 -> #1$' "log shows prio move's rank and move"
expect_grep '^    PAY-3 blocks the pilot$' "log shows prio move's rationale"
if grep -q 'Prio-' "$TEST_ROOT/out"; then
	not_ok "log's text leaves out prio move's trailers"
else
	ok "log's text leaves out prio move's trailers"
fi
run_prio log HEAD~1..HEAD --json
expect_grep '"body":"PAY-3 blocks the pilot\\n\\nPrio-Story: PAY-3\\nPrio-Change: rank 1 -> 0\.[0-9]+"' "log --json keeps prio move's trailers in the body"

done_testing
