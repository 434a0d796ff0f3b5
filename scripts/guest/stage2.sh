#!/bin/bash
# ebpf4j guest, stage 2: PID 1 after stage 1's switch_root, running from the shared host root (an
# overlay: writes stay in guest memory). Mounts what ebpf4j and its tests need, loads kernel modules
# on demand from the unpacked kernel ($ebpf4j_tree), brings up loopback, runs the host's command
# (/run/ebpf4j-guest/command, written by scripts/guest/run.sh), leaves its exit code in
# /run/ebpf4j-guest/rc and powers the guest off. Everything the command prints goes to the console.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root LANG=C.UTF-8
shared=/run/ebpf4j-guest

say() { echo "ebpf4j-guest: $*" >/dev/console; }
off() {
  sync
  umount "$shared" 2>/dev/null
  /bin/busybox reboot -f # QEMU runs with -no-reboot: the guest ends
}
must() { "$@" || { say "stage 2: '$*' failed"; off; }; }

must mount -t proc proc /proc
must mount -t sysfs sysfs /sys
must mount -t tmpfs -o mode=0755,nosuid,nodev tmpfs /run
mkdir -p /dev/pts /dev/shm "$shared"
must mount -t devpts -o gid=5,mode=620,ptmxmode=000 devpts /dev/pts
must mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs /dev/shm
must mount -t 9p -o trans=virtio,version=9p2000.L,msize=524288,cache=none ebpf4j-out "$shared"
echo "$(cut -d' ' -f1 /proc/uptime)" >"$shared/booted"

must mount -t cgroup2 -o nsdelegate cgroup2 /sys/fs/cgroup
must mount -t bpf -o mode=0700 bpf /sys/fs/bpf
must mount -t tracefs tracefs /sys/kernel/tracing
must mount -t debugfs debugfs /sys/kernel/debug
must mount -t securityfs securityfs /sys/kernel/security

# the unpacked kernel package: its modules (modules.dep from busybox depmod) and its config
rel="$(uname -r)"
if [ -n "${ebpf4j_tree:-}" ] && [ -d "$ebpf4j_tree/lib/modules/$rel" ]; then
  mkdir -p "/lib/modules/$rel" /boot
  must mount --bind "$ebpf4j_tree/lib/modules/$rel" "/lib/modules/$rel"
  must mount --bind "$ebpf4j_tree/boot" /boot
  mkdir -p /run/ebpf4j-guest-bin
  ln -s /bin/busybox /run/ebpf4j-guest-bin/modprobe
  echo /run/ebpf4j-guest-bin/modprobe >/proc/sys/kernel/modprobe
else
  say "stage 2: no unpacked kernel tree for $rel (ebpf4j_tree='${ebpf4j_tree:-}'): no module loading"
fi
unset ebpf4j_tree ebpf4j_stage2

must ip link set lo up
hostname ebpf4j-guest

(
  exec </dev/null
  bash "$shared/command"
) >/dev/console 2>&1
echo "$?" >"$shared/rc"
off
