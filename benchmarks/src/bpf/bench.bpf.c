// SPDX-License-Identifier: GPL-2.0
/*
 * bench -- the maps and programs of the ebpf4j benchmark suite (Java JMH and C baseline load the
 * same object, so both sides measure the same maps and the same producer).
 *
 * Maps (key __u32, value __u64 unless said):
 *   h_ops     HASH, 1024 entries: single-element lookup/update/insert+delete
 *   h_1k      HASH, 1000 entries, filled with keys 0..999: batch vs key-by-key
 *   h_100k    HASH, 100000 entries, filled with keys 0..99999: batch vs key-by-key
 *   arr       ARRAY, 1024 entries
 *   pcpu      PERCPU_ARRAY, 1024 entries: lookup + sum over CPUs
 *   mm        ARRAY with BPF_F_MMAPABLE, 1024 entries: read/written through mmap
 *   events    RINGBUF, 1 MiB
 * Programs (all XDP, run with BPF_PROG_TEST_RUN):
 *   xdp_pass    returns XDP_PASS: the baseline for program cost
 *   xdp_count   per-CPU packet/byte counter in pcpu[0]/pcpu[1] (the shape of ebpf-native's xdp_counter)
 *   rb_produce  one 32-byte record per run into `events`: seq @0, ktime_ns @8, len @16 (=8),
 *               cpu @20, payload u64 @24 (= seq * 3); rb_dropped counts full-ring failures
 */
#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define HASH_MAP(name, n) \
	struct { \
		__uint(type, BPF_MAP_TYPE_HASH); \
		__uint(max_entries, n); \
		__type(key, __u32); \
		__type(value, __u64); \
	} name SEC(".maps")

HASH_MAP(h_ops, 1024);
HASH_MAP(h_1k, 1000);
HASH_MAP(h_100k, 100000);

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, __u64);
} arr SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, __u64);
} pcpu SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1024);
	__uint(map_flags, BPF_F_MMAPABLE);
	__type(key, __u32);
	__type(value, __u64);
} mm SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);
} events SEC(".maps");

struct bench_record {
	__u64 seq;
	__u64 ktime_ns;
	__u32 len;
	__u32 cpu;
	__u64 payload;
};

__u64 rb_seq;
__u64 rb_dropped;

SEC("xdp")
int xdp_pass(struct xdp_md *ctx)
{
	return XDP_PASS;
}

SEC("xdp")
int xdp_count(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u32 k = 0;
	__u64 *v = bpf_map_lookup_elem(&pcpu, &k);

	if (v)
		*v += 1;
	k = 1;
	v = bpf_map_lookup_elem(&pcpu, &k);
	if (v)
		*v += (__u64)(data_end - data);
	return XDP_PASS;
}

SEC("xdp")
int rb_produce(struct xdp_md *ctx)
{
	struct bench_record *r = bpf_ringbuf_reserve(&events, sizeof(*r), 0);

	if (!r) {
		__sync_fetch_and_add(&rb_dropped, 1);
		return XDP_PASS;
	}
	r->seq = rb_seq;
	r->ktime_ns = bpf_ktime_get_ns();
	r->len = 8;
	r->cpu = bpf_get_smp_processor_id();
	r->payload = rb_seq * 3;
	rb_seq++;
	bpf_ringbuf_submit(r, 0);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
