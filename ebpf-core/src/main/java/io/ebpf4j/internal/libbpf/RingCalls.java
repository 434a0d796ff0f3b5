package io.ebpf4j.internal.libbpf;

import io.ebpf4j.kernel.Errno;
import io.ebpf4j.internal.ffi.Check;
import io.ebpf4j.internal.ffi.OpKind;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The libbpf calls the ring buffer and perf buffer readers make (map info, element update/delete/lookup,
 * map type probe), in the terms the readers use; the functions are bound in {@link MapCalls} and
 * {@link ProbeCalls}.
 */
public final class RingCalls {
    /** What {@link #mapInfo(int)} returns: the fields of struct bpf_map_info the readers need. */
    public record MapInfo(int type, int id, int keySize, int valueSize, int maxEntries, int flags, String name) {
    }

    private static final long MAP_INFO_SIZE = 80;

    private RingCalls() {}

    /** bpf_map_update_elem; returns 0 or -errno. */
    public static int updateElem(int mapFd, MemorySegment key, MemorySegment value, long flags) {
        return MapCalls.update(mapFd, key, value, flags);
    }

    /** bpf_map_delete_elem; returns 0 or -errno. */
    public static int deleteElem(int mapFd, MemorySegment key) {
        return MapCalls.delete(mapFd, key);
    }

    /** bpf_map_lookup_elem; returns 0 or -errno. */
    public static int lookupElem(int mapFd, MemorySegment key, MemorySegment value) {
        return MapCalls.lookup(mapFd, key, value);
    }

    /** The kernel's description of map {@code mapFd}. */
    public static MapInfo mapInfo(int mapFd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(MAP_INFO_SIZE, 8).fill((byte) 0);
            MemorySegment len = arena.allocate(ValueLayout.JAVA_INT);
            len.set(ValueLayout.JAVA_INT, 0, (int) MAP_INFO_SIZE);
            Check.check(MapCalls.objInfo(mapFd, info, len), OpKind.MAP, "reading info of map fd " + mapFd);
            return new MapInfo(info.get(ValueLayout.JAVA_INT, 0), info.get(ValueLayout.JAVA_INT, 4),
                    info.get(ValueLayout.JAVA_INT, 8), info.get(ValueLayout.JAVA_INT, 12),
                    info.get(ValueLayout.JAVA_INT, 16), info.get(ValueLayout.JAVA_INT, 20),
                    info.asSlice(24, 16).getString(0));
        }
    }

    /**
     * libbpf_probe_bpf_map_type: 1 when the kernel supports map type {@code type}, 0 when not, negative
     * when it could not tell (or the loaded libbpf lacks the probe).
     */
    public static int probeMapType(int type) {
        int r = ProbeCalls.probeMapType(type);
        return r == ProbeCalls.MISSING_SYMBOL ? -Errno.EOPNOTSUPP.number() : r;
    }
}
