#!/bin/sh
# prio new in a Backlog.md project (issue 15): the task Backlog.md's own
# `backlog task create` would write, byte for byte but for the minute in
# created_date: its next ID (archive/ counted, so no ID names two
# files), its file name, key order and quoting, its Description and
# Acceptance Criteria sections, its ordinal (1000 above the highest in
# tasks/).  Drafts (status Draft, prio's first status) go to drafts/ as
# DRAFT-n.  Each file is made twice, by prio and by Backlog.md in a twin
# repository, and compared.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/bmd-write.sh"

export PRIO_NOW="2026-11-24 09:30"

# twin: the same project in $TWIN, for Backlog.md to write in.
twin() {
	TWIN=$TEST_ROOT/twin$_repo_n
	rm -rf "$TWIN"
	mkdir -p "$TWIN"
	git init -q "$TWIN"
	cp -R "$REPO/backlog" "$TWIN/backlog"
}

# same_file PATH "name": prio's file in $REPO is Backlog.md's in $TWIN,
# created_date aside (Backlog.md stamps its own minute).
same_file() {
	sed "s/^created_date: .*/created_date: X/" "$TWIN/$1" >"$TEST_ROOT/want"
	sed "s/^created_date: .*/created_date: X/" "$REPO/$1" >"$TEST_ROOT/got"
	if [ -f "$TWIN/$1" ] && cmp -s "$TEST_ROOT/want" "$TEST_ROOT/got"; then
		ok "$2"
	else
		not_ok "$2"
		diff -u "$TEST_ROOT/want" "$TEST_ROOT/got" | sed 's/^/#   /'
	fi
}

bmd_repo
twin
run_prio new "Gift cards: 'plastic' & e-mail" --status "To Do" \
    --ac "A card pays" --ac "Balance: shown" --field priority=High \
    --field labels=payments,gifts --field dependencies=BACK-1,BACK-2 \
    --field "description=Sell gift cards." --commit -m "Shops ask for them"
expect_rc 0 "new in a Backlog.md project"
f="$T/back-6 - Gift-cards-plastic-e-mail.md"
sed 's/^\[main [0-9a-f]*\]/[main X]/' "$TEST_ROOT/out" >"$TEST_ROOT/out2"
mv "$TEST_ROOT/out2" "$TEST_ROOT/out"
expect_out "the commit and the path, Backlog.md's file name" <<X
[main X] prio: new BACK-6: Gift cards: 'plastic' & e-mail
$f
X
(cd "$TWIN" && "$BACKLOG" task create "Gift cards: 'plastic' & e-mail" \
    -s "To Do" --ac "A card pays" --ac "Balance: shown" --priority high \
    -l payments,gifts --dep BACK-1,BACK-2 -d "Sell gift cards." \
    >/dev/null 2>&1)
same_file "$f" "the file is what backlog task create writes"
expect_file "$f" "created_date is PRIO_NOW, in UTC as Backlog.md stamps it" <<'X'
---
id: BACK-6
title: 'Gift cards: ''plastic'' & e-mail'
status: To Do
assignee: []
created_date: '2026-11-24 09:30'
labels:
  - payments
  - gifts
dependencies:
  - BACK-1
  - BACK-2
priority: high
ordinal: 6000
---

## Description

<!-- SECTION:DESCRIPTION:BEGIN -->
Sell gift cards.
<!-- SECTION:DESCRIPTION:END -->

## Acceptance Criteria
<!-- AC:BEGIN -->
- [ ] #1 A card pays
- [ ] #2 Balance: shown
<!-- AC:END -->
X
expect_show "one new file; the trailers say what was decided" <<'X'
prio: new BACK-6: Gift cards: 'plastic' & e-mail

Shops ask for them

Prio-Story: BACK-6
Prio-Change: status none -> To Do
Prio-Change: priority none -> high
Prio-Change: labels none -> [payments, gifts]
Prio-Change: dependencies none -> [BACK-1, BACK-2]


 .../tasks/back-6 - Gift-cards-plastic-e-mail.md    | 27 ++++++++++++++++++++++
 1 file changed, 27 insertions(+)
X
expect_clean "committed whole"
bl view6 task view BACK-6 --plain
grep -E '^(Task|Status|Priority|Ordinal|Created|Labels):' "$TEST_ROOT/bl-view6" \
    >"$TEST_ROOT/out"
expect_out "Backlog.md reads the new task" <<'X'
Status: ○ To Do
Priority: High
Ordinal: 6000
Created: 2026-11-24 09:30 (UTC)
Labels: payments, gifts
X

# A description of several lines: the section holds them, no trailer.
bmd_repo
twin
desc="Sell gift cards.
In every shop."
run_prio new "Gift" --status "To Do" --ac "Pays" --field "description=$desc" \
    --commit -m "Two lines"
