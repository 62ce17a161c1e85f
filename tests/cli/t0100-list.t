#!/bin/sh
# prio list: the order of SPEC 2.2, filters, the text table, --json and
# --format, score formulas, broken files and usage errors.
. "$(dirname "$0")/lib.sh"

# st [DIR/]ID STATUS [LINE...]: a story titled "Story ID" whose one
# criterion is met; each LINE is an extra front-matter line ("rank: 3").
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

# wsjf V U R E: the default score's inputs as front-matter lines.
wsjf() {
	printf 'value: %s\nurgency: %s\nrisk: %s\neffort: %s' "$1" "$2" "$3" "$4"
}

# --- The order (SPEC 2.2) --------------------------------------------------

new_repo
run_prio list
expect_rc 0 "an empty backlog lists fine"
expect_out "an empty backlog shows only the header" <<'X'
#  ID  STATUS  SCORE  TITLE
X

# Ranks compare as exact decimals: 10 after 9, 2.09 before 2.10, 0.5
# before 1, 007.50 equals 7.5; 0.3 before 0.30000000000000001 and
# 1e23 + 0.5 before 1e23 + 1 although doubles cannot tell them apart.
st S-1 ready "rank: 10"
st S-2 ready "rank: 9"
st S-3 in-progress "rank: 2.10"
st S-4 ready "rank: 2.09"
st S-5 draft "rank: 0.5"
st S-6 ready "rank: 1"
st S-7 ready "rank: 007.50"
st S-8 ready "rank: 7.5"
st S-9 ready "rank: 3"
st S-10 ready "rank: 3"
st S-11 ready "rank: 0.30000000000000001"
st S-12 ready "rank: 0.3"
st S-13 ready "rank: 100000000000000000000001"
st S-14 ready "rank: 100000000000000000000000.5"
st payments/S-16 ready "rank: 5"
# Unranked: by score (13 before 2; ties by ID number, so S-100 after S-22
# although its file name sorts first), then the unscored by ID number.
st S-20 ready "$(wsjf 5 3 2 5)"
st S-21 ready "$(wsjf 8 3 2 1)"
st S-22 ready "$(wsjf 4 4 2 5)"
st S-100 ready "$(wsjf 1 1 0 1)"
st S-23 ready
st S-24 ready "$(wsjf 1 1 1 0)"
st S-15 draft "value: 1"
# Terminal stories are not in the order, whatever their rank or score.
st S-30 accepted "rank: 0.1"
st S-31 dropped "$(wsjf 9 9 9 1)"
echo "not a story" >backlog/stories/README.txt

run_prio list
expect_rc 0 "list exits 0"
expect_out "list orders by exact rank, then score, then ID" <<'X'
 #  ID     STATUS       SCORE  TITLE
 1  S-12   ready            -  Story S-12
 2  S-11   ready            -  Story S-11
 3  S-5    draft            -  Story S-5
 4  S-6    ready            -  Story S-6
 5  S-4    ready            -  Story S-4
 6  S-3    in-progress      -  Story S-3
 7  S-9    ready            -  Story S-9
 8  S-10   ready            -  Story S-10
 9  S-16   ready            -  Story S-16
10  S-7    ready            -  Story S-7
11  S-8    ready            -  Story S-8
12  S-2    ready            -  Story S-2
13  S-1    ready            -  Story S-1
14  S-14   ready            -  Story S-14
15  S-13   ready            -  Story S-13
16  S-21   ready        13.00  Story S-21
17  S-20   ready         2.00  Story S-20
18  S-22   ready         2.00  Story S-22
19  S-100  ready         2.00  Story S-100
20  S-15   draft            -  Story S-15
21  S-23   ready            -  Story S-23
22  S-24   ready            -  Story S-24
X
expect_err "warnings alone leave stderr quiet" </dev/null

run_prio list --all
expect_rc 0 "list --all exits 0"
expect_out "--all adds terminal stories, unpositioned, by ID" <<'X'
 #  ID     STATUS       SCORE  TITLE
 1  S-12   ready            -  Story S-12
 2  S-11   ready            -  Story S-11
 3  S-5    draft            -  Story S-5
 4  S-6    ready            -  Story S-6
 5  S-4    ready            -  Story S-4
 6  S-3    in-progress      -  Story S-3
 7  S-9    ready            -  Story S-9
 8  S-10   ready            -  Story S-10
 9  S-16   ready            -  Story S-16
