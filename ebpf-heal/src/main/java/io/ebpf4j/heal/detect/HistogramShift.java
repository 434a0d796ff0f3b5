package io.ebpf4j.heal.detect;

import java.util.Arrays;

/**
 * Distribution shift of a histogram series: the Jensen-Shannon divergence (base 2, so in [0, 1]) between
 * one period's bucket distribution and a reference distribution. JS divergence measures how far the
 * shape moved, independently of the period's volume, and stays finite with empty buckets: a latency
 * shift by a factor of 4 or more on log2 buckets moves the mass to disjoint buckets and scores close
 * to 1, while sampling noise of a stable distribution with at least {@code minCount} samples scores a
 * few hundredths.
 *
 * <p>The reference is the pooled distribution of the first {@code warmup} periods that hold at least
 * {@code minCount} samples, then follows slow drift with weight {@code referenceAlpha}, but only from
 * normal periods (a fault never becomes the reference). Periods with fewer than {@code minCount} samples
 * give no verdict (score NaN, state unchanged, previous flag). Memory: two {@code double[buckets]}.
 */
public final class HistogramShift implements HistogramDetector {
    private static final double LN2 = Math.log(2);
    /** Periods scoring above this share of the threshold do not update the reference. */
    public static final double LEARN_FRACTION = 0.5;

    /**
     * Configuration.
     *
     * @param buckets        bucket count of every histogram (>= 2; default 64, as ProbeStats and
     *                       LatencyHistogram use)
     * @param warmup         periods (with enough samples) pooled into the first reference (>= 1; default 20)
     * @param minCount       fewest samples in a period for a verdict (>= 1; default 30)
     * @param threshold      JS divergence above which a period is anomalous, in (0, 1) (default 0.2)
     * @param referenceAlpha weight of a normal period in the reference's drift, in (0, 1) (default 0.02)
     */
    public record Config(int buckets, int warmup, int minCount, double threshold, double referenceAlpha) {
        public Config {
            Checks.atLeast("buckets", buckets, 2);
            Checks.atLeast("warmup", warmup, 1);
            Checks.atLeast("minCount", minCount, 1);
            Checks.fraction("threshold", threshold);
            Checks.fraction("referenceAlpha", referenceAlpha);
        }

        /** 64 buckets, warm-up 20 periods, at least 30 samples, threshold 0.2, reference alpha 0.02. */
        public static Config defaults() {
            return new Config(64, 20, 30, 0.2, 0.02);
        }
    }

    private final Config config;
    private final double[] reference;
    private final double[] current;
    private int learnt;
    private boolean lastAnomalous;

    /** A detector with configuration {@code config}. */
    public HistogramShift(Config config) {
        this.config = Checks.notNull("config", config);
        this.reference = new double[config.buckets()];
        this.current = new double[config.buckets()];
    }

    /** This detector's configuration. */
    public Config config() {
        return config;
    }

    @Override
    public String name() {
        return "histogram-shift";
    }

    @Override
    public Verdict update(long[] counts) {
        long total = total(counts);
        boolean warming = learnt < config.warmup();
        if (total < config.minCount()) {
            return new Verdict(Double.NaN, config.threshold(), lastAnomalous, warming);
        }
        if (warming) {
            for (int i = 0; i < counts.length; i++) {
                reference[i] += counts[i];
            }
            if (++learnt == config.warmup()) {
                normalise(reference);
            }
            return Verdict.warming(0, config.threshold());
        }
        for (int i = 0; i < counts.length; i++) {
            current[i] = (double) counts[i] / total;
        }
        double score = jensenShannon(current, reference);
        lastAnomalous = score > config.threshold();
        if (score <= config.threshold() * LEARN_FRACTION) {
            double a = config.referenceAlpha();
            for (int i = 0; i < reference.length; i++) {
                reference[i] = (1 - a) * reference[i] + a * current[i];
            }
        }
        return new Verdict(score, config.threshold(), lastAnomalous, false);
    }

    private long total(long[] counts) {
        if (counts == null || counts.length != config.buckets()) {
            throw new IllegalArgumentException("counts must have " + config.buckets() + " buckets: "
                    + (counts == null ? "null" : counts.length));
        }
        long total = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] < 0) {
                throw new IllegalArgumentException("counts[" + i + "] must be >= 0: " + counts[i]);
            }
            total += counts[i];
        }
        return total;
    }

    private static void normalise(double[] p) {
        double sum = 0;
        for (double v : p) {
            sum += v;
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
    }

    /** The Jensen-Shannon divergence of two distributions, base 2 (0 = equal, 1 = disjoint). */
    static double jensenShannon(double[] p, double[] q) {
        double js = 0;
        for (int i = 0; i < p.length; i++) {
            double m = (p[i] + q[i]) / 2;
            if (p[i] > 0) {
                js += p[i] * Math.log(p[i] / m);
            }
            if (q[i] > 0) {
                js += q[i] * Math.log(q[i] / m);
            }
        }
        return Math.max(0, js / (2 * LN2));
    }

    /** A copy of the current reference distribution (all zeros before warm-up ends). */
    public double[] reference() {
        return learnt < config.warmup() ? new double[reference.length] : reference.clone();
    }

    @Override
    public void reset() {
        Arrays.fill(reference, 0);
        learnt = 0;
        lastAnomalous = false;
    }
}
