#!/bin/sh
# SPEC §5: nothing a user can put in a file or on the command line
# crashes prio, makes it hang or loses data; every such input gets a
# diagnostic naming the file and line.  Each case asserts the exact
# diagnostics and exit code, and that prio exited by itself (0, 1 or 2:
# never a signal, which shows as 124 from timeout or >= 128).
. "$(dirname "$0")/lib.sh"

BAD=$FIXTURES/bad

# run_check [ARGS...]: 'prio check' under a timeout, so a hang fails.
run_check() {
	run_prio_timeout check "$@"
}

# no_crash NAME: the last run ended with an exit code of prio's own.
no_crash() {
	case $RC in
	0|1|2) ok "$1: no crash, no hang" ;;
	*) not_ok "$1: no crash, no hang"; echo "#   exit code $RC" ;;
	esac
}

# bad_case FIXTURE NAME RC SUMMARY: the fixture as S-1.md, then
# 'prio check'; stdout must be stdin exactly.
bad_case() {
	new_repo
	cp "$BAD/$1" backlog/stories/S-1.md
	run_check
	no_crash "$2"
	expect_rc "$3" "$2: exits $3"
	expect_out "$2: diagnostics"
	printf '%s\n' "$4" >"$TEST_ROOT/summary"
	expect_err "$2: summary" <"$TEST_ROOT/summary"
}

ONE_ERROR="prio: 1 story checked: 1 error, 0 warnings"
CLEAN="prio: 1 story checked, no problems"

# expect_secret_hidden NAME: the target's content is in no output.
expect_secret_hidden() {
	if grep -q SECRET "$TEST_ROOT/out" "$TEST_ROOT/err"; then
		not_ok "$1"
		sed 's/^/#   /' "$TEST_ROOT/out" "$TEST_ROOT/err"
	else
		ok "$1"
	fi
}

bad_case empty.md "an empty file" 1 "$ONE_ERROR" <<'X'
backlog/stories/S-1.md:1:1: error: the file is empty; a story starts with a '---' front matter block [front-matter]
X

bad_case no-front-matter.md "no front matter" 1 "$ONE_ERROR" <<'X'
backlog/stories/S-1.md:1:1: error: no front matter; a story starts with a '---' line, then YAML keys such as id, title and status, then '---' [front-matter]
X

bad_case unterminated.md "unterminated front matter" 1 "$ONE_ERROR" <<'X'
backlog/stories/S-1.md:1:1: error: the front matter is not terminated; add a '---' line after its last key [front-matter]
X

bad_case bom.md "a UTF-8 byte order mark" 0 "$CLEAN" </dev/null
run_prio list --json
expect_grep '"id":"S-1","title":"Starts with a byte order mark"' \
    "a UTF-8 byte order mark: the story is read"
expect_grep '"criteria":\{"total":2,"met":1\}' \
    "a UTF-8 byte order mark: its criteria are read"

# A config saved with a byte order mark (as some Windows editors do).
new_repo
printf '\357\273\277closed-schema: true\nkeys: [team]\n' >backlog/prio.yml
good_story S-1 "team: till
colour: blue"
run_check
no_crash "a config with a byte order mark"
expect_rc 0 "a config with a byte order mark: exits 0"
expect_out "a config with a byte order mark: its keys apply" <<'X'
backlog/stories/S-1.md:10:1: warning: key 'colour' is not declared; add it to 'keys' in backlog/prio.yml or remove it [unknown-key]
X
printf '\357\273\277score: a: b\n' >backlog/prio.yml
run_check
expect_rc 2 "a config with a byte order mark and an error: exits 2"
expect_err "a config with a byte order mark: columns after the mark" <<'X'
backlog/prio.yml:1:9: error: invalid YAML: mapping values are not allowed in this context; quote a value that holds ': ', or check the indentation
prio: the backlog's config is wrong; fix backlog/prio.yml
X

bad_case crlf.md "CRLF line endings" 1 \
    "prio: 1 story checked: 3 errors, 0 warnings" <<'X'
