/*
 * prio tick — mark one acceptance criterion met ('- [x]') or open again
 * ('- [ ]'), and commit it with the rationale.  Only the box's bytes
 * change; the commit is made as every priority change is (cli_change.c):
 * rules, hooks, signing, Prio-Story and Prio-Change trailers.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_change.h"
#include "prio/decision.h"
#include "prio/error.h"

/* The criterion named by which: its 1-based number, or its exact text. */
static int
find_criterion(const struct prio_story *full, const char *which, size_t *out)
{
	char *end;
	unsigned long n;
	size_t i, found = 0, count = 0;

	n = strtoul(which, &end, 10);
	if (*which >= '0' && *which <= '9' && *end == '\0') {
		if (n < 1 || n > full->ncriteria) {
			cli_error("%s has %zu acceptance criteria; there is no "
			    "criterion %s", full->id, full->ncriteria, which);
			return EXIT_REFUSED;
		}
		*out = n - 1;
		return EXIT_OK;
	}
	for (i = 0; i < full->ncriteria; i++)
		if (full->criteria[i].text &&
		    strcmp(full->criteria[i].text, which) == 0) {
			found = i;
			count++;
		}
	if (count == 1) {
		*out = found;
		return EXIT_OK;
	}
	cli_error("%s has %s criterion '%s'; name it by its number (1 to %zu, "
	    "as 'prio show %s' lists them)", full->id, count ? "more than one"
	    : "no", which, full->ncriteria, full->id);
	return EXIT_REFUSED;
}

/*
 * The file with the criterion's box set to met (or open): the first
 * "[ ]", "[x]" or "[X]" after the list marker on its line; an item with
 * no box gets one.  Returns the new bytes (caller frees), or NULL when
 * the line holds no list item.
 */
static char *
set_box(const char *data, size_t len, unsigned line, bool met, size_t *outlen)
{
	const char *p = data, *end = data + len, *eol, *q;
	struct prio_buf b = PRIO_BUF_INIT;
	unsigned l;

	for (l = 1; l < line && p < end; l++) {
		if ((p = memchr(p, '\n', (size_t)(end - p))) == NULL)
			return NULL;
		p++;
	}
	eol = memchr(p, '\n', (size_t)(end - p));
	if (eol == NULL)
		eol = end;
	q = p;
	while (q < eol && (*q == ' ' || *q == '\t' || *q == '>'))
		q++;
	if (q < eol && (*q == '-' || *q == '*' || *q == '+'))
		q++;
	else {
		while (q < eol && *q >= '0' && *q <= '9')
			q++;
		if (q < eol && (*q == '.' || *q == ')'))
			q++;
		else
			return NULL;
	}
	while (q < eol && (*q == ' ' || *q == '\t'))
		q++;
	prio_buf_add(&b, data, (size_t)(q - data));
	if (eol - q >= 3 && q[0] == '[' && q[2] == ']' &&
	    strchr(" xX", q[1]) != NULL) {
		prio_buf_adds(&b, met ? "[x]" : "[ ]");
		q += 3;
	} else
		prio_buf_adds(&b, met ? "[x] " : "[ ] ");
	prio_buf_add(&b, q, (size_t)(end - q));
	return prio_buf_detach(&b, outlen);
}

