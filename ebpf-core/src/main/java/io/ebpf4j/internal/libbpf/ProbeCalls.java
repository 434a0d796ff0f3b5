package io.ebpf4j.internal.libbpf;

import static io.ebpf4j.internal.ffi.ErrnoMode.RETURNED;

import io.ebpf4j.kernel.BpfException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * Bindings for capability probing: libbpf's own probes ({@code libbpf_probe_bpf_*}) and the few
 * low-level {@code bpf()} wrappers a probe needs (program load with a verifier log, map create,
 * batch lookup, link create, test run). Every wrapper returns what libbpf returns: a non-negative
 * result or {@code -errno}; a symbol the loaded libbpf lacks gives {@code -ENOSYS}-like
 * {@link #MISSING_SYMBOL} instead of an exception.
 *
 * <p>Probing is not a hot path: each call uses a confined arena for its few bytes.
 */
public final class ProbeCalls {
    /** Returned (negated errno style) when the loaded libbpf lacks the function. */
    public static final int MISSING_SYMBOL = Integer.MIN_VALUE;

    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong J = ValueLayout.JAVA_LONG;
    private static final java.lang.foreign.AddressLayout P = ValueLayout.ADDRESS;

    /** The C functions bound below (public only because bindings need public interfaces; C is private). */
    private interface C {
        interface ProbeType { int call(int type, MemorySegment opts); }
        interface ProbeHelper { int call(int programType, int helperId, MemorySegment opts); }
    }

    private static final C.ProbeType PROBE_PROG = Symbols.bind("libbpf_probe_bpf_prog_type", C.ProbeType.class, RETURNED);
    private static final C.ProbeType PROBE_MAP = Symbols.bind("libbpf_probe_bpf_map_type", C.ProbeType.class, RETURNED);
    private static final C.ProbeHelper PROBE_HELPER =
            Symbols.bind("libbpf_probe_bpf_helper", C.ProbeHelper.class, RETURNED);

    /** struct bpf_prog_load_opts as of libbpf 1.0/1.1 (last field log_buf). */
    static final long PROG_LOAD_OPTS_SIZE = 104;
    /** struct bpf_map_create_opts as of libbpf 1.0/1.1 (last field map_ifindex). */
    static final long MAP_CREATE_OPTS_SIZE = 48;
    /** struct bpf_test_run_opts as of libbpf 1.0/1.1 (last field batch_size). */
    static final long TEST_RUN_OPTS_SIZE = 80;
    private static final int LOG_SIZE = 64 * 1024;

    private ProbeCalls() {}

    /** The outcome of a program load: the fd (caller closes it) or -errno, and the verifier log. */
    public record LoadResult(int fdOrError, String log) {
        /** Whether the program loaded. */
        public boolean loaded() {
            return fdOrError >= 0;
        }
    }

    /** What to load: type, expected attach type, BTF id to attach to, kernel version code. */
    public record LoadSpec(int programType, int expectedAttachType, int attachBtfId, int kernelVersionCode) {
        /** A load of {@code programType} with nothing else set. */
        public static LoadSpec of(int programType) {
            return new LoadSpec(programType, 0, 0, 0);
        }
    }

    /** libbpf_probe_bpf_prog_type: 1 supported, 0 not, negative error (e.g. -EOPNOTSUPP: cannot tell). */
    public static int probeProgramType(int type) {
        if (!has("libbpf_probe_bpf_prog_type")) {
            return MISSING_SYMBOL;
        }
        return PROBE_PROG.call(type, MemorySegment.NULL);
    }

    /** libbpf_probe_bpf_map_type: 1 supported, 0 not, negative error. */
    public static int probeMapType(int type) {
        if (!has("libbpf_probe_bpf_map_type")) {
            return MISSING_SYMBOL;
        }
        return PROBE_MAP.call(type, MemorySegment.NULL);
    }

    /**
     * libbpf_probe_bpf_helper: 1 supported, 0 not, negative error. Note: libbpf before 1.2 only knows
     * the verifier messages "unknown func"/"invalid func"; newer kernels say "cannot use helper", which
     * such a libbpf reads as supported. Callers wanting the truth load a program themselves.
     */
    public static int probeHelper(int programType, int helperId) {
        if (!has("libbpf_probe_bpf_helper")) {
            return MISSING_SYMBOL;
        }
        return PROBE_HELPER.call(programType, helperId, MemorySegment.NULL);
    }

    /**
     * bpf_prog_load of {@code insns} (raw 8-byte instructions) under the GPL license with a level-1
     * verifier log.
     */
    public static LoadResult load(LoadSpec spec, long[] insns) {
        if (insns == null || insns.length == 0) {
            throw new BpfException("loading a probe program", "no instructions");
        }
        if (!has("bpf_prog_load")) {
            return new LoadResult(MISSING_SYMBOL, "");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment code = arena.allocateFrom(J, insns);
            MemorySegment log = arena.allocate(LOG_SIZE);
            MemorySegment opts = arena.allocate(PROG_LOAD_OPTS_SIZE, 8);
            opts.set(J, 0, PROG_LOAD_OPTS_SIZE);
            opts.set(I, 12, spec.expectedAttachType());
            opts.set(I, 28, spec.kernelVersionCode());
            opts.set(I, 32, spec.attachBtfId());
            opts.set(I, 88, 1); // log_level
            opts.set(I, 92, LOG_SIZE);
            opts.set(P, 96, log);
            MemorySegment name = arena.allocateFrom("ebpf4j_probe");
            MemorySegment license = arena.allocateFrom("GPL");
            int fd = ProgLoadCalls.progLoad(spec.programType(), name, license, code, insns.length, opts);
            return new LoadResult(fd, log.getString(0, StandardCharsets.UTF_8).strip());
        }
    }

    /** bpf_map_create with {@code flags}; returns the fd (caller closes it) or -errno. */
    public static int createMap(int type, int keySize, int valueSize, int maxEntries, int flags) {
        if (!has("bpf_map_create")) {
            return MISSING_SYMBOL;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment opts = arena.allocate(MAP_CREATE_OPTS_SIZE, 8);
            opts.set(J, 0, MAP_CREATE_OPTS_SIZE);
            opts.set(I, 28, flags);
            MemorySegment name = arena.allocateFrom("ebpf4j_probe");
            return MapCalls.create(type, name, keySize, valueSize, maxEntries, opts);
        }
    }

    /** bpf_map_lookup_batch from the start of a map with 4-byte keys and values; returns 0 or -errno. */
    public static int lookupBatchFromStart(int mapFd, int maxCount) {
        if (!has("bpf_map_lookup_batch")) {
            return MISSING_SYMBOL;
        }
        if (maxCount <= 0 || maxCount > 4096) {
            throw new BpfException("batch lookup probe", "count must be 1..4096, was " + maxCount);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment outBatch = arena.allocate(8);
            MemorySegment keys = arena.allocate(4L * maxCount);
            MemorySegment values = arena.allocate(4L * maxCount);
            return MapCalls.BatchResult.ret(
                    MapCalls.lookupBatch(false, mapFd, MemorySegment.NULL, outBatch, keys, values, maxCount, 0));
        }
    }

    /** bpf_link_create without options; returns the link fd (caller closes it) or -errno. */
    public static int createLink(int progFd, int targetFd, int attachType) {
        if (!has("bpf_link_create")) {
            return MISSING_SYMBOL;
        }
        return LinkCalls.linkCreate(progFd, targetFd, attachType, 0);
    }

    /** bpf_prog_test_run_opts with {@code data} as input; returns the program's return value or -errno. */
    public static long testRun(int progFd, byte[] data) {
        if (!has("bpf_prog_test_run_opts")) {
            return MISSING_SYMBOL;
        }
        if (data == null || data.length == 0) {
            throw new BpfException("test run probe", "input data must not be empty");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment in = arena.allocateFrom(ValueLayout.JAVA_BYTE, data);
            MemorySegment opts = arena.allocate(TEST_RUN_OPTS_SIZE, 8);
            opts.set(J, 0, TEST_RUN_OPTS_SIZE);
            opts.set(P, 8, in);
            opts.set(I, 24, data.length);
            opts.set(I, 60, 1); // repeat
            int r = ProgramCalls.testRun(progFd, opts);
            return r < 0 ? r : Integer.toUnsignedLong(opts.get(I, 56));
        }
    }

    private static boolean has(String symbol) {
        return LibBpf.isAvailable() && LibBpf.get().has(symbol);
    }
}
