package io.ebpf4j.agent.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.ebpf4j.hooks.alert.AlertRule;
import io.ebpf4j.hooks.alert.Severity;
import io.ebpf4j.hooks.netevents.NetEventKind;
import io.ebpf4j.hooks.syscall.Syscall;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One item of {@code alerts:}, an {@link AlertRule} of the hooks' alert engine, chosen by its
 * {@code kind}. Every rule has an {@code id} (required, unique) and a {@code severity}
 * (info | warning | critical; default warning).
 *
 * <pre>{@code
 * alerts:
 *   - {kind: probe-loss, id: peer-loss, severity: critical, maxLossRatio: 0.2, window: 500ms, minProbes: 20}
 *   - {kind: rtt, id: slow-link, max: 5ms}
 *   - {kind: syscall-p99, id: slow-connect, syscall: connect, max: 50ms, window: 10s, minCalls: 100}
 *   - {kind: event-count, id: resets, events: [reset-sent, reset-received], maxCount: 10, window: 1s}
 *   - {kind: each-drop, id: no-socket, reason: NO_SOCKET}
 *   - {kind: each-slow-call, id: very-slow, syscall: recvmsg, min: 200ms}
 * }</pre>
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "kind", visible = true,
        defaultImpl = AlertRuleConfig.Unrecognised.class)
@JsonSubTypes({
    @JsonSubTypes.Type(value = AlertRuleConfig.ProbeLoss.class, name = AlertRuleConfig.PROBE_LOSS),
    @JsonSubTypes.Type(value = AlertRuleConfig.Rtt.class, name = AlertRuleConfig.RTT),
    @JsonSubTypes.Type(value = AlertRuleConfig.SyscallP99.class, name = AlertRuleConfig.SYSCALL_P99),
    @JsonSubTypes.Type(value = AlertRuleConfig.EventCount.class, name = AlertRuleConfig.EVENT_COUNT),
    @JsonSubTypes.Type(value = AlertRuleConfig.EachDrop.class, name = AlertRuleConfig.EACH_DROP),
    @JsonSubTypes.Type(value = AlertRuleConfig.EachSlowCall.class, name = AlertRuleConfig.EACH_SLOW_CALL),
})
public sealed interface AlertRuleConfig {
    String PROBE_LOSS = "probe-loss";
    String RTT = "rtt";
    String SYSCALL_P99 = "syscall-p99";
    String EVENT_COUNT = "event-count";
    String EACH_DROP = "each-drop";
    String EACH_SLOW_CALL = "each-slow-call";
    /** Every kind, in the order of the documentation. */
    List<String> KINDS = List.of(PROBE_LOSS, RTT, SYSCALL_P99, EVENT_COUNT, EACH_DROP, EACH_SLOW_CALL);

    /** The default severity. */
    Severity DEFAULT_SEVERITY = Severity.WARNING;

    /** The rule's name (required). */
    String id();

    /** The severity; null: {@link #DEFAULT_SEVERITY}. */
    Severity severity();

    /** The {@code kind} this rule was written with. */
    String kind();

    /** The severity, {@link #DEFAULT_SEVERITY} when not given. */
    default Severity effectiveSeverity() {
        return severity() == null ? DEFAULT_SEVERITY : severity();
    }

    /**
     * The alert engine's rule. Call it on a checked configuration (every required key present).
     *
     * @throws IllegalArgumentException from the rule's own checks
     */
    AlertRule toRule();

    /**
     * {@code probe-loss}: a peer's probe loss over {@code window} above {@code maxLossRatio}, once at
     * least {@code minProbes} probes fell in the window ({@link AlertRule.ProbeLoss}).
     *
     * @param maxLossRatio in [0, 1) (required)
     * @param window       required, positive
     * @param minProbes    at least 1; null: {@value #DEFAULT_MIN_PROBES}
     */
    @JsonIgnoreProperties("kind")
    record ProbeLoss(String id, Severity severity, Double maxLossRatio, Duration window, Long minProbes)
            implements AlertRuleConfig {
        public static final long DEFAULT_MIN_PROBES = 20;

        @Override
        public String kind() {
            return PROBE_LOSS;
        }

        @Override
        public AlertRule toRule() {
            return new AlertRule.ProbeLoss(id, effectiveSeverity(), maxLossRatio, window,
                    minProbes == null ? DEFAULT_MIN_PROBES : minProbes);
        }
    }

