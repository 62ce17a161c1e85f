#!/bin/sh
# backlog/prio.yml: defaults, every key, and errors with line and column.
. "$(dirname "$0")/lib.sh"

# An empty config gives the defaults: S- prefix, wsjf, criteria from ready.
new_repo
good_story S-1
run_prio check
expect_rc 0 "an empty prio.yml is a valid config"
expect_err "a clean backlog says so" <<'X'
prio: 1 story checked, no problems
X

# A comment-only file is as good as an empty one.
printf '# nothing to see\n' >backlog/prio.yml
run_prio list
expect_rc 0 "a comment-only prio.yml is valid"

config_error() {
	printf '%s' "$1" >backlog/prio.yml
	run_prio list
	expect_rc 2 "$2: exit 2"
	expect_err "$2: message with line and column" <<X
$3
prio: the backlog's config is wrong; fix backlog/prio.yml
X
}

config_error 'score: (value + 1
' "a bad formula" \
"backlog/prio.yml:1:18: error: score formula: expected ')' after '(value + 1'"

config_error 'scor: wsjf
' "an unknown key" \
"backlog/prio.yml:1:1: error: unknown key 'scor'; the keys are id-prefix, statuses, terminal, status-roles, criteria-from, criteria-heading, score, fields, rationale-required, closed-schema, keys, rules, max-file-size, commit and commit-subject"

# Control characters in text settings: a newline in commit-subject would
# forge lines of the commit message (trailers); in id-prefix it would
# reach file names.  Plain values point at the character, quoted ones at
# the value.
config_error 'id-prefix: "S\tX"
' "a TAB in id-prefix" \
"backlog/prio.yml:1:12: error: 'id-prefix' cannot hold control character U+0009; IDs become file names such as S-42.md: use letters and digits"
config_error 'id-prefix: "S\e[31m"
' "an escape in id-prefix" \
"backlog/prio.yml:1:12: error: 'id-prefix' cannot hold control character U+001B; IDs become file names such as S-42.md: use letters and digits"
config_error 'id-prefix: "S\0X"
' "a NUL in id-prefix" \
"backlog/prio.yml:1:12: error: 'id-prefix' cannot hold control character U+0000; IDs become file names such as S-42.md: use letters and digits"
config_error '# ids
id-prefix: é/x
' "a slash in id-prefix" \
"backlog/prio.yml:2:13: error: 'id-prefix' cannot hold '/'; IDs become file names such as S-42.md: use letters and digits"
config_error 'id-prefix: ""
' "an empty id-prefix" \
"backlog/prio.yml:1:12: error: 'id-prefix' cannot be empty; IDs look like S-42: use letters and digits"
config_error 'id-prefix: -S
' "an id-prefix that starts with a dash" \
"backlog/prio.yml:1:12: error: 'id-prefix' cannot start with '-'; IDs look like S-42: use letters and digits"
config_error 'id-prefix: "=X"
' "an id-prefix that starts a formula" \
"backlog/prio.yml:1:12: error: 'id-prefix' cannot start with '='; IDs look like S-42: use letters and digits"
config_error 'commit-subject: "prio: {summary}\nPrio-Story: S-999"
' "a newline in commit-subject" \
"backlog/prio.yml:1:17: error: 'commit-subject' cannot hold a line break; the subject is one line: the rationale and trailers follow it"
config_error 'commit-subject: >-
  prio: {summary}

  Signed-off-by: someone
' "a folded commit-subject with a blank line" \
"backlog/prio.yml:1:17: error: 'commit-subject' cannot hold a line break; the subject is one line: the rationale and trailers follow it"
config_error "$(printf 'commit-subject: prio\t{summary}')" \
    "a raw TAB in a plain commit-subject" \
"backlog/prio.yml:1:21: error: 'commit-subject' cannot hold control character U+0009; the subject is one line: the rationale and trailers follow it"
config_error 'statuses: [draft, "re\u0085ady"]
' "a C1 control in a status" \
"backlog/prio.yml:1:19: error: 'statuses' cannot hold control character U+0085; a status is one line of text"
config_error 'criteria-heading: "Acceptance\rcriteria"
' "a CR in criteria-heading" \
"backlog/prio.yml:1:19: error: 'criteria-heading' cannot hold a line break; a heading is one line of text"
printf 'id-prefix: BUG\nstatuses: [to do, done]\ncommit-subject: "chore(backlog): {summary} \\u2713"\n' >backlog/prio.yml
run_prio list
expect_rc 0 "spaces, punctuation and other scripts are fine in text settings"

config_error 'statuses: [todo, doing, done]
terminal: [finished]
' "a terminal status not listed" \
"backlog/prio.yml:2:12: error: terminal status 'finished' is not in 'statuses'"

config_error 'criteria-from: ready
statuses: [todo, done]
' "criteria-from not listed" \
"backlog/prio.yml:1:16: error: criteria-from status 'ready' is not in 'statuses'"

# status-roles: each role names one listed status (t0795 tests the roles
# end to end).  A role given twice is a repeated YAML key.
config_error 'statuses: [To Do, In Progress, Done]
status-roles: {done: Finished}
' "status-roles naming a status not listed" \
"backlog/prio.yml:2:22: error: status 'Finished' of role 'done' is not in 'statuses'; name one that is, or list it there"
config_error 'statuses: [To Do, In Progress, Done]
status-roles:
  in-progress: In Progres
' "a misspelt status with a space in status-roles" \
"backlog/prio.yml:3:16: error: status 'In Progres' of role 'in-progress' is not in 'statuses'; name one that is, or list it there"
config_error 'statuses: [To Do, Done]
status-roles: {finished: Done}
' "an unknown role" \
"backlog/prio.yml:2:16: error: unknown role 'finished' in 'status-roles'; the roles are ready, in-progress, done and accepted"
config_error 'status-roles: [done]
' "status-roles as a list" \
"backlog/prio.yml:1:15: error: 'status-roles' must map roles to statuses, such as {ready: To Do, done: Done}"
config_error 'status-roles: done
' "status-roles as one value" \
"backlog/prio.yml:1:15: error: 'status-roles' must map roles to statuses, such as {ready: To Do, done: Done}"
config_error 'statuses: [To Do, Done]
status-roles:
  done: Done
  done: To Do
' "a role given twice" \
"backlog/prio.yml:4:3: error: key 'done' repeats (first at line 3); keep one"
config_error 'statuses: [To Do, Done]
status-roles: {done: [Done]}
' "a role naming a list" \
"backlog/prio.yml:2:22: error: role 'done' must name one status, not a list"
config_error 'statuses: [To Do, Done]
status-roles: {done: Done, accepted: Done}
' "one status for two roles" \
"backlog/prio.yml:2:38: error: status 'Done' plays two roles, 'done' and 'accepted'; give each role its own status"

config_error 'rules:
  no-such-rule: off
' "an unknown rule" \
"backlog/prio.yml:2:3: error: unknown rule 'no-such-rule'"

config_error 'rules:
  rank-tie: loud
' "a bad severity" \
"backlog/prio.yml:2:13: error: rule 'rank-tie' must be error, warning or off"

config_error 'fields:
  effort: {scale: [1, two, 3]}
' "a scale that is not numbers" \
"backlog/prio.yml:2:23: error: a scale value must be a number"

config_error 'fields:
  value: {min: 10, max: 1}
' "min above max" \
"backlog/prio.yml:2:16: error: field 'value' has min above max"

config_error 'closed-schema: maybe
' "a bad boolean" \
"backlog/prio.yml:1:16: error: 'closed-schema' must be true or false, not 'maybe'"

config_error 'max-file-size: 99999999999
' "a size over the hard limit" \
"backlog/prio.yml:1:16: error: 'max-file-size' must be a whole number of bytes from 1 to 16777216"

config_error '- just
- a list
' "a config that is not a mapping" \
"backlog/prio.yml:1:1: error: the config must be a mapping of keys, not a list"

config_error 'a: &x 1
b: *x
' "aliases are refused" \
"backlog/prio.yml:2:4: error: aliases (*name) are not supported; write the value out"

config_error 'score: wsjf
score: rice
' "a repeated key" \
"backlog/prio.yml:2:1: error: key 'score' repeats (first at line 1); keep one"

printf 'statuses: [a, b]\n\tterminal: [b]\n' >backlog/prio.yml
run_prio check
expect_rc 2 "a tab in the config's indentation exits 2"

printf 'id-prefix: S\n\377\n' >backlog/prio.yml
run_prio check
expect_rc 2 "a config that is not UTF-8 exits 2"
expect_err "a config that is not UTF-8 is reported with its place" <<'X'
backlog/prio.yml:2:1: error: the config is not valid UTF-8; save it as UTF-8
prio: the backlog's config is wrong; fix backlog/prio.yml
X

# Custom workflow, prefix, heading, score and ranges all take effect.
new_repo
cat >backlog/prio.yml <<'X'
id-prefix: BUG
statuses: [new, triaged, fixing, closed]
criteria-from: triaged
criteria-heading: Done when
score: impact / effort
fields:
  effort: {scale: [1, 2, 4]}
X
story BUG-1 <<'X'
---
id: BUG-1
title: Crash on start
status: triaged
impact: 9
effort: 3
---
## Done when

- [ ] It starts.
X
story BUG-2 <<'X'
---
id: BUG-2
title: Typo
status: new
impact: 1
effort: 1
---
X
story BUG-3 <<'X'
---
id: BUG-3
title: Old
status: closed
---
X
run_prio check
expect_rc 1 "a custom config's rules apply"
expect_out "a scale from the config is checked" <<'X'
backlog/stories/BUG-1.md:6:9: error: effort 3 is not on the scale 1, 2, 4 [range]
X
run_prio list --all
expect_rc 0 "list works with a custom config"
expect_out "the last status is terminal by default; the formula orders" <<'X'
#  ID     STATUS   SCORE  TITLE
1  BUG-1  triaged   3.00  Crash on start
2  BUG-2  new       1.00  Typo
-  BUG-3  closed       -  Old
X

# rules: turns rules off, or a warning into an error.
new_repo
good_story S-1 "rank: 1"
good_story S-2 "rank: 1"
run_prio check
expect_rc 0 "a rank tie is a warning by default"
printf 'rules:\n  rank-tie: error\n' >backlog/prio.yml
run_prio check
expect_rc 1 "rules: can make a warning an error"
expect_out "the tie is now an error" <<'X'
backlog/stories/S-2.md:9:7: error: rank 1 ties with S-1; the tie is ordered by id until you run 'prio renumber' or move one [rank-tie]
X
printf 'rules:\n  rank-tie: off\n' >backlog/prio.yml
run_prio check
expect_rc 0 "rules: can turn a rule off"
expect_out "nothing is printed for a rule that is off" </dev/null

# closed-schema warns about undeclared keys; keys: declares them.
new_repo
good_story S-1 "component: api"
printf 'closed-schema: true\n' >backlog/prio.yml
run_prio check
expect_rc 0 "unknown-key is a warning"
expect_out "closed-schema names the key" <<'X'
backlog/stories/S-1.md:9:1: warning: key 'component' is not declared; add it to 'keys' in backlog/prio.yml or remove it [unknown-key]
X
printf 'closed-schema: true\nkeys: [component]\n' >backlog/prio.yml
run_prio check
expect_out "a declared key is fine" </dev/null

done_testing
