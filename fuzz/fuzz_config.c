/*
 * Fuzz target: the config parser (prio/config.h).
 *
 * The input is a backlog/prio.yml.  Parsing never crashes; it either
 * succeeds with a config whose invariants hold, or fails with at least
 * one error diagnostic at a line of the file and no config.  A config
 * that parses is then used to parse a small story, so the rules,
 * statuses, fields and score it sets up are exercised too.
 */
#include <string.h>

#include "prio/config.h"
#include "prio/diag.h"
#include "prio/error.h"
#include "prio/score.h"
#include "prio/story.h"
#include "fuzz.h"

static const char story[] =
    "---\n"
    "id: S-1\n"
    "title: Fuzzed config\n"
    "status: ready\n"
    "rank: 2.5\n"
    "value: 3\n"
    "urgency: 2\n"
    "risk: 1\n"
    "effort: 5\n"
    "labels: [a, b]\n"
    "---\n"
    "Body.\n"
    "\n"
    "## Acceptance criteria\n"
    "\n"
    "- [ ] one\n"
    "- [x] two\n";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct prio_diags d = PRIO_DIAGS_INIT;
	struct prio_config *cfg = (struct prio_config *)1;
	struct prio_story *s;
	size_t i, lines = 1;
	int rc;

	for (i = 0; i < size; i++)
		if (data[i] == '\n' || data[i] == '\r')
			lines++;
	rc = prio_config_parse(&cfg, "backlog/prio.yml", (const char *)data,
	    size, &d);
	for (i = 0; i < d.count; i++) {
		fuzz_assert(strcmp(d.items[i].path, "backlog/prio.yml") == 0);
		fuzz_assert(d.items[i].line >= 1 && d.items[i].line <= lines);
		fuzz_assert(d.items[i].column >= 1);
	}
	if (rc != PRIO_OK) {
		fuzz_assert(rc == PRIO_ECONFIG);
		fuzz_assert(cfg == NULL);
		fuzz_assert(prio_diags_count(&d, PRIO_SEV_ERROR) > 0);
		prio_diags_free(&d);
		return 0;
	}
	fuzz_assert(cfg != NULL);
	fuzz_assert(cfg->id_prefix != NULL);
	fuzz_assert(cfg->nstatuses > 0);
	fuzz_assert(cfg->criteria_from < cfg->nstatuses);
	fuzz_assert(cfg->score != NULL);
	fuzz_assert(cfg->max_file_size <= PRIO_MAX_FILE_SIZE_LIMIT);
	for (i = 0; i < cfg->nstatuses; i++)
		fuzz_assert(prio_config_status_index(cfg, cfg->statuses[i]) >=
		    0);
	s = prio_story_parse("backlog/stories/S-1.md", story,
	    sizeof(story) - 1, cfg, &d);
	prio_story_free(s);
	prio_diags_free(&d);
	prio_config_free(cfg);
	return 0;
}
