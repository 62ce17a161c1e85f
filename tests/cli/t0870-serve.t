#!/bin/sh
# prio serve's HTTP API with real requests (curl): the reads are exactly
# prio's --json documents, the writes exactly the commits prio's commands
# make (git is the oracle), and every refusal: Host, Origin, token,
# --read-only, a stale state, bad and oversized requests, unknown routes,
# a port in use.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/serve.sh"
export PRIO_RANK_SEED=42 PRIO_TODAY=2026-11-30

# --- Usage ---------------------------------------------------------------------
new_repo
run_prio serve --port x
expect_rc 2 "a port that is not one: exit 2"
expect_err "it says what a port is" <<'X'
prio: --port 'x' is not a port: give 1 to 65535, or 0 for a free one
usage: prio serve [--port <n>] [--open] [--read-only] [--listen <addr>]
X
run_prio serve --listen nowhere
expect_rc 2 "--listen needs an IP address"
expect_err "it says so" <<'X'
prio: --listen 'nowhere' is not an IP address; give one such as 127.0.0.1, 0.0.0.0 or ::1
X
rm backlog/prio.yml
run_prio serve
expect_rc 2 "no backlog: exit 2, nothing served"
expect_err "it says how to make one" <<'X'
prio: no backlog here: backlog/prio.yml not found in the work tree; run 'prio init' to create one
X

# --- A backlog ---------------------------------------------------------------
new_repo
good_story S-1 "rank: 1"
good_story S-2 "rank: 2
owner: ada
labels: [pay]"
good_story S-3 "rank: 3"
hostile_done_story "Done work"
commit_all "backlog"
git branch main-base
cp -R "$REPO" "$TEST_ROOT/twin"

start_server
case $URL in
http://127.0.0.1:[0-9]*/) ok "it prints its address on stdout" ;;
*) not_ok "it prints its address on stdout"; echo "#   '$URL'" ;;
esac
expect_same "$(cat "$TEST_ROOT/serve.err")" \
    "prio: serving the backlog of $REPO/; Ctrl-C stops" \
    "it says what it serves on stderr"
case $TOKEN in
????????????????????????????????) ok "the page carries a session token" ;;
*) not_ok "the page carries a session token"; echo "#   '$TOKEN'" ;;
esac

# --- Reads: prio's own documents ---------------------------------------------
http GET /
expect_code 200 "the page"
http GET /api/list
expect_code 200 "the list"
"$PRIO" list --json >"$TEST_ROOT/want.json"
expect_same "$(jpath "$TEST_ROOT/out" list)" "$(jcanon "$TEST_ROOT/want.json")" \
    "/api/list is exactly prio list --json"
expect_same "$(jpath "$TEST_ROOT/out" state)" "$(state_now)" \
    "and names the state it is based on"
http GET '/api/list?status=ready&label=pay'
"$PRIO" list --json --status ready --label pay >"$TEST_ROOT/want.json"
expect_same "$(jpath "$TEST_ROOT/out" list)" "$(jcanon "$TEST_ROOT/want.json")" \
    "filters are prio list's"
http GET '/api/list?status=ready&status=done&owner=ada'
"$PRIO" list --json --status ready --status done --owner ada >"$TEST_ROOT/want.json"
expect_same "$(jpath "$TEST_ROOT/out" list)" "$(jcanon "$TEST_ROOT/want.json")" \
    "a repeated status, and an owner"
http GET '/api/show?id=S-4'
expect_code 200 "a story"
"$PRIO" show S-4 --json >"$TEST_ROOT/want.json"
expect_same "$(jpath "$TEST_ROOT/out" show)" "$(jcanon "$TEST_ROOT/want.json")" \
    "/api/show is exactly prio show --json"
jpath "$TEST_ROOT/out" html >"$TEST_ROOT/html"
expect_file "$TEST_ROOT/html" "its Markdown is rendered without raw HTML or unsafe links" <<'X'
<p>Text with <!-- raw HTML omitted -->alert(1)<!-- raw HTML omitted --> and <a href="">a link</a>.</p>
<h2>Acceptance criteria</h2>
<ul>
<li>[x] It works.</li>
<li>[ ] It is fast.</li>
</ul>

