#!/bin/sh
# init: the commented config and the stories folder, never over an
# existing backlog.  new: templates, the next free ID across the work
# tree and every local and remote-tracking branch, titles that need
# quoting, slugs, --ac/--status/--field/--edit/--commit.  Real git is
# the oracle for commits.
. "$(dirname "$0")/lib.sh"

export PRIO_TODAY=2026-11-23
export PRIO_TEMPLATE_DIR=$PRIO_SRC/templates
export GIT_AUTHOR_DATE="2026-11-23T10:00:00+00:00"
export GIT_COMMITTER_DATE="2026-11-23T10:00:00+00:00"
unset VISUAL EDITOR

# A repository with no backlog at all.
bare_repo() {
	_repo_n=$((_repo_n + 1))
	REPO=$TEST_ROOT/repo$_repo_n
	git init -q "$REPO"
	cd "$REPO" || exit 1
}

# expect_cmd "name" CMD...: a command's stdout+stderr, exactly (stdin).
expect_cmd() {
	_name=$1
	shift
	"$@" >"$TEST_ROOT/out" 2>&1
	expect_out "$_name"
}

masked_out() {
	sed -E 's/^\[([^ ]+) [0-9a-f]{7}\]/[\1 XXXXXXX]/' "$TEST_ROOT/out" \
	    >"$TEST_ROOT/out.m" && mv "$TEST_ROOT/out.m" "$TEST_ROOT/out"
}

# --- init -------------------------------------------------------------

bare_repo
mkdir sub
cd sub || exit 1
run_prio init
expect_rc 0 "init exits 0"
expect_out "init says what it made" <<'X'
created backlog/prio.yml
created backlog/stories/
added 'backlog/stories/**/*.md merge=prio' to .gitattributes
set merge.prio.driver: stories merge key by key (prio merge-file)
next: prio new "<title>" writes a story
X
cd "$REPO" || exit 1
[ -d backlog/stories ] && ok "init makes backlog/stories/ at the top of the work tree" ||
    not_ok "init makes backlog/stories/ at the top of the work tree"
expect_file backlog/prio.yml "prio.yml: every key commented out, with its default and what it does" <<'X'
# backlog/prio.yml: this backlog's config (see 'man prio').  Every key is
# optional; each line below is the default, commented out.  Remove the
# '# ' in front of a key to change it.

# Story IDs are <id-prefix>-<n>: S-1, S-2, ...
# id-prefix: S

# The statuses, in workflow order.
# statuses: [draft, ready, in-progress, done, accepted, dropped]

# Statuses that take a story out of the ranked order (when statuses is
# set and this is not: its last status).
# terminal: [accepted, dropped]

# The statuses that play prio's roles: plan takes ready work, reject
# sends done work back to in-progress, accept moves it to accepted.  A
# role not named is the status of its name.  For To Do, In Progress...:
# {ready: To Do, in-progress: In Progress, done: Done, accepted: Accepted}
# status-roles: {ready: ready, in-progress: in-progress, done: done, accepted: accepted}

# The first status that needs acceptance criteria.
# criteria-from: ready

# The heading (any level, any case) above a story's criteria list.
# criteria-heading: Acceptance criteria

# The score: wsjf, rice, ice, value-per-effort, or a formula over
# numeric fields such as (value + urgency) / effort.
# score: wsjf

# Ranges and scales of numeric fields, checked by the range rule, e.g.
# {effort: {scale: [1, 2, 3, 5, 8, 13, 21]}, value: {min: 1, max: 10}}.
# fields: {}

# Whether priority changes need a rationale (-m <why>).
# rationale-required: true

# Whether to warn about front-matter keys that are not declared.
# closed-schema: false

# Extra keys declared for closed-schema, e.g. [component].
# keys: []

# Rules turned off or changed: error, warning or off, e.g.
# {rank-tie: error, unscored: off}.
# rules: {}

# Story files larger than this many bytes are not read.
# max-file-size: 1048576

# Whether prio commits its changes (when false, it only writes them).
# commit: true

