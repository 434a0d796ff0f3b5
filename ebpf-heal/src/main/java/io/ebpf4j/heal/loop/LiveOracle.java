package io.ebpf4j.heal.loop;

import io.ebpf4j.heal.graph.TelemetryGraph;
import io.ebpf4j.heal.plan.MeshPathOracle;
import io.ebpf4j.heal.plan.PathOracle;
import java.util.OptionalInt;

/**
 * A {@link PathOracle} answering from the newest telemetry graph, swapped in every period. It needs
 * no knowledge of the other nodes' routes: a detour deflects only the node's own traffic (see
 * {@link io.ebpf4j.heal.act.HealTable}), so choosing a neighbour that itself detours cannot make a
 * routing loop, whatever the view says. Thread-safe.
 */
final class LiveOracle implements PathOracle {
    private volatile PathOracle current;

    LiveOracle(TelemetryGraph initial) {
        current = MeshPathOracle.of(initial);
    }

    void update(TelemetryGraph graph) {
        current = MeshPathOracle.of(graph);
    }

    @Override
    public boolean isNeighbour(int node, int peer) {
        return current.isNeighbour(node, peer);
    }

    @Override
    public boolean linkHealthy(int a, int b) {
        return current.linkHealthy(a, b);
    }

    @Override
    public OptionalInt alternativeVia(int node, int dest) {
        return current.alternativeVia(node, dest);
    }

    @Override
    public boolean hasOtherReachablePeer(int node, int peer) {
        return current.hasOtherReachablePeer(node, peer);
    }
}