X
http GET '/api/log?id=S-4'
"$PRIO" log S-4 --json >"$TEST_ROOT/want.json"
expect_same "$(jpath "$TEST_ROOT/out" log)" "$(jcanon "$TEST_ROOT/want.json")" \
    "/api/log is exactly prio log <id> --json"
http GET '/api/check'
"$PRIO" check --json >"$TEST_ROOT/want.json" 2>/dev/null
expect_same "$(jpath "$TEST_ROOT/out" check)" "$(jcanon "$TEST_ROOT/want.json")" \
    "/api/check is exactly prio check --json"
http GET '/api/meta'
expect_same "$(jpath "$TEST_ROOT/out" statuses)" \
    '[{"name": "draft", "terminal": false}, {"name": "ready", "terminal": false}, {"name": "in-progress", "terminal": false}, {"name": "done", "terminal": false}, {"name": "accepted", "terminal": true}, {"name": "dropped", "terminal": true}]' \
    "/api/meta: the statuses, for the board"
expect_same "$(jpath "$TEST_ROOT/out" rationale_required)" true \
    "/api/meta: whether a rationale is required"

# --- Refusals before anything runs -------------------------------------------
http GET /api/list -H "Host: evil.example:$PORT"
expect_code 421 "another Host (DNS rebinding) is refused"
expect_error "prio: this server answers only as http://$HOSTPORT/ (Host evil.example:$PORT is not it)" \
    "with the address it answers as"
http GET /api/list -H "Host: 127.0.0.1:1"
expect_code 421 "the right address on another port is refused"
http GET /api/state -H "Host: localhost:$PORT"
expect_code 200 "localhost:<port> names it too"
http GET /etc/passwd
expect_code 404 "no path outside the page answers"
expect_error "prio: no such page: /etc/passwd" "it says so"
http GET /../../etc/passwd
expect_code 404 "dot-dot goes nowhere"
head -c 40000 /dev/zero | tr '\0' 'h' >"$TEST_ROOT/header"
http GET /api/state -H "X-Big: $(cat "$TEST_ROOT/header")"
case $CODE in
4??) ok "oversized headers are refused ($CODE)" ;;
*) not_ok "oversized headers are refused"; echo "#   HTTP $CODE" ;;
esac
http GET /api/nothing
expect_code 404 "an unknown API route"
http GET /api/move
expect_code 405 "a write read with GET"
expect_error "prio: /api/move is a write: POST a JSON object" "it says to POST"
http POST /api/list -H "Origin: http://$HOSTPORT" -H "X-Prio-Token: $TOKEN"
expect_code 405 "a read POSTed"
http GET '/api/show?id=-h'
expect_code 400 "an id that would be an option is refused"
http GET '/api/show?id=../../etc/passwd'
expect_code 400 "an id that is a path is prio show's usage error"
expect_error "prio: '../../etc/passwd' is not in backlog/stories/, where the story files are; name a story by its ID or by the path of its file" \
    "in prio's words"
http GET '/api/show?id=S-99'
expect_code 422 "an unknown story"
http GET '/api/list?label=--all'
expect_code 400 "a filter that would be an option is refused"
http GET '/api/diff'
expect_code 400 "a diff needs a base"

ST=$(state_now)
HEAD0=$(git rev-parse HEAD)
MOVE='{"state": "'$ST'", "id": "S-3", "top": true, "rationale": "Pilot needs it"}'
http POST /api/move -H 'Content-Type: application/json' --data-binary "$MOVE"
expect_code 403 "a write without Origin is refused"
expect_error "prio: a write must come from the page itself (Origin missing is not it); nothing was changed" \
    "it says why"
http POST /api/move -H 'Origin: http://evil.example' -H "X-Prio-Token: $TOKEN" \
    --data-binary "$MOVE"
expect_code 403 "a write from another page is refused"
http POST /api/move -H "Origin: http://$HOSTPORT" --data-binary "$MOVE"
expect_code 403 "a write without the token is refused"
expect_error "prio: the session token is missing; reload the page; nothing was changed" \
    "it says to reload"
http POST /api/move -H "Origin: http://$HOSTPORT" -H 'X-Prio-Token: 0123' \
    --data-binary "$MOVE"
