package io.ebpf4j.agent;

import io.ebpf4j.hooks.syscall.Syscall;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The syscall latency hook ({@code SyscallLatency.builder()}).
 *
 * @param enabled       whether it runs
 * @param syscalls      the syscalls measured
 * @param cgroup        the cgroup v2 directory whose tasks alone are measured (its id is read at start)
 * @param tgid          the process measured, 0 for any
 * @param slowThreshold the slow-call event threshold; empty: no events
 */
public record SyscallPlan(boolean enabled, Set<Syscall> syscalls, Optional<Path> cgroup, long tgid,
        Optional<Duration> slowThreshold) {
    public SyscallPlan {
        syscalls = Collections.unmodifiableSet(syscalls.isEmpty() ? EnumSet.noneOf(Syscall.class) : EnumSet.copyOf(syscalls));
        Objects.requireNonNull(cgroup, "cgroup");
        Objects.requireNonNull(slowThreshold, "slowThreshold");
    }
}
