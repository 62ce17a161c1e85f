#!/bin/sh
# make install PREFIX=...: prio, git-prio (so `git prio` works), the
# templates and the man pages.
. "$(dirname "$0")/lib.sh"

inst=$TEST_ROOT/inst
# shellcheck disable=SC2086
if make -s -C "$PRIO_SRC" ${PRIO_MAKE_ARGS:-} install PREFIX="$inst" \
    >"$TEST_ROOT/make.log" 2>&1; then
	ok "make install succeeds"
else
	not_ok "make install succeeds"
	sed 's/^/#   /' "$TEST_ROOT/make.log"
fi
for f in bin/prio bin/git-prio share/prio/templates/story.md \
    share/prio/templates/bug.md share/prio/templates/spike.md \
    share/man/man1/prio-init.1 share/man/man1/prio-new.1 \
    share/man/man1/prio-accept.1 share/man/man1/prio-reject.1 \
    share/man/man1/prio.1 share/man/man1/prio-check.1 \
    share/man/man1/prio-list.1 share/man/man1/prio-rank.1 \
    share/man/man1/prio-show.1 share/man/man1/prio-move.1 \
    share/man/man1/prio-set.1 share/man/man1/prio-rerank.1 \
    share/man/man1/prio-renumber.1 share/man/man1/prio-log.1 \
    share/man/man1/prio-diff.1 share/man/man1/prio-stats.1 \
    share/man/man1/prio-report.1 share/man/man1/prio-completion.1 \
    share/prio/templates/report.html; do
	[ -f "$inst/$f" ] && ok "installs $f" || not_ok "installs $f"
done
[ -x "$inst/bin/git-prio" ] && ok "git-prio is executable" ||
    not_ok "git-prio is executable"
grep -q '^\.TH "PRIO-LIST" "1"' "$inst/share/man/man1/prio-list.1" &&
    ok "man pages are roff" || not_ok "man pages are roff"

new_repo
good_story S-1
PATH=$inst/bin:$PATH git prio list >"$TEST_ROOT/out" 2>"$TEST_ROOT/err"
RC=$?
expect_rc 0 "git prio runs prio"
expect_out "git prio lists the backlog" <<'X'
#  ID   STATUS  SCORE  TITLE
1  S-1  ready    2.00  Story S-1
X

# The installed prio finds the installed templates next to itself.
unset PRIO_TEMPLATE_DIR
PATH=$inst/bin:$PATH PRIO_TODAY=2026-11-23 git prio new "Installed" -t bug \
    >"$TEST_ROOT/out" 2>"$TEST_ROOT/err"
RC=$?
expect_rc 0 "git prio new runs from the installed tree"
expect_out "and uses the installed templates" <<'X'
backlog/stories/S-2-installed.md
X
grep -q '^labels: \[bug\]$' backlog/stories/S-2-installed.md &&
    ok "the installed bug template" || not_ok "the installed bug template"

done_testing
