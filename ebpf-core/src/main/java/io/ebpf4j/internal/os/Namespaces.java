package io.ebpf4j.internal.os;

import io.ebpf4j.internal.ffi.Downcalls;
import io.ebpf4j.internal.ffi.CapturedErrno;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * setns(2) for network namespaces: moves the <em>calling thread</em> into the namespace a file
 * (e.g. {@code /run/netns/NAME} or {@code /proc/PID/ns/net}) refers to. Only platform threads may
 * call it meaningfully (a virtual thread would carry the namespace to whatever runs next on its
 * carrier).
 */
public final class Namespaces {
    private static final MethodHandle OPEN = Downcalls.libcErrno("open",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle SETNS = Downcalls.libcErrno("setns",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
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
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = CapturedErrno.captureSegment();
            int fd = (int) OPEN.invokeExact(cs, arena.allocateFrom(path), O_RDONLY | O_CLOEXEC);
            if (fd < 0) {
                return -CapturedErrno.read(cs);
            }
            try {
                int r = (int) SETNS.invokeExact(cs, fd, CLONE_NEWNET);
                return r < 0 ? -CapturedErrno.read(cs) : 0;
            } finally {
                LibC.close(fd);
            }
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }
}
