// The read tools through the SDK's client: each one's structuredContent
// is exactly what `prio <command> --json` prints; pages; tools/list.
import { call, cli, connect, done, ok, same, text } from "./lib.mjs";

const reads = ["list", "show", "next", "plan", "check", "log", "diff"];
// tick is offered when prio has its command (issue 18 adds `prio tick`).
const tick = process.env.HAS_TICK === "1" ? ["tick"] : [];
const writes = ["move", "set", "new", "accept", "reject", ...tick];
const client = await connect();

same(client.getServerVersion()?.name, "prio", "serverInfo names prio");
const { tools } = await client.listTools();
same(tools.map((t) => t.name), [...reads, ...writes], "tools/list: every tool");
ok(tools.every((t) => t.inputSchema?.type === "object" &&
    t.outputSchema?.type === "object" && t.description && t.title),
    "each tool has an input and an output schema");
same(tools.filter((t) => t.annotations.readOnlyHint).map((t) => t.name),
    reads, "annotations: the reads are read-only");
same(tools.filter((t) => t.annotations.destructiveHint).map((t) => t.name),
    ["move", "set", "accept", "reject", ...tick],
    "annotations: the writes that change a story are destructive");

let r = await call(client, "list", {});
same(r.structuredContent, cli("list", "--json"), "list is prio list --json");
ok(!r.isError && text(r).startsWith("#1 S-2 [ready] Story S-2"),
    "list's text has a line a story", text(r));
r = await call(client, "list", { all: true, status: ["ready", "accepted"],
    limit: 500 });
same(r.structuredContent, cli("list", "--json", "--status=ready",
    "--status=accepted", "--all"), "list's filters are list's options");
r = await call(client, "list", { limit: 2 });
same(r.structuredContent.stories.map((s) => s.id), ["S-2", "S-3"],
    "a page of 2");
same(r.structuredContent.next_offset, 2, "next_offset says where the next starts");
r = await call(client, "list", { limit: 2, offset: 4 });
same(r.structuredContent.stories.map((s) => s.id), ["S-6"], "the last page");
same(r.structuredContent.next_offset, undefined, "the last page has no next_offset");

r = await call(client, "show", { id: "S-6" });
same(r.structuredContent, cli("show", "S-6", "--json"), "show is prio show --json");
ok(text(r).includes("criterion 2: [ ] It is fast."),
    "show's text numbers the criteria", text(r));
r = await call(client, "next", {});
same(r.structuredContent, cli("list", "--next", "--json"), "next is list --next");
same(r.structuredContent.stories.map((s) => s.id), ["S-3"],
    "next: the first ready story waiting for nothing");
r = await call(client, "next", { owner: "nobody" });
ok(!r.isError && text(r).startsWith("Nothing to start"),
    "next with nothing to start says so", text(r));
r = await call(client, "plan", { capacity: 10 });
same(r.structuredContent, cli("plan", "--capacity=10", "--json"),
    "plan is prio plan --json");
r = await call(client, "check", {});
same(r.structuredContent, cli("check", "--format=json"), "check is prio check --format json");
r = await call(client, "log", {});
same(r.structuredContent, cli("log", "--json"), "log is prio log --json");
r = await call(client, "log", { id: "S-2" });
same(r.structuredContent, cli("log", "--json", "S-2"), "log of one story");
r = await call(client, "diff", {});
same(r.structuredContent, cli("diff", "--format=json"), "diff is prio diff --format json");
done();
