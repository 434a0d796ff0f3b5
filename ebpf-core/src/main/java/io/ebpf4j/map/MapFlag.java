package io.ebpf4j.map;

import java.util.EnumSet;
import java.util.Set;

/** Map creation flags (BPF_F_* for BPF_MAP_CREATE). */
public enum MapFlag {
    /** Allocate elements on demand (required for LPM tries). */
    NO_PREALLOC(1),
    /** LRU maps: one LRU list per CPU instead of a common one. */
    NO_COMMON_LRU(1 << 1),
    /** Honour the NUMA node given at creation. */
    NUMA_NODE(1 << 2),
    /** Read-only for the syscall side. */
    RDONLY(1 << 3),
    /** Write-only for the syscall side. */
    WRONLY(1 << 4),
    /** Stack trace maps: store build ids. */
    STACK_BUILD_ID(1 << 5),
    /** Hash maps: zero the hash seed (deterministic order; testing only). */
    ZERO_SEED(1 << 6),
    /** Read-only for programs. */
    RDONLY_PROG(1 << 7),
    /** Write-only for programs. */
    WRONLY_PROG(1 << 8),
    /** Clone storage maps on fork. */
    CLONE(1 << 9),
    /** Array maps that can be mmap()ed: see {@link MmapArray}. */
    MMAPABLE(1 << 10),
    /** perf event arrays: keep elements when the map fd is closed. */
    PRESERVE_ELEMS(1 << 11),
    /** Inner map templates whose max_entries may differ from the inner maps'. */
    INNER_MAP(1 << 12);

    private final int bit;

    MapFlag(int bit) {
        this.bit = bit;
    }

    /** The kernel's bit. */
    public int bit() {
        return bit;
    }

    /** The mask of {@code flags}. */
    public static int mask(Set<MapFlag> flags) {
        int m = 0;
        for (MapFlag f : flags) {
            m |= f.bit;
        }
        return m;
    }

    /** The known flags set in {@code mask} (unknown bits are ignored). */
    public static EnumSet<MapFlag> of(int mask) {
        EnumSet<MapFlag> out = EnumSet.noneOf(MapFlag.class);
        for (MapFlag f : values()) {
            if ((mask & f.bit) != 0) {
                out.add(f);
            }
        }
        return out;
    }
}
