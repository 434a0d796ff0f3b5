package io.ebpf4j.agent.config;

import io.ebpf4j.hooks.syscall.Syscall;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code hooks.syscalls:} the socket syscall latency hook ({@code SyscallLatency}) and its filters.
 *
 * <pre>{@code
 * hooks:
 *   syscalls:
 *     enabled: true                 # default false
 *     syscalls: [connect, sendmsg]  # default: all five (connect, sendto, recvfrom, sendmsg, recvmsg)
 *     cgroup: /sys/fs/cgroup/system.slice/orders.service   # only tasks of this cgroup v2; default: any
 *     tgid: 4242                    # only this process; default 0: any
 *     slowThreshold: 20ms           # calls at least this slow become events; default: no events
 * }</pre>
 *
 * @param enabled       whether the hook runs; null: false
 * @param syscalls      the syscalls measured; empty: all
 * @param cgroup        a cgroup v2 directory (absolute) whose tasks alone are measured; null: any
 * @param tgid          a process id whose calls alone are measured; null or 0: any
 * @param slowThreshold calls at least this slow become slow-call events; null or 0: none
 */
public record SyscallHookConfig(Boolean enabled, List<Syscall> syscalls, Path cgroup, Long tgid, Duration slowThreshold) {
    public SyscallHookConfig {
        syscalls = Lists.copy(syscalls);
    }

    /** Whether the hook runs (false when not given). */
    public boolean on() {
        return Boolean.TRUE.equals(enabled);
    }

    /** The syscalls measured: those given, or all. */
    public Set<Syscall> effectiveSyscalls() {
        Set<Syscall> s = EnumSet.noneOf(Syscall.class);
        syscalls.stream().filter(java.util.Objects::nonNull).forEach(s::add);
        return s.isEmpty() ? EnumSet.allOf(Syscall.class) : s;
    }
}
