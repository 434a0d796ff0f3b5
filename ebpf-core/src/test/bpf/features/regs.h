/* SPDX-License-Identifier: GPL-2.0 */
/*
 * regs.h -- bpf_tracing.h for the feature-matrix objects that read
 * registers from struct pt_regs (ksyscall.bpf.c, usdt.bpf.c).
 *
 * ebpf4j_kernel.h keeps struct pt_regs opaque. On x86-64 the registers are
 * read through a CO-RE flavour of the kernel's struct pt_regs
 * (pt_regs___ebpf4j, relocated against the running kernel) with the
 * kernel's register names, which bpf_tracing.h uses when __VMLINUX_H__ is
 * defined (as a vmlinux.h would). Other architectures use bpf_tracing.h's
 * own casts to their UAPI register structs.
 */
#ifndef EBPF4J_FEATURES_REGS_H
#define EBPF4J_FEATURES_REGS_H

#include "ebpf4j_kernel.h"
#include <bpf/bpf_core_read.h>

#if defined(__TARGET_ARCH_x86)
#define __VMLINUX_H__ 1
struct pt_regs___ebpf4j {
	unsigned long di, si, dx, cx, r10, r8, r9, ax, sp, ip, bp;
} __ebpf4j_core;
#define __PT_REGS_CAST(x) ((struct pt_regs___ebpf4j *)(x))
#endif

#include <bpf/bpf_tracing.h>

#endif /* EBPF4J_FEATURES_REGS_H */
