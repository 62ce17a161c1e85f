#!/bin/sh
# Sizes before contents: a story of 300 MB of zeros packs into about
# 1.5 MB, so anyone who can push can hand one to the server hook and to
# CI.  prio reads each git object's size from its header and loads
# nothing over max-file-size: check --rev, --staged, log, diff, stats,
# report and the pre-receive hook report the file (or skip it, as log and
# diff skip a story too large to read) and stay under 64 MB of memory.
# The huge blob is made by git from a pipe: it never lands on disk
# uncompressed (its loose object is about 300 KB, in $TEST_ROOT).
# Needs python3 (tests/cli/peak-rss.py measures the peak memory).
. "$(dirname "$0")/lib.sh"

PEAK_RSS=$PRIO_SRC/tests/cli/peak-rss.py
HUGE=300000000
LIMIT_KB=65536

command -v python3 >/dev/null 2>&1 || {
	echo "Bail out! python3 is needed to measure memory (Debian: python3)"
	exit 1
}

# measured NAME <args>: run_prio under peak-rss.py, standard input from
# $TEST_ROOT/in; checks the peak.  Under make check-valgrind $PRIO is
# valgrind's wrapper, whose memory says nothing of prio's: the peak is
# then taken in a second run of the real binary.
REAL_PRIO=${PRIO_VALGRIND_REAL:-$PRIO}
: >"$TEST_ROOT/in"
measured() {
	_name=$1
	shift
	if [ "$REAL_PRIO" = "$PRIO" ]; then
		python3 "$PEAK_RSS" "$TEST_ROOT/peak" "$PRIO" "$@" \
		    <"$TEST_ROOT/in" >"$TEST_ROOT/out" 2>"$TEST_ROOT/err"
		RC=$?
	else
		"$PRIO" "$@" <"$TEST_ROOT/in" >"$TEST_ROOT/out" \
		    2>"$TEST_ROOT/err"
		RC=$?
		python3 "$PEAK_RSS" "$TEST_ROOT/peak" "$REAL_PRIO" "$@" \
		    <"$TEST_ROOT/in" >/dev/null 2>&1
	fi
	OUT=$(cat "$TEST_ROOT/out")
	ERR=$(cat "$TEST_ROOT/err")
	: >"$TEST_ROOT/in"
	expect_peak "$TEST_ROOT/peak" "$_name"
}

# expect_peak FILE NAME: the peak written to FILE is under 64 MB.
expect_peak() {
	_kb=$(cat "$1" 2>/dev/null || echo none)
	if [ "$_kb" != none ] && [ "$_kb" -lt "$LIMIT_KB" ]; then
		ok "$2: peak memory under 64 MB"
	else
		not_ok "$2: peak memory under 64 MB"
		echo "#   peak $_kb KiB, limit $LIMIT_KB KiB"
	fi
}

export GIT_AUTHOR_DATE=2026-11-02T10:00:00+00:00
export GIT_COMMITTER_DATE=$GIT_AUTHOR_DATE
new_repo
good_story S-1
commit_all "add S-1"
BASE=$(git rev-parse HEAD)

# The huge story, committed with plumbing: nothing of it in the work tree.
BLOB=$(head -c $HUGE /dev/zero | git hash-object -w --stdin)
export GIT_INDEX_FILE=$TEST_ROOT/big-index
git read-tree HEAD
git update-index --add --cacheinfo "100644,$BLOB,backlog/stories/S-2.md"
TREE=$(git write-tree)
unset GIT_INDEX_FILE
BIG=$(git commit-tree -p HEAD -m "add a huge S-2" "$TREE")
git update-ref refs/heads/big "$BIG"

TOO_BIG="backlog/stories/S-2.md:1:1: error: the file is $HUGE bytes, over the limit of 1048576 bytes; split it, or raise max-file-size in backlog/prio.yml [file]"

measured "check --rev" check --rev big
expect_rc 1 "check --rev refuses the huge story"
expect_out "check --rev names the file and the limit" <<X
$TOO_BIG
X

measured "log" log big
expect_rc 0 "log reads history holding the huge story"
expect_out "log leaves out the commit of a story too large to read" <<X
commit $BASE
Author: Tester <tester@example.com>
Date:   2026-11-02T10:00:00+00:00

    add S-1

    S-1 created at #1
X

measured "diff" diff main big
expect_rc 0 "diff of history holding the huge story"
expect_out "diff says the huge story cannot be read" <<'X'
Backlog changes: 1 unreadable

-  ?  backlog/stories/S-2.md
      unreadable: 'prio check --rev big' says why
X

measured "stats" stats --rev big
expect_rc 0 "stats over history holding the huge story"

measured "report" report --rev big -o "$TEST_ROOT/report.html"
expect_rc 0 "report over history holding the huge story"

