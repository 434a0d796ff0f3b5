// SPDX-License-Identifier: GPL-2.0
/*
 * maps_all -- test fixture: one map of each common kind, all with BTF
 * key/value types, so loaders and key/value codecs can be checked against BTF.
 *
 * Types (host endian, no hidden padding):
 *   struct flow_key   (16 bytes): saddr@0 __u32, daddr@4 __u32, sport@8 __u16,
 *                                 dport@10 __u16, proto@12 __u8, _pad[3]@13
 *   struct flow_stats (32 bytes): packets@0 __u64, bytes@8 __u64, flags@16 __u32,
 *                                 _pad@20 __u32, last_seen_ns@24 __u64
 *   struct lpm_v4_key  (8 bytes): prefixlen@0 __u32, addr[4]@4 __u8 (network order)
 *
 * Maps (name: type, max_entries, key -> value [, flags]):
 *   hash_map       HASH            64  struct flow_key -> struct flow_stats
 *   array_map      ARRAY            8  __u32 -> struct flow_stats
 *   mmap_array     ARRAY            8  __u32 -> __u64, BPF_F_MMAPABLE
 *   percpu_hash    PERCPU_HASH     64  __u32 -> __u64
 *   percpu_array   PERCPU_ARRAY     4  __u32 -> struct flow_stats
 *   lru_hash       LRU_HASH        64  __u64 -> __u64
 *   lpm_trie       LPM_TRIE        64  struct lpm_v4_key -> __u32, BPF_F_NO_PREALLOC
 *   queue          QUEUE           16  (no key) -> __u64
 *   stack          STACK           16  (no key) -> __u64
 *   prog_array     PROG_ARRAY       4  __u32 -> __u32 (program fds)
 *   inner_a,
 *   inner_b        ARRAY            4  __u32 -> __u64 (inner-map template/instances)
 *   array_of_maps  ARRAY_OF_MAPS    2  __u32 -> inner ARRAY; slot 0 = inner_a
 *   hash_of_maps   HASH_OF_MAPS     4  __u32 -> inner ARRAY; key 1 = inner_b
 *
 * Programs (both SEC("xdp"), return XDP_PASS, for BPF_PROG_TEST_RUN):
 *   maps_touch  per run, with n = the frame length:
 *     hash_map[{0x0a000001, 0x0a000002, 1234, 80, 6}]: packets += 1, bytes += n,
 *                 flags = 0x1, last_seen_ns = now (created if absent)
 *     array_map[0]: same update;  percpu_array[0]: same update (this CPU)
 *     mmap_array[0] += 1;  percpu_hash[7] += 1;  lru_hash[42] += 1
 *     queue and stack: push the new mmap_array[0] value (BPF_EXIST: overwrite oldest when full)
 *     lpm_trie lookup of 10.1.2.3: if found, mmap_array[1] = its value
 *     array_of_maps[0][0] += 1 and hash_of_maps[1][0] += 1 (when present)
 *     then bpf_tail_call(prog_array, 0); when slot 0 is empty it returns normally.
 *   maps_tail   tail-call target: array_map[1].packets += 1.
 */
#include "ebpf4j_kernel.h"
#include <bpf/bpf_helpers.h>

struct flow_key {
	__u32 saddr;
	__u32 daddr;
	__u16 sport;
	__u16 dport;
	__u8 proto;
	__u8 _pad[3];
};

struct flow_stats {
	__u64 packets;
	__u64 bytes;
	__u32 flags;
	__u32 _pad;
	__u64 last_seen_ns;
};

struct lpm_v4_key {
	__u32 prefixlen;
	__u8 addr[4];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, struct flow_key);
	__type(value, struct flow_stats);
} hash_map SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, struct flow_stats);
} array_map SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__uint(map_flags, BPF_F_MMAPABLE);
	__type(key, __u32);
	__type(value, __u64);
} mmap_array SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u64);
} percpu_hash SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, struct flow_stats);
} percpu_array SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 64);
	__type(key, __u64);
	__type(value, __u64);
} lru_hash SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, 64);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct lpm_v4_key);
	__type(value, __u32);
} lpm_trie SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_QUEUE);
	__uint(max_entries, 16);
	__type(value, __u64);
} queue SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_STACK);
	__uint(max_entries, 16);
	__type(value, __u64);
} stack SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 4);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} prog_array SEC(".maps");

