// SPDX-License-Identifier: GPL-2.0
/*
 * kfunc -- feature matrix: a kernel function called through a typed
 * __ksym extern (kfunc). libbpf resolves it in the kernel's BTF at load;
 * bpf_task_acquire/bpf_task_release are there since Linux 6.2, so older
 * kernels refuse the object ("extern (func ksym) 'bpf_task_acquire': not
 * found in kernel or module BTFs").
 *
 * Program:  kfunc_task  SEC("tp_btf/sys_enter") (never attached by the
 *           tests): acquires and releases the current task, counts in seen.
 * .bss:     seen (__u64)
 */
#include "ebpf4j_kernel.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

extern struct task_struct *bpf_task_acquire(struct task_struct *p) __ksym;
extern void bpf_task_release(struct task_struct *p) __ksym;

__u64 seen;

SEC("tp_btf/sys_enter")
int BPF_PROG(kfunc_task, struct pt_regs *regs, long id)
{
	struct task_struct *t = bpf_task_acquire(bpf_get_current_task_btf());

	if (t) {
		seen += 1;
		bpf_task_release(t);
	}
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
