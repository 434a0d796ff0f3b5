// SPDX-License-Identifier: GPL-2.0
/*
 * mesh_filter -- XDP identity filter and active link probes for a mesh node.
 *
 * Program:  mesh_filter          SEC("xdp")
 *
 * Parses Ethernet, up to two VLAN tags (802.1Q 0x8100 / 802.1ad 0x88a8), batman-adv unicast
 * (ethertype 0x4305, packet_type 0x40 unicast: 10-byte header, or 0x41 unicast_4addr: 18 bytes;
 * compat version 15) followed by the inner Ethernet frame and up to two inner VLAN tags, then
 * IPv4 (IHL honoured, non-first fragments have no L4 header) or IPv6 (fixed header; the next
 * header is used as the L4 protocol, extension headers are not walked), then TCP/UDP/ICMP/ICMPv6.
 *
 * Verdicts: XDP_DROP only when every header up to L4 was present and sane AND the source address
 * maps to an identity whose policy is DENY (or the source is unknown and default_action is DENY),
 * or a guard refused the frame (an identity binding broken under the drop policy, a probe request
 * over its source's answer budget or without a valid MAC, a probe reply for this node without a
 * valid MAC, replayed, or too far behind); probe replies are consumed (XDP_DROP after accounting),
 * probe requests are answered in place (XDP_TX). Everything else, including anything that cannot
 * be parsed, is XDP_PASS and is counted.
 *
 * Identity 0 is "unknown source". Identities are 1 .. max_entries-1 of the arrays below.
 *
 * Maps (all BTF-typed; multi-byte fields host order unless noted):
 *   ipv4_identities  LPM_TRIE, 16384, BPF_F_NO_PREALLOC
 *                    key struct mesh_lpm_v4 { u32 prefixlen @0; u8 addr[4] @4 (network order) } (8)
 *                    value u32 identity
 *   ipv6_identities  LPM_TRIE, 16384, BPF_F_NO_PREALLOC
 *                    key struct mesh_lpm_v6 { u32 prefixlen @0; u8 addr[16] @4 } (20)
 *                    value u32 identity
 *   identity_policy  ARRAY, 4096, key u32 identity,
 *                    value struct mesh_policy { u8 action @0; u8 port_rules @1; u8 bound @2;
 *                                               u8 reserved @3; u32 reserved2 @4 } (8)
 *                    action: 0 = default_action, 1 = ALLOW, 2 = DENY; port_rules != 0: consult
 *                    port_policy first; bound != 0: the identity has a peer_binding entry (set after
 *                    the entry is written, cleared before it goes: unbound identities cost no lookup)
 *   port_policy      HASH, 16384, key struct mesh_port_key { u32 identity @0; u8 protocol @4;
 *                    u8 reserved @5; u16 port @6 (destination port, host order; 0 = any) } (8),
 *                    value u32 action (1 ALLOW, 2 DENY). Lookup order: (id, proto, dport),
 *                    (id, proto, 0), then identity_policy, then default_action.
 *   peer_counters    PERCPU_ARRAY, 4096, key u32 identity, value struct mesh_peer_counters
 *                    { u64 packets @0, bytes @8, passed @16, dropped_policy @24, malformed @32,
 *                      probes_answered @40, probe_replies @48, dropped_guard @56 } (64)
 *                    packets = passed + dropped_policy + malformed + probes_answered + probe_replies
 *                              + dropped_guard
 *   probe_stats      PERCPU_ARRAY, 4096, key u32 peer identity (source of the reply),
 *                    value struct mesh_probe_stats { u64 replies @0, next_seq @8 (highest reply
 *                    seq + 1), last_rtt_ns @16, last_at_ns @24 (bpf_ktime_get_ns of the last
 *                    sample), min_rtt_ns @32 (0 = none), sum_rtt_ns @40, clock_errors @48,
 *                    reserved @56, hist[64] @64 (bucket b: rtt in [2^b, 2^(b+1)) ns, b 0 also
 *                    holds 0) } (576)
 *   global_counters  PERCPU_ARRAY, 1, key u32 0, value struct mesh_global_counters
 *                    { u64 frames @0, bytes @8, unparsed @16, malformed @24, vlan @32, batman @40,
 *                      ipv4 @48, ipv6 @56, unknown_source @64, default_denied @72,
 *                      probe_foreign @80, probe_malformed @88 } (96)
 *   guard_counters   PERCPU_ARRAY, 4096, key u32 identity, value struct mesh_guard_counters
 *                    { u64 rate_limited @0 (probe requests over the answer budget), unauthenticated @8
 *                      (probe requests and replies without a valid MAC while probe auth is on),
 *                      replayed @16 (replies whose seq was accepted already), stale @24 (replies
 *                      MESH_WINDOW = 64 or more seqs behind the newest accepted), wrong_interface @32,
 *                      wrong_mac @40 (frames breaking the identity's binding), reserved @48,
 *                      reserved2 @56 } (64)
 *   mesh_config      ARRAY, 1, key u32 0, value struct mesh_config { u32 flags @0 (bit 0
 *                    MESH_CFG_PROBE_AUTH: probes must carry a valid MAC); u32 answer_rate @4 (probe
 *                    requests answered per second per source identity, 0 = unlimited); u32
 *                    answer_burst @8 (token bucket depth; 0 counts as 1); u32 reserved @12 } (16).
 *                    All zero (before user space writes it): no MAC, no limit.
 *   probe_keys       HASH, 4096, key u32 identity (0: the mesh-wide keys, used for every identity
 *                    without an entry of its own; a hash so that an update replaces a whole entry
 *                    atomically for the program), value struct mesh_probe_keys { u8 count @0 (0..2);
 *                    u8 id[2] @1; u8 reserved[5] @3; u64 k[4] @8 (key i: SipHash k0 = k[2i], k1 =
 *                    k[2i+1], each the little-endian reading of 8 of the key's 16 bytes) } (40)
 *   probe_window     ARRAY, 4096, key u32 identity (source of replies), value struct
 *                    mesh_probe_window { struct bpf_spin_lock lock @0; u32 reserved @4; u64 top @8
 *                    (highest accepted seq + 1); u32 seen[64] @16 (slot seq % 64: seq + 1 of the last
 *                    reply accepted there) } (272)
 *   probe_buckets    ARRAY, 4096, key u32 identity (source of requests), value struct mesh_bucket
 *                    { struct bpf_spin_lock lock @0; u32 reserved @4; u64 credit_ns @8; u64 last_ns @16 }
 *                    (24): a token bucket counted in time (a token costs 1e9 / answer_rate ns, the
 *                    bucket holds answer_burst tokens; last_ns 0: full)
 *   peer_binding     HASH, 4096, key u32 identity (no entry: unbound), value struct mesh_binding
 *                    { u32 ifindex @0 (0: any interface); u8 mac[6] @4 (the one-hop neighbour's: the
 *                    outer Ethernet source); u8 flags @10 (bit 0 MESH_BIND_MAC: mac is bound; bit 1
 *                    MESH_BIND_DROP: drop frames breaking the binding, else only count them); u8
 *                    reserved @11 } (12)
 *
 * Probe payload (UDP from or to probe_port, UDP length exactly 8 + 40; network order except mac):
 *   u32 magic @0 (0x4d455348 "MESH"), u8 kind @4 (1 request, 2 reply), u8 key_id @5,
 *   u16 reserved @6, u32 seq @8, u32 sender_id @12, u32 target_id @16, u32 reserved @20,
 *   u64 t_send_ns @24 (CLOCK_MONOTONIC of the sender, as bpf_ktime_get_ns),
 *   u64 mac @32: SipHash-2-4 with key key_id over bytes 0..31 read as four little-endian u64
 *   words, stored little-endian (0 when the sender has no key).
 *   A request (with probe auth: whose MAC verifies with a key of its source identity) within its
 *   source identity's answer budget is answered with XDP_TX: kind = 2, the MAC recomputed with the
 *   key that verified the request (with or without probe auth: a node signs its replies as soon as
 *   it has the key, before any node requires it; an unverified request's MAC is left as it was), MACs, IPs and ports swapped (inner ones too for batman-adv, whose
 *   unicast destination becomes the outer source, i.e. the one-hop neighbour), UDP checksum
 *   recomputed over the whole datagram. A reply whose sender_id equals node_identity (or any reply
 *   when node_identity is 0), that verifies (with probe auth), and whose seq was not accepted before
 *   and is less than 64 behind the newest accepted becomes an RTT sample for the source identity
 *   and is dropped; other replies for this node are dropped and counted (guard_counters); replies
 *   carrying another tag pass (probe_foreign).
 *
 * Knobs (.rodata, set before load):
 *   default_action   const volatile u32, 1 (ALLOW, default) or 2 (DENY): unknown sources and
 *                    identities without a policy
 *   probe_port       const volatile u16, host order; 0 (default) disables probe handling
 *   node_identity    const volatile u32, this node's identity; 0 (default) accepts every reply
 */
