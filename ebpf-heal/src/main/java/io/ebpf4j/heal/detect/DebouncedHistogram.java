package io.ebpf4j.heal.detect;

/** A histogram detector whose verdicts pass through a {@link Debounce}. */
public final class DebouncedHistogram implements HistogramDetector {
    private final HistogramDetector inner;
    private final Debounce debounce;

    /** Debounces {@code inner} with {@code config}. */
    public DebouncedHistogram(HistogramDetector inner, Debounce.Config config) {
        this.inner = Checks.notNull("inner", inner);
        this.debounce = new Debounce(config);
    }

    /** The wrapped detector. */
    public HistogramDetector inner() {
        return inner;
    }

    @Override
    public String name() {
        return inner.name() + "/debounced";
    }

    @Override
    public Verdict update(long[] counts) {
        return debounce.apply(inner.update(counts));
    }

    @Override
    public void reset() {
        inner.reset();
        debounce.reset();
    }
}
