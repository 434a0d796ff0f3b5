package io.ebpf4j.internal.libbpf;

import static io.ebpf4j.internal.ffi.ErrnoMode.CAPTURED;
import static io.ebpf4j.internal.ffi.ErrnoMode.RETURNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.ebpf4j.internal.ffi.CapturedErrno;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Bindings for libbpf's object API: {@code bpf_object__*}, and the {@code bpf_program__*} and
 * {@code bpf_map__*} accessors of an opened object. Pointers are passed as {@link MemorySegment}s;
 * strings are read with {@link #string(MemorySegment)}.
 */
public final class ObjectCalls {
    private ObjectCalls() {}

    // struct bpf_object_open_opts as of libbpf 1.0/1.1 (80 bytes).
    public static final long OPEN_OPTS_SIZE = 80;
    public static final long OPEN_OPTS_OBJECT_NAME = 8;
    public static final long OPEN_OPTS_PIN_ROOT = 24;
    public static final long OPEN_OPTS_KCONFIG = 40;
    public static final long OPEN_OPTS_BTF_CUSTOM_PATH = 48;

    /** The C functions bound below (public only because bindings need public interfaces; C is private). */
    private interface C {
        interface OpenMem { MemorySegment call(MemorySegment buf, long size, MemorySegment opts); }
        /** An int-valued function of one object, program or map. */
        interface IntOf { int call(MemorySegment p); }
        /** A pointer-valued function of one object, program or map (names, sections, BTF, instructions). */
        interface PointerOf { MemorySegment call(MemorySegment p); }
        /** A boolean-valued function of one program or map. */
        interface BooleanOf { boolean call(MemorySegment p); }
        interface LongOf { long call(MemorySegment p); }
        interface Close { void call(MemorySegment obj); }
        /** bpf_object__next_program / __next_map: the one after {@code prev} (NULL: the first). */
        interface Next { MemorySegment call(MemorySegment obj, MemorySegment prev); }
        /** A setter of an int property of a program or map. */
        interface SetInt { int call(MemorySegment p, int value); }
        interface SetBoolean { int call(MemorySegment p, boolean value); }
        /** A setter of a buffer of a program or map: log buffer, initial value. */
        interface SetBuffer { int call(MemorySegment p, MemorySegment data, long size); }
        interface SetPointer { int call(MemorySegment p, MemorySegment value); }
        interface InitialValue { MemorySegment call(MemorySegment map, MemorySegment size); }
    }

    private static final C.OpenMem OPEN_MEM = Symbols.bind("bpf_object__open_mem", C.OpenMem.class, CAPTURED);
    private static final C.IntOf LOAD = Symbols.bind("bpf_object__load", C.IntOf.class, RETURNED);
    private static final C.Close CLOSE = Symbols.bind("bpf_object__close", C.Close.class, RETURNED);
    private static final C.PointerOf OBJ_NAME = Symbols.bind("bpf_object__name", C.PointerOf.class, RETURNED);
    private static final C.PointerOf OBJ_BTF = Symbols.bind("bpf_object__btf", C.PointerOf.class, RETURNED);
    private static final C.Next NEXT_PROGRAM = Symbols.bind("bpf_object__next_program", C.Next.class, RETURNED);
    private static final C.Next NEXT_MAP = Symbols.bind("bpf_object__next_map", C.Next.class, RETURNED);

    private static final C.PointerOf PROG_NAME = Symbols.bind("bpf_program__name", C.PointerOf.class, RETURNED);
    private static final C.PointerOf PROG_SECTION = Symbols.bind("bpf_program__section_name", C.PointerOf.class, RETURNED);
    private static final C.IntOf PROG_TYPE = Symbols.bind("bpf_program__type", C.IntOf.class, RETURNED);
    private static final C.SetInt PROG_SET_TYPE = Symbols.bind("bpf_program__set_type", C.SetInt.class, RETURNED);
    private static final C.IntOf PROG_ATTACH_TYPE =
            Symbols.bind("bpf_program__expected_attach_type", C.IntOf.class, RETURNED);
    private static final C.SetInt PROG_SET_ATTACH_TYPE =
            Symbols.bind("bpf_program__set_expected_attach_type", C.SetInt.class, RETURNED);
    private static final C.BooleanOf PROG_AUTOLOAD = Symbols.bind("bpf_program__autoload", C.BooleanOf.class, RETURNED);
    private static final C.SetBoolean PROG_SET_AUTOLOAD =
            Symbols.bind("bpf_program__set_autoload", C.SetBoolean.class, RETURNED);
    private static final C.PointerOf PROG_INSNS = Symbols.bind("bpf_program__insns", C.PointerOf.class, RETURNED);
    private static final C.LongOf PROG_INSN_CNT = Symbols.bind("bpf_program__insn_cnt", C.LongOf.class, RETURNED);
    private static final C.IntOf PROG_FD = Symbols.bind("bpf_program__fd", C.IntOf.class, RETURNED);
    private static final C.SetBuffer PROG_SET_LOG_BUF =
            Symbols.bind("bpf_program__set_log_buf", C.SetBuffer.class, RETURNED);
    private static final C.SetInt PROG_SET_LOG_LEVEL =
            Symbols.bind("bpf_program__set_log_level", C.SetInt.class, RETURNED);

    private static final C.PointerOf MAP_NAME = Symbols.bind("bpf_map__name", C.PointerOf.class, RETURNED);
    private static final C.IntOf MAP_TYPE = Symbols.bind("bpf_map__type", C.IntOf.class, RETURNED);
    private static final C.IntOf MAP_KEY_SIZE = Symbols.bind("bpf_map__key_size", C.IntOf.class, RETURNED);
    private static final C.IntOf MAP_VALUE_SIZE = Symbols.bind("bpf_map__value_size", C.IntOf.class, RETURNED);
    private static final C.IntOf MAP_MAX_ENTRIES = Symbols.bind("bpf_map__max_entries", C.IntOf.class, RETURNED);
    private static final C.SetInt MAP_SET_MAX_ENTRIES =
            Symbols.bind("bpf_map__set_max_entries", C.SetInt.class, RETURNED);
    private static final C.IntOf MAP_FLAGS = Symbols.bind("bpf_map__map_flags", C.IntOf.class, RETURNED);
    private static final C.IntOf MAP_FD = Symbols.bind("bpf_map__fd", C.IntOf.class, RETURNED);
    private static final C.BooleanOf MAP_IS_INTERNAL = Symbols.bind("bpf_map__is_internal", C.BooleanOf.class, RETURNED);
    private static final C.InitialValue MAP_INITIAL_VALUE =
            Symbols.bind("bpf_map__initial_value", C.InitialValue.class, RETURNED);
    private static final C.SetBuffer MAP_SET_INITIAL_VALUE =
            Symbols.bind("bpf_map__set_initial_value", C.SetBuffer.class, RETURNED);
    private static final C.SetPointer MAP_SET_PIN_PATH =
            Symbols.bind("bpf_map__set_pin_path", C.SetPointer.class, RETURNED);
    private static final C.PointerOf MAP_PIN_PATH = Symbols.bind("bpf_map__pin_path", C.PointerOf.class, RETURNED);
    private static final C.SetInt MAP_REUSE_FD = Symbols.bind("bpf_map__reuse_fd", C.SetInt.class, RETURNED);
    private static final C.IntOf MAP_BTF_KEY = Symbols.bind("bpf_map__btf_key_type_id", C.IntOf.class, RETURNED);
    private static final C.IntOf MAP_BTF_VALUE = Symbols.bind("bpf_map__btf_value_type_id", C.IntOf.class, RETURNED);
    private static final C.SetInt MAP_SET_INNER_FD =
            Symbols.bind("bpf_map__set_inner_map_fd", C.SetInt.class, RETURNED);

    /** bpf_object__open_mem; returns the object or NULL with {@code errnoOut[0]} set. */
    public static MemorySegment openMem(MemorySegment buf, long size, MemorySegment opts, int[] errnoOut) {
        MemorySegment obj = OPEN_MEM.call(buf, size, opts);
        if (obj.equals(MemorySegment.NULL)) {
            errnoOut[0] = CapturedErrno.last();
        }
        return obj;
    }

    public static int load(MemorySegment obj) {
        return LOAD.call(obj);
    }

    public static void close(MemorySegment obj) {
        CLOSE.call(obj);
    }

    public static String objectName(MemorySegment obj) {
        return string(OBJ_NAME.call(obj));
    }

    /** The object's BTF ({@code struct btf *}, owned by the object), or NULL. */
    public static MemorySegment btf(MemorySegment obj) {
        return OBJ_BTF.call(obj);
    }

    public static MemorySegment nextProgram(MemorySegment obj, MemorySegment prev) {
        return NEXT_PROGRAM.call(obj, prev);
    }

    public static MemorySegment nextMap(MemorySegment obj, MemorySegment prev) {
        return NEXT_MAP.call(obj, prev);
    }

    public static String programName(MemorySegment prog) {
        return string(PROG_NAME.call(prog));
    }

    public static String programSection(MemorySegment prog) {
        return string(PROG_SECTION.call(prog));
    }

    public static int programType(MemorySegment prog) {
        return PROG_TYPE.call(prog);
    }

    public static int setProgramType(MemorySegment prog, int type) {
        return PROG_SET_TYPE.call(prog, type);
    }

    public static int programExpectedAttachType(MemorySegment prog) {
        return PROG_ATTACH_TYPE.call(prog);
    }

    public static int setProgramExpectedAttachType(MemorySegment prog, int type) {
        return PROG_SET_ATTACH_TYPE.call(prog, type);
    }

    public static boolean programAutoload(MemorySegment prog) {
        return PROG_AUTOLOAD.call(prog);
    }

    public static int setProgramAutoload(MemorySegment prog, boolean autoload) {
        return PROG_SET_AUTOLOAD.call(prog, autoload);
    }

    /** A copy of the program's instructions as libbpf holds them after open (8 bytes each). */
    public static byte[] programInstructions(MemorySegment prog) {
        long count = PROG_INSN_CNT.call(prog);
        MemorySegment insns = PROG_INSNS.call(prog);
        if (count <= 0 || insns.equals(MemorySegment.NULL)) {
            return new byte[0];
        }
        return insns.reinterpret(count * 8).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
    }

    public static int programFd(MemorySegment prog) {
        return PROG_FD.call(prog);
    }

    public static int setProgramLogBuf(MemorySegment prog, MemorySegment buf, long size) {
        return PROG_SET_LOG_BUF.call(prog, buf, size);
    }

    public static int setProgramLogLevel(MemorySegment prog, int level) {
        return PROG_SET_LOG_LEVEL.call(prog, level);
    }

    public static String mapName(MemorySegment map) {
        return string(MAP_NAME.call(map));
    }

    public static int mapType(MemorySegment map) {
        return MAP_TYPE.call(map);
    }

    public static int mapKeySize(MemorySegment map) {
        return MAP_KEY_SIZE.call(map);
    }

    public static int mapValueSize(MemorySegment map) {
        return MAP_VALUE_SIZE.call(map);
    }

    public static int mapMaxEntries(MemorySegment map) {
        return MAP_MAX_ENTRIES.call(map);
    }

    public static int setMapMaxEntries(MemorySegment map, int maxEntries) {
        return MAP_SET_MAX_ENTRIES.call(map, maxEntries);
    }

    public static int mapFlags(MemorySegment map) {
        return MAP_FLAGS.call(map);
    }

    public static int mapFd(MemorySegment map) {
        return MAP_FD.call(map);
    }

    public static boolean mapIsInternal(MemorySegment map) {
        return MAP_IS_INTERNAL.call(map);
    }

    public static int mapBtfKeyTypeId(MemorySegment map) {
        return MAP_BTF_KEY.call(map);
    }

    public static int mapBtfValueTypeId(MemorySegment map) {
        return MAP_BTF_VALUE.call(map);
    }

    /** A copy of an internal map's initial data (.data/.rodata/.bss/.kconfig), or null. */
    public static byte[] mapInitialValue(MemorySegment map) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment size = arena.allocate(JAVA_LONG);
            MemorySegment data = MAP_INITIAL_VALUE.call(map, size);
            long n = size.get(JAVA_LONG, 0);
            if (data.equals(MemorySegment.NULL) || n <= 0) {
                return null;
            }
            return data.reinterpret(n).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        }
    }

    public static int setMapInitialValue(MemorySegment map, MemorySegment data, long size) {
        return MAP_SET_INITIAL_VALUE.call(map, data, size);
    }

    public static int setMapPinPath(MemorySegment map, MemorySegment path) {
        return MAP_SET_PIN_PATH.call(map, path);
    }

    public static String mapPinPath(MemorySegment map) {
        return string(MAP_PIN_PATH.call(map));
    }

    public static int reuseMapFd(MemorySegment map, int fd) {
        return MAP_REUSE_FD.call(map, fd);
    }

    public static int setInnerMapFd(MemorySegment map, int fd) {
        return MAP_SET_INNER_FD.call(map, fd);
    }

    /** A C string at {@code p}, or null for NULL. */
    public static String string(MemorySegment p) {
        if (p.equals(MemorySegment.NULL)) {
            return null;
        }
        return p.reinterpret(Integer.MAX_VALUE).getString(0);
    }
}