struct inner_array {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
};

struct inner_array inner_a SEC(".maps");
struct inner_array inner_b SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 2);
	__type(key, __u32);
	__array(values, struct inner_array);
} array_of_maps SEC(".maps") = {
	.values = { [0] = &inner_a },
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH_OF_MAPS);
	__uint(max_entries, 4);
	__type(key, __u32);
	__array(values, struct inner_array);
} hash_of_maps SEC(".maps") = {
	.values = { [1] = &inner_b },
};

static __always_inline void account(struct flow_stats *s, __u64 len, __u64 now)
{
	__sync_fetch_and_add(&s->packets, 1);
	__sync_fetch_and_add(&s->bytes, len);
	s->flags = 0x1;
	s->last_seen_ns = now;
}

static __always_inline void bump(void *map, void *key)
{
	__u64 *v = bpf_map_lookup_elem(map, key);

	if (v) {
		__sync_fetch_and_add(v, 1);
	} else {
		__u64 one = 1;

		bpf_map_update_elem(map, key, &one, BPF_NOEXIST);
	}
}

static __always_inline void bump_inner(void *outer, __u32 outer_key)
{
	__u32 zero = 0;
	void *inner = bpf_map_lookup_elem(outer, &outer_key);
	__u64 *v;

	if (!inner)
		return;
	v = bpf_map_lookup_elem(inner, &zero);
	if (v)
		__sync_fetch_and_add(v, 1);
}

SEC("xdp")
int maps_touch(struct xdp_md *ctx)
{
	__u64 len = ctx->data_end - ctx->data;
	__u64 now = bpf_ktime_get_ns();
	struct flow_key fk;
	struct lpm_v4_key lk = { .prefixlen = 32, .addr = { 10, 1, 2, 3 } };
	struct flow_stats *s, fresh = {};
	__u32 k0 = 0, k1 = 1, k7 = 7;
	__u64 k42 = 42, *m0;
	__u32 *lpm;

	/*
	 * Field by field: a struct initializer would become a 16-byte constant in
	 * .rodata.cst16, which libbpf turns into an extra internal map.
	 */
	__builtin_memset(&fk, 0, sizeof(fk));
	fk.saddr = 0x0a000001;
	fk.daddr = 0x0a000002;
	fk.sport = 1234;
	fk.dport = 80;
	fk.proto = 6;
	s = bpf_map_lookup_elem(&hash_map, &fk);
	if (!s) {
		bpf_map_update_elem(&hash_map, &fk, &fresh, BPF_NOEXIST);
		s = bpf_map_lookup_elem(&hash_map, &fk);
	}
	if (s)
		account(s, len, now);

	s = bpf_map_lookup_elem(&array_map, &k0);
	if (s)
		account(s, len, now);
	s = bpf_map_lookup_elem(&percpu_array, &k0);
	if (s)
		account(s, len, now);

	bump(&mmap_array, &k0);
	bump(&percpu_hash, &k7);
	bump(&lru_hash, &k42);

	m0 = bpf_map_lookup_elem(&mmap_array, &k0);
	if (m0) {
		__u64 val = *m0;

		bpf_map_push_elem(&queue, &val, BPF_EXIST);
		bpf_map_push_elem(&stack, &val, BPF_EXIST);
	}

	lpm = bpf_map_lookup_elem(&lpm_trie, &lk);
	if (lpm) {
		__u64 found = *lpm;

		bpf_map_update_elem(&mmap_array, &k1, &found, BPF_ANY);
	}

	bump_inner(&array_of_maps, 0);
	bump_inner(&hash_of_maps, 1);

	bpf_tail_call(ctx, &prog_array, 0);
	return XDP_PASS;
}

SEC("xdp")
int maps_tail(struct xdp_md *ctx)
{
	__u32 k1 = 1;
	struct flow_stats *s = bpf_map_lookup_elem(&array_map, &k1);

	if (s)
		__sync_fetch_and_add(&s->packets, 1);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
