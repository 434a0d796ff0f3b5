// SPDX-License-Identifier: GPL-2.0
/*
 * usdt -- feature matrix: a USDT program written with libbpf's usdt.bpf.h.
 * usdt.bpf.h brings two maps (__bpf_usdt_specs, __bpf_usdt_ip_to_spec_id,
 * filled by libbpf when the program is attached) and the .kconfig extern
 * LINUX_HAS_BPF_COOKIE, which libbpf fills at load.
 *
 * Program:  usdt_probe  SEC("usdt") (target given at attach time; the tests
 *           only load it); adds its first argument to arg_sum and counts
 *           the calls in usdt_calls.
 * .bss:     usdt_calls (__u64), arg_sum (__s64)
 *
 * Registers are read as regs.h explains.
 */
#include "ebpf4j_kernel.h"
#include <stdbool.h>
#include <bpf/bpf_helpers.h>
#include "regs.h"
#include <bpf/usdt.bpf.h>

__u64 usdt_calls;
__s64 arg_sum;

SEC("usdt")
int BPF_USDT(usdt_probe, long first)
{
	usdt_calls += 1;
	arg_sum += first;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
