package io.ebpf4j.heal.graph;

import java.util.List;

/**
 * A snapshot of the mesh as telemetry sees it: nodes with their features, directed edges with the
 * link features their source measured. Immutable; the input of fault localisation and of pluggable
 * graph detectors (a GraphSAGE-style model takes exactly this: an edge index plus feature matrices).
 *
 * @param monoNanos the {@link System#nanoTime()} (= kernel CLOCK_MONOTONIC) instant of the snapshot
 */
public record TelemetryGraph(long monoNanos, List<NodeFeatures> nodes, List<EdgeFeatures> edges) {
    public TelemetryGraph {
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
    }
}