backlog/stories/S-1.md:4:9: error: status 'doing' is not one of: draft, ready, in-progress, done, accepted, dropped [status]
backlog/stories/S-1.md:6:9: error: 'labels' must be a list, such as [payments, mobile] [type]
backlog/stories/S-1.md:13:1: error: acceptance criterion 2 has no text; say what must be true, or remove the item [empty-criterion]
X
sed 's/^status: doing/status: draft/; s/^labels: nope/labels: [ok]/' \
    backlog/stories/S-1.md >x && mv x backlog/stories/S-1.md
run_prio list --json
expect_grep '"title":"Windows line endings","status":"draft","rank":"1"' \
    "CRLF line endings: values carry no carriage return"
expect_grep '"labels":\["ok"\]' "CRLF line endings: lists are read"
expect_grep '"criteria":\{"total":2,"met":1\}' \
    "CRLF line endings: criteria are read"

# A lone carriage return ends a line for CommonMark but not for the file:
# criteria are still read whole, at their file lines.
bad_case lone-cr.md "a lone carriage return in a criterion" 1 \
    "$ONE_ERROR" <<'X'
backlog/stories/S-1.md:10:1: error: acceptance criterion 2 has no text; say what must be true, or remove the item [empty-criterion]
X
run_prio_timeout list --json
no_crash "a lone carriage return: list"
expect_grep '"criteria":\{"total":2,"met":1\}' \
    "a lone carriage return: criteria counted"

# YAML also ends lines at U+0085, U+2028 and U+2029 and counts columns in
# characters; diagnostics count file lines ("\n") and byte columns.
bad_case unicode-breaks.md "Unicode line breaks and columns" 1 \
    "prio: 1 story checked: 2 errors, 0 warnings" <<'X'
backlog/stories/S-1.md:4:9: error: status 'bogus' is not one of: draft, ready, in-progress, done, accepted, dropped [status]
backlog/stories/S-1.md:5:17: error: 'labels' items must be single values, not a list [type]
X

bad_case tabs.md "a tab in YAML indentation" 1 "$ONE_ERROR" <<'X'
backlog/stories/S-1.md:6:1: error: invalid YAML: found character that cannot start any token while scanning for the next token; indent with spaces, not tabs [yaml]
X

bad_case invalid-utf8.md "invalid UTF-8" 1 "$ONE_ERROR" <<'X'
backlog/stories/S-1.md:3:19: error: invalid UTF-8 (byte 0xe9); save the file as UTF-8 [file]
X

bad_case binary.md "a binary file" 1 "$ONE_ERROR" <<'X'
backlog/stories/S-1.md:8:1: error: binary file (NUL byte); a story must be UTF-8 text [file]
X

# --- size limits --------------------------------------------------------
new_repo
printf 'max-file-size: 200\n' >backlog/prio.yml
good_story S-1
good_story S-2
i=0
while [ $i -lt 20 ]; do
	echo "More text to push the file over 200 bytes." >>backlog/stories/S-2.md
	i=$((i + 1))
done
size=$(wc -c <backlog/stories/S-2.md)
printf '%s\n' "backlog/stories/S-2.md:1:1: error: the file is $((size)) bytes, over the limit of 200 bytes; split it, or raise max-file-size in backlog/prio.yml [file]" \
    >"$TEST_ROOT/want_out"
run_check
no_crash "a file over max-file-size"
expect_rc 1 "a file over max-file-size: exits 1"
expect_out "a file over max-file-size: says the size and the limit" \
    <"$TEST_ROOT/want_out"
git add -A
run_check --staged
expect_rc 1 "a file over max-file-size in the index: exits 1"
expect_out "a file over max-file-size in the index: the same" \
    <"$TEST_ROOT/want_out"

