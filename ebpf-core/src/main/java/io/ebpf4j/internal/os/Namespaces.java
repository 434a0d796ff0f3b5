package io.ebpf4j.internal.os;

import static io.ebpf4j.internal.ffi.ErrnoMode.CAPTURED;

import io.ebpf4j.internal.ffi.Downcalls;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * setns(2) for network namespaces: moves the <em>calling thread</em> into the namespace a file
 * (e.g. {@code /run/netns/NAME} or {@code /proc/PID/ns/net}) refers to. Only platform threads may
 * call it meaningfully (a virtual thread would carry the namespace to whatever runs next on its
 * carrier).
 */
public final class Namespaces {
    /** The C functions bound here (public only because bindings need public interfaces; C is private). */
    private interface C {
        interface Open { int call(MemorySegment path, int flags); }
        interface Setns { int call(int fd, int nstype); }
    }

    private static final C.Open OPEN = Downcalls.libc("open", C.Open.class, CAPTURED);
    private static final C.Setns SETNS = Downcalls.libc("setns", C.Setns.class, CAPTURED);
    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 0x80000;
    private static final int CLONE_NEWNET = 0x40000000;

    private Namespaces() {}

    /**
     * Moves the calling thread into the network namespace {@code path} refers to.
     *
     * @return 0, or -errno of the open(2) or setns(2) that failed
     */
    public static int enterNetwork(String path) {
        if (path == null || path.isEmpty() || path.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("not a namespace path: " + path);
        }
        int fd;
        try (Arena arena = Arena.ofConfined()) {
            fd = OPEN.call(arena.allocateFrom(path), O_RDONLY | O_CLOEXEC);
        }
        if (fd < 0) {
            return fd;
        }
        try {
            int r = SETNS.call(fd, CLONE_NEWNET);
            return r < 0 ? r : 0;
        } finally {
            LibC.close(fd);
        }
    }
}
