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
# $TEST_ROOT/out, what it logged in err, its exit code in the file rc
# (rpc runs at the end of a pipe, in a subshell: rpc_rc sets $RC).
rpc() {
	timeout 20 "$PRIO" mcp "$@" >"$TEST_ROOT/out" 2>"$TEST_ROOT/err"
	echo $? >"$TEST_ROOT/rc"
}

rpc_rc() {
	RC=$(cat "$TEST_ROOT/rc")
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
usage: prio list [--status <s>]... [--role <r>]... [--label <l>] [--owner <o>] [--all] [--json | --format <f>] [--rev <rev>]
X
run_prio list --offset -1
expect_rc 2 "list --offset -1 is a usage error"
run_prio list --next --status ready
expect_rc 2 "list --next with --status is a usage error"
expect_err "list --next with --status says why" <<'X'
prio: --next takes the ready stories; leave out --status
usage: prio list [--status <s>]... [--role <r>]... [--label <l>] [--owner <o>] [--all] [--json | --format <f>] [--rev <rev>]
X
sed -i 's/status: ready/status: done/' backlog/stories/S-3.md
run_prio list --next
expect_out "list --next: S-2 once S-3 is done" <<'X'
#  ID   STATUS  SCORE  TITLE
1  S-2  ready    2.00  Story S-2
X
git checkout -q backlog/stories/S-3.md

run_node reads.mjs
run_node fresh.mjs

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

# Raw JSON-RPC: the revisions the SDK does not speak, and bad input.
setup
V='"io.modelcontextprotocol/protocolVersion"'
META="\"_meta\":{$V:\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{}}"
HEAD0=$(git rev-parse HEAD)

printf '%s\n' \
    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"server/discover\",\"params\":{$META}}" \
    "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"next\",\"arguments\":{},$META}}" \
    "{\"jsonrpc\":\"2.0\",\"id\":\"three\",\"method\":\"tools/list\",\"params\":{$META}}" |
    rpc
rpc_rc
expect_rc 0 "2026-07-28: stdin ends, the server exits 0"
jq -c '[.id, .result.supportedVersions, .result.capabilities,
    .result.resultType, .result._meta["io.modelcontextprotocol/serverInfo"].name,
    .result.ttlMs, .result.cacheScope,
    (.result.structuredContent.stories // [] | map(.id)),
    (.result.tools // [] | length | if . > 0 then . - $tick else . end)]' --argjson tick "$HAS_TICK" \
    "$TEST_ROOT/out" >"$TEST_ROOT/j"
mv "$TEST_ROOT/j" "$TEST_ROOT/out"
expect_out "2026-07-28: server/discover, then calls with no handshake" <<'X'
[1,["2026-07-28","2025-11-25","2025-06-18"],{"tools":{"listChanged":false}},"complete","prio",0,"private",[],0]
[2,null,null,"complete","prio",null,null,["S-3"],0]
["three",null,null,"complete","prio",0,"private",[],12]
X

printf '%s\n' \
    '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}' \
    '{"jsonrpc":"2.0","method":"notifications/initialized"}' \
    '{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"next"}}' \
    "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\",\"params\":{\"_meta\":{$V:\"2025-11-25\"}}}" \
    "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"ping\",\"params\":{$META}}" |
    rpc
jq -c '[.id, .result.protocolVersion, .result.serverInfo.name,
    .result.resultType, (.result.structuredContent.stories // [] | map(.id)),
    .error.code, .error.data]' "$TEST_ROOT/out" >"$TEST_ROOT/j"
mv "$TEST_ROOT/j" "$TEST_ROOT/out"
expect_out "2025-06-18: initialize, then calls in that version; another is -32022" <<'X'
[1,"2025-06-18","prio",null,[],null,null]
[2,null,null,null,["S-3"],null,null]
[3,null,null,null,[],-32022,{"supported":["2026-07-28","2025-11-25","2025-06-18"],"requested":"2025-11-25"}]
[4,null,null,null,[],null,null]
X

for asked in 2024-11-05 2026-07-28 2025-11-25; do
	printf '{"jsonrpc":"2.0","id":"%s","method":"initialize","params":{"protocolVersion":"%s","capabilities":{}}}\n' "$asked" "$asked"
done | rpc
jq -c .result.protocolVersion "$TEST_ROOT/out" >"$TEST_ROOT/j"
mv "$TEST_ROOT/j" "$TEST_ROOT/out"
expect_out "initialize: a version not served, or 2026-07-28, gets 2025-11-25" <<'X'
"2025-11-25"
"2025-11-25"
"2025-11-25"
X

printf '%s\n' \
    '{"jsonrpc":"2.0","id":1,"method":"tools/list"}' \
    "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\",\"params\":{\"_meta\":{$V:\"1999-01-01\"}}}" \
    "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"initialize\",\"params\":{$META,\"protocolVersion\":\"2026-07-28\"}}" \
    '{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"next"}}' |
    rpc
expect_out "no version, an unknown one, initialize in 2026-07-28" <<'X'
{"jsonrpc":"2.0","id":1,"error":{"code":-32600,"message":"the request names no protocol version: put \"io.modelcontextprotocol/protocolVersion\": \"2026-07-28\" in params._meta, or start with initialize","data":{"supported":["2026-07-28","2025-11-25","2025-06-18"]}}}
{"jsonrpc":"2.0","id":2,"error":{"code":-32022,"message":"protocol version '1999-01-01' is not supported; use one of data.supported","data":{"supported":["2026-07-28","2025-11-25","2025-06-18"],"requested":"1999-01-01"}}}
{"jsonrpc":"2.0","id":3,"error":{"code":-32601,"message":"initialize is not part of protocol version 2026-07-28: send requests with the version in _meta"}}
{"jsonrpc":"2.0","id":4,"error":{"code":-32600,"message":"the request names no protocol version: put \"io.modelcontextprotocol/protocolVersion\": \"2026-07-28\" in params._meta, or start with initialize","data":{"supported":["2026-07-28","2025-11-25","2025-06-18"]}}}
X

# Bad input, each answered, the server serving on.
{
	echo '{"jsonrpc":"2.0","id":1,"method":"ping",'
	echo '{"jsonrpc":"2.0","id":2,"id":3,"method":"ping"}'
	echo '{"jsonrpc":"2.0","id":12,"method":"ping","params":{"x":"a\u0000b"}}'
	echo '[{"jsonrpc":"2.0","id":4,"method":"ping"}]'
	echo '"ping"'
	echo '{"id":5,"method":"ping"}'
	echo '{"jsonrpc":"2.0","id":null,"method":"ping"}'
	echo '{"jsonrpc":"2.0","id":6,"method":"ping"}'
	echo '{"jsonrpc":"2.0","id":6,"method":"ping"}'
	echo "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"resources/list\",\"params\":{$META}}"
	echo '{"jsonrpc":"2.0","id":8,"method":"tools/call","params":[1]}'
	echo "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{$META}}"
	echo "{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"tools/call\",\"params\":{\"name\":\"show\",\"arguments\":[],$META}}"
	echo '{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1}}'
	echo ''
	echo '{"jsonrpc":"2.0","id":11,"method":"ping"}'
} | rpc
expect_out "bad lines: each a clear error, the server serving on" <<'X'
{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"parse error at column 40: string or '}' expected near end of file"}}
{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"parse error at column 28: duplicate object key near '\"id\"'"}}
{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"parse error at column 65: a string holds \\u0000 (NUL), which no story or argument can"}}
{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"a batch (an array of messages) is not accepted: send one message per line"}}
{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"parse error at column 6: '[' or '{' expected near '\"ping\"'"}}
{"jsonrpc":"2.0","id":5,"error":{"code":-32600,"message":"not JSON-RPC 2.0: \"jsonrpc\": \"2.0\" is missing"}}
{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"id must be a string or a number"}}
{"jsonrpc":"2.0","id":6,"result":{}}
{"jsonrpc":"2.0","id":6,"error":{"code":-32600,"message":"request id (a number) was used by a request before on this connection; give each request its own id"}}
{"jsonrpc":"2.0","id":7,"error":{"code":-32601,"message":"method 'resources/list' is not served; prio mcp serves tools (tools/list, tools/call)"}}
{"jsonrpc":"2.0","id":8,"error":{"code":-32602,"message":"params must be an object"}}
{"jsonrpc":"2.0","id":9,"error":{"code":-32602,"message":"tools/call needs params.name, the tool's name"}}
{"jsonrpc":"2.0","id":10,"error":{"code":-32602,"message":"params.arguments must be an object"}}
{"jsonrpc":"2.0","id":11,"result":{}}
X
expect_same "$(cat "$TEST_ROOT/err")" "" "bad lines: nothing on stderr"

