/* The decision format (see prio/decision.h). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "prio/buf.h"
#include "prio/decision.h"
#include "prio/error.h"
#include "util.h"

/* --- Writing ------------------------------------------------------------ */

void
prio_decision_story(struct prio_buf *trailers, const char *id)
{
	prio_buf_addf(trailers, PRIO_TRAILER_STORY ": %s\n", id);
}

void
prio_decision_change(struct prio_buf *trailers, const char *key,
    const char *from, const char *to)
{
	prio_buf_addf(trailers, PRIO_TRAILER_CHANGE ": %s %s -> %s\n", key,
	    from && *from ? from : "none", to ? to : "none");
}

void
prio_decision_list(struct prio_buf *b, char *const *items, size_t n)
{
	size_t i;

	prio_buf_addch(b, '[');
	for (i = 0; i < n; i++)
		prio_buf_addf(b, "%s%s", i ? ", " : "", items[i]);
	prio_buf_addch(b, ']');
}

char *
prio_decision_message(const char *subject, const char *rationale,
    const char *trailers)
{
	if (rationale == NULL)
		rationale = "";
	return prio_xasprintf("%s\n\n%s%s%s", subject, rationale,
	    *rationale ? "\n\n" : "", trailers);
}

/* --- Reading ------------------------------------------------------------ */

/* A trailer line: "Token: value", the token letters, digits and '-'. */
static bool
is_trailer(const char *line, size_t len)
{
	size_t i = 0;

	while (i < len && (line[i] == '-' || (line[i] >= 'a' &&
	    line[i] <= 'z') || (line[i] >= 'A' && line[i] <= 'Z') ||
	    (line[i] >= '0' && line[i] <= '9')))
		i++;
	return i > 0 && i + 1 < len && line[i] == ':' && line[i + 1] == ' ';
}

bool
prio_trailer_is_prio(const char *key, size_t len)
{
	return len > 5 && strncasecmp(key, "prio-", 5) == 0;
}

static bool
is_prio_trailer(const char *line, size_t len)
{
	return prio_trailer_is_prio(line, len) && is_trailer(line, len);
}

/* The length of the line at p, and where the next one starts (NULL
 * after the last). */
static size_t
line_at(const char *p, const char **next)
{
	const char *nl = strchr(p, '\n');

	*next = nl ? nl + 1 : NULL;
	return nl ? (size_t)(nl - p) : strlen(p);
}

/*
 * Where the trailer block of text starts (LF line ends, no trailing
 * blank line), or NULL: the last paragraph, when every line of it is a
 * trailer or continues one.
 */
static const char *
trailer_block(const char *text)
{
	const char *last = text, *p, *q, *next;
	size_t len;
	bool block = true;

	for (p = text; (q = strstr(p, "\n\n")) != NULL; p = q + 1)
		last = q + 2;
	while (*last == '\n')
		last++;
	if (*last == '\0')
		return NULL;
	for (p = last; p && block; p = next) {
		len = line_at(p, &next);
		block = is_trailer(p, len) ||
		    (p != last && (*p == ' ' || *p == '\t'));
	}
	return block ? last : NULL;
}

void
prio_decision_strip(struct prio_buf *out, const char *body)
{
	const char *last, *p, *next;
	size_t len;
	bool drop = false;

	prio_buf_clear(out);
	if ((last = trailer_block(body)) == NULL) {
		prio_buf_adds(out, body);
		return;
	}
	prio_buf_add(out, body, (size_t)(last - body));
	for (p = last; p; p = next) {
		len = line_at(p, &next);
		if (*p != ' ' && *p != '\t')
			drop = is_prio_trailer(p, len);
		if (!drop) {
			prio_buf_add(out, p, len);
			prio_buf_addch(out, '\n');
		}
	}
	len = out->len;
	while (len > 0 && out->ptr[len - 1] == '\n')
		len--;
	prio_buf_truncate(out, len);
}

/* msg with "\r\n" as "\n", without trailing blank lines or spaces. */
static char *
normalize(const char *msg, size_t len)
{
	struct prio_buf b = PRIO_BUF_INIT;
	size_t i, n;

	for (i = 0; i < len && msg[i] != '\0'; i++) {
		if (msg[i] == '\r' && (i + 1 == len || msg[i + 1] == '\n'))
			continue;
		prio_buf_addch(&b, msg[i]);
	}
	n = b.len;
	while (n > 0 && (b.ptr[n - 1] == '\n' || b.ptr[n - 1] == ' ' ||
	    b.ptr[n - 1] == '\t'))
		n--;
	prio_buf_truncate(&b, n);
	return prio_buf_detach(&b, NULL);
}

