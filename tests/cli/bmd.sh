# tests/cli/bmd.sh — Backlog.md projects for the t081x tests, and the
# real `backlog` CLI (npm backlog.md 1.52.0, tools/npm-deps.sh) as the
# oracle.  Source after lib.sh.
#
#   bmd_new                       a repository with Backlog.md's config
#                                 (the fixture's: prefix back), cwd there
#   bmd_task PATH <<'EOF'         a task file under backlog/: the front
#                                 matter from stdin, a description and
#                                 one acceptance criterion as Backlog.md
#                                 writes them
#   backlog_ids [args]            `backlog task list --json [args]`: the
#                                 IDs in its order, one a line
#   backlog_order                 the IDs in Backlog.md's board order
#                                 (sortByOrdinalAndPriority), from its own
#                                 --sort priority list, stably sorted by
#                                 its ordinals
BACKLOG=$NPM_BIN/backlog
if [ ! -x "$BACKLOG" ] || ! command -v node >/dev/null 2>&1; then
	echo "Bail out! the backlog CLI or node is missing: run" \
	    "'sh tools/npm-deps.sh' (make check does)"
	exit 1
fi

bmd_new() {
	_repo_n=$((_repo_n + 1))
	REPO=$TEST_ROOT/repo$_repo_n
	mkdir -p "$REPO/backlog/tasks" "$REPO/backlog/drafts" \
	    "$REPO/backlog/completed"
	git init -q "$REPO"
	cp "$FIXTURES/backlogmd/backlog/config.yml" "$REPO/backlog/config.yml"
	cd "$REPO" || exit 1
}

bmd_task() {
	mkdir -p "$(dirname "backlog/$1")"
	{
		printf -- '---\n'
		cat
		printf -- '---\n\n## Description\n\n'
		printf -- '<!-- SECTION:DESCRIPTION:BEGIN -->\nText.\n'
		printf -- '<!-- SECTION:DESCRIPTION:END -->\n\n'
		printf -- '## Acceptance Criteria\n<!-- AC:BEGIN -->\n'
		printf -- '- [ ] #1 It works\n<!-- AC:END -->\n'
	} >"backlog/$1"
}

# The node one-liners read Backlog.md's JSON on stdin.
backlog_ids() {
	"$BACKLOG" task list --json "$@" | node -e '
	    const d = JSON.parse(require("fs").readFileSync(0, "utf8"));
	    for (const t of d.tasks) console.log(t.id);'
}

backlog_order() {
	"$BACKLOG" task list --json --sort priority | node -e '
	    const d = JSON.parse(require("fs").readFileSync(0, "utf8"));
	    const o = (t) => t.ordinal == null ? Infinity : t.ordinal;
	    const v = d.tasks.map((t, i) => [o(t), i, t.id]);
	    v.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
	    for (const t of v) console.log(t[2]);'
}

# prio_ids [args]: `prio list --json [args]`, the IDs in prio's order of
# the stories Backlog.md's task list shows (tasks/, not drafts).
prio_ids() {
	"$PRIO" list --json "$@" 2>/dev/null | node -e '
	    const d = JSON.parse(require("fs").readFileSync(0, "utf8"));
	    for (const s of d.stories)
		if (s.path.startsWith("backlog/tasks/")) console.log(s.id);'
}
