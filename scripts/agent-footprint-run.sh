#!/usr/bin/env bash
# Measures the RSS and CPU share of two ebpf4j agents with every hook on, one per network namespace,
# run as the systemd unit runs them: through packaging/bin/ebpf4j-agent, as an unprivileged user
# holding exactly the unit's capabilities. Prints one line per agent; docs/agent/AGENT.md, "Footprint".
#
#   scripts/agent-footprint-run.sh LABEL [VAR=value ...]
#
# VAR=value pairs go to the launcher's environment (EBPF4J_JVM_OPTS, EBPF4J_JVM_EXTRA, MALLOC_*);
# PLAIN=1 runs `java [PLAIN_OPTS] -jar ebpf4j.jar agent` instead of the launcher (no launcher flags, no
# malloc settings but the VAR=value pairs given), PLAIN_OPTS=... the JVM flags of that run.
# Environment: JAR (default ebpf-examples/target/ebpf4j.jar), JAVA_HOME, RUN_USER (default
# ebpf4jtest), WARMUP seconds after the ready line (default 60), SAMPLES taken every 10 s (default 6).
#
# Every hook on: the XDP filter (one peer, policy allow), probes every 10 ms (answered by the other
# agent's filter), the syscall hook (every process), network events (every kind), four alert rules,
# healing (a 50 ms loop, two services) with its gossip view joined with the other agent, /metrics
# scraped every second, the journal. Traffic: a ping every 10 ms and a refused TCP connection every
# second. Makes namespaces fp-a and fp-b, a veth pair, /sys/fs/bpf/e4j-fp-{a,b} and /tmp/e4j-fp;
# removes them all on exit. Run as root.
set -euo pipefail
label=${1:?usage: agent-footprint-run.sh LABEL [VAR=value ...]}
shift
repo=$(cd "$(dirname "$0")/.." && pwd)
jar=${JAR:-$repo/ebpf-examples/target/ebpf4j.jar}
java=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
user=${RUN_USER:-ebpf4jtest}
warmup=${WARMUP:-60}
samples=${SAMPLES:-6}
caps=$(sed -n 's/^AmbientCapabilities=//p' "$repo/packaging/systemd/ebpf4j-agent.service" | tr 'A-Z' 'a-z' \
  | sed 's/cap_/+/g; s/ /,/g')
work=/tmp/e4j-fp
plain=0
plain_opts=()
envs=()
for kv in "$@"; do
  case $kv in
    PLAIN=1) plain=1 ;;
    PLAIN_OPTS=*) read -r -a plain_opts <<< "${kv#PLAIN_OPTS=}" ;;
    *) envs+=("$kv") ;;
  esac
done

pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do # the agents end cleanly (a JVM writing an archive at exit included)
    for _ in $(seq 60); do kill -0 "$p" 2>/dev/null || break; sleep 1; done
  done
  for n in a b; do
    if [ -f "$work/$n.yaml" ]; then
      nsenter --net=/run/netns/fp-$n "$java" --enable-native-access=ALL-UNNAMED -jar "$jar" agent --uninstall \
        --config "$work/$n.yaml" >/dev/null 2>&1 || true
    fi
    rmdir /sys/fs/bpf/e4j-fp-$n 2>/dev/null || true
    ip netns del fp-$n 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

rm -rf "$work"; mkdir -p "$work"; chmod 0755 "$work"
install -p -m 0644 "$jar" "$work/ebpf4j.jar"   # -p: the same mtime each run (a CDS archive checks it)
ip netns add fp-a; ip netns add fp-b
ip link add fpa0 netns fp-a type veth peer name fpb0 netns fp-b
ip -n fp-a addr add 10.78.0.1/24 dev fpa0; ip -n fp-b addr add 10.78.0.2/24 dev fpb0
for n in a b; do ip -n fp-$n link set lo up; ip -n fp-$n link set fp${n}0 up; done

