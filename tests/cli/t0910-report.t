#!/bin/sh
# prio report: one self-contained HTML page from the scripted history of
# t0900-stats.t.  The page is parsed (html.parser, and each inline SVG as
# XML) and its parts compared whole: figures, health, charts, goals, the
# ranked backlog with story text escaped; no scripts, nothing loaded
# from outside.  Also -o -, --title, --template, --since, and errors.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/stats-history.sh"

PARTS=$PRIO_SRC/tests/cli/report-parts.py

# parts FILE: the page's parts into $TEST_ROOT/out (as run_prio keeps it).
parts() {
	python3 "$PARTS" "$1" >"$TEST_ROOT/out" 2>"$TEST_ROOT/err"
	RC=$?
}

new_repo
run_prio report
expect_rc 2 "report without -o is a usage error"
expect_err "report without -o says how to name the file" <<'X'
prio: say where to write the page with -o <file.html> ('-o -' writes it to stdout)
usage: prio report -o <file.html> [--since <date>] [--rev <rev>] [--title <text>] [--template <file>]
X
run_prio report -o r.html
expect_rc 2 "report before the first commit exits 2"
expect_err "report before the first commit says what to do" <<'X'
prio: the current branch has no commits yet, so there is no history to read; commit the backlog first
X

make_history
# A story whose title would be markup if it were not escaped, with a
# full score: (8 + 5 + 3) / 4.
story S-8 <<'X'
---
id: S-8
title: <script>alert("x")</script> & 'quotes' <b>bold</b>
status: draft
rank: 4
value: 8
urgency: 5
risk: 3
effort: 4
goal: G-1
---
X
at 2026-01-20 13:00
commit "S-8"
NOTE="prio: the backlog has 1 error; run 'prio check --rev HEAD' to see it"

umask 022
run_prio report -o "$TEST_ROOT/report.html"
expect_rc 0 "report exits 0"
expect_out "report prints nothing on stdout" </dev/null
expect_err "report notes the backlog's error" <<X
$NOTE
X
if [ "$(ls -l "$TEST_ROOT/report.html" | cut -c1-10)" = "-rw-r--r--" ]; then
	ok "the page is readable by all under umask 022"
else
	not_ok "the page is readable by all under umask 022"
	ls -l "$TEST_ROOT/report.html" | sed 's/^/#   /'
fi
if ls "$TEST_ROOT"/report.html.tmp-* >/dev/null 2>&1; then
	not_ok "no temporary file is left"
else
	ok "no temporary file is left"
fi

parts "$TEST_ROOT/report.html"
expect_rc 0 "the page has no scripts and loads nothing from outside"
HEAD7=$(git rev-parse --short=7 HEAD)
expect_out "the page has every part, story text escaped" <<X
title: Backlog of $(basename "$REPO")
h1: Backlog of $(basename "$REPO")
generated: The backlog at commit $HEAD7 of 2026-01-20.
sections: figures health charts goals backlog
styles: 1 scripts: 0 outside: 0
card cycle-time: Cycle time = 2.6 days (median of 4 stories; p85 5.5, mean 2.9)
card lead-time: Lead time = 7.0 days (median of 3 stories; p85 9.0, mean 6.7)
card approval-time: Approval time = 2.0 days (median of 3 stories; p85 2.8, mean 1.9)
card open: Open = 5 (stories in the ranked order)
card ready: Ready = 2 (1 without criteria)
card unestimated: Unestimated = 1 (open, without effort)
card stale: Stale = 1 (open, unchanged for 90 days)
card rank-ties: Rank ties = 1 ('prio renumber' repairs them)
card ready-weeks: Ready work = 0.6 weeks (at the pace of the last 6 weeks)
svg Stories accepted per week: rect.bar 3, svg.chart 1; titles: 2026-W02: 1 accepted, effort 3 | 2026-W03: 1 accepted, effort 5 | 2026-W04: 1 accepted, effort 2
svg Cycle time in days of each story done, by the day it was done: circle.point 4, line.p85 1, svg.chart 1; titles: S-1: 2.0 days, done 2026-01-08 | S-2: 5.5 days, done 2026-01-12 | S-3: 1.0 days, done 2026-01-13 | S-4: 3.3 days, done 2026-01-16
svg Stories in each status at the end of each week: polygon.band 6, svg.chart 1; titles: accepted | dropped | done | in-progress | ready | draft
svg Effort accepted and total effort in scope, week by week: polyline.done 1, polyline.scope 1, svg.chart 1; titles: 
goals row: Goal | Open effort | Accepted effort | Share of the top 20
goals row: G-1 | 12 | 3 | 40%
goals row: G-2 | 0 | 5 | 20%
goals row: G-10 | 1 | 0 | 20%
backlog row: # | ID | Title | Status | Score | Criteria
backlog row: 1 | S-5 | Story S-5 | ready | – | 0/0
backlog row: 2 | S-7 | Story S-7 | ready | – | 1/1
backlog row: 3 | S-3 | Story S-3 | done | – | 1/1
backlog row: 4 | S-8 | <script>alert("x")</script> & 'quotes' <b>bold</b> | draft | 4.00 | 0/0
backlog row: 5 | S-6 | Story S-6 | draft | – | 1/1
X
if grep -q '<td>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39; &lt;b&gt;bold&lt;/b&gt;</td>' "$TEST_ROOT/report.html"; then
	ok "the title is escaped in the HTML source"
