/*
 * Fuzz target: the surgical front-matter editor (prio/edit.h).
 *
 * The input is one byte that chooses an edit, then a story file.  The
 * edit sets a known key, an unknown new key or one of the file's own
 * keys to a scalar or a list.  Whenever the editor accepts, the new file
 * is parsed again (as prio_story_parse reads it, with PRIO_PARSE_FULL):
 * the edited key reads back as asked; every other key reads back as
 * before, and the source bytes of its value are the same bytes; the
 * body is the same bytes.  An edit that is refused leaves the output
 * buffer as it was and says why.
 */
#include <stdbool.h>
#include <string.h>

#include "prio/buf.h"
#include "prio/config.h"
#include "prio/diag.h"
#include "prio/edit.h"
#include "prio/error.h"
#include "prio/story.h"
#include "fuzz.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define STORY_PATH "backlog/stories/S-1.md"

static const char *const keys[] = {
	"rank", "status", "title", "owner", "value", "accepted", "x-new",
	"labels", "depends-on", NULL /* one of the file's own keys */
};

static const char *const values[] = {
	"2.5", "in-progress", "Pay: offline #1", "yes", "a \"b\" 'c'",
	"x\ty", "1e3", "- dash", "#hash", "null", "\xc3\xbc" "n" "\xc3\xaf" "code",
	" lead", "trail ", "[z]", "a\nb", "0.0000000000000000000000001"
};

static char *const list0[] = { NULL };
static char *const list1[] = { "a" };
static char *const list2[] = { "S-17", "b c", "x: y" };
static char *const list3[] = { "[z]", "", "'q'", "\"d\"" };
static const struct { char *const *items; size_t n; } lists[] = {
	{ list0, 0 }, { list1, 1 }, { list2, 3 }, { list3, 4 }
};

/* Byte offset of a 1-based line and byte column, or (size_t)-1. */
static size_t
offset_of(const char *s, size_t len, unsigned line, unsigned col)
{
	size_t off = 0;

	while (line > 1) {
		const char *nl = memchr(s + off, '\n', len - off);

		if (nl == NULL)
			return (size_t)-1;
		off = (size_t)(nl - s) + 1;
		line--;
	}
	if (col == 0 || off + col - 1 > len)
		return (size_t)-1;
	return off + col - 1;
}

/*
 * The source bytes of a field's value.  libyaml ends a block collection
 * where the next token starts, after the line break and the next line's
 * indentation, so what follows the value (another key added by the
 * edit, at the mapping's indentation) would count as part of it: the
 * trailing white space is not compared.
 */
static bool
value_span(const struct prio_field *f, const char *s, size_t len,
    size_t *start, size_t *n)
{
	size_t a = offset_of(s, len, f->line, f->column);
	size_t b = offset_of(s, len, f->end_line, f->end_column);

	if (a == (size_t)-1 || b == (size_t)-1 || b < a)
		return false;
	while (b > a && strchr(" \t\r\n", s[b - 1]) != NULL)
		b--;
	*start = a;
	*n = b - a;
	return true;
}

static bool
same_field(const struct prio_field *a, const struct prio_field *b)
{
	size_t i;

	if (strcmp(a->key, b->key) != 0 || a->kind != b->kind ||
	    a->nitems != b->nitems)
		return false;
	if ((a->value == NULL) != (b->value == NULL))
		return false;
	if (a->value != NULL && strcmp(a->value, b->value) != 0)
		return false;
	for (i = 0; i < a->nitems; i++)
		if (strcmp(a->items[i], b->items[i]) != 0)
			return false;
	return true;
}

