/*
 * Unit tests for prio/backlogmd_write.h: Backlog.md's ordinal between
 * two neighbours (calculateNewOrdinal, the numbers as JavaScript writes
 * them), its updated_date stamp, file names and next IDs.  The expected
 * values are Backlog.md 1.52's own (its source, and its CLI run by hand).
 */
#include <stdlib.h>
#include <string.h>

#include "prio/backlogmd_write.h"
#include "prio/error.h"
#include "tap.h"

static void
between(const char *prev, const char *next, int want_rc, const char *want)
{
	char *out = NULL;
	int rc = prio_bmdw_ordinal_between(prev, next, &out);

	is_int(rc, want_rc, "between %s and %s: rc", prev ? prev : "-",
	    next ? next : "-");
	is_str(out, want, "between %s and %s: %s", prev ? prev : "-",
	    next ? next : "-", want ? want : "rebalance");
	free(out);
}

static void
stamp(const char *in, const char *want, const char *name)
{
	struct prio_buf out = PRIO_BUF_INIT;
	char *err = NULL;

	is_int(prio_bmdw_stamp(&out, in, strlen(in), "2026-11-24 09:30",
	    &err), PRIO_OK, "stamp: %s: ok", name);
	is_str(out.ptr, want, "stamp: %s", name);
	prio_buf_free(&out);
	free(err);
}

static void
name(const char *id, const char *title, const char *want)
{
	char *got = prio_bmdw_file_name(id, title);

	is_str(got, want, "file name of '%s'", title);
	free(got);
}

int
main(void)
{
	static const char *const ids[] = { "BACK-3", "back-07", "BACK-12.1",
		"DRAFT-40", "BACK-x", "TASK-99", "BACK-2" };
	struct prio_buf b = PRIO_BUF_INIT;
	char *err = NULL, *id;
	char when[17];

	between(NULL, NULL, PRIO_OK, "1000");
	between(NULL, "1000", PRIO_OK, "500");
	between(NULL, "1", PRIO_OK, "0.5");
	between("1000", NULL, PRIO_OK, "2000");
	between("1250.5", NULL, PRIO_OK, "2250.5");
	between("1000", "2000", PRIO_OK, "1500");
	between("750", "875", PRIO_OK, "812.5");
	between("0.1", "0.2", PRIO_OK, "0.15000000000000002");
	between("1000", "1001", PRIO_OK, "1000.5");
	between("1e3", "2000", PRIO_EINVAL, NULL);
	between("-1", "2000", PRIO_EINVAL, NULL);
	/* Backlog.md rebalances: no room, or no number strictly between. */
	between("1000", "1000", PRIO_ERANGE, NULL);
	between("2000", "1000", PRIO_ERANGE, NULL);
	between("1000", "1000.0000005", PRIO_ERANGE, NULL);
	between(NULL, "0.000001", PRIO_ERANGE, NULL);
	between(NULL, "0", PRIO_ERANGE, NULL);
	/* Below 1e-6 JavaScript writes an exponent, which no rank reads. */
	between(NULL, "0.0000015", PRIO_ERANGE, NULL);

	id = prio_bmdw_ordinal_nth(0);
	is_str(id, "1000", "the first renumbered ordinal");
	free(id);
	id = prio_bmdw_ordinal_nth(9);
	is_str(id, "10000", "the tenth");
	free(id);

	ok(!prio_bmdw_key_stamps("ordinal"), "an ordinal stamps nothing");
	ok(prio_bmdw_key_stamps("status"), "a status stamps updated_date");
	ok(!prio_bmdw_key_stamps("updated_date"), "nor does the stamp");

	prio_bmdw_stamp_text(when, 0);
	is_str(when, "1970-01-01 00:00", "the stamp is UTC to the minute");
	prio_bmdw_stamp_text(when, 1795512659);
	is_str(when, "2026-11-24 09:30", "a later one");
	ok(prio_bmdw_stamp_valid("2026-11-24 09:30"), "a stamp is valid");
	ok(!prio_bmdw_stamp_valid("2026-11-24"), "a date alone is not");
	ok(!prio_bmdw_stamp_valid("2026-02-30 09:30"), "nor a bad date");
	ok(!prio_bmdw_stamp_valid("2026-11-24 24:00"), "nor hour 24");
	ok(!prio_bmdw_stamp_valid("2026-11-24 09:60"), "nor minute 60");

	stamp("---\nid: A-1\ncreated_date: '2026-11-23 11:51'\nlabels: []\n"
	    "---\nbody\n", "---\nid: A-1\ncreated_date: '2026-11-23 11:51'\n"
	    "updated_date: '2026-11-24 09:30'\nlabels: []\n---\nbody\n",
	    "added after created_date");
	stamp("---\nid: A-1\nupdated_date: 2020-01-01 # old\nx: 1\n---\n",
	    "---\nid: A-1\nupdated_date: '2026-11-24 09:30'\nx: 1\n---\n",
	    "replaced on its line, as Backlog.md replaces it");
	stamp("---\r\nid: A-1\r\n---\r\n", "---\r\nid: A-1\r\nupdated_date: "
	    "'2026-11-24 09:30'\r\n---\r\n", "CRLF: at the end, CRLF");
	stamp("---\nid: A-1\ntitle: updated_date: no\n---\nupdated_date: x\n",
	    "---\nid: A-1\ntitle: updated_date: no\nupdated_date: "
	    "'2026-11-24 09:30'\n---\nupdated_date: x\n",
	    "a key inside a value, or in the body, is not the key");
	is_int(prio_bmdw_stamp(&b, "no front matter\n", 16, "x", &err),
	    PRIO_EINVAL, "no front matter: refused");
	ok(err != NULL, "with a reason");
	free(err);
	prio_buf_free(&b);

	name("BACK-7", "Pay offline", "back-7 - Pay-offline.md");
	name("BACK-6", "Fix: the 'odd' #1 title", "back-6 - Fix-the-odd-1-title.md");
	name("BACK-8", "  a / b -- (c)!  ", "back-8 - a-b-c.md");
	name("DRAFT-2", "Idea two", "draft-2 - Idea-two.md");

	id = prio_bmdw_next_id("back", ids, 7, 0);
	is_str(id, "BACK-8", "next ID: the highest top-level one + 1");
	free(id);
	id = prio_bmdw_next_id("back", ids, 0, 3);
	is_str(id, "BACK-001", "none yet, zero-padded");
	free(id);
	id = prio_bmdw_next_id("draft", ids, 7, 0);
	is_str(id, "DRAFT-41", "drafts count among drafts");
	free(id);
	return tap_done();
}
