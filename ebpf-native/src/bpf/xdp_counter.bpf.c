// SPDX-License-Identifier: GPL-2.0
/*
 * xdp_counter -- counts packets and bytes seen by an XDP hook; always XDP_PASS.
 *
 * Program:  xdp_count            SEC("xdp")
 * Map:      xdp_stats            BPF_MAP_TYPE_PERCPU_ARRAY, 1 entry,
 *                                key __u32 (always 0), value struct xdp_counter_value
 * Knob:     only_ethertype       const volatile __u16 (.rodata), host byte order;
 *                                0 (default) counts every frame, otherwise only
 *                                Ethernet frames whose EtherType equals it (e.g. 0x0800).
 */
#include "ebpf4j_kernel.h"
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

/* 16 bytes, no padding: packets at offset 0, bytes at offset 8 (per CPU). */
struct xdp_counter_value {
	__u64 packets;
	__u64 bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct xdp_counter_value);
} xdp_stats SEC(".maps");

const volatile __u16 only_ethertype = 0;

SEC("xdp")
int xdp_count(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u32 key = 0;
	struct xdp_counter_value *v;

	if (only_ethertype) {
		struct ethhdr *eth = data;

		if ((void *)(eth + 1) > data_end)
			return XDP_PASS;
		if (eth->h_proto != bpf_htons(only_ethertype))
			return XDP_PASS;
	}

	v = bpf_map_lookup_elem(&xdp_stats, &key);
	if (!v)
		return XDP_PASS;
	/* per-CPU value: no other CPU writes this slot, plain adds suffice */
	v->packets += 1;
	v->bytes += (__u64)(data_end - data);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
