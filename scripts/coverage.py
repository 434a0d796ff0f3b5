#!/usr/bin/env python3
"""Line and branch coverage per module, from this run's JaCoCo reports, as a table.

usage: coverage.py [MARKER] [--markdown]

Reads coverage/target/site/jacoco-aggregate/jacoco.xml (every module's tests counted: a class of
ebpf-core that only ebpf-hooks' tests run is covered) and, beside it, each module's own report
<module>/target/site/jacoco/jacoco.xml (that module's tests alone). With MARKER (a file made before the
run), a report older than it is from an earlier run and is not shown. --markdown prints the table for
the README. The plan's exit criterion (80 % of lines in ebpf-core, ebpf-hooks and ebpf-heal) is shown,
not enforced.
"""
import os
import pathlib
import sys
import xml.etree.ElementTree as ET

ROOT = pathlib.Path(__file__).resolve().parent.parent
AGGREGATE = ROOT / "coverage/target/site/jacoco-aggregate/jacoco.xml"
PLAN = {"ebpf-core", "ebpf-hooks", "ebpf-heal"}   # the plan's 80 % line coverage criterion
PLAN_LINE = 80.0


def parse(path):
    # JaCoCo's XML names its DTD; nothing is fetched, the parser ignores the DOCTYPE.
    return ET.parse(path).getroot()


def counters(element):
    """{type: (missed, covered)} of an element's own <counter> children."""
    return {c.get("type"): (int(c.get("missed")), int(c.get("covered"))) for c in element.findall("counter")}


def percent(pair):
    missed, covered = pair
    total = missed + covered
    return None if total == 0 else 100.0 * covered / total


def fresh(path, since):
    return path.is_file() and (since is None or path.stat().st_mtime >= since)


def aggregate_modules(since):
    """[(module, counters)] from the aggregate report: one group per module under the report's group."""
    if not fresh(AGGREGATE, since):
        return None
    root = parse(AGGREGATE)
    groups = root.findall("group")
    # report-aggregate nests the modules under one group named after the report's title
    if len(groups) == 1 and groups[0].findall("group"):
        groups = groups[0].findall("group")
    return [(g.get("name"), counters(g)) for g in groups], counters(root)


def own_report(module, since):
    path = ROOT / module / "target/site/jacoco/jacoco.xml"
    return counters(parse(path)) if fresh(path, since) else None


def cell(value):
    return "-" if value is None else f"{value:.1f}"


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    markdown = "--markdown" in sys.argv[1:]
    since = os.stat(args[0]).st_mtime if args else None
    found = aggregate_modules(since)
    if found is None:
        print("coverage: no aggregate report from this run (coverage/ is built by a full run: ./mvnw verify)")
        return
    modules, total = found
    header = ["module", "line %", "branch %", "lines", "line % (own tests)", "branch % (own tests)"]
    rows = []
    for name, c in modules:
        if "LINE" not in c:
            continue
        own = own_report(name, since)
        missed, covered = c["LINE"]
        note = ""
        if name in PLAN:
            note = " met" if percent(c["LINE"]) >= PLAN_LINE else " MISSED"
        rows.append([name, cell(percent(c["LINE"])) + note, cell(percent(c.get("BRANCH", (0, 0)))),
                     f"{covered}/{missed + covered}",
                     cell(percent(own["LINE"])) if own and "LINE" in own else "-",
                     cell(percent(own["BRANCH"])) if own and "BRANCH" in own else "-"])
    missed, covered = total["LINE"]
    rows.append(["all", cell(percent(total["LINE"])), cell(percent(total["BRANCH"])),
                 f"{covered}/{missed + covered}", "", ""])
    if markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "|".join(" --- " if i == 0 else " ---: " for i in range(len(header))) + "|")
        for r in rows:
            print("| " + " | ".join(r) + " |")
        return
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    fmt = lambda r: "  ".join(str(v).ljust(widths[0]) if i == 0 else str(v).rjust(widths[i]) for i, v in enumerate(r))
    print(f"coverage: JaCoCo, every module's tests (kernel integration tests included); "
          f"plan: >= {PLAN_LINE:.0f} % of lines in {', '.join(sorted(PLAN))}")
    print("coverage: " + fmt(header))
    for r in rows:
        print("coverage: " + fmt(r))
    print(f"coverage: report {AGGREGATE.parent.relative_to(ROOT)}/index.html")


if __name__ == "__main__":
    main()
