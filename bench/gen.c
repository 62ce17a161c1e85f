/*
 * gen — writes a synthetic backlog for the benchmark (SPEC §6).
 *
 *	gen [-f prio|backlogmd] <dir> <n> [seed]
 *
 * Creates <dir>/backlog/prio.yml and <dir>/backlog/stories/S-<i>-<slug>.md
 * for i = 1..n, in one flat folder.  The same seed always gives the same
 * bytes.  With -f backlogmd it writes the same backlog as a Backlog.md
 * project instead, for bench/peer.sh: backlog/config.yml and
 * backlog/tasks/s-<i> - <slug>.md, with the same IDs, titles, statuses,
 * bodies, criteria, owners, labels and dependencies, and the rank as
 * Backlog.md's `ordinal` (the rank times 10,000, an integer).  Both
 * formats make the same random draws, so they describe the same stories.
 * The backlog is meant to be clean under `prio check`: every
 * story at or past ready has criteria and all four score inputs within
 * the configured ranges; ranks are unique; dependencies point only at
 * lower IDs and never make an open story come before one it depends on.
 *
 * Shape (see bench/README.md): about 1.1 KiB per story on average; a
 * user-story paragraph and up to two more, 2-6 acceptance criteria (a
 * quarter of the drafts have none), a Notes section; status by age,
 * older stories being mostly accepted and newer ones mostly ready or
 * draft; about half ranked.  Standalone: libc only.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))
#define MAX_DEPS	3
#define DEP_WINDOW	400	/* dependencies point at recent stories */
#define WRAP		72

enum status {
	ST_DRAFT,
	ST_READY,
	ST_IN_PROGRESS,
	ST_DONE,
	ST_ACCEPTED,
	ST_DROPPED
};

static const char *status_names[] = {
	"draft", "ready", "in-progress", "done", "accepted", "dropped"
};

/* The same workflow in Backlog.md's words (its config lists them). */
static const char *bmd_status_names[] = {
	"Draft", "Ready", "In Progress", "Done", "Accepted", "Dropped"
};

enum format { FMT_PRIO, FMT_BACKLOGMD };

/* What pass one decides about a story before any text is written. */
struct story {
	uint32_t	 rank;		/* position among ranked stories, 0: none */
	uint32_t	 deps[MAX_DEPS];
	uint8_t		 ndeps;
	uint8_t		 status;
};

/* Output buffer for one file; large enough for any story we generate. */
struct out {
	char	 buf[16384];
	size_t	 len;
	size_t	 col;		/* column of the next byte, for wrapping */
};

static uint64_t rng_state;

static const char *verbs[] = {
	"Export", "Import", "Show", "Filter", "Refund", "Schedule", "Notify",
	"Retry", "Archive", "Search", "Sync", "Approve", "Split", "Share",
	"Print", "Translate", "Reconcile", "Limit", "Validate", "Preview",
	"Group", "Pause", "Resend", "Hide", "Tag", "Compare", "Bulk-edit",
	"Download", "Sort", "Lock"
};

static const char *objects[] = {
	"daily takings", "card payments", "payout reports", "customer receipts",
	"staff PINs", "stock levels", "loyalty points", "invoices",
	"tax summaries", "refund requests", "bank transfers", "QR codes",
	"discount codes", "opening hours", "price lists", "supplier orders",
	"chargebacks", "cash-drawer counts", "gift cards", "tips",
	"customer notes", "product photos", "shift reports", "VAT returns",
	"failed payments", "branch settings", "device list", "audit events",
	"delivery fees", "table orders"
};

static const char *qualifiers[] = {
	"by SMS", "offline", "as CSV", "for accountants",
	"in the web dashboard", "on Android", "on iOS", "per branch",
	"in local currency", "before closing time", "with one tap",
	"for multi-shop owners", "after a failed sync", "by email",
	"on the home screen", "for the last 90 days", "in Swahili and French",
	"from the sales list", "on low-end phones", "for new merchants",
	"", "", "", ""
};

static const char *personas[] = {
	"shop owner", "cashier", "accountant", "support agent", "new merchant",
	"regional manager", "shopper", "delivery rider", "franchise owner",
	"auditor", "market trader", "café owner", "bookkeeper",
	"operations analyst"
};

