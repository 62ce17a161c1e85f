/*
 * md2man — render a Markdown man page to roff with libcmark.
 *
 *   md2man NAME SECTION DATE < page.md > page.1
 *
 * cmark renders the body; this adds the .TH line.  The Markdown's
 * level-1 headings become .SH sections (cmark's man writer does that).
 */
#include <cmark.h>
#include <stdio.h>
#include <stdlib.h>

int
main(int argc, char **argv)
{
	char *buf = NULL, *roff;
	size_t len = 0, cap = 0, n;
	cmark_node *doc;

	if (argc != 4) {
		fprintf(stderr, "usage: md2man NAME SECTION DATE < in.md\n");
		return 2;
	}
	for (;;) {
		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 8192;
			if ((buf = realloc(buf, cap)) == NULL)
				return 3;
		}
		n = fread(buf + len, 1, cap - len, stdin);
		if (n == 0)
			break;
		len += n;
	}
	doc = cmark_parse_document(buf, len, CMARK_OPT_DEFAULT);
	roff = cmark_render_man(doc, CMARK_OPT_DEFAULT, 0);
	printf(".TH \"%s\" \"%s\" \"%s\" \"prio\" \"prio manual\"\n%s",
	    argv[1], argv[2], argv[3], roff);
	free(roff);
	cmark_node_free(doc);
	free(buf);
	return 0;
}
