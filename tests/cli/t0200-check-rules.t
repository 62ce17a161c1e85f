#!/bin/sh
# prio check: every rule of SPEC §3.4 fires with its exact diagnostic
# line, the summary on stderr and the exit code; the json and github
# formats; rules turned off or up in the config; how acceptance criteria
# are read from the body.
. "$(dirname "$0")/lib.sh"

# check_is RC NAME SUMMARY: runs 'prio check'; stdout must be stdin
# exactly, stderr the one summary line.
check_is() {
	run_prio check
	expect_rc "$1" "$2: exits $1"
	expect_out "$2: diagnostics"
	printf '%s\n' "$3" >"$TEST_ROOT/summary"
	expect_err "$2: summary" <"$TEST_ROOT/summary"
}

# criteria_of ID: "total met" of a story, from 'prio list --all --json'.
criteria_of() {
	"$PRIO" list --all --json | tr '{' '\n' |
	    sed -n "/^\"id\":\"$1\"/,/^\"total\"/p" |
	    sed -n 's/^"total":\([0-9]*\),"met":\([0-9]*\)}.*/\1 \2/p'
}

# expect_criteria ID "TOTAL MET" NAME
expect_criteria() {
	_got=$(criteria_of "$1")
	if [ "$_got" = "$2" ]; then
		ok "$3"
	else
		not_ok "$3"
		echo "#   criteria of $1: '$_got', want '$2'"
	fi
}

# A clean backlog: nothing on stdout, a one-line summary, exit 0.
new_repo
good_story S-1 "rank: 1"
good_story S-2 "depends-on: [S-1]
labels: [a, b]
created: 2026-02-28"
story S-3 <<'X'
---
id: S-3
title: An idea, no criteria yet
status: draft
---
A draft may lack acceptance criteria.
X
check_is 0 "a clean backlog" "prio: 3 stories checked, no problems"

# --- file: the file cannot be read as a story ---------------------------
new_repo
printf -- '---\nid: S-1\ntitle: Caf\351\nstatus: draft\n---\n' \
    >backlog/stories/S-1.md
check_is 1 "file: invalid UTF-8" "prio: 1 story checked: 1 error, 0 warnings" <<'X'
backlog/stories/S-1.md:3:11: error: invalid UTF-8 (byte 0xe9); save the file as UTF-8 [file]
X

# --- front-matter ---------------------------------------------------------
new_repo
story S-1 <<'X'
id: S-1
title: No fence
X
story S-2 <<'X'
---
id: S-2
title: Never closed
status: draft
X
check_is 1 "front-matter: missing and unterminated" \
    "prio: 2 stories checked: 2 errors, 0 warnings" <<'X'
backlog/stories/S-1.md:1:1: error: no front matter; a story starts with a '---' line, then YAML keys such as id, title and status, then '---' [front-matter]
backlog/stories/S-2.md:1:1: error: the front matter is not terminated; add a '---' line after its last key [front-matter]
X

# --- yaml -------------------------------------------------------------------
new_repo
story S-1 <<'X'
---
- id: S-1
---
X
story S-2 <<'X'
---
id: S-2
title: Twice
status: draft
title: Again
---
X
story S-3 <<'X'
---
id: S-3
title: Pay: offline
status: draft
---
X
story S-4 <<'X'
---
id: S-4
title: "never closed
status: draft
---
X
check_is 1 "yaml: not a mapping, repeated key, syntax" \
    "prio: 4 stories checked: 4 errors, 0 warnings" <<'X'
backlog/stories/S-1.md:2:1: error: the front matter must be a mapping of keys, not a list [yaml]
backlog/stories/S-2.md:5:1: error: key 'title' repeats (first at line 3); keep one [yaml]
backlog/stories/S-3.md:3:11: error: invalid YAML: mapping values are not allowed in this context; quote a value that holds ': ', or check the indentation [yaml]
backlog/stories/S-4.md:5:1: error: invalid YAML: found unexpected end of stream while scanning a quoted scalar that starts on line 3; close the quotes [yaml]
X

