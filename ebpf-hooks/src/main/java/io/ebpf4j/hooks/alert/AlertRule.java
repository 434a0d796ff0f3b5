package io.ebpf4j.hooks.alert;

import io.ebpf4j.hooks.netevents.NetEventKind;
import io.ebpf4j.hooks.syscall.Syscall;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * An alert rule. Event rules ({@link EventCount}, {@link EachDrop}, {@link EachSlowCall}) are
 * evaluated on the hook's reader thread as each event arrives; window rules ({@link ProbeLoss},
 * {@link Rtt}, {@link SyscallP99}) on the engine's period from snapshot deltas. Every rule except
 * the per-event ones has hysteresis per (rule, subject): one FIRING alert when the condition starts,
 * one RESOLVED when it clears.
 */
public sealed interface AlertRule {
    /** A unique name of this rule in an engine. */
    String id();

    /** The severity of its alerts. */
    Severity severity();

    /** Whether it is evaluated per event (otherwise on the engine's period). */
    default boolean perEvent() {
        return this instanceof EventCount || this instanceof EachDrop || this instanceof EachSlowCall;
    }

    /**
     * Fires for a peer whose probe loss {@code lost/expected} over the last {@code window} exceeds
     * {@code maxLossRatio}, once at least {@code minProbes} probes fell in that window. With fewer
     * probes in the window (the prober stopped, the peer is silent) the state is kept.
     */
    record ProbeLoss(String id, Severity severity, double maxLossRatio, Duration window, long minProbes)
            implements AlertRule {
        public ProbeLoss {
            check(id, severity);
            if (!(maxLossRatio >= 0 && maxLossRatio < 1)) {
                throw new IllegalArgumentException("maxLossRatio must be in [0, 1): " + maxLossRatio);
            }
            positive(window, "window");
            if (minProbes < 1) {
                throw new IllegalArgumentException("minProbes must be >= 1: " + minProbes);
            }
        }
    }

    /** Fires for a peer whose newest probe RTT exceeds {@code max}. */
    record Rtt(String id, Severity severity, Duration max) implements AlertRule {
        public Rtt {
            check(id, severity);
            positive(max, "max");
        }
    }

    /**
     * Fires when the estimated p99 of {@code syscall}'s latency over the last {@code window} (the
     * histogram delta) exceeds {@code max}, once at least {@code minCalls} calls fell in the window;
     * resolves when it is back under {@code max} or fewer calls fell in the window.
     */
    record SyscallP99(String id, Severity severity, Syscall syscall, Duration max, Duration window, long minCalls)
            implements AlertRule {
        public SyscallP99 {
            check(id, severity);
            Objects.requireNonNull(syscall, "syscall");
            positive(max, "max");
            positive(window, "window");
            if (minCalls < 1) {
                throw new IllegalArgumentException("minCalls must be >= 1: " + minCalls);
            }
        }
    }

    /**
     * Fires when more than {@code maxCount} network events of {@code kinds} fall within
     * {@code window} (by kernel time stamp) for one subject: the remote address for retransmits and
     * resets, the reason name for drops ({@code dropReason} {@code null} counts every reason, else
     * only that one). Resolves when the window holds {@code maxCount} or fewer again.
     */
    record EventCount(String id, Severity severity, Set<NetEventKind> kinds, String dropReason, long maxCount,
            Duration window) implements AlertRule {
        public EventCount {
            check(id, severity);
            kinds = Set.copyOf(kinds);
            if (kinds.isEmpty() || kinds.contains(NetEventKind.STATE_CHANGE)) {
                throw new IllegalArgumentException("kinds must be retransmits, resets or drops: " + kinds);
            }
            if (maxCount < 0) {
                throw new IllegalArgumentException("maxCount must be >= 0: " + maxCount);
            }
            positive(window, "window");
        }
    }

    /** Fires on every drop event of {@code reason} ({@code null}: any reason); no resolution. */
    record EachDrop(String id, Severity severity, String reason) implements AlertRule {
        public EachDrop {
            check(id, severity);
        }
    }

    /** Fires on every slow-call event of {@code syscall} ({@code null}: any) lasting at least {@code min}. */
    record EachSlowCall(String id, Severity severity, Syscall syscall, Duration min) implements AlertRule {
        public EachSlowCall {
            check(id, severity);
            Objects.requireNonNull(min, "min");
        }
    }

    /** Retransmits per peer address above {@code perSecond} averaged over {@code window}. */
    static EventCount retransmitRate(String id, Severity severity, double perSecond, Duration window) {
        positive(window, "window");
        return new EventCount(id, severity, Set.of(NetEventKind.RETRANSMIT), null,
                (long) Math.floor(perSecond * window.toNanos() / 1e9), window);
    }

    /** Resets sent or received per peer address: more than {@code maxCount} within {@code window}. */
    static EventCount resets(String id, Severity severity, long maxCount, Duration window) {
        return new EventCount(id, severity, Set.of(NetEventKind.RESET_SENT, NetEventKind.RESET_RECEIVED), null, maxCount,
                window);
    }

    /** Drops of the named reason (e.g. "NO_SOCKET"): more than {@code maxCount} within {@code window}. */
    static EventCount drops(String id, Severity severity, String reason, long maxCount, Duration window) {
        return new EventCount(id, severity, Set.of(NetEventKind.DROP), Objects.requireNonNull(reason, "reason"),
                maxCount, window);
    }

    private static void check(String id, Severity severity) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a rule needs an id");
        }
        Objects.requireNonNull(severity, "severity");
    }

    private static void positive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be a positive duration: " + d);
        }
    }
}