#include "ebpf4j_kernel.h"
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define MESH_MAX_IDENTITIES 4096
#define MESH_ALLOW 1
#define MESH_DENY 2
#define MESH_PROBE_MAGIC 0x4d455348
#define MESH_PROBE_REQUEST 1
#define MESH_PROBE_REPLY 2
#define MESH_PROBE_LEN 40
#define MESH_WINDOW 64 /* replay window of probe replies, in sequence numbers (a power of two) */
#define MESH_CFG_PROBE_AUTH 1
#define MESH_BIND_MAC 1
#define MESH_BIND_DROP 2
#define MESH_ICMP_HLEN 8 /* struct icmphdr and struct icmp6hdr (their UAPI headers pull in libc) */
#define ETH_P_BATADV_ 0x4305
#define BATADV_UNICAST 0x40
#define BATADV_UNICAST_4ADDR 0x41
#define BATADV_COMPAT_VERSION 15

struct mesh_lpm_v4 {
	__u32 prefixlen;
	__u8 addr[4];
};

struct mesh_lpm_v6 {
	__u32 prefixlen;
	__u8 addr[16];
};

struct mesh_policy {
	__u8 action;
	__u8 port_rules;
	__u8 bound;
	__u8 reserved;
	__u32 reserved2;
};

struct mesh_port_key {
	__u32 identity;
	__u8 protocol;
	__u8 reserved;
	__u16 port;
};