# Ids are remembered for the last 1,024 requests: memory stays bounded.
{
	echo '{"jsonrpc":"2.0","id":"a","method":"ping"}'
	i=1
	while [ $i -le 1024 ]; do
		echo "{\"jsonrpc\":\"2.0\",\"id\":$i,\"method\":\"ping\"}"
		i=$((i + 1))
	done
	echo '{"jsonrpc":"2.0","id":"a","method":"ping"}'
	echo '{"jsonrpc":"2.0","id":1024,"method":"ping"}'
} | rpc
tail -n 2 "$TEST_ROOT/out" >"$TEST_ROOT/j"
mv "$TEST_ROOT/j" "$TEST_ROOT/out"
expect_out "an id more than 1,024 requests back is free again; a recent one is not" <<'X'
{"jsonrpc":"2.0","id":"a","result":{}}
{"jsonrpc":"2.0","id":1024,"error":{"code":-32600,"message":"request id (a number) was used by a request before on this connection; give each request its own id"}}
X

# A message over 1 MiB is skipped to its end, and named; the next is read.
{
	printf '{"jsonrpc":"2.0","id":1,"method":"ping","params":{"pad":"'
	head -c 1048600 /dev/zero | tr '\0' a
	printf '"}}\n{"jsonrpc":"2.0","id":2,"method":"ping"}\n'
} | rpc
expect_out "a message over 1 MiB: -32600, then the next one" <<'X'
{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"message over 1 MiB (1048576 bytes): not read"}}
{"jsonrpc":"2.0","id":2,"result":{}}
X

