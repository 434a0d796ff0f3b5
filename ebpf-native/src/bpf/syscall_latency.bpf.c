// SPDX-License-Identifier: GPL-2.0
/*
 * syscall_latency -- latency of the socket syscalls connect, sendto, recvfrom,
 * sendmsg and recvmsg: log2 histograms per syscall, and ring buffer events for
 * calls slower than a threshold.
 *
 * Syscall ids (enum sl_syscall, the index everywhere below):
 *   0 connect, 1 sendto, 2 recvfrom, 3 sendmsg, 4 recvmsg  (SL_SYSCALLS = 5)
 *
 * Programs -- three attach paths; load one, leave the others' autoload off:
 *   raw tracepoint path (4.17+; needs no tracefs: attached by name with
 *   BPF_RAW_TRACEPOINT_OPEN, so CAP_BPF + CAP_PERFMON suffice; x86_64 and
 *   arm64, whose syscall numbers are compiled in):
 *     raw_sys_enter    SEC("raw_tracepoint/sys_enter")  args (regs, id)
 *     raw_sys_exit     SEC("raw_tracepoint/sys_exit")   args (regs, ret);
 *                      the syscall number is read from regs (x86 orig_ax,
 *                      arm64 syscallno). Both fire for every syscall of every
 *                      task and return at once unless the number is one of
 *                      the five and its bit is in sl_config.syscalls; 32-bit
 *                      (compat) syscalls are left out, as the syscall
 *                      tracepoints leave them out.
 *   tracepoint path (any kernel with syscall tracepoints; the attach reads
 *   the tracepoint id from tracefs):
 *     tp_enter_<sys>   SEC("tracepoint/syscalls/sys_enter_<sys>")
 *     tp_exit_<sys>    SEC("tracepoint/syscalls/sys_exit_<sys>")
 *   kprobe path (CONFIG_KPROBES; x86_64 only: the kretprobes read the return
 *   register through an x86 pt_regs flavour, CO-RE relocated):
 *     kp_<sys>         SEC("kprobe/__sys_<sys>")
 *     krp_<sys>        SEC("kretprobe/__sys_<sys>")
 *   <sys> is one of connect, sendto, recvfrom, sendmsg, recvmsg.
 *
 * Maps:
 *   sl_config   BPF_MAP_TYPE_ARRAY, 1 entry, key __u32 0, value struct sl_config
 *               (24 bytes), written from user space at any time:
 *                 slow_ns @0  (__u64) calls taking >= slow_ns become events;
 *                             0 (the default) = no events
 *                 cgroup_id @8 (__u64) 0 = any cgroup, else only tasks whose
 *                             cgroup v2 id (bpf_get_current_cgroup_id) matches
 *                 tgid @16    (__u32) 0 = any process, else only this tgid
 *                 syscalls @20 (__u32) 0 = every syscall, else bit (1 << syscall id)
 *                             measures that syscall (the raw tracepoint path
 *                             sees them all; the others attach only to the
 *                             measured ones)
 *   sl_start    BPF_MAP_TYPE_LRU_HASH, 16384 entries,
 *               key struct sl_start_key (16 bytes): pid_tgid @0 (__u64),
 *               syscall @8 (__u32), _pad @12 (__u32)
 *               -> value __u64 bpf_ktime_get_ns() at entry, 0 when no call
 *               is in flight (an entry is kept and reused by the thread's next
 *               call of that syscall; the LRU evicts those of exited threads)
 *   sl_hist     BPF_MAP_TYPE_PERCPU_ARRAY, SL_SYSCALLS entries, key __u32 syscall,
 *               value struct sl_hist (528 bytes, per CPU):
 *                 slots[64] @0 (__u64 each): slot 0 counts durations 0..1 ns,
 *                             slot i >= 1 counts [2^i, 2^(i+1)) ns
 *                 count @512 (__u64)  sum_ns @520 (__u64)
 *   sl_lost     BPF_MAP_TYPE_PERCPU_ARRAY, 1 entry, key __u32 0, value __u64:
 *               slow-call events the ring buffer had no room for
 *   sl_events   BPF_MAP_TYPE_RINGBUF, 256 KiB, records struct sl_event (56 bytes):
 *                 ts_ns @0 (__u64, bpf_ktime_get_ns() = CLOCK_MONOTONIC at exit)
 *                 duration_ns @8 (__u64)  ret @16 (__s64)
 *                 syscall @24 (__u32)  tgid @28 (__u32)  pid @32 (__u32, thread id)
 *                 _pad @36 (__u32)  comm @40 (char[16])
 * Knobs: none (everything is in sl_config, changeable at run time).
 */
