// SPDX-License-Identifier: GPL-2.0
// Control for rawtp_cost.c: raw sys_enter/sys_exit programs that do nothing (what a run costs before any work,
// bpf_stats accounting included). cc: clang -O2 -g -target bpf -I/usr/include/$(uname -m)-linux-gnu -c
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
SEC("raw_tracepoint/sys_enter") int raw_sys_enter(struct bpf_raw_tracepoint_args *ctx) { return 0; }
SEC("raw_tracepoint/sys_exit") int raw_sys_exit(struct bpf_raw_tracepoint_args *ctx) { return 0; }
char LICENSE[] SEC("license") = "GPL";
