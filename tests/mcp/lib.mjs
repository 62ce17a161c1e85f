// tests/mcp/lib.mjs — what the MCP test scripts share: the official
// TypeScript SDK's client (from NODE_PATH, where tests/cli/lib.sh points
// it) connected to `prio mcp` over stdio, prio's own CLI as the oracle,
// and TAP-ish lines ("ok - name", "not ok - name", "# detail") that
// t0850-mcp.t turns into its own test points.
import { execFileSync } from "node:child_process";
import { isDeepStrictEqual } from "node:util";
import { pathToFileURL } from "node:url";

const sdk = process.env.NODE_PATH + "/@modelcontextprotocol/sdk/dist/esm";
const { Client } = await import(pathToFileURL(`${sdk}/client/index.js`));
const { StdioClientTransport } = await import(
	pathToFileURL(`${sdk}/client/stdio.js`));

export const PRIO = process.env.PRIO;
let failed = 0;

export function ok(cond, name, detail) {
	if (cond) {
		console.log(`ok - ${name}`);
		return;
	}
	failed++;
	console.log(`not ok - ${name}`);
	if (detail !== undefined)
		for (const line of String(detail).split("\n"))
			console.log(`# ${line}`);
}

export function same(got, want, name) {
	ok(isDeepStrictEqual(got, want), name,
	    `got:  ${JSON.stringify(got)}\nwant: ${JSON.stringify(want)}`);
}

// prio's own answer, the oracle for a tool's structuredContent.
export function cli(...args) {
	return JSON.parse(execFileSync(PRIO, args, { encoding: "utf8",
	    stdio: ["ignore", "pipe", "pipe"] }));
}

export function git(...args) {
	return execFileSync("git", args, { encoding: "utf8" }).trim();
}

// A client connected to `prio mcp <args>` in the current directory.
export async function connect(...args) {
	const client = new Client({ name: "prio-test", version: "1.0.0" });
	const transport = new StdioClientTransport({ command: PRIO,
	    args: ["mcp", ...args], cwd: process.cwd(), stderr: "pipe",
	    env: process.env });
	await client.connect(transport);
	return client;
}

// The tool's answer; a protocol error comes back as {code, message}.
export async function call(client, name, args) {
	try {
		return await client.callTool({ name, arguments: args });
	} catch (e) {
		return { code: e.code, message: e.message };
	}
}

export function text(result) {
	return result.content?.map((c) => c.text).join("") ?? "";
}

export function done() {
	process.exit(failed ? 1 : 0);
}
