#!/bin/sh
# Outputs go where they are told, and failures are reported: a write to
# stdout that fails is exit 3 with a message (a reader that has gone
# ends prio by SIGPIPE, as git); report -o writes through FIFOs, devices
# and symlinks instead of renaming over them.
. "$(dirname "$0")/lib.sh"

new_repo
good_story S-1 "rank: 1"
good_story S-2 "rank: 2"
commit_all "backlog"
# A clean check writes nothing to stdout, and exits 0: nothing lost.
"$PRIO" check >/dev/full 2>"$TEST_ROOT/err"
RC=$?
expect_rc 0 "a check with nothing to say exits 0 into /dev/full"

# A story with an error: commands then say so on stderr, which flushes
# stdout first (that flush failing must not hide the failure).
printf -- '---\nid: S-3\n' >backlog/stories/S-3.md

# --- a failed write to stdout --------------------------------------------

if [ ! -w /dev/full ]; then
	echo "Bail out! /dev/full is needed to test a failed write"
	exit 1
fi

for cmd in "list" "list --json" "list --format csv" "show S-1" "rank" \
    "check" "log" "board" "plan --capacity 5" "stats" \
    "report -o -" "completion bash" "--help" "list --help"; do
	# shellcheck disable=SC2086
	"$PRIO" $cmd >/dev/full 2>"$TEST_ROOT/err"
	RC=$?
	expect_rc 3 "prio $cmd > /dev/full exits 3"
	# Last, after what the command said; stdio keeps no errno of a
	# write that failed before the last flush.
	if tail -n 1 "$TEST_ROOT/err" | grep -Eqx 'prio: cannot write the output: (No space left on device|a write failed)'; then
		ok "prio $cmd > /dev/full says so"
	else
		not_ok "prio $cmd > /dev/full says so"
		sed 's/^/#   /' "$TEST_ROOT/err"
	fi
done

# A closed stdout is not filled by a file prio opens (as git: /dev/null).
"$PRIO" list >&- 2>"$TEST_ROOT/err"
RC=$?
expect_rc 0 "list with stdout closed exits 0"
expect_err "list with stdout closed says only what it has to" <<'X'
prio: the backlog has 1 error; run 'prio check' to see it
X

# A reader that has gone: prio dies of SIGPIPE, quietly, as git does,
# even when SIGPIPE was ignored by whoever started it (EPIPE).
rc_file=$TEST_ROOT/pipe-rc
{ sleep 1; "$PRIO" list --all 2>"$TEST_ROOT/err"; echo $? >"$rc_file"; } | true
RC=$(cat "$rc_file")
expect_rc 141 "list into a closed pipe dies of SIGPIPE"
expect_err "list into a closed pipe says nothing" </dev/null
(trap '' PIPE
{ sleep 1; "$PRIO" list --all 2>"$TEST_ROOT/err"; echo $? >"$rc_file"; } | true)
RC=$(cat "$rc_file")
expect_rc 141 "list into a closed pipe with SIGPIPE ignored ends by SIGPIPE"
expect_err "list into a closed pipe with SIGPIPE ignored says no more" <<'X'
prio: the backlog has 1 error; run 'prio check' to see it
X

# --- report -o: write where it is told --------------------------------------

git checkout -q -- . && rm -f backlog/stories/S-3.md
"$PRIO" report -o - >"$TEST_ROOT/page.html" 2>/dev/null ||
    not_ok "report -o - exits 0"
page=$TEST_ROOT/page.html
out=$TEST_ROOT/outs
mkdir -p "$out/sub"

# same FILE "name": FILE holds the page exactly.
same() {
	if cmp -s "$page" "$1"; then ok "$2"; else not_ok "$2"; fi
}

# A FIFO is written into, and stays a FIFO (a reader that hangs because
# prio renamed a file over the FIFO is stopped).
mkfifo "$out/fifo"
cat "$out/fifo" >"$out/from-fifo" &
reader=$!
run_prio report -o "$out/fifo"
if [ "$RC" -eq 0 ] && [ -p "$out/fifo" ]; then
	wait "$reader"
else
	kill "$reader" 2>/dev/null
	wait "$reader" 2>/dev/null
