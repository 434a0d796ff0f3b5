#!/usr/bin/env bash
# The guest step of the test command: ebpf4j on a second kernel. Boots Debian's kernel in a QEMU guest
# (scripts/guest/run.sh; 6.1 unless --kernel or EBPF4J_GUEST_KERNEL says otherwise) and runs there,
# against that kernel: `ebpf4j doctor`, and the test classes of scripts/guest/tests.txt with the JUnit
# Platform Console Launcher (compiled here, never Maven in the guest). Prints a report: kernel,
# libbpf, the attach path each hook and link took, passed/failed/skipped per class with every skip's
# reason, and a line "guest <release>: tests: N passed, N failed, N skipped".
#
#   scripts/guest/test.sh [--kernel 6.1|6.12] [--no-build] [--timeout SECONDS] [--only CLASS[,CLASS...]]
#
# --no-build: the modules are built already (scripts/test.sh runs it after ./mvnw verify).
# --only: run only these classes of tests.txt (simple names, e.g. --only NetEventsTest,MeshNamespaceTest;
# also EBPF4J_GUEST_ONLY), their exclusions kept; doctor still runs. A name not listed there is an
# error. For working on one kernel problem; the test command and CI always run the whole list.
# In the guest @RequiresKernel is strict (EBPF4J_REQUIRE_KERNEL=true): a listed test whose kernel
# requirement is missing fails there; tests decide a feature the kernel may lack (tcx, kprobes) from
# the kernel's own evidence instead. When the guest cannot run here (no QEMU or kernel package, no
# boot in time, too slow) the step fails with the reason in CI (CI=true) and is skipped with the
# reason otherwise. Needs root (installs, and the guest shares the whole root file system).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
cd "$root"
kernel="${EBPF4J_GUEST_KERNEL:-6.1}"
build=1
timeout="${EBPF4J_GUEST_TIMEOUT:-900}"
only="${EBPF4J_GUEST_ONLY:-}"
while [ "$#" -gt 0 ]; do
  case "$1" in
    --kernel) kernel="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    --timeout) timeout="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    -h | --help) sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "usage: scripts/guest/test.sh [--kernel 6.1|6.12] [--no-build] [--timeout SECONDS] [--only CLASS[,CLASS...]]" >&2; exit 2 ;;
  esac
done

unavailable() {
  if [ "${CI:-false}" = true ]; then
    echo "guest: FAILED: the guest step cannot run in CI: $*"
    exit 1
  fi
  echo "guest: skipped (outside CI): $*"
  exit 0
}
[ "$(id -u)" -eq 0 ] || unavailable "not root (the guest step installs packages and shares / with the guest)"

t0=$(date +%s)
prep="$(mktemp)"
trap 'rm -f "$prep"' EXIT
set +e
bash scripts/guest/run.sh --kernel "$kernel" --prepare >"$prep" 2>&1
rc=$?
set -e
if [ "$rc" -ne 0 ]; then
  cat "$prep"
  unavailable "$(grep -m1 'cannot run' "$prep" | sed 's/^guest: cannot run: //' || echo "run.sh --prepare exited $rc")"
fi
echo "guest: kernel $(cat "$prep")"

JAVA_HOME="$(sh scripts/find-jdk.sh)"; export JAVA_HOME
mvn=(./mvnw -B -ntp -q)
# the modules of the listed classes (of the --only ones when given; plan.py checks the names)
modules="$(awk -v only=",$only," '!/^#/ && $1 != "exclude" && NF && (only == ",," || index(only, "," $2 ",")) { print $1 }' \
  scripts/guest/tests.txt | sort -u | paste -sd, -)"
[ -n "$modules" ] || { echo "guest: FAILED: --only '$only' names no class of scripts/guest/tests.txt"; exit 2; }
# The modules' test class paths as Maven resolves them (test scope), in one reactor run with the
# package phase so that this repository's modules resolve to their own target/ jars, never to
# whatever ~/.m2 holds. Without --no-build the CLI jar (ebpf-examples, shaded) is built too.
targets="$modules"
[ "$build" = 1 ] && targets="$modules,ebpf-examples"
echo "guest: packaging $targets (and what they need) on the host; class paths from Maven"
"${mvn[@]}" -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true package dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/guest-classpath.txt -pl "$targets" -am
[ -f ebpf-examples/target/ebpf4j.jar ] || { echo "guest: FAILED: ebpf-examples/target/ebpf4j.jar is missing (build first)"; exit 1; }

# the console launcher of the project's JUnit version
jupiter="$(sed -n 's:.*<junit.version>\(.*\)</junit.version>.*:\1:p' pom.xml | head -n 1)"
case "$jupiter" in 5.*) platform="1.${jupiter#5.}" ;; *) platform="$jupiter" ;; esac
launcher="target/guest/junit-platform-console-standalone-$platform.jar"
if [ ! -f "$launcher" ]; then
  "${mvn[@]}" -N dependency:copy -Dartifact="org.junit.platform:junit-platform-console-standalone:$platform" \
    -DoutputDirectory=target/guest
fi

out="$(mktemp -d)"
trap 'rm -f "$prep"; rm -rf "$out"' EXIT
python3 scripts/guest/plan.py scripts/guest/tests.txt "$out" "$root/$launcher" "$kernel" "$only" || exit 1
echo "guest: host preparation took $(( $(date +%s) - t0 )) s"

set +e
EBPF4J_REQUIRE_KERNEL=true bash scripts/guest/run.sh --kernel "$kernel" --timeout "$timeout" --out "$out" -- \
  bash scripts/guest/suite.sh 2>&1 | tee "$out/console.log"
rc=${PIPESTATUS[0]}
set -e
case "$rc" in
  3) unavailable "$(grep -m1 'cannot run' "$out/console.log" | sed 's/^guest: cannot run: //')" ;;
  4) unavailable "the guest did not finish within $timeout s (too slow here, or a test hung)" ;;
esac
python3 scripts/guest/report.py "$out" "$rc" "$(( $(date +%s) - t0 ))"
