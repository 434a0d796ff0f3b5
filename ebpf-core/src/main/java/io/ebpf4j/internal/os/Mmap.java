package io.ebpf4j.internal.os;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.ebpf4j.internal.libbpf.Downcalls;
import io.ebpf4j.internal.libbpf.Errno;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** mmap(2)/munmap(2) of kernel objects (BPF_F_MMAPABLE arrays) and the page size. */
public final class Mmap {
    public static final int PROT_READ = 1;
    public static final int PROT_WRITE = 2;
    public static final int MAP_SHARED = 1;
    private static final int SC_PAGESIZE = 30;

    private static final MethodHandle MMAP = Downcalls.libcErrno("mmap", FunctionDescriptor.of(ADDRESS,
            ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle MUNMAP = Downcalls.libcErrno("munmap",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle SYSCONF = Downcalls.libc("sysconf",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT));
    private static final long MAP_FAILED = -1L;
    private static volatile long pageSize;

    private Mmap() {}

    /**
     * Maps {@code length} bytes of {@code fd} at offset 0, shared. The result holds the raw
     * (zero-length) address segment, or the errno when mmap failed.
     */
    public static Result map(int fd, long length, int prot) {
        try {
            MemorySegment cs = Errno.captureSegment();
            MemorySegment addr = (MemorySegment) MMAP.invokeExact(cs, MemorySegment.NULL, length, prot, MAP_SHARED,
                    fd, 0L);
            if (addr.address() == MAP_FAILED) {
                return new Result(MemorySegment.NULL, Errno.read(cs));
            }
            return new Result(addr, 0);
        } catch (Throwable t) {
            throw LibC.rethrow(t);
        }
    }

    /** munmap; returns 0 or -errno. */
    public static int unmap(MemorySegment address, long length) {
        try {
            MemorySegment cs = Errno.captureSegment();
            int r = (int) MUNMAP.invokeExact(cs, address, length);
            return r < 0 ? -Errno.read(cs) : r;
        } catch (Throwable t) {
            throw LibC.rethrow(t);
        }
    }

    /** The system page size. */
    public static long pageSize() {
        long p = pageSize;
        if (p > 0) {
            return p;
        }
        try {
            p = (long) SYSCONF.invokeExact(SC_PAGESIZE);
        } catch (Throwable t) {
            throw LibC.rethrow(t);
        }
        pageSize = p > 0 ? p : 4096;
        return pageSize;
    }

    /** The outcome of {@link #map}: the address, or the errno (positive) when it failed. */
    public record Result(MemorySegment address, int errno) {
        public boolean failed() {
            return errno != 0;
        }
    }
}