#include "ebpf4j_kernel.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

enum sl_syscall {
	SL_CONNECT = 0,
	SL_SENDTO = 1,
	SL_RECVFROM = 2,
	SL_SENDMSG = 3,
	SL_RECVMSG = 4,
	SL_SYSCALLS = 5,
};

#define SL_SLOTS 64

struct sl_config {
	__u64 slow_ns;
	__u64 cgroup_id;
	__u32 tgid;
	__u32 syscalls;
};

struct sl_start_key {
	__u64 pid_tgid;
	__u32 syscall;
	__u32 _pad;
};

struct sl_hist {
	__u64 slots[SL_SLOTS];
	__u64 count;
	__u64 sum_ns;
};

struct sl_event {
	__u64 ts_ns;
	__u64 duration_ns;
	__s64 ret;
	__u32 syscall;
	__u32 tgid;
	__u32 pid;
	__u32 _pad;
	char comm[16];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct sl_config);
} sl_config SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, struct sl_start_key);
	__type(value, __u64);
} sl_start SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, SL_SYSCALLS);
	__type(key, __u32);
	__type(value, struct sl_hist);
} sl_hist SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} sl_lost SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} sl_events SEC(".maps");

/* floor(log2(v)) for v >= 1, 0 for v == 0; bounded, no loops */
static __always_inline __u32 log2_u64(__u64 v)
{
	__u32 r = 0, shift;

	shift = (v > 0xFFFFFFFFULL) << 5; v >>= shift; r |= shift;
	shift = (v > 0xFFFF) << 4; v >>= shift; r |= shift;
	shift = (v > 0xFF) << 3; v >>= shift; r |= shift;
	shift = (v > 0xF) << 2; v >>= shift; r |= shift;
	shift = (v > 0x3) << 1; v >>= shift; r |= shift;
	r |= (v >> 1);
	return r;
}

static __always_inline int on_enter(__u32 sys)
{
	__u32 zero = 0;
	__u64 id = bpf_get_current_pid_tgid();
	struct sl_config *cfg = bpf_map_lookup_elem(&sl_config, &zero);
	struct sl_start_key key = { .pid_tgid = id, .syscall = sys };
	__u64 ts, *start;

	if (!cfg)
		return 0;
	if (cfg->syscalls && !(cfg->syscalls & (1U << sys)))
		return 0;
	if (cfg->tgid && cfg->tgid != (__u32)(id >> 32))
		return 0;
	if (cfg->cgroup_id && cfg->cgroup_id != bpf_get_current_cgroup_id())
		return 0;
	ts = bpf_ktime_get_ns();
	/*
	 * A thread's entry is reused from call to call: written in place when it
	 * exists (a lock-free lookup), inserted only on the thread's first call of
	 * this syscall. on_exit zeroes it instead of deleting it, so a measured call
	 * costs two hash lookups, not an update, a lookup and a delete (the LRU
	 * hash's update and delete take its locks). Threads that are gone are
	 * evicted by the LRU.
	 */
	start = bpf_map_lookup_elem(&sl_start, &key);
	if (start)
		*start = ts;
	else
		bpf_map_update_elem(&sl_start, &key, &ts, BPF_ANY);
	return 0;
}

