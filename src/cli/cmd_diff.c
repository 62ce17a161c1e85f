/* prio diff — what a branch or PR changes in the backlog (SPEC §3.3). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "cli_out.h"
#include "diff_review.h"
#include "prio/bdiff.h"
#include "prio/error.h"
#include "prio/json.h"

enum diff_format { FORMAT_TEXT, FORMAT_MARKDOWN, FORMAT_JSON };

/* Singular and plural of each kind in the summary line, in bit order. */
static const char *const kind_words[PRIO_BDIFF_NKINDS][2] = {
	{ "moved", "moved" },
	{ "new", "new" },
	{ "removed", "removed" },
	{ "status change", "status changes" },
	{ "score change", "score changes" },
	{ "criteria change", "criteria changes" },
	{ "unreadable", "unreadable" },
	{ "dependency change", "dependency changes" }
};

/* What the command compares, from its arguments as git diff takes them. */
struct diff_args {
	struct prio_bdiff_opts opts;
	char *from, *to;             /* owned copies of split ranges */
	const char *to_rev;          /* for hints; NULL: the work tree */
	const char *rank_key;        /* the format's name for the rank */
};

/* "3 moved, 1 new, 1 status change", or "none". */
static void
summary(struct prio_buf *b, const struct prio_bdiff *d)
{
	size_t k, shown = 0;

	for (k = 0; k < PRIO_BDIFF_NKINDS; k++)
		if (d->counts[k])
			prio_buf_addf(b, "%s%zu %s", shown++ ? ", " : "",
			    d->counts[k], kind_words[k][d->counts[k] != 1]);
	if (shown == 0)
		prio_buf_adds(b, "none");
}

static void
score_text(struct prio_buf *b, bool has, double score)
{
	if (has)
		prio_buf_addf(b, "%.2f", score);
	else
		prio_buf_adds(b, "none");
}

static const char *
or_none(const char *s)
{
	return s ? s : "none";
}

/* ---- text: a block per story ---- */

/* Writes s with any control character (a newline in a criterion) as a
 * space, through cli_puts. */
static void
put_line_text(FILE *out, const char *s)
{
	char *copy = prio_xstrdup(s), *p;

	for (p = copy; *p; p++)
		if ((unsigned char)*p < 0x20)
			*p = ' ';
	cli_puts(out, copy);
	free(copy);
}

static void
detail(struct cli *cli, size_t indent, struct prio_buf *line)
{
	fprintf(cli->out, "%*s", (int)indent, "");
	put_line_text(cli->out, line->ptr);
	fputc('\n', cli->out);
	prio_buf_clear(line);
}

static void
texts_text(struct cli *cli, size_t indent, const char *what,
    const struct prio_storydiff_texts *t, struct prio_buf *line)
{
	size_t i;

	for (i = 0; i < t->count; i++) {
		prio_buf_addf(line, "criterion %s: %s", what, t->items[i]);
		detail(cli, indent, line);
	}
}

/* "ready, 2 criteria": what a reviewer asks of a new story. */
static void
new_story_text(struct prio_buf *b, const struct prio_bdiff_story *s)
{
	prio_buf_addf(b, ", %zu criteri%s", s->criteria_to,
	    s->criteria_to == 1 ? "on" : "a");
	if (s->criteria_met_to)
		prio_buf_addf(b, ", %zu met", s->criteria_met_to);
}

