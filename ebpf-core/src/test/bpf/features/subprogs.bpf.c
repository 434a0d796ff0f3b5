// SPDX-License-Identifier: GPL-2.0
/*
 * subprogs -- feature matrix: BPF-to-BPF calls. A static subprogram
 * (inlined into each caller's copy by libbpf), a global function (verified
 * on its own by the kernel, 5.6+), and callbacks of bpf_loop (5.17+) and
 * bpf_for_each_map_elem (5.13+).
 *
 * Map:      values  BPF_MAP_TYPE_ARRAY, 4 entries, key __u32, value __u64
 * Programs (SEC("xdp"), return XDP_PASS):
 *   subprogs_static    values[0] += add_static(1, 2)          (= 3)
 *   subprogs_global    values[1] += add_global(3, 4)          (= 7)
 *   subprogs_loop      values[2] += sum of 0..9 via bpf_loop  (= 45)
 *   subprogs_for_each  values[3] += sum of every value via
 *                      bpf_for_each_map_elem
 */
#include "ebpf4j_kernel.h"
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} values SEC(".maps");

static __noinline __u64 add_static(__u64 a, __u64 b)
{
	return a + b;
}

__noinline int add_global(int a, int b)
{
	return a + b;
}

static void add_to(__u32 slot, __u64 delta)
{
	__u64 *v = bpf_map_lookup_elem(&values, &slot);

	if (v)
		__sync_fetch_and_add(v, delta);
}

SEC("xdp")
int subprogs_static(struct xdp_md *ctx)
{
	add_to(0, add_static(1, 2));
	return XDP_PASS;
}

SEC("xdp")
int subprogs_global(struct xdp_md *ctx)
{
	add_to(1, add_global(3, 4));
	return XDP_PASS;
}

static long loop_step(__u32 index, void *data)
{
	*(__u64 *)data += index;
	return 0;
}

SEC("xdp")
int subprogs_loop(struct xdp_md *ctx)
{
	__u64 sum = 0;

	bpf_loop(10, loop_step, &sum, 0);
	add_to(2, sum);
	return XDP_PASS;
}

static long sum_elem(void *map, __u32 *key, __u64 *value, __u64 *sum)
{
	*sum += *value;
	return 0;
}

SEC("xdp")
int subprogs_for_each(struct xdp_md *ctx)
{
	__u64 sum = 0;

	bpf_for_each_map_elem(&values, sum_elem, &sum, 0);
	add_to(3, sum);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
