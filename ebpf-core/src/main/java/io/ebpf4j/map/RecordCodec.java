package io.ebpf4j.map;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A record laid out like the C struct with the same members in the same order: each component at
 * its natural alignment (1, 2, 4 or 8 bytes; a nested record at its own alignment; a
 * {@link FixedSize} {@code byte[]} at 1), padding between members as needed, the struct aligned to
 * its largest member and its size rounded up to that alignment. Components may be {@code byte},
 * {@code boolean} (1 byte), {@code short}, {@code char}, {@code int}, {@code float}, {@code long},
 * {@code double}, {@code @FixedSize(n) byte[]} and nested records of these. Padding is written as
 * zeros. Java has no unsigned types: a {@code __u32} is an {@code int} whose bits are the kernel's.
 *
 * <p>Check a layout against the kernel's with {@link #checkAgainst(StructShape)}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param <R> the record type
 */
public final class RecordCodec<R extends Record> implements Codec<R> {
    private static final Map<Key, RecordCodec<?>> CACHE = new ConcurrentHashMap<>();

    private final Class<R> type;
    private final List<Field> fields;
    /** (Object[] components) -> Object: the canonical constructor, spread. */
    private final MethodHandle constructor;
    private final int size;
    private final int alignment;

    private record Key(Class<?> type, ByteOrder order) {}

    /** {@code accessor}: (Object record) -> Object component. */
    private record Field(String name, long offset, Codec<Object> codec, MethodHandle accessor) {}

    private RecordCodec(Class<R> type, List<Field> fields, MethodHandle constructor, int size, int alignment) {
        this.type = type;
        this.fields = fields;
        this.constructor = constructor;
        this.size = size;
        this.alignment = alignment;
    }

    @SuppressWarnings("unchecked")
    static <R extends Record> RecordCodec<R> of(Class<R> type, ByteOrder order) {
        RecordCodec<?> c = CACHE.get(new Key(type, order));
        if (c == null) {
            c = build(type, order);
            CACHE.putIfAbsent(new Key(type, order), c);
        }
        return (RecordCodec<R>) c;
    }

