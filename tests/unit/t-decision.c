/*
 * Unit tests for prio/decision.h: messages prio writes read back the
 * same, and odd messages (no body, trailers only, CRLF, a rationale
 * that looks like trailers, bytes that are not UTF-8) split as git's
 * trailer rule says.
 */
#include <stdlib.h>
#include <string.h>

#include "prio/buf.h"
#include "prio/decision.h"
#include "prio/error.h"
#include "tap.h"

static void
parse(struct prio_message *m, const char *msg)
{
	prio_message_parse(m, msg, strlen(msg));
}

static void
round_trip(void)
{
	struct prio_buf t = PRIO_BUF_INIT, v = PRIO_BUF_INIT;
	struct prio_message m;
	char *items[] = { "a", "b c" };
	char *msg;

	prio_decision_story(&t, "S-42");
	prio_decision_change(&t, "rank", "12", "2.5");
	prio_decision_change(&t, "owner", "", NULL);
	prio_decision_list(&v, items, 2);
	prio_decision_change(&t, "labels", NULL, v.ptr);
	prio_decision_story(&t, "S-7");
	prio_decision_change(&t, "status", "ready", "done");
	msg = prio_decision_message("prio: move S-42 to #3 (was #9)",
	    "Offline payments\nblock the pilot.", t.ptr);
	is_str(msg, "prio: move S-42 to #3 (was #9)\n\nOffline payments\n"
	    "block the pilot.\n\nPrio-Story: S-42\nPrio-Change: rank 12 -> "
	    "2.5\nPrio-Change: owner none -> none\nPrio-Change: labels none "
	    "-> [a, b c]\nPrio-Story: S-7\nPrio-Change: status ready -> "
	    "done\n", "the message as prio has always written it");
	parse(&m, msg);
	is_str(m.subject, "prio: move S-42 to #3 (was #9)", "subject back");
	is_str(m.rationale, "Offline payments\nblock the pilot.",
	    "rationale back");
	is_int(m.ntrailers, 6, "six trailers");
	is_str(m.trailers[0].key, "Prio-Story", "first key");
	is_str(m.trailers[0].value, "S-42", "first value");
	ok(m.trailers[0].story == NULL, "a Prio-Story has no story");
	is_str(m.trailers[1].value, "rank 12 -> 2.5", "change value");
	is_str(m.trailers[1].story, "S-42", "change's story");
	is_str(m.trailers[5].story, "S-7", "second story's change");
	prio_message_free(&m);
	free(msg);

	msg = prio_decision_message("s", "", "Prio-Story: S-1\n");
	is_str(msg, "s\n\nPrio-Story: S-1\n", "no rationale: no paragraph");
	parse(&m, msg);
	is_str(m.rationale, "", "rationale empty");
	is_int(m.ntrailers, 1, "one trailer");
	prio_message_free(&m);
	free(msg);
	prio_buf_free(&t);
	prio_buf_free(&v);
}

