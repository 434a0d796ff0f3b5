// SPDX-License-Identifier: GPL-2.0
// Control for rawtp_cost.c: raw sys_enter/sys_exit programs that read the clock once (bpf_ktime_get_ns), as
// the syscall hook does at each end of a measured call. cc: as rawtp_empty.bpf.c
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
__u64 sink;
SEC("raw_tracepoint/sys_enter") int raw_sys_enter(struct bpf_raw_tracepoint_args *ctx) { sink += bpf_ktime_get_ns(); return 0; }
SEC("raw_tracepoint/sys_exit") int raw_sys_exit(struct bpf_raw_tracepoint_args *ctx) { sink += bpf_ktime_get_ns(); return 0; }
char LICENSE[] SEC("license") = "GPL";