static const char *benefits[] = {
	"I do not lose the sale",
	"I can close the day in minutes instead of an hour",
	"my accountant stops retyping figures",
	"I can trust the numbers without counting the till",
	"customers stop calling support about it",
	"I can see problems before the customer does",
	"I know which branch is doing well",
	"the monthly VAT return is a single export",
	"a mistake by one cashier cannot cost me a day's takings",
	"I spend less time on my phone and more with customers",
	"I can answer the bank's questions the same day",
	"my staff can work without asking me every time"
};

static const char *context[] = {
	"This came up in nearly every interview of the last pilot round.",
	"Today shops work around it with a paper notebook next to the till.",
	"Support tickets about this doubled after the last release.",
	"The competing apps all offer some version of it, usually hidden in "
	    "a settings menu.",
	"Most shops in the pilot use phones with 2 GB of memory or less, so "
	    "the screen has to stay light.",
	"Several owners asked for it in writing, and two said they would "
	    "leave without it.",
	"The data is already on the server; this is mainly about showing it "
	    "well.",
	"Legal has confirmed that nothing here needs a new licence.",
	"The design team has sketches; see the linked file in Notes.",
	"We should measure how often it is used in the first month and "
	    "decide then whether to extend it.",
	"Network coverage is poor in half of the target markets, so every "
	    "step has to survive a dropped connection.",
	"The partner bank needs two weeks' notice before we change anything "
	    "that touches settlement.",
	"Owners mostly look at the app between customers, in bursts of a few "
	    "seconds.",
	"It must work the same for shops with one till and shops with ten.",
	"Accessibility review: large text and screen readers must keep "
	    "working.",
	"Translations go through the usual vendor and take about five days.",
	"The first version can be simple; the point is to learn whether "
	    "shops use it at all.",
	"Finance wants the fees shown before the owner confirms anything."
};

static const char *givens[] = {
	"a shop with three branches", "no network", "a new merchant account",
	"a cashier without owner rights", "a payment from yesterday",
	"a phone set to French", "more than 1,000 sales in a day",
	"an expired session", "a refund already in progress",
	"a card that the issuer declines", "an owner with two shops",
	"a slow 2G connection"
};

static const char *whens[] = {
	"the owner opens the report", "the cashier taps Confirm",
	"the sync runs", "the customer asks for a receipt",
	"support searches by phone number", "the day is closed",
	"the export is requested", "the network returns",
	"the owner changes the setting", "the app is restarted"
};

static const char *thens[] = {
	"each branch is shown separately", "the action is refused with a "
	    "clear reason", "the figures match the settlement report to the "
	    "cent", "nothing is lost and the user is told what happened",
	"the result appears within 3 seconds", "an SMS confirms it within a "
	    "minute", "the audit log records who did it and when",
	"amounts are shown in local currency with the right separators",
	"the screen still fits a 4.7-inch display", "the owner gets a "
	    "notification"
};

static const char *plain_criteria[] = {
	"Works on Android 8 and later with 2 GB of memory.",
	"All new text is translated into the supported languages.",
	"The feature can be switched off per shop by support.",
	"Usage is tracked with the standard analytics events.",
	"Screen reader labels are present on every new control.",
	"The help centre article is updated."
};

static const char *notes[] = {
	"Raised in the monthly merchant council.",
	"Related support tag: billing-confusion.",
	"Design: see the Figma page for this epic.",
	"Engineering estimate assumes the new settlement API is live.",
	"Check with legal before announcing it in the newsletter.",
	"Pilot shops in Kumasi volunteered to test an early build.",
	"The data team can backfill history for the last 12 months.",
	"Ops asked for a runbook before this goes to all shops.",
	"Split from a larger story during refinement.",
	"Estimate revisited after the spike; the risk is in the sync code."
};

static const char *owners[] = {
	"ada", "kofi", "lin", "amara", "diego", "fatou", "ines", "jonas",
	"keiko", "marta", "nia", "omar", "priya", "sam", "tariq", "yara"
};

