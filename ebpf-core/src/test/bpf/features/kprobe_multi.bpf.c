// SPDX-License-Identifier: GPL-2.0
/*
 * kprobe_multi -- feature matrix: SEC("kprobe.multi/...") and
 * SEC("kretprobe.multi/...") (BPF_TRACE_KPROBE_MULTI, Linux 5.18+, libbpf
 * 0.8+). The programs load as kprobes with that expected attach type;
 * attaching needs fprobe (CONFIG_FPROBE) and the tests only load them.
 *
 * Programs:  multi_entry  SEC("kprobe.multi/do_sys_openat*")     calls += 1
 *            multi_exit   SEC("kretprobe.multi/do_sys_openat*")  exits += 1
 * .bss:      calls, exits (__u64)
 */
#include "ebpf4j_kernel.h"
#include <bpf/bpf_helpers.h>

__u64 calls;
__u64 exits;

SEC("kprobe.multi/do_sys_openat*")
int multi_entry(struct pt_regs *ctx)
{
	__sync_fetch_and_add(&calls, 1);
	return 0;
}

SEC("kretprobe.multi/do_sys_openat*")
int multi_exit(struct pt_regs *ctx)
{
	__sync_fetch_and_add(&exits, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
