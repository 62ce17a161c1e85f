// The server never answers from stale state: a file edited, another
// process committing and HEAD moving are each seen by the next call.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { call, connect, done, git, PRIO, same } from "./lib.mjs";

const client = await connect();
const file = "backlog/stories/S-6.md";
const title = async () => (await call(client, "show", { id: "S-6" }))
    .structuredContent?.story?.title;

same(await title(), "Story S-6", "the title as committed");
const before = readFileSync(file, "utf8");
writeFileSync(file, before.replace("title: Story S-6", "title: Edited"));
same(await title(), "Edited", "an edit in the work tree: the next call sees it");
git("commit", "-qam", "edited by hand");
execFileSync(PRIO, ["move", "S-6", "--top", "-m", "Another process."],
    { stdio: "ignore" });
let r = await call(client, "list", { limit: 1 });
same(r.structuredContent.stories.map((s) => s.id), ["S-6"],
    "another process's commit: the next call sees it");
r = await call(client, "log", { limit: 1 });
same(r.structuredContent.entries[0].commit, git("rev-parse", "HEAD"),
    "log: the newest commit is the other process's");
git("reset", "-q", "--hard", "HEAD~2");
same(await title(), "Story S-6", "HEAD moved back: the next call sees it");
r = await call(client, "list", { limit: 1 });
same(r.structuredContent.stories.map((s) => s.id), ["S-2"],
    "and the order as it was");
await client.close();
done();
