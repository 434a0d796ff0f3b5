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
    private final java.util.Map<String, Long> lastAttempt = new java.util.HashMap<>();
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

    /**
     * Takes back the toggle of {@code subject} recorded at {@code monoNanos} because it did not happen
     * (its action failed): it no longer counts for flap damping or the rate limit, but it stays the
     * subject's last attempt, so the cooldown still paces the retries.
     */
    public void retract(String subject, long monoNanos) {
        all.removeLastOccurrence(monoNanos);
        ArrayDeque<Long> q = bySubject.get(subject);
        if (q != null) {
            q.removeLastOccurrence(monoNanos);
        }
        lastAttempt.merge(subject, monoNanos, Math::max);
    }

    /** The last toggle (or retracted attempt) of {@code subject}, if within the horizon. */
    public OptionalLong lastToggle(String subject) {
        ArrayDeque<Long> q = bySubject.get(subject);
        Long attempt = lastAttempt.get(subject);
        long last = q == null || q.isEmpty() ? Long.MIN_VALUE : q.peekLast();
        if (attempt != null && (last == Long.MIN_VALUE || attempt - last > 0)) {
            last = attempt;
        }
        return last == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(last);
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
        lastAttempt.values().removeIf(t -> t - oldest < 0);
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
