#!/usr/bin/env python3
"""The guest step's report, from what the guest left in its shared directory.

usage: report.py OUT_DIR GUEST_EXIT_CODE SECONDS

Prints: kernel and libbpf (from `ebpf4j doctor`), the attach path each hook and object took (the
tests' "attach" and "path" report entries), per test class passed/failed/skipped with every skip's
reason and every failure's message, the classes not present on this branch, and the closing line
"guest <release>: tests: N passed, N failed, N skipped". Exits 1 when a test failed or did not
run, when doctor failed, when the guest's exit code is not 0, or when the syscall hook did not take
the kprobe path on a kernel whose capability report has kprobe attach.
"""
import pathlib
import re
import sys
import xml.etree.ElementTree as ET


def doctor_facts(text):
    facts = {}
    for key, pattern in [("kernel", r"^\s*kernel\s*[:=]?\s*(\S.*)$"), ("libbpf", r"libbpf\s*[:=]?\s*v?(\d+\.\d+(?:\.\d+)?)")]:
        m = re.search(pattern, text, re.M | re.I)
        if m:
            facts[key] = m.group(1).strip()
    return facts


def entries(system_out):
    """JUnit's legacy XML keeps report entries in system-out as '\t- key: value' lines."""
    found = []
    for line in (system_out or "").splitlines():
        m = re.match(r"^\s*-\s*(attach|path|histogram)\s*:\s*(.*)$", line)
        if m:
            found.append((m.group(1), m.group(2)))
    return found


def main():
    out, guest_rc, seconds = pathlib.Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    ok = True
    doctor = (out / "doctor.txt").read_text(errors="replace") if (out / "doctor.txt").exists() else ""
    doctor_rc = (out / "doctor.rc").read_text().strip() if (out / "doctor.rc").exists() else "missing"
    release = "unknown"
    m = re.search(r"guest: kernel ([^\s,]+)", (out / "console.log").read_text(errors="replace")) if (out / "console.log").exists() else None
    if m:
        release = m.group(1)
    facts = doctor_facts(doctor)
    kprobes = bool(re.search(r"kprobe attach\s*[:|]?\s*(available|yes|ok)", doctor, re.I))

    print(f"guest: ==== report: kernel {release}, libbpf {facts.get('libbpf', '?')} (the host's, through the shared root)")
    print(f"guest: doctor exit code {doctor_rc}")
    if doctor_rc != "0":
        ok = False

    passed = failed = skipped = 0
    per_class = {}
    notes = []
    paths = []
    for xml in sorted((out / "reports").rglob("*.xml")):
        try:
            root = ET.parse(xml).getroot()
        except ET.ParseError as e:
            print(f"guest: unreadable report {xml.name}: {e}")
            ok = False
            continue
        for case in root.iter("testcase"):
            cls = case.get("classname", "?").rsplit(".", 1)[-1]
            name = case.get("name", "?")
            c = per_class.setdefault(cls, [0, 0, 0])
            fail = case.find("failure")
            if fail is None:
                fail = case.find("error")
            skip = case.find("skipped")
            if fail is not None:
                failed += 1
                c[1] += 1
                msg = (fail.get("message") or fail.text or "").strip().splitlines()
                notes.append(f"FAILED  {cls}.{name}: {msg[0] if msg else ''}")
            elif skip is not None:
                skipped += 1
                c[2] += 1
                reason = (skip.get("message") or (skip.text or "").strip().split("\n")[0]).strip()
                notes.append(f"skipped {cls}.{name}: {reason}")
            else:
                passed += 1
                c[0] += 1
            for so in case.findall("system-out"):
                for key, value in entries(so.text):
                    paths.append((key, f"{cls}: {value}"))

    print("guest: attach paths taken on this kernel:")
    for key, value in paths:
        print(f"guest:   {key}: {value}")
    hook = [v for k, v in paths if k == "path" and "syscall-latency" in v]
    only = (out / "only").read_text().strip() if (out / "only").exists() else ""
    if only:
        print(f"guest: only these classes were selected (--only): {only}")
    syscall_ran = not only or "SyscallLatencyTest" in only.split(",")
    if kprobes and syscall_ran and not any("KPROBE" in v for v in hook):
        print("guest: FAILED: the capability report has kprobe attach, but the syscall hook did not report the kprobe path")
        ok = False
    for cls, (p, f, s) in sorted(per_class.items()):
        print(f"guest:   {cls}: {p} passed, {f} failed, {s} skipped")
    for n in notes:
        print(f"guest:   {n}")
    not_present = (out / "not-present").read_text().split("\n") if (out / "not-present").exists() else []
    for n in filter(None, not_present):
        print(f"guest:   not present on this branch (listed in scripts/guest/tests.txt): {n}")
    for n in filter(None, (out / "excluded").read_text().split("\n") if (out / "excluded").exists() else []):
        print(f"guest:   excluded on this kernel (scripts/guest/tests.txt): {n}")
    planned = sum(len(l.split()) - 1 for l in (out / "plan").read_text().splitlines() if l.strip())
    if len(per_class) < planned:
        print(f"guest: FAILED: {planned} test classes planned, {len(per_class)} reported")
        ok = False
    if failed or guest_rc != 0:
        ok = False
    print(f"guest: {'PASS' if ok else 'FAIL'} in {seconds} s (guest exit code {guest_rc})")
    print(f"guest {release}: tests: {passed} passed, {failed} failed, {skipped} skipped")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
