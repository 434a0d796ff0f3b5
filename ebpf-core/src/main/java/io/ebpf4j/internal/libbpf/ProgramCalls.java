package io.ebpf4j.internal.libbpf;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import io.ebpf4j.internal.ffi.Downcalls;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

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

    private static final MethodHandle TEST_RUN = Symbols.libbpf("bpf_prog_test_run_opts",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle GET_INFO = Symbols.libbpf("bpf_obj_get_info_by_fd",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));

    /** bpf_prog_test_run_opts: 0 or -errno. */
    public static int testRun(int progFd, MemorySegment opts) {
        try {
            return (int) TEST_RUN.invokeExact(progFd, opts);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** bpf_obj_get_info_by_fd: 0 or -errno; {@code len} holds the buffer size in and the filled size out. */
    public static int objGetInfo(int fd, MemorySegment info, MemorySegment len) {
        try {
            return (int) GET_INFO.invokeExact(fd, info, len);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }
}