expect_code 403 "a wrong token is refused"
post /api/move '{"state": "'$ST'", "id": "S-3"'
expect_code 400 "malformed JSON"
post /api/move '[1, 2]'
expect_code 400 "JSON that is not an object"
post /api/move '{"id": "S-3", "top": true, "rationale": "x"}'
expect_code 400 "a write without the state it is based on"
head -c 70000 /dev/zero | tr '\0' 'a' >"$TEST_ROOT/big"
http POST /api/move -H "Origin: http://$HOSTPORT" -H "X-Prio-Token: $TOKEN" \
    --data-binary @"$TEST_ROOT/big"
expect_code 413 "an oversized request"
post /api/move '{"state": "'$ST'", "id": "S-3", "top": true, "to": 2, "rationale": "x"}'
expect_code 400 "two places at once"
post /api/move '{"state": "'$ST'", "id": "S-3", "to": 99, "rationale": "x"}'
expect_code 422 "a position that does not exist: prio move's refusal"
post /api/move '{"state": "'$ST'", "id": "S-3", "top": true, "rationale": ""}'
expect_code 422 "an empty rationale where one is required"
expect_error "prio: the rationale is empty; nothing was changed" "prio move's words"
expect_same "$(git rev-parse HEAD)" "$HEAD0" "nothing refused committed anything"
run_git status --porcelain
expect_out "nor changed a file" </dev/null

# --- Writes: the commits prio's commands make --------------------------------
post /api/move "$MOVE"
expect_code 200 "a move"
expect_same "$(jpath "$TEST_ROOT/out" commit)" "$(git rev-parse HEAD)" \
    "it answers with the commit"
(cd "$TEST_ROOT/twin" && "$PRIO" move S-3 --top -m "Pilot needs it" >/dev/null)
expect_same "$(git log -1 --format=%B)" \
    "$(git -C "$TEST_ROOT/twin" log -1 --format=%B)" \
    "the message is prio move's"
expect_same "$(git rev-parse HEAD^{tree})" \
    "$(git -C "$TEST_ROOT/twin" rev-parse HEAD^{tree})" \
    "the tree is prio move's"
expect_same "$(jpath "$TEST_ROOT/out" state)" "$(state_now)" \
    "it answers with the new state"

# Two tabs that showed the same state: the second is refused.
ST=$(state_now)
post /api/move '{"state": "'$ST'", "id": "S-1", "bottom": true, "rationale": "Tab one"}'
expect_code 200 "the first tab's move"
HEAD1=$(git rev-parse HEAD)
post /api/move '{"state": "'$ST'", "id": "S-1", "top": true, "rationale": "Tab two"}'
expect_code 409 "the second tab's move, based on the old state"
expect_error "prio: the backlog changed meanwhile (a commit, an edit or another tab); nothing was changed: look at it again and decide" \
    "says changed meanwhile"
expect_same "$(git rev-parse HEAD)" "$HEAD1" "and commits nothing"

# A change outside the page, even an uncommitted edit, moves the state.
ST=$(state_now)
printf '\n' >>backlog/stories/S-2.md
post /api/set '{"state": "'$ST'", "id": "S-1", "fields": {"owner": "bo"}, "rationale": "x"}'
expect_code 409 "an edit in the work tree makes the page's state old"
git checkout -q backlog/stories/S-2.md
git commit -q --allow-empty -m "elsewhere"
post /api/set '{"state": "'$ST'", "id": "S-1", "fields": {"owner": "bo"}, "rationale": "x"}'
expect_code 409 "so does a commit elsewhere"

# The folder replaced as a whole (a checkout can do it): the state still
# follows, then and afterwards.
ST=$(state_now)
mv backlog "$TEST_ROOT/backlog.old" && cp -Rp "$TEST_ROOT/backlog.old" backlog
ST2=$(state_now)
if [ "$ST" != "$ST2" ]; then ok "backlog/ replaced: a new state"; else
	not_ok "backlog/ replaced: a new state"; fi
printf '\n' >>backlog/stories/S-2.md
if [ "$(state_now)" != "$ST2" ]; then ok "an edit after that: a new state"; else
	not_ok "an edit after that: a new state"; fi
git checkout -q backlog/stories/S-2.md

ST=$(state_now)
post /api/set '{"state": "'$ST'", "id": "S-1", "fields": {"owner": "bo", "value": 8, "labels": ["a", "b"]}, "rationale": "Bo takes it"}'
expect_code 200 "a set"
run_git log -1 --format=%B
expect_out "it is prio set's commit" <<'X'
prio: set S-1 owner=bo, value=8, labels=a,b

