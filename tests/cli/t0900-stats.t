#!/bin/sh
# prio stats: a scripted history with fixed committer dates whose
# figures are worked out by hand below — cycle, lead and approval times
# (median, p85 by nearest rank, mean), ISO-week throughput, health,
# goals — in JSON and text; --since, --rev, a rename, a merged branch,
# a rejection, and errors.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/stats-history.sh"

# --- Errors before there is history ----------------------------------------

new_repo
run_prio stats
expect_rc 2 "stats before the first commit exits 2"
expect_err "stats before the first commit says what to do" <<'X'
prio: the current branch has no commits yet, so there is no history to read; commit the backlog first
X
run_prio stats --since 2026-02-30
expect_rc 2 "a date that does not exist is a usage error"
expect_err "a bad --since says how to write a date" <<'X'
prio: '2026-02-30' is not a date; write it as YYYY-MM-DD
usage: prio stats [--since <date>] [--json] [--rev <rev>]
X
run_prio stats extra
expect_rc 2 "an argument is a usage error"

# --- The history -----------------------------------------------------------
#
# S-6  draft, added 2025-09-01 and never changed again: stale.
# S-1  added 01-05, in-progress 01-06, done 01-08, accepted 01-09:
#      cycle 2, lead 4, approval 1 (days); renamed on 01-10 (same story).
# S-2  added 01-05, in-progress 01-07 00:00, done 01-12, accepted 01-14:
#      cycle 5.5, lead 9, approval 2.
# S-3  draft 01-05, ready 01-06, in-progress 01-12, done 01-13 (cycle 1),
#      rejected to in-progress 01-14, done again 01-15: the first counts.
# S-4  added 01-12 ready; in-progress 01-13 on a branch merged 01-14;
#      done 01-16 18:00 (cycle 3.25), accepted 01-19 (lead 7, approval
#      2.75).
# S-5  ready 01-05 with rank 1, no criteria and no effort.
# S-7  ready 01-20 with rank 1 (a tie with S-5), with a change to
#      prio.yml: HEAD.
#
# cycle [1, 2, 3.25, 5.5]: median 2.625 -> 2.6, p85 the 4th (ceil 3.4)
#   5.5, mean 2.9375 -> 2.9.  lead [4, 7, 9]: median 7, p85 the 3rd 9,
#   mean 6.67 -> 6.7.  approval [1, 2, 2.75]: 2, 2.75 -> 2.8, 1.92 -> 1.9.
# Throughput: W02 S-1 (3), W03 S-2 (5), W04 S-4 (2).  Pace: 10 / 6 a
# week; ready effort 1 (S-7) -> 0.6 weeks.  Open in order: S-5, S-7,
# S-3 (rank 3), S-6 (rank 5): G-2, G-10, G-1, none -> a quarter each.

make_history

NOTE="prio: the backlog has 1 error; run 'prio check --rev HEAD' to see it"

run_prio stats --json
expect_rc 0 "stats --json exits 0"
expect_out "stats --json gives the figures worked out by hand" <<'X'
{"version":1,"kind":"prio.stats","cycle_time_days":{"count":4,"median":2.6,"p85":5.5,"mean":2.9},"lead_time_days":{"count":3,"median":7,"p85":9,"mean":6.7},"approval_time_days":{"count":3,"median":2,"p85":2.8,"mean":1.9},"throughput":[{"week":"2026-W02","accepted":1,"effort":3},{"week":"2026-W03","accepted":1,"effort":5},{"week":"2026-W04","accepted":1,"effort":2}],"health":{"open":4,"ready":2,"ready_without_criteria":1,"unestimated":1,"stale":1,"rank_ties":1,"ready_weeks":0.6},"goals":[{"goal":"G-1","open_effort":8,"accepted_effort":3,"top20_share":0.25},{"goal":"G-2","open_effort":0,"accepted_effort":5,"top20_share":0.25},{"goal":"G-10","open_effort":1,"accepted_effort":0,"top20_share":0.25}]}
X
expect_err "stats notes the backlog's error (S-5 lacks criteria)" <<X
$NOTE
X
json_ok "stats --json is JSON"

HEAD7=$(git rev-parse --short=7 HEAD)
run_prio stats
expect_rc 0 "stats exits 0"
expect_out "stats prints a summary with an ASCII sparkline in the C locale" <<X
Figures from the history of HEAD ($HEAD7, 2026-01-20)

cycle time     4 stories, median 2.6 days, p85 5.5, mean 2.9
lead time      3 stories, median 7.0 days, p85 9.0, mean 6.7
approval time  3 stories, median 2.0 days, p85 2.8, mean 1.9
throughput     ###  2026-W02..2026-W04: 3 stories accepted, effort 10
health         4 open, 2 ready (1 without criteria), 1 unestimated,
               1 stale (unchanged for 90 days), 1 rank tie
ready work     0.6 weeks at the pace of the last 6 weeks
goals          G-1   open effort 8, accepted 3, 25% of the top 20
               G-2   open effort 0, accepted 5, 25% of the top 20
               G-10  open effort 1, accepted 0, 25% of the top 20
X

