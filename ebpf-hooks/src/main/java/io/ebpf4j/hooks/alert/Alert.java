package io.ebpf4j.hooks.alert;

import java.util.Objects;

/**
 * One alert transition (or one event of a per-event rule).
 *
 * @param ruleId        the {@link AlertRule#id()} that raised it
 * @param severity      the rule's severity
 * @param phase         {@link Phase#FIRING} when the condition starts (every event for per-event rules),
 *                      {@link Phase#RESOLVED} when it clears
 * @param subject       what it is about: a peer's SPIFFE ID, a remote address, a syscall, a drop reason
 * @param value         the measured value (ratio, ns, count; see the rule)
 * @param threshold     the rule's threshold in the same unit
 * @param causeKernelNs kernel CLOCK_MONOTONIC ns of the cause: the event's {@code bpf_ktime_get_ns}
 *                      time stamp, or for window rules the time the snapshot was read
 * @param raisedNanos   {@link System#nanoTime()} when the alert was handed to the listeners (the same
 *                      clock as CLOCK_MONOTONIC on Linux)
 * @param message       a human-readable sentence
 */
public record Alert(String ruleId, Severity severity, Phase phase, String subject, double value, double threshold,
        long causeKernelNs, long raisedNanos, String message) {
    /** Whether an alert starts or ends a condition. */
    public enum Phase {
        FIRING,
        RESOLVED
    }

    public Alert {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(message, "message");
    }

    /** Nanoseconds from the cause in the kernel to the delivery. */
    public long latencyNanos() {
        return raisedNanos - causeKernelNs;
    }
}
