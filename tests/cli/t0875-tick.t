#!/bin/sh
# prio tick: one criterion's box, and only its bytes, committed with the
# rationale (git is the oracle); every refusal changes nothing.
. "$(dirname "$0")/lib.sh"

new_repo
cat >backlog/stories/S-1.md <<'X'
---
id: S-1
title: Pay offline
status: ready
---
Text.

## Acceptance criteria

- [ ] Works offline.
* [X] Syncs later.
  - [ ] Nested is one too.
1. No box here.
X
commit_all "backlog"
cp backlog/stories/S-1.md "$TEST_ROOT/before"

run_prio tick S-1 1 -m "Tried it on a plane"
expect_rc 0 "tick by number"
expect_out "it says what it committed" <<X
[main $(git rev-parse --short HEAD)] prio: tick S-1 criterion 1
X
run_git log -1 --format=%B
expect_out "the commit carries the rationale and trailers" <<'X'
prio: tick S-1 criterion 1

Tried it on a plane

Prio-Story: S-1
Prio-Change: criterion-1 open -> met

X
run_git diff HEAD~1 HEAD --unified=0 --no-prefix
grep '^[-+]' "$TEST_ROOT/out" | grep -v '^---\|^+++' >"$TEST_ROOT/lines"
expect_file "$TEST_ROOT/lines" "only the box changed" <<'X'
-- [ ] Works offline.
+- [x] Works offline.
X
run_prio tick S-1 "Syncs later." --open -m "Broke again"
expect_rc 0 "untick by text"
expect_same "$(sed -n 11p backlog/stories/S-1.md)" "* [ ] Syncs later." \
    "the item keeps its marker"
expect_same "$(git log -1 --format=%s)" "prio: untick S-1 criterion 2" \
    "the subject says untick"
run_prio tick S-1 3 -m "Done"
expect_rc 0 "an item with no box gets one (a nested item is no criterion)"
expect_same "$(sed -n 13p backlog/stories/S-1.md)" "1. [x] No box here." \
    "after its marker"
expect_same "$(sed -n 12p backlog/stories/S-1.md)" "  - [ ] Nested is one too." \
    "the nested item is left alone"
run_prio show S-1 --json
expect_grep '"criteria":\{"total":3,"met":2\}' "prio show counts them met"

HEAD0=$(git rev-parse HEAD)
run_prio tick S-1 1 -m "again"
expect_rc 1 "a criterion met already"
expect_err "it says so" <<'X'
prio: criterion 1 of S-1 is met already; nothing was changed
X
run_prio tick S-1 9 -m "x"
expect_rc 1 "a number out of range"
expect_err "it says how many there are" <<'X'
prio: S-1 has 3 acceptance criteria; there is no criterion 9
X
run_prio tick S-1 "Nothing like it" -m "x"
expect_rc 1 "a text that names none"
expect_err "it says to use the number" <<'X'
prio: S-1 has no criterion 'Nothing like it'; name it by its number (1 to 3, as 'prio show S-1' lists them)
X
run_prio tick S-1 2
expect_rc 1 "no rationale where one is required"
run_prio tick S-1
expect_rc 2 "no criterion named"
run_prio tick S-9 1 -m x
expect_rc 1 "an unknown story"
bad_story S-2
commit_all "no criteria"
HEAD0=$(git rev-parse HEAD)
run_prio tick S-2 1 -m x
expect_rc 1 "a story without criteria"
expect_err "it says where they go" <<'X'
prio: S-2 has no acceptance criteria to tick; add them under '## Acceptance criteria' in backlog/stories/S-2.md
X
expect_same "$(git rev-parse HEAD)" "$HEAD0" "no refusal committed"
run_git status --porcelain
expect_out "nor changed a file" </dev/null

run_prio tick S-1 2 --no-commit -m x
expect_rc 0 "--no-commit writes the file"
run_git status --porcelain
expect_out "and commits nothing" <<'X'
 M backlog/stories/S-1.md
X
done_testing
