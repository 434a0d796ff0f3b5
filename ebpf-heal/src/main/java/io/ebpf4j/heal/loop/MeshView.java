package io.ebpf4j.heal.loop;

import io.ebpf4j.heal.graph.EdgeFeatures;
import io.ebpf4j.heal.graph.NodeFeatures;
import io.ebpf4j.heal.graph.TelemetryGraph;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@link SharedView} of loops in one process (the experiment): they share this object, so the
 * latest analysed edges and node features every node's loop publishes are at once in every
 * snapshot. It has no membership evidence (every node lives and dies with the process). Across hosts
 * the agent's gossip view carries the same records. Thread-safe.
 */
public final class MeshView implements SharedView {
    private final Map<Long, EdgeFeatures> edges = new TreeMap<>();
    private final Map<Integer, NodeFeatures> nodes = new TreeMap<>();

    private static long key(int from, int to) {
        return ((long) from << 32) | (to & 0xffffffffL);
    }

    @Override
    public synchronized void publishEdges(List<EdgeFeatures> analysed) {
        for (EdgeFeatures e : analysed) {
            edges.put(key(e.from(), e.to()), e);
        }
    }

    @Override
    public synchronized void publishNode(NodeFeatures n) {
        nodes.put(n.node(), n);
    }

    /** A snapshot of everything published so far. */
    @Override
    public synchronized TelemetryGraph snapshot(long monoNanos) {
        return new TelemetryGraph(monoNanos, new ArrayList<>(nodes.values()), new ArrayList<>(edges.values()));
    }
}
