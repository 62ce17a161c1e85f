/*
 * prio never talks to a remote, yet Debian's libgit2 (built with mbedTLS)
 * parses the system's whole CA bundle inside git_libgit2_init(), for TLS
 * connections prio never makes: 8 ms of the 17 ms a libgit2 program
 * takes to start on our 2-core machine (bench/libgit2floor), paid by
 * every prio command and by prio's pre-commit hook.  These definitions
 * take the place of mbedTLS's two loaders (the executable's symbols come
 * first in the dynamic linker's search), so no certificate is loaded.
 *
 * This fails closed: if prio ever made a TLS connection through libgit2,
 * it would trust no certificate, and the connection would be refused.
 * With a libgit2 built on OpenSSL the definitions are simply unused.
 */
#include "cli.h"

int mbedtls_x509_crt_parse_file(void *chain, const char *path);
int mbedtls_x509_crt_parse_path(void *chain, const char *path);

int
mbedtls_x509_crt_parse_file(void *chain, const char *path)
{
	(void)chain;
	(void)path;
	return 0;
}

int
mbedtls_x509_crt_parse_path(void *chain, const char *path)
{
	(void)chain;
	(void)path;
	return 0;
}
