// SPDX-License-Identifier: GPL-2.0
/*
 * fault_inject -- drops a share of the packets leaving (or entering) an interface, for fault-injection
 * experiments on links the experiment owns (veth pairs in network namespaces). The share and what
 * matches change at run time through the config map: no reload, no re-attach. A share of 0 makes the
 * program a counting pass-through.
 *
 * Program:  fault_inject         SEC("tc") (direct action): TC_ACT_SHOT for a share of the matching
 *                                packets; TC_ACT_UNSPEC (= TCX_NEXT: the next program or filter
 *                                decides, pass when there is none) for everything else, so several
 *                                fault programs can share one hook.
 * Map:      fault_config         BPF_MAP_TYPE_ARRAY, 1 entry, key __u32 0,
 *                                value struct fault_config {
 *                                  u32 drop_per_million @0   share of matching packets dropped, drawn
 *                                                            with bpf_get_prandom_u32() per packet;
 *                                                            0 drops nothing, >= 1000000 drops all
 *                                  u32 match_mode       @4   0 every frame (ARP, IPv6 and IPv4),
 *                                                            1 IPv4 only, 2 IPv4 from or to addr;
 *                                                            other values match nothing
 *                                  u8  addr[4]          @8   IPv4 address, network order (mode 2)
 *                                } (12)
 * Map:      fault_counters       BPF_MAP_TYPE_PERCPU_ARRAY, 1 entry, key __u32 0,
 *                                value struct fault_inject_counters { u64 seen @0; u64 dropped @8 } (16);
 *                                seen counts matching packets, dropped those shot
 * Frames:   Ethernet without VLAN tags; the IPv4 match reads saddr/daddr of the fixed header.
 */
#include "ebpf4j_kernel.h"
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define FAULT_MATCH_ALL 0
#define FAULT_MATCH_IPV4 1
#define FAULT_MATCH_IPV4_ADDR 2

struct fault_config {
	__u32 drop_per_million;
	__u32 match_mode;
	__u8 addr[4];
};

struct fault_inject_counters {
	__u64 seen;
	__u64 dropped;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct fault_config);
} fault_config SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct fault_inject_counters);
} fault_counters SEC(".maps");

/* 1 when the frame matches cfg's mode. */
static __always_inline int matches(struct __sk_buff *skb, const struct fault_config *cfg)
{
	void *data = (void *)(long)skb->data;
	void *end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip;
	__u32 addr;

	if (cfg->match_mode == FAULT_MATCH_ALL)
		return 1;
	if (cfg->match_mode != FAULT_MATCH_IPV4 && cfg->match_mode != FAULT_MATCH_IPV4_ADDR)
		return 0;
	if ((void *)(eth + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP))
		return 0;
	if (cfg->match_mode == FAULT_MATCH_IPV4)
		return 1;
	ip = (void *)(eth + 1);
	if ((void *)(ip + 1) > end)
		return 0;
	__builtin_memcpy(&addr, cfg->addr, sizeof(addr));
	return ip->saddr == addr || ip->daddr == addr;
}

SEC("tc")
int fault_inject(struct __sk_buff *skb)
{
	struct fault_inject_counters *c;
	struct fault_config *cfg;
	__u32 zero = 0;

	cfg = bpf_map_lookup_elem(&fault_config, &zero);
	if (!cfg || !matches(skb, cfg))
		return TC_ACT_UNSPEC;
	c = bpf_map_lookup_elem(&fault_counters, &zero);
	if (!c)
		return TC_ACT_UNSPEC;
	c->seen += 1;
	if (cfg->drop_per_million >= 1000000 || bpf_get_prandom_u32() % 1000000 < cfg->drop_per_million) {
		c->dropped += 1;
		return TC_ACT_SHOT;
	}
	return TC_ACT_UNSPEC;
}

char LICENSE[] SEC("license") = "GPL";
