#!/bin/sh
# CI integrations: `prio check --format codequality` (GitLab's Code
# Quality report), the pre-commit manifest, the GitHub Action
# (action.yml and its comment script, against a mock GitHub API; its
# steps run here, including a build of prio from a copy of the source,
# about 15 s of CPU), and the GitLab CI example.  Needs python3 with its
# yaml module (Debian: python3-yaml) and node (the comment script's
# runtime on GitHub's runners); a missing one fails the test that needs
# it, with a message.  Nothing here uses the network.
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
usage: prio check [--staged [--all] | --rev <rev>] [--format text|json|github|codequality]
X

# --- the comment script against a mock GitHub API -------------------------

MOCK=$PRIO_SRC/tests/cli/github-mock.mjs
COMMENT=$PRIO_SRC/contrib/github/prio-comment.mjs
HAVE_NODE=false
if command -v node >/dev/null 2>&1; then
	HAVE_NODE=true
	ok "node is installed (for the comment script)"
else
	not_ok "node is installed (for the comment script)"
	echo "#   install nodejs: the comment script's tests are not run"
fi

# event FORK-OWNER: a pull_request event for PR 7 of o/r, whose head is
# in FORK-OWNER/r.
event() {
	printf '{"pull_request":{"number":7,"base":{"sha":"b1","repo":{"full_name":"o/r"}},"head":{"sha":"h1","repo":{"full_name":"%s/r"}}},"repository":{"full_name":"o/r"}}\n' "$1" >"$TEST_ROOT/event.json"
}

# mock: runs the comment script against the mock API whose routes are
# stdin; keeps the request log in $TEST_ROOT/out, stderr in err.
mock() {
	cat >"$TEST_ROOT/routes.json"
	: >"$TEST_ROOT/summary"
	node "$MOCK" "$TEST_ROOT/routes.json" "$COMMENT" "$TEST_ROOT/diff.md" \
	    >"$TEST_ROOT/out" 2>"$TEST_ROOT/err"
}

unset PRIO_COMMENT PRIO_COMMENT_AUTHOR GITHUB_API_URL GITHUB_OUTPUT GITHUB_PATH
export GITHUB_EVENT_PATH="$TEST_ROOT/event.json" GITHUB_EVENT_NAME=pull_request
export GITHUB_REPOSITORY=o/r PRIO_TOKEN=test-token
export GITHUB_STEP_SUMMARY="$TEST_ROOT/summary"
printf '**Backlog changes**: 1 new\n' >"$TEST_ROOT/diff.md"
LIST='GET /repos/o/r/issues/7/comments?per_page=100'
NOUSER='"GET /user": {"status": 403, "body": {"message": "Resource not accessible by integration"}}'
BOT='{"login": "github-actions[bot]", "type": "Bot"}'

if $HAVE_NODE; then
event o
mock <<X
{$NOUSER,
 "$LIST": {"status": 200, "body": []},
 "POST /repos/o/r/issues/7/comments": {"status": 201, "body": {"html_url": "https://github.com/o/r/pull/7#issuecomment-1"}}}
X
expect_out "comment: none yet: one POST with the marker" <<'X'
GET /user -> 403
GET /repos/o/r/issues/7/comments?per_page=100 -> 200
POST /repos/o/r/issues/7/comments -> 201
  body: {"body":"<!-- prio-diff -->\n**Backlog changes**: 1 new\n"}
exit: 0
X
expect_err "comment: none yet: says where it is" <<'X'
prio-comment: posted https://github.com/o/r/pull/7#issuecomment-1
X

# Page 1: a person quoting the marker, our bot's comment without it.
mock <<X
{$NOUSER,
 "$LIST": {"status": 200, "next": "/repos/o/r/issues/7/comments?per_page=100&page=2", "body": [
   {"id": 1, "user": {"login": "alice", "type": "User"}, "body": "why <!-- prio-diff --> here?"},
   {"id": 2, "user": $BOT, "body": "a deploy preview"}]},
 "$LIST&page=2": {"status": 200, "body": [
   {"id": 3, "user": $BOT, "body": "<!-- prio-diff -->\nold"},
   {"id": 4, "user": $BOT, "body": "<!-- prio-diff -->\nolder"}]},
 "PATCH /repos/o/r/issues/comments/3": {"status": 200, "body": {"html_url": "https://github.com/o/r/pull/7#issuecomment-3"}}}
