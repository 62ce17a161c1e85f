#!/bin/sh
# CI integrations: `prio check --format codequality` (GitLab's Code
# Quality report), the pre-commit manifest, the GitHub Action
# (action.yml and its comment script, against a mock GitHub API), and
# the GitLab CI example.  Needs python3 with its yaml module (Debian:
# python3-yaml) and node (the comment script's runtime on GitHub's
# runners); a missing one fails the test that needs it, with a message.
. "$(dirname "$0")/lib.sh"

# --- check --format codequality -------------------------------------------

# fingerprint PATH RULE MESSAGE [REPEAT]: what prio-check(1) says the
# fingerprint is, computed by git itself.
fingerprint() {
	if [ $# -eq 4 ]; then
		printf '%s\0%s\0%s\0%s' "$1" "$2" "$3" "$4"
	else
		printf '%s\0%s\0%s' "$1" "$2" "$3"
	fi | git hash-object --stdin
}

new_repo
# A file name with a quote, a non-ASCII letter, and one byte that is
# not UTF-8; a message with a tab; three identical problems in a file.
Q='backlog/stories/S-1-"q" é.md'
printf -- '---\nid: S-1\ntitle: Quoted\nstatus: "bo\\tgus"\nvalue: 1\nurgency: 1\nrisk: 1\neffort: 1\n---\n' >"$Q"
printf -- '---\nid: S-2\ntitle: Draft\nstatus: draft\n---\n' >backlog/stories/S-2.md
printf -- '<<<<<<< HEAD\n---\nid: S-3\n=======\n---\nid: S-3\n>>>>>>> other\ntitle: x\nstatus: draft\n---\n' >backlog/stories/S-3.md
printf -- '---\nid: S-4\ntitle: Unscored\nstatus: ready\n---\n\n## Acceptance criteria\n\n- [ ] It works.\n' >backlog/stories/S-4.md
B=$(printf 'backlog/stories/S-5-\377.md')
printf -- '---\nid: S-5\ntitle: caf\351\n---\n' >"$B"

TAB=$(printf '\t')
STATUS_MSG="status 'bo${TAB}gus' is not one of: draft, ready, in-progress, done, accepted, dropped"
CONFLICT_MSG='git merge-conflict marker; resolve the conflict and remove the markers'
SCORE_MSG="no score: 'value' is missing; the score is (value + urgency + risk) / effort"
UTF8_MSG='invalid UTF-8 (byte 0xe9); save the file as UTF-8'
F1=$(fingerprint "$Q" status "$STATUS_MSG")
F3a=$(fingerprint backlog/stories/S-3.md conflict-marker "$CONFLICT_MSG")
F3b=$(fingerprint backlog/stories/S-3.md conflict-marker "$CONFLICT_MSG" 1)
F3c=$(fingerprint backlog/stories/S-3.md conflict-marker "$CONFLICT_MSG" 2)
F4=$(fingerprint backlog/stories/S-4.md unscored "$SCORE_MSG")
F5=$(fingerprint "$B" file "$UTF8_MSG")

run_prio check --format codequality
expect_rc 1 "codequality: errors exit 1, as the other formats"
{
	printf '[{"description":"status '"'"'bo\\tgus'"'"' is not one of: draft, ready, in-progress, done, accepted, dropped","check_name":"status","fingerprint":"%s","severity":"major","location":{"path":"backlog/stories/S-1-\\"q\\" é.md","lines":{"begin":4}}},' "$F1"
	for l in "1 $F3a" "4 $F3b" "7 $F3c"; do
		printf '{"description":"%s","check_name":"conflict-marker","fingerprint":"%s","severity":"major","location":{"path":"backlog/stories/S-3.md","lines":{"begin":%s}}},' "$CONFLICT_MSG" "${l#* }" "${l% *}"
	done
	printf '{"description":"%s","check_name":"unscored","fingerprint":"%s","severity":"minor","location":{"path":"backlog/stories/S-4.md","lines":{"begin":4}}},' "$SCORE_MSG" "$F4"
	printf '{"description":"%s","check_name":"file","fingerprint":"%s","severity":"major","location":{"path":"backlog/stories/S-5-\357\277\275.md","lines":{"begin":3}}}]\n' "$UTF8_MSG" "$F5"
} >"$TEST_ROOT/cq-want"
expect_out "codequality: the exact report (error major, warning minor)" <"$TEST_ROOT/cq-want"
expect_err "codequality: the summary on stderr" <<'X'
prio: 5 stories checked: 5 errors, 1 warning
X
cp "$TEST_ROOT/out" "$TEST_ROOT/cq-first"

if command -v python3 >/dev/null 2>&1; then
	python3 - "$TEST_ROOT/out" >"$TEST_ROOT/cq-parsed" 2>&1 <<'PY'
import json, sys
with open(sys.argv[1], "rb") as f:
    issues = json.loads(f.read().decode("utf-8"))   # strict UTF-8
for i in issues:
    loc = i["location"]
    print("%s|%s|%s|%d|%r" % (i["check_name"], i["severity"], loc["path"],
        loc["lines"]["begin"], i["description"][:14]))
fps = [i["fingerprint"] for i in issues]
print("distinct fingerprints:", len(set(fps)) == len(fps))
PY
	expect_file "$TEST_ROOT/cq-parsed" "codequality: python3 reads it back" <<'X'
status|major|backlog/stories/S-1-"q" é.md|4|"status 'bo\tgus"
conflict-marker|major|backlog/stories/S-3.md|1|'git merge-conf'
conflict-marker|major|backlog/stories/S-3.md|4|'git merge-conf'
conflict-marker|major|backlog/stories/S-3.md|7|'git merge-conf'
unscored|minor|backlog/stories/S-4.md|4|"no score: 'val"
file|major|backlog/stories/S-5-�.md|3|'invalid UTF-8 '
distinct fingerprints: True
X
else
	not_ok "codequality: python3 reads it back"
	echo "#   python3 is needed to parse the report; install it"
fi

run_prio check --format codequality
expect_file "$TEST_ROOT/cq-first" "codequality: a second run prints the same fingerprints" <"$TEST_ROOT/out"

# Lines added above a problem move it, not its fingerprint.
printf -- '---\nid: S-4\ntitle: Unscored\nlabels: [a]\nowner: me\nstatus: ready\n---\n\n## Acceptance criteria\n\n- [ ] It works.\n' >backlog/stories/S-4.md
run_prio check --format codequality
sed -n 's/.*"fingerprint":"\([0-9a-f]*\)","severity":"minor","location":{"path":"backlog\/stories\/S-4.md","lines":{"begin":\([0-9]*\)}}.*/\2 \1/p' "$TEST_ROOT/out" >"$TEST_ROOT/cq-moved"
expect_file "$TEST_ROOT/cq-moved" "codequality: a problem that moves down keeps its fingerprint" <<X
6 $F4
X

# Warnings alone exit 0; a clean backlog is an empty array.
rm -f "$Q" backlog/stories/S-3.md "$B"
run_prio check --format codequality
expect_rc 0 "codequality: warnings alone exit 0"
new_repo
run_prio check --format codequality
expect_rc 0 "codequality: a clean backlog exits 0"
expect_out "codequality: a clean backlog is an empty array" <<'X'
[]
X
run_prio check --format codeclimate
expect_rc 2 "an unknown format is a usage error"
expect_err "an unknown format names the four" <<'X'
prio: unknown format 'codeclimate'; use text, json, github or codequality
usage: prio check [--staged | --rev <rev>] [--format text|json|github|codequality]
X

done_testing