# The subject of prio's commits; {summary} is e.g. "move S-42 to #3
# (was #9)".
# commit-subject: "prio: {summary}"
X

# Every key config.c knows is in the file, and nothing else.
sed -n '/known_keys\[\] = {/,/NULL };/p' "$PRIO_SRC/src/lib/config.c" |
    grep -o '"[a-z-]*"' | tr -d '"' | sort >"$TEST_ROOT/keys.want"
sed -n 's/^# \([a-z-]*\): .*/\1/p' backlog/prio.yml | sort >"$TEST_ROOT/out"
expect_out "prio.yml names exactly the keys config.c knows" <"$TEST_ROOT/keys.want"

run_prio check
expect_rc 0 "the new backlog checks clean"
expect_err "an empty backlog has no problems" <<'X'
prio: 0 stories checked, no problems
X

# Uncommented, the file is a valid config with exactly the defaults.
good_story S-1 "rank: 1"
good_story S-2
sed -i 's/^value: 5$/value: 1/' backlog/stories/S-2.md
run_prio list --all --json
cp "$TEST_ROOT/out" "$TEST_ROOT/defaults.json"
sed -i 's/^# \([a-z-]*: \)/\1/' backlog/prio.yml
run_prio check
expect_rc 0 "uncommented, every default is a valid config"
run_prio list --all --json
expect_out "and gives the same backlog as the defaults" <"$TEST_ROOT/defaults.json"

cp backlog/prio.yml "$TEST_ROOT/before.yml"
run_prio init
expect_rc 1 "init refuses an existing backlog"
expect_err "and says so" <<'X'
prio: a backlog exists already: backlog/prio.yml is there; nothing was changed
X
expect_out "and prints nothing" </dev/null
expect_file backlog/prio.yml "the config is untouched" <"$TEST_ROOT/before.yml"

bare_repo
mkdir backlog
printf 'project_name: "Demo"\ntask_prefix: "back"\n' >backlog/config.yml
run_prio init
expect_rc 1 "init refuses a Backlog.md project"
expect_err "and says prio reads it as it is" <<'X'
prio: this repository has a Backlog.md project in backlog/, which prio reads as it is; nothing was changed
X
[ ! -e backlog/prio.yml ] && ok "no prio.yml was written" ||
    not_ok "no prio.yml was written"
printf 'task_prefix: [oops\n' >backlog/config.yml
run_prio init
expect_rc 1 "init refuses a Backlog.md project with a broken config"
printf 'colour: blue\n' >backlog/config.yml
run_prio init
expect_rc 0 "a backlog/config.yml without Backlog.md's keys is no project"

bare_repo
mkdir -p backlog/stories
good_story S-4
run_prio init
expect_rc 0 "init next to existing stories"
expect_out "only the config is new" <<'X'
created backlog/prio.yml
added 'backlog/stories/**/*.md merge=prio' to .gitattributes
set merge.prio.driver: stories merge key by key (prio merge-file)
next: prio new "<title>" writes a story
X

run_prio init extra
expect_rc 2 "init takes no arguments"
run_prio init --bogus
expect_rc 2 "init refuses unknown options"
mkdir "$TEST_ROOT/nogit"
cd "$TEST_ROOT/nogit" || exit 1
GIT_CEILING_DIRECTORIES=$TEST_ROOT run_prio init
expect_rc 2 "init outside a repository exits 2"
[ ! -e backlog ] && ok "and writes nothing" || not_ok "and writes nothing"
git init -q --bare "$TEST_ROOT/bare.git"
run_prio -C "$TEST_ROOT/bare.git" init
expect_rc 2 "init in a bare repository exits 2"
expect_err "and says why" <<'X'
prio: this repository is bare: a backlog lives in a work tree; run prio init in a clone
X

# --- new: the basics ----------------------------------------------------

bare_repo
"$PRIO" init >/dev/null
run_prio new "Pay offline in low-connectivity areas"
expect_rc 0 "new exits 0"
expect_out "new prints the path, relative to the repository" <<'X'
backlog/stories/S-1-pay-offline-in-low-connectivity-areas.md
X
expect_file backlog/stories/S-1-pay-offline-in-low-connectivity-areas.md \
    "the story: the template with id, title, status and created filled in" <<'X'
