/*
 * A new story from a template: where the template is, front-matter
 * values through the surgical editor, criteria into the body, and the
 * story's file name (see prio/template.h).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "prio/error.h"
#include "prio/story.h"
#include "prio/template.h"

/* What the Latin-1 letters U+00C0..U+00FF become in a slug; "" parts
 * words (the multiplication and division signs). */
static const char *const latin1[64] = {
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e",
	"i", "i", "i", "i", "d", "n", "o", "o", "o", "o", "o", "",
	"o", "u", "u", "u", "u", "y", "th", "ss",
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e",
	"i", "i", "i", "i", "d", "n", "o", "o", "o", "o", "o", "",
	"o", "u", "u", "u", "u", "y", "th", "y"
};

static void
slug_add(struct prio_buf *b, const char *s, bool *gap)
{
	if (*gap && b->len > 0)
		prio_buf_addch(b, '-');
	*gap = false;
	for (; *s; s++)
		prio_buf_addch(b, *s >= 'A' && *s <= 'Z' ? *s - 'A' + 'a' :
		    *s);
}

void
prio_slug(struct prio_buf *out, const char *title, size_t max)
{
	const unsigned char *p = (const unsigned char *)title;
	bool gap = false;
	char one[2] = { 0, 0 };
	char *dash;

	prio_buf_clear(out);
	while (*p) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9')) {
			one[0] = (char)*p++;
			slug_add(out, one, &gap);
		} else if (p[0] == 0xc3 && p[1] >= 0x80 && p[1] <= 0xbf) {
			if (*latin1[p[1] - 0x80])
				slug_add(out, latin1[p[1] - 0x80], &gap);
			else
				gap = true;
			p += 2;
		} else if (*p == '\'' || (p[0] == 0xe2 && p[1] == 0x80 &&
		    p[2] == 0x99)) {
			/* "don't" is one word: "dont". */
			p += *p == '\'' ? 1 : 3;
		} else {
			gap = true;
			p++;
		}
	}
	if (out->len <= max)
		return;
	prio_buf_truncate(out, max + 1);
	if ((dash = strrchr(out->ptr, '-')) != NULL)
		prio_buf_truncate(out, (size_t)(dash - out->ptr));
	else
		prio_buf_truncate(out, max);
}

char *
prio_template_file_name(const struct prio_dialect *d, const char *id,
    const char *title)
{
	return d->file_name(id, title);
}

char *
prio_template_slug_name(const char *id, const char *title)
{
	struct prio_buf slug = PRIO_BUF_INIT;
	char *name;

	prio_slug(&slug, title, PRIO_SLUG_MAX);
	name = slug.len ? prio_xasprintf("%s-%s.md", id, slug.ptr) :
	    prio_xasprintf("%s.md", id);
	prio_buf_free(&slug);
	return name;
}

bool
prio_template_builtin(const char *name)
{
	return strcmp(name, "story") == 0 || strcmp(name, "bug") == 0 ||
	    strcmp(name, "spike") == 0;
}

bool
prio_template_name_valid(const char *name)
{
	size_t i;

	for (i = 0; name[i]; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= '0' &&
		    name[i] <= '9') || (i > 0 && (name[i] == '-' ||
		    name[i] == '_'))))
			return false;
	return i > 0 && i <= 64;
}

bool
prio_template_inside(const char *path, const char *dir)
{
	char *real = realpath(path, NULL), *root = realpath(dir, NULL);
	size_t n = root ? strlen(root) : 0;
	bool in;

	while (n > 1 && root[n - 1] == '/')
		n--;
	in = real && root && strncmp(real, root, n) == 0 && real[n] == '/';
	free(real);
	free(root);
	return in;
}

static bool
regular_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The repository's own template, when it is one and stays inside. */
static char *
find_in_repo(const char *workdir, const char *name, struct prio_buf *tried)
{
	char *path = prio_xasprintf("%sbacklog/templates/%s.md", workdir, name);

	prio_buf_addf(tried, "backlog/templates/%s.md", name);
	if (!regular_file(path) || !prio_template_inside(path, workdir)) {
		free(path);
		path = NULL;
	}
	return path;
}

char *
prio_template_find(const struct prio_template_dirs *dirs, const char *name,
    struct prio_buf *tried)
{
	char *places[4] = { NULL, NULL, NULL, NULL }, *path;
	size_t i, n = 0;

	if ((path = find_in_repo(dirs->workdir, name, tried)) != NULL)
		return path;
	if (dirs->env && *dirs->env)
		places[n++] = prio_xstrdup(dirs->env);
	else {
		if (dirs->bindir)
			places[n++] = prio_xasprintf(
			    "%s/../share/prio/templates", dirs->bindir);
		places[n++] = prio_xasprintf("%s/templates", dirs->datadir);
		if (dirs->bindir)
			places[n++] = prio_xasprintf("%s/../templates",
			    dirs->bindir);
	}
	for (i = 0; i < n; i++) {
		if (path == NULL) {
			path = prio_xasprintf("%s/%s.md", places[i], name);
			prio_buf_addf(tried, ", %s", path);
			if (!regular_file(path)) {
				free(path);
				path = NULL;
			}
		}
		free(places[i]);
	}
	return path;
}

