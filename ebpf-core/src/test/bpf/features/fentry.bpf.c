// SPDX-License-Identifier: GPL-2.0
/*
 * fentry -- feature matrix: SEC("fentry/...") / SEC("fexit/...") tracing
 * programs (BPF trampolines, Linux 5.5+, kernel BTF). Loading needs the
 * kernel to build trampolines; a kernel that refuses them (no
 * CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS, or ftrace restricted) refuses
 * the load.
 *
 * Programs:  fentry_openat2  SEC("fentry/do_sys_openat2")  calls += 1
 *            fexit_openat2   SEC("fexit/do_sys_openat2")   exits += 1
 * .bss:      calls, exits (__u64)
 */
#include "ebpf4j_kernel.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

__u64 calls;
__u64 exits;

SEC("fentry/do_sys_openat2")
int BPF_PROG(fentry_openat2)
{
	__sync_fetch_and_add(&calls, 1);
	return 0;
}

SEC("fexit/do_sys_openat2")
int BPF_PROG(fexit_openat2)
{
	__sync_fetch_and_add(&exits, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
