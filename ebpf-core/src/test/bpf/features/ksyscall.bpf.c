// SPDX-License-Identifier: GPL-2.0
/*
 * ksyscall -- feature matrix: BPF_KSYSCALL / SEC("ksyscall/...") programs
 * (kprobes on a syscall's kernel entry, libbpf 1.0+). BPF_KSYSCALL reads the
 * .kconfig extern LINUX_HAS_SYSCALL_WRAPPER, which libbpf fills at load.
 * The programs are kprobes: they load wherever kprobe programs load, and
 * attach only on a kernel with CONFIG_KPROBES (the tests only load them).
 *
 * Programs:  ksys_kill       SEC("ksyscall/kill")     records pid and sig
 *            ksys_getpid_rt  SEC("kretsyscall/getpid") records the return value
 * .bss:      last_pid (__s32), last_sig (__s32), last_ret (__s64)
 *
 * Registers are read as regs.h explains.
 */
#include "ebpf4j_kernel.h"
#include <bpf/bpf_helpers.h>
#include "regs.h"

__s32 last_pid;
__s32 last_sig;
__s64 last_ret;

SEC("ksyscall/kill")
int BPF_KSYSCALL(ksys_kill, int pid, int sig)
{
	last_pid = pid;
	last_sig = sig;
	return 0;
}

SEC("kretsyscall/getpid")
int BPF_KRETPROBE(ksys_getpid_rt, long ret)
{
	last_ret = ret;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
