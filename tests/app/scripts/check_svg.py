#!/usr/bin/env python3
"""Checks SVG pictures: each file parses as XML with an <svg> root and has what is expected.

  check_svg.py [--run CMD ARGS... --check] FILE.svg[:EXPECT[,EXPECT...]] ... [FILE.png:paper=RRGGBB] ...

EXPECT is TAG>=N (at least N elements <TAG>), TAG.CLASS>=N (elements of that class, or inside a
<g> of that class), or text=STRING (a <text> element reading STRING). For a PNG, paper=RRGGBB
says the most common colour (the background) is RRGGBB, e.g. ffffff in the print theme. --run
runs a command first (which writes the files) and fails when it fails.
"""
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
import zlib


def png_most_common(path):
    """The most common colour of an 8-bit RGB or RGBA, non-interlaced PNG, as "rrggbb"."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, width, height, channels = 8, b"", 0, 0, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or colour not in (2, 6) or interlace != 0:
                raise ValueError("only 8-bit RGB/RGBA non-interlaced PNGs are read here")
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    prev = bytearray(stride)
    counts = {}
    for y in range(height):
        filt = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = prev[i]
            c = prev[i - channels] if i >= channels else 0
            if filt == 1:
                line[i] = (line[i] + a) & 255
            elif filt == 2:
                line[i] = (line[i] + b) & 255
            elif filt == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif filt == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        for x in range(0, stride, channels * 4):  # every fourth pixel is plenty for the background
            key = bytes(line[x:x + 3])
            counts[key] = counts.get(key, 0) + 1
        prev = line
    return max(counts, key=counts.get).hex()


def check_png(path, expects):
    errors = []
    try:
        colour = png_most_common(path)
    except (OSError, ValueError, zlib.error) as e:
        return ["%s: cannot read: %s" % (path, e)]
    for expect in filter(None, expects.split(",")):
        if expect.startswith("paper=") and colour != expect[len("paper="):].lower():
            errors.append("%s: the background is #%s, expected #%s" % (path, colour, expect[len("paper="):]))
    print("%s: background #%s: %s" % (path, colour, "ok" if not errors else "FAIL"))
    return errors

NS = "{http://www.w3.org/2000/svg}"


def elements(root, tag, css_class=None):
    found = []
    for el in root.iter(NS + tag):
        found.append(el)
    if css_class is None:
        return found
    inside = set()
    for g in root.iter(NS + "g"):
        if css_class in (g.get("class") or "").split():
            for el in g.iter(NS + tag):
                inside.add(id(el))
    return [el for el in found if css_class in (el.get("class") or "").split() or id(el) in inside]


def check(spec):
    path, _, expects = spec.partition(":")
    if path.endswith(".png"):
        return check_png(path, expects)
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as e:
        return ["%s: not an XML file: %s" % (path, e)]
    errors = []
    if root.tag != NS + "svg":
        errors.append("%s: the root is %s, not <svg>" % (path, root.tag))
    texts = ["".join(t.itertext()) for t in root.iter(NS + "text")]
    for expect in filter(None, expects.split(",")):
        if expect.startswith("text="):
            want = expect[len("text="):]
            if want not in texts:
                errors.append("%s: no <text> reads %r (texts: %s)" % (path, want, ", ".join(sorted(set(texts)))[:400]))
            continue
        what, _, n = expect.partition(">=")
        tag, _, css_class = what.partition(".")
        have = len(elements(root, tag, css_class or None))
        if have < int(n):
            errors.append("%s: %d <%s> elements, expected at least %s" % (path, have, what, n))
    print("%s: %s" % (path, "ok" if not errors else "FAIL"))
    return errors


def main(argv):
    if len(argv) >= 2 and argv[1] == "--run":
        end = argv.index("--check")
        result = subprocess.run(argv[2:end])
        if result.returncode != 0:
            print("FAIL: %s exited with status %d" % (argv[2], result.returncode))
            return 1
        argv = argv[:1] + argv[end + 1:]
    errors = []
    for spec in argv[1:]:
        errors += check(spec)
    for e in errors:
        print("FAIL: " + e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
