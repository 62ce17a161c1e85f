/*
 * "Did you mean": the commands closest to a mistyped one, found and
 * shown as git's help.c does for `git mvoe`.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* git's threshold: a command this far away or farther is no suggestion. */
#define SIMILARITY_FLOOR 7

/*
 * The Damerau-Levenshtein distance (adjacent swaps, no letter edited
 * twice) from typed to name, with git's weights: two letters swapped
 * cost 0, a wrong letter 2, a letter typed is missing 1, an extra letter
 * typed 3.  So "mvoe" is 0 from "move", "lst" 1 from "list".  Three rows
 * of the usual table: the one before the last, the last, this one.
 */
static size_t
distance(const char *typed, const char *name)
{
	size_t n = strlen(name), i, j, d, *rows, *r0, *r1, *r2, *t;

	/* Three extra letters cost 9: never similar, however long typed is. */
	if (strlen(typed) > n + 2)
		return SIMILARITY_FLOOR;
	rows = prio_xmalloc(3 * (n + 1) * sizeof(*rows));
	r0 = rows;
	r1 = r0 + n + 1;
	r2 = r1 + n + 1;
	for (j = 0; j <= n; j++)
		r1[j] = j;
	for (i = 0; typed[i]; i++) {
		r2[0] = (i + 1) * 3;
		for (j = 0; j < n; j++) {
			d = r1[j] + (typed[i] == name[j] ? 0 : 2);
			if (i > 0 && j > 0 && typed[i - 1] == name[j] &&
			    typed[i] == name[j - 1] && r0[j - 1] < d)
				d = r0[j - 1];
			if (r1[j + 1] + 3 < d)
				d = r1[j + 1] + 3;
			if (r2[j] + 1 < d)
				d = r2[j] + 1;
			r2[j + 1] = d;
		}
		t = r0;
		r0 = r1;
		r1 = r2;
		r2 = t;
	}
	d = r1[n];
	free(rows);
	return d;
}

void
cli_unknown_command(const char *typed, const struct cmd *const *commands)
{
	size_t i, best = SIZE_MAX, n = 0, *d;

	cli_error("'%s' is not a prio command; see 'prio --help'", typed);
	for (i = 0; commands[i]; i++)
		;
	d = prio_xmalloc((i + 1) * sizeof(*d));
	for (i = 0; commands[i]; i++) {
		d[i] = distance(typed, commands[i]->name);
		if (d[i] < best) {
			best = d[i];
			n = 0;
		}
		if (d[i] == best)
			n++;
	}
	/* git adds 1 to every distance before it compares with the floor. */
	if (best < SIMILARITY_FLOOR - 1) {
		fprintf(stderr, "\nThe most similar command%s\n",
		    n == 1 ? " is" : "s are");
		for (i = 0; commands[i]; i++)
			if (d[i] == best)
				fprintf(stderr, "\t%s\n", commands[i]->name);
	}
	free(d);
}
