package io.ebpf4j.hooks.internal;

import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.map.BatchCursor;
import io.ebpf4j.map.BatchOp;
import io.ebpf4j.map.RawMap;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Reads a per-CPU map whose value is a run of {@code __u64}s and sums each across CPUs. One key and
 * one value scratch segment per instance (reads are serialised). Not part of the public API.
 */
public final class PerCpuSums implements AutoCloseable {
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED;

    private final RawMap map;
    private final int longs;
    private final long stride;
    private final int cpus;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment key;
    private final MemorySegment value;

    /** For {@code map}, whose per-CPU value holds {@code longs} u64s. */
    public PerCpuSums(RawMap map, int longs) {
        if (!map.isPerCpu()) {
            throw new IllegalArgumentException(map + " is not a per-CPU map");
        }
        this.map = map;
        this.longs = longs;
        this.stride = ((long) longs * 8 + 7) & ~7L;
        if (map.info().valueSize() != longs * 8) {
            throw new IllegalArgumentException(map + ": value size " + map.info().valueSize() + ", expected " + longs * 8);
        }
        this.cpus = (int) (map.valueBufferSize() / stride);
        this.key = arena.allocate(map.keySize(), 8);
        this.value = arena.allocate(map.valueBufferSize(), 8);
    }

    /** The u64s at {@code keyBytes} summed over CPUs, or null when the key is absent. */
    public synchronized long[] sum(byte[] keyBytes) {
        MemorySegment.copy(MemorySegment.ofArray(keyBytes), 0, key, 0, keyBytes.length);
        if (!map.lookup(key, value)) {
            return null;
        }
        return sumValue(value);
    }

    /** The u64s of an array map's {@code index}, summed over CPUs (zeros when absent). */
    public long[] sum(int index) {
        byte[] k = new byte[4];
        MemorySegment.ofArray(k).set(ValueLayout.JAVA_INT_UNALIGNED, 0, index);
        long[] s = sum(k);
        return s != null ? s : new long[longs];
    }

    /**
     * Every entry of a per-CPU array of {@code entries} entries, each summed over CPUs: one batched
     * lookup where the kernel has them (5.6+), entry by entry otherwise.
     */
    public long[][] sumArray(int entries) {
        long[][] out = new long[entries][];
        if (map.batchSupported(BatchOp.LOOKUP)) {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment keys = a.allocate(4L * entries, 4);
                MemorySegment values = a.allocate(map.valueBufferSize() * entries, 8);
                BatchCursor cursor = map.newBatchCursor();
                int read = 0;
                while (!cursor.isDone() && read < entries) {
                    int n = map.lookupBatch(cursor, keys.asSlice(4L * read), values.asSlice(map.valueBufferSize() * read),
                            entries - read);
                    read += n;
                    if (n == 0) {
                        break;
                    }
                }
                for (int i = 0; i < read; i++) {
                    int index = keys.get(ValueLayout.JAVA_INT_UNALIGNED, 4L * i);
                    if (index >= 0 && index < entries) {
                        out[index] = sumValue(values.asSlice(map.valueBufferSize() * i, map.valueBufferSize()));
                    }
                }
            } catch (BpfException e) {
                // batch lookups missing on this kernel (the map remembers): entry by entry below
            }
        }
        for (int i = 0; i < entries; i++) {
            if (out[i] == null) {
                out[i] = sum(i);
            }
        }
        return out;
    }

    /** Sums a per-CPU value buffer laid out as this map's. */
    public long[] sumValue(MemorySegment perCpuValue) {
        long[] out = new long[longs];
        for (int cpu = 0; cpu < cpus; cpu++) {
            long base = cpu * stride;
            for (int i = 0; i < longs; i++) {
                out[i] += perCpuValue.get(U64, base + i * 8L);
            }
        }
        return out;
    }

    /** The map's value buffer size (all CPUs). */
    public long valueBufferSize() {
        return map.valueBufferSize();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (arena.scope().isAlive()) {
                arena.close();
            }
        }
    }
}
