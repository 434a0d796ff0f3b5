#!/usr/bin/env bash
# Runs a command as root in a QEMU guest on another kernel (Debian's packaged kernels), virtme style:
# the guest's root is this machine's root, shared read-only over 9p under a tmpfs overlay (the guest
# writes into its own memory, never into the host), so the guest runs the host's JDK, libbpf, bpftool
# and the repository's build output as they are.
#
#   scripts/guest/run.sh [--kernel 6.1|6.12] [--timeout SECONDS] [--out DIR] -- COMMAND [ARG...]
#   scripts/guest/run.sh [--kernel ...] --prepare        install and unpack only; prints the kernel
#
#   --kernel 6.1    newest linux-image-6.1.0-*-amd64-unsigned of Debian 12 (default)
#   --kernel 6.12   newest linux-image-6.12.*+deb12-amd64-unsigned of bookworm-backports (its package
#                   list is fetched into the cache; the machine's apt sources are left alone)
#   --timeout       seconds for the whole guest run (default 600); boot must reach the command in 120 s
#   --out DIR       keep the guest's shared directory there (default: a temp dir, removed at exit);
#                   the command finds it as $EBPF4J_GUEST_OUT (writable, cache=none)
#
# Exit status: the command's, or 3 when the guest cannot run here (QEMU or the kernel could not be
# installed, the guest did not boot in time) with the reason on stderr, or 4 when the command did
# not finish within --timeout. The command runs in the current directory (same path in the guest),
# with CI, EBPF4J_* and JAVA_HOME passed through; stdout and stderr come over the serial console.
#
# Installs (Debian, as root, like scripts/setup.sh): qemu-system-x86 and busybox-static; the kernel
# package is downloaded with apt-get and unpacked (with a busybox depmod) under
# ${EBPF4J_GUEST_CACHE:-/var/cache/ebpf4j/guest}/<package>_<version>/ instead of installed, so the
# host's /boot and /lib/modules stay as they were; older unpacked versions of the same kernel line
# are removed. KVM is used when /dev/kvm works, else TCG (-accel tcg,thread=multi -cpu max).
set -euo pipefail
export LC_ALL=C

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
cache="${EBPF4J_GUEST_CACHE:-/var/cache/ebpf4j/guest}"
kernel=6.1
timeout=600
boot_deadline=120
out=""
prepare=0

cannot() { echo "guest: cannot run: $*" >&2; exit 3; }
usage() { sed -n '2,28p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

while [ "$#" -gt 0 ]; do
  case "$1" in
    --kernel) kernel="$2"; shift 2 ;;
    --timeout) timeout="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --prepare) prepare=1; shift ;;
    -h | --help) usage; exit 0 ;;
    --) shift; break ;;
    *) echo "guest: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
[ "$prepare" = 1 ] || [ "$#" -gt 0 ] || { usage >&2; exit 2; }

case "$kernel" in
  6.1) suite=""; pattern='^linux-image-6\.1\.0-[0-9]+-amd64-unsigned$' ;;
  6.12) suite=bookworm-backports; pattern='^linux-image-6\.12\.[0-9]+\+deb12-amd64-unsigned$' ;;
  *) echo "guest: unknown kernel '$kernel' (known: 6.1, 6.12)" >&2; exit 2 ;;
esac
[ "$(uname -m)" = x86_64 ] || cannot "the guest kernels are amd64 builds; this machine is $(uname -m)"

# ---- tools: QEMU and busybox-static -------------------------------------------------------------
apt_updated=0
apt_update() {
  [ "$apt_updated" = 1 ] && return 0
  apt-get update -qq >&2 || return 1
  apt_updated=1
}
missing=()
for p in qemu-system-x86 busybox-static; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null || cannot "${missing[*]} not installed (needs root and apt-get)"
  echo "guest: installing ${missing[*]}" >&2
  apt_update || cannot "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || cannot "apt-get install ${missing[*]} failed"
fi
busybox=/bin/busybox
[ -x "$busybox" ] || cannot "$busybox (busybox-static) is missing"
command -v qemu-system-x86_64 >/dev/null || cannot "qemu-system-x86_64 is missing"

# ---- the kernel: newest package of the line, unpacked into the cache ----------------------------
# apt options for the kernel's suite: the system's lists, or a private list for another suite with
# the machine's own Debian mirror (from its sources) and keyring
apt_opts=()
if [ -n "$suite" ]; then
  lists="$cache/apt-$suite"
  uri="$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n 1)"
  [ -n "$uri" ] || uri="$(sed -n 's/^deb \(\[[^]]*\] \)\{0,1\}\([^ ]*\) .*/\2/p' /etc/apt/sources.list 2>/dev/null | head -n 1)"
  [ -n "$uri" ] || cannot "no Debian mirror in this machine's apt sources to fetch $suite from"
  mkdir -p "$lists/lists/partial"
  printf 'Types: deb\nURIs: %s\nSuites: %s\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
    "$uri" "$suite" >"$lists/$suite.sources" # deb822: the name must end in .sources
  apt_opts=(-o "Dir::Etc::SourceList=$lists/$suite.sources" -o Dir::Etc::SourceParts=/dev/null
            -o "Dir::State::Lists=$lists/lists" -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache=)
