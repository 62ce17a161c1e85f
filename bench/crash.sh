#!/bin/sh
# bench/crash.sh — kills `prio move` and `prio rerank` with SIGKILL at
# random moments and checks what is left (issue 7, SPEC §3.1):
#
#   - `git fsck` is clean and `git status` reads the index;
#   - a stale lock git left behind is named by prio, with how to clear it;
#   - HEAD is the old commit or exactly the commit an uninterrupted run
#     makes (same tree, same parent);
#   - every story file is wholly the old or wholly the new version, and
#     nothing else appeared but prio's own hidden temporary files;
#   - with no commit, nothing changed; with the commit, whatever is not
#     yet written shows as an ordinary uncommitted change to files of
#     that commit;
#   - once the stale locks are gone, prio works again (list, and a set
#     that commits).
#
#	PRIO=... BENCH_BIN=... sh bench/crash.sh [RUNS [STORIES [LOCKCHECKS]]]
#
# RUNS kills in all (half move, half rerank; default 200), on a backlog
# of STORIES generated stories (default 2000; bench/gen's when BENCH_BIN
# is set, else simpler ones written here, as tests/cli/t0950 does).  The first LOCKCHECKS
# stale index locks (default: all) are checked against prio's message,
# which costs prio's two-second wait on the lock each.  Prints one line
# per run and a summary; exits 1 if any run broke a promise.
set -u
PRIO=${PRIO:?set PRIO to the prio binary}
BENCH_BIN=${BENCH_BIN:-}
RUNS=${1:-200}
STORIES=${2:-2000}
LOCKCHECKS=${3:-$RUNS}
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

lockchecks=0
stat_nocommit=0
stat_commit_clean=0
stat_commit_dirty=0
stat_index_lock=0
stat_ref_lock=0
stat_temp=0

