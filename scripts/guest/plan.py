#!/usr/bin/env python3
"""The guest's test plan from scripts/guest/tests.txt.

usage: plan.py TESTS_TXT OUT_DIR LAUNCHER_JAR KERNEL [ONLY]

ONLY: comma-separated simple class names (test.sh --only): plan just those of the list (exit 2 when
one is not listed), written to OUT_DIR/only for the report.

Finds each listed class (simple name) under <module>/target/test-classes, writes OUT_DIR/plan
("<module> <fqcn> ...", one line per module), OUT_DIR/classpath-<module> (test classes, classes,
<module>/target/guest-classpath.txt from `dependency:build-classpath`, the console launcher) and
OUT_DIR/not-present (listed classes with no source in their module), OUT_DIR/exclude-<module> (the
method-name patterns of this kernel's "exclude" lines) and OUT_DIR/excluded (them with their reasons,
for the report). Exits 1 when a listed class has
a source but no compiled class (the build is stale or broken).
"""
import pathlib
import sys


def main():
    tests, out, launcher, kernel = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), sys.argv[3], sys.argv[4]
    only = {c for c in (sys.argv[5] if len(sys.argv) > 5 else "").split(",") if c}
    listed = {raw.split("#", 1)[0].split()[1] for raw in tests.read_text().splitlines()
              if not raw.startswith("exclude ") and len(raw.split("#", 1)[0].split()) >= 2}
    if only - listed:
        print(f"guest: FAILED: --only names classes not in {tests}: {', '.join(sorted(only - listed))}")
        sys.exit(2)
    (out / "only").write_text(",".join(sorted(only)))
    root = tests.resolve().parent.parent.parent
    plan, absent, broken, excluded = {}, [], [], []
    for raw in tests.read_text().splitlines():
        if raw.startswith("exclude "):
            _, on, module, method, reason = raw.split(None, 4)
            if on == kernel:
                excluded.append((module, method, reason))
            continue
        line = raw.split("#", 1)[0].split()
        if not line:
            continue
        module, name = line[0], line[1]
        if only and name not in only:
            continue
        compiled = sorted((root / module / "target/test-classes").rglob(name + ".class"))
        if compiled:
            rel = compiled[0].relative_to(root / module / "target/test-classes")
            plan.setdefault(module, []).append(".".join(rel.with_suffix("").parts))
        elif sorted((root / module / "src/test/java").rglob(name + ".java")):
            broken.append(f"{module} {name}")
        else:
            absent.append(f"{module} {name}")
    for module in plan:
        deps = (root / module / "target/guest-classpath.txt").read_text().strip()
        cp = [str(root / module / "target/test-classes"), str(root / module / "target/classes")]
        cp += [p for p in deps.split(":") if p] + [launcher]
        stale = [p for p in cp if "/io/ebpf4j/" in p and "/target/" not in p]
        if stale:
            sys.exit(f"guest: FAILED: {module}'s class path has ebpf4j artifacts from outside this build: {stale}")
        (out / f"classpath-{module}").write_text(":".join(cp))
    (out / "plan").write_text("".join(f"{m} {' '.join(cs)}\n" for m, cs in plan.items()))
    (out / "not-present").write_text("".join(a + "\n" for a in absent))
    (out / "excluded").write_text("".join(f"{m} {meth}: {r}\n" for m, meth, r in excluded))
    for module in plan:
        pats = [".*[.$]" + meth.replace("#", "[.#]") for m, meth, _ in excluded if m == module]
        (out / f"exclude-{module}").write_text("".join(p + "\n" for p in pats))
    for b in broken:
        print(f"guest: FAILED: {b} has a source but no compiled class (build the module first)")
    sys.exit(1 if broken else 0)


if __name__ == "__main__":
    main()
