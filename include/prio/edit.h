/*
 * prio/edit.h — surgical edits of a story's front matter (SPEC §3.1).
 *
 * Each function takes the bytes of a story file and produces the whole
 * new file, in which only the bytes of the changed values differ.
 * Comments before and after a value, key order, spacing, blank lines,
 * line endings (LF or CRLF), a byte order mark and the body are copied
 * as they were.
 *
 * Ownership.  data is borrowed and only read; it may be out->ptr itself.
 * On PRIO_OK, out holds exactly the new file (whatever it held before is
 * freed) and *err is NULL.  On PRIO_EINVAL, out is left as it was and
 * *err is a sentence the caller free()s: lowercase, what is wrong, then
 * what to do.  err may be NULL when the message is not wanted.  Nothing
 * is printed and there is no shared state: any thread may call these.
 *
 * Where a value goes.
 *   - A key that is present is changed where it is written.  An empty
 *     value ("rank:") is filled in on its line.
 *   - A key that is absent is added as a new line "key: value" at the
 *     end of the front matter, just before the closing '---' or '...'
 *     line, with the line ending of the line before it (so CRLF in a
 *     CRLF file) and the indentation of the first key.
 *
 * How a scalar is written.  The style is read from the source byte where
 * the old value starts:
 *   - '"': stays double-quoted; '\' and '"' are escaped, and so are
 *     control characters (\t, \n, \x7f, \N, \L, \P, \uFEFF ...).
 *   - '\'': stays single-quoted, ' doubled as ''; a value holding a
 *     control character is double-quoted instead (single quotes cannot
 *     escape).
 *   - anything else (plain, empty, or absent key): plain when YAML reads
 *     the value back as exactly that text, else double-quoted.  Values
 *     holding ": ", " #", a leading indicator ("-", "#", "[", "'",
 *     "&" ...), leading or trailing blanks, or nothing at all are quoted.
 *   - With quote_single, single quotes where the above says double
 *     (double still for a control character).
 *   - For the keys whose value must be text — id, title, status, owner
 *     and goal, and any key with text set — a value YAML would read as another type (null, ~, yes,
 *     no, on, off, true, false, numbers such as 1e3 or 0x1f, dates) is
 *     quoted too.  Other keys (rank, scores, dates, unknown keys) take
 *     plain digits and dates as written: "rank: 2.5".
 *   - A block scalar ('|' or '>') is replaced as a whole by one scalar on
 *     the indicator's line, written as for a plain value.  A comment
 *     after the indicator stays; the block's text lines go; blank lines
 *     and comments after the block stay.
 *   - Anchors and tags before a value ("&a", "!!str") are kept.
 *
 * How a list is written (labels, depends-on).  Items are text: a new
 * item is plain when safe, else quoted in the style all old items share
 * (double quotes when they share none).
 *   - A block list ("- a" lines) changes as a line diff would: an item
 *     kept keeps its lines as written, with its comment and the comment
 *     lines just above it; a removed item's lines go; a new item is a new
 *     line with the first item's indentation and space after the dash.
 *     Emptied, it becomes "key: []".
 *   - A flow list "[a, b]" is rewritten in flow style in place.  Old
 *     items equal to new ones are copied byte for byte; the spacing after
 *     '[', between items and before ']' (a trailing comma too) is kept
 *     when it is blanks and commas only.  Comments inside the brackets
 *     are not kept.
 *   - An empty value, an absent key or a single value becomes a flow
 *     list; no items is written "[]".
 *
 * Refused with PRIO_EINVAL, out unchanged: an empty file; no front
 * matter, or none that ends; YAML that does not parse, repeats a key or
 * uses an alias (the message names line and column, as prio check
 * does); front matter that is not a mapping, is a { } mapping, starts
 * with a tag or anchor, or holds a byte order mark; a key that is not a
 * name (letters, digits, '_', then also '-' and '.'); a NULL or non-UTF-8
 * value or item; setting a scalar where the file holds a list or a
 * mapping, or a list where it holds a mapping; the same key twice in one
 * call.
 *
 * Safety net.  Before returning, the new file is parsed again: every key
 * not edited must read back exactly as before, each edited key exactly as
 * asked, and the bytes outside the front matter must be unchanged.  If
 * not, the edit is refused rather than written.
 */
#ifndef PRIO_EDIT_H
#define PRIO_EDIT_H

#include <stdbool.h>
#include <stddef.h>

#include "prio/buf.h"

/*
 * One change: key set to the scalar value, or (is_list) to the nitems
 * strings of items.  The strings are borrowed for the call.
 */
struct prio_edit {
	const char *key;
	const char *value;          /* !is_list: the new text */
	char *const *items;         /* is_list: the new items (may be NULL
	                             * when nitems is 0) */
	size_t nitems;
	bool is_list;
	/*
	 * For another tool's files (a Backlog.md task, which js-yaml
	 * writes): text is a value that must read back as text, quoted
	 * when it looks like a number, date or boolean, whatever the key
	 * (otherwise only id, title, status, owner and goal are);
	 * quote_single puts a value or item that needs quotes and has no
	 * style of its own (plain, empty, absent, or a new item where the
	 * old ones share none) in single quotes rather than double.
	 */
	bool text;
	bool quote_single;
};

/* Sets key to a scalar value in a story's front matter. */
int prio_edit_set_scalar(struct prio_buf *out, const char *data, size_t len,
    const char *key, const char *value, char **err);

/* Sets key to a list of scalars (labels, depends-on). */
int prio_edit_set_list(struct prio_buf *out, const char *data, size_t len,
    const char *key, char *const *items, size_t n, char **err);

/*
 * Applies n edits to one story at once (one file write), e.g. status and
 * accepted date.  Keys must differ; absent keys are added in the order
 * given.  All or nothing: on error, out is unchanged.
 */
int prio_edit_apply(struct prio_buf *out, const char *data, size_t len,
    const struct prio_edit *edits, size_t n, char **err);

#endif