# --- type -------------------------------------------------------------------
new_repo
good_story S-1 "labels: payments"
good_story S-2 "owner: [ada, bob]"
good_story S-3 "created: 2026-02-30"
good_story S-4 "depends-on: [[S-1]]"
story S-5 <<'X'
---
id: S-5
title: Effort is not a number
status: draft
effort: a lot
---
X
check_is 1 "type: wrong kinds, dates and numbers" \
    "prio: 5 stories checked: 5 errors, 0 warnings" <<'X'
backlog/stories/S-1.md:9:9: error: 'labels' must be a list, such as [payments, mobile] [type]
backlog/stories/S-2.md:9:8: error: 'owner' must be a single value, not a list [type]
backlog/stories/S-3.md:9:10: error: 'created' must be a date written YYYY-MM-DD, not '2026-02-30' [type]
backlog/stories/S-4.md:9:14: error: 'depends-on' items must be single values, not a list [type]
backlog/stories/S-5.md:5:9: error: 'effort' must be a number, not 'a lot' [type]
X

# Keys prio does not know are kept untouched, whatever their shape.
new_repo
good_story S-1 "component: {name: till, team: [a, b]}
notes: [[1, 2], {a: b}]"
check_is 0 "type: unknown keys are not judged" \
    "prio: 1 story checked, no problems"

# --- required -----------------------------------------------------------
new_repo
story S-1 <<'X'
---
id: S-1
status: draft
---
X
story S-2 <<'X'
---
id: S-2
title:
status: ""
---
X
story S-3 <<'X'
---
---
X
check_is 1 "required: missing and empty" \
    "prio: 3 stories checked: 6 errors, 0 warnings" <<'X'
backlog/stories/S-1.md:1:1: error: 'title' is missing; every story needs id, title and status [required]
backlog/stories/S-2.md:3:1: error: 'title' is empty; every story needs id, title and status [required]
backlog/stories/S-2.md:4:1: error: 'status' is empty; every story needs id, title and status [required]
backlog/stories/S-3.md:1:1: error: 'id' is missing; every story needs id, title and status [required]
backlog/stories/S-3.md:1:1: error: 'title' is missing; every story needs id, title and status [required]
backlog/stories/S-3.md:1:1: error: 'status' is missing; every story needs id, title and status [required]
X

# --- status -------------------------------------------------------------
new_repo
good_story S-1
sed 's/^status: ready/status: doing/' backlog/stories/S-1.md >x &&
    mv x backlog/stories/S-1.md
check_is 1 "status: not configured" \
    "prio: 1 story checked: 1 error, 0 warnings" <<'X'
backlog/stories/S-1.md:4:9: error: status 'doing' is not one of: draft, ready, in-progress, done, accepted, dropped [status]
X

# --- id-mismatch --------------------------------------------------------
new_repo
good_story S-1
sed 's/^id: S-1/id: S-7/' backlog/stories/S-1.md >x && mv x backlog/stories/S-1.md
good_story S-2
sed 's/^id: S-2/id: S-02/' backlog/stories/S-2.md >x && mv x backlog/stories/S-2.md
good_story S-3
mv backlog/stories/S-3.md backlog/stories/pay-offline.md
check_is 1 "id-mismatch: differs, malformed, no id in the name" \
    "prio: 3 stories checked: 3 errors, 0 warnings" <<'X'
backlog/stories/S-1.md:2:5: error: id 'S-7' differs from 'S-1' in the file name; the two must match [id-mismatch]
backlog/stories/S-2.md:2:5: error: id 'S-02' is malformed; write S-<number>, such as S-42 [id-mismatch]
backlog/stories/pay-offline.md:2:5: error: the file name does not start with the id 'S-3'; name the file S-3-<slug>.md [id-mismatch]
X

# A slug after the id is fine.
new_repo
good_story S-4
mv backlog/stories/S-4.md backlog/stories/S-4-pay-offline.md
check_is 0 "id-mismatch: S-4-<slug>.md matches S-4" \
    "prio: 1 story checked, no problems"

# --- duplicate-id: both files are named ---------------------------------
new_repo
good_story S-5
mv backlog/stories/S-5.md backlog/stories/S-5-pay.md
good_story S-5
mv backlog/stories/S-5.md backlog/stories/S-5-refund.md
check_is 1 "duplicate-id: both files" \
    "prio: 2 stories checked: 2 errors, 0 warnings" <<'X'