10  S-7    ready            -  Story S-7
11  S-8    ready            -  Story S-8
12  S-2    ready            -  Story S-2
13  S-1    ready            -  Story S-1
14  S-14   ready            -  Story S-14
15  S-13   ready            -  Story S-13
16  S-21   ready        13.00  Story S-21
17  S-20   ready         2.00  Story S-20
18  S-22   ready         2.00  Story S-22
19  S-100  ready         2.00  Story S-100
20  S-15   draft            -  Story S-15
21  S-23   ready            -  Story S-23
22  S-24   ready            -  Story S-24
 -  S-30   accepted         -  Story S-30
 -  S-31   dropped      27.00  Story S-31
X
run_prio list -a
expect_rc 0 "-a is --all"
expect_grep '^ -  S-31   dropped      27\.00  Story S-31$' "-a shows terminal stories"

# --- Filters: positions stay those of the whole backlog --------------------

run_prio list --status draft
expect_rc 0 "--status exits 0"
expect_out "--status keeps the whole backlog's positions" <<'X'
 #  ID    STATUS  SCORE  TITLE
 3  S-5   draft       -  Story S-5
20  S-15  draft       -  Story S-15
X

run_prio list --status in-progress --status draft
expect_rc 0 "--status is repeatable"
expect_out "two --status options show either status, in backlog order" <<'X'
 #  ID    STATUS       SCORE  TITLE
 3  S-5   draft            -  Story S-5
 6  S-3   in-progress      -  Story S-3
20  S-15  draft            -  Story S-15
X

run_prio list --status accepted
expect_rc 0 "--status of a terminal status exits 0"
expect_out "naming a terminal status shows those stories" <<'X'
#  ID    STATUS    SCORE  TITLE
-  S-30  accepted      -  Story S-30
X

run_prio list --status dropped --status draft
expect_out "terminal and open statuses mix" <<'X'
 #  ID    STATUS   SCORE  TITLE
 3  S-5   draft        -  Story S-5
20  S-15  draft        -  Story S-15
 -  S-31  dropped  27.00  Story S-31
X

run_prio list --status doing
expect_rc 2 "an unknown --status is a usage error"
expect_err "an unknown --status names the known ones" <<'X'
prio: unknown status 'doing'; the backlog's statuses are draft, ready, in-progress, done, accepted, dropped
X
expect_out "an unknown --status prints no table" </dev/null

new_repo
st S-1 ready "rank: 1" "owner: ada" "labels: [payments, africa]"
st S-2 ready "rank: 2" "owner: bob" "labels: [payments]"
st S-3 draft "rank: 3" "owner: ada" "labels: [search]"
st S-4 ready "rank: 4" "labels: []"
st S-5 accepted "owner: ada" "labels: [payments]"
run_prio list --label payments
expect_rc 0 "--label exits 0"
expect_out "--label keeps stories with that label" <<'X'
#  ID   STATUS  SCORE  TITLE
1  S-1  ready       -  Story S-1
2  S-2  ready       -  Story S-2
X
run_prio list --owner ada
expect_out "--owner keeps that owner's open stories" <<'X'
#  ID   STATUS  SCORE  TITLE
1  S-1  ready       -  Story S-1
3  S-3  draft       -  Story S-3
X
run_prio list --owner ada --all
expect_out "--owner with --all adds that owner's terminal stories" <<'X'
#  ID   STATUS    SCORE  TITLE
1  S-1  ready         -  Story S-1
3  S-3  draft         -  Story S-3
-  S-5  accepted      -  Story S-5
X
run_prio list --owner ada --label payments
expect_out "filters combine" <<'X'
#  ID   STATUS  SCORE  TITLE
1  S-1  ready       -  Story S-1
X
run_prio list --owner carol
expect_rc 0 "a filter that matches nothing exits 0"
expect_out "a filter that matches nothing shows the header" <<'X'
#  ID  STATUS  SCORE  TITLE
X
run_prio list --label Payments
expect_out "labels match exactly" <<'X'
#  ID  STATUS  SCORE  TITLE
X

# --- Large backlogs, and edits between runs ---------------------------------

