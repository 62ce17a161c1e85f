/*
 * serve_api — what prio serve answers.  Every read and write is prio's
 * own command run through cli_invoke, so the page shows exactly what
 * `prio list --json` says and a drag makes exactly the commit `prio
 * move` makes, rules, hooks, signing and messages included.  A query
 * parameter only ever becomes one argument of such a command (never a
 * path, never a shell word), and one that starts with '-' is refused,
 * so it cannot be taken for an option.
 *
 * Reads:  GET /api/state  /api/meta  /api/list  /api/show?id=
 *         /api/log?id=  /api/check  /api/diff?base=
 * Writes: POST /api/move  /api/set  /api/accept  /api/reject  /api/tick,
 *         a JSON object with "state" (what the page showed: a write
 *         based on another state is refused with 409, "changed
 *         meanwhile") and the command's arguments by their CLI names.
 * Each answer is JSON; a refusal is {"error": prio's message, "exit":
 * its exit code}.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmark.h>
#include <jansson.h>
#include <microhttpd.h>

#include "prio/json.h"

#include "cli.h"
#include "serve.h"

extern const char prio_serve_index_html[], prio_serve_app_css[],
    prio_serve_app_js[];
extern const size_t prio_serve_index_html_len, prio_serve_app_css_len,
    prio_serve_app_js_len;

#define ARGS_MAX 64

/* A command line being built; its strings are owned. */
struct argv {
	char *v[ARGS_MAX + 1];
	int n;
};

static void
arg(struct argv *a, const char *s)
{
	if (a->n < ARGS_MAX)
		a->v[a->n++] = prio_xstrdup(s);
	a->v[a->n] = NULL;
}

static void
argv_free(struct argv *a)
{
	while (a->n > 0)
		free(a->v[--a->n]);
}

/* A value from the page that becomes one argument: text, not too long,
 * no control characters, not an option. */
static bool
value_ok(const char *s)
{
	const unsigned char *p;

	if (s == NULL || *s == '\0' || *s == '-' || strlen(s) > 1024)
		return false;
	for (p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return false;
	return true;
}

static const char *
query(const struct serve_req *req, const char *key)
{
	return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND,
	    key);
}

/* Trailing newlines off prio's message. */
static void
chomp(struct prio_buf *b)
{
	while (b->len > 0 && (b->ptr[b->len - 1] == '\n' ||
	    b->ptr[b->len - 1] == '\r'))
		prio_buf_truncate(b, b->len - 1);
}

/* The HTTP status for a command's exit code (SPEC §4). */
static unsigned
status_of(int rc)
{
	switch (rc) {
	case EXIT_OK:
		return MHD_HTTP_OK;
	case EXIT_REFUSED:
		return MHD_HTTP_UNPROCESSABLE_CONTENT;
	case EXIT_USAGE:
		return MHD_HTTP_BAD_REQUEST;
	default:
		return MHD_HTTP_INTERNAL_SERVER_ERROR;
	}
}

static void
command_error(struct serve_reply *r, int rc, struct prio_buf *err)
{
	chomp(err);
	serve_refusal(r, status_of(rc), err->len ? err->ptr :
	    "prio: the command failed and said nothing", rc);
}

/*
 * Runs a, and on success answers {"state": ..., key: <its JSON output>}
 * (ok_exit: an exit code that is not a failure, as check's 1).  The
 * state is taken before the command runs: were the backlog to change
 * while it reads, the page's next poll sees a new state and reloads.
 */
static void
answer_json(struct serve *s, struct argv *a, const char *key, int ok_exit,
    struct serve_reply *r)
{
	struct prio_buf out = PRIO_BUF_INIT, err = PRIO_BUF_INIT;
	char state[GIT_OID_HEXSZ + 1];
	int rc;

	serve_state(s, state);
	rc = cli_invoke(a->n, a->v, &out, &err);
	if (rc != EXIT_OK && rc != ok_exit)
		command_error(r, rc, &err);
	else {
		chomp(&out);
		prio_buf_addf(&r->body, "{\"version\": 1, \"kind\": "
		    "\"prio.serve.%s\", \"state\": \"%s\", \"exit\": %d, "
		    "\"%s\": %s}\n", key, state, rc, key, out.len ? out.ptr :
		    "null");
	}
	prio_buf_free(&out);
	prio_buf_free(&err);
}