static void
review_text(struct cli *cli, const struct prio_bdiff_story *s,
    const struct review_story *r, size_t indent, struct prio_buf *line)
{
	size_t i;

	for (i = 0; i < s->deps_added.count; i++) {
		prio_buf_addf(line, "depends on %s (added)",
		    s->deps_added.items[i]);
		detail(cli, indent, line);
	}
	for (i = 0; i < s->deps_removed.count; i++) {
		prio_buf_addf(line, "no longer depends on %s",
		    s->deps_removed.items[i]);
		detail(cli, indent, line);
	}
	for (i = 0; i < r->ncollisions; i++) {
		prio_buf_addf(line, "id %s is also %s on %s; give one of them "
		    "a new id with 'prio reid' before merging", s->id,
		    r->collisions[i].path, r->collisions[i].ref);
		detail(cli, indent, line);
	}
	for (i = 0; i < r->ndecisions; i++) {
		prio_buf_addf(line, "why (%.7s, %s): %s",
		    r->decisions[i].commit, r->decisions[i].author,
		    r->decisions[i].rationale);
		detail(cli, indent, line);
	}
}

static void
story_text(struct cli *cli, const struct diff_args *a,
    const struct prio_bdiff_story *s, const struct review_story *r,
    size_t indent)
{
	struct prio_buf line = PRIO_BUF_INIT;
	size_t i;

	if (s->changes & PRIO_BDIFF_MOVED) {
		prio_buf_addf(&line, "moved %s #%zu → #%zu (",
		    s->position_to < s->position_from ? "↑" : "↓",
		    s->position_from, s->position_to);
		if (s->rank_from || s->rank_to)
			prio_buf_addf(&line, "%s %s -> %s)", a->rank_key,
			    or_none(s->rank_from), or_none(s->rank_to));
		else
			prio_buf_adds(&line, "by score)");
		detail(cli, indent, &line);
	}
	if (s->changes & PRIO_BDIFF_NEW) {
		if (s->position_to)
			prio_buf_addf(&line, "new at #%zu, %s", s->position_to,
			    or_none(s->status_to));
		else
			prio_buf_addf(&line, "new, %s", or_none(s->status_to));
		new_story_text(&line, s);
		detail(cli, indent, &line);
	}
	if (s->changes & PRIO_BDIFF_REMOVED) {
		if (s->position_from)
			prio_buf_addf(&line, "removed (was #%zu)",
			    s->position_from);
		else
			prio_buf_addf(&line, "removed (was %s)",
			    or_none(s->status_from));
		detail(cli, indent, &line);
	}
	if (s->changes & PRIO_BDIFF_STATUS) {
		prio_buf_addf(&line, "status %s -> %s",
		    or_none(s->status_from), or_none(s->status_to));
		if (s->position_from && !s->position_to)
			prio_buf_addf(&line, " (was #%zu)", s->position_from);
		else if (!s->position_from && s->position_to)
			prio_buf_addf(&line, " (now #%zu)", s->position_to);
		detail(cli, indent, &line);
	}
	if (s->changes & PRIO_BDIFF_SCORE) {
		prio_buf_adds(&line, "score ");
		score_text(&line, s->has_score_from, s->score_from);
		prio_buf_adds(&line, " -> ");
		score_text(&line, s->has_score_to, s->score_to);
		for (i = 0; i < s->ninputs; i++)
			prio_buf_addf(&line, "%s%s %s -> %s", i ? ", " : " (",
			    s->inputs[i].field, or_none(s->inputs[i].from),
			    or_none(s->inputs[i].to));
		if (s->ninputs)
			prio_buf_addch(&line, ')');
		detail(cli, indent, &line);
	}
	texts_text(cli, indent, "added", &s->added, &line);
	texts_text(cli, indent, "removed", &s->removed, &line);
	texts_text(cli, indent, "met", &s->met, &line);
	if (s->changes & PRIO_BDIFF_UNREADABLE) {
		prio_buf_adds(&line, "unreadable");
		if (s->position_from)
			prio_buf_addf(&line, " (was #%zu)", s->position_from);
		prio_buf_addf(&line, ": 'prio check%s%s' says why",
		    a->to_rev ? " --rev " : "", a->to_rev ? a->to_rev : "");
		detail(cli, indent, &line);
	}
	review_text(cli, s, r, indent, &line);
	prio_buf_free(&line);
}

