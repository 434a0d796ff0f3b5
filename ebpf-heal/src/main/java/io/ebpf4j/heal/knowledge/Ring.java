package io.ebpf4j.heal.knowledge;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** A fixed-capacity ring of the most recent items; thread-safe (one lock per ring). */
final class Ring<T> {
    private final Object[] items;
    private int next;
    private int size;
    private long added;

    Ring(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
        }
        items = new Object[capacity];
    }

    synchronized void add(T item) {
        items[next] = item;
        next = (next + 1) % items.length;
        size = Math.min(size + 1, items.length);
        added++;
    }

    /** Up to {@code n} of the newest items matching {@code filter}, oldest first. */
    @SuppressWarnings("unchecked")
    synchronized List<T> recent(int n, Predicate<? super T> filter) {
        if (n < 0) {
            throw new IllegalArgumentException("count must not be negative: " + n);
        }
        List<T> out = new ArrayList<>(Math.min(n, size));
        for (int i = 1; i <= size && out.size() < n; i++) {
            T item = (T) items[Math.floorMod(next - i, items.length)];
            if (filter.test(item)) {
                out.add(item);
            }
        }
        return out.reversed();
    }

    synchronized int size() {
        return size;
    }

    synchronized long added() {
        return added;
    }

    int capacity() {
        return items.length;
    }
}
