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

./mvnw -B -ntp verify "$@"
