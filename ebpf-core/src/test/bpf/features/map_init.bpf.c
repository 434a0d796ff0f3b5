// SPDX-License-Identifier: GPL-2.0
/*
 * map_init -- feature matrix: .maps initialisers. libbpf fills the slots of
 * a program array and of a map-in-map at load from the .values in the
 * declaration.
 *
 * Maps:
 *   jump_table   BPF_MAP_TYPE_PROG_ARRAY, 4 entries, key/value 4 bytes;
 *                slot 0 = tail_a, slot 2 = tail_b (set by libbpf at load)
 *   inner_one,   BPF_MAP_TYPE_ARRAY, 1 entry, key __u32, value __u64
 *   inner_two
 *   outer        BPF_MAP_TYPE_ARRAY_OF_MAPS, 3 entries, key __u32, inner
 *                type as inner_one; slot 0 = inner_two, slot 2 = inner_one
 *
 * Programs (all SEC("xdp"), return XDP_PASS unless a tail call is taken):
 *   map_init_entry  tail-calls jump_table[0] (tail_a), else counts a miss in
 *                   outer[0] -> inner_two[0]
 *   tail_a          inner (outer[2] = inner_one)[0] += 1, then tail-calls slot 2
 *   tail_b          inner (outer[0] = inner_two)[0] += 1
 */
#include "ebpf4j_kernel.h"
#include <bpf/bpf_helpers.h>

struct inner {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} inner_one SEC(".maps"), inner_two SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 3);
	__type(key, __u32);
	__array(values, struct inner);
} outer SEC(".maps") = {
	.values = { [0] = &inner_two, [2] = &inner_one },
};

int tail_a(struct xdp_md *ctx);
int tail_b(struct xdp_md *ctx);

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 4);
	__uint(key_size, sizeof(__u32));
	__array(values, int (void *));
} jump_table SEC(".maps") = {
	.values = { [0] = (void *)&tail_a, [2] = (void *)&tail_b },
};

static __always_inline void bump(__u32 slot)
{
	__u32 zero = 0;
	void *in = bpf_map_lookup_elem(&outer, &slot);
	__u64 *v;

	if (!in)
		return;
	v = bpf_map_lookup_elem(in, &zero);
	if (v)
		__sync_fetch_and_add(v, 1);
}

SEC("xdp")
int map_init_entry(struct xdp_md *ctx)
{
	bpf_tail_call(ctx, &jump_table, 0);
	bump(0);
	return XDP_PASS;
}

SEC("xdp")
int tail_a(struct xdp_md *ctx)
{
	bump(2);
	bpf_tail_call(ctx, &jump_table, 2);
	return XDP_PASS;
}

SEC("xdp")
int tail_b(struct xdp_md *ctx)
{
	bump(0);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
