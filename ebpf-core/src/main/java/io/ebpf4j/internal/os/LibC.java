package io.ebpf4j.internal.os;

import io.ebpf4j.internal.ffi.Downcalls;
import io.ebpf4j.internal.ffi.CapturedErrno;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/** The few C library calls ebpf4j makes itself (the rest goes through libbpf). */
public final class LibC {
    private static final MethodHandle CLOSE = Downcalls.libcErrno("close",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle DUP_CLOEXEC = Downcalls.libcErrno("fcntl",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final int F_DUPFD_CLOEXEC = 1030;

    private LibC() {}

    /** close(2); returns 0 or -errno. */
    public static int close(int fd) {
        try {
            MemorySegment cs = CapturedErrno.captureSegment();
            int r = (int) CLOSE.invokeExact(cs, fd);
            return r < 0 ? -CapturedErrno.read(cs) : r;
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** fcntl(fd, F_DUPFD_CLOEXEC, 3): a new fd for the same object; returns it or -errno. */
    public static int dupCloexec(int fd) {
        try {
            MemorySegment cs = CapturedErrno.captureSegment();
            int r = (int) DUP_CLOEXEC.invokeExact(cs, fd, F_DUPFD_CLOEXEC, 3);
            return r < 0 ? -CapturedErrno.read(cs) : r;
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }
}
