#!/usr/bin/env python3
"""Checks SVG pictures: each file parses as XML with an <svg> root and has what is expected.

  check_svg.py [--run CMD ARGS... --] FILE.svg[:EXPECT[,EXPECT...]] ...

EXPECT is TAG>=N (at least N elements <TAG>), TAG.CLASS>=N (elements of that class, or inside a
<g> of that class), or text=STRING (a <text> element reading STRING). --run runs a command first
(which writes the files) and fails when it fails.
"""
import subprocess
import sys
import xml.etree.ElementTree as ET

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
        end = argv.index("--")
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
