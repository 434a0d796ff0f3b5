package io.ebpf4j.heal.bench;

import io.ebpf4j.heal.graph.EdgeFeatures;
import io.ebpf4j.heal.graph.NodeFeatures;
import io.ebpf4j.heal.graph.TelemetryGraph;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Full-mesh telemetry snapshots with clean-link noise (an occasional lost probe, RTT jitter). */
final class Snapshots {
    private Snapshots() {}

    static TelemetryGraph[] fullMesh(int nodes, int count, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        TelemetryGraph[] out = new TelemetryGraph[count];
        for (int t = 0; t < count; t++) {
            List<NodeFeatures> ns = new ArrayList<>(nodes);
            for (int i = 0; i < nodes; i++) {
                ns.add(new NodeFeatures(i, "", 0, Double.NaN, 0, 0, false));
            }
            List<EdgeFeatures> es = new ArrayList<>(nodes * (nodes - 1));
            for (int a = 0; a < nodes; a++) {
                for (int b = 0; b < nodes; b++) {
                    if (a != b) {
                        es.add(new EdgeFeatures(a, b, rnd.nextDouble() < 0.02 ? 0.2 : 0, 20 + rnd.nextDouble() * 40,
                                15_000, 0, 0, 0, false));
                    }
                }
            }
            out[t] = new TelemetryGraph(t * 50_000_000L, ns, es);
        }
        return out;
    }
}
