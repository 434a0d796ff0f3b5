package io.ebpf4j.heal.detect;

/**
 * Which deviations from the baseline count as anomalous. Loss, RTT and error rates only hurt when they
 * rise, so their detectors watch {@link #UP}; a throughput collapse is {@link #DOWN}.
 */
public enum Direction {
    /** Only values above the baseline. */
    UP,
    /** Only values below the baseline. */
    DOWN,
    /** Both sides. */
    BOTH;

    /**
     * The part of a signed deviation {@code z} (value minus baseline, in any unit) that this direction
     * watches: {@code z} itself for {@link #UP}, {@code -z} for {@link #DOWN}, {@code |z|} for {@link #BOTH}.
     */
    public double watched(double z) {
        return switch (this) {
            case UP -> z;
            case DOWN -> -z;
            case BOTH -> Math.abs(z);
        };
    }
}
