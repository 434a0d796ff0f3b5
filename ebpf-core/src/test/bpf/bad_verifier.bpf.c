// SPDX-License-Identifier: GPL-2.0
/*
 * bad_verifier -- test fixture: programs the verifier must refuse, one reason
 * each, plus one good control program. Load ONE program at a time (turn off
 * autoload for the others), otherwise the first refusal fails the whole load.
 *
 * Programs (all SEC("xdp") unless noted):
 *   good_pass               control: returns XDP_PASS; must load.
 *   bad_null_deref          dereferences bpf_map_lookup_elem()'s result without
 *                           a NULL check ("invalid mem access 'map_value_or_null'").
 *   bad_packet_oob          reads a packet byte with no data_end bounds check
 *                           ("invalid access to packet").
 *   bad_helper_for_type     XDP program calling bpf_skb_load_bytes(), a helper
 *                           for socket-buffer programs only ("program of this
 *                           type cannot use helper bpf_skb_load_bytes#26").
 * Map:
 *   bad_values              BPF_MAP_TYPE_HASH, 1 entry, __u32 -> __u64
 */
#include "ebpf4j_kernel.h"
#include <bpf/bpf_helpers.h>

/*
 * A hash map on purpose: recent kernels know that an array lookup with a
 * constant in-range key cannot return NULL and accept the missing check.
 */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} bad_values SEC(".maps");

SEC("xdp")
int good_pass(struct xdp_md *ctx)
{
	return XDP_PASS;
}

SEC("xdp")
int bad_null_deref(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u64 *v = bpf_map_lookup_elem(&bad_values, &key);

	/* missing: if (!v) return XDP_PASS; */
	return *v ? XDP_PASS : XDP_DROP;
}

SEC("xdp")
int bad_packet_oob(struct xdp_md *ctx)
{
	__u8 *data = (__u8 *)(long)ctx->data;

	/* missing: if (data + 65 > (__u8 *)(long)ctx->data_end) return XDP_PASS; */
	return data[64] == 0xff ? XDP_DROP : XDP_PASS;
}

SEC("xdp")
int bad_helper_for_type(struct xdp_md *ctx)
{
	__u8 first[4];

	if (bpf_skb_load_bytes(ctx, 0, first, sizeof(first)))
		return XDP_PASS;
	return first[0] ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