Bo takes it

Prio-Story: S-1
Prio-Change: owner none -> bo
Prio-Change: value 5 -> 8
Prio-Change: labels none -> [a, b]

X
ST=$(state_now)
post /api/set '{"state": "'$ST'", "id": "S-1", "fields": {"status": "nope"}, "rationale": "x"}'
expect_code 422 "a set prio refuses"
expect_grep "unknown status|not a status|'nope'" "with prio's message"

ST=$(state_now)
post /api/accept '{"state": "'$ST'", "id": "S-4"}'
expect_code 422 "accept is gated as on the command line"
expect_grep "1 of 2 acceptance criteria is open" "it lists what is open"
post /api/tick '{"state": "'$ST'", "id": "S-4", "criterion": 2, "rationale": "Measured"}'
expect_code 200 "a tick"
run_git log -1 --format=%B
expect_out "it is prio tick's commit" <<'X'
prio: tick S-4 criterion 2

Measured

Prio-Story: S-4
Prio-Change: criterion-2 open -> met

X
ST=$(state_now)
post /api/accept '{"state": "'$ST'", "id": "S-4", "note": "Ship it"}'
expect_code 200 "accept once every criterion is met"
expect_same "$(git log -1 --format=%s)" "prio: accept S-4" "prio accept's commit"
expect_same "$(sed -n 's/^status: //p' backlog/stories/S-4.md)" accepted \
    "the story is accepted"
ST=$(state_now)
post /api/reject '{"state": "'$ST'", "id": "S-2", "rationale": "Not done"}'
expect_code 422 "reject of work that is not done"
expect_error "prio: cannot reject S-2: it is ready, and only done work can be sent back; nothing was changed" \
    "prio reject's words"

# A story deleted while the page shows it.
ST=$(state_now)
git rm -q backlog/stories/S-2.md && git commit -qm "drop S-2"
post /api/move '{"state": "'$ST'", "id": "S-2", "top": true, "rationale": "x"}'
expect_code 409 "a move of a story deleted meanwhile is refused as stale"
ST=$(state_now)
post /api/move '{"state": "'$ST'", "id": "S-2", "top": true, "rationale": "x"}'
expect_code 422 "and once reloaded, prio says it is gone"
run_git fsck --no-progress
expect_rc 0 "git fsck is happy"
run_git status --porcelain
expect_out "the work tree is clean" </dev/null

# --- A port in use -------------------------------------------------------------
"$PRIO" serve --port "$PORT" >"$TEST_ROOT/out" 2>"$TEST_ROOT/err"
RC=$?
expect_rc 2 "a port in use: exit 2"
if grep -Eq "^prio: port $PORT is in use on 127.0.0.1; try --port [0-9]+, or leave out --port for a free one$" \
    "$TEST_ROOT/err"; then
	ok "it says so and suggests another"
else
	not_ok "it says so and suggests another"
	sed 's/^/#   /' "$TEST_ROOT/err"
fi
other=$(sed -n 's/.*try --port \([0-9]*\),.*/\1/p' "$TEST_ROOT/err")
"$PRIO" serve --port "$other" >"$TEST_ROOT/out2" 2>/dev/null &
pid2=$!
i=0
while [ ! -s "$TEST_ROOT/out2" ] && [ $i -lt $((${PRIO_TEST_TIMEOUT:-10} * 10)) ]; do
	sleep 0.1
	i=$((i + 1))
done
expect_same "$(cat "$TEST_ROOT/out2")" "http://127.0.0.1:$other/" \
    "the port it suggests is free"
kill "$pid2"; wait "$pid2"

stop_server TERM
expect_rc 0 "SIGTERM stops it: exit 0"
expect_same "$(tail -n 1 "$TEST_ROOT/serve.err")" "prio: stopped by SIGTERM" \
    "it says so"
http GET /api/state
expect_code 000 "nothing answers afterwards"

# --- --read-only, --open ------------------------------------------------------
mkdir -p "$TEST_ROOT/bin"
printf '#!/bin/sh\necho "$@" >"%s/opened"\n' "$TEST_ROOT" >"$TEST_ROOT/bin/xdg-open"
chmod +x "$TEST_ROOT/bin/xdg-open"
OLDPATH=$PATH
PATH=$TEST_ROOT/bin:$PATH
start_server --read-only --open
PATH=$OLDPATH
i=0
while [ ! -s "$TEST_ROOT/opened" ] && [ $i -lt $((${PRIO_TEST_TIMEOUT:-10} * 10)) ]; do
	sleep 0.1
	i=$((i + 1))
