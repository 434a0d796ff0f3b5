package io.ebpf4j.internal.libbpf;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.ebpf4j.internal.ffi.CapturedErrno;
import io.ebpf4j.internal.ffi.Downcalls;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * libbpf's BTF API ({@code btf.h}): parsing, lookups and freeing of {@code struct btf}.
 *
 * <p>Pointer-returning constructors report failure as NULL plus errno (libbpf 1.x); they are
 * wrapped here to return {@link MemorySegment#NULL} and store {@code -errno} in {@link #lastError()}.
 * Callers validate ids and sizes before calling: these wrappers pass values through unchanged.
 */
public final class BtfCalls {
    private static final MethodHandle LOAD_VMLINUX = Symbols.libbpfErrno("btf__load_vmlinux_btf",
            FunctionDescriptor.of(ADDRESS));
    private static final MethodHandle LOAD_MODULE = Symbols.libbpfErrno("btf__load_module_btf",
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle PARSE = Symbols.libbpfErrno("btf__parse",
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle PARSE_SPLIT = Symbols.libbpfErrno("btf__parse_split",
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle NEW = Symbols.libbpfErrno("btf__new",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT));
    private static final MethodHandle NEW_SPLIT = Symbols.libbpfErrno("btf__new_split",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, ADDRESS));
    private static final MethodHandle FREE = Symbols.libbpf("btf__free",
            FunctionDescriptor.ofVoid(ADDRESS));
    private static final MethodHandle TYPE_CNT = Symbols.libbpf("btf__type_cnt",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle TYPE_BY_ID = Symbols.libbpf("btf__type_by_id",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT));
    private static final MethodHandle NAME_BY_OFFSET = Symbols.libbpf("btf__name_by_offset",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT));
    private static final MethodHandle FIND_BY_NAME_KIND = Symbols.libbpf("btf__find_by_name_kind",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    private static final MethodHandle RESOLVE_SIZE = Symbols.libbpf("btf__resolve_size",
            FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_INT));
    private static final MethodHandle ALIGN_OF = Symbols.libbpf("btf__align_of",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle POINTER_SIZE = Symbols.libbpf("btf__pointer_size",
            FunctionDescriptor.of(JAVA_LONG, ADDRESS));
    private static final MethodHandle RAW_DATA = Symbols.libbpf("btf__raw_data",
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle BASE_BTF = Symbols.libbpf("btf__base_btf",
            FunctionDescriptor.of(ADDRESS, ADDRESS));

    /** Whether the loaded libbpf can load a kernel module's BTF by name (libbpf 0.5+). */
    public static final boolean HAS_LOAD_MODULE = LibBpf.isAvailable() && LibBpf.get().has("btf__load_module_btf");
    /** Whether the loaded libbpf can parse split BTF from a file (libbpf 0.3+). */
    public static final boolean HAS_PARSE_SPLIT = LibBpf.isAvailable() && LibBpf.get().has("btf__parse_split");

    /** Whether the loaded libbpf can parse split BTF from memory (btf__new_split, libbpf 1.3+ exports it). */
    public static final boolean HAS_NEW_SPLIT = LibBpf.isAvailable() && LibBpf.get().has("btf__new_split");

    private static final ThreadLocal<int[]> LAST_ERROR = ThreadLocal.withInitial(() -> new int[1]);

    private BtfCalls() {}

    /** The negative errno left by the last failed constructor call on this thread. */
    public static int lastError() {
        return LAST_ERROR.get()[0];
    }

    /** {@code btf__load_vmlinux_btf()}: the running kernel's BTF, or NULL (see {@link #lastError()}). */
    public static MemorySegment loadVmlinux() {
        try {
            MemorySegment cs = CapturedErrno.captureSegment();
            return checked(cs, (MemorySegment) LOAD_VMLINUX.invokeExact(cs));
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** {@code btf__load_module_btf(name, base)}, or NULL (see {@link #lastError()}). */
    public static MemorySegment loadModule(String module, MemorySegment base) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = CapturedErrno.captureSegment();
            return checked(cs, (MemorySegment) LOAD_MODULE.invokeExact(cs, arena.allocateFrom(module), base));
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** {@code btf__parse(path, NULL)}: BTF from an ELF object or a raw BTF file, or NULL. */
    public static MemorySegment parse(String path) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = CapturedErrno.captureSegment();
            return checked(cs, (MemorySegment) PARSE.invokeExact(cs, arena.allocateFrom(path), MemorySegment.NULL));
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** {@code btf__parse_split(path, base)}, or NULL. */
    public static MemorySegment parseSplit(String path, MemorySegment base) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = CapturedErrno.captureSegment();
            return checked(cs, (MemorySegment) PARSE_SPLIT.invokeExact(cs, arena.allocateFrom(path), base));
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@code btf__new(data, size)} or, with a non-NULL base, {@code btf__new_split} (check
     * {@link #HAS_NEW_SPLIT} first): libbpf copies the bytes, so {@code data} may be freed afterwards.
     * Returns NULL on failure.
     */
    public static MemorySegment fromMemory(MemorySegment data, MemorySegment base) {
        try {
            MemorySegment cs = CapturedErrno.captureSegment();
            int size = Math.toIntExact(data.byteSize());
            MemorySegment r = base.equals(MemorySegment.NULL)
                    ? (MemorySegment) NEW.invokeExact(cs, data, size)
                    : (MemorySegment) NEW_SPLIT.invokeExact(cs, data, size, base);
            return checked(cs, r);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** {@code btf__free(btf)}. */
    public static void free(MemorySegment btf) {
        try {
            FREE.invokeExact(btf);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** {@code btf__type_cnt(btf)}: the number of type ids including void (id 0) and, for split BTF, the base's. */
    public static int typeCount(MemorySegment btf) {
        try {
            return (int) TYPE_CNT.invokeExact(btf);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** {@code btf__type_by_id(btf, id)}: a zero-length pointer to the {@code struct btf_type}, or NULL. */
    public static MemorySegment typeById(MemorySegment btf, int id) {
        try {
            return (MemorySegment) TYPE_BY_ID.invokeExact(btf, id);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** {@code btf__name_by_offset(btf, off)}: a zero-length pointer to a NUL-terminated string, or NULL. */
    public static MemorySegment nameByOffset(MemorySegment btf, int offset) {
        try {
            return (MemorySegment) NAME_BY_OFFSET.invokeExact(btf, offset);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** {@code btf__find_by_name_kind(btf, name, kind)}: the type id, or -ENOENT. */
    public static int findByNameKind(MemorySegment btf, MemorySegment name, int kind) {
        try {
            return (int) FIND_BY_NAME_KIND.invokeExact(btf, name, kind);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** {@code btf__resolve_size(btf, id)}: the size in bytes, or -errno. */
    public static long resolveSize(MemorySegment btf, int id) {
        try {
            return (long) RESOLVE_SIZE.invokeExact(btf, id);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** {@code btf__align_of(btf, id)}: the alignment in bytes, or -errno. */
    public static int alignOf(MemorySegment btf, int id) {
        try {
            return (int) ALIGN_OF.invokeExact(btf, id);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** {@code btf__pointer_size(btf)}: the target's pointer size, or 0 when unknown. */
    public static long pointerSize(MemorySegment btf) {
        try {
            return (long) POINTER_SIZE.invokeExact(btf);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** {@code btf__base_btf(btf)}: the base of split BTF, or NULL. */
    public static MemorySegment baseBtf(MemorySegment btf) {
        try {
            return (MemorySegment) BASE_BTF.invokeExact(btf);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@code btf__raw_data(btf, &size)}: a copy of the raw BTF bytes (for split BTF, only the split
     * part), or null when libbpf could not produce them.
     */
    public static byte[] rawData(MemorySegment btf) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment size = arena.allocate(JAVA_INT);
            MemorySegment data = (MemorySegment) RAW_DATA.invokeExact(btf, size);
            if (data.equals(MemorySegment.NULL)) {
                return null;
            }
            int n = size.get(JAVA_INT, 0);
            return data.reinterpret(Integer.toUnsignedLong(n)).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    private static MemorySegment checked(MemorySegment cs, MemorySegment result) {
        if (result.equals(MemorySegment.NULL)) {
            int errno = CapturedErrno.read(cs);
            LAST_ERROR.get()[0] = errno == 0 ? -22 : -errno;
        } else {
            LAST_ERROR.get()[0] = 0;
        }
        return result;
    }
}
