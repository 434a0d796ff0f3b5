package io.ebpf4j.internal.os;

import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.internal.ffi.Check;
import io.ebpf4j.internal.ffi.Downcalls;
import io.ebpf4j.internal.ffi.CapturedErrno;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/** eventfd(2) and the 8-byte read(2)/write(2) that signal and drain it. */
public final class EventFd {
    private static final int EFD_NONBLOCK = 04000;
    private static final int EFD_CLOEXEC = 02000000;
    private static final MethodHandle EVENTFD = Downcalls.libcErrno("eventfd",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle READ = Downcalls.libcErrno("read",
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    private static final MethodHandle WRITE = Downcalls.libcErrno("write",
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));

    private EventFd() {}

    /** A new non-blocking, close-on-exec eventfd with counter 0. */
    public static Fd create(String what) {
        try {
            MemorySegment cs = CapturedErrno.captureSegment();
            int fd = (int) EVENTFD.invokeExact(cs, 0, EFD_NONBLOCK | EFD_CLOEXEC);
            if (fd < 0) {
                throw Check.error("creating an eventfd for " + what, CapturedErrno.read(cs));
            }
            return Fd.owned(fd, "eventfd of " + what);
        } catch (BpfException e) {
            throw e;
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** Adds the 8-byte value in {@code one} (a segment holding 1) to the counter; returns 0 or -errno. */
    public static int signal(int fd, MemorySegment one) {
        return transfer(WRITE, fd, one);
    }

    /** Resets the counter, reading it into {@code scratch} (8 bytes); returns 0 or -errno (EAGAIN when it was 0). */
    public static int drain(int fd, MemorySegment scratch) {
        return transfer(READ, fd, scratch);
    }

    private static int transfer(MethodHandle readOrWrite, int fd, MemorySegment eightBytes) {
        try {
            MemorySegment cs = CapturedErrno.captureSegment();
            long r = (long) readOrWrite.invokeExact(cs, fd, eightBytes, 8L);
            return r < 0 ? -CapturedErrno.read(cs) : 0;
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }
}