static void
odd_messages(void)
{
	struct prio_message m;

	parse(&m, "just a subject");
	is_str(m.subject, "just a subject", "no body: subject");
	is_str(m.rationale, "", "no body: no rationale");
	is_int(m.ntrailers, 0, "no body: no trailers");
	prio_message_free(&m);

	parse(&m, "Key: value looks like a trailer\n");
	is_str(m.subject, "Key: value looks like a trailer",
	    "the subject is never a trailer");
	is_int(m.ntrailers, 0, "so no trailers");
	prio_message_free(&m);

	parse(&m, "subj\n\nPrio-Story: S-3\nPrio-Change: rank 1 -> 2\n\n\n");
	is_str(m.rationale, "", "trailers only: no rationale");
	is_int(m.ntrailers, 2, "trailers only: two");
	prio_message_free(&m);

	parse(&m, "two\nlines\r\n\r\nWhy:\r\nbecause\r\n\r\nPrio-Story: "
	    "S-9\r\nPrio-Change: rank none -> 3\r\n");
	is_str(m.subject, "two lines", "CRLF: subject joined");
	is_str(m.rationale, "Why:\nbecause", "CRLF: rationale without CR");
	is_str(m.trailers[1].value, "rank none -> 3", "CRLF: value without CR");
	is_str(m.trailers[1].story, "S-9", "CRLF: story");
	prio_message_free(&m);

	parse(&m, "s\n\nNote: customers asked\nSee: S-4\n\nPrio-Story: S-4\n");
	is_str(m.rationale, "Note: customers asked\nSee: S-4",
	    "a rationale of Key: value lines stays a rationale");
	is_int(m.ntrailers, 1, "only the last paragraph is trailers");
	prio_message_free(&m);

	parse(&m, "s\n\nWhy it moved.\nPrio-Story: S-4\n");
	is_str(m.rationale, "Why it moved.\nPrio-Story: S-4",
	    "a mixed last paragraph is a rationale");
	is_int(m.ntrailers, 0, "no trailers in it");
	prio_message_free(&m);

	parse(&m, "s\n\nPrio-Story: S-4\nPrio-Change: title a ->\n  b c\n");
	is_str(m.trailers[1].value, "title a -> b c", "continuation joined");
	prio_message_free(&m);

	parse(&m, "caf\xe9\n\nr\xff\xfe\n\nPrio-Story: S-\xe9\n");
	is_str(m.subject, "caf\xe9", "not UTF-8: subject kept");
	is_str(m.rationale, "r\xff\xfe", "not UTF-8: rationale kept");
	is_str(m.trailers[0].value, "S-\xe9", "not UTF-8: value kept");
	prio_message_free(&m);

	parse(&m, "");
	is_str(m.subject, "", "empty message");
	prio_message_free(&m);
}

static void
append(void)
{
	char *a, *b;

	a = prio_decision_append("Merge branch 'd'\n\n# Conflicts:\n#\t"
	    "backlog/stories/S-8.md\n", "Sales wins.",
	    "Prio-Story: S-8\nPrio-Change: rank 5 -> 7\n");
	is_str(a, "Merge branch 'd'\n\n# Conflicts:\n#\tbacklog/stories/"
	    "S-8.md\n\nSales wins.\n\nPrio-Story: S-8\nPrio-Change: rank 5 "
	    "-> 7\n", "MERGE_MSG: the decision after git's text");
	b = prio_decision_append(a, "Key: value\nis a rationale too.",
	    "Prio-Story: S-9\nPrio-Change: status a -> b\n");
	is_str(b, "Merge branch 'd'\n\n# Conflicts:\n#\tbacklog/stories/"
	    "S-8.md\n\nSales wins.\n\nKey: value\nis a rationale too.\n\n"
	    "Prio-Story: S-8\nPrio-Change: rank 5 -> 7\nPrio-Story: S-9\n"
	    "Prio-Change: status a -> b\n",
	    "a second decision: its rationale before the one trailer block");
	free(a);
	a = prio_decision_append(b, "", "Prio-Story: S-1\n");
	ok(strstr(a, "-> b\nPrio-Story: S-1\n") != NULL,
	    "no rationale: the trailer joins the block");
	free(a);
	free(b);
	a = prio_decision_append("Merge branch 'd'\r\n", "Why", "Prio-Story: "
	    "S-1\n");
	is_str(a, "Merge branch 'd'\n\nWhy\n\nPrio-Story: S-1\n", "CRLF");
	free(a);
}

static void
strip(void)
{
	struct prio_buf out = PRIO_BUF_INIT;

	prio_decision_strip(&out, "Why.\n\nPrio-Story: S-1\nSigned-off-by: "
	    "A <a@b>\nPrio-Change: rank 1 -> 2\n  more");
	is_str(out.ptr, "Why.\n\nSigned-off-by: A <a@b>",
	    "Prio-* trailers (and continuations) go, others stay");
	prio_decision_strip(&out, "Why.\nPrio-Story: S-1\n");
	is_str(out.ptr, "Why.\nPrio-Story: S-1\n", "no block: as written");
	prio_buf_free(&out);
}

