package io.ebpf4j.heal.detect;

import java.util.Arrays;

/** A fixed-capacity sliding window of doubles with its median and median absolute deviation. */
final class SampleWindow {
    private final double[] ring;
    private final double[] scratch;
    private int size;
    private int next;

    SampleWindow(int capacity) {
        ring = new double[capacity];
        scratch = new double[capacity];
    }

    void add(double x) {
        ring[next] = x;
        next = (next + 1) % ring.length;
        size = Math.min(size + 1, ring.length);
    }

    int size() {
        return size;
    }

    int capacity() {
        return ring.length;
    }

    void clear() {
        size = 0;
        next = 0;
    }

    /** The median of the window (NaN when empty). */
    double median() {
        System.arraycopy(ring, 0, scratch, 0, size);
        return sortedMedian(size);
    }

    /** The median of {@code |x - center|} over the window (NaN when empty). */
    double mad(double center) {
        for (int i = 0; i < size; i++) {
            scratch[i] = Math.abs(ring[i] - center);
        }
        return sortedMedian(size);
    }

    private double sortedMedian(int n) {
        if (n == 0) {
            return Double.NaN;
        }
        Arrays.sort(scratch, 0, n);
        return n % 2 == 1 ? scratch[n / 2] : (scratch[n / 2 - 1] + scratch[n / 2]) / 2;
    }
}
