#!/usr/bin/env bash
# The test command: sets the machine up, checks the committed BPF objects against their sources,
# runs the benchmark smoke and the performance regression gate, runs every test (unit, property,
# kernel integration and architecture tests) with the Maven wrapper,
# prints per module how many test classes exist and how many ran, and runs the README's example as a
# user would (consumer/run.sh: installs the artifacts, builds consumer/, runs it on both paths).
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

# The performance regression gate (~1-2 minutes): same-run ratios against benchmarks/gate-baseline.txt
# (docs/PERFORMANCE.md, "Regression gate"); its verdict per figure is printed again at the end.
# EBPF4J_SKIP_BENCH_GATE=1 skips it.
gate_status=0
gate_report="benchmarks/target/gate/gate.txt"
rm -f "$gate_report"
if [ "${EBPF4J_SKIP_BENCH_GATE:-0}" != 1 ]; then
  prebuilt=0
  [ "${EBPF4J_SKIP_BENCH_SMOKE:-0}" != 1 ] && prebuilt=1
  EBPF4J_BENCH_PREBUILT=$prebuilt bash benchmarks/run.sh --gate || gate_status=1
fi

log="$(mktemp)"
marker="$(mktemp)"   # made before the run: reports newer than it are this run's
consumer_log="$(mktemp)"
trap 'rm -f "$log" "$marker" "$consumer_log"' EXIT
status=0
maven=0
./mvnw -B -ntp verify "$@" 2>&1 | tee "$log" || maven=1
status=$maven

# Per module: test classes in src/test/java and how many of them ran. On a full run (no arguments,
# as CI runs it) a test class that did not run fails the test command.
if [ "$#" -eq 0 ]; then
  python3 scripts/test-counts.py "$marker" --enforce || status=1
else
  python3 scripts/test-counts.py "$marker"
fi

# The README's "Using it" example as a user builds it (against the installed artifacts), on the module
# path and on the class path. Full runs only, after a green Maven run; EBPF4J_SKIP_CONSUMER=1 skips it.
if [ "$#" -eq 0 ] && [ "${EBPF4J_SKIP_CONSUMER:-0}" != 1 ]; then
  if [ "$maven" -eq 0 ]; then
    bash consumer/run.sh 2>&1 | tee "$consumer_log" || status=1
  else
    echo "consumer: not run (the Maven run failed)"
  fi
fi

# One closing line: the sum of surefire's per-module summaries plus the consumer's two runs.
python3 - "$log" "$consumer_log" <<'PY'
import re, sys
t = f = s = 0
for line in open(sys.argv[1], errors="replace"):
    m = re.match(r"^\[\w+\] Tests run: (\d+), Failures: (\d+), Errors: (\d+), Skipped: (\d+)\s*$", line)
    if m:
        t += int(m[1]); f += int(m[2]) + int(m[3]); s += int(m[4])
for line in open(sys.argv[2], errors="replace"):
    m = re.match(r"^consumer: (PASS|FAIL) ", line)
    if m:
        t += 1; f += m[1] == "FAIL"
print(f"tests: {t - f - s} passed, {f} failed, {s} skipped")
PY

# The regression gate's verdict per figure, last.
if [ "${EBPF4J_SKIP_BENCH_GATE:-0}" != 1 ]; then
  if [ -f "$gate_report" ]; then
    cat "$gate_report"
  else
    echo "gate: FAIL, no verdicts (benchmarks/run.sh --gate did not finish)"
  fi
  [ "$gate_status" -eq 0 ] || status=1
fi
exit "$status"
