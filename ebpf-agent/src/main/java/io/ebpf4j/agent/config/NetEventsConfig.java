package io.ebpf4j.agent.config;

import io.ebpf4j.hooks.netevents.NetEventKind;
import io.ebpf4j.hooks.netevents.NetTracepoint;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * {@code hooks.netEvents:} TCP retransmits, resets, state changes and drops from kernel tracepoints
 * ({@code NetEvents}) and which of them become events.
 *
 * <pre>{@code
 * hooks:
 *   netEvents:
 *     enabled: true              # default false
 *     events: [retransmit, drop] # kinds that become events besides those the alert rules read; default none
 *     tracepoints: [tcp-retransmit-skb, kfree-skb]   # default: all five
 *     allStateChanges: false     # every TCP state change is an event, not only ESTABLISHED to CLOSE
 *     unspecifiedDrops: false    # drops without a reason are events too (always counted)
 *     allNamespaces: false       # events of every network namespace, not only the agent's (default false)
 * }</pre>
 *
 * @param enabled          whether the hook runs; null: false
 * @param events           kinds that become events (the alert rules add theirs); empty: only the rules'
 * @param tracepoints      the tracepoints to attach; empty: all
 * @param allStateChanges  {@code NetEvents.Builder.allStateChanges}; null: false
 * @param unspecifiedDrops {@code NetEvents.Builder.unspecifiedDrops}; null: false
 * @param allNamespaces    deliver events of every namespace on the host; null or false: only those of
 *                         the agent's own network namespace ({@code NetEvents.Builder.netns})
 */
public record NetEventsConfig(Boolean enabled, List<NetEventKind> events, List<NetTracepoint> tracepoints,
        Boolean allStateChanges, Boolean unspecifiedDrops, Boolean allNamespaces) {
    public NetEventsConfig {
        events = Lists.copy(events);
        tracepoints = Lists.copy(tracepoints);
    }

    /** Whether the hook runs (false when not given). */
    public boolean on() {
        return Boolean.TRUE.equals(enabled);
    }

    /** The kinds given. */
    public Set<NetEventKind> effectiveEvents() {
        Set<NetEventKind> s = EnumSet.noneOf(NetEventKind.class);
        events.stream().filter(Objects::nonNull).forEach(s::add);
        return s;
    }

    /** The tracepoints given, or all. */
    public Set<NetTracepoint> effectiveTracepoints() {
        Set<NetTracepoint> s = EnumSet.noneOf(NetTracepoint.class);
        tracepoints.stream().filter(Objects::nonNull).forEach(s::add);
        return s.isEmpty() ? EnumSet.allOf(NetTracepoint.class) : s;
    }

    /** The tracepoint that reports {@code kind}. */
    public static NetTracepoint tracepointOf(NetEventKind kind) {
        return switch (kind) {
            case RETRANSMIT -> NetTracepoint.TCP_RETRANSMIT_SKB;
            case RESET_SENT -> NetTracepoint.TCP_SEND_RESET;
            case RESET_RECEIVED -> NetTracepoint.TCP_RECEIVE_RESET;
            case STATE_CHANGE -> NetTracepoint.INET_SOCK_SET_STATE;
            case DROP -> NetTracepoint.KFREE_SKB;
        };
    }
}