static void
api_state(struct serve *s, const struct serve_req *req, struct serve_reply *r)
{
	char state[GIT_OID_HEXSZ + 1];

	serve_state(s, state);
	prio_buf_addf(&r->body, "{\"version\": 1, \"kind\": "
	    "\"prio.serve.state\", \"state\": \"%s\"}\n", state);
}

/* The config's facts the page needs: the statuses (the board's
 * columns), the roles accept and reject act on, whether a rationale is
 * required, and whether writes are served. */
static void
api_meta(struct serve *s, const struct serve_req *req, struct serve_reply *r)
{
	struct cli c = { .cmd = &cmd_serve, .out = stdout };
	const struct prio_config *cfg;
	struct prio_json j;
	size_t i;
	int rc;

	if ((rc = cli_open_repository(&c)) == EXIT_OK)
		rc = cli_load_backlog(&c, NULL, false);
	if (rc != EXIT_OK) {
		serve_error(r, status_of(rc), "prio: cannot read the backlog's "
		    "config; the terminal running prio serve says why");
		goto out;
	}
	cfg = c.backlog->config;
	prio_json_init(&j, &r->body);
	prio_json_object_begin(&j);
	prio_json_key(&j, "version");
	prio_json_int(&j, 1);
	prio_json_key(&j, "kind");
	prio_json_string(&j, "prio.serve.meta");
	prio_json_key(&j, "read_only");
	prio_json_bool(&j, s->read_only);
	prio_json_key(&j, "rationale_required");
	prio_json_bool(&j, cfg->rationale_required);
	prio_json_key(&j, "statuses");
	prio_json_array_begin(&j);
	for (i = 0; i < cfg->nstatuses; i++) {
		prio_json_object_begin(&j);
		prio_json_key(&j, "name");
		prio_json_string(&j, cfg->statuses[i]);
		prio_json_key(&j, "terminal");
		prio_json_bool(&j, cfg->terminal[i]);
		prio_json_object_end(&j);
	}
	prio_json_array_end(&j);
	prio_json_key(&j, "roles");
	prio_json_object_begin(&j);
	for (i = 0; i < PRIO_ROLE_COUNT; i++) {
		prio_json_key(&j, prio_role_name(i));
		if (prio_config_role(cfg, i))
			prio_json_string(&j, prio_config_role(cfg, i));
		else
			prio_json_null(&j);
	}
	prio_json_object_end(&j);
	prio_json_object_end(&j);
	prio_buf_addch(&r->body, '\n');
out:
	prio_backlog_free(c.backlog);
	prio_source_free(c.source);
	prio_diags_free(&c.diags);
	git_repository_free(c.repo);
}

/* The filters of prio list, from the query: status (repeatable), label,
 * owner, all. */
struct filters {
	struct argv *a;
	bool bad;
};

static enum MHD_Result
add_filter(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *value)
{
	struct filters *f = cls;

	if (strcmp(key, "status") != 0 && strcmp(key, "label") != 0 &&
	    strcmp(key, "owner") != 0)
		return MHD_YES;
	if (value == NULL || *value == '\0')
		return MHD_YES;
	if (!value_ok(value)) {
		f->bad = true;
		return MHD_NO;
	}
	if (strcmp(key, "status") == 0)
		arg(f->a, "--status");
	else if (strcmp(key, "label") == 0)
		arg(f->a, "--label");
	else
		arg(f->a, "--owner");
	arg(f->a, value);
	return MHD_YES;
}