# A revision that names the huge blob itself, by a tag, an id or a path:
# found by the object's header, refused before it is loaded.
git tag huge "$BLOB"
git tag -a -m "a tag of the huge blob" huge-annotated "$BLOB"
NAMES_BLOB="a blob of $HUGE bytes ($(echo "$BLOB" | cut -c1-12)), over the 16777216 bytes prio reads; name a commit, branch or tag"
measured "check --rev, a tag of the blob" check --rev huge
expect_rc 2 "check --rev of a tag of the huge blob is refused"
expect_err "check --rev says what the tag names" <<X
prio: 'huge' names $NAMES_BLOB
X
measured "check --rev, an annotated tag" check --rev huge-annotated
expect_err "so is an annotated tag of it" <<X
prio: 'huge-annotated' names $NAMES_BLOB
X
measured "check --rev, an abbreviated id" check --rev "$(echo "$BLOB" | cut -c1-10)"
expect_rc 2 "and its abbreviated id"
measured "check --rev, rev:path" check --rev big:backlog/stories/S-2.md
expect_err "and the blob at a path" <<X
prio: 'big:backlog/stories/S-2.md' names $NAMES_BLOB
X
measured "log, a tag of the blob" log main..huge
expect_rc 2 "log of a range to the tag is refused"
expect_err "log names the side that is too large" <<X
prio: 'huge' names $NAMES_BLOB
X
measured "diff, a tag of the blob" diff main huge
expect_rc 2 "diff to the tag is refused"
measured "stats, a tag of the blob" stats --rev huge
expect_err "stats says what the tag names" <<X
prio: 'huge' names $NAMES_BLOB
X

# The same blob staged: what the pre-commit hook reads.
git update-index --add --cacheinfo "100644,$BLOB,backlog/stories/S-2.md"
measured "check --staged" check --staged
expect_rc 1 "check --staged refuses the huge story"
expect_out "check --staged names the file and the limit" <<X
$TOO_BIG
X
measured "pre-commit hook" hook run pre-commit
expect_rc 1 "the pre-commit hook refuses the huge story"
git reset -q

# What a ref names is peeled by its header: a tag may name the blob
# itself, and the hook lets it through without loading it.
ZERO=0000000000000000000000000000000000000000
echo "$ZERO $BLOB refs/tags/huge" >"$TEST_ROOT/in"
measured "pre-receive, a tag at the blob" hook run pre-receive
expect_rc 0 "a tag at the huge blob is no commit to check"

# A commit over the largest max-file-size is refused unread.
yes 'a long message' | head -c 17000000 >"$TEST_ROOT/msg"
FAT=$(git commit-tree -p "$BASE" -F "$TEST_ROOT/msg" "$BASE^{tree}")
rm -f "$TEST_ROOT/msg"
echo "$ZERO $FAT refs/heads/fat" >"$TEST_ROOT/in"
measured "pre-receive, a huge commit" hook run pre-receive
expect_rc 1 "a push of a 17 MB commit is refused"
expect_err "the pusher is told which object and the limit" <<X
prio: push refused: refs/heads/fat names $FAT, a $(git cat-file -s "$FAT")-byte object, over the 16777216 bytes prio reads; push a smaller commit or tag
X

# ---- a push to a server with prio's pre-receive hook ----
# The server keeps the pushed pack as it is (unpackLimit 1, as git does
# for a push of 100 objects or more), so the hook reads sizes from a
# pack here and from loose objects above; compression 1 keeps it quick.
BARE=$TEST_ROOT/server.git
git init -q --bare "$BARE"
git -C "$BARE" config receive.unpackLimit 1
git push -q "$BARE" main 2>/dev/null
run_prio -C "$BARE" hook install pre-receive
expect_rc 0 "install pre-receive"
# The hook runs prio (the real binary, see measured) under peak-rss.py,
# which keeps the hook's peak.
sed -i "s|^exec \"\$prio\" hook run pre-receive\$|exec python3 '$PEAK_RSS' '$TEST_ROOT/hook-peak' '$REAL_PRIO' hook run pre-receive|" \
    "$BARE/hooks/pre-receive"
grep -q "peak-rss.py" "$BARE/hooks/pre-receive" &&
    ok "the hook is measured" || not_ok "the hook is measured"

git -c pack.compression=1 push -q "$BARE" big:main >"$TEST_ROOT/out" \
    2>"$TEST_ROOT/err"
RC=$?
expect_rc 1 "a push of the huge story is refused"
sed 's/ *$//' "$TEST_ROOT/err" >"$TEST_ROOT/remote"
grep -Fqx "remote: $TOO_BIG" "$TEST_ROOT/remote" &&
    ok "the pusher is told the file and the limit" ||
    { not_ok "the pusher is told the file and the limit"
      sed 's/^/#   /' "$TEST_ROOT/remote"; }
grep -q "^remote: prio: push refused: refs/heads/main (" "$TEST_ROOT/remote" &&
    ok "and which ref was refused" || not_ok "and which ref was refused"
expect_peak "$TEST_ROOT/hook-peak" "pre-receive hook"
expect_same "$(git -C "$BARE" rev-parse main)" "$BASE" \
    "the server's branch did not move"

# A HEAD whose backlog is the huge blob, not a folder: the pre-commit
# hook compares the index with it by the tree entry's type, unread.
export GIT_INDEX_FILE=$TEST_ROOT/odd-index
git update-index --add --cacheinfo "100644,$BLOB,backlog"
ODD=$(git commit-tree -p "$BASE" -m "backlog is a file" "$(git write-tree)")
unset GIT_INDEX_FILE
git reset -q --soft "$ODD"
measured "pre-commit, HEAD's backlog a huge file" hook run pre-commit
expect_rc 0 "the staged backlog is checked and passes"

# Nothing of the huge blob stays behind: the test's folder goes at exit.
done_testing
