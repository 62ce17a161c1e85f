#!/bin/sh
# The parsed-story cache in $GIT_DIR/prio/stories.cache: used only when a
# file's stat stamp is unchanged, never for files changed in the last two
# seconds, dropped when the config changes or the file is damaged.
. "$(dirname "$0")/lib.sh"

trace() {
	PRIO_TRACE=1 run_prio "$@"
	TRACE=$(grep '^prio: trace:' "$TEST_ROOT/err")
}

expect_trace() {
	if [ "$TRACE" = "prio: trace: $1" ]; then
		ok "$2"
	else
		not_ok "$2"
		echo "#   got: $TRACE"
		echo "#  want: prio: trace: $1"
	fi
}

new_repo
good_story S-1
good_story S-2
story S-3 <<'X'
---
id: S-3
title: Broken
status: ready
---
no criteria here
X

trace list
expect_trace "3 story files, 3 parsed, 0 from the cache" \
    "fresh files are parsed"
trace list
expect_trace "3 story files, 3 parsed, 0 from the cache" \
    "files changed in the last two seconds are never cached"
[ ! -e .git/prio/stories.cache ] &&
    ok "a cache that would keep nothing is not written" ||
    not_ok "a cache that would keep nothing is not written"

sleep 3
trace list
expect_trace "3 story files, 3 parsed, 0 from the cache" \
    "settled files are parsed once more, and stored"
[ -f .git/prio/stories.cache ] && ok "the cache lives in the git dir" ||
    not_ok "the cache lives in the git dir"
trace check
expect_trace "3 story files, 0 parsed, 3 from the cache" \
    "then taken from the cache"
expect_rc 1 "diagnostics come back from the cache"
expect_out "cached diagnostics are exactly the parsed ones" <<'X'
backlog/stories/S-3.md:4:9: error: status 'ready' needs acceptance criteria; add a '## Acceptance criteria' section with items such as '- [ ] ...' [missing-criteria]
backlog/stories/S-3.md:4:9: warning: no score: 'value' is missing; the score is (value + urgency + risk) / effort [unscored]
X
PRIO_NO_CACHE=1 run_prio check
expect_out "the same without the cache" <<'X'
backlog/stories/S-3.md:4:9: error: status 'ready' needs acceptance criteria; add a '## Acceptance criteria' section with items such as '- [ ] ...' [missing-criteria]
backlog/stories/S-3.md:4:9: warning: no score: 'value' is missing; the score is (value + urgency + risk) / effort [unscored]
X

# An edit of the same size keeps the mtime second but not the ctime.
sed 's/Story S-1/Story S-9/' backlog/stories/S-1.md >tmp && cat tmp >backlog/stories/S-1.md
rm tmp
trace list
expect_trace "3 story files, 1 parsed, 2 from the cache" \
    "an edited file is parsed again"
expect_out "the edit shows" <<'X'
#  ID   STATUS  SCORE  TITLE
1  S-1  ready    2.00  Story S-9
2  S-2  ready    2.00  Story S-2
3  S-3  ready       -  Broken
X

rm backlog/stories/S-2.md
trace list
expect_trace "2 story files, 1 parsed, 1 from the cache" \
    "a removed file is simply gone (the edited one is still too fresh)"
expect_out "and not listed" <<'X'
#  ID   STATUS  SCORE  TITLE
1  S-1  ready    2.00  Story S-9
2  S-3  ready       -  Broken
X

printf 'rules:\n  missing-criteria: off\n' >backlog/prio.yml
trace check
expect_trace "2 story files, 2 parsed, 0 from the cache" \
    "a config change drops the cache"
expect_rc 0 "and the new config applies"

sleep 3
trace list
trace list
expect_trace "2 story files, 0 parsed, 2 from the cache" "cache is warm again"

# A fresh edit cannot be kept yet, so the cache is not rewritten for it
# (as after every `prio move`); its old entry waits to be replaced.
inode=$(stat -c %i .git/prio/stories.cache)
printf '\nMore notes.\n' >>backlog/stories/S-3.md
trace list
expect_trace "2 story files, 1 parsed, 1 from the cache" \
    "a freshly edited file is parsed"
[ "$(stat -c %i .git/prio/stories.cache)" = "$inode" ] &&
    ok "and the cache is not rewritten for it" ||
    not_ok "and the cache is not rewritten for it"
sleep 3
trace list
expect_trace "2 story files, 1 parsed, 1 from the cache" \
    "once settled it is parsed again"
[ "$(stat -c %i .git/prio/stories.cache)" != "$inode" ] &&
    ok "and stored" || not_ok "and stored"
trace list
expect_trace "2 story files, 0 parsed, 2 from the cache" \
    "then taken from the cache"
printf 'PRIOSC01 garbage' >.git/prio/stories.cache
trace list
expect_trace "2 story files, 2 parsed, 0 from the cache" \
    "a damaged cache is ignored"
