#!/bin/sh
# tools/npm-deps.sh — installs the real peers the tests run against into
# tests/npm/node_modules, from the npm registry, at the versions
# tests/npm/package-lock.json pins: Backlog.md's CLI (backlog.md), the
# official MCP client (@modelcontextprotocol/sdk) and playwright-core
# (which drives Debian's chromium; it downloads no browser).  Does
# nothing when they are there already.  Needs node and npm (tools/deps.sh).
set -eu
# npm install, not npm ci: the lock file holds only this platform's build
# of backlog.md (npm leaves the other platforms' optional packages out),
# which npm ci calls out of sync.
dir=$(cd "$(dirname "$0")/../tests/npm" && pwd)
if [ -f "$dir/node_modules/.prio-installed" ] &&
    [ "$dir/node_modules/.prio-installed" -nt "$dir/package-lock.json" ]; then
	exit 0
fi
echo "npm-deps: installing into $dir/node_modules"
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --prefix "$dir" --no-audit --no-fund \
    --silent
touch "$dir/node_modules/.prio-installed"
