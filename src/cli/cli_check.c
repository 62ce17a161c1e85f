/*
 * What `prio check` prints and how it holds a change to its own problems,
 * shared by cmd_check.c and the hooks (hook_run.c).
 */
#include <string.h>

#include "cli.h"
#include "cli_out.h"
#include "prio/buf.h"
#include "prio/check.h"
#include "prio/json.h"

static void
print_text(struct cli *cli)
{
	const struct prio_diags *d = &cli->diags;
	size_t i;

	for (i = 0; i < d->count; i++) {
		fprintf(cli->out, "%s:%u:%u: %s: ", d->items[i].path,
		    d->items[i].line, d->items[i].column,
		    prio_severity_name(d->items[i].severity));
		cli_puts(cli->out, d->items[i].message);
		fprintf(cli->out, " [%s]\n", d->items[i].rule);
	}
}

static void
print_json(struct cli *cli)
{
	const struct prio_diags *d = &cli->diags;
	struct prio_buf out = PRIO_BUF_INIT;
	struct prio_json j;
	size_t i;

	cli_json_list_begin(&j, &out, "prio.check", "diagnostics");
	for (i = 0; i < d->count; i++) {
		prio_json_object_begin(&j);
		prio_json_key(&j, "path");
		prio_json_string(&j, d->items[i].path);
		prio_json_key(&j, "line");
		prio_json_int(&j, d->items[i].line);
		prio_json_key(&j, "column");
		prio_json_int(&j, d->items[i].column);
		prio_json_key(&j, "severity");
		prio_json_string(&j, prio_severity_name(d->items[i].severity));
		prio_json_key(&j, "rule");
		prio_json_string(&j, d->items[i].rule);
		prio_json_key(&j, "message");
		prio_json_string(&j, d->items[i].message);
		prio_json_object_end(&j);
	}
	cli_json_list_end(cli, &j);
}

/* GitHub's workflow commands escape %, CR and LF in the message, and
 * also ',' and ':' in properties. */
static void
github_escape(FILE *out, const char *s, bool property)
{
	for (; *s; s++) {
		if (*s == '%')
			fputs("%25", out);
		else if (*s == '\r')
			fputs("%0D", out);
		else if (*s == '\n')
			fputs("%0A", out);
		else if (property && *s == ':')
			fputs("%3A", out);
		else if (property && *s == ',')
			fputs("%2C", out);
		else
			fputc(*s, out);
	}
}

static void
print_github(struct cli *cli)
{
	const struct prio_diags *d = &cli->diags;
	size_t i;

	for (i = 0; i < d->count; i++) {
		fprintf(cli->out, "::%s file=",
		    d->items[i].severity == PRIO_SEV_ERROR ? "error" :
		    "warning");
		github_escape(cli->out, d->items[i].path, true);
		fprintf(cli->out, ",line=%u,col=%u,title=", d->items[i].line,
		    d->items[i].column);
		github_escape(cli->out, d->items[i].rule, true);
		fputs("::", cli->out);
		github_escape(cli->out, d->items[i].message, false);
		fprintf(cli->out, " [%s]\n", d->items[i].rule);
	}
}

/*
 * GitLab's Code Quality report (the Code Climate issue format, as GitLab
 * reads it): a bare JSON array, not prio's versioned envelope, because
 * GitLab parses it.  An error is "major" and a warning "minor": an error
 * fails `prio check`, a warning does not, and GitLab shows both.
 * Line 0 (the whole file) is reported on line 1, as GitLab needs a line.
 */
static const char *
codequality_severity(enum prio_severity sev)
{
	return sev == PRIO_SEV_ERROR ? "major" : "minor";
}

/*
 * How many diagnostics before i (in the same file: the list is sorted by
 * path) have the same path, rule and message.
 */
