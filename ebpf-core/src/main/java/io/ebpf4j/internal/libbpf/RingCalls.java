package io.ebpf4j.internal.libbpf;

import io.ebpf4j.internal.ffi.Check;
import io.ebpf4j.internal.ffi.Downcalls;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/** The libbpf calls the ring buffer and perf buffer readers make (map info, element update/delete/lookup, map type probe). */
public final class RingCalls {
    private static final MethodHandle UPDATE_ELEM = Symbols.libbpf("bpf_map_update_elem", FunctionDescriptor.of(
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    private static final MethodHandle LOOKUP_ELEM = Symbols.libbpf("bpf_map_lookup_elem", FunctionDescriptor.of(
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
    private static final MethodHandle DELETE_ELEM = Symbols.libbpf("bpf_map_delete_elem", FunctionDescriptor.of(
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
    private static final MethodHandle GET_INFO = Symbols.libbpf("bpf_obj_get_info_by_fd", FunctionDescriptor.of(
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
    private static final MethodHandle PROBE_MAP_TYPE = Symbols.libbpf("libbpf_probe_bpf_map_type",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));

    /** What {@link #mapInfo(int)} returns: the fields of struct bpf_map_info the readers need. */
    public record MapInfo(int type, int id, int keySize, int valueSize, int maxEntries, int flags, String name) {
    }

    private static final long MAP_INFO_SIZE = 80;

    private RingCalls() {}

    /** bpf_map_update_elem; returns 0 or -errno. */
    public static int updateElem(int mapFd, MemorySegment key, MemorySegment value, long flags) {
        try {
            return (int) UPDATE_ELEM.invokeExact(mapFd, key, value, flags);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** bpf_map_delete_elem; returns 0 or -errno. */
    public static int deleteElem(int mapFd, MemorySegment key) {
        try {
            return (int) DELETE_ELEM.invokeExact(mapFd, key);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** bpf_map_lookup_elem; returns 0 or -errno. */
    public static int lookupElem(int mapFd, MemorySegment key, MemorySegment value) {
        try {
            return (int) LOOKUP_ELEM.invokeExact(mapFd, key, value);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** The kernel's description of map {@code mapFd}. */
    public static MapInfo mapInfo(int mapFd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(MAP_INFO_SIZE, 8).fill((byte) 0);
            MemorySegment len = arena.allocate(ValueLayout.JAVA_INT);
            len.set(ValueLayout.JAVA_INT, 0, (int) MAP_INFO_SIZE);
            int r = (int) GET_INFO.invokeExact(mapFd, info, len);
            Check.check(r, "reading info of map fd " + mapFd);
            return new MapInfo(info.get(ValueLayout.JAVA_INT, 0), info.get(ValueLayout.JAVA_INT, 4),
                    info.get(ValueLayout.JAVA_INT, 8), info.get(ValueLayout.JAVA_INT, 12),
                    info.get(ValueLayout.JAVA_INT, 16), info.get(ValueLayout.JAVA_INT, 20),
                    info.asSlice(24, 16).getString(0));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * libbpf_probe_bpf_map_type: 1 when the kernel supports map type {@code type}, 0 when not, negative
     * when it could not tell (or the loaded libbpf lacks the probe).
     */
    public static int probeMapType(int type) {
        if (!LibBpf.isAvailable() || !LibBpf.get().has("libbpf_probe_bpf_map_type")) {
            return -95;
        }
        try {
            return (int) PROBE_MAP_TYPE.invokeExact(type, MemorySegment.NULL);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }
}
