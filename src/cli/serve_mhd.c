/*
 * serve_mhd.c — libmicrohttpd, loaded when `prio serve` starts rather
 * than linked.  Linked, the library and the TLS stack it brings (gnutls,
 * nettle, p11-kit, libtasn1, ...: ten more shared objects) are mapped
 * and relocated at every start of prio: `prio --version` went from 5.9
 * to 11.0 ms of CPU (perf stat -r 50), and every hook, move and check
 * with it.  So prio links none of it: serve_mhd_load() opens the library
 * with dlopen(3), and the functions below, with the library's own names
 * and prototypes (microhttpd.h), call into it; serve_http.c and
 * serve_api.c are written as for a linked library.
 *
 * The table is the one piece of process-wide state outside a command's
 * context: filled once by serve_mhd_load(), before the server's thread
 * starts, and only read after.
 */
#include <dlfcn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>

#include <microhttpd.h>

#include "serve.h"

static struct {
	void *handle;
	struct MHD_Daemon *(*start_daemon_va)(unsigned int, uint16_t,
	    MHD_AcceptPolicyCallback, void *, MHD_AccessHandlerCallback,
	    void *, va_list);
	void (*stop_daemon)(struct MHD_Daemon *);
	MHD_socket (*quiesce_daemon)(struct MHD_Daemon *);
	struct MHD_Response *(*create_response_from_buffer)(size_t, void *,
	    enum MHD_ResponseMemoryMode);
	enum MHD_Result (*add_response_header)(struct MHD_Response *,
	    const char *, const char *);
	void (*destroy_response)(struct MHD_Response *);
	enum MHD_Result (*queue_response)(struct MHD_Connection *,
	    unsigned int, struct MHD_Response *);
	const char *(*lookup_connection_value)(struct MHD_Connection *,
	    enum MHD_ValueKind, const char *);
	int (*get_connection_values)(struct MHD_Connection *,
	    enum MHD_ValueKind, MHD_KeyValueIterator, void *);
} mhd;

/* The library's file: its soname, else the development link. */
static const char *const names[] = {
	"libmicrohttpd.so.12", "libmicrohttpd.so", NULL
};

static bool
bind_all(void *h)
{
	/* POSIX: a data pointer from dlsym converts to a function's. */
#define BIND(field, sym) \
	(*(void **)&mhd.field = dlsym(h, sym)) != NULL
	return BIND(start_daemon_va, "MHD_start_daemon_va") &&
	    BIND(stop_daemon, "MHD_stop_daemon") &&
	    BIND(quiesce_daemon, "MHD_quiesce_daemon") &&
	    BIND(create_response_from_buffer,
	    "MHD_create_response_from_buffer") &&
	    BIND(add_response_header, "MHD_add_response_header") &&
	    BIND(destroy_response, "MHD_destroy_response") &&
	    BIND(queue_response, "MHD_queue_response") &&
	    BIND(lookup_connection_value, "MHD_lookup_connection_value") &&
	    BIND(get_connection_values, "MHD_get_connection_values");
#undef BIND
}

bool
serve_mhd_load(char *why, size_t len)
{
	const char *err = NULL;
	size_t i;
	void *h = NULL;

	if (mhd.handle)
		return true;
	for (i = 0; names[i] && h == NULL; i++)
		if ((h = dlopen(names[i], RTLD_NOW | RTLD_LOCAL)) == NULL &&
		    err == NULL)
			err = dlerror();
	if (h == NULL) {
		snprintf(why, len, "%s", err ? err : "not found");
		return false;
	}
	if (!bind_all(h)) {
		snprintf(why, len, "%s", dlerror());
		dlclose(h);
		return false;
	}
	mhd.handle = h;
	return true;
}

struct MHD_Daemon *
MHD_start_daemon(unsigned int flags, uint16_t port,
    MHD_AcceptPolicyCallback apc, void *apc_cls, MHD_AccessHandlerCallback dh,
    void *dh_cls, ...)
{
	struct MHD_Daemon *d;
	va_list ap;

	va_start(ap, dh_cls);
	d = mhd.start_daemon_va(flags, port, apc, apc_cls, dh, dh_cls, ap);
	va_end(ap);
	return d;
}

void
MHD_stop_daemon(struct MHD_Daemon *daemon)
{
	mhd.stop_daemon(daemon);
}

MHD_socket
MHD_quiesce_daemon(struct MHD_Daemon *daemon)
{
	return mhd.quiesce_daemon(daemon);
}

struct MHD_Response *
MHD_create_response_from_buffer(size_t size, void *buffer,
    enum MHD_ResponseMemoryMode mode)
{
	return mhd.create_response_from_buffer(size, buffer, mode);
}

enum MHD_Result
MHD_add_response_header(struct MHD_Response *response, const char *header,
    const char *content)
{
	return mhd.add_response_header(response, header, content);
}

void
MHD_destroy_response(struct MHD_Response *response)
{
	mhd.destroy_response(response);
}

enum MHD_Result
MHD_queue_response(struct MHD_Connection *connection, unsigned int status_code,
    struct MHD_Response *response)
{
	return mhd.queue_response(connection, status_code, response);
}

const char *
MHD_lookup_connection_value(struct MHD_Connection *connection,
    enum MHD_ValueKind kind, const char *key)
{
	return mhd.lookup_connection_value(connection, kind, key);
}

int
MHD_get_connection_values(struct MHD_Connection *connection,
    enum MHD_ValueKind kind, MHD_KeyValueIterator iterator, void *iterator_cls)
{
	return mhd.get_connection_values(connection, kind, iterator,
	    iterator_cls);
}
