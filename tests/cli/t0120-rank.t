#!/bin/sh
# prio rank: the current order with ranks and scores, the order scores
# propose (--by score) with each story's move, and their --json.
. "$(dirname "$0")/lib.sh"

# st ID STATUS [LINE...]: a story titled "Story ID" whose one criterion is
# met; each LINE is an extra front-matter line such as "rank: 3".
st() {
	_id=$1 _status=$2
	shift 2
	{
		printf -- '---\nid: %s\ntitle: Story %s\nstatus: %s\n' \
		    "$_id" "$_id" "$_status"
		for _l; do printf '%s\n' "$_l"; done
		printf -- '---\nBody.\n\n## Acceptance criteria\n\n- [x] Works.\n'
	} >"backlog/stories/$_id.md"
}

# wsjf V U R E: the default score's inputs as front-matter lines.
wsjf() {
	printf 'value: %s\nurgency: %s\nrisk: %s\neffort: %s' "$1" "$2" "$3" "$4"
}

new_repo
run_prio rank
expect_rc 0 "rank of an empty backlog exits 0"
expect_out "rank of an empty backlog shows the header" <<'X'
#  ID  RANK  SCORE  TITLE
X
run_prio rank --by score --json
expect_out "rank --by score --json of an empty backlog" <<'X'
{"version":1,"kind":"prio.rank","stories":[]}
X

# Ten open stories whose ranks and scores disagree, and a terminal one.
st S-1 ready "rank: 1" "$(wsjf 1 1 1 1)"
st S-2 ready "rank: 2" "$(wsjf 8 8 8 2)"
st S-3 draft "rank: 2.50"
st S-4 ready "rank: 3" "$(wsjf 2 2 2 3)"
st S-5 ready "rank: 10" "$(wsjf 9 9 9 1)"
st S-6 in-progress "rank: 4" "$(wsjf 3 3 3 1)"
st S-7 ready "$(wsjf 5 3 2 5)"
st S-8 ready "$(wsjf 11 11 11 3)"
st S-9 draft
st S-10 ready "$(wsjf 3 3 3 1)"
st S-11 accepted "rank: 0.1" "$(wsjf 9 9 9 1)"
sed 's/^title: Story S-7$/title: Café ☕ at the till/' backlog/stories/S-7.md \
    >"$TEST_ROOT/s7" && mv "$TEST_ROOT/s7" backlog/stories/S-7.md

run_prio rank
expect_rc 0 "rank exits 0"
expect_out "rank shows position, ID, rank as written, score and title" <<'X'
 #  ID    RANK  SCORE  TITLE
 1  S-1   1      3.00  Story S-1
 2  S-2   2     12.00  Story S-2
 3  S-3   2.50      -  Story S-3
 4  S-4   3      2.00  Story S-4
 5  S-6   4      9.00  Story S-6
 6  S-5   10    27.00  Story S-5
 7  S-8   -     11.00  Story S-8
 8  S-10  -      9.00  Story S-10
 9  S-7   -      2.00  Café ☕ at the till
10  S-9   -         -  Story S-9
X
expect_err "rank is quiet on stderr" </dev/null

run_prio rank --by score
expect_rc 0 "rank --by score exits 0"
expect_out "rank --by score: the proposed order and each story's move" <<'X'
 #  ID    SCORE  MOVE       TITLE
 1  S-5   27.00  #6 → #1    Story S-5
 2  S-2   12.00  =          Story S-2
 3  S-8   11.00  #7 → #3    Story S-8
 4  S-6    9.00  #5 → #4    Story S-6
 5  S-10   9.00  #8 → #5    Story S-10
 6  S-1    3.00  #1 → #6    Story S-1
 7  S-4    2.00  #4 → #7    Story S-4
 8  S-7    2.00  #9 → #8    Café ☕ at the till
 9  S-3       -  #3 → #9    Story S-3
10  S-9       -  =          Story S-9
X