expect_rc 0 "new with a description of two lines"
(cd "$TWIN" && "$BACKLOG" task create "Gift" --ac "Pays" -d "$desc" \
    >/dev/null 2>&1)
same_file "$T/back-6 - Gift.md" "the file is what backlog task create writes"
git log -1 --format=%B >"$TEST_ROOT/out"
expect_out "the trailers stay trailers" <<'X'
prio: new BACK-6: Gift

Two lines

Prio-Story: BACK-6
Prio-Change: status none -> To Do

X

# A draft: prio's first status; drafts/, DRAFT-n, no ordinal.
twin
run_prio new "Loyalty: tiers"
expect_rc 0 "new without --status makes a draft"
expect_out "in drafts/" <<'X'
backlog/drafts/draft-2 - Loyalty-tiers.md
X
(cd "$TWIN" && "$BACKLOG" task create "Loyalty: tiers" --draft >/dev/null 2>&1)
same_file "backlog/drafts/draft-2 - Loyalty-tiers.md" \
    "the draft is what backlog task create --draft writes"
git status --porcelain >"$TEST_ROOT/out"
expect_out "without --commit the file is only written" <<'X'
?? "backlog/drafts/draft-2 - Loyalty-tiers.md"
X
bl drafts draft list --plain
expect_bl_out drafts "Backlog.md lists the draft" <<'X'
Drafts:
  DRAFT-1 - Loyalty points idea
  DRAFT-2 - Loyalty: tiers
X

# --edit: the editor's version is checked and committed.
bmd_repo
EDITOR="sed -i s/Pays/Pays.well/" VISUAL= run_prio new "Edited" \
    --status "To Do" --ac "Pays" --edit --commit -m "Edited"
expect_rc 0 "new --edit in a Backlog.md project"
git show HEAD:"$T/back-6 - Edited.md" | grep '^- \[ \]' >"$TEST_ROOT/out"
expect_out "the commit holds what the editor left" <<'X'
- [ ] #1 Pays.well
X
expect_clean "and the work tree is that"

# Next IDs: completed/ counts (Backlog.md's rule), and archive/ too
# (prio's: Backlog.md would hand out BACK-6 again).
bmd_repo
mkdir -p backlog/archive/tasks
sed 's/^id: BACK-4$/id: BACK-9/' "$T/back-4 - Tidy-settings.md" \
    >"backlog/archive/tasks/back-9 - Old.md"
commit_all "an archived task"
run_prio new "After the archive" --status "To Do" --ac "Works" --commit -m "x"
expect_rc 0 "new with an archived task"
expect_grep '^backlog/tasks/back-10 - After-the-archive\.md$' \
    "the ID is above the archived BACK-9"
bl order task list --plain --sort ordinal
grep -c 'BACK-10 - After the archive' "$TEST_ROOT/bl-order" >"$TEST_ROOT/out"
expect_out "Backlog.md lists it" <<'X'
1
X

# A project with no ordinals anywhere: Backlog.md gives none.
bmd_repo
sed -i '/^ordinal: /d' "$T"/*.md
commit_all "no ordinals"
twin
run_prio new "Plain" --status "To Do" --ac "Done right"
(cd "$TWIN" && "$BACKLOG" task create "Plain" --ac "Done right" >/dev/null 2>&1)
same_file "$T/back-6 - Plain.md" "no ordinal where no task has one"

# Bad input: nothing is written.
bmd_repo
run_prio new "Bare" --status "To Do"
expect_rc 1 "a To Do task without criteria is refused (prio's rule)"
expect_err "with the file, line and column it would have" <<'X'
prio: backlog/tasks/back-6 - Bare.md:4:9: status 'To Do' needs acceptance criteria; add a '## Acceptance Criteria' section with items such as '- [ ] ...' [missing-criteria]
prio: nothing was created: the story would have errors
X
run_prio new "Odd" --status Doing
expect_rc 1 "a status Backlog.md's config does not list"
expect_err "is named" <<'X'
prio: backlog/tasks/back-6 - Odd.md:4:9: status 'Doing' is not one of: Draft, To Do, In Progress, Done [status]
prio: nothing was created: the story would have errors
X
run_prio new "Dep" --status "To Do" --ac "x" --field dependencies=BACK-99
expect_rc 1 "a dependency on no task"
run_prio new "Prio" --field priority=urgent
expect_rc 2 "a priority Backlog.md does not have"
run_prio new "Tmpl" -t bug
expect_rc 2 "a template"
expect_err "is not Backlog.md's" <<'X'
prio: a Backlog.md task has no template; drop -t bug
usage: prio new <title> [-t <template>] [--ac <text>]... [--status <s>] [--field <k>=<v>]... [--edit] [--commit -m <why>]
X
run_prio new "Id" --field id=BACK-40
expect_rc 2 "an id"
expect_commits 1 "nothing was committed"
expect_clean "nothing was written"

done_testing
