package io.ebpf4j.heal.learn;

/**
 * Softmax cross-entropy with class weights: {@code sum_i w[y_i] * -log softmax(logits_i)[y_i] / norm}.
 * Rows labelled -1 are ignored. Training divides by the batch's total weight ({@link #weight}), so
 * each head's loss is a weighted mean.
 */
final class WeightedCrossEntropy {
    private WeightedCrossEntropy() {}

    /** The total weight of {@code labels} (ignored rows count 0). */
    static double weight(int[] labels, double[] classWeights) {
        double w = 0;
        for (int y : labels) {
            if (y >= 0) {
                w += classWeights[y];
            }
        }
        return w;
    }

    /**
     * The loss of {@code logits} (rows of {@link FaultClass#COUNT}) against {@code labels}, divided by
     * {@code norm}; writes its gradient with respect to the logits into {@code dLogits} (overwriting)
     * unless it is null. {@code probs} is scratch of the logits' size.
     */
    static double loss(double[] logits, int[] labels, double[] classWeights, double norm, double[] probs,
            double[] dLogits) {
        int c = FaultClass.COUNT;
        GraphModel.softmax(logits, probs);
        double total = 0;
        for (int r = 0; r < labels.length; r++) {
            int y = labels[r];
            double w = y < 0 ? 0 : classWeights[y] / norm;
            if (w > 0) {
                total -= w * StrictMath.log(Math.max(probs[r * c + y], 1e-300));
            }
            if (dLogits != null) {
                for (int k = 0; k < c; k++) {
                    dLogits[r * c + k] = w * (probs[r * c + k] - (k == y ? 1 : 0));
                }
            }
        }
        return total;
    }
}
