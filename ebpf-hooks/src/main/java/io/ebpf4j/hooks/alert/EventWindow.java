package io.ebpf4j.hooks.alert;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/** Per-subject event time stamps within a sliding window (kernel ns). Not thread-safe. */
final class EventWindow {
    private final long windowNs;
    private final Map<String, ArrayDeque<Long>> times = new HashMap<>();

    EventWindow(long windowNs) {
        this.windowNs = windowNs;
    }

    /** Adds an event of {@code subject} at {@code tNs}; the count within the window ending there. */
    int add(String subject, long tNs) {
        ArrayDeque<Long> q = times.computeIfAbsent(subject, s -> new ArrayDeque<>());
        q.addLast(tNs);
        return count(subject, tNs);
    }

    /** The count of {@code subject}'s events in {@code (nowNs - window, nowNs]}; forgets older ones. */
    int count(String subject, long nowNs) {
        ArrayDeque<Long> q = times.get(subject);
        if (q == null) {
            return 0;
        }
        while (!q.isEmpty() && q.peekFirst() <= nowNs - windowNs) {
            q.removeFirst();
        }
        if (q.isEmpty()) {
            times.remove(subject);
            return 0;
        }
        return q.size();
    }
}
