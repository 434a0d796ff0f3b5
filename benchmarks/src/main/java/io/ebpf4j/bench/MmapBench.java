package io.ebpf4j.bench;

import io.ebpf4j.BpfObject;
import io.ebpf4j.map.Codecs;
import io.ebpf4j.map.MmapArray;
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
 * Reads and writes of a BPF_F_MMAPABLE array (1,024 u64 elements) through {@link MmapArray}: plain
 * memory accesses, no syscall. Scores are nanoseconds per element (a pass over the whole array per
 * invocation). The C baseline reads/writes the same map through its own mmap with volatile accesses.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MmapBench {
    private static final int N = 1024;

    private BpfObject obj;
    private MmapArray<Long> array;
    private MemorySegment segment;
    private long round;

    @Setup(Level.Trial)
    public void setup() {
        obj = BenchObjects.load(BenchObjects.BENCH);
        array = MmapArray.of(obj.map("mm"), Codecs.LONG);
        segment = array.segment();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        array.close();
        obj.close();
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long read() {
        long sum = 0;
        for (int i = 0; i < N; i++) {
            sum += segment.getAtIndex(ValueLayout.JAVA_LONG, i);
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public void write() {
        long r = round++;
        for (int i = 0; i < N; i++) {
            segment.setAtIndex(ValueLayout.JAVA_LONG, i, r + i);
        }
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long typedRead() {
        long sum = 0;
        for (int i = 0; i < N; i++) {
            sum += array.get(i);
        }
        return sum;
    }
}