backlog/stories/S-5-pay.md:2:5: error: id 'S-5' is also used by backlog/stories/S-5-refund.md; give one of them a new id with 'prio reid' [duplicate-id]
backlog/stories/S-5-refund.md:2:5: error: id 'S-5' is also used by backlog/stories/S-5-pay.md; give one of them a new id with 'prio reid' [duplicate-id]
X

# --- missing-dependency -------------------------------------------------
new_repo
good_story S-1 "depends-on: [S-9, ../../etc/passwd]"
check_is 1 "missing-dependency" \
    "prio: 1 story checked: 2 errors, 0 warnings" <<'X'
backlog/stories/S-1.md:9:13: error: depends on 'S-9', which is not a story in this backlog; correct the id or remove it from depends-on [missing-dependency]
backlog/stories/S-1.md:9:13: error: depends on '../../etc/passwd', which is not a story in this backlog; correct the id or remove it from depends-on [missing-dependency]
X

# --- dependency-cycle: the cycle is printed -----------------------------
new_repo
good_story S-1 "depends-on: [S-2]"
good_story S-2 "depends-on: [S-3]"
good_story S-3 "depends-on: [S-1]"
good_story S-4 "depends-on: [S-4]"
check_is 1 "dependency-cycle" \
    "prio: 4 stories checked: 2 errors, 0 warnings" <<'X'
backlog/stories/S-3.md:9:13: error: dependency cycle: S-1 -> S-2 -> S-3 -> S-1; remove one of these dependencies [dependency-cycle]
backlog/stories/S-4.md:9:13: error: dependency cycle: S-4 -> S-4; remove one of these dependencies [dependency-cycle]
X

# --- rank-before-dependency: a warning, so exit 0 -----------------------
new_repo
good_story S-1 "rank: 1
depends-on: [S-2]"
good_story S-2 "rank: 2"
good_story S-3 "depends-on: [S-4]"
good_story S-4
good_story S-5 "rank: 5
depends-on: [S-6]"
good_story S-6
check_is 0 "rank-before-dependency" \
    "prio: 6 stories checked: 0 errors, 2 warnings" <<'X'