static unsigned
codequality_repeat(const struct prio_diags *d, size_t i)
{
	const struct prio_diag *a = &d->items[i];
	unsigned n = 0;
	size_t k;

	for (k = i; k > 0; k--) {
		const struct prio_diag *b = &d->items[k - 1];

		if (strcmp(b->path, a->path) != 0)
			break;
		if (strcmp(b->rule, a->rule) == 0 &&
		    strcmp(b->message, a->message) == 0)
			n++;
	}
	return n;
}

/*
 * GitLab matches issues between the base and the head of a merge request
 * by fingerprint, so it leaves out the line: a story that moves down its
 * file keeps its issue.  It is the git blob ID of path, rule and message
 * (NUL-separated), plus how many identical issues come before it in the
 * file, so two identical problems in one story still differ.
 */
static void
codequality_fingerprint(const struct prio_diags *d, size_t i,
    char hex[GIT_OID_HEXSZ + 1])
{
	const struct prio_diag *dg = &d->items[i];
	struct prio_buf key = PRIO_BUF_INIT;
	unsigned repeat = codequality_repeat(d, i);
	git_oid oid;

	prio_buf_adds(&key, dg->path);
	prio_buf_addch(&key, '\0');
	prio_buf_adds(&key, dg->rule);
	prio_buf_addch(&key, '\0');
	prio_buf_adds(&key, dg->message);
	if (repeat > 0)
		prio_buf_addf(&key, "%c%u", '\0', repeat);
	/* Hashing a buffer in memory fails only on a libgit2 bug. */
	if (git_odb_hash(&oid, key.ptr, key.len, GIT_OBJECT_BLOB) != 0)
		memset(&oid, 0, sizeof(oid));
	git_oid_tostr(hex, GIT_OID_HEXSZ + 1, &oid);
	prio_buf_free(&key);
}

static void
print_codequality(struct cli *cli)
{
	const struct prio_diags *d = &cli->diags;
	struct prio_buf out = PRIO_BUF_INIT;
	char hex[GIT_OID_HEXSZ + 1];
	struct prio_json j;
	size_t i;

	prio_json_init(&j, &out);
	prio_json_array_begin(&j);
	for (i = 0; i < d->count; i++) {
		codequality_fingerprint(d, i, hex);
		prio_json_object_begin(&j);
		prio_json_key(&j, "description");
		prio_json_string(&j, d->items[i].message);
		prio_json_key(&j, "check_name");
		prio_json_string(&j, d->items[i].rule);
		prio_json_key(&j, "fingerprint");
		prio_json_string(&j, hex);
		prio_json_key(&j, "severity");
		prio_json_string(&j, codequality_severity(d->items[i].severity));
		prio_json_key(&j, "location");
		prio_json_object_begin(&j);
		prio_json_key(&j, "path");
		prio_json_string(&j, d->items[i].path);
		prio_json_key(&j, "lines");
		prio_json_object_begin(&j);
		prio_json_key(&j, "begin");
		prio_json_int(&j, d->items[i].line ? d->items[i].line : 1);
		prio_json_object_end(&j);
		prio_json_object_end(&j);
		prio_json_object_end(&j);
	}
	prio_json_array_end(&j);
	cli_write_json(cli, &out);
	prio_buf_free(&out);
}

