/*
 * What libgit2 needs only to talk to a remote, which prio never does.
 * Linked into every program that links libgit2 (the Makefile's
 * LINK_OBJ), in either way the Makefile links it (LINK).
 *
 * The CA bundle.  Debian's libgit2 (built with mbedTLS) parses the
 * system's whole CA bundle inside git_libgit2_init(), for TLS
 * connections prio never makes: 8 ms of the 17 ms a libgit2 program
 * took to start on our 2-core machine (bench/libgit2floor), paid by
 * every prio command and by prio's pre-commit hook.  These definitions
 * take the place of mbedTLS's two loaders, so no certificate is loaded:
 * with libgit2 as a shared library, because the executable's symbols
 * come first in the dynamic linker's search; with libgit2 linked in,
 * through the linker's --wrap (the archive's own definitions are linked
 * too, and would clash with these).
 *
 * GSSAPI.  libgit2 uses it only for "Negotiate" authentication over
 * HTTP.  Linked in, libgit2 would otherwise bring in seven shared
 * libraries (Kerberos and what it needs), a third of what starting
 * prio costs; each of these definitions fails as GSS_S_FAILURE does.
 *
 * Both fail closed: if prio ever made a TLS connection through libgit2,
 * it would trust no certificate, and the connection would be refused;
 * Negotiate would never be offered.  With a libgit2 built on OpenSSL,
 * or without GSSAPI, the definitions are simply unused.
 */
#include <stdint.h>

#ifdef PRIO_LINK_STATIC
#define CA_LOADER(name) __wrap_##name
#else
#define CA_LOADER(name) name
#endif

int CA_LOADER(mbedtls_x509_crt_parse_file)(void *chain, const char *path);
int CA_LOADER(mbedtls_x509_crt_parse_path)(void *chain, const char *path);

int
CA_LOADER(mbedtls_x509_crt_parse_file)(void *chain, const char *path)
{
	(void)chain;
	(void)path;
	return 0;
}

int
CA_LOADER(mbedtls_x509_crt_parse_path)(void *chain, const char *path)
{
	(void)chain;
	(void)path;
	return 0;
}

#ifdef PRIO_LINK_STATIC
/* RFC 2744's types, without its header (libkrb5-dev is not needed). */
typedef uint32_t gss_status;
#define GSS_FAILED (13u << 16)  /* GSS_S_FAILURE */

/* A gss_OID; NULL: no name type is known. */
void *GSS_C_NT_HOSTBASED_SERVICE;

gss_status gss_indicate_mechs(gss_status *minor, void **mechs);
gss_status gss_import_name(gss_status *minor, void *buffer, void *type,
    void **name);
gss_status gss_init_sec_context(gss_status *minor, void *cred, void **ctx,
    void *target, void *mech, gss_status flags, gss_status time,
    void *bindings, void *input, void **actual_mech, void *output,
    gss_status *ret_flags, gss_status *time_rec);
gss_status gss_delete_sec_context(gss_status *minor, void **ctx,
    void *output);
gss_status gss_display_status(gss_status *minor, gss_status status,
    int type, void *mech, gss_status *context, void *text);
gss_status gss_release_buffer(gss_status *minor, void *buffer);
gss_status gss_release_name(gss_status *minor, void **name);
gss_status gss_release_oid_set(gss_status *minor, void **set);

static gss_status
gss_failed(gss_status *minor)
{
	if (minor)
		*minor = 0;
	return GSS_FAILED;
}

gss_status
gss_indicate_mechs(gss_status *minor, void **mechs)
{
	(void)mechs;
	return gss_failed(minor);
}

gss_status
gss_import_name(gss_status *minor, void *buffer, void *type, void **name)
{
	(void)buffer;
	(void)type;
	(void)name;
	return gss_failed(minor);
}

gss_status
gss_init_sec_context(gss_status *minor, void *cred, void **ctx,
    void *target, void *mech, gss_status flags, gss_status time,
    void *bindings, void *input, void **actual_mech, void *output,
    gss_status *ret_flags, gss_status *time_rec)
{
	(void)cred, (void)ctx, (void)target, (void)mech, (void)flags;
	(void)time, (void)bindings, (void)input, (void)actual_mech;
	(void)output, (void)ret_flags, (void)time_rec;
	return gss_failed(minor);
}

gss_status
gss_delete_sec_context(gss_status *minor, void **ctx, void *output)
{
	(void)ctx;
	(void)output;
	return gss_failed(minor);
}

gss_status
gss_display_status(gss_status *minor, gss_status status, int type,
    void *mech, gss_status *context, void *text)
{
	(void)status, (void)type, (void)mech, (void)context, (void)text;
	return gss_failed(minor);
}

gss_status
gss_release_buffer(gss_status *minor, void *buffer)
{
	(void)buffer;
	return gss_failed(minor);
}

gss_status
gss_release_name(gss_status *minor, void **name)
{
	(void)name;
	return gss_failed(minor);
}

gss_status
gss_release_oid_set(gss_status *minor, void **set)
{
	(void)set;
	return gss_failed(minor);
}
#endif
