#!/bin/sh
# prio show: the text view, --json, unknown and malformed IDs, broken
# files and hostile titles.
. "$(dirname "$0")/lib.sh"

new_repo
story S-42-pay-offline.md <<'X'
---
id: S-42
title: Pay offline in low-connectivity areas
status: ready
rank: 3.50
value: 8
urgency: 5
risk: 3
effort: 5
owner: ada
labels: [payments, africa]
depends-on: [S-17]
goal: G-2
created: 2026-11-02
---

As a shopper on a flaky connection, I want my payment queued offline,
so that I do not lose the sale.

## Acceptance criteria

- [ ] Given no network, when I pay, then the payment is queued as "pending".
- [x] A queued payment syncs within 60 s of the network returning.

## Notes

Churn in low-connectivity markets is 3x the average.

X
story S-17 <<'X'
---
id: S-17
title: Queue payments
status: draft
rank: 1
---
X
story done/S-3.md <<'X'
---
id: S-3
title: Old work
status: accepted
value: 1
urgency: 1
risk: 1
effort: 0
---
Shipped.

## Acceptance criteria

- [X] It shipped.
X

run_prio show S-42
expect_rc 0 "show exits 0"
expect_out "show prints the header, the facts and the body" <<'X'
S-42  Pay offline in low-connectivity areas

  status    ready
  position  #2 of 2
  rank      3.50
  score     3.20 = (value + urgency + risk) / effort
  owner     ada
  goal      G-2
  labels    payments, africa
  depends   S-17
  criteria  1 of 2 met
  path      backlog/stories/S-42-pay-offline.md

As a shopper on a flaky connection, I want my payment queued offline,
so that I do not lose the sale.

## Acceptance criteria

- [ ] Given no network, when I pay, then the payment is queued as "pending".
- [x] A queued payment syncs within 60 s of the network returning.

## Notes

Churn in low-connectivity markets is 3x the average.
X
expect_err "show is quiet on stderr" </dev/null

run_prio show S-17
expect_out "a story without body, score or optional fields" <<'X'
S-17  Queue payments

  status    draft
  position  #1 of 2
  rank      1
  score     - (missing value, urgency, risk, effort: (value + urgency + risk) / effort)
  criteria  0 of 0 met
  path      backlog/stories/S-17.md
X

run_prio show S-3
expect_rc 0 "show finds a terminal story in a sub-folder"
expect_out "a terminal story has no position; a score may divide by zero" <<'X'
S-3  Old work

  status    accepted
  position  - (terminal)
  rank      -
  score     - (divides by zero or overflows: (value + urgency + risk) / effort)
  criteria  1 of 1 met
  path      backlog/stories/done/S-3.md

Shipped.

## Acceptance criteria

- [X] It shipped.
X

run_prio show --json S-42
expect_rc 0 "show --json exits 0"
expect_out "show --json: list's fields, criteria_items and body" <<'X'
{"version":1,"kind":"prio.show","story":{"id":"S-42","title":"Pay offline in low-connectivity areas","status":"ready","rank":"3.50","score":3.2,"position":2,"path":"backlog/stories/S-42-pay-offline.md","owner":"ada","goal":"G-2","labels":["payments","africa"],"depends_on":["S-17"],"criteria":{"total":2,"met":1},"criteria_items":[{"text":"Given no network, when I pay, then the payment is queued as \"pending\".","met":false,"line":22},{"text":"A queued payment syncs within 60 s of the network returning.","met":true,"line":23}],"body":"\nAs a shopper on a flaky connection, I want my payment queued offline,\nso that I do not lose the sale.\n\n## Acceptance criteria\n\n- [ ] Given no network, when I pay, then the payment is queued as \"pending\".\n- [x] A queued payment syncs within 60 s of the network returning.\n\n## Notes\n\nChurn in low-connectivity markets is 3x the average.\n\n"}}
X
json_ok "show --json parses as JSON"

run_prio show S-42 --json
expect_rc 0 "options may follow the ID"
expect_grep '^\{"version":1,"kind":"prio.show","story":\{"id":"S-42",' "show S-42 --json is JSON"

run_prio show S-17 --json
expect_out "show --json of a bare story: nulls and empty lists" <<'X'
{"version":1,"kind":"prio.show","story":{"id":"S-17","title":"Queue payments","status":"draft","rank":"1","score":null,"position":1,"path":"backlog/stories/S-17.md","owner":null,"goal":null,"labels":[],"depends_on":[],"criteria":{"total":0,"met":0},"criteria_items":[],"body":""}}
X
json_ok "an empty story's JSON parses"

run_prio show --json S-3
expect_out "show --json of a terminal story: position null" <<'X'
{"version":1,"kind":"prio.show","story":{"id":"S-3","title":"Old work","status":"accepted","rank":null,"score":null,"position":null,"path":"backlog/stories/done/S-3.md","owner":null,"goal":null,"labels":[],"depends_on":[],"criteria":{"total":1,"met":1},"criteria_items":[{"text":"It shipped.","met":true,"line":14}],"body":"Shipped.\n\n## Acceptance criteria\n\n- [X] It shipped.\n"}}
X

run_prio show -- S-17
expect_rc 0 "'--' ends the options"

# --- CRLF files --------------------------------------------------------------

printf -- '---\r\nid: S-5\r\ntitle: Windows story\r\nstatus: draft\r\n---\r\nLine one.\r\n\r\n## Acceptance criteria\r\n\r\n- [ ] ok\r\n' \
    >backlog/stories/S-5.md