# The default limit is 1 MiB: a sparse file one byte over is refused
# without being read; a story of exactly 1 MiB is read.
new_repo
truncate -s 1048577 backlog/stories/S-1.md
good_story S-2
{
	cat backlog/stories/S-2.md
	i=$(wc -c <backlog/stories/S-2.md)
	head -c $((1048576 - i)) /dev/zero | tr '\0' 'x'
} >backlog/stories/S-2.md.new
mv backlog/stories/S-2.md.new backlog/stories/S-2.md
run_check
no_crash "the default size limit"
expect_rc 1 "the default size limit: exits 1"
expect_out "the default size limit: 1048577 bytes refused, 1048576 read" <<'X'
backlog/stories/S-1.md:1:1: error: the file is 1048577 bytes, over the limit of 1048576 bytes; split it, or raise max-file-size in backlog/prio.yml [file]
X

# --- YAML anchors and aliases -------------------------------------------
bad_case anchor-only.md "anchors without aliases" 0 "$CLEAN" </dev/null

bad_case aliases.md "an alias" 1 "$ONE_ERROR" <<'X'
backlog/stories/S-1.md:5:10: error: aliases (*name) are not supported; write the value out [yaml]
X

# Nine levels of nine: expanded, 387,420,489 strings.  Refused at the
# first alias, at once (bad_case runs under a timeout).
bad_case alias-bomb.md "a billion-laughs alias bomb" 1 "$ONE_ERROR" <<'X'
backlog/stories/S-1.md:6:8: error: aliases (*name) are not supported; write the value out [yaml]
X

# --- deep nesting -------------------------------------------------------
# nest N OPEN CLOSE: N opening then N closing brackets.
nest() {
	awk -v n="$1" -v o="$2" -v c="$3" 'BEGIN {
		for (i = 0; i < n; i++) printf "%s", o
		for (i = 0; i < n; i++) printf "%s", c
	}'
}

new_repo
{ printf -- '---\nid: S-1\ntitle: Deep\nstatus: draft\nx: '
  nest 10000 '[' ''; printf '\n---\n'; } >backlog/stories/S-1.md
{ printf -- '---\nid: S-2\ntitle: Deep maps\nstatus: draft\nx: '
  nest 10000 '{a: ' '}'; printf '\n---\n'; } >backlog/stories/S-2.md
{ printf -- '---\nid: S-3\ntitle: Deep blocks\nstatus: draft\nx:\n'
  awk 'BEGIN { for (i = 0; i < 10000; i++) printf "- "; print "a" }'
  printf -- '---\n'; } >backlog/stories/S-3.md
{ printf -- '---\nid: S-4\ntitle: 32 levels\nstatus: draft\nx: '
  nest 31 '[' ']'; printf '\n---\n'; } >backlog/stories/S-4.md
{ printf -- '---\nid: S-5\ntitle: 33 levels\nstatus: draft\nx: '
  nest 32 '[' ']'; printf '\n---\n'; } >backlog/stories/S-5.md
run_check
no_crash "deep nesting"
expect_rc 1 "deep nesting: exits 1"
expect_out "deep nesting: 33 levels and more are refused" <<'X'
backlog/stories/S-1.md:5:35: error: the YAML nests deeper than 32 levels, which prio refuses; flatten the value [yaml]
backlog/stories/S-2.md:5:128: error: the YAML nests deeper than 32 levels, which prio refuses; flatten the value [yaml]
backlog/stories/S-3.md:6:63: error: the YAML nests deeper than 32 levels, which prio refuses; flatten the value [yaml]
backlog/stories/S-5.md:5:35: error: the YAML nests deeper than 32 levels, which prio refuses; flatten the value [yaml]
X

# --- keys and ids -------------------------------------------------------
bad_case duplicate-keys.md "a duplicate key" 1 "$ONE_ERROR" <<'X'
backlog/stories/S-1.md:5:1: error: key 'title' repeats (first at line 3); keep one [yaml]
X

bad_case id-list.md "an id that is a list" 1 "$ONE_ERROR" <<'X'
backlog/stories/S-1.md:2:5: error: 'id' must be a single value, not a list [type]
X

bad_case id-map.md "an id that is a mapping" 1 "$ONE_ERROR" <<'X'
backlog/stories/S-1.md:3:3: error: 'id' must be a single value, not a mapping [type]
X