# A large backlog (loaded on several threads, perhaps cached) keeps the
# same order: ranks with ties, leading zeros and fractions, sorted here
# by sort(1) -n, which compares decimal strings exactly.
new_repo
i=1
while [ "$i" -le 400 ]; do
	r=$((i * 37 % 101)).$((i % 7))
	[ $((i % 5)) -eq 0 ] && r=00$r
	if [ $((i % 9)) -eq 0 ]; then
		st "S-$i" draft
	else
		st "S-$i" ready "rank: $r"
		echo "$r $i" >>"$TEST_ROOT/ranks"
	fi
	i=$((i + 1))
done
sort -k1,1n -k2,2n "$TEST_ROOT/ranks" | awk '{ print "S-" $2 }' >"$TEST_ROOT/want-ids"
i=9
while [ "$i" -le 400 ]; do
	echo "S-$i" >>"$TEST_ROOT/want-ids"
	i=$((i + 9))
done
run_prio list
expect_rc 0 "a 400-story backlog lists"
awk 'NR > 1 { print $2 }' "$TEST_ROOT/out" >"$TEST_ROOT/got-ids"
if cmp -s "$TEST_ROOT/want-ids" "$TEST_ROOT/got-ids"; then
	ok "a 400-story backlog is in exact rank order, ties by ID"
else
	not_ok "a 400-story backlog is in exact rank order, ties by ID"
	diff -u "$TEST_ROOT/want-ids" "$TEST_ROOT/got-ids" | sed 's/^/#   /'
fi
run_prio list
awk 'NR > 1 { print $2 }' "$TEST_ROOT/out" >"$TEST_ROOT/got-ids"
if cmp -s "$TEST_ROOT/want-ids" "$TEST_ROOT/got-ids"; then
	ok "a second run gives the same order"
else
	not_ok "a second run gives the same order"
fi
# An edit of the same size within the same second is seen at once.
sed 's/^rank: .*/rank: 0.0/' backlog/stories/S-400.md >"$TEST_ROOT/s"
cat "$TEST_ROOT/s" >backlog/stories/S-400.md
run_prio list
expect_grep '^  1  S-400  ' "a quick edit of a story is seen by the next list"

new_repo
st S-1 ready "rank: 1"
st S-2 ready "rank: 2"
run_prio list
sed 's/^rank: 2$/rank: 0/' backlog/stories/S-2.md >"$TEST_ROOT/s"
cat "$TEST_ROOT/s" >backlog/stories/S-2.md
run_prio list
expect_out "a same-size edit right after a list changes the order" <<'X'
#  ID   STATUS  SCORE  TITLE
1  S-2  ready       -  Story S-2
2  S-1  ready       -  Story S-1
X
rm backlog/stories/S-1.md
run_prio list
expect_out "a deleted story disappears at once" <<'X'
#  ID   STATUS  SCORE  TITLE
1  S-2  ready       -  Story S-2
X

# --- --json -----------------------------------------------------------------

new_repo
cat >backlog/stories/S-42-pay-offline.md <<'X'
---
id: S-42
title: Pay "offline" \ in low-connectivity areas
status: ready
rank: 03.50
value: 8
urgency: 5
risk: 3
effort: 5
owner: ada
labels: [payments, africa]
depends-on: [S-7]
goal: G-2
created: 2026-11-02
---
As a shopper on a flaky connection, I want my payment queued offline.

## Acceptance criteria

- [ ] Given no network, when I pay, then the payment is queued.
- [x] A queued payment syncs within 60 s.
- A criterion without a box is open.
X
st S-7 draft "$(wsjf 1 2 3 4)"
st S-8 ready "$(wsjf 1 1 1 0)"
st S-9 dropped "rank: 1"
run_prio list --json
expect_rc 0 "list --json exits 0"
expect_out "list --json is the documented schema, in backlog order" <<'X'
{"version":1,"kind":"prio.list","stories":[{"id":"S-42","title":"Pay \"offline\" \\ in low-connectivity areas","status":"ready","rank":"03.50","score":3.2,"position":1,"path":"backlog/stories/S-42-pay-offline.md","owner":"ada","goal":"G-2","labels":["payments","africa"],"depends_on":["S-7"],"criteria":{"total":3,"met":1}},{"id":"S-7","title":"Story S-7","status":"draft","rank":null,"score":1.5,"position":2,"path":"backlog/stories/S-7.md","owner":null,"goal":null,"labels":[],"depends_on":[],"criteria":{"total":1,"met":1}},{"id":"S-8","title":"Story S-8","status":"ready","rank":null,"score":null,"position":3,"path":"backlog/stories/S-8.md","owner":null,"goal":null,"labels":[],"depends_on":[],"criteria":{"total":1,"met":1}}]}
X
json_ok "list --json parses as JSON"

