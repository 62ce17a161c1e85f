#!/bin/sh
# prio serve's page in a real browser: Debian's Chromium, headless,
# driven by playwright-core (serve-page.mjs).  A keyboard reorder, a drag,
# a criterion tick and an accept, each checked with git log; a cancel
# that commits nothing; a commit from a terminal that the page shows;
# screenshots at desktop and phone sizes, checked as t-report.t checks
# the report's.  Run by `make check-browser`, not by `make check`.
. "$PRIO_SRC/tests/cli/lib.sh"
. "$PRIO_SRC/tests/cli/serve.sh"
. "$PRIO_SRC/tests/browser/shots.sh"
export PRIO_RANK_SEED=7 PRIO_TODAY=2026-11-30

if [ ! -x /usr/bin/chromium ]; then
	echo "Bail out! chromium is needed (apt-get install chromium)"
	exit 1
fi
if [ ! -d "$NPM_DIR/playwright-core" ]; then
	echo "Bail out! playwright-core is needed (sh tools/npm-deps.sh)"
	exit 1
fi

new_repo
good_story S-1 "rank: 1"
good_story S-2 "rank: 2"
good_story S-3 "rank: 3"
hostile_done_story "Receipts <b>offline</b>"
commit_all "backlog"
BASE=$(git rev-parse HEAD)
git branch base

start_server
PRIO=$PRIO timeout 120 node "$PRIO_SRC/tests/browser/serve-page.mjs" "$URL" \
    "$TEST_ROOT" "$SERVER_PID" >"$TEST_ROOT/steps" 2>"$TEST_ROOT/node.err"
RC=$?
expect_rc 0 "the browser session runs"
sed 's/^/#   node: /' "$TEST_ROOT/node.err"
while IFS= read -r line; do
	case $line in
	"ok "*) ok "page: ${line#ok }" ;;
	*) not_ok "page: ${line#fail }" ;;
	esac
done <"$TEST_ROOT/steps"
stop_server
expect_rc 0 "the server the page stopped exited 0"
expect_file "$TEST_ROOT/serve.err" "and said nothing on its terminal but that" <<X
prio: serving the backlog of $REPO/; Ctrl-C stops
prio: stopped by SIGTERM
X

# --- git log is the oracle -------------------------------------------------
run_git log --reverse --format='%s | %b' "$BASE"..HEAD
tr '\n' ' ' <"$TEST_ROOT/out" | sed 's/  */ /g; s/ | / |/g; s/prio: /\nprio: /g' |
    sed '/^$/d; s/ $//; s/rank [0-9.]* -> [0-9.]*/rank <old> -> <new>/' \
    >"$TEST_ROOT/log"
echo >>"$TEST_ROOT/log"
expect_file "$TEST_ROOT/log" "each step is one commit, with its rationale" <<'X'
prio: move S-3 to #2 (was #3) |Keyboard: S-3 matters more Prio-Story: S-3 Prio-Change: rank <old> -> <new>
prio: move S-1 to #4 (was #1) |Keyboard: S-1 can wait Prio-Story: S-1 Prio-Change: rank <old> -> <new>
prio: move S-4 to #1 (was #3) |Drag: S-4 first Prio-Story: S-4 Prio-Change: rank <old> -> <new>
prio: move S-1 to #1 (was #4) |From a terminal Prio-Story: S-1 Prio-Change: rank <old> -> <new>
prio: tick S-4 criterion 2 |Tick: measured at 80 ms Prio-Story: S-4 Prio-Change: criterion-2 open -> met
prio: accept S-4 |Accept: shipped Prio-Story: S-4 Prio-Change: status done -> accepted Prio-Change: accepted none -> 2026-11-30
X
run_git status --porcelain
expect_out "the work tree is clean" </dev/null
run_git fsck --no-progress
expect_rc 0 "git fsck is happy"

# --- Screenshots -----------------------------------------------------------
# shot NAME WIDTH HEIGHT: the size asked for, not blank, and the list's
# status tags drawn (#dbeafe, at least 300 pixels).
shot() {
	shot_checks "$1" "$2" "$3" 100 '#dbeafe'
	tags=$(awk '$1 == "#dbeafe" { print $2 }' "$TEST_ROOT/facts")
	if [ "${tags:-0}" -ge 300 ]; then
		ok "the $1 screenshot shows the status tags"
	else
		not_ok "the $1 screenshot shows the status tags"
		sed 's/^/#   /' "$TEST_ROOT/facts"
	fi
}
shot desktop 1280 900
shot phone 390 844
[ -n "${SERVE_SHOTS:-}" ] && cp "$TEST_ROOT"/*.png "$SERVE_SHOTS"/

done_testing
