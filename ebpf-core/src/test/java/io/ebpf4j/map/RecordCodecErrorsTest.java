package io.ebpf4j.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What RecordCodec refuses, and how: types it cannot lay out, names it does not have, values a record refuses. */
class RecordCodecErrorsTest {
    record Empty() {}

    record Unsized(int id, byte[] data) {}

    record WithString(int id, String label) {}

    record Pair(int a, long b) {}

    /** Refuses a negative count, as a record's own validation would. */
    record Counted(int count) {
        Counted {
            if (count < 0) {
                throw new IllegalArgumentException("count must not be negative: " + count);
            }
        }
    }

    private static String refused(Class<? extends Record> type) {
        return assertThrows(IllegalArgumentException.class, () -> Codecs.record(type)).getMessage();
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void aTypeThatCannotBeLaidOutIsRefusedWithTheReason() {
        assertEquals("java.lang.String is not a record",
                assertThrows(IllegalArgumentException.class, () -> Codecs.record((Class) String.class)).getMessage());
        assertEquals("record " + Empty.class.getName() + " has no components", refused(Empty.class));
        assertEquals("component data of " + Unsized.class.getName() + " is a byte[] without @FixedSize(n)",
                refused(Unsized.class));
        assertEquals("component label of " + WithString.class.getName()
                + " has type java.lang.String; supported: primitives, @FixedSize byte[], nested records",
                refused(WithString.class));
    }

    @Test
    void layoutFollowsTheCStructAndNamesWhatItLacks() {
        RecordCodec<Pair> c = Codecs.record(Pair.class);
        assertEquals(16, c.size(), "int, 4 bytes of padding, long");
        assertEquals(8, c.alignment());
        assertEquals(8, c.offsetOf("b"));
        assertEquals(Pair.class, c.type());
        assertEquals("RecordCodec[Pair, 16 bytes, align 8]", c.toString());
        assertEquals("Pair has no component c",
                assertThrows(IllegalArgumentException.class, () -> c.offsetOf("c")).getMessage());
        assertSame(c, Codecs.record(Pair.class), "one codec per type and byte order");
        assertEquals(16, Codecs.record(Pair.class, ByteOrder.BIG_ENDIAN).size());
    }

    @Test
    void aMemberOfAnotherSizeIsAMismatch() {
        RecordCodec<Pair> c = Codecs.record(Pair.class);
        StructShape narrower = new StructShape("pair", 16, List.of(new StructShape.Member("a", 0, 2),
                new StructShape.Member("b", 8, 8)));
        assertEquals(List.of("field 'a': size 4 in record Pair but 2 in struct pair"), c.mismatches(narrower));
        assertEquals("layout of record " + Pair.class.getName() + " does not match struct pair: "
                + "field 'a': size 4 in record Pair but 2 in struct pair",
                assertThrows(IllegalArgumentException.class, () -> c.checkAgainst(narrower)).getMessage());
        c.checkAgainst(c.shape()); // its own shape matches
    }

    @Test
    void aValueTheRecordRefusesComesOutAsTheRecordsOwnException() {
        RecordCodec<Counted> c = Codecs.record(Counted.class);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(c.size());
            c.encode(new Counted(3), s, 0);
            assertEquals(new Counted(3), c.decode(s, 0));
            s.set(java.lang.foreign.ValueLayout.JAVA_INT, 0, -1); // what a kernel program might have written
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.decode(s, 0));
            assertEquals("count must not be negative: -1", e.getMessage());
            assertThrows(NullPointerException.class, () -> c.encode(null, s, 0));
        }
    }
}
