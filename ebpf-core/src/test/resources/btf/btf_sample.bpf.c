// SPDX-License-Identifier: GPL-2.0
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "btf_sample.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, struct btf_key);
	__type(value, btf_sample_t);
	__uint(max_entries, 4);
} samples SEC(".maps");

const volatile int rodata_val = 7;
const volatile long long rodata_big = 9;
int data_val = 3;
long bss_val;
enum btf_color color_val;
char LICENSE[] SEC("license") = "GPL";

SEC("xdp")
int btf_sample_prog(struct xdp_md *ctx)
{
	struct btf_key k = { .pid = rodata_val };
	btf_sample_t *v = bpf_map_lookup_elem(&samples, &k);
	if (v)
		bss_val += v->a + data_val + rodata_big + color_val;
	return XDP_PASS;
}
