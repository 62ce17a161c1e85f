/*
 * prio serve — the backlog as a page for product owners, on 127.0.0.1
 * until Ctrl-C.  This file opens the listening socket (so that a port in
 * use is said in prio's words, with a free one to try), makes the
 * session's token, and waits for the signal that stops it; serve_http.c
 * answers the requests on one thread of libmicrohttpd, serve_api.c runs
 * prio's own commands for them.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/random.h>
#include <sys/socket.h>

#include "cli.h"
#include "serve.h"

extern char **environ;

enum {
	SERVE_OPT_PORT = 0x200,
	SERVE_OPT_OPEN,
	SERVE_OPT_READ_ONLY,
	SERVE_OPT_LISTEN
};

struct serve_opts {
	const char *listen;     /* NULL: 127.0.0.1 */
	long port;              /* 0: a free one */
	bool open;
	bool read_only;
};

/* The address to listen on, parsed. */
struct addr {
	struct sockaddr_storage ss;
	socklen_t len;
	int family;
};

static bool
parse_addr(const char *text, long port, struct addr *a)
{
	struct sockaddr_in *in = (struct sockaddr_in *)&a->ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&a->ss;

	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, text, &in->sin_addr) == 1) {
		in->sin_family = a->family = AF_INET;
		in->sin_port = htons((unsigned short)port);
		a->len = sizeof(*in);
		return true;
	}
	if (inet_pton(AF_INET6, text, &in6->sin6_addr) == 1) {
		in6->sin6_family = a->family = AF_INET6;
		in6->sin6_port = htons((unsigned short)port);
		a->len = sizeof(*in6);
		return true;
	}
	return false;
}

static void
set_port(struct addr *a, long port)
{
	if (a->family == AF_INET)
		((struct sockaddr_in *)&a->ss)->sin_port =
		    htons((unsigned short)port);
	else
		((struct sockaddr_in6 *)&a->ss)->sin6_port =
		    htons((unsigned short)port);
}

/* A listening socket on a, or -1 with errno. */
static int
listen_on(struct addr *a)
{
	int fd, on = 1, e;

	if ((fd = socket(a->family, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	if (a->family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on));
	if (bind(fd, (struct sockaddr *)&a->ss, a->len) != 0 ||
	    listen(fd, 32) != 0) {
		e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

/* The first free port after port on a's address, or 0. */
static long
free_port_after(struct addr *a, long port)
{
	long p;
	int fd;

	for (p = port + 1; p <= 65535 && p <= port + 50; p++) {
		set_port(a, p);
		if ((fd = listen_on(a)) >= 0) {
			close(fd);
			return p;
		}
	}
	return 0;
}

static unsigned
bound_port(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0)
		return 0;
	if (ss.ss_family == AF_INET)
		return ntohs(((struct sockaddr_in *)&ss)->sin_port);
	return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
}

/* Opens the socket; says why not (exit 2: the user picks another). */
static int
open_socket(const struct serve_opts *o, const char *host, int *fd)
{
	struct addr a;
	long other;

	if (!parse_addr(host, o->port, &a)) {
		cli_error("--listen '%s' is not an IP address; give one such "
		    "as 127.0.0.1, 0.0.0.0 or ::1", host);
		return EXIT_USAGE;
	}
	if ((*fd = listen_on(&a)) >= 0)
		return EXIT_OK;
	if (errno == EADDRINUSE) {
		if ((other = free_port_after(&a, o->port)) > 0)
			cli_error("port %ld is in use on %s; try --port %ld, "
			    "or leave out --port for a free one", o->port,
			    host, other);
		else
			cli_error("port %ld is in use on %s; leave out --port "
			    "for a free one", o->port, host);
		return EXIT_USAGE;
	}
	if (errno == EADDRNOTAVAIL)
		cli_error("cannot listen on %s: no interface of this machine "
		    "has that address", host);
	else if (errno == EACCES)
		cli_error("cannot listen on port %ld: %s; ports below 1024 "
		    "need privileges, use a higher one", o->port,
		    strerror(errno));
	else
		cli_error("cannot listen on %s port %ld: %s", host, o->port,
		    strerror(errno));
	return EXIT_USAGE;
}

/* The Host a browser sends for us, and which others name us too. */
static void
name_server(struct serve *s, const char *host)
{
	struct addr a;
	bool v6;

	parse_addr(host, 0, &a);
	v6 = a.family == AF_INET6;
	snprintf(s->host, sizeof(s->host), v6 ? "[%s]:%u" : "%s:%u", host,
	    s->port);
	s->any_ip = strcmp(host, "0.0.0.0") == 0 || strcmp(host, "::") == 0;
	s->loopback = strncmp(host, "127.", 4) == 0 || strcmp(host, "::1") ==
	    0 || s->any_ip;
}

static bool
make_token(char *out)
{
	unsigned char r[16];
	size_t i;

	if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r))
		return false;
	for (i = 0; i < sizeof(r); i++)
		sprintf(out + 2 * i, "%02x", r[i]);
	return true;
}

/* --open: the desktop's browser, through xdg-open (no shell). */
static void
open_browser(const char *url)
{
	char *argv[] = { "xdg-open", (char *)url, NULL };
	pid_t pid;

	if (posix_spawnp(&pid, "xdg-open", NULL, NULL, argv, environ) != 0)
		cli_error("cannot open a browser (xdg-open is missing); open "
		    "%s yourself", url);
}

static int
serve(struct cli *cli, const struct serve_opts *o)
{
	const char *host = o->listen ? o->listen : "127.0.0.1";
	struct serve s = { .repo = cli->repo, .read_only = o->read_only,
	    .inotify_fd = -1 };
	sigset_t stop;
	void *daemon;
	char url[128];
	int fd, rc, sig;

	if ((rc = open_socket(o, host, &fd)) != EXIT_OK)
		return rc;
	s.port = bound_port(fd);
	name_server(&s, host);
	if (!make_token(s.token)) {
		cli_error("cannot make a session token: %s", strerror(errno));
		close(fd);
		return EXIT_FAILURE_;
	}
	s.backlog_dir = prio_xasprintf("%sbacklog",
	    git_repository_workdir(cli->repo));
	s.index_path = prio_xasprintf("%sindex",
	    git_repository_path(cli->repo));
	serve_watch_start(&s);
	/* Stop signals wait for sigwait below: the answering thread, which
	 * inherits this mask, finishes the request it is in (a commit is
	 * never cut in half by Ctrl-C). */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);
	/* Everything is said before the first request can be answered:
	 * the socket already listens, so a browser's connection waits in
	 * its queue, and only one thread ever writes to stderr at a time. */
	snprintf(url, sizeof(url), "http://%s/", s.host);
	fprintf(cli->out, "%s\n", url);
	fflush(cli->out);
	fprintf(stderr, "prio: serving the backlog of %s%s; Ctrl-C stops\n",
	    git_repository_workdir(cli->repo), o->read_only ?
	    " read-only" : "");
	if (!s.loopback || s.any_ip)
		fprintf(stderr, "prio: warning: listening on %s: anyone who "
		    "can reach this machine can read the backlog%s\n", host,
		    o->read_only ? "" : " and, with the page, change it");
	if (o->open)
		open_browser(url);
	fflush(stderr);
	if ((daemon = serve_http_start(&s, fd)) == NULL) {
		cli_error("cannot start the HTTP server on %s", s.host);
		close(fd);
		rc = EXIT_FAILURE_;
		goto out;
	}
	sigwait(&stop, &sig);
	/* A write under way is answered first; a second signal does not
	 * wait.  The daemon closes fd. */
	serve_http_stop(&s, daemon, &stop);
	fprintf(stderr, "prio: stopped by %s\n", sig == SIGINT ? "SIGINT" :
	    sig == SIGTERM ? "SIGTERM" : "SIGHUP");
out:
	serve_watch_free(&s);
	free(s.backlog_dir);
	free(s.index_path);
	return rc;
}

