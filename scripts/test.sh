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

./mvnw -B -ntp verify "$@"

# One closing line over every module's surefire reports.
python3 - <<'PY'
import glob, xml.etree.ElementTree as ET
t = f = e = s = 0
for path in glob.glob("*/target/surefire-reports/TEST-*.xml"):
    r = ET.parse(path).getroot()
    t += int(r.get("tests", 0)); f += int(r.get("failures", 0)); e += int(r.get("errors", 0)); s += int(r.get("skipped", 0))
print(f"tests: {t - f - e - s} passed, {f + e} failed, {s} skipped")
PY
