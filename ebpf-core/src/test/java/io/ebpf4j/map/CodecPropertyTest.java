package io.ebpf4j.map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ebpf4j.map.LayoutRecords.Deep;
import io.ebpf4j.map.LayoutRecords.Floats;
import io.ebpf4j.map.LayoutRecords.Mixed;
import io.ebpf4j.map.LayoutRecords.Nested;
import io.ebpf4j.map.LayoutRecords.Small;
import io.ebpf4j.map.LayoutRecords.WithBytes;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Codec round trips for random values and records, and byte orders against java.nio. */
class CodecPropertyTest {

    private static <T> byte[] encode(Codec<T> codec, T value) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(codec.size() + 16);
            s.fill((byte) 0x5A);
            codec.encode(value, s, 3); // odd offset: codecs must not assume alignment
            assertEquals((byte) 0x5A, s.get(ValueLayout.JAVA_BYTE, 2), "no write before the value");
            assertEquals((byte) 0x5A, s.get(ValueLayout.JAVA_BYTE, 3 + codec.size()), "no write after the value");
            return s.asSlice(3, codec.size()).toArray(ValueLayout.JAVA_BYTE);
        }
    }

    private static <T> T roundTrip(Codec<T> codec, T value) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(codec.size() + 8);
            codec.encode(value, s, 5);
            return codec.decode(s, 5);
        }
    }

    @Property
    void integersRoundTripInBothOrders(@ForAll int i, @ForAll long l, @ForAll short sh, @ForAll byte b) {
        for (ByteOrder order : List.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN)) {
            assertEquals(i, roundTrip(Codecs.int32(order), i));
            assertEquals(l, roundTrip(Codecs.int64(order), l));
            assertEquals(sh, roundTrip(Codecs.int16(order), sh));
            assertArrayEquals(ByteBuffer.allocate(4).order(order).putInt(i).array(), encode(Codecs.int32(order), i));
            assertArrayEquals(ByteBuffer.allocate(8).order(order).putLong(l).array(), encode(Codecs.int64(order), l));
        }
        assertEquals(b, roundTrip(Codecs.BYTE, b));
    }

    @Property
    void byteArraysRoundTrip(@ForAll @Size(min = 1, max = 64) byte[] bytes) {
        assertArrayEquals(bytes, roundTrip(Codecs.bytes(bytes.length), bytes));
    }

    @Property
    void recordsRoundTrip(@ForAll("mixed") Mixed m, @ForAll("floats") Floats f, @ForAll byte a, @ForAll byte b,
            @ForAll short s, @ForAll int i, @ForAll boolean bigEndian) {
        ByteOrder order = bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        assertEquals(m, roundTrip(Codecs.record(Mixed.class, order), m));
        assertEquals(f, roundTrip(Codecs.record(Floats.class, order), f));
        Nested n = new Nested(i, m, a);
        assertEquals(n, roundTrip(Codecs.record(Nested.class, order), n));
        Deep d = new Deep(s, n, new Small(a, b), ~i);
        assertEquals(d, roundTrip(Codecs.record(Deep.class, order), d));
    }

    @Property
    void recordsWithArraysRoundTripAndZeroTheirPadding(@ForAll short s, @ForAll @Size(6) byte[] name, @ForAll int i,
            @ForAll boolean flag, @ForAll double d) {
        RecordCodec<WithBytes> codec = Codecs.record(WithBytes.class);
        WithBytes w = new WithBytes(s, name, i, flag, d);
        WithBytes back = roundTrip(codec, w);
        assertEquals(s, back.s());
        assertArrayEquals(name, back.name());
        assertEquals(i, back.i());
        assertEquals(flag, back.flag());
        assertEquals(Double.doubleToRawLongBits(d), Double.doubleToRawLongBits(back.d()));
        byte[] bytes = encode(codec, w);
        for (long p = codec.offsetOf("flag") + 1; p < codec.offsetOf("d"); p++) {
            assertEquals(0, bytes[(int) p], "padding byte " + p);
        }
    }

    @Property
    void recordFieldsLandAtTheirOffsetsInTheChosenOrder(@ForAll("mixed") Mixed m) {
        RecordCodec<Mixed> codec = Codecs.record(Mixed.class, ByteOrder.BIG_ENDIAN);
        ByteBuffer buf = ByteBuffer.wrap(encode(codec, m)).order(ByteOrder.BIG_ENDIAN);
        assertEquals(m.a(), buf.get((int) codec.offsetOf("a")));
        assertEquals(m.b(), buf.getLong((int) codec.offsetOf("b")));
        assertEquals(m.c(), buf.getShort((int) codec.offsetOf("c")));
        assertEquals(m.d(), buf.getInt((int) codec.offsetOf("d")));
        assertEquals(m.e(), buf.get((int) codec.offsetOf("e")));
    }

    @Property(tries = 50)
    void perCpuValuesRoundTrip(@ForAll int seed) {
        PerCpuCodec<Integer> codec = Codecs.perCpu(Codecs.INT);
        List<Integer> values = new java.util.ArrayList<>();
        for (int c = 0; c < codec.cpus(); c++) {
            values.add(seed + c);
        }
        assertEquals(values, roundTrip(codec, values));
        assertEquals(8 * codec.cpus(), codec.size());
    }

    @Property
    void cidrKeysRoundTrip(@ForAll @Size(4) byte[] v4, @ForAll @Size(16) byte[] v6, @ForAll int p4, @ForAll int p6) {
        Cidr a = new Cidr(v4, Math.floorMod(p4, 33));
        Cidr b = new Cidr(v6, Math.floorMod(p6, 129));
        assertEquals(a, roundTrip(Cidr.codec(4), a));
        assertEquals(b, roundTrip(Cidr.codec(16), b));
        assertEquals(a, Cidr.parse(a.toString()));
        assertEquals(b, Cidr.parse(b.toString()));
    }

    @Provide
    Arbitrary<Mixed> mixed() {
        return Combinators.combine(Arbitraries.bytes(), Arbitraries.longs(), Arbitraries.shorts(), Arbitraries.integers(),
                Arbitraries.bytes()).as(Mixed::new);
    }

    @Provide
    Arbitrary<Floats> floats() {
        return Combinators.combine(Arbitraries.floats(), Arbitraries.chars(), Arbitraries.doubles()).as(Floats::new);
    }
}