done
expect_same "$(cat "$TEST_ROOT/opened")" "$URL" "--open hands the address to xdg-open"
expect_same "$TOKEN" "" "a read-only page has no token"
HEAD0=$(git rev-parse HEAD)
post /api/move '{"state": "'"$(state_now)"'", "id": "S-3", "bottom": true, "rationale": "x"}'
expect_code 403 "--read-only serves no writes"
expect_error "prio: this page is read-only (prio serve --read-only); nothing was changed" \
    "it says so"
expect_same "$(git rev-parse HEAD)" "$HEAD0" "nothing committed"
http GET /api/meta
expect_same "$(jpath "$TEST_ROOT/out" read_only)" true "/api/meta says read-only"
stop_server INT
expect_rc 0 "SIGINT stops it too"

# --- Ctrl-C during a commit ---------------------------------------------------
# A slow pre-commit hook holds the commit; SIGINT meanwhile waits for it:
# the write is answered and committed, then the server stops.
printf '#!/bin/sh\nsleep 2\n' >.git/hooks/pre-commit
chmod +x .git/hooks/pre-commit
start_server
HEAD0=$(git rev-parse HEAD)
post /api/move '{"state": "'"$(state_now)"'", "id": "S-1", "top": true, "rationale": "Before the break"}' &
curl_pid=$!
sleep 1
kill -INT "$SERVER_PID"
wait "$curl_pid"
expect_same "$(jpath "$TEST_ROOT/out" ok)" true "a write under way when SIGINT comes is answered"
expect_same "$(git log -1 --format=%s)" "prio: move S-1 to #1 (was #2)" \
    "and committed"
stop_server INT
expect_rc 0 "then the server stops"
expect_same "$(tail -n 1 "$TEST_ROOT/serve.err")" "prio: stopped by SIGINT" \
    "saying so"
run_git status --porcelain
expect_out "the work tree is clean" </dev/null
rm .git/hooks/pre-commit

# A request that never ends (its body never comes): the first SIGINT
# waits for it, a second one does not.
start_server
python3 -c '
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(b"POST /api/move HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nOrigin: http://127.0.0.1:%s\r\nX-Prio-Token: %s\r\nContent-Length: 100\r\n\r\n{" % (sys.argv[1].encode(), sys.argv[1].encode(), sys.argv[2].encode()))
time.sleep(20)' "$PORT" "$TOKEN" &
py_pid=$!
sleep 1
kill -INT "$SERVER_PID"
sleep 1
if kill -0 "$SERVER_PID" 2>/dev/null; then
	ok "the first SIGINT waits for the request under way"
else
	not_ok "the first SIGINT waits for the request under way"
fi
kill -INT "$SERVER_PID"
i=0
while kill -0 "$SERVER_PID" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
if kill -0 "$SERVER_PID" 2>/dev/null; then
	not_ok "a second SIGINT stops it at once"
else
	ok "a second SIGINT stops it at once"
fi
stop_server INT
expect_rc 0 "exit 0"
kill "$py_pid" 2>/dev/null
wait "$py_pid" 2>/dev/null

# --- --listen ------------------------------------------------------------------
start_server --listen 0.0.0.0
expect_same "$(sed -n 2p "$TEST_ROOT/serve.err")" \
    "prio: warning: listening on 0.0.0.0: anyone who can reach this machine can read the backlog and, with the page, change it" \
    "--listen on every interface warns that it is reachable"
http GET /api/state -H "Host: 127.0.0.1:$PORT"
expect_code 200 "an address of the machine names it"
http GET /api/state -H "Host: rebind.example:$PORT"
expect_code 421 "a name still does not"
stop_server

# libmicrohttpd is loaded by prio serve, not linked: linked, it and its
# TLS stack doubled the start of every prio command (serve_mhd.c).
needed=$(readelf -d "$PRIO" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' |
    grep -E 'microhttpd|gnutls' | tr '\n' ' ')
expect_same "$needed" "" "prio links neither libmicrohttpd nor gnutls"

done_testing