static void
print_text(struct cli *cli, const struct diff_args *a,
    const struct prio_bdiff *d, const struct review *rv)
{
	struct prio_buf b = PRIO_BUF_INIT;
	size_t i, wpos = 1, wid = 1;
	char pos[32];

	summary(&b, d);
	fprintf(cli->out, "%sBacklog changes: %s%s\n", cli_bold(cli), b.ptr,
	    cli_reset(cli));
	prio_buf_free(&b);
	for (i = 0; i < d->count; i++) {
		snprintf(pos, sizeof(pos), "#%zu", d->stories[i].position_to);
		if (d->stories[i].position_to && strlen(pos) > wpos)
			wpos = strlen(pos);
		if (d->stories[i].id && cli_width(d->stories[i].id) > wid)
			wid = cli_width(d->stories[i].id);
	}
	if (d->count)
		fputc('\n', cli->out);
	for (i = 0; i < d->count; i++) {
		const struct prio_bdiff_story *s = &d->stories[i];

		if (s->position_to)
			snprintf(pos, sizeof(pos), "#%zu", s->position_to);
		else
			snprintf(pos, sizeof(pos), "-");
		fputs(cli_bold(cli), cli->out);
		cli_pad(cli->out, pos, wpos, true);
		fputs("  ", cli->out);
		cli_pad(cli->out, s->id ? s->id : "?", wid, false);
		fputs("  ", cli->out);
		put_line_text(cli->out, s->id && s->title ? s->title :
		    s->id ? "" : s->path);
		fprintf(cli->out, "%s\n", cli_reset(cli));
		story_text(cli, a, s, &rv->stories[i], wpos + wid + 4);
	}
}

/* ---- markdown: a table for a PR comment ---- */

/* U+2060 WORD JOINER: invisible, and no letter, digit or URL part. */
#define WORD_JOINER "\xe2\x81\xa0"

/*
 * Whether GitHub would read s (within text starting at start) as the
 * start of a mention or a reference: @name and @org/team notify people,
 * #12, GH-12 and owner/repo#12 link issues (and note the link in the
 * issue), and so does a bare URL (https://..., www....) to one.  The
 * caller puts a WORD JOINER after the first len bytes, which breaks
 * each pattern and still reads the same.
 */
static bool
md_reference(const char *start, const char *s, size_t *len)
{
	bool word_before = s > start && (isalnum((unsigned char)s[-1]) ||
	    s[-1] == '_');

	*len = 1;
	if (s[0] == '@')
		return isalnum((unsigned char)s[1]) || s[1] == '-' ||
		    s[1] == '_';
	if (s[0] == '#')
		return isalnum((unsigned char)s[1]);
	*len = 2;
	if (!word_before && strncasecmp(s, "gh-", 3) == 0 &&
	    isdigit((unsigned char)s[3]))
		return true;
	*len = 3;
	if (!word_before && strncasecmp(s, "www.", 4) == 0)
		return true;
	/* Between the scheme and "//": cmark-gfm's autolink wants "://". */
	*len = 1;
	return strncmp(s, "://", 3) == 0;
}

/*
 * Escapes what GitHub's Markdown would read inside a table cell as code,
 * emphasis, a link, HTML, an entity, strike-through, maths or the cell's
 * border; control characters become spaces.  The diff is posted as a
 * pull request's comment: story text from the pull request must not
 * mention people or link issues (md_reference).
 */
static void
md_escape(struct prio_buf *b, const char *s)
{
	const char *start = s;
	size_t len;

	for (; *s; s++) {
		if ((unsigned char)*s < 0x20) {
			prio_buf_addch(b, ' ');
			continue;
		}
		if (md_reference(start, s, &len)) {
			prio_buf_add(b, s, len);
			prio_buf_adds(b, WORD_JOINER);
			s += len - 1;
			continue;
		}
		if (strchr("\\`*_[]<>|~&$", *s))
			prio_buf_addch(b, '\\');
		prio_buf_addch(b, *s);
	}
}

