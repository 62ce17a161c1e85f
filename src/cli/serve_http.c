/*
 * serve_http — prio serve's front door, on GNU libmicrohttpd: one
 * internal thread answers every request in turn (cli_invoke is not
 * reentrant), and before anything is run each request passes the
 * checks a server on a developer's machine needs:
 *
 *   - its Host names the address served (a page elsewhere that points
 *     its own name at 127.0.0.1, DNS rebinding, is refused: 421);
 *   - a write (POST) comes from the page itself: its Origin is
 *     http://<that Host>, and it carries the session's token, which only
 *     the page served by this process knows (403);
 *   - --read-only refuses every write (403);
 *   - a body over SERVE_BODY_MAX is refused (413) before it is read.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <microhttpd.h>

#include "prio/json.h"

#include "serve.h"

/* What a request gathers across the handler's calls. */
struct pending {
	struct prio_buf body;
	bool refused;           /* answered already, its body is dropped */
	bool counted;           /* in s->in_flight */
};

void
serve_refusal(struct serve_reply *r, unsigned status, const char *message,
    int exit_code)
{
	r->status = status;
	r->type = "application/json";
	prio_buf_clear(&r->body);
	prio_buf_adds(&r->body, "{\"version\": 1, \"kind\": "
	    "\"prio.serve.error\", \"error\": ");
	prio_json_quote(&r->body, message);
	if (exit_code >= 0)
		prio_buf_addf(&r->body, ", \"exit\": %d", exit_code);
	prio_buf_adds(&r->body, "}\n");
}

void
serve_error(struct serve_reply *r, unsigned status, const char *fmt, ...)
{
	struct prio_buf msg = PRIO_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	prio_buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	serve_refusal(r, status, msg.ptr, -1);
	prio_buf_free(&msg);
}

static enum MHD_Result
send_reply(struct MHD_Connection *conn, struct serve_reply *r)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;
	size_t len;
	char *data = prio_buf_detach(&r->body, &len);

	resp = MHD_create_response_from_buffer(len, data,
	    MHD_RESPMEM_MUST_FREE);
	if (resp == NULL) {
		free(data);
		return MHD_NO;
	}
	MHD_add_response_header(resp, "Content-Type", r->type);
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	/* The page loads nothing but its own files; stories are rendered by
	 * cmark without raw HTML, and no inline script could run anyway. */
	MHD_add_response_header(resp, "Content-Security-Policy",
	    "default-src 'none'; script-src 'self'; style-src 'self'; "
	    "img-src 'self' data:; connect-src 'self'; base-uri 'none'; "
	    "form-action 'none'; frame-ancestors 'none'");
	ret = MHD_queue_response(conn, r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* Whether host ("name:port") names this server. */
static bool
host_ok(const struct serve *s, const char *host)
{
	char name[64], port[8];
	const char *colon;
	unsigned char addr[16];
	size_t n;

	if (host == NULL)
		return false;
	if (strcasecmp(host, s->host) == 0)
		return true;
	if ((colon = strrchr(host, ':')) == NULL ||
	    (size_t)(colon - host) >= sizeof(name) || strlen(colon + 1) >=
	    sizeof(port))
		return false;
	n = (size_t)(colon - host);
	memcpy(name, host, n);
	name[n] = '\0';
	snprintf(port, sizeof(port), "%u", s->port);
	if (strcmp(colon + 1, port) != 0)
		return false;
	if (s->loopback && strcasecmp(name, "localhost") == 0)
		return true;
	/* On 0.0.0.0 any address of the machine may name it, but only as
	 * an address: a name could be anyone's. */
	if (!s->any_ip)
		return false;
	if (inet_pton(AF_INET, name, addr) == 1)
		return true;
	if (n > 2 && name[0] == '[' && name[n - 1] == ']') {
		name[n - 1] = '\0';
		return inet_pton(AF_INET6, name + 1, addr) == 1;
	}
	return false;
}

/* Whether a write may go on; if not, the refusal is in r. */
static bool
write_ok(const struct serve *s, struct MHD_Connection *conn, const char *host,
    struct serve_reply *r)
{
	const char *origin = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
	    "Origin");
	const char *token = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
	    "X-Prio-Token");
	struct prio_buf own = PRIO_BUF_INIT;
	bool ok;

	if (s->read_only) {
		serve_error(r, MHD_HTTP_FORBIDDEN, "prio: this page is "
		    "read-only (prio serve --read-only); nothing was changed");
		return false;
	}
	prio_buf_addf(&own, "http://%s", host);
	ok = origin != NULL && strcasecmp(origin, own.ptr) == 0;
	prio_buf_free(&own);
	if (!ok) {
		serve_error(r, MHD_HTTP_FORBIDDEN, "prio: a write must come "
		    "from the page itself (Origin %s is not it); nothing "
		    "was changed", origin ? origin : "missing");
		return false;
	}
	if (token == NULL || strlen(token) != strlen(s->token) ||
	    strcmp(token, s->token) != 0) {
		serve_error(r, MHD_HTTP_FORBIDDEN, "prio: the session token "
		    "is %s; reload the page; nothing was changed",
		    token ? "wrong (prio serve was restarted?)" : "missing");
		return false;
	}
	return true;
}

