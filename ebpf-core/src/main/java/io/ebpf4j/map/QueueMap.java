package io.ebpf4j.map;

import io.ebpf4j.kernel.MapType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;
import java.util.Optional;

/**
 * A QUEUE (first in, first out) or STACK (last in, first out) map: {@link #push}, {@link #pop},
 * {@link #peek}. Thread-safe like {@link BpfMap} (per-thread scratch; each operation is atomic).
 *
 * @param <V> value type
 */
public final class QueueMap<V> implements AutoCloseable {
    private final RawMap raw;
    private final Codec<V> codec;
    private final ThreadLocal<MemorySegment> scratch;

    private QueueMap(RawMap raw, Codec<V> codec) {
        MapType t = raw.info().type();
        if (t != MapType.QUEUE && t != MapType.STACK) {
            throw new IllegalArgumentException(raw + " is not a queue or stack");
        }
        if (codec.size() != raw.valueBufferSize()) {
            throw new IllegalArgumentException(raw + ": codec " + codec + " encodes " + codec.size()
                    + " bytes but the map's values are " + raw.valueBufferSize());
        }
        this.raw = raw;
        this.codec = codec;
        this.scratch = ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(raw.valueBufferSize(), 8));
    }

    /** A view over a queue or stack map. */
    public static <V> QueueMap<V> of(RawMap raw, Codec<V> codec) {
        return new QueueMap<>(Objects.requireNonNull(raw, "raw"), Objects.requireNonNull(codec, "codec"));
    }

    /** Creates a queue or stack ({@code type}) of up to {@code maxEntries} values. */
    public static <V> QueueMap<V> create(MapType type, String name, Codec<V> codec, int maxEntries) {
        MapSpec spec = MapSpec.queue(type, codec.size(), maxEntries).withName(name);
        return RawMap.createViewed(spec, raw -> of(raw, codec));
    }

    /**
     * Adds {@code value}.
     *
     * @throws MapFullException when full
     */
    public void push(V value) {
        push(value, false);
    }

    /**
     * Adds {@code value}; when full and {@code overwriteOldest}, the oldest value makes room (BPF_EXIST).
     *
     * @throws MapFullException when full and not {@code overwriteOldest}
     */
    public void push(V value, boolean overwriteOldest) {
        MemorySegment s = scratch.get();
        codec.encode(value, s, 0);
        raw.update(null, s, overwriteOldest ? UpdateFlag.EXIST : UpdateFlag.ANY);
    }

    /** Removes and returns the next value (oldest for a queue, newest for a stack); empty when empty. */
    public Optional<V> pop() {
        MemorySegment s = scratch.get();
        return raw.lookupAndDelete(null, s) ? Optional.of(codec.decode(s, 0)) : Optional.empty();
    }

    /** The next value without removing it; empty when empty. */
    public Optional<V> peek() {
        MemorySegment s = scratch.get();
        return raw.lookup(null, s) ? Optional.of(codec.decode(s, 0)) : Optional.empty();
    }

    /** The map. */
    public RawMap raw() {
        return raw;
    }

    /** Closes the map. */
    @Override
    public void close() {
        raw.close();
    }
}