# --- merge conflicts ----------------------------------------------------
bad_case conflict.md "conflict markers" 1 \
    "prio: 1 story checked: 3 errors, 0 warnings" <<'X'
backlog/stories/S-1.md:5:1: error: git merge-conflict marker; resolve the conflict and remove the markers [conflict-marker]
backlog/stories/S-1.md:7:1: error: git merge-conflict marker; resolve the conflict and remove the markers [conflict-marker]
backlog/stories/S-1.md:9:1: error: git merge-conflict marker; resolve the conflict and remove the markers [conflict-marker]
X

# A real conflict, made by git: the work tree has markers, and the index
# holds the file in conflict.
new_repo
good_story S-1 "rank: 1"
commit_all base
git checkout -qb feature
sed 's/^rank: 1/rank: 7/' backlog/stories/S-1.md >x && mv x backlog/stories/S-1.md
commit_all "feature: rank 7"
git checkout -q main
sed 's/^rank: 1/rank: 2/' backlog/stories/S-1.md >x && mv x backlog/stories/S-1.md
commit_all "main: rank 2"
git merge -q feature >/dev/null 2>&1
run_check
no_crash "a conflicted merge"
expect_rc 1 "a conflicted merge: exits 1"
expect_out "a conflicted merge: the markers in the work tree" <<'X'
backlog/stories/S-1.md:9:1: error: git merge-conflict marker; resolve the conflict and remove the markers [conflict-marker]
backlog/stories/S-1.md:11:1: error: git merge-conflict marker; resolve the conflict and remove the markers [conflict-marker]
backlog/stories/S-1.md:13:1: error: git merge-conflict marker; resolve the conflict and remove the markers [conflict-marker]
X
run_check --staged
no_crash "a conflicted merge, --staged"
expect_rc 1 "a conflicted merge, --staged: exits 1"
expect_out "a conflicted merge, --staged: the file is in conflict" <<'X'
backlog/stories/S-1.md:1:1: error: the file is in conflict in the index; resolve the conflict and 'git add' the file [file]
X

# --- symbolic links -----------------------------------------------------
mkdir -p "$TEST_ROOT/outside"
cat >"$TEST_ROOT/outside/S-1.md" <<'X'
---
id: S-1
title: SECRET outside the repository
status: draft
---
SECRET body
X

new_repo
ln -s "$TEST_ROOT/outside/S-1.md" backlog/stories/S-1.md
ln -s ../../../../../../../../../../etc/passwd backlog/stories/S-2.md
run_check
no_crash "a symlink outside the repository"
expect_rc 1 "a symlink outside the repository: exits 1"
expect_out "a symlink outside the repository: not followed" <<'X'
backlog/stories/S-1.md:1:1: error: the file is a symbolic link that leads outside the repository, and prio does not follow it; put the story itself in the repository [file]
backlog/stories/S-2.md:1:1: error: the file is a symbolic link that leads outside the repository, and prio does not follow it; put the story itself in the repository [file]
X
expect_secret_hidden "a symlink outside the repository: check shows nothing of it"
run_prio_timeout list --all --json
expect_out "a symlink outside the repository: list shows no story" <<'X'
{"version":1,"kind":"prio.list","stories":[]}
X
run_prio_timeout show S-1
expect_rc 1 "a symlink outside the repository: show does not find it"
expect_secret_hidden "a symlink outside the repository: show shows nothing of it"

# A linked sub-folder that leads outside is not walked; a linked stories
# folder is refused.
new_repo
good_story S-3
ln -s "$TEST_ROOT/outside" backlog/stories/elsewhere
run_check
expect_rc 0 "a linked folder outside the repository is not walked"
expect_secret_hidden "a linked folder outside: nothing of it shows"
new_repo
rmdir backlog/stories
ln -s "$TEST_ROOT/outside" backlog/stories
run_check
no_crash "a stories folder linked outside"
expect_rc 1 "a stories folder linked outside: exits 1"
expect_out "a stories folder linked outside: refused" <<'X'
backlog/stories:1:1: error: the folder leads outside the repository through a symbolic link, and prio does not follow it; keep the stories in the repository [file]
X
expect_secret_hidden "a stories folder linked outside: nothing of it shows"