    /**
     * {@code rtt}: a peer's newest probe RTT above {@code max} ({@link AlertRule.Rtt}).
     *
     * @param max required, positive
     */
    @JsonIgnoreProperties("kind")
    record Rtt(String id, Severity severity, Duration max) implements AlertRuleConfig {
        @Override
        public String kind() {
            return RTT;
        }

        @Override
        public AlertRule toRule() {
            return new AlertRule.Rtt(id, effectiveSeverity(), max);
        }
    }

    /**
     * {@code syscall-p99}: the p99 latency of {@code syscall} over {@code window} above {@code max},
     * once at least {@code minCalls} calls fell in it ({@link AlertRule.SyscallP99}); needs
     * {@code hooks.syscalls}.
     *
     * @param syscall  required, one the syscall hook measures
     * @param max      required, positive
     * @param window   required, positive
     * @param minCalls at least 1; null: {@value #DEFAULT_MIN_CALLS}
     */
    @JsonIgnoreProperties("kind")
    record SyscallP99(String id, Severity severity, Syscall syscall, Duration max, Duration window, Long minCalls)
            implements AlertRuleConfig {
        public static final long DEFAULT_MIN_CALLS = 100;

        @Override
        public String kind() {
            return SYSCALL_P99;
        }

        @Override
        public AlertRule toRule() {
            return new AlertRule.SyscallP99(id, effectiveSeverity(), syscall, max, window,
                    minCalls == null ? DEFAULT_MIN_CALLS : minCalls);
        }
    }

    /**
     * {@code event-count}: more than {@code maxCount} network events of {@code events} within
     * {@code window} for one remote address (for drops: one reason) ({@link AlertRule.EventCount});
     * needs {@code hooks.netEvents}.
     *
     * @param events     required: retransmit, reset-sent, reset-received, drop (not state-change)
     * @param dropReason only drops of this kernel reason (e.g. NO_SOCKET); null: every reason
     * @param maxCount   at least 0; null: 0
     * @param window     required, positive
     */
    @JsonIgnoreProperties("kind")
    record EventCount(String id, Severity severity, List<NetEventKind> events, String dropReason, Long maxCount,
            Duration window) implements AlertRuleConfig {
        public EventCount {
            events = Lists.copy(events);
        }

        @Override
        public String kind() {
            return EVENT_COUNT;
        }

        /** The kinds given. */
        public Set<NetEventKind> kinds() {
            Set<NetEventKind> s = EnumSet.noneOf(NetEventKind.class);
            events.stream().filter(Objects::nonNull).forEach(s::add);
            return s;
        }

        @Override
        public AlertRule toRule() {
            return new AlertRule.EventCount(id, effectiveSeverity(), kinds(), dropReason, maxCount == null ? 0 : maxCount,
                    window);
        }
    }

    /**
     * {@code each-drop}: every dropped packet of kernel drop reason {@code reason} (e.g.
     * {@code NO_SOCKET}; null: any) ({@link AlertRule.EachDrop}); needs {@code hooks.netEvents}.
     */
    @JsonIgnoreProperties("kind")
    record EachDrop(String id, Severity severity, String reason) implements AlertRuleConfig {
        @Override
        public String kind() {
            return EACH_DROP;
        }

        @Override
        public AlertRule toRule() {
            return new AlertRule.EachDrop(id, effectiveSeverity(), reason);
        }
    }

    /**
     * {@code each-slow-call}: every call of {@code syscall} (null: any) lasting at least {@code min}
     * ({@link AlertRule.EachSlowCall}); needs {@code hooks.syscalls} with a {@code slowThreshold}.
     *
     * @param min required
     */
    @JsonIgnoreProperties("kind")
    record EachSlowCall(String id, Severity severity, Syscall syscall, Duration min) implements AlertRuleConfig {
        @Override
        public String kind() {
            return EACH_SLOW_CALL;
        }

        @Override
        public AlertRule toRule() {
            return new AlertRule.EachSlowCall(id, effectiveSeverity(), syscall, min);
        }
    }

    /**
     * An item whose {@code kind} is missing or names no rule; the checks report it, so a loaded
     * configuration never holds one.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Unrecognised(String kind, String id) implements AlertRuleConfig {
        @Override
        public Severity severity() {
            return null;
        }

        @Override
        public AlertRule toRule() {
            throw new IllegalStateException("alert rule kind '" + kind + "' is not one of " + KINDS);
        }
    }
}
