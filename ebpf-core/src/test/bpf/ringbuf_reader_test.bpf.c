// SPDX-License-Identifier: GPL-2.0
/*
 * ringbuf_reader_test -- producer for the RingBufferReader and PerfBufferReader tests.
 * Compiled at test time (see RingTestObjects). One XDP program, `produce`, writes one record per
 * BPF_PROG_TEST_RUN repeat. The test frame carries a control block after the 14-byte Ethernet header:
 *
 *   struct ctl { __u32 target; __u32 size; __u32 discard_every; __u32 pad; }  (at frame offset 14)
 *
 *   target         0 = ring `rb`, 1 = ring `rb2`, 2 = ring `rb_small` (4 KiB), 3 = perf array `pb`
 *   size           record size in bytes, 16..MAX_SIZE; 16 on rings uses reserve/submit, else output
 *   discard_every  rings with size 16 only: when non-zero, records whose seq % discard_every == 0 are
 *                  reserved and then discarded (bpf_ringbuf_discard)
 *
 * Record: __u64 seq @0 (per target, counts every attempt), __u32 size @8, __u32 cpu @12,
 *         then bytes i = 16..size-1 hold (__u8)(seq * 31 + i).
 * stats (array, __u64): [target * 4 + 0] attempts, [target * 4 + 1] drops (reserve/output failed),
 *                       [target * 4 + 2] discards.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define MAX_SIZE 1024

struct ctl {
	__u32 target;
	__u32 size;
	__u32 discard_every;
	__u32 pad;
};

struct rec {
	__u64 seq;
	__u32 size;
	__u32 cpu;
	__u8 payload[MAX_SIZE - 16];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} rb SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} rb2 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} rb_small SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} pb SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct rec);
} scratch SEC(".maps");

static __always_inline void bump(__u32 idx)
{
	__u64 *v = bpf_map_lookup_elem(&stats, &idx);

	if (v)
		__sync_fetch_and_add(v, 1);
}

static __always_inline int reserve_fixed(void *ring, __u32 target, __u64 seq, __u32 discard_every)
{
	struct rec *r = bpf_ringbuf_reserve(ring, 16, 0);

	if (!r) {
		bump(target * 4 + 1);
		return 0;
	}
	r->seq = seq;
	r->size = 16;
	r->cpu = bpf_get_smp_processor_id();
	if (discard_every && seq % discard_every == 0) {
		bpf_ringbuf_discard(r, 0);
		bump(target * 4 + 2);
	} else {
		bpf_ringbuf_submit(r, 0);
	}
	return 0;
}

SEC("xdp")
int produce(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ctl *c = data + 14;
	__u32 zero = 0, target, size, discard_every, idx, i;
	__u64 *seqp, seq;
	struct rec *r;
	long err;

	if ((void *)(c + 1) > end)
		return XDP_PASS;
	target = c->target;
	size = c->size;
	discard_every = c->discard_every;
	if (target > 3 || size < 16 || size > MAX_SIZE)
		return XDP_PASS;
	idx = target * 4;
	seqp = bpf_map_lookup_elem(&stats, &idx);
	if (!seqp)
		return XDP_PASS;
	seq = __sync_fetch_and_add(seqp, 1);

	if (target == 0 && size == 16)
		return reserve_fixed(&rb, 0, seq, discard_every);
	if (target == 1 && size == 16)
		return reserve_fixed(&rb2, 1, seq, discard_every);
	if (target == 2 && size == 16)
		return reserve_fixed(&rb_small, 2, seq, discard_every);

	r = bpf_map_lookup_elem(&scratch, &zero);
	if (!r)
		return XDP_PASS;
	r->seq = seq;
	r->size = size;
	r->cpu = bpf_get_smp_processor_id();
	for (i = 16; i < MAX_SIZE; i++) {
		if (i >= size)
			break;
		__u32 j = i - 16;

		if (j < MAX_SIZE - 16)
			r->payload[j] = (__u8)(seq * 31 + i);
	}
	if (target == 3)
		err = bpf_perf_event_output(ctx, &pb, BPF_F_CURRENT_CPU, r, size);
	else if (target == 1)
		err = bpf_ringbuf_output(&rb2, r, size, 0);
	else if (target == 2)
		err = bpf_ringbuf_output(&rb_small, r, size, 0);
	else
		err = bpf_ringbuf_output(&rb, r, size, 0);
	if (err)
		bump(idx + 1);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