int
prio_template_read(const char *path, size_t max, struct prio_buf *out,
    char **err)
{
	char chunk[8192];
	size_t n;
	FILE *f;
	int rc = PRIO_OK;

	*err = NULL;
	if ((f = fopen(path, "rb")) == NULL) {
		*err = prio_xasprintf("cannot read the template %s: %s", path,
		    strerror(errno));
		return PRIO_EIO;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		prio_buf_add(out, chunk, n);
		if (out->len > max) {
			*err = prio_xasprintf("the template %s is over "
			    "max-file-size (%zu bytes)", path, max);
			rc = PRIO_ERANGE;
			break;
		}
	}
	if (rc == PRIO_OK && ferror(f)) {
		*err = prio_xasprintf("cannot read the template %s: %s", path,
		    strerror(errno));
		rc = PRIO_EIO;
	}
	fclose(f);
	return rc;
}

/* The lines of a file: line k (1-based) is [start[k-1], start[k]). */
struct lines {
	const char *text;
	size_t *start;
	size_t n;
};

static void
split_lines(struct lines *l, const char *text, size_t len)
{
	size_t i, cap = 0;

	l->text = text;
	l->n = 0;
	l->start = NULL;
	prio_xgrow(&l->start, &cap, 2, sizeof(*l->start));
	l->start[0] = 0;
	for (i = 0; i < len; i++)
		if (text[i] == '\n' && i + 1 < len) {
			prio_xgrow(&l->start, &cap, l->n + 3, sizeof(*l->start));
			l->start[++l->n] = i + 1;
		}
	l->start[++l->n] = len;
	if (len == 0)
		l->n = 0;
}

static bool
line_blank(const struct lines *l, size_t k)
{
	size_t i;

	if (k < 1 || k > l->n)
		return false;
	for (i = l->start[k - 1]; i < l->start[k]; i++)
		if (strchr(" \t\r\n", l->text[i]) == NULL)
			return false;
	return true;
}

static void
add_line(struct prio_buf *b, const struct lines *l, size_t k, const char *eol)
{
	size_t from = l->start[k - 1], to = l->start[k];

	prio_buf_add(b, l->text + from, to - from);
	if (to == from || l->text[to - 1] != '\n')
		prio_buf_adds(b, eol);
}

static void
add_criteria(struct prio_buf *b, char *const *c, size_t n, const char *eol)
{
	size_t i;

	for (i = 0; i < n; i++)
		prio_buf_addf(b, "- [ ] %s%s", c[i], eol);
}

static bool
is_placeholder(const struct prio_story *s, size_t line)
{
	size_t i;

	for (i = 0; i < s->ncriteria; i++)
		if (s->criteria[i].empty && s->criteria[i].line == line)
			return true;
	return false;
}

static size_t
first_placeholder(const struct prio_story *s)
{
	size_t i;

	for (i = 0; i < s->ncriteria; i++)
		if (s->criteria[i].empty)
			return s->criteria[i].line;
	return 0;
}

/* The body with the criteria placed (see prio/template.h). */
static void
place_criteria(struct prio_buf *out, const char *text, size_t len,
    const struct prio_story *s, const struct prio_config *cfg,
    char *const *c, size_t n)
{
	const char *eol = "\n";
	size_t k, at = first_placeholder(s), before = 0, after = 0;
	struct lines l;

	for (k = 0; k + 1 < len; k++)
		if (text[k] == '\r' && text[k + 1] == '\n') {
			eol = "\r\n";
			break;
		}
	split_lines(&l, text, len);
	if (at == 0 && s->ncriteria > 0)
		before = s->criteria[0].line;
	else if (at == 0 && s->has_criteria_heading)
		after = s->criteria_line;
	for (k = 1; k <= l.n; k++) {
		if (k == at && n > 0)
			add_criteria(out, c, n, eol);
		if (is_placeholder(s, k)) {
			/* Without criteria, no blank line is left doubled. */
			if ((k != at || n == 0) && line_blank(&l, k - 1) &&
			    line_blank(&l, k + 1))
				k++;
			continue;
		}
		if (k == before && n > 0)
			add_criteria(out, c, n, eol);
		add_line(out, &l, k, eol);
		if (k == after && n > 0) {
			prio_buf_adds(out, eol);
			add_criteria(out, c, n, eol);
			if (k < l.n && !line_blank(&l, k + 1))
				prio_buf_adds(out, eol);
		}
	}
	if (at == 0 && before == 0 && after == 0 && n > 0) {
		if (l.n > 0 && !line_blank(&l, l.n))
			prio_buf_adds(out, eol);
		prio_buf_addf(out, "## %s%s%s", cfg->criteria_heading, eol, eol);
		add_criteria(out, c, n, eol);
	}
	free(l.start);
}

int
prio_template_fill(struct prio_buf *out, const char *tmpl, size_t len,
    const struct prio_config *cfg, const struct prio_edit *edits, size_t n,
    char *const *criteria, size_t ncriteria, char **err)
{
	struct prio_buf fm = PRIO_BUF_INIT, body = PRIO_BUF_INIT;
	struct prio_diags diags = PRIO_DIAGS_INIT;
	struct prio_story *s;
	int rc;

	if (err)
		*err = NULL;
	if ((rc = prio_edit_apply(&fm, tmpl, len, edits, n, err)) != PRIO_OK)
		return rc;
	s = prio_story_parse("template.md", fm.ptr, fm.len, cfg, &diags);
	place_criteria(&body, fm.ptr, fm.len, s, cfg, criteria, ncriteria);
	prio_story_free(s);
	prio_diags_free(&diags);
	prio_buf_free(&fm);
	prio_buf_free(out);
	*out = body;
	return PRIO_OK;
}
