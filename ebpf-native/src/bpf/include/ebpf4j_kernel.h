/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * ebpf4j_kernel.h -- the few kernel-internal types ebpf4j's BPF programs use.
 *
 * This is deliberately NOT a vmlinux.h dump. UAPI headers (<linux/bpf.h>,
 * <linux/if_ether.h>, <linux/pkt_cls.h>, ...) cover everything user-visible;
 * this file only declares the kernel-internal structs we read, with just the
 * fields we read. Every struct carries preserve_access_index, so clang emits
 * CO-RE relocations and libbpf fixes offsets against the running kernel's BTF
 * (/sys/kernel/btf/vmlinux) at load time. Field names and types must match the
 * kernel's; order and the absence of other fields do not matter.
 *
 * Add a field only when a program reads it; add a struct only when a program
 * needs it. Keep the list below in step.
 *
 *   struct trace_entry, struct syscall_trace_enter
 *       -- context of tracepoint/syscalls/sys_enter_* programs (tracing.bpf.c).
 *          Not trace_event_raw_sys_enter (the raw_syscalls/sys_enter record,
 *          whose 8-byte id would overrun the shorter per-syscall record: the
 *          kernel then refuses to attach with EACCES).
 *   struct task_struct (pid, tgid, real_parent)
 *       -- read with BPF_CORE_READ() from bpf_get_current_task() (tracing.bpf.c)
 *   struct pt_regs (opaque)
 *       -- context of kprobe/uprobe programs; we never read its fields, which
 *          keeps the objects independent of the build architecture.
 */
#ifndef EBPF4J_KERNEL_H
#define EBPF4J_KERNEL_H

#include <linux/types.h>
#include <linux/bpf.h>

#ifndef __ebpf4j_core
#define __ebpf4j_core __attribute__((preserve_access_index))
#endif

/* include/linux/trace_events.h */
struct trace_entry {
	unsigned short type;
	unsigned char flags;
	unsigned char preempt_count;
	int pid;
} __ebpf4j_core;

/*
 * kernel/trace/trace.h: record of every syscalls/sys_enter_<name> tracepoint
 * (see /sys/kernel/tracing/events/syscalls/sys_enter_<name>/format). Only
 * args[0 .. number of syscall arguments - 1] exist; reading further is refused.
 */
struct syscall_trace_enter {
	struct trace_entry ent;
	int nr;
	unsigned long args[];
} __ebpf4j_core;

/* include/linux/sched.h -- only the fields we read */
struct task_struct {
	int pid;
	int tgid;
	struct task_struct *real_parent;
} __ebpf4j_core;

/* arch-specific register set; opaque on purpose (see above) */
struct pt_regs;

#endif /* EBPF4J_KERNEL_H */
