# bench/work.sh — sourced by move.sh, hook.sh and move-hooks.sh: a working
# copy of the committed backlog run.sh made, medians of alternating runs,
# and instruction counts.
#
# work_copy <size> <name>: copies $out/<size> to $out/<name>-<size> and
# cds there, as a working repository would be: packed (the generated
# history is one commit of loose objects, which would make every `git
# commit` start an automatic gc), its files a moment old (brand-new files
# are "racily clean" to both tools: git re-hashes them, prio re-parses
# them), git's index refreshed and prio's cache filled.
work_copy() {
	src=$out/$1
	if [ ! -d "$src/.git" ]; then
		BENCH_SIZES=$1 BENCH_RUNS=1 sh "$here/run.sh" >/dev/null
	fi
	work=$out/$2-$1
	rm -rf "$work"
	cp -R "$src" "$work"
	export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com
	export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com
	cd "$work" || exit 1
	git gc -q
	sleep 3
	git update-index -q --refresh
	"$PRIO" list >/dev/null
}

# bump_urgency <file>: a one-line change that keeps the story valid (the
# urgency steps through 1..9).
bump_urgency() {
	_u=$(sed -n 's/^urgency: //p' "$1")
	sed -i "s/^urgency: .*/urgency: $((_u % 9 + 1))/" "$1"
}

# ms <measure output>: its median in ms.  median <file>: of the numbers
# in the file, one per line.
ms() { echo "$1" | sed 's/.*median_ms=\([^ ]*\).*/\1/'; }
# cpu_ms <measure output>: its median CPU time in ms (the command's and
# the processes it waited for: hooks, a shell's commands).
cpu_ms() { echo "$1" | sed 's/.*cpu_ms=\([^ ]*\).*/\1/'; }
median() {
	sort -n "$1" | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# alternate_runs <before a> <cmd a> <before b> <cmd b>: $runs runs of
# each command (shell text, timed by measure), in turn, after one
# warm-up each, each preceded by its "before" (shell text, not timed;
# ":" for nothing); sets $a and $b (medians of wall time, ms) and $ca
# and $cb (medians of CPU time, the commands' and their children's, ms:
# steadier than wall time on a loaded machine).
alternate_runs() {
	eval "$1"
	"$BENCH_BIN/measure" 1 -- sh -c "$2" >/dev/null
	eval "$3"
	"$BENCH_BIN/measure" 1 -- sh -c "$4" >/dev/null
	: >"$work.a" && : >"$work.b" && : >"$work.ca" && : >"$work.cb"
	_i=0
	while [ "$_i" -lt "$runs" ]; do
		eval "$1"
		_r=$("$BENCH_BIN/measure" 1 -- sh -c "$2")
		ms "$_r" >>"$work.a" && cpu_ms "$_r" >>"$work.ca"
		eval "$3"
		_r=$("$BENCH_BIN/measure" 1 -- sh -c "$4")
		ms "$_r" >>"$work.b" && cpu_ms "$_r" >>"$work.cb"
		_i=$((_i + 1))
	done
	a=$(median "$work.a")
	b=$(median "$work.b")
	ca=$(median "$work.ca")
	cb=$(median "$work.cb")
	rm -f "$work.a" "$work.b" "$work.ca" "$work.cb"
}

# instr <command> [args]: the instructions the command and every process
# it starts run (valgrind's callgrind), on stdout; the command's own
# output is dropped.  The same count whatever else the machine does, so
# it is the figure to compare across runs of a shared machine; it
# leaves out what instructions do not show (page faults, starting
# processes).
instr() {
	rm -f "$work.cg".*
	valgrind --tool=callgrind --trace-children=yes \
	    --callgrind-out-file="$work.cg.%p" "$@" 2>&1 |
	    awk '/refs:/ { gsub(",", "", $4); s += $4 } END { print s }'
	rm -f "$work.cg".*
}
