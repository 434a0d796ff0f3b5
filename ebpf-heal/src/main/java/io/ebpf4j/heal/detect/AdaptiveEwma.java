package io.ebpf4j.heal.detect;

/**
 * Exponentially weighted mean and variance with a z-score test:
 * {@code z = (x - mean) / max(sqrt(var), minSigma)}. The baseline is learnt exactly (Welford) over the
 * warm-up, then tracks slow drift with weight {@code alpha}:
 * {@code mean += alpha * d; var = (1 - alpha) * (var + alpha * d * d)} with {@code d = x - mean}.
 *
 * <p>Anomalous samples do not update the baseline, and normal ones update it with their deviation
 * clipped to {@code LEARN_FRACTION * threshold} sigmas ({@link RobustZ#LEARN_FRACTION}, winsorised), so
 * a long fault, even one hovering just below the threshold, does not become the new normal quickly
 * ({@link #reset()} accepts a new level at once). Memory: four numbers. A NaN sample is a missing one: no state
 * change, score NaN, the previous flag repeated.
 */
public final class AdaptiveEwma implements AnomalyDetector {
    /**
     * Configuration.
     *
     * @param alpha     weight of a new normal sample in the mean and variance, in (0, 1) (default 0.05:
     *                  a memory of about 20 samples)
     * @param warmup    samples before the first verdict (>= 2; default 20)
     * @param threshold z (in the watched direction) above which a sample is anomalous (default 4)
     * @param minSigma  floor of the standard deviation, in the series' unit (> 0)
     * @param direction which deviations count (default {@link Direction#BOTH})
     */
    public record Config(double alpha, int warmup, double threshold, double minSigma, Direction direction) {
        public Config {
            Checks.fraction("alpha", alpha);
            Checks.atLeast("warmup", warmup, 2);
            Checks.positive("threshold", threshold);
            Checks.positive("minSigma", minSigma);
            Checks.notNull("direction", direction);
        }

        /** alpha 0.05, warm-up 20, threshold 4, the given floor, both sides. */
        public static Config defaults(double minSigma) {
            return new Config(0.05, 20, 4, minSigma, Direction.BOTH);
        }
    }

    private final Config config;
    private final Baseline baseline;
    private boolean lastAnomalous;

    /** A detector with configuration {@code config}. */
    public AdaptiveEwma(Config config) {
        this.config = Checks.notNull("config", config);
        this.baseline = new Baseline(config.warmup());
    }

    /** This detector's configuration. */
    public Config config() {
        return config;
    }

    @Override
    public String name() {
        return "ewma";
    }

    @Override
    public Verdict update(double value) {
        Verdict skipped = baseline.admit(value, config.threshold(), lastAnomalous);
        if (skipped != null) {
            return skipped;
        }
        double score = config.direction().watched((value - baseline.mean()) / sigma());
        lastAnomalous = score > config.threshold();
        if (!lastAnomalous) {
            baseline.drift(value, config.alpha(), config.threshold() * RobustZ.LEARN_FRACTION * sigma());
        }
        return new Verdict(score, config.threshold(), lastAnomalous, false);
    }

    /** The current baseline mean (meaningful after warm-up). */
    public double mean() {
        return baseline.mean();
    }

    /** The current floored baseline standard deviation (meaningful after warm-up). */
    public double sigma() {
        return baseline.sigma(config.minSigma());
    }

    @Override
    public void reset() {
        baseline.clear();
        lastAnomalous = false;
    }
}
