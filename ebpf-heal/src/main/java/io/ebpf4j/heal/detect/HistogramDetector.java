package io.ebpf4j.heal.detect;

/**
 * An online detector over a series of histograms (for example the per-period bucket deltas of a log2
 * latency histogram), with memory bounded independently of the series length. Not thread-safe.
 *
 * <p>A verdict with a NaN score carries no information (the period held too few samples): the
 * detector's state did not change and the flag is the previous one.
 */
public interface HistogramDetector {
    /** A short stable name for journals and metrics, e.g. {@code "histogram-shift"}. */
    String name();

    /** Feeds the next period's bucket counts (non-negative, fixed length) and returns the verdict on it. */
    Verdict update(long[] counts);

    /** Forgets everything learnt (back to warm-up). */
    void reset();
}