static void
md_sep(struct prio_buf *b)
{
	if (b->len)
		prio_buf_adds(b, "<br>");
}

static void
md_texts(struct prio_buf *b, const char *what,
    const struct prio_storydiff_texts *t)
{
	size_t i;

	for (i = 0; i < t->count; i++) {
		md_sep(b);
		prio_buf_addf(b, "criterion %s: ", what);
		md_escape(b, t->items[i]);
	}
}

static void
md_value(struct prio_buf *b, const char *from, const char *to)
{
	md_escape(b, or_none(from));
	prio_buf_adds(b, " → ");
	md_escape(b, or_none(to));
}

static void
md_review(struct prio_buf *b, const struct prio_bdiff_story *s,
    const struct review_story *r)
{
	size_t i;

	for (i = 0; i < s->deps_added.count; i++) {
		md_sep(b);
		prio_buf_adds(b, "depends on ");
		md_escape(b, s->deps_added.items[i]);
		prio_buf_adds(b, " (added)");
	}
	for (i = 0; i < s->deps_removed.count; i++) {
		md_sep(b);
		prio_buf_adds(b, "no longer depends on ");
		md_escape(b, s->deps_removed.items[i]);
	}
	for (i = 0; i < r->ncollisions; i++) {
		md_sep(b);
		prio_buf_adds(b, "⚠️ ID collision: ");
		md_escape(b, s->id);
		prio_buf_adds(b, " is also ");
		md_escape(b, r->collisions[i].path);
		prio_buf_adds(b, " on ");
		md_escape(b, r->collisions[i].ref);
		prio_buf_adds(b, "; run `prio reid` on one before merging");
	}
	for (i = 0; i < r->ndecisions; i++) {
		md_sep(b);
		prio_buf_addf(b, "_why_ (%.7s, ", r->decisions[i].commit);
		md_escape(b, r->decisions[i].author);
		prio_buf_adds(b, "): ");
		md_escape(b, r->decisions[i].rationale);
	}
}

static void
md_change(struct prio_buf *b, const struct diff_args *a,
    const struct prio_bdiff_story *s, const struct review_story *r)
{
	size_t i;

	if (s->changes & PRIO_BDIFF_MOVED) {
		md_sep(b);
		prio_buf_addf(b, "%s `#%zu → #%zu`",
		    s->position_to < s->position_from ? "↑ moved up" :
		    "↓ moved down", s->position_from, s->position_to);
		if (s->rank_from || s->rank_to) {
			prio_buf_addf(b, " (%s ", a->rank_key);
			md_value(b, s->rank_from, s->rank_to);
			prio_buf_addch(b, ')');
		} else
			prio_buf_adds(b, " (by score)");
	}
	if (s->changes & PRIO_BDIFF_NEW) {
		md_sep(b);
		if (s->position_to)
			prio_buf_addf(b, "new story at `#%zu` (",
			    s->position_to);
		else
			prio_buf_adds(b, "new story (");
		md_escape(b, or_none(s->status_to));
		{
			struct prio_buf n = PRIO_BUF_INIT;

			new_story_text(&n, s);
			prio_buf_add(b, n.ptr, n.len);
			prio_buf_free(&n);
		}
		prio_buf_addch(b, ')');
	}
	if (s->changes & PRIO_BDIFF_REMOVED) {
		md_sep(b);
		if (s->position_from)
			prio_buf_addf(b, "removed (was `#%zu`)",
			    s->position_from);
		else {
			prio_buf_adds(b, "removed (was ");
			md_escape(b, or_none(s->status_from));
			prio_buf_addch(b, ')');
		}
	}
	if (s->changes & PRIO_BDIFF_STATUS) {
		md_sep(b);
		prio_buf_adds(b, "status ");
		md_value(b, s->status_from, s->status_to);
		if (s->position_from && !s->position_to)
			prio_buf_addf(b, " (was `#%zu`)", s->position_from);
		else if (!s->position_from && s->position_to)
			prio_buf_addf(b, " (now `#%zu`)", s->position_to);
	}
	if (s->changes & PRIO_BDIFF_SCORE) {
		md_sep(b);
		prio_buf_adds(b, "score ");
		score_text(b, s->has_score_from, s->score_from);
		prio_buf_adds(b, " → ");
		score_text(b, s->has_score_to, s->score_to);
		for (i = 0; i < s->ninputs; i++) {
			prio_buf_adds(b, i ? ", " : " (");
			md_escape(b, s->inputs[i].field);
			prio_buf_addch(b, ' ');
			md_value(b, s->inputs[i].from, s->inputs[i].to);
		}
		if (s->ninputs)
			prio_buf_addch(b, ')');
	}
	md_texts(b, "added", &s->added);
	md_texts(b, "removed", &s->removed);
	md_texts(b, "met", &s->met);
	if (s->changes & PRIO_BDIFF_UNREADABLE) {
		md_sep(b);
		prio_buf_adds(b, "cannot be read as a story");
		if (s->position_from)
			prio_buf_addf(b, ", was `#%zu`", s->position_from);
		prio_buf_addf(b, " (`prio check%s", a->to_rev ? " --rev " : "");
		if (a->to_rev)
			md_escape(b, a->to_rev);
		prio_buf_adds(b, "` says why)");
	}
	md_review(b, s, r);
}