expect_rc 0 "a damaged cache does no harm"
trace list
expect_trace "2 story files, 0 parsed, 2 from the cache" \
    "and is rewritten"
size=$(wc -c <.git/prio/stories.cache)
head -c $((size - 7)) .git/prio/stories.cache >cut && mv cut .git/prio/stories.cache
trace list
expect_trace "2 story files, 2 parsed, 0 from the cache" \
    "a truncated cache is ignored"

# Damage inside the entries (the file's own structure intact): every
# read is bounds-checked, so prio neither crashes nor loses a story,
# wherever the bytes go bad.  (Under ASan this is a bounds test.)
run_prio list --all
want_lines=$(wc -l <"$TEST_ROOT/out")
cp .git/prio/stories.cache "$TEST_ROOT/good.cache"
size=$(wc -c <"$TEST_ROOT/good.cache")
bad=0
at=24
while [ "$at" -lt "$size" ]; do
	cp "$TEST_ROOT/good.cache" .git/prio/stories.cache
	printf '\377\377\377\377' | dd of=.git/prio/stories.cache bs=1 \
	    seek="$at" conv=notrunc 2>/dev/null
	run_prio list --all
	if [ "$RC" -ne 0 ] || [ "$(wc -l <"$TEST_ROOT/out")" -ne "$want_lines" ]
	then
		bad=$((bad + 1))
		echo "# offset $at: exit $RC, $(wc -l <"$TEST_ROOT/out") lines"
	fi
	at=$((at + 13))
done
[ "$bad" -eq 0 ] && ok "damaged entries are read safely (every 13th byte)" ||
    not_ok "damaged entries are read safely (every 13th byte)"

# Another prio build (an upgrade, a rebuild) words diagnostics its own
# way: it must not use what this build cached.
cp "$PRIO" "$TEST_ROOT/other-prio"
PRIO_TRACE=1 "$TEST_ROOT/other-prio" list >/dev/null 2>"$TEST_ROOT/err"
TRACE=$(grep '^prio: trace:' "$TEST_ROOT/err")
expect_trace "2 story files, 2 parsed, 0 from the cache" \
    "another prio build does not use this build's cache"

new_repo
good_story S-1
PRIO_NO_CACHE=1 run_prio list
[ ! -e .git/prio ] && ok "PRIO_NO_CACHE=1 writes no cache" ||
    not_ok "PRIO_NO_CACHE=1 writes no cache"
run_prio list --rev HEAD 2>/dev/null
git add -A && git commit -qm one
# --all: the whole check, not the hook's memo of the last one (t0613).
trace check --staged --all
expect_trace "1 story files, 1 parsed, 0 from the cache" \
    "--staged parses the staged blobs"
[ -f .git/prio/blobs.cache ] && [ ! -e .git/prio/stories.cache ] &&
    ok "and keeps them by blob id, not in the stat cache" ||
    not_ok "and keeps them by blob id, not in the stat cache"
trace check --staged --all
expect_trace "1 story files, 0 parsed, 1 from the cache" \
    "the next --staged check reads no story"
trace list --rev HEAD
expect_trace "1 story files, 0 parsed, 1 from the cache" \
    "--rev shares the blob cache (same blob)"
printf -- '- [x] Also this.\n' >>backlog/stories/S-1.md
git add backlog/stories/S-1.md
trace check --staged --all
expect_trace "1 story files, 1 parsed, 0 from the cache" \
    "a newly staged version is parsed"
expect_rc 0 "and checked"
trace list --rev HEAD
expect_trace "1 story files, 0 parsed, 1 from the cache" \
    "the committed version is still cached"
[ ! -e .git/prio/stories.cache ] &&
    ok "--staged and --rev never write the stat cache" ||
    not_ok "--staged and --rev never write the stat cache"

