package io.ebpf4j.bench;

import io.ebpf4j.BpfObject;
import io.ebpf4j.Program;
import io.ebpf4j.ringbuf.RawRecordHandler;
import io.ebpf4j.ringbuf.RecordView;
import io.ebpf4j.ringbuf.RecordViewHandler;
import io.ebpf4j.ringbuf.RingBufferReader;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;
import java.lang.management.ManagementFactory;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Ring buffer consumption: before each invocation (untimed) rb_produce writes BATCH records into
 * `events` with one BPF_PROG_TEST_RUN (repeat = BATCH); the invocation drains them with
 * {@link RingBufferReader#consume()} and a raw handler that reads each record's seq. Score: ns per
 * record. Allocation: the gc profiler's gc.alloc.rate.norm also counts the producer's test runs (set-up
 * work), so the consumer's own allocation is measured around {@code consume()} with the thread's
 * allocation counter and reported as the aux counters consumerAllocatedBytes / records. The C baseline
 * does the same with ring_buffer__consume.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RingBufferBench {
    static final int BATCH = 8192;
    /**
     * Work added to every record's callback ({@code -Debpf4j.bench.slow=TOKENS}, JMH's
     * {@link Blackhole#consumeCPU} tokens): a deliberately slowed consumer for the regression gate's
     * self-test. 0 (the default) adds nothing (the JIT folds the test away).
     */
    static final int SLOW = Integer.getInteger("ebpf4j.bench.slow", 0);

    private BpfObject obj;
    private Program producer;
    RingBufferReader reader;
    private final byte[] frame = BenchObjects.frame();
    final Sum sum = new Sum();

    static final class Sum implements RawRecordHandler {
        long seqs;
        long count;

        @Override
        public void onRecord(MemorySegment buffer, long offset, int length) {
            seqs += buffer.get(ValueLayout.JAVA_LONG_UNALIGNED, offset);
            count++;
            if (SLOW > 0) {
                Blackhole.consumeCPU(SLOW);
            }
        }
    }

    final ViewSum viewSum = new ViewSum();

    static final class ViewSum implements RecordViewHandler {
        long seqs;
        long count;

        @Override
        public void onRecord(RecordView record) {
            seqs += record.getLong(0);
            count++;
            if (SLOW > 0) {
                Blackhole.consumeCPU(SLOW);
            }
        }
    }

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Bytes the consuming thread allocated inside consume(), and records consumed, per iteration. */
    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class ConsumerAllocation {
        public long consumerAllocatedBytes;
        public long records;
    }

    /**
     * The callback kind: {@code raw} a {@link RawRecordHandler} (the ring's data area, offset, length),
     * {@code view} a {@link RecordViewHandler} (a reusable {@link RecordView}, invalidated after the call).
     */
    @Param({"raw", "view"})
    public String handler = "raw";

    @Setup(Level.Trial)
    public void setup() {
        obj = BenchObjects.load(BenchObjects.BENCH);
        producer = obj.program("rb_produce");
        RingBufferReader.Builder b = RingBufferReader.builder();
        reader = switch (handler) {
            case "raw" -> b.ring(obj, "events", sum).build();
            case "view" -> b.ringView(obj, "events", viewSum).build();
            default -> throw new IllegalArgumentException("handler " + handler + ": raw or view");
        };
    }

    /** Consumes what is in the ring (one batch); returns the records handed to the callback. */
    long consumeBatch() {
        long before = sum.count + viewSum.count;
        reader.consume();
        return sum.count + viewSum.count - before;
    }

    @Setup(Level.Invocation)
    public void produce() {
        producer.testRun(frame, BATCH);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        reader.close();
        obj.close();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long consume(ConsumerAllocation alloc) {
        long bytes = THREADS.getCurrentThreadAllocatedBytes();
        long got = consumeBatch();
        alloc.consumerAllocatedBytes += THREADS.getCurrentThreadAllocatedBytes() - bytes;
        alloc.records += got;
        if (got != BATCH) {
            throw new IllegalStateException("consumed " + got + " records, expected " + BATCH);
        }
        return sum.seqs + viewSum.seqs;
    }
}
