package io.ebpf4j.heal.detect;

/**
 * Page's CUSUM for level shifts, in units of the baseline standard deviation. With
 * {@code z = clip((x - mean) / sigma)} the upper sum is {@code S+ = max(0, S+ + z - k)} and the lower
 * {@code S- = max(0, S- - z - k)}; the alarm is raised when a watched sum exceeds {@code h}. A
 * sustained shift of {@code delta} sigmas ({@code delta > k}) alarms after about {@code h / (delta - k)}
 * samples; noise below {@code k} sigmas never accumulates.
 *
 * <p>Each z is clipped to {@code [-clip, clip]}, so one huge spike adds at most {@code clip - k}: with
 * the defaults ({@code clip - k < h}) a lone spike never alarms. The alarm has hysteresis: raised when a
 * sum exceeds {@code h}, it holds until the sum falls to {@code h / 2} (so a slow shift hovering around
 * {@code h} does not flap), then clears and both sums restart from 0. While alarming a sum is capped at
 * {@code 1.5 h}, so the alarm clears within {@code h / k} in-control samples of the shift's end.
 *
 * <p>The baseline (mean, sigma floored at {@code minSigma}) is learnt over the warm-up, then follows
 * slow drift with weight {@code baselineAlpha} (each deviation clipped to {@code clip} sigmas), but only
 * while not alarming and both sums stay at most {@code h / 2}: a shift stops the learning within a few samples, long
 * before it alarms, so a fault never becomes the baseline. Memory: a handful of numbers. A NaN sample
 * is a missing one: no state change, score NaN, the previous flag repeated.
 */
public final class Cusum implements AnomalyDetector {
    /**
     * Configuration.
     *
     * @param k             slack, in sigmas (>= 0; default 1, tuned to shifts of about 2 sigmas and more)
     * @param h             decision threshold, in sigmas (> 0; default 8)
     * @param clip          largest |z| one sample contributes (> k; default 4)
     * @param warmup        samples learning the baseline (>= 2; default 50)
     * @param minSigma      floor of sigma, in the series' unit (> 0)
     * @param baselineAlpha weight of a quiet sample in the baseline's slow drift, in (0, 1) (default 0.01)
     * @param direction     which shifts count (default {@link Direction#BOTH})
     */
    public record Config(double k, double h, double clip, int warmup, double minSigma, double baselineAlpha,
            Direction direction) {
        public Config {
            Checks.nonNegative("k", k);
            Checks.positive("h", h);
            Checks.positive("clip", clip);
            if (clip <= k) {
                throw new IllegalArgumentException("clip must be > k (" + k + "): " + clip);
            }
            Checks.atLeast("warmup", warmup, 2);
            Checks.positive("minSigma", minSigma);
            Checks.fraction("baselineAlpha", baselineAlpha);
            Checks.notNull("direction", direction);
        }

        /** k 1, h 8, clip 4, warm-up 50, the given floor, baseline alpha 0.01, both sides. */
        public static Config defaults(double minSigma) {
            return new Config(1, 8, 4, 50, minSigma, 0.01, Direction.BOTH);
        }
    }

    private final Config config;
    private final Baseline baseline;
    private double up;
    private double down;
    private boolean alarm;

    /** A detector with configuration {@code config}. */
    public Cusum(Config config) {
        this.config = Checks.notNull("config", config);
        this.baseline = new Baseline(config.warmup());
    }

    /** This detector's configuration. */
    public Config config() {
        return config;
    }

    @Override
    public String name() {
        return "cusum";
    }

    @Override
    public Verdict update(double value) {
        Verdict skipped = baseline.admit(value, config.h(), alarm);
        if (skipped != null) {
            return skipped;
        }
        double z = Math.max(-config.clip(), Math.min(config.clip(), (value - baseline.mean()) / sigma()));
        Direction dir = config.direction();
        double cap = 1.5 * config.h();
        up = dir == Direction.DOWN ? 0 : Math.min(cap, Math.max(0, up + z - config.k()));
        down = dir == Direction.UP ? 0 : Math.min(cap, Math.max(0, down - z - config.k()));
        double score = Math.max(up, down);
        if (!alarm && score > config.h()) {
            alarm = true;
        } else if (alarm && score <= config.h() / 2) {
            alarm = false;
            up = 0;
            down = 0;
        }
        if (!alarm && score <= config.h() / 2) {
            baseline.drift(value, config.baselineAlpha(), config.clip() * sigma());
        }
        return new Verdict(score, config.h(), alarm, false);
    }

    /** The floored baseline standard deviation (meaningful after warm-up). */
    public double sigma() {
        return baseline.sigma(config.minSigma());
    }

    /** The baseline mean (meaningful after warm-up). */
    public double mean() {
        return baseline.mean();
    }

    @Override
    public void reset() {
        baseline.clear();
        up = 0;
        down = 0;
        alarm = false;
    }
}
