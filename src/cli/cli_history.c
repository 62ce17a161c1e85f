/*
 * What the commands that read history share: the note that a shallow
 * clone's history is cut, and the exit for an object a partial clone
 * has not fetched (prio/shallow.h).
 */
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "cli.h"
#include "prio/error.h"
#include "prio/shallow.h"

void
cli_note_cut(struct cli *cli, const struct prio_shallow_cut *cut)
{
	time_t t;
	struct tm tm;
	char day[16] = "?";

	if (cut->count == 0 || cli->cut_noted)
		return;
	cli->cut_noted = true;
	t = (time_t)(cut->time + (int64_t)cut->offset * 60);
	if (gmtime_r(&t, &tm))
		strftime(day, sizeof(day), "%Y-%m-%d", &tm);
	if (cut->count == 1)
		cli_error("history is cut at the shallow clone's boundary "
		    "(commit %.7s, %s); 'git fetch --unshallow' reads the "
		    "rest", git_oid_tostr_s(&cut->commit), day);
	else
		cli_error("history is cut at the shallow clone's boundary "
		    "(commit %.7s, %s, and %zu more); 'git fetch --unshallow' "
		    "reads the rest", git_oid_tostr_s(&cut->commit), day,
		    cut->count - 1);
}

bool
cli_fetch_error(const struct cli *cli, int rc)
{
	if (rc != PRIO_EFETCH)
		return false;
	cli_error("%s", cli->diags.count ?
	    cli->diags.items[cli->diags.count - 1].message :
	    "an object is not in this partial clone yet");
	return true;
}
