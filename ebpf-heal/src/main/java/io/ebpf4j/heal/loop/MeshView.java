package io.ebpf4j.heal.loop;

import io.ebpf4j.heal.graph.EdgeFeatures;
import io.ebpf4j.heal.graph.NodeFeatures;
import io.ebpf4j.heal.graph.TelemetryGraph;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The shared part of the Knowledge: the latest analysed edges and node features every node's loop
 * publishes, from which each loop takes a {@link TelemetryGraph} snapshot to localise faults. A node
 * alone sees only its own links; telling a sick link (one edge) from a sick node (all its edges)
 * needs its neighbours' view too. In one process (the experiment) the loops share this object; across
 * hosts the same records would travel by gossip. Thread-safe.
 */
public final class MeshView {
    private final Map<Long, EdgeFeatures> edges = new TreeMap<>();
    private final Map<Integer, NodeFeatures> nodes = new TreeMap<>();

    private static long key(int from, int to) {
        return ((long) from << 32) | (to & 0xffffffffL);
    }

    /** Publishes node {@code from}'s analysed edges (replacing its previous ones to the same peers). */
    public synchronized void publishEdges(List<EdgeFeatures> analysed) {
        for (EdgeFeatures e : analysed) {
            edges.put(key(e.from(), e.to()), e);
        }
    }

    /** Publishes a node's own features. */
    public synchronized void publishNode(NodeFeatures n) {
        nodes.put(n.node(), n);
    }

    /** A snapshot of everything published so far. */
    public synchronized TelemetryGraph snapshot(long monoNanos) {
        return new TelemetryGraph(monoNanos, new ArrayList<>(nodes.values()), new ArrayList<>(edges.values()));
    }
}