---
id: S-1
title: Pay offline in low-connectivity areas
status: draft
created: 2026-11-23
---
As a <who>, I want <what>, so that <why>.

## Acceptance criteria

## Notes

X
run_prio check
expect_rc 0 "a new draft checks clean"
expect_cmd "new commits nothing by default" git status --porcelain <<'X'
?? .gitattributes
?? backlog/
X

mkdir -p backlog/stories/deep
cd backlog/stories/deep || exit 1
run_prio new "From a sub-folder" --ac "It works." --status ready \
    --field value=8 --field urgency=5 --field risk=3 --field effort=5 \
    --field "labels=payments, africa" --field owner=ada
expect_rc 0 "new with --ac, --status and --field"
expect_out "the path is still relative to the repository root" <<'X'
backlog/stories/S-2-from-a-sub-folder.md
X
cd "$REPO" || exit 1
expect_file backlog/stories/S-2-from-a-sub-folder.md \
    "criteria take the template's empty item; fields follow created" <<'X'
---
id: S-2
title: From a sub-folder
status: ready
created: 2026-11-23
value: 8
urgency: 5
risk: 3
effort: 5
labels: [payments, africa]
owner: ada
---
As a <who>, I want <what>, so that <why>.

## Acceptance criteria

- [ ] It works.

## Notes

X
run_prio check
expect_rc 0 "a ready story made with --ac and scores checks clean"
expect_err "with no problems at all" <<'X'
prio: 2 stories checked, no problems
X

run_prio new "Two criteria" --ac "One" --ac "  Two  " --field status=in-progress
expect_out "--field status works like --status" <<'X'
backlog/stories/S-3-two-criteria.md
X
expect_cmd "repeated --ac, trimmed, in order" \
    sed -n '/^## Acc/,/^## Notes/p' backlog/stories/S-3-two-criteria.md <<'X'
## Acceptance criteria

- [ ] One
- [ ] Two

## Notes
X
expect_cmd "the status" grep '^status' backlog/stories/S-3-two-criteria.md <<'X'
status: in-progress
X

# --- titles that need quoting, and their slugs -------------------------

bare_repo
"$PRIO" init >/dev/null
: >"$TEST_ROOT/paths"
for t in 'Fix: the "pay" button' "It's done, isn't it?" 'Émigré café ß' \
    'Payments/refunds & more' '!!! ???' '🎉🎉' '- [ ] yes' 'yes' '123' \
    '#hash' '---' '  spaced  ' 'a: b # c' "'quoted'" '@user {x}' \
    'A very long title that goes on and on well past the slug limit'; do
	"$PRIO" new -- "$t" >>"$TEST_ROOT/paths" 2>>"$TEST_ROOT/err" ||
	    echo "failed: $t" >>"$TEST_ROOT/paths"
