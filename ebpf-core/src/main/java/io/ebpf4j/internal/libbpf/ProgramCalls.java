package io.ebpf4j.internal.libbpf;

import static io.ebpf4j.internal.ffi.ErrnoMode.RETURNED;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.ebpf4j.internal.ffi.Check;
import io.ebpf4j.internal.ffi.OpKind;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.HexFormat;

/** Bindings for operations on a loaded program's fd: test runs and object info. */
public final class ProgramCalls {
    private ProgramCalls() {}

    // struct bpf_test_run_opts as of libbpf 1.0 (80 bytes).
    private static final long TEST_RUN_OPTS_SIZE = 80;
    private static final long TR_DATA_IN = 8;
    private static final long TR_DATA_OUT = 16;
    private static final long TR_DATA_SIZE_IN = 24;
    private static final long TR_DATA_SIZE_OUT = 28;
    private static final long TR_RETVAL = 56;
    private static final long TR_REPEAT = 60;
    private static final long TR_DURATION = 64;
    /** Room for a program that grows the packet (XDP head adjustments, tc encapsulation). */
    private static final int OUT_HEADROOM = 256;

    // struct bpf_prog_info: the leading fields this library reads (kernel UAPI, stable layout).
    private static final long PROG_INFO_SIZE = 232;
    private static final long PI_TYPE = 0;
    private static final long PI_ID = 4;
    private static final long PI_TAG = 8;
    private static final long PI_JITED_LEN = 16;
    private static final long PI_XLATED_LEN = 20;
    private static final long PI_NAME = 64;
    private static final long PI_RUN_TIME_NS = 192;
    private static final long PI_RUN_CNT = 200;
    private static final long PI_VERIFIED_INSNS = 216;

    /** The C function bound here (public only because bindings need public interfaces; C is private). */
    private interface C {
        interface TestRun { int call(int progFd, MemorySegment opts); }
    }

    private static final C.TestRun TEST_RUN = Symbols.bind("bpf_prog_test_run_opts", C.TestRun.class, RETURNED);

    /**
     * The fields of {@code struct bpf_prog_info} ebpf4j reads.
     *
     * @param tag the program tag in hex
     */
    public record Info(int type, int id, String tag, String name, int xlatedLen, int jitedLen, int verifiedInsns,
            long runTimeNs, long runCount) {}

    /** What a BPF_PROG_TEST_RUN gave: the program's return value, the mean duration, the data out. */
    public record TestRun(int retval, long durationNs, byte[] dataOut) {}

    /**
     * bpf_obj_get_info_by_fd on program {@code progFd}.
     *
     * @throws io.ebpf4j.kernel.BpfException naming {@code operation} when the kernel refuses
     */
    public static Info info(int progFd, String operation) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(PROG_INFO_SIZE, 8);
            MemorySegment len = arena.allocate(JAVA_INT);
            len.set(JAVA_INT, 0, (int) PROG_INFO_SIZE);
            Check.check(MapCalls.objInfo(progFd, info, len), OpKind.PROGRAM, operation);
            return new Info(info.get(JAVA_INT, PI_TYPE), info.get(JAVA_INT, PI_ID),
                    HexFormat.of().formatHex(info.asSlice(PI_TAG, 8).toArray(JAVA_BYTE)),
                    info.asSlice(PI_NAME, 16).getString(0), info.get(JAVA_INT, PI_XLATED_LEN),
                    info.get(JAVA_INT, PI_JITED_LEN), info.get(JAVA_INT, PI_VERIFIED_INSNS),
                    info.get(JAVA_LONG, PI_RUN_TIME_NS), info.get(JAVA_LONG, PI_RUN_CNT));
        }
    }

    /**
     * bpf_prog_test_run_opts: runs {@code progFd} {@code repeat} times on {@code data}, with room for
     * the data to grow.
     *
     * @throws io.ebpf4j.kernel.BpfException naming {@code operation} when the kernel refuses
     */
    public static TestRun testRun(int progFd, byte[] data, int repeat, String operation) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment in = arena.allocate(Math.max(1, data.length));
            MemorySegment.copy(data, 0, in, JAVA_BYTE, 0, data.length);
            int outSize = data.length + OUT_HEADROOM;
            MemorySegment out = arena.allocate(outSize);
            MemorySegment opts = arena.allocate(TEST_RUN_OPTS_SIZE, 8);
            opts.set(JAVA_LONG, 0, TEST_RUN_OPTS_SIZE);
            opts.set(ADDRESS, TR_DATA_IN, in);
            opts.set(JAVA_INT, TR_DATA_SIZE_IN, data.length);
            opts.set(ADDRESS, TR_DATA_OUT, out);
            opts.set(JAVA_INT, TR_DATA_SIZE_OUT, outSize);
            opts.set(JAVA_INT, TR_REPEAT, repeat);
            Check.check(testRun(progFd, opts), OpKind.PROGRAM, operation);
            int produced = Math.min(opts.get(JAVA_INT, TR_DATA_SIZE_OUT), outSize);
            return new TestRun(opts.get(JAVA_INT, TR_RETVAL), Integer.toUnsignedLong(opts.get(JAVA_INT, TR_DURATION)),
                    out.asSlice(0, produced).toArray(JAVA_BYTE));
        }
    }

    /** bpf_prog_test_run_opts with {@code opts} as the caller filled them: 0 or -errno. */
    static int testRun(int progFd, MemorySegment opts) {
        return TEST_RUN.call(progFd, opts);
    }
}