    @SuppressWarnings("unchecked")
    private static <R extends Record> RecordCodec<R> build(Class<R> type, ByteOrder order) {
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type.getName() + " is not a record");
        }
        RecordComponent[] comps = type.getRecordComponents();
        if (comps.length == 0) {
            throw new IllegalArgumentException("record " + type.getName() + " has no components");
        }
        List<Field> fields = new ArrayList<>();
        Class<?>[] types = new Class<?>[comps.length];
        long offset = 0;
        int maxAlign = 1;
        for (int i = 0; i < comps.length; i++) {
            RecordComponent rc = comps[i];
            types[i] = rc.getType();
            Codec<Object> codec = (Codec<Object>) memberCodec(type, rc, order);
            int a = codec.alignment();
            offset = alignUp(offset, a);
            fields.add(new Field(rc.getName(), offset, codec, accessor(type, rc.getAccessor())));
            offset += codec.size();
            maxAlign = Math.max(maxAlign, a);
        }
        long size = alignUp(offset, maxAlign);
        try {
            Constructor<R> ctor = type.getDeclaredConstructor(types);
            ctor.setAccessible(true);
            MethodHandle mh = MethodHandles.lookup().unreflectConstructor(ctor)
                    .asSpreader(Object[].class, types.length)
                    .asType(MethodType.methodType(Object.class, Object[].class));
            return new RecordCodec<>(type, List.copyOf(fields), mh, Math.toIntExact(size), maxAlign);
        } catch (NoSuchMethodException | IllegalAccessException | RuntimeException e) {
            throw new IllegalArgumentException("cannot construct record " + type.getName()
                    + " (is its package open to io.ebpf4j?): " + e, e);
        }
    }

    private static MethodHandle accessor(Class<?> type, Method acc) {
        try {
            acc.setAccessible(true);
            return MethodHandles.lookup().unreflect(acc).asType(MethodType.methodType(Object.class, Object.class));
        } catch (IllegalAccessException | RuntimeException e) {
            throw new IllegalArgumentException("cannot read component " + acc.getName() + " of record "
                    + type.getName() + " (is its package open to io.ebpf4j?): " + e, e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Codec<?> memberCodec(Class<?> owner, RecordComponent rc, ByteOrder order) {
        Class<?> t = rc.getType();
        if (t == byte.class) {
            return Codecs.int8();
        }
        if (t == boolean.class) {
            return new Mapped<>(Codecs.int8(), b -> b != 0, v -> (byte) (v ? 1 : 0));
        }
        if (t == short.class) {
            return Codecs.int16(order);
        }
        if (t == char.class) {
            return new Mapped<>(Codecs.int16(order), s -> (char) (short) s, c -> (short) (char) c);
        }
        if (t == int.class) {
            return Codecs.int32(order);
        }
        if (t == float.class) {
            return new Mapped<>(Codecs.int32(order), Float::intBitsToFloat, Float::floatToRawIntBits);
        }
        if (t == long.class) {
            return Codecs.int64(order);
        }
        if (t == double.class) {
            return new Mapped<>(Codecs.int64(order), Double::longBitsToDouble, Double::doubleToRawLongBits);
        }
        if (t == byte[].class) {
            FixedSize fs = rc.getAnnotation(FixedSize.class);
            if (fs == null) {
                throw new IllegalArgumentException("component " + rc.getName() + " of " + owner.getName()
                        + " is a byte[] without @FixedSize(n)");
            }
            return Codecs.bytes(fs.value());
        }
        if (t.isRecord()) {
            return of((Class) t, order);
        }
        throw new IllegalArgumentException("component " + rc.getName() + " of " + owner.getName() + " has type "
                + t.getName() + "; supported: primitives, @FixedSize byte[], nested records");
    }

    static long alignUp(long n, long a) {
        return (n + a - 1) / a * a;
    }

    /** The record type. */
    public Class<R> type() {
        return type;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int alignment() {
        return alignment;
    }

    /** The byte offset of component {@code name}. */
    public long offsetOf(String name) {
        for (Field f : fields) {
            if (f.name.equals(name)) {
                return f.offset;
            }
        }
        throw new IllegalArgumentException(type.getSimpleName() + " has no component " + name);
    }

    /** This record's layout as a {@link StructShape} (top-level members only). */
    public StructShape shape() {
        List<StructShape.Member> ms = new ArrayList<>();
        for (Field f : fields) {
            ms.add(new StructShape.Member(f.name, f.offset, f.codec.size()));
        }
        return new StructShape(type.getSimpleName(), size, ms);
    }

    /**
     * Every difference between this record's layout and the C struct {@code c}, empty when they agree.
     * Members are matched by name compared without case and underscores ({@code knob_u8} matches
     * {@code knobU8}); each must have the same offset and size. A C member the record lacks is fine
     * only when the record leaves its bytes unused (explicit padding such as {@code __u8 _pad[3]}).
     */
    public List<String> mismatches(StructShape c) {
        List<String> out = new ArrayList<>();
        String r = "record " + type.getSimpleName();
        String s = "struct " + c.name();
        if (c.size() != size) {
            out.add(r + " is " + size + " bytes but " + s + " is " + c.size());
        }
        java.util.Set<String> matched = new java.util.HashSet<>();
        for (Field f : fields) {
            StructShape.Member m = c.members().stream().filter(x -> normalized(x.name()).equals(normalized(f.name)))
                    .findFirst().orElse(null);
            if (m == null) {
                out.add("field '" + f.name + "': " + r + " has it at offset " + f.offset + " but " + s + " has no such member");
                continue;
            }
            matched.add(m.name());
            if (f.offset != m.offset()) {
                out.add("field '" + m.name() + "': offset " + f.offset + " in " + r + " but " + m.offset() + " in " + s);
            }
            if (f.codec.size() != m.size()) {
                out.add("field '" + m.name() + "': size " + f.codec.size() + " in " + r + " but " + m.size() + " in " + s);
            }
        }
        for (StructShape.Member m : c.members()) {
            if (matched.contains(m.name())) {
                continue;
            }
            boolean overlaps = fields.stream().anyMatch(f -> f.offset < m.offset() + m.size() && m.offset() < f.offset + f.codec.size());
            if (overlaps) {
                out.add("field '" + m.name() + "': " + s + " has it at offset " + m.offset() + " but " + r
                        + " has no such component and puts other data there");
            }
        }
        return out;
    }

    private static String normalized(String name) {
        return name.replace("_", "").toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Checks this layout against {@code c} (e.g. the BTF struct the map's value has).
     *
     * @throws IllegalArgumentException naming every mismatched field
     */
    public void checkAgainst(StructShape c) {
        List<String> m = mismatches(c);
        if (!m.isEmpty()) {
            throw new IllegalArgumentException("layout of record " + type.getName() + " does not match struct "
                    + c.name() + ": " + String.join("; ", m));
        }
    }

    @Override
    public void encode(R value, MemorySegment s, long o) {
        s.asSlice(o, size).fill((byte) 0);
        for (Field f : fields) {
            f.codec.encode(read(f, value), s, o + f.offset);
        }
    }

    @Override
    public R decode(MemorySegment s, long o) {
        Object[] args = new Object[fields.size()];
        for (int i = 0; i < args.length; i++) {
            Field f = fields.get(i);
            args[i] = f.codec.decode(s, o + f.offset);
        }
        try {
            return type.cast((Object) constructor.invokeExact(args));
        } catch (RuntimeException | Error e) {
            throw e; // e.g. the record's own validation refusing the decoded values
        } catch (Throwable t) {
            throw new IllegalStateException("constructing " + type.getName() + ": " + t, t);
        }
    }

    private Object read(Field f, R value) {
        try {
            return (Object) f.accessor.invokeExact((Object) value);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("reading " + type.getName() + "." + f.name + ": " + t, t);
        }
    }

    @Override
    public String toString() {
        return "RecordCodec[" + type.getSimpleName() + ", " + size + " bytes, align " + alignment + "]";
    }

    /** A codec over another's bytes with a different Java type (boolean over u8, float over u32...). */
    private record Mapped<A, B>(Codec<A> base, java.util.function.Function<A, B> in,
            java.util.function.Function<B, A> out) implements Codec<B> {
        @Override
        public int size() {
            return base.size();
        }

        @Override
        public int alignment() {
            return base.alignment();
        }

        @Override
        public void encode(B value, MemorySegment segment, long offset) {
            base.encode(out.apply(value), segment, offset);
        }

        @Override
        public B decode(MemorySegment segment, long offset) {
            return in.apply(base.decode(segment, offset));
        }
    }
}
