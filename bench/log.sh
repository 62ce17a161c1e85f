#!/bin/sh
# bench/log.sh — `prio log --json` against `git log -p --no-merges --
# backlog` on a history of 2,000 priority commits over 1,000 stories
# (issue 3's target: within 2x).  Run it with `make bench-history`.
#
# The history: bench/gen writes the stories and one plain `git commit`
# records them; then one awk script writes every later commit as a `git
# fast-import` stream (2,000 commits by `git commit` would take longer
# than the measurement).  Each commit edits the front matter of one
# story (one commit in ten: three) the way a product owner would: a new
# rank (70%), the next status or dropped (15%), a new value (15%), with
# a prio-style message, rationale and Prio-* trailers.  Every 250
# commits a feature branch (8 commits) and main (4 commits, on other
# stories) diverge, and the branch is merged with a merge commit, as a
# PR would be.  The same seed gives the same history, byte for byte.
# Then the same again in a `git clone --depth <half>` of it (kept next to
# it), as a CI checkout is: prio walks to the shallow boundary itself.
#
# Environment: PRIO, BENCH_BIN as for run.sh; BENCH_RUNS (default 7);
# BENCH_SEED (default 1); BENCH_OUT (default bench/out, where the
# repository is kept and reused: delete it to regenerate);
# BENCH_LOG_STORIES (default 1000), BENCH_LOG_COMMITS (default 2000).
# A report: exits 0 whether the target passes or not.
set -eu
: "${PRIO:?set PRIO to the prio binary}"
: "${BENCH_BIN:?set BENCH_BIN to the directory of gen and measure}"
runs=${BENCH_RUNS:-7}
seed=${BENCH_SEED:-1}
stories=${BENCH_LOG_STORIES:-1000}
commits=${BENCH_LOG_COMMITS:-2000}
here=$(cd "$(dirname "$0")" && pwd)
out=${BENCH_OUT:-$here/out}
dir=$out/history-$stories-$commits
T_RATIO=2

for b in gen measure; do
	if [ ! -x "$BENCH_BIN/$b" ]; then
		echo "log.sh: $BENCH_BIN/$b is missing;" \
		    "run 'make bench-history'" >&2
		exit 2
	fi
done

export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com
export GIT_CONFIG_NOSYSTEM=1 LC_ALL=C

# The fast-import stream of the priority commits, on stdin the story
# files' paths.  Randomness is a Park-Miller generator, exact in awk's
# doubles, so every awk gives the same stream.
history_awk='
function rnd(n) { x = (x * 16807) % 2147483647; return x % n }
function content(f,   s, i) {
	s = ""
	for (i = 1; i <= n[f]; i++)
		s = s L[f, i] "\n"
	return s
}
# Sets key to value in the front matter of f (adding the line before the
# closing "---" when the key is missing); returns the old value or "none".
function set(f, key, value,   i, j, old) {
	for (i = 2; i <= n[f]; i++) {
		if (L[f, i] == "---")
			break
		if (index(L[f, i], key ": ") == 1) {
			old = substr(L[f, i], length(key) + 3)
			L[f, i] = key ": " value
			return old
		}
	}
	for (j = n[f]; j >= i; j--)
		L[f, j + 1] = L[f, j]
	n[f]++
	L[f, i] = key ": " value
	return "none"
}
function get(f, key,   i) {
	for (i = 2; i <= n[f] && L[f, i] != "---"; i++)
		if (index(L[f, i], key ": ") == 1)
			return substr(L[f, i], length(key) + 3)
	return ""
}
# One edit of the story f; returns its Prio-Change trailer.
function edit(f,   k, old, v) {
	k = rnd(100)
	if (k < 70) {
		v = rnd(1500) + 1
		if (rnd(4) == 0)
			v = v ".5"
		return "rank " set(f, "rank", v) " -> " v
	}
	if (k < 85) {
		old = get(f, "status")
		v = rnd(20) == 0 ? "dropped" : next_status[old]
		if (v == "")
			v = "ready"
		set(f, "status", v)
		return "status " old " -> " v
	}
	old = get(f, "value")
	v = rnd(10) + 1
	if (v == old)
		v = v % 10 + 1
	set(f, "value", v)
	return "value " old " -> " v
}
# A commit on branch ref after mark from, editing stories whose number
# is in residue class `parity` mod 2 (-1: any).
function commit(ref, from, parity,   m, k, i, id, f, msg, subject, body, s) {
	m = ++marks
	k = rnd(10) == 0 ? 3 : 1
	body = ""
	subject = ""
	for (i = 0; i < k; i++) {
		do {
			id = rnd(nstories) + 1
		} while (parity >= 0 && id % 2 != parity)
		f = file[id]
		body = body "Prio-Story: S-" id "\nPrio-Change: " edit(f) "\n"
		changed[f] = 1
		if (ref != "refs/heads/main")
			onbranch[f] = 1
		subject = subject (i ? ", " : "") "S-" id
	}
	msg = "prio: re-prioritise " subject "\n\n" \
	    "Customer interviews this week changed what matters most.\n\n" body
	t += 600
	printf "commit %s\nmark :%d\n", ref, m
	printf "author bench <bench@example.com> %d +0000\n", t
	printf "committer bench <bench@example.com> %d +0000\n", t
	printf "data %d\n%s", length(msg), msg
	printf "from %s\n", from
	for (f in changed) {
		s = content(f)
		printf "M 100644 inline %s\ndata %d\n%s", f, length(s), s
		delete changed[f]
	}
	printf "\n"
	return ":" m
}
function merge(into, branch,   m, msg, f, s) {
	m = ++marks
	msg = "Merge branch feature\n"
	t += 600
	printf "commit refs/heads/main\nmark :%d\n", m
	printf "author bench <bench@example.com> %d +0000\n", t
	printf "committer bench <bench@example.com> %d +0000\n", t
	printf "data %d\n%s", length(msg), msg
	printf "from %s\nmerge %s\n", into, branch
	for (f in onbranch) {
		s = content(f)
		printf "M 100644 inline %s\ndata %d\n%s", f, length(s), s
		delete onbranch[f]
	}
	printf "\n"
	return ":" m
}
BEGIN {
	next_status["draft"] = "ready"
	next_status["ready"] = "in-progress"
	next_status["in-progress"] = "done"
	next_status["done"] = "accepted"
	next_status["accepted"] = "ready"
	next_status["dropped"] = "draft"
}
{
	f = $0
	id = f
	sub(/^.*\/S-/, "", id)
	sub(/[^0-9].*$/, "", id)
	file[id + 0] = f
	nstories++
	while ((getline line < f) > 0)
		L[f, ++n[f]] = line
	close(f)
}
END {
	x = seed + 0
	t = start + 0
	main = base
	done = 0
	while (done < total) {
		if (done % 250 == 249 && total - done >= 12) {
			feature = main
			for (i = 0; i < 12; i++)
				if (i % 3 == 2)
					main = commit("refs/heads/main", main, 1)
				else
					feature = commit("refs/heads/feature", \
					    feature, 0)
			main = merge(main, feature)
			done += 12
		} else {
			main = commit("refs/heads/main", main, -1)
			done++
		}
	}
}'