static int
run(struct cli *cli, int argc, char **argv)
{
	struct cli_getopt g = { 0 };
	struct serve_opts o = { .port = 0 };
	char *end, why[512];
	int c, rc;

	while ((c = cli_getopt(cli, &g, argc, argv)) != -1) {
		switch (c) {
		case SERVE_OPT_PORT:
			errno = 0;
			o.port = strtol(optarg, &end, 10);
			if (errno || end == optarg || *end || o.port < 0 ||
			    o.port > 65535)
				return cli_usage_error(cli, "--port '%s' is "
				    "not a port: give 1 to 65535, or 0 for a "
				    "free one", optarg);
			break;
		case SERVE_OPT_OPEN:
			o.open = true;
			break;
		case SERVE_OPT_READ_ONLY:
			o.read_only = true;
			break;
		case SERVE_OPT_LISTEN:
			o.listen = optarg;
			break;
		default:
			return cli_bad_option(cli, c, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error(cli, "unexpected argument '%s'",
		    argv[optind]);
	if (git_repository_is_bare(cli->repo)) {
		cli_error("this repository is bare: prio serve needs a work "
		    "tree to show and change");
		return EXIT_USAGE;
	}
	if (!serve_mhd_load(why, sizeof(why))) {
		cli_error("prio serve needs libmicrohttpd, which cannot be "
		    "loaded (%s); install it (Debian: apt-get install "
		    "libmicrohttpd12)", why);
		return EXIT_USAGE;
	}
	/* A backlog to serve, and a config that reads, before listening. */
	if ((rc = cli_load_backlog(cli, NULL, false)) != EXIT_OK)
		return rc;
	cli_unload_backlog(cli);
	return serve(cli, &o);
}

static const struct cli_opt opts[] = {
	{ SERVE_OPT_PORT, 0, "port", CLI_ARG_REQUIRED, "<n>",
	    .help = "listen on port n (default: a free one, printed)" },
	{ SERVE_OPT_OPEN, 0, "open", CLI_ARG_NONE, NULL,
	    .help = "open the page in the desktop's browser (xdg-open)" },
	{ SERVE_OPT_READ_ONLY, 0, "read-only", CLI_ARG_NONE, NULL,
	    .help = "serve no writes at all: the page only shows" },
	{ SERVE_OPT_LISTEN, 0, "listen", CLI_ARG_REQUIRED, "<addr>",
	    .help = "listen on this IP address instead of 127.0.0.1\n"
	    "(0.0.0.0: every interface; the page is then\n"
	    "reachable from other machines, and prio warns)" },
	{ 0 }
};

const struct cmd cmd_serve = {
	.name = "serve",
	.usage = "[--port <n>] [--open] [--read-only] [--listen <addr>]",
	.summary = "Serve the backlog as a web page on 127.0.0.1",
	.help =
	    "Serves one page for the backlog of this repository until "
	    "Ctrl-C: the ranked\nlist and a board, reordering by drag or "
	    "keyboard (each asks for the\nrationale and makes the commit "
	    "'prio move' makes), stories with their\ncriteria, history, "
	    "accept and reject, check problems and branch diffs.\nPrints "
	    "the page's address on stdout.  Only the address served may "
	    "name it\n(Host), writes come only from the page (Origin and a "
	    "session token), and a\nwrite based on a state the backlog has "
	    "left is refused ('changed meanwhile').\n",
	.opts = opts,
	.args_order = CLI_ARGS_OPTIONS_FIRST,
	.help_column = 19,
	.flags = CMD_NEEDS_REPO,
	.run = run,
};