/* The body of text (normalized): after its first paragraph. */
static const char *
body_of(const char *text)
{
	const char *p = strstr(text, "\n\n");

	if (p == NULL)
		return text + strlen(text);
	while (*p == '\n')
		p++;
	return p;
}

static void
add_trailer(struct prio_message *m, size_t *cap, const char *line,
    size_t len)
{
	const char *colon = memchr(line, ':', len);
	struct prio_trailer *t;
	const char *story = NULL;
	size_t i;

	prio_xgrow(&m->trailers, cap, m->ntrailers + 1, sizeof(*m->trailers));
	t = &m->trailers[m->ntrailers++];
	t->key = prio_xstrndup(line, (size_t)(colon - line));
	t->value = prio_xstrndup(colon + 2, len - (size_t)(colon - line) - 2);
	t->story = NULL;
	if (strcasecmp(t->key, PRIO_TRAILER_CHANGE) != 0)
		return;
	for (i = m->ntrailers - 1; i-- > 0 && story == NULL;)
		if (strcasecmp(m->trailers[i].key, PRIO_TRAILER_STORY) == 0)
			story = m->trailers[i].value;
	t->story = story ? prio_xstrdup(story) : NULL;
}

/* A continuation line: its text, after a space, on the last value. */
static void
continue_trailer(struct prio_message *m, const char *line, size_t len)
{
	struct prio_trailer *t = &m->trailers[m->ntrailers - 1];
	char *v;

	while (len > 0 && (*line == ' ' || *line == '\t'))
		line++, len--;
	v = prio_xasprintf("%s %.*s", t->value, (int)len, line);
	free(t->value);
	t->value = v;
}

void
prio_message_parse(struct prio_message *m, const char *msg, size_t len)
{
	char *text = normalize(msg, len), *p;
	const char *body, *block, *line, *next;
	size_t cap = 0, n;

	memset(m, 0, sizeof(*m));
	for (line = text; *line == '\n'; line++)
		;
	body = body_of(line);
	n = (size_t)(body - line);
	while (n > 0 && line[n - 1] == '\n')
		n--;
	m->subject = prio_xstrndup(line, n);
	for (p = m->subject; *p; p++)
		if (*p == '\n')
			*p = ' ';
	block = *body ? trailer_block(body) : NULL;
	n = (size_t)((block ? block : body + strlen(body)) - body);
	while (n > 0 && body[n - 1] == '\n')
		n--;
	m->rationale = prio_xstrndup(body, n);
	for (line = block; line; line = next) {
		n = line_at(line, &next);
		if (*line == ' ' || *line == '\t')
			continue_trailer(m, line, n);
		else
			add_trailer(m, &cap, line, n);
	}
	free(text);
}

void
prio_message_free(struct prio_message *m)
{
	size_t i;

	for (i = 0; i < m->ntrailers; i++) {
		free(m->trailers[i].key);
		free(m->trailers[i].value);
		free(m->trailers[i].story);
	}
	free(m->trailers);
	free(m->subject);
	free(m->rationale);
	memset(m, 0, sizeof(*m));
}

char *
prio_decision_append(const char *message, const char *rationale,
    const char *trailers)
{
	char *text = normalize(message, strlen(message));
	const char *body = body_of(text), *block;
	struct prio_buf b = PRIO_BUF_INIT;
	size_t n;

	block = *body ? trailer_block(body) : NULL;
	n = (size_t)((block ? block : text + strlen(text)) - text);
	while (n > 0 && text[n - 1] == '\n')
		n--;
	prio_buf_add(&b, text, n);
	if (rationale && *rationale)
		prio_buf_addf(&b, "%s%s", b.len ? "\n\n" : "", rationale);
	prio_buf_adds(&b, b.len ? "\n\n" : "");
	if (block)
		prio_buf_addf(&b, "%s\n", block);
	prio_buf_adds(&b, trailers);
	free(text);
	return prio_buf_detach(&b, NULL);
}

void
prio_decision_merge_change(struct prio_buf *trailers, const char *key,
    const char *ours, const char *theirs, const char *to)
{
	prio_buf_addf(trailers, PRIO_TRAILER_CHANGE ": %s %s | %s -> %s\n",
	    key, ours && *ours ? ours : "none",
	    theirs && *theirs ? theirs : "none", to && *to ? to : "none");
}

/* --- A conflicted story ------------------------------------------------- */

enum side { FRONT, OURS, BASE, THEIRS, BODY };

/* The key a front-matter line starts, or 0: "key:" then a blank or the
 * end of the line. */