config() { # node self-ip peer peer-ip
  cat <<EOF
node: {spiffeId: spiffe://fp.example/node/$1, name: $1, interfaces: [fp${1}0]}
peers:
  - {spiffeId: spiffe://fp.example/node/$3, cidrs: [$4/32, 198.19.$5.0/24], probeAddress: $4}
probes: {port: 7946, interval: 10ms}
hooks:
  syscalls: {enabled: true, slowThreshold: 50ms}
  netEvents: {enabled: true, events: [retransmit, reset-sent, reset-received, drop], allStateChanges: true}
alerts:
  - {kind: probe-loss, id: peer-loss, maxLossRatio: 0.2, window: 500ms}
  - {kind: rtt, id: slow-link, max: 5ms}
  - {kind: syscall-p99, id: slow-connect, syscall: connect, max: 100ms, window: 10s}
  - {kind: event-count, id: resets, events: [reset-sent, reset-received], maxCount: 10, window: 1s}
services:
  - {name: v$1, addresses: [198.19.$6.1/32], port: 7002, servedBy: spiffe://fp.example/node/$1, replicas: [spiffe://fp.example/node/$3]}
  - {name: v$3, addresses: [198.19.$5.1/32], port: 7002, servedBy: spiffe://fp.example/node/$3, replicas: [spiffe://fp.example/node/$1]}
healing: {enabled: true, period: 50ms}
metrics: {listen: 127.0.0.1:9464}
journal: $work/state-$1/journal.jsonl
pinDir: /sys/fs/bpf/e4j-fp-$1
gossip: {bind: $2:7950, seeds: [$4:7950]}
EOF
}
config a 10.78.0.1 b 10.78.0.2 2 1 > "$work/a.yaml"
config b 10.78.0.2 a 10.78.0.1 1 2 > "$work/b.yaml"
for n in a b; do
  install -d -m 0700 -o "$user" -g "$user" "$work/state-$n"
  chown "root:$user" "$work/$n.yaml"; chmod 0640 "$work/$n.yaml"
done

for n in a b; do
  if [ $plain = 1 ]; then
    cmd=(env "${envs[@]}" "$java" --enable-native-access=ALL-UNNAMED "${plain_opts[@]}" -jar "$work/ebpf4j.jar" agent
      --config "$work/$n.yaml")
  else
    cmd=(env EBPF4J_JAVA="$java" EBPF4J_JAR="$work/ebpf4j.jar" "${envs[@]}" "$repo/packaging/bin/ebpf4j-agent"
      --config "$work/$n.yaml")
  fi
  nsenter --net=/run/netns/fp-$n nice -n 19 setpriv --reuid="$user" --regid="$user" --init-groups \
    --inh-caps=-all,$caps --ambient-caps=-all,$caps --bounding-set=-all,$caps -- "${cmd[@]}" \
    > "$work/$n.out" 2>&1 &
  pids+=($!)
done
for n in a b; do
  for _ in $(seq 120); do grep -q 'ebpf4j agent ready' "$work/$n.out" && break; sleep 1; done
  grep -q 'ebpf4j agent ready' "$work/$n.out" || { echo "agent $n did not start:"; cat "$work/$n.out"; exit 1; }
done
# traffic and scrapes, for the whole run
(nsenter --net=/run/netns/fp-a ping -q -i 0.01 10.78.0.2 >/dev/null 2>&1) & pids+=($!)
(while :; do
   nsenter --net=/run/netns/fp-a bash -c 'exec 3<>/dev/tcp/10.78.0.2/9' 2>/dev/null || true
   for n in a b; do nsenter --net=/run/netns/fp-$n curl -s -o /dev/null http://127.0.0.1:9464/metrics || true; done
   sleep 1
 done) & pids+=($!)

jvm() { pgrep -u "$user" -f "agent --config $work/$1.yaml" | head -1; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
sleep "$warmup"
declare -A t0 rss
for n in a b; do p=$(jvm $n); t0[$n]=$(ticks "$p"); rss[$n]=; done
start=$(date +%s.%N)
for i in $(seq "$samples"); do
  sleep 10
  for n in a b; do rss[$n]+="$(awk '$1 == "VmRSS:" {printf "%.1f", $2 / 1024}' "/proc/$(jvm $n)/status") "; done
done
end=$(date +%s.%N)
hz=$(getconf CLK_TCK)
for n in a b; do
  p=$(jvm $n)
  cpu=$(awk -v a="${t0[$n]}" -v b="$(ticks "$p")" -v s="$start" -v e="$end" -v hz="$hz" \
    'BEGIN {printf "%.1f", 100 * (b - a) / hz / (e - s)}')
  healing=$(grep -c 'healing running' "$work/$n.out" || true)
  echo "$label agent-$n: RSS MiB [${rss[$n]% }] CPU ${cpu}% threads $(awk '$1 == "Threads:" {print $2}' /proc/"$p"/status)" \
    "healing=$healing"
done
