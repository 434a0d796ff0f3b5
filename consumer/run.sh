#!/usr/bin/env bash
# The README's "Using it" example as a new user runs it: installs the ebpf4j reactor into the local
# Maven repository, builds consumer/ (a project that imports ebpf4j-bom and depends on ebpf-core and
# ebpf-native) against the installed artifacts, then runs the README's two java commands exactly as the
# README writes them, on the module path and on the class path, inside a network namespace whose
# interface is eth0 (one end of a veth pair; the other end, in a second namespace, pings across it).
# Each run must print a positive packet count. Namespaces and veth are removed on any exit.
#
# Needs root (CAP_BPF, CAP_NET_ADMIN, CAP_SYS_ADMIN), iproute2 and ping.
# A private local repository: MAVEN_OPTS=-Dmaven.repo.local=DIR consumer/run.sh (the default is ~/.m2).
# EBPF4J_CONSUMER_SKIP_INSTALL=1 skips the install (artifacts already installed).
# Prints "consumer: PASS <path> ..." or "consumer: FAIL <path> ..." per run; exits non-zero on a failure.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
cd "$root"

JAVA_HOME="$(sh scripts/find-jdk.sh)"; export JAVA_HOME

if [ "$(id -u)" -ne 0 ]; then
  echo "consumer: FAIL module-path: needs root (CAP_BPF, CAP_NET_ADMIN) to load XDP and make namespaces" >&2
  echo "consumer: FAIL class-path: needs root" >&2
  exit 1
fi

# The project must be the README's example, not a copy that drifted.
python3 "$here/readme.py" check

if [ "${EBPF4J_CONSUMER_SKIP_INSTALL:-0}" != 1 ]; then
  echo "consumer: installing the ebpf4j artifacts (./mvnw install -DskipTests)"
  ./mvnw -B -ntp -q install -DskipTests
fi
echo "consumer: building consumer/ against the installed artifacts"
./mvnw -B -ntp -q -f consumer/pom.xml clean package
target="$here/target"
[ -f "$target/app.jar" ] && [ -d "$target/lib" ] || { echo "consumer: FAIL build: no target/app.jar or target/lib" >&2; exit 1; }

# Two namespaces joined by a veth pair: eth0 in the application's, the pinging end in the peer's.
suffix="$(printf '%04x' $((RANDOM % 65536)))"
ns_app="e4jc-app-$suffix"
ns_peer="e4jc-peer-$suffix"
peer_if="e4jc$suffix"
base=$(( (RANDOM % 16384) * 4 ))
ip_app="198.18.$((base / 256)).$((base % 256 + 1))"
ip_peer="198.18.$((base / 256)).$((base % 256 + 2))"
ping_pid=""
cleanup() {
  [ -n "$ping_pid" ] && kill "$ping_pid" 2>/dev/null || true
  ip netns del "$ns_app" 2>/dev/null || true
  ip netns del "$ns_peer" 2>/dev/null || true
  ip link del "$peer_if" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ip netns add "$ns_app"
ip netns add "$ns_peer"
ip link add "$peer_if" netns "$ns_peer" type veth peer name eth0 netns "$ns_app"
ip -n "$ns_app" addr add "$ip_app/30" dev eth0
ip -n "$ns_peer" addr add "$ip_peer/30" dev "$peer_if"
for ns in "$ns_app" "$ns_peer"; do ip -n "$ns" link set lo up; done
ip -n "$ns_app" link set eth0 up
ip -n "$ns_peer" link set "$peer_if" up
ip netns exec "$ns_peer" ping -q -c 1 -W 5 "$ip_app" >/dev/null || { echo "consumer: FAIL setup: no ping across the veth pair" >&2; exit 1; }
# Traffic for the whole run (bounded: at most 120 s, only to the namespace made above).
ip netns exec "$ns_peer" ping -q -i 0.05 -w 120 "$ip_app" >/dev/null 2>&1 &
ping_pid=$!

failed=0
run() { # $1 = module-path|class-path, $2 = readme.py command kind
  local name="$1" cmd out err
  cmd="$(python3 "$here/readme.py" command "$2")"
  out="$(mktemp)"; err="$(mktemp)"
  echo "consumer: $name: (cd consumer/target; ip netns exec $ns_app) $cmd"
  if ! ip netns exec "$ns_app" env PATH="$JAVA_HOME/bin:$PATH" sh -c "cd '$target' && $cmd" >"$out" 2>"$err"; then
    sed 's/^/  | /' "$out" "$err"
    echo "consumer: FAIL $name: the example exited with an error" >&2
    failed=1; rm -f "$out" "$err"; return
  fi
  sed 's/^/  | /' "$out" "$err"
  local count
  count="$(sed -n 's/^\([0-9][0-9]*\) packets in 1 s$/\1/p' "$out" | tail -n 1)"
  if [ -z "$count" ] || [ "$count" -le 0 ]; then
    echo "consumer: FAIL $name: expected a positive '<N> packets in 1 s', got '$(tail -n 1 "$out")'" >&2
    failed=1
  elif grep -qE 'WARNING: (A restricted method|Unknown module)' "$err"; then
    echo "consumer: FAIL $name: the JVM warned about native access (the flag does not name the module that needs it)" >&2
    failed=1
  else
    echo "consumer: PASS $name ($count packets in 1 s)"
  fi
  rm -f "$out" "$err"
}
run module-path modulepath
run class-path classpath
exit "$failed"
