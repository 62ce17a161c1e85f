#!/bin/sh
# prio board: one column per open status, stories in backlog order, cut
# to fit $COLUMNS, the terminal, or 100 columns; "+N more" past the rows.
. "$(dirname "$0")/lib.sh"

# board_story ID STATUS RANK [TITLE]
board_story() {
	printf -- '---\nid: %s\ntitle: %s\nstatus: %s\nrank: %s\n---\nBody.\n\n## Acceptance criteria\n\n- [ ] Works.\n' \
	    "$1" "${4:-Story $1}" "$2" "$3" >"backlog/stories/$1.md"
}

new_repo
board_story S-1 ready 3 "Pay offline in low-connectivity areas"
board_story S-2 ready 1 "Héllo wörld – ünïcode titles are cut by characters"
board_story S-3 in-progress 2 "'Export, \"quoted\": yes'"
board_story S-4 draft 4 "Tabs	and more"
board_story S-5 done 5 "Done but not accepted"
board_story S-6 dropped 6 "Terminal stories stay off the board"
board_story S-7 dropped 7 "So do dropped ones"
board_story S-8 ready 8
commit_all "backlog"
unset COLUMNS LINES

run_prio board
expect_rc 0 "board exits 0"
expect_out "not a terminal: 100 columns, one column per open status" <<'X'
draft (1)                ready (3)                in-progress (1)          done (1)
-----------------------  -----------------------  -----------------------  -----------------------
S-4 Tabs and more        S-2 Héllo wörld – ünïc…  S-3 Export, "quoted": …  S-5 Done but not accep…
                         S-1 Pay offline in low…
                         S-8 Story S-8
X
expect_err "board writes nothing on stderr" </dev/null

COLUMNS=40 run_prio board
expect_out "COLUMNS=40: narrow columns, statuses cut before their counts" <<'X'
dra… (1)  rea… (3)  in-… (1)  done (1)
--------  --------  --------  --------
S-4 Tab…  S-2 Hél…  S-3 Exp…  S-5 Don…
          S-1 Pay…
          S-8 Sto…
X

COLUMNS=200 run_prio board
expect_out "COLUMNS=200: whole titles" <<'X'
draft (1)                                         ready (3)                                         in-progress (1)                                   done (1)
------------------------------------------------  ------------------------------------------------  ------------------------------------------------  ------------------------------------------------
S-4 Tabs and more                                 S-2 Héllo wörld – ünïcode titles are cut by cha…  S-3 Export, "quoted": yes                         S-5 Done but not accepted
                                                  S-1 Pay offline in low-connectivity areas
                                                  S-8 Story S-8
X

COLUMNS=100 run_prio board -n 1
expect_out "-n 1: one story a column, then how many more" <<'X'
draft (1)                ready (3)                in-progress (1)          done (1)
-----------------------  -----------------------  -----------------------  -----------------------
S-4 Tabs and more        S-2 Héllo wörld – ünïc…  S-3 Export, "quoted": …  S-5 Done but not accep…
                         +2 more
X

COLUMNS=100 run_prio board --rows 0
expect_out "--rows 0 shows every story" <<'X'
draft (1)                ready (3)                in-progress (1)          done (1)
-----------------------  -----------------------  -----------------------  -----------------------
S-4 Tabs and more        S-2 Héllo wörld – ünïc…  S-3 Export, "quoted": …  S-5 Done but not accep…
                         S-1 Pay offline in low…
                         S-8 Story S-8
X

# Eleven ready stories: ten shown by default, then "+1 more".
for n in 10 11 12 13 14 15 16 17 18; do
	board_story "S-$n" ready "$n"
done
COLUMNS=60 run_prio board
expect_out "ten stories a column when not on a terminal, then +N more" <<'X'
draft (1)      ready (12)     in-progr… (1)  done (1)
-------------  -------------  -------------  -------------
S-4 Tabs and…  S-2 Héllo wö…  S-3 Export, …  S-5 Done but…
               S-1 Pay offl…
               S-8 Story S-8
               S-10 Story S…
               S-11 Story S…
               S-12 Story S…
               S-13 Story S…
               S-14 Story S…
               S-15 Story S…
               S-16 Story S…
               +2 more
X

# --rev: the board as it was.
COLUMNS=60 run_prio board --rev HEAD
expect_out "board --rev shows the committed backlog" <<'X'
draft (1)      ready (3)      in-progr… (1)  done (1)
-------------  -------------  -------------  -------------
S-4 Tabs and…  S-2 Héllo wö…  S-3 Export, …  S-5 Done but…
               S-1 Pay offl…
               S-8 Story S-8
X

# A config's own statuses make the columns; terminal ones are left out.
printf 'statuses: [todo, doing, review, shipped]\nterminal: [shipped]\ncriteria-from: doing\n' \
    >backlog/prio.yml
rm backlog/stories/*.md
board_story S-1 doing 1
board_story S-2 todo 2
board_story S-3 shipped 3
COLUMNS=50 run_prio board
expect_out "the config's open statuses are the columns" <<'X'
todo (1)         doing (1)        review (0)
---------------  ---------------  ---------------
S-2 Story S-2    S-1 Story S-1
X

# On a terminal: its width and height (COLUMNS unset).
if command -v script >/dev/null 2>&1; then
	for n in 2 3 4 5 6 7 8 9 10 11 12; do
		board_story "S-1$n" todo "1$n"
	done
	script -qec "stty cols 44 rows 10; PRIO_PAGER=cat $PRIO board" \
	    /dev/null </dev/null >"$TEST_ROOT/out" 2>&1
	tr -d '\r' <"$TEST_ROOT/out" >"$TEST_ROOT/out.clean"
	mv "$TEST_ROOT/out.clean" "$TEST_ROOT/out"
	expect_out "a terminal: its width, and its height less 4 rows" <<'X'
todo (12)      doing (1)      review (0)
-------------  -------------  -------------
S-2 Story S-2  S-1 Story S-1
S-12 Story S…
S-13 Story S…
S-14 Story S…
S-15 Story S…
S-16 Story S…
+6 more
X
else
	not_ok "board on a terminal: script(1) is needed for a pseudo-terminal"
fi

COLUMNS=abc run_prio board -n 1
expect_out "a COLUMNS that is not a number is ignored (100 columns)" <<'X'
todo (12)                         doing (1)                         review (0)
--------------------------------  --------------------------------  --------------------------------
S-2 Story S-2                     S-1 Story S-1
+11 more
X

printf 'statuses: [open, shut]\nterminal: [open, shut]\ncriteria-from: open\n' \
    >backlog/prio.yml
run_prio board
expect_rc 2 "a config with no open status is exit 2"
expect_err "a config with no open status: no column to show" <<'X'
prio: every status of the config is terminal, so the board has no column; list the open ones in backlog/prio.yml
X
: >backlog/prio.yml

run_prio board -n x
expect_rc 2 "a bad --rows is a usage error"
expect_err "a bad --rows says what to give" <<'X'
prio: --rows 'x' is not a number of rows; give 1 or more, or 0 for all
usage: prio board [-n <rows>] [--rev <rev>]
X
run_prio board extra
expect_rc 2 "an extra argument is a usage error"
run_prio board --help
expect_rc 0 "board --help exits 0"

done_testing
