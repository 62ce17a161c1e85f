// The writes through the SDK's client: each makes the commit the command
// line makes and returns its id; refusals are tool errors in prio's own
// words; bad arguments are -32602; --read-only offers no writes.  The
// repository's hooks run (t0850 installs a noisy pre-commit hook and a
// commit-msg hook that vetoes "veto"): their output never reaches the
// protocol stream, or the client would fail to read it.
import { execFileSync } from "node:child_process";
import { call, cli, connect, done, git, ok, PRIO, same, text }
    from "./lib.mjs";

// What prio says on stderr for a command that is refused.
function refusal(...args) {
	try {
		execFileSync(PRIO, args, { encoding: "utf8", stdio: "pipe" });
		return "(not refused)";
	} catch (e) {
		return e.stderr;
	}
}

const client = await connect();
const head0 = git("rev-parse", "HEAD");

let r = await call(client, "move", { id: "S-3", top: true,
    rationale: "S-2 waits for it." });
ok(r.isError === false, "move: done", text(r));
same(r.structuredContent?.commit, git("rev-parse", "HEAD"),
    "move returns the full id of the commit it made");
same(git("rev-parse", "HEAD~1"), head0, "move made one commit");
same(git("log", "-1", "--format=%s%n%n%b").split("\n").slice(0, 4),
    ["prio: move S-3 to #1 (was #2)", "", "S-2 waits for it.", ""],
    "its message: the subject and the rationale");
same([r.structuredContent?.kind, r.structuredContent?.branch,
    r.structuredContent?.subject, r.structuredContent?.story?.position],
    ["prio.move", "main", "prio: move S-3 to #1 (was #2)", 1],
    "kind, branch, subject and the story after the move");
ok(text(r).startsWith("[main ") && text(r).includes(
    `commit ${git("rev-parse", "HEAD")}`), "move's text: the commit line",
    text(r));

r = await call(client, "set", { id: "S-2", fields: { owner: "ada",
    labels: ["x", "y"], value: 8 }, rationale: "Ada takes it." });
same(r.structuredContent?.commit, git("rev-parse", "HEAD"), "set commits");
same(git("show", "--format=", "--name-only", "HEAD"),
    "backlog/stories/S-2.md", "set: only the story file");
const s2 = cli("show", "S-2", "--json").story;
same([s2.owner, s2.labels, r.structuredContent?.story?.owner],
    ["ada", ["x", "y"], "ada"], "set: the fields, as fields takes them");

r = await call(client, "set", { id: "S-2", fields: { owner: "ada" },
    rationale: "Again." });
same([r.isError, r.structuredContent?.commit], [false, null],
    "set to what it says already: no commit, commit null");
ok(text(r).includes("nothing to commit"), "and prio says so", text(r));

r = await call(client, "new", { title: "Export to CSV",
    criteria: ["A CSV file downloads."], status: "ready",
    fields: { value: 3, urgency: 2, risk: 1, effort: 2 },
    rationale: "Shops asked for it." });
same([r.isError, r.structuredContent?.story?.id,
    r.structuredContent?.story?.status], [false, "S-7", "ready"],
    "new: the story made, with its new ID");
same(r.structuredContent?.commit, git("rev-parse", "HEAD"), "new commits");
same(git("ls-files", "backlog/stories/S-7-export-to-csv.md"),
    "backlog/stories/S-7-export-to-csv.md", "new: the file is committed");

r = await call(client, "accept", { id: "S-4", rationale: "Demoed." });
same([r.isError, r.structuredContent?.story?.status], [false, "accepted"],
    "accept");
same(r.structuredContent?.commit, git("rev-parse", "HEAD"), "accept commits");
r = await call(client, "reject", { id: "S-5",
    rationale: "The email never arrives." });
same([r.isError, r.structuredContent?.story?.status],
    [false, "in-progress"], "reject");

if (process.env.HAS_TICK === "1") {
	r = await call(client, "tick", { id: "S-6", criterion: 2,
	    rationale: "Measured: 80 ms." });
	same([r.isError, r.structuredContent?.commit], [false,
	    git("rev-parse", "HEAD")], "tick by number commits");
	same(cli("show", "S-6", "--json").story.criteria_items.map(
	    (c) => c.met), [true, true], "tick: criterion 2 is met");
	r = await call(client, "tick", { id: "S-6", criterion: "It works.",
	    met: false, rationale: "It broke again." });
	same(cli("show", "S-6", "--json").story.criteria_items.map(
	    (c) => c.met), [false, true], "tick by text, met false: open");
}

// Refusals: prio's own message, nothing committed.
const head1 = git("rev-parse", "HEAD");
const refused = [
	["move", { id: "S-99", top: true, rationale: "x" },
	    ["move", "S-99", "--top", "-m", "x"]],
	["move", { id: "S-2", top: true, bottom: true, rationale: "x" },
	    ["move", "S-2", "--top", "--bottom", "-m", "x"]],
	["accept", { id: "S-6", rationale: "x" },
	    ["accept", "S-6", "-m", "x"]],
	["set", { id: "S-2", fields: { status: "bogus" }, rationale: "x" },
	    ["set", "S-2", "status=bogus", "-m", "x"]],
	["new", { title: "No criteria", status: "ready", rationale: "x" },
	    ["new", "--commit", "-m", "x", "--status=ready", "No criteria"]],
	["show", { id: "../../etc/passwd" }, ["show", "../../etc/passwd"]],
	["move", { id: "S-2", bottom: true, rationale: "veto this" }, null],
];
for (const [tool, args, argv] of refused) {
	r = await call(client, tool, args);
	const name = `${tool} ${JSON.stringify(args)}`;
	ok(r.isError === true, `refused: ${name}`, JSON.stringify(r));
	if (argv)
		same(text(r), refusal(...argv), `in prio's words: ${name}`);
}
ok(text(r).includes("commit-msg"), "a hook's veto says which hook", text(r));
same(git("rev-parse", "HEAD"), head1, "the refusals committed nothing");
same(git("status", "--porcelain"), "", "and left no file changed");

// Arguments that do not fit the schema: -32602, before anything runs.
const bad = [
	["move", { id: "S-2", top: true }, "'rationale' is missing"],
	["move", { id: "S-2", top: true, rationale: " \t " }, "rationale"],
	["move", { id: "S-2", top: "yes", rationale: "x" }, "must be a boolean"],
	["show", { id: 5 }, "must be a string"],
	["show", { id: "S-2", verbose: true }, "has no argument 'verbose'"],
	["move", { id: "--top", rationale: "x" }, "is not a story ID"],
	["list", { limit: 0 }, "at least 1"],
	["rm", {}, "unknown tool 'rm'"],
];
for (const [tool, args, words] of bad) {
	r = await call(client, tool, args);
	ok(r.code === -32602 && r.message.includes(words),
	    `-32602: ${tool} ${JSON.stringify(args)}`, JSON.stringify(r));
}
same(git("rev-parse", "HEAD"), head1, "bad arguments committed nothing");
await client.close();

const ro = await connect("--read-only");
same((await ro.listTools()).tools.map((t) => t.name),
    ["list", "show", "next", "plan", "check", "log", "diff"],
    "--read-only offers the reads only");
r = await call(ro, "move", { id: "S-2", top: true, rationale: "x" });
ok(r.code === -32602 && r.message.includes("read-only"),
    "--read-only: a write is an unknown tool, and it says why",
    JSON.stringify(r));
same(git("rev-parse", "HEAD"), head1, "--read-only committed nothing");
await ro.close();
done();
