package io.ebpf4j.map;

import io.ebpf4j.kernel.MapType;
import java.util.Optional;
import java.util.Set;

/**
 * A map whose values are kernel objects: written as file descriptors, read back as kernel ids
 * (PROG_ARRAY: programs; ARRAY_OF_MAPS, HASH_OF_MAPS: maps). Thread-safety as {@link BpfMap}.
 *
 * @param <K> key type
 */
public abstract sealed class FdMap<K> implements AutoCloseable permits ProgArray, MapOfMaps {
    private final BpfMap<K, Integer> map;

    FdMap(RawMap raw, Codec<K> keyCodec, Set<MapType> types) {
        if (!types.contains(raw.info().type())) {
            throw new IllegalArgumentException(raw + " is not one of " + types);
        }
        this.map = BpfMap.of(raw, keyCodec, Codecs.INT);
    }

    /** Stores the object behind {@code fd} at {@code key} (the map takes its own reference). */
    void setFd(K key, int fd) {
        map.put(key, fd);
    }

    /** The kernel id of the object at {@code key}, empty when the slot is empty. */
    public Optional<Integer> id(K key) {
        return map.get(key);
    }

    /** Empties the slot at {@code key}; returns whether it held something. */
    public boolean remove(K key) {
        return map.delete(key);
    }

    /** The keys of the occupied slots. */
    public Iterable<K> keys() {
        return map.keys();
    }

    /** The map. */
    public RawMap raw() {
        return map.raw();
    }

    /** Closes the map (objects stored in it stay referenced by it while the map lives). */
    @Override
    public void close() {
        map.close();
    }
}
