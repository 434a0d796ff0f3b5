// SPDX-License-Identifier: GPL-2.0
/*
 * tracing -- test fixture for attach points (tracepoint, raw tracepoint,
 * uprobe, kprobe, fentry, tc).
 *
 * Knob (.rodata): target_tgid (__u32, default 0 = every process). All tracing
 * programs ignore events from other processes when it is set.
 *
 * Programs:
 *   tp_getppid        SEC("tracepoint/syscalls/sys_enter_getppid")
 *                     getppid_calls[tgid] += 1; also records the syscall
 *                     number read from the tracepoint context and the parent
 *                     tgid read from task_struct (both via CO-RE).
 *   raw_tp_sys_enter  SEC("raw_tracepoint/sys_enter")   counters[CNT_RAW_SYS_ENTER] += 1
 *   uprobe_count      SEC("uprobe")  (attach target given at attach time)
 *                                                       counters[CNT_UPROBE] += 1
 *   kprobe_openat2    SEC("kprobe/do_sys_openat2")      counters[CNT_KPROBE] += 1
 *                     (loads, but cannot attach on a kernel without CONFIG_KPROBES)
 *   fentry_openat2    SEC("fentry/do_sys_openat2")      counters[CNT_FENTRY] += 1
 *                     (fails to load on a kernel without BPF trampolines)
 *   tc_count          SEC("tc")  counters[CNT_TC_PACKETS] += 1,
 *                     counters[CNT_TC_BYTES] += skb->len; returns TC_ACT_OK.
 *                     Not filtered by target_tgid.
 * Maps:
 *   getppid_calls     BPF_MAP_TYPE_HASH, 1024 entries, key __u32 tgid,
 *                     value struct getppid_info (16 bytes):
 *                       calls @0 (__u64), ppid @8 (__u32), syscall_nr @12 (__u32)
 *   counters          BPF_MAP_TYPE_ARRAY, CNT_MAX (6) entries, key __u32,
 *                     value __u64, indexed by enum tracing_counter:
 *                     0 raw_tp sys_enter, 1 uprobe, 2 kprobe, 3 fentry,
 *                     4 tc packets, 5 tc bytes
 */
#include "ebpf4j_kernel.h"
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

enum tracing_counter {
	CNT_RAW_SYS_ENTER = 0,
	CNT_UPROBE = 1,
	CNT_KPROBE = 2,
	CNT_FENTRY = 3,
	CNT_TC_PACKETS = 4,
	CNT_TC_BYTES = 5,
	CNT_MAX = 6,
};

struct getppid_info {
	__u64 calls;
	__u32 ppid;
	__u32 syscall_nr;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, struct getppid_info);
} getppid_calls SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, CNT_MAX);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps");

const volatile __u32 target_tgid = 0;

static __always_inline int wanted(__u32 tgid)
{
	return target_tgid == 0 || tgid == target_tgid;
}

static __always_inline void count(enum tracing_counter idx, __u64 delta)
{
	__u32 key = idx;
	__u64 *v = bpf_map_lookup_elem(&counters, &key);

	if (v)
		__sync_fetch_and_add(v, delta);
}

/* counts one call of the current process, if it is the target; returns 0 */
static __always_inline int count_call(enum tracing_counter idx)
{
	if (wanted(bpf_get_current_pid_tgid() >> 32))
		count(idx, 1);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int tp_getppid(struct syscall_trace_enter *ctx)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;
	struct task_struct *task;
	struct getppid_info *info, fresh = {};

	if (!wanted(tgid))
		return 0;
	info = bpf_map_lookup_elem(&getppid_calls, &tgid);
	if (!info) {
		bpf_map_update_elem(&getppid_calls, &tgid, &fresh, BPF_NOEXIST);
		info = bpf_map_lookup_elem(&getppid_calls, &tgid);
		if (!info)
			return 0;
	}
	task = (struct task_struct *)bpf_get_current_task();
	info->ppid = BPF_CORE_READ(task, real_parent, tgid);
	info->syscall_nr = (__u32)ctx->nr;
	__sync_fetch_and_add(&info->calls, 1);
	return 0;
}

SEC("raw_tracepoint/sys_enter")
int raw_tp_sys_enter(struct bpf_raw_tracepoint_args *ctx)
{
	return count_call(CNT_RAW_SYS_ENTER);
}

SEC("uprobe")
int uprobe_count(struct pt_regs *ctx)
{
	return count_call(CNT_UPROBE);
}

SEC("kprobe/do_sys_openat2")
int kprobe_openat2(struct pt_regs *ctx)
{
	return count_call(CNT_KPROBE);
}

SEC("fentry/do_sys_openat2")
int BPF_PROG(fentry_openat2)
{
	return count_call(CNT_FENTRY);
}

SEC("tc")
int tc_count(struct __sk_buff *skb)
{
	count(CNT_TC_PACKETS, 1);
	count(CNT_TC_BYTES, skb->len);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
