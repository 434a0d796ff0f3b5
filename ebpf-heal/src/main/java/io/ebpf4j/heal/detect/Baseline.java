package io.ebpf4j.heal.detect;

/**
 * A mean and (unbiased) variance learnt exactly (Welford) over a warm-up of {@code warmup} samples,
 * then moved by exponentially weighted updates: {@code mean += a * d; var = (1 - a) * (var + a * d * d)}.
 */
final class Baseline {
    private final int warmup;
    private long seen;
    private double mean;
    private double var; // during warm-up: Welford's sum of squared deviations

    Baseline(int warmup) {
        this.warmup = warmup;
    }

    /** Whether the warm-up still needs samples. */
    boolean learning() {
        return seen < warmup;
    }

    /**
     * The verdict on {@code value} when it is not to be judged, else null: a NaN (missing) sample repeats
     * {@code lastFlag} with score NaN; a warm-up sample is learnt.
     */
    Verdict admit(double value, double threshold, boolean lastFlag) {
        if (!Checks.sample(value)) {
            return new Verdict(Double.NaN, threshold, lastFlag, learning());
        }
        if (learning()) {
            learn(value);
            return Verdict.warming(0, threshold);
        }
        return null;
    }

    /** Feeds a warm-up sample. */
    void learn(double x) {
        seen++;
        double d = x - mean;
        mean += d / seen;
        var += d * (x - mean);
        if (seen == warmup) {
            var /= seen - 1;
        }
    }

    /**
     * Moves the learnt baseline towards {@code x} with weight {@code a}, the deviation clipped to
     * {@code maxDev} (so one outlier cannot inflate the variance).
     */
    void drift(double x, double a, double maxDev) {
        double d = Math.max(-maxDev, Math.min(maxDev, x - mean));
        mean += a * d;
        var = (1 - a) * (var + a * d * d);
    }

    double mean() {
        return mean;
    }

    double sigma(double floor) {
        return Math.max(Math.sqrt(var), floor);
    }

    void clear() {
        seen = 0;
        mean = 0;
        var = 0;
    }
}
