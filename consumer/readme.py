#!/usr/bin/env python3
"""The README's "Using it" section is the source of truth for the consumer project.

  readme.py check             the consumer's Main.java and module-info.java equal the section's java
                              blocks byte for byte, and its pom holds the section's dependency block
  readme.py command classpath  prints the section's java command for the class path
  readme.py command modulepath prints the section's java command for the module path
"""
import pathlib
import re
import sys

HERE = pathlib.Path(__file__).resolve().parent
README = HERE.parent / "README.md"
MAIN = HERE / "src/main/java/com/example/Main.java"
MODULE_INFO = HERE / "src/main/java/module-info.java"
POM = HERE / "pom.xml"


def section():
    text = README.read_text()
    m = re.search(r"^## Using it\n(.*?)(?=^## )", text, re.S | re.M)
    if not m:
        sys.exit("readme.py: README.md has no '## Using it' section")
    return m.group(1)


def blocks(lang):
    return re.findall(r"^```" + lang + r"\n(.*?)^```$", section(), re.S | re.M)


def check():
    java = blocks("java")
    xml = blocks("xml")
    problems = []
    main = next((b for b in java if re.search(r"^public class Main\b", b, re.M)), None)
    module = next((b for b in java if re.match(r"module\s", b)), None)
    if main is None:
        problems.append("README 'Using it' has no java block with 'public class Main'")
    elif main != MAIN.read_text():
        problems.append(f"{MAIN.relative_to(HERE.parent)} differs from the README's Main block")
    if module is None:
        problems.append("README 'Using it' has no module-info java block")
    elif module != MODULE_INFO.read_text():
        problems.append(f"{MODULE_INFO.relative_to(HERE.parent)} differs from the README's module block")
    if len(xml) != 1:
        problems.append(f"README 'Using it' has {len(xml)} xml blocks, expected 1")
    else:
        squash = lambda s: re.sub(r"\s+", "", s)
        if squash(xml[0]) not in squash(POM.read_text()):
            problems.append("consumer/pom.xml does not hold the README's dependency block")
    for p in problems:
        print("consumer: " + p, file=sys.stderr)
    if problems:
        print("consumer: the README's 'Using it' section and consumer/ must say the same; "
              "copy the blocks from the README", file=sys.stderr)
        sys.exit(1)
    print("consumer: README 'Using it' == consumer/ (Main.java, module-info.java, dependency block)")


def command(kind):
    flag = {"classpath": "--enable-native-access=ALL-UNNAMED",
            "modulepath": "--enable-native-access=io.ebpf4j.core"}[kind]
    lines = [l for b in blocks("sh") for l in b.splitlines() if l.startswith("java ") and flag in l]
    if len(lines) != 1:
        sys.exit(f"readme.py: expected one java command with {flag} in 'Using it', found {lines}")
    print(lines[0])


if __name__ == "__main__":
    if sys.argv[1:] == ["check"]:
        check()
    elif len(sys.argv) == 3 and sys.argv[1] == "command":
        command(sys.argv[2])
    else:
        sys.exit(__doc__)
