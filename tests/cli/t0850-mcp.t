#!/bin/sh
# prio mcp: the backlog as a Model Context Protocol server.  The official
# TypeScript SDK's client (tests/mcp/*.mjs) lists and calls every tool,
# with prio's own --json as the oracle and real git for the commits; raw
# JSON-RPC lines cover the revisions the SDK does not speak and bad
# input.
. "$(dirname "$0")/lib.sh"

export PRIO_TODAY=2026-11-23
MCP=$PRIO_SRC/tests/mcp

if ! command -v node >/dev/null 2>&1 ||
    [ ! -d "$NODE_PATH/@modelcontextprotocol/sdk" ]; then
	echo "Bail out! node and @modelcontextprotocol/sdk are needed:" \
	    "apt-get install nodejs; sh tools/npm-deps.sh"
	exit 1
fi

# The tick tool runs `prio tick` (issue 18's command): offered, and
# tested, when this prio has it.
HAS_TICK=0
"$PRIO" help tick >/dev/null 2>&1 && HAS_TICK=1
export HAS_TICK

# node <script>: its "ok - name" / "not ok - name" lines become this
# test's points, its "# ..." lines pass through; it must exit 0.
run_node() {
	node "$MCP/$1" >"$TEST_ROOT/node.out" 2>"$TEST_ROOT/node.err"
	_rc=$?
	while IFS= read -r _line; do
		case $_line in
		"ok - "*) ok "$1: ${_line#ok - }" ;;
		"not ok - "*) not_ok "$1: ${_line#not ok - }" ;;
		*) echo "$_line" ;;
		esac
	done <"$TEST_ROOT/node.out"
	if [ "$_rc" -eq 0 ]; then ok "$1 ran to its end"; else
		not_ok "$1 ran to its end (exit $_rc)"
		sed 's/^/#   stderr: /' "$TEST_ROOT/node.err"
	fi
}

# rpc <args>: the lines on stdin to `prio mcp <args>`, its answers in
# $TEST_ROOT/out, what it logged in err, its exit code in $RC.
rpc() {
	timeout 20 "$PRIO" mcp "$@" >"$TEST_ROOT/out" 2>"$TEST_ROOT/err"
	RC=$?
}

# S-1 accepted; S-2 ready, waits for S-3; S-3 ready, waits for S-1 (the
# next one); S-4 and S-5 done, every criterion met; S-6 in progress,
# one criterion of two met.
setup() {
	new_repo
	story S-1 <<'X'
---
id: S-1
title: Story S-1
status: accepted
---
## Acceptance criteria

- [x] Done.
X
	good_story S-2 "rank: 1
depends-on: [S-3]"
	good_story S-3 "rank: 2
depends-on: [S-1]"
	for s in S-4 S-5; do
		good_story $s "rank: ${s#S-}"
		sed -i 's/status: ready/status: done/; s/- \[ \]/- [x]/' \
		    backlog/stories/$s.md
	done
	good_story S-6 "rank: 6"
	sed -i 's/status: ready/status: in-progress/; s/- \[ \] It works./- [x] It works.\n- [ ] It is fast./' \
	    backlog/stories/S-6.md
	commit_all "the backlog"
}

setup
# The options the tools page and pick with: list --next, --limit, --offset.
run_prio list --next
expect_out "list --next: the first ready story that waits for nothing" <<'X'
#  ID   STATUS  SCORE  TITLE
2  S-3  ready    2.00  Story S-3
X
run_prio list --limit 2 --offset 1
expect_out "list --offset and --limit: a page, positions kept" <<'X'
#  ID   STATUS  SCORE  TITLE
2  S-3  ready    2.00  Story S-3
3  S-4  done     2.00  Story S-4
X
run_prio list --next --owner nobody --json
expect_out "list --next with none to start: an empty list" <<'X'
{"version":1,"kind":"prio.list","stories":[]}
X
run_prio list --limit 0
expect_rc 2 "list --limit 0 is a usage error"
expect_err "list --limit 0 says what it needs" <<'X'
prio: --limit needs a whole number such as 20, not '0'
usage: prio list [--status <s>]... [--label <l>] [--owner <o>] [--all] [--json | --format <f>] [--rev <rev>]
X
run_prio list --offset -1
expect_rc 2 "list --offset -1 is a usage error"
run_prio list --next --status ready
expect_rc 2 "list --next with --status is a usage error"
expect_err "list --next with --status says why" <<'X'
prio: --next takes the ready stories; leave out --status
usage: prio list [--status <s>]... [--label <l>] [--owner <o>] [--all] [--json | --format <f>] [--rev <rev>]
X
sed -i 's/status: ready/status: done/' backlog/stories/S-3.md
run_prio list --next
expect_out "list --next: S-2 once S-3 is done" <<'X'
#  ID   STATUS  SCORE  TITLE
1  S-2  ready    2.00  Story S-2
X
git checkout -q backlog/stories/S-3.md

run_node reads.mjs

# The writes, with the repository's hooks: a pre-commit hook that talks
# on stdout and stderr, and a commit-msg hook that vetoes "veto".
cat >.git/hooks/pre-commit <<'X'
#!/bin/sh
echo "pre-commit hook on stdout"
echo "pre-commit hook on stderr" >&2
X
cat >.git/hooks/commit-msg <<'X'
#!/bin/sh
echo "commit-msg hook on stdout"
if grep -q veto "$1"; then echo "vetoed" >&2; exit 1; fi
X
chmod +x .git/hooks/pre-commit .git/hooks/commit-msg
export PRIO_RANK_SEED=7
run_node writes.mjs
run_git log --format=%s
[ "$HAS_TICK" = 1 ] && sed -i 1,2d "$TEST_ROOT/out"    # untick, tick
expect_out "git log: one commit per write" <<X
prio: reject S-5
prio: accept S-4
prio: new S-7: Export to CSV
prio: set S-2 owner=ada, labels=x, y, value=8
prio: move S-3 to #1 (was #2)
the backlog
X
run_git fsck --strict
expect_rc 0 "git fsck: the repository is sound"

done_testing
