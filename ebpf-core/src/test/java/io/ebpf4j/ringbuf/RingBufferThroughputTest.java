package io.ebpf4j.ringbuf;

import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.management.ThreadMXBean;
import io.ebpf4j.perf.PerfBufferReader;
import io.ebpf4j.perf.PerfSampleHandler;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Measures (prints, asserts nothing about time): records/s the readers consume for 1M small records and
 * the bytes allocated per record on the raw path. The kernel producer runs between drains, so the
 * consume figure is the reader's cost alone; the concurrent figure has a producer thread running.
 */
class RingBufferThroughputTest {
    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final int BATCH = 10_000; // 10,000 x 24 bytes fits the 256 KiB ring
    private static final int ROUNDS = 100;

    /** Sums the seq field so the JIT cannot drop the read. */
    private static final class Summer implements RawRecordHandler, PerfSampleHandler {
        long sum;
        long count;

        @Override
        public void onRecord(MemorySegment buffer, long offset, int length) {
            sum += buffer.get(JAVA_LONG_UNALIGNED, offset);
            count++;
        }

        @Override
        public void onSample(int cpu, MemorySegment buffer, long offset, int length) {
            sum += buffer.get(JAVA_LONG_UNALIGNED, offset);
            count++;
        }
    }

    @Test
    void ringBufferConsumeRateAndAllocation() {
        try (RingFixture f = RingFixture.load()) {
            Summer h = new Summer();
            try (RingBufferReader reader = RingBufferReader.builder().ring(f.obj, "rb", h).build()) {
                long tid = Thread.currentThread().threadId();
                for (int warm = 0; warm < 30; warm++) {
                    f.produce(RingFixture.RB, 16, BATCH);
                    reader.consume();
                }
                long nanos = 0;
                long alloc = 0;
                long records = 0;
                double best = Double.MAX_VALUE;
                for (int round = 0; round < ROUNDS; round++) {
                    f.produce(RingFixture.RB, 16, BATCH);
                    long a0 = THREADS.getThreadAllocatedBytes(tid);
                    long t0 = System.nanoTime();
                    int n = reader.consume();
                    long dt = System.nanoTime() - t0;
                    nanos += dt;
                    alloc += THREADS.getThreadAllocatedBytes(tid) - a0;
                    records += n;
                    best = Math.min(best, (double) dt / n);
                }
                assertEquals((long) ROUNDS * BATCH, records);
                System.out.printf("ring buffer raw consume: %,d records in %.1f ms = %,.0f records/s (%.1f ns/record; "
                                + "best batch %.2f ns/record), allocated %d bytes = %.4f bytes/record%n", records, nanos / 1e6,
                        records * 1e9 / nanos, (double) nanos / records, best, alloc, (double) alloc / records);
            }
        }
    }

    @Test
    void ringBufferWithConcurrentProducer() throws Exception {
        try (RingFixture f = RingFixture.load()) {
            Summer h = new Summer();
            try (RingBufferReader reader = RingBufferReader.builder().ring(f.obj, "rb", h).busyPoll(true).build()) {
                AtomicBoolean done = new AtomicBoolean();
                Thread producer = Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < ROUNDS; i++) {
                        f.produce(RingFixture.RB, 16, BATCH);
                    }
                    done.set(true);
                    reader.wakeup();
                });
                long t0 = System.nanoTime();
                while (!done.get()) {
                    reader.poll(Duration.ofMillis(100));
                }
                reader.consume();
                long nanos = System.nanoTime() - t0;
                producer.join();
                long drops = f.stat(RingFixture.RB, 1);
                assertEquals((long) ROUNDS * BATCH, h.count + drops);
                System.out.printf("ring buffer, concurrent producer (busy poll): %,d consumed, %,d dropped by the producer, "
                        + "%.1f ms = %,.0f records/s%n", h.count, drops, nanos / 1e6, h.count * 1e9 / nanos);
            }
        }
    }

    @Test
    void perfBufferConsumeRateAndAllocation() {
        try (RingFixture f = RingFixture.load()) {
            Summer h = new Summer();
            int cpu = io.ebpf4j.internal.os.Cpus.online().get(0);
            try (PerfBufferReader reader = PerfBufferReader.builder().map(f.obj, "pb").handler((PerfSampleHandler) h).pagesPerCpu(128)
                    .cpus(java.util.List.of(cpu)).build()) {
                long tid = Thread.currentThread().threadId();
                long nanos = 0;
                long alloc = 0;
                long records = 0;
                // samples of 16 bytes take 8 + 4 + 20 = 32 bytes: 5,000 fit 512 KiB
                for (int round = 0; round < 230; round++) {
                    RingFixture.onCpu(cpu, () -> f.produce(RingFixture.PERF, 16, 5000));
                    long a0 = THREADS.getThreadAllocatedBytes(tid);
                    long t0 = System.nanoTime();
                    int n = reader.consume();
                    long dt = System.nanoTime() - t0;
                    long da = THREADS.getThreadAllocatedBytes(tid) - a0;
                    if (round >= 30) {
                        nanos += dt;
                        alloc += da;
                        records += n;
                    }
                }
                assertEquals(0, f.stat(RingFixture.PERF, 1));
                System.out.printf("perf buffer raw consume: %,d records in %.1f ms = %,.0f records/s (%.1f ns/record), "
                                + "allocated %d bytes = %.4f bytes/record%n", records, nanos / 1e6, records * 1e9 / nanos,
                        (double) nanos / records, alloc, (double) alloc / records);
            }
        }
    }
}