static void
print_markdown(struct cli *cli, const struct diff_args *a,
    const struct prio_bdiff *d, const struct review *rv)
{
	struct prio_buf b = PRIO_BUF_INIT, cell = PRIO_BUF_INIT;
	size_t i;

	summary(&b, d);
	fprintf(cli->out, "**Backlog changes**: %s\n", b.ptr);
	if (d->count)
		fputs("\n| # | Story | Change |\n|--:|---|---|\n", cli->out);
	for (i = 0; i < d->count; i++) {
		const struct prio_bdiff_story *s = &d->stories[i];

		prio_buf_clear(&b);
		if (s->position_to)
			prio_buf_addf(&b, "| %zu | ", s->position_to);
		else
			prio_buf_adds(&b, "| – | ");
		if (s->id) {
			md_escape(&b, s->id);
			prio_buf_addch(&b, ' ');
			md_escape(&b, s->title ? s->title : "");
		} else
			md_escape(&b, s->path);
		prio_buf_adds(&b, " | ");
		prio_buf_clear(&cell);
		md_change(&cell, a, s, &rv->stories[i]);
		prio_buf_add(&b, cell.ptr, cell.len);
		prio_buf_adds(&b, " |\n");
		fwrite(b.ptr, 1, b.len, cli->out);
	}
	prio_buf_free(&cell);
	prio_buf_free(&b);
}

/* ---- json ---- */

static void
json_oid(struct prio_json *j, bool has, const git_oid *id)
{
	char hex[GIT_OID_HEXSZ + 1];

	if (!has) {
		prio_json_null(j);
		return;
	}
	git_oid_tostr(hex, sizeof(hex), id);
	prio_json_string(j, hex);
}

static void
json_position(struct prio_json *j, const char *key, size_t pos)
{
	prio_json_key(j, key);
	if (pos)
		prio_json_int(j, (long long)pos);
	else
		prio_json_null(j);
}

static void
json_score(struct prio_json *j, const char *key, bool has, double score)
{
	prio_json_key(j, key);
	if (has)
		prio_json_number(j, score);
	else
		prio_json_null(j);
}

static void
json_texts(struct prio_json *j, const char *key,
    const struct prio_storydiff_texts *t)
{
	size_t i;

	prio_json_key(j, key);
	prio_json_array_begin(j);
	for (i = 0; i < t->count; i++)
		prio_json_string(j, t->items[i]);
	prio_json_array_end(j);
}

