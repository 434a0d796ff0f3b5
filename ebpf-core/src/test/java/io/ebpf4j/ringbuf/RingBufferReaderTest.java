package io.ebpf4j.ringbuf;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.kernel.BpfException;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RingBufferReaderTest {

    /** Collects the seq field of each record. */
    private static final class Seqs implements RawRecordHandler {
        final List<Long> seqs = new ArrayList<>();
        final List<Integer> lengths = new ArrayList<>();

        @Override
        public void onRecord(MemorySegment buffer, long offset, int length) {
            seqs.add(buffer.get(JAVA_LONG_UNALIGNED, offset));
            lengths.add(length);
        }
    }

    private static void assertConsecutive(List<Long> seqs, long first) {
        for (int i = 0; i < seqs.size(); i++) {
            assertEquals(first + i, seqs.get(i), "record " + i);
        }
    }

    @Test
    void manyRecordsArriveIntactAndInOrder() {
        try (RingFixture f = RingFixture.load()) {
            Seqs h = new Seqs();
            try (RingBufferReader reader = RingBufferReader.builder().ring(f.obj, "rb", h).build()) {
                for (int batch = 0; batch < 20; batch++) {
                    f.produce(RingFixture.RB, 16, 5000);
                    assertEquals(5000, reader.consume());
                }
                assertEquals(100_000, h.seqs.size());
                assertConsecutive(h.seqs, 0);
                assertTrue(h.lengths.stream().allMatch(l -> l == 16));
                assertEquals(0, f.stat(RingFixture.RB, 1), "no producer drops");
                ReaderStats s = reader.stats();
                assertEquals(100_000, s.records());
                assertEquals(1_600_000, s.bytes());
                assertEquals(0, s.discarded());
                assertEquals(20, s.polls());
                assertEquals(0, reader.pendingBytes(0));
            }
        }
    }

    @Test
    void variableSizeRecordsCarryTheirPayload() {
        try (RingFixture f = RingFixture.load()) {
            List<byte[]> got = new ArrayList<>();
            RecordHandler h = rec -> got.add(rec.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
            try (RingBufferReader reader = RingBufferReader.builder().ring(f.obj, "rb", h).build()) {
                int[] sizes = {17, 24, 100, 1023, 1024, 333, 16 + 8};
                for (int size : sizes) {
                    f.produce(RingFixture.RB, size, 3);
                }
                reader.consume();
                assertEquals(sizes.length * 3, got.size());
                long seq = 0;
                for (int i = 0; i < got.size(); i++) {
                    byte[] r = got.get(i);
                    int size = sizes[i / 3];
                    assertEquals(size, r.length);
                    MemorySegment s = MemorySegment.ofArray(r);
                    assertEquals(seq, s.get(JAVA_LONG_UNALIGNED, 0));
                    assertEquals(size, s.get(JAVA_INT_UNALIGNED, 8));
                    for (int j = 16; j < size; j++) {
                        assertEquals(RingFixture.payloadByte(seq, j), r[j], "byte " + j + " of record " + seq);
                    }
                    seq++;
                }
            }
        }
    }

    @Test
    void fullRingDropsAtTheProducerAndTheReaderRecovers() {
        try (RingFixture f = RingFixture.load()) {
            Seqs h = new Seqs();
            try (RingBufferReader reader = RingBufferReader.builder().ring(f.obj, "rb_small", h).build()) {
                f.produce(RingFixture.RB_SMALL, 16, 1000);
                long drops = f.stat(RingFixture.RB_SMALL, 1);
                assertTrue(drops > 0, "a 4 KiB ring cannot hold 1000 records of 24 bytes");
                int n = reader.consume();
                assertEquals(1000 - drops, n);
                assertEquals(4096 / 24, n, "a full ring holds size / (header + record) records");
                assertConsecutive(h.seqs, 0);

                h.seqs.clear();
                f.produce(RingFixture.RB_SMALL, 16, 10);
                assertEquals(10, reader.poll(Duration.ofSeconds(5)));
                assertConsecutive(h.seqs, 1000);
                assertEquals(drops, f.stat(RingFixture.RB_SMALL, 1), "no new drops after draining");
            }
        }
    }

    @Test
    void discardedRecordsAreSkippedAndCounted() {
        try (RingFixture f = RingFixture.load()) {
            Seqs h = new Seqs();
            try (RingBufferReader reader = RingBufferReader.builder().ring(f.obj, "rb", h).build()) {
                f.produce(RingFixture.RB, 16, 3, 300);
                int n = reader.consume();
                assertEquals(200, n);
                assertEquals(100, f.stat(RingFixture.RB, 2));
                assertEquals(100, reader.stats().discarded());
                assertTrue(h.seqs.stream().allMatch(s -> s % 3 != 0));
                assertEquals(h.seqs.stream().sorted().toList(), h.seqs);
            }
        }
    }

    @Test
    void severalRingsEachWithItsOwnCallback() {
        try (RingFixture f = RingFixture.load()) {
            Seqs a = new Seqs();
            Seqs b = new Seqs();
            try (RingBufferReader reader = RingBufferReader.builder().ring(f.obj, "rb", a).ring(f.obj, "rb2", b).build()) {
                assertEquals(2, reader.ringCount());
                f.produce(RingFixture.RB, 16, 50);
                f.produce(RingFixture.RB2, 64, 70);
                int total = 0;
                while (total < 120) {
                    int n = reader.poll(Duration.ofSeconds(5));
                    assertTrue(n > 0);
                    total += n;
                }
                assertConsecutive(a.seqs, 0);
                assertConsecutive(b.seqs, 0);
                assertEquals(50, a.seqs.size());
                assertEquals(70, b.seqs.size());
                assertTrue(b.lengths.stream().allMatch(l -> l == 64));
                assertEquals(50, reader.stats(0).records());
                assertEquals(70 * 64, reader.stats(1).bytes());
            }
        }
    }

    @Test
    void decoderTurnsRecordsIntoValues() {
        record Event(long seq, int size, int cpu) { }
        RecordDecoder<Event> decoder = rec -> new Event(rec.get(JAVA_LONG_UNALIGNED, 0), rec.get(JAVA_INT_UNALIGNED, 8),
                rec.get(JAVA_INT_UNALIGNED, 12));
        try (RingFixture f = RingFixture.load()) {
            List<Event> events = new ArrayList<>();
            try (RingBufferReader reader = RingBufferReader.builder().ring(f.obj, "rb", decoder, events::add).build()) {
                f.produce(RingFixture.RB, 16, 5);
                assertEquals(5, reader.consume());
            }
            assertEquals(5, events.size());
            for (int i = 0; i < 5; i++) {
                assertEquals(i, events.get(i).seq());
                assertEquals(16, events.get(i).size());
            }
        }
    }

    @Test
    void blockingPollWakesOnDataAndTimesOutWithout() throws Exception {
        try (RingFixture f = RingFixture.load()) {
            Seqs h = new Seqs();
            try (RingBufferReader reader = RingBufferReader.builder().ring(f.obj, "rb", h).build()) {
                assertEquals(0, reader.poll(Duration.ofMillis(50)), "no data: times out with 0");
                assertEquals(0, reader.poll(Duration.ZERO));
                assertEquals(1, RingFixture.pollWhile(reader, () -> f.produce(RingFixture.RB, 16, 1)));
                assertEquals(List.of(0L), h.seqs);
            }
        }
    }

    @Test
    void busyPollSeesDataAndHonoursTimeout() {
        try (RingFixture f = RingFixture.load()) {
            Seqs h = new Seqs();
            try (RingBufferReader reader = RingBufferReader.builder().ring(f.obj, "rb", h).busyPoll(true).build()) {
                assertEquals(0, reader.poll(Duration.ofMillis(20)));
                f.produce(RingFixture.RB, 16, 7);
                assertEquals(7, reader.poll(Duration.ofSeconds(5)));
            }
        }
    }

    @Test
    void wakeupReturnsABlockedPollWithZero() throws Exception {
        try (RingFixture f = RingFixture.load()) {
            try (RingBufferReader reader = RingBufferReader.builder().ring(f.obj, "rb", (b, o, l) -> { }).build()) {
                assertEquals(0, RingFixture.pollWhile(reader, reader::wakeup));
                assertEquals(1, reader.stats().wakeups());
                assertFalse(reader.isClosed());
            }
        }
    }

    @Test
    void closeFromAnotherThreadUnblocksPoll() throws Exception {
        for (boolean busy : new boolean[] {false, true}) {
            try (RingFixture f = RingFixture.load()) {
                RingBufferReader reader = RingBufferReader.builder().ring(f.obj, "rb", (b, o, l) -> { }).busyPoll(busy).build();
                assertEquals(-1, RingFixture.pollWhile(reader, reader::close));
                assertTrue(reader.isClosed());
                assertEquals(-1, reader.poll(Duration.ofMillis(1)));
                assertEquals(-1, reader.consume());
                reader.close();
                reader.wakeup();
            }
        }
    }

    @Test
    void closeInsideACallbackReleasesAfterThePoll() {
        try (RingFixture f = RingFixture.load()) {
            RingBufferReader[] self = new RingBufferReader[1];
            List<Long> seen = new ArrayList<>();
            self[0] = RingBufferReader.builder().ring(f.obj, "rb", (b, o, l) -> {
                seen.add(b.get(JAVA_LONG_UNALIGNED, o));
                self[0].close();
            }).build();
            f.produce(RingFixture.RB, 16, 3);
            assertEquals(3, self[0].consume(), "the drain in progress completes");
            assertEquals(-1, self[0].consume());
            assertEquals(List.of(0L, 1L, 2L), seen);
        }
    }

    @Test
    void callbackExceptionPropagatesAndTheRecordCountsAsConsumed() {
        try (RingFixture f = RingFixture.load()) {
            Seqs h = new Seqs();
            RawRecordHandler failing = (b, o, l) -> {
                h.onRecord(b, o, l);
                if (b.get(JAVA_LONG_UNALIGNED, o) == 1) {
                    throw new IllegalStateException("boom");
                }
            };
            try (RingBufferReader reader = RingBufferReader.builder().ring(f.obj, "rb", failing).build()) {
                f.produce(RingFixture.RB, 16, 4);
                assertThrows(IllegalStateException.class, reader::consume);
                assertEquals(2, reader.consume());
                assertConsecutive(h.seqs, 0);
                assertEquals(4, h.seqs.size());
            }
        }
    }

    @Test
    void recordViewIsReadOnly() {
        try (RingFixture f = RingFixture.load()) {
            AtomicReference<Throwable> error = new AtomicReference<>();
            try (RingBufferReader reader = RingBufferReader.builder().ring(f.obj, "rb", (b, o, l) -> {
                try {
                    b.set(JAVA_LONG_UNALIGNED, o, 42L);
                } catch (Throwable t) {
                    error.set(t);
                }
            }).build()) {
                f.produce(RingFixture.RB, 16, 1);
                assertEquals(1, reader.consume());
            }
            assertTrue(error.get() instanceof IllegalArgumentException || error.get() instanceof UnsupportedOperationException,
                    String.valueOf(error.get()));
        }
    }

    @Test
    void refusesMapsThatAreNotRingBuffers() {
        try (RingFixture f = RingFixture.load()) {
            IllegalArgumentException perf = assertThrows(IllegalArgumentException.class,
                    () -> RingBufferReader.builder().ring(f.obj, "pb", (b, o, l) -> { }));
            assertTrue(perf.getMessage().contains("PerfBufferReader"), perf.getMessage());
            IllegalArgumentException array = assertThrows(IllegalArgumentException.class,
                    () -> RingBufferReader.builder().ring(f.obj, "stats", (b, o, l) -> { }));
            assertTrue(array.getMessage().contains("ARRAY"), array.getMessage());
            assertThrows(IllegalStateException.class, () -> RingBufferReader.builder().build());
        }
    }

    @Test
    void aRingAddedByFdOrByMapReadsTheSameRecords() {
        try (RingFixture f = RingFixture.load()) {
            Seqs byFd = new Seqs();
            Seqs byMap = new Seqs();
            try (RingBufferReader r1 = RingBufferReader.builder().ring(f.obj.mapFd("rb"), "rb", byFd).build();
                    RingBufferReader r2 = RingBufferReader.builder().ring(f.obj.map("rb2"), byMap).build()) {
                f.produce(RingFixture.RB, 16, 3);
                f.produce(RingFixture.RB2, 16, 4);
                assertEquals(3, r1.consume());
                assertEquals(4, r2.consume());
            }
            assertConsecutive(byFd.seqs, 0);
            assertEquals(4, byMap.seqs.size());
            IllegalArgumentException notAMap = assertThrows(IllegalArgumentException.class,
                    () -> RingBufferReader.builder().ring(-1, "nothing", (b, o, l) -> { }));
            assertTrue(notAMap.getMessage().contains("not a BPF map"), notAMap.getMessage());
        }
    }

    @Test
    void buildingAfterTheObjectClosedFailsInsteadOfUsingARecycledFd() {
        RingFixture f = RingFixture.load();
        RingBufferReader.Builder b = RingBufferReader.builder().ring(f.obj, "rb", (buf, o, l) -> { });
        f.close();
        BpfException e = assertThrows(BpfException.class, b::build);
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    void readerOutlivesTheObjectsFd() {
        RingFixture f = RingFixture.load();
        Seqs h = new Seqs();
        try (RingBufferReader reader = RingBufferReader.builder().ring(f.obj, "rb", h).build()) {
            f.produce(RingFixture.RB, 16, 5);
            f.close();
            assertEquals(5, reader.consume(), "the reader holds its own fd and mapping");
        }
    }

    @Test
    void kernelSupportsRingBuffers() {
        assertTrue(RingBufferReader.isSupported(), "kernel 5.8+ has BPF_MAP_TYPE_RINGBUF");
    }
}