X
expect_out "comment: ours on page 2: follows the Link header, PATCHes it" <<'X'
GET /user -> 403
GET /repos/o/r/issues/7/comments?per_page=100 -> 200
GET /repos/o/r/issues/7/comments?per_page=100&page=2 -> 200
PATCH /repos/o/r/issues/comments/3 -> 200
  body: {"body":"<!-- prio-diff -->\n**Backlog changes**: 1 new\n"}
exit: 0
X
expect_err "comment: ours on page 2: says it updated it" <<'X'
prio-comment: updated https://github.com/o/r/pull/7#issuecomment-3
X

mock <<X
{$NOUSER,
 "$LIST": {"status": 200, "body": [
   {"id": 5, "user": {"login": "prio-bot[bot]", "type": "Bot"}, "body": "<!-- prio-diff -->\ntheirs"}]},
 "POST /repos/o/r/issues/7/comments": {"status": 201, "body": {}}}
X
expect_out "comment: another bot's marked comment is left alone; ours is made" <<'X'
GET /user -> 403
GET /repos/o/r/issues/7/comments?per_page=100 -> 200
POST /repos/o/r/issues/7/comments -> 201
  body: {"body":"<!-- prio-diff -->\n**Backlog changes**: 1 new\n"}
exit: 0
X

# A person's token: its user's comments, not github-actions[bot]'s.
mock <<X
{"GET /user": {"status": 200, "body": {"login": "alice", "type": "User"}},
 "$LIST": {"status": 200, "body": [
   {"id": 8, "user": $BOT, "body": "<!-- prio-diff -->\nbot"},
   {"id": 9, "user": {"login": "alice", "type": "User"}, "body": "<!-- prio-diff -->\nmine"}]},
 "PATCH /repos/o/r/issues/comments/9": {"status": 200, "body": {}}}
X
expect_out "comment: a user's token edits that user's comment" <<'X'
GET /user -> 200
GET /repos/o/r/issues/7/comments?per_page=100 -> 200
PATCH /repos/o/r/issues/comments/9 -> 200
  body: {"body":"<!-- prio-diff -->\n**Backlog changes**: 1 new\n"}
exit: 0
X

export PRIO_COMMENT_AUTHOR='my-app[bot]'
mock <<X
{"$LIST": {"status": 200, "body": [
   {"id": 10, "user": $BOT, "body": "<!-- prio-diff -->\nbot"},
   {"id": 11, "user": {"login": "my-app[bot]", "type": "Bot"}, "body": "<!-- prio-diff -->\napp"}]},
 "PATCH /repos/o/r/issues/comments/11": {"status": 200, "body": {}}}
X
expect_out "comment: comment-author names the account, without asking /user" <<'X'
GET /repos/o/r/issues/7/comments?per_page=100 -> 200
PATCH /repos/o/r/issues/comments/11 -> 200
  body: {"body":"<!-- prio-diff -->\n**Backlog changes**: 1 new\n"}
exit: 0
X
unset PRIO_COMMENT_AUTHOR

event someone
mock <<X
{}
X
expect_out "fork: no request at all" <<'X'
exit: 0
X
expect_err "fork: says the diff is in the job summary" <<'X'
prio-comment: a pull request from a fork, whose token cannot comment: the backlog diff is in the job summary instead
X
expect_file "$TEST_ROOT/summary" "fork: the job summary holds the diff" <"$TEST_ROOT/diff.md"

GITHUB_EVENT_NAME=pull_request_target mock <<X
{$NOUSER,
 "$LIST": {"status": 200, "body": []},
 "POST /repos/o/r/issues/7/comments": {"status": 201, "body": {}}}
X
expect_out "fork under pull_request_target (a token that can write): comments" <<'X'
GET /user -> 403
GET /repos/o/r/issues/7/comments?per_page=100 -> 200
POST /repos/o/r/issues/7/comments -> 201
  body: {"body":"<!-- prio-diff -->\n**Backlog changes**: 1 new\n"}
exit: 0
X
expect_file "$TEST_ROOT/summary" "fork under pull_request_target: no summary" </dev/null

event o
mock <<X
{$NOUSER,
 "$LIST": {"status": 200, "body": []},
 "POST /repos/o/r/issues/7/comments": {"status": 403, "body": {"message": "Resource not accessible by integration"}}}