struct mesh_peer_counters {
	__u64 packets;
	__u64 bytes;
	__u64 passed;
	__u64 dropped_policy;
	__u64 malformed;
	__u64 probes_answered;
	__u64 probe_replies;
	__u64 dropped_guard;
};

struct mesh_probe_stats {
	__u64 replies;
	__u64 next_seq;
	__u64 last_rtt_ns;
	__u64 last_at_ns;
	__u64 min_rtt_ns;
	__u64 sum_rtt_ns;
	__u64 clock_errors;
	__u64 reserved;
	__u64 hist[64];
};

struct mesh_global_counters {
	__u64 frames;
	__u64 bytes;
	__u64 unparsed;
	__u64 malformed;
	__u64 vlan;
	__u64 batman;
	__u64 ipv4;
	__u64 ipv6;
	__u64 unknown_source;
	__u64 default_denied;
	__u64 probe_foreign;
	__u64 probe_malformed;
};

struct mesh_guard_counters {
	__u64 rate_limited;
	__u64 unauthenticated;
	__u64 replayed;
	__u64 stale;
	__u64 wrong_interface;
	__u64 wrong_mac;
	__u64 reserved;
	__u64 reserved2;
};

struct mesh_config {
	__u32 flags;
	__u32 answer_rate;
	__u32 answer_burst;
	__u32 reserved;
};

struct mesh_probe_keys {
	__u8 count;
	__u8 id[2];
	__u8 reserved[5];
	__u64 k[4];
};

struct mesh_probe_window {
	struct bpf_spin_lock lock;
	__u32 reserved;
	__u64 top;
	__u32 seen[MESH_WINDOW];
};

struct mesh_bucket {
	struct bpf_spin_lock lock;
	__u32 reserved;
	__u64 credit_ns;
	__u64 last_ns;
};

struct mesh_binding {
	__u32 ifindex;
	__u8 mac[ETH_ALEN];
	__u8 flags;
	__u8 reserved;
};

struct mesh_probe {
	__be32 magic;
	__u8 kind;
	__u8 key_id;
	__be16 reserved;
	__be32 seq;
	__be32 sender_id;
	__be32 target_id;
	__be32 reserved2;
	__be64 t_send_ns;
	__u64 mac; /* SipHash-2-4 output, little-endian */
};

struct mesh_vlan {
	__be16 tci;
	__be16 proto;
};

/* batman-adv unicast header (net/batman-adv/packet.h: struct batadv_unicast_packet) */
struct mesh_batadv_unicast {
	__u8 packet_type;
	__u8 version;
	__u8 ttl;
	__u8 ttvn;
	__u8 dest[ETH_ALEN];
};

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, 16384);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct mesh_lpm_v4);
	__type(value, __u32);
} ipv4_identities SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, 16384);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct mesh_lpm_v6);
	__type(value, __u32);
} ipv6_identities SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, MESH_MAX_IDENTITIES);
	__type(key, __u32);
	__type(value, struct mesh_policy);
} identity_policy SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16384);
	__type(key, struct mesh_port_key);
	__type(value, __u32);
} port_policy SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, MESH_MAX_IDENTITIES);
	__type(key, __u32);
	__type(value, struct mesh_peer_counters);
} peer_counters SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, MESH_MAX_IDENTITIES);
	__type(key, __u32);
	__type(value, struct mesh_probe_stats);
} probe_stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct mesh_global_counters);
} global_counters SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, MESH_MAX_IDENTITIES);
	__type(key, __u32);
	__type(value, struct mesh_guard_counters);
} guard_counters SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct mesh_config);
} mesh_config SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MESH_MAX_IDENTITIES);
	__type(key, __u32);
	__type(value, struct mesh_probe_keys);
} probe_keys SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, MESH_MAX_IDENTITIES);
	__type(key, __u32);
	__type(value, struct mesh_probe_window);
} probe_window SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, MESH_MAX_IDENTITIES);
	__type(key, __u32);
	__type(value, struct mesh_bucket);
} probe_buckets SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MESH_MAX_IDENTITIES);
	__type(key, __u32);
	__type(value, struct mesh_binding);
} peer_binding SEC(".maps");

