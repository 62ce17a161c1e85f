/*
 * How a command says what went wrong: "prio: <message>" on stderr, and
 * for a usage error the command's usage line after it.  Every file of
 * src/cli/ says its errors this way, main.c included, so they live
 * here rather than beside main().
 */
#include <stdarg.h>
#include <stdio.h>

#include "cli.h"

void
cli_error(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("prio: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int
cli_usage_error(const struct cli *cli, const char *fmt, ...)
{
	va_list ap;

	fputs("prio: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nusage: prio %s %s\n", cli->cmd->name,
	    cli->cmd->usage);
	return EXIT_USAGE;
}
