#!/bin/sh
# Each option is written once, in its command's table (src/cli/cli_opt.h);
# `prio completion --list` prints the tables.  This file holds to them:
# every command's --help and prio --help, the man pages' OPTIONS lists,
# and what bash (its completion function, driven through COMP_WORDS),
# zsh's script and fish (complete -C) offer for every option.
. "$(dirname "$0")/lib.sh"

for sh in bash fish; do
	if ! command -v $sh >/dev/null 2>&1; then
		echo "Bail out! $sh is needed (apt-get install $sh)"
		exit 1
	fi
done

TABLE=$TEST_ROOT/table
"$PRIO" completion --list >"$TABLE"
# The commands, and "prio" for prio's own options.
cut -f1 "$TABLE" | uniq >"$TEST_ROOT/owners"
"$PRIO" --help | awk '/^   [a-z]/ { print $1 }' >"$TEST_ROOT/commands"
{ echo prio; cat "$TEST_ROOT/commands"; } | sort >"$TEST_ROOT/want"
sort -u "$TEST_ROOT/owners" >"$TEST_ROOT/have"
if cmp -s "$TEST_ROOT/want" "$TEST_ROOT/have"; then
	ok "--list covers prio and every command of prio --help"
else
	not_ok "--list covers prio and every command of prio --help"
	diff -u "$TEST_ROOT/want" "$TEST_ROOT/have" | sed 's/^/#   /'
fi
awk -F'\t' 'NF != 7 { bad = 1 } END { exit bad }' "$TABLE" &&
    ok "--list: seven tab-separated fields a line" ||
    not_ok "--list: seven tab-separated fields a line"
grep -q '^move	-S	--gpg-sign	optional	<key>	none	-$' "$TABLE" &&
    grep -q '^list	-	--format	required	<f>	words	text json csv$' \
    "$TABLE" &&
    ok "--list: a shared row and a row with words" ||
    not_ok "--list: a shared row and a row with words"

# labels CMD: the table's options of CMD as --help labels them
# ("-m, --message <why>", "--gpg-sign[=<key>]"), one a line.
labels() {
	awk -F'\t' -v cmd="$1" '$1 == cmd {
		l = ""
		if ($2 != "-") l = $2 ($3 != "-" ? ", " : "")
		if ($3 != "-") l = l $3
		if ($4 == "required") l = l " " $5
		if ($4 == "optional") l = l ($3 != "-" ? "[=" $5 "]" : "[" $5 "]")
		print l
	}' "$TABLE"
}
# help_labels: the labels of the Options (or Global options) part of a
# --help on stdin: lines indented by two or three spaces and a dash, cut
# where two spaces start the help text.
help_labels() {
	awk '/^(Global )?[Oo]ptions:$/ { on = 1; next }
	    /^$/ { on = 0 }
	    on && /^  ? ?-/ { sub(/^ +/, ""); sub(/  .*$/, ""); print }'
}

bad=
while read -r c; do
	labels "$c" >"$TEST_ROOT/want"
	if [ "$c" = prio ]; then
		"$PRIO" --help
	else
		"$PRIO" "$c" --help
	fi | help_labels >"$TEST_ROOT/have"
	if ! cmp -s "$TEST_ROOT/want" "$TEST_ROOT/have"; then
		bad="$bad $c"
		diff -u "$TEST_ROOT/want" "$TEST_ROOT/have" | sed 's/^/#   /'
	fi
done <"$TEST_ROOT/owners"
[ -z "$bad" ] && ok "every --help lists exactly its table's options" ||
    not_ok "every --help lists exactly its table's options:$bad"

# The man pages: OPTIONS names each option of the table, with the same
# argument, and no other (tests/cli/man-options.awk).
bad=
while read -r c; do
	page=$PRIO_SRC/man/prio-$c.1.md
	[ "$c" = prio ] && page=$PRIO_SRC/man/prio.1.md
	if [ ! -f "$page" ]; then
		bad="$bad $c"
		echo "#   no $page"
		continue
	fi
	awk -F'\t' -v cmd="$c" -f "$PRIO_SRC/tests/cli/man-options.awk" \
	    "$TABLE" "$page" >"$TEST_ROOT/man.out"
	if [ -s "$TEST_ROOT/man.out" ]; then
		bad="$bad $c"
		sed "s/^/#   $c: /" "$TEST_ROOT/man.out"
	fi
