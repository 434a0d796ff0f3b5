package io.ebpf4j.heal.learn;

import io.ebpf4j.heal.graph.EdgeFeatures;
import io.ebpf4j.heal.graph.NodeFeatures;
import io.ebpf4j.heal.graph.TelemetryGraph;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Synthetic labelled runs of a full mesh: noisy clean periods, a lossy link, a blackholed node, a failing service. */
final class Synthetic {
    static final long PERIOD = 50_000_000L;

    private Synthetic() {}

    /** A run of {@code periods} periods of an {@code n}-node full mesh; faults cycle every 200 periods. */
    static LabelledRun run(int n, int periods, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<LabelledRun.Snapshot> out = new ArrayList<>();
        for (int t = 0; t < periods; t++) {
            int phase = (t / 100) % 4; // 0 clean, 1 link 0-1 lossy, 2 clean, 3 node 2 blackholed or service 3 failing
            boolean link = phase == 1;
            boolean node = phase == 3 && (t / 400) % 2 == 0;
            boolean service = phase == 3 && !node;
            List<NodeFeatures> nodes = new ArrayList<>();
            int[] nodeClass = new int[n];
            for (int i = 0; i < n; i++) {
                boolean failing = service && i == 3 % n;
                nodes.add(new NodeFeatures(i, "", 0, Double.NaN, failing ? 20 + rnd.nextInt(10) : 0, 0, false));
                nodeClass[i] = node && i == 2 ? FaultClass.NODE_FAULT.ordinal()
                        : failing ? FaultClass.SERVICE_FAULT.ordinal() : FaultClass.HEALTHY.ordinal();
            }
            List<EdgeFeatures> edges = new ArrayList<>();
            List<Integer> edgeClass = new ArrayList<>();
            for (int a = 0; a < n; a++) {
                for (int b = 0; b < n; b++) {
                    if (a == b) {
                        continue;
                    }
                    boolean onLink = link && ((a == 0 && b == 1) || (a == 1 && b == 0));
                    boolean onNode = node && (a == 2 || b == 2);
                    double loss = onNode ? 1 : onLink ? (rnd.nextDouble() < 0.5 ? 0.4 : 0.2) : (rnd.nextDouble() < 0.02 ? 0.2 : 0);
                    double rtt = onNode ? Double.NaN : 40 + rnd.nextDouble() * 20 + (onLink ? 300 : 0);
                    edges.add(new EdgeFeatures(a, b, loss, rtt, 15_000 + rnd.nextDouble() * 2000, 0, 0, 0, false));
                    edgeClass.add(onLink ? FaultClass.LINK_FAULT.ordinal()
                            : onNode ? FaultClass.NODE_FAULT.ordinal() : FaultClass.HEALTHY.ordinal());
                }
            }
            out.add(new LabelledRun.Snapshot(new TelemetryGraph(1_000_000_000L + t * PERIOD, nodes, edges), nodeClass,
                    edgeClass.stream().mapToInt(Integer::intValue).toArray()));
        }
        return new LabelledRun("synthetic-" + seed, seed, "", out);
    }

    /** A random feature graph of {@code n} nodes (full directed mesh without the edge 0 -> 1). */
    static FeatureGraph randomGraph(int n, SplittableRandom rnd) {
        List<int[]> e = new ArrayList<>();
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                if (a != b && !(a == 0 && b == 1)) {
                    e.add(new int[] {a, b});
                }
            }
        }
        int[] src = new int[e.size()];
        int[] dst = new int[e.size()];
        for (int k = 0; k < e.size(); k++) {
            src[k] = e.get(k)[0];
            dst[k] = e.get(k)[1];
        }
        double[] x = new double[n * FeatureExtractor.NODE.size()];
        double[] z = new double[e.size() * FeatureExtractor.EDGE_INPUT];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextDouble() * 2 - 1;
        }
        for (int i = 0; i < z.length; i++) {
            z[i] = rnd.nextDouble() * 2 - 1;
        }
        int[][] nbrs = new int[n][];
        for (int v = 0; v < n; v++) {
            int vv = v;
            nbrs[v] = java.util.stream.IntStream.range(0, n).filter(u -> u != vv).toArray();
        }
        int[] ids = java.util.stream.IntStream.range(0, n).toArray();
        return new FeatureGraph(ids, x, src, dst, z, nbrs);
    }
}