# A link that stays inside the repository is followed.
new_repo
mkdir -p shared
good_story S-4
mv backlog/stories/S-4.md shared/S-4.md
ln -s ../../shared/S-4.md backlog/stories/S-4.md
run_check
expect_rc 0 "a symlink inside the repository: exits 0"
expect_out "a symlink inside the repository: read like a file" </dev/null
run_prio list --json
expect_grep '"id":"S-4","title":"Story S-4"' \
    "a symlink inside the repository: the story is listed"

# In the index a link is a blob holding the target: never followed.
git add -A
run_check --staged
expect_rc 1 "a symlink in the index: exits 1"
expect_out "a symlink in the index: not followed" <<'X'
backlog/stories/S-4.md:1:1: error: the file is a symbolic link, and prio does not follow links in git's index or history; commit the file itself [file]
X

# A dangling link: what a story deleted between listing and reading
# looks like once it is gone.
new_repo
good_story S-1
ln -s S-9.md backlog/stories/S-5.md
run_check
no_crash "a dangling symlink"
expect_rc 1 "a dangling symlink: exits 1"
expect_out "a dangling symlink: says the target is missing" <<'X'
backlog/stories/S-5.md:1:1: error: the file is a symbolic link to a file that does not exist; fix or remove the link [file]
X

# --- an ID on the command line is never a path --------------------------
new_repo
good_story S-1
mkdir -p etc
echo "SECRET in the repository" >etc/passwd
for id in 'S-1 ' S-01 S-; do
	run_prio_timeout show "$id"
	no_crash "show '$id'"
	expect_rc 2 "show '$id': a usage error"
	printf "prio: '%s' is not a story ID; IDs look like S-42\n" "$id" \
	    >"$TEST_ROOT/want_err"
	expect_err "show '$id': says it is not an ID" <"$TEST_ROOT/want_err"
	expect_secret_hidden "show '$id': reads nothing"
done
# A path is taken instead of an ID (t0790), but only to a story file:
# one outside backlog/stories/ is a usage error, and nothing is read.
for id in ../../etc/passwd S-1/../../../etc/passwd /etc/passwd etc/passwd; do
	run_prio_timeout show "$id"
	no_crash "show '$id'"
	expect_rc 2 "show '$id': a usage error"
	printf "prio: '%s' is not in backlog/stories/, where the story files are; name a story by its ID or by the path of its file\n" "$id" \
	    >"$TEST_ROOT/want_err"
	expect_err "show '$id': says it is no story file" <"$TEST_ROOT/want_err"
	expect_secret_hidden "show '$id': reads nothing"
done
if command -v strace >/dev/null 2>&1 &&
    strace -f -o /dev/null true >/dev/null 2>&1; then
	# (LeakSanitizer cannot run under ptrace.)
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
	    strace -f -e trace=file -o "$TEST_ROOT/trace" "$PRIO" show \
	    ../../etc/passwd >/dev/null 2>&1
	if grep -v execve "$TEST_ROOT/trace" | grep -q passwd; then
		not_ok "show ../../etc/passwd opens no such path"
		grep passwd "$TEST_ROOT/trace" | sed 's/^/#   /'
	else
		ok "show ../../etc/passwd opens no such path"
	fi
else
	not_ok "show ../../etc/passwd opens no such path: strace is missing or unusable (sh tools/deps.sh)"
fi

