// SPDX-License-Identifier: GPL-2.0
/*
 * uprobe_multi -- feature matrix: SEC("uprobe.multi") (BPF_TRACE_UPROBE_MULTI,
 * Linux 6.6+, libbpf 1.3+). libbpf older than 1.3 does not know the section,
 * so it cannot tell the program's type and refuses to load the object;
 * with libbpf 1.3+ it loads on 6.6+ kernels.
 *
 * Program:  umulti  SEC("uprobe.multi") (targets given at attach time)
 *           hits += 1
 * .bss:     hits (__u64)
 */
#include "ebpf4j_kernel.h"
#include <bpf/bpf_helpers.h>

__u64 hits;

SEC("uprobe.multi")
int umulti(struct pt_regs *ctx)
{
	__sync_fetch_and_add(&hits, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