static void
api_list(struct serve *s, const struct serve_req *req, struct serve_reply *r)
{
	struct argv a = { .n = 0 };
	struct filters f = { .a = &a };
	const char *all = query(req, "all");

	arg(&a, "list");
	arg(&a, "--json");
	if (all && strcmp(all, "1") == 0)
		arg(&a, "--all");
	MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, add_filter,
	    &f);
	if (f.bad)
		serve_error(r, MHD_HTTP_BAD_REQUEST, "prio: a filter must be "
		    "a word, not empty and not starting with '-'");
	else
		answer_json(s, &a, "list", EXIT_OK, r);
	argv_free(&a);
}

/* id when it names a story, or NULL after refusing it in r (where: how
 * the request gives it). */
static const char *
story_id(const char *id, const char *where, struct serve_reply *r)
{
	if (value_ok(id))
		return id;
	serve_error(r, MHD_HTTP_BAD_REQUEST, "prio: name the story: %s (not "
	    "empty, not starting with '-')", where);
	return NULL;
}

static const char *
query_id(const struct serve_req *req, struct serve_reply *r)
{
	return story_id(query(req, "id"), "?id=<id>", r);
}

/* prio show <id> --json, with the story's Markdown rendered by cmark:
 * its safe default leaves out raw HTML and javascript: and other
 * unsafe links. */
static void
api_show(struct serve *s, const struct serve_req *req, struct serve_reply *r)
{
	struct argv a = { .n = 0 };
	const char *id = query_id(req, r), *body = NULL;
	json_t *doc;
	char *html;

	if (id == NULL)
		return;
	arg(&a, "show");
	arg(&a, id);
	arg(&a, "--json");
	answer_json(s, &a, "show", EXIT_OK, r);
	argv_free(&a);
	if (r->status != MHD_HTTP_OK)
		return;
	if ((doc = json_loadb(r->body.ptr, r->body.len, 0, NULL)) == NULL)
		return;
	body = json_string_value(json_object_get(json_object_get(
	    json_object_get(doc, "show"), "story"), "body"));
	html = cmark_markdown_to_html(body ? body : "", body ? strlen(body) :
	    0, CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8);
	json_decref(doc);
	chomp(&r->body);
	prio_buf_truncate(&r->body, r->body.len - 1);   /* the last '}' */
	prio_buf_adds(&r->body, ", \"html\": ");
	prio_json_quote(&r->body, html);
	prio_buf_adds(&r->body, "}\n");
	free(html);
}

static void
api_log(struct serve *s, const struct serve_req *req, struct serve_reply *r)
{
	struct argv a = { .n = 0 };
	const char *id = query(req, "id");

	arg(&a, "log");
	if (id && *id) {
		if ((id = query_id(req, r)) == NULL)
			return;
		arg(&a, id);
	}
	arg(&a, "--json");
	answer_json(s, &a, "log", EXIT_OK, r);
	argv_free(&a);
}

/* prio check --json: its exit 1 (errors found) is an answer too. */
static void
api_check(struct serve *s, const struct serve_req *req, struct serve_reply *r)
{
	struct argv a = { .n = 0 };

	arg(&a, "check");
	arg(&a, "--json");
	answer_json(s, &a, "check", EXIT_REFUSED, r);
	argv_free(&a);
}

/* prio diff <base>...HEAD --json: what HEAD's branch changes since it
 * left base, as a pull request shows it. */
static void
api_diff(struct serve *s, const struct serve_req *req, struct serve_reply *r)
{
	struct argv a = { .n = 0 };
	const char *base = query(req, "base");
	char *range;

	if (!value_ok(base)) {
		serve_error(r, MHD_HTTP_BAD_REQUEST, "prio: name the base to "
		    "compare with: ?base=<branch, tag or commit>");
		return;
	}
	range = prio_xasprintf("%s...HEAD", base);
	arg(&a, "diff");
	arg(&a, range);
	arg(&a, "--json");
	answer_json(s, &a, "diff", EXIT_OK, r);
	argv_free(&a);
	free(range);
}

/* --- Writes -------------------------------------------------------------- */

