package io.ebpf4j.internal.os;

import static io.ebpf4j.internal.ffi.ErrnoMode.CAPTURED;

import io.ebpf4j.internal.ffi.Downcalls;

/** The few C library calls ebpf4j makes itself (the rest goes through libbpf). */
public final class LibC {
    /** The C functions bound here (public only because bindings need public interfaces; C is private). */
    private interface C {
        interface Close { int call(int fd); }
        interface Fcntl { int call(int fd, int cmd, int arg); }
    }

    private static final C.Close CLOSE = Downcalls.libc("close", C.Close.class, CAPTURED);
    private static final C.Fcntl FCNTL = Downcalls.libc("fcntl", C.Fcntl.class, CAPTURED);
    private static final int F_DUPFD_CLOEXEC = 1030;

    private LibC() {}

    /** close(2); returns 0 or -errno. */
    public static int close(int fd) {
        return CLOSE.call(fd);
    }

    /** fcntl(fd, F_DUPFD_CLOEXEC, 3): a new fd for the same object; returns it or -errno. */
    public static int dupCloexec(int fd) {
        return FCNTL.call(fd, F_DUPFD_CLOEXEC, 3);
    }
}