static __always_inline int on_exit(__u32 sys, __s64 ret)
{
	__u32 zero = 0, slot;
	__u64 id = bpf_get_current_pid_tgid();
	struct sl_start_key key = { .pid_tgid = id, .syscall = sys };
	struct sl_config *cfg;
	struct sl_hist *h;
	struct sl_event *e;
	__u64 *start, now, dur;

	/* a process that is not measured has no entry: skip its lookup */
	cfg = bpf_map_lookup_elem(&sl_config, &zero);
	if (!cfg || (cfg->tgid && cfg->tgid != (__u32)(id >> 32)))
		return 0;
	start = bpf_map_lookup_elem(&sl_start, &key);
	if (!start || !*start)
		return 0;
	now = bpf_ktime_get_ns();
	dur = now - *start;
	*start = 0; /* kept for the thread's next call; 0 = no call in flight */

	h = bpf_map_lookup_elem(&sl_hist, &sys);
	if (h) {
		/*
		 * log2_u64 is at most 63 = SL_SLOTS - 1, so the mask changes nothing,
		 * but it is what bounds the index for the verifier: Linux 6.1's loses
		 * the bounds of the ORed shifts and refused the access as unbounded.
		 * The barrier keeps clang from dropping the mask it can prove redundant.
		 */
		slot = log2_u64(dur);
		barrier_var(slot);
		slot &= SL_SLOTS - 1;
		/* per-CPU value: no other CPU writes this slot */
		h->slots[slot] += 1;
		h->count += 1;
		h->sum_ns += dur;
	}

	if (!cfg->slow_ns || dur < cfg->slow_ns)
		return 0;
	e = bpf_ringbuf_reserve(&sl_events, sizeof(*e), 0);
	if (!e) {
		__u64 *lost = bpf_map_lookup_elem(&sl_lost, &zero);

		if (lost)
			*lost += 1;
		return 0;
	}
	e->ts_ns = now;
	e->duration_ns = dur;
	e->ret = ret;
	e->syscall = sys;
	e->tgid = id >> 32;
	e->pid = (__u32)id;
	e->_pad = 0;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	bpf_ringbuf_submit(e, 0);
	return 0;
}

/* ---- tracepoint path ---- */

