package io.ebpf4j.heal.learn;

import io.ebpf4j.heal.detect.Debounce;
import io.ebpf4j.heal.detect.Verdict;
import io.ebpf4j.heal.graph.GraphDetector;
import io.ebpf4j.heal.graph.GraphScores;
import io.ebpf4j.heal.graph.TelemetryGraph;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link GraphDetector} running a trained {@link GraphModel} on every snapshot: features from
 * {@link FeatureExtractor} (which keeps a little state per edge, so feed it every period in order),
 * one forward pass, then the model file's {@link DecisionRule} (threshold on the probability of a fault,
 * per-item {@link Debounce}). An item's score is that probability divided by its threshold (at least 1
 * when judged anomalous). Its flags go to the {@link io.ebpf4j.heal.graph.FaultLocaliser} like the
 * rules'. Called by one thread; cost and memory: see {@code docs/heal/GRAPH_DETECTOR.md}.
 */
public final class LearnedGraphDetector implements GraphDetector {
    private final GraphModel model;
    private final DecisionRule rule;
    private final FeatureExtractor features = new FeatureExtractor();
    private final GraphModel.Pass pass;
    private final Map<Long, Debounce> edgeDebounce = new HashMap<>();
    private final Map<Integer, Debounce> nodeDebounce = new HashMap<>();
    private double[] nodeProbs = new double[0];
    private double[] edgeProbs = new double[0];
    private long periods;

    /** A detector running {@code file}'s model under its decision rule. */
    public LearnedGraphDetector(ModelFile file) {
        this(Objects.requireNonNull(file, "file").model(), file.decision());
    }

    /** A detector running {@code model} under {@code rule}. */
    public LearnedGraphDetector(GraphModel model, DecisionRule rule) {
        this.model = Objects.requireNonNull(model, "model");
        this.rule = Objects.requireNonNull(rule, "rule");
        this.pass = model.newPass();
    }

    /** The detector of the model of {@code kind} shipped in this jar ({@link ModelFile#shipped}). */
    public static LearnedGraphDetector shipped(GraphModel.Kind kind) {
        return new LearnedGraphDetector(ModelFile.shipped(kind));
    }

    /** {@code graphsage} or {@code mlp}. */
    @Override
    public String name() {
        return model.kind().label();
    }

    /** The decision rule in use. */
    public DecisionRule rule() {
        return rule;
    }

    @Override
    public GraphScores score(TelemetryGraph g) {
        FeatureGraph fg = features.extract(g);
        model.forward(fg, pass);
        if (nodeProbs.length != pass.nodeLogits.length) {
            nodeProbs = new double[pass.nodeLogits.length];
        }
        if (edgeProbs.length != pass.edgeLogits.length) {
            edgeProbs = new double[pass.edgeLogits.length];
        }
        GraphModel.softmax(pass.nodeLogits, nodeProbs);
        GraphModel.softmax(pass.edgeLogits, edgeProbs);
        boolean warming = periods++ < rule.warmupPeriods();
        int c = FaultClass.COUNT;
        int[] ids = fg.nodeIds();
        List<GraphScores.EdgeScore> edges = new ArrayList<>(fg.edges());
        for (int k = 0; k < fg.edges(); k++) {
            int from = ids[fg.src()[k]];
            int to = ids[fg.dst()[k]];
            double p = 1 - edgeProbs[k * c + FaultClass.HEALTHY.ordinal()];
            Debounce d = edgeDebounce.computeIfAbsent(((long) from << 32) | (to & 0xffffffffL),
                    key -> new Debounce(rule.debounce()));
            boolean flag = judge(d, p, rule.edgeThreshold(), warming);
            edges.add(new GraphScores.EdgeScore(from, to, p / rule.edgeThreshold(), flag));
        }
        List<GraphScores.NodeScore> nodes = new ArrayList<>(fg.nodes());
        for (int v = 0; v < fg.nodes(); v++) {
            double p = 1 - nodeProbs[v * c + FaultClass.HEALTHY.ordinal()];
            Debounce d = nodeDebounce.computeIfAbsent(ids[v], key -> new Debounce(rule.nodeDebounce()));
            boolean flag = judge(d, p, rule.nodeThreshold(), warming);
            nodes.add(new GraphScores.NodeScore(ids[v], p / rule.nodeThreshold(), flag));
        }
        return new GraphScores(edges, nodes);
    }

    private static boolean judge(Debounce d, double p, double threshold, boolean warming) {
        Verdict v = warming ? Verdict.warming(p, threshold) : new Verdict(p, threshold, p >= threshold, false);
        return d.apply(v).anomalous();
    }
}
