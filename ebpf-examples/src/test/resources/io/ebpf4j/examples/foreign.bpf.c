// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * A BPF object laid out the way other projects write them (not our fixtures'
 * one-program-per-section style), compiled by the CLI tests at test time:
 *   - two programs in one section (socket), two in another (xdp),
 *   - a static __noinline subprogram shared by programs of both sections,
 *   - a global (non-static) function, verified by the kernel on its own,
 *   - a bpf_for_each_map_elem callback,
 *   - bpf_printk format strings in .rodata.str1.1, a .data and a .bss variable,
 *   - a "Dual BSD/GPL" license.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} stats SEC(".maps");

__u64 seen = 1;
__u32 last_len;

static __noinline __u64 bump(__u32 slot, __u64 by)
{
	__u64 *v = bpf_map_lookup_elem(&stats, &slot);

	if (v)
		__sync_fetch_and_add(v, by);
	return v ? *v : 0;
}

__noinline int global_clamp(int x)
{
	return x > 1500 ? 1500 : x;
}

static long sum_one(void *map, __u32 *key, __u64 *value, void *ctx)
{
	*(__u64 *)ctx += *value;
	return 0;
}

SEC("socket")
int sock_count(struct __sk_buff *skb)
{
	last_len = skb->len;
	bump(0, 1);
	return 0;
}

SEC("socket")
int sock_print(struct __sk_buff *skb)
{
	bpf_printk("socket len %u", skb->len);
	return 0;
}

SEC("xdp")
int xdp_sum(struct xdp_md *ctx)
{
	__u64 total = 0;

	bpf_for_each_map_elem(&stats, sum_one, &total, 0);
	if (total > seen)
		seen = total;
	bump(1, global_clamp(ctx->data_end - ctx->data));
	return XDP_PASS;
}

SEC("xdp")
int xdp_print(struct xdp_md *ctx)
{
	bpf_printk("xdp packet, seen %llu", seen);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
