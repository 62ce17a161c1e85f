/*
 * mcp_server.c — the Model Context Protocol over stdio: one JSON-RPC 2.0
 * message per line, read one at a time and answered before the next.
 *
 * Revisions: 2026-07-28 is stateless (each request names its version in
 * params._meta, there is no handshake, server/discover says what the
 * server speaks); 2025-11-25 and 2025-06-18 start with initialize, which
 * fixes the version for the connection.  A request may name 2026-07-28
 * at any time, also after an initialize.  Only requests are answered,
 * never notifications.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "mcp.h"

#define STATELESS       "2026-07-28"
#define META_VERSION    "io.modelcontextprotocol/protocolVersion"
#define META_SERVER     "io.modelcontextprotocol/serverInfo"

/* JSON-RPC's codes, and MCP's for a version it does not speak. */
enum {
	PARSE_ERROR = -32700,
	INVALID_REQUEST = -32600,
	METHOD_NOT_FOUND = -32601,
	INVALID_PARAMS = -32602,
	INTERNAL_ERROR = -32603,
	UNSUPPORTED_VERSION = -32022
};

/* The revisions served, newest first: server/discover lists them. */
static const char *const versions[] = { STATELESS, "2025-11-25",
    "2025-06-18", NULL };

static const char instructions[] =
    "prio keeps this repository's ranked product backlog as Markdown "
    "stories in git. Read with list, show, next (the story to work on "
    "now), plan, check, log and diff. Every write (move, set, new, "
    "accept, reject, tick) needs a rationale, obeys the backlog's rules "
    "and becomes one git commit; a refusal says why and what to do.";

/*
 * A request id is refused when one of the last RECENT_IDS requests
 * had it: enough to catch a client that reuses ids, and bounded, so a
 * long session's memory does not grow with every call.
 */
#define RECENT_IDS 1024

struct session {
	const struct mcp_opts *opts;
	const char *version;    /* fixed by initialize (one of versions);
	                         * NULL before */
	json_t *seen;           /* ids of the last RECENT_IDS requests */
	char *recent[RECENT_IDS];       /* the same, oldest at next */
	size_t next;
	int out;
	int signal;             /* a command's signal: end once answered */
};

/* A line of input: the reader's state between messages. */
struct reader {
	int fd;
	char *buf;
	size_t len, cap;
	size_t start;           /* where the unread bytes begin */
	bool eof;
	int err;                /* errno of a failed read, or 0 */
};

enum line_kind { LINE_OK, LINE_TOO_LONG, LINE_EOF, LINE_PARTIAL,
    LINE_ERROR };

/* Reads more input; false at the end (or an error, with errno set). */
static bool
fill(struct reader *r)
{
	ssize_t n;

	if (r->start > 0) {
		memmove(r->buf, r->buf + r->start, r->len - r->start);
		r->len -= r->start;
		r->start = 0;
	}
	if (r->cap - r->len < 65536) {
		r->cap = r->cap ? r->cap * 2 : 131072;
		r->buf = prio_xrealloc(r->buf, r->cap);
	}
	do
		n = read(r->fd, r->buf + r->len, r->cap - r->len);
	while (n < 0 && errno == EINTR);
	if (n <= 0) {
		r->eof = true;
		r->err = n < 0 ? errno : 0;
		return false;
	}
	r->len += (size_t)n;
	return true;
}

/*
 * The next line, without its newline, in *line (borrowed until the next
 * call).  A line longer than MCP_MAX_MESSAGE is skipped to its end and
 * reported as LINE_TOO_LONG, so the buffer never holds more than that.
 */
static enum line_kind
next_line(struct reader *r, char **line, size_t *len)
{
	bool skipping = false;
	char *nl;

	for (;;) {
		/* (Nothing read yet: no buffer to search.) */
		nl = r->len > r->start ? memchr(r->buf + r->start, '\n',
		    r->len - r->start) : NULL;
		if (nl != NULL) {
			*line = r->buf + r->start;
			*len = (size_t)(nl - *line);
			r->start += *len + 1;
			if (skipping || *len > MCP_MAX_MESSAGE)
				return LINE_TOO_LONG;
			return LINE_OK;
		}
		if (r->len - r->start > MCP_MAX_MESSAGE) {
			skipping = true;
			r->start = r->len;
		}
		if (r->eof || !fill(r)) {
			if (r->len > r->start || skipping)
				return LINE_PARTIAL;
			return r->err ? LINE_ERROR : LINE_EOF;
		}
	}
}