static size_t
key_length(const char *p, size_t n)
{
	size_t i = 0;

	while (i < n && (p[i] == '-' || p[i] == '_' || (p[i] >= 'a' &&
	    p[i] <= 'z') || (p[i] >= 'A' && p[i] <= 'Z') ||
	    (p[i] >= '0' && p[i] <= '9')))
		i++;
	if (i == 0 || i >= n || p[i] != ':')
		return 0;
	return i + 1 == n || p[i + 1] == ' ' || p[i + 1] == '\t' ||
	    p[i + 1] == '\r' ? i : 0;
}

static void
add_key(struct prio_conflict *c, size_t *cap, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < c->nkeys; i++)
		if (strlen(c->keys[i]) == n && memcmp(c->keys[i], p, n) == 0)
			return;
	prio_xgrow(&c->keys, cap, c->nkeys + 1, sizeof(*c->keys));
	c->keys[c->nkeys++] = prio_xstrndup(p, n);
}

static int
conflict_fail(struct prio_conflict *c, char **why, int rc, const char *msg)
{
	prio_conflict_free(c);
	*why = prio_xstrdup(msg);
	return rc;
}

int
prio_conflict_read(struct prio_conflict *c, const char *data, size_t len,
    char **why)
{
	struct prio_buf ours = PRIO_BUF_INIT, theirs = PRIO_BUF_INIT;
	const char *p = data, *end = data + len, *next;
	enum side side = FRONT;
	bool first = true, body_markers = false;
	size_t n, k, cap = 0;

	memset(c, 0, sizeof(*c));
	*why = NULL;
	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	prio_buf_add(&ours, data, (size_t)(p - data));
	prio_buf_add(&theirs, data, (size_t)(p - data));
	for (; p < end; p = next, first = false) {
		n = prio_line_length(p, end, &next);
		if (first && !prio_line_is(p, n, "---")) {
			prio_buf_free(&ours);
			prio_buf_free(&theirs);
			return conflict_fail(c, why, PRIO_EINVAL,
			    "it has no front matter");
		}
		if (side == BODY) {
			if (prio_line_is_marker(p, n, "<<<<<<<") ||
			    prio_line_is_marker(p, n, ">>>>>>>"))
				body_markers = true;
		} else if (side != FRONT && !first &&
		    (prio_line_is(p, n, "---") || prio_line_is(p, n, "..."))) {
			prio_buf_free(&ours);
			prio_buf_free(&theirs);
			return conflict_fail(c, why, PRIO_EINVAL, "a conflict "
			    "crosses the end of its front matter");
		} else if (side == FRONT && prio_line_is_marker(p, n,
		    "<<<<<<<")) {
			side = OURS;
			c->nhunks++;
			continue;
		} else if (side == FRONT) {
			if (!first && (prio_line_is(p, n, "---") ||
			    prio_line_is(p, n, "...")))
				side = BODY;
		} else if (side == OURS && prio_line_is_marker(p, n,
		    "|||||||")) {
			side = BASE;
			continue;
		} else if ((side == OURS || side == BASE) &&
		    prio_line_is(p, n, "=======")) {
			side = THEIRS;
			continue;
		} else if (side == THEIRS && prio_line_is_marker(p, n,
		    ">>>>>>>")) {
			side = FRONT;
			continue;
		} else if (side == BASE || (n > 0 && *p == '#'))
			continue;
		else {
			if ((k = key_length(p, n)) > 0)
				add_key(c, &cap, p, k);
			prio_buf_add(side == OURS ? &ours : &theirs, p,
			    (size_t)(next - p));
			continue;
		}
		prio_buf_add(&ours, p, (size_t)(next - p));
		prio_buf_add(&theirs, p, (size_t)(next - p));
	}
	if (side != BODY || body_markers || c->nhunks == 0) {
		prio_buf_free(&ours);
		prio_buf_free(&theirs);
		return conflict_fail(c, why, c->nhunks == 0 && side == BODY &&
		    !body_markers ? PRIO_ENOTFOUND : PRIO_EINVAL,
		    side != BODY ? (side == FRONT ? "its front matter has no "
		    "end" : "a conflict in its front matter is not closed") :
		    body_markers && c->nhunks == 0 ? "only its body has "
		    "conflict markers; resolve them in an editor, then 'git "
		    "add' the file" : body_markers ? "its body has conflict "
		    "markers too; resolve those in an editor first" :
		    "its front matter has no conflict markers");
	}
	c->ours = prio_buf_detach(&ours, &c->ours_len);
	c->theirs = prio_buf_detach(&theirs, &c->theirs_len);
	return PRIO_OK;
}

void
prio_conflict_free(struct prio_conflict *c)
{
	prio_strv_free(c->keys, c->nkeys);
	free(c->ours);
	free(c->theirs);
	memset(c, 0, sizeof(*c));
}
