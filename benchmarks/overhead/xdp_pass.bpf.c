// SPDX-License-Identifier: GPL-2.0
/* The control of benchmarks/overhead.sh: an XDP program that passes every frame, so the cost of the
 * XDP mode itself (native XDP on a veth) is measured apart from the mesh filter's. */
#include <linux/bpf.h>

#define SEC(name) __attribute__((section(name), used))

SEC("xdp")
int xdp_pass(struct xdp_md *ctx)
{
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
