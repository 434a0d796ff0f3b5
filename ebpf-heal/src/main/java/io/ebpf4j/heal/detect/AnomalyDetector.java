package io.ebpf4j.heal.detect;

/**
 * An online detector over one scalar series, with memory bounded independently of the series length.
 * Not thread-safe: one series, one detector, one thread (the loop's analyze step).
 */
public interface AnomalyDetector {
    /** A short stable name for journals and metrics, e.g. {@code "cusum"}. */
    String name();

    /** Feeds the next sample (finite) and returns the verdict on it. */
    Verdict update(double value);

    /** Forgets everything learnt (back to warm-up). */
    void reset();
}
