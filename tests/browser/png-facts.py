#!/usr/bin/env python3
"""png-facts.py FILE.png COLOUR... — facts about a screenshot, as text.

Decodes an 8-bit, non-interlaced RGB or RGBA PNG (what Chromium writes)
with zlib alone and prints its size, how many distinct colours it has,
the share of its pixels that are not white, and for each COLOUR
("#2563eb") how many pixels have exactly that colour.
"""
import struct
import sys
import zlib


def decode(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise SystemExit("%s: not a PNG" % path)
    pos, idat = 8, b""
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(
                ">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    if depth != 8 or ctype not in (2, 6) or interlace:
        raise SystemExit("%s: not 8-bit RGB(A), non-interlaced" % path)
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(idat)
    stride = w * bpp
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(h):
        f = raw[i]
        line = bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[x] = (line[x] + pr) & 255
        rows.append(bytes(line))
        prev = line
    return w, h, bpp, rows


def main():
    w, h, bpp, rows = decode(sys.argv[1])
    colours = {}
    for line in rows:
        for x in range(0, len(line), bpp):
            px = line[x:x + 3]
            colours[px] = colours.get(px, 0) + 1
    white = colours.get(b"\xff\xff\xff", 0)
    print("size %dx%d" % (w, h))
    print("colours %d" % len(colours))
    print("not white %.0f%%" % (100.0 * (w * h - white) / (w * h)))
    for c in sys.argv[2:]:
        px = bytes.fromhex(c.lstrip("#"))
        print("%s %d" % (c, colours.get(px, 0)))


if __name__ == "__main__":
    main()