static const char *labels[] = {
	"payments", "payouts", "refunds", "reports", "receipts", "onboarding",
	"offline", "mobile-money", "fraud", "accounts", "staff", "export",
	"loyalty", "hardware", "nfc", "tax", "support", "i18n", "android",
	"ios", "web", "performance", "security", "compliance"
};

static const unsigned efforts[] = { 1, 2, 3, 5, 8, 13, 21 };

static const char *fractions[] = {
	".5", ".25", ".75", ".125", ".375", ".0625", ".37", ".8"
};

static void
usage(void)
{
	fprintf(stderr, "usage: gen [-f prio|backlogmd] <dir> <n> [seed]\n");
	exit(2);
}

static void
die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "gen: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* splitmix64: small, fast, and the same sequence on every platform. */
static uint64_t
rnd(void)
{
	uint64_t z;

	z = (rng_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, n); the modulo bias is irrelevant here. */
static uint32_t
below(uint32_t n)
{
	return (uint32_t)(rnd() % n);
}

/* Uniform in [lo, hi]. */
static unsigned
between(unsigned lo, unsigned hi)
{
	return lo + below(hi - lo + 1);
}

/* True with probability pct percent. */
static int
chance(unsigned pct)
{
	return below(100) < pct;
}

#define PICK(a)	((a)[below(NITEMS(a))])

static void
put(struct out *o, const char *s, size_t len)
{
	if (o->len + len >= sizeof(o->buf))
		die("story too large for the output buffer");
	memcpy(o->buf + o->len, s, len);
	o->len += len;
}

static void
puts_(struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

static void
printf_(struct out *o, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->len, sizeof(o->buf) - o->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(o->buf) - o->len)
		die("story too large for the output buffer");
	o->len += (size_t)n;
}

/*
 * Appends text to a paragraph, word by word, wrapping at WRAP columns.
 * Continuation lines start with indent (e.g. "  " inside a list item).
 */
static void
wrap(struct out *o, const char *text, const char *indent)
{
	const char	*p = text, *end;
	size_t		 wlen;

	while (*p != '\0') {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		for (end = p; *end != '\0' && *end != ' '; end++)
			;
		wlen = (size_t)(end - p);
		if (o->col > 0 && o->col + 1 + wlen > WRAP) {
			puts_(o, "\n");
			puts_(o, indent);
			o->col = strlen(indent);
		} else if (o->col > 0 && o->buf[o->len - 1] != ' ') {
			puts_(o, " ");
			o->col++;
		}
		put(o, p, wlen);
		o->col += wlen;
		p = end;
	}
}

static void
end_line(struct out *o)
{
	puts_(o, "\n");
	o->col = 0;
}

/* Lower-case copy of s into buf with every run of other characters as
 * one '-', cut at a word boundary near max bytes. */
static void
slugify(char *buf, size_t size, const char *s, size_t max)
{
	size_t	len = 0, lastcut = 0;
	int	dash = 0;

	for (; *s != '\0' && len + 2 < size; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    (c >= 'A' && c <= 'Z')) {
			if (dash && len > 0) {
				if (len >= max)
					break;
				lastcut = len;
				buf[len++] = '-';
			}
			dash = 0;
			buf[len++] = (char)(c | 0x20);
		} else
			dash = 1;
	}
	if (len > max && lastcut > 0)
		len = lastcut;
	buf[len] = '\0';
}

/* Days since 1970-01-01 to a civil date (H. Hinnant's algorithm). */
static void
civil(long days, char *buf, size_t size)
{
	long		z = days + 719468, era, yoe, doy, mp, y;
	unsigned	m, d;

	era = (z >= 0 ? z : z - 146096) / 146097;
	yoe = z - era * 146097;
	yoe = (yoe - yoe / 1460 + yoe / 36524 - yoe / 146096) / 365;
	y = yoe + era * 400;
	doy = z - era * 146097 - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	if (m <= 2)
		y++;
	snprintf(buf, size, "%04ld-%02u-%02u", y, m, d);
}

/*
 * Status by age: a in [0, 100) is how far through the backlog's history
 * the story was created.  Old stories are mostly accepted, new ones
 * mostly ready or draft.  Over the whole backlog: ready ~55%, accepted
 * ~16%, draft ~12%, in-progress 7%, done 5%, dropped 5%.
 */
