#!/bin/sh
# accept and reject: only done work, every criterion met for accept, a
# reason for reject, the date, one commit with the trailers of SPEC §3.1,
# and clean refusals that change nothing.  Real git is the oracle.
. "$(dirname "$0")/lib.sh"

export PRIO_TODAY=2026-11-23
export GIT_AUTHOR_DATE="2026-11-23T10:00:00+00:00"
export GIT_COMMITTER_DATE="2026-11-23T10:00:00+00:00"

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

# S-1 done, criteria all met; S-2 done, two of three open; S-3 done
# without criteria; S-4 in-progress; S-5 accepted; S-6 dropped.
setup() {
	new_repo
	story S-1 <<'X'
---
id: S-1
title: Pay offline
status: done # finished Friday
rank: 1
---
Body.

## Acceptance criteria

- [x] Payments queue.
- [X] They sync.
X
	story S-2 <<'X'
---
id: S-2
title: Refunds
status: done
---
## Acceptance criteria

- [x] A refund is recorded.
- [ ] The customer gets an email.
- No box is an open criterion.
X
	story S-3 <<'X'
---
id: S-3
title: No criteria
status: done
---
Nothing to judge by.
X
	good_story S-4
	sed -i 's/^status: ready/status: in-progress/' backlog/stories/S-4.md
	story S-5 <<'X'
---
id: S-5
title: Old work
status: accepted
accepted: 2026-01-02
---
## Acceptance criteria

- [x] Done.
X
	story S-6 <<'X'
---
id: S-6
title: Dropped idea
status: dropped
---
X
	commit_all "backlog"
}

no_change() {
	expect_cmd "$1: nothing changed" git status --porcelain </dev/null
	expect_cmd "$1: no commit" git log -1 --format=%s <<'X'
backlog
X
}

# --- accept --------------------------------------------------------------

setup
run_prio accept S-2
expect_rc 1 "accept with open criteria: exit 1"
expect_err "it lists the open criteria" <<'X'
prio: cannot accept S-2: 2 of 3 acceptance criteria are open; nothing was changed:
backlog/stories/S-2.md:9: The customer gets an email.
backlog/stories/S-2.md:10: No box is an open criterion.
prio: tick each one ('- [x]') once it is met, or send the work back with 'prio reject S-2 -m <why>'
X
expect_out "and prints nothing on stdout" </dev/null
no_change "open criteria"

run_prio accept S-3
expect_rc 1 "accept without criteria: exit 1"
expect_err "says there is nothing to judge by" <<'X'
prio: cannot accept S-3: it has no acceptance criteria to judge it by; add them under '## Acceptance criteria' in backlog/stories/S-3.md
X
no_change "no criteria"

run_prio accept S-4 -m "x"
expect_rc 1 "accept in-progress work: exit 1"
expect_err "only done work" <<'X'
prio: cannot accept S-4: it is in-progress, and only done work can be accepted; nothing was changed
X
run_prio accept S-5
expect_rc 1 "accept accepted work: exit 1"
expect_err "it is accepted already" <<'X'
prio: S-5 is accepted already; nothing was changed
X
run_prio accept S-6
expect_rc 1 "accept dropped work: exit 1"
expect_err "a dropped story" <<'X'
prio: cannot accept S-6: it is dropped, and only done work can be accepted; nothing was changed
X
run_prio accept S-99
expect_rc 1 "accept an unknown story: exit 1"
expect_err "says so" <<'X'
prio: no story S-99 in this backlog; 'prio list --all' shows them all
X
run_prio accept ../../etc/passwd
expect_rc 2 "a malformed ID: exit 2"
expect_err "is not an ID" <<'X'
prio: '../../etc/passwd' is not in backlog/stories/, where the story files are; name a story by its ID or by the path of its file
X
run_prio accept
expect_rc 2 "accept without an ID: exit 2"
run_prio accept S-1 S-2
expect_rc 2 "accept with two IDs: exit 2"
PRIO_TODAY=today run_prio accept S-1
expect_rc 2 "a bad PRIO_TODAY: exit 2"
no_change "every refusal"

run_prio accept S-1
expect_rc 0 "accept with every criterion met, no note: exit 0"
masked_out
expect_out "prints the commit" <<'X'
[main XXXXXXX] prio: accept S-1
X
expect_cmd "the message: subject and trailers (the note is optional)" \
    git log -1 --format=%B <<'X'
prio: accept S-1

Prio-Story: S-1
Prio-Change: status done -> accepted
Prio-Change: accepted none -> 2026-11-23

X
expect_cmd "only status changes, and accepted is added" \
    sh -c 'git diff HEAD~1 HEAD | grep "^[-+][^-+]"' <<'X'
-status: done # finished Friday
+status: accepted # finished Friday
+accepted: 2026-11-23
X
expect_cmd "the commit holds exactly that story" \
    git show --stat --format= HEAD <<'X'
 backlog/stories/S-1.md | 3 ++-
 1 file changed, 2 insertions(+), 1 deletion(-)
X
expect_cmd "git status is clean" git status --porcelain </dev/null
run_prio check
grep S-1 "$TEST_ROOT/out" >"$TEST_ROOT/s1"
cp "$TEST_ROOT/s1" "$TEST_ROOT/out"
expect_out "the accepted story checks clean" </dev/null

# With a note, the local date, and an accepted: key already there.
setup
sed -i 's/^- \[ \] The customer/- [x] The customer/; s/^- No box/- [x] No box/' \
    backlog/stories/S-2.md
printf 'accepted:\n' >"$TEST_ROOT/line"
sed -i '/^status: done/r '"$TEST_ROOT/line" backlog/stories/S-2.md
commit_all "ticked"
today=$(date +%Y-%m-%d)
PRIO_TODAY= run_prio accept S-2 -m "Demoed to the shop owners."
expect_rc 0 "accept with -m"
expect_cmd "the note is the commit's body; the date is today's" \
    git log -1 --format=%B <<X
