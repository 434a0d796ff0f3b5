package io.ebpf4j.agent.config;

import io.ebpf4j.hooks.netevents.NetEventKind;
import io.ebpf4j.hooks.netevents.NetTracepoint;
import io.ebpf4j.hooks.syscall.SyscallLatency;
import java.util.Set;

/** {@code hooks:}: the syscall hook's filters (the hook builder's own checks) and the net events. */
final class HookChecks {
    private HookChecks() {}

    static void check(HooksConfig hooks, Checker c) {
        syscalls(hooks.syscalls(), c);
        netEvents(hooks.netEvents(), c);
    }

    private static void syscalls(SyscallHookConfig s, Checker c) {
        c.notEmptyIfWritten("hooks.syscalls.syscalls", s.syscalls(), "leave the key out to measure all five");
        if (s.cgroup() != null && !s.cgroup().isAbsolute()) {
            c.fail("hooks.syscalls.cgroup", "expected the absolute path of a cgroup v2 directory like "
                    + "/sys/fs/cgroup/system.slice/orders.service, got '" + s.cgroup() + "'");
        }
        SyscallLatency.Builder b = SyscallLatency.builder();
        if (s.tgid() != null) {
            try {
                b.tgid(s.tgid());
            } catch (IllegalArgumentException e) {
                c.fail("hooks.syscalls.tgid", "expected a process id 1.." + Integer.MAX_VALUE + " (0: any), got " + s.tgid());
            }
        }
        if (s.slowThreshold() != null) {
            b.slowThreshold(s.slowThreshold()); // the parser gives no negative durations
        }
    }

    private static void netEvents(NetEventsConfig n, Checker c) {
        c.notEmptyIfWritten("hooks.netEvents.tracepoints", n.tracepoints(), "leave the key out to attach all five");
        Set<NetTracepoint> attached = n.effectiveTracepoints();
        for (int i = 0; i < n.events().size(); i++) {
            NetEventKind kind = n.events().get(i);
            if (kind != null && !attached.contains(NetEventsConfig.tracepointOf(kind))) {
                c.fail(KeyPath.item("hooks.netEvents.events", i), missingTracepoint(kind));
            }
        }
    }

    /** Why events of {@code kind} cannot come. */
    static String missingTracepoint(NetEventKind kind) {
        return EnumDeserializer.name(kind) + " events need the tracepoint " + EnumDeserializer.name(NetEventsConfig.tracepointOf(kind))
                + ", which hooks.netEvents.tracepoints leaves out";
    }
}