static void
review_json(struct prio_json *j, const struct prio_bdiff_story *s,
    const struct review_story *r)
{
	size_t i;

	prio_json_key(j, "depends_on");
	prio_json_object_begin(j);
	json_texts(j, "added", &s->deps_added);
	json_texts(j, "removed", &s->deps_removed);
	prio_json_object_end(j);
	/* What a reviewer asks of a new story; null for the others. */
	prio_json_key(j, "criteria_total");
	if (s->changes & PRIO_BDIFF_NEW)
		prio_json_int(j, (long long)s->criteria_to);
	else
		prio_json_null(j);
	prio_json_key(j, "criteria_met");
	if (s->changes & PRIO_BDIFF_NEW)
		prio_json_int(j, (long long)s->criteria_met_to);
	else
		prio_json_null(j);
	prio_json_key(j, "decisions");
	prio_json_array_begin(j);
	for (i = 0; i < r->ndecisions; i++) {
		prio_json_object_begin(j);
		prio_json_key(j, "commit");
		prio_json_string(j, r->decisions[i].commit);
		prio_json_key(j, "author");
		prio_json_string(j, r->decisions[i].author);
		prio_json_key(j, "rationale");
		prio_json_string(j, r->decisions[i].rationale);
		prio_json_object_end(j);
	}
	prio_json_array_end(j);
	prio_json_key(j, "collisions");
	prio_json_array_begin(j);
	for (i = 0; i < r->ncollisions; i++) {
		prio_json_object_begin(j);
		prio_json_key(j, "ref");
		prio_json_string(j, r->collisions[i].ref);
		prio_json_key(j, "path");
		prio_json_string(j, r->collisions[i].path);
		prio_json_object_end(j);
	}
	prio_json_array_end(j);
}

static void
story_json(struct prio_json *j, const struct prio_bdiff_story *s,
    const struct review_story *r)
{
	size_t i;

	prio_json_object_begin(j);
	prio_json_key(j, "id");
	prio_json_string(j, s->id);
	prio_json_key(j, "title");
	prio_json_string(j, s->title);
	prio_json_key(j, "path");
	prio_json_string(j, s->path);
	json_position(j, "position_from", s->position_from);
	json_position(j, "position_to", s->position_to);
	prio_json_key(j, "rank_from");
	prio_json_string(j, s->rank_from);
	prio_json_key(j, "rank_to");
	prio_json_string(j, s->rank_to);
	prio_json_key(j, "status_from");
	prio_json_string(j, s->status_from);
	prio_json_key(j, "status_to");
	prio_json_string(j, s->status_to);
	json_score(j, "score_from", s->has_score_from, s->score_from);
	json_score(j, "score_to", s->has_score_to, s->score_to);
	prio_json_key(j, "score_inputs");
	prio_json_array_begin(j);
	for (i = 0; i < s->ninputs; i++) {
		prio_json_object_begin(j);
		prio_json_key(j, "field");
		prio_json_string(j, s->inputs[i].field);
		prio_json_key(j, "from");
		prio_json_string(j, s->inputs[i].from);
		prio_json_key(j, "to");
		prio_json_string(j, s->inputs[i].to);
		prio_json_object_end(j);
	}
	prio_json_array_end(j);
	prio_json_key(j, "changes");
	prio_json_array_begin(j);
	for (i = 0; i < PRIO_BDIFF_NKINDS; i++)
		if (s->changes & (1u << i))
			prio_json_string(j, prio_bdiff_change_name(1u << i));
	prio_json_array_end(j);
	prio_json_key(j, "criteria");
	prio_json_object_begin(j);
	json_texts(j, "added", &s->added);
	json_texts(j, "removed", &s->removed);
	json_texts(j, "met", &s->met);
	prio_json_object_end(j);
	review_json(j, s, r);
	prio_json_object_end(j);
}

