#!/usr/bin/env bash
# The test command: sets the machine up, checks the committed BPF objects against their sources,
# and runs every test (unit, property and kernel integration tests) with the Maven wrapper.
# In CI (CI=true) kernel integration tests that cannot run fail the build instead of skipping.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
JAVA_HOME="$(sh scripts/find-jdk.sh)"; export JAVA_HOME
echo "test: JDK $JAVA_HOME, kernel $(uname -r), CI=${CI:-false}"

if command -v clang >/dev/null 2>&1; then
  bash ebpf-native/build-bpf.sh --check
else
  echo "test: clang not installed: skipping the stale-object check of ebpf-native"
fi

# The benchmark suite at smoke size (seconds): proves every benchmark and the C baseline still work.
# The full run (about 10 minutes) is `benchmarks/run.sh`, outside CI.
if [ "${EBPF4J_SKIP_BENCH_SMOKE:-0}" != 1 ]; then
  bash benchmarks/run.sh --smoke
fi

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
./mvnw -B -ntp verify "$@" 2>&1 | tee "$log"

# One closing line: the sum of surefire's per-module summaries.
python3 - "$log" <<'PY'
import re, sys
t = f = s = 0
for line in open(sys.argv[1], errors="replace"):
    m = re.match(r"^\[\w+\] Tests run: (\d+), Failures: (\d+), Errors: (\d+), Skipped: (\d+)\s*$", line)
    if m:
        t += int(m[1]); f += int(m[2]) + int(m[3]); s += int(m[4])
print(f"tests: {t - f - s} passed, {f} failed, {s} skipped")
PY
