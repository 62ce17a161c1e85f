/*
 * mcp.h — prio mcp, the backlog as a Model Context Protocol server on
 * stdio: the protocol (mcp_server.c) and the tools (mcp_tools.c), each
 * tool one run of a prio command through cli_invoke().
 */
#ifndef PRIO_MCP_H
#define PRIO_MCP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "prio/buf.h"

/* The longest message read, in bytes, its newline left out. */
#define MCP_MAX_MESSAGE   (1024 * 1024)
/* Pages: the items a paged tool gives when asked for none, and at most. */
#define MCP_PAGE_DEFAULT  50
#define MCP_PAGE_MAX      500
/* The largest answer a tool gives, in bytes of JSON (structuredContent
 * and text); PRIO_MCP_MAX_ANSWER=<bytes> sets it (tests). */
#define MCP_MAX_ANSWER    (4 * 1024 * 1024)

/* What a tool answers with: a command's output, or a refusal. */
struct mcp_answer {
	json_t *structured;     /* structuredContent, or NULL */
	struct prio_buf text;   /* the text for the model */
	bool is_error;          /* a tool error (isError): text says why */
	int signal;             /* a signal that ended the command, or 0 */
};

/* An argument that is not what the input schema says: -32602. */
struct mcp_bad_args {
	char message[512];
};

struct mcp_tool;

/* The tools, in the order tools/list gives them (NULL-terminated). */
extern const struct mcp_tool *const mcp_tools[];

/* Whether tools/list offers t: a write not when read_only, and a tool
 * only when this prio has its command. */
bool mcp_tool_offered(const struct mcp_tool *t, bool read_only);
/* The tool's entry for tools/list (a new reference). */
json_t *mcp_tool_describe(const struct mcp_tool *t);
/* The tool named name, or NULL; writes are no tools when read_only. */
const struct mcp_tool *mcp_tool_find(const char *name, bool read_only);

/*
 * Calls t with args (an object, or NULL for none).  Arguments that do
 * not fit its input schema return false with bad->message set (the
 * caller answers -32602); otherwise true with *a filled in (free with
 * mcp_answer_free).
 */
bool mcp_tool_call(const struct mcp_tool *t, json_t *args,
    struct mcp_answer *a, struct mcp_bad_args *bad);
void mcp_answer_free(struct mcp_answer *a);

/*
 * Checks value against the small JSON Schema subset the tools' input
 * schemas use (type, properties, required, additionalProperties, items,
 * minimum, maximum, minLength); false with the first problem in bad,
 * path naming where (mcp_schema.c).
 */
bool mcp_schema_check(json_t *schema, json_t *value, const char *path,
    struct mcp_bad_args *bad);

struct mcp_opts {
	bool read_only;
	const char *version;    /* prio's, for serverInfo */
};

/*
 * Serves JSON-RPC lines read from fd in, answering on fd out, until in
 * ends.  Returns the exit code: 0 when in ended between messages, 1
 * when it ended in the middle of one (said on stderr), 3 when out
 * could not be written.
 */
int mcp_serve(const struct mcp_opts *o, int in, int out);

#endif
