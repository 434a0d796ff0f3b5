// SPDX-License-Identifier: GPL-2.0
/*
 * bench_trace -- tracepoint programs for the syscall-overhead and load-time benchmarks.
 *
 *   tp_connect  SEC("tracepoint/syscalls/sys_enter_connect")  calls[0] += 1
 *   tp_sendto   SEC("tracepoint/syscalls/sys_enter_sendto")   calls[1] += 1
 *   calls       ARRAY, 2 entries, key __u32, value __u64 (every process is counted: a typical
 *               always-on counting probe)
 */
#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} calls SEC(".maps");

static __always_inline int bump(__u32 k)
{
	__u64 *v = bpf_map_lookup_elem(&calls, &k);

	if (v)
		__sync_fetch_and_add(v, 1);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_connect")
int tp_connect(void *ctx)
{
	return bump(0);
}

SEC("tracepoint/syscalls/sys_enter_sendto")
int tp_sendto(void *ctx)
{
	return bump(1);
}

char LICENSE[] SEC("license") = "GPL";
