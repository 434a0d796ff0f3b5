package io.ebpf4j.hooks.syscall;

/** How {@link SyscallLatency} hooks the syscalls. */
public enum AttachPath {
    /** kprobe + kretprobe on the kernel's {@code __sys_<name>} functions (needs CONFIG_KPROBES). */
    KPROBE,
    /** {@code syscalls:sys_enter_<name>} / {@code sys_exit_<name>} tracepoints (needs CONFIG_FTRACE_SYSCALLS). */
    TRACEPOINT
}