static void
check_edit(const struct prio_config *cfg, const char *old, size_t oldlen,
    const char *new, size_t newlen, const struct prio_edit *e)
{
	struct prio_diags d1 = PRIO_DIAGS_INIT, d2 = PRIO_DIAGS_INIT;
	struct prio_story *a, *b;
	const struct prio_field *fa, *fb;
	size_t i, sa, na, sb, nb;

	a = prio_story_parse(STORY_PATH, old, oldlen, cfg, &d1);
	b = prio_story_parse(STORY_PATH, new, newlen, cfg, &d2);
	fuzz_assert(a->readable == b->readable);
	if (!a->readable || a->fields == NULL)
		goto done;
	fuzz_assert(b->fields != NULL);

	/* The edited key reads back as asked. */
	fb = prio_story_field(b, e->key);
	fuzz_assert(fb != NULL);
	if (e->is_list) {
		fuzz_assert(fb->kind == PRIO_FIELD_LIST);
		fuzz_assert(fb->nitems == e->nitems);
		for (i = 0; i < e->nitems; i++)
			fuzz_assert(strcmp(fb->items[i], e->items[i]) == 0);
	} else {
		fuzz_assert(fb->kind == PRIO_FIELD_SCALAR);
		fuzz_assert(strcmp(fb->value, e->value) == 0);
	}

	/* Every other key: the same value, from the same bytes. */
	fuzz_assert(b->nfields == a->nfields +
	    (prio_story_field(a, e->key) == NULL));
	for (i = 0; i < a->nfields; i++) {
		fa = &a->fields[i];
		if (strcmp(fa->key, e->key) == 0)
			continue;
		fb = prio_story_field(b, fa->key);
		fuzz_assert(fb != NULL);
		fuzz_assert(same_field(fa, fb));
		fuzz_assert(value_span(fa, old, oldlen, &sa, &na));
		fuzz_assert(value_span(fb, new, newlen, &sb, &nb));
		fuzz_assert(na == nb && memcmp(old + sa, new + sb, na) == 0);
	}

	/* The body, byte for byte. */
	fuzz_assert(oldlen - a->body_offset == newlen - b->body_offset);
	fuzz_assert(memcmp(old + a->body_offset, new + b->body_offset,
	    oldlen - a->body_offset) == 0);
	fuzz_assert(a->ncriteria == b->ncriteria);
done:
	prio_story_free(a);
	prio_story_free(b);
	prio_diags_free(&d1);
	prio_diags_free(&d2);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct prio_diags cd = PRIO_DIAGS_INIT, sd = PRIO_DIAGS_INIT;
	struct prio_buf out = PRIO_BUF_INIT;
	struct prio_config *cfg = NULL;
	struct prio_story *s;
	struct prio_edit e = { 0 };
	const char *file;
	char *err = NULL, *key = NULL;
	size_t len, k;
	unsigned choice;
	int rc;

	if (size < 1)
		return 0;
	choice = data[0];
	file = (const char *)data + 1;
	len = size - 1;
	if (prio_config_parse(&cfg, "backlog/prio.yml", "", 0, &cd) != PRIO_OK)
		fuzz_fail("the default config does not parse");

	k = choice % NELEM(keys);
	if (keys[k] != NULL)
		e.key = keys[k];
	else {
		/* One of the file's own keys, if it has any. */
		s = prio_story_parse(STORY_PATH, file, len, cfg, &sd);
		if (s->nfields > 0)
			key = prio_xstrdup(s->fields[(choice / NELEM(keys)) %
			    s->nfields].key);
		prio_story_free(s);
		e.key = key ? key : "rank";
	}
	if (strcmp(e.key, "labels") == 0 || strcmp(e.key, "depends-on") == 0 ||
	    (keys[k] == NULL && (choice & 0x80))) {
		e.is_list = true;
		e.items = lists[(choice / NELEM(keys)) % NELEM(lists)].items;
		e.nitems = lists[(choice / NELEM(keys)) % NELEM(lists)].n;
	} else
		e.value = values[(choice / NELEM(keys)) % NELEM(values)];

	/* Something in the buffer, to see that a refusal leaves it alone. */
	prio_buf_adds(&out, "untouched");
	rc = prio_edit_apply(&out, file, len, &e, 1, &err);
	if (rc != PRIO_OK) {
		fuzz_assert(rc == PRIO_EINVAL);
		fuzz_assert(err != NULL && err[0] != '\0');
		fuzz_assert(out.len == 9 && memcmp(out.ptr, "untouched", 9) == 0);
	} else {
		fuzz_assert(err == NULL);
		check_edit(cfg, file, len, out.ptr, out.len, &e);
	}
	free(err);
	free(key);
	prio_buf_free(&out);
	prio_diags_free(&sd);
	prio_diags_free(&cd);
	prio_config_free(cfg);
	return 0;
}