fi
newest_package() {
  apt-cache "${apt_opts[@]}" search --names-only "$pattern" 2>/dev/null | cut -d' ' -f1 | sort -V | tail -n 1
}
pkg=""
if [ -n "$suite" ]; then
  apt-get "${apt_opts[@]}" update -qq >&2 2>/dev/null && pkg="$(newest_package)"
else
  pkg="$(newest_package)"
  if [ -z "$pkg" ] || ! ls -d "$cache/${pkg}_"* >/dev/null 2>&1; then # unknown or not unpacked yet: refresh
    apt_update && pkg="$(newest_package)" || true
  fi
fi
if [ -n "$pkg" ]; then
  version="$(apt-cache "${apt_opts[@]}" show "$pkg" 2>/dev/null | sed -n 's/^Version: //p' | sort -V | tail -n 1)"
  tree="$cache/${pkg}_$version"
else # offline: the newest unpacked one of the line
  tree="$(ls -d "$cache"/linux-image-*_* 2>/dev/null | while read -r d; do
            n="$(basename "$d")"; [[ "${n%%_*}" =~ $pattern ]] && echo "$d"; done | sort -V | tail -n 1)"
  [ -n "$tree" ] || cannot "no package matches $pattern${suite:+ in $suite} and none is unpacked in $cache"
  pkg="$(basename "$tree")"; version="${pkg#*_}"; pkg="${pkg%%_*}"
