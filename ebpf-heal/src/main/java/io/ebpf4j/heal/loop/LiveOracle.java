package io.ebpf4j.heal.loop;

import io.ebpf4j.heal.graph.TelemetryGraph;
import io.ebpf4j.heal.plan.MeshPathOracle;
import io.ebpf4j.heal.plan.PathOracle;
import java.util.OptionalInt;

/** A {@link PathOracle} answering from the newest telemetry graph (swapped in every period). */
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
