package io.ebpf4j.hooks.syscall;

import java.util.Set;

/**
 * What a {@link SyscallLatency} hooked and how.
 *
 * @param path     the attach path in use
 * @param reason   why that path was chosen (e.g. "kprobes unavailable: CONFIG_KPROBES is not set")
 * @param syscalls the syscalls measured
 */
public record SyscallLatencyState(AttachPath path, String reason, Set<Syscall> syscalls) {
    public SyscallLatencyState {
        syscalls = Set.copyOf(syscalls);
    }
}