/* The checks made as soon as the headers are in; false: refused in r. */
static bool
admit(const struct serve *s, struct MHD_Connection *conn, const char *method,
    struct serve_reply *r)
{
	const char *host = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
	    "Host");
	const char *length = MHD_lookup_connection_value(conn,
	    MHD_HEADER_KIND, "Content-Length");

	if (!host_ok(s, host)) {
		serve_error(r, MHD_HTTP_MISDIRECTED_REQUEST, "prio: this "
		    "server answers only as http://%s/ (Host %s is not it)",
		    s->host, host ? host : "missing");
		return false;
	}
	if (strcmp(method, "POST") == 0 && !write_ok(s, conn, host, r))
		return false;
	if (length && strtoull(length, NULL, 10) > SERVE_BODY_MAX) {
		serve_error(r, MHD_HTTP_CONTENT_TOO_LARGE, "prio: the request "
		    "is larger than %d bytes", SERVE_BODY_MAX);
		return false;
	}
	return true;
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls)
{
	struct serve *s = cls;
	struct pending *p = *con_cls;
	struct serve_reply r = { .status = 200, .type = "application/json",
	    .body = PRIO_BUF_INIT };
	struct serve_req req = { .method = method, .path = url, .conn = conn };
	enum MHD_Result ret;

	if (p == NULL) {
		p = prio_xcalloc(1, sizeof(*p));
		prio_buf_init(&p->body);
		*con_cls = p;
		p->counted = true;
		atomic_fetch_add(&s->in_flight, 1);
		if (atomic_load(&s->stopping)) {
			p->refused = true;
			serve_error(&r, MHD_HTTP_SERVICE_UNAVAILABLE, "prio: prio "
			    "serve is stopping; nothing was changed");
			return send_reply(conn, &r);
		}
		if (!admit(s, conn, method, &r)) {
			p->refused = true;
			return send_reply(conn, &r);
		}
		return MHD_YES;
	}
	if (p->refused) {
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		if (p->body.len + *upload_data_size > SERVE_BODY_MAX) {
			p->refused = true;
			*upload_data_size = 0;
			serve_error(&r, MHD_HTTP_CONTENT_TOO_LARGE, "prio: the "
			    "request is larger than %d bytes", SERVE_BODY_MAX);
			return send_reply(conn, &r);
		}
		prio_buf_add(&p->body, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return MHD_YES;
	}
	req.body = p->body.ptr;
	req.body_len = p->body.len;
	serve_api(s, &req, &r);
	ret = send_reply(conn, &r);
	prio_buf_free(&r.body);
	return ret;
}

static void
completed(void *cls, struct MHD_Connection *conn, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct serve *s = cls;
	struct pending *p = *con_cls;

	if (p == NULL)
		return;
	if (p->counted)
		atomic_fetch_sub(&s->in_flight, 1);
	prio_buf_free(&p->body);
	free(p);
	*con_cls = NULL;
}

void *
serve_http_start(struct serve *s, int fd)
{
	/* One internal thread polls and answers: requests never overlap.
	 * Connections are few and short; a stuck one is dropped after 30
	 * seconds, and headers over 32 KiB are refused by the library. */
	return MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL |
	    MHD_USE_ITC, 0, NULL, NULL, handle, s,
	    MHD_OPTION_LISTEN_SOCKET, fd,
	    MHD_OPTION_NOTIFY_COMPLETED, completed, s,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)64,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(32 * 1024),
	    MHD_OPTION_END);
}

void
serve_http_stop(struct serve *s, void *daemon, const sigset_t *stop)
{
	struct timespec tick = { 0, 20 * 1000 * 1000 };
	MHD_socket fd;

	atomic_store(&s->stopping, true);
	fd = MHD_quiesce_daemon(daemon);
	while (atomic_load(&s->in_flight) > 0 &&
	    sigtimedwait(stop, NULL, &tick) < 0)
		continue;
	MHD_stop_daemon(daemon);
	if (fd != MHD_INVALID_SOCKET)
		close(fd);
}
