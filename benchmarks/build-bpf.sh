#!/usr/bin/env bash
# Compiles the benchmark BPF objects (benchmarks/src/bpf/*.bpf.c) into $1 (default benchmarks/target/bpf).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
out="${1:-$here/target/bpf}"
mkdir -p "$out"
case "$(uname -m)" in x86_64) arch=x86 ;; aarch64) arch=arm64 ;; *) arch="$(uname -m)" ;; esac
for src in "$here"/src/bpf/*.bpf.c; do
  name="$(basename "$src" .c)"
  "${CLANG:-clang}" -target bpf -g -O2 -Wall -D__TARGET_ARCH_"$arch" \
    -I/usr/include/"$(uname -m)"-linux-gnu -c "$src" -o "$out/$name.o"
done
