#!/usr/bin/env node
// prio-comment.mjs — keeps one comment on a pull request holding what it
// changes in the backlog (`prio diff --format markdown`).  Run by prio's
// GitHub Action (action.yml); needs Node 18 or later (fetch).
//
//   node prio-comment.mjs <markdown file>
//
// The comment is found by a hidden marker, <!-- prio-diff -->, and is
// only ever one the token's own account wrote: a comment by anyone else
// (another bot, or a person quoting the marker) is never edited.  The
// account is $PRIO_COMMENT_AUTHOR when set, else the token's user (GET
// /user), else, for the workflow's GITHUB_TOKEN (which may not read
// /user), github-actions[bot].
//
// On a pull request from a fork (event pull_request, head repository not
// the base one) the token cannot comment: the diff goes to the job
// summary ($GITHUB_STEP_SUMMARY) instead, as it does when GitHub answers
// 403 to the write.  With $PRIO_COMMENT=false it goes there too.
//
// Reads $GITHUB_EVENT_PATH, $GITHUB_EVENT_NAME, $GITHUB_REPOSITORY,
// $GITHUB_API_URL (default https://api.github.com) and the token from
// $PRIO_TOKEN.  Exit 0 when the comment or the summary is written, 1 when
// GitHub refuses or cannot be reached, 2 when run wrongly.

import { appendFileSync, readFileSync } from "node:fs";

const MARKER = "<!-- prio-diff -->";
const ACTIONS_BOT = "github-actions[bot]";
// GitHub refuses a comment body over 65,536 characters.
const MAX_BODY = 65000;

class ApiError extends Error {
	constructor(status, message) {
		super(message);
		this.status = status;
	}
}

function say(msg) {
	process.stderr.write(`prio-comment: ${msg}\n`);
}

function usage(msg) {
	say(msg);
	process.exit(2);
}

function readText(path, what) {
	try {
		return readFileSync(path, "utf8");
	} catch (e) {
		usage(`cannot read ${what} ${path}: ${e.message}`);
	}
}

// The body: the marker, then the diff, cut at a line when too long.
function commentBody(markdown, range) {
	let text = markdown.trimEnd();

	if (text.length > MAX_BODY) {
		const cut = text.lastIndexOf("\n", MAX_BODY);

		text = text.slice(0, cut > 0 ? cut : MAX_BODY) +
		    `\n\n(cut here: the rest is too long for a comment; run` +
		    ` \`prio diff ${range}\`)`;
	}
	return `${MARKER}\n${text}\n`;
}

function writeSummary(markdown, why) {
	const file = process.env.GITHUB_STEP_SUMMARY;

	if (!file) {
		process.stdout.write(markdown);
		say(`${why}; there is no job summary ($GITHUB_STEP_SUMMARY), so` +
		    " the diff is above");
		return;
	}
	appendFileSync(file, markdown.endsWith("\n") ? markdown :
	    markdown + "\n");
	say(`${why}: the backlog diff is in the job summary instead`);
}

class GitHub {
	constructor(api, token) {
		this.api = api.replace(/\/+$/, "");
		this.token = token;
	}

	// One request; resolves to { data, next } (next: the Link header's
	// rel="next" URL, or null), rejects with an ApiError.
	async request(method, url, body) {
		let res, text;

		try {
			res = await fetch(url.startsWith("http") ? url :
			    this.api + url, {
				method,
				headers: {
					"Accept": "application/vnd.github+json",
					"Authorization": `Bearer ${this.token}`,
					"Content-Type": "application/json",
					"User-Agent": "prio-action",
					"X-GitHub-Api-Version": "2022-11-28",
				},
				body: body === undefined ? undefined :
				    JSON.stringify(body),
			});
			text = await res.text();
		} catch (e) {
			throw new ApiError(0, `cannot reach ${this.api}: ` +
			    (e.cause?.message ?? e.message));
		}
		let data = null;
		try {
			data = text ? JSON.parse(text) : null;
		} catch {
			if (res.ok)
				throw new ApiError(res.status, "GitHub's answer " +
				    "is not JSON");
		}
		if (!res.ok) {
			const why = data?.message ? `: ${data.message}` : "";
			throw new ApiError(res.status,
			    `GitHub answered ${res.status}${why}`);
		}
		const link = res.headers.get("link") ?? "";
		const next = /<([^>]+)>;\s*rel="next"/.exec(link);
		return { data, next: next ? next[1] : null };
	}
}

