package io.ebpf4j.perf;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.internal.os.Cpus;
import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.ringbuf.RingFixture;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PerfBufferReaderTest {

    static void onCpu(int cpu, Runnable action) {
        RingFixture.onCpu(cpu, action);
    }

    record Sample(int cpu, long seq, int size, int recordCpu, int length, byte[] bytes) { }

    static final class Samples implements PerfSampleHandler {
        final List<Sample> list = new ArrayList<>();

        @Override
        public void onSample(int cpu, MemorySegment buffer, long offset, int length) {
            MemorySegment rec = buffer.asSlice(offset, length);
            list.add(new Sample(cpu, rec.get(JAVA_LONG_UNALIGNED, 0), rec.get(JAVA_INT_UNALIGNED, 8),
                    rec.get(JAVA_INT_UNALIGNED, 12), length, rec.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)));
        }
    }

    private static void assertPayload(Sample s) {
        assertTrue(s.length() >= s.size() && s.length() < s.size() + 8, "padded raw length " + s.length() + " for " + s.size());
        for (int j = 16; j < s.size(); j++) {
            assertEquals(RingFixture.payloadByte(s.seq(), j), s.bytes()[j], "byte " + j + " of sample " + s.seq());
        }
    }

    @Test
    void samplesFromEveryCpuArriveWithTheirCpu() {
        try (RingFixture f = RingFixture.load()) {
            Samples h = new Samples();
            try (PerfBufferReader reader = PerfBufferReader.builder().map(f.obj, "pb").handler(h).build()) {
                List<Integer> cpus = Cpus.online();
                assertEquals(cpus, reader.cpus());
                for (int cpu : cpus) {
                    onCpu(cpu, () -> f.produce(RingFixture.PERF, 40, 100));
                }
                int total = 0;
                while (total < 100 * cpus.size()) {
                    int n = reader.poll(Duration.ofSeconds(5));
                    assertTrue(n > 0, "samples arrive");
                    total += n;
                }
                assertEquals(0, f.stat(RingFixture.PERF, 1), "no drops");
                Map<Integer, List<Sample>> byCpu = new HashMap<>();
                for (Sample s : h.list) {
                    assertEquals(s.cpu(), s.recordCpu(), "the reader's CPU is the producer's");
                    assertEquals(40, s.size());
                    assertPayload(s);
                    byCpu.computeIfAbsent(s.cpu(), c -> new ArrayList<>()).add(s);
                }
                for (int cpu : cpus) {
                    List<Sample> mine = byCpu.get(cpu);
                    assertEquals(100, mine.size(), "CPU " + cpu);
                    for (int i = 1; i < mine.size(); i++) {
                        assertTrue(mine.get(i).seq() > mine.get(i - 1).seq(), "in order on CPU " + cpu);
                    }
                    assertEquals(100, reader.stats(cpu).records());
                }
                assertEquals(100L * cpus.size(), reader.stats().records());
                assertEquals(0, reader.stats().lost());
            }
        }
    }

    @Test
    void fullBufferCountsLostSamples() {
        try (RingFixture f = RingFixture.load()) {
            Samples h = new Samples();
            AtomicLong lostSeen = new AtomicLong();
            int cpu = Cpus.online().get(0);
            try (PerfBufferReader reader = PerfBufferReader.builder().map(f.obj, "pb").handler(h).pagesPerCpu(1)
                    .lostHandler((c, n) -> {
                        assertEquals(cpu, c);
                        lostSeen.addAndGet(n);
                    }).build()) {
                onCpu(cpu, () -> f.produce(RingFixture.PERF, 64, 1000));
                long drops = f.stat(RingFixture.PERF, 1);
                assertTrue(drops > 0, "a one-page buffer cannot hold 1000 samples of 64 bytes");
                reader.consume();
                assertEquals(1000 - drops, h.list.size());
                // the kernel writes the LOST record once there is room again: before the next sample
                onCpu(cpu, () -> f.produce(RingFixture.PERF, 64, 1));
                reader.consume();
                assertEquals(1001 - drops, h.list.size());
                assertEquals(drops, reader.stats().lost());
                assertEquals(drops, lostSeen.get());
                assertEquals(1000, h.list.getLast().seq());
                h.list.forEach(PerfBufferReaderTest::assertPayload);
            }
        }
    }

    @Test
    void samplesWrappingTheBufferEndAreIntact() {
        try (RingFixture f = RingFixture.load()) {
            Samples h = new Samples();
            int cpu = Cpus.online().get(0);
            try (PerfBufferReader reader = PerfBufferReader.builder().map(f.obj, "pb").handler(h).pagesPerCpu(1)
                    .cpus(List.of(cpu)).build()) {
                int[] sizes = {1000, 333, 1024, 16, 777};
                long expected = 0;
                for (int round = 0; round < 40; round++) {
                    int size = sizes[round % sizes.length];
                    onCpu(cpu, () -> f.produce(RingFixture.PERF, size, 3));
                    expected += 3;
                    reader.consume();
                    assertEquals(expected, h.list.size(), "round " + round);
                }
                assertEquals(0, f.stat(RingFixture.PERF, 1));
                for (int i = 0; i < h.list.size(); i++) {
                    Sample s = h.list.get(i);
                    assertEquals(i, s.seq());
                    assertEquals(sizes[(i / 3) % sizes.length], s.size());
                    assertPayload(s);
                }
            }
        }
    }

    @Test
    void closeFromAnotherThreadUnblocksPollAndEmptiesTheMap() throws Exception {
        try (RingFixture f = RingFixture.load()) {
            PerfBufferReader reader = PerfBufferReader.builder().map(f.obj, "pb").handler((c, b, o, l) -> { }).build();
            assertEquals(-1, RingFixture.pollWhile(reader, reader::close));
            assertEquals(-1, reader.consume());
            int cpu = Cpus.online().get(0);
            onCpu(cpu, () -> f.produce(RingFixture.PERF, 16, 5));
            assertEquals(5, f.stat(RingFixture.PERF, 1), "no buffer in the map after close: output fails");
        }
    }

    @Test
    void blockingPollWakesOnSample() throws Exception {
        try (RingFixture f = RingFixture.load()) {
            Samples h = new Samples();
            try (PerfBufferReader reader = PerfBufferReader.builder().map(f.obj, "pb").handler(h).build()) {
                assertEquals(0, reader.poll(Duration.ofMillis(30)));
                assertEquals(1, RingFixture.pollWhile(reader,
                        () -> onCpu(Cpus.online().getLast(), () -> f.produce(RingFixture.PERF, 16, 1))));
                reader.wakeup();
                assertEquals(0, reader.poll(Duration.ofMinutes(2)), "a pending wakeup returns the next poll");
            }
        }
    }

    @Test
    void aMapGivenByFdOrAsARawMapIsReadTheSame() {
        try (RingFixture f = RingFixture.load()) {
            int cpu = Cpus.online().get(0);
            for (boolean byFd : new boolean[] {true, false}) {
                Samples h = new Samples();
                PerfBufferReader.Builder b = byFd ? PerfBufferReader.builder().map(f.obj.mapFd("pb"), "pb")
                        : PerfBufferReader.builder().map(f.obj.map("pb"));
                try (PerfBufferReader reader = b.handler(h).cpus(List.of(cpu)).build()) {
                    onCpu(cpu, () -> f.produce(RingFixture.PERF, 24, 3));
                    assertEquals(3, reader.consume(), byFd ? "by fd" : "as a RawMap");
                }
                assertEquals(3, h.list.size());
                h.list.forEach(s -> assertEquals(cpu, s.cpu()));
            }
        }
    }

    @Test
    void buildingAfterTheObjectClosedFailsInsteadOfUsingARecycledFd() {
        RingFixture f = RingFixture.load();
        PerfBufferReader.Builder b = PerfBufferReader.builder().map(f.obj, "pb").handler((c, buf, o, l) -> { });
        f.close();
        BpfException e = assertThrows(BpfException.class, b::build);
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    void refusesMapsThatAreNotPerfEventArrays() {
        try (RingFixture f = RingFixture.load()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> PerfBufferReader.builder().map(f.obj, "rb"));
            assertTrue(e.getMessage().contains("RingBufferReader"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> PerfBufferReader.builder().map(f.obj, "pb").build());
            assertThrows(IllegalArgumentException.class, () -> PerfBufferReader.builder().pagesPerCpu(3));
        }
    }
}
