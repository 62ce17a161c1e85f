#!/usr/bin/env python3
"""bench/mcp.py PRIO REPO RUNS SHOWS -- prio mcp at one backlog size.

Issue 17's targets: a `list` call on a running server answers in at most
half the time of a `prio list --json` process, and SHOWS `show` calls in
a row stay within 2x of the first one, with no growth in memory.

Times are wall clock, in ms: the server's from writing the request line
to reading its answer; the process's from spawn to exit.  The two sides
alternate run by run, so the load of a shared machine falls on both.
"""
import json
import os
import statistics
import subprocess
import sys
import time

prio, repo, runs, shows = sys.argv[1], sys.argv[2], int(sys.argv[3]), \
    int(sys.argv[4])
META = {"io.modelcontextprotocol/protocolVersion": "2026-07-28",
        "io.modelcontextprotocol/clientCapabilities": {}}


class Server:
    def __init__(self):
        self.p = subprocess.Popen([prio, "mcp"], cwd=repo,
                                  stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE)
        self.id = 0

    def call(self, name, args):
        self.id += 1
        msg = {"jsonrpc": "2.0", "id": self.id, "method": "tools/call",
               "params": {"name": name, "arguments": args, "_meta": META}}
        line = (json.dumps(msg) + "\n").encode()
        t = time.perf_counter()
        self.p.stdin.write(line)
        self.p.stdin.flush()
        answer = self.p.stdout.readline()
        ms = (time.perf_counter() - t) * 1000
        r = json.loads(answer)["result"]
        if r["isError"]:
            sys.exit("bench: %s failed: %s" % (name, r["content"]))
        return ms, r

    def rss_kb(self):
        with open("/proc/%d/status" % self.p.pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def cpu_ms(self):
        """The server's CPU time so far (user + system), in ms: the
        figure a shared machine's load does not move."""
        with open("/proc/%d/stat" % self.p.pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) * 1000 / \
            os.sysconf("SC_CLK_TCK")

    def close(self):
        self.p.stdin.close()
        self.p.wait()


def process(args):
    t = time.perf_counter()
    subprocess.run([prio] + args, cwd=repo, stdout=subprocess.DEVNULL,
                   check=True)
    return (time.perf_counter() - t) * 1000


def med(v):
    return statistics.median(v)


s = Server()
s.call("list", {})                      # warm: caches, page cache
process(["list", "--json"])
page, full, cli, cli_page = [], [], [], []
for _ in range(runs):
    page.append(s.call("list", {})[0])
    cli.append(process(["list", "--json"]))
    full.append(s.call("list", {"limit": 500})[0])
    cli_page.append(process(["list", "--json", "--limit=51"]))
print("list (a page of 50) on the server   %8.1f ms" % med(page))
print("prio list --json, a process         %8.1f ms  ratio %.2f "
      "(target <= 0.50)" % (med(cli), med(page) / med(cli)))
print("list (a page of 500) on the server  %8.1f ms  ratio %.2f"
      % (med(full), med(full) / med(cli)))
print("prio list --json --limit 51         %8.1f ms  (the same page, "
      "a process)" % med(cli_page))

ids = [x["id"] for x in s.call("list", {"limit": 500})[1]
       ["structuredContent"]["stories"]]
rss0 = s.rss_kb()
times, cpu = [], []
for i in range(shows):
    if i % 100 == 0:
        cpu.append(s.cpu_ms())
    times.append(s.call("show", {"id": ids[i % len(ids)]})[0])
cpu.append(s.cpu_ms())
rss1 = s.rss_kb()
first, last = times[0], med(times[-100:])
print("show: the first %.1f ms, the median of the last 100 %.1f ms, "
      "the slowest %.1f ms; last/first %.2f (target <= 2)"
      % (first, last, max(times), last / first))
print("show: median of the first 100 %.1f ms, of the last 100 %.1f ms"
      % (med(times[:100]), last))
print("show: server CPU per call, the first 100 %.1f ms, the last 100 "
      "%.1f ms (the load of other work moves wall time, not this)"
      % ((cpu[1] - cpu[0]) / 100, (cpu[-1] - cpu[-2]) / 100))
print("server memory (VmRSS) before the %d shows %d KiB, after %d KiB"
      % (shows, rss0, rss1))
s.close()
