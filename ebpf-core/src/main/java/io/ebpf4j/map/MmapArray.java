package io.ebpf4j.map;

import io.ebpf4j.kernel.MapType;
import io.ebpf4j.internal.os.Mmap;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * An ARRAY map created with {@link MapFlag#MMAPABLE}, read and written through memory mapped into
 * this process: no syscall per access. Element {@code i} starts at {@code i * stride()}, the value
 * size rounded up to 8 as in the kernel. Programs see writes at once, and syscall lookups on the same
 * map see them too.
 *
 * <p>Thread-safety: the segment is plain shared memory. Element reads and writes are not atomic
 * beyond aligned 8-byte accesses; use {@link #getAndAddLong} for counters shared with programs
 * (their {@code __sync_fetch_and_add} and this are the same atomic instruction). Closing unmaps the
 * memory: any access after {@link #close()} fails cleanly (IllegalStateException), never crashes;
 * close must not race with accesses from other threads.
 *
 * @param <V> the element type
 */
public final class MmapArray<V> implements AutoCloseable {
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private final RawMap raw;
    private final Codec<V> codec;
    private final Arena arena;
    private final MemorySegment segment;
    private final int stride;
    private final int length;

    private MmapArray(RawMap raw, Codec<V> codec) {
        MapInfo info = raw.info();
        if (info.type() != MapType.ARRAY || (info.flags() & MapFlag.MMAPABLE.bit()) == 0) {
            throw new IllegalArgumentException(raw + " is not an ARRAY map created with BPF_F_MMAPABLE");
        }
        if (codec.size() != info.valueSize()) {
            throw new IllegalArgumentException(raw + ": codec " + codec + " encodes " + codec.size()
                    + " bytes but the map's values are " + info.valueSize());
        }
        this.raw = raw;
        this.codec = codec;
        this.stride = RawMap.roundUp8(info.valueSize());
        this.length = info.maxEntries();
        long bytes = (long) stride * length;
        long page = Mmap.pageSize();
        long mapped = Math.max(page, (bytes + page - 1) / page * page);
        boolean readOnly = (info.flags() & MapFlag.RDONLY.bit()) != 0;
        int prot = readOnly ? Mmap.PROT_READ : Mmap.PROT_READ | Mmap.PROT_WRITE;
        this.arena = Arena.ofShared();
        try {
            this.segment = Mmap.map(raw.fd(), 0, mapped, prot, arena, raw.toString()).asSlice(0, bytes);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /** Maps {@code raw} (an MMAPABLE array); closing the MmapArray unmaps and closes {@code raw}. */
    public static <V> MmapArray<V> of(RawMap raw, Codec<V> codec) {
        return new MmapArray<>(Objects.requireNonNull(raw, "raw"), Objects.requireNonNull(codec, "codec"));
    }

    /** Creates an MMAPABLE array of {@code length} elements and maps it. */
    public static <V> MmapArray<V> create(String name, Codec<V> codec, int length) {
        MapSpec spec = MapSpec.mmapableArray(codec.size(), length).withName(name);
        return RawMap.createViewed(spec, raw -> of(raw, codec));
    }

    /** The map. */
    public RawMap raw() {
        return raw;
    }

    /** The mapped elements: {@link #length()} times {@link #stride()} bytes. */
    public MemorySegment segment() {
        return segment;
    }

    /** Number of elements (max_entries). */
    public int length() {
        return length;
    }

    /** Bytes from one element to the next. */
    public int stride() {
        return stride;
    }

    /** Element {@code index}'s bytes. */
    public MemorySegment element(int index) {
        return segment.asSlice(offset(index), codec.size());
    }

    /** Element {@code index}, decoded. */
    public V get(int index) {
        return codec.decode(segment, offset(index));
    }

    /** Writes element {@code index}. */
    public void set(int index, V value) {
        codec.encode(value, segment, offset(index));
    }

    /** Atomically adds {@code delta} to the 8-byte integer at the start of element {@code index}; returns the old value. */
    public long getAndAddLong(int index, long delta) {
        if (codec.size() < 8) {
            throw new IllegalArgumentException("elements of " + raw + " are smaller than 8 bytes");
        }
        return (long) LONG.getAndAdd(segment, offset(index), delta);
    }

    private long offset(int index) {
        Objects.checkIndex(index, length);
        return (long) index * stride;
    }

    /** Unmaps the memory and closes the map. Idempotent. */
    @Override
    public void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
        raw.close();
    }
}
