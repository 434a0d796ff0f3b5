package io.ebpf4j.heal.detect;

/**
 * Hysteresis over a stream of verdicts: the held state turns anomalous once {@code on} of the last
 * {@code window} judged verdicts were anomalous, and normal again after {@code off} consecutive normal
 * ones. Isolated outliers (a scheduler spike, one lost probe) never flip it; a sustained fault flips it
 * within {@code on} samples of becoming visible to the inner detector; flapping is damped on the way back.
 *
 * <p>Warm-up verdicts pass through uncounted; verdicts with a NaN score (no data) are not counted and
 * the held state is repeated. Memory: one {@code long} of history bits.
 */
public final class Debounce {
    /**
     * Configuration.
     *
     * @param on     anomalous verdicts among the last {@code window} that raise the alarm (1..window)
     * @param window verdicts remembered (1..64)
     * @param off    consecutive normal verdicts that clear the alarm (>= 1)
     */
    public record Config(int on, int window, int off) {
        public Config {
            Checks.atLeast("on", on, 1);
            Checks.atLeast("window", window, 1);
            if (window > Long.SIZE) {
                throw new IllegalArgumentException("window must be <= " + Long.SIZE + ": " + window);
            }
            if (on > window) {
                throw new IllegalArgumentException("on must be <= window (" + window + "): " + on);
            }
            Checks.atLeast("off", off, 1);
        }

        /** Three of the last five raise the alarm, five normal in a row clear it. */
        public static Config defaults() {
            return new Config(3, 5, 5);
        }
    }

    private final Config config;
    private final long mask;
    private long history;
    private int normalRun;
    private boolean anomalous;

    /** A debouncer with configuration {@code config}. */
    public Debounce(Config config) {
        this.config = Checks.notNull("config", config);
        this.mask = config.window() == Long.SIZE ? -1L : (1L << config.window()) - 1;
    }

    /** This debouncer's configuration. */
    public Config config() {
        return config;
    }

    /** Feeds the inner detector's verdict and returns the debounced one (same score and threshold). */
    public Verdict apply(Verdict inner) {
        if (Double.isNaN(inner.score()) || inner.warmingUp()) {
            return new Verdict(inner.score(), inner.threshold(), anomalous, inner.warmingUp() && !anomalous);
        }
        history = ((history << 1) | (inner.anomalous() ? 1 : 0)) & mask;
        if (!anomalous) {
            if (Long.bitCount(history) >= config.on()) {
                anomalous = true;
                normalRun = 0;
            }
        } else {
            normalRun = inner.anomalous() ? 0 : normalRun + 1;
            if (normalRun >= config.off()) {
                anomalous = false;
                history = 0;
            }
        }
        return new Verdict(inner.score(), inner.threshold(), anomalous, false);
    }

    /** The held state. */
    public boolean anomalous() {
        return anomalous;
    }

    /** Back to normal with no history. */
    public void reset() {
        history = 0;
        normalRun = 0;
        anomalous = false;
    }
}