run_prio rank --json
expect_rc 0 "rank --json exits 0"
expect_out "rank --json: backlog order, with the position each would get" <<'X'
{"version":1,"kind":"prio.rank","stories":[{"id":"S-1","title":"Story S-1","rank":"1","score":3,"position":1,"proposed_position":6},{"id":"S-2","title":"Story S-2","rank":"2","score":12,"position":2,"proposed_position":2},{"id":"S-3","title":"Story S-3","rank":"2.50","score":null,"position":3,"proposed_position":9},{"id":"S-4","title":"Story S-4","rank":"3","score":2,"position":4,"proposed_position":7},{"id":"S-6","title":"Story S-6","rank":"4","score":9,"position":5,"proposed_position":4},{"id":"S-5","title":"Story S-5","rank":"10","score":27,"position":6,"proposed_position":1},{"id":"S-8","title":"Story S-8","rank":null,"score":11,"position":7,"proposed_position":3},{"id":"S-10","title":"Story S-10","rank":null,"score":9,"position":8,"proposed_position":5},{"id":"S-7","title":"Café ☕ at the till","rank":null,"score":2,"position":9,"proposed_position":8},{"id":"S-9","title":"Story S-9","rank":null,"score":null,"position":10,"proposed_position":10}]}
X
json_ok "rank --json parses as JSON"

run_prio rank --by score --json
expect_rc 0 "rank --by score --json exits 0"
expect_out "rank --by score --json: the proposed order" <<'X'
{"version":1,"kind":"prio.rank","stories":[{"id":"S-5","title":"Story S-5","rank":"10","score":27,"position":6,"proposed_position":1},{"id":"S-2","title":"Story S-2","rank":"2","score":12,"position":2,"proposed_position":2},{"id":"S-8","title":"Story S-8","rank":null,"score":11,"position":7,"proposed_position":3},{"id":"S-6","title":"Story S-6","rank":"4","score":9,"position":5,"proposed_position":4},{"id":"S-10","title":"Story S-10","rank":null,"score":9,"position":8,"proposed_position":5},{"id":"S-1","title":"Story S-1","rank":"1","score":3,"position":1,"proposed_position":6},{"id":"S-4","title":"Story S-4","rank":"3","score":2,"position":4,"proposed_position":7},{"id":"S-7","title":"Café ☕ at the till","rank":null,"score":2,"position":9,"proposed_position":8},{"id":"S-3","title":"Story S-3","rank":"2.50","score":null,"position":3,"proposed_position":9},{"id":"S-9","title":"Story S-9","rank":null,"score":null,"position":10,"proposed_position":10}]}
X
json_ok "rank --by score --json parses as JSON"

run_prio rank --json --by score
expect_rc 0 "options combine in any order"

# The score column widens for large scores; a broken file is noted.
new_repo
st S-1 ready "rank: 1" "$(wsjf 300 0 0 3)"
st S-2 ready "rank: 0.000001" "$(wsjf 5 3 2 5)"
printf 'no front matter\n' >backlog/stories/S-3.md
run_prio rank
expect_rc 0 "rank with a broken file exits 0"
expect_out "long ranks and scores widen their columns" <<'X'
#  ID   RANK       SCORE  TITLE
1  S-2  0.000001    2.00  Story S-2
2  S-1  1         100.00  Story S-1
X
expect_err "rank says the backlog has an error" <<'X'
prio: the backlog has 1 error; run 'prio check' to see it
X
run_prio rank --by score
expect_out "rank --by score widens the score column too" <<'X'
#  ID    SCORE  MOVE     TITLE
1  S-1  100.00  #2 → #1  Story S-1
2  S-2    2.00  #1 → #2  Story S-2
X

# Unscored stories keep their current order after the scored ones (the
# score says nothing about them), not ID order.
new_repo
st S-5 draft "rank: 1"
st S-2 draft "rank: 2"
st S-3 ready "rank: 3" "$(wsjf 1 1 1 1)"
st S-4 ready "$(wsjf 9 9 9 1)"
st S-1 draft
run_prio rank --by score
expect_rc 0 "rank --by score with unscored stories exits 0"
expect_out "unscored stories keep their current order, after the scored" <<'X'
#  ID   SCORE  MOVE     TITLE
1  S-4  27.00  #4 → #1  Story S-4
2  S-3   3.00  #3 → #2  Story S-3
3  S-5      -  #1 → #3  Story S-5
4  S-2      -  #2 → #4  Story S-2
5  S-1      -  =        Story S-1
X
expect_err "and nothing on stderr" </dev/null

