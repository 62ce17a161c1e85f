/*
 * diff_review.h — what prio diff adds for a reviewer (cli_diff_review.c):
 * the decisions of the range behind each listed story, and the other
 * branches' files that take a new story's ID.
 */
#ifndef PRIO_CLI_DIFF_REVIEW_H
#define PRIO_CLI_DIFF_REVIEW_H

#include "prio/bdiff.h"

struct review_decision {
	char commit[GIT_OID_HEXSZ + 1];
	char *author;            /* the author's name */
	char *rationale;         /* the body less trailers */
};

struct review_collision {
	char *ref;               /* a branch, local or remote-tracking */
	char *path;              /* its file with the new story's ID */
};

struct review_story {
	struct review_decision *decisions;   /* most recent first */
	size_t ndecisions;
	struct review_collision *collisions;
	size_t ncollisions;
};

/* One per story of the diff, in its order. */
struct review {
	struct review_story *stories;
	size_t count;
};

/* Fills *out for bd (free with cli_diff_review_free).  What cannot be
 * read is left out: the review is an aid, not a check. */
void cli_diff_review(struct cli *cli, const struct prio_bdiff *bd,
    struct review *out);
void cli_diff_review_free(struct review *r);

#endif