else
	not_ok "the title is escaped in the HTML source"
fi
if grep -q 'name="viewport"' "$TEST_ROOT/report.html" &&
    grep -q '@media (max-width: 40rem)' "$TEST_ROOT/report.html" &&
    grep -q 'font-size: clamp(' "$TEST_ROOT/report.html"; then
	ok "the page scales for a phone and a projector"
else
	not_ok "the page scales for a phone and a projector"
fi

# The page is the same however it is written.
run_prio report -o -
expect_rc 0 "report -o - exits 0"
if cmp -s "$TEST_ROOT/out" "$TEST_ROOT/report.html"; then
	ok "report -o - writes the same page to stdout"
else
	not_ok "report -o - writes the same page to stdout"
fi

run_prio report -o "$TEST_ROOT/t.html" --title 'Q1 <review>'
parts "$TEST_ROOT/t.html"
expect_grep '^h1: Q1 <review>$' "--title names the page (escaped)"

# --since and --rev reach the figures.
run_prio report -o "$TEST_ROOT/s.html" --since 2026-01-12 --rev HEAD~1
parts "$TEST_ROOT/s.html"
expect_grep "^generated: The backlog at commit $(git rev-parse --short=7 HEAD~1) of 2026-01-20; work done since 2026-01-12\.$" \
    "--since and --rev are said under the title"
expect_grep '^card cycle-time: Cycle time = 3\.3 days \(median of 3 stories; p85 5\.5, mean 3\.3\)$' \
    "--since counts work done since the day"

# --- A template of one's own ---------------------------------------------------
printf '<p>{{open_count}} open in {{title}}; {{ not one }} {{x</p>\n' \
    >"$TEST_ROOT/mine.html"
run_prio report -o - --template "$TEST_ROOT/mine.html" --title 'A&B'
expect_rc 0 "report --template exits 0"
expect_out "--template fills the placeholders and leaves other braces" <<'X'
<p>5 open in A&amp;B; {{ not one }} {{x</p>
X
printf '<p>\n  {{open_count}} {{nope}}\n</p>\n' >"$TEST_ROOT/bad.html"
run_prio report -o "$TEST_ROOT/bad-out.html" --template "$TEST_ROOT/bad.html"
expect_rc 2 "an unknown placeholder exits 2"
expect_err "an unknown placeholder is named with its line and column" <<X
$TEST_ROOT/bad.html:2:18: error: unknown placeholder {{nope}} [template]
prio: the report template is wrong; fix it, or leave --template out
X
if [ -e "$TEST_ROOT/bad-out.html" ]; then
	not_ok "a failed report writes no file"
else
	ok "a failed report writes no file"
fi
run_prio report -o - --template "$TEST_ROOT/missing.html"
expect_rc 2 "a missing template exits 2"
expect_err "a missing template says what to do" <<X
prio: cannot read the template '$TEST_ROOT/missing.html': No such file or directory; name an HTML file, or leave --template out
X
run_prio report -o "$TEST_ROOT/no/such/dir/r.html"
expect_rc 2 "a folder that does not exist exits 2"
expect_err "a folder that does not exist is named" <<X
prio: cannot write '$TEST_ROOT/no/such/dir/r.html': No such file or directory; check that its folder exists and is writable
X

# --- A history with nothing to draw ------------------------------------------
new_repo
at 2026-01-05
st S-1 draft
commit "S-1"
run_prio report -o "$TEST_ROOT/e.html"
parts "$TEST_ROOT/e.html"
expect_out "charts with nothing to draw say so" <<X
title: Backlog of $(basename "$REPO")
h1: Backlog of $(basename "$REPO")
generated: The backlog at commit $(git rev-parse --short=7 HEAD) of 2026-01-05.
sections: figures health charts goals backlog
styles: 1 scripts: 0 outside: 0
card cycle-time: Cycle time = – (no stories yet)
card lead-time: Lead time = – (no stories yet)
card approval-time: Approval time = – (no stories yet)
card open: Open = 1 (stories in the ranked order)
card ready: Ready = 0 (0 without criteria)
card unestimated: Unestimated = 1 (open, without effort)
card stale: Stale = 0 (open, unchanged for 90 days)
card rank-ties: Rank ties = 0 ('prio renumber' repairs them)
card ready-weeks: Ready work = – (nothing accepted in the last 6 weeks)
svg Stories in each status at the end of each week: polygon.band 6, svg.chart 1; titles: accepted | dropped | done | in-progress | ready | draft
svg Effort accepted and total effort in scope, week by week: polyline.done 1, polyline.scope 1, svg.chart 1; titles: 
empty cycle: No story has gone from in-progress to done yet.
empty goals: No story names a goal.
empty throughput: Nothing accepted yet.
backlog row: # | ID | Title | Status | Score | Criteria
backlog row: 1 | S-1 | Story S-1 | draft | – | 1/1
X

done_testing
