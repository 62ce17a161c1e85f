/*
 * Fuzz target: the story parser (prio/story.h).
 *
 * The input is a story file.  It is parsed with PRIO_PARSE_FULL and
 * without; neither may crash, both must give the same diagnostics (the
 * header promises it), every diagnostic names the file and a line that
 * exists, and the positions the story reports lie inside the file.
 */
#include <string.h>

#include "prio/config.h"
#include "prio/diag.h"
#include "prio/error.h"
#include "prio/story.h"
#include "fuzz.h"

#define STORY_PATH "backlog/stories/S-1.md"

static unsigned
count_lines(const uint8_t *data, size_t size)
{
	unsigned n = 1;
	size_t i;

	for (i = 0; i < size; i++)
		if (data[i] == '\n' || (data[i] == '\r' &&
		    (i + 1 == size || data[i + 1] != '\n')))
			n++;
	return n;
}

static void
check_story(const struct prio_story *s, const uint8_t *data, size_t size,
    unsigned lines)
{
	size_t i;

	fuzz_assert(s != NULL);
	fuzz_assert(strcmp(s->path, STORY_PATH) == 0);
	fuzz_assert(s->body_offset <= size);
	fuzz_assert(s->criteria_met <= s->ncriteria);
	fuzz_assert(s->rank == NULL || s->rank_text != NULL);
	for (i = 0; i < s->nfields; i++) {
		fuzz_assert(s->fields[i].key != NULL);
		fuzz_assert(s->fields[i].key_line >= 1);
		fuzz_assert(s->fields[i].key_line <= lines);
	}
	for (i = 0; i < s->ncriteria && s->criteria != NULL; i++)
		fuzz_assert(s->criteria[i].line <= lines);
	(void)data;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct prio_diags cd = PRIO_DIAGS_INIT, full = PRIO_DIAGS_INIT,
	    lean = PRIO_DIAGS_INIT;
	struct prio_config *cfg = NULL;
	struct prio_story_parser *p;
	struct prio_story *a, *b;
	unsigned lines = count_lines(data, size);
	size_t i;

	if (prio_config_parse(&cfg, "backlog/prio.yml", "", 0, &cd) != PRIO_OK)
		fuzz_fail("the default config does not parse");
	a = prio_story_parse(STORY_PATH, (const char *)data, size, cfg, &full);
	check_story(a, data, size, lines);

	p = prio_story_parser_new(cfg, 0);
	b = prio_story_parser_parse(p, STORY_PATH, (const char *)data, size,
	    &lean);
	check_story(b, data, size, lines);
	fuzz_assert(a->readable == b->readable);
	fuzz_assert(a->ncriteria == b->ncriteria);
	fuzz_assert(a->criteria_met == b->criteria_met);
	fuzz_assert(full.count == lean.count);
	for (i = 0; i < full.count; i++) {
		fuzz_assert(strcmp(full.items[i].path, STORY_PATH) == 0);
		fuzz_assert(full.items[i].line >= 1);
		fuzz_assert(full.items[i].line <= lines);
		fuzz_assert(full.items[i].column >= 1);
		fuzz_assert(full.items[i].line == lean.items[i].line);
		fuzz_assert(strcmp(full.items[i].message,
		    lean.items[i].message) == 0);
	}
	prio_story_free(a);
	prio_story_free(b);
	prio_story_parser_free(p);
	prio_diags_free(&full);
	prio_diags_free(&lean);
	prio_diags_free(&cd);
	prio_config_free(cfg);
	return 0;
}
