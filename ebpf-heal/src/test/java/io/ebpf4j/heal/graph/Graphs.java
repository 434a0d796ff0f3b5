package io.ebpf4j.heal.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Hand-built full-mesh snapshots. */
final class Graphs {
    private Graphs() {}

    static NodeFeatures node(int i, double serviceFailures, boolean anomalous) {
        return new NodeFeatures(i, "spiffe://heal.ebpf4j.io/node/" + i, 0, 40, serviceFailures, anomalous ? 7 : 0,
                anomalous);
    }

    /** A full mesh of {@code n} nodes whose directed edges listed in {@code sick} ("a>b") are anomalous. */
    static TelemetryGraph mesh(int n, Set<String> sick, List<NodeFeatures> nodes) {
        List<EdgeFeatures> edges = new ArrayList<>();
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                if (a != b) {
                    boolean bad = sick.contains(a + ">" + b);
                    edges.add(new EdgeFeatures(a, b, bad ? 0.6 : 0, bad ? Double.NaN : 80, 1e6, 0, 0,
                            bad ? 3 + a + b : 0, bad));
                }
            }
        }
        return new TelemetryGraph(123, nodes, edges);
    }

    static TelemetryGraph mesh(int n, Set<String> sick) {
        List<NodeFeatures> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            nodes.add(node(i, 0, false));
        }
        return mesh(n, sick, nodes);
    }
}