X
expect_out "a write answered 403: tried once, exit 0" <<'X'
GET /user -> 403
GET /repos/o/r/issues/7/comments?per_page=100 -> 200
POST /repos/o/r/issues/7/comments -> 403
  body: {"body":"<!-- prio-diff -->\n**Backlog changes**: 1 new\n"}
exit: 0
X
expect_err "a write answered 403: says so" <<'X'
prio-comment: GitHub refused the comment (GitHub answered 403: Resource not accessible by integration): the backlog diff is in the job summary instead
X
expect_file "$TEST_ROOT/summary" "a write answered 403: the job summary holds the diff" <"$TEST_ROOT/diff.md"

mock <<X
{$NOUSER,
 "$LIST": {"status": 500, "body": {"message": "Server Error"}}}
X
expect_out "an API error: no write, exit 1" <<'X'
GET /user -> 403
GET /repos/o/r/issues/7/comments?per_page=100 -> 500
exit: 1
X
expect_err "an API error: a clear message" <<'X'
prio-comment: cannot list the pull request's comments: GitHub answered 500: Server Error
X
expect_file "$TEST_ROOT/summary" "an API error: nothing in the summary" </dev/null

mock <<X
{"GET /user": {"status": 401, "body": {"message": "Bad credentials"}}}
X
expect_out "a bad token: stops at once, exit 1" <<'X'
GET /user -> 401
exit: 1
X
expect_err "a bad token: says so" <<'X'
prio-comment: cannot tell whose token this is: GitHub answered 401: Bad credentials
X

# A port that was free a moment ago: nothing listens there.
PORT=$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1",
    () => { console.log(s.address().port); s.close(); })')
GITHUB_API_URL=http://127.0.0.1:$PORT node "$COMMENT" "$TEST_ROOT/diff.md" \
    >"$TEST_ROOT/out" 2>"$TEST_ROOT/err"
RC=$?
expect_rc 1 "no API to reach: exit 1"
printf 'prio-comment: cannot reach http://127.0.0.1:%s: connect ECONNREFUSED 127.0.0.1:%s\n' \
    "$PORT" "$PORT" >"$TEST_ROOT/unreachable"
expect_err "no API to reach: says which" <"$TEST_ROOT/unreachable"

PRIO_COMMENT=false mock <<X
{}
X
expect_out "comment: false: no request" <<'X'
exit: 0
X
expect_file "$TEST_ROOT/summary" "comment: false: the summary holds the diff" <"$TEST_ROOT/diff.md"

echo '{"ref": "refs/heads/main"}' >"$TEST_ROOT/event.json"
mock <<X
{}
X
expect_out "not a pull request: no request, exit 2" <<'X'
exit: 2
X
expect_err "not a pull request: says so" <<'X'
prio-comment: not a pull request event: there is nothing to comment on
X

# A diff too long for one comment is cut at a line, with a note.
event o
awk 'BEGIN { for (i = 0; i < 3000; i++) printf "| %d | S-%d A story title long enough | new story |\n", i, i }' \
    >"$TEST_ROOT/diff.md"
mock <<X
{$NOUSER,
 "$LIST": {"status": 200, "body": []},
 "POST /repos/o/r/issues/7/comments": {"status": 201, "body": {}}}
X
sed -n 's/^  body: //p' "$TEST_ROOT/out" | node -e '
	const b = JSON.parse(require("fs").readFileSync(0, "utf8")).body;
	const lines = b.split("\n");
	console.log(b.length <= 65536, lines[0], lines[lines.length - 2]);
' >"$TEST_ROOT/cut"
expect_file "$TEST_ROOT/cut" "a long diff is cut to fit one comment, with a note" <<'X'
true <!-- prio-diff --> (cut here: the rest is too long for a comment; run `prio diff b1...h1`)
X
# ... even one long line.
awk 'BEGIN { for (i = 0; i < 70000; i++) printf "x"; print "" }' >"$TEST_ROOT/diff.md"
cp "$TEST_ROOT/routes.json" "$TEST_ROOT/routes-post.json"
mock <"$TEST_ROOT/routes-post.json"
sed -n 's/^  body: //p' "$TEST_ROOT/out" | node -e '
	const b = JSON.parse(require("fs").readFileSync(0, "utf8")).body;
	console.log(b.length <= 65536, b.split("\n").length);
