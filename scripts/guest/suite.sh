#!/bin/bash
# Runs in the guest (scripts/guest/test.sh starts it through run.sh, in the repository root): the
# CLI's doctor, then per module the test classes of $EBPF4J_GUEST_OUT/plan with the JUnit Platform
# Console Launcher on the class path Maven wrote. Everything lands in $EBPF4J_GUEST_OUT: doctor.txt,
# reports/<module>/ (JUnit XML), launcher-<module>.rc. Exit 0 when every launcher run passed.
set -u
out="${EBPF4J_GUEST_OUT:?not in the guest}"
java="${JAVA_HOME:?}/bin/java"
# C1 only and the serial GC: under TCG emulation the C2 compiler threads cost more than they give
jvm=(--enable-native-access=ALL-UNNAMED -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss1m)
status=0

t0=$(date +%s)
echo "guest: kernel $(uname -r), $(nproc) CPUs, $(awk '/MemTotal/ {print int($2 / 1024) " MiB"}' /proc/meminfo)"
echo "guest: ---- ebpf4j doctor"
"$java" "${jvm[@]}" -jar ebpf-examples/target/ebpf4j.jar doctor >"$out/doctor.txt" 2>&1
echo "$?" >"$out/doctor.rc"
cat "$out/doctor.txt"
echo "guest: doctor exit code $(cat "$out/doctor.rc") in $(( $(date +%s) - t0 )) s"

mkdir -p "$out/reports"
while read -r module classes; do
  [ -n "$module" ] || continue
  t1=$(date +%s)
  echo "guest: ---- $module: $classes"
  selects=()
  for c in $classes; do selects+=("--select-class=$c"); done
  while read -r pattern; do selects+=("--exclude-methodname=$pattern"); done <"$out/exclude-$module"
  (
    cd "$module" || exit 125
    EBPF4J_IN_TEST=true "$java" "${jvm[@]}" -cp "$(cat "$out/classpath-$module")" \
      org.junit.platform.console.ConsoleLauncher execute --disable-banner --details=testfeed \
      --details-theme=ascii --reports-dir="$out/reports/$module" "${selects[@]}"
  )
  rc=$?
  echo "$rc" >"$out/launcher-$module.rc"
  echo "guest: $module: launcher exit code $rc in $(( $(date +%s) - t1 )) s"
  [ "$rc" -eq 0 ] || status=1
done <"$out/plan"
echo "guest: suite took $(( $(date +%s) - t0 )) s"
exit "$status"
