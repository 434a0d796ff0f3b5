/**
 * Socket syscall latency: {@link io.ebpf4j.hooks.syscall.SyscallLatency} keeps a log2 histogram per
 * syscall (connect, sendto, recvfrom, sendmsg, recvmsg) and reports calls slower than a threshold as
 * {@link io.ebpf4j.hooks.syscall.SlowCall} events, hooking kprobes or syscall tracepoints as the kernel
 * allows. See docs/hooks/SYSCALL_LATENCY.md.
 */
package io.ebpf4j.hooks.syscall;
