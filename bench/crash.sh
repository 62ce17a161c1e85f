#!/bin/sh
# bench/crash.sh — interrupts `prio move` and `prio rerank` at random
# moments, with SIGKILL, SIGINT and SIGTERM in turn, and checks what is
# left (issues 7 and 13, SPEC §3.1):
#
#   - SIGINT / SIGTERM: prio exits 128 + the signal having said what
#     happened in one "prio: " line (or had not started to commit and
#     died of it, or had finished), and at once, with no other command
#     run, the repository is whole (below);
#   - SIGKILL: the next prio command (`prio list`) finishes or undoes
#     the run, says so in one line, and then the repository is whole;
#   - whole: HEAD is the old commit or exactly the commit an
#     uninterrupted run makes (same tree, same parent); `git diff
#     --cached --quiet` (the index is HEAD), `git status --porcelain`
#     shows nothing (every story file is HEAD's, and no temporary file
#     is left), `git fsck` is clean; no index.lock, no lock on the
#     branch, no journal or temporary file of prio's in .git;
#   - prio works again (a set that commits), with no lock removed by
#     hand.
#
#	PRIO=... BENCH_BIN=... sh bench/crash.sh [RUNS [STORIES [SIGNALS]]]
#
# RUNS interruptions in all (move and rerank in turn, each signal of
# SIGNALS in turn; defaults 200, and "KILL INT TERM"), on a backlog of
# STORIES generated stories (default 2000; bench/gen's when BENCH_BIN
# is set, else simpler ones written here, as tests/cli/t0950 does).
# Prints one line per run and a summary; exits 1 if any run broke a
# promise.
set -u
PRIO=${PRIO:?set PRIO to the prio binary}
BENCH_BIN=${BENCH_BIN:-}
RUNS=${1:-200}
STORIES=${2:-2000}
SIGNALS=${3:-KILL INT TERM}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/prio-crash.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
trap 'exit 1' HUP INT TERM
export GIT_CONFIG_NOSYSTEM=1 HOME=$WORK/home NO_COLOR=1 LC_ALL=C
export GIT_AUTHOR_NAME=Tester GIT_AUTHOR_EMAIL=tester@example.com
export GIT_COMMITTER_NAME=Tester GIT_COMMITTER_EMAIL=tester@example.com
export GIT_AUTHOR_DATE="2026-11-23T12:00:00Z" GIT_COMMITTER_DATE="2026-11-23T12:00:00Z"
export PRIO_RANK_SEED=42
unset GIT_DIR GIT_WORK_TREE
mkdir -p "$HOME"
git config --global user.name Tester
git config --global user.email tester@example.com
git config --global init.defaultBranch main

fail=0
n_fail=0
runs=0

# manifest DIR: "path sha1" of every file under backlog/, sorted.
manifest() {
	(cd "$1" && find backlog -type f ! -name '.*' -exec sha1sum {} + |
	    awk '{ print $2, $1 }' | sort)
}

# ms: a clock in milliseconds.
ms() {
	date +%s%3N
}

# The base backlog, committed; then each command's uninterrupted result.
mkdir -p "$WORK/base"
if [ -n "$BENCH_BIN" ]; then
	"$BENCH_BIN/gen" "$WORK/base" "$STORIES" 7 >/dev/null || exit 2
else
	# Ranked in ID order, scored in another: rerank changes every open
	# story; every tenth story is accepted.
	mkdir -p "$WORK/base/backlog/stories"
	: >"$WORK/base/backlog/prio.yml"
	awk -v n="$STORIES" -v dir="$WORK/base/backlog/stories" 'BEGIN {
		for (i = 1; i <= n; i++) {
			f = dir "/S-" i "-story-" i ".md"
			printf "---\nid: S-%d\ntitle: Story %d\n", i, i > f
			printf "status: %s\nrank: %d\n", i % 10 ? "ready" : \
			    "accepted", i > f
			printf "value: %d\nurgency: 3\nrisk: 2\neffort: 5\n", \
			    (i * 7919) % 10 + 1 > f
			printf "---\nAs a user I want story %d.\n\n", i > f
			printf "## Acceptance criteria\n\n- [x] It works.\n" > f
			close(f)
		}
	}'
fi
(cd "$WORK/base" && git init -q && git add -A && git commit -qm base) ||
    exit 2
