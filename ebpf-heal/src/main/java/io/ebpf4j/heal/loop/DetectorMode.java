package io.ebpf4j.heal.loop;

import java.util.Locale;

/**
 * Whose flags the loop localises faults on ({@link HealLoopBuilder#graphDetector}). The rules are the
 * per-edge loss and RTT detectors and the service alerts; they always run, because they are the fallback
 * of a graph detector that fails or overruns its deadline.
 */
public enum DetectorMode {
    /** The rules only (the default). */
    RULES,
    /** The graph detector's flags and scores replace the rules' (the rules decide only when it fails). */
    LEARNED,
    /** Either: an item is anomalous when the rules or the graph detector flag it; its score is the larger. */
    COMBINED;

    /** The lower-case name. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
