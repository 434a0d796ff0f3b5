package io.ebpf4j.map;

import io.ebpf4j.kernel.MapType;
import java.util.Set;

/**
 * An ARRAY_OF_MAPS or HASH_OF_MAPS: inner maps go in by key (as fds), inner map ids come out.
 *
 * @param <K> key type (Integer index for arrays)
 */
public final class MapOfMaps<K> extends FdMap<K> {
    private MapOfMaps(RawMap raw, Codec<K> keyCodec) {
        super(raw, keyCodec, Set.of(MapType.ARRAY_OF_MAPS, MapType.HASH_OF_MAPS));
    }

    /** A view over an array or hash of maps. */
    public static <K> MapOfMaps<K> of(RawMap raw, Codec<K> keyCodec) {
        return new MapOfMaps<>(raw, keyCodec);
    }

    /** Creates a map of maps from {@code spec} (see {@link MapSpec#arrayOfMaps}, {@link MapSpec#hashOfMaps}). */
    public static <K> MapOfMaps<K> create(MapSpec spec, Codec<K> keyCodec) {
        return RawMap.createViewed(spec, raw -> new MapOfMaps<>(raw, keyCodec));
    }

    /** Puts {@code inner} at {@code key}; it must match the inner map spec. The outer map holds its own reference. */
    public void set(K key, RawMap inner) {
        setFd(key, inner.fd());
    }

    /**
     * Puts the map with descriptor {@code innerFd} at {@code key}. The fd is borrowed: the outer map takes
     * its own reference, and the caller keeps (and closes) the fd.
     */
    public void set(K key, int innerFd) {
        setFd(key, innerFd);
    }
}
