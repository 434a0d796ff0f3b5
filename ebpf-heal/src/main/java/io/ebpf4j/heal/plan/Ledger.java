package io.ebpf4j.heal.plan;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The times of recent toggles (applies and undos), globally and per subject, forgotten after a
 * horizon: the memory the guards judge by. Bounded: entries older than the horizon are dropped and
 * at most {@link #MAX_ENTRIES} are kept per series. Not thread-safe (the planner's thread).
 */
public final class Ledger {
    /** The most toggle times kept per series (a guard window never needs more). */
    public static final int MAX_ENTRIES = 4096;

    private final long horizonNanos;
    private final ArrayDeque<Long> all = new ArrayDeque<>();
    private final Map<String, ArrayDeque<Long>> bySubject = new HashMap<>();

    /** A ledger remembering toggles for {@code horizonNanos} (at least the longest guard window). */
    public Ledger(long horizonNanos) {
        if (horizonNanos <= 0) {
            throw new IllegalArgumentException("horizon must be positive, not " + horizonNanos);
        }
        this.horizonNanos = horizonNanos;
    }

    /** Records a toggle of {@code subject} at {@code monoNanos} and forgets what is past the horizon. */
    public void record(String subject, long monoNanos) {
        add(all, monoNanos);
        add(bySubject.computeIfAbsent(subject, s -> new ArrayDeque<>()), monoNanos);
        prune(monoNanos);
    }

    /** The last toggle of {@code subject}, if within the horizon. */
    public OptionalLong lastToggle(String subject) {
        ArrayDeque<Long> q = bySubject.get(subject);
        return q == null || q.isEmpty() ? OptionalLong.empty() : OptionalLong.of(q.peekLast());
    }

    /** Toggles of {@code subject} at or after {@code sinceNanos}. */
    public int toggles(String subject, long sinceNanos) {
        ArrayDeque<Long> q = bySubject.get(subject);
        return q == null ? 0 : count(q, sinceNanos);
    }

    /** Toggles of any subject at or after {@code sinceNanos}. */
    public int toggles(long sinceNanos) {
        return count(all, sinceNanos);
    }

    /** Forgets toggles older than the horizon before {@code nowNanos}. */
    public void prune(long nowNanos) {
        long oldest = nowNanos - horizonNanos;
        drop(all, oldest);
        for (Iterator<ArrayDeque<Long>> it = bySubject.values().iterator(); it.hasNext();) {
            ArrayDeque<Long> q = it.next();
            drop(q, oldest);
            if (q.isEmpty()) {
                it.remove();
            }
        }
    }

    private static void add(ArrayDeque<Long> q, long t) {
        q.addLast(t);
        if (q.size() > MAX_ENTRIES) {
            q.removeFirst();
        }
    }

    private static void drop(ArrayDeque<Long> q, long oldest) {
        while (!q.isEmpty() && q.peekFirst() - oldest < 0) {
            q.removeFirst();
        }
    }

    private static int count(ArrayDeque<Long> q, long since) {
        int c = 0;
        for (Iterator<Long> it = q.descendingIterator(); it.hasNext() && it.next() - since >= 0;) {
            c++;
        }
        return c;
    }
}
