package io.ebpf4j.heal.detect;

/**
 * Debounced detectors configured for the series the self-healing loop watches. Every call returns a
 * new, independent detector (one per series). The bounds quoted are those the test suite checks on
 * synthetic series (see {@code docs/heal/DETECTORS.md}).
 */
public final class Detectors {
    private Detectors() {}

    /** Debounce of the loss detector: the CUSUM already integrates, so two of three suffice. */
    public static final Debounce.Config LOSS_DEBOUNCE = new Debounce.Config(2, 3, 5);
    /** Debounce of the RTT detector: five of the last eight, so a few scheduler spikes never alarm. */
    public static final Debounce.Config RTT_DEBOUNCE = new Debounce.Config(5, 8, 8);
    /** Debounce of the rate and histogram detectors. */
    public static final Debounce.Config DEFAULT_DEBOUNCE = Debounce.Config.defaults();

    /**
     * Probe loss ratio per period (0..1; about 5 probes per 50 ms period, so a clean link reads 0 and a
     * lossy one 0, 0.2, 0.4, ...): an upward {@link Cusum} whose sigma floor (0.1 loss) dominates the
     * estimate on a clean link, so it works in loss units: slack 1 sigma = 0.1 loss, threshold 5
     * sigma = 0.5 loss-periods, one period adds at most 0.4 - 0.1 (a lone lost probe never alarms),
     * debounced by {@link #LOSS_DEBOUNCE}. Tested: no alarm at per-probe loss up to 1 %; 20 % loss
     * detected within 100 periods (typically 8), 50 % within 10. A dead link must be fed 1, not NaN.
     */
    public static AnomalyDetector forLoss() {
        return new Debounced(new Cusum(new Cusum.Config(1, 5, 4, 20, 0.1, 0.01, Direction.UP)), LOSS_DEBOUNCE);
    }

    /**
     * Mean probe RTT per period in microseconds (clean 30..200 us, isolated spikes of milliseconds): an
     * upward {@link RobustZ} over 64 periods, threshold 5, scale floored at 50 us and at 10 % of the
     * median, debounced by {@link #RTT_DEBOUNCE}. An alarm needs a sustained rise of at least 250 us:
     * CPU contention on a loaded host does not pass for a link fault, a bandwidth collapse (milliseconds
     * of queueing) does. Tested: +300 us or x10 detected within 10 periods, +1 ms within 5.
     */
    public static AnomalyDetector forRtt() {
        return new Debounced(new RobustZ(new RobustZ.Config(64, 16, 5, 50, 0.1, Direction.UP)), RTT_DEBOUNCE);
    }

    /** {@link #forRate(double)} with a floor of 10 events per second (TCP resets per second of a node). */
    public static AnomalyDetector forRate() {
        return forRate(10);
    }

    /**
     * An event rate (per second, mostly 0 or small): an upward {@link RobustZ} over 64 periods,
     * threshold 6, scale floored at {@code minSigma} and at 20 % of the median, debounced by
     * {@link #DEFAULT_DEBOUNCE}.
     */
    public static AnomalyDetector forRate(double minSigma) {
        return new Debounced(new RobustZ(new RobustZ.Config(64, 16, 6, minSigma, 0.2, Direction.UP)),
                DEFAULT_DEBOUNCE);
    }

    /**
     * Per-period bucket deltas of a 64-bucket log2 latency histogram: {@link HistogramShift} with its
     * defaults (JS divergence above 0.2, periods of at least 30 samples), debounced by
     * {@link #DEFAULT_DEBOUNCE}.
     */
    public static HistogramDetector forLatencyHistogram() {
        return new DebouncedHistogram(new HistogramShift(HistogramShift.Config.defaults()), DEFAULT_DEBOUNCE);
    }
}