#define SL_TRACEPOINTS(name, id)						\
SEC("tracepoint/syscalls/sys_enter_" #name)					\
int tp_enter_##name(struct syscall_trace_enter *ctx)			\
{										\
	return on_enter(id);							\
}										\
SEC("tracepoint/syscalls/sys_exit_" #name)					\
int tp_exit_##name(struct syscall_trace_exit *ctx)			\
{										\
	return on_exit(id, ctx->ret);						\
}

SL_TRACEPOINTS(connect, SL_CONNECT)
SL_TRACEPOINTS(sendto, SL_SENDTO)
SL_TRACEPOINTS(recvfrom, SL_RECVFROM)
SL_TRACEPOINTS(sendmsg, SL_SENDMSG)
SL_TRACEPOINTS(recvmsg, SL_RECVMSG)

/* ---- raw tracepoint path ---- */

/*
 * This architecture's numbers of the five syscalls (arch/x86/entry/syscalls/
 * syscall_64.tbl; include/uapi/asm-generic/unistd.h for arm64), and how to read
 * a syscall's number and compat mode at sys_exit. Elsewhere the raw programs
 * measure nothing (user space does not choose this path there).
 */
#if defined(__TARGET_ARCH_x86)
#define SL_NR_CONNECT 42
#define SL_NR_SENDTO 44
#define SL_NR_RECVFROM 45
#define SL_NR_SENDMSG 46
#define SL_NR_RECVMSG 47
struct pt_regs___sl_nr { unsigned long orig_ax; } __ebpf4j_core;
#define SL_EXIT_NR(regs) ((long)BPF_CORE_READ((struct pt_regs___sl_nr *)(regs), orig_ax))
#define SL_TS_COMPAT 0x0002
/* a 32-bit syscall (ia32 task, or int 0x80): its numbers are another table's */
static __always_inline int sl_compat(void)
{
	struct task_struct *t = (struct task_struct *)bpf_get_current_task();

	return BPF_CORE_READ(t, thread_info.status) & SL_TS_COMPAT;
}
#elif defined(__TARGET_ARCH_arm64)
#define SL_NR_CONNECT 203
#define SL_NR_SENDTO 206
#define SL_NR_RECVFROM 207
#define SL_NR_SENDMSG 211
#define SL_NR_RECVMSG 212
struct pt_regs___sl_nr { unsigned long long pstate; int syscallno; } __ebpf4j_core;
#define SL_EXIT_NR(regs) ((long)BPF_CORE_READ((struct pt_regs___sl_nr *)(regs), syscallno))
/* an AArch32 task (PSR_MODE32_BIT in pstate): its numbers are another table's */
#define SL_PSR_MODE32 0x10
static __always_inline int sl_compat_regs(void *regs)
{
	return BPF_CORE_READ((struct pt_regs___sl_nr *)regs, pstate) & SL_PSR_MODE32;
}
#define SL_COMPAT_REGS 1
#else
#define SL_NR_NONE 1
#endif

/* the syscall id (enum sl_syscall) of syscall number nr, or -1 */
static __always_inline int sl_of_nr(long nr)
{
#ifdef SL_NR_NONE
	return -1;
#else
	switch (nr) {
	case SL_NR_CONNECT: return SL_CONNECT;
	case SL_NR_SENDTO: return SL_SENDTO;
	case SL_NR_RECVFROM: return SL_RECVFROM;
	case SL_NR_SENDMSG: return SL_SENDMSG;
	case SL_NR_RECVMSG: return SL_RECVMSG;
	default: return -1;
	}
#endif
}

/* whether the current syscall (whose registers are regs) is a 32-bit one */
static __always_inline int sl_is_compat(void *regs)
{
#if defined(__TARGET_ARCH_x86)
	return sl_compat();
#elif defined(SL_COMPAT_REGS)
	return sl_compat_regs(regs);
#else
	return 0;
#endif
}

SEC("raw_tracepoint/sys_enter")
int raw_sys_enter(struct bpf_raw_tracepoint_args *ctx)
{
	int sys = sl_of_nr((long)ctx->args[1]);

	if (sys < 0 || sl_is_compat((void *)ctx->args[0]))
		return 0;
	return on_enter(sys);
}

SEC("raw_tracepoint/sys_exit")
int raw_sys_exit(struct bpf_raw_tracepoint_args *ctx)
{
#ifdef SL_NR_NONE
	return 0;
#else
	void *regs = (void *)ctx->args[0];
	int sys = sl_of_nr(SL_EXIT_NR(regs));

	if (sys < 0 || sl_is_compat(regs))
		return 0;
	return on_exit(sys, (__s64)ctx->args[1]);
#endif
}

/* ---- kprobe path ---- */

/*
 * The return register. Objects are built for one architecture (bpf_tracing.h
 * picks register names by __TARGET_ARCH_*); the field is CO-RE relocated
 * against the kernel's struct pt_regs. On other architectures the kretprobes
 * report ret = 0.
 */
/*
 * __sys_connect, __sys_sendto and __sys_recvfrom return int: only the low 32
 * bits of the register are the value (-EAGAIN read as 4294967285 otherwise),
 * so the value is sign-extended from 32 bits. __sys_sendmsg/__sys_recvmsg
 * return long, but their values fit in an int too (a call moves at most
 * MAX_RW_COUNT < 2^31 bytes).
 */
#if defined(__TARGET_ARCH_x86)
struct pt_regs___sl { unsigned long ax; } __ebpf4j_core;
#define SL_RET(ctx) ((__s64)(int)((struct pt_regs___sl *)(ctx))->ax)
#elif defined(__TARGET_ARCH_arm64)
struct pt_regs___sl { unsigned long regs[31]; } __ebpf4j_core;
#define SL_RET(ctx) ((__s64)(int)((struct pt_regs___sl *)(ctx))->regs[0])
#else
#define SL_RET(ctx) ((__s64)0)
#endif

#define SL_KPROBES(name, id)							\
SEC("kprobe/__sys_" #name)							\
int kp_##name(struct pt_regs *ctx)					\
{										\
	return on_enter(id);							\
}										\
SEC("kretprobe/__sys_" #name)							\
int krp_##name(struct pt_regs *ctx)					\
{										\
	return on_exit(id, SL_RET(ctx));					\
}

SL_KPROBES(connect, SL_CONNECT)
SL_KPROBES(sendto, SL_SENDTO)
SL_KPROBES(recvfrom, SL_RECVFROM)
SL_KPROBES(sendmsg, SL_SENDMSG)
SL_KPROBES(recvmsg, SL_RECVMSG)

char LICENSE[] SEC("license") = "GPL";