prio: accept S-2

Demoed to the shop owners.

Prio-Story: S-2
Prio-Change: status done -> accepted
Prio-Change: accepted none -> $today

X
expect_cmd "an empty accepted: is filled in on its line" \
    sed -n 2,5p backlog/stories/S-2.md <<X
id: S-2
title: Refunds
status: accepted
accepted: $today
X

# --no-commit and commit: false.
setup
run_prio accept S-1 --no-commit
expect_rc 0 "accept --no-commit"
expect_out "says it only wrote" <<'X'
prio: accept S-1 (written, not committed)
X
expect_cmd "the file changed, no commit" git status --porcelain <<'X'
 M backlog/stories/S-1.md
X
git checkout -q -- backlog/stories/S-1.md
printf 'commit: false\n' >backlog/prio.yml
git commit -qm "hand commits" backlog/prio.yml
run_prio accept S-1
expect_out "commit: false writes only" <<'X'
prio: accept S-1 (written, not committed)
X
expect_cmd "no commit" git log -1 --format=%s <<'X'
hand commits
X

# A dirty story file is refused.
setup
printf '\nMore notes.\n' >>backlog/stories/S-1.md
run_prio accept S-1
expect_rc 1 "accept refuses a story with uncommitted edits"

# A workflow without the statuses accept needs.
setup
printf 'statuses: [todo, doing, done]\n' >backlog/prio.yml
commit_all "no accepted status"
run_prio accept S-1
expect_rc 1 "no accepted status: exit 1"
expect_err "says which status-roles key to add" <<'X'
prio: accept needs a status for the 'accepted' role; add 'status-roles: {accepted: <status>}' to backlog/prio.yml
X

# --- reject --------------------------------------------------------------

setup
run_prio reject S-2
expect_rc 1 "reject without a reason: exit 1"
expect_err "a reason is required" <<'X'
prio: a reason is required: say why with -m <why>
X
no_change "no reason"
printf 'rationale-required: false\n' >backlog/prio.yml
commit_all "relaxed"
run_prio reject S-2
expect_rc 1 "reject needs a reason even when rationale-required is false"
run_prio reject S-2 -m ""
expect_rc 1 "an empty reason: exit 1"
run_prio reject S-4 -m "x"
expect_rc 1 "reject in-progress work: exit 1"
expect_err "only done work" <<'X'
prio: cannot reject S-4: it is in-progress, and only done work can be sent back; nothing was changed
X
run_prio reject S-5 -m "x"
expect_rc 1 "reject accepted work: exit 1"
expect_err "not accepted work either" <<'X'
prio: cannot reject S-5: it is accepted, and only done work can be sent back; nothing was changed
X
run_prio reject S-42 -m "x"
expect_rc 1 "reject an unknown story: exit 1"
run_prio reject S-x -m "x"
expect_rc 2 "reject a malformed ID: exit 2"
expect_cmd "no refusal committed" git log -1 --format=%s <<'X'
relaxed
X

run_prio reject S-2 -m "The email never arrives."
expect_rc 0 "reject done work with a reason"
masked_out
expect_out "prints the commit" <<'X'
[main XXXXXXX] prio: reject S-2
X
expect_cmd "the reason is in the commit" git log -1 --format=%B <<'X'
prio: reject S-2

The email never arrives.

Prio-Story: S-2
Prio-Change: status done -> in-progress

X
expect_cmd "only the status changed" \
    sh -c 'git diff HEAD~1 HEAD | grep "^[-+][^-+]"' <<'X'
-status: done
+status: in-progress
X
expect_cmd "git status is clean" git status --porcelain </dev/null
run_prio reject S-2 -m "again"
expect_rc 1 "rejected work is in progress: a second reject is refused"

setup
run_prio reject S-1 -m "x" --no-commit
expect_rc 0 "reject --no-commit"
expect_cmd "writes the file only" git status --porcelain <<'X'
 M backlog/stories/S-1.md
X

# The commit-subject config shapes both.
setup
printf 'commit-subject: "chore(backlog): {summary}"\n' >backlog/prio.yml
commit_all "subject"
run_prio accept S-1
masked_out
expect_out "commit-subject" <<'X'
[main XXXXXXX] chore(backlog): accept S-1
X

# On a terminal: reject asks the editor for its reason; accept's note
# stays optional and no editor opens.
on_tty() {
	script -qec "$*" /dev/null </dev/null >"$TEST_ROOT/out" 2>&1
	RC=$?
}
setup
cat >"$TEST_ROOT/editor" <<'X'
#!/bin/sh
grep -q '^# Why? Write the rationale for:' "$1" || exit 1
printf 'Too slow on old phones.\n# a comment\n' >"$1"
X
chmod +x "$TEST_ROOT/editor"
GIT_EDITOR="'$TEST_ROOT/editor'" on_tty "$PRIO" reject S-2
expect_rc 0 "reject takes the reason from the editor on a terminal"
expect_cmd "the editor's text is the reason" git log -1 --format=%b <<'X'
Too slow on old phones.

Prio-Story: S-2
Prio-Change: status done -> in-progress

X
GIT_EDITOR=false on_tty "$PRIO" accept S-1
expect_rc 0 "accept on a terminal opens no editor"
expect_cmd "and commits without a note" git log -1 --format=%b <<'X'
Prio-Story: S-1
Prio-Change: status done -> accepted
Prio-Change: accepted none -> 2026-11-23

X

for c in accept reject; do
	run_prio "$c" --help
	expect_rc 0 "$c --help"
done

done_testing
