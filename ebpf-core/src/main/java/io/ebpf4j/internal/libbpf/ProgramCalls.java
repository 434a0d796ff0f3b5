package io.ebpf4j.internal.libbpf;

import static io.ebpf4j.internal.ffi.ErrnoMode.RETURNED;

import java.lang.foreign.MemorySegment;

/** Bindings for operations on a loaded program's fd: test runs and object info. */
public final class ProgramCalls {
    private ProgramCalls() {}

    // struct bpf_test_run_opts as of libbpf 1.0 (80 bytes).
    public static final long TEST_RUN_OPTS_SIZE = 80;
    public static final long TR_DATA_IN = 8;
    public static final long TR_DATA_OUT = 16;
    public static final long TR_DATA_SIZE_IN = 24;
    public static final long TR_DATA_SIZE_OUT = 28;
    public static final long TR_CTX_IN = 32;
    public static final long TR_CTX_OUT = 40;
    public static final long TR_CTX_SIZE_IN = 48;
    public static final long TR_CTX_SIZE_OUT = 52;
    public static final long TR_RETVAL = 56;
    public static final long TR_REPEAT = 60;
    public static final long TR_DURATION = 64;
    public static final long TR_FLAGS = 68;
    public static final long TR_CPU = 72;
    public static final long TR_BATCH_SIZE = 76;

    // struct bpf_prog_info: the leading fields this library reads (kernel UAPI, stable layout).
    public static final long PROG_INFO_SIZE = 232;
    public static final long PI_TYPE = 0;
    public static final long PI_ID = 4;
    public static final long PI_TAG = 8;
    public static final long PI_JITED_LEN = 16;
    public static final long PI_XLATED_LEN = 20;
    public static final long PI_NAME = 64;
    public static final long PI_RUN_TIME_NS = 192;
    public static final long PI_RUN_CNT = 200;
    public static final long PI_VERIFIED_INSNS = 216;

    /** The C function bound below (public only because bindings need public interfaces; C is private). */
    private interface C {
        interface TestRun { int call(int progFd, MemorySegment opts); }
    }

    private static final C.TestRun TEST_RUN = Symbols.bind("bpf_prog_test_run_opts", C.TestRun.class, RETURNED);

    /** bpf_prog_test_run_opts: 0 or -errno. */
    public static int testRun(int progFd, MemorySegment opts) {
        return TEST_RUN.call(progFd, opts);
    }

    /** bpf_obj_get_info_by_fd: 0 or -errno; {@code len} holds the buffer size in and the filled size out. */
    public static int objGetInfo(int fd, MemorySegment info, MemorySegment len) {
        return MapCalls.objInfo(fd, info, len);
    }
}