static bool
send_json(struct session *s, json_t *msg)
{
	char *text = json_dumps(msg, JSON_COMPACT);
	size_t len, off = 0;
	ssize_t n;
	bool ok = text != NULL;

	json_decref(msg);
	if (!ok)
		return false;
	len = strlen(text);
	text[len++] = '\n';     /* json_dumps left room: its NUL */
	while (ok && off < len) {
		n = write(s->out, text + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			ok = false;
		else
			off += (size_t)n;
	}
	free(text);
	return ok;
}

/* id: borrowed (NULL: null). */
static json_t *
error_reply(json_t *id, int code, const char *message, json_t *data)
{
	json_t *e = json_pack("{s:i, s:s}", "code", code, "message", message);

	if (data)
		json_object_set_new(e, "data", data);
	return json_pack("{s:s, s:O, s:o}", "jsonrpc", "2.0", "id",
	    id ? id : json_null(), "error", e);
}

static json_t *
result_reply(json_t *id, json_t *result)
{
	return json_pack("{s:s, s:O, s:o}", "jsonrpc", "2.0", "id", id,
	    "result", result);
}

static json_t *
version_list(void)
{
	json_t *v = json_array();
	size_t i;

	for (i = 0; versions[i]; i++)
		json_array_append_new(v, json_string(versions[i]));
	return v;
}

/* The served version v names (static, unlike v), or NULL. */
static const char *
known_version(const char *v)
{
	size_t i;

	for (i = 0; versions[i]; i++)
		if (strcmp(versions[i], v) == 0)
			return versions[i];
	return NULL;
}

static json_t *
server_info(const struct session *s)
{
	return json_pack("{s:s, s:s, s:s}", "name", "prio", "title",
	    "prio backlog", "version", s->opts->version);
}

/* What every 2026-07-28 result carries. */
static json_t *
stateless_result(const struct session *s, json_t *result)
{
	json_object_set_new(result, "resultType", json_string("complete"));
	json_object_set_new(result, "_meta", json_pack("{s:o}", META_SERVER,
	    server_info(s)));
	return result;
}

static json_t *
capabilities(void)
{
	return json_pack("{s:{s:b}}", "tools", "listChanged", 0);
}

static json_t *
do_initialize(struct session *s, json_t *params, json_t *id)
{
	json_t *v = json_object_get(params, "protocolVersion");
	const char *asked = json_string_value(v), *chosen;

	if (asked == NULL)
		return error_reply(id, INVALID_PARAMS, "initialize needs "
		    "params.protocolVersion, a string such as \"2025-11-25\"",
		    NULL);
	/*
	 * As the 2025 revisions say: the version asked for when the
	 * server speaks it, else the newest the server speaks with a
	 * handshake (the client may then disconnect).  2026-07-28 has no
	 * handshake, so it is no answer to initialize.
	 */
	chosen = known_version(asked);
	if (chosen == NULL || strcmp(chosen, STATELESS) == 0)
		chosen = versions[1];
	s->version = chosen;
	return result_reply(id, json_pack("{s:s, s:o, s:o, s:s}",
	    "protocolVersion", chosen, "capabilities", capabilities(),
	    "serverInfo", server_info(s), "instructions", instructions));
}

static json_t *
do_tools_list(struct session *s, bool stateless, json_t *id)
{
	json_t *tools = json_array(), *r;
	size_t i;

	for (i = 0; mcp_tools[i]; i++)
		if (mcp_tool_offered(mcp_tools[i], s->opts->read_only))
			json_array_append_new(tools,
			    mcp_tool_describe(mcp_tools[i]));
	r = json_pack("{s:o}", "tools", tools);
	if (stateless) {
		/* The list is the same for the life of the server, but a
		 * client that keeps none is never wrong. */
		json_object_set_new(r, "ttlMs", json_integer(0));
		json_object_set_new(r, "cacheScope", json_string("private"));
		stateless_result(s, r);
	}
	return result_reply(id, r);
}

static json_t *
do_discover(struct session *s, json_t *id)
{
	json_t *r = json_pack("{s:o, s:o, s:s, s:i, s:s}",
	    "supportedVersions", version_list(), "capabilities",
	    capabilities(), "instructions", instructions, "ttlMs", 0,
	    "cacheScope", "private");

	return result_reply(id, stateless_result(s, r));
}

static json_t *
do_tools_call(struct session *s, json_t *params, bool stateless, json_t *id)
{
	const char *name = json_string_value(json_object_get(params, "name"));
	json_t *args = json_object_get(params, "arguments"), *r, *content;
	const struct mcp_tool *t;
	struct mcp_answer a;
	struct mcp_bad_args bad;
	char msg[640];

	if (name == NULL)
		return error_reply(id, INVALID_PARAMS, "tools/call needs "
		    "params.name, the tool's name", NULL);
	if ((t = mcp_tool_find(name, s->opts->read_only)) == NULL) {
		snprintf(msg, sizeof(msg), "unknown tool '%.200s'%s; "
		    "tools/list names the tools", name,
		    mcp_tool_find(name, false) ? " (this server is read-only: "
		    "started with --read-only)" : "");
		return error_reply(id, INVALID_PARAMS, msg, NULL);
	}
	if (args != NULL && !json_is_object(args) && !json_is_null(args))
		return error_reply(id, INVALID_PARAMS, "params.arguments must "
		    "be an object", NULL);
	if (!mcp_tool_call(t, json_is_object(args) ? args : NULL, &a, &bad)) {
		snprintf(msg, sizeof(msg), "%s: %s", name, bad.message);
		return error_reply(id, INVALID_PARAMS, msg, NULL);
	}
	content = json_pack("[{s:s, s:s%}]", "type", "text", "text",
	    a.text.ptr, a.text.len);
	r = json_pack("{s:o}", "content", content);
	if (a.structured)
		json_object_set(r, "structuredContent", a.structured);
	json_object_set_new(r, "isError", json_boolean(a.is_error));
	s->signal = a.signal;
	mcp_answer_free(&a);
	if (stateless)
		stateless_result(s, r);
	return result_reply(id, r);
}

/*
 * The version a request is served in: its _meta's, else the one
 * initialize chose.  NULL, with *reply set, when neither will do.
 */
static const char *
request_version(struct session *s, json_t *params, json_t *id,
    json_t **reply)
{
	json_t *meta = json_object_get(params, "_meta");
	json_t *v = json_object_get(meta, META_VERSION);
	const char *asked = json_string_value(v);
	char msg[256];

	if (v != NULL && asked == NULL) {
		*reply = error_reply(id, INVALID_PARAMS, "_meta's "
		    META_VERSION " must be a string", NULL);
		return NULL;
	}
	if (asked == NULL && s->version != NULL)
		return s->version;
	if (asked == NULL) {
		*reply = error_reply(id, INVALID_REQUEST, "the request names "
		    "no protocol version: put \"" META_VERSION "\": \""
		    STATELESS "\" in params._meta, or start with initialize",
		    json_pack("{s:o}", "supported", version_list()));
		return NULL;
	}
	/* A stateful version is the one initialize chose, or none. */
	if (strcmp(asked, STATELESS) == 0 || (s->version &&
	    strcmp(asked, s->version) == 0))
		return strcmp(asked, STATELESS) == 0 ? STATELESS : s->version;
	snprintf(msg, sizeof(msg), "protocol version '%.100s' is not "
	    "supported%s; use one of data.supported", asked,
	    known_version(asked) ? " without initialize" : "");
	*reply = error_reply(id, UNSUPPORTED_VERSION, msg,
	    json_pack("{s:o, s:s}", "supported", version_list(), "requested",
	    asked));
	return NULL;
}

static json_t *
dispatch(struct session *s, const char *method, json_t *params, json_t *id)
{
	json_t *reply = NULL;
	const char *version;
	bool stateless;
	char msg[300];

	if (params != NULL && !json_is_object(params))
		return error_reply(id, INVALID_PARAMS, "params must be an "
		    "object", NULL);
	if (strcmp(method, "initialize") == 0) {
		if (json_object_get(json_object_get(params, "_meta"),
		    META_VERSION) != NULL)
			return error_reply(id, METHOD_NOT_FOUND, "initialize "
			    "is not part of protocol version " STATELESS
			    ": send requests with the version in _meta",
			    NULL);
		return do_initialize(s, params, id);
	}
	if (strcmp(method, "ping") == 0)
		return result_reply(id, json_object());
	if (strcmp(method, "server/discover") == 0) {
		/* Asked before knowing what the server speaks: answered
		 * whatever version the request names, if any. */
		return do_discover(s, id);
	}
	if ((version = request_version(s, params, id, &reply)) == NULL)
		return reply;
	stateless = strcmp(version, STATELESS) == 0;
	if (strcmp(method, "tools/list") == 0)
		return do_tools_list(s, stateless, id);
	if (strcmp(method, "tools/call") == 0)
		return do_tools_call(s, params, stateless, id);
	snprintf(msg, sizeof(msg), "method '%.200s' is not served; prio mcp "
	    "serves tools (tools/list, tools/call)", method);
	return error_reply(id, METHOD_NOT_FOUND, msg, NULL);
}

/* The key a request id is remembered by: "n5" or "s<text>". */
static char *
id_key(json_t *id)
{
	if (json_is_integer(id))
		return prio_xasprintf("n%lld", (long long)json_integer_value(id));
	if (json_is_real(id))
		return prio_xasprintf("r%.17g", json_real_value(id));
	return prio_xasprintf("s%s", json_string_value(id));
}

/* Answers one message (NULL for none: a notification or a response). */
static json_t *
handle(struct session *s, json_t *msg)
{
	json_t *id, *method, *version;
	char *key, text[200];
	bool has_id;

	if (json_is_array(msg))
		return error_reply(NULL, INVALID_REQUEST, "a batch (an array "
		    "of messages) is not accepted: send one message per line",
		    NULL);
	if (!json_is_object(msg))
		return error_reply(NULL, INVALID_REQUEST, "a message must be "
		    "a JSON object", NULL);
	id = json_object_get(msg, "id");
	has_id = id != NULL;
	method = json_object_get(msg, "method");
	version = json_object_get(msg, "jsonrpc");
	if (has_id && !json_is_string(id) && !json_is_number(id))
		return error_reply(NULL, INVALID_REQUEST, "id must be a "
		    "string or a number", NULL);
	if (!json_is_string(version) || strcmp(json_string_value(version),
	    "2.0") != 0)
		return error_reply(id, INVALID_REQUEST, "not JSON-RPC 2.0: "
		    "\"jsonrpc\": \"2.0\" is missing", NULL);
	if (method == NULL && has_id && (json_object_get(msg, "result") ||
	    json_object_get(msg, "error")))
		return NULL;    /* a response: the server asks nothing */
	if (!json_is_string(method))
		return has_id ? error_reply(id, INVALID_REQUEST, "method must "
		    "be a string", NULL) : NULL;
	if (!has_id)
		return NULL;    /* notifications need no answer */
	key = id_key(id);
	if (json_object_get(s->seen, key) != NULL) {
		free(key);
		snprintf(text, sizeof(text), "request id %s was used by a "
		    "request before on this connection; give each request "
		    "its own id",
		    json_is_string(id) ? "(a string)" : "(a number)");
		return error_reply(id, INVALID_REQUEST, text, NULL);
	}
	if (s->recent[s->next] != NULL) {
		json_object_del(s->seen, s->recent[s->next]);
		free(s->recent[s->next]);
	}
	json_object_set_new(s->seen, key, json_true());
	s->recent[s->next] = key;
	s->next = (s->next + 1) % RECENT_IDS;
	return dispatch(s, json_string_value(method),
	    json_object_get(msg, "params"), id);
}

static json_t *
parse_error(const json_error_t *e)
{
	char msg[300];

	/* jansson names its own flag; say what is wrong instead. */
	if (strstr(e->text, "\\u0000") != NULL)
		snprintf(msg, sizeof(msg), "parse error at column %d: a "
		    "string holds \\u0000 (NUL), which no story or argument "
		    "can", e->column);
	else
		snprintf(msg, sizeof(msg), "parse error at column %d: %s",
		    e->column, e->text);
	return error_reply(NULL, PARSE_ERROR, msg, NULL);
}

static bool
blank(const char *p, size_t n)
{
	while (n > 0 && strchr(" \t\r", p[n - 1]) != NULL)
		n--;
	return n == 0;
}

int
mcp_serve(const struct mcp_opts *o, int in, int out)
{
	struct reader r = { .fd = in };
	struct session s = { .opts = o, .out = out };
	json_error_t e;
	json_t *msg, *reply;
	enum line_kind k;
	char *line;
	size_t len, i;
	int rc = EXIT_OK;

	s.seen = json_object();
	for (;;) {
		k = next_line(&r, &line, &len);
		if (k == LINE_EOF)
			break;
		if (k == LINE_ERROR) {
			cli_error("mcp: cannot read the input: %s",
			    strerror(r.err));
			rc = EXIT_FAILURE_;
			break;
		}
		if (k == LINE_PARTIAL) {
			cli_error("mcp: the input ended in the middle of a "
			    "message (no newline after it); it was not run");
			rc = EXIT_REFUSED;
			break;
		}
		if (k == LINE_TOO_LONG) {
			reply = error_reply(NULL, INVALID_REQUEST, "message "
			    "over 1 MiB (1048576 bytes): not read", NULL);
		} else if (blank(line, len)) {
			continue;
		} else if ((msg = json_loadb(line, len,
		    JSON_REJECT_DUPLICATES, &e)) == NULL) {
			reply = parse_error(&e);
		} else {
			reply = handle(&s, msg);
			json_decref(msg);
		}
		if (reply != NULL && !send_json(&s, reply)) {
			cli_error("mcp: cannot write the answer: %s",
			    strerror(errno));
			rc = EXIT_FAILURE_;
			break;
		}
		if (s.signal) {
			signal(s.signal, SIG_DFL);
			raise(s.signal);
			rc = 128 + s.signal;
			break;
		}
	}
	json_decref(s.seen);
	for (i = 0; i < RECENT_IDS; i++)
		free(s.recent[i]);
	free(r.buf);
	return rc;
}
