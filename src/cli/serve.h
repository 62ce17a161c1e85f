/*
 * serve.h — prio serve's parts: the server (cmd_serve.c), the HTTP
 * front door with its safety checks (serve_http.c), the API that runs
 * prio's own commands through cli_invoke (serve_api.c) and the state a
 * write must be based on (serve_state.c).
 *
 * One thread answers every request, one after another: cli_invoke
 * points stdout and stderr at its buffers, so two commands must never
 * run at once.
 */
#ifndef PRIO_SERVE_H
#define PRIO_SERVE_H

#include <git2.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "prio/buf.h"

/* A request body larger than this is refused (413): a rationale and a
 * few fields fit many times over. */
#define SERVE_BODY_MAX (64 * 1024)

struct serve {
	git_repository *repo;   /* for the state: HEAD and the index */
	char *backlog_dir;      /* <work tree>/backlog */
	char *index_path;       /* <git dir>/index */
	/* The digest of the index's entries under backlog/, and the index
	 * file's stat it was computed for (serve_state.c). */
	bool index_known;
	unsigned char index_stamp[64];
	size_t index_stamp_len;
	git_oid index_sum;
	/* inotify on backlog/ (serve_state.c): -1 when not watching; the
	 * folder of each watch descriptor; the changes counted. */
	int inotify_fd;
	char **watches;
	size_t nwatches, watches_cap;
	unsigned long long changes;
	char token[33];         /* every write carries it (X-Prio-Token) */
	char host[80];          /* the address served, as a Host header
	                         * names it: 127.0.0.1:8080, [::1]:8080 */
	bool any_ip;            /* --listen on 0.0.0.0 or ::: any IP
	                         * literal names us */
	bool loopback;          /* localhost:<port> names us too */
	unsigned port;
	bool read_only;
	/* Shared by the two threads: the requests begun and not yet
	 * answered, and whether a stop signal came (new requests are then
	 * refused), so that stopping waits for a write under way. */
	atomic_int in_flight;
	atomic_bool stopping;
};

/* A request as the API sees it: its query string is read through conn. */
struct serve_req {
	const char *method;
	const char *path;
	void *conn;             /* struct MHD_Connection * */
	const char *body;       /* NUL-terminated (POST), or NULL */
	size_t body_len;
};

/* An answer: status, a Content-Type and the body (owned). */
struct serve_reply {
	unsigned status;
	const char *type;
	struct prio_buf body;
};

/*
 * The state the page's data is based on, as 40 hex digits in out (41
 * bytes): HEAD's commit, the index's entries under backlog/, and the
 * changes inotify saw under backlog/ (or where it cannot watch, the
 * stat of every file there).  Whatever changes the backlog, a commit, a
 * checkout, an edit or a pull, changes it; a write based on another
 * state is refused (serve_state.c).
 */
void serve_state(struct serve *s, char *out);
/* Starts watching backlog/ (when inotify can), and stops. */
void serve_watch_start(struct serve *s);
void serve_watch_free(struct serve *s);

/* Answers one request (serve_api.c): the safety checks are done. */
void serve_api(struct serve *s, const struct serve_req *req,
    struct serve_reply *r);

/* Starts answering HTTP on the listening socket fd; returns the daemon
 * (struct MHD_Daemon *) or NULL (serve_http.c). */
void *serve_http_start(struct serve *s, int fd);
/* Opens libmicrohttpd (serve_mhd.c: loaded, not linked, to keep it off
 * every other command's start); false with why (len bytes) when it
 * cannot be. */
bool serve_mhd_load(char *why, size_t len);
/* Stops: no new connection or request, the requests under way answered
 * (until another of the signals in stop comes), then the daemon and its
 * socket closed. */
void serve_http_stop(struct serve *s, void *daemon, const sigset_t *stop);

/* A refusal: {"version": 1, "kind": "prio.serve.error", "error":
 * message, "exit": exit_code (left out when negative)} with status. */
void serve_refusal(struct serve_reply *r, unsigned status, const char *message,
    int exit_code);
/* The same with a formatted message and no exit code. */
void serve_error(struct serve_reply *r, unsigned status, const char *fmt,
    ...) __attribute__((format(printf, 3, 4)));

#endif
