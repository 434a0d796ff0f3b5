package io.ebpf4j.ringbuf;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Random record sizes, in random batches, round trip through the kernel ring buffer and the reader. */
class RecordSizeRoundTripTest {
    private static RingFixture fixture;
    private static long nextSeq;

    private static synchronized RingFixture fixture() {
        if (fixture == null) {
            fixture = RingFixture.load();
        }
        return fixture;
    }

    @AfterContainer
    static void closeFixture() {
        if (fixture != null) {
            fixture.close();
            fixture = null;
        }
    }

    @Property(tries = 60)
    void recordsOfAnySizeRoundTrip(@ForAll @Size(min = 1, max = 12) List<@IntRange(min = 16, max = 1024) Integer> sizes) {
        RingFixture f = fixture();
        List<byte[]> got = new ArrayList<>();
        try (RingBufferReader reader = RingBufferReader.builder().ring(f.obj, "rb2", rec -> got.add(rec.toArray(JAVA_BYTE)))
                .build()) {
            for (int size : sizes) {
                f.produce(RingFixture.RB2, size, 1);
            }
            assertEquals(sizes.size(), reader.consume());
        }
        assertEquals(sizes.size(), got.size());
        for (int i = 0; i < sizes.size(); i++) {
            byte[] r = got.get(i);
            long seq = java.lang.foreign.MemorySegment.ofArray(r).get(JAVA_LONG_UNALIGNED, 0);
            assertEquals(nextSeq++, seq);
            assertEquals((int) sizes.get(i), r.length);
            for (int j = 16; j < r.length; j++) {
                assertEquals(RingFixture.payloadByte(seq, j), r[j]);
            }
        }
    }
}