# --- things named like stories that are not files -----------------------
new_repo
good_story S-1
mkdir backlog/stories/S-2.md
good_story S-3
mv backlog/stories/S-3.md backlog/stories/S-2.md/S-3.md
mkfifo backlog/stories/S-4.md
run_check
no_crash "a directory and a FIFO named *.md"
expect_rc 1 "a directory and a FIFO named *.md: exits 1"
expect_out "a directory and a FIFO named *.md: diagnosed, stories inside found" <<'X'
backlog/stories/S-2.md:1:1: error: a directory is named like a story file; rename it so that it does not end in '.md' [file]
backlog/stories/S-4.md:1:1: error: the file is not a regular file (but a FIFO, socket or device); replace it with a story file [file]
X
run_prio_timeout list
no_crash "a FIFO named *.md: list"
expect_out "a FIFO named *.md: list shows the real stories" <<'X'
#  ID   STATUS  SCORE  TITLE
1  S-1  ready    2.00  Story S-1
2  S-3  ready    2.00  Story S-3
X

# An unreadable file (as root, read as nobody: chmod 000 stops that).
new_repo
good_story S-1
chmod 000 backlog/stories/S-1.md
unprivileged timeout "${PRIO_TEST_TIMEOUT:-10}" "$PRIO" check \
    >"$TEST_ROOT/out" 2>"$TEST_ROOT/err"
RC=$?
no_crash "an unreadable file"
expect_rc 1 "an unreadable file: exits 1"
expect_out "an unreadable file: says so" <<'X'
backlog/stories/S-1.md:1:1: error: cannot open the file: Permission denied [file]
X
chmod 644 backlog/stories/S-1.md

# --- large but valid ----------------------------------------------------
# 10,000 criteria and ranks of 200 digits: correct, and quick (the
# timeout is generous; this takes milliseconds).
new_repo
zeros=$(awk 'BEGIN { for (i = 0; i < 198; i++) printf "0" }')
{
	printf -- '---\nid: S-1\ntitle: Many criteria\nstatus: ready\n'
	printf 'rank: 0.%s2\nvalue: 1\nurgency: 1\nrisk: 1\neffort: 1\n' \
	    "$zeros"
	printf -- '---\n## Acceptance criteria\n\n'
	awk 'BEGIN { for (i = 1; i <= 10000; i++)
		printf "- [%s] criterion %d\n", i % 4 ? " " : "x", i }'
} >backlog/stories/S-1.md
good_story S-2 "rank: 0.${zeros}1"
good_story S-3 "rank: 0.${zeros}10"
run_check
no_crash "10,000 criteria, 200-digit ranks"
expect_rc 0 "10,000 criteria, 200-digit ranks: exits 0"
printf 'backlog/stories/S-3.md:9:7: warning: rank 0.%s10 ties with S-2; the tie is ordered by id until you run '"'prio renumber'"' or move one [rank-tie]\n' \
    "$zeros" >"$TEST_ROOT/want_out"
expect_out "200-digit ranks compare exactly: 0.…1 ties 0.…10" \
    <"$TEST_ROOT/want_out"
run_prio_timeout list --json
no_crash "10,000 criteria: list"
expect_grep '"criteria":\{"total":10000,"met":2500\}' \
    "10,000 criteria: all counted"
expect_grep "^\{\"version\":1,\"kind\":\"prio.list\",\"stories\":\[\{\"id\":\"S-2\",[^{]*\"rank\":\"0\.${zeros}1\"" \
    "200-digit ranks: the smallest first, written as it was"
expect_grep "\"id\":\"S-3\".*\"id\":\"S-1\",[^{]*\"rank\":\"0\.${zeros}2\"" \
    "200-digit ranks: ordered by the last digit"

# --- found by fuzzing (fuzz/, tests/fixtures/fuzz/) ----------------------
# A YAML error at the very end of a config with no final newline: libyaml
# places it on a line that does not exist; the diagnostic names the end
# of the last line.
new_repo
cp "$BAD/config-eof.yml" backlog/prio.yml
run_check
no_crash "a config error at the end of a file without a newline"
expect_rc 2 "a config error at the end of the file: exits 2"
expect_err "a config error at the end of the file: on its last line" <<'X'
backlog/prio.yml:2:10: error: invalid YAML: could not find expected ':' while scanning a simple key; write each key as 'key: value' on its own line
prio: the backlog's config is wrong; fix backlog/prio.yml
X

done_testing
