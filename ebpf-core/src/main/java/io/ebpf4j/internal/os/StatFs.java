package io.ebpf4j.internal.os;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.ebpf4j.internal.ffi.Downcalls;
import io.ebpf4j.internal.ffi.CapturedErrno;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.OptionalLong;

/** statfs(2), for telling which file system a path is on (bpffs, tracefs). */
public final class StatFs {
    /** BPF_FS_MAGIC from linux/magic.h. */
    public static final long BPF_FS_MAGIC = 0xcafe4a11L;
    /** sizeof(struct statfs) is 120 on x86_64 and arm64; a little more is allocated. */
    private static final long STATFS_SIZE = 256;
    private static final MethodHandle STATFS = Downcalls.libcErrno("statfs",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));

    private StatFs() {}

    /** The f_type (file system magic) of {@code path}, or empty when statfs fails (e.g. no such path). */
    public static OptionalLong type(String path) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(STATFS_SIZE, 8);
            MemorySegment cs = CapturedErrno.captureSegment();
            int r = (int) STATFS.invokeExact(cs, arena.allocateFrom(path), buf);
            if (r < 0) {
                return OptionalLong.empty();
            }
            // f_type is the first member (__fsword_t, a long on 64-bit Linux).
            return OptionalLong.of(buf.get(JAVA_LONG, 0) & 0xFFFFFFFFL);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }
}
