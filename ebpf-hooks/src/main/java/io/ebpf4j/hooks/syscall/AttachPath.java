package io.ebpf4j.hooks.syscall;

/** How {@link SyscallLatency} hooks the syscalls. */
public enum AttachPath {
    /** kprobe + kretprobe on the kernel's {@code __sys_<name>} functions (needs CONFIG_KPROBES). */
    KPROBE,
    /**
     * The raw tracepoints {@code sys_enter} / {@code sys_exit}, attached by name with {@code bpf()}: no
     * tracefs needed, so CAP_BPF and CAP_PERFMON suffice (Linux 4.17+; x86_64 and arm64, whose syscall
     * numbers the object knows). The programs run for every syscall on the host and return at once
     * for the others.
     */
    RAW_TRACEPOINT,
    /**
     * {@code syscalls:sys_enter_<name>} / {@code sys_exit_<name>} tracepoints (needs
     * CONFIG_FTRACE_SYSCALLS, and tracefs readable by the process: the attach reads each tracepoint's id there).
     */
    TRACEPOINT
}