static void
print_summary(const struct cli *cli, size_t files)
{
	size_t errors = prio_diags_count(&cli->diags, PRIO_SEV_ERROR);
	size_t warnings = prio_diags_count(&cli->diags, PRIO_SEV_WARNING);

	if (errors + warnings == 0)
		fprintf(stderr, "prio: %zu stor%s checked, no problems\n",
		    files, files == 1 ? "y" : "ies");
	else
		fprintf(stderr, "prio: %zu stor%s checked: %zu error%s, %zu "
		    "warning%s\n", files, files == 1 ? "y" : "ies", errors,
		    errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
}


/*
 * The stories with errors, as "S-3", "S-3 and S-7", "S-3, S-7 and S-9"
 * (a file without an id by its path), at most FAULT_MAX of them.
 */
#define FAULT_MAX	5
static void
fault_names(const struct cli *cli, struct prio_buf *out)
{
	const struct prio_diags *d = &cli->diags;
	const char *names[FAULT_MAX + 1], *name;
	size_t i, k, n = 0, more = 0;

	for (i = 0; i < d->count; i++) {
		if (d->items[i].severity != PRIO_SEV_ERROR ||
		    (i > 0 && strcmp(d->items[i - 1].path,
		    d->items[i].path) == 0 && d->items[i - 1].severity ==
		    PRIO_SEV_ERROR))
			continue;
		name = d->items[i].path;
		for (k = 0; k < cli->backlog->count; k++)
			if (strcmp(cli->backlog->stories[k]->path, name) == 0 &&
			    cli->backlog->stories[k]->id) {
				name = cli->backlog->stories[k]->id;
				break;
			}
		for (k = 0; k < n && strcmp(names[k], name) != 0; k++)
			;
		if (k < n)
			continue;
		if (n < FAULT_MAX)
			names[n++] = name;
		else
			more++;
	}
	for (i = 0; i < n; i++)
		prio_buf_addf(out, "%s%s", i == 0 ? "" : i + 1 == n && !more ?
		    " and " : ", ", names[i]);
	if (more)
		prio_buf_addf(out, " and %zu more", more);
}

/* The one line for the problems a change was not held to. */
static void
print_older(size_t left, const char *rev, bool staged)
{
	if (left == 0)
		return;
	fprintf(stderr, "prio: %zu older problem%s in other stories; ", left,
	    left == 1 ? "" : "s");
	if (staged)
		fprintf(stderr, "'prio check --staged --all' lists %s\n",
		    left == 1 ? "it" : "them");
	else
		fprintf(stderr, "'prio check --rev %s' lists %s\n", rev,
		    left == 1 ? "it" : "them");
}

int
cli_check_since(struct cli *cli, const char *rev, bool staged,
    const char *base, enum cli_check_format format, struct prio_buf *fault)
{
	struct prio_diags loaded = PRIO_DIAGS_INIT;
	size_t i, left = 0, nstories;
	bool whole = true;
	int rc;

	if (staged && base && strcmp(base, "HEAD") == 0 &&
	    cli_check_memo(cli, &left, &nstories))
		goto print;
	if ((rc = cli_load_backlog(cli, rev, staged)) != EXIT_OK)
		return rc;
	for (i = 0; base && i < cli->diags.count; i++)
		prio_diags_add(&loaded, cli->diags.items[i].severity,
		    cli->diags.items[i].rule, cli->diags.items[i].path,
		    cli->diags.items[i].line, cli->diags.items[i].column,
		    "%s", cli->diags.items[i].message);
	nstories = cli->backlog->count;
	i = cli->diags.count;
	prio_check_backlog(cli->backlog, &cli->diags);
	if (staged)
		cli_check_memo_keep(cli, i);
	if (base)
		left = cli_check_past(cli, base, &loaded, &whole);
	prio_diags_free(&loaded);
print:
	prio_diags_sort(&cli->diags);
	if (format == CHECK_JSON)
		print_json(cli);
	else if (format == CHECK_GITHUB)
		print_github(cli);
	else if (format == CHECK_CODEQUALITY)
		print_codequality(cli);
	else
		print_text(cli);
	fflush(cli->out);
	print_summary(cli, nstories);
	print_older(left, rev, staged);
	if (fault)
		fault_names(cli, fault);
	return prio_diags_count(&cli->diags, PRIO_SEV_ERROR) ? EXIT_REFUSED :
	    EXIT_OK;
}

int
cli_check(struct cli *cli, const char *rev, bool staged,
    enum cli_check_format format)
{
	return cli_check_since(cli, rev, staged, NULL, format, NULL);
}