run_prio list --json --all
expect_out "list --json --all gives terminal stories a null position" <<'X'
{"version":1,"kind":"prio.list","stories":[{"id":"S-42","title":"Pay \"offline\" \\ in low-connectivity areas","status":"ready","rank":"03.50","score":3.2,"position":1,"path":"backlog/stories/S-42-pay-offline.md","owner":"ada","goal":"G-2","labels":["payments","africa"],"depends_on":["S-7"],"criteria":{"total":3,"met":1}},{"id":"S-7","title":"Story S-7","status":"draft","rank":null,"score":1.5,"position":2,"path":"backlog/stories/S-7.md","owner":null,"goal":null,"labels":[],"depends_on":[],"criteria":{"total":1,"met":1}},{"id":"S-8","title":"Story S-8","status":"ready","rank":null,"score":null,"position":3,"path":"backlog/stories/S-8.md","owner":null,"goal":null,"labels":[],"depends_on":[],"criteria":{"total":1,"met":1}},{"id":"S-9","title":"Story S-9","status":"dropped","rank":"1","score":null,"position":null,"path":"backlog/stories/S-9.md","owner":null,"goal":null,"labels":[],"depends_on":[],"criteria":{"total":1,"met":1}}]}
X
json_ok "list --json --all parses as JSON"

run_prio list --format json --status draft
expect_rc 0 "--format json exits 0"
expect_out "--format json is --json, filters apply" <<'X'
{"version":1,"kind":"prio.list","stories":[{"id":"S-7","title":"Story S-7","status":"draft","rank":null,"score":1.5,"position":2,"path":"backlog/stories/S-7.md","owner":null,"goal":null,"labels":[],"depends_on":[],"criteria":{"total":1,"met":1}}]}
X

run_prio list --json --owner nobody
expect_out "list --json with nothing selected is an empty array" <<'X'
{"version":1,"kind":"prio.list","stories":[]}
X
json_ok "the empty list parses as JSON"

run_prio list --format text
expect_rc 0 "--format text exits 0"
expect_out "--format text is the table" <<'X'
#  ID    STATUS  SCORE  TITLE
1  S-42  ready    3.20  Pay "offline" \ in low-connectivity areas
2  S-7   draft    1.50  Story S-7
3  S-8   ready       -  Story S-8
X

run_prio list --format xml
expect_rc 2 "an unknown --format is a usage error"
expect_err "an unknown --format says which exist" <<'X'
prio: unknown format 'xml'; use text, json or csv
usage: prio list [--status <s>]... [--role <r>]... [--label <l>] [--owner <o>] [--all] [--json | --format <f>] [--rev <rev>]
X

# A title with a control character: the table shows '?', JSON escapes it.
printf -- '---\nid: S-10\ntitle: "Bell\\a and \\e[31mred\\e[0m"\nstatus: draft\n---\n' \
    >backlog/stories/S-10.md
