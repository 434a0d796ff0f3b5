// SPDX-License-Identifier: GPL-2.0
/*
 * struct_ops -- feature matrix: a struct_ops map (SEC(".struct_ops")) of
 * the kernel's struct tcp_congestion_ops with three SEC("struct_ops/...")
 * programs (Linux 5.6+, kernel BTF). Loading creates the map and loads the
 * programs; only attaching (bpf_map__attach_struct_ops) would register the
 * congestion control "ebpf4j_cc" with the kernel, and the tests never do.
 *
 * Map:       ebpf4j_cc  BPF_MAP_TYPE_STRUCT_OPS, value struct tcp_congestion_ops
 * Programs:  cc_ssthresh   returns 2
 *            cc_undo_cwnd  returns 10
 *            cc_cong_avoid does nothing
 *
 * struct tcp_congestion_ops is declared with only the members set here;
 * libbpf matches them by name against the kernel's type.
 */
#include "ebpf4j_kernel.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct sock;

struct tcp_congestion_ops {
	__u32 (*ssthresh)(struct sock *sk);
	void (*cong_avoid)(struct sock *sk, __u32 ack, __u32 acked);
	__u32 (*undo_cwnd)(struct sock *sk);
	char name[16];
};

SEC("struct_ops/cc_ssthresh")
__u32 BPF_PROG(cc_ssthresh, struct sock *sk)
{
	return 2;
}

SEC("struct_ops/cc_undo_cwnd")
__u32 BPF_PROG(cc_undo_cwnd, struct sock *sk)
{
	return 10;
}

SEC("struct_ops/cc_cong_avoid")
void BPF_PROG(cc_cong_avoid, struct sock *sk, __u32 ack, __u32 acked)
{
}

SEC(".struct_ops")
struct tcp_congestion_ops ebpf4j_cc = {
	.ssthresh = (void *)cc_ssthresh,
	.cong_avoid = (void *)cc_cong_avoid,
	.undo_cwnd = (void *)cc_undo_cwnd,
	.name = "ebpf4j_cc",
};

char LICENSE[] SEC("license") = "GPL";
