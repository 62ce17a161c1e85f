#!/bin/sh
# prio follows git's conventions (prio(1)): the global --no-pager and
# --color, the pager from PRIO_PAGER, GIT_PAGER, pager.prio, core.pager,
# PAGER, less; colour from --color, color.ui, NO_COLOR (only when not
# empty) and TERM; "The most similar command is" for a mistyped
# command; and "kind" in every JSON document.  (git-prio.1 and `git prio
# --help`: t0002-install.t.)
. "$(dirname "$0")/lib.sh"

if ! command -v script >/dev/null 2>&1; then
	not_ok "script(1) (Debian: bsdutils) is needed for a pseudo-terminal"
	done_testing
	exit 1
fi

# on_tty CMD...: runs CMD with a pseudo-terminal as stdout; output in $OUT.
on_tty() {
	script -qec "$*" /dev/null </dev/null >"$TEST_ROOT/out" 2>&1
	RC=$?
	tr -d '\r' <"$TEST_ROOT/out" >"$TEST_ROOT/out.clean"
	mv "$TEST_ROOT/out.clean" "$TEST_ROOT/out"
}

new_repo
good_story S-1
commit_all base
esc=$(printf '\033')
header="#  ID   STATUS  SCORE  TITLE"
row="1  S-1  ready    2.00  Story S-1"

# ---- the pager: which one, in git's order, only on a terminal ----

# Each candidate pager marks the lines it pages with its own name.
tag() {
	echo "sed s/^/$1:/"
}
paged_by() {
	expect_out "$1" <<X
$2:$header
$2:$row
X
}
not_paged() {
	expect_out "$1" <<X
$header
$row
X
}

GIT_PAGER=$(tag git-pager) PAGER=$(tag pager) on_tty "$PRIO" list
paged_by "GIT_PAGER comes before PAGER" git-pager
PRIO_PAGER=$(tag prio-pager) GIT_PAGER=$(tag git-pager) on_tty "$PRIO" list
paged_by "PRIO_PAGER comes before GIT_PAGER" prio-pager

git config core.pager "$(tag core.pager)"
PAGER=$(tag pager) on_tty "$PRIO" list
paged_by "core.pager comes before PAGER" core.pager
GIT_PAGER=$(tag git-pager) on_tty "$PRIO" list
paged_by "GIT_PAGER comes before core.pager" git-pager

git config pager.prio "$(tag pager.prio)"
on_tty "$PRIO" list
paged_by "pager.prio's command comes before core.pager" pager.prio
GIT_PAGER=$(tag git-pager) on_tty "$PRIO" list
paged_by "GIT_PAGER comes before pager.prio's command, as in git" git-pager

git config pager.prio true
on_tty "$PRIO" show S-1
if grep -q '^core.pager:S-1  Story S-1$' "$TEST_ROOT/out"; then
	ok "pager.prio=true pages with core.pager"
else
	not_ok "pager.prio=true pages with core.pager"
	sed 's/^/#   /' "$TEST_ROOT/out"
fi
git config pager.prio false
PRIO_PAGER=$(tag prio-pager) on_tty "$PRIO" list
not_paged "pager.prio=false turns the pager off, even PRIO_PAGER"
git config pager.prio off
on_tty "$PRIO" list
not_paged "pager.prio takes any git boolean (off)"
git config --unset pager.prio

PRIO_PAGER=$(tag prio-pager) on_tty "$PRIO" --no-pager list
not_paged "--no-pager turns the pager off"
on_tty "$PRIO" --no-pager -C "$REPO" list
not_paged "--no-pager with -C, before the command"
GIT_PAGER= on_tty "$PRIO" list
not_paged "an empty GIT_PAGER means no pager"
GIT_PAGER=cat on_tty "$PRIO" list
not_paged "GIT_PAGER=cat means no pager"
git config core.pager cat
PAGER=$(tag pager) on_tty "$PRIO" list
not_paged "core.pager=cat means no pager"
git config --unset core.pager

# `git -c core.pager=... prio` reaches prio in GIT_CONFIG_PARAMETERS,
# shell-quoted (libgit2 does not read it; prio does).
mkdir -p "$TEST_ROOT/bin"
ln -s "$PRIO" "$TEST_ROOT/bin/git-prio"
cat >"$TEST_ROOT/git-c-pager" <<'X'
#!/bin/sh
exec git -c core.pager="sed 's/^/it'\''s:/'" prio list
X
PAGER=$(tag pager) PATH=$TEST_ROOT/bin:$PATH on_tty sh "$TEST_ROOT/git-c-pager"
paged_by "git -c core.pager=... prio: that pager, its quotes intact" "it's"

