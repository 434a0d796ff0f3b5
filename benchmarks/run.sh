#!/usr/bin/env bash
# Runs the ebpf4j benchmark suite and prints operation / Java / C / ratio.
#
#   benchmarks/run.sh           full run (~10 minutes on 2 cores); results in benchmarks/results/<date>/
#   benchmarks/run.sh --smoke   seconds-long run of every benchmark (1 iteration, no forks) that only
#                               proves they work; results in benchmarks/target/smoke/; exits non-zero
#                               on any failure
#   benchmarks/run.sh --hooks   only the mesh hooks' figures, full size (~5 minutes): the mesh filter per
#                               packet against XDP_PASS and what SyscallLatency/NetEvents add per syscall;
#                               results in benchmarks/results/<date>-hooks/
#   benchmarks/run.sh --gate    the regression gate (~2 minutes): same-run ratios against the committed
#                               benchmarks/gate-baseline.txt; exits 1 when a figure is above its band;
#                               verdicts in benchmarks/target/gate/gate.txt. EBPF4J_BENCH_PREBUILT=1 reuses
#                               the jar, BPF objects and C library of an earlier run (scripts/test.sh runs
#                               it right after --smoke); EBPF4J_GATE_JAVA_OPTS adds JVM options (the
#                               self-test: -Debpf4j.bench.slow=20 slows the Java ring consumer)
#
# Steps: scripts/setup.sh (packages, bpffs/tracefs mounts), the JDK from scripts/find-jdk.sh, the
# Maven build of the benchmarks jar, the benchmark BPF objects (clang), the C libbpf baseline (gcc
# -O2 -lbpf: a program and the same code as a shared library for the paired measurement), the C run,
# then the Java suite (JMH, paired Java/C ratios, kernel cost, RSS, C again), which prints the tables
# and writes jmh.json, c.txt, c-after.txt, figures.txt, figures.json, table.md, ratios.svg and env.txt into the
# results directory.
# Needs root (BPF, tracepoints, kernel.bpf_stats_enabled).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
smoke=0
hooks=0
gate=0
case "${1:-}" in
  "") ;;
  --smoke) smoke=1 ;;
  --hooks) hooks=1 ;;
  --gate) gate=1 ;;
  -h | --help) sed -n '2,24p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "usage: benchmarks/run.sh [--smoke | --hooks | --gate]" >&2; exit 2 ;;
esac

jar="$root/benchmarks/target/ebpf4j-benchmarks.jar"
bpf="$root/benchmarks/target/bpf"
prebuilt=0
if ((gate)) && [[ "${EBPF4J_BENCH_PREBUILT:-0}" == 1 && -f "$jar" && -f "$bpf/bench.bpf.o" \
  && -f "$root/benchmarks/target/libbench_c.so" ]]; then
  prebuilt=1
fi

if ((prebuilt)); then
  JAVA_HOME="${JAVA_HOME:-$(sh "$root/scripts/find-jdk.sh")}"
else
  EBPF4J_SETUP_PROMETHEUS="${EBPF4J_SETUP_PROMETHEUS:-0}" bash "$root/scripts/setup.sh"
  JAVA_HOME="$(sh "$root/scripts/find-jdk.sh")"
fi
export JAVA_HOME

cd "$root"
if ((!prebuilt)); then
  echo "run.sh: building the benchmarks jar"
  ./mvnw -q -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true package -pl benchmarks -am
  [[ -f "$jar" ]] || { echo "run.sh: $jar was not built" >&2; exit 1; }
  echo "run.sh: compiling the benchmark BPF objects"
  bash "$root/benchmarks/build-bpf.sh" "$bpf"
  echo "run.sh: building the C baseline"
  gcc -O2 -Wall -o "$root/benchmarks/target/bench_c" "$root/benchmarks/c/bench_c.c" -lbpf
  gcc -O2 -Wall -shared -fPIC -DBENCH_LIB -o "$root/benchmarks/target/libbench_c.so" "$root/benchmarks/c/bench_c.c" -lbpf
fi

if ((gate)); then
  out="$root/benchmarks/target/gate"
  rm -rf "$out"
  mkdir -p "$out"
  echo "run.sh: regression gate against benchmarks/gate-baseline.txt"
  # shellcheck disable=SC2086 # EBPF4J_GATE_JAVA_OPTS is a list of JVM options
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Debpf4j.bench.bpf="$bpf" \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=warn ${EBPF4J_GATE_JAVA_OPTS:-} \
    -cp "$jar" io.ebpf4j.bench.Gate --c-lib "$root/benchmarks/target/libbench_c.so" \
    --baseline "$root/benchmarks/gate-baseline.txt" --out "$out" | tee "$out/gate-log.txt"
  exit "${PIPESTATUS[0]}"
fi

if ((smoke)); then
  out="$root/benchmarks/target/smoke"
  flag=(--smoke)
elif ((hooks)); then
  out="$root/benchmarks/results/$(date -u +%Y-%m-%d)-hooks"
  flag=(--hooks-only)
else
  out="$root/benchmarks/results/$(date -u +%Y-%m-%d)"
  flag=()
fi
rm -rf "$out"
mkdir -p "$out"

{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "kernel: $(uname -srm)"
  echo "cpus: $(nproc) ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1))"
  echo "jdk: $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 2 | tr '\n' ' ')"
  echo "libbpf: $(dpkg-query -W -f='${Version}' libbpf1 2>/dev/null || echo unknown)"
  echo "gcc: $(gcc -dumpfullversion)"
  echo "clang: $(clang --version | head -n 1)"
  echo "command: benchmarks/run.sh ${1:-}"
} >"$out/env.txt"
cat "$out/env.txt"

if ((hooks)); then
  echo "run.sh: mesh hooks"
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Debpf4j.bench.bpf="$bpf" \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "$jar" io.ebpf4j.bench.Suite --out "$out" --c-lib "$root/benchmarks/target/libbench_c.so" --hooks-only \
    | tee "$out/suite.txt"
  status="${PIPESTATUS[0]}"
  echo "run.sh: results in ${out#"$root"/}"
  exit "$status"
fi

echo "run.sh: C baseline (it runs again after the JMH benchmarks; the table uses the mean)"
"$root/benchmarks/target/bench_c" "$bpf" "${flag[@]}" | tee "$out/c.txt"

echo "run.sh: Java suite"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Debpf4j.bench.bpf="$bpf" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$jar" io.ebpf4j.bench.Suite --out "$out" --c "$out/c.txt" \
  --c-cmd "$root/benchmarks/target/bench_c $bpf ${flag[*]:-}" --c-lib "$root/benchmarks/target/libbench_c.so" \
  "${flag[@]}" | tee "$out/suite.txt"
status="${PIPESTATUS[0]}"
echo "run.sh: results in ${out#"$root"/}"
exit "$status"
