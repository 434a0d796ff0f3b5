package io.ebpf4j.heal.detect;

/**
 * What a detector says of one sample.
 *
 * @param score     the detector's statistic for this sample (its own unit: z-score, CUSUM sum, divergence)
 * @param threshold the value {@code score} must pass to be anomalous
 * @param anomalous whether this sample is anomalous (always false while warming up)
 * @param warmingUp whether the detector has seen too few samples to judge
 */
public record Verdict(double score, double threshold, boolean anomalous, boolean warmingUp) {
    /** The verdict of a detector still learning its baseline. */
    public static Verdict warming(double score, double threshold) {
        return new Verdict(score, threshold, false, true);
    }
}