# --- --since: only work that ended on or after the day ------------------------
# cycle [1 (S-3), 3.25, 5.5]: median 3.25 -> 3.3, p85 the 3rd 5.5, mean
# 3.25 -> 3.3; lead [7, 9]: 8, 9, 8; approval [2, 2.75]: 2.375 -> 2.4,
# 2.8, 2.4.  Throughput from the since day's week.
run_prio stats --json --since 2026-01-12
expect_rc 0 "stats --since exits 0"
expect_out "stats --since counts work that ended on or after the day" <<'X'
{"version":1,"kind":"prio.stats","cycle_time_days":{"count":3,"median":3.3,"p85":5.5,"mean":3.3},"lead_time_days":{"count":2,"median":8,"p85":9,"mean":8},"approval_time_days":{"count":2,"median":2.4,"p85":2.8,"mean":2.4},"throughput":[{"week":"2026-W03","accepted":1,"effort":5},{"week":"2026-W04","accepted":1,"effort":2}],"health":{"open":4,"ready":2,"ready_without_criteria":1,"unestimated":1,"stale":1,"rank_ties":1,"ready_weeks":0.6},"goals":[{"goal":"G-1","open_effort":8,"accepted_effort":0,"top20_share":0.25},{"goal":"G-2","open_effort":0,"accepted_effort":5,"top20_share":0.25},{"goal":"G-10","open_effort":1,"accepted_effort":0,"top20_share":0.25}]}
X

# --- --rev: the figures as they were ------------------------------------------
# At w02 (01-09): S-1 only is finished; S-2 is in progress.  Open: S-5,
# S-3, S-6 (ranks 1, 3, 5), then S-2 (unranked).  Ready: S-3 (8) and
# S-5; the pace is S-1's 3 over 6 weeks: 8 / 0.5 = 16 weeks.
run_prio stats --json --rev w02
expect_rc 0 "stats --rev exits 0"
expect_out "stats --rev reads the history of that commit" <<'X'
{"version":1,"kind":"prio.stats","cycle_time_days":{"count":1,"median":2,"p85":2,"mean":2},"lead_time_days":{"count":1,"median":4,"p85":4,"mean":4},"approval_time_days":{"count":1,"median":1,"p85":1,"mean":1},"throughput":[{"week":"2026-W02","accepted":1,"effort":3}],"health":{"open":4,"ready":2,"ready_without_criteria":1,"unestimated":1,"stale":1,"rank_ties":0,"ready_weeks":16},"goals":[{"goal":"G-1","open_effort":8,"accepted_effort":3,"top20_share":0.25},{"goal":"G-2","open_effort":5,"accepted_effort":0,"top20_share":0.5}]}
X
expect_err "stats --rev notes the errors of that commit" <<'X'
prio: the backlog has 1 error; run 'prio check --rev w02' to see it
X

run_prio stats --rev nosuch
expect_rc 2 "stats --rev with an unknown revision exits 2"

# --- UTF-8 sparklines, and nothing accepted ------------------------------------
LC_ALL=C.UTF-8 run_prio stats
expect_grep '^throughput     ███  2026-W02' "a UTF-8 locale gets block sparklines"

new_repo
at 2026-01-05
st S-1 in-progress "effort: 2"
commit "S-1"
run_prio stats --json
expect_out "a history with nothing finished has counts of 0 and nulls" <<'X'
{"version":1,"kind":"prio.stats","cycle_time_days":{"count":0,"median":null,"p85":null,"mean":null},"lead_time_days":{"count":0,"median":null,"p85":null,"mean":null},"approval_time_days":{"count":0,"median":null,"p85":null,"mean":null},"throughput":[],"health":{"open":1,"ready":0,"ready_without_criteria":0,"unestimated":0,"stale":0,"rank_ties":0,"ready_weeks":null},"goals":[]}
X
run_prio stats
expect_out "the text form says what has no figures yet" <<X
Figures from the history of HEAD ($(git rev-parse --short=7 HEAD), 2026-01-05)

cycle time     no stories yet
lead time      no stories yet
approval time  no stories yet
throughput     nothing accepted yet
health         1 open, 0 ready (0 without criteria), 0 unestimated,
               0 stale (unchanged for 90 days), 0 rank ties
ready work     no pace: nothing accepted in the last 6 weeks
X

# A commit dated in the year 5138 does not make 162,000 weeks: the
# weeks end at the last 520.
st S-2 accepted "effort: 2"
commit "S-2"
echo "More text." >>backlog/stories/S-1.md
GIT_COMMITTER_DATE="@99999999999 +0000" GIT_AUTHOR_DATE="@99999999999 +0000" \
    commit "from the future"
run_prio stats --json
expect_rc 0 "stats on a history dated in the year 5138 exits 0"
printf '%s\n' "$OUT" | grep -o '"week":"[^"]*"' | sed -n '1p;$p' \
    >"$TEST_ROOT/out"
printf '%s\n' "$OUT" | grep -o '"week"' | wc -l | tr -d ' ' >>"$TEST_ROOT/out"
expect_out "the throughput holds the last 520 weeks" <<'X'
"week":"5128-W49"
"week":"5138-W46"
520
X

done_testing
