#!/usr/bin/env python3
"""Per module: how many test classes exist and how many ran, so a class that silently never runs shows.

usage: test-counts.py MARKER [--enforce]

A test class is a top-level, non-abstract class in src/test/java with a test annotation on one of its
own methods (@Test, @Property, @Example, @ParameterizedTest, @RepeatedTest, @TestFactory,
@TestTemplate, @ArchTest): nested helper classes (indented deeper) do not count. It ran when
target/surefire-reports holds its TEST-<class>.xml newer than MARKER (a file made before the run).
With --enforce, exits 1 when a test class did not run.
"""
import os
import pathlib
import re
import sys

ANNOTATION = re.compile(r"^    @(Test|Property|Example|ParameterizedTest|RepeatedTest|TestFactory|TestTemplate|ArchTest)\b",
                        re.M)
PACKAGE = re.compile(r"^package\s+([\w.]+)\s*;", re.M)


def modules(root):
    pom = (root / "pom.xml").read_text()
    return re.findall(r"<module>([^<]+)</module>", pom)


def test_classes(module_dir):
    src = module_dir / "src/test/java"
    found = []
    if not src.is_dir():
        return found
    for f in sorted(src.rglob("*.java")):
        text = f.read_text(errors="replace")
        if not ANNOTATION.search(text):
            continue
        name = f.stem
        if re.search(r"^(public\s+)?abstract\s+class\s+" + re.escape(name) + r"\b", text, re.M):
            continue
        m = PACKAGE.search(text)
        found.append((m.group(1) + "." if m else "") + name)
    return found


def ran(module_dir, since):
    reports = module_dir / "target/surefire-reports"
    names = set()
    if reports.is_dir():
        for r in reports.glob("TEST-*.xml"):
            if r.stat().st_mtime >= since:
                names.add(r.name[len("TEST-"):-len(".xml")])
    return names


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    since = os.stat(args[0]).st_mtime
    enforce = "--enforce" in args
    root = pathlib.Path(__file__).resolve().parent.parent
    missing_total = 0
    for module in modules(root):
        expected = test_classes(root / module)
        if not expected:
            continue
        done = ran(root / module, since)
        missing = [c for c in expected if c not in done]
        ran_count = len(expected) - len(missing)
        print(f"test classes: {module}: {len(expected)} test classes, {ran_count} ran")
        for c in missing:
            print(f"test classes: {module}: {c} did not run")
        missing_total += len(missing)
    if missing_total and enforce:
        print(f"test classes: {missing_total} test classes did not run", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