static void
conflicts(void)
{
	struct prio_conflict c;
	char *why = NULL;
	const char *f;

	f = "---\nid: S-8\n<<<<<<< HEAD\n# S-8 rank: abc123 Ada\nrank: 5\n"
	    "labels:\n  - a\n||||||| base\nrank: 3\n=======\nrank: 7\n"
	    ">>>>>>> d\nstatus: ready\n---\nBody.\n";
	is_int(prio_conflict_read(&c, f, strlen(f), &why), 0, "diff3 hunk");
	is_str(c.ours, "---\nid: S-8\nrank: 5\nlabels:\n  - a\nstatus: "
	    "ready\n---\nBody.\n", "ours: comments and base dropped");
	is_str(c.theirs, "---\nid: S-8\nrank: 7\nstatus: ready\n---\n"
	    "Body.\n", "theirs");
	is_int(c.nkeys, 2, "two keys");
	is_str(c.keys[0], "rank", "rank first");
	is_str(c.keys[1], "labels", "then labels (its item is not a key)");
	prio_conflict_free(&c);

	f = "---\r\nid: S-8\r\n<<<<<<< HEAD\r\nrank: 5\r\n=======\r\n"
	    "rank: 7\r\n>>>>>>> d\r\n---\r\n";
	is_int(prio_conflict_read(&c, f, strlen(f), &why), 0, "CRLF");
	is_str(c.theirs, "---\r\nid: S-8\r\nrank: 7\r\n---\r\n",
	    "CRLF: line ends kept");
	prio_conflict_free(&c);

	f = "---\nid: S-8\nrank: 5\n---\nBody.\n";
	is_int(prio_conflict_read(&c, f, strlen(f), &why), PRIO_ENOTFOUND,
	    "no markers: not found");
	is_str(why, "its front matter has no conflict markers", "says so");
	free(why);

	f = "---\nid: S-8\n<<<<<<< HEAD\nrank: 5\n=======\nrank: 7\n"
	    ">>>>>>> d\n---\n<<<<<<< HEAD\nA\n=======\nB\n>>>>>>> d\n";
	is_int(prio_conflict_read(&c, f, strlen(f), &why), PRIO_EINVAL,
	    "markers in the body too: refused");
	is_str(why, "its body has conflict markers too; resolve those in an "
	    "editor first", "says so");
	free(why);

	f = "---\nid: S-8\n---\n<<<<<<< HEAD\nA\n=======\nB\n>>>>>>> d\n";
	is_int(prio_conflict_read(&c, f, strlen(f), &why), PRIO_EINVAL,
	    "markers only in the body: refused");
	is_str(why, "only its body has conflict markers; resolve them in an "
	    "editor, then 'git add' the file", "says so");
	free(why);

	f = "---\nid: S-8\n<<<<<<< HEAD\nrank: 5\n---\nA\n=======\n"
	    "rank: 7\n---\nB\n>>>>>>> d\n";
	is_int(prio_conflict_read(&c, f, strlen(f), &why), PRIO_EINVAL,
	    "a hunk across the front matter's end: refused");
	free(why);

	f = "---\nid: S-8\n<<<<<<< HEAD\nrank: 5\n";
	is_int(prio_conflict_read(&c, f, strlen(f), &why), PRIO_EINVAL,
	    "an unclosed hunk: refused");
	free(why);

	f = "no front matter\n<<<<<<< HEAD\n";
	is_int(prio_conflict_read(&c, f, strlen(f), &why), PRIO_EINVAL,
	    "no front matter: refused");
	ok(c.ours == NULL && c.nkeys == 0, "and c is empty");
	free(why);
}

int
main(void)
{
	round_trip();
	odd_messages();
	append();
	strip();
	conflicts();
	return tap_done();
}