fi
expect_rc 0 "report -o FIFO exits 0"
if [ -p "$out/fifo" ]; then ok "the FIFO stays a FIFO"; else
	not_ok "the FIFO stays a FIFO"; fi
same "$out/from-fifo" "the FIFO's reader gets the page"

# A link to a descriptor (what /dev/stdout is) writes into that
# descriptor, and the link stays.
ln -s /proc/self/fd/1 "$out/fd1"
"$PRIO" report -o "$out/fd1" 2>"$TEST_ROOT/err" | cat >"$out/from-fd1"
if [ -L "$out/fd1" ]; then fd_ok=1; ok "a link to /proc/self/fd/1 stays"; else
	fd_ok=; not_ok "a link to /proc/self/fd/1 stays"; fi
same "$out/from-fd1" "a link to /proc/self/fd/1 writes into stdout"
# Only a prio that passed that runs these: an old one would replace the
# machine's /dev/stdout and /dev/null (as root) with a file.
if [ -n "$fd_ok" ]; then
	"$PRIO" report -o /dev/stdout 2>"$TEST_ROOT/err" | cat >"$out/from-stdout"
	same "$out/from-stdout" "report -o /dev/stdout writes into stdout"
	if [ -L /dev/stdout ]; then ok "/dev/stdout stays a link"; else
		not_ok "/dev/stdout stays a link"; fi
	run_prio report -o /dev/null
	expect_rc 0 "report -o /dev/null exits 0"
	if [ -c /dev/null ]; then ok "/dev/null stays a device"; else
		not_ok "/dev/null stays a device"; fi
	run_prio report -o /dev/full
	expect_rc 3 "report -o /dev/full exits 3"
	expect_err "report -o /dev/full says why" <<'X'
prio: cannot write '/dev/full': No space left on device
X
else
	not_ok "report -o /dev/stdout not tried: links to descriptors fail"
fi

# A link to a file: the file is replaced whole, the link stays a link;
# a relative link is read from the link's folder.
echo old >"$out/real.html"
ln -s real.html "$out/link.html"
ln -s ../real2.html "$out/sub/link2.html"
ln -s sub/link2.html "$out/chain.html"
run_prio report -o "$out/link.html"
expect_rc 0 "report -o a link exits 0"
if [ -L "$out/link.html" ] && [ "$(readlink "$out/link.html")" = real.html ]; then
	ok "the link stays a link to the same file"
else
	not_ok "the link stays a link to the same file"
fi
same "$out/real.html" "the link's target gets the page"
run_prio report -o "$out/chain.html"
expect_rc 0 "report -o a chain of links to nothing yet exits 0"
if [ -L "$out/chain.html" ] && [ -L "$out/sub/link2.html" ]; then
	ok "both links of the chain stay"
else
	not_ok "both links of the chain stay"
fi
same "$out/real2.html" "the end of the chain is created with the page"
ls -a "$out" "$out/sub" | grep -c tmp- >"$TEST_ROOT/tmps"
expect_file "$TEST_ROOT/tmps" "no temporary file is left" <<'X'
0
X

# A file keeps its permissions when it is replaced.
echo old >"$out/private.html"
chmod 600 "$out/private.html"
run_prio report -o "$out/private.html"
expect_rc 0 "report over a private file exits 0"
stat -c %a "$out/private.html" >"$TEST_ROOT/mode"
expect_file "$TEST_ROOT/mode" "the file keeps its permissions" <<'X'
600
X
same "$out/private.html" "the private file gets the page"

# Paths that name no place are usage errors (exit 2, SPEC §4): the
# user typed them.
run_prio report -o "$out/sub"
expect_rc 2 "report -o a folder exits 2"
expect_err "report -o a folder says so" <<X
prio: cannot write '$out/sub': it is a folder; name a file
X
ln -s loop-b "$out/loop-a"
ln -s loop-a "$out/loop-b"
run_prio report -o "$out/loop-a"
expect_rc 2 "report -o a link loop exits 2"
expect_err "report -o a link loop says so" <<X
prio: cannot write '$out/loop-a': Too many levels of symbolic links; its symbolic links go round in a loop
X
run_prio report -o "$out/real.html/x.html"
expect_rc 2 "report -o under a file exits 2"
expect_err "report -o under a file names it" <<X
prio: cannot write '$out/real.html/x.html': Not a directory; check that its folder exists and is writable
X

