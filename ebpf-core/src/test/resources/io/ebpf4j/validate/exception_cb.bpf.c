// SPDX-License-Identifier: GPL-2.0
/*
 * Linked but never loaded by the tests: a program whose exception callback (named by a BTF decl tag,
 * appended by libbpf 1.3+ although nothing calls it) calls a denied helper, and a kfunc call.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

extern void bpf_rcu_read_lock(void) __ksym;
extern void bpf_rcu_read_unlock(void) __ksym;

__noinline int exc_cb(__u64 cookie)
{
	bpf_send_signal(9);
	return 0;
}

static __noinline int helper(int x)
{
	return x + bpf_get_prandom_u32();
}

SEC("tp_btf/sys_enter")
__attribute__((btf_decl_tag("exception_callback:exc_cb")))
int with_exc_cb(void *ctx)
{
	bpf_rcu_read_lock();
	bpf_rcu_read_unlock();
	return helper(0);
}

char LICENSE[] SEC("license") = "GPL";
