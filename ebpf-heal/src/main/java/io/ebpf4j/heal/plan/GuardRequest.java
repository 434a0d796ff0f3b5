package io.ebpf4j.heal.plan;

import java.util.List;

/**
 * An apply or undo the planner wants to make.
 *
 * @param kind             {@link Decision.Kind#APPLY} or {@link Decision.Kind#UNDO}
 * @param node             the planning node
 * @param subject          the subject
 * @param cuts             what an apply takes away (empty for an undo)
 * @param healthySinceNanos since when the subject is healthy again (undo), or -1
 * @param monoNanos        now
 */
public record GuardRequest(Decision.Kind kind, int node, String subject, List<Cut> cuts, long healthySinceNanos,
        long monoNanos) {
    public GuardRequest {
        if (kind == Decision.Kind.BLOCKED) {
            throw new IllegalArgumentException("a guard request is an apply or an undo");
        }
        cuts = List.copyOf(cuts);
    }
}
