package io.ebpf4j.internal.os;

import static io.ebpf4j.internal.ffi.ErrnoMode.CAPTURED;

import io.ebpf4j.internal.ffi.CapturedErrno;
import io.ebpf4j.internal.ffi.Check;
import io.ebpf4j.internal.ffi.OpKind;
import io.ebpf4j.internal.ffi.Downcalls;
import io.ebpf4j.kernel.BpfException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** mmap(2)/munmap(2) of kernel objects into segments whose lifetime is an {@link Arena}, and the page size. */
public final class Mmap {
    public static final int PROT_READ = 1;
    public static final int PROT_WRITE = 2;
    private static final int MAP_SHARED = 1;
    private static final long MAP_FAILED = -1L;
    private static final int SC_PAGESIZE = 30;

    /** The C functions bound here (public only because bindings need public interfaces; C is private). */
    private interface C {
        /** MAP_FAILED on failure, errno set. */
        interface Map { MemorySegment call(MemorySegment addr, long length, int prot, int flags, int fd, long offset); }
        interface Munmap { int call(MemorySegment addr, long length); }
        interface Sysconf { long call(int name); }
    }

    private static final C.Map MMAP = Downcalls.libc("mmap", C.Map.class, CAPTURED);
    private static final C.Munmap MUNMAP = Downcalls.libc("munmap", C.Munmap.class, CAPTURED);
    private static final C.Sysconf SYSCONF = Downcalls.libc("sysconf", C.Sysconf.class, CAPTURED);
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
        MemorySegment addr = MMAP.call(MemorySegment.NULL, length, prot, MAP_SHARED, fd, offset);
        if (addr.address() == MAP_FAILED) {
            throw Check.error(OpKind.SYSTEM, "mapping " + what + " into memory (mmap of " + length + " bytes at offset " + offset
                    + ")", CapturedErrno.last());
        }
        return addr.reinterpret(length, arena, s -> unmap(s.address(), length));
    }

    private static void unmap(long address, long length) {
        if (MUNMAP.call(MemorySegment.ofAddress(address), length) != 0) {
            throw new IllegalStateException("munmap failed for " + length + " bytes at 0x" + Long.toHexString(address));
        }
    }

    private static long querySysconfPageSize() {
        try {
            long r = SYSCONF.call(SC_PAGESIZE);
            return r > 0 ? r : 4096;
        } catch (RuntimeException e) {
            return 4096;
        }
    }
}
