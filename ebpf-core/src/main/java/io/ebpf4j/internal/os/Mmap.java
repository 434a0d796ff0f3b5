package io.ebpf4j.internal.os;

import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.internal.ffi.Check;
import io.ebpf4j.internal.ffi.Downcalls;
import io.ebpf4j.internal.ffi.CapturedErrno;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/** mmap(2)/munmap(2) of kernel objects into segments whose lifetime is an {@link Arena}, and the page size. */
public final class Mmap {
    public static final int PROT_READ = 1;
    public static final int PROT_WRITE = 2;
    private static final int MAP_SHARED = 1;
    private static final long MAP_FAILED = -1L;
    private static final int SC_PAGESIZE = 30;

    private static final MethodHandle MMAP = Downcalls.libcErrno("mmap", FunctionDescriptor.of(ValueLayout.ADDRESS,
            ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
            ValueLayout.JAVA_LONG));
    private static final MethodHandle MUNMAP = Downcalls.libcErrno("munmap",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    private static final MethodHandle SYSCONF = Downcalls.libcErrno("sysconf",
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
    private static final long PAGE_SIZE = querySysconfPageSize();

    private Mmap() {}

    /** sysconf(_SC_PAGESIZE), read once. */
    public static long pageSize() {
        return PAGE_SIZE;
    }

    /**
     * Maps {@code length} bytes of {@code fd} at {@code offset}, shared, with {@code prot}
     * ({@link #PROT_READ} | {@link #PROT_WRITE}). The mapping is unmapped when {@code arena} closes.
     *
     * @throws BpfException naming {@code what} when the kernel refuses
     */
    public static MemorySegment map(int fd, long offset, long length, int prot, Arena arena, String what) {
        if (length <= 0 || offset < 0 || offset % PAGE_SIZE != 0) {
            throw new IllegalArgumentException("bad mapping of " + what + ": offset " + offset + ", length " + length);
        }
        MemorySegment addr;
        try {
            MemorySegment cs = CapturedErrno.captureSegment();
            addr = (MemorySegment) MMAP.invokeExact(cs, MemorySegment.NULL, length, prot, MAP_SHARED, fd, offset);
            if (addr.address() == MAP_FAILED) {
                throw Check.error("mapping " + what + " into memory (mmap of " + length + " bytes at offset " + offset
                        + ")", CapturedErrno.read(cs));
            }
        } catch (BpfException e) {
            throw e;
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
        return addr.reinterpret(length, arena, s -> unmap(s.address(), length));
    }

    private static void unmap(long address, long length) {
        try {
            int r = (int) MUNMAP.invokeExact(CapturedErrno.captureSegment(), MemorySegment.ofAddress(address), length);
            if (r != 0) {
                throw new IllegalStateException("munmap failed for " + length + " bytes at 0x" + Long.toHexString(address));
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    private static long querySysconfPageSize() {
        try {
            long r = (long) SYSCONF.invokeExact(CapturedErrno.captureSegment(), SC_PAGESIZE);
            return r > 0 ? r : 4096;
        } catch (Throwable t) {
            return 4096;
        }
    }
}