// The login whose comments we may edit.
async function whoAmI(gh) {
	const login = process.env.PRIO_COMMENT_AUTHOR;

	if (login)
		return login;
	try {
		return (await gh.request("GET", "/user")).data.login;
	} catch (e) {
		// An installation token (GITHUB_TOKEN) may not read /user.
		if (e.status === 403)
			return ACTIONS_BOT;
		if (e.status === 0)
			throw e;
		throw new ApiError(e.status,
		    `cannot tell whose token this is: ${e.message}`);
	}
}

function isOurs(comment, login) {
	const user = comment.user ?? {};

	return typeof comment.body === "string" &&
	    comment.body.includes(MARKER) && user.login === login &&
	    (user.type === "Bot") === login.endsWith("[bot]");
}

// Our marked comment on the pull request, or null; reads every page.
async function findOurs(gh, repo, number, login) {
	let url = `/repos/${repo}/issues/${number}/comments?per_page=100`;

	while (url) {
		let page;
		try {
			page = await gh.request("GET", url);
		} catch (e) {
			throw new ApiError(e.status, "cannot list the pull " +
			    `request's comments: ${e.message}`);
		}
		const found = (page.data ?? []).find((c) => isOurs(c, login));
		if (found)
			return found;
		url = page.next;
	}
	return null;
}

async function main() {
	if (process.argv.length !== 3)
		usage("usage: prio-comment.mjs <markdown file>");
	const markdown = readText(process.argv[2], "the diff");
	const eventPath = process.env.GITHUB_EVENT_PATH;
	if (!eventPath)
		usage("$GITHUB_EVENT_PATH is not set: run this in a GitHub " +
		    "Actions job");
	let event;
	try {
		event = JSON.parse(readText(eventPath, "the event"));
	} catch (e) {
		usage(`the event ${eventPath} is not JSON: ${e.message}`);
	}
	const pr = event.pull_request;
	if (!pr)
		usage("not a pull request event: there is nothing to comment " +
		    "on");
	const repo = process.env.GITHUB_REPOSITORY ||
	    event.repository?.full_name;
	const range = `${pr.base?.sha}...${pr.head?.sha}`;

	if (process.env.PRIO_COMMENT === "false") {
		writeSummary(markdown, "comments are off (comment: false)");
		return 0;
	}
	// pull_request_target runs with the base repository's token, which
	// can comment; pull_request from a fork gets a read-only one.
	const fork = process.env.GITHUB_EVENT_NAME !== "pull_request_target" &&
	    pr.head?.repo?.full_name !== pr.base?.repo?.full_name;
	if (fork) {
		writeSummary(markdown, "a pull request from a fork, whose " +
		    "token cannot comment");
		return 0;
	}
	if (!process.env.PRIO_TOKEN)
		usage("no token: set the action's 'token' input");

	const gh = new GitHub(process.env.GITHUB_API_URL ||
	    "https://api.github.com", process.env.PRIO_TOKEN);
	const login = await whoAmI(gh);
	const ours = await findOurs(gh, repo, pr.number, login);
	const body = commentBody(markdown, range);
	let res;
	try {
		res = ours ?
		    await gh.request("PATCH",
		    `/repos/${repo}/issues/comments/${ours.id}`, { body }) :
		    await gh.request("POST",
		    `/repos/${repo}/issues/${pr.number}/comments`, { body });
	} catch (e) {
		if (e.status === 403) {
			writeSummary(markdown, "GitHub refused the comment " +
			    `(${e.message})`);
			return 0;
		}
		throw new ApiError(e.status, `cannot ${ours ? "update" :
		    "post"} the comment: ${e.message}`);
	}
	say(`${ours ? "updated" : "posted"} ${res.data?.html_url ??
	    "the comment"}`);
	return 0;
}

main().then((code) => process.exit(code), (e) => {
	if (!(e instanceof ApiError))
		throw e;
	say(e.message);
	process.exit(1);
});
