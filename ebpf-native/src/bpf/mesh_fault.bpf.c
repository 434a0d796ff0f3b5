// SPDX-License-Identifier: GPL-2.0
/*
 * mesh_fault -- known, injected loss of mesh probe packets, to calibrate the probe loss measurement
 * of mesh_filter end to end. Attach on the egress of the probing node (probe requests leave through
 * the socket layer there); never in production paths you do not mean to degrade.
 *
 * Program:  mesh_probe_loss      SEC("tc") (direct action): TC_ACT_SHOT for a share of the UDP
 *                                datagrams from or to probe_port (Ethernet, IPv4 without options
 *                                checked by IHL, or IPv6 without extension headers; no VLAN),
 *                                TC_ACT_OK for everything else.
 * Map:      fault_counters       BPF_MAP_TYPE_PERCPU_ARRAY, 1 entry, key __u32 0,
 *                                value struct mesh_fault_counters { u64 seen @0; u64 dropped @8 } (16)
 * Knobs:    probe_port           const volatile __u16, host order; 0 (default) matches nothing
 *           drop_per_million     const volatile __u32; share of matching packets dropped, drawn with
 *                                bpf_get_prandom_u32() per packet (default 0)
 */
#include "ebpf4j_kernel.h"
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct mesh_fault_counters {
	__u64 seen;
	__u64 dropped;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct mesh_fault_counters);
} fault_counters SEC(".maps");

const volatile __u16 probe_port = 0;
const volatile __u32 drop_per_million = 0;

SEC("tc")
int mesh_probe_loss(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	struct mesh_fault_counters *c;
	struct udphdr *udp;
	__u32 zero = 0;

	if ((void *)(eth + 1) > end)
		return TC_ACT_OK;
	if (eth->h_proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = (void *)(eth + 1);

		if ((void *)(ip + 1) > end || ip->protocol != IPPROTO_UDP || ip->ihl < 5)
			return TC_ACT_OK;
		udp = (void *)ip + ip->ihl * 4;
	} else if (eth->h_proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = (void *)(eth + 1);

		if ((void *)(ip6 + 1) > end || ip6->nexthdr != IPPROTO_UDP)
			return TC_ACT_OK;
		udp = (void *)(ip6 + 1);
	} else {
		return TC_ACT_OK;
	}
	if ((void *)(udp + 1) > end || !probe_port)
		return TC_ACT_OK;
	if (udp->dest != bpf_htons(probe_port) && udp->source != bpf_htons(probe_port))
		return TC_ACT_OK;
	c = bpf_map_lookup_elem(&fault_counters, &zero);
	if (!c)
		return TC_ACT_OK;
	c->seen += 1;
	if (bpf_get_prandom_u32() % 1000000 < drop_per_million) {
		c->dropped += 1;
		return TC_ACT_SHOT;
	}
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
