# fish completion for `git-prio`, which git runs for `git prio`: the same
# as prio's (prio.fish).  fish autoloads completions by command name, so
# this file must exist for fish's git completion to hand `git prio ...`
# to `complete -C "git-prio ..."`.  (fish 3.6, Debian 12's, hands it to
# "git-git-prio" instead, a fish bug fixed in 3.7; there `git-prio <Tab>`
# completes and `git prio <Tab>` does not.)
complete -c git-prio -w prio
