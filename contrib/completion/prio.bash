# bash completion for prio(1) — and for `git prio` with git's completion.
#
# Installed as share/bash-completion/completions/prio; or source it from
# ~/.bashrc.  Story IDs come from `prio list --format csv --all` run in
# the repository being completed (honouring -C <dir>).

# The stories' IDs (or those with status $2), from prio's CSV.  A line
# starts a record only when the quotes before it are balanced, so a
# title holding line breaks cannot pass for an ID.
__prio_ids()
{
	local status=${2:-}
	"${1:-prio}" ${__prio_dir:+-C "$__prio_dir"} list --format csv --all \
	    ${status:+--status "$status"} 2>/dev/null |
	    awk 'NR > 1 && !q { i = index($0, ","); if (i > 1) print substr($0, 1, i - 1) }
	        { t = $0; n = gsub(/"/, "", t); if (n % 2) q = !q }'
}

# The statuses of backlog/prio.yml when written as a flow list, else
# prio's defaults.
__prio_statuses()
{
	local top cfg list
	top=$(git ${__prio_dir:+-C "$__prio_dir"} rev-parse --show-toplevel \
	    2>/dev/null) || top=.
	cfg=$top/backlog/prio.yml
	[ -r "$cfg" ] && list=$(sed -n \
	    's/^statuses:[[:space:]]*\[\(.*\)\][[:space:]]*$/\1/p' "$cfg" |
	    tr -d "\"'" | tr ',' ' ')
	echo "${list:-draft ready in-progress done accepted dropped}"
}

__prio_refs()
{
	git ${__prio_dir:+-C "$__prio_dir"} for-each-ref \
	    --format='%(refname:short)' refs/heads refs/remotes refs/tags \
	    2>/dev/null
	echo HEAD
}

# Options of each command; a trailing '=' marks one that takes a value.
__prio_options()
{
	case $1 in
	accept) echo "-m= --message= --no-commit --help" ;;
	board) echo "-n= --rows= --rev= --help" ;;
	check) echo "--staged --rev= --format= --json --help" ;;
	diff) echo "--format= --json --help" ;;
	hook) echo "--force --help" ;;
	init) echo "--hooks --help" ;;
	list) echo "--status= --label= --owner= -a --all --json --format= --rev= --help" ;;
	log) echo "--json --help" ;;
	move) echo "--top --bottom --before= --after= --to= -m= --message= --no-commit --help" ;;
	new) echo "-t= --template= --ac= --status= --field= --edit --commit -m= --message= --help" ;;
	plan) echo "-c= --capacity= --json --rev= --help" ;;
	rank) echo "--by= --json --rev= --help" ;;
	reid) echo "-m= --message= --no-commit --help" ;;
	reject) echo "-m= --message= --no-commit --help" ;;
	renumber) echo "-m= --message= --no-commit --help" ;;
	report) echo "-o= --output= --since= --rev= --title= --template= --help" ;;
	rerank) echo "--by= -m= --message= --no-commit --help" ;;
	set) echo "-m= --message= --no-commit --help" ;;
	show) echo "--json --rev= --help" ;;
	stats) echo "--since= --json --rev= --help" ;;
	esac
}

__prio_commands="accept board check diff hook init list log move new plan rank reid reject renumber report rerank set show stats"

# Sets COMPREPLY for words[first..cword] (words[first] is the command
# name or the first global option).
__prio_complete()
{
	local first=$1 prio=$2 cur prev cmd i w opts o
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD - 1]}
	__prio_dir=
	cmd=
	i=$first
	while [ "$i" -lt "$COMP_CWORD" ]; do
		w=${COMP_WORDS[i]}
		if [ -z "$cmd" ]; then
			case $w in
			-C) i=$((i + 1)); __prio_dir=${COMP_WORDS[i]} ;;
			-C*) __prio_dir=${w#-C} ;;
			-*) ;;
			*) cmd=$w ;;
			esac
		fi
		i=$((i + 1))
	done
	__prio_dir=${__prio_dir/#\~/$HOME}
	COMPREPLY=()
	if [ -z "$cmd" ]; then
		if [ "$prev" = "-C" ]; then
			COMPREPLY=($(compgen -d -- "$cur"))
		elif [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "-C --help --version" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$__prio_commands help" -- "$cur"))
		fi
		return 0
	fi

	# The value of an option.
	case $prev in
	--rev) COMPREPLY=($(compgen -W "$(__prio_refs)" -- "$cur")); return 0 ;;
	--before|--after) COMPREPLY=($(compgen -W "$(__prio_ids "$prio")" -- "$cur")); return 0 ;;
	--status) COMPREPLY=($(compgen -W "$(__prio_statuses)" -- "$cur")); return 0 ;;
	--by) COMPREPLY=($(compgen -W "score" -- "$cur")); return 0 ;;
	--format)
		case $cmd in
		list) o="text json csv" ;;
		check) o="text json github codequality" ;;
		diff) o="text markdown json" ;;
		esac
		COMPREPLY=($(compgen -W "$o" -- "$cur"))
		return 0 ;;
	-o|--output|--template)
		if [ "$cmd" = report ]; then
			COMPREPLY=($(compgen -f -- "$cur"))
			return 0
		fi
		[ "$cmd" = new ] && { COMPREPLY=($(compgen -W "story bug spike" -- "$cur")); return 0; }
		;;
	-t) [ "$cmd" = new ] && { COMPREPLY=($(compgen -W "story bug spike" -- "$cur")); return 0; } ;;
	-m|--message|--label|--owner|--to|--capacity|-c|--ac|--field|--since|--title|-n|--rows)
		return 0 ;;
	esac

	if [[ $cur == -* ]]; then
		opts=$(__prio_options "$cmd")
		COMPREPLY=($(compgen -W "${opts//=/}" -- "$cur"))
		return 0
	fi
	case $cmd in
	show|move|set|log)
		COMPREPLY=($(compgen -W "$(__prio_ids "$prio")" -- "$cur")) ;;
	accept|reject)
		COMPREPLY=($(compgen -W "$(__prio_ids "$prio" done)" -- "$cur")) ;;
	reid)
		if [[ $cur == */* || $cur == *.md ]]; then
			COMPREPLY=($(compgen -f -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$(__prio_ids "$prio")" -- "$cur"))
		fi ;;
	hook)
		case $prev in
		hook) COMPREPLY=($(compgen -W "install uninstall run" -- "$cur")) ;;
		*) COMPREPLY=($(compgen -W "pre-commit pre-receive" -- "$cur")) ;;
		esac ;;
	diff)
		COMPREPLY=($(compgen -W "$(__prio_refs)" -- "$cur")) ;;
	help)
		COMPREPLY=($(compgen -W "$__prio_commands" -- "$cur")) ;;
	esac
	return 0
}

_prio()
{
	__prio_complete 1 "${COMP_WORDS[0]}"
}

# `git prio ...`: git's completion calls _git_prio with its own words.
_git_prio()
{
	local i=1
	while [ "$i" -lt "$COMP_CWORD" ] && [ "${COMP_WORDS[i]}" != prio ]; do
		i=$((i + 1))
	done
	__prio_complete $((i + 1)) prio
}

complete -o bashdefault -o default -F _prio prio
