package io.ebpf4j.heal.detect;

/** Parameter validation for detector configurations: every failure names the parameter. */
final class Checks {
    private Checks() {}

    static int atLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be >= " + min + ": " + value);
        }
        return value;
    }

    static double positive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and > 0: " + value);
        }
        return value;
    }

    static double nonNegative(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and >= 0: " + value);
        }
        return value;
    }

    static double fraction(String name, double value) {
        if (!(value > 0 && value < 1)) {
            throw new IllegalArgumentException(name + " must be in (0, 1): " + value);
        }
        return value;
    }

    static <T> T notNull(String name, T value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return value;
    }

    /**
     * Rejects infinite samples; returns whether {@code value} is a real sample (NaN is a missing one,
     * which detectors skip without changing state).
     */
    static boolean sample(double value) {
        if (Double.isInfinite(value)) {
            throw new IllegalArgumentException("sample must be finite (or NaN for a missing one): " + value);
        }
        return !Double.isNaN(value);
    }
}
