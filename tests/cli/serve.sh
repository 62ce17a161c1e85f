# tests/cli/serve.sh — prio serve for the tests (sourced after lib.sh):
#   start_server [args]   prio serve in the background, from $PWD; sets
#                         SERVER_PID, URL (http://127.0.0.1:N/), HOSTPORT,
#                         PORT; its stdout and stderr in $TEST_ROOT/serve.*
#   stop_server [SIG]     stops it (TERM) and waits; RC is its exit code
#   http METHOD PATH [curl args]   one request: body in $TEST_ROOT/out,
#                         status in CODE
#   post PATH JSON        a write as the page makes it (Origin, token)
#   jpath FILE KEY...     a member of a JSON file, as canonical JSON (a
#                         string as itself)
#   jcanon FILE           a JSON file as canonical JSON
#   hostile_done_story TITLE   S-4: done, rank 4, one criterion met and
#                         one open, HTML and a javascript: link in its text
# Curl is the client: a missing one fails the test file.

if ! command -v curl >/dev/null 2>&1; then
	echo "Bail out! curl is needed (apt-get install curl)"
	exit 1
fi

SERVER_PID=
trap 'if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null; fi
chmod -R u+rwx "$TEST_ROOT" 2>/dev/null; rm -rf "$TEST_ROOT"' EXIT

start_server() {
	rm -f "$TEST_ROOT/serve.out" "$TEST_ROOT/serve.err"
	"$PRIO" serve "$@" >"$TEST_ROOT/serve.out" 2>"$TEST_ROOT/serve.err" &
	SERVER_PID=$!
	# Up to PRIO_TEST_TIMEOUT seconds (10; more under valgrind).
	_i=0
	while [ ! -s "$TEST_ROOT/serve.out" ] &&
	    [ $_i -lt $((${PRIO_TEST_TIMEOUT:-10} * 10)) ]; do
		if ! kill -0 "$SERVER_PID" 2>/dev/null; then
			break
		fi
		sleep 0.1
		_i=$((_i + 1))
	done
	URL=$(head -n 1 "$TEST_ROOT/serve.out")
	HOSTPORT=${URL#http://}
	HOSTPORT=${HOSTPORT%/}
	PORT=${HOSTPORT##*:}
	TOKEN=$(curl -s "$URL" | sed -n 's/.*name="prio-token" content="\([^"]*\)".*/\1/p')
}

stop_server() {
	kill "-${1:-TERM}" "$SERVER_PID" 2>/dev/null
	wait "$SERVER_PID"
	RC=$?
	SERVER_PID=
}

http() {
	_m=$1 _p=$2
	shift 2
	CODE=$(curl -s --path-as-is -o "$TEST_ROOT/out" -w '%{http_code}' \
	    -X "$_m" "$@" "${URL%/}$_p")
}

post() {
	http POST "$1" -H "Origin: http://$HOSTPORT" -H "X-Prio-Token: $TOKEN" \
	    -H 'Content-Type: application/json' --data-binary "$2"
}

# The state to base a write on, now.
state_now() {
	curl -s "${URL}api/state" | sed 's/.*"state": "\([0-9a-f]*\)".*/\1/'
}

jpath() {
	python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
for k in sys.argv[2:]:
    d = d[int(k)] if isinstance(d, list) else d[k]
print(d if isinstance(d, str) else json.dumps(d, sort_keys=True))' "$@"
}

jcanon() {
	python3 -c '
import json, sys
print(json.dumps(json.load(open(sys.argv[1])), sort_keys=True))' "$1"
}

# expect_code N "name": the last request's HTTP status.
expect_code() {
	if [ "$CODE" = "$1" ]; then
		ok "$2"
	else
		not_ok "$2"
		echo "#   HTTP $CODE, want $1"
		sed 's/^/#   body: /' "$TEST_ROOT/out"
	fi
}

# expect_error "message" "name": the last answer is {"error": message}.
expect_error() {
	_got=$(jpath "$TEST_ROOT/out" error 2>/dev/null)
	expect_same "$_got" "$1" "$2"
}

hostile_done_story() {
	printf -- '---\nid: S-4\ntitle: %s\nstatus: done\nrank: 4\n---\n' "$1" \
	    >backlog/stories/S-4.md
	cat >>backlog/stories/S-4.md <<'X'
Text with <script>alert(1)</script> and [a link](javascript:alert(1)).

## Acceptance criteria

- [x] It works.
- [ ] It is fast.
X
}
