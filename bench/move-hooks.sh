#!/bin/sh
# bench/move-hooks.sh — prio move against git add + git commit of the same
# one-line change, on a committed 10,000-story backlog, with the
# repository's pre-commit and commit-msg hooks present (issue 12's
# target: no slower than git).  Run by `make bench` after run.sh.
#
# Three pairs of hooks, each set as core.hooksPath for both tools:
#   realistic  prio's own pre-commit hook ('prio hook install') and a
#              commit-msg hook that checks a conventional-commit subject
#              with grep (prio runs its own hook in its own process,
#              git starts it: /bin/sh, git diff --cached, prio)
#   trivial    both hooks 'exit 0': what running any hook costs
#   none       core.hooksPath=/dev/null: the two tools without hooks
# and, for each tool alone, prio's pre-commit hook against no hooks:
# what that hook adds to a move and to a commit.
#
# Environment: PRIO, BENCH_BIN as for run.sh; BENCH_RUNS (default 7);
# BENCH_OUT (default bench/out; the 10000 backlog run.sh made is copied).
set -eu
: "${PRIO:?set PRIO}" "${BENCH_BIN:?set BENCH_BIN}"
runs=${BENCH_RUNS:-7}
here=$(cd "$(dirname "$0")" && pwd)
out=${BENCH_OUT:-$here/out}
n=${BENCH_MOVE_SIZE:-10000}
. "$here/work.sh"
work_copy "$n" move-hooks
other=$(ls backlog/stories | sed -n 8p)
id=$("$PRIO" list | awk 'NR == 200 { print $2 }')
# The team's subjects are conventional commits: prio writes them so too.
printf 'commit-subject: "chore(backlog): {summary}"\n' >>backlog/prio.yml
git commit -q -m 'chore: conventional subjects for prio' backlog/prio.yml

# The hooks, outside the repository.
real=$work.hooks-real
trivial=$work.hooks-trivial
rm -rf "$real" "$trivial"
mkdir -p "$real" "$trivial"
"$PRIO" hook install >/dev/null
mv "$(git rev-parse --git-path hooks)/pre-commit" "$real/pre-commit"
cat >"$real/commit-msg" <<'EOF'
#!/bin/sh
# A conventional-commit subject: type(scope)!: description
grep -qE '^(build|chore|ci|docs|feat|fix|perf|refactor|revert|style|test)(\([a-z0-9-]+\))?!?: [^ ]' "$1" && exit 0
echo "commit-msg: the subject is not a conventional commit" >&2
exit 1
EOF
printf '#!/bin/sh\nexit 0\n' >"$trivial/pre-commit"
printf '#!/bin/sh\nexit 0\n' >"$trivial/commit-msg"
chmod +x "$real/pre-commit" "$real/commit-msg" "$trivial/pre-commit" \
    "$trivial/commit-msg"

# git's one-line change is new in every run, as prio's new rank is: the
# title gets the shell's process id.  (move.sh's urgency steps through
# 1..9, so prio's hook would meet each of git's versions in its blob
# cache, and parse and store one story only for prio's commits.)
f=backlog/stories/$other
git_change="sed -i \"s/^title: .*/title: Bench \$\$/\" $f && git add $f && \
git commit -q -m 'chore(backlog): bench one-line change'"
prio_move="'$PRIO' move $id --top -m 'bench: move' >/dev/null"

# alternate <hooks a> <cmd a> <hooks b> <cmd b>: alternate_runs (work.sh)
# with core.hooksPath set to each command's hooks folder before it runs.
alternate() {
	alternate_runs "git config core.hooksPath '$1'" "$2" \
	    "git config core.hooksPath '$3'" "$4"
}
# line <label> <git ms> <prio ms> <git cpu ms> <prio cpu ms>
line() {
	awk -v l="$1" -v g="$2" -v p="$3" -v gc="$4" -v pc="$5" 'BEGIN { printf "  %-44s git %7.1f ms  prio %7.1f ms  %.2fx (target <= 1.00x) %s;  CPU git %6.1f ms  prio %6.1f ms  %.2fx\n", l, g, p, p / g, (p <= g ? "PASS" : "FAIL"), gc, pc, pc / gc }'
}

echo "move at $n stories with the repository's hooks (median of $runs alternating runs, after a warm-up;"
echo "git is sed + git add + git commit -m of the same one-line change; load: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)):"
alternate "$real" "$git_change" "$real" "$prio_move"
line "prio's pre-commit + conventional commit-msg" "$a" "$b" "$ca" "$cb"
# The last run was prio's: its commit went through both hooks.
git log -1 --format=%s | grep -q '^chore(backlog): move ' ||
    echo "  ERROR: prio's last commit is not there: $(git log -1 --format=%s)"
alternate "$trivial" "$git_change" "$trivial" "$prio_move"
line "pre-commit and commit-msg that exit 0" "$a" "$b" "$ca" "$cb"
alternate /dev/null "$git_change" /dev/null "$prio_move"
line "no hooks (core.hooksPath=/dev/null)" "$a" "$b" "$ca" "$cb"
# What prio's own pre-commit hook adds to each tool (issue 12: it must
# not double the cost of a move noticeably).
rm "$real/commit-msg"
echo "prio's pre-commit hook alone, against no hooks (the same tool; alternating):"
alternate "$real" "$prio_move" /dev/null "$prio_move"
awk -v h="$a" -v n="$b" -v hc="$ca" -v nc="$cb" 'BEGIN { printf "  prio move   %7.1f ms with it, %7.1f ms without: +%.1f ms, %.2fx;  CPU %.1f / %.1f ms, %.2fx\n", h, n, h - n, h / n, hc, nc, hc / nc }'
alternate "$real" "$git_change" /dev/null "$git_change"
awk -v h="$a" -v n="$b" -v hc="$ca" -v nc="$cb" 'BEGIN { printf "  git commit  %7.1f ms with it, %7.1f ms without: +%.1f ms, %.2fx;  CPU %.1f / %.1f ms, %.2fx\n", h, n, h - n, h / n, hc, nc, hc / nc }'
git config --unset core.hooksPath
git fsck --no-progress >/dev/null && echo "  git fsck: clean"
rm -rf "$real" "$trivial"
