package io.ebpf4j.heal.plan;

import io.ebpf4j.heal.act.HealAction;
import io.ebpf4j.heal.graph.Diagnosis;
import java.util.Objects;

/**
 * One thing the planner decided about a subject in one period.
 *
 * @param node          the node whose planner decided
 * @param subject       the diagnosis subject ({@code "link:0-1"}, {@code "node:2"}, {@code "service:3"})
 * @param diagnosis     the diagnosis behind it (for an undo: the last one seen)
 * @param kind          apply, undo, or blocked
 * @param action        the action to apply or undo; for a blocked decision the action in place, if any (else null)
 * @param rule          the rule that chose the remedy
 * @param guard         the guard that blocked (null unless blocked)
 * @param reason        the guard's reason (null unless blocked)
 * @param blockedKind   what was blocked, {@link Kind#APPLY} or {@link Kind#UNDO} (null unless blocked)
 * @param monoNanos     when it was decided
 * @param detectedNanos the first anomalous instant of the episode (the kernel cause when known)
 */
public record Decision(int node, String subject, Diagnosis diagnosis, Kind kind, HealAction action, String rule,
        String guard, String reason, Kind blockedKind, long monoNanos, long detectedNanos) {
    /** What the decision does. */
    public enum Kind {
        /** Apply {@link #action()}. */
        APPLY,
        /** Undo {@link #action()} (restore). */
        UNDO,
        /** A guard refused an apply or undo; nothing changes. */
        BLOCKED
    }

    public Decision {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(diagnosis, "diagnosis");
        Objects.requireNonNull(kind, "kind");
        if (kind != Kind.BLOCKED && action == null) {
            throw new IllegalArgumentException(kind + " needs an action");
        }
        if (kind == Kind.BLOCKED && (guard == null || reason == null || blockedKind == null)) {
            throw new IllegalArgumentException("a blocked decision names its guard, reason and blocked kind");
        }
    }

    /** Whether the decision changes the network (apply or undo). */
    public boolean toggles() {
        return kind != Kind.BLOCKED;
    }

    /** Nanoseconds from detection to this decision. */
    public long timeToActNanos() {
        return monoNanos - detectedNanos;
    }
}
