package io.ebpf4j.heal.learn;

import io.ebpf4j.heal.graph.EdgeFeatures;
import io.ebpf4j.heal.graph.TelemetryGraph;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One training example: a snapshot, its features (extracted in run order) and labels in the features'
 * row order (-1: unknown), the fault subjects active in it.
 *
 * @param run         index of its run
 * @param indexInRun  its position in the run
 * @param graph       the snapshot as exported (the rules' flags included)
 * @param features    the model input
 * @param nodeY       per feature row, the class ordinal or -1
 * @param edgeY       per feature edge, the class ordinal or -1
 * @param active      the subjects ({@code link:a-b}, {@code node:j}, {@code service:j}) labelled faulty
 */
record Sample(int run, int indexInRun, TelemetryGraph graph, FeatureGraph features, int[] nodeY, int[] edgeY,
        Set<String> active) {
    long t() {
        return graph.monoNanos();
    }

    /** The samples of {@code r} in order, with features from a fresh extractor. */
    static List<Sample> of(int run, LabelledRun r) {
        FeatureExtractor fx = new FeatureExtractor();
        List<Sample> out = new ArrayList<>(r.snapshots().size());
        int i = 0;
        for (LabelledRun.Snapshot s : r.snapshots()) {
            TelemetryGraph g = s.graph();
            FeatureGraph fg = fx.extract(g);
            Map<Integer, Integer> nodeIndex = new HashMap<>();
            for (int k = 0; k < g.nodes().size(); k++) {
                nodeIndex.put(g.nodes().get(k).node(), k);
            }
            Map<Long, Integer> edgeIndex = new HashMap<>();
            for (int k = 0; k < g.edges().size(); k++) {
                EdgeFeatures e = g.edges().get(k);
                edgeIndex.putIfAbsent(((long) e.from() << 32) | (e.to() & 0xffffffffL), k);
            }
            int[] nodeY = new int[fg.nodes()];
            Set<String> active = new TreeSet<>();
            for (int v = 0; v < fg.nodes(); v++) {
                Integer k = nodeIndex.get(fg.nodeIds()[v]);
                nodeY[v] = k == null ? -1 : s.nodeClass()[k];
                if (nodeY[v] == FaultClass.NODE_FAULT.ordinal()) {
                    active.add("node:" + fg.nodeIds()[v]);
                } else if (nodeY[v] == FaultClass.SERVICE_FAULT.ordinal()) {
                    active.add("service:" + fg.nodeIds()[v]);
                }
            }
            int[] edgeY = new int[fg.edges()];
            for (int k = 0; k < fg.edges(); k++) {
                int from = fg.nodeIds()[fg.src()[k]];
                int to = fg.nodeIds()[fg.dst()[k]];
                Integer idx = edgeIndex.get(((long) from << 32) | (to & 0xffffffffL));
                edgeY[k] = idx == null ? -1 : s.edgeClass()[idx];
                if (edgeY[k] == FaultClass.LINK_FAULT.ordinal()) {
                    active.add("link:" + Math.min(from, to) + "-" + Math.max(from, to));
                }
            }
            out.add(new Sample(run, i++, g, fg, nodeY, edgeY, Set.copyOf(active)));
        }
        return out;
    }
}