static void
print_json(struct cli *cli, const struct prio_bdiff *d,
    const struct review *rv)
{
	struct prio_buf out = PRIO_BUF_INIT;
	struct prio_json j;
	size_t i;

	cli_json_begin(&j, &out, "prio.diff");
	prio_json_key(&j, "from");
	json_oid(&j, !d->from_unborn, &d->from);
	prio_json_key(&j, "to");
	json_oid(&j, !d->to_worktree, &d->to);
	prio_json_key(&j, "stories");
	prio_json_array_begin(&j);
	for (i = 0; i < d->count; i++)
		story_json(&j, &d->stories[i], &rv->stories[i]);
	prio_json_array_end(&j);
	prio_json_object_end(&j);
	cli_write_json(cli, &out);
	prio_buf_free(&out);
}

/* ---- arguments ---- */

/* The two ends of "A..B" or "A...B"; an empty end is HEAD. */
static void
split_range(struct diff_args *a, const char *arg, const char *dots,
    size_t ndots)
{
	a->from = dots == arg ? prio_xstrdup("HEAD") :
	    prio_xstrndup(arg, (size_t)(dots - arg));
	a->to = dots[ndots] ? prio_xstrdup(dots + ndots) :
	    prio_xstrdup("HEAD");
	a->opts.from = a->from;
	a->opts.to = a->to;
	a->opts.merge_base = ndots == 3;
}

static int
parse_revs(struct cli *cli, struct diff_args *a, int argc, char **argv)
{
	const char *dots;

	if (argc > 2)
		return cli_usage_error(cli, "too many revisions: give at most "
		    "two, or one range");
	if (argc == 2 && (strstr(argv[0], "..") || strstr(argv[1], "..")))
		return cli_usage_error(cli, "give either two revisions or "
		    "one range, not both");
	if (argc == 2) {
		a->opts.from = argv[0];
		a->opts.to = argv[1];
	} else if (argc == 1 && (dots = strstr(argv[0], "...")) != NULL)
		split_range(a, argv[0], dots, 3);
	else if (argc == 1 && (dots = strstr(argv[0], "..")) != NULL)
		split_range(a, argv[0], dots, 2);
	else if (argc == 1)
		a->opts.from = argv[0];
	a->to_rev = a->opts.to;
	return EXIT_OK;
}

/* Kept next to the work tree's cache; PRIO_NO_CACHE=1 turns it off. */
static char *
blob_cache_path(const struct cli *cli)
{
	const char *off = getenv("PRIO_NO_CACHE");

	if (off && *off && strcmp(off, "0") != 0)
		return NULL;
	return prio_xasprintf("%sprio/blobs.cache",
	    git_repository_path(cli->repo));
}

static void
trace(const struct prio_bdiff *d)
{
	cli_trace(1, "diff: %zu story files, %zu compared, %zu from the "
	    "cache, %zu parsed", d->files, d->compared, d->cached, d->parsed);
}

static int
failed(struct cli *cli, int rc)
{
	const struct prio_diags *dg = &cli->diags;
	const char *last = dg->count ? dg->items[dg->count - 1].message :
	    "unknown error";
	size_t i;

	switch (rc) {
	case PRIO_EFETCH:
		cli_error("%s", last);
		return EXIT_REFUSED;
	case PRIO_ENOTFOUND:
	case PRIO_EINVAL:
		cli_error("%s", last);
		return EXIT_USAGE;
	case PRIO_ECONFIG:
		for (i = 0; i < dg->count; i++)
			if (dg->items[i].severity == PRIO_SEV_ERROR)
				fprintf(stderr, "%s:%u:%u: error: %s\n",
				    dg->items[i].path, dg->items[i].line,
				    dg->items[i].column, dg->items[i].message);
		cli_error("the backlog's config is wrong; fix %s",
		    PRIO_CONFIG_PATH);
		return EXIT_USAGE;
	default:
		cli_error("cannot compare the backlogs: %s", last);
		return EXIT_FAILURE_;
	}
}

