package io.ebpf4j.ringbuf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.testkit.RequiresKernel;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The zero-copy {@link RecordView}: it reads the record in place while its callback runs, and once the
 * callback has returned (or thrown) every use of it throws {@link IllegalStateException}, as does a read
 * from another thread; reads outside the record throw {@link IndexOutOfBoundsException}.
 */
@RequiresKernel(KernelFeature.RING_BUFFER)
class RecordViewTest {

    @Test
    void readsTheRecordInPlaceDuringTheCallback() {
        try (RingFixture f = RingFixture.load()) {
            List<String> seen = new ArrayList<>();
            try (RingBufferReader reader = RingBufferReader.builder().ringView(f.obj, "rb", r -> {
                assertTrue(r.isValid());
                long seq = r.getLong(0);
                byte[] copy = r.toArray();
                byte[] part = new byte[4];
                r.copyTo(16, part, 0, 4);
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment dst = arena.allocate(8);
                    r.copyTo(8, dst, 0, 8);
                    assertEquals(r.getInt(8), dst.get(ValueLayout.JAVA_INT_UNALIGNED, 0));
                }
                assertEquals(r.length(), copy.length);
                assertEquals(r.length(), r.getInt(8), "the producer's size field");
                for (int j = 16; j < r.length(); j++) {
                    assertEquals(RingFixture.payloadByte(seq, j), r.getByte(j));
                }
                assertEquals(RingFixture.payloadByte(seq, 16), part[0]);
                assertEquals((short) ((copy[17] & 0xff) << 8 | (copy[16] & 0xff)), r.getShort(16));
                seen.add(seq + ":" + r.length() + ":" + r);
            }).build()) {
                f.produce(RingFixture.RB, 40, 2);
                f.produce(RingFixture.RB, 100, 1);
                assertEquals(3, reader.consume());
            }
            assertEquals(List.of("0:40:RecordView[rb, 40 bytes]", "1:40:RecordView[rb, 40 bytes]",
                    "2:100:RecordView[rb, 100 bytes]"), seen);
        }
    }

    @Test
    void aViewKeptPastItsCallbackThrowsIllegalStateException() {
        try (RingFixture f = RingFixture.load()) {
            AtomicReference<RecordView> kept = new AtomicReference<>();
            List<Long> seqs = new ArrayList<>();
            try (RingBufferReader reader = RingBufferReader.builder().ringView(f.obj, "rb", r -> {
                if (kept.get() != null) {
                    assertTrue(kept.get() == r, "one view per ring, reused");
                }
                kept.set(r);
                seqs.add(r.getLong(0));
            }).build()) {
                f.produce(RingFixture.RB, 16, 2);
                assertEquals(2, reader.consume());
                RecordView view = kept.get();
                assertFalse(view.isValid());
                assertEquals("RecordView[rb, invalid]", view.toString());
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> view.getLong(0));
                assertEquals("the record view of ring buffer 'rb' was used after its callback returned: the record's"
                        + " space is back with the producer; copy what you keep inside the callback"
                        + " (RecordView.toArray or copyTo)", e.getMessage());
                assertThrows(IllegalStateException.class, view::length);
                assertThrows(IllegalStateException.class, view::toArray);
                assertThrows(IllegalStateException.class, () -> view.getByte(0));
                assertThrows(IllegalStateException.class, () -> view.copyTo(0, new byte[8], 0, 8));

                // still invalid after more records went through it, and after the reader closed
                f.produce(RingFixture.RB, 16, 1);
                assertEquals(1, reader.consume());
                assertThrows(IllegalStateException.class, () -> view.getInt(0));
                reader.close();
                assertThrows(IllegalStateException.class, () -> view.getLong(0));
            }
            assertEquals(List.of(0L, 1L, 2L), seqs);
        }
    }

    @Test
    void aViewIsInvalidatedWhenItsCallbackThrows() {
        try (RingFixture f = RingFixture.load()) {
            AtomicReference<RecordView> kept = new AtomicReference<>();
            try (RingBufferReader reader = RingBufferReader.builder().ringView(f.obj, "rb", r -> {
                kept.set(r);
                throw new IllegalArgumentException("callback failed");
            }).build()) {
                f.produce(RingFixture.RB, 16, 1);
                assertEquals("callback failed", assertThrows(IllegalArgumentException.class, reader::consume).getMessage());
                assertThrows(IllegalStateException.class, () -> kept.get().getLong(0));
                assertEquals(1, reader.stats().records(), "the failing record counts as consumed");
                assertEquals(0, reader.pendingBytes(0));
            }
        }
    }

    @Test
    void anotherThreadCannotReadTheViewEvenDuringTheCallback() {
        try (RingFixture f = RingFixture.load()) {
            AtomicReference<Throwable> fromOther = new AtomicReference<>();
            try (RingBufferReader reader = RingBufferReader.builder().ringView(f.obj, "rb", r -> {
                Thread t = Thread.ofPlatform().name("stranger").start(() -> {
                    try {
                        r.getLong(0);
                    } catch (Throwable e) {
                        fromOther.set(e);
                    }
                });
                try {
                    t.join();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                assertEquals(0L, r.getLong(0), "the callback's own thread still reads it");
            }).build()) {
                f.produce(RingFixture.RB, 16, 1);
                assertEquals(1, reader.consume());
            }
            assertTrue(fromOther.get() instanceof IllegalStateException, String.valueOf(fromOther.get()));
            assertEquals("the record view of ring buffer 'rb' was used from thread 'stranger'; only the thread running"
                    + " its callback may read it", fromOther.get().getMessage());
        }
    }

    @Test
    void readsOutsideTheRecordAreRefused() {
        try (RingFixture f = RingFixture.load()) {
            List<String> errors = new ArrayList<>();
            try (RingBufferReader reader = RingBufferReader.builder().ringView(f.obj, "rb", r -> {
                for (long off : new long[] {-1, 33, 40, Long.MAX_VALUE, Long.MIN_VALUE}) {
                    try {
                        r.getLong(off);
                        errors.add("no error at " + off);
                    } catch (IndexOutOfBoundsException e) {
                        errors.add(e.getMessage());
                    }
                }
                assertEquals(r.getByte(39), r.toArray()[39]);
                assertThrows(IndexOutOfBoundsException.class, () -> r.copyTo(0, new byte[41], 0, 41));
                assertThrows(IndexOutOfBoundsException.class, () -> r.copyTo(0, new byte[8], 4, 8));
            }).build()) {
                f.produce(RingFixture.RB, 40, 1);
                assertEquals(1, reader.consume());
            }
            assertEquals("bytes [-1, 7) are outside the 40-byte record of ring buffer 'rb'", errors.get(0));
            assertEquals("bytes [33, 41) are outside the 40-byte record of ring buffer 'rb'", errors.get(1));
            assertEquals(5, errors.size());
            assertTrue(errors.stream().noneMatch(s -> s.startsWith("no error")), errors.toString());
        }
    }

    @Test
    void viewAndRawRingsMixInOneReader() {
        try (RingFixture f = RingFixture.load()) {
            List<Long> viaView = new ArrayList<>();
            List<Long> viaRaw = new ArrayList<>();
            try (RingBufferReader reader = RingBufferReader.builder()
                    .ringView(f.obj, "rb", r -> viaView.add(r.getLong(0)))
                    .ring(f.obj, "rb2", (b, o, l) -> viaRaw.add(b.get(ValueLayout.JAVA_LONG_UNALIGNED, o)))
                    .build()) {
                f.produce(RingFixture.RB, 16, 3);
                f.produce(RingFixture.RB2, 24, 2);
                assertEquals(5, reader.consume());
                assertEquals(3, reader.stats(0).records());
                assertEquals(2, reader.stats(1).records());
            }
            assertEquals(List.of(0L, 1L, 2L), viaView);
            assertEquals(List.of(0L, 1L), viaRaw);
        }
    }

    @Test
    void ringViewRefusesWhatIsNotARingBuffer() {
        try (RingFixture f = RingFixture.load()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> RingBufferReader.builder().ringView(f.obj, "pb", r -> { }));
            assertTrue(e.getMessage().contains("PerfBufferReader"), e.getMessage());
        }
    }
}