manifest "$WORK/base" >"$WORK/old.manifest"
OLD_HEAD=$(git -C "$WORK/base" rev-parse HEAD)
# A terminal story, which neither command changes: prio must still
# commit a change to it after a crash.
TERMINAL=$(cd "$WORK/base/backlog/stories" &&
    grep -l '^status: accepted' -- *.md | head -n 1 |
    sed -E 's/^([A-Z]+-[0-9]+).*/\1/')
MOVE_ID=$(cd "$WORK/base" && "$PRIO" list | awk 'NR == 3 { print $2 }')
[ -n "$TERMINAL" ] && [ -n "$MOVE_ID" ] || { echo "no stories?"; exit 2; }

for cmd in move rerank; do
	rm -rf "$WORK/ref"
	cp -a "$WORK/base" "$WORK/ref"
	t0=$(ms)
	case $cmd in
	move) (cd "$WORK/ref" && "$PRIO" move "$MOVE_ID" --top -m crash) ;;
	rerank) (cd "$WORK/ref" && "$PRIO" rerank --by score -m crash) ;;
	esac >/dev/null 2>&1 || { echo "$cmd fails uninterrupted"; exit 2; }
	t1=$(ms)
	eval "${cmd}_ms=\$((t1 - t0))"
	manifest "$WORK/ref" >"$WORK/$cmd.manifest"
	eval "${cmd}_tree=\$(git -C \"\$WORK/ref\" rev-parse HEAD^{tree})"
	git -C "$WORK/ref" diff --name-only HEAD^ HEAD >"$WORK/$cmd.changed"
	echo "# $cmd uninterrupted: ${t1}-${t0} ms, $(wc -l <"$WORK/$cmd.changed") files" |
	    sed "s/: [0-9]*-[0-9]* ms/: $((t1 - t0)) ms/"
done

# bad RUN WHAT: one broken promise.
bad() {
	echo "not ok - run $1: $2"
	fail=1
}

# whole RUN: the repository is as if the command never ran or fully
# finished; sets $committed (no / yes).
whole() {
	committed=broken
	fsck=$(git -C "$r" fsck --no-progress 2>&1)
	if [ $? -ne 0 ] || printf '%s\n' "$fsck" |
	    grep -qv -e '^dangling ' -e '^$'; then
		printf '%s\n' "$fsck" | grep -v '^dangling ' | sed 's/^/#   /'
		bad "$1" "git fsck is not clean"
	fi
	for l in .git/index.lock .git/HEAD.lock .git/refs/heads/main.lock \
	    .git/packed-refs.lock .git/prio-journal .git/prio-journal.new; do
		[ -e "$r/$l" ] && bad "$1" "$l is left"
	done
	ls "$r/.git" | grep -q '^index\.prio-' &&
	    bad "$1" "a temporary index is left: $(ls "$r/.git" | grep '^index\.prio-')"
	git -C "$r" diff --cached --quiet ||
	    bad "$1" "the index is not HEAD: $(git -C "$r" diff --cached --name-only | head -n 3)"
	st=$(git -C "$r" status --porcelain 2>&1)
	[ -z "$st" ] || bad "$1" "git status is not clean: $(printf '%s\n' "$st" | head -n 3)"
	head=$(git -C "$r" rev-parse HEAD)
	if [ "$head" = "$OLD_HEAD" ]; then
		committed=no
		want=$WORK/old.manifest
	elif [ "$(git -C "$r" rev-parse HEAD^{tree})" = "$tree" ] &&
	    [ "$(git -C "$r" rev-parse HEAD^)" = "$OLD_HEAD" ]; then
		committed=yes
		want=$WORK/$cmd.manifest
	else
		bad "$1" "HEAD is neither the old commit nor the new one"
		return
	fi
	manifest "$r" >"$WORK/now.manifest"
	cmp -s "$WORK/now.manifest" "$want" ||
	    bad "$1" "the story files are not HEAD's (committed: $committed)"
	[ -z "$(find "$r/backlog" -name '.*.prio-*')" ] ||
	    bad "$1" "a temporary file is left in backlog/"
}

stat_nocommit=0
stat_commit=0
stat_recovered=0
stat_said=0

