package io.ebpf4j.heal.learn;

import io.ebpf4j.heal.detect.Debounce;
import java.util.Objects;

/**
 * How a learned model's probabilities become flags: an item (directed edge or node) is judged
 * anomalous in a period when its probability of not being {@link FaultClass#HEALTHY} reaches its
 * threshold, and flagged once the {@link Debounce} of its judgements says so (the same debouncing the
 * rules' detectors use). The first {@code warmupPeriods} periods flag nothing (the features' baselines
 * are still settling).
 *
 * @param edgeThreshold  probability of a fault an edge must reach (0..1)
 * @param nodeThreshold  probability of a fault a node must reach (0..1)
 * @param debounce       per-edge debouncing of the judgements
 * @param nodeDebounce   per-node debouncing (a node's evidence, the service alert, is debounced already)
 * @param warmupPeriods  periods without flags after the detector's first snapshot (>= 0)
 */
public record DecisionRule(double edgeThreshold, double nodeThreshold, Debounce.Config debounce,
        Debounce.Config nodeDebounce, int warmupPeriods) {
    public DecisionRule {
        for (double t : new double[] {edgeThreshold, nodeThreshold}) {
            if (!(t > 0 && t < 1)) {
                throw new IllegalArgumentException("thresholds must be in (0, 1): " + t);
            }
        }
        Objects.requireNonNull(debounce, "debounce");
        Objects.requireNonNull(nodeDebounce, "nodeDebounce");
        if (warmupPeriods < 0) {
            throw new IllegalArgumentException("warmupPeriods must be >= 0: " + warmupPeriods);
        }
    }

    /**
     * Thresholds 0.5; an edge flagged on two of its last three judgements, a node on one; five normal ones
     * to clear; 20 periods of warm-up.
     */
    public static DecisionRule defaults() {
        return new DecisionRule(0.5, 0.5, new Debounce.Config(2, 3, 5), new Debounce.Config(1, 1, 5), 20);
    }

    /** This rule with other thresholds. */
    public DecisionRule withThresholds(double edge, double node) {
        return new DecisionRule(edge, node, debounce, nodeDebounce, warmupPeriods);
    }
}
