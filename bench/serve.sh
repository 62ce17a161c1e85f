#!/bin/sh
# bench/serve.sh — prio serve at 10,000 stories (issue 18's targets):
#   - the page's first data (GET /api/list, the whole answer read) in at
#     most 1.5x the time of a `prio list --json` process;
#   - a reorder round trip (from the request to the new list) in at most
#     1.2x a `prio move` process.  The page shows the new list from the
#     move's answer (prio move's subject says where the story went; the
#     stories between shift by one: app.js applyMove), so the round trip
#     is POST /api/move.  For comparison, the move followed by the whole
#     list again (GET /api/list) is shown too.
# The two sides alternate run by run, so the load of a shared machine
# falls on both alike; each figure is a median.  The client is python3's
# http.client, a fresh connection a request as a page's first load has.
#
# Environment: PRIO, BENCH_BIN as for run.sh; BENCH_RUNS (default 7);
# BENCH_OUT (default bench/out).
set -eu
: "${PRIO:?set PRIO}" "${BENCH_BIN:?set BENCH_BIN}"
runs=${BENCH_RUNS:-7}
here=$(cd "$(dirname "$0")" && pwd)
out=${BENCH_OUT:-$here/out}
n=${BENCH_SERVE_SIZE:-10000}
. "$here/work.sh"
work_copy "$n" serve

"$PRIO" serve >"$work.url" 2>/dev/null &
pid=$!
trap 'kill $pid 2>/dev/null' EXIT
i=0
while [ ! -s "$work.url" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
url=$(head -n 1 "$work.url")
rm -f "$work.url"
# Two open stories in the middle of the order: the CLI moves one to the
# top, the page the other, in turn, so each move is a real one from #2.
a=$("$PRIO" list | awk 'NR == 200 { print $2 }')
b=$("$PRIO" list | awk 'NR == 300 { print $2 }')

python3 - "$PRIO" "$url" "$runs" "$a" "$b" "$n" <<'EOF'
import http.client, json, statistics, subprocess, sys, time, urllib.parse

prio, url, runs, a, b = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
n = int(sys.argv[6])
u = urllib.parse.urlsplit(url)
token = None

def request(method, path, body=None):
    c = http.client.HTTPConnection(u.hostname, u.port)
    headers = {}
    if body is not None:
        headers = {"Content-Type": "application/json", "Origin": url.rstrip("/"),
                   "X-Prio-Token": token}
        body = json.dumps(body)
    c.request(method, path, body, headers)
    r = c.getresponse()
    data = r.read()
    c.close()
    if r.status != 200:
        sys.exit("bench/serve.sh: %s %s: HTTP %d %s" % (method, path, r.status, data[:200]))
    return data

page = request("GET", "/").decode()
token = page.split('name="prio-token" content="')[1].split('"')[0]

def timed(f):
    t = time.perf_counter()
    f()
    return (time.perf_counter() - t) * 1000

def cli(*args):
    subprocess.run([prio, *args], stdout=subprocess.DEVNULL, check=True)

# The page learns of the CLI's move by polling /api/state (untimed).
def move(state):
    r = json.loads(request("POST", "/api/move", {"state": state, "id": b,
        "top": True, "rationale": "bench: move"}))
    if " to #1 (was #" not in r["output"]:
        sys.exit("bench/serve.sh: unexpected answer: %s" % r["output"])

def page_round_trip(relist):
    state = json.loads(request("GET", "/api/state"))["state"]
    return timed(lambda: (move(state), relist and request("GET", "/api/list")))

# One warm-up each, then alternate.
cli("list", "--json"); request("GET", "/api/list")
cli_list, page_list, cli_move, page_move = [], [], [], []
for i in range(runs):
    cli_list.append(timed(lambda: cli("list", "--json")))
    page_list.append(timed(lambda: request("GET", "/api/list")))
cli("move", a, "--top", "-m", "bench: move"); page_round_trip(False)
page_relist = []
for i in range(runs):
    cli_move.append(timed(lambda: cli("move", a, "--top", "-m", "bench: move")))
    page_move.append(page_round_trip(False))
    cli("move", a, "--top", "-m", "bench: move")
    page_relist.append(page_round_trip(True))

def row(name, ms):
    print("  %-36s %8.1f ms" % (name, statistics.median(ms)))

def ratio(name, p, c, target):
    r = statistics.median(p) / statistics.median(c)
    print("  %-36s %7.2fx (target <= %.2fx) %s" % (name, r, target, "PASS" if r <= target else "FAIL"))

print("prio serve at %s (median of %d alternating runs, after a warm-up):" % (sys.argv[0] and "%d stories" % n, runs))
row("prio list --json (a process)", cli_list)
row("GET /api/list (first data)", page_list)
ratio("ratio first data / list", page_list, cli_list, 1.5)
row("prio move --top (a process)", cli_move)
row("POST /api/move (round trip)", page_move)
ratio("ratio round trip / move", page_move, cli_move, 1.2)
row("POST /api/move + GET /api/list", page_relist)
EOF
kill $pid
wait $pid 2>/dev/null || true
trap - EXIT
git fsck --no-progress >/dev/null && echo "  git fsck: clean"