' >"$TEST_ROOT/cut"
expect_file "$TEST_ROOT/cut" "a diff of one long line is cut too" <<'X'
true 5
X
fi

# --- the CI files parse, and what they run exists ------------------------

CIFILES=$PRIO_SRC/tests/cli/ci-files.py
HAVE_YAML=false
if python3 -c 'import yaml' >/dev/null 2>&1; then
	HAVE_YAML=true
	ok "python3 reads YAML (for the CI files)"
else
	not_ok "python3 reads YAML (for the CI files)"
	echo "#   install python3-yaml: the CI files are not checked"
fi

# ci_files MODE [SRC]: runs ci-files.py; its printout in out, rc in RC.
ci_files() {
	python3 "$CIFILES" "${2:-$PRIO_SRC}" "$1" >"$TEST_ROOT/out" 2>"$TEST_ROOT/err"
	RC=$?
}

if $HAVE_YAML; then
ci_files action
expect_rc 0 "action.yml: parses; its steps run files that exist"
expect_out "action.yml: the steps" <<'X'
step Install prio's build dependencies: contrib/ci/prio-ci.sh
step Compute the cache key: contrib/ci/prio-ci.sh
step Restore prio from the cache: actions/cache@v4
step Build prio: contrib/ci/prio-ci.sh
step Check the stories: prio check --format github if inputs.check == 'true'
step Describe the backlog changes: contrib/ci/prio-ci.sh contrib/github/prio-comment.mjs if !cancelled() && steps.build.outcome == 'success' && (github.event_name == 'pull_request' || github.event_name == 'pull_request_target')
inputs: base check comment comment-author head token working-directory
X

# The check finds a step whose script is missing.
mkdir -p "$TEST_ROOT/broken/contrib/github"
cp "$PRIO_SRC/action.yml" "$TEST_ROOT/broken/"
cp "$COMMENT" "$TEST_ROOT/broken/contrib/github/"
ci_files action "$TEST_ROOT/broken"
expect_rc 1 "action.yml: a step's missing script fails the check"
grep '^BAD' "$TEST_ROOT/out" >"$TEST_ROOT/bad"
expect_file "$TEST_ROOT/bad" "action.yml: the check names the missing script" <<'X'
BAD: step 'Install prio's build dependencies' runs contrib/ci/prio-ci.sh, which does not exist
BAD: step 'Compute the cache key' runs contrib/ci/prio-ci.sh, which does not exist
BAD: step 'Build prio' runs contrib/ci/prio-ci.sh, which does not exist
BAD: step 'Describe the backlog changes' runs contrib/ci/prio-ci.sh, which does not exist
X

ci_files workflow
expect_rc 0 "contrib/ci/github-actions.yml: parses; uses the action"
expect_out "contrib/ci/github-actions.yml: what it runs" <<'X'
on: pull_request push
permissions: {'contents': 'read', 'pull-requests': 'write'}
uses: actions/checkout@v4 {'fetch-depth': 0, 'submodules': True}
uses: ./prio 
X

ci_files gitlab
expect_rc 0 "contrib/ci/gitlab-ci.yml: parses; its script exists"
expect_out "contrib/ci/gitlab-ci.yml: the jobs, the Code Quality report" <<'X'
prio-check: rules always
  status=0
  prio check --format codequality > gl-code-quality-report.json || status=$?
  if [ "$status" -ne 0 ]; then prio check || true; fi
  exit "$status"
  artifacts: {'when': 'always', 'reports': {'codequality': 'gl-code-quality-report.json'}}
