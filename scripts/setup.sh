#!/usr/bin/env bash
# Prepares this machine for ebpf4j: installs the Debian packages it needs (only the missing ones),
# mounts bpffs, tracefs and securityfs when they are not mounted, and checks for a JDK 22+.
# Idempotent; safe to run on every build. Needs root for installs and mounts (skipped otherwise).
set -euo pipefail

need_pkgs=(clang llvm libbpf-dev libbpf1 bpftool iproute2 iputils-ping gcc make util-linux procps)
[ "${EBPF4J_SETUP_PROMETHEUS:-1}" = 1 ] && need_pkgs+=(prometheus)

is_root() { [ "$(id -u)" -eq 0 ]; }

missing=()
for p in "${need_pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if is_root && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: missing packages ${missing[*]} (run as root, or install them yourself)" >&2
  fi
fi

mount_if_needed() { # type, mountpoint
  if ! mountpoint -q "$2" 2>/dev/null; then
    if is_root; then
      mkdir -p "$2" && mount -t "$1" "$1" "$2" && echo "setup: mounted $1 on $2" || echo "setup: could not mount $1 on $2" >&2
    else
      echo "setup: $1 is not mounted on $2 (as root: mount -t $1 $1 $2)" >&2
    fi
  fi
}
mount_if_needed bpf /sys/fs/bpf
mount_if_needed tracefs /sys/kernel/tracing
mount_if_needed securityfs /sys/kernel/security

sh "$(dirname "$0")/find-jdk.sh" >/dev/null
