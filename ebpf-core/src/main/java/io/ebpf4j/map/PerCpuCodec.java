package io.ebpf4j.map;

import io.ebpf4j.internal.libbpf.MapCalls;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The value of a per-CPU map as a list with one element per possible CPU (index = CPU number). Each
 * slot is {@code slot.size()} rounded up to 8 bytes apart. Make it with {@link Codecs#perCpu(Codec)}.
 *
 * @param <V> one CPU's value
 */
public final class PerCpuCodec<V> implements Codec<List<V>> {
    private final Codec<V> slot;
    private final int cpus;
    private final int stride;

    PerCpuCodec(Codec<V> slot) {
        this.slot = slot;
        this.cpus = MapCalls.numPossibleCpus();
        this.stride = RawMap.roundUp8(slot.size());
    }

    /** The codec of one CPU's value. */
    public Codec<V> slot() {
        return slot;
    }

    /** The number of possible CPUs (slots). */
    public int cpus() {
        return cpus;
    }

    /** Bytes between slots. */
    public int stride() {
        return stride;
    }

    @Override
    public int size() {
        return stride * cpus;
    }

    @Override
    public int alignment() {
        return 8;
    }

    /** Writes one value per CPU; {@code values} must have {@link #cpus()} elements. */
    @Override
    public void encode(List<V> values, MemorySegment s, long o) {
        if (values.size() != cpus) {
            throw new IllegalArgumentException("per-CPU value has " + values.size() + " slots; this machine has "
                    + cpus + " possible CPUs");
        }
        for (int i = 0; i < cpus; i++) {
            slot.encode(values.get(i), s, o + (long) i * stride);
        }
    }

    /** Writes {@code value} into every CPU's slot. */
    public void encodeAll(V value, MemorySegment s, long o) {
        encode(Collections.nCopies(cpus, value), s, o);
    }

    @Override
    public List<V> decode(MemorySegment s, long o) {
        List<V> out = new ArrayList<>(cpus);
        for (int i = 0; i < cpus; i++) {
            out.add(slot.decode(s, o + (long) i * stride));
        }
        return Collections.unmodifiableList(out);
    }
}