static int
run(struct cli *cli, int argc, char **argv)
{
	struct cli_getopt g = { 0 };
	struct diff_args a = { { NULL, NULL, false, NULL }, NULL, NULL, NULL, "rank" };
	enum diff_format format = FORMAT_TEXT;
	struct prio_bdiff *d = NULL;
	const char *format_arg = NULL;
	char *cache = NULL;
	bool json = false;
	int c, rc;

	while ((c = cli_getopt(cli, &g, argc, argv)) != -1) {
		switch (c) {
		case OPT_JSON:
			json = true;
			format = FORMAT_JSON;
			break;
		case OPT_FORMAT:
			format_arg = optarg;
			if (strcmp(optarg, "text") == 0)
				format = FORMAT_TEXT;
			else if (strcmp(optarg, "markdown") == 0)
				format = FORMAT_MARKDOWN;
			else if (strcmp(optarg, "json") == 0)
				format = FORMAT_JSON;
			else
				return cli_usage_error(cli, "unknown format "
				    "'%s'; use text, markdown or json",
				    optarg);
			break;
		default:
			return cli_bad_option(cli, c, argv);
		}
	}
	if ((rc = cli_format_conflict(cli, json, format_arg)) != EXIT_OK)
		return rc;
	if (json)
		format = FORMAT_JSON;
	if ((rc = parse_revs(cli, &a, argc - optind, argv + optind)) !=
	    EXIT_OK)
		return rc;
	a.opts.cache_path = cache = blob_cache_path(cli);
	if ((rc = prio_bdiff(&d, cli->repo, &a.opts, &cli->diags)) != PRIO_OK)
		rc = failed(cli, rc);
	else {
		struct review rv;

		trace(d);
		a.rank_key = d->rank_key ? d->rank_key : "rank";
		cli_diff_review(cli, d, &rv);
		if (format == FORMAT_JSON)
			print_json(cli, d, &rv);
		else if (format == FORMAT_MARKDOWN)
			print_markdown(cli, &a, d, &rv);
		else
			print_text(cli, &a, d, &rv);
		cli_diff_review_free(&rv);
		rc = EXIT_OK;
	}
	prio_bdiff_free(d);
	free(cache);
	free(a.from);
	free(a.to);
	return rc;
}

static const struct cli_opt opts[] = {
	{ OPT_FORMAT, 0, "format", CLI_ARG_REQUIRED, "<f>",
	    .help = "text (default), markdown (a table for a PR comment)\n"
	    "or json",
	    .complete = CLI_COMPLETE_WORDS, .words = "text markdown json" },
	{ OPT_JSON, 0, "json", CLI_ARG_NONE, NULL,
	    .help = "the same as --format json: {\"version\": 1,\n"
	    "\"kind\": \"prio.diff\", \"from\", \"to\", \"stories\":\n"
	    "[...]}; see prio-diff(1)" },
	{ 0 }
};

static const struct cli_operand operands[] = {
	{ "revision", .complete = CLI_COMPLETE_REF, .more = true },
	{ 0 }
};

const struct cmd cmd_diff = {
	.name = "diff",
	.usage = "[<rev> | <rev> <rev> | <rev>..<rev> | <rev>...<rev>] "
	    "[--format text|markdown|json]",
	.summary = "Show what a branch or PR changes in the backlog",
	.help =
	    "Compares two versions of the backlog, as git diff takes "
	    "revisions: none\ncompares HEAD with the work tree; <rev> "
	    "compares it with the work tree;\n<a> <b> and <a>..<b> compare "
	    "a with b; <a>...<b> compares b with where it\nbranched from a "
	    "(their merge base).  Lists, by new position, the stories\n"
	    "that moved (with old and new position and rank), new, "
	    "removed and\nunreadable stories, status and score changes, and "
	    "acceptance criteria\nadded, removed or newly met.  Exits 0 "
	    "whether or not anything changed.\n",
	.opts = opts,
	.operands = operands,
	.args_order = CLI_ARGS_PERMUTE,
	.flags = CMD_NEEDS_REPO | CMD_PAGED,
	.run = run,
};
