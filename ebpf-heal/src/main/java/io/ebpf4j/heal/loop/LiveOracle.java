package io.ebpf4j.heal.loop;

import io.ebpf4j.heal.graph.TelemetryGraph;
import io.ebpf4j.heal.plan.MeshPathOracle;
import io.ebpf4j.heal.plan.PathOracle;
import java.util.OptionalInt;

/**
 * A {@link PathOracle} answering from the newest telemetry graph (swapped in every period) and from
 * the routes the loops have moved: a neighbour whose own route to a destination is itself a detour
 * is no detour for anyone else (node 1 sending V3 through node 0 while node 0 sends V3 through node 1
 * is a routing loop: it happened in the experiment before this rule).
 */
final class LiveOracle implements PathOracle {
    private volatile PathOracle current;
    private final java.util.Set<Long> detoured = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private static long key(int node, int dest) {
        return ((long) node << 32) | (dest & 0xffffffffL);
    }

    /** Records that {@code node} no longer reaches {@code dest}'s service directly (or again does). */
    void detoured(int node, int dest, boolean on) {
        if (on) {
            detoured.add(key(node, dest));
        } else {
            detoured.remove(key(node, dest));
        }
    }

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
        PathOracle o = current;
        OptionalInt first = o.alternativeVia(node, dest);
        if (first.isEmpty() || !detoured.contains(key(first.getAsInt(), dest))) {
            return first;
        }
        for (int k = 0; k < 64; k++) {
            if (k != node && k != dest && o.linkHealthy(node, k) && o.linkHealthy(k, dest)
                    && !detoured.contains(key(k, dest))) {
                return OptionalInt.of(k);
            }
        }
        return OptionalInt.empty();
    }

    @Override
    public boolean hasOtherReachablePeer(int node, int peer) {
        return current.hasOtherReachablePeer(node, peer);
    }
}
