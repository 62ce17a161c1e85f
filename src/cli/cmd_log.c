/* prio log — the audit trail: every priority decision in history. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "cli_out.h"
#include "prio/config.h"
#include "prio/decision.h"
#include "prio/error.h"
#include "prio/history.h"
#include "prio/json.h"
#include "prio/story.h"

/* Writes s on one line: newlines and tabs as spaces, other control
 * characters as '?' (cli_puts). */
static void
put_inline(FILE *out, const char *s)
{
	char *copy = prio_xstrdup(s), *p;

	for (p = copy; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	cli_puts(out, copy);
	free(copy);
}

/* Writes text indented by four spaces, as git log does; blank lines
 * stay empty. */
static void
put_indented(FILE *out, const char *text)
{
	const char *p = text, *nl;
	char *line;

	while (*p) {
		nl = strchr(p, '\n');
		line = prio_xstrndup(p, nl ? (size_t)(nl - p) : strlen(p));
		if (*line)
			fputs("    ", out);
		cli_puts(out, line);
		fputc('\n', out);
		free(line);
		if (nl == NULL)
			break;
		p = nl + 1;
	}
}

static const char *
or_none(const char *s)
{
	return s ? s : "none";
}

/* "S-42 rank 12 -> 2.5, #9 -> #3": the changes of one story (changes
 * [i, end)), then how its position moved. */
static void
put_story(FILE *out, const struct prio_change *c, size_t n,
    const char *merge_of, const struct prio_dialect *dia)
{
	size_t i, from = c->position_from, to = c->position_to;
	bool moved = true;

	fputs("    ", out);
	put_inline(out, c->story);
	for (i = 0; i < n; i++) {
		fputs(i ? ", " : " ", out);
		if (strcmp(c[i].field, "created") == 0) {
			moved = false;
			if (c[i].position_to)
				fprintf(out, "created at #%zu",
				    c[i].position_to);
			else {
				fputs("created as ", out);
				put_inline(out, or_none(c[i].to));
			}
		} else if (strcmp(c[i].field, "removed") == 0) {
			moved = false;
			if (c[i].position_from)
				fprintf(out, "removed from #%zu",
				    c[i].position_from);
			else
				fputs("removed", out);
		} else {
			/* The key as the backlog's format spells it:
			 * "ordinal" in Backlog.md. */
			put_inline(out, strcmp(c[i].field, "rank") == 0 &&
			    prio_dialect_key(dia, PRIO_KEY_RANK) ?
			    prio_dialect_key(dia, PRIO_KEY_RANK) : c[i].field);
			fputc(' ', out);
			put_inline(out, or_none(c[i].from));
			if (merge_of) {
				fputs(" | ", out);
				put_inline(out, or_none(c[i].from_theirs));
			}
			fputs(" -> ", out);
			put_inline(out, or_none(c[i].to));
		}
	}
	if (moved && from != to) {
		if (from && to)
			fprintf(out, ", #%zu -> #%zu", from, to);
		else if (from)
			fprintf(out, ", was #%zu", from);
		else
			fprintf(out, ", now #%zu", to);
	}
	if (merge_of) {
		fputs(" (merge of ", out);
		put_inline(out, merge_of);
		fputc(')', out);
	}
	fputc('\n', out);
}

static void
put_changes(FILE *out, const struct prio_decision *d,
    const struct prio_dialect *dia)
{
	const struct prio_change *c = d->changes;
	size_t i, end;

	for (i = 0; i < d->nchanges; i = end) {
		if (c[i].story == NULL) {
			fputs("    score formula ", out);
			put_inline(out, or_none(c[i].from));
			fputs(" -> ", out);
			put_inline(out, or_none(c[i].to));
			fputc('\n', out);
			end = i + 1;
			continue;
		}
		for (end = i + 1; end < d->nchanges && c[end].story &&
		    strcmp(c[end].story, c[i].story) == 0 &&
		    c[end].position_from == c[i].position_from &&
		    c[end].position_to == c[i].position_to; end++)
			;
		put_story(out, &c[i], end - i, d->merge_of, dia);
	}
}

static void
print_text(struct cli *cli, const struct prio_history *h,
    const struct prio_dialect *dia)
{
	struct prio_buf body = PRIO_BUF_INIT;
	FILE *out = cli->out;
	size_t i;

	for (i = 0; i < h->count; i++) {
		const struct prio_decision *d = &h->decisions[i];

		if (i > 0)
			fputc('\n', out);
		fprintf(out, "%scommit %s%s\n", cli_bold(cli), d->commit,
		    cli_reset(cli));
		fputs("Author: ", out);
		cli_puts(out, d->author);
		fprintf(out, "\nDate:   %s\n\n", d->date);
		put_indented(out, d->subject);
		prio_decision_strip(&body, d->body);
		if (body.len > 0) {
			fputc('\n', out);
			put_indented(out, body.ptr);
		}
		fputc('\n', out);
		put_changes(out, d, dia);
	}
	prio_buf_free(&body);
}

static void
json_position(struct prio_json *j, size_t pos)
{
	if (pos)
		prio_json_int(j, (long long)pos);
	else
		prio_json_null(j);
}

static void
print_json(struct cli *cli, const struct prio_history *h)
{
	struct prio_buf out = PRIO_BUF_INIT;
	struct prio_json j;
	size_t i, k;

	cli_json_list_begin(&j, &out, "prio.log", "entries");
	for (i = 0; i < h->count; i++) {
		const struct prio_decision *d = &h->decisions[i];

		prio_json_object_begin(&j);
		prio_json_key(&j, "commit");
		prio_json_string(&j, d->commit);
		prio_json_key(&j, "author");
		prio_json_string(&j, d->author);
		prio_json_key(&j, "date");
		prio_json_string(&j, d->date);
		prio_json_key(&j, "subject");
		prio_json_string(&j, d->subject);
		prio_json_key(&j, "body");
		prio_json_string(&j, d->body);
		if (d->merge_of) {
			prio_json_key(&j, "merge_of");
			prio_json_string(&j, d->merge_of);
		}
		prio_json_key(&j, "changes");
		prio_json_array_begin(&j);
		for (k = 0; k < d->nchanges; k++) {
			const struct prio_change *c = &d->changes[k];

			prio_json_object_begin(&j);
			prio_json_key(&j, "story");
			prio_json_string(&j, c->story);
			prio_json_key(&j, "field");
			prio_json_string(&j, c->field);
			prio_json_key(&j, "from");
			prio_json_string(&j, c->from);
			prio_json_key(&j, "to");
			prio_json_string(&j, c->to);
			if (d->merge_of) {
				prio_json_key(&j, "from_theirs");
				prio_json_string(&j, c->from_theirs);
			}
			prio_json_key(&j, "position_from");
			json_position(&j, c->position_from);
			prio_json_key(&j, "position_to");
			json_position(&j, c->position_to);
			prio_json_object_end(&j);
		}
		prio_json_array_end(&j);
		prio_json_object_end(&j);
	}
	cli_json_list_end(cli, &j);
}

/*
 * The config of the backlog committed at HEAD (the defaults when there
 * is none), to tell `log S-42` from `log main` and to name its keys.
 */
static struct prio_config *
head_config(struct cli *cli)
{
	struct prio_diags ignored = PRIO_DIAGS_INIT;
	struct prio_source *src = NULL;
	struct prio_config *cfg = NULL;

	if (prio_source_tree(&src, cli->repo, "HEAD", &ignored) != PRIO_OK ||
	    prio_config_load(&cfg, src, &ignored) != PRIO_OK)
		prio_config_parse(&cfg, PRIO_CONFIG_PATH, "", 0, &ignored);
	prio_source_free(src);
	prio_diags_free(&ignored);
	return cfg;
}

/* The ID as the backlog writes it (BACK-7 for back-7), or NULL when arg
 * is none of its IDs. */
static char *
story_id(const struct prio_config *cfg, const char *arg)
{
	char *id, *p;

	if (cfg == NULL || !prio_config_id_valid(cfg, arg, NULL))
		return NULL;
	id = prio_xstrdup(arg);
	if (cfg->dialect->ids == PRIO_IDS_DOTTED)
		for (p = id; *p; p++)
			*p = (char)toupper((unsigned char)*p);
	return id;
}

static int
read_history(struct cli *cli, const char *id, const char *range, bool json,
    const struct prio_dialect *dia)
{
	struct prio_history *h = NULL;
	const char *why;
	int rc;

	rc = prio_history_read(&h, cli->repo, range, id, &cli->diags);
	if (cli_fetch_error(cli, rc))
		return EXIT_REFUSED;
	if (rc != PRIO_OK) {
		why = cli->diags.count ?
		    cli->diags.items[cli->diags.count - 1].message :
		    "cannot read the history";
		if (rc == PRIO_EGIT)
			cli_error("cannot read the history: %s", why);
		else
			cli_error("%s", why);
		return rc == PRIO_EGIT ? EXIT_FAILURE_ : EXIT_USAGE;
	}
	if (json)
		print_json(cli, h);
	else
		print_text(cli, h, dia);
	if (id && !h->story_seen)
		cli_error("no story %s in the history of %s", id,
		    range ? range : "HEAD");
	cli_note_cut(cli, &h->cut);
	prio_history_free(h);
	return EXIT_OK;
}

/* An argument ending in ".md" names a story by its file (a range
 * does not end so; "origin/x" has a '/' too, so that cannot tell). */
static bool
names_file(const char *arg)
{
	size_t n = strlen(arg);

	return n > 3 && strcmp(arg + n - 3, ".md") == 0;
}

/* The ID of the story in the work tree's file arg, in *id. */
static int
file_story_id(struct cli *cli, const char *arg, char **id)
{
	struct prio_story *s;
	int rc;

	*id = NULL;
	if ((rc = cli_load_backlog(cli, NULL, false)) != EXIT_OK ||
	    (rc = cli_find_story_file(cli, arg, &s)) != EXIT_OK)
		return rc;
	*id = prio_xstrdup(s->id);
	return EXIT_OK;
}

static int
run(struct cli *cli, int argc, char **argv)
{
	struct cli_getopt g = { 0 };
	const char *args[3] = { NULL, NULL, NULL }, *range = NULL;
	struct prio_config *cfg;
	char *id = NULL;
	bool json = false;
	int c, nargs = 0, rc;

	/* "-": options may follow the arguments (log S-42 --json). */
	while ((c = cli_getopt(cli, &g, argc, argv)) != -1) {
		if (c == 1) {
			if (nargs < 3)
				args[nargs] = optarg;
			nargs++;
		} else if (c == OPT_JSON)
			json = true;
		else
			return cli_bad_option(cli, c, argv);
	}
	for (; optind < argc; optind++, nargs++)
		if (nargs < 3)
			args[nargs] = argv[optind];
	if (nargs > 2)
		return cli_usage_error(cli, "unexpected argument '%s'",
		    args[2]);
	cfg = head_config(cli);
	if (nargs >= 1 && names_file(args[0])) {
		range = args[1];
		if ((rc = file_story_id(cli, args[0], &id)) != EXIT_OK) {
			prio_config_free(cfg);
			return rc;
		}
	} else if (nargs == 2) {
		range = args[1];
		if ((id = story_id(cfg, args[0])) == NULL) {
			rc = cli_usage_error(cli, "'%s' is not a story ID; "
			    "IDs look like %s-42", args[0], cfg ?
			    cfg->id_prefix : "S");
			prio_config_free(cfg);
			return rc;
		}
	} else if (nargs != 1 || (id = story_id(cfg, args[0])) == NULL)
		range = args[0];
	rc = read_history(cli, id, range, json, cfg ? cfg->dialect :
	    prio_dialect_prio());
	free(id);
	prio_config_free(cfg);
	return rc;
}

static const struct cli_opt opts[] = {
	{ OPT_JSON, 0, "json", CLI_ARG_NONE, NULL,
	    .help = "{\"version\": 1, \"kind\": \"prio.log\",\n"
	    "\"entries\": [{commit, author, date,\n"
	    "subject, body, changes: [{story, field, from, to,\n"
	    "position_from, position_to}]}]}; field is rank, status,\n"
	    "a score input, created, removed or score-formula; a\n"
	    "merge adds merge_of, and from_theirs to its changes" },
	{ 0 }
};

static const struct cli_operand operands[] = {
	{ "story", .complete = CLI_COMPLETE_ID },
	{ "range", .complete = CLI_COMPLETE_REF },
	{ 0 }
};

const struct cmd cmd_log = {
	.name = "log",
	.usage = "[<id>] [<range>] [--json]",
	.summary = "Show the audit trail: every priority decision in history",
	.help =
	    "For each commit that changes a story's rank, position, status "
	    "or score\n"
	    "inputs, or creates or removes a story, newest first as 'git "
	    "log' lists\n"
	    "them: the commit, its author, date and message, and each "
	    "change, found\n"
	    "by comparing the stories with the parent's (hand edits count "
	    "as prio's\n"
	    "own commits do).  Positions are in the backlog order before "
	    "and after\n"
	    "the commit:\n\n"
	    "  commit 3f2a9c4e...\n"
	    "  Author: Ada <ada@example.com>\n"
	    "  Date:   2026-11-02T10:00:00+00:00\n\n"
	    "      prio: move S-42 to #3 (was #9)\n\n"
	    "      Offline payments are blocking the Kenya pilot.\n\n"
	    "      S-42 rank 12 -> 2.5, #9 -> #3\n"
	    "      S-7 status ready -> dropped, was #4\n"
	    "      S-9 value 3 -> 8, effort 5 -> 3, #12 -> #6\n"
	    "      S-50 created at #14\n"
	    "      S-3 removed from #2\n\n"
	    "One line per changed story, in ID order: its changes ('none' "
	    "for a missing\n"
	    "value), then its move ('#9 -> #3', 'was #4' when it left the "
	    "order,\n"
	    "'now #4' when it entered it; nothing when it kept its place).  "
	    "A change of\n"
	    "the config's score formula shows as 'score formula <old> -> "
	    "<new>'.  A\n"
	    "merge is an entry for the values it decided itself, unlike "
	    "both\n"
	    "parents' (a resolved conflict, see prio resolve):\n"
	    "'S-8 rank 1.264 | 5 -> 7 (merge of d)', ours | theirs -> the "
	    "merge's;\n"
	    "what it took from a side is no entry.  The message's Prio-* "
	    "trailers are\n"
	    "not shown here (the lines say the same); --json keeps the "
	    "body as\n"
	    "written.\n\n"
	    "Arguments:\n"
	    "  <id>             only changes to this story; one that never "
	    "appears in\n"
	    "                   the history gives no entries and a note on "
	    "stderr\n"
	    "  <range>          git syntax: A..B, A...B, or one revision "
	    "(all history\n"
	    "                   reachable from it); default HEAD.  A lone "
	    "argument\n"
	    "                   that is a story ID is the <id>; one ending "
	    "in .md is a\n"
	    "                   story file, whose ID is the <id>\n",
	.opts = opts,
	.operands = operands,
	.args_order = CLI_ARGS_INLINE,
	.flags = CMD_NEEDS_REPO | CMD_PAGED,
	.run = run,
};
