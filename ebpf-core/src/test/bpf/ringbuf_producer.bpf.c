// SPDX-License-Identifier: GPL-2.0
/*
 * ringbuf_producer -- test fixture for ring buffers and perf buffers.
 *
 * Both programs are SEC("xdp") so BPF_PROG_TEST_RUN with repeat=N produces N
 * records (any frame >= 14 bytes works); both return XDP_PASS.
 *
 * Programs:
 *   rb_produce    reserves one record in `events` per run and submits it;
 *                 when the ring is full it increments rb_dropped instead.
 *   perf_produce  writes the same record to `perf_events` on the current CPU
 *                 with bpf_perf_event_output; a failed write (no reader on
 *                 this CPU, or buffer full) increments perf_dropped.
 * Maps:
 *   events        BPF_MAP_TYPE_RINGBUF, max_entries 256 KiB (resize before load)
 *   perf_events   BPF_MAP_TYPE_PERF_EVENT_ARRAY, key/value __u32,
 *                 max_entries 0 = libbpf sizes it to the number of possible CPUs
 *   perf_scratch  BPF_MAP_TYPE_PERCPU_ARRAY, 1 entry, value struct rb_record
 *                 (internal staging buffer for perf_produce)
 * Knob (.rodata): payload_len (__u32, default 16, clamped to RB_MAX_PAYLOAD = 4096)
 * Globals (.bss, __u64; rb_seq/perf_seq are not atomic, the counters are):
 *   rb_seq, rb_submitted, rb_dropped, perf_seq, perf_submitted, perf_dropped
 *   clang 14 places them (read offsets from BTF, don't hard-code):
 *   rb_dropped@0, rb_seq@8, rb_submitted@16, perf_seq@24, perf_dropped@32,
 *   perf_submitted@40 (.bss is 48 bytes)
 *
 * Record layout (little/host endian, total 24 + payload_len bytes):
 *   seq        __u64 @0   0, 1, 2, ... per program (rb_seq / perf_seq)
 *   ktime_ns   __u64 @8   bpf_ktime_get_ns() at production
 *   len        __u32 @16  payload length (= effective payload_len)
 *   cpu        __u32 @20  bpf_get_smp_processor_id()
 *   payload    __u8[len] @24, payload[i] = (__u8)(seq + i)
 */
#include "ebpf4j_kernel.h"
#include <bpf/bpf_helpers.h>

#define RB_MAX_PAYLOAD 4096

struct rb_record {
	__u64 seq;
	__u64 ktime_ns;
	__u32 len;
	__u32 cpu;
	__u8 payload[RB_MAX_PAYLOAD];
};

#define RB_HEADER_SIZE 24

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} perf_events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct rb_record);
} perf_scratch SEC(".maps");

const volatile __u32 payload_len = 16;

__u64 rb_seq;
__u64 rb_submitted;
__u64 rb_dropped;
__u64 perf_seq;
__u64 perf_submitted;
__u64 perf_dropped;

static __always_inline __u32 effective_len(void)
{
	__u32 len = payload_len;

	return len > RB_MAX_PAYLOAD ? RB_MAX_PAYLOAD : len;
}

static __always_inline void fill(struct rb_record *r, __u64 seq, __u32 len)
{
	__u32 i;

	r->seq = seq;
	r->ktime_ns = bpf_ktime_get_ns();
	r->len = len;
	r->cpu = bpf_get_smp_processor_id();
	for (i = 0; i < RB_MAX_PAYLOAD && i < len; i++)
		r->payload[i] = (__u8)(seq + i);
}

SEC("xdp")
int rb_produce(struct xdp_md *ctx)
{
	__u32 len = effective_len();
	struct rb_record *r;

	r = bpf_ringbuf_reserve(&events, RB_HEADER_SIZE + len, 0);
	if (!r) {
		__sync_fetch_and_add(&rb_dropped, 1);
		return XDP_PASS;
	}
	fill(r, rb_seq, len);
	rb_seq++;
	bpf_ringbuf_submit(r, 0);
	__sync_fetch_and_add(&rb_submitted, 1);
	return XDP_PASS;
}

SEC("xdp")
int perf_produce(struct xdp_md *ctx)
{
	__u32 len = effective_len();
	__u32 key = 0;
	struct rb_record *r = bpf_map_lookup_elem(&perf_scratch, &key);

	if (!r)
		return XDP_PASS;
	fill(r, perf_seq, len);
	perf_seq++;
	if (bpf_perf_event_output(ctx, &perf_events, BPF_F_CURRENT_CPU, r, RB_HEADER_SIZE + len))
		__sync_fetch_and_add(&perf_dropped, 1);
	else
		__sync_fetch_and_add(&perf_submitted, 1);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