const volatile __u32 default_action = MESH_ALLOW;
const volatile __u16 probe_port = 0;
const volatile __u32 node_identity = 0;

/* What the parser found; pointers into the packet (NULL when absent). */
struct mesh_parse {
	void *end;
	struct ethhdr *eth;
	struct mesh_batadv_unicast *bat;
	struct ethhdr *inner_eth;
	struct iphdr *ip4;
	struct ipv6hdr *ip6;
	void *l4;
	__u8 protocol;
	__u16 sport;
	__u16 dport;
};

enum mesh_parse_result {
	MESH_PARSED,       /* IP header sane, L4 header present when expected */
	MESH_UNPARSED,     /* not IP, or an encapsulation we do not read */
	MESH_MALFORMED_L2, /* truncated or insane before the source address */
	MESH_MALFORMED_L4, /* source known, but the L4 header is truncated or insane */
};

/* Skips up to two VLAN tags; returns the next header or NULL when truncated. */
static __always_inline void *skip_vlans(void *pos, void *end, __be16 *proto, int *tagged)
{
	int i;

#pragma unroll
	for (i = 0; i < 2; i++) {
		struct mesh_vlan *v = pos;

		if (*proto != bpf_htons(ETH_P_8021Q) && *proto != bpf_htons(ETH_P_8021AD))
			break;
		if ((void *)(v + 1) > end)
			return NULL;
		*proto = v->proto;
		*tagged = 1;
		pos = v + 1;
	}
	return pos;
}

static __always_inline int parse_l4(struct mesh_parse *p, void *pos)
{
	p->l4 = pos;
	switch (p->protocol) {
	case IPPROTO_TCP: {
		struct tcphdr *t = pos;

		if ((void *)(t + 1) > p->end || t->doff < 5)
			return MESH_MALFORMED_L4;
		p->dport = bpf_ntohs(t->dest);
		return MESH_PARSED;
	}
	case IPPROTO_UDP: {
		struct udphdr *u = pos;

		if ((void *)(u + 1) > p->end || bpf_ntohs(u->len) < sizeof(*u))
			return MESH_MALFORMED_L4;
		p->sport = bpf_ntohs(u->source);
		p->dport = bpf_ntohs(u->dest);
		return MESH_PARSED;
	}
	case IPPROTO_ICMP:
		if (pos + MESH_ICMP_HLEN > p->end)
			return MESH_MALFORMED_L4;
		return MESH_PARSED;
	case IPPROTO_ICMPV6:
		if (pos + MESH_ICMP_HLEN > p->end)
			return MESH_MALFORMED_L4;
		return MESH_PARSED;
	default:
		p->l4 = NULL; /* an L4 protocol we do not read: policy by identity and protocol */
		return MESH_PARSED;
	}
}

static __always_inline int parse(struct xdp_md *ctx, struct mesh_parse *p, struct mesh_global_counters *g)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	__be16 proto;
	void *pos;
	int tagged = 0;

	p->end = end;
	if ((void *)(eth + 1) > end)
		return MESH_MALFORMED_L2;
	p->eth = eth;
	proto = eth->h_proto;
	pos = skip_vlans(eth + 1, end, &proto, &tagged);
	if (!pos)
		return MESH_MALFORMED_L2;

	if (proto == bpf_htons(ETH_P_BATADV_)) {
		struct mesh_batadv_unicast *b = pos;
		struct ethhdr *inner;
		__u32 hlen;

		if ((void *)(b + 1) > end)
			return MESH_MALFORMED_L2;
		if (b->version != BATADV_COMPAT_VERSION)
			return MESH_UNPARSED;
		if (b->packet_type == BATADV_UNICAST)
			hlen = sizeof(*b);
		else if (b->packet_type == BATADV_UNICAST_4ADDR)
			hlen = sizeof(*b) + ETH_ALEN + 2;
		else
			return MESH_UNPARSED;
		inner = pos + hlen;
		if ((void *)(inner + 1) > end)
			return MESH_MALFORMED_L2;
		g->batman += 1;
		p->bat = b;
		p->inner_eth = inner;
		proto = inner->h_proto;
		pos = skip_vlans(inner + 1, end, &proto, &tagged);
		if (!pos)
			return MESH_MALFORMED_L2;
	}
	if (tagged)
		g->vlan += 1;

	if (proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = pos;
		__u32 ihl;

		if ((void *)(ip + 1) > end)
			return MESH_MALFORMED_L2;
		ihl = ip->ihl * 4;
		if (ip->version != 4 || ihl < sizeof(*ip) || bpf_ntohs(ip->tot_len) < ihl)
			return MESH_MALFORMED_L2;
		if (pos + ihl > end)
			return MESH_MALFORMED_L2;
		g->ipv4 += 1;
		p->ip4 = ip;
		p->protocol = ip->protocol;
		if (ip->frag_off & bpf_htons(0x1fff)) {
			p->l4 = NULL; /* non-first fragment: no L4 header */
			return MESH_PARSED;
		}
		return parse_l4(p, pos + ihl);
	}
	if (proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = pos;

		if ((void *)(ip6 + 1) > end)
			return MESH_MALFORMED_L2;
		if (ip6->version != 6)
			return MESH_MALFORMED_L2;
		g->ipv6 += 1;
		p->ip6 = ip6;
		p->protocol = ip6->nexthdr;
		return parse_l4(p, ip6 + 1);
	}
	return MESH_UNPARSED;
}