run_prio list --status draft
expect_out "the table shows control characters as '?'" <<'X'
#  ID    STATUS  SCORE  TITLE
2  S-7   draft    1.50  Story S-7
4  S-10  draft       -  Bell? and ?[31mred?[0m
X
run_prio list --json --status draft
expect_out "JSON escapes control characters" <<'X'
{"version":1,"kind":"prio.list","stories":[{"id":"S-7","title":"Story S-7","status":"draft","rank":null,"score":1.5,"position":2,"path":"backlog/stories/S-7.md","owner":null,"goal":null,"labels":[],"depends_on":[],"criteria":{"total":1,"met":1}},{"id":"S-10","title":"Bell\u0007 and \u001b[31mred\u001b[0m","status":"draft","rank":null,"score":null,"position":4,"path":"backlog/stories/S-10.md","owner":null,"goal":null,"labels":[],"depends_on":[],"criteria":{"total":0,"met":0}}]}
X
json_ok "escaped control characters parse as JSON"

# --- Score formulas change the order of unranked stories --------------------

new_repo
st S-1 ready "$(wsjf 2 1 1 1)" "reach: 100" "impact: 1" "confidence: 0.5"
st S-2 ready "$(wsjf 9 1 1 3)" "reach: 10" "impact: 2" "confidence: 1"
st S-3 ready "$(wsjf 1 8 8 3)" "reach: 1000" "impact: 3" "confidence: 0.1"
run_prio list
expect_out "the default score (wsjf) orders unranked stories" <<'X'
#  ID   STATUS  SCORE  TITLE
1  S-3  ready    5.67  Story S-3
2  S-1  ready    4.00  Story S-1
3  S-2  ready    3.67  Story S-2
X
echo 'score: value / effort' >backlog/prio.yml
run_prio list
expect_rc 0 "a custom formula lists fine"
expect_out "a custom formula (value / effort) changes the order" <<'X'
#  ID   STATUS  SCORE  TITLE
1  S-2  ready    3.00  Story S-2
2  S-1  ready    2.00  Story S-1
3  S-3  ready    0.33  Story S-3
X
echo 'score: rice' >backlog/prio.yml
run_prio list
expect_out "the rice preset (reach * impact * confidence / effort) changes the order" <<'X'
#  ID   STATUS   SCORE  TITLE
1  S-3  ready   100.00  Story S-3
2  S-1  ready    50.00  Story S-1
3  S-2  ready     6.67  Story S-2
X
run_prio list --json
expect_out "list --json carries the preset's scores in plain notation" <<'X'
{"version":1,"kind":"prio.list","stories":[{"id":"S-3","title":"Story S-3","status":"ready","rank":null,"score":100,"position":1,"path":"backlog/stories/S-3.md","owner":null,"goal":null,"labels":[],"depends_on":[],"criteria":{"total":1,"met":1}},{"id":"S-1","title":"Story S-1","status":"ready","rank":null,"score":50,"position":2,"path":"backlog/stories/S-1.md","owner":null,"goal":null,"labels":[],"depends_on":[],"criteria":{"total":1,"met":1}},{"id":"S-2","title":"Story S-2","status":"ready","rank":null,"score":6.666666666666667,"position":3,"path":"backlog/stories/S-2.md","owner":null,"goal":null,"labels":[],"depends_on":[],"criteria":{"total":1,"met":1}}]}
X
json_ok "scores such as 100 parse as JSON"
printf 'score: (value +\n' >backlog/prio.yml
run_prio list
expect_rc 2 "a bad formula is a config error"
expect_err "a bad formula is reported with line and column" <<'X'
backlog/prio.yml:1:16: error: score formula: expected a number, a field name or '(' but found the end of the formula
prio: the backlog's config is wrong; fix backlog/prio.yml
X
expect_out "a config error prints no table" </dev/null

# --- Broken files are left out, and stderr says so --------------------------

new_repo
st S-1 ready "rank: 1"
st S-2 ready "rank: 2"
printf 'no front matter here\n' >backlog/stories/S-3.md
run_prio list
expect_rc 0 "a broken story does not fail list"
expect_out "a broken story is left out of list" <<'X'
#  ID   STATUS  SCORE  TITLE
1  S-1  ready       -  Story S-1
2  S-2  ready       -  Story S-2
X
expect_err "stderr points at prio check" <<'X'
prio: the backlog has 1 error; run 'prio check' to see it
X
printf -- '---\nid: S-4\ntitle: [unterminated\n---\n' >backlog/stories/S-4.md
run_prio list --all
expect_out "a story with broken YAML is left out, even with --all" <<'X'
#  ID   STATUS  SCORE  TITLE
1  S-1  ready       -  Story S-1
2  S-2  ready       -  Story S-2
X
expect_err "two errors are counted" <<'X'
prio: the backlog has 2 errors; run 'prio check' to see them
X
run_prio list --json
expect_out "list --json leaves broken stories out too" <<'X'
{"version":1,"kind":"prio.list","stories":[{"id":"S-1","title":"Story S-1","status":"ready","rank":"1","score":null,"position":1,"path":"backlog/stories/S-1.md","owner":null,"goal":null,"labels":[],"depends_on":[],"criteria":{"total":1,"met":1}},{"id":"S-2","title":"Story S-2","status":"ready","rank":"2","score":null,"position":2,"path":"backlog/stories/S-2.md","owner":null,"goal":null,"labels":[],"depends_on":[],"criteria":{"total":1,"met":1}}]}
X
expect_err "list --json also says so on stderr" <<'X'
prio: the backlog has 2 errors; run 'prio check' to see them
X

# --- Usage errors -----------------------------------------------------------

usage='usage: prio list [--status <s>]... [--role <r>]... [--label <l>] [--owner <o>] [--all] [--json | --format <f>] [--rev <rev>]'
run_prio list --bogus
expect_rc 2 "an unknown option exits 2"
expect_err "an unknown option is named, with the usage" <<X
prio: unknown option '--bogus'
$usage
X
run_prio list -x
expect_rc 2 "an unknown short option exits 2"
expect_err "an unknown short option is named" <<X
prio: unknown option '-x'
$usage
X
run_prio list --status
expect_rc 2 "an option without its value exits 2"
expect_err "a missing value is named" <<X
prio: option '--status' needs a value
$usage
X
run_prio list --all=yes
expect_rc 2 "a value for a flag exits 2"
expect_err "a value for a flag is named" <<X
prio: option '--all' takes no value
$usage
X
run_prio list S-1
expect_rc 2 "an argument exits 2"
expect_err "an unexpected argument is named" <<X
prio: unexpected argument 'S-1'
$usage
X
expect_out "usage errors print nothing on stdout" </dev/null

# A folder of over a thousand entries is examined on two threads: every
# story is found, and the odd entries are still reported, the same with
# and without the cache.
# listed <lines> <second line> <last line or ""> <what>: what prio list
# printed.  errors <stories> <count> <what>: prio check's error lines
# for the files S-<stories>.md.
listed() {
	run_prio list
	[ "$(wc -l <"$TEST_ROOT/out")" -eq "$1" ] &&
	    [ "$(sed -n 2p "$TEST_ROOT/out")" = "$2" ] &&
	    { [ -z "$3" ] || [ "$(sed -n "$1p" "$TEST_ROOT/out")" = "$3" ]; } &&
	    ok "$4" ||
	    { not_ok "$4"; sed -n "1,3p;$1p" "$TEST_ROOT/out" | sed 's/^/#   /'; }
}
errors() {
	run_prio check
	grep -c "S-$1.md:1:1: error" "$TEST_ROOT/out" >"$TEST_ROOT/n"
	[ "$(cat "$TEST_ROOT/n")" = "$2" ] && ok "$3" ||
	    { not_ok "$3"; sed 's/^/#   /' "$TEST_ROOT/out"; }
}
new_repo
awk 'BEGIN { for (i = 1; i <= 1500; i++) {
	f = sprintf("backlog/stories/S-%d.md", i)
	printf "---\nid: S-%d\ntitle: Story %d\nstatus: draft\nrank: %d\n---\n", i, i, i > f
	close(f) } }'
mkdir backlog/stories/S-2000.md
ln -s /etc/passwd backlog/stories/S-2001.md
echo "not a story" >backlog/stories/notes.txt
listed 1501 "   1  S-1     draft       -  Story 1" \
    "1500  S-1500  draft       -  Story 1500" "every story is listed, in order"
expect_rc 0 "1,500 stories in one folder: exit 0"
errors "200[01]" 2 "the folder named like a story and the link out are reported"
cp "$TEST_ROOT/out" "$TEST_ROOT/first"
PRIO_NO_CACHE=1 run_prio check
cmp -s "$TEST_ROOT/out" "$TEST_ROOT/first" &&
    ok "the same without the cache" || not_ok "the same without the cache"
# A folder inside the large one is read after it, and a FIFO in it is
# reported, as in a small one.
mkdir backlog/stories/team
printf -- '---\nid: S-3000\ntitle: Nested\nstatus: draft\nrank: 0\n---\n' \
    >backlog/stories/team/S-3000.md
mkfifo backlog/stories/S-2002.md
listed 1502 "   1  S-3000  draft       -  Nested" "" \
    "a story in a folder inside the large one is listed"
errors "200[012]" 3 "the FIFO is reported too"

done_testing
