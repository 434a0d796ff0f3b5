// SPDX-License-Identifier: GPL-2.0
/*
 * autoload_off -- feature matrix: SEC("?...") turns autoload off. libbpf
 * loads only autoload_on; autoload_off_xdp is opened but not loaded unless
 * the caller turns its autoload on.
 *
 * Programs:  autoload_on       SEC("xdp")   returns XDP_PASS
 *            autoload_off_xdp  SEC("?xdp")  returns XDP_DROP
 */
#include "ebpf4j_kernel.h"
#include <bpf/bpf_helpers.h>

SEC("xdp")
int autoload_on(struct xdp_md *ctx)
{
	return XDP_PASS;
}

SEC("?xdp")
int autoload_off_xdp(struct xdp_md *ctx)
{
	return XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
