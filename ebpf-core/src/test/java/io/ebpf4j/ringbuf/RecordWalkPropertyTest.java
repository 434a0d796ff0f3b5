package io.ebpf4j.ringbuf;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The reader's walk of the ring against the kernel: random batches of records of random sizes, some of
 * them discarded by the producer, written into the 4 KiB ring {@code rb_small} (so the walk wraps around
 * the data area every few batches and records straddle its end) and consumed through both callback kinds
 * (RecordView and raw). Every record the producer committed arrives once, in order, intact; every one it
 * discarded is skipped and counted. The walk predicts each record's size from the previous one, so
 * changing sizes and discards exercise its correction path.
 */
class RecordWalkPropertyTest {
    private static final int RING = 4096;
    private static RingFixture fixture;
    private static long nextSeq;
    private static long walked;

    /** A batch: {@code count} records of {@code size} bytes; size 16 may discard every {@code discardEvery}th. */
    record Batch(int size, int count, int discardEvery) {
        /** Bytes the batch takes in the ring (header, padding), at most a ring's worth. */
        long ringBytes() {
            return (long) count * ((size + 8 + 7) & ~7);
        }
    }

    private static synchronized RingFixture fixture() {
        if (fixture == null) {
            fixture = RingFixture.load();
        }
        return fixture;
    }

    @AfterContainer
    static void closeFixture() {
        if (fixture != null) {
            assertTrue(walked > 4L * RING, "the tries wrapped around the ring (" + walked + " bytes walked)");
            fixture.close();
            fixture = null;
        }
    }

    @Provide
    Arbitrary<List<Batch>> batches() {
        Arbitrary<Batch> fixedWithDiscards = Combinators.combine(Arbitraries.integers().between(1, 60),
                Arbitraries.integers().between(0, 4)).as((count, every) -> new Batch(16, count, every));
        Arbitrary<Batch> sized = Combinators.combine(Arbitraries.integers().between(16, 600),
                Arbitraries.integers().between(1, 6)).as((size, count) -> new Batch(size, count, 0));
        return Arbitraries.oneOf(fixedWithDiscards, sized).list().ofMinSize(1).ofMaxSize(8);
    }

    @Property(tries = 80)
    void everyCommittedRecordArrivesOnceInOrderIntact(@ForAll("batches") List<Batch> batches, @ForAll boolean viaView) {
        RingFixture f = fixture();
        List<String> bad = new ArrayList<>();
        List<Long> seqs = new ArrayList<>();
        RecordViewHandler view = r -> check(r.getLong(0), r.getInt(8), r.length(), r::getByte, seqs, bad);
        RawRecordHandler raw = (b, o, l) -> check(b.get(JAVA_LONG_UNALIGNED, o), b.get(JAVA_INT_UNALIGNED, o + 8), l,
                j -> b.get(JAVA_BYTE, o + j), seqs, bad);
        RingBufferReader.Builder builder = RingBufferReader.builder();
        try (RingBufferReader reader = viaView ? builder.ringView(f.obj, "rb_small", view).build()
                : builder.ring(f.obj, "rb_small", raw).build()) {
            long drops = f.stat(RingFixture.RB_SMALL, 1);
            List<Long> expected = new ArrayList<>();
            long discards = 0;
            for (Batch b : batches) {
                long before = reader.stats().discarded();
                f.produce(RingFixture.RB_SMALL, b.size(), b.discardEvery(), b.count());
                int delivered = 0;
                for (int i = 0; i < b.count(); i++) {
                    long seq = nextSeq++;
                    if (b.discardEvery() != 0 && seq % b.discardEvery() == 0) {
                        discards++;
                    } else {
                        expected.add(seq);
                        delivered++;
                    }
                }
                assertEquals(delivered, reader.consume(), b.toString());
                assertEquals(0, reader.pendingBytes(0), "drained " + b);
                assertEquals(discards, reader.stats().discarded(), "discards counted, " + b + " (before " + before + ")");
                walked += b.ringBytes();
            }
            assertEquals(drops, f.stat(RingFixture.RB_SMALL, 1), "the producer dropped nothing");
            assertTrue(bad.isEmpty(), bad.toString());
            assertEquals(expected, seqs);
        }
    }

    interface Bytes {
        byte at(long index);
    }

    private static void check(long seq, int sizeField, int length, Bytes bytes, List<Long> seqs, List<String> bad) {
        seqs.add(seq);
        if (sizeField != length) {
            bad.add("record " + seq + ": length " + length + ", size field " + sizeField);
        }
        for (int j = 16; j < length; j++) {
            if (bytes.at(j) != RingFixture.payloadByte(seq, j)) {
                bad.add("record " + seq + ": byte " + j);
                return;
            }
        }
    }
}
