// A mock GitHub REST API for t0630-ci.t: serves canned answers on
// 127.0.0.1 (a random port), runs a script against it, and prints every
// request it received, so a test asserts exactly what the script asked.
//
//   node github-mock.mjs <routes.json> <program> [args...]
//
// routes.json maps "METHOD /path?query" to {"status", "body", "next"};
// "next" becomes a Link header (rel="next") to that path on this server.
// A request no route answers gets 404.  The program (a .mjs file runs
// with node) runs with GITHUB_API_URL pointing here and the rest of the
// environment as given.
// Prints one line per request ("METHOD /path -> status", then "  body:
// <JSON>" for a request with a body, "  auth: <header>" when the token
// is not "Bearer test-token"), then "exit: <code>".  The program's stdout
// and stderr pass through to stderr.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";

const [routesFile, program, ...args] = process.argv.slice(2);
const routes = JSON.parse(readFileSync(routesFile, "utf8"));
const log = [];

const server = createServer((req, res) => {
	let raw = "";
	req.setEncoding("utf8");
	req.on("data", (chunk) => { raw += chunk; });
	req.on("end", () => {
		const route = routes[`${req.method} ${req.url}`];
		const status = route?.status ?? 404;
		log.push(`${req.method} ${req.url} -> ${status}`);
		if (raw)
			log.push(`  body: ${JSON.stringify(JSON.parse(raw))}`);
		if (req.headers.authorization !== "Bearer test-token")
			log.push(`  auth: ${req.headers.authorization}`);
		const headers = { "Content-Type": "application/json" };
		if (route?.next) {
			const { port } = server.address();
			headers.Link = `<http://127.0.0.1:${port}${route.next}>; ` +
			    `rel="next"`;
		}
		res.writeHead(status, headers);
		res.end(JSON.stringify(route?.body ?? { message: "Not Found" }));
	});
});

server.listen(0, "127.0.0.1", () => {
	const { port } = server.address();
	const argv = program.endsWith(".mjs") ?
	    [process.execPath, program, ...args] : [program, ...args];
	const child = spawn(argv[0], argv.slice(1), {
		env: { ...process.env, GITHUB_API_URL: `http://127.0.0.1:${port}` },
		stdio: ["ignore", 2, 2],
	});
	child.on("exit", (code) => {
		server.close();
		process.stdout.write(log.map((l) => l + "\n").join("") +
		    `exit: ${code}\n`);
	});
});
