// SPDX-License-Identifier: GPL-2.0
/*
 * globals -- test fixture for global variables (.rodata, .data, .bss).
 *
 * Program:  globals_snapshot     SEC("xdp"); run it with BPF_PROG_TEST_RUN
 *                                (any frame >= 14 bytes); returns XDP_PASS.
 *           Each run copies every global below into snapshot[0] and then
 *           increments bss_runs, so snapshot.bss_runs is the count *before*
 *           the run and the .bss variable is one ahead.
 * Map:      snapshot             BPF_MAP_TYPE_ARRAY, 1 entry,
 *                                key __u32, value struct globals_snapshot
 *
 * Knobs (.rodata, set before load):
 *   knob_u8 = 0x11, knob_u32 = 0x22334455, knob_u64 = 0x0102030405060708,
 *   knob_name[16] = "ebpf4j", knob_struct = { .id = 7, .weight = -3,
 *   .flags = 0x5a, .limit = 1000000, .tag = 0xabcd }
 * .data: data_u32 = 0xdeadbeef, data_u64 = 42, data_bytes[8] = "data"
 * .bss:  bss_u64 (0, untouched by the program), bss_runs (0, counts runs)
 *
 * Section offsets as clang 14 lays them out (read them from BTF, don't hard-code):
 *   .rodata (56 bytes): knob_u8@0, knob_u32@4, knob_u64@8, knob_name@16, knob_struct@32
 *   .data   (24 bytes): data_u32@0, data_u64@8, data_bytes@16
 *   .bss    (16 bytes): bss_u64@0, bss_runs@8
 */
#include "ebpf4j_kernel.h"
#include <bpf/bpf_helpers.h>

/* 24 bytes: id@0 (u32), weight@4 (s16), flags@6 (u8), pad@7, limit@8 (u64), tag@16 (u32), pad@20 */
struct knob_struct {
	__u32 id;
	__s16 weight;
	__u8 flags;
	__u8 _pad0;
	__u64 limit;
	__u32 tag;
	__u32 _pad1;
};

/*
 * 96 bytes:
 *   knob_u8@0 (u8), pad@1..3, knob_u32@4, knob_u64@8, knob_name@16 (char[16]),
 *   knob_struct@32 (24 bytes), data_u32@56, pad@60, data_u64@64,
 *   data_bytes@72 (char[8]), bss_u64@80, bss_runs@88
 */
struct globals_snapshot {
	__u8 knob_u8;
	__u8 _pad0[3];
	__u32 knob_u32;
	__u64 knob_u64;
	char knob_name[16];
	struct knob_struct knob_struct;
	__u32 data_u32;
	__u32 _pad1;
	__u64 data_u64;
	char data_bytes[8];
	__u64 bss_u64;
	__u64 bss_runs;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct globals_snapshot);
} snapshot SEC(".maps");

/* .rodata */
const volatile __u8 knob_u8 = 0x11;
const volatile __u32 knob_u32 = 0x22334455;
const volatile __u64 knob_u64 = 0x0102030405060708ULL;
const volatile char knob_name[16] = "ebpf4j";
const volatile struct knob_struct knob_struct = {
	.id = 7, .weight = -3, .flags = 0x5a, .limit = 1000000, .tag = 0xabcd,
};

/* .data */
__u32 data_u32 = 0xdeadbeef;
__u64 data_u64 = 42;
char data_bytes[8] = "data";

/* .bss */
__u64 bss_u64;
__u64 bss_runs;

SEC("xdp")
int globals_snapshot(struct xdp_md *ctx)
{
	__u32 key = 0;
	struct globals_snapshot *s = bpf_map_lookup_elem(&snapshot, &key);
	int i;

	if (!s)
		return XDP_PASS;

	s->knob_u8 = knob_u8;
	s->knob_u32 = knob_u32;
	s->knob_u64 = knob_u64;
#pragma unroll
	for (i = 0; i < 16; i++)
		s->knob_name[i] = knob_name[i];
	s->knob_struct.id = knob_struct.id;
	s->knob_struct.weight = knob_struct.weight;
	s->knob_struct.flags = knob_struct.flags;
	s->knob_struct.limit = knob_struct.limit;
	s->knob_struct.tag = knob_struct.tag;
	s->data_u32 = data_u32;
	s->data_u64 = data_u64;
#pragma unroll
	for (i = 0; i < 8; i++)
		s->data_bytes[i] = data_bytes[i];
	s->bss_u64 = bss_u64;
	s->bss_runs = bss_runs;
	__sync_fetch_and_add(&bss_runs, 1);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
