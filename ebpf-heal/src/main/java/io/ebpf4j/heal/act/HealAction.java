package io.ebpf4j.heal.act;

/**
 * One recovery action on the node's own network. Actions are idempotent (applying twice changes
 * nothing the second time) and reversible: {@link #undo()} puts back what {@link #apply()} changed,
 * and the executor undoes every applied action when the loop closes.
 */
public interface HealAction {
    /** A short kind for metrics, e.g. {@code "reroute"}, {@code "deny-peer"}, {@code "alert"}. */
    String kind();

    /** A one-line human description, e.g. {@code "node 0: 198.19.0.2/32 via node 3 (was via node 1)"}. */
    String describe();

    /** Applies the action; returns the outcome (never throws for an expected failure: report it). */
    ActionOutcome apply();

    /** Reverses {@link #apply()}; a no-op when not applied. */
    ActionOutcome undo();
}
