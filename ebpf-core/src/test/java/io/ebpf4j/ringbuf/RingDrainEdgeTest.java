package io.ebpf4j.ringbuf;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The edges of the ring walk: records that straddle the end of the data area, a callback failing in the
 * middle of a chunk of records (with discarded records around it), and the record view after close.
 */
class RingDrainEdgeTest {

    @Test
    void recordsStraddlingTheEndOfTheDataAreaArriveIntact() {
        try (RingFixture f = RingFixture.load()) {
            List<Long> seqs = new ArrayList<>();
            List<String> bad = new ArrayList<>();
            RawRecordHandler check = (buf, off, len) -> {
                long seq = buf.get(JAVA_LONG_UNALIGNED, off);
                seqs.add(seq);
                if (buf.get(JAVA_INT_UNALIGNED, off + 8) != len) {
                    bad.add("record " + seq + ": length field " + buf.get(JAVA_INT_UNALIGNED, off + 8) + " != " + len);
                }
                for (int j = 16; j < len; j++) {
                    if (buf.get(JAVA_BYTE, off + j) != RingFixture.payloadByte(seq, j)) {
                        bad.add("record " + seq + ": byte " + j);
                        break;
                    }
                }
            };
            try (RingBufferReader reader = RingBufferReader.builder().ring(f.obj, "rb_small", check).build()) {
                // 4 KiB ring, records of 96-128 bytes take 104-136: every lap of the ring starts at another offset,
                // and records are split by the end of the data area (read through its second mapping)
                long expected = 0;
                for (int round = 0; round < 40; round++) {
                    int size = 96 + round % 5 * 8;
                    f.produce(RingFixture.RB_SMALL, size, 30);
                    assertEquals(30, reader.consume(), "round " + round);
                    expected += 30;
                }
                assertEquals(0, f.stat(RingFixture.RB_SMALL, 1), "no producer drops");
                assertEquals(expected, seqs.size());
                for (int i = 0; i < seqs.size(); i++) {
                    assertEquals(i, seqs.get(i));
                }
                assertTrue(bad.isEmpty(), bad.toString());
                assertEquals(0, reader.pendingBytes(0));
            }
        }
    }

    @Test
    void aCallbackFailingMidChunkConsumesItsRecordAndNoneAfterIt() {
        try (RingFixture f = RingFixture.load()) {
            List<Long> seqs = new ArrayList<>();
            RawRecordHandler failing = (b, o, l) -> {
                long seq = b.get(JAVA_LONG_UNALIGNED, o);
                seqs.add(seq);
                if (seq == 10 || seq == 44) {
                    throw new IllegalStateException("boom at " + seq);
                }
            };
            try (RingBufferReader reader = RingBufferReader.builder().ring(f.obj, "rb", failing).build()) {
                // every 3rd record discarded: 0, 3, 6, ...; delivered: 1, 2, 4, 5, 7, 8, 10, ...
                f.produce(RingFixture.RB, 16, 3, 60);
                IllegalStateException e = assertThrows(IllegalStateException.class, reader::consume);
                assertEquals("boom at 10", e.getMessage());
                ReaderStats s = reader.stats();
                assertEquals(7, s.records(), "1 2 4 5 7 8 10");
                assertEquals(4, s.discarded(), "0 3 6 9");
                assertEquals(7 * 16, s.bytes());
                assertTrue(reader.pendingBytes(0) > 0);

                assertThrows(IllegalStateException.class, reader::consume);
                assertEquals(10, reader.consume(), "46 47 49 50 52 53 55 56 58 59 (45 discarded)");
                assertEquals(0, reader.pendingBytes(0));
                s = reader.stats();
                assertEquals(40, s.records());
                assertEquals(20, s.discarded());
                List<Long> expected = new ArrayList<>();
                for (long i = 0; i < 60; i++) {
                    if (i % 3 != 0) {
                        expected.add(i);
                    }
                }
                assertEquals(expected, seqs, "each delivered record exactly once, in order");
            }
        }
    }

    @Test
    void theRecordViewThrowsAfterCloseInsteadOfCrashing() {
        try (RingFixture f = RingFixture.load()) {
            AtomicReference<MemorySegment> kept = new AtomicReference<>();
            long[] offset = new long[1];
            RingBufferReader reader = RingBufferReader.builder().ring(f.obj, "rb", (b, o, l) -> {
                kept.set(b);
                offset[0] = o;
            }).build();
            f.produce(RingFixture.RB, 16, 1);
            assertEquals(1, reader.consume());
            assertEquals(0L, kept.get().get(JAVA_LONG_UNALIGNED, offset[0]), "readable while the reader is open");
            reader.close();
            assertThrows(IllegalStateException.class, () -> kept.get().get(JAVA_LONG_UNALIGNED, offset[0]));
            assertThrows(IllegalStateException.class, () -> kept.get().asSlice(offset[0], 8).toArray(JAVA_BYTE));
        }
    }
}
