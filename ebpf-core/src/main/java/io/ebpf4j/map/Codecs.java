package io.ebpf4j.map;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Ready-made {@link Codec}s: integers in native or a chosen byte order, fixed-size byte arrays,
 * records laid out by C rules ({@link #record(Class)}) and per-CPU value arrays.
 */
public final class Codecs {
    /*
     * Layouts the codecs' lambdas read as static final constants: a layout captured in a lambda is an
     * instance field, which the JIT cannot constant-fold, and every access then goes through the slow
     * VarHandle path (~10 ns instead of ~1 ns; measured by benchmarks/MmapBench.typedRead).
     */
    private static final ValueLayout.OfShort SHORT_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort SHORT_BE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT_BE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong LONG_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG_BE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    /** A native-endian u8/s8. */
    public static final Codec<Byte> BYTE = int8();
    /** A native-endian 16-bit integer. */
    public static final Codec<Short> SHORT = int16(ByteOrder.nativeOrder());
    /** A native-endian 32-bit integer (C int, __u32). */
    public static final Codec<Integer> INT = int32(ByteOrder.nativeOrder());
    /** A native-endian 64-bit integer (C long, __u64). */
    public static final Codec<Long> LONG = int64(ByteOrder.nativeOrder());

    private Codecs() {}

    /** An 8-bit integer. */
    public static Codec<Byte> int8() {
        return new Primitive<>(1, "int8", (seg, o) -> seg.get(ValueLayout.JAVA_BYTE, o),
                (seg, o, v) -> seg.set(ValueLayout.JAVA_BYTE, o, v));
    }

    /** A 16-bit integer in {@code order} (big-endian for network-order ports). */
    public static Codec<Short> int16(ByteOrder order) {
        String name = "int16(" + Objects.requireNonNull(order, "order") + ")";
        return order == ByteOrder.LITTLE_ENDIAN
                ? new Primitive<>(2, name, (seg, o) -> seg.get(SHORT_LE, o), (seg, o, v) -> seg.set(SHORT_LE, o, v))
                : new Primitive<>(2, name, (seg, o) -> seg.get(SHORT_BE, o), (seg, o, v) -> seg.set(SHORT_BE, o, v));
    }

    /** A 32-bit integer in {@code order} (big-endian for IPv4 addresses in network order). */
    public static Codec<Integer> int32(ByteOrder order) {
        String name = "int32(" + Objects.requireNonNull(order, "order") + ")";
        return order == ByteOrder.LITTLE_ENDIAN
                ? new Primitive<>(4, name, (seg, o) -> seg.get(INT_LE, o), (seg, o, v) -> seg.set(INT_LE, o, v))
                : new Primitive<>(4, name, (seg, o) -> seg.get(INT_BE, o), (seg, o, v) -> seg.set(INT_BE, o, v));
    }

    /** A 64-bit integer in {@code order}. */
    public static Codec<Long> int64(ByteOrder order) {
        String name = "int64(" + Objects.requireNonNull(order, "order") + ")";
        return order == ByteOrder.LITTLE_ENDIAN
                ? new Primitive<>(8, name, (seg, o) -> seg.get(LONG_LE, o), (seg, o, v) -> seg.set(LONG_LE, o, v))
                : new Primitive<>(8, name, (seg, o) -> seg.get(LONG_BE, o), (seg, o, v) -> seg.set(LONG_BE, o, v));
    }

    /** A fixed-size byte array; encoding an array of another length fails. */
    public static Codec<byte[]> bytes(int length) {
        if (length <= 0) {
            throw new IllegalArgumentException("byte array length must be positive: " + length);
        }
        return new Codec<>() {
            @Override
            public int size() {
                return length;
            }

            @Override
            public int alignment() {
                return 1;
            }

            @Override
            public void encode(byte[] v, MemorySegment s, long o) {
                if (v.length != length) {
                    throw new IllegalArgumentException("byte array has " + v.length + " bytes; the codec needs " + length);
                }
                MemorySegment.copy(v, 0, s, ValueLayout.JAVA_BYTE, o, length);
            }

            @Override
            public byte[] decode(MemorySegment s, long o) {
                byte[] out = new byte[length];
                MemorySegment.copy(s, ValueLayout.JAVA_BYTE, o, out, 0, length);
                return out;
            }

            @Override
            public String toString() {
                return "bytes(" + length + ")";
            }
        };
    }

    /** A record laid out like a C struct, native byte order: see {@link RecordCodec}. */
    public static <R extends Record> RecordCodec<R> record(Class<R> type) {
        return RecordCodec.of(type, ByteOrder.nativeOrder());
    }

    /** A record laid out like a C struct with numbers in {@code order}. */
    public static <R extends Record> RecordCodec<R> record(Class<R> type, ByteOrder order) {
        return RecordCodec.of(type, order);
    }

    /**
     * The value of a per-CPU map: one {@code slot} per possible CPU, each at a stride of
     * {@code slot.size()} rounded up to 8, as the kernel copies them.
     */
    public static <V> PerCpuCodec<V> perCpu(Codec<V> slot) {
        return new PerCpuCodec<>(Objects.requireNonNull(slot, "slot"));
    }


    private interface Reader<T> {
        T read(MemorySegment segment, long offset);
    }

    private interface Writer<T> {
        void write(MemorySegment segment, long offset, T value);
    }

    /** A number of {@code size} bytes, aligned to its size as in C. */
    private record Primitive<T>(int size, String name, Reader<T> reader, Writer<T> writer) implements Codec<T> {
        @Override
        public int alignment() {
            return size;
        }

        @Override
        public void encode(T value, MemorySegment segment, long offset) {
            writer.write(segment, offset, value);
        }

        @Override
        public T decode(MemorySegment segment, long offset) {
            return reader.read(segment, offset);
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
