package io.ebpf4j.heal.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link GraphDetector} concluded of one snapshot: a score and an anomalous flag per directed
 * edge and per node. Items the detector did not score are left as they were by {@link #applyTo}.
 *
 * @param edges per-edge scores (at most one per directed edge)
 * @param nodes per-node scores (at most one per node)
 */
public record GraphScores(List<EdgeScore> edges, List<NodeScore> nodes) {
    public GraphScores {
        edges = List.copyOf(edges);
        nodes = List.copyOf(nodes);
    }

    /** The score of the directed edge {@code from -> to}. */
    public record EdgeScore(int from, int to, double score, boolean anomalous) {}

    /** The score of node {@code node}. */
    public record NodeScore(int node, double score, boolean anomalous) {}

    /**
     * {@code g} with the score and anomalous flag of every scored edge and node replaced by these
     * (the input of {@link FaultLocaliser#localise}).
     */
    public TelemetryGraph applyTo(TelemetryGraph g) {
        Map<Long, EdgeScore> byEdge = new HashMap<>();
        edges.forEach(e -> byEdge.put(key(e.from(), e.to()), e));
        Map<Integer, NodeScore> byNode = new HashMap<>();
        nodes.forEach(n -> byNode.put(n.node(), n));
        List<EdgeFeatures> newEdges = new ArrayList<>(g.edges().size());
        for (EdgeFeatures e : g.edges()) {
            EdgeScore s = byEdge.get(key(e.from(), e.to()));
            newEdges.add(s == null ? e : new EdgeFeatures(e.from(), e.to(), e.lossRatio(), e.rttMicros(),
                    e.throughputBps(), e.retransmitsPerSec(), e.resetsPerSec(), s.score(), s.anomalous()));
        }
        List<NodeFeatures> newNodes = new ArrayList<>(g.nodes().size());
        for (NodeFeatures n : g.nodes()) {
            NodeScore s = byNode.get(n.node());
            newNodes.add(s == null ? n : new NodeFeatures(n.node(), n.peer(), n.dropsPerSec(), n.syscallP99Micros(),
                    n.serviceFailuresPerSec(), s.score(), s.anomalous()));
        }
        return new TelemetryGraph(g.monoNanos(), newNodes, newEdges);
    }

    /** A map key for the directed edge {@code from -> to}. */
    static long key(int from, int to) {
        return ((long) from << 32) | (to & 0xffffffffL);
    }
}
