# tests/cli/stats-history.sh — the scripted history of t0900-stats.t,
# shared by the report tests (sourced after lib.sh).  make_history
# builds it in a new repository; its figures are worked out by hand in
# t0900-stats.t.

# st ID STATUS [LINE...]: a story whose one criterion is met; each LINE
# is an extra front-matter line ("effort: 3").
st() {
	_id=$1 _status=$2
	shift 2
	{
		printf -- '---\nid: %s\ntitle: Story %s\nstatus: %s\n' \
		    "$_id" "$_id" "$_status"
		for _l; do printf '%s\n' "$_l"; done
		printf -- '---\nBody of %s.\n\n## Acceptance criteria\n\n' "$_id"
		printf -- '- [x] It works.\n'
	} >"backlog/stories/$_id.md"
}

# status PATH STATUS: a hand edit of the status line.
status() {
	sed "s/^status: .*/status: $2/" "backlog/stories/$1" >"$TEST_ROOT/s" &&
	    cat "$TEST_ROOT/s" >"backlog/stories/$1"
}

# at DAY [HH:MM]: the next commits' author and committer dates (UTC).
at() {
	GIT_AUTHOR_DATE="$1T${2:-12:00}:00+00:00"
	GIT_COMMITTER_DATE=$GIT_AUTHOR_DATE
	export GIT_AUTHOR_DATE GIT_COMMITTER_DATE
}

commit() {
	git add -A && git commit -qm "$1"
}

make_history() {
	new_repo
	at 2025-09-01
	st S-6 draft "rank: 5" "effort: 1"
	commit "S-6"
	at 2026-01-05
	st S-1 ready "effort: 3" "goal: G-1"
	st S-2 ready "effort: 5" "goal: G-2"
	st S-3 draft "rank: 3" "effort: 8" "goal: G-1"
	cat >backlog/stories/S-5.md <<-'X'
	---
	id: S-5
	title: Story S-5
	status: ready
	rank: 1
	goal: G-2
	---
	No criteria yet.
	X
	commit "S-1, S-2, S-3, S-5"
	at 2026-01-06
	status S-1.md in-progress
	status S-3.md ready
	commit "start S-1"
	at 2026-01-07 00:00
	status S-2.md in-progress
	commit "start S-2"
	at 2026-01-08
	status S-1.md done
	commit "S-1 done"
	at 2026-01-09
	status S-1.md accepted
	commit "accept S-1"
	git tag w02
	at 2026-01-10
	git mv backlog/stories/S-1.md backlog/stories/S-1-pay.md
	commit "rename S-1"
	at 2026-01-12
	status S-2.md done
	status S-3.md in-progress
	st S-4 ready "effort: 2"
	commit "S-2 done, start S-3, add S-4"
	git checkout -q -b work
	at 2026-01-13
	status S-4.md in-progress
	commit "start S-4 on a branch"
	git checkout -q main
	at 2026-01-13
	status S-3.md done
	commit "S-3 done"
	at 2026-01-14
	git merge -q --no-ff -m "merge work" work
	status S-2.md accepted
	status S-3.md in-progress
	commit "accept S-2, reject S-3"
	at 2026-01-15
	status S-3.md done
	commit "S-3 done again"
	at 2026-01-16 18:00
	status S-4.md done
	commit "S-4 done"
	at 2026-01-19
	status S-4.md accepted
	commit "accept S-4"
	at 2026-01-20
	st S-7 ready "rank: 1" "effort: 1" "goal: G-10"
# A config change re-reads every story: S-6's file is still unchanged.
	echo "# The default workflow." >backlog/prio.yml
	commit "add S-7"
}