static uint8_t
pick_status(unsigned a)
{
	unsigned	r = below(10000);
	unsigned	acc = 3000 - 28 * a, drp = 500, don = 500, inp = 700;
	unsigned	dra = 400 + 16 * a;

	if (r < acc)
		return ST_ACCEPTED;
	r -= acc;
	if (r < drp)
		return ST_DROPPED;
	r -= drp;
	if (r < don)
		return ST_DONE;
	r -= don;
	if (r < inp)
		return ST_IN_PROGRESS;
	r -= inp;
	if (r < dra)
		return ST_DRAFT;
	return ST_READY;
}

static int
rank_pct(uint8_t st)
{
	switch (st) {
	case ST_DRAFT:
		return 10;
	case ST_READY:
		return 55;
	case ST_IN_PROGRESS:
		return 95;
	case ST_DONE:
		return 85;
	case ST_ACCEPTED:
		return 45;
	default:
		return 25;
	}
}

static int
is_terminal(uint8_t st)
{
	return st == ST_ACCEPTED || st == ST_DROPPED;
}

/*
 * May story i depend on story j (j < i) without `prio check` saying
 * anything?  An accepted story is always a fine dependency.  Otherwise
 * j must be open and ranked, so that it sits ahead of every unranked
 * story, and ahead of i when i is ranked too.  Accepted stories depend
 * only on accepted ones, and nothing depends on a dropped story.
 */
static int
can_depend(const struct story *si, const struct story *sj)
{
	if (sj->status == ST_ACCEPTED)
		return 1;
	if (si->status == ST_ACCEPTED || is_terminal(sj->status) ||
	    sj->rank == 0)
		return 0;
	return si->rank == 0 || sj->rank < si->rank;
}

static void
plan(struct story *s, uint32_t n)
{
	uint32_t	*order, nranked = 0, i, k, t, j, tmp;
	struct story	*si;

	/* Statuses, and which stories are ranked. */
	order = calloc(n, sizeof(*order));
	if (order == NULL)
		die("out of memory");
	for (i = 0; i < n; i++) {
		s[i].status = pick_status((unsigned)((uint64_t)i * 100 / n));
		if (chance((unsigned)rank_pct(s[i].status)))
			order[nranked++] = i;
	}

	/* Ranks 1..nranked in a random order (Fisher-Yates). */
	for (k = nranked; k > 1; k--) {
		j = below(k);
		tmp = order[k - 1];
		order[k - 1] = order[j];
		order[j] = tmp;
	}
	for (k = 0; k < nranked; k++)
		s[order[k]].rank = k + 1;
	free(order);

	/* Sparse dependencies on recent lower IDs: ~15% one, ~5% more. */
	for (i = 1; i < n; i++) {
		unsigned want, r = below(100);

		si = &s[i];
		want = r < 80 ? 0 : r < 95 ? 1 : between(2, MAX_DEPS);
		for (t = 0; t < 12 && si->ndeps < want; t++) {
			uint32_t lo = i > DEP_WINDOW ? i - DEP_WINDOW : 0;

			j = lo + below(i - lo);
			if (!can_depend(si, &s[j]))
				continue;
			for (k = 0; k < si->ndeps; k++)
				if (si->deps[k] == j)
					break;
			if (k == si->ndeps)
				si->deps[si->ndeps++] = j;
		}
	}
}

/* Backlog.md's config, as `backlog init` writes it, with branch checks
 * and remote operations off (the fastest settings it has). */
static const char bmd_cfg[] =
    "project_name: \"bench\"\n"
    "default_status: \"Ready\"\n"
    "statuses: [\"Draft\", \"Ready\", \"In Progress\", \"Done\", "
    "\"Accepted\", \"Dropped\"]\n"
    "labels: []\n"
    "date_format: yyyy-mm-dd\n"
    "max_column_width: 20\n"
    "auto_open_browser: false\n"
    "default_port: 6420\n"
    "remote_operations: false\n"
    "auto_commit: false\n"
    "filesystem_only: false\n"
    "bypass_git_hooks: false\n"
    "check_active_branches: false\n"
    "active_branch_days: 30\n"
    "task_prefix: \"s\"\n";

