// SPDX-License-Identifier: GPL-2.0
/*
 * datasec -- feature matrix: custom data sections. libbpf 1.0+ makes one
 * internal map per .data.<name> / .rodata.<name> section (named after the
 * section, e.g. ".data.counters"), beside .data/.rodata/.bss.
 *
 * Variables:
 *   .rodata            base_knob   __u32 = 1
 *   .rodata.limits     limit_low   __u32 = 10, limit_high __u32 = 20
 *   .data              base_data   __u64 = 3
 *   .data.counters     hits        __u64 = 0,  misses     __u64 = 5
 *   .bss               runs        __u64
 *
 * Program:  datasec_count  SEC("xdp"); runs += 1; hits += limit_low +
 *           limit_high + base_knob + base_data; returns XDP_PASS.
 */
#include "ebpf4j_kernel.h"
#include <bpf/bpf_helpers.h>

const volatile __u32 base_knob = 1;
const volatile __u32 limit_low SEC(".rodata.limits") = 10;
const volatile __u32 limit_high SEC(".rodata.limits") = 20;
__u64 base_data = 3;
__u64 hits SEC(".data.counters") = 0;
__u64 misses SEC(".data.counters") = 5;
__u64 runs;

SEC("xdp")
int datasec_count(struct xdp_md *ctx)
{
	runs += 1;
	hits += limit_low + limit_high + base_knob + base_data;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
