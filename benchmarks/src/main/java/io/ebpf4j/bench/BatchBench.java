package io.ebpf4j.bench;

import io.ebpf4j.BpfObject;
import io.ebpf4j.map.BatchCursor;
import io.ebpf4j.map.RawMap;
import io.ebpf4j.map.UpdateFlag;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Reading a whole hash map of 1,000 and of 100,000 entries: bpf_map_lookup_batch in chunks of 1,024
 * versus key-by-key iteration (bpf_map_get_next_key + bpf_map_lookup_elem per element). Scores are
 * nanoseconds per element. The C baseline walks the same maps the same two ways.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BatchBench {
    static final int CHUNK = 1024;

    private BpfObject obj;
    RawMap small;
    RawMap large;
    private Arena arena;
    private MemorySegment keys;
    private MemorySegment values;
    private MemorySegment prev;
    private MemorySegment next;
    private MemorySegment value;
    private BatchCursor smallCursor;
    private BatchCursor largeCursor;

    @Setup(Level.Trial)
    public void setup() {
        obj = BenchObjects.load(BenchObjects.BENCH);
        small = obj.map("h_1k");
        large = obj.map("h_100k");
        arena = Arena.ofConfined();
        keys = arena.allocate(4L * CHUNK, 8);
        values = arena.allocate(8L * CHUNK, 8);
        prev = arena.allocate(4, 4);
        next = arena.allocate(4, 4);
        value = arena.allocate(8, 8);
        fill(small, 1000);
        fill(large, 100_000);
        smallCursor = small.newBatchCursor();
        largeCursor = large.newBatchCursor();
    }

    private void fill(RawMap map, int n) {
        for (int k = 0; k < n; k++) {
            prev.set(ValueLayout.JAVA_INT, 0, k);
            value.set(ValueLayout.JAVA_LONG, 0, k);
            map.update(prev, value, UpdateFlag.ANY);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
        obj.close();
    }

    @Benchmark
    @OperationsPerInvocation(1000)
    public long batch1k() {
        return batch(small, smallCursor, 1000);
    }

    @Benchmark
    @OperationsPerInvocation(1000)
    public long keyByKey1k() {
        return keyByKey(small, 1000);
    }

    @Benchmark
    @OperationsPerInvocation(100_000)
    public long batch100k() {
        return batch(large, largeCursor, 100_000);
    }

    @Benchmark
    @OperationsPerInvocation(100_000)
    public long keyByKey100k() {
        return keyByKey(large, 100_000);
    }

    private long batch(RawMap map, BatchCursor cursor, int expected) {
        cursor.reset();
        long sum = 0;
        int total = 0;
        while (!cursor.isDone()) {
            int n = map.lookupBatch(cursor, keys, values, CHUNK);
            for (int i = 0; i < n; i++) {
                sum += values.getAtIndex(ValueLayout.JAVA_LONG, i);
            }
            total += n;
        }
        return check(total, expected) + sum;
    }

    private long keyByKey(RawMap map, int expected) {
        long sum = 0;
        int total = 0;
        MemorySegment from = MemorySegment.NULL;
        while (map.nextKey(from, next)) {
            if (map.lookup(next, value)) {
                sum += value.get(ValueLayout.JAVA_LONG, 0);
                total++;
            }
            MemorySegment.copy(next, 0, prev, 0, 4);
            from = prev;
        }
        return check(total, expected) + sum;
    }

    private static long check(int total, int expected) {
        if (total != expected) {
            throw new IllegalStateException("read " + total + " elements, expected " + expected);
        }
        return total;
    }
}