static void
write_config(const char *dir, enum format fmt)
{
	static const char cfg[] =
	    "# Generated by bench/gen for the benchmark.\n"
	    "id-prefix: S\n"
	    "statuses: [draft, ready, in-progress, done, accepted, dropped]\n"
	    "terminal: [accepted, dropped]\n"
	    "criteria-from: ready\n"
	    "criteria-heading: Acceptance criteria\n"
	    "score: wsjf\n"
	    "fields:\n"
	    "  effort: {scale: [1, 2, 3, 5, 8, 13, 21]}\n"
	    "  value: {min: 1, max: 10}\n"
	    "  urgency: {min: 1, max: 10}\n"
	    "  risk: {min: 1, max: 10}\n";
	char	path[4096];
	FILE	*f;

	snprintf(path, sizeof(path), "%s/backlog/%s", dir,
	    fmt == FMT_BACKLOGMD ? "config.yml" : "prio.yml");
	if ((f = fopen(path, "w")) == NULL)
		die("%s: %s", path, strerror(errno));
	if (fputs(fmt == FMT_BACKLOGMD ? bmd_cfg : cfg, f) == EOF ||
	    fclose(f) == EOF)
		die("%s: write failed", path);
}

/* A YAML list in Backlog.md's block style: "key: []" or "- item" lines. */
static void
bmd_list(struct out *o, const char *key, const char *const *items,
    unsigned n)
{
	unsigned k;

	if (n == 0) {
		printf_(o, "%s: []\n", key);
		return;
	}
	printf_(o, "%s:\n", key);
	for (k = 0; k < n; k++)
		printf_(o, "  - %s\n", items[k]);
}

/* ".0625" as ten-thousandths: 625; "" is 0. */
static unsigned
frac_ten_thousandths(const char *frac)
{
	const char	*p = *frac == '.' ? frac + 1 : frac;
	unsigned	 v = 0, k;

	for (k = 0; k < 4; k++)
		v = v * 10 + (*p != '\0' ? (unsigned)(*p++ - '0') : 0);
	return v;
}

static void
front_matter(struct out *o, const struct story *s, uint32_t id,
    const char *title, long created, enum format fmt)
{
	char		 date[48];	/* "YYYY-MM-DD"; room for any long */
	char		 deps[MAX_DEPS][16];
	unsigned	 k, nl, value, urgency, risk, effort;
	const char	*chosen[3], *frac = "", *owner = NULL, *dep[MAX_DEPS];
	int		 bmd = fmt == FMT_BACKLOGMD;

	printf_(o, "---\nid: S-%u\n", id);
	if (strchr(title, ':') != NULL)
		printf_(o, "title: \"%s\"\n", title);
	else
		printf_(o, "title: %s\n", title);
	printf_(o, "status: %s\n", bmd ? bmd_status_names[s->status] :
	    status_names[s->status]);
	if (s->rank != 0 && chance(30))
		frac = PICK(fractions);
	if (s->rank != 0 && !bmd)
		printf_(o, "rank: %u%s\n", s->rank, frac);
	/* One draw per statement: argument evaluation order is unspecified,
	 * and the output must not depend on the compiler. */
	value = between(1, 10);
	urgency = between(1, 10);
	risk = between(1, 10);
	effort = PICK(efforts);
	if (!bmd)
		printf_(o, "value: %u\nurgency: %u\nrisk: %u\neffort: %u\n",
		    value, urgency, risk, effort);
	if (s->status != ST_DRAFT || chance(50))
		owner = PICK(owners);
	if (owner && !bmd)
		printf_(o, "owner: %s\n", owner);
	else if (bmd)
		bmd_list(o, "assignee", &owner, owner != NULL);
	civil(created, date, sizeof(date));
	if (bmd)
		printf_(o, "created_date: '%s'\n", date);
	nl = below(4);
	for (k = 0; k < nl; k++) {
		unsigned m;

		chosen[k] = PICK(labels);
		for (m = 0; m < k; m++)
			if (chosen[m] == chosen[k])
				break;
		if (m < k) {
			nl = k;
			break;
		}
	}
	if (bmd)
		bmd_list(o, "labels", chosen, nl);
	else if (nl > 0) {
		puts_(o, "labels: [");
		for (k = 0; k < nl; k++)
			printf_(o, "%s%s", k ? ", " : "", chosen[k]);
		puts_(o, "]\n");
	}
	for (k = 0; k < s->ndeps; k++) {
		snprintf(deps[k], sizeof(deps[k]), "S-%u", s->deps[k] + 1);
		dep[k] = deps[k];
	}
	if (bmd)
		bmd_list(o, "dependencies", dep, s->ndeps);
	else if (s->ndeps > 0) {
		puts_(o, "depends-on: [");
		for (k = 0; k < s->ndeps; k++)
			printf_(o, "%s%s", k ? ", " : "", dep[k]);
		puts_(o, "]\n");
	}
	if (chance(40)) {
		k = between(1, 6);
		if (!bmd)
			printf_(o, "goal: G-%u\n", k);
	}
	if (bmd && s->rank != 0)
		printf_(o, "ordinal: %lu\n", (unsigned long)s->rank * 10000 +
		    frac_ten_thousandths(frac));
	if (!bmd)
		printf_(o, "created: %s\n", date);
	if (s->status == ST_ACCEPTED) {
		created += between(7, 120);
		civil(created, date, sizeof(date));
		if (!bmd)
			printf_(o, "accepted: %s\n", date);
	}
	puts_(o, "---\n");
}

