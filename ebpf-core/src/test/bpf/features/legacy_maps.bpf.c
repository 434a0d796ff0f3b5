// SPDX-License-Identifier: GPL-2.0
/*
 * legacy_maps -- feature matrix: a map defined the pre-BTF way, a struct
 * bpf_map_def in SEC("maps"). libbpf 1.0 dropped this: opening the object
 * fails ("legacy map definitions in 'maps' section are not supported by
 * libbpf v1.0+"), on every kernel. The fix is a BTF-defined map in
 * SEC(".maps") (see maps_all.bpf.c).
 *
 * Map:      legacy_counts  BPF_MAP_TYPE_ARRAY, 1 entry, key 4, value 8 bytes
 * Program:  legacy_xdp     SEC("xdp")  legacy_counts[0] += 1, XDP_PASS
 */
#include "ebpf4j_kernel.h"
#include <bpf/bpf_helpers.h>

/* as bpf_helpers.h declared it before libbpf 1.0 */
struct bpf_map_def {
	unsigned int type;
	unsigned int key_size;
	unsigned int value_size;
	unsigned int max_entries;
	unsigned int map_flags;
};

struct bpf_map_def SEC("maps") legacy_counts = {
	.type = BPF_MAP_TYPE_ARRAY,
	.key_size = sizeof(__u32),
	.value_size = sizeof(__u64),
	.max_entries = 1,
};

SEC("xdp")
int legacy_xdp(struct xdp_md *ctx)
{
	__u32 zero = 0;
	__u64 *v = bpf_map_lookup_elem(&legacy_counts, &zero);

	if (v)
		__sync_fetch_and_add(v, 1);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
