package io.ebpf4j.agent;

import io.ebpf4j.hooks.netevents.NetEventKind;
import io.ebpf4j.hooks.netevents.NetTracepoint;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The network events hook ({@code NetEvents.builder()}).
 *
 * @param enabled          whether it runs
 * @param events           kinds that become events (the alert engine adds the kinds its rules read)
 * @param tracepoints      the tracepoints attached
 * @param allStateChanges  every TCP state change is an event
 * @param unspecifiedDrops drops without a reason are events too
 * @param allNamespaces    events of every network namespace (otherwise only the agent's own)
 */
public record NetEventsPlan(boolean enabled, Set<NetEventKind> events, Set<NetTracepoint> tracepoints,
        boolean allStateChanges, boolean unspecifiedDrops, boolean allNamespaces) {
    public NetEventsPlan {
        events = Collections.unmodifiableSet(events.isEmpty() ? EnumSet.noneOf(NetEventKind.class) : EnumSet.copyOf(events));
        tracepoints = Collections.unmodifiableSet(tracepoints.isEmpty() ? EnumSet.noneOf(NetTracepoint.class)
                : EnumSet.copyOf(tracepoints));
    }
}
