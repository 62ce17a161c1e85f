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

# `git prio --help` and `git help prio` ask man for git-prio, as for any
# git subcommand: git-prio.1 is prio.1.  man-db must be installed.
if ! command -v man >/dev/null 2>&1; then
	not_ok "man (Debian: man-db) is needed to test git prio --help"
fi
[ -L "$inst/share/man/man1/git-prio.1" ] &&
    [ "$(readlink "$inst/share/man/man1/git-prio.1")" = prio.1 ] &&
    ok "installs git-prio.1 as a link to prio.1" ||
    not_ok "installs git-prio.1 as a link to prio.1"
man -M "$inst/share/man" -w git-prio >"$TEST_ROOT/out" 2>"$TEST_ROOT/err"
RC=$?
expect_rc 0 "man finds git-prio"
expect_out "man -w git-prio is the installed prio(1)" <<X
$inst/share/man/man1/prio.1
X
MANPAGER=cat MANWIDTH=80 man -M "$inst/share/man" git-prio \
    >"$TEST_ROOT/out" 2>"$TEST_ROOT/err"
expect_grep '^ +prio - a git-native, plain-text product backlog$' \
    "man git-prio shows prio's manual"

# A man viewer (man.<tool>.cmd) that says which page git asked for, and
# where man finds it from the PATH and MANPATH git hands it.
cat >"$TEST_ROOT/viewer" <<'X'
#!/bin/sh
echo "page $1"
man -w "$1"
X
chmod +x "$TEST_ROOT/viewer"
help_via_git() {
	PATH=$inst/bin:$PATH git -c help.format=man -c man.viewer=rec \
	    -c man.rec.cmd="$TEST_ROOT/viewer" "$@" \
	    >"$TEST_ROOT/out" 2>"$TEST_ROOT/err"
	RC=$?
}
unset MANPATH
help_via_git prio --help
expect_rc 0 "git prio --help runs the man viewer"
expect_out "git prio --help opens git-prio, found next to the installed prio" <<X
page git-prio
$inst/share/man/man1/prio.1
X
help_via_git help prio
expect_out "git help prio opens the same page" <<X
page git-prio
$inst/share/man/man1/prio.1
X
MANPATH=$inst/share/man help_via_git prio --help
expect_out "and with MANPATH naming the installed pages" <<X
page git-prio
$inst/share/man/man1/prio.1
X

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
