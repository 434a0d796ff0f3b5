package io.ebpf4j.map;

import io.ebpf4j.kernel.MapType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.AbstractMap;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * A typed view over a {@link RawMap}: keys and values go through {@link Codec}s whose sizes are
 * checked against the map when the view is made. Works for hash, LRU hash, array, LPM trie, per-CPU
 * (with a {@link PerCpuCodec} value; see {@link PerCpuMap}) and other keyed maps.
 *
 * <p>Native memory: each thread gets its own key and value scratch segments per view, allocated on
 * its first call; single-element calls allocate no native memory (decoding allocates the Java
 * result).
 *
 * <p>Thread-safety: a view may be used by many threads at once; each element operation is atomic in
 * the kernel, compound ones ({@link #lookupAll()}, {@link #clear()}, iteration) are not snapshots.
 * Iterators are for one thread. Closing the view closes the RawMap; do not close while other threads
 * use it.
 *
 * @param <K> key type
 * @param <V> value type
 */
public class BpfMap<K, V> implements AutoCloseable {
    final RawMap raw;
    final Codec<K> keyCodec;
    final Codec<V> valueCodec;
    private final ThreadLocal<Scratch> scratch;
    final MapBatches<K, V> batches;

    record Scratch(MemorySegment key, MemorySegment value) {}

    @SuppressWarnings("this-escape") // MapBatches only keeps the reference; it calls back after construction
    protected BpfMap(RawMap raw, Codec<K> keyCodec, Codec<V> valueCodec) {
        this.raw = Objects.requireNonNull(raw, "raw");
        this.keyCodec = Objects.requireNonNull(keyCodec, "keyCodec");
        this.valueCodec = Objects.requireNonNull(valueCodec, "valueCodec");
        if (raw.keySize() == 0) {
            throw new IllegalArgumentException(raw + " has no keys; use QueueMap for queues and stacks");
        }
        if (keyCodec.size() != raw.keySize()) {
            throw new IllegalArgumentException(raw + ": key codec " + keyCodec + " encodes " + keyCodec.size()
                    + " bytes but the map's keys are " + raw.keySize() + " bytes");
        }
        if (valueCodec.size() != raw.valueBufferSize()) {
            throw new IllegalArgumentException(raw + ": value codec " + valueCodec + " encodes " + valueCodec.size()
                    + " bytes but the map's values are " + raw.valueBufferSize() + " bytes"
                    + (raw.isPerCpu() ? " (per-CPU: use Codecs.perCpu(slot) with a " + raw.info().valueSize()
                            + "-byte slot)" : ""));
        }
        this.scratch = ThreadLocal.withInitial(() -> {
            Arena arena = Arena.ofAuto();
            return new Scratch(arena.allocate(raw.keySize(), 8), arena.allocate(raw.valueBufferSize(), 8));
        });
        this.batches = new MapBatches<>(this);
    }

    /** A typed view over {@code raw}. */
    public static <K, V> BpfMap<K, V> of(RawMap raw, Codec<K> keyCodec, Codec<V> valueCodec) {
        return new BpfMap<>(raw, keyCodec, valueCodec);
    }

    /** Creates a standalone map from {@code spec} and views it; closing the view closes the map. */
    public static <K, V> BpfMap<K, V> create(MapSpec spec, Codec<K> keyCodec, Codec<V> valueCodec) {
        return RawMap.createViewed(spec, raw -> new BpfMap<>(raw, keyCodec, valueCodec));
    }

    /** The byte-level map. */
    public RawMap raw() {
        return raw;
    }

    public Codec<K> keyCodec() {
        return keyCodec;
    }

    public Codec<V> valueCodec() {
        return valueCodec;
    }

    /** The map's info. */
    public MapInfo info() {
        return raw.info();
    }

    Scratch scratch() {
        return scratch.get();
    }

    /** The value at {@code key}, empty when absent. */
    public Optional<V> get(K key) {
        Scratch s = scratch.get();
        keyCodec.encode(key, s.key, 0);
        if (!raw.lookup(s.key, s.value)) {
            return Optional.empty();
        }
        return Optional.of(valueCodec.decode(s.value, 0));
    }

    /** Whether {@code key} is present. */
    public boolean contains(K key) {
        Scratch s = scratch.get();
        keyCodec.encode(key, s.key, 0);
        return raw.lookup(s.key, s.value);
    }

    /**
     * Creates or replaces the element at {@code key}.
     *
     * @throws MapFullException when the map is full
     */
    public void put(K key, V value) {
        put(key, value, UpdateFlag.ANY);
    }

    /**
     * Writes {@code value} at {@code key} as {@code flag} allows.
     *
     * @return false when {@code flag} prevented the write (NO_EXIST and present, EXIST and absent)
     * @throws MapFullException when the map is full
     */
    public boolean put(K key, V value, UpdateFlag flag) {
        Scratch s = scratch.get();
        keyCodec.encode(key, s.key, 0);
        valueCodec.encode(value, s.value, 0);
        return raw.update(s.key, s.value, flag);
    }

    /** Deletes {@code key}; returns whether it was present. Array elements cannot be deleted (EINVAL). */
    public boolean delete(K key) {
        Scratch s = scratch.get();
        keyCodec.encode(key, s.key, 0);
        return raw.delete(s.key);
    }

    /**
     * The keys, walked with bpf_map_get_next_key. Stable under concurrent deletes: no key is produced
     * twice, every key present for the whole walk is produced, and a key deleted under the walk makes
     * it skip back over the keys already produced instead of repeating them. A step that finds no new
     * key within 4 × (max_entries + 1) next-key calls (only while other threads keep deleting and
     * re-inserting keys) throws {@link java.util.ConcurrentModificationException} rather than spin.
     */
    public Iterable<K> keys() {
        return () -> new Walk<>(false) {
            @Override
            K produce(MemorySegment key, MemorySegment value) {
                return keyCodec.decode(key, 0);
            }
        };
    }

    /**
     * The entries, with the same guarantees as {@link #keys()}; an element deleted between reading its
     * key and its value is skipped.
     */
    public Iterable<Map.Entry<K, V>> entries() {
        return () -> new Walk<>(true) {
            @Override
            Map.Entry<K, V> produce(MemorySegment key, MemorySegment value) {
                return new AbstractMap.SimpleImmutableEntry<>(keyCodec.decode(key, 0), valueCodec.decode(value, 0));
            }
        };
    }

    /** An iterator over a {@link KeyWalk}, optionally reading each key's value (skipping vanished ones). */
    private abstract class Walk<T> implements Iterator<T> {
        private final KeyWalk walk = new KeyWalk(raw);
        private final MemorySegment value;
        private T pending;
        private boolean ended;

        Walk(boolean values) {
            this.value = values ? Arena.ofAuto().allocate(raw.valueBufferSize(), 8) : null;
        }

        abstract T produce(MemorySegment key, MemorySegment value);

        @Override
        public boolean hasNext() {
            while (pending == null && !ended) {
                MemorySegment k = walk.advance();
                if (k == null) {
                    ended = true;
                } else if (value == null || raw.lookup(k, value)) {
                    pending = produce(k, value);
                }
            }
            return pending != null;
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            T t = pending;
            pending = null;
            return t;
        }
    }

    /** Calls {@code action} for each entry (see {@link #entries()}). */
    public void forEach(BiConsumer<? super K, ? super V> action) {
        for (Map.Entry<K, V> e : entries()) {
            action.accept(e.getKey(), e.getValue());
        }
    }

    /**
     * All entries, read with bpf_map_lookup_batch in chunks; when the kernel lacks batch operations
     * for this map, the first refusal is remembered and entries are read one by one.
     */
    public Map<K, V> lookupAll() {
        return batches.lookupAll(BatchOp.LOOKUP);
    }

    /**
     * Reads and deletes all entries (bpf_map_lookup_and_delete_batch), falling back to lookup then
     * delete per key (not atomic per element) where the kernel lacks it.
     */
    public Map<K, V> lookupAndDeleteAll() {
        return batches.lookupAll(BatchOp.LOOKUP_AND_DELETE);
    }

    /** Writes every entry of {@code entries} (bpf_map_update_batch, or one by one); returns the count. */
    public int updateAll(Map<? extends K, ? extends V> entries) {
        return batches.updateAll(entries, UpdateFlag.ANY);
    }

    /**
     * Writes every entry as {@code flag} allows; a refused entry fails the call with the kernel's errno
     * (EEXIST or ENOENT) after the entries before it were written.
     */
    public int updateAll(Map<? extends K, ? extends V> entries, UpdateFlag flag) {
        return batches.updateAll(entries, flag);
    }

    /** Deletes every key of {@code keys} that is present (bpf_map_delete_batch, or one by one); returns how many were. */
    public int deleteAll(Collection<? extends K> keys) {
        return batches.deleteAll(keys);
    }

    /**
     * Empties the map: deletes every element, or for ARRAY and PERCPU_ARRAY (whose elements cannot be
     * deleted) zeroes every value. Not atomic: elements inserted meanwhile may survive.
     *
     * @return the number of elements deleted or zeroed
     */
    public int clear() {
        Scratch s = scratch.get();
        MapType t = raw.info().type();
        if (t == MapType.ARRAY || t == MapType.PERCPU_ARRAY) {
            s.value.fill((byte) 0);
            int n = raw.info().maxEntries();
            for (int i = 0; i < n; i++) {
                s.key.set(java.lang.foreign.ValueLayout.JAVA_INT, 0, i);
                raw.update(s.key, s.value, UpdateFlag.ANY);
            }
            return n;
        }
        int deleted = 0;
        while (raw.nextKey(null, s.key)) {
            if (raw.delete(s.key)) {
                deleted++;
            }
        }
        return deleted;
    }

    /** Copies the whole map into a Java map (via {@link #lookupAll()}). */
    public Map<K, V> toMap() {
        return new LinkedHashMap<>(lookupAll());
    }

    /** Closes the underlying RawMap. */
    @Override
    public void close() {
        raw.close();
    }

    @Override
    public String toString() {
        return "BpfMap[" + raw + "]";
    }
}
