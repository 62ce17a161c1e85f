#!/usr/bin/env python3
"""report-parts.py FILE.html — the parts of a `prio report` page as text.

Parses the page with html.parser (and each inline <svg> as XML, which
also proves it well formed) and prints one line per part, so a test can
compare the whole with `expect_out`.  Exits 1 when the page loads
anything from outside or runs a script.
"""
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

SVG = "{http://www.w3.org/2000/svg}"


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.text = {}          # (tag, id/class key) -> text
        self.cards = []         # [id, label, value, detail]
        self.rows = {}          # table id -> list of rows of cells
        self.section = None
        self.figure = None
        self.svgs = {}          # figure id -> count of <svg>
        self.empties = {}       # figure id -> text of <p class=empty>
        self.scripts = 0
        self.outside = []
        self.title = ""
        self.h1 = ""
        self.generated = ""
        self.sections = []
        self.cell = None
        self.row = None
        self.card = None
        self.card_part = None
        self.empty = None
        self.styles = 0
        self.legend = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.stack.append(tag)
        for k, v in attrs:
            if v and k in ("src", "href", "srcset", "action", "data") and \
                    not v.startswith("#"):
                self.outside.append("%s %s=%s" % (tag, k, v))
        if tag == "script":
            self.scripts += 1
        if tag in ("link", "iframe", "img", "object", "embed"):
            self.outside.append(tag)
        if tag == "style":
            self.styles += 1
        if tag == "section":
            self.section = a.get("id")
            self.sections.append(self.section)
        if tag == "figure":
            self.figure = a.get("id")
        if tag == "svg" and self.figure:
            self.svgs[self.figure] = self.svgs.get(self.figure, 0) + 1
        if tag == "p" and a.get("class") == "empty":
            self.empty = ""
        if tag == "div" and a.get("class") == "card":
            self.card = [a.get("id"), "", "", ""]
        if tag == "div" and self.card and a.get("class") in \
                ("label", "value", "detail"):
            self.card_part = ("label", "value", "detail").index(
                a.get("class")) + 1
        if tag == "tr":
            self.row = []
        if tag in ("td", "th"):
            self.cell = ""

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop() != tag:
            pass
        if tag == "figure":
            self.figure = None
        if tag == "p" and self.empty is not None:
            self.empties[self.figure or self.section] = self.empty
            self.empty = None
        if tag == "div" and self.card_part:
            self.card_part = None
        elif tag == "div" and self.card:
            self.cards.append(self.card)
            self.card = None
        if tag in ("td", "th") and self.row is not None:
            self.row.append(self.cell.strip())
            self.cell = None
        if tag == "tr" and self.row is not None:
            self.rows.setdefault(self.section, []).append(self.row)
            self.row = None

    def handle_data(self, data):
        top = self.stack[-1] if self.stack else None
        if top == "title" and "head" in self.stack:
            self.title += data
        if top == "h1":
            self.h1 += data
        if "p" in self.stack and "header" in self.stack:
            self.generated += data
        if self.empty is not None:
            self.empty += data
        if self.card and self.card_part:
            self.card[self.card_part] += data
        if self.cell is not None:
            self.cell += data


def main():
    raw = open(sys.argv[1], encoding="utf-8").read()
    page = Page()
    page.feed(raw)
    page.close()
    print("title:", page.title)
    print("h1:", page.h1)
    print("generated:", page.generated.strip())
    print("sections:", " ".join(page.sections))
    print("styles:", page.styles, "scripts:", page.scripts,
          "outside:", len(page.outside))
    for c in page.cards:
        print("card %s: %s = %s (%s)" % tuple(c))
    # Each inline SVG, parsed as XML.
    start = 0
    while True:
        i = raw.find("<svg", start)
        if i < 0:
            break
        j = raw.index("</svg>", i) + len("</svg>")
        svg = ET.fromstring(raw[i:j])
        kinds = {}
        for el in svg.iter():
            name = el.tag.replace(SVG, "")
            cls = el.get("class")
            if cls:
                kinds["%s.%s" % (name, cls)] = \
                    kinds.get("%s.%s" % (name, cls), 0) + 1
        titles = [t.text for t in svg.iter(SVG + "title")]
        print("svg %s: %s; titles: %s" % (
            svg.get("aria-label"),
            ", ".join("%s %d" % (k, kinds[k]) for k in sorted(kinds)),
            " | ".join(titles)))
        start = j
    for k in sorted(page.empties):
        print("empty %s: %s" % (k, page.empties[k]))
    for sec in page.sections:
        for r in page.rows.get(sec, []):
            print("%s row: %s" % (sec, " | ".join(r)))
    for needle in ("url(", "@import", "http://", "https://"):
        if needle in raw.replace('xmlns="http://www.w3.org/2000/svg"', ""):
            page.outside.append(needle)
    if page.outside or page.scripts:
        print("outside:", page.outside, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