# stdin closed in the middle of a message: not run, said, exit 1.
printf '%s' "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"move\",\"arguments\":{\"id\":\"S-2\",\"bottom\":true,\"rationale\":\"x\"},$META}}" |
    rpc
rpc_rc
expect_rc 1 "stdin closed mid-message: exit 1"
expect_err "stdin closed mid-message: said" <<'X'
prio: mcp: the input ended in the middle of a message (no newline after it); it was not run
X
expect_same "$(cat "$TEST_ROOT/out")" "" "stdin closed mid-message: no answer"
expect_same "$(git rev-parse HEAD)" "$HEAD0" "stdin closed mid-message: nothing committed"

# A write in 2026-07-28, raw: the hook's stdout goes to the log.
printf '#!/bin/sh\necho "hook on stdout"\n' >.git/hooks/pre-commit
chmod +x .git/hooks/pre-commit
printf '%s\n' "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"move\",\"arguments\":{\"id\":\"S-2\",\"bottom\":true,\"rationale\":\"Later.\"},$META}}" |
    rpc
jq -c '[.result.isError, .result.structuredContent.commit == $head]' \
    --arg head "$(git rev-parse HEAD)" "$TEST_ROOT/out" >"$TEST_ROOT/j"
mv "$TEST_ROOT/j" "$TEST_ROOT/out"
expect_out "a write: its commit id, and only JSON on stdout" <<'X'
[false,true]
X
expect_err "a hook's stdout goes to the server's log" <<'X'
hook on stdout
X
rm .git/hooks/pre-commit

# SIGTERM during a write (from its pre-commit hook): the write undoes
# itself, its answer says so, and the server ends by the signal.
printf '#!/bin/sh\nkill -TERM $PPID\nsleep 1\n' >.git/hooks/pre-commit
chmod +x .git/hooks/pre-commit
HEAD1=$(git rev-parse HEAD)
printf '%s\n' "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"move\",\"arguments\":{\"id\":\"S-2\",\"top\":true,\"rationale\":\"x\"},$META}}" \
    '{"jsonrpc":"2.0","id":2,"method":"ping"}' | rpc
rpc_rc
expect_rc 143 "SIGTERM during a write: the server ends by it"
jq -c '[.id, .result.isError, .result.content[0].text]' "$TEST_ROOT/out" \
    >"$TEST_ROOT/j"
mv "$TEST_ROOT/j" "$TEST_ROOT/out"
expect_out "SIGTERM during a write: answered, nothing after" <<'X'
[1,true,"prio: interrupted by SIGTERM; nothing was changed\n"]
X
expect_same "$(git rev-parse HEAD)$(git status --porcelain)" "$HEAD1" \
    "SIGTERM during a write: nothing committed or left"
rm .git/hooks/pre-commit

# An answer over the limit (4 MiB; less here) is a tool error saying
# how to ask for less.
printf '%s\n' "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"plan\",\"arguments\":{\"capacity\":100},$META}}" |
    PRIO_MCP_MAX_ANSWER=500 rpc
jq -c '[.result.isError, .result.structuredContent, .result.content[0].text]' \
    "$TEST_ROOT/out" >"$TEST_ROOT/j"
mv "$TEST_ROOT/j" "$TEST_ROOT/out"
expect_out "an answer over the limit: a tool error" <<'X'
[true,null,"prio: the answer of plan is 662 bytes, over the 500 a tool gives; ask for less (a smaller limit, capacity or range)\n"]
X

# Where there is nothing to serve, it says so before serving.
run_prio mcp extra
expect_rc 2 "mcp takes no operand"
run_prio mcp </dev/null
expect_rc 0 "an empty stdin: exit 0"
mkdir "$TEST_ROOT/norepo"
(cd "$TEST_ROOT/norepo" && "$PRIO" mcp </dev/null >"$TEST_ROOT/out" \
    2>"$TEST_ROOT/err"; echo $? >"$TEST_ROOT/rc")
expect_same "$(cat "$TEST_ROOT/rc")" 2 "outside a repository: exit 2"
expect_err "outside a repository: said before serving" <<'X'
prio: not in a git repository; run prio inside one, or name one with -C <dir>
X

done_testing