static __always_inline __u32 source_identity(struct mesh_parse *p)
{
	__u32 *id;

	if (p->ip4) {
		struct mesh_lpm_v4 k = { .prefixlen = 32 };

		__builtin_memcpy(k.addr, &p->ip4->saddr, 4);
		id = bpf_map_lookup_elem(&ipv4_identities, &k);
	} else {
		struct mesh_lpm_v6 k = { .prefixlen = 128 };

		__builtin_memcpy(k.addr, &p->ip6->saddr, 16);
		id = bpf_map_lookup_elem(&ipv6_identities, &k);
	}
	return id ? *id : 0;
}

static __always_inline __u32 port_action(__u32 identity, __u8 protocol, __u16 port)
{
	struct mesh_port_key k = { .identity = identity, .protocol = protocol, .port = port };
	__u32 *a;

	if (port) {
		a = bpf_map_lookup_elem(&port_policy, &k);
		if (a)
			return *a;
		k.port = 0;
	}
	a = bpf_map_lookup_elem(&port_policy, &k);
	return a ? *a : 0;
}

/* Policy verdict for a fully parsed frame: MESH_ALLOW or MESH_DENY (pol: the identity's policy or NULL). */
static __always_inline __u32 decide(__u32 identity, struct mesh_policy *pol, struct mesh_parse *p,
				    struct mesh_global_counters *g)
{
	__u32 action = 0;

	if (identity && pol) {
		if (pol->port_rules)
			action = port_action(identity, p->protocol, p->l4 ? p->dport : 0);
		if (!action)
			action = pol->action;
	}
	if (action != MESH_ALLOW && action != MESH_DENY) {
		action = default_action == MESH_DENY ? MESH_DENY : MESH_ALLOW;
		if (action == MESH_DENY)
			g->default_denied += 1;
	}
	return action;
}

static __always_inline __u32 csum_fold(__u64 sum)
{
	sum = (sum & 0xffffffff) + (sum >> 32);
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (__u32)sum & 0xffff;
}

/* Recomputes the UDP checksum of a probe datagram (8 + MESH_PROBE_LEN bytes) from scratch. */
static __always_inline void udp_checksum(struct mesh_parse *p, struct udphdr *udp)
{
	__u64 sum;
	__u32 check;

	udp->check = 0;
	if ((void *)udp + sizeof(*udp) + MESH_PROBE_LEN > p->end)
		return;
	if (p->ip4) {
		__u32 pseudo[3];

		pseudo[0] = p->ip4->saddr;
		pseudo[1] = p->ip4->daddr;
		pseudo[2] = bpf_htonl((IPPROTO_UDP << 16) | (sizeof(*udp) + MESH_PROBE_LEN));
		sum = (__u32)bpf_csum_diff(NULL, 0, pseudo, sizeof(pseudo), 0);
	} else {
		__u32 pseudo[10];

		__builtin_memcpy(pseudo, &p->ip6->saddr, 16);
		__builtin_memcpy(&pseudo[4], &p->ip6->daddr, 16);
		pseudo[8] = bpf_htonl(sizeof(*udp) + MESH_PROBE_LEN);
		pseudo[9] = bpf_htonl(IPPROTO_UDP);
		sum = (__u32)bpf_csum_diff(NULL, 0, pseudo, sizeof(pseudo), 0);
	}
	sum = (__u32)bpf_csum_diff(NULL, 0, (void *)udp, sizeof(*udp) + MESH_PROBE_LEN, (__u32)csum_fold(sum));
	check = ~csum_fold(sum) & 0xffff;
	udp->check = check ? (__u16)check : 0xffff;
}

static __always_inline void swap_mac(struct ethhdr *eth)
{
	__u8 tmp[ETH_ALEN];

	__builtin_memcpy(tmp, eth->h_source, ETH_ALEN);
	__builtin_memcpy(eth->h_source, eth->h_dest, ETH_ALEN);
	__builtin_memcpy(eth->h_dest, tmp, ETH_ALEN);
}

