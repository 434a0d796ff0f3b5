package io.ebpf4j.internal.os;

import static io.ebpf4j.internal.ffi.ErrnoMode.CAPTURED;

import io.ebpf4j.internal.ffi.Check;
import io.ebpf4j.internal.ffi.OpKind;
import io.ebpf4j.internal.ffi.Downcalls;
import java.lang.foreign.MemorySegment;

/** eventfd(2) and the 8-byte read(2)/write(2) that signal and drain it. */
public final class EventFd {
    private static final int EFD_NONBLOCK = 04000;
    private static final int EFD_CLOEXEC = 02000000;

    /** The C functions bound here (public only because bindings need public interfaces; C is private). */
    private interface C {
        interface Eventfd { int call(int initval, int flags); }
        /** read(2) and write(2). */
        interface Transfer { long call(int fd, MemorySegment buf, long count); }
    }

    private static final C.Eventfd EVENTFD = Downcalls.libc("eventfd", C.Eventfd.class, CAPTURED);
    private static final C.Transfer READ = Downcalls.libc("read", C.Transfer.class, CAPTURED);
    private static final C.Transfer WRITE = Downcalls.libc("write", C.Transfer.class, CAPTURED);

    private EventFd() {}

    /** A new non-blocking, close-on-exec eventfd with counter 0. */
    public static Fd create(String what) {
        int fd = EVENTFD.call(0, EFD_NONBLOCK | EFD_CLOEXEC);
        return Fd.owned(Check.check(fd, OpKind.SYSTEM, "creating an eventfd for " + what), "eventfd of " + what);
    }

    /** Adds the 8-byte value in {@code one} (a segment holding 1) to the counter; returns 0 or -errno. */
    public static int signal(int fd, MemorySegment one) {
        long r = WRITE.call(fd, one, 8L);
        return r < 0 ? (int) r : 0;
    }

    /** Resets the counter, reading it into {@code scratch} (8 bytes); returns 0 or -errno (EAGAIN when it was 0). */
    public static int drain(int fd, MemorySegment scratch) {
        long r = READ.call(fd, scratch, 8L);
        return r < 0 ? (int) r : 0;
    }
}