i=0
while [ $i -lt "$RUNS" ]; do
	i=$((i + 1))
	if [ $((i % 2)) -eq 1 ]; then cmd=move; else cmd=rerank; fi
	eval "span=\$${cmd}_ms"
	eval "tree=\$${cmd}_tree"
	r=$WORK/run
	rm -rf "$r"
	cp -a "$WORK/base" "$r"
	# A moment anywhere in the command's uninterrupted run time, and a
	# little past it.
	d=$(($(od -An -N4 -tu4 /dev/urandom) % (span * 11 / 10 + 1)))
	delay=$(printf '%d.%03d' $((d / 1000)) $((d % 1000)))
	(
		cd "$r" || exit
		case $cmd in
		move) exec "$PRIO" move "$MOVE_ID" --top -m crash ;;
		rerank) exec "$PRIO" rerank --by score -m crash ;;
		esac
	) >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -KILL $pid 2>/dev/null
	wait $pid 2>/dev/null
	runs=$((runs + 1))
	before=$n_fail
	what=""

	# The repository reads.
	fsck=$(git -C "$r" fsck --no-progress 2>&1)
	if [ $? -ne 0 ] || printf '%s\n' "$fsck" |
	    grep -qv -e '^dangling ' -e '^$'; then
		printf '%s\n' "$fsck" | grep -v '^dangling ' | sed 's/^/#   /'
		bad $i "git fsck is not clean after killing $cmd"
	fi
	git -C "$r" status --porcelain >"$WORK/status" 2>&1 ||
	    bad $i "git status fails after killing $cmd"

	# Stale locks: prio names them; then they go, as a user would
	# remove them.
	locks=""
	for l in .git/index.lock .git/HEAD.lock .git/refs/heads/main.lock \
	    .git/packed-refs.lock; do
		[ -e "$r/$l" ] && locks="$locks $l"
	done
	case $locks in *index.lock*) stat_index_lock=$((stat_index_lock + 1));; esac
	case $locks in *main.lock*|*HEAD.lock*) stat_ref_lock=$((stat_ref_lock + 1));; esac
	if [ -n "$locks" ] && [ $lockchecks -lt "$LOCKCHECKS" ]; then
		lockchecks=$((lockchecks + 1))
		first=${locks# }
		first=${first%% *}
		(cd "$r" && "$PRIO" set "$TERMINAL" owner=after-crash -m x) \
		    >/dev/null 2>"$WORK/lockerr"
		rc=$?
		if [ $rc -eq 0 ] || ! grep -q "'$first' exists" "$WORK/lockerr" ||
		    ! grep -q "remove the file and run the command again" \
		    "$WORK/lockerr"; then
			sed 's/^/#   /' "$WORK/lockerr"
			bad $i "prio does not name the stale lock $first (rc $rc)"
		fi
	fi
	for l in $locks; do
		rm -f "$r/$l"
	done

	# HEAD: the old commit, or the one commit an uninterrupted run makes.
	head=$(git -C "$r" rev-parse HEAD)
	if [ "$head" = "$OLD_HEAD" ]; then
		committed=no
	elif [ "$(git -C "$r" rev-parse HEAD^{tree})" = "$tree" ] &&
	    [ "$(git -C "$r" rev-parse HEAD^)" = "$OLD_HEAD" ]; then
		committed=yes
	else
		committed=broken
		bad $i "HEAD is neither the old commit nor the new one"
	fi

	# Every file is the old or the new version, whole.
	manifest "$r" >"$WORK/now.manifest"
	if ! awk -v oldf="$WORK/old.manifest" -v newf="$WORK/$cmd.manifest" '
	    BEGIN {
		while ((getline l < oldf) > 0) { split(l, a, " "); old[a[1]] = a[2] }
		while ((getline l < newf) > 0) { split(l, a, " "); new[a[1]] = a[2] }
	    }
	    { seen[$1] = 1
	      if (!($1 in old) && !($1 in new)) { print "#   extra file " $1; bad = 1 }
	      else if ($2 != old[$1] && $2 != new[$1]) { print "#   torn file " $1; bad = 1 } }
	    END {
		for (p in old) if (!(p in seen) && (p in new)) { print "#   missing " p; bad = 1 }
		exit bad
	    }' "$WORK/now.manifest"; then
		bad $i "a story file is neither wholly old nor wholly new"
	fi
	temps=$(find "$r/backlog" -name '.*.prio-*' | wc -l)
	[ "$temps" -gt 0 ] && stat_temp=$((stat_temp + 1))

	# What git shows: nothing (no commit), or changes to the commit's
	# files only.
	grep -v '^?? .*/\.[^/]*\.prio-[^/]*$' "$WORK/status" |
	    grep -v '^?? .git/' >"$WORK/status.real"
	if [ "$committed" = no ]; then
		if [ -s "$WORK/status.real" ] ||
		    ! cmp -s "$WORK/now.manifest" "$WORK/old.manifest"; then
			sed 's/^/#   /' "$WORK/status.real" | head -n 5
			bad $i "no commit was made, yet the work tree changed"
		else
			stat_nocommit=$((stat_nocommit + 1))
			what="no commit"
		fi
	elif [ "$committed" = yes ]; then
		git -C "$r" status --porcelain >"$WORK/status" 2>&1
		grep -v '^?? ' "$WORK/status" | cut -c4- >"$WORK/dirty"
		if grep -vxFf "$WORK/$cmd.changed" "$WORK/dirty" >/dev/null; then
			grep -vxFf "$WORK/$cmd.changed" "$WORK/dirty" |
			    head -n 5 | sed 's/^/#   /'
			bad $i "files outside the commit show as changed"
		elif [ -s "$WORK/dirty" ]; then
			stat_commit_dirty=$((stat_commit_dirty + 1))
			what="committed, $(wc -l <"$WORK/dirty") files still to write or stage"
		else
			stat_commit_clean=$((stat_commit_clean + 1))
			what="committed, clean"
		fi
	fi

	# prio works again.
	if ! (cd "$r" && "$PRIO" list >/dev/null 2>"$WORK/err"); then
		sed 's/^/#   /' "$WORK/err"
		bad $i "prio list fails after the crash"
	elif ! (cd "$r" && "$PRIO" set "$TERMINAL" owner=after-crash \
	    -m "after the crash" >/dev/null 2>"$WORK/err"); then
		sed 's/^/#   /' "$WORK/err"
		bad $i "prio set fails after the crash"
	fi
	if [ $fail -ne 0 ]; then
		n_fail=$((n_fail + 1))
		fail=0
	fi
	[ $n_fail -eq $before ] &&
	    echo "ok $i - $cmd killed after ${delay}s:${locks:- no locks}; $what"
done
echo "1..$runs"
echo "# $runs runs: $stat_nocommit without a commit, $stat_commit_clean" \
    "committed and clean, $stat_commit_dirty committed with files still" \
    "to write or stage; a stale index.lock in $stat_index_lock, a stale" \
    "ref lock in $stat_ref_lock, prio's temporary files left in" \
    "$stat_temp; $lockchecks lock messages checked"
[ $n_fail -eq 0 ] || { echo "# $n_fail runs broke a promise"; exit 1; }
exit 0
