// SPDX-License-Identifier: GPL-2.0
/*
 * ksym_var -- feature matrix: a typed __ksym extern of a kernel variable
 * (here the per-CPU int bpf_prog_active). libbpf finds it in the kernel's
 * BTF (5.11+); the kernel's verifier then looks its address up by name in
 * kallsyms, which lists variables only on a kernel built with
 * CONFIG_KALLSYMS_ALL=y: elsewhere the verifier refuses the program
 * ("ldimm64 failed to find the address for kernel symbol").
 *
 * Extern (.ksyms, filled by libbpf): bpf_prog_active  const int, per-CPU
 * Program:  ksym_var_read  SEC("raw_tracepoint/sys_enter") (never attached by
 *           the tests): reads this CPU's bpf_prog_active via bpf_this_cpu_ptr
 *           (5.10+).
 * .bss:     seen_active (__s32)
 */
#include "ebpf4j_kernel.h"
#include <bpf/bpf_helpers.h>

extern const int bpf_prog_active __ksym;

__s32 seen_active;

SEC("raw_tracepoint/sys_enter")
int ksym_var_read(void *ctx)
{
	const int *active = bpf_this_cpu_ptr(&bpf_prog_active);

	seen_active = *active;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
