// SPDX-License-Identifier: GPL-2.0
/*
 * policy_violations -- test fixture for validation before load: two programs
 * the default policy refuses (they call bpf_send_signal), one it accepts, and
 * the subprogram/callback layouts libbpf links before load.
 *
 * All programs are SEC("tracepoint/syscalls/sys_enter_getppid"). Loading is
 * harmless: nothing is attached, and even attached the signalling programs
 * only signal the process whose tgid is in the .rodata knob target_tgid
 * (default 0 = none).
 *
 * Programs:
 *   signal_direct    calls bpf_send_signal(SIGUSR1) itself.
 *   signal_indirect  calls only the __noinline static subprogram
 *                    send_it() (in .text), which calls bpf_send_signal.
 *   clean_loop       calls the __noinline static subprogram add_tgid() (in
 *                    .text) and bpf_loop() with the static callback sum_cb()
 *                    (in .text); adds to counts[0]. No denied helper.
 * Subprograms (.text): send_it, add_tgid, sum_cb
 * Map:
 *   counts           BPF_MAP_TYPE_ARRAY, 1 entry, __u32 -> __u64
 */
#include "ebpf4j_kernel.h"
#include <bpf/bpf_helpers.h>

#define SIGUSR1 10

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

const volatile __u32 target_tgid = 0;

static __noinline int send_it(__u32 tgid)
{
	if (target_tgid == 0 || tgid != target_tgid)
		return 0;
	return bpf_send_signal(SIGUSR1);
}

static __noinline __u64 add_tgid(__u64 acc)
{
	return acc + (bpf_get_current_pid_tgid() >> 32);
}

static int sum_cb(__u32 index, void *ctx)
{
	__u64 *acc = ctx;

	*acc += index;
	return 0;
}

static __always_inline void add_to_counts(__u64 delta)
{
	__u32 key = 0;
	__u64 *v = bpf_map_lookup_elem(&counts, &key);

	if (v)
		__sync_fetch_and_add(v, delta);
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int signal_direct(void *ctx)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;

	if (target_tgid != 0 && tgid == target_tgid)
		bpf_send_signal(SIGUSR1);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int signal_indirect(void *ctx)
{
	send_it(bpf_get_current_pid_tgid() >> 32);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int clean_loop(void *ctx)
{
	__u64 acc = add_tgid(0);

	bpf_loop(4, sum_cb, &acc, 0);
	add_to_counts(acc);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
