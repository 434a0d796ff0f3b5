package io.ebpf4j.bench;

import io.ebpf4j.BpfObject;
import io.ebpf4j.map.BpfMap;
import io.ebpf4j.map.Codecs;
import io.ebpf4j.map.PerCpuMap;
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
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Single-element map operations from Java, one syscall each: the raw segment path ({@link RawMap},
 * zero allocation) and the typed views ({@link BpfMap}, {@link PerCpuMap}). The C baseline
 * (benchmarks/c/bench_c.c) does the same operations on the same maps of bench.bpf.o.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MapBench {
    private BpfObject obj;
    RawMap hash;
    RawMap array;
    RawMap percpu;
    private BpfMap<Integer, Long> typedHash;
    private PerCpuMap<Integer, Long> typedPercpu;
    private Arena arena;
    private MemorySegment key;
    private MemorySegment insertKey;
    private MemorySegment value;
    private MemorySegment percpuValue;
    private long counter;

    @Setup(Level.Trial)
    public void setup() {
        obj = BenchObjects.load(BenchObjects.BENCH);
        hash = obj.map("h_ops");
        array = obj.map("arr");
        percpu = obj.map("pcpu");
        typedHash = BpfMap.of(hash, Codecs.INT, Codecs.LONG);
        typedPercpu = PerCpuMap.perCpu(percpu, Codecs.INT, Codecs.LONG);
        arena = Arena.ofConfined();
        key = arena.allocate(4, 4);
        insertKey = arena.allocate(4, 4);
        value = arena.allocate(8, 8);
        percpuValue = arena.allocate(percpu.valueBufferSize(), 8);
        for (int k = 0; k < 512; k++) {
            key.set(ValueLayout.JAVA_INT, 0, k);
            value.set(ValueLayout.JAVA_LONG, 0, k);
            hash.update(key, value, UpdateFlag.ANY);
        }
        key.set(ValueLayout.JAVA_INT, 0, 42);
        insertKey.set(ValueLayout.JAVA_INT, 0, 1000);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
        obj.close();
    }

    @Benchmark
    public long hashLookup() {
        if (!hash.lookup(key, value)) {
            throw new IllegalStateException("key 42 missing");
        }
        return value.get(ValueLayout.JAVA_LONG, 0);
    }

    @Benchmark
    public boolean hashUpdate() {
        value.set(ValueLayout.JAVA_LONG, 0, counter++);
        return hash.update(key, value, UpdateFlag.ANY);
    }

    @Benchmark
    public boolean hashInsertDelete() {
        value.set(ValueLayout.JAVA_LONG, 0, 1);
        if (!hash.update(insertKey, value, UpdateFlag.NO_EXIST)) {
            throw new IllegalStateException("key 1000 present");
        }
        return hash.delete(insertKey);
    }

    @Benchmark
    public long arrayLookup() {
        array.lookup(key, value);
        return value.get(ValueLayout.JAVA_LONG, 0);
    }

    @Benchmark
    public long percpuLookupSum() {
        key.set(ValueLayout.JAVA_INT, 0, 7);
        percpu.lookup(key, percpuValue);
        long sum = 0;
        long slots = percpuValue.byteSize() / 8;
        for (long i = 0; i < slots; i++) {
            sum += percpuValue.getAtIndex(ValueLayout.JAVA_LONG, i);
        }
        key.set(ValueLayout.JAVA_INT, 0, 42);
        return sum;
    }

    @Benchmark
    public long typedHashGet() {
        return typedHash.get(42).orElseThrow();
    }

    @Benchmark
    public void typedHashPut() {
        typedHash.put(42, counter++);
    }

    @Benchmark
    public long typedPercpuSum() {
        return typedPercpu.sum(7).orElseThrow();
    }
}