GIT_PAGER=$(tag git-pager) run_prio list
expect_out "no pager when stdout is not a terminal" <<X
$header
$row
X

# Nothing configured: less, with LESS=FRX and LV=-c unless set (a fake
# less on the PATH says what it was given).
cat >"$TEST_ROOT/bin/less" <<'X'
#!/bin/sh
echo "less LESS=$LESS LV=$LV"
cat
X
chmod +x "$TEST_ROOT/bin/less"
PATH=$TEST_ROOT/bin:$PATH on_tty "$PRIO" list
expect_out "no pager named: less with LESS=FRX and LV=-c" <<X
less LESS=FRX LV=-c
$header
$row
X
LESS=S LV=-x PATH=$TEST_ROOT/bin:$PATH on_tty "$PRIO" list
expect_out "LESS and LV the user set are kept" <<X
less LESS=S LV=-x
$header
$row
X

# ---- colour: --color, then color.ui, else auto ----
# (--no-pager: less would add its own escapes on a terminal.)

coloured() {
	expect_out "$1" <<X
$esc[1m$header$esc[m
$row
X
}
plain() {
	expect_out "$1" <<X
$header
$row
X
}

run_prio --color list
coloured "--color alone is --color=always, as in git"
run_prio --color=always list
coloured "--color=always colours into a pipe"
run_prio --color=auto list
plain "--color=auto: no colour into a pipe"
run_prio --color=ALWAYS list
coloured "--color takes its value in any case, as git"
unset NO_COLOR
on_tty "$PRIO" --no-pager --color=never list
plain "--color=never: no colour on a terminal"
on_tty "$PRIO" --no-pager list
coloured "colour on a terminal by default"
NO_COLOR= on_tty "$PRIO" --no-pager list
coloured "an empty NO_COLOR counts as unset"
NO_COLOR=1 on_tty "$PRIO" --no-pager list
plain "NO_COLOR=1 turns auto colour off"
NO_COLOR=0 on_tty "$PRIO" --no-pager list
plain "any non-empty NO_COLOR turns it off (NO_COLOR=0)"
NO_COLOR=1 run_prio --color=always list
coloured "--color=always wins over NO_COLOR (no-color.org)"
TERM=dumb run_prio --color=always list
coloured "--color=always wins over TERM=dumb"

git config color.ui always
run_prio list
coloured "color.ui=always colours into a pipe"
NO_COLOR=1 run_prio list
coloured "color.ui=always wins over NO_COLOR, as a setting the user made"
run_prio --color=never list
plain "--color=never wins over color.ui"
git config color.ui never
on_tty "$PRIO" --no-pager list
plain "color.ui=never: no colour on a terminal"
on_tty "$PRIO" --no-pager --color=auto list
coloured "--color=auto wins over color.ui=never"
git config color.ui false
on_tty "$PRIO" --no-pager list
plain "color.ui=false is never"
git config color.ui true
on_tty "$PRIO" --no-pager list
coloured "color.ui=true is auto: colour on a terminal"
run_prio list
plain "color.ui=true is auto: no colour into a pipe"
git config color.ui auto
run_prio list
plain "color.ui=auto: no colour into a pipe"
git config --global color.ui always
git config --unset color.ui
run_prio list
coloured "color.ui from the user's global config"
git config --global --unset color.ui

# Into the pager git started for `git prio` (pager.prio), auto colour
# stays on, as for git's own commands: git says so in GIT_PAGER_IN_USE.
GIT_PAGER_IN_USE=true run_prio list
coloured "GIT_PAGER_IN_USE=true: auto colour into git's pager"
GIT_PAGER_IN_USE=false run_prio list
plain "GIT_PAGER_IN_USE=false: no colour into a pipe"
PATH=$TEST_ROOT/bin:$PATH on_tty git -c pager.prio="'$(tag git-paged)'" \
    prio list
expect_out "git prio with pager.prio: git's pager, prio's colour" <<X
git-paged:$esc[1m$header$esc[m
git-paged:$row
X
# `git -c color.ui=... prio`, and GIT_CONFIG_COUNT, as git reads them.
git_prio() {
	PATH=$TEST_ROOT/bin:$PATH git "$@" >"$TEST_ROOT/out" 2>"$TEST_ROOT/err"
	RC=$?
}
git_prio -c color.ui=always prio list
coloured "git -c color.ui=always prio: colour"
git_prio -c color.ui=always -c Color.UI=never prio list
plain "the last -c wins, its key in any case"
git config color.ui never
git_prio -c color.ui=always prio list
coloured "-c wins over the repository's config"
git config --unset color.ui
GIT_CONFIG_PARAMETERS="'color.ui=always'" run_prio list
coloured "GIT_CONFIG_PARAMETERS in the older 'key=value' form"
GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=color.ui GIT_CONFIG_VALUE_0=always \
    run_prio list
coloured "GIT_CONFIG_COUNT, GIT_CONFIG_KEY_0, GIT_CONFIG_VALUE_0"
GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=color.ui GIT_CONFIG_VALUE_0=always \
    git_prio -c color.ui=never prio list
plain "-c wins over GIT_CONFIG_COUNT, as in git"

NO_COLOR=1 on_tty "$PRIO" --no-pager show S-1
if grep -q "$esc" "$TEST_ROOT/out"; then
	not_ok "show follows the colour decision too"
	sed 's/^/#   /' "$TEST_ROOT/out" | cat -v
else
	ok "show follows the colour decision too"
fi
export NO_COLOR=1

# Bad values: a usage error (exit 2) or a bad config (exit 2), naming
# the values that work; nothing printed on stdout.
run_prio --color=sometimes list
expect_rc 2 "--color=sometimes is a usage error"
expect_err "it names the valid values" <<'X'
prio: bad --color value 'sometimes'; use auto, always or never
X
expect_out "and prints nothing else" </dev/null
run_prio --color= list
expect_rc 2 "an empty --color= is a usage error too"
git config color.ui sometimes
run_prio list
expect_rc 2 "color.ui=sometimes is a bad config"
expect_err "it names the key and the valid values" <<'X'
prio: bad color.ui value 'sometimes' in the git config; use auto, always, never, true or false
X
run_prio --color=never list
expect_rc 0 "--color overrides a bad color.ui, which is not read"
git config --unset color.ui
cp "$HOME/.gitconfig" "$TEST_ROOT/gitconfig.saved"
printf '[core\n' >>"$HOME/.gitconfig"
bad_line=$(wc -l <"$HOME/.gitconfig")
run_prio list
expect_rc 2 "a broken ~/.gitconfig is a bad config, as for git"
expect_err "named as that, not as a missing repository" <<X
prio: cannot read the git config: failed to parse config file: missing ']' in section header (in $HOME/.gitconfig:$bad_line)
X
cp "$TEST_ROOT/gitconfig.saved" "$HOME/.gitconfig"

# ---- a mistyped command ----

run_prio mvoe
expect_rc 2 "an unknown command is a usage error"
expect_err "two letters swapped: the most similar command" <<'X'
prio: 'mvoe' is not a prio command; see 'prio --help'

The most similar command is
	move
X
run_prio rej S-1
expect_err "commands equally close are all listed" <<'X'
prio: 'rej' is not a prio command; see 'prio --help'

The most similar commands are
	reid
	reject
X
run_prio lst
expect_err "a letter missing" <<'X'
prio: 'lst' is not a prio command; see 'prio --help'

The most similar command is
	list
X
run_prio xyzzy
expect_rc 2 "a command like none"
expect_err "gets no suggestion" <<'X'
prio: 'xyzzy' is not a prio command; see 'prio --help'
X
long=$(head -c 100000 /dev/zero | tr '\0' m)
run_prio "$long"
expect_rc 2 "a 100,000-letter command name is a usage error"
[ "$(wc -l <"$TEST_ROOT/err")" -eq 1 ] &&
    ok "gets one line and no suggestion" ||
    not_ok "gets one line and no suggestion"
run_prio help mvoe
expect_rc 2 "prio help of an unknown command is a usage error"
expect_err "and suggests too" <<'X'
prio: 'mvoe' is not a prio command; see 'prio --help'

The most similar command is
	move
X
expect_out "with nothing on stdout" </dev/null

# ---- "kind" in every JSON document, right after "version" ----

h=$(git rev-parse HEAD)
run_prio list --json
expect_out "list --json is prio.list" <<'X'
{"version":1,"kind":"prio.list","stories":[{"id":"S-1","title":"Story S-1","status":"ready","rank":null,"score":2,"position":1,"path":"backlog/stories/S-1.md","owner":null,"goal":null,"labels":[],"depends_on":[],"criteria":{"total":1,"met":0}}]}
X
run_prio show S-1 --json
expect_out "show --json is prio.show" <<'X'
{"version":1,"kind":"prio.show","story":{"id":"S-1","title":"Story S-1","status":"ready","rank":null,"score":2,"position":1,"path":"backlog/stories/S-1.md","owner":null,"goal":null,"labels":[],"depends_on":[],"criteria":{"total":1,"met":0},"criteria_items":[{"text":"It works.","met":false,"line":14}],"body":"As a user I want it.\n\n## Acceptance criteria\n\n- [ ] It works.\n"}}
X
run_prio rank --json
expect_out "rank --json is prio.rank" <<'X'
{"version":1,"kind":"prio.rank","stories":[{"id":"S-1","title":"Story S-1","rank":null,"score":2,"position":1,"proposed_position":1}]}
X
run_prio check --format json
expect_out "check --format json is prio.check" <<'X'
{"version":1,"kind":"prio.check","diagnostics":[]}
X
run_prio log --json "$h..$h"
expect_out "log --json is prio.log" <<'X'
{"version":1,"kind":"prio.log","entries":[]}
X
run_prio diff --json HEAD
expect_out "diff --json is prio.diff" <<X
{"version":1,"kind":"prio.diff","from":"$h","to":null,"stories":[]}
X
run_prio plan --capacity 5 --json
expect_out "plan --json is prio.plan" <<'X'
{"version":1,"kind":"prio.plan","capacity":5,"used":5,"left":0,"stories":[{"id":"S-1","title":"Story S-1","status":"ready","rank":null,"score":2,"position":1,"path":"backlog/stories/S-1.md","owner":null,"goal":null,"labels":[],"depends_on":[],"criteria":{"total":1,"met":0},"effort":5}],"skipped":[]}
X
PRIO_TODAY=2026-11-23 run_prio stats --json
expect_out "stats --json is prio.stats" <<'X'
{"version":1,"kind":"prio.stats","cycle_time_days":{"count":0,"median":null,"p85":null,"mean":null},"lead_time_days":{"count":0,"median":null,"p85":null,"mean":null},"approval_time_days":{"count":0,"median":null,"p85":null,"mean":null},"throughput":[],"health":{"open":1,"ready":1,"ready_without_criteria":0,"unestimated":0,"stale":0,"rank_ties":0,"ready_weeks":null},"goals":[]}
X

# ---- `git -c` reaches every setting prio reads through libgit2 ----

new_repo
good_story S-1
good_story S-2
commit_all base
# A signer that records its arguments and signs as gpg reports it.
cat >"$TEST_ROOT/fake-gpg" <<'X'
#!/bin/sh
echo "$*" >"$TEST_ROOT_SIGNED"
cat >/dev/null
echo "[GNUPG:] SIG_CREATED D 1 8 00 0 X" >&2
printf -- '-----BEGIN PGP SIGNATURE-----\nfake\n-----END PGP SIGNATURE-----\n'
X
chmod +x "$TEST_ROOT/fake-gpg"
export TEST_ROOT_SIGNED=$TEST_ROOT/signed-args
# The author's name comes from the config only without GIT_AUTHOR_NAME.
unset GIT_AUTHOR_NAME
PATH=$TEST_ROOT/bin:$PATH git -c user.name='Minus C' -c commit.gpgsign \
    -c gpg.program="$TEST_ROOT/fake-gpg" -c user.signingkey=K1 \
    prio move S-2 --top -m "Signed by -c." >/dev/null 2>"$TEST_ROOT/err"
{ git log -1 --format=%an; cat "$TEST_ROOT_SIGNED"
  git cat-file -p HEAD | grep -c '^gpgsig '; } >"$TEST_ROOT/got"
expect_file "$TEST_ROOT/got" \
    "git -c settings: author and signing from the command line" <<'X'
Minus C
--status-fd=2 -bsau K1
1
X
GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=user.name GIT_CONFIG_VALUE_0='By Count' \
    run_prio move S-1 --top -m "Named by GIT_CONFIG_COUNT."
expect_rc 0 "GIT_CONFIG_COUNT: the move is made"
git log -1 --format=%an >"$TEST_ROOT/got"
expect_file "$TEST_ROOT/got" "GIT_CONFIG_COUNT settings reach the commit" <<'X'
By Count
X
GIT_CONFIG_PARAMETERS="'user.name'='P' 'commit.gpgsign'='maybe'" \
    run_prio move S-2 --top -m "Bad boolean."
expect_rc 1 "a bad commit.gpgsign given by git -c is refused as from a file"

done_testing