/* Turns a probe request (its payload already a reply) into its reply in place. */
static __always_inline void make_reply(struct mesh_parse *p, struct udphdr *udp)
{
	__be16 port;

	swap_mac(p->eth);
	if (p->bat) {
		/* unicast destination = the neighbour that sent it (now the outer destination) */
		__builtin_memcpy(p->bat->dest, p->eth->h_dest, ETH_ALEN);
		if (p->inner_eth && (void *)(p->inner_eth + 1) <= p->end)
			swap_mac(p->inner_eth);
	}
	if (p->ip4) {
		__be32 a = p->ip4->saddr;

		p->ip4->saddr = p->ip4->daddr;
		p->ip4->daddr = a; /* the header checksum is order-independent: unchanged */
	} else {
		struct in6_addr a = p->ip6->saddr;

		p->ip6->saddr = p->ip6->daddr;
		p->ip6->daddr = a;
	}
	port = udp->source;
	udp->source = udp->dest;
	udp->dest = port;
	udp_checksum(p, udp);
}

static __always_inline __u32 log2_bucket(__u64 v)
{
	__u32 r = 0;

	if (v >> 32) { v >>= 32; r += 32; }
	if (v >> 16) { v >>= 16; r += 16; }
	if (v >> 8) { v >>= 8; r += 8; }
	if (v >> 4) { v >>= 4; r += 4; }
	if (v >> 2) { v >>= 2; r += 2; }
	if (v >> 1) { r += 1; }
	return r & 63;
}

static __always_inline void record_reply(__u32 identity, struct mesh_probe *probe)
{
	struct mesh_probe_stats *s = bpf_map_lookup_elem(&probe_stats, &identity);
	__u64 now = bpf_ktime_get_ns();
	__u64 sent = bpf_be64_to_cpu(probe->t_send_ns);
	__u64 seq = bpf_ntohl(probe->seq);
	__u64 rtt;

	if (!s)
		return;
	s->replies += 1;
	if (seq + 1 > s->next_seq)
		s->next_seq = seq + 1;
	if (sent > now) {
		s->clock_errors += 1;
		return;
	}
	rtt = now - sent;
	s->last_rtt_ns = rtt;
	s->last_at_ns = now;
	if (s->min_rtt_ns == 0 || rtt < s->min_rtt_ns)
		s->min_rtt_ns = rtt;
	s->sum_rtt_ns += rtt;
	s->hist[log2_bucket(rtt)] += 1;
}

static __always_inline struct mesh_guard_counters *guards(__u32 identity)
{
	return bpf_map_lookup_elem(&guard_counters, &identity);
}

#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define mesh_le64(x) __builtin_bswap64(x)
#else
#define mesh_le64(x) (x)
#endif

#define SIP_ROTL(x, b) (((x) << (b)) | ((x) >> (64 - (b))))
#define SIP_ROUND                                                                  \
	do {                                                                       \
		v0 += v1; v1 = SIP_ROTL(v1, 13); v1 ^= v0; v0 = SIP_ROTL(v0, 32); \
		v2 += v3; v3 = SIP_ROTL(v3, 16); v3 ^= v2;                         \
		v0 += v3; v3 = SIP_ROTL(v3, 21); v3 ^= v0;                         \
		v2 += v1; v1 = SIP_ROTL(v1, 17); v1 ^= v2; v2 = SIP_ROTL(v2, 32); \
	} while (0)

/* SipHash-2-4 (Aumasson, Bernstein 2012) of a 32-byte message given as four little-endian words. */
static __always_inline __u64 siphash32(__u64 k0, __u64 k1, __u64 m0, __u64 m1, __u64 m2, __u64 m3)
{
	__u64 v0 = 0x736f6d6570736575ULL ^ k0;
	__u64 v1 = 0x646f72616e646f6dULL ^ k1;
	__u64 v2 = 0x6c7967656e657261ULL ^ k0;
	__u64 v3 = 0x7465646279746573ULL ^ k1;
	__u64 b = 32ULL << 56;

	v3 ^= m0; SIP_ROUND; SIP_ROUND; v0 ^= m0;
	v3 ^= m1; SIP_ROUND; SIP_ROUND; v0 ^= m1;
	v3 ^= m2; SIP_ROUND; SIP_ROUND; v0 ^= m2;
	v3 ^= m3; SIP_ROUND; SIP_ROUND; v0 ^= m3;
	v3 ^= b; SIP_ROUND; SIP_ROUND; v0 ^= b;
	v2 ^= 0xff;
	SIP_ROUND; SIP_ROUND; SIP_ROUND; SIP_ROUND;
	return v0 ^ v1 ^ v2 ^ v3;
}

/* The MAC of the probe's first 32 bytes (as they are now) with key slot i of keys. */
static __always_inline __u64 probe_mac(struct mesh_probe *probe, struct mesh_probe_keys *keys, int i)
{
	__u64 *w = (__u64 *)probe;

	if (i)
		return siphash32(keys->k[2], keys->k[3], mesh_le64(w[0]), mesh_le64(w[1]), mesh_le64(w[2]),
				 mesh_le64(w[3]));
	return siphash32(keys->k[0], keys->k[1], mesh_le64(w[0]), mesh_le64(w[1]), mesh_le64(w[2]),
			 mesh_le64(w[3]));
}

