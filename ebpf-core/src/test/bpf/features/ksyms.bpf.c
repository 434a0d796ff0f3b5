// SPDX-License-Identifier: GPL-2.0
/*
 * ksyms -- feature matrix: .ksyms externs that libbpf resolves at load
 * against the running kernel, with no help from the kernel's verifier.
 * (A typed __ksym variable needs the kernel to find its address too: see
 * ksym_var.bpf.c.)
 *
 * Externs (.ksyms, filled by libbpf; not settable before load):
 *   _stext                   typeless (const void): its address, read by
 *                            libbpf from /proc/kallsyms
 *   ebpf4j_no_such_symbol    typed (int), __weak, absent from every kernel:
 *                            libbpf resolves it to NULL
 *
 * Program:  ksyms_read  SEC("raw_tracepoint/sys_enter") (never attached by the
 *           tests): records both addresses (the weak one is 0).
 * .bss:     stext_addr, weak_addr (__u64)
 */
#include "ebpf4j_kernel.h"
#include <bpf/bpf_helpers.h>

extern const void _stext __ksym;
extern const int ebpf4j_no_such_symbol __ksym __weak;

__u64 stext_addr;
__u64 weak_addr;

SEC("raw_tracepoint/sys_enter")
int ksyms_read(void *ctx)
{
	stext_addr = (__u64)&_stext;
	weak_addr = (__u64)&ebpf4j_no_such_symbol;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