backlog/stories/S-1.md:9:7: warning: S-1 (#1) is ranked ahead of S-2 (#2), which it depends on; move S-2 up or S-1 down [rank-before-dependency]
backlog/stories/S-5.md:9:7: warning: S-5 (#3) is ranked ahead of S-6 (#6), which it depends on; move S-6 up or S-5 down [rank-before-dependency]
X

# A dependency that is done and accepted does not hold anything back.
new_repo
good_story S-1 "rank: 1
depends-on: [S-2]"
story S-2 <<'X'
---
id: S-2
title: Shipped
status: accepted
rank: 2
---
## Acceptance criteria

- [x] Done.
X
check_is 0 "rank-before-dependency: not for a terminal dependency" \
    "prio: 2 stories checked, no problems"

# --- rank ---------------------------------------------------------------
new_repo
good_story S-1 "rank: -1"
good_story S-2 "rank: 1e3"
good_story S-3 "rank: 2."
good_story S-4 "rank: [1]"
good_story S-5 "rank: 0.0000000000000000000000000000001"
good_story S-6 "rank: 7"
good_story S-7 "rank: 007.50"
check_is 1 "rank: not a plain non-negative decimal" \
    "prio: 7 stories checked: 4 errors, 0 warnings" <<'X'
backlog/stories/S-1.md:9:7: error: rank '-1' is not a plain non-negative decimal such as 3 or 2.5 [rank]
backlog/stories/S-2.md:9:7: error: rank '1e3' is not a plain non-negative decimal such as 3 or 2.5 [rank]
backlog/stories/S-3.md:9:7: error: rank '2.' is not a plain non-negative decimal such as 3 or 2.5 [rank]
backlog/stories/S-4.md:9:7: error: 'rank' must be a single value, not a list [type]
X

# --- rank-tie: a warning; 3, 3.0 and 03 are the same decimal ------------
new_repo
good_story S-1 "rank: 3"
good_story S-2 "rank: 3.0"
good_story S-3 "rank: 03"
good_story S-4 "rank: 3.01"
check_is 0 "rank-tie" \
    "prio: 4 stories checked: 0 errors, 2 warnings" <<'X'
backlog/stories/S-2.md:9:7: warning: rank 3.0 ties with S-1; the tie is ordered by id until you run 'prio renumber' or move one [rank-tie]
backlog/stories/S-3.md:9:7: warning: rank 03 ties with S-2; the tie is ordered by id until you run 'prio renumber' or move one [rank-tie]
X

# Terminal stories are out of the order, so they tie with nothing.
new_repo
good_story S-1 "rank: 3"
story S-2 <<'X'
---
id: S-2
title: Dropped
status: dropped
rank: 3
---
X
check_is 0 "rank-tie: not with a terminal story" \
    "prio: 2 stories checked, no problems"

# --- missing-criteria ---------------------------------------------------
new_repo
story S-1 <<'X'
---
id: S-1
title: Ready without a section
status: ready
value: 1
urgency: 1
risk: 1
effort: 1
---
Text only.
X
story S-2 <<'X'
---
id: S-2
title: In progress with an empty section
status: in-progress
value: 1
urgency: 1
risk: 1
effort: 1
---
Text.

## Acceptance criteria

To be written.

## Notes

- not a criterion
X
story S-3 <<'X'
---
id: S-3
title: Dropped without criteria is fine
status: dropped
---
X
story S-4 <<'X'
---
id: S-4
title: Draft without criteria is fine
status: draft
---
X
check_is 1 "missing-criteria" \
    "prio: 4 stories checked: 2 errors, 0 warnings" <<'X'
backlog/stories/S-1.md:4:9: error: status 'ready' needs acceptance criteria; add a '## Acceptance criteria' section with items such as '- [ ] ...' [missing-criteria]
backlog/stories/S-2.md:12:1: error: status 'in-progress' needs acceptance criteria, but the 'Acceptance criteria' section lists none; add items such as '- [ ] ...' [missing-criteria]
X

# --- empty-criterion ----------------------------------------------------
new_repo
story S-1 <<'X'
---
id: S-1
title: Blank items
status: draft
---
## Acceptance criteria

- [ ] Fine.
- [ ]
- [x]
-
X
check_is 1 "empty-criterion" \
    "prio: 1 story checked: 3 errors, 0 warnings" <<'X'
backlog/stories/S-1.md:9:1: error: acceptance criterion 2 has no text; say what must be true, or remove the item [empty-criterion]
backlog/stories/S-1.md:10:1: error: acceptance criterion 3 has no text; say what must be true, or remove the item [empty-criterion]
backlog/stories/S-1.md:11:1: error: acceptance criterion 4 has no text; say what must be true, or remove the item [empty-criterion]
X

# --- unmet-criteria: only for accepted stories --------------------------
new_repo
story S-1 <<'X'
---
id: S-1
title: Accepted too early
status: accepted
---
## Acceptance criteria

- [x] Met.
- [ ] Open.
- Also open: no box.
X
story S-2 <<'X'
---
id: S-2
title: Done, awaiting acceptance
status: done
value: 1
urgency: 1
risk: 1
effort: 1
---
## Acceptance criteria

- [ ] Open is fine before acceptance.
X
check_is 1 "unmet-criteria" \
    "prio: 2 stories checked: 2 errors, 0 warnings" <<'X'
backlog/stories/S-1.md:9:1: error: the story is accepted but criterion 2 is open; tick it ('- [x]') or reopen the story [unmet-criteria]
backlog/stories/S-1.md:10:1: error: the story is accepted but criterion 3 is open; tick it ('- [x]') or reopen the story [unmet-criteria]
X

# --- unscored: a warning, at or past ready ------------------------------
new_repo
good_story S-1
sed '/^urgency:/d' backlog/stories/S-1.md >x && mv x backlog/stories/S-1.md
good_story S-2
sed 's/^effort: 5/effort: 0/' backlog/stories/S-2.md >x &&
    mv x backlog/stories/S-2.md
good_story S-3
sed 's/^risk: 2/risk: ~/' backlog/stories/S-3.md >x &&
    mv x backlog/stories/S-3.md
story S-4 <<'X'
---
id: S-4
title: A draft needs no score
status: draft
---
X
check_is 0 "unscored" \
    "prio: 4 stories checked: 0 errors, 3 warnings" <<'X'
backlog/stories/S-1.md:4:9: warning: no score: 'urgency' is missing; the score is (value + urgency + risk) / effort [unscored]
backlog/stories/S-2.md:4:9: warning: no score: the formula (value + urgency + risk) / effort divides by zero for this story [unscored]
backlog/stories/S-3.md:4:9: warning: no score: 'risk' is missing; the score is (value + urgency + risk) / effort [unscored]
X

# A score input that is not a number is a type error, and says so.
new_repo
good_story S-1
sed 's/^value: 5/value: high/' backlog/stories/S-1.md >x &&
    mv x backlog/stories/S-1.md
check_is 1 "unscored: an input that is not a number" \
    "prio: 1 story checked: 1 error, 1 warning" <<'X'
backlog/stories/S-1.md:4:9: warning: no score: 'value' is not a number; the score is (value + urgency + risk) / effort [unscored]
backlog/stories/S-1.md:5:8: error: 'value' must be a number, not 'high' [type]
X

# --- range --------------------------------------------------------------
new_repo
cat >backlog/prio.yml <<'X'
fields:
  effort: {scale: [1, 2, 3, 5, 8, 13]}
  value: {min: 1, max: 10}
  risk: {min: 1}
X
good_story S-1
sed 's/^effort: 5/effort: 4/; s/^value: 5/value: 11/' \
    backlog/stories/S-1.md >x && mv x backlog/stories/S-1.md
good_story S-2
sed 's/^value: 5/value: 0.5/; s/^risk: 2/risk: 0/' \
    backlog/stories/S-2.md >x && mv x backlog/stories/S-2.md
good_story S-3
check_is 1 "range: min, max and scale" \
    "prio: 3 stories checked: 4 errors, 0 warnings" <<'X'
backlog/stories/S-1.md:5:8: error: value 11 is above the maximum 10 [range]
backlog/stories/S-1.md:8:9: error: effort 4 is not on the scale 1, 2, 3, 5, 8, 13 [range]
backlog/stories/S-2.md:5:8: error: value 0.5 is below the minimum 1 [range]
backlog/stories/S-2.md:7:7: error: risk 0 is below the minimum 1 [range]
X

# --- conflict-marker ----------------------------------------------------
new_repo
story S-1 <<'X'
---
id: S-1
title: Merged badly
<<<<<<< HEAD
status: ready
=======
status: draft
>>>>>>> feature
---
X
story S-2 <<'X'
---
id: S-2
title: Body conflict
status: draft
---
<<<<<<< HEAD
ours
||||||| base
base
=======
theirs
>>>>>>> feature
<<<<<<<< eight is not a marker
X
story S-3 <<'X'
---
id: S-3
title: A setext heading is not a conflict
status: draft
---
Heading
=======

Text.
X
check_is 1 "conflict-marker" \
    "prio: 3 stories checked: 7 errors, 0 warnings" <<'X'
backlog/stories/S-1.md:4:1: error: git merge-conflict marker; resolve the conflict and remove the markers [conflict-marker]
backlog/stories/S-1.md:6:1: error: git merge-conflict marker; resolve the conflict and remove the markers [conflict-marker]
backlog/stories/S-1.md:8:1: error: git merge-conflict marker; resolve the conflict and remove the markers [conflict-marker]
backlog/stories/S-2.md:6:1: error: git merge-conflict marker; resolve the conflict and remove the markers [conflict-marker]
backlog/stories/S-2.md:8:1: error: git merge-conflict marker; resolve the conflict and remove the markers [conflict-marker]
backlog/stories/S-2.md:10:1: error: git merge-conflict marker; resolve the conflict and remove the markers [conflict-marker]
backlog/stories/S-2.md:12:1: error: git merge-conflict marker; resolve the conflict and remove the markers [conflict-marker]
X

# --- unknown-key: only in closed-schema mode ----------------------------
new_repo
good_story S-1 "component: till
team: payments"
check_is 0 "unknown-key: open schema says nothing" \
    "prio: 1 story checked, no problems"
cat >backlog/prio.yml <<'X'
closed-schema: true
keys: [component]
X
check_is 0 "unknown-key: closed schema warns" \
    "prio: 1 story checked: 0 errors, 1 warning" <<'X'
backlog/stories/S-1.md:10:1: warning: key 'team' is not declared; add it to 'keys' in backlog/prio.yml or remove it [unknown-key]
X

# --- output formats -----------------------------------------------------
new_repo
good_story S-1 "rank: 1"
good_story S-2 "rank: 1"
story S-3 <<'X'
---
id: S-3
title: "Quotes \"and\" a, comma: 100%"
status: bogus
---
X
run_prio check --format json
expect_rc 1 "--format json: exits 1 on an error"
expect_out "--format json: the diagnostics as objects" <<'X'
{"version":1,"kind":"prio.check","diagnostics":[{"path":"backlog/stories/S-2.md","line":9,"column":7,"severity":"warning","rule":"rank-tie","message":"rank 1 ties with S-1; the tie is ordered by id until you run 'prio renumber' or move one"},{"path":"backlog/stories/S-3.md","line":4,"column":9,"severity":"error","rule":"status","message":"status 'bogus' is not one of: draft, ready, in-progress, done, accepted, dropped"}]}
X
expect_err "--format json: the summary stays on stderr" <<'X'
prio: 3 stories checked: 1 error, 1 warning
X

run_prio check --format github
expect_rc 1 "--format github: exits 1 on an error"
expect_out "--format github: GitHub Actions annotations" <<'X'
::warning file=backlog/stories/S-2.md,line=9,col=7,title=rank-tie::rank 1 ties with S-1; the tie is ordered by id until you run 'prio renumber' or move one [rank-tie]
::error file=backlog/stories/S-3.md,line=4,col=9,title=status::status 'bogus' is not one of: draft, ready, in-progress, done, accepted, dropped [status]
X

rm backlog/stories/S-3.md
run_prio check --format json
expect_rc 0 "--format json: warnings alone exit 0"
new_repo
run_prio check --format json
expect_out "--format json: an empty backlog" <<'X'
{"version":1,"kind":"prio.check","diagnostics":[]}
X
run_prio check --format yaml
expect_rc 2 "--format: an unknown format is a usage error"

# --- the config turns rules off, down and up ----------------------------
new_repo
good_story S-1 "rank: 1"
good_story S-2 "rank: 1"
story S-3 <<'X'
---
id: S-3
title: Ready without criteria
status: ready
value: 1
urgency: 1
risk: 1
effort: 1
---
X
check_is 1 "rules: the defaults" \
    "prio: 3 stories checked: 1 error, 1 warning" <<'X'
backlog/stories/S-2.md:9:7: warning: rank 1 ties with S-1; the tie is ordered by id until you run 'prio renumber' or move one [rank-tie]
backlog/stories/S-3.md:4:9: error: status 'ready' needs acceptance criteria; add a '## Acceptance criteria' section with items such as '- [ ] ...' [missing-criteria]
X
cat >backlog/prio.yml <<'X'
rules:
  missing-criteria: off
X
check_is 0 "rules: an error turned off" \
    "prio: 3 stories checked: 0 errors, 1 warning" <<'X'
backlog/stories/S-2.md:9:7: warning: rank 1 ties with S-1; the tie is ordered by id until you run 'prio renumber' or move one [rank-tie]
X
cat >backlog/prio.yml <<'X'
rules:
  missing-criteria: warning
  rank-tie: off
X
check_is 0 "rules: an error turned down to a warning" \
    "prio: 3 stories checked: 0 errors, 1 warning" <<'X'
backlog/stories/S-3.md:4:9: warning: status 'ready' needs acceptance criteria; add a '## Acceptance criteria' section with items such as '- [ ] ...' [missing-criteria]
X
cat >backlog/prio.yml <<'X'
rules:
  missing-criteria: off
  rank-tie: error
X
check_is 1 "rules: a warning turned into an error" \
    "prio: 3 stories checked: 1 error, 0 warnings" <<'X'
backlog/stories/S-2.md:9:7: error: rank 1 ties with S-1; the tie is ordered by id until you run 'prio renumber' or move one [rank-tie]
X
cat >backlog/prio.yml <<'X'
criteria-from: in-progress
rules:
  rank-tie: off
X
check_is 0 "criteria-from: ready no longer needs criteria" \
    "prio: 3 stories checked, no problems"

# A rule turned off also hides what it would say about unreadable files.
new_repo
printf -- '---\nid: S-1\0\n---\n' >backlog/stories/S-1.md
cat >backlog/prio.yml <<'X'
rules: {file: off}
X
check_is 0 "rules: file off" "prio: 1 story checked, no problems"

# --- acceptance criteria: how they are read -----------------------------
new_repo
story S-1 <<'X'
---
id: S-1
title: Criteria in every shape
status: draft
---
Intro.

```
## Acceptance criteria
- [ ] inside a fence: not a heading, not a criterion
```

#### ACCEPTANCE CRITERIA

- [ ] open
- [x] met
* [X] met, star bullet and capital X
- no box counts as open
- [ ]box without a blank is text: open

##### A deeper heading does not end the section

1. ordered items count too

### Notes

- after a higher heading: not counted
X
expect_criteria S-1 "6 2" "criteria: heading level, case, boxes, bullets"
run_prio check
expect_rc 0 "criteria: the shapes are all valid"

new_repo
story S-1 <<'X'
---
id: S-1
title: Same-level heading ends the section
status: draft
---
## Acceptance criteria

- [x] one
  - [ ] a nested item belongs to its parent

## Acceptance criteria notes

- not counted
X
expect_criteria S-1 "1 1" "criteria: a same-level heading ends the section"

new_repo
story S-1 <<'X'
---
id: S-1
title: Setext heading
status: draft
---
Acceptance Criteria
-------------------

- [ ] one
- [ ] two
X
expect_criteria S-1 "2 0" "criteria: a setext heading counts"

new_repo
story S-1 <<'X'
---
id: S-1
title: No section
status: draft
---
- [ ] a list outside the section is not criteria
X
expect_criteria S-1 "0 0" "criteria: a list outside the section"

new_repo
printf 'criteria-heading: Done when\n' >backlog/prio.yml
story S-1 <<'X'
---
id: S-1
title: Configured heading
status: ready
value: 1
urgency: 1
risk: 1
effort: 1
---
## Acceptance criteria

- [ ] not under the configured heading

## done WHEN

- [x] counted
X
expect_criteria S-1 "1 1" "criteria: the configured heading"

# --- diagnostics are sorted by path, then line, across files -------------
new_repo
good_story S-10 "rank: [x]"
good_story S-2 "depends-on: [S-99]"
story sub/S-3.md <<'X'
---
id: S-3
title: In a sub-folder
status: bogus
labels: x
---
X
story S-1 <<'X'
---
id: S-1
title: Two problems
status: ready
rank: x
---
## Acceptance criteria

- [ ]
X
check_is 1 "sorted by path and line" \
    "prio: 4 stories checked: 6 errors, 1 warning" <<'X'
backlog/stories/S-1.md:4:9: warning: no score: 'value' is missing; the score is (value + urgency + risk) / effort [unscored]
backlog/stories/S-1.md:5:7: error: rank 'x' is not a plain non-negative decimal such as 3 or 2.5 [rank]
backlog/stories/S-1.md:9:1: error: acceptance criterion 1 has no text; say what must be true, or remove the item [empty-criterion]
backlog/stories/S-10.md:9:7: error: 'rank' must be a single value, not a list [type]
backlog/stories/S-2.md:9:13: error: depends on 'S-99', which is not a story in this backlog; correct the id or remove it from depends-on [missing-dependency]
backlog/stories/sub/S-3.md:4:9: error: status 'bogus' is not one of: draft, ready, in-progress, done, accepted, dropped [status]
backlog/stories/sub/S-3.md:5:9: error: 'labels' must be a list, such as [payments, mobile] [type]
X

done_testing