done
cp "$TEST_ROOT/paths" "$TEST_ROOT/out"
expect_out "odd titles: sane slugs, no slug when nothing is left" <<'X'
backlog/stories/S-1-fix-the-pay-button.md
backlog/stories/S-2-its-done-isnt-it.md
backlog/stories/S-3-emigre-cafe-ss.md
backlog/stories/S-4-payments-refunds-more.md
backlog/stories/S-5.md
backlog/stories/S-6.md
backlog/stories/S-7-yes.md
backlog/stories/S-8-yes.md
backlog/stories/S-9-123.md
backlog/stories/S-10-hash.md
backlog/stories/S-11.md
backlog/stories/S-12-spaced.md
backlog/stories/S-13-a-b-c.md
backlog/stories/S-14-quoted.md
backlog/stories/S-15-user-x.md
backlog/stories/S-16-a-very-long-title-that-goes-on-and-on.md
X
grep -h '^title:' backlog/stories/*.md | sort >"$TEST_ROOT/out"
expect_out "titles are quoted only where YAML needs it" <<'X'
title: "!!! ???"
title: "#hash"
title: "'quoted'"
title: "- [ ] yes"
title: "---"
title: "123"
title: "@user {x}"
title: "Fix: the \"pay\" button"
title: "a: b # c"
title: "yes"
title: A very long title that goes on and on well past the slug limit
title: It's done, isn't it?
title: Payments/refunds & more
title: spaced
title: Émigré café ß
title: 🎉🎉
X
run_prio check
expect_rc 0 "every odd title reads back as valid YAML"
run_prio list --json
python3 -c 'import json,sys; [print(s["title"]) for s in sorted(json.load(sys.stdin)["stories"], key=lambda s: int(s["id"][2:]))]' \
    <"$TEST_ROOT/out" >"$TEST_ROOT/titles" 2>&1
cp "$TEST_ROOT/titles" "$TEST_ROOT/out"
expect_out "every title reads back exactly as given (trimmed)" <<'X'
Fix: the "pay" button
It's done, isn't it?
Émigré café ß
Payments/refunds & more
!!! ???
🎉🎉
- [ ] yes
yes
123
#hash
---
spaced
a: b # c
'quoted'
@user {x}
A very long title that goes on and on well past the slug limit
X

run_prio new ""
expect_rc 2 "an empty title is a usage error"
expect_err "and says so" <<'X'
prio: the title is empty; say what the story is
usage: prio new <title> [-t <template>] [--ac <text>]... [--status <s>] [--field <k>=<v>]... [--edit] [--commit -m <why>]
X
run_prio new "   "
expect_rc 2 "a blank title is a usage error"
run_prio new "two
lines"
expect_rc 2 "a title of two lines is a usage error"
run_prio new
expect_rc 2 "no title is a usage error"
run_prio new two words
expect_rc 2 "a title in two arguments is a usage error"
expect_err "and says to quote it" <<'X'
prio: give the title as one argument, in quotes: "two words"
usage: prio new <title> [-t <template>] [--ac <text>]... [--status <s>] [--field <k>=<v>]... [--edit] [--commit -m <why>]
X
run_prio new "x" --ac ""
expect_rc 2 "an empty --ac is a usage error"
run_prio new "$(printf 'bad \377 title')"
expect_rc 2 "a title that is not UTF-8 is a usage error"
expect_err "and says so" <<'X'
prio: the title is not valid UTF-8; give it as UTF-8 text
usage: prio new <title> [-t <template>] [--ac <text>]... [--status <s>] [--field <k>=<v>]... [--edit] [--commit -m <why>]
X
run_prio new -- "-10% fees"
expect_rc 0 "a title that starts with '-' follows --"
expect_out "and gets its slug" <<'X'
backlog/stories/S-17-10-fees.md
X
rm backlog/stories/S-17-10-fees.md
ls backlog/stories | wc -l | tr -d ' ' >"$TEST_ROOT/out"
expect_out "no usage error created a file" <<'X'
16
X

# --- what new refuses -------------------------------------------------

run_prio new "Bad effort" --field effort=lots
expect_rc 1 "a field that makes the story invalid: exit 1"
expect_err "the diagnostic, and nothing created" <<'X'
prio: backlog/stories/S-17-bad-effort.md:6:9: 'effort' must be a number, not 'lots' [type]
prio: nothing was created: the story would have errors
X
run_prio new "No criteria" --status ready
expect_rc 1 "ready without --ac: exit 1"
expect_err "missing-criteria, nothing created" <<'X'
prio: backlog/stories/S-17-no-criteria.md:9:1: status 'ready' needs acceptance criteria, but the 'Acceptance criteria' section lists none; add items such as '- [ ] ...' [missing-criteria]
prio: nothing was created: the story would have errors
X
run_prio new "Odd status" --status wip
expect_rc 1 "an unknown status: exit 1"
run_prio new "x" --field id=S-99
expect_rc 2 "--field id is a usage error"
run_prio new "x" --field novalue
expect_rc 2 "--field without = is a usage error"
run_prio new "x" -t epic
expect_rc 2 "an unknown template is a usage error"
expect_err "it says where it looked" <<X
prio: no template 'epic': looked for backlog/templates/epic.md, $PRIO_SRC/templates/epic.md; the built-in templates are story, bug and spike
X
run_prio new "x" -t ../story
expect_rc 2 "a template name is a name, not a path"
PRIO_TEMPLATE_DIR=$TEST_ROOT/none run_prio new "x"
expect_rc 3 "a missing built-in template is an install problem: exit 3"
run_prio new "x" -m "why"
expect_rc 2 "-m without --commit is a usage error"
PRIO_TODAY=2026-02-30 run_prio new "x"
expect_rc 2 "a PRIO_TODAY that is not a date: exit 2"
expect_err "and says so" <<'X'
prio: PRIO_TODAY is '2026-02-30', not a date such as 2026-11-02; fix or unset it
X
ls backlog/stories | wc -l | tr -d ' ' >"$TEST_ROOT/out"
expect_out "no refusal created a file" <<'X'
16
X

bare_repo
"$PRIO" init >/dev/null
unset PRIO_TEMPLATE_DIR
run_prio new "From the build tree" -t spike
expect_rc 0 "without PRIO_TEMPLATE_DIR, the templates next to the build"
export PRIO_TEMPLATE_DIR=$PRIO_SRC/templates
grep -q '^labels: \[spike\]$' backlog/stories/S-1-from-the-build-tree.md &&
    ok "the spike template from the source tree" ||
    not_ok "the spike template from the source tree"

bare_repo
run_prio new "x"
expect_rc 2 "new without a backlog exits 2"
expect_err "and says how to make one" <<'X'
prio: no backlog here: backlog/prio.yml not found in the work tree; run 'prio init' to create one
X

# --- templates ---------------------------------------------------------

bare_repo
"$PRIO" init >/dev/null
run_prio new "Crash on refund" --template bug --ac "Refunds no longer crash."
expect_out "--template bug" <<'X'
backlog/stories/S-1-crash-on-refund.md
X
expect_file backlog/stories/S-1-crash-on-refund.md "the bug template" <<'X'
---
id: S-1
title: Crash on refund
status: draft
labels: [bug]
created: 2026-11-23
---
What happens, and what should happen instead.

## Steps to reproduce

1. 

## Acceptance criteria

- [ ] Refunds no longer crash.

## Notes

X
run_prio new "Which queue?" -t spike
expect_file backlog/stories/S-2-which-queue.md "-t spike" <<'X'
---
id: S-2
title: Which queue?
status: draft
labels: [spike]
created: 2026-11-23
---
The question this spike answers, and the decision it informs.

Time box: 

## Acceptance criteria

## Findings

X
mkdir backlog/templates
printf -- '---\r\nid:\r\ntitle:\r\nstatus: todo\r\n---\r\n# Story\r\n\r\n## Acceptance criteria\r\n\r\n- [ ] Always: it is logged.\r\n' \
    >backlog/templates/story.md
run_prio new "Local template" --ac "First"
expect_out "backlog/templates/story.md overrides the built-in story" <<'X'
backlog/stories/S-3-local-template.md
X
printf -- '---\r\nid: S-3\r\ntitle: Local template\r\nstatus: draft\r\ncreated: 2026-11-23\r\n---\r\n# Story\r\n\r\n## Acceptance criteria\r\n\r\n- [ ] First\r\n- [ ] Always: it is logged.\r\n' \
    >"$TEST_ROOT/want.md"
expect_file backlog/stories/S-3-local-template.md \
    "CRLF kept; an unknown template status becomes the first; --ac goes before real items" <"$TEST_ROOT/want.md"
printf -- '---\ntitle: x\n---\nJust text.' >backlog/templates/bare.md
run_prio new "No heading" -t bare --ac "Added"
expect_file backlog/stories/S-4-no-heading.md \
    "a template without criteria heading gets one at the end" <<'X'
---
title: No heading
id: S-4
status: draft
created: 2026-11-23
---
Just text.

## Acceptance criteria

- [ ] Added
X
printf -- '---\nid: {{id}}\n---\n' >backlog/templates/old.md
run_prio new "x" -t old
expect_rc 1 "a template the editor cannot fill: exit 1"
expect_err "and says why" <<'X'
prio: cannot make the story from the template 'old': line 2, column 6: a key must be a single value, not a mapping; write 'key: value'
X
ln -s /etc/hostname backlog/templates/link.md
run_prio new "x" -t link
expect_rc 2 "a template linked outside the repository is not used"

# --- the next ID: work tree, branches, remote-tracking branches --------

bare_repo
"$PRIO" init >/dev/null
good_story S-1
commit_all "S-1"
git checkout -q -b feature
good_story S-5
commit_all "S-5 on feature"
git checkout -q main
run_prio new "After the branch"
expect_out "a local branch's IDs count" <<'X'
backlog/stories/S-6-after-the-branch.md
X
rm backlog/stories/S-6-after-the-branch.md
ORIGIN=$REPO
bare_repo
"$PRIO" init >/dev/null
good_story S-1
mkdir -p backlog/stories/sub
story sub/S-12-far-away.md <<'X'
---
id: S-12
title: Far away
status: draft
---
X
commit_all "S-12 elsewhere"
OTHER=$REPO
cd "$ORIGIN" || exit 1
git remote add other "$OTHER"
git fetch -q other
run_prio new "After the fetch"
expect_out "a remote-tracking branch's IDs count (in sub-folders too)" <<'X'
backlog/stories/S-13-after-the-fetch.md
X
story S-20.md <<'X'
---
id: S-30
title: Misnamed
status: draft
---
X
run_prio new "After the front matter"
expect_out "an ID in the work tree's front matter counts" <<'X'
backlog/stories/S-31-after-the-front-matter.md
X
printf 'id-prefix: BUG\n' >backlog/prio.yml
run_prio new "Prefixed"
expect_out "the config's id-prefix" <<'X'
backlog/stories/BUG-1-prefixed.md
X

# Concurrent runs never overwrite each other's story.
bare_repo
"$PRIO" init >/dev/null
for i in 1 2 3 4 5 6; do
	("$PRIO" new "Race" >"$TEST_ROOT/race$i.out" 2>"$TEST_ROOT/race$i.err"
	    echo $? >"$TEST_ROOT/race$i.rc") &
done
wait
made=0
bad=
for i in 1 2 3 4 5 6; do
	if [ "$(cat "$TEST_ROOT/race$i.rc")" = 0 ]; then
		made=$((made + 1))
	elif ! grep -q 'exists already; nothing was written' "$TEST_ROOT/race$i.err"; then
		bad="$bad $i"
	fi
done
[ "$made" -eq "$(ls backlog/stories | wc -l)" ] && [ -z "$bad" ] &&
    ok "concurrent new: one file per success, the rest refused ($made made)" ||
    not_ok "concurrent new: one file per success, the rest refused ($made made, bad:$bad)"

# --- --edit ------------------------------------------------------------

bare_repo
"$PRIO" init >/dev/null
EDITOR='printf "edited by EDITOR\n" >>' run_prio new "Edit me" --edit
expect_rc 0 "--edit runs \$EDITOR as shell text"
expect_out "and prints the path after" <<'X'
backlog/stories/S-1-edit-me.md
X
expect_cmd "the editor saw the new file" tail -n 1 backlog/stories/S-1-edit-me.md <<'X'
edited by EDITOR
X
VISUAL='printf "edited by VISUAL\n" >>' EDITOR=false run_prio new "Visual" --edit
expect_cmd "\$VISUAL comes before \$EDITOR" tail -n 1 backlog/stories/S-2-visual.md <<'X'
edited by VISUAL
X
mkdir "$TEST_ROOT/bin"
printf '#!/bin/sh\necho "edited by vi" >>"$1"\n' >"$TEST_ROOT/bin/vi"
chmod +x "$TEST_ROOT/bin/vi"
PATH=$TEST_ROOT/bin:$PATH run_prio new "Vi" --edit
expect_cmd "then vi" tail -n 1 backlog/stories/S-3-vi.md <<'X'
edited by vi
X
EDITOR='sed -i "s/^status: draft/status: ready/"' run_prio new "Made ready" --edit
expect_rc 1 "an edit that leaves errors: exit 1"
expect_err "the errors, and the file kept" <<'X'
prio: backlog/stories/S-4-made-ready.md:9:1: status 'ready' needs acceptance criteria, but the 'Acceptance criteria' section lists none; add items such as '- [ ] ...' [missing-criteria]
prio: backlog/stories/S-4-made-ready.md was created but has errors; fix them and run 'prio check'
X
expect_out "the path is printed all the same" <<'X'
backlog/stories/S-4-made-ready.md
X
EDITOR=false run_prio new "Editor fails" --edit
expect_rc 1 "a failing editor: exit 1"
expect_err "says so, and the file is kept" <<'X'
prio: the editor 'false' failed (set VISUAL or EDITOR to choose another)
prio: backlog/stories/S-5-editor-fails.md was created as the template made it
X
[ -f backlog/stories/S-5-editor-fails.md ] && ok "the file is there" ||
    not_ok "the file is there"

# --- --commit ----------------------------------------------------------

bare_repo
"$PRIO" init >/dev/null
git add backlog/prio.yml
git commit -qm "backlog"
printf 'staged\n' >other.txt
git add other.txt
printf 'unstaged\n' >>other.txt
run_prio new "Pay offline" --ac "Payments queue." --commit -m "The Kenya pilot."
expect_rc 0 "new --commit exits 0"
masked_out
expect_out "the commit line, then the path on its own last line" <<'X'
[main XXXXXXX] prio: new S-1: Pay offline
backlog/stories/S-1-pay-offline.md
X
expect_cmd "the message: subject, rationale, trailers" \
    git log -1 --format=%B <<'X'
prio: new S-1: Pay offline

The Kenya pilot.

Prio-Story: S-1
Prio-Change: status none -> draft

X
expect_cmd "the commit holds exactly the new story" \
    git show --stat --format= HEAD <<'X'
 backlog/stories/S-1-pay-offline.md | 14 ++++++++++++++
 1 file changed, 14 insertions(+)
X
expect_cmd "the other work is untouched; the story is clean" \
    git status --porcelain <<'X'
AM other.txt
?? .gitattributes
X
EDITOR='printf "More.\n" >>' run_prio new "Edited, then committed" --edit \
    --commit -m "Why." --field rank=2 --field "labels=a,b"
masked_out
expect_out "--edit --commit" <<'X'
[main XXXXXXX] prio: new S-2: Edited, then committed
backlog/stories/S-2-edited-then-committed.md
X
expect_cmd "the commit holds the edited file" \
    sh -c 'git show HEAD:backlog/stories/S-2-edited-then-committed.md | tail -n 1' <<'X'
More.
X
expect_cmd "one Prio-Change per field set" git log -1 --format=%b <<'X'
Why.

Prio-Story: S-2
Prio-Change: status none -> draft
Prio-Change: rank none -> 2
Prio-Change: labels none -> [a, b]

X
run_prio new "No message" --commit
expect_rc 1 "--commit without -m off a terminal: exit 1"
expect_err "says so, and creates nothing" <<'X'
prio: --commit needs a message: say why with -m <why>; nothing was created
X
[ ! -e backlog/stories/S-3-no-message.md ] && ok "nothing was created" ||
    not_ok "nothing was created"
printf 'rationale-required: false\n' >backlog/prio.yml
git commit -qm "relax" backlog/prio.yml
run_prio new "No message needed" --commit
expect_rc 0 "rationale-required: false lets --commit go without -m"
expect_cmd "the message is the subject and trailers" git log -1 --format=%B <<'X'
prio: new S-3: No message needed

Prio-Story: S-3
Prio-Change: status none -> draft

X
printf 'commit: false\n' >backlog/prio.yml
git commit -qm "hand commits" backlog/prio.yml
run_prio new "Not committed" --commit -m "x"
expect_rc 0 "commit: false"
expect_out "writes and says it did not commit" <<'X'
prio: new S-4: Not committed (written, not committed)
backlog/stories/S-4-not-committed.md
X
expect_cmd "no commit was made" git log -1 --format=%s <<'X'
hand commits
X

done_testing