fi
if [ ! -f "$tree/.complete" ]; then
  echo "guest: downloading and unpacking $pkg $version" >&2
  work="$(mktemp -d "$cache/.unpack.XXXXXX" 2>/dev/null || { mkdir -p "$cache" && mktemp -d "$cache/.unpack.XXXXXX"; })"
  ( cd "$work" && apt-get "${apt_opts[@]}" download "$pkg=$version" >/dev/null 2>&1 ) \
    || { rm -rf "$work"; cannot "apt-get download $pkg=$version failed"; }
  dpkg-deb -x "$work"/*.deb "$work/tree" || { rm -rf "$work"; cannot "unpacking $pkg failed"; }
  rel="$(ls "$work/tree/lib/modules" | head -n 1)"
  # newer packages compress their modules (.ko.xz); busybox's insmod and modprobe want them plain
  python3 - "$work/tree/lib/modules/$rel" <<'PY' || { rm -rf "$work"; cannot "decompressing the modules of $rel failed"; }
import gzip, lzma, pathlib, sys
for f in pathlib.Path(sys.argv[1]).rglob("*.ko.*"):
    opener = {".xz": lzma.open, ".gz": gzip.open}.get(f.suffix)
    if opener:
        with opener(f) as src:
            f.with_suffix("").write_bytes(src.read())
        f.unlink()
PY
  "$busybox" depmod -b "$work/tree" "$rel" || { rm -rf "$work"; cannot "depmod for $rel failed"; }
  rm -rf "$tree" && mv "$work/tree" "$tree" && touch "$tree/.complete" && rm -rf "$work"
  for d in "$cache"/linux-image-*_*; do # older unpacked versions of this line
    n="$(basename "$d")"
    [ "$d" != "$tree" ] && [[ "${n%%_*}" =~ $pattern ]] && rm -rf "$d"
  done
fi
rel="$(ls "$tree/lib/modules" | head -n 1)"
vmlinuz="$tree/boot/vmlinuz-$rel"
[ -f "$vmlinuz" ] || cannot "$vmlinuz is missing"
if [ "$prepare" = 1 ]; then
  echo "$pkg $version ($rel) in $tree"
  exit 0
fi

# ---- the initramfs: busybox, stage 1, and the modules it needs in dependency order ---------------
tmp="$(mktemp -d)"
qemu_pid=""
cleanup() {
  [ -n "$qemu_pid" ] && kill "$qemu_pid" 2>/dev/null && wait "$qemu_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$tmp/initramfs/bin" "$tmp/initramfs/modules"
cp "$busybox" "$tmp/initramfs/bin/busybox"
cp "$here/init" "$tmp/initramfs/init"
python3 - "$tree/lib/modules/$rel" "$tmp/initramfs/modules" <<'PY' || cannot "the kernel's virtio/9p/overlay modules could not be resolved"
import pathlib, shutil, sys
root, dest = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
deps = {}
for line in (root / "modules.dep").read_text().splitlines():
    mod, _, rest = line.partition(":")
    deps[mod] = rest.split()
by_name = {pathlib.Path(m).name.split(".ko")[0].replace("-", "_"): m for m in deps}
builtin = {pathlib.Path(l).name.split(".ko")[0].replace("-", "_")
           for l in (root / "modules.builtin").read_text().split()}
order = []
def visit(m):
    if m not in order:
        for d in deps[m]:
            visit(d)
        order.append(m)
for name in ["virtio_pci", "9pnet_virtio", "9p", "overlay"]:
    if name in by_name:
        visit(by_name[name])
    elif name not in builtin:
        sys.exit(f"guest: module {name} is neither built in nor in modules.dep")
for m in order:
    shutil.copy(root / m, dest / pathlib.Path(m).name)
(dest / "order").write_text("".join(pathlib.Path(m).name + "\n" for m in order))
PY
( cd "$tmp/initramfs" && find . | "$busybox" cpio -o -H newc 2>/dev/null | gzip -1 >"$tmp/initramfs.gz" )

# ---- the command, its environment, the shared directory -----------------------------------------
if [ -n "$out" ]; then
  mkdir -p "$out"; out="$(cd "$out" && pwd -P)"
else
  out="$tmp/out"; mkdir -p "$out"
fi
rm -f "$out/rc" "$out/booted"
{
  { env | grep -E '^(CI|EBPF4J_[A-Z0-9_]*|JAVA_HOME)=' || true; } | while IFS='=' read -r k v; do printf 'export %s=%q\n' "$k" "$v"; done
  echo 'export EBPF4J_GUEST_OUT=/run/ebpf4j-guest'
  printf 'cd %q || exit 125\n' "$PWD"
  printf '%q ' "$@"; echo
} >"$out/command"

accel=(-accel tcg,thread=multi)
if [ -r /dev/kvm ] && [ -w /dev/kvm ]; then accel=(-accel kvm -accel tcg,thread=multi); fi
# vCPUs: one per host CPU beyond two (the 9p server needs a CPU too), at most 4. On a 2-CPU host two
# vCPUs made JVM start-up 5-8 times slower than one (cross-vCPU TLB shootdowns under TCG).
cpus="${EBPF4J_GUEST_CPUS:-$(( $(nproc) > 2 ? $(nproc) - 1 : 1 ))}"; [ "$cpus" -gt 4 ] && cpus=4
echo "guest: booting $pkg $version ($rel), ${accel[*]}, $cpus CPUs" >&2
start=$(date +%s)
qemu-system-x86_64 -nodefaults -no-reboot -display none -monitor none -serial stdio \
  "${accel[@]}" -cpu "${EBPF4J_GUEST_CPU:-max}" -smp "$cpus" -m "${EBPF4J_GUEST_MEMORY:-3G}" \
  -kernel "$vmlinuz" -initrd "$tmp/initramfs.gz" \
  -append "console=ttyS0 loglevel=3 panic=-1 ebpf4j_stage2=$here/stage2.sh ebpf4j_tree=$tree" \
  -fsdev local,id=root,path=/,security_model=none,readonly=on,multidevs=remap \
  -device virtio-9p-pci,fsdev=root,mount_tag=rootfs \
  -fsdev local,id=out,path="$out",security_model=none \
  -device virtio-9p-pci,fsdev=out,mount_tag=ebpf4j-out \
  </dev/null 2>"$tmp/qemu.err" &
qemu_pid=$!

result=""
while kill -0 "$qemu_pid" 2>/dev/null; do
  now=$(( $(date +%s) - start ))
  if [ ! -f "$out/booted" ] && [ "$now" -ge "$boot_deadline" ]; then result=noboot; break; fi
  if [ "$now" -ge "$timeout" ]; then result=timeout; break; fi
  sleep 1
done
if [ -n "$result" ]; then
  kill "$qemu_pid" 2>/dev/null; wait "$qemu_pid" 2>/dev/null || true; qemu_pid=""
  [ "$result" = noboot ] && cannot "the guest did not reach its command within ${boot_deadline} s (too slow here, or stage 1 failed)"
  echo "guest: the command did not finish within ${timeout} s" >&2
  exit 4
fi
wait "$qemu_pid" 2>/dev/null || true
qemu_pid=""
elapsed=$(( $(date +%s) - start ))
if [ ! -f "$out/rc" ]; then
  grep -v 'falling back to tcg\|KVM kernel module\|failed to initialize kvm' "$tmp/qemu.err" >&2 || true
  [ -f "$out/booted" ] || cannot "the guest did not boot (see the console output above)"
  echo "guest: the guest ended without an exit code after ${elapsed} s" >&2
  exit 4
fi
rc="$(cat "$out/rc")"
echo "guest: exit code $rc after ${elapsed} s on $rel" >&2
exit "$rc"
