/*
 * cli_invoke — one command run in this process, its output kept: the way
 * the servers (prio mcp, prio serve) answer with exactly what the command
 * line would have said, rules, hooks, signing and messages included.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>

#include "prio/buf.h"

#include "cli.h"
#include "cli_out.h"

/* A stream whose bytes end up in b (NULL: the stream passed). */
struct capture {
	FILE *saved;
	FILE *stream;
	char *data;
	size_t len;
};

static bool
capture_start(struct capture *c, FILE **std, struct prio_buf *b)
{
	c->saved = *std;
	c->stream = NULL;
	c->data = NULL;
	c->len = 0;
	if (b == NULL)
		return true;
	fflush(*std);
	if ((c->stream = open_memstream(&c->data, &c->len)) == NULL)
		return false;
	*std = c->stream;
	return true;
}

static void
capture_end(struct capture *c, FILE **std, struct prio_buf *b)
{
	if (c->stream == NULL)
		return;
	fclose(c->stream);
	*std = c->saved;
	prio_buf_add(b, c->data, c->len);
	free(c->data);
}

static int
run_captured(const struct cmd *c, int argc, char **argv)
{
	struct cli cli = { .cmd = c, .out = stdout };
	int rc = EXIT_OK;

	if (!(c->flags & CMD_NEEDS_REPO) || (rc = cli_open_repository(&cli)) ==
	    EXIT_OK)
		rc = c->run(&cli, argc, argv);
	rc = cli_output_status(cli.out, rc);
	prio_backlog_free(cli.backlog);
	prio_source_free(cli.source);
	prio_diags_free(&cli.diags);
	git_repository_free(cli.repo);
	return rc;
}

int
cli_invoke(int argc, char **argv, struct prio_buf *out, struct prio_buf *err)
{
	const struct cmd *c = argc > 0 ? cli_find_command(argv[0]) : NULL;
	struct capture o, e;
	int rc;

	if (!capture_start(&e, &stderr, err))
		return EXIT_FAILURE_;
	if (!capture_start(&o, &stdout, out)) {
		capture_end(&e, &stderr, err);
		return EXIT_FAILURE_;
	}
	if (c == NULL) {
		cli_unknown_command(argc > 0 ? argv[0] : "", cli_commands);
		rc = EXIT_USAGE;
	} else {
		rc = run_captured(c, argc, argv);
	}
	capture_end(&o, &stdout, out);
	capture_end(&e, &stderr, err);
	return rc;
}