done <"$TEST_ROOT/owners"
[ -z "$bad" ] && ok "every man page's OPTIONS agrees with its table" ||
    not_ok "every man page's OPTIONS agrees with its table:$bad"

# The checker itself: a page that lacks an option, or shows the wrong
# argument, is caught.
sed -e '/^- \*\*--no-commit\*\*$/d' -e 's/\*\*--to\*\* \*n\*/**--to** *pos*/' \
    "$PRIO_SRC/man/prio-move.1.md" >"$TEST_ROOT/bad.md"
awk -F'\t' -v cmd=move -f "$PRIO_SRC/tests/cli/man-options.awk" \
    "$TABLE" "$TEST_ROOT/bad.md" | sort >"$TEST_ROOT/out"
expect_file "$TEST_ROOT/out" "the man check finds a missing option and a wrong argument" <<'X'
--to: the page shows 'pos', the table <n>
the page does not name --no-commit
X

# bash: _prio itself, with COMP_WORDS as bash sets them.
"$PRIO" completion bash >"$TEST_ROOT/prio.bash"
export TEST_ROOT
# bash_complete WORD...: what _prio offers for the last word, sorted.
bash_complete() {
	bash --norc --noprofile -c '
		. "$TEST_ROOT/prio.bash"
		COMP_WORDS=("$@")
		COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"
		COMP_POINT=${#COMP_LINE}
		_prio
		[ ${#COMPREPLY[@]} -eq 0 ] || printf "%s\n" "${COMPREPLY[@]}" | sort
	' complete "$@"
}

# Every command's options: "prio <cmd> -" offers exactly the table's
# names, and -h and --help.
bad=
while read -r c; do
	{
		awk -F'\t' -v cmd="$c" '$1 == cmd {
			if ($2 != "-") print $2
			if ($3 != "-") print $3
		}' "$TABLE"
		[ "$c" = prio ] || printf -- '-h\n--help\n'
	} | sort >"$TEST_ROOT/want"
	if [ "$c" = prio ]; then
		bash_complete prio -
	else
		bash_complete prio "$c" -
	fi >"$TEST_ROOT/have"
	if ! cmp -s "$TEST_ROOT/want" "$TEST_ROOT/have"; then
		bad="$bad $c"
		diff -u "$TEST_ROOT/want" "$TEST_ROOT/have" | sed 's/^/#   /'
	fi
done <"$TEST_ROOT/owners"
[ -z "$bad" ] && ok "bash offers every option of every table" ||
    not_ok "bash offers every option of every table:$bad"

# Every option's value: the words of a words option, nothing for free
# text, none after an option that takes no value but the command's
# operands (checked above).  Written as bash sees it: "prio list
# --format ''", and "--color=" for an optional value.
new_repo
good_story S-1 "rank: 1"
commit_all "backlog"
git branch feature
printf 'statuses: [todo, doing, done]\nterminal: [done]\n' >backlog/prio.yml
PATH=$(dirname "$PRIO"):$PATH
export PATH
bad=
n=0
while IFS='	' read -r c s l arg name kind words; do
	[ "$arg" = none ] && continue
	for o in $s $l; do
		[ "$o" = - ] && continue
		n=$((n + 1))
		case $c in prio) pre="prio" ;; *) pre="prio $c" ;; esac
		case $kind in
		words) want=$(printf '%s\n' $words | sort) ;;
		status) want=$(printf '%s\n' doing done todo) ;;
		ref) want=$(printf '%s\n' HEAD feature main) ;;
		id) want=S-1 ;;
		none) want= ;;
		file|dir) want=SKIP ;;
		*) want="unknown kind $kind" ;;
		esac
		if [ "$arg" = optional ]; then
			case $o in --*) ;; *) continue ;; esac
			# shellcheck disable=SC2086
			have=$(bash_complete $pre "$o=" | sed "s/^$o=//")
		else
			# shellcheck disable=SC2086
			have=$(bash_complete $pre "$o" '')
		fi
		if [ "$want" = SKIP ]; then
			mkdir -p "$REPO/dir.d" && : >"$REPO/file.f"
			# shellcheck disable=SC2086
			have=$(bash_complete $pre "$o" 'di')
			want=dir.d
			[ "$kind" = file ] && {
				have=$(bash_complete $pre "$o" 'fi')
				want=file.f
			}
		fi
		if [ "$have" != "$want" ]; then
			bad="$bad $c:$o"
			echo "#   $c $o: want [$want] have [$have]" | tr '\n' ' '
			echo
		fi
	done
