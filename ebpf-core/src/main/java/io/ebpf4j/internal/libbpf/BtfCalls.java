package io.ebpf4j.internal.libbpf;

import static io.ebpf4j.internal.ffi.ErrnoMode.CAPTURED;
import static io.ebpf4j.internal.ffi.ErrnoMode.RETURNED;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import io.ebpf4j.kernel.Errno;
import io.ebpf4j.internal.ffi.CapturedErrno;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * libbpf's BTF API ({@code btf.h}): parsing, lookups and freeing of {@code struct btf}.
 *
 * <p>Pointer-returning constructors report failure as NULL plus errno (libbpf 1.x); they are
 * wrapped here to return {@link MemorySegment#NULL} and store {@code -errno} in {@link #lastError()}.
 * Callers validate ids and sizes before calling: these wrappers pass values through unchanged.
 */
public final class BtfCalls {
    /** The C functions bound below (public only because bindings need public interfaces; C is private). */
    private interface C {
        interface LoadVmlinux { MemorySegment call(); }
        interface WithBase { MemorySegment call(MemorySegment nameOrPath, MemorySegment base); }
        interface New { MemorySegment call(MemorySegment data, int size); }
        interface NewSplit { MemorySegment call(MemorySegment data, int size, MemorySegment base); }
        interface Free { void call(MemorySegment btf); }
        interface TypeCount { int call(MemorySegment btf); }
        interface ById { MemorySegment call(MemorySegment btf, int id); }
        interface FindByNameKind { int call(MemorySegment btf, MemorySegment name, int kind); }
        interface ResolveSize { long call(MemorySegment btf, int id); }
        interface AlignOf { int call(MemorySegment btf, int id); }
        interface PointerSize { long call(MemorySegment btf); }
        interface RawData { MemorySegment call(MemorySegment btf, MemorySegment size); }
        interface BaseBtf { MemorySegment call(MemorySegment btf); }
    }

    private static final C.LoadVmlinux LOAD_VMLINUX = Symbols.bind("btf__load_vmlinux_btf", C.LoadVmlinux.class, CAPTURED);
    private static final C.WithBase LOAD_MODULE = Symbols.bind("btf__load_module_btf", C.WithBase.class, CAPTURED);
    private static final C.WithBase PARSE = Symbols.bind("btf__parse", C.WithBase.class, CAPTURED);
    private static final C.WithBase PARSE_SPLIT = Symbols.bind("btf__parse_split", C.WithBase.class, CAPTURED);
    private static final C.New NEW = Symbols.bind("btf__new", C.New.class, CAPTURED);
    private static final C.NewSplit NEW_SPLIT = Symbols.bind("btf__new_split", C.NewSplit.class, CAPTURED);
    private static final C.Free FREE = Symbols.bind("btf__free", C.Free.class, RETURNED);
    private static final C.TypeCount TYPE_CNT = Symbols.bind("btf__type_cnt", C.TypeCount.class, RETURNED);
    private static final C.ById TYPE_BY_ID = Symbols.bind("btf__type_by_id", C.ById.class, RETURNED);
    private static final C.ById NAME_BY_OFFSET = Symbols.bind("btf__name_by_offset", C.ById.class, RETURNED);
    private static final C.FindByNameKind FIND_BY_NAME_KIND =
            Symbols.bind("btf__find_by_name_kind", C.FindByNameKind.class, RETURNED);
    private static final C.ResolveSize RESOLVE_SIZE = Symbols.bind("btf__resolve_size", C.ResolveSize.class, RETURNED);
    private static final C.AlignOf ALIGN_OF = Symbols.bind("btf__align_of", C.AlignOf.class, RETURNED);
    private static final C.PointerSize POINTER_SIZE = Symbols.bind("btf__pointer_size", C.PointerSize.class, RETURNED);
    private static final C.RawData RAW_DATA = Symbols.bind("btf__raw_data", C.RawData.class, RETURNED);
    private static final C.BaseBtf BASE_BTF = Symbols.bind("btf__base_btf", C.BaseBtf.class, RETURNED);

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
        return checked(LOAD_VMLINUX.call());
    }

    /** {@code btf__load_module_btf(name, base)}, or NULL (see {@link #lastError()}). */
    public static MemorySegment loadModule(String module, MemorySegment base) {
        try (Arena arena = Arena.ofConfined()) {
            return checked(LOAD_MODULE.call(arena.allocateFrom(module), base));
        }
    }

    /** {@code btf__parse(path, NULL)}: BTF from an ELF object or a raw BTF file, or NULL. */
    public static MemorySegment parse(String path) {
        try (Arena arena = Arena.ofConfined()) {
            return checked(PARSE.call(arena.allocateFrom(path), MemorySegment.NULL));
        }
    }

    /** {@code btf__parse_split(path, base)}, or NULL. */
    public static MemorySegment parseSplit(String path, MemorySegment base) {
        try (Arena arena = Arena.ofConfined()) {
            return checked(PARSE_SPLIT.call(arena.allocateFrom(path), base));
        }
    }

    /**
     * {@code btf__new(data, size)} or, with a non-NULL base, {@code btf__new_split} (check
     * {@link #HAS_NEW_SPLIT} first): libbpf copies the bytes, so {@code data} may be freed afterwards.
     * Returns NULL on failure.
     */
    public static MemorySegment fromMemory(MemorySegment data, MemorySegment base) {
        int size = Math.toIntExact(data.byteSize());
        MemorySegment r = base.equals(MemorySegment.NULL)
                ? NEW.call(data, size)
                : NEW_SPLIT.call(data, size, base);
        return checked(r);
    }

    /** {@code btf__free(btf)}. */
    public static void free(MemorySegment btf) {
        FREE.call(btf);
    }

    /** {@code btf__type_cnt(btf)}: the number of type ids including void (id 0) and, for split BTF, the base's. */
    public static int typeCount(MemorySegment btf) {
        return TYPE_CNT.call(btf);
    }

    /** {@code btf__type_by_id(btf, id)}: a zero-length pointer to the {@code struct btf_type}, or NULL. */
    public static MemorySegment typeById(MemorySegment btf, int id) {
        return TYPE_BY_ID.call(btf, id);
    }

    /** {@code btf__name_by_offset(btf, off)}: a zero-length pointer to a NUL-terminated string, or NULL. */
    public static MemorySegment nameByOffset(MemorySegment btf, int offset) {
        return NAME_BY_OFFSET.call(btf, offset);
    }

    /** {@code btf__find_by_name_kind(btf, name, kind)}: the type id, or -ENOENT. */
    public static int findByNameKind(MemorySegment btf, MemorySegment name, int kind) {
        return FIND_BY_NAME_KIND.call(btf, name, kind);
    }

    /** {@code btf__resolve_size(btf, id)}: the size in bytes, or -errno. */
    public static long resolveSize(MemorySegment btf, int id) {
        return RESOLVE_SIZE.call(btf, id);
    }

    /** {@code btf__align_of(btf, id)}: the alignment in bytes, or -errno. */
    public static int alignOf(MemorySegment btf, int id) {
        return ALIGN_OF.call(btf, id);
    }

    /** {@code btf__pointer_size(btf)}: the target's pointer size, or 0 when unknown. */
    public static long pointerSize(MemorySegment btf) {
        return POINTER_SIZE.call(btf);
    }

    /** {@code btf__base_btf(btf)}: the base of split BTF, or NULL. */
    public static MemorySegment baseBtf(MemorySegment btf) {
        return BASE_BTF.call(btf);
    }

    /**
     * {@code btf__raw_data(btf, &size)}: a copy of the raw BTF bytes (for split BTF, only the split
     * part), or null when libbpf could not produce them.
     */
    public static byte[] rawData(MemorySegment btf) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment size = arena.allocate(JAVA_INT);
            MemorySegment data = RAW_DATA.call(btf, size);
            if (data.equals(MemorySegment.NULL)) {
                return null;
            }
            int n = size.get(JAVA_INT, 0);
            return data.reinterpret(Integer.toUnsignedLong(n)).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        }
    }

    private static MemorySegment checked(MemorySegment result) {
        if (result.equals(MemorySegment.NULL)) {
            int errno = CapturedErrno.last();
            LAST_ERROR.get()[0] = errno == 0 ? -Errno.EINVAL.number() : -errno;
        } else {
            LAST_ERROR.get()[0] = 0;
        }
        return result;
    }
}