# --- --json with another --format is a usage error --------------------------

# conflict "<args>" "<usage line>"
conflict() {
	# shellcheck disable=SC2086
	run_prio $1
	expect_rc 2 "prio $1 exits 2"
	fmt=$(echo "$1" | sed 's/.*--format \([a-z]*\).*/\1/')
	printf "prio: --json and --format %s cannot be used together; --json is --format json\nusage: prio %s\n" \
	    "$fmt" "$2" >"$TEST_ROOT/want-err"
	if cmp -s "$TEST_ROOT/want-err" "$TEST_ROOT/err"; then
		ok "prio $1 says why"
	else
		not_ok "prio $1 says why"
		diff -u "$TEST_ROOT/want-err" "$TEST_ROOT/err" | sed 's/^/#   /'
	fi
	[ -z "$OUT" ] && ok "prio $1 writes nothing" ||
	    not_ok "prio $1 writes nothing"
}
list_usage='[--status <s>]... [--role <r>]... [--label <l>] [--owner <o>] [--all] [--json | --format <f>] [--rev <rev>]'
conflict "list --json --format csv" "list $list_usage"
conflict "list --format csv --json" "list $list_usage"
conflict "list --format text --json" "list $list_usage"
conflict "check --json --format github" \
    "check [--staged [--all] | --rev <rev>] [--format text|json|github|codequality]"
conflict "diff --format markdown --json" \
    "diff [<rev> | <rev> <rev> | <rev>..<rev> | <rev>...<rev>] [--format text|markdown|json]"
run_prio list --json --format json
expect_rc 0 "list --json --format json agree, exit 0"
json_ok "list --json --format json writes JSON"
run_prio check --format json --json
expect_rc 0 "check --format json --json agree, exit 0"

# --- JSON is UTF-8 even for file names that are not ---------------------------

command -v python3 >/dev/null 2>&1 || {
	echo "Bail out! python3 is needed to check that JSON is valid UTF-8"
	exit 1
}
# utf8_json "name" WHAT: stdout is strict UTF-8 and parses as JSON, and
# holds the file name(s) with U+FFFD for each bad byte (WHAT: 1 the
# Latin-1 name, 2 the other, both).
utf8_json() {
	if python3 - "$TEST_ROOT/out" "$2" <<'PY'
import json, sys
text = open(sys.argv[1], 'rb').read().decode('utf-8')
json.loads(text)
want = {'1': ['caf\ufffd'], '2': ['\ufffd\ufffd-x'],
        'both': ['caf\ufffd', '\ufffd\ufffd-x']}[sys.argv[2]]
sys.exit(0 if all(w in text for w in want) else 1)
PY
	then ok "$1"; else not_ok "$1"; sed 's/^/#   /' "$TEST_ROOT/out"; fi
}
new_repo
good_story S-9 "rank: 3"
commit_all "first"
good_story S-1 "rank: 1"
mv backlog/stories/S-1.md "$(printf 'backlog/stories/S-1-caf\351.md')"
printf -- '---\nid: S-2\ntitle: No status\n---\n' \
    >"$(printf 'backlog/stories/S-2-\377\376-x.md')"
commit_all "odd names"
run_prio list --json
expect_rc 0 "list --json with a Latin-1 file name exits 0"
utf8_json "list --json: the path is UTF-8, with U+FFFD" 1
run_prio show S-1 --json
utf8_json "show --json: the path is UTF-8" 1
run_prio check --format json
expect_rc 1 "check --format json of the bad names exits 1"
utf8_json "check --format json: paths are UTF-8" 2
run_prio check --format codequality
utf8_json "check --format codequality: paths are UTF-8" 2
run_prio diff HEAD~1 HEAD --format json
utf8_json "diff --format json: paths are UTF-8" 1
run_prio log --json
expect_rc 0 "log --json exits 0"
json_ok "log --json parses"

done_testing
