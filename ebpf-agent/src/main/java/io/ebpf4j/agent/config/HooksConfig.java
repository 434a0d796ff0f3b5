package io.ebpf4j.agent.config;

/**
 * The {@code hooks:} section: the kernel hooks besides the mesh filter.
 *
 * @param syscalls  {@code hooks.syscalls} (absent: off)
 * @param netEvents {@code hooks.netEvents} (absent: off)
 */
public record HooksConfig(SyscallHookConfig syscalls, NetEventsConfig netEvents) {
    public HooksConfig {
        syscalls = syscalls == null ? new SyscallHookConfig(null, null, null, null, null) : syscalls;
        netEvents = netEvents == null ? new NetEventsConfig(null, null, null, null, null, null) : netEvents;
    }
}
