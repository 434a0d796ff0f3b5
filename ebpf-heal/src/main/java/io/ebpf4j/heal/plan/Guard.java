package io.ebpf4j.heal.plan;

import java.util.Optional;

/**
 * A check every apply or undo passes before the planner returns it. Guards keep no state of their
 * own: they read the planner's {@link Ledger} of past toggles, so a chain of them composes freely.
 */
public interface Guard {
    /** A short stable name for journals and metrics, e.g. {@code "cooldown"}. */
    String name();

    /** Why {@code request} must not happen now, or empty to let it through. */
    Optional<String> check(GuardRequest request, Ledger ledger);

    /**
     * Whether a block by this guard is expected routine (e.g. waiting out the hold time) and so not
     * returned as a {@link Decision.Kind#BLOCKED} decision.
     */
    default boolean quiet() {
        return false;
    }
}