static int
tick(struct cli *cli, const char *id, const char *which, bool met,
    const char *message, bool no_commit)
{
	struct prio_buf data = PRIO_BUF_INIT, key = PRIO_BUF_INIT;
	struct prio_story *s, *full = NULL;
	struct cli_change change;
	char *bytes;
	size_t i, len;
	int rc;

	if ((rc = cli_change_begin(cli, &change, !no_commit)) != EXIT_OK)
		return rc;
	if ((rc = cli_load_backlog(cli, NULL, false)) != EXIT_OK ||
	    (rc = cli_find_story(cli, id, &s)) != EXIT_OK)
		goto out;
	if (prio_config_foreign_dir(cli->backlog->config) != NULL) {
		cli_error("cannot tick %s: it is a Backlog.md task; tick it "
		    "with 'backlog task edit %s --check-ac <n>'", s->id, s->id);
		rc = EXIT_REFUSED;
		goto out;
	}
	if ((rc = cli_read_full_story(cli, s, &data, &full)) != EXIT_OK)
		goto out;
	if (full->ncriteria == 0) {
		cli_error("%s has no acceptance criteria to tick; add them "
		    "under '## %s' in %s", s->id,
		    cli->backlog->config->criteria_heading, s->path);
		rc = EXIT_REFUSED;
		goto out;
	}
	if ((rc = find_criterion(full, which, &i)) != EXIT_OK)
		goto out;
	if (full->criteria[i].met == met) {
		cli_error("criterion %zu of %s is %s already; nothing was "
		    "changed", i + 1, s->id, met ? "met" : "open");
		rc = EXIT_REFUSED;
		goto out;
	}
	if ((bytes = set_box(data.ptr, data.len, full->criteria[i].line, met,
	    &len)) == NULL) {
		cli_error("cannot find criterion %zu of %s on line %u of %s",
		    i + 1, s->id, full->criteria[i].line, s->path);
		rc = EXIT_FAILURE_;
		goto out;
	}
	cli_change_write(&change, s->path, bytes, len);
	prio_decision_story(&change.trailers, s->id);
	prio_buf_addf(&key, "criterion-%zu", i + 1);
	prio_decision_change(&change.trailers, key.ptr, met ? "open" : "met",
	    met ? "met" : "open");
	prio_buf_addf(&change.summary, "%s %s criterion %zu", met ? "tick" :
	    "untick", s->id, i + 1);
	rc = cli_change_commit(cli, &change, message, no_commit);
out:
	prio_story_free(full);
	prio_buf_free(&data);
	prio_buf_free(&key);
	cli_change_free(&change);
	return rc;
}

static int
run(struct cli *cli, int argc, char **argv)
{
	struct cli_getopt g = { 0 };
	const char *id = NULL, *which = NULL, *message = NULL;
	bool no_commit = false, met = true;
	int c;

	while ((c = cli_getopt(cli, &g, argc, argv)) != -1) {
		if (c == 1 && id == NULL)
			id = optarg;
		else if (c == 1 && which == NULL)
			which = optarg;
		else if (c == 1)
			return cli_usage_error(cli, "unexpected argument '%s'",
			    optarg);
		else if (c == 'm')
			message = optarg;
		else if (c == OPT_NO_COMMIT)
			no_commit = true;
		else if (c == 'o')
			met = false;
		else if (!cli_commit_option(cli, c, optarg))
			return cli_bad_option(cli, c, argv);
	}
	if (id == NULL || which == NULL)
		return cli_usage_error(cli, "name the story and the criterion, "
		    "such as 'prio tick S-42 2 -m <why>'");
	return tick(cli, id, which, met, message, no_commit);
}

static const struct cli_opt opts[] = {
	{ 'o', 0, "open", CLI_ARG_NONE, NULL,
	    .help = "mark it open again ('- [ ]') rather than met" },
	{ .include = cli_rationale_opts },
	{ .include = cli_no_commit_opts },
	{ .include = cli_commit_opts },
	{ 0 }
};

static const struct cli_operand operands[] = {
	{ "story", .complete = CLI_COMPLETE_ID },
	{ "criterion", .complete = CLI_COMPLETE_NONE },
	{ 0 }
};

const struct cmd cmd_tick = {
	.name = "tick",
	.usage = "<id> <criterion> [--open] -m <why> [--no-commit]",
	.summary = "Mark an acceptance criterion met (or open), and commit",
	.help =
	    "The criterion is named by its number (1 for the first, as "
	    "'prio show' lists\nthem) or by its exact text.  Only its box "
	    "changes ('- [ ]' to '- [x]', or\nback with --open; an item with "
	    "no box gets one), and the commit carries\nthe rationale and "
	    "Prio-Story and Prio-Change trailers.\n",
	.opts = opts,
	.operands = operands,
	.args_order = CLI_ARGS_INLINE,
	.flags = CMD_NEEDS_REPO,
	.run = run,
};
