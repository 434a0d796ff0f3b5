package io.ebpf4j.map;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The position of a batch lookup walk ({@link RawMap#lookupBatch}): the kernel's opaque in/out batch
 * tokens. Reusable through {@link #reset()}; one cursor per walk, used by one thread at a time.
 */
public final class BatchCursor {
    private final MemorySegment in;
    private final MemorySegment out;
    private boolean started;
    private boolean done;

    BatchCursor(int keySize) {
        // hash maps use a 4-byte bucket index, arrays the key: max(keySize, 8) fits both.
        long size = Math.max(keySize, 8);
        Arena arena = Arena.ofAuto();
        this.in = arena.allocate(size, 8);
        this.out = arena.allocate(size, 8);
    }

    /** Whether the walk reached the end of the map. */
    public boolean isDone() {
        return done;
    }

    /** Starts over from the beginning of the map. */
    public void reset() {
        started = false;
        done = false;
    }

    MemorySegment inToken() {
        return started ? in : MemorySegment.NULL;
    }

    MemorySegment outToken() {
        return out;
    }

    void advance(boolean end) {
        MemorySegment.copy(out, 0, in, 0, in.byteSize());
        started = true;
        done = end;
    }
}