static void
body(struct out *o, const struct story *s, const char *verb,
    const char *object, const char *qual, enum format fmt)
{
	char		 text[512];
	unsigned	 k, np, ns, nc, met;
	const char	*qsep = *qual ? " " : "", *persona, *benefit;
	const char	*given, *when, *then;
	int		 bmd = fmt == FMT_BACKLOGMD;

	persona = PICK(personas);
	benefit = PICK(benefits);
	snprintf(text, sizeof(text), "As a %s, I want to %c%s %s%s%s, so "
	    "that %s.", persona, verb[0] | 0x20, verb + 1, object, qsep, qual,
	    benefit);
	if (bmd)
		puts_(o, "\n## Description\n\n"
		    "<!-- SECTION:DESCRIPTION:BEGIN -->\n");
	wrap(o, text, "");
	end_line(o);

	np = below(3);
	for (k = 0; k < np; k++) {
		puts_(o, "\n");
		for (ns = between(2, 4); ns > 0; ns--)
			wrap(o, PICK(context), "");
		end_line(o);
	}
	if (bmd)
		puts_(o, "<!-- SECTION:DESCRIPTION:END -->\n");

	nc = between(2, 6);
	if (s->status == ST_DRAFT && chance(25))
		nc = 0;
	if (nc > 0) {
		puts_(o, bmd ? "\n## Acceptance Criteria\n<!-- AC:BEGIN -->\n" :
		    "\n## Acceptance criteria\n\n");
		for (k = 0; k < nc; k++) {
			switch (s->status) {
			case ST_ACCEPTED:
				met = 1;
				break;
			case ST_DONE:
				met = k + 1 < nc || chance(90);
				break;
			case ST_IN_PROGRESS:
				met = chance(50);
				break;
			default:
				met = 0;
			}
			puts_(o, met ? "- [x] " : "- [ ] ");
			o->col = 6;
			/* Backlog.md numbers its criteria and keeps each on
			 * one line. */
			if (bmd)
				printf_(o, "#%u ", k + 1);
			if (chance(25))
				snprintf(text, sizeof(text), "%s",
				    PICK(plain_criteria));
			else {
				given = PICK(givens);
				when = PICK(whens);
				then = PICK(thens);
				snprintf(text, sizeof(text), "Given %s, when "
				    "%s, then %s.", given, when, then);
			}
			if (bmd)
				puts_(o, text);
			else
				wrap(o, text, "  ");
			end_line(o);
		}
		if (bmd)
			puts_(o, "<!-- AC:END -->\n");
	}

	puts_(o, bmd ? "\n## Implementation Notes\n\n"
	    "<!-- SECTION:NOTES:BEGIN -->\n" : "\n## Notes\n\n");
	for (ns = between(1, 3); ns > 0; ns--)
		wrap(o, PICK(notes), "");
	if (chance(30)) {
		snprintf(text, sizeof(text), "Ticket: https://support.example.com"
		    "/t/%u", between(1000, 99999));
		wrap(o, text, "");
	}
	end_line(o);
	if (bmd)
		puts_(o, "<!-- SECTION:NOTES:END -->\n");
}