i=0
set -- $SIGNALS
nsig=$#
while [ $i -lt "$RUNS" ]; do
	i=$((i + 1))
	if [ $((i % 2)) -eq 1 ]; then cmd=move; else cmd=rerank; fi
	# The signal: each in turn, changing every two runs so that both
	# commands meet each signal.
	k=$(( ((i - 1) / 2) % nsig + 1 ))
	eval "sig=\${$k}"
	eval "span=\$${cmd}_ms"
	eval "tree=\$${cmd}_tree"
	r=$WORK/run
	rm -rf "$r"
	cp -a "$WORK/base" "$r"
	# A moment anywhere in the command's uninterrupted run time, and a
	# little past it.
	d=$(($(od -An -N4 -tu4 /dev/urandom) % (span * 11 / 10 + 1)))
	delay=$(printf '%d.%03d' $((d / 1000)) $((d % 1000)))
	# A background job of sh ignores SIGINT: give prio the default.
	(
		cd "$r" || exit
		case $cmd in
		move) exec env --default-signal=INT,TERM,HUP "$PRIO" move \
		    "$MOVE_ID" --top -m crash ;;
		rerank) exec env --default-signal=INT,TERM,HUP "$PRIO" \
		    rerank --by score -m crash ;;
		esac
	) >/dev/null 2>"$WORK/killed.err" &
	pid=$!
	sleep "$delay"
	kill -"$sig" $pid 2>/dev/null
	wait $pid 2>/dev/null
	rc=$?
	runs=$((runs + 1))
	before=$n_fail
	what=""

	case $sig in
	KILL)
		# The next prio command recovers, in one line.
		if ! (cd "$r" && "$PRIO" list >/dev/null 2>"$WORK/err"); then
			sed 's/^/#   /' "$WORK/err"
			bad $i "prio list fails after the kill"
		fi
		if [ -s "$WORK/err" ]; then
			stat_recovered=$((stat_recovered + 1))
			what="$(cat "$WORK/err")"
			[ "$(wc -l <"$WORK/err")" -eq 1 ] &&
			    grep -qE '^prio: (finished|undid) a prio command' \
			    "$WORK/err" || bad $i "recovery says: $what"
			what=" recovered"
		fi
		;;
	*)
		# Exit 128 + the signal with one line said; or dead of the
		# signal before it committed; or finished first.
		case $sig in INT) n=2 ;; TERM) n=15 ;; HUP) n=1 ;; esac
		if grep -q '^prio: interrupted by SIG' "$WORK/killed.err"; then
			stat_said=$((stat_said + 1))
			[ $rc -eq $((128 + n)) ] ||
			    bad $i "interrupted, but exit $rc, not $((128 + n))"
			[ "$(grep -cv '^\[' "$WORK/killed.err")" -eq 1 ] || {
				sed 's/^/#   /' "$WORK/killed.err"
				bad $i "more than one line on stderr"
			}
			what=" said: $(cat "$WORK/killed.err")"
		elif [ $rc -ne 0 ] && [ $rc -ne $((128 + n)) ]; then
			sed 's/^/#   /' "$WORK/killed.err"
			bad $i "exit $rc after SIG$sig"
		fi
		;;
	esac
	whole $i
	case $committed in
	no) stat_nocommit=$((stat_nocommit + 1)) ;;
	yes) stat_commit=$((stat_commit + 1)) ;;
	esac

	# prio works again.
	if ! (cd "$r" && "$PRIO" set "$TERMINAL" owner=after-crash \
	    -m "after the crash" >/dev/null 2>"$WORK/err") || [ -s "$WORK/err" ]; then
		sed 's/^/#   /' "$WORK/err"
		bad $i "prio set fails after the crash"
	fi
	if [ $fail -ne 0 ]; then
		n_fail=$((n_fail + 1))
		fail=0
	fi
	[ $n_fail -eq $before ] &&
	    echo "ok $i - $cmd, SIG$sig after ${delay}s: committed $committed;$what"
done
echo "1..$runs"
echo "# $runs runs: $stat_nocommit left the old commit, $stat_commit the" \
    "new one; after SIGKILL the next prio recovered $stat_recovered;" \
    "after SIGINT/SIGTERM prio said it was interrupted $stat_said times"
[ $n_fail -eq 0 ] || { echo "# $n_fail runs broke a promise"; exit 1; }
exit 0