# Every field a cached story keeps comes back exactly: the strings,
# both lists, the rank as written and its canonical form.
new_repo
good_story S-1 "rank: 02.50
owner: ana
goal: \"Q3: checkout\"
labels: [pay, \"m\u00fcnchen\", '']
depends-on: [S-2, S-3]"
good_story S-2 "labels: []
depends-on: []"
good_story S-3 "rank: 7"
sleep 3
PRIO_NO_CACHE=1 run_prio list --all --json
cp "$TEST_ROOT/out" "$TEST_ROOT/uncached"
trace list --all --json
expect_trace "3 story files, 3 parsed, 0 from the cache" \
    "stories with lists are parsed and stored"
trace list --all --json
expect_trace "3 story files, 0 parsed, 3 from the cache" \
    "then read back from the cache"
if cmp -s "$TEST_ROOT/out" "$TEST_ROOT/uncached"; then
	ok "a cached story lists exactly as a parsed one"
else
	not_ok "a cached story lists exactly as a parsed one"
	diff "$TEST_ROOT/uncached" "$TEST_ROOT/out" | sed 's/^/# /'
fi
grep -qF '"rank":"02.50","score":2,"position":1,"path":"backlog/stories/S-1.md","owner":"ana","goal":"Q3: checkout","labels":["pay","münchen",""],"depends_on":["S-2","S-3"]' "$TEST_ROOT/out" &&
    ok "labels and the rank as written survive the cache" ||
    not_ok "labels and the rank as written survive the cache"

# A git dir we cannot write to: prio still works.
chmod a-w .git
rm -rf .git/prio
unprivileged "$PRIO" list >"$TEST_ROOT/out" 2>"$TEST_ROOT/err"
RC=$?
expect_rc 0 "an unwritable git dir does not stop prio"
expect_file "$TEST_ROOT/out" "and it lists the stories" <<'X'
#  ID   STATUS  SCORE  TITLE
1  S-1  ready    2.00  Story S-1
2  S-3  ready    2.00  Story S-3
3  S-2  ready    2.00  Story S-2
X
expect_file "$TEST_ROOT/err" "and says nothing of the cache" </dev/null
[ ! -e .git/prio ] && ok "and no cache was written" ||
    not_ok "and no cache was written"
chmod u+w .git

# prio makes no TLS connection, so it does not read the system's CA
# bundle at start (Debian's libgit2 parses it in git_libgit2_init: 8 ms;
# src/link/no_remote.c, for either LINK).
if command -v strace >/dev/null 2>&1; then
	strace -f -e trace=openat -o "$TEST_ROOT/strace" "$PRIO" list \
	    >/dev/null 2>&1
	if grep -q '^[0-9]* *openat(' "$TEST_ROOT/strace" &&
	    ! grep -q 'certs\|\.crt"\|\.pem"' "$TEST_ROOT/strace"; then
		ok "no certificate file is opened"
	else
		not_ok "no certificate file is opened"
		grep 'cert\|crt\|pem' "$TEST_ROOT/strace" | sed 's/^/# /'
	fi
else
	not_ok "strace (Debian: strace) is needed to see the files prio opens"
fi

# How libgit2 and the other libraries are linked (the Makefile's LINK):
# what prio --version traces is what the binary's dynamic section says,
# and what make check asked for (PRIO_LINK).  Linked in, nothing of
# theirs, nor Kerberos (src/link/no_remote.c), is loaded at start.
bin=${PRIO_VALGRIND_REAL:-$PRIO}
linked=$(PRIO_TRACE=1 "$PRIO" --version 2>&1 >/dev/null |
    sed -n 's/^prio: trace: libgit2 [0-9.]*, //p')
needed=$(readelf -d "$bin" | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p')
theirs=$(echo "$needed" |
    grep -E '^lib(git2|yaml|cmark|jansson|ssh2|mbed|crypto|ssl|gssapi|krb5)')
case $linked in
"linked in")
	[ -z "$theirs" ] && ok "linked in: no library of theirs is loaded" ||
	    not_ok "linked in: no library of theirs is loaded: $theirs" ;;
"shared libraries")
	echo "$theirs" | grep -q '^libgit2\.so' &&
	    ok "shared: libgit2 is a shared library" ||
	    not_ok "shared: libgit2 is a shared library: $needed" ;;
*)	not_ok "PRIO_TRACE=1 prio --version says how libgit2 is linked" ;;
esac
case ${PRIO_LINK:-}:$linked in
static:"linked in" | shared:"shared libraries" | :?*)
	ok "linked as make check asked (${PRIO_LINK:-not said})" ;;
*)	not_ok "linked as make check asked: LINK=$PRIO_LINK, prio: $linked" ;;
esac

# The index read ahead (commit_prefetch.c): a move that commits takes
# it; one that only writes reads none; nothing is left in .git/prio.
new_repo
good_story S-1 "rank: 1"
good_story S-2 "rank: 2"
commit_all
PRIO_TRACE=1 run_prio move S-2 --top -m "first"
expect_rc 0 "move with the index read ahead exits 0"
TRACE=$(grep '^prio: trace: index' "$TEST_ROOT/err")
expect_trace "index read ahead" "a move that commits takes the index read ahead"
PRIO_TRACE=1 run_prio move S-1 --top --no-commit
TRACE=$(grep '^prio: trace: index' "$TEST_ROOT/err")
expect_trace "index not read ahead" "a move that only writes reads no index ahead"
[ -z "$(ls .git/prio | grep -v 'cache$')" ] &&
    ok "the index read ahead leaves nothing in .git/prio" ||
    not_ok "the index read ahead leaves nothing in .git/prio: $(ls .git/prio)"
[ "$(git status --porcelain)" = " M backlog/stories/S-1.md" ] &&
    ok "after the moves git status shows the one written file" ||
    not_ok "after the moves git status shows the one written file"

done_testing
