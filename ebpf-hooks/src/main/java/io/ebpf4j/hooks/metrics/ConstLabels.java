package io.ebpf4j.hooks.metrics;

import io.prometheus.metrics.model.snapshots.Labels;
import java.util.Objects;
import java.util.Set;

/** Checks the constant labels given to a collector: none may clash with a label the collectors set themselves. */
final class ConstLabels {
    /** The label names the collectors use for their own series (and {@code le} of histograms). */
    static final Set<String> RESERVED = Set.of("peer", "verdict", "reason", "kind", "syscall", "direction", "interface",
            "hook", "attach_path", "degraded", "le");

    private ConstLabels() {}

    /** {@code labels}, checked. */
    static Labels check(Labels labels) {
        Objects.requireNonNull(labels, "constLabels");
        for (int i = 0; i < labels.size(); i++) {
            if (RESERVED.contains(labels.getPrometheusName(i))) {
                throw new IllegalArgumentException("constant label '" + labels.getName(i)
                        + "' clashes with a label of the hooks' own series " + new java.util.TreeSet<>(RESERVED));
            }
        }
        return labels;
    }
}