run_prio show S-5
expect_out "a CRLF body prints with plain line ends" <<'X'
S-5  Windows story

  status    draft
  position  #3 of 3
  rank      -
  score     - (missing value, urgency, risk, effort: (value + urgency + risk) / effort)
  criteria  0 of 1 met
  path      backlog/stories/S-5.md

Line one.

## Acceptance criteria

- [ ] ok
X
run_prio show S-5 --json
expect_out "show --json keeps the body's bytes" <<'X'
{"version":1,"kind":"prio.show","story":{"id":"S-5","title":"Windows story","status":"draft","rank":null,"score":null,"position":3,"path":"backlog/stories/S-5.md","owner":null,"goal":null,"labels":[],"depends_on":[],"criteria":{"total":1,"met":0},"criteria_items":[{"text":"ok","met":false,"line":10}],"body":"Line one.\r\n\r\n## Acceptance criteria\r\n\r\n- [ ] ok\r\n"}}
X

# --- Terminal escapes ----------------------------------------------------------

printf -- '---\nid: S-6\ntitle: "Evil \\e[31mred\\e[0m\\a title"\nstatus: draft\n---\nBody \033[2J clears.\n' \
    >backlog/stories/S-6.md
run_prio show S-6
expect_rc 0 "a story with escape sequences shows"
expect_out "control characters in title and body show as '?'" <<'X'
S-6  Evil ?[31mred?[0m? title

  status    draft
  position  #4 of 4
  rank      -
  score     - (missing value, urgency, risk, effort: (value + urgency + risk) / effort)
  criteria  0 of 0 met
  path      backlog/stories/S-6.md

Body ?[2J clears.
X
run_prio show S-6 --json
expect_out "JSON escapes control characters" <<'X'
{"version":1,"kind":"prio.show","story":{"id":"S-6","title":"Evil \u001b[31mred\u001b[0m\u0007 title","status":"draft","rank":null,"score":null,"position":4,"path":"backlog/stories/S-6.md","owner":null,"goal":null,"labels":[],"depends_on":[],"criteria":{"total":0,"met":0},"criteria_items":[],"body":"Body \u001b[2J clears.\n"}}
X
json_ok "escaped JSON parses"

# U+009B is a one-character CSI for many terminals, as ESC [ is.
printf -- '---\nid: S-7\ntitle: "C1 \\x9b31mred"\nstatus: draft\n---\n' \
    >backlog/stories/S-7.md
run_prio show S-7
expect_out "C1 control characters show as '?'" <<'X'
S-7  C1 ?31mred

  status    draft
  position  #5 of 5
  rank      -
  score     - (missing value, urgency, risk, effort: (value + urgency + risk) / effort)
  criteria  0 of 0 met
  path      backlog/stories/S-7.md
X

# --- Unknown, broken and malformed IDs -----------------------------------------

run_prio show S-99
expect_rc 1 "an unknown story exits 1"
expect_err "an unknown story says where to look" <<'X'
prio: no story S-99 in this backlog; 'prio list --all' shows them all
X
expect_out "an unknown story prints nothing" </dev/null

printf 'no front matter\n' >backlog/stories/S-8-broken.md
run_prio show S-8
expect_rc 1 "a story whose file is broken exits 1"
expect_err "a broken story's file is named, with the way to see why" <<'X'
prio: S-8 cannot be read as a story: backlog/stories/S-8-broken.md has errors; run 'prio check' to see them
X

for id in foo S-01 S-0 s-42 S-4x S-99999999999999999999999 ""; do
	run_prio show "$id"
	expect_rc 2 "malformed ID '$id' exits 2"
	expect_err "malformed ID '$id' is named" <<X
prio: '$id' is not a story ID; IDs look like S-42
X
done
run_prio show ../../etc/passwd
expect_rc 2 "a path outside the backlog exits 2"
expect_err "a path outside the backlog is named" <<'X'
prio: '../../etc/passwd' is not in backlog/stories/, where the story files are; name a story by its ID or by the path of its file
X

echo 'id-prefix: PAY' >backlog/prio.yml
story PAY-1 <<'X'
---
id: PAY-1
title: Prefixed
status: draft
---
X
run_prio show PAY-1
expect_rc 0 "a configured prefix is honoured"
run_prio show S-42
expect_rc 2 "another prefix is malformed"
expect_err "the message shows the configured prefix" <<'X'
prio: 'S-42' is not a story ID; IDs look like PAY-42
X
: >backlog/prio.yml

# --- Usage --------------------------------------------------------------------

usage='usage: prio show <id> [--json] [--rev <rev>]'
run_prio show
expect_rc 2 "show without an ID exits 2"
expect_err "show without an ID asks for one" <<X
prio: name one story, such as S-42
$usage
X
run_prio show S-42 S-17
expect_rc 2 "show with two IDs exits 2"
expect_err "show with two IDs asks for one" <<X
prio: name one story, such as S-42
$usage
X
run_prio show --bogus S-42
expect_rc 2 "an unknown option exits 2"
expect_err "an unknown option is named" <<X
prio: unknown option '--bogus'
$usage
X
run_prio show S-42 --rev
expect_rc 2 "--rev without a value exits 2"
expect_err "--rev without a value is named" <<X
prio: option '--rev' needs a value
$usage
X

done_testing