/*
 * The key slot (0 or 1) whose id is the probe's key_id and whose MAC matches, or -1. The keys are
 * the source identity's own, or the mesh-wide ones (entry 0) when it has none.
 */
static __always_inline int verify_probe(__u32 identity, struct mesh_probe *probe, struct mesh_probe_keys **out)
{
	__u32 zero = 0;
	struct mesh_probe_keys *keys = bpf_map_lookup_elem(&probe_keys, &identity);
	int slot;

	if (!keys || keys->count == 0)
		keys = bpf_map_lookup_elem(&probe_keys, &zero);
	if (!keys || keys->count == 0)
		return -1;
	if (keys->id[0] == probe->key_id)
		slot = 0;
	else if (keys->count > 1 && keys->id[1] == probe->key_id)
		slot = 1;
	else
		return -1;
	if (probe_mac(probe, keys, slot) != mesh_le64(probe->mac))
		return -1;
	*out = keys;
	return slot;
}

/* Takes one token of identity's answer budget; returns whether there was one. */
static __always_inline int take_token(__u32 identity, struct mesh_config *cfg)
{
	struct mesh_bucket *b;
	__u64 cost, cap, now, credit;
	int ok;

	if (!cfg || cfg->answer_rate == 0)
		return 1;
	b = bpf_map_lookup_elem(&probe_buckets, &identity);
	if (!b)
		return 0;
	cost = 1000000000ULL / cfg->answer_rate;
	cap = cost * (cfg->answer_burst ? cfg->answer_burst : 1);
	now = bpf_ktime_get_ns();
	bpf_spin_lock(&b->lock);
	if (b->last_ns == 0) {
		credit = cap;
	} else {
		credit = b->credit_ns;
		if (now > b->last_ns)
			credit += now - b->last_ns;
		if (credit > cap)
			credit = cap;
	}
	if (now > b->last_ns)
		b->last_ns = now;
	ok = credit >= cost;
	if (ok)
		credit -= cost;
	b->credit_ns = credit;
	bpf_spin_unlock(&b->lock);
	return ok;
}

enum mesh_window_result { MESH_FRESH, MESH_REPLAYED, MESH_STALE };

/* Accepts each reply seq of identity once, and none MESH_WINDOW or more behind the newest. */
static __always_inline int window_accept(__u32 identity, __u64 seq)
{
	struct mesh_probe_window *w = bpf_map_lookup_elem(&probe_window, &identity);
	__u32 slot = seq & (MESH_WINDOW - 1);
	__u32 mark = (__u32)(seq + 1);
	int r;

	if (!w)
		return MESH_STALE;
	bpf_spin_lock(&w->lock);
	if (seq + MESH_WINDOW < w->top) {
		r = MESH_STALE;
	} else if (w->seen[slot] == mark) {
		r = MESH_REPLAYED;
	} else {
		w->seen[slot] = mark;
		if (seq + 1 > w->top)
			w->top = seq + 1;
		r = MESH_FRESH;
	}
	bpf_spin_unlock(&w->lock);
	return r;
}

/* Counts a frame a guard refused and drops it. */
static __always_inline int guard_drop(struct mesh_peer_counters *c)
{
	c->dropped_guard += 1;
	return XDP_DROP;
}

/*
 * A probe addressed to probe_port: returns XDP_TX (request answered), XDP_DROP (reply consumed, or
 * refused by a guard) or -1 when it is ordinary traffic or a reply for another node.
 */
static __always_inline int handle_probe(__u32 identity, struct mesh_parse *p, struct mesh_peer_counters *c,
					struct mesh_global_counters *g)
{
	struct udphdr *udp = p->l4;
	struct mesh_probe *probe;
	struct mesh_probe_keys *keys = NULL;
	struct mesh_guard_counters *gc;
	struct mesh_config *cfg;
	__u32 zero = 0;
	int auth, slot = 0, w;

