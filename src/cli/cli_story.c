/* Stories as the CLI shows them: the JSON object and the score column. */
#include <math.h>
#include <stdio.h>

#include "cli.h"
#include "cli_out.h"
#include "prio/json.h"

static void
string_array(struct prio_json *j, char *const *v, size_t n)
{
	size_t i;

	prio_json_array_begin(j);
	for (i = 0; i < n; i++)
		prio_json_string(j, v[i]);
	prio_json_array_end(j);
}

void
cli_story_json(struct prio_json *j, const struct prio_story *s)
{
	prio_json_object_begin(j);
	cli_story_json_members(j, s);
	prio_json_object_end(j);
}

void
cli_story_json_members(struct prio_json *j, const struct prio_story *s)
{
	prio_json_key(j, "id");
	prio_json_string(j, s->id);
	prio_json_key(j, "title");
	prio_json_string(j, s->title);
	prio_json_key(j, "status");
	prio_json_string(j, s->status);
	prio_json_key(j, "rank");
	prio_json_string(j, s->rank_text);
	prio_json_key(j, "score");
	if (s->has_score)
		prio_json_number(j, s->score);
	else
		prio_json_null(j);
	prio_json_key(j, "position");
	if (s->position)
		prio_json_int(j, (long long)s->position);
	else
		prio_json_null(j);
	prio_json_key(j, "path");
	prio_json_string(j, s->path);
	prio_json_key(j, "owner");
	prio_json_string(j, s->owner);
	prio_json_key(j, "goal");
	prio_json_string(j, s->goal);
	prio_json_key(j, "labels");
	string_array(j, s->labels, s->nlabels);
	prio_json_key(j, "depends_on");
	string_array(j, s->depends_on, s->ndepends_on);
	prio_json_key(j, "criteria");
	prio_json_object_begin(j);
	prio_json_key(j, "total");
	prio_json_int(j, (long long)s->ncriteria);
	prio_json_key(j, "met");
	prio_json_int(j, (long long)s->criteria_met);
	prio_json_object_end(j);
}

bool
cli_any_score(const struct prio_backlog *b)
{
	size_t i;

	for (i = 0; i < b->open_count; i++)
		if (b->stories[i]->has_score)
			return true;
	return false;
}

void
cli_score_text(char *buf, size_t size, const struct prio_story *s)
{
	/* %.2f of a huge score would not fit a column (or buf). */
	if (s->has_score && fabs(s->score) < 1e12)
		snprintf(buf, size, "%.2f", s->score);
	else if (s->has_score)
		snprintf(buf, size, "%.3g", s->score);
	else
		snprintf(buf, size, "-");
}

void
cli_write_json(struct cli *cli, struct prio_buf *b)
{
	prio_buf_addch(b, '\n');
	fwrite(b->ptr, 1, b->len, cli->out);
}

void
cli_json_begin(struct prio_json *j, struct prio_buf *out, const char *kind)
{
	prio_json_init(j, out);
	prio_json_object_begin(j);
	prio_json_key(j, "version");
	prio_json_int(j, 1);
	prio_json_key(j, "kind");
	prio_json_string(j, kind);
}

void
cli_json_list_begin(struct prio_json *j, struct prio_buf *out,
    const char *kind, const char *key)
{
	cli_json_begin(j, out, kind);
	prio_json_key(j, key);
	prio_json_array_begin(j);
}

void
cli_json_list_end(struct cli *cli, struct prio_json *j)
{
	prio_json_array_end(j);
	prio_json_object_end(j);
	cli_write_json(cli, j->out);
	prio_buf_free(j->out);
}
