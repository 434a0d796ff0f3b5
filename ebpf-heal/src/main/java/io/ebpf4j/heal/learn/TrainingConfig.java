package io.ebpf4j.heal.learn;

import io.ebpf4j.heal.detect.Debounce;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The settings of one training ({@link Trainer}): the model, the optimiser (Adam, decoupled weight
 * decay), early stopping on a validation split of whole time blocks, the class weights, and the decision
 * rule (thresholds NaN: chosen on the validation split, see {@link Trainer}).
 *
 * @param kind                    the model kind
 * @param hidden                  hidden width (GraphSAGE layers; the MLP's first layer)
 * @param headHidden              the heads' hidden width
 * @param maxEpochs               most passes over the training split
 * @param batchSize               snapshots per gradient step
 * @param learningRate            Adam's step size
 * @param weightDecay             decoupled weight decay per step (times the learning rate), weights only
 * @param patience                epochs without a better validation loss before stopping
 * @param seed                    seeds the weights, the split and the shuffling: the same seed and data give
 *                                bit-identical weights
 * @param validationFraction      share of time blocks held out for validation (0..1)
 * @param validationBlockSeconds  length of those blocks (whole blocks, so neighbouring snapshots do not
 *                                leak across the split)
 * @param classWeightPower        class weight {@code (N / (K n_c))^power} (0: unweighted, 1: inverse frequency)
 * @param nodeLossWeight          weight of the node head's loss next to the edge head's
 * @param debounce                the decision rule's debouncing of edges
 * @param nodeDebounce            the decision rule's debouncing of nodes
 * @param warmupPeriods           the decision rule's warm-up
 * @param edgeThreshold           fixed edge threshold, or NaN to choose it on validation
 * @param nodeThreshold           fixed node threshold, or NaN to choose it on validation
 */
public record TrainingConfig(GraphModel.Kind kind, int hidden, int headHidden, int maxEpochs, int batchSize,
        double learningRate, double weightDecay, int patience, long seed, double validationFraction,
        double validationBlockSeconds, double classWeightPower, double nodeLossWeight, Debounce.Config debounce,
        Debounce.Config nodeDebounce, int warmupPeriods, double edgeThreshold, double nodeThreshold) {
    public TrainingConfig {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(debounce, "debounce");
        Objects.requireNonNull(nodeDebounce, "nodeDebounce");
        positive("hidden", hidden);
        positive("headHidden", headHidden);
        positive("maxEpochs", maxEpochs);
        positive("batchSize", batchSize);
        positive("patience", patience);
        if (!(learningRate > 0) || !(weightDecay >= 0) || !(classWeightPower >= 0) || !(nodeLossWeight >= 0)) {
            throw new IllegalArgumentException("learningRate must be > 0 and weightDecay, classWeightPower, nodeLossWeight"
                    + " >= 0: " + learningRate + ", " + weightDecay + ", " + classWeightPower + ", " + nodeLossWeight);
        }
        if (!(validationFraction > 0 && validationFraction < 1) || !(validationBlockSeconds > 0)) {
            throw new IllegalArgumentException("validationFraction must be in (0, 1) and validationBlockSeconds > 0: "
                    + validationFraction + ", " + validationBlockSeconds);
        }
        if (warmupPeriods < 0) {
            throw new IllegalArgumentException("warmupPeriods must be >= 0: " + warmupPeriods);
        }
        for (double t : new double[] {edgeThreshold, nodeThreshold}) {
            if (!Double.isNaN(t) && !(t > 0 && t < 1)) {
                throw new IllegalArgumentException("a fixed threshold must be in (0, 1) (NaN: choose on validation): " + t);
            }
        }
    }

    private static void positive(String name, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(name + " must be >= 1: " + v);
        }
    }

    /**
     * Hidden 16, head 16, at most 60 epochs of batches of 32, Adam at 0.003 with decay 1e-4, patience 8,
     * seed 1, validation 20 % in 20 s blocks, class weights to the power 0.5, node loss weight 1, the
     * default {@link DecisionRule} debouncing and warm-up, thresholds chosen on validation.
     */
    public static TrainingConfig defaults(GraphModel.Kind kind) {
        DecisionRule r = DecisionRule.defaults();
        return new TrainingConfig(kind, 16, 16, 60, 32, 0.003, 1e-4, 8, 1, 0.2, 20, 0.5, 1.0, r.debounce(),
                r.nodeDebounce(), r.warmupPeriods(), Double.NaN, Double.NaN);
    }

    /** The settings by name, for the model's provenance. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("kind", kind.label());
        m.put("hidden", Integer.toString(hidden));
        m.put("head_hidden", Integer.toString(headHidden));
        m.put("max_epochs", Integer.toString(maxEpochs));
        m.put("batch_size", Integer.toString(batchSize));
        m.put("learning_rate", Double.toString(learningRate));
        m.put("weight_decay", Double.toString(weightDecay));
        m.put("patience", Integer.toString(patience));
        m.put("seed", Long.toString(seed));
        m.put("validation_fraction", Double.toString(validationFraction));
        m.put("validation_block_seconds", Double.toString(validationBlockSeconds));
        m.put("class_weight_power", Double.toString(classWeightPower));
        m.put("node_loss_weight", Double.toString(nodeLossWeight));
        m.put("debounce", debounce.on() + "/" + debounce.window() + "/" + debounce.off());
        m.put("node_debounce", nodeDebounce.on() + "/" + nodeDebounce.window() + "/" + nodeDebounce.off());
        m.put("warmup_periods", Integer.toString(warmupPeriods));
        m.put("edge_threshold", Double.isNaN(edgeThreshold) ? "auto" : Double.toString(edgeThreshold));
        m.put("node_threshold", Double.isNaN(nodeThreshold) ? "auto" : Double.toString(nodeThreshold));
        return m;
    }
}