# With no scores at all, the score proposes nothing.
new_repo
st S-3 draft "rank: 1"
st S-1 draft "rank: 2"
st S-2 draft
run_prio rank --by score
expect_rc 0 "rank --by score with no scores exits 0"
expect_out "proposes no order" </dev/null
expect_err "and says why" <<'X'
prio: no open story has a score, so the score proposes no order; give stories what the score reads: (value + urgency + risk) / effort
X
run_prio rank --by score --json
expect_out "--json: every story keeps its position" <<'X'
{"version":1,"kind":"prio.rank","stories":[{"id":"S-3","title":"Story S-3","rank":"1","score":null,"position":1,"proposed_position":1},{"id":"S-1","title":"Story S-1","rank":"2","score":null,"position":2,"proposed_position":2},{"id":"S-2","title":"Story S-2","rank":null,"score":null,"position":3,"proposed_position":3}]}
X
run_prio rank
expect_out "rank without --by still lists them" <<'X'
#  ID   RANK  SCORE  TITLE
1  S-3  1         -  Story S-3
2  S-1  2         -  Story S-1
3  S-2  -         -  Story S-2
X

# --- Order of ranks that share their first bytes -----------------------------
# The sort compares a number made of a rank's first bytes before the rank
# itself (backlog.c): ranks equal in their first seven characters, one a
# prefix of another, and integer parts of 254, 256 and 300 digits (the
# number holds at most 254) are still in numeric order.

new_repo
st S-1 ready "rank: 1234567.25"
st S-2 ready "rank: 1234567.5"
st S-3 ready "rank: 1234567"
st S-4 ready "rank: 999"
st S-5 ready "rank: 1$(printf '0%.0s' $(seq 299))"
st S-6 ready "rank: $(printf '9%.0s' $(seq 256))"
st S-7 ready "rank: $(printf '8%.0s' $(seq 254))"
st S-8 ready "rank: 0.0001"
st S-9 ready "rank: 0.001"
run_prio list
expect_rc 0 "list of ranks sharing their first bytes exits 0"
expect_out "ranks sharing their first bytes are in numeric order" <<'X'
#  ID   STATUS  SCORE  TITLE
1  S-8  ready       -  Story S-8
2  S-9  ready       -  Story S-9
3  S-4  ready       -  Story S-4
4  S-3  ready       -  Story S-3
5  S-1  ready       -  Story S-1
6  S-2  ready       -  Story S-2
7  S-7  ready       -  Story S-7
8  S-6  ready       -  Story S-6
9  S-5  ready       -  Story S-5
X

# Open stories without a rank follow by score, the highest first, then
# by ID (0 * -1 is a score of 0, as 0 * 1 is), and a story without a
# score comes after every scored one.  With 70 done stories the backlog
# is large enough to be sorted by number first (src/lib/keysort.c),
# whose number for a score must agree.
new_repo
cat >backlog/prio.yml <<'X'
score: value * urgency
X
i=1
while [ $i -le 70 ]; do
	st "D-$i" done
	i=$((i + 1))
done
st S-1 ready "value: 0" "urgency: -1"
st S-2 ready "value: 0" "urgency: 1"
st S-3 ready "value: 2" "urgency: 1"
st S-4 ready "value: -1" "urgency: 1"
st S-5 ready
st S-6 ready "value: 2" "urgency: 1"
run_prio list
expect_out "by score, the highest first, then by ID; unscored last" <<'X'
#  ID   STATUS  SCORE  TITLE
1  S-3  ready    2.00  Story S-3
2  S-6  ready    2.00  Story S-6
3  S-1  ready    0.00  Story S-1
4  S-2  ready    0.00  Story S-2
5  S-4  ready   -1.00  Story S-4
6  S-5  ready       -  Story S-5
X

# --- Usage --------------------------------------------------------------------

usage='usage: prio rank [--by score] [--json] [--rev <rev>]'
run_prio rank --by foo
expect_rc 2 "--by foo exits 2"
expect_err "--by foo says what is known" <<X
prio: cannot rank by 'foo'; only --by score is known
$usage
X
expect_out "--by foo prints nothing" </dev/null
run_prio rank --by
expect_rc 2 "--by without a value exits 2"
expect_err "--by without a value is named" <<X
prio: option '--by' needs a value
$usage
X
run_prio rank --bogus
expect_rc 2 "an unknown option exits 2"
expect_err "an unknown option is named" <<X
prio: unknown option '--bogus'
$usage
X
run_prio rank score
expect_rc 2 "an argument exits 2"
expect_err "an unexpected argument is named" <<X
prio: unexpected argument 'score'
$usage
X

done_testing
