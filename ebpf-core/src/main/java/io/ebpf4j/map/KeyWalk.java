package io.ebpf4j.map;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.HashSet;
import java.util.Set;

/**
 * A walk over a map's keys with bpf_map_get_next_key that survives concurrent deletes.
 *
 * <p>When the key the walk stands on is deleted, the kernel answers the next-key question with the
 * map's first key (hash maps, LPM tries), so a naive walk repeats keys or never ends. This walk
 * remembers every key it has produced and skips them: no key is produced twice, every key present for
 * the whole walk is produced, keys inserted or deleted during the walk may or may not be. After a
 * restart, skipping the keys already produced takes at most max_entries steps; a step to the next new
 * key that takes more than 4 × (max_entries + 1) next-key calls (possible only while other threads
 * keep deleting and re-inserting keys under the walk) ends it with a
 * {@link ConcurrentModificationException} instead of spinning. The walk ends at the end of the map;
 * while new keys keep arriving it keeps producing them, each once. Memory: one copy of every
 * produced key.
 *
 * <p>Not thread-safe: one walk per thread.
 */
final class KeyWalk {
    private final RawMap raw;
    private final int keySize;
    private final MemorySegment current;
    private final MemorySegment next;
    private final Set<Bytes> seen = new HashSet<>();
    private final long maxStall;
    private boolean started;
    private int restarts;

    KeyWalk(RawMap raw) {
        this.raw = raw;
        this.keySize = raw.keySize();
        Arena arena = Arena.ofAuto();
        this.current = arena.allocate(Math.max(keySize, 1), 8);
        this.next = arena.allocate(Math.max(keySize, 1), 8);
        this.maxStall = 4L * (raw.info().maxEntries() + 1L);
    }

    /** Moves to the next key not produced before; returns the segment holding it, or null at the end. */
    MemorySegment advance() {
        boolean afterFresh = true;
        long steps = 0;
        while (true) {
            if (++steps > maxStall) {
                throw new ConcurrentModificationException("key walk over " + raw + " took " + maxStall
                        + " steps without finding a new key: keys are being deleted and re-inserted under it");
            }
            if (!raw.nextKey(started ? current : null, next)) {
                return null;
            }
            started = true;
            MemorySegment.copy(next, 0, current, 0, keySize);
            if (seen.add(new Bytes(current.asSlice(0, keySize).toArray(ValueLayout.JAVA_BYTE)))) {
                return current;
            }
            if (afterFresh) {
                restarts++;
            }
            afterFresh = false;
        }
    }

    /** How many times the walk found itself back at a key it had produced (a restart after a delete). */
    int restarts() {
        return restarts;
    }

    private record Bytes(byte[] b) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Bytes other && Arrays.equals(b, other.b);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(b);
        }
    }
}
