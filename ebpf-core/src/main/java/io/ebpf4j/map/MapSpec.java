package io.ebpf4j.map;

import io.ebpf4j.kernel.MapType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a map is to be (immutable; thread-safe): everything {@code BPF_MAP_CREATE} needs, inspectable and changeable (through
 * the {@code with*} methods) before the map exists. Create it with {@link RawMap#create(MapSpec)}.
 *
 * @param name       the kernel name, at most 15 characters of {@code [A-Za-z0-9_.]}; may be empty
 * @param type       the map type
 * @param keySize    key size in bytes (0 for queues, stacks and bloom filters)
 * @param valueSize  value size in bytes (for per-CPU maps: of one CPU's value)
 * @param maxEntries capacity
 * @param flags      BPF_F_* creation flags ({@link MapFlag})
 * @param innerMap   for array/hash of maps: the template of the inner maps, else null
 * @param pinPath    where {@link RawMap#create(MapSpec)} pins the new map, or null
 * @param mapExtra   map_extra (bloom filters: number of hash functions), usually 0
 */
public record MapSpec(String name, MapType type, int keySize, int valueSize, int maxEntries, int flags,
        MapSpec innerMap, Path pinPath, long mapExtra) {
    /** BPF_OBJ_NAME_LEN - 1. */
    public static final int MAX_NAME_LENGTH = 15;

    public MapSpec {
        name = name == null ? "" : name;
        Objects.requireNonNull(type, "type");
        if (name.length() > MAX_NAME_LENGTH || !name.matches("[A-Za-z0-9_.]*")) {
            throw new IllegalArgumentException("map name '" + name + "' must be at most " + MAX_NAME_LENGTH
                    + " characters of A-Z a-z 0-9 _ .");
        }
        if (keySize < 0 || valueSize < 0 || maxEntries < 0) {
            throw new IllegalArgumentException("map '" + name + "': negative size (key " + keySize + ", value "
                    + valueSize + ", max_entries " + maxEntries + ")");
        }
        boolean mapOfMaps = type == MapType.ARRAY_OF_MAPS || type == MapType.HASH_OF_MAPS;
        if (mapOfMaps && innerMap == null) {
            throw new IllegalArgumentException("map '" + name + "' of type " + type + " needs an inner map spec");
        }
        if (!mapOfMaps && innerMap != null) {
            throw new IllegalArgumentException("map '" + name + "' of type " + type + " cannot have an inner map");
        }
    }

    /** A spec with no name, flags, inner map or pin path. */
    public static MapSpec of(MapType type, int keySize, int valueSize, int maxEntries) {
        return new MapSpec("", type, keySize, valueSize, maxEntries, 0, null, null, 0);
    }

    /**
     * The spec a live map was created from, as far as its info tells (no inner map spec, no pin path):
     * for re-creating a map like it.
     */
    public static MapSpec from(MapInfo info) {
        if (info.type() == MapType.UNSPEC) {
            throw new IllegalArgumentException("map type " + info.typeValue() + " of " + info.name()
                    + " is unknown to this library");
        }
        MapType t = info.type();
        if (t == MapType.ARRAY_OF_MAPS || t == MapType.HASH_OF_MAPS) {
            throw new IllegalArgumentException("the inner map spec of " + info.name() + " cannot be read back");
        }
        return new MapSpec(info.name(), t, info.keySize(), info.valueSize(), info.maxEntries(), info.flags(), null,
                null, info.mapExtra());
    }

    /** A hash map. */
    public static MapSpec hash(int keySize, int valueSize, int maxEntries) {
        return of(MapType.HASH, keySize, valueSize, maxEntries);
    }

    /** An array map (4-byte index keys). */
    public static MapSpec array(int valueSize, int maxEntries) {
        return of(MapType.ARRAY, 4, valueSize, maxEntries);
    }

    /** An array map that can be memory-mapped ({@link MmapArray}). */
    public static MapSpec mmapableArray(int valueSize, int maxEntries) {
        return array(valueSize, maxEntries).withFlags(MapFlag.MMAPABLE);
    }

    /** An LPM trie for {@link Cidr} keys of {@code addressBytes} (4 or 16) bytes; NO_PREALLOC is set as required. */
    public static MapSpec lpmTrie(int addressBytes, int valueSize, int maxEntries) {
        if (addressBytes != 4 && addressBytes != 16) {
            throw new IllegalArgumentException("LPM trie address size must be 4 (IPv4) or 16 (IPv6), not " + addressBytes);
        }
        return of(MapType.LPM_TRIE, 4 + addressBytes, valueSize, maxEntries).withFlags(MapFlag.NO_PREALLOC);
    }

    /** A queue (FIFO) or stack (LIFO) of values: {@code type} is QUEUE or STACK. */
    public static MapSpec queue(MapType type, int valueSize, int maxEntries) {
        if (type != MapType.QUEUE && type != MapType.STACK) {
            throw new IllegalArgumentException("not a queue or stack type: " + type);
        }
        return of(type, 0, valueSize, maxEntries);
    }

    /** A program array for tail calls. */
    public static MapSpec progArray(int maxEntries) {
        return of(MapType.PROG_ARRAY, 4, 4, maxEntries);
    }

    /** An array of maps whose inner maps look like {@code inner}. */
    public static MapSpec arrayOfMaps(MapSpec inner, int maxEntries) {
        return new MapSpec("", MapType.ARRAY_OF_MAPS, 4, 4, maxEntries, 0, inner, null, 0);
    }

    /** A hash of maps whose inner maps look like {@code inner}. */
    public static MapSpec hashOfMaps(int keySize, MapSpec inner, int maxEntries) {
        return new MapSpec("", MapType.HASH_OF_MAPS, keySize, 4, maxEntries, 0, inner, null, 0);
    }

    /** This spec with the kernel name changed. */
    public MapSpec withName(String name) {
        return new MapSpec(name, type, keySize, valueSize, maxEntries, flags, innerMap, pinPath, mapExtra);
    }

    /** This spec with the map type changed. */
    public MapSpec withType(MapType type) {
        return new MapSpec(name, type, keySize, valueSize, maxEntries, flags, innerMap, pinPath, mapExtra);
    }

    /** This spec with the key size changed. */
    public MapSpec withKeySize(int keySize) {
        return new MapSpec(name, type, keySize, valueSize, maxEntries, flags, innerMap, pinPath, mapExtra);
    }

    /** This spec with the value size changed. */
    public MapSpec withValueSize(int valueSize) {
        return new MapSpec(name, type, keySize, valueSize, maxEntries, flags, innerMap, pinPath, mapExtra);
    }

    /** This spec with the capacity changed. */
    public MapSpec withMaxEntries(int maxEntries) {
        return new MapSpec(name, type, keySize, valueSize, maxEntries, flags, innerMap, pinPath, mapExtra);
    }

    /** This spec with exactly {@code flags} (a BPF_F_* mask). */
    public MapSpec withFlagMask(int flags) {
        return new MapSpec(name, type, keySize, valueSize, maxEntries, flags, innerMap, pinPath, mapExtra);
    }

    /** This spec with {@code more} flags added. */
    public MapSpec withFlags(MapFlag... more) {
        int m = flags;
        for (MapFlag f : more) {
            m |= f.bit();
        }
        return withFlagMask(m);
    }

    /** This spec with the inner map template (maps of maps) changed. */
    public MapSpec withInnerMap(MapSpec innerMap) {
        return new MapSpec(name, type, keySize, valueSize, maxEntries, flags, innerMap, pinPath, mapExtra);
    }

    /** This spec with the path to pin at on creation (null: none) changed. */
    public MapSpec withPinPath(Path pinPath) {
        return new MapSpec(name, type, keySize, valueSize, maxEntries, flags, innerMap, pinPath, mapExtra);
    }

    /** This spec with map_extra changed. */
    public MapSpec withMapExtra(long mapExtra) {
        return new MapSpec(name, type, keySize, valueSize, maxEntries, flags, innerMap, pinPath, mapExtra);
    }

    /** The known flags as a set. */
    public Set<MapFlag> flagSet() {
        EnumSet<MapFlag> s = MapFlag.of(flags);
        return s;
    }

    /** Whether values of this map have one slot per possible CPU. */
    public boolean isPerCpu() {
        return RawMap.isPerCpu(type);
    }

    /**
     * Why the live map {@code info} cannot stand in for this spec (for reusing a pinned map), or empty
     * when it can: type, key size, value size, max_entries, flags and map_extra must match (as libbpf
     * requires for bpf_map__reuse_fd).
     */
    public Optional<String> incompatibility(MapInfo info) {
        List<String> diffs = new ArrayList<>();
        if (info.typeValue() != type.value()) {
            diffs.add("type " + info.type() + " != " + type);
        }
        if (info.keySize() != keySize) {
            diffs.add("key size " + info.keySize() + " != " + keySize);
        }
        if (info.valueSize() != valueSize) {
            diffs.add("value size " + info.valueSize() + " != " + valueSize);
        }
        if (info.maxEntries() != maxEntries) {
            diffs.add("max_entries " + info.maxEntries() + " != " + maxEntries);
        }
        if (info.flags() != flags) {
            diffs.add("flags 0x" + Integer.toHexString(info.flags()) + " != 0x" + Integer.toHexString(flags));
        }
        if (info.mapExtra() != mapExtra) {
            diffs.add("map_extra " + info.mapExtra() + " != " + mapExtra);
        }
        return diffs.isEmpty() ? Optional.empty()
                : Optional.of("map '" + info.name() + "' (id " + info.id() + ") differs from spec '" + name + "': "
                        + String.join(", ", diffs));
    }

    /**
     * Throws when {@code info} is incompatible with this spec.
     *
     * @throws IllegalStateException naming every difference
     */
    public void checkCompatible(MapInfo info) {
        incompatibility(info).ifPresent(why -> {
            throw new IllegalStateException(why);
        });
    }
}
