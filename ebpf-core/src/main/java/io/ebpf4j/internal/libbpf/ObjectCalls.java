package io.ebpf4j.internal.libbpf;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.ebpf4j.internal.ffi.CapturedErrno;
import io.ebpf4j.internal.ffi.Downcalls;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

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

    private static final MethodHandle OPEN_MEM = Symbols.libbpfErrno("bpf_object__open_mem",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
    private static final MethodHandle LOAD = Symbols.libbpf("bpf_object__load", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle CLOSE = Symbols.libbpf("bpf_object__close", FunctionDescriptor.ofVoid(ADDRESS));
    private static final MethodHandle OBJ_NAME = Symbols.libbpf("bpf_object__name", FunctionDescriptor.of(ADDRESS, ADDRESS));
    private static final MethodHandle OBJ_BTF = Symbols.libbpf("bpf_object__btf", FunctionDescriptor.of(ADDRESS, ADDRESS));
    private static final MethodHandle NEXT_PROGRAM = Symbols.libbpf("bpf_object__next_program",
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle NEXT_MAP = Symbols.libbpf("bpf_object__next_map",
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));

    private static final MethodHandle PROG_NAME = Symbols.libbpf("bpf_program__name", FunctionDescriptor.of(ADDRESS, ADDRESS));
    private static final MethodHandle PROG_SECTION = Symbols.libbpf("bpf_program__section_name",
            FunctionDescriptor.of(ADDRESS, ADDRESS));
    private static final MethodHandle PROG_TYPE = Symbols.libbpf("bpf_program__type", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle PROG_SET_TYPE = Symbols.libbpf("bpf_program__set_type",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle PROG_ATTACH_TYPE = Symbols.libbpf("bpf_program__expected_attach_type",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle PROG_SET_ATTACH_TYPE = Symbols.libbpf("bpf_program__set_expected_attach_type",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle PROG_AUTOLOAD = Symbols.libbpf("bpf_program__autoload",
            FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS));
    private static final MethodHandle PROG_SET_AUTOLOAD = Symbols.libbpf("bpf_program__set_autoload",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_BOOLEAN));
    private static final MethodHandle PROG_INSNS = Symbols.libbpf("bpf_program__insns", FunctionDescriptor.of(ADDRESS, ADDRESS));
    private static final MethodHandle PROG_INSN_CNT = Symbols.libbpf("bpf_program__insn_cnt",
            FunctionDescriptor.of(JAVA_LONG, ADDRESS));
    private static final MethodHandle PROG_FD = Symbols.libbpf("bpf_program__fd", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle PROG_SET_LOG_BUF = Symbols.libbpf("bpf_program__set_log_buf",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
    private static final MethodHandle PROG_SET_LOG_LEVEL = Symbols.libbpf("bpf_program__set_log_level",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));

    private static final MethodHandle MAP_NAME = Symbols.libbpf("bpf_map__name", FunctionDescriptor.of(ADDRESS, ADDRESS));
    private static final MethodHandle MAP_TYPE = Symbols.libbpf("bpf_map__type", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle MAP_KEY_SIZE = Symbols.libbpf("bpf_map__key_size", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle MAP_VALUE_SIZE = Symbols.libbpf("bpf_map__value_size",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle MAP_MAX_ENTRIES = Symbols.libbpf("bpf_map__max_entries",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle MAP_SET_MAX_ENTRIES = Symbols.libbpf("bpf_map__set_max_entries",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle MAP_FLAGS = Symbols.libbpf("bpf_map__map_flags", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle MAP_FD = Symbols.libbpf("bpf_map__fd", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle MAP_IS_INTERNAL = Symbols.libbpf("bpf_map__is_internal",
            FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS));
    private static final MethodHandle MAP_INITIAL_VALUE = Symbols.libbpf("bpf_map__initial_value",
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle MAP_SET_INITIAL_VALUE = Symbols.libbpf("bpf_map__set_initial_value",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
    private static final MethodHandle MAP_SET_PIN_PATH = Symbols.libbpf("bpf_map__set_pin_path",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle MAP_PIN_PATH = Symbols.libbpf("bpf_map__pin_path", FunctionDescriptor.of(ADDRESS, ADDRESS));
    private static final MethodHandle MAP_REUSE_FD = Symbols.libbpf("bpf_map__reuse_fd",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle MAP_BTF_KEY = Symbols.libbpf("bpf_map__btf_key_type_id",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle MAP_BTF_VALUE = Symbols.libbpf("bpf_map__btf_value_type_id",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle MAP_SET_INNER_FD = Symbols.libbpf("bpf_map__set_inner_map_fd",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));

    /** bpf_object__open_mem; returns the object or NULL with {@code errnoOut[0]} set. */
    public static MemorySegment openMem(MemorySegment buf, long size, MemorySegment opts, int[] errnoOut) {
        try {
            MemorySegment cs = CapturedErrno.captureSegment();
            MemorySegment obj = (MemorySegment) OPEN_MEM.invokeExact(cs, buf, size, opts);
            if (obj.equals(MemorySegment.NULL)) {
                errnoOut[0] = CapturedErrno.read(cs);
            }
            return obj;
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public static int load(MemorySegment obj) {
        try {
            return (int) LOAD.invokeExact(obj);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public static void close(MemorySegment obj) {
        try {
            CLOSE.invokeExact(obj);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public static String objectName(MemorySegment obj) {
        return string(call(OBJ_NAME, obj));
    }

    /** The object's BTF ({@code struct btf *}, owned by the object), or NULL. */
    public static MemorySegment btf(MemorySegment obj) {
        return call(OBJ_BTF, obj);
    }

    public static MemorySegment nextProgram(MemorySegment obj, MemorySegment prev) {
        try {
            return (MemorySegment) NEXT_PROGRAM.invokeExact(obj, prev);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public static MemorySegment nextMap(MemorySegment obj, MemorySegment prev) {
        try {
            return (MemorySegment) NEXT_MAP.invokeExact(obj, prev);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public static String programName(MemorySegment prog) {
        return string(call(PROG_NAME, prog));
    }

    public static String programSection(MemorySegment prog) {
        return string(call(PROG_SECTION, prog));
    }

    public static int programType(MemorySegment prog) {
        return callInt(PROG_TYPE, prog);
    }

    public static int setProgramType(MemorySegment prog, int type) {
        return callInt(PROG_SET_TYPE, prog, type);
    }

    public static int programExpectedAttachType(MemorySegment prog) {
        return callInt(PROG_ATTACH_TYPE, prog);
    }

    public static int setProgramExpectedAttachType(MemorySegment prog, int type) {
        return callInt(PROG_SET_ATTACH_TYPE, prog, type);
    }

    public static boolean programAutoload(MemorySegment prog) {
        try {
            return (boolean) PROG_AUTOLOAD.invokeExact(prog);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public static int setProgramAutoload(MemorySegment prog, boolean autoload) {
        try {
            return (int) PROG_SET_AUTOLOAD.invokeExact(prog, autoload);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** A copy of the program's instructions as libbpf holds them after open (8 bytes each). */
    public static byte[] programInstructions(MemorySegment prog) {
        try {
            long count = (long) PROG_INSN_CNT.invokeExact(prog);
            MemorySegment insns = (MemorySegment) PROG_INSNS.invokeExact(prog);
            if (count <= 0 || insns.equals(MemorySegment.NULL)) {
                return new byte[0];
            }
            return insns.reinterpret(count * 8).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public static int programFd(MemorySegment prog) {
        return callInt(PROG_FD, prog);
    }

    public static int setProgramLogBuf(MemorySegment prog, MemorySegment buf, long size) {
        try {
            return (int) PROG_SET_LOG_BUF.invokeExact(prog, buf, size);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public static int setProgramLogLevel(MemorySegment prog, int level) {
        return callInt(PROG_SET_LOG_LEVEL, prog, level);
    }

    public static String mapName(MemorySegment map) {
        return string(call(MAP_NAME, map));
    }

    public static int mapType(MemorySegment map) {
        return callInt(MAP_TYPE, map);
    }

    public static int mapKeySize(MemorySegment map) {
        return callInt(MAP_KEY_SIZE, map);
    }

    public static int mapValueSize(MemorySegment map) {
        return callInt(MAP_VALUE_SIZE, map);
    }

    public static int mapMaxEntries(MemorySegment map) {
        return callInt(MAP_MAX_ENTRIES, map);
    }

    public static int setMapMaxEntries(MemorySegment map, int maxEntries) {
        return callInt(MAP_SET_MAX_ENTRIES, map, maxEntries);
    }

    public static int mapFlags(MemorySegment map) {
        return callInt(MAP_FLAGS, map);
    }

    public static int mapFd(MemorySegment map) {
        return callInt(MAP_FD, map);
    }

    public static boolean mapIsInternal(MemorySegment map) {
        try {
            return (boolean) MAP_IS_INTERNAL.invokeExact(map);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public static int mapBtfKeyTypeId(MemorySegment map) {
        return callInt(MAP_BTF_KEY, map);
    }

    public static int mapBtfValueTypeId(MemorySegment map) {
        return callInt(MAP_BTF_VALUE, map);
    }

    /** A copy of an internal map's initial data (.data/.rodata/.bss/.kconfig), or null. */
    public static byte[] mapInitialValue(MemorySegment map) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment size = arena.allocate(JAVA_LONG);
            MemorySegment data = (MemorySegment) MAP_INITIAL_VALUE.invokeExact(map, size);
            long n = size.get(JAVA_LONG, 0);
            if (data.equals(MemorySegment.NULL) || n <= 0) {
                return null;
            }
            return data.reinterpret(n).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public static int setMapInitialValue(MemorySegment map, MemorySegment data, long size) {
        try {
            return (int) MAP_SET_INITIAL_VALUE.invokeExact(map, data, size);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public static int setMapPinPath(MemorySegment map, MemorySegment path) {
        try {
            return (int) MAP_SET_PIN_PATH.invokeExact(map, path);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public static String mapPinPath(MemorySegment map) {
        return string(call(MAP_PIN_PATH, map));
    }

    public static int reuseMapFd(MemorySegment map, int fd) {
        return callInt(MAP_REUSE_FD, map, fd);
    }

    public static int setInnerMapFd(MemorySegment map, int fd) {
        return callInt(MAP_SET_INNER_FD, map, fd);
    }

    /** A C string at {@code p}, or null for NULL. */
    public static String string(MemorySegment p) {
        if (p.equals(MemorySegment.NULL)) {
            return null;
        }
        return p.reinterpret(Integer.MAX_VALUE).getString(0);
    }

    private static MemorySegment call(MethodHandle h, MemorySegment p) {
        try {
            return (MemorySegment) h.invokeExact(p);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    private static int callInt(MethodHandle h, MemorySegment p) {
        try {
            return (int) h.invokeExact(p);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    private static int callInt(MethodHandle h, MemorySegment p, int a) {
        try {
            return (int) h.invokeExact(p, a);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }
}
