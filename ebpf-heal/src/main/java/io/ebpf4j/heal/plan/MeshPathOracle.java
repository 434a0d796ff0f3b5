package io.ebpf4j.heal.plan;

import io.ebpf4j.heal.graph.EdgeFeatures;
import io.ebpf4j.heal.graph.TelemetryGraph;
import java.util.OptionalInt;

/**
 * A {@link PathOracle} over an adjacency matrix of link health: a link is healthy when at least one of
 * its directed edges is present (someone measured it) and none is anomalous. One direction is enough
 * because a view may hold only one end's records: a node whose agent is absent publishes nothing, yet
 * its neighbours still probe their links to it. Immutable; build a new one per period with
 * {@link #of(TelemetryGraph)}.
 */
public final class MeshPathOracle implements PathOracle {
    private final int n;
    private final boolean[][] present;
    private final boolean[][] healthy;

    private MeshPathOracle(int n, boolean[][] present, boolean[][] healthy) {
        this.n = n;
        this.present = present;
        this.healthy = healthy;
    }

    /** The oracle of {@code graph}: nodes 0..max node number, links from its directed edges. */
    public static MeshPathOracle of(TelemetryGraph graph) {
        int n = 0;
        for (var node : graph.nodes()) {
            n = Math.max(n, node.node() + 1);
        }
        for (EdgeFeatures e : graph.edges()) {
            n = Math.max(n, Math.max(e.from(), e.to()) + 1);
        }
        boolean[][] seen = new boolean[n][n];
        boolean[][] bad = new boolean[n][n];
        for (EdgeFeatures e : graph.edges()) {
            seen[e.from()][e.to()] = true;
            bad[e.from()][e.to()] |= e.anomalous();
        }
        boolean[][] present = new boolean[n][n];
        boolean[][] healthy = new boolean[n][n];
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                present[a][b] = a != b && (seen[a][b] || seen[b][a]);
                healthy[a][b] = a != b && (seen[a][b] || seen[b][a]) && !bad[a][b] && !bad[b][a];
            }
        }
        return new MeshPathOracle(n, present, healthy);
    }

    /** A full mesh of {@code n} nodes where every link is healthy except those {@code sick} names as pairs {a, b}. */
    public static MeshPathOracle fullMesh(int n, int[]... sick) {
        boolean[][] present = new boolean[n][n];
        boolean[][] healthy = new boolean[n][n];
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                present[a][b] = a != b;
                healthy[a][b] = a != b;
            }
        }
        for (int[] l : sick) {
            healthy[l[0]][l[1]] = false;
            healthy[l[1]][l[0]] = false;
        }
        return new MeshPathOracle(n, present, healthy);
    }

    private boolean in(int i) {
        return i >= 0 && i < n;
    }

    @Override
    public boolean isNeighbour(int node, int peer) {
        return in(node) && in(peer) && present[node][peer];
    }

    @Override
    public boolean linkHealthy(int a, int b) {
        return in(a) && in(b) && healthy[a][b];
    }

    @Override
    public OptionalInt alternativeVia(int node, int dest) {
        if (!in(node) || !in(dest)) {
            return OptionalInt.empty();
        }
        for (int k = 0; k < n; k++) {
            if (k != node && k != dest && healthy[node][k] && healthy[k][dest]) {
                return OptionalInt.of(k);
            }
        }
        return OptionalInt.empty();
    }

    @Override
    public boolean hasOtherReachablePeer(int node, int peer) {
        for (int k = 0; in(node) && k < n; k++) {
            if (k != peer && healthy[node][k]) {
                return true;
            }
        }
        return false;
    }
}