static void
write_story(const char *dir, const struct story *s, uint32_t id,
    long created, enum format fmt)
{
	static struct out	 o;
	char			 title[256], slug[64], path[4096];
	const char		*verb, *object, *qual;
	int			 fd;
	ssize_t			 w;
	size_t			 off;

	verb = PICK(verbs);
	object = PICK(objects);
	qual = PICK(qualifiers);
	if (chance(5))
		snprintf(title, sizeof(title), "Follow-up: %c%s %s%s%s",
		    verb[0] | 0x20, verb + 1, object, *qual ? " " : "", qual);
	else
		snprintf(title, sizeof(title), "%s %s%s%s", verb, object,
		    *qual ? " " : "", qual);
	slugify(slug, sizeof(slug), title, 40);

	o.len = 0;
	o.col = 0;
	front_matter(&o, s, id, title, created, fmt);
	body(&o, s, verb, object, qual, fmt);

	if (fmt == FMT_BACKLOGMD)
		snprintf(path, sizeof(path), "%s/backlog/tasks/s-%u - %s.md",
		    dir, id, slug);
	else
		snprintf(path, sizeof(path), "%s/backlog/stories/S-%u-%s.md",
		    dir, id, slug);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644)) == -1)
		die("%s: %s", path, strerror(errno));
	for (off = 0; off < o.len; off += (size_t)w) {
		w = write(fd, o.buf + off, o.len - off);
		if (w == -1 && errno == EINTR) {
			w = 0;
			continue;
		}
		if (w <= 0)
			die("%s: %s", path, strerror(errno));
	}
	if (close(fd) == -1)
		die("%s: %s", path, strerror(errno));
}

static void
make_dir(const char *path, int may_exist)
{
	if (mkdir(path, 0777) == -1 && !(may_exist && errno == EEXIST))
		die("%s: %s", path, strerror(errno));
}

int
main(int argc, char *argv[])
{
	struct story	*s;
	char		 path[4096], *end;
	unsigned long	 n, seed = 1;
	uint32_t	 i;
	long		 first_day = 18995;	/* 2022-01-03 */
	enum format	 fmt = FMT_PRIO;

	if (argc > 2 && strcmp(argv[1], "-f") == 0) {
		if (strcmp(argv[2], "backlogmd") == 0)
			fmt = FMT_BACKLOGMD;
		else if (strcmp(argv[2], "prio") != 0)
			usage();
		argc -= 2;
		argv += 2;
	}
	if (argc < 3 || argc > 4)
		usage();
	errno = 0;
	n = strtoul(argv[2], &end, 10);
	if (errno != 0 || *end != '\0' || n < 1 || n > 10000000)
		die("n must be between 1 and 10000000: %s", argv[2]);
	if (argc == 4) {
		seed = strtoul(argv[3], &end, 10);
		if (errno != 0 || *end != '\0')
			die("bad seed: %s", argv[3]);
	}
	if (strlen(argv[1]) > 2048)
		die("directory name too long");
	rng_state = seed * 0x2545f4914f6cdd1dULL + 1;

	make_dir(argv[1], 1);
	snprintf(path, sizeof(path), "%s/backlog", argv[1]);
	make_dir(path, 0);
	snprintf(path, sizeof(path), "%s/backlog/%s", argv[1],
	    fmt == FMT_BACKLOGMD ? "tasks" : "stories");
	make_dir(path, 0);
	write_config(argv[1], fmt);

	if ((s = calloc(n, sizeof(*s))) == NULL)
		die("out of memory");
	plan(s, (uint32_t)n);
	/* About 1,400 days of history, oldest first. */
	for (i = 0; i < n; i++)
		write_story(argv[1], &s[i], i + 1,
		    first_day + (long)((uint64_t)i * 1400 / n), fmt);
	free(s);
	return 0;
}