prio-diff: rules [{'if': '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
  export PRIO_DIFF_FILE=prio-diff.md
  export PRIO_BASE="$CI_MERGE_REQUEST_DIFF_BASE_SHA" PRIO_HEAD="$CI_COMMIT_SHA"
  bash prio/contrib/ci/prio-ci.sh diff
  cat prio-diff.md
  artifacts: {'expose_as': 'prio backlog diff', 'paths': ['prio-diff.md']}
X

ci_files precommit
expect_rc 0 ".pre-commit-hooks.yaml: parses, no placeholders"
expect_out ".pre-commit-hooks.yaml: the hook and the files it runs for" <<'X'
entry: prio check --staged
id: prio-check
language: system
name: prio check
pass_filenames: False
files matches backlog/stories/S-1-pay.md
files matches backlog/prio.yml
files matches backlog/tasks/task-1 - x.md
files matches backlog.config.yml
files skips src/backlog/x.c
files skips README.md
files skips mybacklog/prio.yml
files skips backlog.config.yml.bak
X
fi

# The pre-commit entry, run as the framework runs a system hook (a
# command line, no file names): refuses a staged invalid story.
ENTRY=$(sed -n 's/^  entry: //p' "$PRIO_SRC/.pre-commit-hooks.yaml")
new_repo
good_story S-1
git add -A
BIN=$(dirname "$PRIO")
(PATH=$BIN:$PATH; $ENTRY) >"$TEST_ROOT/out" 2>"$TEST_ROOT/err"
RC=$?
expect_rc 0 "pre-commit entry: a valid staged story passes"
printf -- '---\nid: S-2\ntitle: x\nstatus: bogus\n---\n' >backlog/stories/S-2.md
git add -A
(PATH=$BIN:$PATH; $ENTRY) >"$TEST_ROOT/out" 2>"$TEST_ROOT/err"
RC=$?
expect_rc 1 "pre-commit entry: a staged invalid story fails"
expect_out "pre-commit entry: says why" <<'X'
backlog/stories/S-2.md:4:9: error: status 'bogus' is not one of: draft, ready, in-progress, done, accepted, dropped [status]
X

# --- the action's steps, run here as a runner runs them -------------------

# The action as GitHub unpacks it (what the build and the steps need).
ACTION=$TEST_ROOT/action
mkdir -p "$ACTION"
(cd "$PRIO_SRC" && cp -R Makefile action.yml src include templates tools \
    contrib "$ACTION/")
export GITHUB_ACTION_PATH="$ACTION" RUNNER_TEMP="$TEST_ROOT/runner-temp"
export GITHUB_OUTPUT="$TEST_ROOT/github-output" GITHUB_PATH="$TEST_ROOT/github-path"
mkdir -p "$RUNNER_TEMP"

# step NAME [program...]: runs the script of action.yml's step NAME as
# GitHub does (bash -eo pipefail), with the program before it if given
# (the mock API); stdout in out, stderr in err.
step() {
	_name=$1
	shift
	python3 "$CIFILES" "$ACTION" run "$_name" >"$TEST_ROOT/step.sh"
	"$@" "$BASH_BIN" --noprofile --norc -eo pipefail "$TEST_ROOT/step.sh" \
	    >"$TEST_ROOT/out" 2>"$TEST_ROOT/err"
	RC=$?
}

BASH_BIN=$(command -v bash)

# Stubs that record how the install step calls them.
STUB=$TEST_ROOT/stub
mkdir -p "$STUB"
cat >"$STUB/dpkg-query" <<'X'
#!/bin/sh
for p; do :; done
case " $MISSING " in
*" $p "*) exit 1 ;;
esac
printf 'install ok installed'
X
for c in apt-get sudo; do
	printf '#!/bin/sh\necho "%s $* (DEBIAN_FRONTEND=${DEBIAN_FRONTEND:-})" >>"%s"\n' \
	    "$c" "$TEST_ROOT/calls" >"$STUB/$c"
done
printf '#!/bin/sh\necho "${UID_STUB:-0}"\n' >"$STUB/id"
chmod +x "$STUB"/*

# The build must not inherit `make check`'s flags (SANITIZE=1, -j).
unset DEBIAN_FRONTEND MAKEFLAGS MFLAGS MAKELEVEL
if $HAVE_YAML; then
: >"$TEST_ROOT/calls"
MISSING= UID_STUB=1000 PATH=$STUB:$PATH step "Install prio's build dependencies"
expect_rc 0 "install step: nothing missing, exit 0"
expect_file "$TEST_ROOT/calls" "install step: nothing missing, no apt-get" </dev/null
expect_err "install step: nothing missing, says so" <<'X'
prio-ci: the build dependencies are installed
X
MISSING="libcmark-dev git" UID_STUB=1000 PATH=$STUB:$PATH step "Install prio's build dependencies"
expect_rc 0 "install step: not root: exit 0"
expect_file "$TEST_ROOT/calls" "install step: not root: sudo apt-get, only what is missing" <<'X'
sudo apt-get update -qq (DEBIAN_FRONTEND=)
sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libcmark-dev git (DEBIAN_FRONTEND=)
X
: >"$TEST_ROOT/calls"
MISSING="libgit2-dev" UID_STUB=0 PATH=$STUB:$PATH step "Install prio's build dependencies"
expect_file "$TEST_ROOT/calls" "install step: root: apt-get, no sudo" <<'X'
apt-get update -qq (DEBIAN_FRONTEND=)
apt-get install -y -qq --no-install-recommends libgit2-dev (DEBIAN_FRONTEND=noninteractive)
X
# No apt-get at all (a PATH holding only what the step needs).
mkdir -p "$TEST_ROOT/nobin"
for c in bash grep dirname; do
	ln -s "$(command -v $c)" "$TEST_ROOT/nobin/$c"
done
cp "$STUB/dpkg-query" "$STUB/id" "$TEST_ROOT/nobin/"
step "Install prio's build dependencies" env PATH="$TEST_ROOT/nobin" MISSING=git
expect_rc 1 "install step: no apt-get: exit 1"
expect_err "install step: no apt-get: says what to install" <<'X'
prio-ci: cannot install git: there is no apt-get (this needs Debian or Ubuntu); install them first
X

: >"$GITHUB_OUTPUT"
step "Compute the cache key"
step "Compute the cache key"
sed 's/-[0-9a-f]\{20\}$/-<hash>/' "$GITHUB_OUTPUT" >"$TEST_ROOT/keys"
LIBS=$(pkg-config --modversion libgit2 yaml-0.1 libcmark | paste -sd_ -)
OS=${ImageOS:-$(. /etc/os-release && echo "$ID$VERSION_ID")}
printf 'key=prio-%s-%s-%s-<hash>\n' "$OS" "$(uname -m)" "$LIBS" >"$TEST_ROOT/want-key"
cat "$TEST_ROOT/want-key" >>"$TEST_ROOT/want-key2"
cat "$TEST_ROOT/want-key" >>"$TEST_ROOT/want-key2"
expect_file "$TEST_ROOT/keys" "key step: system, libraries and source, the same twice" <"$TEST_ROOT/want-key2"
KEY=$(sed -n '1s/^key=//p' "$GITHUB_OUTPUT")
echo '/* a change */' >>"$ACTION/src/cli/cmd_check.c"
: >"$GITHUB_OUTPUT"
step "Compute the cache key"
if [ "$(sed -n 's/^key=//p' "$GITHUB_OUTPUT")" != "$KEY" ]; then
	ok "key step: a changed source file changes the key"
else
	not_ok "key step: a changed source file changes the key"
fi

# The build: from the action's source into ~/.cache/prio-action (what
# actions/cache keeps), and its folder onto PATH.  -O0 (the Makefile
# takes CFLAGS from the environment) halves the time this test takes.
export CFLAGS=-O0
: >"$GITHUB_PATH"
step "Build prio"
expect_rc 0 "build step: builds"
BUILT=$HOME/.cache/prio-action/bin
if [ -x "$BUILT/prio" ] && [ "$("$BUILT/prio" --version)" = "$("$PRIO" --version)" ]; then
	ok "build step: the binary is in ~/.cache/prio-action/bin"
else
	not_ok "build step: the binary is in ~/.cache/prio-action/bin"
	sed 's/^/#   /' "$TEST_ROOT/err"
fi
printf '%s\n' "$BUILT" >"$TEST_ROOT/want-path"
expect_file "$GITHUB_PATH" "build step: adds its folder to GITHUB_PATH" <"$TEST_ROOT/want-path"
tail -n 1 "$TEST_ROOT/err" >"$TEST_ROOT/last"
expect_file "$TEST_ROOT/last" "build step: says what it built" <<X
prio-ci: built $("$PRIO" --version)
X
step "Build prio"
expect_err "build step: the cached binary is used again" <<X
prio-ci: using the cached $("$PRIO" --version)
X
# A cache from other source is rebuilt (here the source does not
# compile, which the step reports).
echo 'not C' >>"$ACTION/src/cli/cmd_check.c"
step "Build prio"
expect_rc 1 "build step: other source: rebuilds; a failed build exits 1"
tail -n 1 "$TEST_ROOT/err" >"$TEST_ROOT/last"
expect_file "$TEST_ROOT/last" "build step: a failed build says so" <<'X'
prio-ci: the build failed; the compiler says why above
X
head -n 1 "$TEST_ROOT/err" >"$TEST_ROOT/first"
expect_file "$TEST_ROOT/first" "build step: other source: builds anew" <<X
prio-ci: building prio from $ACTION
X
if [ -z "$(ls "$RUNNER_TEMP")" ]; then
	ok "build step: leaves no build folder behind"
else
	not_ok "build step: leaves no build folder behind"
fi
unset CFLAGS
PATH=$BUILT:$PATH
export PATH

# The check step, in a workspace with an invalid story.
new_repo
good_story S-1
git add -A && git commit -qm base
git branch -M main
git checkout -qb feature
printf -- '---\nid: S-2\ntitle: New\nstatus: draft\n---\n' >backlog/stories/S-2.md
git add -A && git commit -qm feature
step "Check the stories"
expect_rc 0 "check step: a valid backlog passes"
printf -- '---\nid: S-3\ntitle: x\nstatus: bogus\n---\n' >backlog/stories/S-3.md
step "Check the stories"
expect_rc 1 "check step: an error fails it"
expect_out "check step: GitHub annotations" <<'X'
::error file=backlog/stories/S-3.md,line=4,col=9,title=status::status 'bogus' is not one of: draft, ready, in-progress, done, accepted, dropped [status]
X
rm backlog/stories/S-3.md

# The pull request step: diff, then the comment, against the mock API.
PRIO_BASE=$(git rev-parse main) PRIO_HEAD=$(git rev-parse feature)
export PRIO_BASE PRIO_HEAD
export PRIO_COMMENT=true PRIO_COMMENT_AUTHOR= PRIO_TOKEN=test-token
event o
cat >"$TEST_ROOT/routes.json" <<X
{$NOUSER,
 "$LIST": {"status": 200, "body": []},
 "POST /repos/o/r/issues/7/comments": {"status": 201, "body": {}}}
X
step "Describe the backlog changes" node "$MOCK" "$TEST_ROOT/routes.json"
expect_out "pull request step: prio diff base...head, posted" <<'X'
GET /user -> 403
GET /repos/o/r/issues/7/comments?per_page=100 -> 200
POST /repos/o/r/issues/7/comments -> 201
  body: {"body":"<!-- prio-diff -->\n**Backlog changes**: 1 new\n\n| # | Story | Change |\n|--:|---|---|\n| 2 | S-2 New | new story at `#2` (draft, 0 criteria) |\n"}
exit: 0
X

# A shallow clone of the base branch alone (actions/checkout's default
# depth is 1; pull_request_target checks out the base): the step fetches
# the history and the head the diff needs.
WS=$REPO
git clone -q --depth 1 --branch main "file://$WS" "$TEST_ROOT/shallow"
cd "$TEST_ROOT/shallow" || exit 1
PRIO_COMMENT=false step "Describe the backlog changes" node "$MOCK" "$TEST_ROOT/routes.json"
expect_out "pull request step, shallow clone: no request with comment: false" <<'X'
exit: 0
X
expect_file "$RUNNER_TEMP/prio-diff.md" "pull request step, shallow clone: the same diff" <<'X'
**Backlog changes**: 1 new

| # | Story | Change |
|--:|---|---|
| 2 | S-2 New | new story at `#2` (draft, 0 criteria) |
X
expect_err "pull request step, shallow clone: says it fetched" <<'X'
prio-ci: fetching the history prio diff needs (a full clone, e.g. fetch-depth: 0, saves this)
prio-comment: comments are off (comment: false): the backlog diff is in the job summary instead
X
cd "$WS" || exit 1
PRIO_BASE=0123456789012345678901234567890123456789 \
    step "Describe the backlog changes" node "$MOCK" "$TEST_ROOT/routes.json"
expect_out "pull request step, unknown base: no request, exit 1" <<'X'
exit: 1
X
tail -n 1 "$TEST_ROOT/err" >"$TEST_ROOT/last"
printf 'prio-ci: cannot find 0123456789012345678901234567890123456789 or %s in the repository\n' "$PRIO_HEAD" >"$TEST_ROOT/want-unknown"
expect_file "$TEST_ROOT/last" "pull request step, unknown base: says so" <"$TEST_ROOT/want-unknown"
fi

done_testing