prepare() {
	if [ -d "$dir/.git" ] && [ -f "$dir/backlog/prio.yml" ]; then
		return 0
	fi
	echo "generating $commits commits over $stories stories in $dir ..." >&2
	rm -rf "$dir" "$dir.tmp"
	mkdir -p "$out"
	"$BENCH_BIN/gen" "$dir.tmp" "$stories" "$seed"
	(
		cd "$dir.tmp"
		git init -q -b main
		git add -A
		GIT_AUTHOR_DATE='1767225600 +0000' \
		    GIT_COMMITTER_DATE='1767225600 +0000' \
		    git -c commit.gpgsign=false commit -q \
		    -m "bench: $stories stories (seed $seed)"
		base=$(git rev-parse HEAD)
		ls backlog/stories/*.md |
		    awk -v seed="$seed" -v total="$commits" -v base="$base" \
		    -v start=1767225600 "$history_awk" |
		    git fast-import --quiet
		git branch -D -q feature 2>/dev/null || :
		git reset -q --hard main
	)
	mv "$dir.tmp" "$dir"
}

median() {
	echo "$1" | sed -n 's/.*median_ms=\([^ ]*\).*/\1/p'
}

prepare
# bench/stats.sh measures on the same history: it asks for the folder.
if [ -n "${BENCH_PREPARE_ONLY:-}" ]; then
	echo "$dir"
	exit 0
fi
cd "$dir"
n_git=$(git rev-list --count --no-merges HEAD -- backlog)
n_merges=$(git rev-list --count --merges HEAD)
n_prio=$("$PRIO" log --json | grep -o '"commit":' | wc -l | tr -d ' ')

p=$("$BENCH_BIN/measure" -w 1 "$runs" -- "$PRIO" -C "$dir" log --json)
g=$("$BENCH_BIN/measure" -w 1 "$runs" -- git -C "$dir" log -p --no-merges \
    -- backlog)
pm=$(median "$p")
gm=$(median "$g")
echo "log over $commits priority commits, $stories stories" \
    "($n_merges merges; median of $runs, after a warm-up):"
echo "  git log -p --no-merges -- backlog   $gm ms"
echo "  prio log --json                     $pm ms"
awk -v g="$gm" -v p="$pm" -v t="$T_RATIO" 'BEGIN {
	printf "  ratio prio/git                      %.2fx (target <= %.2fx) %s\n",
	    p / g, t, (p <= t * g ? "PASS" : "FAIL") }'
echo "  entries: prio $n_prio, git $n_git non-merge commits under backlog/"

# The same in a shallow clone of half the history, as CI checks out:
# prio walks to the boundary itself (libgit2 1.5 cannot), same target.
depth=$((commits / 2))
shallow=$dir-depth$depth
if [ ! -f "$shallow/.git/shallow" ]; then
	rm -rf "$shallow"
	git clone -q --depth "$depth" "file://$dir" "$shallow"
fi
p=$("$BENCH_BIN/measure" -w 1 "$runs" -- "$PRIO" -C "$shallow" log --json)
g=$("$BENCH_BIN/measure" -w 1 "$runs" -- git -C "$shallow" log -p \
    --no-merges -- backlog)
pm=$(median "$p")
gm=$(median "$g")
echo "log in a --depth $depth clone of it:"
echo "  git log -p --no-merges -- backlog   $gm ms"
echo "  prio log --json                     $pm ms"
awk -v g="$gm" -v p="$pm" -v t="$T_RATIO" 'BEGIN {
	printf "  ratio prio/git                      %.2fx (target <= %.2fx) %s\n",
	    p / g, t, (p <= t * g ? "PASS" : "FAIL") }'
exit 0