/* A string member of the request, or NULL. */
static const char *
member(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/*
 * Runs a write: answers {"ok": true, "commit": HEAD after it, "output":
 * what it printed, "state": the new state}, or prio's refusal.
 */
static void
run_write(struct serve *s, struct argv *a, struct serve_reply *r)
{
	struct prio_buf out = PRIO_BUF_INIT, err = PRIO_BUF_INIT;
	char state[GIT_OID_HEXSZ + 1];
	git_oid head;
	int rc;

	rc = cli_invoke(a->n, a->v, &out, &err);
	if (rc != EXIT_OK) {
		command_error(r, rc, &err);
		goto out;
	}
	serve_state(s, state);
	prio_buf_adds(&out, err.ptr);
	chomp(&out);
	prio_buf_adds(&r->body, "{\"version\": 1, \"kind\": "
	    "\"prio.serve.write\", \"ok\": true, \"commit\": ");
	if (git_reference_name_to_id(&head, s->repo, "HEAD") == 0)
		prio_json_quote(&r->body, git_oid_tostr_s(&head));
	else
		prio_buf_adds(&r->body, "null");
	prio_buf_adds(&r->body, ", \"output\": ");
	prio_json_quote(&r->body, out.ptr);
	prio_buf_addf(&r->body, ", \"state\": \"%s\"}\n", state);
out:
	prio_buf_free(&out);
	prio_buf_free(&err);
}

/* Adds -m <text> (the rationale; "" rather than nothing, so that no
 * editor ever opens: prio then says whether one is required). */
static void
arg_message(struct argv *a, json_t *o, const char *key)
{
	const char *why = member(o, key);

	arg(a, "-m");
	arg(a, why ? why : "");
}

static const char *
body_id(json_t *o, struct serve_reply *r)
{
	return story_id(member(o, "id"), "\"id\"", r);
}

static bool
write_move(json_t *o, struct argv *a, struct serve_reply *r)
{
	static const char *const places[] = { "top", "bottom", "before",
	    "after", "to" };
	const char *id = body_id(o, r), *where = NULL;
	json_t *v = NULL;
	size_t i;
	char n[32];

	if (id == NULL)
		return false;
	for (i = 0; i < sizeof(places) / sizeof(places[0]); i++) {
		if (json_object_get(o, places[i]) == NULL)
			continue;
		if (where) {
			where = NULL;
			break;
		}
		where = places[i];
		v = json_object_get(o, places[i]);
	}
	if (where == NULL) {
		serve_error(r, MHD_HTTP_BAD_REQUEST, "prio: say where to move "
		    "it: one of \"top\", \"bottom\", \"before\", \"after\" "
		    "or \"to\"");
		return false;
	}
	arg(a, "move");
	arg(a, id);
	if (strcmp(where, "top") == 0 || strcmp(where, "bottom") == 0) {
		if (!json_is_true(v)) {
			serve_error(r, MHD_HTTP_BAD_REQUEST, "prio: \"%s\" "
			    "must be true", where);
			return false;
		}
		arg(a, strcmp(where, "top") == 0 ? "--top" : "--bottom");
	} else if (strcmp(where, "to") == 0) {
		if (!json_is_integer(v) || json_integer_value(v) < 1) {
			serve_error(r, MHD_HTTP_BAD_REQUEST,
			    "prio: \"to\" must be a position: a whole number "
			    "from 1");
			return false;
		}
		snprintf(n, sizeof(n), "%lld",
		    (long long)json_integer_value(v));
		arg(a, "--to");
		arg(a, n);
	} else {
		if (!value_ok(json_string_value(v))) {
			serve_error(r, MHD_HTTP_BAD_REQUEST,
			    "prio: \"%s\" must name a story", where);
			return false;
		}
		arg(a, strcmp(where, "before") == 0 ? "--before" : "--after");
		arg(a, json_string_value(v));
	}
	arg_message(a, o, "rationale");
	return true;
}

/* One field=value argument of prio set; lists are joined with ','. */
static bool
field_arg(struct argv *a, const char *key, json_t *v)
{
	struct prio_buf b = PRIO_BUF_INIT;
	size_t i;
	json_t *item;
	bool ok = true;

	prio_buf_addf(&b, "%s=", key);
	if (json_is_string(v))
		prio_buf_adds(&b, json_string_value(v));
	else if (json_is_integer(v))
		prio_buf_addf(&b, "%lld", (long long)json_integer_value(v));
	else if (json_is_real(v))
		prio_format_number(&b, json_real_value(v));
	else if (json_is_array(v)) {
		json_array_foreach(v, i, item) {
			if (!json_is_string(item))
				ok = false;
			else
				prio_buf_addf(&b, "%s%s", i ? "," : "",
				    json_string_value(item));
		}
	} else if (!json_is_null(v))
		ok = false;
	if (ok)
		arg(a, b.ptr);
	prio_buf_free(&b);
	return ok;
}

static bool
write_set(json_t *o, struct argv *a, struct serve_reply *r)
{
	const char *id = body_id(o, r), *key;
	json_t *fields = json_object_get(o, "fields"), *v;

	if (id == NULL)
		return false;
	if (!json_is_object(fields) || json_object_size(fields) == 0 ||
	    json_object_size(fields) > ARGS_MAX - 8) {
		serve_error(r, MHD_HTTP_BAD_REQUEST, "prio: give the fields to "
		    "change: \"fields\": {\"owner\": \"ada\"}");
		return false;
	}
	arg(a, "set");
	arg(a, id);
	json_object_foreach(fields, key, v) {
		if (!value_ok(key) || strchr(key, '=') ||
		    !field_arg(a, key, v)) {
			serve_error(r, MHD_HTTP_BAD_REQUEST, "prio: field '%s' "
			    "needs a name without '=' and a text, number or "
			    "list of texts", key);
			return false;
		}
	}
	arg_message(a, o, "rationale");
	return true;
}

static bool
write_accept(json_t *o, struct argv *a, struct serve_reply *r)
{
	const char *id = body_id(o, r), *note = member(o, "note");

	if (id == NULL)
		return false;
	arg(a, "accept");
	arg(a, id);
	if (note && *note) {
		arg(a, "-m");
		arg(a, note);
	}
	return true;
}

static bool
write_reject(json_t *o, struct argv *a, struct serve_reply *r)
{
	const char *id = body_id(o, r);

	if (id == NULL)
		return false;
	arg(a, "reject");
	arg(a, id);
	arg_message(a, o, "rationale");
	return true;
}

/* prio tick <id> <criterion> [--open]: criterion is a number or the
 * item's text, met defaults to true. */
static bool
write_tick(json_t *o, struct argv *a, struct serve_reply *r)
{
	const char *id = body_id(o, r);
	json_t *c = json_object_get(o, "criterion"), *met = json_object_get(o,
	    "met");
	char n[32];

	if (id == NULL)
		return false;
	if (json_is_integer(c) && json_integer_value(c) >= 1)
		snprintf(n, sizeof(n), "%lld",
		    (long long)json_integer_value(c));
	else if (value_ok(json_string_value(c)))
		snprintf(n, sizeof(n), "%s", "");
	else {
		serve_error(r, MHD_HTTP_BAD_REQUEST,
		    "prio: name the criterion: \"criterion\" (its number "
		    "from 1, or its text)");
		return false;
	}
	if (met != NULL && !json_is_boolean(met)) {
		serve_error(r, MHD_HTTP_BAD_REQUEST, "prio: \"met\" must be "
		    "true or false");
		return false;
	}
	arg(a, "tick");
	arg(a, id);
	arg(a, *n ? n : json_string_value(c));
	if (met != NULL && json_is_false(met))
		arg(a, "--open");
	arg_message(a, o, "rationale");
	return true;
}

static const struct write {
	const char *path;
	bool (*build)(json_t *, struct argv *, struct serve_reply *);
} writes[] = {
	{ "/api/move", write_move },
	{ "/api/set", write_set },
	{ "/api/accept", write_accept },
	{ "/api/reject", write_reject },
	{ "/api/tick", write_tick },
};

static void
api_write(struct serve *s, const struct write *w, const struct serve_req *req,
    struct serve_reply *r)
{
	struct argv a = { .n = 0 };
	char state[GIT_OID_HEXSZ + 1];
	const char *based;
	json_error_t jerr;
	json_t *o;

	o = json_loadb(req->body ? req->body : "", req->body_len, 0, &jerr);
	if (!json_is_object(o)) {
		serve_error(r, MHD_HTTP_BAD_REQUEST, "prio: the request is not "
		    "a JSON object (%s); nothing was changed", o ? "another "
		    "JSON value" : jerr.text);
		goto out;
	}
	serve_state(s, state);
	if ((based = member(o, "state")) == NULL) {
		serve_error(r, MHD_HTTP_BAD_REQUEST, "prio: say which state "
		    "the change is based on: \"state\" from /api/state");
		goto out;
	}
	if (strcmp(based, state) != 0) {
		serve_error(r, MHD_HTTP_CONFLICT, "prio: the backlog changed "
		    "meanwhile (a commit, an edit or another tab); nothing "
		    "was changed: look at it again and decide");
		goto out;
	}
	if (w->build(o, &a, r))
		run_write(s, &a, r);
out:
	argv_free(&a);
	json_decref(o);
}

/* --- Routes -------------------------------------------------------------- */

static void
asset(struct serve *s, const char *path, struct serve_reply *r)
{
	const char *at;

	if (strcmp(path, "/app.css") == 0) {
		r->type = "text/css; charset=utf-8";
		prio_buf_add(&r->body, prio_serve_app_css,
		    prio_serve_app_css_len);
	} else if (strcmp(path, "/app.js") == 0) {
		r->type = "text/javascript; charset=utf-8";
		prio_buf_add(&r->body, prio_serve_app_js,
		    prio_serve_app_js_len);
	} else if (strcmp(path, "/") == 0 || strcmp(path, "/index.html") == 0) {
		r->type = "text/html; charset=utf-8";
		prio_buf_add(&r->body, prio_serve_index_html,
		    prio_serve_index_html_len);
		/* The session token, for the page's writes only. */
		if ((at = strstr(r->body.ptr, "@TOKEN@")) != NULL) {
			struct prio_buf page = PRIO_BUF_INIT;

			prio_buf_add(&page, r->body.ptr, at - r->body.ptr);
			prio_buf_adds(&page, s->read_only ? "" : s->token);
			prio_buf_adds(&page, at + strlen("@TOKEN@"));
			prio_buf_free(&r->body);
			r->body = page;
		}
	} else
		serve_error(r, MHD_HTTP_NOT_FOUND, "prio: no such page: %s",
		    path);
}

static const struct read {
	const char *path;
	void (*run)(struct serve *, const struct serve_req *,
	    struct serve_reply *);
} reads[] = {
	{ "/api/state", api_state },
	{ "/api/meta", api_meta },
	{ "/api/list", api_list },
	{ "/api/show", api_show },
	{ "/api/log", api_log },
	{ "/api/check", api_check },
	{ "/api/diff", api_diff },
};

void
serve_api(struct serve *s, const struct serve_req *req, struct serve_reply *r)
{
	bool get = strcmp(req->method, "GET") == 0 ||
	    strcmp(req->method, "HEAD") == 0;
	bool post = strcmp(req->method, "POST") == 0;
	size_t i;

	for (i = 0; i < sizeof(reads) / sizeof(reads[0]); i++) {
		if (strcmp(req->path, reads[i].path) != 0)
			continue;
		if (get)
			reads[i].run(s, req, r);
		else
			serve_error(r, MHD_HTTP_METHOD_NOT_ALLOWED, "prio: %s "
			    "is read with GET", req->path);
		return;
	}
	for (i = 0; i < sizeof(writes) / sizeof(writes[0]); i++) {
		if (strcmp(req->path, writes[i].path) != 0)
			continue;
		if (post)
			api_write(s, &writes[i], req, r);
		else
			serve_error(r, MHD_HTTP_METHOD_NOT_ALLOWED, "prio: %s "
			    "is a write: POST a JSON object", req->path);
		return;
	}
	if (get)
		asset(s, req->path, r);
	else
		serve_error(r, MHD_HTTP_NOT_FOUND, "prio: no such page: %s",
		    req->path);
}
