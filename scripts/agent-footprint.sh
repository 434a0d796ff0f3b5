#!/usr/bin/env bash
# Prints the memory of a running ebpf4j agent (or any JVM): VmRSS, PSS (anon, file), threads, the
# resident size of each kind of mapping, and, when the JVM runs with -XX:NativeMemoryTracking=summary,
# the committed size of each of its parts (jcmd VM.native_memory summary, run as the JVM's user in its
# network namespace). Run as root. See docs/agent/AGENT.md, "Footprint".
#
#   scripts/agent-footprint.sh PID
set -euo pipefail
pid=${1:?usage: agent-footprint.sh PID}
user=$(stat -c %U "/proc/$pid")
java_home=$(dirname "$(dirname "$(readlink -f "/proc/$pid/exe")")")
kb() { awk -v k="$1" '$1 == k":" {print $2}' "$2"; }
echo "VmRSS $(kb VmRSS "/proc/$pid/status") kB, PSS $(kb Pss "/proc/$pid/smaps_rollup") kB" \
  "(anon $(kb Pss_Anon "/proc/$pid/smaps_rollup"), file $(kb Pss_File "/proc/$pid/smaps_rollup")), threads $(kb Threads "/proc/$pid/status")"
echo "resident by mapping (kB):"
awk '/^[0-9a-f]+-[0-9a-f]+ /{name=($6==""?"[anon]":$6)} /^Rss:/{s[name]+=$2}
     END{for (n in s) if (s[n] >= 512) printf "  %8d %s\n", s[n], n}' "/proc/$pid/smaps" | sort -rn
if nsenter --net="/proc/$pid/ns/net" setpriv --reuid="$user" --regid="$(stat -c %G "/proc/$pid")" --clear-groups \
    "$java_home/bin/jcmd" "$pid" VM.native_memory summary > /tmp/agent-footprint.$$ 2>/dev/null \
    && grep -q committed= /tmp/agent-footprint.$$; then
  echo "JVM parts (committed, Native Memory Tracking):"
  grep -E '^(Total|-)' /tmp/agent-footprint.$$ | sed -E 's/reserved=[0-9]+KB, //; s/^-? */  /'
fi
rm -f /tmp/agent-footprint.$$
