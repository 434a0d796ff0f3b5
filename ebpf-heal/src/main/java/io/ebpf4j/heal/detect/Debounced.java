package io.ebpf4j.heal.detect;

/** A scalar detector whose verdicts pass through a {@link Debounce}. */
public final class Debounced implements AnomalyDetector {
    private final AnomalyDetector inner;
    private final Debounce debounce;

    /** Debounces {@code inner} with {@code config}. */
    public Debounced(AnomalyDetector inner, Debounce.Config config) {
        this.inner = Checks.notNull("inner", inner);
        this.debounce = new Debounce(config);
    }

    /** The wrapped detector. */
    public AnomalyDetector inner() {
        return inner;
    }

    @Override
    public String name() {
        return inner.name() + "/debounced";
    }

    @Override
    public Verdict update(double value) {
        return debounce.apply(inner.update(value));
    }

    @Override
    public void reset() {
        inner.reset();
        debounce.reset();
    }
}
