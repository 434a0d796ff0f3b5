package io.ebpf4j.map;

import java.util.List;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * A per-CPU hash or array map (PERCPU_HASH, PERCPU_ARRAY, LRU_PERCPU_HASH): each value is a list with
 * one element per possible CPU ({@code libbpf_num_possible_cpus}), plus sums over the CPUs.
 * Thread-safety as {@link BpfMap}.
 *
 * @param <K> key type
 * @param <V> one CPU's value
 */
public final class PerCpuMap<K, V> extends BpfMap<K, List<V>> {
    private final PerCpuCodec<V> perCpu;

    private PerCpuMap(RawMap raw, Codec<K> keyCodec, PerCpuCodec<V> perCpu) {
        super(raw, keyCodec, perCpu);
        if (!raw.isPerCpu()) {
            throw new IllegalArgumentException(raw + " is not a per-CPU map");
        }
        this.perCpu = perCpu;
    }

    /** A per-CPU view over {@code raw}, each CPU's value decoded by {@code slot}. */
    public static <K, V> PerCpuMap<K, V> perCpu(RawMap raw, Codec<K> keyCodec, Codec<V> slot) {
        return new PerCpuMap<>(raw, keyCodec, Codecs.perCpu(slot));
    }

    /** Creates a standalone per-CPU map from {@code spec} and views it. */
    public static <K, V> PerCpuMap<K, V> createPerCpu(MapSpec spec, Codec<K> keyCodec, Codec<V> slot) {
        return RawMap.createViewed(spec, raw -> perCpu(raw, keyCodec, slot));
    }

    /** The number of possible CPUs, i.e. of slots in each value. */
    public int cpus() {
        return perCpu.cpus();
    }

    /** Writes {@code value} into every CPU's slot at {@code key}. */
    public void putAllCpus(K key, V value) {
        Scratch s = scratch();
        keyCodec.encode(key, s.key(), 0);
        perCpu.encodeAll(value, s.value(), 0);
        raw.update(s.key(), s.value(), UpdateFlag.ANY);
    }

    /** The sum over all CPUs of {@code toLong(value)} at {@code key}; empty when absent. */
    public Optional<Long> sum(K key, ToLongFunction<? super V> toLong) {
        Scratch s = scratch();
        keyCodec.encode(key, s.key(), 0);
        if (!raw.lookup(s.key(), s.value())) {
            return Optional.empty();
        }
        long total = 0;
        for (int i = 0; i < perCpu.cpus(); i++) {
            total += toLong.applyAsLong(perCpu.slot().decode(s.value(), (long) i * perCpu.stride()));
        }
        return Optional.of(total);
    }

    /** The sum over all CPUs of a numeric value at {@code key} (V is Long, Integer, Short or Byte); empty when absent. */
    public Optional<Long> sum(K key) {
        return sum(key, v -> {
            if (v instanceof Number n) {
                return n.longValue();
            }
            throw new IllegalArgumentException("values of " + raw + " are not numbers; pass a toLong function");
        });
    }
}
