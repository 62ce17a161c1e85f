#!/bin/sh
# Shell completion: `prio completion bash`, sourced in bash, fills
# COMPREPLY with commands, options, option values and story IDs (from
# prio list --format csv); `prio completion zsh` completes in zsh; make
# install puts what prio writes where bash-completion, zsh and fish look.
# (t0765 holds every option of every table to the completions.)
. "$(dirname "$0")/lib.sh"

for sh in bash zsh fish; do
	if ! command -v $sh >/dev/null 2>&1; then
		echo "Bail out! $sh is needed (apt-get install $sh)"
		exit 1
	fi
done
BASH_COMPLETION=$TEST_ROOT/prio.bash
ZSH_COMPLETION=$TEST_ROOT/_prio
"$PRIO" completion bash >"$BASH_COMPLETION"
"$PRIO" completion zsh >"$ZSH_COMPLETION"
bindir=$TEST_ROOT/bin
mkdir -p "$bindir"
ln -s "$PRIO" "$bindir/prio"
export BASH_COMPLETION bindir

# complete WORD...: the completions bash offers for the last word (the
# command line as typed, split into words), one per line, sorted.
complete_words() {
	bash -c '
		PATH=$bindir:$PATH
		. "$BASH_COMPLETION"
		COMP_WORDS=("$@")
		COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"
		COMP_POINT=${#COMP_LINE}
		_prio
		[ ${#COMPREPLY[@]} -eq 0 ] || printf "%s\n" "${COMPREPLY[@]}" | sort
	' complete "$@" >"$TEST_ROOT/out" 2>"$TEST_ROOT/err"
	RC=$?
}

new_repo
good_story S-1 "rank: 1"
good_story S-2 "rank: 2"
story S-3 <<'EOF'
---
id: S-3
title: "Two lines\nS-99, not an ID"
status: done
---
Body.

## Acceptance criteria

- [x] Done.
EOF
story S-12-pay.md <<'EOF'
---
id: S-12
title: Pay
status: draft
---
EOF
commit_all "backlog"
git branch feature

complete_words prio pl
expect_out "a command from its first letters" <<'X'
plan
X
complete_words prio r
expect_out "every command that starts so" <<'X'
rank
reid
reject
renumber
report
rerank
resolve
X
complete_words prio ''
{ "$PRIO" --help | awk '/^   [a-z]/ { print $1 }'; echo help; } | sort \
    >"$TEST_ROOT/cmds"
if cmp -s "$TEST_ROOT/cmds" "$TEST_ROOT/out" &&
    [ "$(wc -l <"$TEST_ROOT/out")" -eq 27 ]; then
	ok "all twenty-six commands of prio --help, and help"
else
	not_ok "all twenty-six commands of prio --help, and help"
	diff -u "$TEST_ROOT/cmds" "$TEST_ROOT/out" | sed 's/^/#   /'
fi
complete_words prio list --f
expect_out "a command's options" <<'X'
--format
X
complete_words prio list --format ''
expect_out "list --format's values" <<'X'
csv
json
text
X
complete_words prio check --format ''
expect_out "check --format's values" <<'X'
codequality
github
json
text
X
complete_words prio plan -
expect_out "plan's options" <<'X'
--capacity
--help
--json
--rev
-c
-h
X
complete_words prio move S-1 --no-
expect_out "the committing options" <<'X'
--no-commit
--no-gpg-sign
--no-verify
X
complete_words prio -
expect_out "prio's own options" <<'X'
--color
--help
--no-pager
--version
-C
-h
X
complete_words prio --color=
expect_out "--color=<when>" <<'X'
--color=always
--color=auto
--color=never
X
complete_words prio --color = a
expect_out "--color=<when> as bash splits it at the '='" <<'X'
always
auto
X
complete_words prio --no-pager -C "$REPO" --color=never show S-1
expect_out "global options before the command" <<'X'
S-1
S-12
X
complete_words prio show S-1 ''
expect_out "show takes one story" </dev/null
complete_words prio log S-1 f
expect_out "log's second operand is a range" <<'X'
feature
X
complete_words prio move --before S-2 S-1
expect_out "an option's value is not an operand" <<'X'
S-1
S-12
X
complete_words prio move -m '' S-1
expect_out "nor is an empty one" <<'X'
S-1
S-12
X
complete_words prio move -m ''
expect_out "-m's value is free text" </dev/null
complete_words prio list --status=dr
expect_out "--status=<s>" <<'X'
--status=draft
--status=dropped
X
complete_words prio diff -- --s
expect_out "after --, only operands" </dev/null
complete_words prio help re
expect_out "help completes commands" <<'X'
reid
reject
renumber
report
rerank
resolve
X
complete_words prio completion ''
expect_out "completion's shells" <<'X'
bash
fish
zsh
X
complete_words prio show S-
expect_out "story IDs from the CSV, never a title's line" <<'X'
S-1
S-12
S-2
S-3
X
complete_words prio show S-1
expect_out "IDs that start so" <<'X'
S-1
S-12
X
complete_words prio accept ''
expect_out "accept offers the done stories" <<'X'
S-3
X
complete_words prio move S-2 --before ''
expect_out "--before takes a story" <<'X'
S-1
S-12
S-2
S-3
X
complete_words prio board --rev f
expect_out "--rev takes a revision" <<'X'
feature
X
complete_words prio diff ''
expect_out "diff takes revisions" <<'X'
HEAD
feature
main
X
complete_words prio report -o backlog/st
expect_out "report -o takes a file" <<'X'
backlog/stories
X
complete_words prio list --status dr
expect_out "--status takes a status" <<'X'
draft
dropped
X
printf 'statuses: [todo, "doing", done]\nterminal: [done]\n' >backlog/prio.yml
complete_words prio list --status ''
expect_out "the config's statuses" <<'X'
doing
done
todo
X
# accept offers the stories whose status plays done, whatever its name.
printf '%s\n' 'statuses: [draft, ready, Shipped, Signed off, dropped]' \
    'terminal: [Signed off, dropped]' \
    'status-roles: {done: Shipped, accepted: Signed off}' >backlog/prio.yml
sed -i 's/^status: done$/status: Shipped/' backlog/stories/S-3*.md
complete_words prio accept ''
expect_out "accept offers the story whose status plays done" <<'X'
S-3
X
sed -i 's/^status: Shipped$/status: done/' backlog/stories/S-3*.md
: >backlog/prio.yml
complete_words prio hook ''
expect_out "hook's actions" <<'X'
install
run
uninstall
X
complete_words prio hook install pre-c
expect_out "hook's hooks" <<'X'
pre-commit
X
complete_words prio hook install pre-commit pre-r
expect_out "hook install takes several hooks" <<'X'
pre-receive
X
complete_words prio reid backlog/stories/S-12
expect_out "reid completes story files" <<'X'
backlog/stories/S-12-pay.md
X

# -C <dir>: the IDs of that repository.
mkdir -p "$TEST_ROOT/elsewhere"
cd "$TEST_ROOT/elsewhere" || exit 1
complete_words prio -C "$REPO" show S-1
expect_out "-C <dir> completes the IDs there" <<'X'
S-1
S-12
X
complete_words prio show S-
expect_out "outside a repository: no IDs, no noise" </dev/null
expect_err "and nothing on stderr" </dev/null
cd "$REPO" || exit 1

# git prio: git's completion calls _git_prio.
bash -c '
	PATH=$bindir:$PATH
	. "$BASH_COMPLETION"
	COMP_WORDS=(git prio show S-1)
	COMP_CWORD=3
	_git_prio
	printf "%s\n" "${COMPREPLY[@]}" | sort
' >"$TEST_ROOT/out" 2>&1
expect_out "_git_prio completes for git prio" <<'X'
S-1
S-12
X

# zsh: the file parses (when zsh is here).
if command -v zsh >/dev/null 2>&1; then
	if zsh -n "$ZSH_COMPLETION" 2>"$TEST_ROOT/err"; then
		ok "_prio is valid zsh"
	else
		not_ok "_prio is valid zsh"
		sed 's/^/#   /' "$TEST_ROOT/err"
	fi
else
	not_ok "_prio is valid zsh: zsh is missing (sh tools/deps.sh installs it)"
fi
# zsh_completes LINE PATTERN "name": an interactive zsh (on a
# pseudo-terminal, zsh/zpty) with _prio on its fpath is given LINE, a
# Tab, then ^X, which prints the edited line as "BUF:<line>@@"; the test
# passes when the screen shows PATTERN within 30 seconds.
zsh_completes() {
	mkdir -p "$TEST_ROOT/fpath"
	cp "$ZSH_COMPLETION" "$TEST_ROOT/fpath/_prio"
	cat >"$TEST_ROOT/comp.zsh" <<'ZSH'
zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z "fpath=($1 \$fpath); PROMPT='P> '; autoload -Uz compinit; compinit -u -D; show() { print -rn -- BUF:\$BUFFER@@ }; zle -N show; bindkey '^X' show; print READY"
zpty -r -m z out '*READY*'
zpty -n -w z "$2"$'\t'
sleep 1
zpty -n -w z $'\030'
zpty -r -m z out "$3" && print MATCHED
zpty -d z
ZSH
	if PATH=$bindir:$PATH timeout 30 zsh -f "$TEST_ROOT/comp.zsh" \
	    "$TEST_ROOT/fpath" "$1" "$2" 2>&1 | grep -q MATCHED; then
		ok "$3"
	else
		not_ok "$3"
	fi
}

if command -v zsh >/dev/null 2>&1 && command -v timeout >/dev/null 2>&1 &&
    zsh -f -c 'zmodload zsh/zpty' 2>/dev/null; then
	zsh_completes "prio pl" "*BUF:prio plan @@*" "zsh completes a command"
	zsh_completes "prio show S-1" "*S-12*" "zsh lists story IDs"
	zsh_completes "prio accept " "*BUF:prio accept S-3 @@*" \
	    "zsh completes accept with the done story"
	zsh_completes "prio list --format " "*csv*json*text*" \
	    "zsh lists list --format's values"
	zsh_completes "prio move S-1 --no-g" "*BUF:prio move S-1 --no-gpg-sign @@*" \
	    "zsh completes the committing options"
	zsh_completes "prio --no-p" "*BUF:prio --no-pager @@*" \
	    "zsh completes prio's own options"
	zsh_completes "prio completion f" "*BUF:prio completion fish @@*" \
	    "zsh completes completion's shells"
else
	not_ok "zsh completes: zsh with zsh/zpty and timeout are missing (sh tools/deps.sh)"
fi

grep -q '^#compdef prio git-prio$' "$ZSH_COMPLETION" &&
    ok "_prio declares what it completes" ||
    not_ok "_prio declares what it completes"

inst=$TEST_ROOT/inst
# shellcheck disable=SC2086
if make -s -C "$PRIO_SRC" ${PRIO_MAKE_ARGS:-} install PREFIX="$inst" \
    >"$TEST_ROOT/make.log" 2>&1; then
	ok "make install succeeds"
else
	not_ok "make install succeeds"
	sed 's/^/#   /' "$TEST_ROOT/make.log"
fi
cmp -s "$inst/share/bash-completion/completions/prio" "$BASH_COMPLETION" &&
    ok "installs the bash completion" || not_ok "installs the bash completion"
cmp -s "$inst/share/zsh/site-functions/_prio" "$ZSH_COMPLETION" &&
    ok "installs the zsh completion" || not_ok "installs the zsh completion"
"$PRIO" completion fish >"$TEST_ROOT/prio.fish"
cmp -s "$inst/share/fish/vendor_completions.d/prio.fish" "$TEST_ROOT/prio.fish" &&
    ok "installs the fish completion" || not_ok "installs the fish completion"
# fish finds installed completions through XDG_DATA_DIRS; git-prio's
# (what fish's git completion hands `git prio` to) wraps prio's.
fish_installed() {
	XDG_DATA_DIRS=$inst/share PATH=$inst/bin:$PATH HOME=$TEST_ROOT \
	    XDG_CONFIG_HOME=$TEST_ROOT/config fish -c "complete -C '$1'" |
	    cut -f1 | sort
}
fish_installed "git-prio mo" >"$TEST_ROOT/out"
expect_file "$TEST_ROOT/out" "installed: fish completes git-prio's commands" <<'X'
move
X
fish_installed "git-prio show S-1" >"$TEST_ROOT/out"
expect_file "$TEST_ROOT/out" "installed: fish completes git-prio's story IDs" <<'X'
S-1
S-12
X

run_prio completion
expect_rc 2 "completion without a shell"
expect_err "says to name one" <<'X'
prio: name one shell: bash, zsh or fish
usage: prio completion bash|zsh|fish | --list
X
run_prio completion tcsh
expect_rc 2 "an unknown shell"
expect_err "names the shells" <<'X'
prio: no completion for 'tcsh'; the shells are bash, zsh and fish
usage: prio completion bash|zsh|fish | --list
X
run_prio completion bash zsh
expect_rc 2 "two shells"
run_prio completion --list bash
expect_rc 2 "--list with a shell"
cd "$TEST_ROOT" || exit 1
run_prio completion bash
expect_rc 0 "needs no repository"
cmp -s "$BASH_COMPLETION" "$TEST_ROOT/out" &&
    ok "and writes the same script there" ||
    not_ok "and writes the same script there"

done_testing
