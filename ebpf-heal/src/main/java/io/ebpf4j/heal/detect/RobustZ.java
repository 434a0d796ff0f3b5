package io.ebpf4j.heal.detect;

/**
 * Robust z-score over a sliding window: {@code z = (x - median) / sigma} with
 * {@code sigma = max(1.4826 * MAD, minSigma, relativeMinSigma * |median|)}, MAD the median absolute
 * deviation of the window. The median and MAD ignore isolated outliers (up to half the window), so a
 * scheduler spike neither hides the next one nor widens the baseline; the floors keep a perfectly
 * flat baseline (0 % loss, a constant count) from turning tiny noise into huge scores.
 *
 * <p>Anomalous samples never enter the window, and normal ones enter clipped to
 * {@code median +- LEARN_FRACTION * threshold * sigma} (winsorised, which leaves median and MAD of a
 * stationary series unchanged): a long fault, even one hovering just below the threshold, does not
 * become the baseline quickly (call {@link #reset()} to accept a new level at once). Memory: one {@code double[window]} (plus scratch),
 * whatever the series length. A NaN sample is a missing one: no state change, score NaN, the previous
 * flag repeated.
 */
public final class RobustZ implements AnomalyDetector {
    /** Scale factor making the MAD a consistent estimator of a Gaussian standard deviation. */
    public static final double MAD_TO_SIGMA = 1.4826;
    /** Normal samples are learnt clipped to this share of the threshold (anomalous ones not at all). */
    public static final double LEARN_FRACTION = 0.5;

    /**
     * Configuration.
     *
     * @param window           samples in the sliding window (>= 3; default 64)
     * @param warmup           samples before the first verdict (2..window; default 32)
     * @param threshold        |z| (in the watched direction) above which a sample is anomalous (default 4)
     * @param minSigma         absolute floor of the scale, in the series' unit (> 0)
     * @param relativeMinSigma floor of the scale as a share of |median| (>= 0; default 0)
     * @param direction        which deviations count (default {@link Direction#BOTH})
     */
    public record Config(int window, int warmup, double threshold, double minSigma, double relativeMinSigma,
            Direction direction) {
        public Config {
            Checks.atLeast("window", window, 3);
            Checks.atLeast("warmup", warmup, 2);
            if (warmup > window) {
                throw new IllegalArgumentException("warmup must be <= window (" + window + "): " + warmup);
            }
            Checks.positive("threshold", threshold);
            Checks.positive("minSigma", minSigma);
            Checks.nonNegative("relativeMinSigma", relativeMinSigma);
            Checks.notNull("direction", direction);
        }

        /** Window 64, warm-up 32, threshold 4, the given absolute floor, no relative floor, both sides. */
        public static Config defaults(double minSigma) {
            return new Config(64, 32, 4, minSigma, 0, Direction.BOTH);
        }
    }

    private final Config config;
    private final SampleWindow window;
    private boolean lastAnomalous;

    /** A detector with configuration {@code config}. */
    public RobustZ(Config config) {
        this.config = Checks.notNull("config", config);
        this.window = new SampleWindow(config.window());
    }

    /** This detector's configuration. */
    public Config config() {
        return config;
    }

    @Override
    public String name() {
        return "robust-z";
    }

    @Override
    public Verdict update(double value) {
        if (!Checks.sample(value)) {
            return new Verdict(Double.NaN, config.threshold(), lastAnomalous, warmingUp());
        }
        if (warmingUp()) {
            window.add(value);
            return Verdict.warming(0, config.threshold());
        }
        double median = window.median();
        double sigma = Math.max(MAD_TO_SIGMA * window.mad(median),
                Math.max(config.minSigma(), config.relativeMinSigma() * Math.abs(median)));
        double score = config.direction().watched((value - median) / sigma);
        lastAnomalous = score > config.threshold();
        if (!lastAnomalous) {
            double band = config.threshold() * LEARN_FRACTION * sigma;
            window.add(Math.max(median - band, Math.min(median + band, value)));
        }
        return new Verdict(score, config.threshold(), lastAnomalous, false);
    }

    private boolean warmingUp() {
        return window.size() < config.warmup();
    }

    /** Samples currently held (never more than the configured window). */
    public int retainedSamples() {
        return window.size();
    }

    @Override
    public void reset() {
        window.clear();
        lastAnomalous = false;
    }
}
