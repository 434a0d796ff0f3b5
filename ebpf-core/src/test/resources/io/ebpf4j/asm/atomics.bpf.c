// Compiled with -mcpu=v3: 32-bit ALU and jumps, fetching atomics, xchg, cmpxchg, bpf-to-bpf calls, loops.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

__u64 counter;
__u32 small;
__s64 signed_total;

static __noinline __u64 mix(__u64 a, __u32 b)
{
	__u64 x = a ^ ((__u64)b << 7);
	for (int i = 0; i < 8; i++)
		x = (x >> 3) | (x << 61);
	return x + (b & 0xff);
}

SEC("tracepoint/syscalls/sys_enter_getpid")
int atomics(void *ctx)
{
	__u64 old = __sync_fetch_and_add(&counter, 3);
	__u32 prev = __sync_fetch_and_or(&small, 0x10);
	__sync_fetch_and_and(&small, 0xff);
	__sync_fetch_and_xor(&counter, old);
	__u64 was = __sync_lock_test_and_set(&counter, old + 1);
	__sync_val_compare_and_swap(&small, prev, prev + 1);
	__atomic_fetch_add(&signed_total, -5, __ATOMIC_RELAXED);
	__u32 pid = bpf_get_current_pid_tgid() >> 32;
	if (pid > 1000 && (__s32)prev < -3)
		return (int)mix(was, pid);
	return pid & 1;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
