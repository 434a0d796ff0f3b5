package io.ebpf4j.hooks.alert;

import java.util.ArrayDeque;

/**
 * Snapshots of one cumulative value over time, to difference the newest against the one a window
 * earlier. Not thread-safe.
 */
final class SnapshotWindow<T> {
    private record Sample<T>(long tNs, T value) {}

    private final long windowNs;
    private final ArrayDeque<Sample<T>> samples = new ArrayDeque<>();

    SnapshotWindow(long windowNs) {
        this.windowNs = windowNs;
    }

    /**
     * Adds the snapshot taken at {@code tNs} and returns the baseline to difference it against: the
     * newest earlier sample at or before {@code tNs - window}, or the oldest one while the window is
     * still filling (the value itself for the first sample).
     */
    T add(long tNs, T value) {
        samples.addLast(new Sample<>(tNs, value));
        long start = tNs - windowNs;
        while (samples.size() > 2) {
            var it = samples.iterator();
            it.next();
            if (it.next().tNs() <= start) {
                samples.removeFirst();
            } else {
                break;
            }
        }
        return samples.peekFirst().value();
    }
}