done <"$TABLE"
[ -z "$bad" ] && [ "$n" -gt 40 ] &&
    ok "bash completes the value of each of the $n option names" ||
    not_ok "bash completes the value of each option:$bad"

# zsh: each command's _arguments names every option of its table (zsh
# itself completes in t0760).
"$PRIO" completion zsh >"$TEST_ROOT/_prio"
bad=
while IFS='	' read -r c s l arg name kind words; do
	if [ "$c" = prio ]; then
		sed -n '/_arguments -C/,/ret=0$/p' "$TEST_ROOT/_prio"
	else
		sed -n "/^		$c)\$/,/ret=0 ;;\$/p" "$TEST_ROOT/_prio"
	fi >"$TEST_ROOT/spec"
	for o in $s $l; do
		[ "$o" = - ] && continue
		grep -qF -e "'$o[" -e ")$o[" -e "*$o[" -e ")$o-[" -e ")$o=-[" \
		    -e "'$o-[" -e "'$o=-[" "$TEST_ROOT/spec" || bad="$bad $c:$o"
	done
done <"$TABLE"
[ -z "$bad" ] && ok "the zsh script has every option of every command" ||
    not_ok "the zsh script has every option of every command:$bad"

# fish: complete -C, as fish completes a command line.
"$PRIO" completion fish >"$TEST_ROOT/prio.fish"
# fish_complete LINE: what fish offers, without descriptions, sorted.
fish_complete() {
	fish --no-config -c "source '$TEST_ROOT/prio.fish'; complete -C '$1'" |
	    cut -f1 | sort
}
fish_complete "prio mo" >"$TEST_ROOT/out"
expect_file "$TEST_ROOT/out" "fish completes a command" <<'X'
move
X
fish_complete "prio " >"$TEST_ROOT/out"
{ cat "$TEST_ROOT/commands"; echo help; } | sort >"$TEST_ROOT/want"
cmp -s "$TEST_ROOT/want" "$TEST_ROOT/out" &&
    ok "fish offers every command and help" ||
    not_ok "fish offers every command and help"
bad=
while read -r c; do
	[ "$c" = prio ] && continue
	awk -F'\t' -v cmd="$c" '$1 == cmd {
		if ($2 != "-") print $2
		if ($3 != "-") print $3
	}' "$TABLE" >"$TEST_ROOT/want.tmp"
	printf -- '-h\n--help\n' >>"$TEST_ROOT/want.tmp"
	sort "$TEST_ROOT/want.tmp" >"$TEST_ROOT/want"
	# fish lists the short names for "-" and the long ones for "--".
	{ fish_complete "prio $c -"; fish_complete "prio $c --"; } |
	    sort -u >"$TEST_ROOT/have"
	if ! cmp -s "$TEST_ROOT/want" "$TEST_ROOT/have"; then
		bad="$bad $c"
		diff -u "$TEST_ROOT/want" "$TEST_ROOT/have" | sed 's/^/#   /'
	fi
done <"$TEST_ROOT/owners"
[ -z "$bad" ] && ok "fish offers every option of every command" ||
    not_ok "fish offers every option of every command:$bad"
fish_complete "prio show " >"$TEST_ROOT/out"
expect_file "$TEST_ROOT/out" "fish completes story IDs" <<'X'
S-1
X
fish_complete "prio list --status d" >"$TEST_ROOT/out"
expect_file "$TEST_ROOT/out" "fish completes --status with the config's" <<'X'
doing
done
X
fish_complete "prio check --format g" >"$TEST_ROOT/out"
expect_file "$TEST_ROOT/out" "fish completes --format's words" <<'X'
github
X
fish_complete "prio board --rev f" >"$TEST_ROOT/out"
expect_file "$TEST_ROOT/out" "fish completes --rev with refs" <<'X'
feature
X
fish_complete "prio hook install pre-commit pre-r" >"$TEST_ROOT/out"
expect_file "$TEST_ROOT/out" "fish completes hook names after the action" <<'X'
pre-receive
X
fish_complete "prio show S-1 " >"$TEST_ROOT/out"
expect_file "$TEST_ROOT/out" "fish: show takes one story" </dev/null
cd "$TEST_ROOT" || exit 1
fish_complete "prio -C $REPO show " >"$TEST_ROOT/out"
expect_file "$TEST_ROOT/out" "fish: -C <dir> completes that repository's IDs" <<'X'
S-1
X

done_testing
