package io.ebpf4j.heal.learn;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A learned model over telemetry snapshots with two heads, one per node and one per directed edge,
 * each giving the probabilities of the {@link FaultClass}es. Two kinds over the same input features:
 * {@link GraphSage} (two GraphSAGE layers, then the heads) and the topology-blind {@link Mlp} baseline.
 * Inference allocates nothing once its buffers fit the snapshot's size; a model is not thread-safe
 * (one pass at a time). Save and load with {@link ModelFile}; train with {@link Trainer}.
 */
public abstract sealed class GraphModel permits GraphSage, Mlp {
    /** The kind of model, as the detector option and the model file name it. */
    public enum Kind {
        /** Two GraphSAGE (mean aggregator) layers under the heads. */
        GRAPHSAGE,
        /** Per-item multi-layer perceptrons on the same features, no message passing. */
        MLP;

        /** The lower-case name ({@code graphsage}, {@code mlp}). */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The kind named {@code s} (case-insensitive). */
        public static Kind of(String s) {
            for (Kind k : values()) {
                if (k.label().equalsIgnoreCase(s)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown model kind '" + s + "' (graphsage or mlp)");
        }
    }

    /** What one forward pass keeps; reused between passes. */
    abstract static class Pass {
        FeatureGraph graph;
        double[] nodeLogits = new double[0];
        double[] edgeLogits = new double[0];

        void size(FeatureGraph g) {
            graph = g;
            if (nodeLogits.length != g.nodes() * FaultClass.COUNT) {
                nodeLogits = new double[g.nodes() * FaultClass.COUNT];
            }
            if (edgeLogits.length != g.edges() * FaultClass.COUNT) {
                edgeLogits = new double[g.edges() * FaultClass.COUNT];
            }
        }
    }

    final int hidden;
    final int headHidden;

    GraphModel(int hidden, int headHidden) {
        if (hidden < 1 || headHidden < 1) {
            throw new IllegalArgumentException("layer widths must be >= 1: hidden " + hidden + ", head " + headHidden);
        }
        this.hidden = hidden;
        this.headHidden = headHidden;
    }

    /** A new model of {@code kind} with random weights drawn from {@code seed}. */
    public static GraphModel create(Kind kind, int hidden, int headHidden, long seed) {
        GraphModel m = blank(kind, hidden, headHidden);
        m.init(new SplittableRandom(seed));
        return m;
    }

    /** A new model of {@code kind} with zero weights (to be loaded). */
    static GraphModel blank(Kind kind, int hidden, int headHidden) {
        return switch (kind) {
            case GRAPHSAGE -> new GraphSage(hidden, headHidden);
            case MLP -> new Mlp(hidden, headHidden);
        };
    }

    /** This model's kind. */
    public abstract Kind kind();

    /** The width of the hidden layers (GraphSAGE layers, or the MLP's first layer). */
    public int hidden() {
        return hidden;
    }

    /** The width of the heads' hidden layer. */
    public int headHidden() {
        return headHidden;
    }

    /** The number of trainable values. */
    public int parameterCount() {
        int n = 0;
        for (Param p : params()) {
            n += p.w.length;
        }
        return n;
    }

    /** The parameter tensors, in a fixed order. */
    abstract List<Param> params();

    abstract void init(SplittableRandom rnd);

    abstract Pass newPass();

    /** Fills {@code p}'s logits for {@code g}. */
    abstract void forward(FeatureGraph g, Pass p);

    /** Accumulates the parameter gradients of the loss whose logit gradients are {@code dNode}, {@code dEdge}. */
    abstract void backward(Pass p, double[] dNode, double[] dEdge);

    /** Softmax of each row of {@code logits} ({@link FaultClass#COUNT} wide) into {@code probs}. */
    static void softmax(double[] logits, double[] probs) {
        int c = FaultClass.COUNT;
        for (int r = 0; r < logits.length / c; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < c; k++) {
                max = Math.max(max, logits[r * c + k]);
            }
            double sum = 0;
            for (int k = 0; k < c; k++) {
                double e = StrictMath.exp(logits[r * c + k] - max);
                probs[r * c + k] = e;
                sum += e;
            }
            for (int k = 0; k < c; k++) {
                probs[r * c + k] /= sum;
            }
        }
    }
}
