// SPDX-License-Identifier: GPL-2.0
/*
 * kconfig -- feature matrix: .kconfig externs, which libbpf fills at load
 * from the running kernel (version, /proc/config.gz or /boot/config-*, and
 * its own probes). Loads wherever xdp loads.
 *
 * Externs (.kconfig, filled by libbpf; not settable before load):
 *   LINUX_KERNEL_VERSION          int   KERNEL_VERSION(a, b, c) of the kernel
 *   LINUX_HAS_SYSCALL_WRAPPER     bool  libbpf's own probe (what BPF_KSYSCALL reads)
 *   CONFIG_BPF_SYSCALL            bool  __weak: 1 where the kernel has it
 *   CONFIG_HZ                     int   __weak: the tick rate, 0 if unknown
 *   CONFIG_EBPF4J_NO_SUCH_OPTION  bool  __weak, never set: 0 everywhere
 *
 * Program:  kconfig_read  SEC("xdp"); copies the externs into the .bss
 *           variables below, returns XDP_PASS (run it with BPF_PROG_TEST_RUN).
 * .bss:     seen_version (__u32), seen_wrapper, seen_bpf_syscall,
 *           seen_no_such (__u8 each), seen_hz (__u32)
 */
#include "ebpf4j_kernel.h"
#include <stdbool.h>
#include <bpf/bpf_helpers.h>

extern int LINUX_KERNEL_VERSION __kconfig;
extern bool LINUX_HAS_SYSCALL_WRAPPER __kconfig;
extern bool CONFIG_BPF_SYSCALL __kconfig __weak;
extern int CONFIG_HZ __kconfig __weak;
extern bool CONFIG_EBPF4J_NO_SUCH_OPTION __kconfig __weak;

__u32 seen_version;
__u8 seen_wrapper;
__u8 seen_bpf_syscall;
__u8 seen_no_such;
__u32 seen_hz;

SEC("xdp")
int kconfig_read(struct xdp_md *ctx)
{
	seen_version = LINUX_KERNEL_VERSION;
	seen_wrapper = LINUX_HAS_SYSCALL_WRAPPER;
	seen_bpf_syscall = CONFIG_BPF_SYSCALL;
	seen_no_such = CONFIG_EBPF4J_NO_SUCH_OPTION;
	seen_hz = CONFIG_HZ;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