	if (!udp || (void *)(udp + 1) > p->end)
		return -1;
	probe = (void *)(udp + 1);
	if ((void *)(probe + 1) > p->end || probe->magic != bpf_htonl(MESH_PROBE_MAGIC))
		return -1;
	if (bpf_ntohs(udp->len) != sizeof(*udp) + MESH_PROBE_LEN
	    || (probe->kind != MESH_PROBE_REQUEST && probe->kind != MESH_PROBE_REPLY)) {
		g->probe_malformed += 1;
		return -1;
	}
	cfg = bpf_map_lookup_elem(&mesh_config, &zero);
	auth = cfg && (cfg->flags & MESH_CFG_PROBE_AUTH);
	if (probe->kind == MESH_PROBE_REQUEST) {
		/* verified whenever keys exist, so that replies are signed before any node requires it */
		slot = verify_probe(identity, probe, &keys);
		if (auth && (slot < 0 || !keys)) {
			gc = guards(identity);
			if (gc)
				gc->unauthenticated += 1;
			return guard_drop(c);
		}
		if (!take_token(identity, cfg)) {
			gc = guards(identity);
			if (gc)
				gc->rate_limited += 1;
			return guard_drop(c);
		}
		probe->kind = MESH_PROBE_REPLY;
		if (slot >= 0 && keys)
			probe->mac = mesh_le64(probe_mac(probe, keys, slot));
		make_reply(p, udp);
		c->probes_answered += 1;
		return XDP_TX;
	}
	if (node_identity && bpf_ntohl(probe->sender_id) != node_identity) {
		g->probe_foreign += 1;
		return -1;
	}
	if (auth && verify_probe(identity, probe, &keys) < 0) {
		gc = guards(identity);
		if (gc)
			gc->unauthenticated += 1;
		return guard_drop(c);
	}
	w = window_accept(identity, bpf_ntohl(probe->seq));
	if (w != MESH_FRESH) {
		gc = guards(identity);
		if (gc) {
			if (w == MESH_REPLAYED)
				gc->replayed += 1;
			else
				gc->stale += 1;
		}
		return guard_drop(c);
	}
	record_reply(identity, probe);
	c->probe_replies += 1;
	return XDP_DROP;
}

/*
 * The identity's binding: its frames must come in on the bound interface and, when a MAC is bound,
 * from that neighbour (the outer Ethernet source). Returns 1 when the frame breaks it (counted), and
 * sets *drop when the binding's policy is to drop such frames.
 */
static __always_inline int breaks_binding(struct xdp_md *ctx, __u32 identity, struct mesh_parse *p, int *drop)
{
	struct mesh_binding *b;
	struct mesh_guard_counters *gc;
	int wrong_if = 0, wrong_mac = 0;

	*drop = 0;
	if (!identity)
		return 0;
	b = bpf_map_lookup_elem(&peer_binding, &identity);
	if (!b || (!b->ifindex && !(b->flags & MESH_BIND_MAC)))
		return 0;
	if (b->ifindex && b->ifindex != ctx->ingress_ifindex)
		wrong_if = 1;
	if (b->flags & MESH_BIND_MAC) {
		__u32 a1, b1;
		__u16 a2, b2;

		__builtin_memcpy(&a1, p->eth->h_source, 4);
		__builtin_memcpy(&a2, p->eth->h_source + 4, 2);
		__builtin_memcpy(&b1, b->mac, 4);
		__builtin_memcpy(&b2, b->mac + 4, 2);
		if (a1 != b1 || a2 != b2)
			wrong_mac = 1;
	}
	if (!wrong_if && !wrong_mac)
		return 0;
	gc = guards(identity);
	if (gc) {
		gc->wrong_interface += wrong_if;
		gc->wrong_mac += wrong_mac;
	}
	*drop = (b->flags & MESH_BIND_DROP) != 0;
	return 1;
}

SEC("xdp")
int mesh_filter(struct xdp_md *ctx)
{
	struct mesh_parse p = {};
	struct mesh_global_counters *g;
	struct mesh_peer_counters *c;
	struct mesh_policy *pol;
	__u32 zero = 0, identity;
	__u64 len = ctx->data_end - ctx->data;
	int r;

	g = bpf_map_lookup_elem(&global_counters, &zero);
	if (!g)
		return XDP_PASS;
	g->frames += 1;
	g->bytes += len;

	r = parse(ctx, &p, g);
	if (r == MESH_UNPARSED) {
		g->unparsed += 1;
		return XDP_PASS;
	}
	if (r == MESH_MALFORMED_L2) {
		g->malformed += 1;
		return XDP_PASS;
	}

	identity = source_identity(&p);
	if (!identity)
		g->unknown_source += 1;
	c = bpf_map_lookup_elem(&peer_counters, &identity);
	if (!c) {
		identity = 0;
		c = bpf_map_lookup_elem(&peer_counters, &identity);
		if (!c)
			return XDP_PASS;
	}
	c->packets += 1;
	c->bytes += len;
	if (r == MESH_MALFORMED_L4) {
		c->malformed += 1;
		return XDP_PASS;
	}
	pol = identity ? bpf_map_lookup_elem(&identity_policy, &identity) : NULL;
	if (pol && pol->bound && breaks_binding(ctx, identity, &p, &r) && r)
		return guard_drop(c);
	if (decide(identity, pol, &p, g) == MESH_DENY) {
		c->dropped_policy += 1;
		return XDP_DROP;
	}
	if (probe_port && p.l4 && p.protocol == IPPROTO_UDP && (p.dport == probe_port || p.sport == probe_port)) {
		r = handle_probe(identity, &p, c, g);
		if (r >= 0)
			return r;
	}
	c->passed += 1;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
