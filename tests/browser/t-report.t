#!/bin/sh
# prio report in a real browser: headless Chromium (Debian's chromium)
# renders the page of t0910-report.t's history at desktop and phone
# sizes.  The screenshots must be the size asked for, not blank, and
# show the charts' colours; the DOM that Chromium builds (--dump-dom)
# must have the same parts as the file (report-parts.py on both).
# Run by `make check-browser` (and .ci/run), not by `make check`.
. "$PRIO_SRC/tests/cli/lib.sh"
. "$PRIO_SRC/tests/cli/stats-history.sh"
. "$PRIO_SRC/tests/browser/shots.sh"

PARTS=$PRIO_SRC/tests/cli/report-parts.py
CHROMIUM=${CHROMIUM:-chromium}

if ! command -v "$CHROMIUM" >/dev/null 2>&1; then
	not_ok "chromium is installed (apt-get install chromium)"
	done_testing
	exit 1
fi

# browse ARGS...: headless Chromium with a profile of its own; as root
# it needs --no-sandbox.  Its chatter on stderr is kept apart.
browse() {
	timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
	    --no-first-run --disable-extensions --hide-scrollbars \
	    --user-data-dir="$TEST_ROOT/chromium" "$@" 2>"$TEST_ROOT/chromium.log"
}

make_history
story S-8 <<'X'
---
id: S-8
title: <script>alert("x")</script> & 'quotes' <b>bold</b>
status: draft
rank: 4
---
X
at 2026-01-20 13:00
commit "S-8"
run_prio report -o "$TEST_ROOT/page.html"
expect_rc 0 "report writes the page"
URL=file://$TEST_ROOT/page.html

# --- The DOM Chromium builds has the parts of the file -------------------------
browse --dump-dom "$URL" >"$TEST_ROOT/dom.html"
RC=$?
expect_rc 0 "chromium --dump-dom exits 0"
python3 "$PARTS" "$TEST_ROOT/page.html" >"$TEST_ROOT/file-parts" 2>&1
python3 "$PARTS" "$TEST_ROOT/dom.html" >"$TEST_ROOT/out" 2>"$TEST_ROOT/err"
RC=$?
expect_rc 0 "the DOM has no script and loads nothing from outside"
expect_out "the DOM has the same parts as the file" <"$TEST_ROOT/file-parts"
expect_grep '^backlog row: 4 \| S-8 \| <script>alert\("x"\)</script> & '\''quotes'\'' <b>bold</b> \| draft' \
    "the escaped title is text in the DOM, not elements"
n=$(grep -o '<svg class="chart"' "$TEST_ROOT/dom.html" | wc -l | tr -d ' ')
if [ "$n" = 4 ]; then
	ok "the DOM holds the four charts as SVG"
else
	not_ok "the DOM holds the four charts as SVG"
	echo "#   $n svg elements"
fi

# --- Screenshots ------------------------------------------------------------
# shot NAME WIDTH HEIGHT: the size asked for, not blank (many colours:
# text, charts), and for each chart colour whether at least 300 pixels
# have it exactly (a chart's area, not a legend's swatch): the bars'
# blue, the cumulative flow's amber (ready) and the burn-up's and flow's
# green (accepted).
shot() {
	rm -f "$TEST_ROOT/$1.png"
	browse --window-size="$2,$3" --screenshot="$TEST_ROOT/$1.png" "$URL"
	RC=$?
	expect_rc 0 "chromium takes the $1 screenshot"
	shot_checks "$1" "$2" "$3" 200 '#2563eb' '#f59e0b' '#16a34a'
	awk '/^#/ { print $1, ($2 >= 300 ? "drawn" : "missing (" $2 " px)") }' \
	    "$TEST_ROOT/facts" >"$TEST_ROOT/out"
	expect_out "the $1 screenshot shows the charts' colours" <<-'X'
	#2563eb drawn
	#f59e0b drawn
	#16a34a drawn
	X
}

# A projector or desktop: the charts two by two near the top.
shot desktop 1280 1400
# A phone: one column; the charts still come before the backlog.
shot phone 390 2600

done_testing
